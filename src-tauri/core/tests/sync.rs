//! Sync through real folders between real libraries: convergence, conflicts, nothing lost,
//! and a simulated file-sync tool that delays, reorders, duplicates, truncates and makes
//! conflict copies.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use roundtable_core::model::{Block, Document};
use roundtable_core::ops::{Conflict, ConflictKind, FieldName};
use roundtable_core::store::Library;
use roundtable_core::sync::{SyncReport, sync};
use tempfile::TempDir;

mod support;
use support::{action, fixture_doc, paragraphs_mut, perform, turns};

struct Device {
    lib: Library,
    folder: PathBuf,
}

impl Device {
    fn sync(&mut self) -> SyncReport {
        sync(&mut self.lib, &self.folder).expect("sync")
    }

    fn doc(&self, id: uuid::Uuid) -> Document {
        self.lib.document(id).expect("document")
    }

    fn edit(&mut self, id: uuid::Uuid, f: impl FnOnce(&mut Document)) {
        let mut d = self.doc(id);
        f(&mut d);
        self.lib.save(&d, "edit").expect("save");
    }
}

/// `n` libraries sharing one real folder.
fn team(n: usize) -> (TempDir, Vec<Device>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let devices = (0..n)
        .map(|i| Device {
            lib: Library::open(&dir.path().join(format!("lib{i}.sqlite"))).expect("open"),
            folder: folder.clone(),
        })
        .collect();
    (dir, devices)
}

fn all_sync(devices: &mut [Device]) {
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.sync();
        }
    }
}

fn started(n: usize) -> (TempDir, Vec<Device>, Document) {
    let (dir, mut devices) = team(n);
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    devices[0].lib.create_document(&doc).expect("import");
    all_sync(&mut devices);
    for d in &devices {
        assert_eq!(d.doc(doc.id), doc);
    }
    (dir, devices, doc)
}

#[test]
fn concurrent_edits_converge_and_a_same_field_edit_is_a_conflict_until_resolved() {
    let (_dir, mut devices, doc) = started(2);
    let t = turns(&doc);
    devices[0].edit(doc.id, |d| d.title = "甲的标题".into());
    devices[1].edit(doc.id, |d| {
        d.title = "乙的标题".into();
        paragraphs_mut(&mut d.blocks[t[1]])[0] = "乙改的回答".into();
    });
    all_sync(&mut devices);
    let (a, b) = (devices[0].doc(doc.id), devices[1].doc(doc.id));
    assert_eq!(a, b, "replicas converge");
    assert_eq!(paragraphs_mut(&mut a.blocks[t[1]].clone())[0], "乙改的回答");
    let conflicts = devices[0].lib.conflicts(doc.id).expect("conflicts");
    let theirs = devices[1].lib.conflicts(doc.id).expect("conflicts");
    assert_eq!(unmine(conflicts.clone()), unmine(theirs.clone()));
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    // Each device sees its own value as "mine" and the other's as not.
    let mine = |c: &[Conflict]| -> Vec<String> {
        c[0].values
            .iter()
            .filter(|v| v.mine)
            .map(|v| v.value.to_string())
            .collect()
    };
    assert_eq!(mine(&conflicts), ["\"甲的标题\""]);
    // Each value carries what it changed in the common version, word by word.
    for v in &conflicts[0].values {
        let added: String = v
            .diff
            .as_ref()
            .expect("a title is text")
            .iter()
            .filter(|p| p.kind == roundtable_core::ops::text_merge::DiffKind::Added)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(Some(added.as_str()), v.value.as_str(), "{v:?}");
    }
    assert_eq!(mine(&theirs), ["\"乙的标题\""]);
    assert_eq!(conflicts[0].field, "title");
    assert_eq!(
        conflicts[0].name,
        FieldName::Title,
        "a typed name for the UI"
    );
    let shown: Vec<String> = conflicts[0]
        .values
        .iter()
        .map(|v| v.value.as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(shown[0], a.title, "the first value is the one shown");
    assert_eq!(
        shown.iter().collect::<BTreeSet<_>>(),
        ["乙的标题", "甲的标题"]
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>()
            .iter()
            .collect()
    );

    // Resolving on one device ends the conflict everywhere.
    let keep = conflicts[0]
        .values
        .iter()
        .find(|v| v.value == "甲的标题")
        .expect("value")
        .op
        .clone();
    devices[1]
        .lib
        .resolve_conflict(doc.id, "title", &keep)
        .expect("resolve");
    all_sync(&mut devices);
    for d in &devices {
        assert!(d.lib.conflicts(doc.id).expect("conflicts").is_empty());
        assert_eq!(d.doc(doc.id).title, "甲的标题");
    }
}

#[test]
fn an_edit_concurrent_with_a_delete_is_a_conflict_not_a_loss() {
    let (_dir, mut devices, doc) = started(2);
    let i = turns(&doc)[2];
    let block = doc.blocks[i].id().to_owned();
    devices[0].edit(doc.id, |d| {
        d.blocks.remove(i);
    });
    devices[1].edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[i])[0] = "删不掉的话".into()
    });
    all_sync(&mut devices);
    assert_eq!(devices[0].doc(doc.id), devices[1].doc(doc.id));
    let conflicts = devices[0].lib.conflicts(doc.id).expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, ConflictKind::EditedWhileDeleted);
    assert_eq!(conflicts[0].block.as_deref(), Some(block.as_str()));
    assert_eq!(conflicts[0].name, FieldName::Block);
    assert!(
        conflicts[0].values[1]
            .value
            .to_string()
            .contains("删不掉的话"),
        "the edit is kept and shown: {:?}",
        conflicts[0].values
    );
    // Keeping the edit brings the block back with it.
    let edit = conflicts[0].values[1].op.clone();
    devices[0]
        .lib
        .resolve_conflict(doc.id, &conflicts[0].field, &edit)
        .expect("resolve");
    all_sync(&mut devices);
    for d in &devices {
        let now = d.doc(doc.id);
        let restored = now
            .blocks
            .iter()
            .find(|b| b.id() == block)
            .expect("block is back");
        assert!(
            matches!(restored, Block::Turn { paragraphs, .. } if paragraphs[0] == "删不掉的话")
        );
        assert!(d.lib.conflicts(doc.id).expect("conflicts").is_empty());
    }
}

