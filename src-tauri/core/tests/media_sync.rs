//! Sharing a recording through team sync, on real files: two real libraries, one real
//! shared folder, WAV files written here. The sync tool is played by hand: a file taken out
//! of the folder is one that has not arrived yet.

use std::path::{Path, PathBuf};

use roundtable_core::import::parse_text;
use roundtable_core::ops::{FieldName, MetaField, OpKind, SharedRecording};
use roundtable_core::store::{Library, MediaError, MediaRef, content_hash};
use roundtable_core::sync::{SyncReport, sync};
use tempfile::TempDir;
use uuid::Uuid;

mod support;
use support::write_wav;

struct Team {
    dir: TempDir,
    a: Library,
    b: Library,
    doc: Uuid,
}

impl Team {
    /// Two libraries that share one document through a real folder.
    fn new() -> Team {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Library::open(&dir.path().join("a").join("library.sqlite")).expect("open a");
        let b = Library::open(&dir.path().join("b").join("library.sqlite")).expect("open b");
        std::fs::create_dir_all(dir.path().join("shared")).expect("mkdir");
        let doc = parse_text("Ann: Hello there.\nBob: Hi, Ann.\n", None)
            .expect("parse")
            .document;
        let doc = a.create_document(&doc).expect("create");
        let mut team = Team { dir, a, b, doc };
        team.sync_a();
        team.sync_b();
        assert!(team.b.document(doc).is_ok(), "B has the document");
        team
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("shared")
    }

    fn sync_a(&mut self) -> SyncReport {
        let folder = self.folder();
        sync(&mut self.a, &folder).expect("sync a")
    }

    fn sync_b(&mut self) -> SyncReport {
        let folder = self.folder();
        sync(&mut self.b, &folder).expect("sync b")
    }

    /// A attaches a recording (not copied into its library) and shares it.
    fn share(&mut self) -> (Vec<u8>, MediaRef) {
        let path = self.dir.path().join("interview.wav");
        let bytes = write_wav(&path, 3.0, 330.0);
        let m = self.a.attach_media(self.doc, &path, false).expect("attach");
        assert!(!m.shared);
        let m = self.a.share_media(self.doc, &m.sha256).expect("share");
        assert!(m.shared && m.available && !m.pending);
        (bytes, m)
    }

    fn in_folder(&self, m: &MediaRef) -> PathBuf {
        self.folder()
            .join("media")
            .join(format!("{}.wav", m.sha256))
    }

    fn b_sees(&self) -> MediaRef {
        let all = self.b.media(self.doc).expect("media");
        assert_eq!(all.len(), 1, "{all:?}");
        all[0].clone()
    }
}

/// Every file in a folder, by name (no temporaries may stay behind).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_shared_recording_is_listed_before_it_arrives_then_copied_checked_by_hash() {
    let mut t = Team::new();
    let (bytes, m) = t.share();
    let report = t.sync_a();
    assert_eq!(report.recordings_copied, 1, "{report:?}");
    let sent = t.in_folder(&m);
    assert_eq!(std::fs::read(&sent).expect("in the folder"), bytes);

    // The sync tool has carried the segment but not the recording yet.
    let stash = t.dir.path().join("stash.wav");
    std::fs::rename(&sent, &stash).expect("take out");
    let report = t.sync_b();
    let pending = format!("media/{}.wav", m.sha256);
    assert!(report.pending.contains(&pending), "{report:?}");
    let seen = t.b_sees();
    assert!(seen.shared && seen.pending && !seen.available, "{seen:?}");
    assert_eq!(seen.file_name, "interview.wav");
    assert_eq!(seen.size, bytes.len() as u64);
    assert_eq!(seen.mime, "audio/wav");
    let duration = seen.duration.expect("the share says how long it is");
    assert!((duration - 3.0).abs() < 1e-6, "{duration}");
    assert!(matches!(
        t.b.media_file(t.doc, &m.sha256),
        Err(MediaError::Missing { .. })
    ));

    // Now it has arrived.
    std::fs::rename(&stash, &sent).expect("put back");
    let report = t.sync_b();
    assert_eq!(report.recordings_copied, 1, "{report:?}");
    assert!(report.pending.is_empty(), "{report:?}");
    let seen = t.b_sees();
    assert!(seen.shared && !seen.pending && seen.available && seen.copied);
    assert_eq!(
        seen.file_name, "interview.wav",
        "the sharer's name, not the copy's"
    );
    let (file, _, size) = t.b.media_file(t.doc, &m.sha256).expect("playable");
    assert_eq!(file, t.b.media_dir().join(format!("{}.wav", m.sha256)));
    assert_eq!(size, bytes.len() as u64);
    assert_eq!(content_hash(&std::fs::read(&file).expect("copy")), m.sha256);
    assert_eq!(names(&t.b.media_dir()), vec![format!("{}.wav", m.sha256)]);

    // Nothing more to do on either side.
    let again = t.sync_b();
    assert_eq!(again.recordings_copied, 0, "{again:?}");
    let again = t.sync_a();
    assert_eq!(again.recordings_copied, 0, "{again:?}");
    assert!(again.warnings.is_empty(), "{again:?}");
}

