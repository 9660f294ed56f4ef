//! Carrying a shared recording's file between the library and the shared folder: copied a
//! megabyte at a time under a temporary name, hashed on the way, and renamed to its final
//! name only when the content is the one its name says. A recording can be a gigabyte:
//! it is never read whole, and never held in memory.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why a recording was not copied.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The content is not what the name says: a damaged or foreign file, or one still
    /// being written in place.
    #[error(
        "its content does not match its name (SHA-256 {found}…, {length} bytes; expected {expected}…, {size} bytes), so it was not used"
    )]
    Mismatch {
        /// The first hex digits of the hash found.
        found: String,
        /// The first hex digits of the hash expected.
        expected: String,
        /// The bytes read.
        length: u64,
        /// The size expected.
        size: u64,
    },
    /// Reading or writing failed.
    #[error("cannot copy {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

const CHUNK: usize = 1 << 20;

/// Hashes `from`, a plain file (never through a link), a megabyte at a time, writing the
/// bytes to `to` as it goes when given. Returns the SHA-256 (hex) and the length.
fn hash_file(from: &Path, mut to: Option<&mut File>) -> Result<(String, u64), CopyError> {
    let io = |source| CopyError::Io {
        path: from.to_owned(),
        source,
    };
    let meta = std::fs::symlink_metadata(from).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other("not a plain file")));
    }
    let mut file = File::open(from).map_err(io)?;
    let mut buf = vec![0u8; CHUNK];
    let mut hasher = Sha256::new();
    let mut length = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        if let Some(out) = to.as_deref_mut() {
            out.write_all(&buf[..n]).map_err(io)?;
        }
        length += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, length))
}

fn check(found: String, length: u64, sha256: &str, size: u64) -> Result<(), CopyError> {
    if found == sha256 && length == size {
        return Ok(());
    }
    Err(CopyError::Mismatch {
        found: found[..12].to_owned(),
        expected: sha256.chars().take(12).collect(),
        length,
        size,
    })
}

/// Whether the file at `path` has the content `sha256` and `size`.
pub fn verify(path: &Path, sha256: &str, size: u64) -> Result<(), CopyError> {
    let (found, length) = hash_file(path, None)?;
    check(found, length, sha256, size)
}

/// Copies `from` into the folder `dir` as `name` through the temporary file `tmp` (in the
/// same folder, created new so that a link planted under its name is never followed),
/// checking on the way that the content is `sha256` and `size` bytes. Nothing is left
/// under either name when it is not.
pub fn copy_checked(
    from: &Path,
    dir: &Path,
    tmp: &str,
    name: &str,
    sha256: &str,
    size: u64,
) -> Result<PathBuf, CopyError> {
    let tmp = dir.join(tmp);
    let path = dir.join(name);
    let io = |source| CopyError::Io {
        path: tmp.clone(),
        source,
    };
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
    };
    let mut out = match create() {
        // Left by a killed copy of an earlier process with this pid.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp).map_err(io)?;
            create().map_err(io)?
        }
        other => other.map_err(io)?,
    };
    let result = hash_file(from, Some(&mut out))
        .and_then(|(found, length)| check(found, length, sha256, size))
        .and_then(|()| out.sync_all().map_err(io))
        .and_then(|()| {
            std::fs::rename(&tmp, &path).map_err(|source| CopyError::Io {
                path: path.clone(),
                source,
            })
        });
    drop(out);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| path)
}