#[test]
fn tags_are_add_wins() {
    let (_dir, mut devices, doc) = started(2);
    let i = turns(&doc)[0];
    let tag = |d: &mut Document, on: bool| {
        if let Block::Turn { topics, .. } = &mut d.blocks[i] {
            if on {
                topics.push("收入".into());
            } else {
                topics.retain(|t| t != "收入");
            }
        }
    };
    devices[0].edit(doc.id, |d| tag(d, true));
    devices[0].edit(doc.id, |d| tag(d, false));
    devices[1].edit(doc.id, |d| tag(d, true));
    all_sync(&mut devices);
    for d in &devices {
        assert!(
            matches!(&d.doc(doc.id).blocks[i], Block::Turn { topics, .. } if topics == &["收入"]),
            "a removal only takes away the adds it saw"
        );
    }
}

#[test]
fn lost_own_segments_are_written_again_and_incomplete_files_wait() {
    let (_dir, mut devices, doc) = started(2);
    let seg_dir = devices[0]
        .folder
        .join(".roundtable/v1")
        .join(devices[0].lib.device());
    // Someone deletes this device's segments from the shared folder.
    for f in std::fs::read_dir(&seg_dir).expect("dir").flatten() {
        if f.file_name() != "device.json" {
            std::fs::remove_file(f.path()).expect("rm");
        }
    }
    let report = devices[0].sync();
    assert!(report.segments_written >= 1, "{report:?}");
    let fresh = tempfile::tempdir().expect("tempdir");
    let mut late = Library::open(&fresh.path().join("late.sqlite")).expect("open");
    sync(&mut late, &devices[0].folder).expect("sync");
    assert_eq!(
        late.document(doc.id).expect("doc"),
        doc,
        "a new teammate gets everything"
    );

    // A file still being copied is not an error: it is pending and read once complete.
    devices[1].edit(doc.id, |d| d.title = "后来的标题".into());
    devices[1].sync();
    let dev1 = devices[1]
        .folder
        .join(".roundtable/v1")
        .join(devices[1].lib.device());
    let newest = newest_segment(&dev1);
    let full = std::fs::read(&newest).expect("read");
    std::fs::write(&newest, &full[..full.len() / 2]).expect("truncate");
    let report = devices[0].sync();
    assert_eq!(report.pending.len(), 1, "{report:?}");
    assert_eq!(devices[0].doc(doc.id).title, doc.title);
    std::fs::write(&newest, &full).expect("complete");
    devices[0].sync();
    assert_eq!(devices[0].doc(doc.id).title, "后来的标题");
}

/// Issue 11, point 4: a document received only partly (the sync tool has copied a later
/// segment of a teammate but not an earlier one) opened and exported as if whole.
#[test]
fn a_document_received_only_partly_is_marked_incomplete_until_the_rest_arrives() {
    let (dir, mut devices, doc) = started(2);
    devices[1].edit(doc.id, |d| d.title = "乙的标题".into());
    devices[1].sync();
    let dev1 = devices[1]
        .folder
        .join(".roundtable/v1")
        .join(devices[1].lib.device());
    let earlier = newest_segment(&dev1);
    devices[1].edit(doc.id, |d| {
        let t = turns(d)[0];
        paragraphs_mut(&mut d.blocks[t])[0] = "乙后来改的话".into();
    });
    devices[1].sync();
    assert_eq!(devices[0].lib.missing_ops(doc.id).expect("missing"), 0);

    // The earlier segment has not arrived yet.
    let parked = dir.path().join("parked.ops");
    std::fs::rename(&earlier, &parked).expect("park");
    devices[0].sync();
    let text = devices[0].doc(doc.id).to_json();
    assert!(text.contains("乙后来改的话"), "the later edit arrived");
    assert!(!text.contains("乙的标题"), "the earlier one did not");
    assert_eq!(devices[0].lib.missing_ops(doc.id).expect("missing"), 1);
    let listed = devices[0].lib.list().expect("list");
    assert_eq!(listed[0].missing_ops, 1, "the list marks it");
    assert_eq!(
        devices[0].lib.view(doc.id).expect("view").missing_ops,
        1,
        "the editor marks it"
    );

    std::fs::rename(&parked, &earlier).expect("arrive");
    devices[0].sync();
    assert_eq!(devices[0].doc(doc.id), devices[1].doc(doc.id));
    assert_eq!(devices[0].lib.missing_ops(doc.id).expect("missing"), 0);
    assert_eq!(devices[0].lib.list().expect("list")[0].missing_ops, 0);
}

