//! Carrying out a sync plan against a real library and folder.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use ts_rs::TS;

use super::listing::{self, ASSETS_DIR, MEDIA_DIR, SEGMENTS_DIR, UnsafeFolder};
use super::plan::{Local, LocalRecording, RECORDING_CHECKED, Step, plan};
use super::recordings::{CopyError, copy_checked, verify};
use super::segment::{self, Segment, SegmentError};
use crate::ops::{Hlc, SharedRecording};
use crate::store::{Library, MAX_ASSET_BYTES, MAX_SKEW_MS, StoreError, VerifiedFile};

/// Why a sync could not run at all. Problems with single files are not errors: they go
/// into the report and the file is tried again next time.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The folder is not there or not a folder.
    #[error("sync folder {0} does not exist or is not a folder")]
    NoFolder(PathBuf),
    /// Writing to the folder failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A folder of the layout is a link or not a folder.
    #[error(transparent)]
    Unsafe(#[from] UnsafeFolder),
    /// The library failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct SyncReport {
    /// Other devices seen in the folder.
    pub peers: Vec<String>,
    /// Segment files read and verified.
    pub segments_read: u32,
    /// Ops from them that were new here.
    pub ops_received: u32,
    /// Segment files written.
    pub segments_written: u32,
    /// Ops in them.
    pub ops_sent: u32,
    /// Files still arriving (short or checksum not matching yet): tried again next time.
    pub pending: Vec<String>,
    /// Images copied either way.
    pub assets_copied: u32,
    /// Shared recordings copied either way.
    #[serde(default)]
    pub recordings_copied: u32,
    /// Things the user may want to know: skipped entries, clock skew, a cloned library.
    pub warnings: Vec<String>,
}

/// What the app shows about sync after every pass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct SyncStatus {
    /// The linked folder, if any.
    pub folder: Option<String>,
    /// The last pass, if one ran.
    pub report: Option<SyncReport>,
    /// Why the last pass failed, if it did.
    pub error: Option<crate::IpcError>,
    /// When the last pass ended, ms since the Unix epoch.
    #[ts(type = "number")]
    pub last_ms: u64,
}

fn folder_key(folder: &Path) -> String {
    folder.display().to_string()
}

fn local(lib: &Library, key: &str) -> Result<Local, StoreError> {
    let mut own = Vec::new();
    for device in lib.own_devices()? {
        let ranges = lib.counter_ranges(&device)?;
        own.push((device, ranges));
    }
    let assets = std::fs::read_dir(lib.assets_dir())
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| listing::valid_asset(n))
                .collect()
        })
        .unwrap_or_default();
    let mut recordings = Vec::new();
    for r in lib.shared_recordings()? {
        let Some(name) = r.stored_name() else {
            continue;
        };
        recordings.push(LocalRecording {
            name,
            size: r.size,
            here: lib.recording_file(&r.sha256)?.is_some(),
        });
    }
    Ok(Local {
        device: lib.device().to_owned(),
        own,
        verified: lib.verified_files(key)?,
        assets,
        recordings,
        unshared: lib.unshared_recordings()?,
        now_ms: Hlc::now_ms(),
    })
}

/// The shared recording a file of the folder's `media/` is (by its name).
fn shared_named(shared: &[SharedRecording], path: &str) -> Option<SharedRecording> {
    let name = path.rsplit('/').next()?;
    shared
        .iter()
        .find(|r| r.stored_name().as_deref() == Some(name))
        .cloned()
}

/// How a recording checked in the folder is remembered, by its length and time.
fn checked_recording(length: u64, modified_ms: u64) -> VerifiedFile {
    VerifiedFile {
        length,
        modified_ms,
        device: RECORDING_CHECKED.into(),
        first: 0,
        last: 0,
    }
}

/// Writes a shared recording this computer has into the folder's `media/`, checked by its
/// hash on the way; remembers the copy as checked. A warning when the file here changed.
fn export_recording<L: LibraryAccess>(
    lib: &mut L,
    folder: &Path,
    key: &str,
    me: &str,
    r: &SharedRecording,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let Some(name) = r.stored_name() else {
        return Ok(());
    };
    let Some(from) = lib.with(|l| l.recording_file(&r.sha256))? else {
        return Ok(());
    };
    let dir = listing::make_real_dir(folder, MEDIA_DIR)?;
    let tmp = format!(".{name}.{me}.{}.tmp", std::process::id());
    match copy_checked(&from, &dir, &tmp, &name, &r.sha256, r.size) {
        Ok(path) => {
            let rel = format!("{MEDIA_DIR}/{name}");
            let checked = checked_recording(r.size, modified_ms(&path));
            lib.with(|l| l.record_verified(key, &rel, &checked))?;
            report.recordings_copied += 1;
        }
        Err(e @ CopyError::Mismatch { .. }) => report.warnings.push(format!(
            "did not share the recording {}: the file {} changed since it was attached ({e}); attach it again",
            r.file_name,
            from.display()
        )),
        Err(CopyError::Io { path, source }) => return Err(SyncError::Write { path, source }),
    }
    Ok(())
}

