//! Recordings attached to documents. A reference (where the file is on this machine, its
//! size, the SHA-256 of its content, its type and duration) is a row of `media`; when the
//! user chooses, a copy is kept in `media/<sha256>.<ext>` beside the library, named by
//! content like the images in `assets/`. The file is never read whole into memory: it is
//! hashed and copied a megabyte at a time.
//!
//! A file that moved is found again by its content: [`Library::relink_media`] hashes the
//! file the user points to and updates the reference whose hash it matches.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use super::{BatchKind, Library, StoreError};
use crate::media::{MediaType, SNIFF_BYTES, duration_of};
use crate::ops::{Hlc, OpKind, SharedRecording};

fn shared_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SharedRecording> {
    Ok(SharedRecording {
        sha256: r.get(0)?,
        file_name: r.get(1)?,
        size: r.get::<_, i64>(2)?.max(0) as u64,
        mime: r.get(3)?,
        duration: r.get(4)?,
    })
}

/// A recording attached to a document.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MediaRef {
    /// The document.
    pub doc: String,
    /// SHA-256 of the content, hex: the recording's identity.
    pub sha256: String,
    /// Where the file was when it was attached (or last found), absolute.
    pub path: String,
    /// The file's name, for showing.
    pub file_name: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// MIME type, from the content.
    pub mime: String,
    /// Seconds, when the header says (WAV, FLAC); the player knows the others.
    pub duration: Option<f64>,
    /// Whether a copy is kept in the library's media folder.
    pub copied: bool,
    /// Whether the file can be played now (the copy, or the original with its size
    /// unchanged). When false the user is asked where the file is.
    pub available: bool,
    /// Whether the file may have pictures (mp4, mov, webm, mkv).
    pub video: bool,
    /// Whether the recording is shared with the team (travels through the sync folder).
    pub shared: bool,
    /// Shared by a teammate but not here yet: the file has not arrived through the sync
    /// folder (`path` is empty then).
    pub pending: bool,
    /// When it was attached, ms since the Unix epoch.
    #[ts(type = "number")]
    pub attached_ms: u64,
}

/// Why a recording could not be attached, found or detached.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The content is not a type Roundtable plays.
    #[error(
        "{path} is not a recording Roundtable can play (mp3, m4a, aac, wav, flac, ogg, opus, webm, mp4, mov; the content is checked, not the name)"
    )]
    NotMedia {
        /// The file.
        path: PathBuf,
    },
    /// The file system failed.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// No attached recording matches what was asked for.
    #[error(
        "no recording {0:?} is attached to this document (`roundtable media list ID` lists them)"
    )]
    NotAttached(String),
    /// Several attached recordings match.
    #[error("{count} recordings of this document match {key:?}; give more of the hash")]
    Ambiguous {
        /// What was given.
        key: String,
        /// How many match.
        count: usize,
    },
    /// The file pointed to has content none of the document's recordings has.
    #[error(
        "{path} is not one of this document's recordings (its content differs); point to the same file, or attach it as a new recording"
    )]
    NoMatch {
        /// The file.
        path: PathBuf,
    },
    /// The file is gone or changed, and no copy is kept.
    #[error(
        "the recording {path} is missing or has changed since it was attached; point Roundtable to where it is now, it is found by its content"
    )]
    Missing {
        /// Where it was.
        path: PathBuf,
    },
    /// The recording is shared with the team; detaching it here would bring it back at the
    /// next sync.
    #[error(
        "the recording {0} is shared with the team; stop sharing it first (`roundtable media unshare ID {0}`), then detach it"
    )]
    Shared(String),
    /// Sharing needs the file: it is sent through the shared folder.
    #[error(
        "the recording {0} is not on this computer (missing, or not arrived yet), so it cannot be shared from here; find it first (`roundtable media relink`)"
    )]
    NotHere(String),
    /// The library failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for MediaError {
    fn from(e: rusqlite::Error) -> MediaError {
        MediaError::Store(StoreError::Sqlite(e))
    }
}

/// A file's content hash and type, read once from start to end.
struct Scanned {
    sha256: String,
    size: u64,
    kind: MediaType,
    duration: Option<f64>,
}

const CHUNK: usize = 1 << 20;