fn newest_segment(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ops"))
        .collect();
    files.sort();
    files.pop().expect("a segment")
}

#[test]
fn conflict_copies_are_read_and_unsafe_entries_skipped() {
    let (dir, mut devices, doc) = started(2);
    devices[1].edit(doc.id, |d| d.title = "冲突副本里的标题".into());
    devices[1].sync();
    let dev1 = devices[1]
        .folder
        .join(".roundtable/v1")
        .join(devices[1].lib.device());
    let newest = newest_segment(&dev1);
    // The sync tool kept only a conflict copy of the newest file.
    let name = newest
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let copy = dev1.join(name.replace(".ops", ".sync-conflict-20250101-120000-ABCDEFG.ops"));
    std::fs::rename(&newest, &copy).expect("rename");
    // Things no Roundtable wrote: a link out of the folder, junk names.
    let outside = dir.path().join("secret.ops");
    std::fs::write(&outside, b"not yours").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, dev1.join("link.ops")).expect("symlink");
        std::os::unix::fs::symlink(dir.path(), devices[0].folder.join(".roundtable/v1/abcd"))
            .expect("symlink");
    }
    std::fs::create_dir_all(devices[0].folder.join(".roundtable/v1/..hidden")).expect("dir");
    std::fs::write(devices[0].folder.join(".roundtable/v1/NOT A DEVICE"), b"x").expect("write");
    let report = devices[0].sync();
    assert_eq!(devices[0].doc(doc.id).title, "冲突副本里的标题");
    assert!(report.pending.is_empty(), "{report:?}");
    assert!(
        report.warnings.iter().any(|w| w.contains("NOT A DEVICE")),
        "{report:?}"
    );
    assert_eq!(std::fs::read(&outside).expect("read"), b"not yours");
}

/// Every file under `dir`, recursively (links not followed).
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let meta = std::fs::symlink_metadata(entry.path()).expect("meta");
        if meta.is_dir() {
            out.extend(all_files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

/// A library with a document and an image not yet synced, a link at `component` (inside
/// the shared folder) to a folder outside it: sync must refuse, name the link, and write
/// nothing outside; once the link is replaced by a real folder, sync works.
#[cfg(unix)]
fn a_link_in_the_layout_is_refused(component: impl Fn(&Library) -> String) {
    use roundtable_core::sync::{SyncError, UnsafeFolder};
    let (dir, mut devices) = team(1);
    let d = &mut devices[0];
    d.lib
        .create_document(&fixture_doc("zh_wechat_roundtable.txt"))
        .expect("import");
    d.lib
        .put_asset(b"\x89PNG\r\n\x1a\nnot really a picture")
        .expect("asset");
    let component = component(&d.lib);
    let link = d.folder.join(&component);
    std::fs::create_dir_all(link.parent().expect("parent")).expect("parents");
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).expect("outside");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");

    let err = sync(&mut d.lib, &d.folder).expect_err("a link in the layout is refused");
    match &err {
        SyncError::Unsafe(UnsafeFolder::Link(p)) => assert_eq!(p, &link),
        other => panic!("{component}: {other:?}"),
    }
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(all_files(&outside), Vec::<PathBuf>::new(), "{component}");

    std::fs::remove_file(&link).expect("unlink");
    std::fs::create_dir(&link).expect("a real folder");
    let report = d.sync();
    assert!(
        report.ops_sent > 0 && report.assets_copied == 1,
        "{report:?}"
    );
    assert_eq!(all_files(&outside), Vec::<PathBuf>::new(), "{component}");
}

#[cfg(unix)]
#[test]
fn a_linked_roundtable_folder_is_refused_not_followed() {
    a_link_in_the_layout_is_refused(|_| ".roundtable".into());
}

#[cfg(unix)]
#[test]
fn a_linked_v1_folder_is_refused_not_followed() {
    a_link_in_the_layout_is_refused(|_| ".roundtable/v1".into());
}

#[cfg(unix)]
#[test]
fn a_linked_own_device_folder_is_refused_not_followed() {
    a_link_in_the_layout_is_refused(|lib| format!(".roundtable/v1/{}", lib.device()));
}

#[cfg(unix)]
#[test]
fn a_linked_assets_folder_is_refused_not_followed() {
    a_link_in_the_layout_is_refused(|_| "assets".into());
}

/// A link planted under the name of the temporary file sync is about to write, or under a
/// segment's final name, is never written through.
#[cfg(unix)]
#[test]
fn links_planted_under_file_names_are_replaced_not_followed() {
    let (dir, mut devices) = team(1);
    let d = &mut devices[0];
    d.lib
        .create_document(&fixture_doc("zh_wechat_roundtable.txt"))
        .expect("import");
    let own = d.folder.join(".roundtable/v1").join(d.lib.device());
    std::fs::create_dir_all(&own).expect("own folder");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"untouched").expect("victim");
    let last = d.lib.counter().expect("counter");
    let name = format!("{:012}-{last:012}.ops", 1);
    std::os::unix::fs::symlink(&victim, own.join(&name)).expect("symlink");
    let tmp = format!(".device.json.{}.{}.tmp", d.lib.device(), std::process::id());
    std::os::unix::fs::symlink(&victim, own.join(tmp)).expect("symlink");
    let report = d.sync();
    assert!(report.ops_sent > 0, "{report:?}");
    assert_eq!(std::fs::read(&victim).expect("victim"), b"untouched");
    assert!(
        std::fs::symlink_metadata(own.join(&name))
            .expect("segment")
            .is_file()
    );
}

