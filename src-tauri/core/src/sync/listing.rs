//! Reading the shared folder's layout, safely: only plain files directly inside
//! `.roundtable/v1/<device>/` and `assets/`, with names Roundtable could have written.
//! Links, `..`, hidden and temporary files are skipped, so nothing in the folder can make
//! Roundtable read or write outside it.

use std::path::{Path, PathBuf};

/// Where the segments live inside the folder.
pub const SEGMENTS_DIR: &str = ".roundtable/v1";

/// Where images live inside the folder.
pub const ASSETS_DIR: &str = "assets";

/// Where shared recordings live inside the folder.
pub const MEDIA_DIR: &str = "media";

/// A folder of the layout that is not a real folder. Sync refuses to go on: following a
/// link would make it read or write outside the shared folder, where a hostile or careless
/// folder could point it at anything.
#[derive(Debug, thiserror::Error)]
pub enum UnsafeFolder {
    /// A symbolic link where Roundtable expects a folder.
    #[error(
        "{0} is a symbolic link; Roundtable follows no links inside the sync folder (one could make it write elsewhere): replace it with a real folder, or remove it"
    )]
    Link(PathBuf),
    /// A file (or something else) where Roundtable expects a folder.
    #[error("{0} should be a folder but is not: move it out of the sync folder")]
    NotAFolder(PathBuf),
    /// The folder could not be looked at or created.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// `root/rel`, checked component by component below `root`: each must be a real folder,
/// never a link. `Ok(None)` when a component does not exist (yet). The root itself may be a
/// link: the user chose it.
pub fn real_dir(root: &Path, rel: &str) -> Result<Option<PathBuf>, UnsafeFolder> {
    let mut path = root.to_owned();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(UnsafeFolder::Link(path)),
            Ok(m) if !m.is_dir() => return Err(UnsafeFolder::NotAFolder(path)),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(UnsafeFolder::Io { path, source }),
        }
    }
    Ok(Some(path))
}

/// Like [`real_dir`], creating the missing components one at a time (never
/// `create_dir_all`, which would follow a link in the middle).
pub fn make_real_dir(root: &Path, rel: &str) -> Result<PathBuf, UnsafeFolder> {
    let mut done = String::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        if !done.is_empty() {
            done.push('/');
        }
        done.push_str(part);
        if real_dir(root, &done)?.is_none() {
            let path = root.join(&done);
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                // Made meanwhile by a concurrent sync: checked again below.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => return Err(UnsafeFolder::Io { path, source }),
            }
            if real_dir(root, &done)?.is_none() {
                return Err(UnsafeFolder::Io {
                    path,
                    source: std::io::ErrorKind::NotFound.into(),
                });
            }
        }
    }
    Ok(root.join(rel))
}

/// One candidate segment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    /// Path inside the folder, `/`-separated (`.roundtable/v1/<device>/<name>`).
    pub path: String,
    /// The device folder it is in.
    pub device: String,
    /// Length in bytes.
    pub length: u64,
    /// Modification time, ms since the Unix epoch.
    pub modified_ms: u64,
}

/// What is in the folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Segment files (conflict copies made by sync tools included).
    pub segments: Vec<ListedFile>,
    /// Device folders that have a device record.
    pub devices: Vec<String>,
    /// Asset file names in `assets/`.
    pub assets: Vec<String>,
    /// Recordings in `media/` (`path` is `media/<sha256>.<ext>`; `device` is empty).
    pub media: Vec<ListedFile>,
    /// Temporary files (`.<name>.<pid>.tmp`) a sync leaves behind when it is killed between
    /// writing and renaming, with the device that wrote each: the device folder's, or in
    /// `assets/` the one named in the file (`.<name>.<device>.<pid>.tmp`). Temporaries of
    /// unknown origin are not listed: nobody may remove them.
    pub temporaries: Vec<ListedFile>,
    /// Entries skipped as unsafe or foreign, for the report.
    pub skipped: Vec<String>,
}

/// A device id as Roundtable writes them: hex, dashes, and `~` for re-keyed ids.
pub fn valid_device(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 80
        && name
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '-' || c == '~')
}

/// An asset name as the asset store makes them: `<64 hex>.<ext>`.
pub fn valid_asset(name: &str) -> bool {
    let Some((hash, ext)) = name.split_once('.') else {
        return false;
    };
    hash.len() == 64
        && hash.chars().all(|c| c.is_ascii_hexdigit())
        && matches!(ext, "png" | "jpg" | "gif" | "webp")
}

/// A recording's name as sync writes them: `<64 lowercase hex>.<ext>` with the extension of
/// a type Roundtable plays.
pub fn valid_media(name: &str) -> bool {
    let Some((hash, ext)) = name.split_once('.') else {
        return false;
    };
    crate::ops::valid_sha256(hash) && crate::media::MediaType::from_extension(ext).is_some()
}

