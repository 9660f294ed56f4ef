//! The asset store: images kept beside the library in `assets/`, named by the SHA-256 of
//! their content (so the same picture is stored once, and names never conflict in sync).
//! The type is read from the bytes, never from a file name.

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::Library;
use crate::progress::{Progress, Reporter, Stage};

/// The image types the asset store accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
}

impl ImageType {
    /// The type the bytes are, by their signature.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageType::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else {
            None
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Png => "png",
            ImageType::Jpeg => "jpg",
            ImageType::Gif => "gif",
            ImageType::Webp => "webp",
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Gif => "image/gif",
            ImageType::Webp => "image/webp",
        }
    }
}

/// Why an image could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// Not an image type Roundtable keeps.
    #[error("not a PNG, JPEG, GIF or WebP image (the content is checked, not the name)")]
    NotAnImage,
    /// Larger than the limit.
    #[error("the image is {0} MB; images up to 50 MB are kept")]
    TooLarge(usize),
    /// A name that is not one the store made.
    #[error("no image {0:?} in the library's assets")]
    UnknownName(String),
    /// The file system failed.
    #[error("cannot write the image to {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// The largest image the library stores, in bytes.
pub const MAX_ASSET_BYTES: usize = 50 * 1024 * 1024;

impl Library {
    /// The folder holding this library's images.
    pub fn assets_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("assets"), |d| d.join("assets"))
    }

    /// Stores an image and returns its name (`<sha256>.<ext>`), the value of an image
    /// block's `asset`. Storing the same bytes twice gives the same name and writes once.
    pub fn put_asset(&self, bytes: &[u8]) -> Result<String, AssetError> {
        if bytes.len() > MAX_ASSET_BYTES {
            return Err(AssetError::TooLarge(bytes.len() / (1024 * 1024)));
        }
        let kind = ImageType::sniff(bytes).ok_or(AssetError::NotAnImage)?;
        let hash = Sha256::digest(bytes);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{hex}.{}", kind.extension());
        let dir = self.assets_dir();
        let path = dir.join(&name);
        if path.exists() {
            return Ok(name);
        }
        let io = |source| AssetError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        // Write under a temporary name and rename: a crash never leaves half an image
        // under its final name.
        let tmp = dir.join(format!(".{name}.tmp"));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(io)?;
        Ok(name)
    }

    /// The bytes and type of a stored image.
    pub fn asset(&self, name: &str) -> Result<(Vec<u8>, ImageType), AssetError> {
        let valid = name.len() <= 80
            && name
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == '.' || c.is_ascii_lowercase())
            && !name.starts_with('.')
            && name.matches('.').count() == 1;
        if !valid {
            return Err(AssetError::UnknownName(name.to_owned()));
        }
        let path = self.assets_dir().join(name);
        let bytes = std::fs::read(&path).map_err(|_| AssetError::UnknownName(name.to_owned()))?;
        let kind =
            ImageType::sniff(&bytes).ok_or_else(|| AssetError::UnknownName(name.to_owned()))?;
        Ok((bytes, kind))
    }
}

impl Library {
    /// Puts the pictures an importer returned (a Word file's images) in the asset store and
    /// points the document's image blocks at the stored names. Pictures of a type the store
    /// does not keep (BMP, TIFF, EMF…) leave their image block as an empty slot, caption and
    /// all, with a warning in the import's diagnostics; their names are returned.
    pub fn store_imported_assets(
        &self,
        imported: &mut crate::import::Imported,
    ) -> Result<Vec<String>, AssetError> {
        self.store_imported_assets_reporting(imported, &mut |_| {})
    }

    /// [`Library::store_imported_assets`], reporting the pictures stored so far
    /// ([`Stage::Pictures`]).
    pub fn store_imported_assets_reporting(
        &self,
        imported: &mut crate::import::Imported,
        report: &mut dyn FnMut(Progress),
    ) -> Result<Vec<String>, AssetError> {
        let mut skipped = Vec::new();
        if imported.assets.is_empty() {
            // Most files have no pictures: no stage to show.
            return Ok(skipped);
        }
        let mut pictures = Reporter::start(report, Stage::Pictures, imported.assets.len() as u64);
        for (done, asset) in (0..).zip(&imported.assets) {
            pictures.at(done);
            let stored = match self.put_asset(&asset.bytes) {
                Ok(name) => Some(name),
                Err(AssetError::NotAnImage | AssetError::TooLarge(_)) => {
                    skipped.push(asset.name.clone());
                    None
                }
                Err(e) => return Err(e),
            };
            if stored.as_deref() == Some(asset.name.as_str()) {
                continue;
            }
            for block in &mut imported.document.blocks {
                if let crate::model::Block::Image { asset: a, .. } = block
                    && a.as_deref() == Some(asset.name.as_str())
                {
                    *a = stored.clone();
                }
            }
        }
        pictures.at(imported.assets.len() as u64);
        for name in &skipped {
            imported
                .diagnostics
                .push(crate::import::Diagnostic::warning(
                    0,
                    crate::import::Note::PictureNotStored { name: name.clone() },
                ));
        }
        Ok(skipped)
    }
}
