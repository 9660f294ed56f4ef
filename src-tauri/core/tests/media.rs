//! Recordings attached to documents, on real files: WAV files written here (a RIFF header
//! and a sine), a real library file, the media folder beside it.

use std::path::{Path, PathBuf};

use roundtable_core::import::parse_text;
use roundtable_core::media::MediaType;
use roundtable_core::store::{Library, MediaError, StoreError, content_hash};
use tempfile::TempDir;
use uuid::Uuid;

mod support;
use support::write_wav;

struct Setup {
    dir: TempDir,
    lib: Library,
    doc: Uuid,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(&dir.path().join("lib").join("library.sqlite")).expect("open");
        let doc = parse_text("Ann: Hello there.\nBob: Hi, Ann.\n", None)
            .expect("parse")
            .document;
        let doc = lib.create_document(&doc).expect("create");
        Setup { dir, lib, doc }
    }

    fn file(&self, name: &str) -> PathBuf {
        let recordings = self.dir.path().join("recordings");
        std::fs::create_dir_all(&recordings).expect("mkdir");
        recordings.join(name)
    }
}

#[test]
fn attaching_a_wav_keeps_a_reference_with_hash_size_type_and_duration() {
    let mut s = Setup::new();
    let path = s.file("interview.wav");
    let bytes = write_wav(&path, 2.0, 440.0);
    let m = s.lib.attach_media(s.doc, &path, false).expect("attach");
    assert_eq!(m.sha256, content_hash(&bytes));
    assert_eq!(m.size, bytes.len() as u64);
    assert_eq!(m.mime, "audio/wav");
    assert_eq!(m.file_name, "interview.wav");
    assert_eq!(
        Path::new(&m.path),
        std::fs::canonicalize(&path).expect("canon")
    );
    let duration = m.duration.expect("a WAV's header gives its duration");
    assert!((duration - 2.0).abs() < 1e-6, "{duration}");
    assert!(m.available && !m.copied && !m.video);
    // Nothing was copied: the media folder does not even exist.
    assert!(!s.lib.media_dir().exists());
    let (file, kind, size) = s.lib.media_file(s.doc, &m.sha256).expect("playable");
    assert_eq!((kind, size), (MediaType::Wav, bytes.len() as u64));
    assert_eq!(file, Path::new(&m.path));
}

#[test]
fn attached_recordings_survive_reopening_the_library() {
    let mut s = Setup::new();
    let a = s.file("a.wav");
    let b = s.file("b.wav");
    write_wav(&a, 1.0, 300.0);
    write_wav(&b, 1.5, 500.0);
    s.lib.attach_media(s.doc, &a, false).expect("attach a");
    s.lib.attach_media(s.doc, &b, true).expect("attach b");
    let path = s.lib.path().to_owned();
    drop(s.lib);
    let lib = Library::open(&path).expect("reopen");
    let names: Vec<(String, bool)> = lib
        .media(s.doc)
        .expect("list")
        .into_iter()
        .map(|m| (m.file_name, m.copied))
        .collect();
    assert_eq!(
        names,
        [("a.wav".to_owned(), false), ("b.wav".to_owned(), true)]
    );
}

#[test]
fn a_copy_is_named_by_content_and_plays_when_the_original_is_gone() {
    let mut s = Setup::new();
    let path = s.file("talk.wav");
    let bytes = write_wav(&path, 1.0, 440.0);
    let m = s.lib.attach_media(s.doc, &path, true).expect("attach");
    assert!(m.copied);
    let copy = s.lib.media_dir().join(format!("{}.wav", m.sha256));
    assert_eq!(std::fs::read(&copy).expect("copy"), bytes);
    // No temporary left behind.
    let entries: Vec<_> = std::fs::read_dir(s.lib.media_dir())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    std::fs::remove_file(&path).expect("remove original");
    let listed = &s.lib.media(s.doc).expect("list")[0];
    assert!(listed.available);
    let (file, _, _) = s.lib.media_file(s.doc, &m.sha256).expect("playable");
    assert_eq!(file, copy);
}

