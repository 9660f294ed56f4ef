//! Measurements in a child process (a fresh address space, so peak memory and processor time
//! are the measurement's own): the test binary runs one of its own tests, `test`, with `var`
//! set to `value`, kills it past `limit`, and returns what it printed after `marker`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The rest of the child's stdout line after `marker`; panics naming `what` when the child
/// takes longer than `limit` or prints no such line.
pub fn run_child(
    test: &str,
    var: &str,
    value: &str,
    limit: Duration,
    marker: &str,
    what: &str,
) -> String {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(var, value)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child");
    let started = Instant::now();
    while child.try_wait().expect("child").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} took over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        // The harness writes `test NAME ... ` before it, on the same line.
        .find_map(|l| Some(l.split_once(marker)?.1.to_owned()))
        .unwrap_or_else(|| {
            panic!(
                "{what}: the child printed no {marker:?} line\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}