#[test]
fn a_corrupted_recording_in_the_folder_is_refused_then_written_again_by_its_sharer() {
    let mut t = Team::new();
    let (bytes, m) = t.share();
    t.sync_a();
    let sent = t.in_folder(&m);
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&sent, &damaged).expect("damage");
    // Damaged an hour ago: file times are coarse (a few ms), and the rewrite below must not
    // share the damaged file's time, as it would not outside a test.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&sent)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("set time");

    let report = t.sync_b();
    let path = format!("media/{}.wav", m.sha256);
    let warning = report
        .warnings
        .iter()
        .find(|w| w.contains(&path))
        .unwrap_or_else(|| panic!("a warning names the file: {report:?}"));
    assert!(
        warning.contains("does not match its name") && warning.contains(&m.sha256[..12]),
        "{warning}"
    );
    assert!(report.pending.contains(&path), "{report:?}");
    assert_eq!(report.recordings_copied, 0);
    let seen = t.b_sees();
    assert!(seen.pending && !seen.available, "{seen:?}");
    // Not used, and nothing left behind, not even a temporary file.
    assert_eq!(names(&t.b.media_dir()), Vec::<String>::new());

    // Remembered: not hashed and reported again until the file changes.
    let report = t.sync_b();
    assert!(report.warnings.is_empty(), "{report:?}");
    assert!(report.pending.contains(&path), "{report:?}");

    // The sharer checks the copy once and writes it again.
    let report = t.sync_a();
    assert!(
        report.warnings.iter().any(|w| w.contains("damaged")),
        "{report:?}"
    );
    assert_eq!(std::fs::read(&sent).expect("rewritten"), bytes);
    let report = t.sync_b();
    assert_eq!(report.recordings_copied, 1, "{report:?}");
    assert!(t.b_sees().available);
}

#[test]
fn unsharing_takes_the_recording_out_of_the_folder_and_peers_keep_their_copy() {
    let mut t = Team::new();
    let (_, m) = t.share();
    // Detaching a shared recording would only bring it back at the next sync.
    assert!(matches!(
        t.a.detach_media(t.doc, &m.sha256),
        Err(MediaError::Shared(_))
    ));
    t.sync_a();
    t.sync_b();
    assert!(t.b_sees().available);

    let m = t.a.unshare_media(t.doc, &m.sha256).expect("unshare");
    assert!(!m.shared && m.available);
    t.sync_a();
    assert!(!t.in_folder(&m).exists(), "taken out of the folder");
    t.sync_b();
    let kept = t.b_sees();
    assert!(!kept.shared && kept.available && kept.copied, "{kept:?}");
    t.b.detach_media(t.doc, &m.sha256).expect("detach at B");
    assert!(t.b.media(t.doc).expect("media").is_empty());
    t.a.detach_media(t.doc, &m.sha256).expect("detach at A");
}

#[test]
fn a_recording_that_is_not_here_cannot_be_shared() {
    let mut t = Team::new();
    let path = t.dir.path().join("gone.wav");
    write_wav(&path, 1.0, 500.0);
    let m = t.a.attach_media(t.doc, &path, false).expect("attach");
    std::fs::remove_file(&path).expect("rm");
    assert!(matches!(
        t.a.share_media(t.doc, &m.sha256),
        Err(MediaError::NotHere(_))
    ));
    assert!(!t.a.media(t.doc).expect("media")[0].shared);
}