#[test]
fn a_moved_recording_is_reported_missing_then_found_again_by_its_content() {
    let mut s = Setup::new();
    let path = s.file("moved.wav");
    write_wav(&path, 1.0, 440.0);
    let m = s.lib.attach_media(s.doc, &path, false).expect("attach");
    let elsewhere = s.file("renamed elsewhere.wav");
    std::fs::rename(&path, &elsewhere).expect("move");

    let listed = &s.lib.media(s.doc).expect("list")[0];
    assert!(
        !listed.available,
        "the reference is kept, marked unavailable"
    );
    match s.lib.media_file(s.doc, &m.sha256) {
        Err(MediaError::Missing { path: p }) => assert_eq!(p, Path::new(&m.path)),
        other => panic!("expected Missing, got {other:?}"),
    }

    // Another recording is not taken for it.
    let other = s.file("other.wav");
    write_wav(&other, 1.0, 880.0);
    assert!(matches!(
        s.lib.relink_media(s.doc, &other),
        Err(MediaError::NoMatch { .. })
    ));
    // Nor is a file that is not a recording.
    let text = s.file("notes.txt");
    std::fs::write(&text, "Ann: hello").expect("write");
    assert!(matches!(
        s.lib.relink_media(s.doc, &text),
        Err(MediaError::NoMatch { .. })
    ));

    let found = s.lib.relink_media(s.doc, &elsewhere).expect("relink");
    assert_eq!(found.sha256, m.sha256);
    assert!(found.available);
    assert_eq!(
        Path::new(&found.path),
        std::fs::canonicalize(&elsewhere).expect("canon")
    );
}

#[test]
fn a_changed_file_is_not_played_as_the_recording() {
    let mut s = Setup::new();
    let path = s.file("edited.wav");
    write_wav(&path, 1.0, 440.0);
    let m = s.lib.attach_media(s.doc, &path, false).expect("attach");
    // Re-recorded under the same name: another length.
    write_wav(&path, 3.0, 440.0);
    assert!(matches!(
        s.lib.media_file(s.doc, &m.sha256),
        Err(MediaError::Missing { .. })
    ));
}