/// Writes `bytes` to `folder/dir/name` through a temporary file in the same folder and a
/// rename, so readers (and the sync tool) never see half a file under the final name. Every
/// folder on the way is checked (and made) link by link; the temporary file is created new,
/// so a link planted under its name is never followed; the rename replaces a link planted
/// under the final name rather than writing through it.
fn write_atomically(
    folder: &Path,
    dir: &str,
    name: &str,
    owner: &str,
    bytes: &[u8],
) -> Result<PathBuf, SyncError> {
    let dir = listing::make_real_dir(folder, dir)?;
    let path = dir.join(name);
    let err = |source| SyncError::Write {
        path: path.clone(),
        source,
    };
    // The owner in the name lets this device find and remove its own temporaries in shared
    // folders (`assets/`) after a kill (`listing::temporary`).
    let tmp = dir.join(format!(".{name}.{owner}.{}.tmp", std::process::id()));
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
    };
    let result = (|| {
        let mut f = match create() {
            // Left by a killed sync of an earlier process with this pid.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&tmp)?;
                create()?
            }
            other => other?,
        };
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)?;
    Ok(path)
}

/// The bytes of a plain file, never through a link; `None` when it is not a plain file.
fn read_plain(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

fn modified_ms(path: &Path) -> u64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as u64)
}

/// Access to the library for the length of one closure. The app's library sits behind the
/// lock every window command takes; sync takes it only around library work and never while
/// it reads or writes the folder, so a slow share or a huge file in the folder never keeps a
/// save or an undo waiting.
pub trait LibraryAccess {
    /// Runs `f` with the library.
    fn with<T>(&mut self, f: impl FnOnce(&mut Library) -> T) -> T;
}

impl LibraryAccess for Library {
    fn with<T>(&mut self, f: impl FnOnce(&mut Library) -> T) -> T {
        f(self)
    }
}

impl LibraryAccess for &Mutex<Library> {
    fn with<T>(&mut self, f: impl FnOnce(&mut Library) -> T) -> T {
        // A panic in another holder leaves the library as its last transaction left it:
        // transactions are all-or-nothing, so it is still consistent.
        let mut lib = self.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut lib)
    }
}

/// How much of a file is read to find a segment's header line. Headers are about 250 bytes.
const HEADER_MAX: u64 = 64 * 1024;

