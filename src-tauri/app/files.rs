//! Reading and writing the files the user picks in a dialog (or drops on the window).
//!
//! The paths come from the webview, so what may be done with them is narrow: files are read
//! only up to a size limit, and exports are written only under a name ending in the format's
//! extension, through a temporary file and a rename (no half-written file on failure).

use std::io::{Read, Write};
use std::path::Path;

use roundtable_core::export::ExportFormat;
use roundtable_core::progress::{Progress, Reporter, Stage};
use roundtable_core::{ErrorCode, IpcError};

/// The largest image file read (the asset store refuses larger ones too).
pub const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Io,
        format!("cannot {what} {}: {e}", path.display()),
    )
}

/// The bytes of `path`, refused when it is larger than `limit`.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, IpcError> {
    read_limited_reporting(path, limit, &mut |_| {})
}

/// How much is read between two progress reports: small enough for a bar to move on a slow
/// disk, large enough that reporting costs nothing.
const READ_CHUNK: usize = 256 * 1024;

/// [`read_limited`], reporting the bytes read so far ([`Stage::Reading`], of the file's size).
pub fn read_limited_reporting(
    path: &Path,
    limit: u64,
    report: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, IpcError> {
    let file = std::fs::File::open(path).map_err(|e| io_error(path, "open", &e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size.min(limit + 1) as usize);
    let mut reader = file.take(limit + 1);
    let mut reading = Reporter::start(report, Stage::Reading, size.min(limit + 1));
    let mut chunk = vec![0; READ_CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(path, "read", &e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        reading.at(bytes.len() as u64);
    }
    if bytes.len() as u64 > limit {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is larger than {} MB",
                path.display(),
                limit / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// Whether `path` is named like a file of `format` (`.md`/`.markdown`, `.html`/`.htm`,
/// `.docx`, `.json`).
pub fn has_export_extension(path: &Path, format: ExportFormat) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let allowed: &[&str] = match format {
        ExportFormat::Markdown => &["md", "markdown"],
        ExportFormat::Html | ExportFormat::WechatHtml => &["html", "htm"],
        ExportFormat::Docx => &["docx"],
        ExportFormat::Json => &["json"],
    };
    ext.is_some_and(|e| allowed.contains(&e.as_str()))
}

/// Writes an export to `path` through a temporary file in the same folder and a rename.
pub fn write_export(path: &Path, format: ExportFormat, bytes: &[u8]) -> Result<(), IpcError> {
    if !has_export_extension(path, format) {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} does not end in .{}; exports are written only to files named for their format",
                path.display(),
                if format == ExportFormat::WechatHtml {
                    "html"
                } else {
                    format.extension()
                }
            ),
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.roundtable-tmp"));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(path, "write", &e)
    })
}

/// Writes `pictures` into `folder` (created), each file new: an existing file is an error,
/// never overwritten. `bytes` reads an asset.
pub fn write_pictures<E: Into<IpcError>>(
    folder: &Path,
    pictures: &[roundtable_core::export::NumberedPicture],
    bytes: impl Fn(&str) -> Result<Vec<u8>, E>,
) -> Result<(), IpcError> {
    let io = |e: std::io::Error, what: &Path| {
        IpcError::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", what.display()),
        )
    };
    std::fs::create_dir_all(folder).map_err(|e| io(e, folder))?;
    for p in pictures {
        let path = folder.join(&p.file_name);
        let data = bytes(&p.asset).map_err(Into::into)?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io(e, &path))?;
        f.write_all(&data).map_err(|e| io(e, &path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_must_match_the_format() {
        let check = |name: &str, format, ok: bool| {
            assert_eq!(has_export_extension(Path::new(name), format), ok, "{name}");
        };
        check("a.md", ExportFormat::Markdown, true);
        check("/x/A.MARKDOWN", ExportFormat::Markdown, true);
        check("a.html", ExportFormat::Html, true);
        check("a.htm", ExportFormat::Html, true);
        check("a.json", ExportFormat::Json, true);
        check("a.md", ExportFormat::Json, false);
        check(".bashrc", ExportFormat::Markdown, false);
        check("a", ExportFormat::Html, false);
    }

    #[test]
    fn writes_and_refuses() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let ok = dir.path().join("out.md");
        write_export(&ok, ExportFormat::Markdown, b"# hi\n")?;
        assert_eq!(std::fs::read(&ok)?, b"# hi\n");
        let bad = dir.path().join("out.sh");
        let err = write_export(&bad, ExportFormat::Markdown, b"x").err();
        assert_eq!(err.map(|e| e.code), Some(ErrorCode::InvalidInput));
        assert!(!bad.exists());
        // Only the export itself is left: no temporary file.
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        let big = dir.path().join("big.txt");
        std::fs::write(&big, vec![b'a'; 2048])?;
        assert!(read_limited(&big, 1024).is_err());
        assert_eq!(read_limited(&big, 4096)?.len(), 2048);
        Ok(())
    }

    #[test]
    fn reading_reports_the_bytes_read_up_to_the_size() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.txt");
        let size = 10 * READ_CHUNK + 123;
        std::fs::write(&path, vec![b'a'; size])?;
        let mut seen = Vec::new();
        let bytes = read_limited_reporting(&path, 64 * 1024 * 1024, &mut |p| seen.push(p))?;
        assert_eq!(bytes.len(), size);
        assert!(
            seen.iter()
                .all(|p| p.stage == Stage::Reading && p.total == size as u64)
        );
        let done: Vec<u64> = seen.iter().map(|p| p.done).collect();
        assert_eq!(done.first(), Some(&0));
        assert_eq!(done.last(), Some(&(size as u64)));
        assert!(done.windows(2).all(|w| w[0] < w[1]), "{done:?}");
        assert!(done.len() >= 10, "one report per chunk at least: {done:?}");
        Ok(())
    }
}