fn touch(path: &Path, age: std::time::Duration) {
    std::fs::write(path, b"half a segment").expect("write");
    let when = std::time::SystemTime::now() - age;
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

#[test]
fn stale_temporaries_of_killed_syncs_are_removed_only_the_devices_own() {
    let (_dir, mut devices, _doc) = started(2);
    let hours = |h: u64| std::time::Duration::from_secs(h * 3600);
    let v1 = devices[0].folder.join(".roundtable/v1");
    let (me, peer) = (
        devices[0].lib.device().to_owned(),
        devices[1].lib.device().to_owned(),
    );
    let assets = devices[0].folder.join("assets");
    std::fs::create_dir_all(&assets).expect("assets");
    let hash = "ab".repeat(32);
    // What kill -9 between write and rename leaves, this device's and a peer's.
    let mine_stale = v1.join(&me).join(".000000000001-000000000240.ops.4242.tmp");
    let mine_fresh = v1.join(&me).join(".000000000241-000000000250.ops.4243.tmp");
    let peers = v1
        .join(&peer)
        .join(".000000000001-000000000240.ops.4242.tmp");
    let my_asset = assets.join(format!(".{hash}.png.{me}.4242.tmp"));
    let peer_asset = assets.join(format!(".{hash}.png.{peer}.4242.tmp"));
    let unknown_asset = assets.join(format!(".{hash}.png.4242.tmp"));
    touch(&mine_stale, hours(2));
    touch(&mine_fresh, std::time::Duration::from_secs(60));
    touch(&peers, hours(2));
    touch(&my_asset, hours(2));
    touch(&peer_asset, hours(2));
    touch(&unknown_asset, hours(2));

    let report = devices[0].sync();
    assert!(report.pending.is_empty(), "{report:?}");
    assert!(!mine_stale.exists(), "own stale temporary removed");
    assert!(!my_asset.exists(), "own stale image temporary removed");
    for kept in [&mine_fresh, &peers, &peer_asset, &unknown_asset] {
        assert!(kept.exists(), "{} kept", kept.display());
    }
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn a_junk_file_in_the_folder_is_not_read_whole_and_is_remembered_as_junk() {
    let (_dir, mut devices, doc) = started(2);
    let peer = devices[1]
        .folder
        .join(".roundtable/v1")
        .join(devices[1].lib.device());
    // 500 MB with a segment's name (sparse: no disk used), and a small file that is not one.
    let big = peer.join("holiday video.ops");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(500 * 1024 * 1024))
        .expect("junk");
    let small = peer.join("notes.ops");
    std::fs::write(&small, b"{\"not\": \"a header\"}\nhello\n").expect("junk");
    devices[1].edit(doc.id, |d| d.title = "垃圾文件旁边的标题".into());
    devices[1].sync();

    let before = peak_rss_mb();
    let report = devices[0].sync();
    let after = peak_rss_mb();
    assert_eq!(devices[0].doc(doc.id).title, "垃圾文件旁边的标题");
    for name in ["holiday video.ops", "notes.ops"] {
        assert_eq!(
            report.warnings.iter().filter(|w| w.contains(name)).count(),
            1,
            "{report:?}"
        );
    }
    assert!(report.pending.is_empty(), "{report:?}");
    if let (Some(before), Some(after)) = (before, after) {
        assert!(after < before + 200, "peak RSS {before} MB → {after} MB");
    }

    // Remembered: the next passes neither read nor mention them.
    for _ in 0..2 {
        let report = devices[0].sync();
        assert!(report.warnings.is_empty(), "{report:?}");
        assert_eq!(report.segments_read, 0, "{report:?}");
    }
    // Until one changes.
    std::fs::write(&small, b"{\"still\": \"not a header\"}\n").expect("change");
    let report = devices[0].sync();
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    assert!(report.warnings[0].contains("notes.ops"), "{report:?}");
}

/// The app's library sits behind a lock: sync through `sync_with` on the lock gives the same
/// result, and another thread can use the library between its steps.
#[test]
fn sync_through_the_library_lock_converges_like_sync() {
    use roundtable_core::sync::sync_with;
    use std::sync::Mutex;
    let (_dir, mut devices, doc) = started(2);
    devices[1].edit(doc.id, |d| d.title = "锁外读取".into());
    devices[1].sync();
    let folder = devices[0].folder.clone();
    let lock = Mutex::new(std::mem::replace(
        &mut devices[0].lib,
        Library::open(&folder.join("../spare.sqlite")).expect("spare"),
    ));
    let report = sync_with(&mut &lock, &folder).expect("sync");
    assert!(report.ops_received > 0, "{report:?}");
    let lib = lock.into_inner().expect("lock");
    assert_eq!(lib.document(doc.id).expect("doc").title, "锁外读取");
}

#[test]
fn a_copied_library_is_rekeyed_and_both_copies_edits_are_kept() {
    let (dir, mut devices, doc) = started(1);
    // Someone copies the library file to a second machine: same device id.
    drop(devices.pop());
    let a_path = dir.path().join("lib0.sqlite");
    let c_path = dir.path().join("clone.sqlite");
    // Closing the last connection checkpoints the WAL, so the file alone is the library.
    std::fs::copy(&a_path, &c_path).expect("copy");
    let folder = dir.path().join("shared");
    let mut a = Device {
        lib: Library::open(&a_path).expect("open"),
        folder: folder.clone(),
    };
    let mut c = Device {
        lib: Library::open(&c_path).expect("open"),
        folder,
    };
    assert_ne!(
        a.lib.device(),
        c.lib.device(),
        "the copy noticed it is a copy when opened"
    );
    let t = turns(&doc);
    a.edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[t[0]])[0] = "原件的修改".into()
    });
    c.edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[t[1]])[0] = "副本的修改".into()
    });
    for _ in 0..3 {
        a.sync();
        c.sync();
    }
    assert_ne!(a.lib.device(), c.lib.device(), "at least one took a new id");
    let (da, dc) = (a.doc(doc.id), c.doc(doc.id));
    assert_eq!(da, dc);
    let text = serde_json::to_string(&da).expect("json");
    assert!(
        text.contains("原件的修改") && text.contains("副本的修改"),
        "both edits kept"
    );
}

