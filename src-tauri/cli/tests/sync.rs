//! Two real libraries in two `roundtable sync --watch` processes sharing one real folder:
//! concurrent edits made with `roundtable apply` converge on both sides.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{fixture, roundtable, stdout};

fn ok(o: Output) -> String {
    stdout(&o)
}

/// Kills the watcher when the test ends, however it ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn watch(library: &Path) -> Watcher {
    Watcher(
        Command::new(env!("CARGO_BIN_EXE_roundtable"))
            .arg("--library")
            .arg(library)
            .args(["sync", "--watch", "--interval", "0.3"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn watcher"),
    )
}

fn document(library: &Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&ok(roundtable(library, &["export", id, "-f", "json"]))).expect("json")
}

/// Edits the document in `library` with `f` through `roundtable apply`.
fn apply(dir: &Path, library: &Path, id: &str, name: &str, f: impl FnOnce(&mut serde_json::Value)) {
    let mut doc = document(library, id);
    f(&mut doc);
    let file = dir.join(name);
    std::fs::write(&file, doc.to_string()).expect("write");
    ok(roundtable(
        library,
        &["apply", id, file.to_str().expect("path")],
    ));
}

#[test]
fn two_watching_processes_converge_on_concurrent_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let id = ok(roundtable(
        &a,
        &[
            "import",
            fixture("zh_wechat_roundtable.txt").to_str().expect("path"),
        ],
    ))
    .trim()
    .to_owned();
    let folder_arg = folder.to_str().expect("path");
    ok(roundtable(&a, &["sync", "--folder", folder_arg]));
    ok(roundtable(&b, &["sync", "--folder", folder_arg]));
    assert_eq!(document(&a, &id), document(&b, &id), "b got the document");

    let _wa = watch(&a);
    let _wb = watch(&b);
    apply(dir.path(), &a, &id, "a.json", |d| {
        d["title"] = "两边都改过的标题".into()
    });
    apply(dir.path(), &b, &id, "b.json", |d| {
        let turn = d["blocks"]
            .as_array_mut()
            .expect("blocks")
            .iter_mut()
            .find(|b| b["type"] == "turn")
            .expect("a turn");
        turn["paragraphs"][0] = "乙机器上的修改".into();
    });

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (da, db) = (document(&a, &id), document(&b, &id));
        let text = da.to_string();
        if da == db && text.contains("两边都改过的标题") && text.contains("乙机器上的修改")
        {
            break;
        }
        assert!(Instant::now() < deadline, "no convergence:\n{da}\n{db}");
        std::thread::sleep(Duration::from_millis(200));
    }
    let conflicts = ok(roundtable(&a, &["conflicts", "--json"]));
    assert_eq!(conflicts.trim(), "[]", "different fields do not conflict");
}

#[test]
fn sync_without_a_linked_folder_says_how_to_link_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = roundtable(&dir.path().join("lib.sqlite"), &["sync"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--folder"));
    let out = roundtable(
        &dir.path().join("lib.sqlite"),
        &[
            "sync",
            "--folder",
            dir.path().join("nope").to_str().expect("path"),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}
