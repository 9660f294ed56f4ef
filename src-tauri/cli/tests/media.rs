//! `roundtable media` end to end: attach, list, detach and relink on real WAV files.

use std::path::Path;

mod common;
use common::{fixture, roundtable, stderr, stdout};

/// A mono 16-bit 8 kHz WAV of `seconds` of a `hz` sine.
fn write_wav(path: &Path, seconds: f64, hz: f64) {
    let rate = 8000u32;
    let samples = (seconds * f64::from(rate)) as u32;
    let data_len = samples * 2;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&[1, 0, 1, 0]);
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&[2, 0, 16, 0]);
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(rate);
        let v = ((t * hz * std::f64::consts::TAU).sin() * 8000.0) as i16;
        b.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(path, b).expect("write wav");
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn media_attach_list_detach() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let en = fixture("en_plain_transcript.txt");
    let id = stdout(&roundtable(&lib, &["import", arg(&en)]))
        .trim()
        .to_owned();
    let a = dir.path().join("interview.wav");
    let b = dir.path().join("backup take.wav");
    write_wav(&a, 65.0, 440.0);
    write_wav(&b, 1.0, 220.0);

    let said = stdout(&roundtable(&lib, &["media", "attach", &id[..8], arg(&a)]));
    assert_eq!(said, "attached interview.wav (audio/wav, 0:01:05)\n");
    let said = stdout(&roundtable(
        &lib,
        &["media", "attach", &id, arg(&b), "--copy"],
    ));
    assert!(
        said.contains("copied into the library's media folder"),
        "{said}"
    );

    let list: serde_json::Value = serde_json::from_str(&stdout(&roundtable(
        &lib,
        &["media", "list", &id, "--json"],
    )))
    .expect("json");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["file_name"], "interview.wav");
    assert_eq!(list[0]["mime"], "audio/wav");
    assert_eq!(list[0]["size"], 44 + 65 * 8000 * 2);
    assert_eq!(list[0]["duration"], 65.0);
    assert_eq!(list[0]["available"], true);
    assert_eq!(list[1]["copied"], true);
    let sha_b = list[1]["sha256"].as_str().expect("hash").to_owned();
    assert!(
        dir.path()
            .join("media")
            .join(format!("{sha_b}.wav"))
            .exists()
    );

    let text = stdout(&roundtable(&lib, &["media", "list", &id]));
    assert!(text.contains("interview.wav  0:01:05"), "{text}");
    assert!(text.contains("(copy kept)"), "{text}");

    // Two recordings: detach needs to be told which.
    let o = roundtable(&lib, &["media", "detach", &id]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2 recordings"), "{}", stderr(&o));
    assert_eq!(
        stdout(&roundtable(&lib, &["media", "detach", &id, &sha_b[..8]])),
        "detached backup take.wav\n"
    );
    assert!(
        !dir.path()
            .join("media")
            .join(format!("{sha_b}.wav"))
            .exists()
    );
    assert!(b.exists(), "the original is not touched");
    // One left: it may go unnamed.
    assert_eq!(
        stdout(&roundtable(&lib, &["media", "detach", &id])),
        "detached interview.wav\n"
    );
    assert_eq!(stdout(&roundtable(&lib, &["media", "list", &id])), "");
}

#[test]
fn media_missing_then_relinked_by_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let en = fixture("en_plain_transcript.txt");
    let id = stdout(&roundtable(&lib, &["import", arg(&en)]))
        .trim()
        .to_owned();
    let a = dir.path().join("take.wav");
    write_wav(&a, 1.0, 440.0);
    stdout(&roundtable(&lib, &["media", "attach", &id, arg(&a)]));
    let moved = dir.path().join("moved.wav");
    std::fs::rename(&a, &moved).expect("move");
    let text = stdout(&roundtable(&lib, &["media", "list", &id]));
    assert!(text.contains("MISSING"), "{text}");

    let other = dir.path().join("other.wav");
    write_wav(&other, 1.0, 880.0);
    let o = roundtable(&lib, &["media", "relink", &id, arg(&other)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not one of this document's recordings"),
        "{}",
        stderr(&o)
    );

    let said = stdout(&roundtable(&lib, &["media", "relink", &id, arg(&moved)]));
    assert!(said.contains("moved.wav"), "{said}");
    assert!(!stdout(&roundtable(&lib, &["media", "list", &id])).contains("MISSING"));
}

#[test]
fn media_attach_refuses_a_file_that_is_not_a_recording() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let en = fixture("en_plain_transcript.txt");
    let id = stdout(&roundtable(&lib, &["import", arg(&en)]))
        .trim()
        .to_owned();
    let o = roundtable(&lib, &["media", "attach", &id, arg(&en)]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("en_plain_transcript.txt"), "{err}");
    assert!(err.contains("not a recording"), "{err}");
    let o = roundtable(&lib, &["media", "attach", "ffffffff", arg(&en)]);
    assert!(stderr(&o).contains("no document"), "{}", stderr(&o));
}

#[test]
fn media_shared_through_sync_is_listed_not_here_yet_then_arrives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("mkdir");
    let sync = |lib: &Path| stdout(&roundtable(lib, &["sync", "--folder", arg(&folder)]));
    let en = fixture("en_plain_transcript.txt");
    let id = stdout(&roundtable(&a, &["import", arg(&en)]))
        .trim()
        .to_owned();
    let wav = dir.path().join("interview.wav");
    write_wav(&wav, 2.0, 440.0);
    let said = stdout(&roundtable(
        &a,
        &["media", "attach", &id, arg(&wav), "--share"],
    ));
    assert!(said.contains("shared with the team"), "{said}");
    assert!(stdout(&roundtable(&a, &["media", "list", &id])).contains("SHARED"));
    sync(&a);
    // The segment has arrived, the recording not yet.
    let media = folder.join("media");
    let stash = dir.path().join("stash");
    std::fs::rename(&media, &stash).expect("take out");
    sync(&b);
    let listed = stdout(&roundtable(&b, &["media", "list", &id]));
    assert!(
        listed.contains("interview.wav") && listed.contains("NOT HERE YET"),
        "{listed}"
    );
    std::fs::rename(&stash, &media).expect("put back");
    sync(&b);
    let listed = stdout(&roundtable(&b, &["media", "list", &id]));
    assert!(
        listed.contains("SHARED") && !listed.contains("NOT HERE"),
        "{listed}"
    );

    let o = roundtable(&a, &["media", "detach", &id]);
    assert!(
        stderr(&o).contains("stop sharing it first"),
        "{}",
        stderr(&o)
    );
    let said = stdout(&roundtable(&a, &["media", "unshare", &id]));
    assert!(said.contains("stopped sharing interview.wav"), "{said}");
    sync(&a);
    assert_eq!(std::fs::read_dir(&media).expect("media").count(), 0);
    sync(&b);
    let listed = stdout(&roundtable(&b, &["media", "list", &id]));
    assert!(
        listed.contains("(copy kept)") && !listed.contains("SHARED"),
        "{listed}"
    );
}