#[test]
fn a_file_that_is_not_a_recording_is_refused_and_nothing_is_stored() {
    let mut s = Setup::new();
    let text = s.file("transcript.mp3");
    std::fs::write(&text, "Ann: this is a transcript named like a recording").expect("write");
    let empty = s.file("empty.wav");
    std::fs::write(&empty, b"").expect("write");
    for (file, copy) in [(&text, false), (&text, true), (&empty, true)] {
        match s.lib.attach_media(s.doc, file, copy) {
            Err(e @ MediaError::NotMedia { .. }) => {
                assert!(e.to_string().contains("content is checked"), "{e}")
            }
            other => panic!("expected NotMedia, got {other:?}"),
        }
    }
    assert!(s.lib.media(s.doc).expect("list").is_empty());
    // The refused copy left no temporary behind.
    let left: Vec<_> = std::fs::read_dir(s.lib.media_dir())
        .map(|d| d.map(|e| e.expect("entry").file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    // A file that does not exist says which.
    match s.lib.attach_media(s.doc, &s.file("nowhere.wav"), false) {
        Err(MediaError::Io { path, .. }) => assert!(path.ends_with("nowhere.wav")),
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn attaching_to_a_document_that_does_not_exist_is_refused() {
    let mut s = Setup::new();
    let path = s.file("a.wav");
    write_wav(&path, 0.5, 440.0);
    assert!(matches!(
        s.lib.attach_media(Uuid::new_v4(), &path, false),
        Err(MediaError::Store(StoreError::NotFound(_)))
    ));
}

#[test]
fn attaching_the_same_content_twice_keeps_one_reference_at_the_new_place() {
    let mut s = Setup::new();
    let a = s.file("first.wav");
    write_wav(&a, 1.0, 440.0);
    s.lib.attach_media(s.doc, &a, true).expect("attach");
    let b = s.file("second name.wav");
    std::fs::copy(&a, &b).expect("copy");
    let m = s.lib.attach_media(s.doc, &b, false).expect("attach again");
    assert!(m.copied, "an existing copy is kept");
    let all = s.lib.media(s.doc).expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].file_name, "second name.wav");
}

#[test]
fn recordings_are_found_by_hash_prefix_or_name_and_detached() {
    let mut s = Setup::new();
    let a = s.file("a.wav");
    let b = s.file("b.wav");
    write_wav(&a, 1.0, 300.0);
    write_wav(&b, 1.0, 600.0);
    let ma = s.lib.attach_media(s.doc, &a, true).expect("a");
    let mb = s.lib.attach_media(s.doc, &b, false).expect("b");
    assert_eq!(
        s.lib.find_media(s.doc, "b.wav").expect("by name").sha256,
        mb.sha256
    );
    assert_eq!(
        s.lib
            .find_media(s.doc, &ma.sha256[..8])
            .expect("by prefix")
            .sha256,
        ma.sha256
    );
    assert!(matches!(
        s.lib.find_media(s.doc, ""),
        Err(MediaError::Ambiguous { count: 2, .. })
    ));
    assert!(matches!(
        s.lib.find_media(s.doc, "c.wav"),
        Err(MediaError::NotAttached(_))
    ));

    let copy = s.lib.media_dir().join(format!("{}.wav", ma.sha256));
    assert!(copy.exists());
    s.lib.detach_media(s.doc, &ma.sha256).expect("detach a");
    assert!(!copy.exists(), "the copy nobody uses is removed");
    assert!(a.exists(), "the original is never touched");
    let left = s.lib.media(s.doc).expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(
        s.lib.find_media(s.doc, "").expect("only one").sha256,
        mb.sha256
    );
    assert!(matches!(
        s.lib.detach_media(s.doc, &ma.sha256),
        Err(MediaError::NotAttached(_))
    ));
}

#[test]
fn a_copy_shared_by_two_documents_stays_until_both_detach() {
    let mut s = Setup::new();
    let other = parse_text("Cy: Another talk.\n", None)
        .expect("parse")
        .document;
    let other = s.lib.create_document(&other).expect("create");
    let path = s.file("shared.wav");
    write_wav(&path, 1.0, 440.0);
    let m = s.lib.attach_media(s.doc, &path, true).expect("first");
    s.lib.attach_media(other, &path, true).expect("second");
    let copy = s.lib.media_dir().join(format!("{}.wav", m.sha256));
    s.lib.detach_media(s.doc, &m.sha256).expect("detach first");
    assert!(copy.exists());
    assert!(s.lib.media(other).expect("list")[0].available);
    s.lib.detach_media(other, &m.sha256).expect("detach second");
    assert!(!copy.exists());
}

#[test]
fn flac_duration_comes_from_streaminfo() {
    // fLaC + a last-block STREAMINFO header: 44.1 kHz, 2 channels, 16 bits, 441,000 samples.
    let mut b = b"fLaC".to_vec();
    b.extend_from_slice(&[0x80, 0, 0, 34]);
    let mut info = [0u8; 34];
    let rate: u32 = 44_100;
    let samples: u64 = 441_000;
    info[10] = (rate >> 12) as u8;
    info[11] = (rate >> 4) as u8;
    info[12] = ((rate & 0x0F) << 4) as u8 | (1 << 1); // channels-1 = 1
    info[13] = (15 << 4) as u8 | ((samples >> 32) & 0x0F) as u8; // bps-1 = 15
    info[14..18].copy_from_slice(&(samples as u32).to_be_bytes());
    b.extend_from_slice(&info);
    let mut cursor = std::io::Cursor::new(b);
    let d = roundtable_core::media::duration_of(MediaType::Flac, &mut cursor).expect("duration");
    assert!((d - 10.0).abs() < 1e-9, "{d}");
}

/// The `documents` table is derived from the log and `rebuild` empties and refills it: the
/// references must not hang on its rows (a foreign key with a cascade lost them).
#[test]
fn rebuilding_the_derived_tables_keeps_attached_recordings() {
    let mut s = Setup::new();
    let path = s.file("kept.wav");
    write_wav(&path, 1.0, 440.0);
    s.lib.attach_media(s.doc, &path, false).expect("attach");
    s.lib.rebuild().expect("rebuild");
    assert_eq!(s.lib.media(s.doc).expect("list").len(), 1);
}

/// Sends one request to the media server and reads the whole answer: status code,
/// head, body.
fn http(addr: std::net::SocketAddr, request: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.write_all(request.as_bytes()).expect("send");
    let mut all = Vec::new();
    s.read_to_end(&mut all).expect("read");
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head end");
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let code = head[9..12].parse().expect("status");
    (code, head, all[split + 4..].to_vec())
}

#[test]
fn the_media_server_streams_offered_files_with_ranges_and_nothing_else() {
    use roundtable_core::media::MediaServer;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.wav");
    let bytes = write_wav(&path, 1.0, 440.0);
    let secret_file = dir.path().join("secret.txt");
    std::fs::write(&secret_file, "not offered").expect("write");

    let server = MediaServer::start().expect("start");
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    let url = server.offer("doc-abc", path.clone(), "audio/wav");
    let prefix = format!("http://{addr}");
    let path_part = url.strip_prefix(&prefix).expect("loopback URL").to_owned();
    let secret = path_part.split('/').nth(1).expect("secret").to_owned();
    assert!(secret.len() >= 64, "{secret}");
    let host = format!("Host: {addr}");

    let (code, head, body) = http(addr, &format!("GET {path_part} HTTP/1.1\r\n{host}\r\n\r\n"));
    assert_eq!(code, 200, "{head}");
    assert!(head.contains("Accept-Ranges: bytes"), "{head}");
    assert!(head.contains("Content-Type: audio/wav"), "{head}");
    assert_eq!(body, bytes);

    let (code, head, body) = http(
        addr,
        &format!("GET {path_part} HTTP/1.1\r\n{host}\r\nRange: bytes=100-199\r\n\r\n"),
    );
    assert_eq!(code, 206, "{head}");
    assert!(
        head.contains(&format!("Content-Range: bytes 100-199/{}", bytes.len())),
        "{head}"
    );
    assert!(head.contains("Content-Length: 100"), "{head}");
    assert_eq!(body, &bytes[100..200]);

    let (code, _, body) = http(
        addr,
        &format!("GET {path_part} HTTP/1.1\r\n{host}\r\nRange: bytes=-10\r\n\r\n"),
    );
    assert_eq!((code, body.as_slice()), (206, &bytes[bytes.len() - 10..]));

    let (code, head, _) = http(
        addr,
        &format!("GET {path_part} HTTP/1.1\r\n{host}\r\nRange: bytes=999999-\r\n\r\n"),
    );
    assert_eq!(code, 416);
    assert!(head.contains(&format!("Content-Range: bytes */{}", bytes.len())));

    let (code, head, body) = http(
        addr,
        &format!("HEAD {path_part} HTTP/1.1\r\n{host}\r\n\r\n"),
    );
    assert_eq!(code, 200);
    assert!(head.contains(&format!("Content-Length: {}", bytes.len())));
    assert!(body.is_empty());

    // Refused: a wrong secret, a key never offered, a path outside, another Host (DNS
    // rebinding), a method that writes, garbage.
    let wrong = format!("/{}/doc-abc", "0".repeat(secret.len()));
    let refused = [
        (format!("GET {wrong} HTTP/1.1\r\n{host}\r\n\r\n"), 404),
        (
            format!("GET /{secret}/other HTTP/1.1\r\n{host}\r\n\r\n"),
            404,
        ),
        (
            format!("GET /{secret}/../secret.txt HTTP/1.1\r\n{host}\r\n\r\n"),
            404,
        ),
        (format!("GET /{secret} HTTP/1.1\r\n{host}\r\n\r\n"), 404),
        (
            format!(
                "GET {path_part} HTTP/1.1\r\nHost: evil.example:{}\r\n\r\n",
                addr.port()
            ),
            404,
        ),
        (format!("GET {path_part} HTTP/1.1\r\n\r\n"), 404),
        (format!("PUT {path_part} HTTP/1.1\r\n{host}\r\n\r\n"), 405),
        ("hello\r\n\r\n".to_owned(), 400),
    ];
    for (request, want) in refused {
        let (code, _, body) = http(addr, &request);
        assert_eq!(code, want, "{request:?}");
        assert!(body.is_empty());
    }
}

/// The app reads a recording without holding the library (hash and copy take seconds on a
/// long one), then stores the reference: the same result as `attach_media`.
#[test]
fn a_recording_read_apart_from_the_library_attaches_the_same() {
    use roundtable_core::store::read_recording;
    let mut s = Setup::new();
    let path = s.file("apart.wav");
    let bytes = write_wav(&path, 1.0, 440.0);
    let dir = s.lib.media_dir();
    let read = read_recording(&path, Some(&dir)).expect("read");
    assert!(dir.join(format!("{}.wav", content_hash(&bytes))).exists());
    let m = s.lib.attach_read(s.doc, &read).expect("attach");
    assert!(m.copied && m.available);
    assert_eq!(m.sha256, content_hash(&bytes));
    // Relinking takes a read file the same way.
    let moved = s.file("moved apart.wav");
    std::fs::rename(&path, &moved).expect("move");
    let again = read_recording(&moved, None).expect("read");
    let m = s.lib.relink_read(s.doc, &again).expect("relink");
    assert!(m.path.ends_with("moved apart.wav"));
}
