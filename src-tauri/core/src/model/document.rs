use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{Block, Credit, LabelForm, Participant, TextCount, count_text};

/// The value of the `format` key of canonical JSON.
pub const FORMAT_NAME: &str = "roundtable.document";
/// The version of the canonical JSON this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The `format` tag of canonical JSON: always `"roundtable.document"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub enum FormatTag {
    /// `roundtable.document`
    #[default]
    #[serde(rename = "roundtable.document")]
    Document,
}

/// A roundtable, panel or interview as one structured article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Document {
    /// Always `roundtable.document`.
    pub format: FormatTag,
    /// Format version; this build reads and writes [`FORMAT_VERSION`].
    pub version: u32,
    /// Stable document id.
    pub id: Uuid,
    /// The headline.
    pub title: String,
    /// A deck or standfirst under the headline.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The column or series the piece runs in (the part before `丨` in WeChat titles).
    #[serde(default)]
    pub column: Option<String>,
    /// BCP 47 language tag of the body, e.g. `zh` or `en`.
    pub language: String,
    /// Topic tags of the whole document.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Everyone who speaks, moderators first as they were declared.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// The body in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Source, editor, photographer… in the order they appear.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// The heading the source put over its guest list (`观察嘉宾`, `Panelists`) when it is
    /// not the language's plain one (`嘉宾`, `Guests`): exports print it instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub guest_heading: Option<String>,
    /// How the source labelled its speakers when an importer could tell (`host-role`: the
    /// host's turns under `主持人：`, the guests' under their names): exports use it unless
    /// told otherwise (`--labels`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub speaker_labels: Option<LabelForm>,
}

/// Why a canonical JSON text could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Not JSON, or JSON of another shape.
    #[error("not a Roundtable document: {0}")]
    Json(#[from] serde_json::Error),
    /// A newer (or unknown) format version.
    #[error(
        "document format version {found} is not supported (this Roundtable reads version {FORMAT_VERSION}); update Roundtable"
    )]
    UnsupportedVersion {
        /// The version the file declares.
        found: u32,
    },
    /// A turn names a speaker that is not among the participants.
    #[error("block {block} names speaker {speaker}, who is not among the participants")]
    UnknownSpeaker {
        /// The turn's id.
        block: String,
        /// The missing participant id.
        speaker: String,
    },
    /// Two blocks or two participants share an id.
    #[error("id {0} is used twice")]
    DuplicateId(String),
}

impl Document {
    /// An empty document with a fresh id.
    pub fn new(title: impl Into<String>, language: impl Into<String>) -> Document {
        Document {
            format: FormatTag::Document,
            version: FORMAT_VERSION,
            id: Uuid::new_v4(),
            title: title.into(),
            subtitle: None,
            column: None,
            language: language.into(),
            topics: Vec::new(),
            participants: Vec::new(),
            blocks: Vec::new(),
            credits: Vec::new(),
            guest_heading: None,
            speaker_labels: None,
        }
    }

    /// Reads canonical JSON and checks that it is consistent.
    pub fn from_json(text: &str) -> Result<Document, FormatError> {
        #[derive(Deserialize)]
        struct Probe {
            version: u32,
        }
        let probe: Probe = serde_json::from_str(text)?;
        if probe.version != FORMAT_VERSION {
            return Err(FormatError::UnsupportedVersion {
                found: probe.version,
            });
        }
        let doc: Document = serde_json::from_str(text)?;
        doc.validate()?;
        Ok(doc)
    }

    /// Canonical JSON, pretty-printed.
    pub fn to_json(&self) -> String {
        // A Document holds only strings, numbers, bools and sequences: it always serializes.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks ids are unique and every turn's speaker exists.
    pub fn validate(&self) -> Result<(), FormatError> {
        let mut seen = std::collections::HashSet::new();
        for p in &self.participants {
            if !seen.insert(("p", p.id.as_str())) {
                return Err(FormatError::DuplicateId(p.id.clone()));
            }
        }
        for b in &self.blocks {
            if !seen.insert(("b", b.id())) {
                return Err(FormatError::DuplicateId(b.id().to_owned()));
            }
            if let Block::Turn { id, speaker, .. } = b
                && self.participant(speaker).is_none()
            {
                return Err(FormatError::UnknownSpeaker {
                    block: id.clone(),
                    speaker: speaker.clone(),
                });
            }
        }
        Ok(())
    }

    /// The participant with this id.
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// CJK-aware word and character count of the body (turns, narration, captions).
    pub fn count(&self) -> TextCount {
        let mut total = TextCount::default();
        for b in &self.blocks {
            total += count_text(&b.text());
        }
        total
    }
}