/// The ops of `lib` by id.
fn op_ids(lib: &Library) -> BTreeSet<(String, u64)> {
    lib.all_ops()
        .expect("ops")
        .into_iter()
        .map(|o| (o.id.device, o.id.counter))
        .collect()
}

/// Issue 11.1: A exported a document, B then rewrote a turn and inserted one, and A, after
/// syncing, saved its old copy with only the title changed. The save reverted B's edits
/// and listed B's ops as superseded, so no conflict showed.
#[test]
fn a_stale_save_never_reverts_a_teammates_edit() {
    let (_dir, mut devices, doc) = started(2);
    let t = turns(&doc);
    // A reads the document (the editor, or `export -f json`).
    let copy = devices[0].lib.view(doc.id).expect("view");
    // B rewrites turn 3 and inserts a turn after it.
    devices[1].edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[t[3]])[0] = "乙重写的第三段".into();
        let mut extra = d.blocks[t[3]].clone();
        extra.set_id("b-inserted".into());
        *paragraphs_mut(&mut extra) = vec!["乙插入的一段".into()];
        d.blocks.insert(t[3] + 1, extra);
    });
    all_sync(&mut devices);
    // A changes only the title of its old copy.
    let mut stale = copy.document.clone();
    stale.title = "甲改的标题".into();
    let outcome = devices[0]
        .lib
        .save_from(&stale, "edit", &copy.base)
        .expect("save");
    assert!(
        outcome.merged,
        "the stored document has B's edits A's copy lacks"
    );
    all_sync(&mut devices);
    for d in &devices {
        let now = d.doc(doc.id);
        assert_eq!(now.title, "甲改的标题");
        let text = serde_json::to_string(&now).expect("json");
        assert!(text.contains("乙重写的第三段"), "B's rewrite kept");
        assert!(text.contains("乙插入的一段"), "B's inserted turn kept");
        assert!(d.lib.conflicts(doc.id).expect("conflicts").is_empty());
    }
    // Saving the same stale copy again (the editor had not reloaded) still keeps B's edits:
    // the copy's version now includes A's own saved batch.
    stale.subtitle = Some("甲加的副标题".into());
    let again = devices[0]
        .lib
        .save_from(&stale, "edit", &outcome.base)
        .expect("save");
    assert!(again.merged);
    let now = devices[0].doc(doc.id);
    assert_eq!(now.subtitle.as_deref(), Some("甲加的副标题"));
    assert!(
        serde_json::to_string(&now)
            .expect("json")
            .contains("乙插入的一段")
    );
    // After the editor reloads, saves are relative to the new version and merge nothing.
    let fresh = devices[0].lib.view(doc.id).expect("view");
    let mut next = fresh.document.clone();
    next.title = "甲又改的标题".into();
    let outcome = devices[0]
        .lib
        .save_from(&next, "edit", &fresh.base)
        .expect("save");
    assert!(!outcome.merged);
    assert_eq!(outcome.base, devices[0].lib.base(doc.id).expect("base"));
}

/// Issue 11.1, the same field: A's stale copy and B both changed turn 3's first paragraph
/// in the same words. That is a conflict both devices show, never a silent overwrite.
#[test]
fn a_stale_save_of_a_field_a_teammate_changed_is_a_conflict() {
    let (_dir, mut devices, doc) = started(2);
    let t = turns(&doc);
    let copy = devices[0].lib.view(doc.id).expect("view");
    devices[1].edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[t[3]])[0] = "乙的版本".into()
    });
    all_sync(&mut devices);
    let mut stale = copy.document.clone();
    paragraphs_mut(&mut stale.blocks[t[3]])[0] = "甲的版本".into();
    devices[0]
        .lib
        .save_from(&stale, "edit", &copy.base)
        .expect("save");
    all_sync(&mut devices);
    for d in &devices {
        let conflicts = d.lib.conflicts(doc.id).expect("conflicts");
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert!(
            conflicts[0].base.is_some(),
            "the common version is there to diff against"
        );
        let values: BTreeSet<String> = conflicts[0]
            .values
            .iter()
            .map(|v| v.value.to_string())
            .collect();
        assert!(values.iter().any(|v| v.contains("甲的版本")));
        assert!(values.iter().any(|v| v.contains("乙的版本")));
    }
}

