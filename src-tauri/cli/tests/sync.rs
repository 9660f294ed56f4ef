//! Two real libraries in two `roundtable sync --watch` processes sharing one real folder:
//! concurrent edits made with `roundtable apply` converge on both sides.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{fixture, roundtable, stderr, stdout};

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

/// The document as `export -f json` writes it, without the version it was read at.
fn document(library: &Path, id: &str) -> serde_json::Value {
    let mut doc: serde_json::Value =
        serde_json::from_str(&ok(roundtable(library, &["export", id, "-f", "json"])))
            .expect("json");
    doc.as_object_mut().expect("object").remove("base");
    doc
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

/// Issue 11, point 1: `apply` of a JSON export that was read before a teammate's edit
/// arrived changed that edit back, with no conflict.
#[test]
fn a_stale_json_applied_after_a_teammates_edit_keeps_the_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let folder_arg = folder.to_str().expect("path");
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
    ok(roundtable(&a, &["sync", "--folder", folder_arg]));
    ok(roundtable(&b, &["sync", "--folder", folder_arg]));

    // A exports the document; the file is edited later.
    let stale = ok(roundtable(&a, &["export", &id, "-f", "json"]));
    assert!(
        stale.contains("\"base\""),
        "the export says which version it is"
    );

    // B rewrites a turn and inserts one, and both sync.
    apply(dir.path(), &b, &id, "b.json", |d| {
        let blocks = d["blocks"].as_array_mut().expect("blocks");
        let at = blocks
            .iter()
            .position(|b| b["type"] == "turn")
            .expect("a turn");
        blocks[at]["paragraphs"][0] = "乙改写的回答".into();
        let mut inserted = blocks[at].clone();
        inserted["id"] = "b-inserted".into();
        inserted["paragraphs"] = serde_json::json!(["乙插入的一段"]);
        blocks.insert(at + 1, inserted);
    });
    ok(roundtable(&b, &["sync"]));
    ok(roundtable(&a, &["sync"]));

    // A changes only the title in its old file and applies it.
    let mut old: serde_json::Value = serde_json::from_str(&stale).expect("json");
    old["title"] = "甲改的标题".into();
    let file = dir.path().join("a.json");
    std::fs::write(&file, old.to_string()).expect("write");
    let applied = roundtable(&a, &["apply", &id, file.to_str().expect("path")]);
    assert!(applied.status.success());
    assert!(
        !String::from_utf8_lossy(&applied.stderr).contains("warning"),
        "a file with its base applies without a warning"
    );
    ok(roundtable(&a, &["sync"]));
    ok(roundtable(&b, &["sync"]));

    for library in [&a, &b] {
        let text = document(library, &id).to_string();
        assert!(text.contains("甲改的标题"), "A's title: {text}");
        assert!(text.contains("乙改写的回答"), "B's rewrite kept: {text}");
        assert!(
            text.contains("乙插入的一段"),
            "B's inserted turn kept: {text}"
        );
        let conflicts = ok(roundtable(library, &["conflicts", "--json"]));
        assert_eq!(conflicts.trim(), "[]", "different fields do not conflict");
    }
    assert_eq!(document(&a, &id), document(&b, &id));
}

/// A JSON file without `"base"` (written by another tool, or before it existed) still
/// applies, with a warning that says what it can change back.
#[test]
fn a_json_without_its_base_applies_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.sqlite");
    let id = ok(roundtable(
        &a,
        &[
            "import",
            fixture("zh_wechat_roundtable.txt").to_str().expect("path"),
        ],
    ))
    .trim()
    .to_owned();
    let mut doc = document(&a, &id);
    doc["title"] = "新标题".into();
    let file = dir.path().join("a.json");
    std::fs::write(&file, doc.to_string()).expect("write");
    let applied = roundtable(&a, &["apply", &id, file.to_str().expect("path")]);
    assert!(applied.status.success());
    assert!(String::from_utf8_lossy(&applied.stderr).contains("\"base\""));
    assert!(document(&a, &id).to_string().contains("新标题"));
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

/// Issue 11, point 6: `sync --watch` exited for good at the first failed pass. Now it
/// reports the failure, keeps going with a back-off, and syncs once the cause is gone; here
/// the cause is a `.roundtable` link in the folder (refused, point 5), then a library held
/// locked by another process.
#[cfg(unix)]
#[test]
fn sync_watch_reports_a_failed_pass_and_keeps_going() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;

    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    let outside = dir.path().join("outside");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::create_dir(&outside).expect("outside");
    let a = dir.path().join("a.sqlite");
    ok(roundtable(
        &a,
        &[
            "import",
            fixture("zh_wechat_roundtable.txt").to_str().expect("path"),
        ],
    ));
    std::os::unix::fs::symlink(&outside, folder.join(".roundtable")).expect("symlink");
    // Linking works; the pass itself fails.
    let first = roundtable(&a, &["sync", "--folder", folder.to_str().expect("path")]);
    assert!(!first.status.success());
    assert!(
        stderr(&first).contains("symbolic link"),
        "{}",
        stderr(&first)
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--library")
        .arg(&a)
        .args(["sync", "--watch", "--interval", "0.2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn watcher");
    let (tx, lines) = mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut watcher = Watcher(child);
    let wait_for = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(what) => return line,
                Ok(_) => {}
                Err(e) => panic!("no line with {what:?}: {e}"),
            }
        }
    };
    let line = wait_for("sync failed");
    assert!(line.contains("symbolic link"), "{line}");
    wait_for("sync failed"); // tried again, and still running
    assert!(
        watcher.0.try_wait().expect("status").is_none(),
        "still running"
    );

    std::fs::remove_file(folder.join(".roundtable")).expect("unlink");
    std::fs::create_dir(folder.join(".roundtable")).expect("a real folder");
    wait_for("sync works again");
    let v1 = folder.join(".roundtable/v1");
    let segments = || {
        std::fs::read_dir(&v1)
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
            .filter(|f| f.file_name().to_string_lossy().ends_with(".ops"))
            .count()
    };
    assert!(
        segments() > 0,
        "the pass after the fix wrote the library's ops"
    );
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 0);

    // The library held by another process's write transaction, and an edit to send.
    let locker = rusqlite::Connection::open(&a).expect("open");
    locker.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let b = dir.path().join("b.sqlite");
    ok(roundtable(
        &b,
        &[
            "import",
            fixture("en_qa_interview.txt").to_str().expect("path"),
        ],
    ));
    ok(roundtable(
        &b,
        &["sync", "--folder", folder.to_str().expect("path")],
    ));
    let line = wait_for("sync failed");
    assert!(line.contains("locked"), "{line}");
    assert!(
        watcher.0.try_wait().expect("status").is_none(),
        "still running"
    );
    locker.execute_batch("ROLLBACK").expect("unlock");
    wait_for("sync works again");
}
