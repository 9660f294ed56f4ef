//! What an export looks like: the style, the labels, timecodes, a topic filter, images.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::model::LabelForm;

/// A built-in look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// A finished Q&A article: the guests introduced at the top, each speaker's full title
    /// on first mention and the short name after, no timecodes.
    #[default]
    Article,
    /// A record of the conversation: every turn labelled, with its timecode.
    Transcript,
    /// The article look with every style inline, for pasting into web editors.
    Wechat,
}

impl Style {
    /// Parses a `--style` value.
    pub fn from_name(name: &str) -> Option<Style> {
        match name.to_ascii_lowercase().as_str() {
            "article" => Some(Style::Article),
            "transcript" => Some(Style::Transcript),
            "wechat" => Some(Style::Wechat),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Style::Article => "article",
            Style::Transcript => "transcript",
            Style::Wechat => "wechat",
        }
    }
}

/// Where image files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImageMode {
    /// Referenced as `assets/<name>`: the caller copies the files beside the output.
    #[default]
    Folder,
    /// Embedded in the output as `data:` URIs (always so in DOCX).
    Embed,
}

/// Everything that changes how a document is exported. The default is the article style
/// with the format's usual labels, no timecodes, no filter, no front matter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ExportOptions {
    /// The built-in look.
    pub style: Style,
    /// Show turn timecodes; `None` leaves it to the style (on for transcripts only).
    pub timecodes: Option<bool>,
    /// Keep only turns tagged with one of these topics (empty: keep everything).
    pub topics: Vec<String>,
    /// How turns name their speaker; `None` leaves it to the style and format.
    pub labels: Option<LabelForm>,
    /// Start Markdown with a YAML front matter block (pandoc's keys). Off by default (web
    /// editors show it as text); the Markdown importer reads it back.
    pub front_matter: bool,
    /// Linked `assets/` files or embedded `data:` URIs.
    pub images: ImageMode,
    /// A date for the front matter and templates (`2025-03-14`).
    pub date: Option<String>,
    /// Where the pictures will be uploaded (an image host, a CMS's media folder): pictures
    /// are referenced as `BASE/<sha256>.<ext>` instead of `assets/…` or `data:` URIs, which
    /// web editors such as WeChat's do not fetch. `roundtable assets export DIR` writes the
    /// files to upload there.
    pub image_base_url: Option<String>,
    /// Keep the title (and column) at the top of the WeChat fragment. Off by default: the
    /// WeChat editor takes the title in its own field, so it is copied separately.
    pub wechat_title: bool,
    /// Keep picture slots that have no picture yet (a pasted article's `图片` lines) as
    /// placeholders. Off by default: a published article has no empty boxes, so a slot is
    /// left out and its caption, if it has one, stays as a line of text.
    pub empty_image_slots: bool,
}

impl ExportOptions {
    /// Options of the given style, everything else default.
    pub fn style(style: Style) -> ExportOptions {
        ExportOptions {
            style,
            ..ExportOptions::default()
        }
    }

    /// Whether turns show their timecodes.
    pub fn shows_timecodes(&self) -> bool {
        self.timecodes.unwrap_or(self.style == Style::Transcript)
    }
}