/// Issue 11.3: A added a word at the start of a turn, B at its end. Both devices showed only
/// B's, and `conflicts` listed two whole values.
#[test]
fn concurrent_edits_of_one_turn_merge_when_they_touch_different_words() {
    let (_dir, mut devices, doc) = started(2);
    let t = turns(&doc);
    let original = paragraphs_mut(&mut doc.blocks[t[2]].clone())[0].clone();
    devices[0].edit(doc.id, |d| {
        let p = &mut paragraphs_mut(&mut d.blocks[t[2]])[0];
        *p = format!("开头加的话,{p}");
    });
    devices[1].edit(doc.id, |d| {
        let p = &mut paragraphs_mut(&mut d.blocks[t[2]])[0];
        *p = format!("{p}结尾加的话。");
    });
    all_sync(&mut devices);
    for d in &devices {
        let now = d.doc(doc.id);
        assert_eq!(
            paragraphs_mut(&mut now.blocks[t[2]].clone())[0],
            format!("开头加的话,{original}结尾加的话。")
        );
        assert!(d.lib.conflicts(doc.id).expect("conflicts").is_empty());
    }
    // The next edit builds on the merged text.
    devices[1].edit(doc.id, |d| {
        paragraphs_mut(&mut d.blocks[t[2]]).push("新的一段".into())
    });
    all_sync(&mut devices);
    assert_eq!(devices[0].doc(doc.id), devices[1].doc(doc.id));
    assert_eq!(
        paragraphs_mut(&mut devices[0].doc(doc.id).blocks[t[2]]).len(),
        paragraphs_mut(&mut doc.blocks[t[2]].clone()).len() + 1
    );
}

/// Issue 11.2: ops written into a device's folder at that device's next counters (by a
/// copy of its library, or forged) made its later edits print "0 ops", never sync, and
/// vanish. Now the device notices, moves to a new id, and keeps every op.
#[test]
fn ops_forged_at_a_devices_next_counters_never_swallow_its_edits() {
    use roundtable_core::ops::{Op, OpId, OpKind};
    use roundtable_core::sync::segment;
    let (_dir, mut devices, doc) = started(2);
    let victim = devices[0].lib.device().to_owned();
    let next = devices[0].lib.counter().expect("counter") + 1;
    let template = devices[0].lib.ops(doc.id).expect("ops").pop().expect("op");
    let forged: Vec<Op> = (0..3)
        .map(|i| Op {
            id: OpId {
                device: victim.clone(),
                counter: next + i,
            },
            hlc: template.hlc,
            doc: doc.id,
            batch: 9_999,
            pred: Vec::new(),
            after: None,
            kind: OpKind::AddTopic {
                topic: format!("伪造{i}"),
            },
        })
        .collect();
    let dir = devices[1].folder.join(".roundtable/v1").join(&victim);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join(segment::file_name(next, next + 2)),
        segment::encode(&victim, &forged),
    )
    .expect("write");
    devices[0].sync();
    assert_ne!(devices[0].lib.device(), victim, "took a new id");
    let before = op_ids(&devices[0].lib);
    devices[0].edit(doc.id, |d| d.title = "伪造之后的标题".into());
    let after = op_ids(&devices[0].lib);
    assert!(after.len() > before.len(), "the edit made ops");
    all_sync(&mut devices);
    for d in &devices {
        assert_eq!(d.doc(doc.id).title, "伪造之后的标题");
        assert!(
            d.doc(doc.id).topics.contains(&"伪造0".to_owned()),
            "forged ops kept"
        );
    }
    assert_eq!(op_ids(&devices[0].lib), op_ids(&devices[1].lib));
}

/// Issue 11.2, the counter itself: ops already in the log under this device's id (received
/// before the library noticed) are never overwritten or skipped by its next ops.
#[test]
fn the_next_counter_is_past_every_op_of_the_device_in_the_log() {
    use roundtable_core::ops::{Op, OpId, OpKind};
    let (_dir, mut devices, doc) = started(1);
    let me = devices[0].lib.device().to_owned();
    let counter = devices[0].lib.counter().expect("counter");
    let template = devices[0].lib.ops(doc.id).expect("ops").pop().expect("op");
    let received = Op {
        id: OpId {
            device: me.clone(),
            counter: counter + 5,
        },
        hlc: template.hlc,
        doc: doc.id,
        batch: 9_999,
        pred: Vec::new(),
        after: None,
        kind: OpKind::AddTopic {
            topic: "收到的".into(),
        },
    };
    devices[0].lib.ingest(&[received]).expect("ingest");
    assert_eq!(devices[0].lib.counter().expect("counter"), counter + 5);
    devices[0].edit(doc.id, |d| d.title = "之后的标题".into());
    let ops = devices[0].lib.ops(doc.id).expect("ops");
    let mine: Vec<u64> = ops
        .iter()
        .filter(|o| o.id.device == me && o.id.counter > counter + 5)
        .map(|o| o.id.counter)
        .collect();
    assert!(
        !mine.is_empty(),
        "the edit's ops come after the received one"
    );
    assert_eq!(devices[0].doc(doc.id).title, "之后的标题");
}

/// A deterministic random source for the simulated sync tool.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Every file under `root`, as paths relative to it.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

/// Copies the simulated tool left half-arrived, by full path, with the bytes it wrote there.
type Arriving = HashMap<PathBuf, Vec<u8>>;

