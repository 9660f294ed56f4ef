//! Exporters: a [`Document`] in, a file's content out.
//!
//! Exporters never touch the disk (images come through an [`AssetSource`], templates are
//! compiled [`Templates`]); every user string is escaped for the target format so it shows
//! as text and never becomes markup. The text formats write to a [`fmt::Write`]; DOCX is a
//! zip archive and comes back as bytes from [`render`].
//!
//! Every format reads the document through a [`View`]: the [`ExportOptions`] applied (topic
//! filter, speaker labels, timecodes, image sources), so a template, the Markdown writer and
//! the DOCX writer show the same thing.

mod docx;
mod file_name;
mod labels;
mod markdown;
mod options;
mod pictures;
mod template;
mod view;

use std::fmt;

pub use docx::write_docx;
pub use file_name::safe_file_name;
pub use labels::Labels;
pub use markdown::{escape_markdown, write_markdown, write_markdown_with};
pub use options::{ExportOptions, ImageMode, LabelForm, Style};
pub use pictures::{NumberedPicture, Stranded, numbered_pictures, stranded_pictures};
pub use template::{TemplateInfo, TemplateKind, Templates};
pub use view::{
    AssetSource, NoAssets, View, ViewBlock, ViewCredit, ViewParticipant, ViewText, asset_path,
    timecode,
};

use crate::model::Document;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// CommonMark.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// An HTML fragment with every style inline, for pasting into web editors (WeChat).
    WechatHtml,
    /// A Word document.
    Docx,
    /// Canonical JSON (format v1).
    Json,
}

impl ExportFormat {
    /// Parses a `--format` value.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "html" | "htm" => Some(ExportFormat::Html),
            "wechat-html" | "wechat" | "inline-html" => Some(ExportFormat::WechatHtml),
            "docx" | "word" => Some(ExportFormat::Docx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::WechatHtml => "wechat.html",
            ExportFormat::Docx => "docx",
            ExportFormat::Json => "json",
        }
    }

    /// The built-in template this format and style use, if it is written by a template.
    pub fn builtin_template(self, style: Style) -> Option<&'static str> {
        match (self, style) {
            (ExportFormat::WechatHtml, _) | (ExportFormat::Html, Style::Wechat) => {
                Some("wechat.html")
            }
            (ExportFormat::Html, Style::Transcript) => Some("transcript.html"),
            (ExportFormat::Html, Style::Article) => Some("article.html"),
            _ => None,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A template does not compile or fails while rendering.
    #[error("{file}{}: {problem}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        /// The template's file (or name, for a built-in).
        file: String,
        /// The line of the problem, when known.
        line: Option<usize>,
        /// What is wrong.
        problem: String,
    },
    /// A template was asked for a format it does not write.
    #[error("template {template} writes {kind}, not {format}")]
    TemplateFormat {
        /// The template's name.
        template: String,
        /// What it writes.
        kind: &'static str,
        /// What was asked for.
        format: &'static str,
    },
    /// Reading a template file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Building the DOCX archive failed.
    #[error("cannot build the Word document: {0}")]
    Docx(String),
}

/// Writes `doc` in a text `format` with the default options. DOCX is not text: use
/// [`render`] (this returns an error for it).
pub fn export(doc: &Document, format: ExportFormat, out: &mut impl fmt::Write) -> fmt::Result {
    match format {
        ExportFormat::Markdown => write_markdown(doc, out),
        ExportFormat::Html | ExportFormat::WechatHtml => {
            let bytes = render(
                doc,
                format,
                &ExportOptions::default(),
                None,
                &Templates::builtin(),
                &NoAssets,
            )
            .map_err(|_| fmt::Error)?;
            out.write_str(&String::from_utf8_lossy(&bytes))
        }
        ExportFormat::Docx => Err(fmt::Error),
        ExportFormat::Json => {
            out.write_str(&doc.to_json())?;
            out.write_char('\n')
        }
    }
}

/// `doc` in a text `format` as a string (empty for DOCX, which is not text).
pub fn export_string(doc: &Document, format: ExportFormat) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail; only DOCX is refused.
    let _ = export(doc, format, &mut s);
    s
}

/// Exports `doc`: `format` with `options`, through the template called `template` when one
/// is given (else the format's built-in one, if it has one), with images from `assets`.
pub fn render(
    doc: &Document,
    format: ExportFormat,
    options: &ExportOptions,
    template: Option<&str>,
    templates: &Templates,
    assets: &dyn AssetSource,
) -> Result<Vec<u8>, ExportError> {
    if let Some(name) = template {
        let kind = templates
            .info(name)
            .map(|i| i.kind)
            .or_else(|| TemplateKind::of(name));
        let fits = match kind {
            Some(TemplateKind::Html) => {
                matches!(format, ExportFormat::Html | ExportFormat::WechatHtml)
            }
            Some(TemplateKind::Markdown) => format == ExportFormat::Markdown,
            None => false,
        };
        if !fits {
            return Err(ExportError::TemplateFormat {
                template: name.to_owned(),
                kind: match kind {
                    Some(TemplateKind::Markdown) => "Markdown",
                    _ => "HTML",
                },
                format: format_name(format),
            });
        }
        let view = View::new(doc, options, assets);
        return templates.render(name, &view).map(String::into_bytes);
    }
    match format {
        ExportFormat::Markdown => {
            let mut s = String::new();
            // Writing to a String cannot fail.
            let _ = write_markdown_with(doc, options, assets, &mut s);
            Ok(s.into_bytes())
        }
        ExportFormat::Html | ExportFormat::WechatHtml => {
            let name = format
                .builtin_template(options.style)
                .unwrap_or("article.html");
            let view = View::new(doc, options, assets);
            templates.render(name, &view).map(String::into_bytes)
        }
        ExportFormat::Docx => write_docx(doc, options, assets),
        ExportFormat::Json => Ok((doc.to_json() + "\n").into_bytes()),
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Html => "HTML",
        ExportFormat::WechatHtml => "inline HTML",
        ExportFormat::Docx => "DOCX",
        ExportFormat::Json => "JSON",
    }
}

/// Standard base64 (RFC 4648, padded), for `data:` URIs.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn builtin_templates_compile() {
        let t = Templates::builtin();
        for (name, _) in template::BUILTIN {
            assert!(t.info(name).is_some());
        }
    }
}
