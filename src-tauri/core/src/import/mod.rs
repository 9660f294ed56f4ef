//! Importers: text in, `(Document, Vec<Diagnostic>)` out.
//!
//! Importers never touch the disk or the library: callers hand them bytes or text.
//! [`parse_bytes`] decodes (UTF-8, BOM, UTF-16, GB18030), detects the format and dispatches.

mod article;
mod decode;
mod lines;
mod markdown;
mod names;

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

pub use decode::{MAX_INPUT_BYTES, decode};

use crate::model::{Document, FormatError};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// What the importer decided, for the user to check.
    Info,
    /// Something was probably lost or guessed wrongly.
    Warning,
}

/// A note about the input, tied to a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Diagnostic {
    /// 1-based line of the input; 0 for the whole input.
    pub line: u32,
    /// Info or warning.
    pub level: Level,
    /// One sentence for the user.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn info(line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: line as u32,
            level: Level::Info,
            message: message.into(),
        }
    }

    pub(crate) fn warning(line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: line as u32,
            level: Level::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Info => "note",
            Level::Warning => "warning",
        };
        if self.line > 0 {
            write!(f, "{level}: line {}: {}", self.line, self.message)
        } else {
            write!(f, "{level}: {}", self.message)
        }
    }
}

/// The input formats Roundtable reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A pasted article or a plain `Name: text` transcript.
    Article,
    /// Markdown, Roundtable's own export included.
    Markdown,
    /// Roundtable's canonical JSON.
    Json,
}

impl Format {
    /// Parses a `--from` value.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "article" | "text" | "txt" => Some(Format::Article),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Why an input cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing but whitespace.
    #[error("the input is empty")]
    Empty,
    /// Bytes that are not text (an image, an archive, an executable…).
    #[error("this is not a text file ({0}); nothing was imported")]
    Binary(String),
    /// Text in an encoding Roundtable cannot identify.
    #[error("the text is neither UTF-8, UTF-16 nor GB18030; save it as UTF-8 and try again")]
    Undecodable,
    /// Over the size limit.
    #[error("the input is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Canonical JSON that does not read.
    #[error(transparent)]
    Json(#[from] FormatError),
}

/// A parsed input: what the import preview shows before anything is stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Imported {
    /// The document.
    pub document: Document,
    /// What the importer noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// The format it was read as.
    pub format: Format,
}

/// Guesses the format of decoded text.
pub fn detect(text: &str) -> Format {
    let head = text.trim_start();
    if head.starts_with('{') && head.contains("\"roundtable.document\"") {
        return Format::Json;
    }
    if markdown::looks_like_markdown(text) {
        return Format::Markdown;
    }
    Format::Article
}

/// Parses decoded text as `format` (detected when `None`).
pub fn parse_text(text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let format = format.unwrap_or_else(|| detect(text));
    let (document, diagnostics) = match format {
        Format::Json => (Document::from_json(text)?, Vec::new()),
        Format::Markdown => markdown::parse(text),
        Format::Article => article::parse(text),
    };
    Ok(Imported {
        document,
        diagnostics,
        format,
    })
}

/// Decodes `bytes` and parses them as `format` (detected when `None`).
pub fn parse_bytes(bytes: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    let (text, note) = decode(bytes)?;
    let mut imported = parse_text(&text, format)?;
    if let Some(note) = note {
        imported.diagnostics.insert(0, note);
    }
    Ok(imported)
}