/// One pass of a misbehaving file-sync tool from folder `from` to folder `to`, for the files
/// written by the devices in `authors` (a tool propagates the author's version of a file,
/// never a half-arrived copy of it: one it left truncated, listed in `arriving`, is not sent
/// on from there, even when two libraries write as one device, until it is complete).
fn replicate(
    rng: &mut Rng,
    arriving: &mut Arriving,
    from: &Path,
    to: &Path,
    perfect: bool,
    authors: &[String],
) {
    let mut todo: Vec<PathBuf> = files(from)
        .into_iter()
        .filter(|p| {
            authors
                .iter()
                .any(|a| p.starts_with(Path::new(".roundtable/v1").join(a)))
        })
        .collect();
    // Reorder.
    for i in (1..todo.len()).rev() {
        todo.swap(i, rng.below(i as u64 + 1) as usize);
    }
    for rel in todo {
        if rel
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let src = std::fs::read(from.join(&rel)).expect("read");
        if arriving
            .get(&from.join(&rel))
            .is_some_and(|part| *part == src)
        {
            continue;
        }
        let dst = to.join(&rel);
        if std::fs::read(&dst).is_ok_and(|d| d == src) {
            continue;
        }
        std::fs::create_dir_all(dst.parent().expect("parent")).expect("mkdir");
        // Copies a tool made are themselves synced, but not copied again.
        let original = rel.extension().is_some_and(|e| e == "ops");
        let choice = if perfect {
            0
        } else if original {
            rng.below(6)
        } else {
            rng.below(3)
        };
        match choice {
            // Delayed (or dropped now, delivered on a later pass).
            1 => {}
            // Arrives truncated; a later pass completes it.
            2 => {
                let part = &src[..src.len() / 2];
                std::fs::write(&dst, part).expect("write");
                arriving.insert(dst, part.to_vec());
            }
            // Arrives as a conflict copy only.
            3 => {
                let name = rel
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let copy = dst.with_file_name(format!("{name}.sync-conflict-20260101-000000-XYZ"));
                std::fs::write(copy, &src).expect("write");
            }
            // Arrives, plus a duplicate `(1)` copy.
            4 => {
                std::fs::write(&dst, &src).expect("write");
                let name = rel
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                std::fs::write(dst.with_file_name(format!("{name} (1)")), &src).expect("write");
            }
            _ => std::fs::write(&dst, &src).expect("write"),
        }
    }
}

/// One pass of the tool between every pair of devices.
fn replicate_all(rng: &mut Rng, arriving: &mut Arriving, devices: &[Device], perfect: bool) {
    for (i, from) in devices.iter().enumerate() {
        let authors = from.lib.own_devices().expect("own");
        for (j, to) in devices.iter().enumerate() {
            if i != j {
                replicate(rng, arriving, &from.folder, &to.folder, perfect, &authors);
            }
        }
    }
}

