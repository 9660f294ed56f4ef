//! Reading the shared folder's layout, safely: only plain files directly inside
//! `.roundtable/v1/<device>/` and `assets/`, with names Roundtable could have written.
//! Links, `..`, hidden and temporary files are skipped, so nothing in the folder can make
//! Roundtable read or write outside it.

use std::path::Path;

/// Where the segments live inside the folder.
pub const SEGMENTS_DIR: &str = ".roundtable/v1";

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

/// A segment file name, conflict copies included (`….ops`, `… (1).ops`,
/// `….sync-conflict-….ops`, `…ops (conflicted copy …)`), never a hidden or temporary file.
pub fn segment_like(name: &str) -> bool {
    !name.starts_with('.')
        && !name.ends_with(".tmp")
        && name.contains(".ops")
        && !name.contains('/')
}

fn modified_ms(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as u64)
}

/// Lists the folder. A missing folder or subfolder lists as empty.
pub fn scan(root: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    let segments = root.join(SEGMENTS_DIR);
    if let Ok(entries) = std::fs::read_dir(&segments) {
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
    if let Ok(entries) = std::fs::read_dir(root.join("assets")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = std::fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file());
            if is_file && valid_asset(&name) {
                listing.assets.push(name);
            }
        }
    }
    listing.segments.sort_by(|a, b| a.path.cmp(&b.path));
    listing.devices.sort();
    listing.assets.sort();
    Ok(listing)
}
