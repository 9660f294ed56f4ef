//! Exporters: a [`Document`] in, text written to a [`fmt::Write`] out.
//!
//! Exporters never touch the disk; every user string is escaped for the target format so
//! it shows as text and never becomes markup.

mod html;
mod labels;
mod markdown;

use std::fmt;

pub use html::write_html;
pub use labels::Labels;
pub use markdown::{escape_markdown, write_markdown};

use crate::model::Document;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// CommonMark.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// Canonical JSON (format v1).
    Json,
}

impl ExportFormat {
    /// Parses a `--format` value.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "html" | "htm" => Some(ExportFormat::Html),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
        }
    }
}

/// Writes `doc` in `format`.
pub fn export(doc: &Document, format: ExportFormat, out: &mut impl fmt::Write) -> fmt::Result {
    match format {
        ExportFormat::Markdown => write_markdown(doc, out),
        ExportFormat::Html => write_html(doc, out),
        ExportFormat::Json => {
            out.write_str(&doc.to_json())?;
            out.write_char('\n')
        }
    }
}

/// `doc` in `format` as a string.
pub fn export_string(doc: &Document, format: ExportFormat) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = export(doc, format, &mut s);
    s
}