/// Reads a segment file without trusting it: the header line first, and the rest only when
/// the file is exactly as long as its header says. A file that is not a segment (a 500 MB
/// video dropped into the folder) or not complete yet is never read whole.
fn read_segment(path: &Path) -> Result<Segment, SegmentError> {
    let incomplete = |e: std::io::Error| SegmentError::Incomplete(e.to_string());
    let meta = std::fs::symlink_metadata(path).map_err(incomplete)?;
    if !meta.is_file() {
        return Err(SegmentError::Invalid("not a plain file".into()));
    }
    let mut reader = BufReader::new(File::open(path).map_err(incomplete)?);
    let mut bytes = Vec::new();
    (&mut reader)
        .take(HEADER_MAX)
        .read_until(b'\n', &mut bytes)
        .map_err(incomplete)?;
    let total = segment::check_head(&bytes, meta.len())?;
    bytes.reserve_exact((total as usize).saturating_sub(bytes.len()));
    // One byte more than expected shows a file that grew since it was looked at.
    reader
        .take(total - bytes.len() as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(incomplete)?;
    segment::decode(&bytes)
}

/// Syncs the library with the folder once: reads what peers wrote, writes what they lack.
pub fn sync(lib: &mut Library, folder: &Path) -> Result<SyncReport, SyncError> {
    sync_with(lib, folder)
}

/// How many ops read from segments are stored in one transaction: about ten segments, a
/// few hundred documents. The search index writes out what it buffered at the end of each
/// transaction, and each write is merged into the index later, so a transaction per segment
/// made a first sync of 10,000 documents spend most of its time merging the index; larger
/// groups hold more ops in memory at once.
const INGEST_OPS: usize = 50_000;

/// How many segments the reading thread may have read ahead of the one being stored.
const READ_AHEAD: usize = 2;

/// Segments read and not yet stored: their ops, and each file to record as read once they
/// are stored.
#[derive(Default)]
struct Received {
    ops: Vec<crate::ops::Op>,
    files: Vec<(String, VerifiedFile)>,
    /// The counters of the ops held, per device, as one range per segment.
    ranges: std::collections::HashMap<String, Vec<(u64, u64)>>,
}

/// The range of counters of each device's ops in `ops`; a re-keyed op (`<device>~<hash>`)
/// counts as its device's, whose op of the same counter it stands for.
fn counter_ranges(ops: &[crate::ops::Op]) -> std::collections::HashMap<&str, (u64, u64)> {
    let mut ranges = std::collections::HashMap::new();
    for op in ops {
        let device = op.id.device.split('~').next().unwrap_or_default();
        let r = ranges
            .entry(device)
            .or_insert((op.id.counter, op.id.counter));
        r.0 = r.0.min(op.id.counter);
        r.1 = r.1.max(op.id.counter);
    }
    ranges
}

impl Received {
    /// Whether `ops` may share an id with an op held: then they are stored apart, so that
    /// two ops under one id (a copied library, a forged segment) meet as a clash between
    /// what is stored and what arrives, which `Library::ingest_foreign` resolves.
    fn overlaps(&self, ops: &[crate::ops::Op]) -> bool {
        counter_ranges(ops).iter().any(|(device, &(first, last))| {
            self.ranges
                .get(*device)
                .is_some_and(|held| held.iter().any(|&(a, b)| first <= b && a <= last))
        })
    }

    fn add(&mut self, path: String, verified: VerifiedFile, ops: Vec<crate::ops::Op>) {
        for (device, range) in counter_ranges(&ops) {
            self.ranges
                .entry(device.to_owned())
                .or_default()
                .push(range);
        }
        self.ops.extend(ops);
        self.files.push((path, verified));
    }

    /// Stores the ops read so far in one transaction, and records their files as read.
    fn ingest<L: LibraryAccess>(
        &mut self,
        lib: &mut L,
        key: &str,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        if self.files.is_empty() {
            return Ok(());
        }
        let ops = std::mem::take(&mut self.ops);
        let files = std::mem::take(&mut self.files);
        self.ranges.clear();
        let (added, cloned, before, device) = lib.with(|l| {
            let before = l.device().to_owned();
            let (added, cloned) = l.ingest_foreign(ops)?;
            for (path, verified) in &files {
                l.record_verified(key, path, verified)?;
            }
            Ok::<_, StoreError>((added, cloned, before, l.device().to_owned()))
        })?;
        if cloned {
            report.warnings.push(format!(
                "another library was writing as this device ({before}); this library now writes as {device}, and both libraries' edits are kept",
            ));
        }
        report.segments_read += files.len() as u32;
        report.ops_received += added as u32;
        Ok(())
    }
}

/// [`sync`] with the library behind `lib`, taken only around library work (see
/// [`LibraryAccess`]).
pub fn sync_with<L: LibraryAccess>(lib: &mut L, folder: &Path) -> Result<SyncReport, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::NoFolder(folder.to_owned()));
    }
    let key = folder_key(folder);
    let mut report = SyncReport::default();
    let listed = listing::scan(folder)?;
    report.warnings.extend(
        listed
            .skipped
            .iter()
            .map(|p| format!("skipped {p}: not something Roundtable writes")),
    );
    let limit = Hlc::now_ms() + MAX_SKEW_MS;

    // Reads first: what peers wrote may change our device id (a cloned library).
    let first = lib.with(|l| local(l, &key))?;
    let mut received = Received::default();
    let steps = plan(&first, &listed);
    // Segments are read (from the disk, checked and decoded) by a thread of their own, a
    // few ahead, while this one stores those read before: on two cores a first sync of
    // 10,000 documents spent a tenth of its time reading.
    let paths: Vec<PathBuf> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Read(file) => Some(folder.join(&file.path)),
            _ => None,
        })
        .collect();
    std::thread::scope(|scope| -> Result<(), SyncError> {
        let (sender, reads) = std::sync::mpsc::sync_channel(READ_AHEAD);
        scope.spawn(move || {
            for path in paths {
                // Outside the library lock; only the ingest takes it. Stops when the loop below
                // does (an error), as its end of the channel is dropped.
                if sender.send(read_segment(&path)).is_err() {
                    break;
                }
            }
        });
        for step in steps {
            match step {
                Step::Read(file) => {
                    let Ok(read) = reads.recv() else {
                        // The reading thread ended early: read again next time.
                        report.pending.push(file.path.clone());
                        continue;
                    };
                    let junk = match read {
                        Ok(seg) if seg.header.device == file.device => Ok(seg),
                        Ok(seg) => Err(format!("it holds ops of device {}", seg.header.device)),
                        Err(SegmentError::Incomplete(_)) => {
                            report.pending.push(file.path.clone());
                            continue;
                        }
                        Err(e @ SegmentError::Invalid(_)) => Err(e.to_string()),
                    };
                    let seg = match junk {
                        Ok(seg) => seg,
                        Err(why) => {
                            // Remembered by length and time: not read again until it changes.
                            report
                                .warnings
                                .push(format!("skipped {}: {why}", file.path));
                            lib.with(|l| {
                                l.record_verified(
                                    &key,
                                    &file.path,
                                    &VerifiedFile::junk(file.length, file.modified_ms),
                                )
                            })?;
                            continue;
                        }
                    };
                    if let Some(op) = seg.ops.iter().find(|op| op.hlc.wall > limit) {
                        report.warnings.push(format!(
                        "device {}'s clock is {} minutes ahead; its edits are kept and ordered as stamped",
                        file.device,
                        (op.hlc.wall - Hlc::now_ms()) / 60_000
                    ));
                    }
                    let verified = VerifiedFile {
                        length: file.length,
                        modified_ms: file.modified_ms,
                        device: seg.header.device.clone(),
                        first: seg.header.first,
                        last: seg.header.last,
                    };
                    if received.overlaps(&seg.ops) {
                        received.ingest(lib, &key, &mut report)?;
                    }
                    received.add(file.path.clone(), verified, seg.ops);
                    if received.ops.len() >= INGEST_OPS {
                        received.ingest(lib, &key, &mut report)?;
                    }
                }
                Step::Forget(path) => {
                    received.ingest(lib, &key, &mut report)?;
                    lib.with(|l| l.forget_verified(&key, &path))?;
                }
                Step::ImportAsset(name) => {
                    received.ingest(lib, &key, &mut report)?;
                    let path = folder.join(ASSETS_DIR).join(&name);
                    // Too big to be an image Roundtable stores: not read at all.
                    let fits = std::fs::symlink_metadata(&path)
                        .is_ok_and(|m| m.is_file() && m.len() <= MAX_ASSET_BYTES as u64);
                    let Some(bytes) = fits.then(|| read_plain(&path)).flatten() else {
                        report.pending.push(format!("{ASSETS_DIR}/{name}"));
                        continue;
                    };
                    // The name is the content's hash: a copy still arriving does not match yet.
                    match lib.with(|l| l.put_asset(&bytes)) {
                        Ok(stored) if stored == name => report.assets_copied += 1,
                        Ok(_) | Err(_) => report.pending.push(format!("{ASSETS_DIR}/{name}")),
                    }
                }
                _ => {}
            }
        }

        received.ingest(lib, &key, &mut report)?;
        Ok(())
    })?;

    // Then writes (and fetching recordings, which the ops just read may have shared),
    // planned again against the library as the reads left it.
    let (steps, me, shared) = lib.with(|l| {
        // A recording shared in a document just received may be one this computer has.
        l.attach_shared_here()?;
        let loc = local(l, &key)?;
        Ok::<_, StoreError>((
            plan(&loc, &listed),
            l.device().to_owned(),
            l.shared_recordings()?,
        ))
    })?;
    for step in steps {
        match step {
            Step::ImportRecording(file) => {
                let Some(r) = shared_named(&shared, &file.path) else {
                    continue;
                };
                let (dir, me) = lib.with(|l| (l.media_dir(), l.device().to_owned()));
                let name = r.stored_name().unwrap_or_default();
                let tmp = format!(".{name}.{me}.{}.tmp", std::process::id());
                // Copied and hashed outside the library lock: a recording can be a gigabyte.
                let copied = std::fs::create_dir_all(&dir)
                    .map_err(|source| CopyError::Io {
                        path: dir.clone(),
                        source,
                    })
                    .and_then(|()| {
                        copy_checked(
                            &folder.join(&file.path),
                            &dir,
                            &tmp,
                            &name,
                            &r.sha256,
                            r.size,
                        )
                    });
                match copied {
                    Ok(copy) => {
                        let checked = checked_recording(file.length, file.modified_ms);
                        lib.with(|l| {
                            l.receive_recording(&r, &copy)?;
                            l.record_verified(&key, &file.path, &checked)
                        })?;
                        report.recordings_copied += 1;
                    }
                    Err(e @ CopyError::Mismatch { .. }) => {
                        // Remembered by length and time: not hashed again until it changes.
                        report.warnings.push(format!(
                            "refused {}: {e}; remove it from the shared folder, and a computer that has the recording writes it again",
                            file.path
                        ));
                        report.pending.push(file.path.clone());
                        lib.with(|l| {
                            l.record_verified(
                                &key,
                                &file.path,
                                &VerifiedFile::junk(file.length, file.modified_ms),
                            )
                        })?;
                    }
                    Err(CopyError::Io { .. }) => report.pending.push(file.path.clone()),
                }
            }
            Step::AwaitRecording(path) => report.pending.push(path),
            Step::ExportRecording(name) => {
                if let Some(r) = shared_named(&shared, &name) {
                    export_recording(lib, folder, &key, &me, &r, &mut report)?;
                }
            }
            Step::CheckRecording(file) => {
                let Some(r) = shared_named(&shared, &file.path) else {
                    continue;
                };
                match verify(&folder.join(&file.path), &r.sha256, r.size) {
                    Ok(()) => {
                        let checked = checked_recording(file.length, file.modified_ms);
                        lib.with(|l| l.record_verified(&key, &file.path, &checked))?;
                    }
                    Err(CopyError::Mismatch { .. }) => {
                        report.warnings.push(format!(
                            "{} in the shared folder was damaged; written again from this computer",
                            file.path
                        ));
                        export_recording(lib, folder, &key, &me, &r, &mut report)?;
                    }
                    // Still arriving, or gone meanwhile: looked at again next time.
                    Err(CopyError::Io { .. }) => {}
                }
            }
            Step::RemoveRecording(path) => {
                // Nobody shares it any more; gone already is as good as removed.
                let _ = std::fs::remove_file(folder.join(&path));
                lib.with(|l| l.forget_verified(&key, &path))?;
            }
            Step::Write {
                device,
                first,
                last,
            } => {
                let ops = lib.with(|l| l.ops_of_device(&device, first, last))?;
                let (Some(a), Some(b)) = (ops.first(), ops.last()) else {
                    continue;
                };
                let (first, last) = (a.id.counter, b.id.counter);
                let bytes = segment::encode(&device, &ops);
                let dir = format!("{SEGMENTS_DIR}/{device}");
                let mut name = segment::file_name(first, last);
                // Never replace a file with other content (a peer's, under a cloned id).
                if listing::real_dir(folder, &dir)?
                    .and_then(|d| read_plain(&d.join(&name)))
                    .is_some_and(|existing| existing != bytes)
                {
                    name = format!("{name}.{me}");
                }
                let rel = format!("{dir}/{name}");
                let path = write_atomically(folder, &dir, &name, &device, &bytes)?;
                let verified = VerifiedFile {
                    length: bytes.len() as u64,
                    modified_ms: modified_ms(&path),
                    device: device.clone(),
                    first,
                    last,
                };
                lib.with(|l| l.record_verified(&key, &rel, &verified))?;
                report.segments_written += 1;
                report.ops_sent += ops.len() as u32;
            }
            Step::WriteDeviceRecord => {
                let record = serde_json::json!({
                    "format": "roundtable.device",
                    "version": 1,
                    "device": me,
                });
                let dir = format!("{SEGMENTS_DIR}/{me}");
                write_atomically(
                    folder,
                    &dir,
                    "device.json",
                    &me,
                    record.to_string().as_bytes(),
                )?;
            }
            Step::ExportAsset(name) => {
                // The library's own image store, not the shared folder.
                let Ok((bytes, _)) = lib.with(|l| l.asset(&name)) else {
                    continue;
                };
                write_atomically(folder, ASSETS_DIR, &name, &me, &bytes)?;
                report.assets_copied += 1;
            }
            Step::RemoveTemporary(path) => {
                // Gone already (another process of this library) is as good as removed.
                let _ = std::fs::remove_file(folder.join(path));
            }
            _ => {}
        }
    }
    // What was received is committed (durable in the WAL); folding it into the main file
    // can wait until the pass is over.
    let own = lib.with(|l| {
        l.checkpoint()?;
        l.own_devices()
    })?;
    report.peers = listed
        .devices
        .iter()
        .filter(|d| !own.contains(d))
        .cloned()
        .collect();
    Ok(report)
}