/// The simulated tool itself: a copy it left half-arrived in one folder is never sent on from
/// there, even when two libraries write as one device (a copied library) and so both count
/// as its authors. It once carried such a copy back over the only whole one, a forged
/// segment no library had read yet, and that op could then never reach the other replicas.
#[test]
fn a_half_arrived_copy_is_not_sent_back_over_the_whole_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let device = "0123456789abcdef0123456789abcdef".to_owned();
    let rel = Path::new(".roundtable/v1")
        .join(&device)
        .join("000000000027-000000000027.ops");
    let whole = vec![b'x'; 400];
    std::fs::create_dir_all(a.join(&rel).parent().expect("parent")).expect("mkdir");
    std::fs::write(a.join(&rel), &whole).expect("write");
    let authors = [device];
    // A pass that leaves the copy in `b` half-arrived.
    let mut arriving = Arriving::new();
    let mut rng = (1..1000)
        .map(Rng)
        .find_map(|mut rng| {
            let _ = std::fs::remove_dir_all(&b);
            arriving.clear();
            replicate(&mut rng, &mut arriving, &a, &b, false, &authors);
            std::fs::read(b.join(&rel))
                .is_ok_and(|got| got.len() < whole.len())
                .then_some(rng)
        })
        .expect("a seed that truncates");
    for _ in 0..20 {
        replicate(&mut rng, &mut arriving, &b, &a, false, &authors);
        assert_eq!(std::fs::read(a.join(&rel)).expect("read"), whole);
    }
    replicate(&mut rng, &mut arriving, &a, &b, true, &authors);
    assert_eq!(std::fs::read(b.join(&rel)).expect("read"), whole);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// 2–5 devices edit the same document offline in rounds while a faulty sync tool moves
    /// files between their folders. Each edits through an editor copy that is often stale
    /// (read before the last sync, saved relative to the version it was read at), words are
    /// typed into the same turns concurrently, one library may be a file copy of another, and
    /// ops may be forged at a device's next counters. Once every file has arrived, every
    /// replica shows the same document and the same conflicts, every op ever made is in every
    /// replica's log (so each is visible, merged, in a shown conflict, or in history), no
    /// save superseded an op its copy had not seen, and no save was silently dropped.
    #[test]
    fn replicas_converge_through_a_faulty_sync_tool(
        n in 2usize..=5,
        seed in 1u64..u64::MAX,
        copied in any::<bool>(),
        forge in any::<bool>(),
        rounds in proptest::collection::vec(proptest::collection::vec((0usize..5, action()), 2..8), 2..5),
    ) {
        use roundtable_core::store::Base;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = |i: usize| dir.path().join(format!("lib{i}.sqlite"));
        let folder = |i: usize| dir.path().join(format!("folder{i}"));
        let doc = fixture_doc("zh_wechat_roundtable.txt");
        {
            let mut first = Library::open(&path(0)).expect("open");
            first.create_document(&doc).expect("import");
        }
        if copied {
            // The last device's library is a file copy of the first's.
            std::fs::copy(path(0), path(n - 1)).expect("copy");
        }
        let mut devices: Vec<Device> = (0..n)
            .map(|i| {
                std::fs::create_dir(folder(i)).expect("folder");
                Device {
                    lib: Library::open(&path(i)).expect("open"),
                    folder: folder(i),
                }
            })
            .collect();
        let mut rng = Rng(seed);
        let mut arriving = Arriving::new();
        devices[0].sync();
        for j in 1..n {
            let authors = devices[0].lib.own_devices().expect("own");
            replicate(&mut rng, &mut arriving, &devices[0].folder.clone(), &devices[j].folder.clone(), true, &authors);
            devices[j].sync();
        }
        // Each device's editor copy and the version it is.
        let mut copies: Vec<Option<(Document, Base)>> = vec![None; n];
        let mut step = 0;
        for (r, round) in rounds.into_iter().enumerate() {
            if forge && r == 1 {
                let victim = devices[0].lib.device().to_owned();
                let next = devices[0].lib.counter().expect("counter") + 1;
                let template = devices[0].lib.ops(doc.id).expect("ops").pop().expect("op");
                let forged = roundtable_core::ops::Op {
                    id: roundtable_core::ops::OpId { device: victim.clone(), counter: next },
                    pred: Vec::new(),
                    after: None,
                    batch: 77_777,
                    kind: roundtable_core::ops::OpKind::AddTopic { topic: "伪造".into() },
                    ..template
                };
                let at = devices[0].folder.join(".roundtable/v1").join(&victim);
                std::fs::create_dir_all(&at).expect("dir");
                std::fs::write(
                    at.join(roundtable_core::sync::segment::file_name(next, next)),
                    roundtable_core::sync::segment::encode(&victim, &[forged]),
                ).expect("write");
            }
            for (who, a) in round {
                let who = who % n;
                let d = &mut devices[who];
                let (mut next, base) = match copies[who].take() {
                    Some(copy) if rng.below(2) == 0 => copy,
                    _ => {
                        let v = d.lib.view(doc.id).expect("view");
                        (v.document, v.base)
                    }
                };
                perform(&mut next, a, 1000 + step);
                step += 1;
                let outcome = d.lib.save_from(&next, "edit", &base).expect("save");
                let ops = d.lib.ops(doc.id).expect("ops");
                if let Some(batch) = outcome.batch {
                    let own = d.lib.own_devices().expect("own");
                    let in_base = |o: &roundtable_core::ops::Op| {
                        base.seen.get(&o.id.device).is_some_and(|&c| o.id.counter <= c)
                            || (own.contains(&o.id.device) && base.saved.contains(&o.batch))
                    };
                    let seen: BTreeSet<_> = ops.iter().filter(|o| in_base(o)).map(|o| o.id.clone()).collect();
                    let new: Vec<_> = ops.iter().filter(|o| o.batch == batch && o.id.device == d.lib.device()).collect();
                    prop_assert!(!new.is_empty(), "a save that made a batch stored its ops");
                    for o in new {
                        for p in &o.pred {
                            prop_assert!(seen.contains(p), "{:?} superseded {:?}, which its copy had not seen", o.id, p);
                        }
                    }
                }
                copies[who] = if outcome.merged && rng.below(2) == 0 {
                    None
                } else {
                    Some((next, outcome.base))
                };
                d.sync();
            }
            replicate_all(&mut rng, &mut arriving, &devices, false);
            for d in devices.iter_mut() {
                d.sync();
            }
        }
        // Everything finally arrives.
        for _ in 0..2 {
            for d in devices.iter_mut() {
                d.sync();
            }
            replicate_all(&mut rng, &mut arriving, &devices, true);
        }
        for d in devices.iter_mut() {
            d.sync();
        }
        let reference = devices[0].doc(doc.id);
        let conflicts = unmine(devices[0].lib.conflicts(doc.id).expect("conflicts"));
        let ops = |d: &Device| -> BTreeSet<(String, u64)> {
            d.lib.all_ops().expect("ops").into_iter().map(|o| (o.id.device, o.id.counter)).collect()
        };
        let all: BTreeSet<(String, u64)> = devices.iter().flat_map(ops).collect();
        for d in &devices {
            prop_assert_eq!(&d.doc(doc.id), &reference, "documents differ");
            prop_assert_eq!(&unmine(d.lib.conflicts(doc.id).expect("conflicts")), &conflicts);
            prop_assert_eq!(&ops(d), &all, "every op reached every replica");
            prop_assert_eq!(d.lib.missing_ops(doc.id).expect("missing"), 0, "whole once all arrived");
        }
    }
}

/// Conflicts as every replica must agree on them: which value is "mine" differs by device.
fn unmine(mut conflicts: Vec<Conflict>) -> Vec<Conflict> {
    for v in conflicts.iter_mut().flat_map(|c| c.values.iter_mut()) {
        v.mine = false;
    }
    conflicts
}