#[test]
fn sharing_is_not_on_the_undo_stack_and_survives_a_rebuild() {
    let mut t = Team::new();
    t.a.apply(
        t.doc,
        vec![OpKind::SetMeta {
            field: MetaField::Title,
            value: Some("Renamed".into()),
        }],
    )
    .expect("edit");
    let (_, m) = t.share();
    // Undo takes back the edit before it, not the sharing.
    t.a.undo(t.doc).expect("undo");
    assert_ne!(t.a.document(t.doc).expect("doc").title, "Renamed");
    assert!(t.a.media(t.doc).expect("media")[0].shared);
    t.a.rebuild().expect("rebuild");
    assert!(t.a.media(t.doc).expect("media")[0].shared);
    t.sync_a();
    t.sync_b();
    t.b.rebuild().expect("rebuild b");
    assert!(t.b_sees().shared);
    assert_eq!(t.b_sees().sha256, m.sha256);
}

#[test]
fn a_recording_shared_in_another_document_that_is_already_here_is_never_waited_for() {
    let mut t = Team::new();
    // B has the same recording attached to a document of its own.
    let path = t.dir.path().join("b's copy.wav");
    let bytes = write_wav(&path, 3.0, 330.0);
    let own = parse_text("Cy: Mine.\n", None).expect("parse").document;
    let own = t.b.create_document(&own).expect("create");
    t.b.attach_media(own, &path, false).expect("attach at B");
    let (_, m) = t.share();
    assert_eq!(m.sha256, content_hash(&bytes));
    t.sync_a();
    // The sync tool has not carried the file: B has it all the same.
    std::fs::remove_file(t.in_folder(&m)).expect("rm");
    let report = t.sync_b();
    assert!(report.pending.is_empty(), "{report:?}");
    let seen = t.b_sees();
    assert!(seen.shared && seen.available && !seen.pending, "{seen:?}");
}

#[test]
fn sharing_and_unsharing_at_once_on_two_devices_is_one_conflict_the_same_everywhere() {
    let mut t = Team::new();
    let (_, m) = t.share();
    t.sync_a();
    t.sync_b();
    // Concurrently: A stops sharing, B shares it again under another name.
    t.a.unshare_media(t.doc, &m.sha256).expect("unshare at A");
    let again = SharedRecording {
        sha256: m.sha256.clone(),
        file_name: "renamed.wav".into(),
        size: m.size,
        mime: m.mime.clone(),
        duration: m.duration,
    };
    t.b.apply(t.doc, vec![OpKind::ShareRecording { recording: again }])
        .expect("share again at B");
    t.sync_a();
    t.sync_b();
    t.sync_a();
    let (ca, cb) = (
        t.a.conflicts(t.doc).expect("conflicts a"),
        t.b.conflicts(t.doc).expect("conflicts b"),
    );
    assert_eq!(ca.len(), 1, "{ca:?}");
    // The same conflict on both devices (`mine` says whose each value is: it differs).
    let seen = |c: &[roundtable_core::ops::Conflict]| -> Vec<(String, String, serde_json::Value)> {
        c[0].values
            .iter()
            .map(|v| (c[0].field.clone(), v.op.clone(), v.value.clone()))
            .collect()
    };
    assert_eq!(seen(&ca), seen(&cb));
    assert_eq!(ca[0].name, FieldName::Recording);
    let shared_a = t.a.media(t.doc).expect("media")[0].shared;
    assert_eq!(shared_a, t.b_sees().shared, "the same winner everywhere");
}

#[cfg(unix)]
#[test]
fn a_linked_media_folder_is_refused_not_followed() {
    let mut t = Team::new();
    let (bytes, m) = t.share();
    let outside = t.dir.path().join("outside");
    std::fs::create_dir(&outside).expect("outside");
    let link = t.folder().join("media");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");
    let folder = t.folder();
    let err = sync(&mut t.a, &folder).expect_err("a link in the layout is refused");
    match &err {
        roundtable_core::sync::SyncError::Unsafe(roundtable_core::sync::UnsafeFolder::Link(p)) => {
            assert_eq!(p, &link)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        names(&outside),
        Vec::<String>::new(),
        "nothing written through it"
    );

    std::fs::remove_file(&link).expect("unlink");
    std::fs::create_dir(&link).expect("a real folder");
    assert_eq!(t.sync_a().recordings_copied, 1);
    assert_eq!(std::fs::read(t.in_folder(&m)).expect("sent"), bytes);
}