/// Reads `path` a megabyte at a time: its type from the first bytes, its SHA-256, and, when
/// `copy_to` is given, writes the bytes there as it goes (one pass over a large file).
fn scan(path: &Path, mut copy_to: Option<&mut File>) -> Result<Scanned, MediaError> {
    let io = |source| MediaError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut buf = vec![0u8; CHUNK];
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut kind = None;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        if size == 0 {
            // The first read of a regular file fills the buffer up to the file's length.
            kind = MediaType::sniff(&buf[..n.min(SNIFF_BYTES)]);
            if kind.is_none() {
                return Err(MediaError::NotMedia {
                    path: path.to_owned(),
                });
            }
        }
        hasher.update(&buf[..n]);
        if let Some(out) = copy_to.as_deref_mut() {
            out.write_all(&buf[..n]).map_err(io)?;
        }
        size += n as u64;
    }
    let kind = kind.ok_or_else(|| MediaError::NotMedia {
        path: path.to_owned(),
    })?;
    let duration = duration_of(kind, &mut file);
    Ok(Scanned {
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        size,
        kind,
        duration,
    })
}

fn absolute(path: &Path) -> Result<PathBuf, MediaError> {
    std::fs::canonicalize(path).map_err(|source| MediaError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Whether `path` is a file of `size` bytes (a cheap check that it is the same recording;
/// hashing a two-hour file at every open would cost seconds).
fn has_size(path: &Path, size: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
}

/// A recording read from start to end: where it is, its hash, type and duration, and
/// whether it was copied into the media folder. Made by [`read_recording`].
pub struct RecordingFile {
    path: PathBuf,
    scanned: Scanned,
    copied: bool,
}

/// Reads the recording at `file` (type, SHA-256, duration) a megabyte at a time and, when
/// `copy_into` names the library's media folder ([`Library::media_dir`]), copies it there as
/// `<sha256>.<ext>` in the same pass. Touches no library: the app runs it without the lock.
pub fn read_recording(file: &Path, copy_into: Option<&Path>) -> Result<RecordingFile, MediaError> {
    let path = absolute(file)?;
    let Some(dir) = copy_into else {
        let scanned = scan(&path, None)?;
        return Ok(RecordingFile {
            path,
            scanned,
            copied: false,
        });
    };
    let io = |source| MediaError::Io {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    // Copied while hashing under a temporary name, renamed to its content's name: a crash
    // never leaves half a recording under a final name.
    let tmp = dir.join(format!(".attach-{}.tmp", Uuid::new_v4()));
    let mut out = File::create(&tmp).map_err(io)?;
    let scanned = scan(&path, Some(&mut out)).and_then(|s| {
        out.sync_all().map_err(io)?;
        Ok(s)
    });
    drop(out);
    let scanned = match scanned {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let name = dir.join(format!("{}.{}", scanned.sha256, scanned.kind.extension()));
    if has_size(&name, scanned.size) {
        let _ = std::fs::remove_file(&tmp);
    } else {
        std::fs::rename(&tmp, &name).map_err(|source| MediaError::Io {
            path: name.clone(),
            source,
        })?;
    }
    Ok(RecordingFile {
        path,
        scanned,
        copied: true,
    })
}

impl Library {
    /// The folder holding copies of recordings.
    pub fn media_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("media"), |d| d.join("media"))
    }

    /// Attaches the recording at `file` to `doc`, copying it into the media folder when
    /// `copy` is set. Attaching the same content again updates where it is (and keeps an
    /// existing copy). [`read_recording`] then [`Library::attach_read`] does the same with the
    /// file read outside the library (the app reads a large file without holding its lock).
    pub fn attach_media(
        &mut self,
        doc: Uuid,
        file: &Path,
        copy: bool,
    ) -> Result<MediaRef, MediaError> {
        self.require_document(doc)?;
        let dir = self.media_dir();
        let read = read_recording(file, copy.then_some(dir.as_path()))?;
        self.attach_read(doc, &read)
    }

    /// Stores the reference to a recording [`read_recording`] read.
    pub fn attach_read(&mut self, doc: Uuid, read: &RecordingFile) -> Result<MediaRef, MediaError> {
        self.require_document(doc)?;
        let (path, scanned, copy) = (&read.path, &read.scanned, read.copied);
        let path_text = path.to_string_lossy().into_owned();
        self.conn.execute(
            "INSERT INTO media (doc, sha256, path, size, mime, duration, copied, attached_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (doc, sha256) DO UPDATE SET
                path = excluded.path, copied = max(copied, excluded.copied)",
            params![
                doc.to_string(),
                scanned.sha256,
                path_text,
                scanned.size as i64,
                scanned.kind.mime(),
                scanned.duration,
                copy,
                Hlc::now_ms() as i64
            ],
        )?;
        self.media_ref(doc, &scanned.sha256)
    }

    /// The recordings of `doc`: those attached here, in the order they were attached, then
    /// those a teammate shared that have not arrived yet.
    pub fn media(&self, doc: Uuid) -> Result<Vec<MediaRef>, StoreError> {
        let shared = self.shared_of(doc)?;
        let mut out = self.attached(doc)?;
        for m in &mut out {
            if let Some(r) = shared.iter().find(|r| r.sha256 == m.sha256) {
                m.shared = true;
                // A copy received through sync is named by its hash: show the sharer's name.
                m.file_name.clone_from(&r.file_name);
            }
        }
        for r in shared {
            if out.iter().any(|m| m.sha256 == r.sha256) {
                continue;
            }
            let kind = MediaType::from_mime(&r.mime);
            out.push(MediaRef {
                doc: doc.to_string(),
                sha256: r.sha256,
                path: String::new(),
                file_name: r.file_name,
                size: r.size,
                mime: r.mime,
                duration: r.duration,
                copied: false,
                available: false,
                video: kind.is_some_and(MediaType::is_video),
                shared: true,
                pending: true,
                attached_ms: 0,
            });
        }
        Ok(out)
    }

    /// The recordings `doc` shares with the team (its `ShareRecording` ops).
    fn shared_of(&self, doc: Uuid) -> Result<Vec<SharedRecording>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sha256, file_name, size, mime, duration FROM shared_recordings
             WHERE doc = ?1 AND shared = 1 ORDER BY file_name, sha256",
        )?;
        let rows = stmt.query_map([doc.to_string()], shared_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every recording some document shares with the team, once each (for sync).
    pub fn shared_recordings(&self) -> Result<Vec<SharedRecording>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sha256, file_name, size, mime, duration FROM shared_recordings
             WHERE shared = 1 GROUP BY sha256 ORDER BY sha256",
        )?;
        let rows = stmt.query_map([], shared_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recordings that were shared and then unshared, and that no document shares now: a
    /// copy of one in the shared folder is no longer wanted. Only what the library knows
    /// was unshared, never a file it merely does not know (its share may still be arriving).
    pub fn unshared_recordings(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sha256 FROM shared_recordings s WHERE shared = 0
             AND NOT EXISTS (SELECT 1 FROM shared_recordings t WHERE t.sha256 = s.sha256 AND t.shared = 1)
             ORDER BY sha256",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A file on this computer with the content `sha256` (a copy in the media folder, or an
    /// attached original of the recorded size), if there is one.
    pub fn recording_file(&self, sha256: &str) -> Result<Option<PathBuf>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, size, mime, copied FROM media WHERE sha256 = ?1")?;
        let rows = stmt
            .query_map([sha256], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.into_iter().find_map(|(path, size, mime, copied)| {
            self.playable(
                sha256,
                MediaType::from_mime(&mime),
                Path::new(&path),
                size.max(0) as u64,
                copied,
            )
        }))
    }

    /// A shared recording arrived (sync copied it, checked, into [`Library::media_dir`] as
    /// `copy`): every document that shares it and has no reference to it here gets one, to
    /// the copy. It stays attached here if the sharing stops later.
    pub fn receive_recording(
        &mut self,
        recording: &SharedRecording,
        copy: &Path,
    ) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "INSERT OR IGNORE INTO media (doc, sha256, path, size, mime, duration, copied, attached_ms)
             SELECT doc, sha256, ?2, size, mime, duration, 1, ?3 FROM shared_recordings
             WHERE sha256 = ?1 AND shared = 1",
            params![
                recording.sha256,
                copy.to_string_lossy().into_owned(),
                Hlc::now_ms() as i64
            ],
        )?)
    }

    /// Attaches, to each document that shares a recording and has no reference to it here,
    /// the file this computer already has with that content (attached to another document,
    /// or received before): such a recording is never "not here yet". Sync runs it after
    /// reading what peers wrote. Returns how many references it made.
    pub fn attach_shared_here(&mut self) -> Result<usize, StoreError> {
        let missing: Vec<(String, SharedRecording)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT s.doc, s.sha256, s.file_name, s.size, s.mime, s.duration
                 FROM shared_recordings s WHERE s.shared = 1 AND NOT EXISTS
                    (SELECT 1 FROM media m WHERE m.doc = s.doc AND m.sha256 = s.sha256)",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    SharedRecording {
                        sha256: r.get(1)?,
                        file_name: r.get(2)?,
                        size: r.get::<_, i64>(3)?.max(0) as u64,
                        mime: r.get(4)?,
                        duration: r.get(5)?,
                    },
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut made = 0;
        for (doc, r) in missing {
            let Some(file) = self.recording_file(&r.sha256)? else {
                continue;
            };
            let copied = r
                .stored_name()
                .is_some_and(|n| file == self.media_dir().join(n));
            made += self.conn.execute(
                "INSERT OR IGNORE INTO media (doc, sha256, path, size, mime, duration, copied, attached_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    doc,
                    r.sha256,
                    file.to_string_lossy().into_owned(),
                    r.size as i64,
                    r.mime,
                    r.duration,
                    copied,
                    Hlc::now_ms() as i64
                ],
            )?;
        }
        Ok(made)
    }

    /// Shares a recording of `doc` with the team: an op in the document's log says what it
    /// is, so peers list it at once, and sync carries the file through the shared folder.
    /// The file must be here (it is what sync sends).
    pub fn share_media(&mut self, doc: Uuid, sha256: &str) -> Result<MediaRef, MediaError> {
        let m = self.media_ref(doc, sha256)?;
        if !m.available {
            return Err(MediaError::NotHere(m.file_name));
        }
        if !m.shared {
            let recording = SharedRecording {
                sha256: m.sha256.clone(),
                file_name: m.file_name.clone(),
                size: m.size,
                mime: m.mime.clone(),
                duration: m.duration,
            };
            self.apply_batch(
                doc,
                vec![OpKind::ShareRecording { recording }],
                BatchKind::Share,
                "",
                None,
            )?;
        }
        self.media_ref(doc, sha256)
    }

    /// Stops sharing a recording of `doc`. It no longer travels: sync takes its copy out of
    /// the shared folder once no document shares it. Copies peers already received stay
    /// attached on their computers (a file already sent cannot be taken back).
    pub fn unshare_media(&mut self, doc: Uuid, sha256: &str) -> Result<MediaRef, MediaError> {
        let m = self.media_ref(doc, sha256)?;
        if m.shared {
            self.apply_batch(
                doc,
                vec![OpKind::UnshareRecording {
                    sha256: m.sha256.clone(),
                }],
                BatchKind::Share,
                "",
                None,
            )?;
        }
        Ok(self
            .media(doc)?
            .into_iter()
            .find(|x| x.sha256 == sha256)
            .unwrap_or(MediaRef { shared: false, ..m }))
    }

    /// The recordings attached to `doc` on this computer, in the order they were attached.
    fn attached(&self, doc: Uuid) -> Result<Vec<MediaRef>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT doc, sha256, path, size, mime, duration, copied, attached_ms FROM media
             WHERE doc = ?1 ORDER BY attached_ms, sha256",
        )?;
        let rows = stmt
            .query_map([doc.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<f64>>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .map(
                |(doc, sha256, path, size, mime, duration, copied, attached_ms)| {
                    let size = size.max(0) as u64;
                    let kind = MediaType::from_mime(&mime);
                    let available = self.playable(&sha256, kind, Path::new(&path), size, copied);
                    MediaRef {
                        file_name: Path::new(&path)
                            .file_name()
                            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned()),
                        doc,
                        sha256,
                        path,
                        size,
                        mime,
                        duration,
                        copied,
                        available: available.is_some(),
                        video: kind.is_some_and(MediaType::is_video),
                        shared: false,
                        pending: false,
                        attached_ms: attached_ms.max(0) as u64,
                    }
                },
            )
            .collect())
    }

    /// The one recording of `doc` that `key` names: a prefix of its hash, or its file
    /// name. An empty key names the only recording when there is one.
    pub fn find_media(&self, doc: Uuid, key: &str) -> Result<MediaRef, MediaError> {
        let all = self.media(doc)?;
        let matching: Vec<&MediaRef> = all
            .iter()
            .filter(|m| {
                key.is_empty()
                    || (key.len() >= 4 && m.sha256.starts_with(&key.to_ascii_lowercase()))
                    || m.file_name == key
                    || m.path == key
            })
            .collect();
        match matching.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(MediaError::NotAttached(key.to_owned())),
            many => Err(MediaError::Ambiguous {
                key: key.to_owned(),
                count: many.len(),
            }),
        }
    }

    /// Detaches a recording from `doc`. Its copy in the media folder is removed when no
    /// other document uses it; the original file is never touched.
    pub fn detach_media(&mut self, doc: Uuid, sha256: &str) -> Result<MediaRef, MediaError> {
        let gone = self.media_ref(doc, sha256)?;
        if gone.shared {
            return Err(MediaError::Shared(sha256.chars().take(12).collect()));
        }
        self.conn.execute(
            "DELETE FROM media WHERE doc = ?1 AND sha256 = ?2",
            params![doc.to_string(), sha256],
        )?;
        let still_used: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = ?1 AND copied = 1)",
            [sha256],
            |r| r.get(0),
        )?;
        if gone.copied
            && !still_used
            && let Some(kind) = MediaType::from_mime(&gone.mime)
        {
            let copy = self
                .media_dir()
                .join(format!("{sha256}.{}", kind.extension()));
            let _ = std::fs::remove_file(copy);
        }
        Ok(gone)
    }

    /// Finds a moved recording again: hashes the file the user points to and, when its
    /// content is one of `doc`'s recordings, remembers the new place.
    pub fn relink_media(&mut self, doc: Uuid, file: &Path) -> Result<MediaRef, MediaError> {
        self.require_document(doc)?;
        let read = match read_recording(file, None) {
            Err(MediaError::NotMedia { path }) => return Err(MediaError::NoMatch { path }),
            other => other?,
        };
        self.relink_read(doc, &read)
    }

    /// [`Library::relink_media`] with the file already read by [`read_recording`].
    pub fn relink_read(&mut self, doc: Uuid, read: &RecordingFile) -> Result<MediaRef, MediaError> {
        self.require_document(doc)?;
        let changed = self.conn.execute(
            "UPDATE media SET path = ?3 WHERE doc = ?1 AND sha256 = ?2",
            params![
                doc.to_string(),
                read.scanned.sha256,
                read.path.to_string_lossy().into_owned()
            ],
        )?;
        if changed == 0 {
            return Err(MediaError::NoMatch {
                path: read.path.clone(),
            });
        }
        self.media_ref(doc, &read.scanned.sha256)
    }

    /// The file to play for a recording of `doc` (the copy when there is one, else the
    /// original), with its type and size; [`MediaError::Missing`] when neither is there.
    pub fn media_file(
        &self,
        doc: Uuid,
        sha256: &str,
    ) -> Result<(PathBuf, MediaType, u64), MediaError> {
        let m = self.media_ref(doc, sha256)?;
        let kind = MediaType::from_mime(&m.mime).ok_or_else(|| {
            MediaError::Store(StoreError::Corrupt(format!(
                "recording {sha256} has an unknown type {}",
                m.mime
            )))
        })?;
        let file = self
            .playable(sha256, Some(kind), Path::new(&m.path), m.size, m.copied)
            .ok_or_else(|| MediaError::Missing {
                path: PathBuf::from(&m.path),
            })?;
        Ok((file, kind, m.size))
    }

    fn playable(
        &self,
        sha256: &str,
        kind: Option<MediaType>,
        original: &Path,
        size: u64,
        copied: bool,
    ) -> Option<PathBuf> {
        if copied && let Some(kind) = kind {
            let copy = self
                .media_dir()
                .join(format!("{sha256}.{}", kind.extension()));
            if has_size(&copy, size) {
                return Some(copy);
            }
        }
        has_size(original, size).then(|| original.to_owned())
    }

    fn media_ref(&self, doc: Uuid, sha256: &str) -> Result<MediaRef, MediaError> {
        self.media(doc)?
            .into_iter()
            .find(|m| m.sha256 == sha256)
            .ok_or_else(|| MediaError::NotAttached(sha256.to_owned()))
    }

    fn require_document(&self, doc: Uuid) -> Result<(), StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1",
                [doc.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        found
            .map(|_| ())
            .ok_or_else(|| StoreError::NotFound(doc.to_string()))
    }
}
