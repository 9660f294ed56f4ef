//! Carrying out a sync plan against a real library and folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::listing::{self, SEGMENTS_DIR};
use super::plan::{Local, Step, plan};
use super::segment::{self, SegmentError};
use crate::ops::Hlc;
use crate::store::{Library, MAX_SKEW_MS, StoreError, VerifiedFile};

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
    Ok(Local {
        device: lib.device().to_owned(),
        own,
        verified: lib.verified_files(key)?,
        assets,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// readers (and the sync tool) never see half a file under the final name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    let err = |source| SyncError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

fn modified_ms(path: &Path) -> u64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as u64)
}

/// Syncs the library with the folder once: reads what peers wrote, writes what they lack.
pub fn sync(lib: &mut Library, folder: &Path) -> Result<SyncReport, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::NoFolder(folder.to_owned()));
    }
    let key = folder_key(folder);
    let mut report = SyncReport::default();
    let listed = listing::scan(folder).map_err(|source| SyncError::Write {
        path: folder.to_owned(),
        source,
    })?;
    report.warnings.extend(
        listed
            .skipped
            .iter()
            .map(|p| format!("skipped {p}: not something Roundtable writes")),
    );
    let limit = Hlc::now_ms() + MAX_SKEW_MS;

    // Reads first: what peers wrote may change our device id (a cloned library).
    for step in plan(&local(lib, &key)?, &listed) {
        match step {
            Step::Read(file) => {
                let path = folder.join(&file.path);
                let Ok(bytes) = std::fs::read(&path) else {
                    report.pending.push(file.path.clone());
                    continue;
                };
                match segment::decode(&bytes) {
                    Ok(seg) if seg.header.device == file.device => {
                        if let Some(op) = seg.ops.iter().find(|op| op.hlc.wall > limit) {
                            report.warnings.push(format!(
                                "device {}'s clock is {} minutes ahead; its edits are kept and ordered as stamped",
                                file.device,
                                (op.hlc.wall - Hlc::now_ms()) / 60_000
                            ));
                        }
                        let (added, cloned) = lib.ingest_foreign(seg.ops)?;
                        if cloned {
                            report.warnings.push(format!(
                                "another library was writing as this device ({}); this library now writes as {}, and both libraries' edits are kept",
                                file.device,
                                lib.device()
                            ));
                        }
                        report.segments_read += 1;
                        report.ops_received += added as u32;
                        lib.record_verified(
                            &key,
                            &file.path,
                            &VerifiedFile {
                                length: file.length,
                                modified_ms: file.modified_ms,
                                device: seg.header.device.clone(),
                                first: seg.header.first,
                                last: seg.header.last,
                            },
                        )?;
                    }
                    Ok(seg) => report.warnings.push(format!(
                        "skipped {}: it holds ops of device {}",
                        file.path, seg.header.device
                    )),
                    Err(SegmentError::Incomplete(_)) => report.pending.push(file.path.clone()),
                    Err(e @ SegmentError::Invalid(_)) => {
                        report.warnings.push(format!("skipped {}: {e}", file.path));
                    }
                }
            }
            Step::Forget(path) => lib.forget_verified(&key, &path)?,
            Step::ImportAsset(name) => {
                let Ok(bytes) = std::fs::read(folder.join("assets").join(&name)) else {
                    continue;
                };
                // The name is the content's hash: a copy still arriving does not match yet.
                match lib.put_asset(&bytes) {
                    Ok(stored) if stored == name => report.assets_copied += 1,
                    Ok(_) | Err(_) => report.pending.push(format!("assets/{name}")),
                }
            }
            _ => {}
        }
    }

    // Then writes, planned again against the library as the reads left it.
    for step in plan(&local(lib, &key)?, &listed) {
        match step {
            Step::Write {
                device,
                first,
                last,
            } => {
                let ops = lib.ops_of_device(&device, first, last)?;
                let (Some(a), Some(b)) = (ops.first(), ops.last()) else {
                    continue;
                };
                let (first, last) = (a.id.counter, b.id.counter);
                let bytes = segment::encode(&device, &ops);
                let rel = format!(
                    "{SEGMENTS_DIR}/{device}/{}",
                    segment::file_name(first, last)
                );
                let path = folder.join(&rel);
                // Never replace a file with other content (a peer's, under a cloned id).
                let (rel, path) = match std::fs::read(&path) {
                    Ok(existing) if existing != bytes => {
                        let alt = format!("{rel}.{}", lib.device());
                        let alt_path = folder.join(&alt);
                        (alt, alt_path)
                    }
                    _ => (rel, path),
                };
                write_atomically(&path, &bytes)?;
                lib.record_verified(
                    &key,
                    &rel,
                    &VerifiedFile {
                        length: bytes.len() as u64,
                        modified_ms: modified_ms(&path),
                        device: device.clone(),
                        first,
                        last,
                    },
                )?;
                report.segments_written += 1;
                report.ops_sent += ops.len() as u32;
            }
            Step::WriteDeviceRecord => {
                let record = serde_json::json!({
                    "format": "roundtable.device",
                    "version": 1,
                    "device": lib.device(),
                });
                let path = folder
                    .join(SEGMENTS_DIR)
                    .join(lib.device())
                    .join("device.json");
                write_atomically(&path, record.to_string().as_bytes())?;
            }
            Step::ExportAsset(name) => {
                let Ok((bytes, _)) = lib.asset(&name) else {
                    continue;
                };
                write_atomically(&folder.join("assets").join(&name), &bytes)?;
                report.assets_copied += 1;
            }
            _ => {}
        }
    }
    // What was received is committed (durable in the WAL); folding it into the main file
    // can wait until the pass is over.
    lib.checkpoint()?;
    let own = lib.own_devices()?;
    report.peers = listed
        .devices
        .iter()
        .filter(|d| !own.contains(d))
        .cloned()
        .collect();
    Ok(report)
}