/// A segment file name, conflict copies included (`….ops`, `… (1).ops`,
/// `….sync-conflict-….ops`, `…ops (conflicted copy …)`), never a hidden or temporary file.
pub fn segment_like(name: &str) -> bool {
    !name.starts_with('.')
        && !name.ends_with(".tmp")
        && name.contains(".ops")
        && !name.contains('/')
}

/// A temporary file as sync writes them: `.<name>.<pid>.tmp` in a device folder,
/// `.<name>.<device>.<pid>.tmp` anywhere. Returns the device named in it, if any.
pub fn temporary(name: &str) -> Option<Option<&str>> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, pid) = inner.rsplit_once('.')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        rest.rsplit_once('.')
            .map(|(_, device)| device)
            .filter(|d| valid_device(d) && d.len() >= 8),
    )
}

fn modified_ms(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as u64)
}

/// Lists the folder. A missing folder or subfolder lists as empty; a link (or a file) where
/// a folder of the layout should be is refused.
pub fn scan(root: &Path) -> Result<Listing, UnsafeFolder> {
    let mut listing = Listing::default();
    let assets = real_dir(root, ASSETS_DIR)?;
    let media = real_dir(root, MEDIA_DIR)?;
    if let Some(segments) = real_dir(root, SEGMENTS_DIR)?
        && let Ok(entries) = std::fs::read_dir(&segments)
    {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if !meta.is_dir() || !valid_device(&name) {
                if !name.starts_with('.') {
                    listing.skipped.push(format!("{SEGMENTS_DIR}/{name}"));
                }
                continue;
            }
            let Ok(files) = std::fs::read_dir(entry.path()) else {
                continue;
            };
            for file in files.flatten() {
                let file_name = file.file_name().to_string_lossy().into_owned();
                let Ok(fmeta) = std::fs::symlink_metadata(file.path()) else {
                    continue;
                };
                if fmeta.is_file() && temporary(&file_name).is_some() {
                    // Whatever device it names: only this device writes in its folder.
                    listing.temporaries.push(ListedFile {
                        path: format!("{SEGMENTS_DIR}/{name}/{file_name}"),
                        device: name.clone(),
                        length: fmeta.len(),
                        modified_ms: modified_ms(&fmeta),
                    });
                    continue;
                }
                if !fmeta.is_file() {
                    if !file_name.starts_with('.') {
                        listing
                            .skipped
                            .push(format!("{SEGMENTS_DIR}/{name}/{file_name}"));
                    }
                    continue;
                }
                if file_name == "device.json" {
                    listing.devices.push(name.clone());
                } else if segment_like(&file_name) {
                    listing.segments.push(ListedFile {
                        path: format!("{SEGMENTS_DIR}/{name}/{file_name}"),
                        device: name.clone(),
                        length: fmeta.len(),
                        modified_ms: modified_ms(&fmeta),
                    });
                }
            }
        }
    }
    if let Some(assets) = assets
        && let Ok(entries) = std::fs::read_dir(assets)
    {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            if valid_asset(&name) {
                listing.assets.push(name);
            } else if let Some(Some(device)) = temporary(&name) {
                listing.temporaries.push(ListedFile {
                    path: format!("{ASSETS_DIR}/{name}"),
                    device: device.to_owned(),
                    length: meta.len(),
                    modified_ms: modified_ms(&meta),
                });
            }
        }
    }
    if let Some(media) = media
        && let Ok(entries) = std::fs::read_dir(media)
    {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let file = |device: &str| ListedFile {
                path: format!("{MEDIA_DIR}/{name}"),
                device: device.to_owned(),
                length: meta.len(),
                modified_ms: modified_ms(&meta),
            };
            if valid_media(&name) {
                listing.media.push(file(""));
            } else if let Some(Some(device)) = temporary(&name) {
                listing.temporaries.push(file(device));
            }
        }
    }
    listing.segments.sort_by(|a, b| a.path.cmp(&b.path));
    listing.media.sort_by(|a, b| a.path.cmp(&b.path));
    listing.devices.sort();
    listing.assets.sort();
    listing.temporaries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        let dev = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            temporary(".000000000001-000000000005.ops.4242.tmp"),
            Some(None)
        );
        assert_eq!(temporary(".device.json.17.tmp"), Some(None));
        assert_eq!(
            temporary(&format!(".{}.png.{dev}.17.tmp", "a".repeat(64))),
            Some(Some(dev))
        );
        assert_eq!(temporary("000001.ops.17.tmp"), None); // not hidden
        assert_eq!(temporary(".x.ops.17x.tmp"), None); // no pid
        assert_eq!(temporary(".x.ops.tmp"), None);
        assert_eq!(temporary(".x.ops.17"), None);
    }
}
