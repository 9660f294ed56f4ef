use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One block of the document body, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Narration: the lead, an editor's note, a bridge between parts.
    Paragraph {
        /// Block id, unique within the document.
        id: String,
        /// Plain text, no markup.
        text: String,
    },
    /// A section heading.
    Heading {
        /// Block id, unique within the document.
        id: String,
        /// Plain text, no markup.
        text: String,
    },
    /// What one participant says, in one or more paragraphs.
    Turn {
        /// Block id, unique within the document.
        id: String,
        /// The participant's id.
        speaker: String,
        /// The paragraphs of the answer, plain text.
        paragraphs: Vec<String>,
        /// Start time in seconds, when the source has timecodes.
        #[serde(default)]
        start: Option<f64>,
        /// End time in seconds, when the source has timecodes.
        #[serde(default)]
        end: Option<f64>,
        /// Topic tags on this turn.
        #[serde(default)]
        topics: Vec<String>,
        /// The same speaker's answer goes on after an interruption (an image):
        /// exporters do not repeat the label.
        #[serde(default)]
        continues: bool,
    },
    /// An image slot with its caption.
    Image {
        /// Block id, unique within the document.
        id: String,
        /// Content-addressed asset name in the library's asset store, when the image is known.
        #[serde(default)]
        asset: Option<String>,
        /// The caption shown under the image.
        #[serde(default)]
        caption: Option<String>,
        /// Photographer or agency.
        #[serde(default)]
        credit: Option<String>,
        /// Alternative text for screen readers.
        #[serde(default)]
        alt: Option<String>,
    },
}

/// The kind of a [`Block`], without its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// [`Block::Paragraph`]
    Paragraph,
    /// [`Block::Heading`]
    Heading,
    /// [`Block::Turn`]
    Turn,
    /// [`Block::Image`]
    Image,
}

impl Block {
    /// The block's id.
    pub fn id(&self) -> &str {
        match self {
            Block::Paragraph { id, .. }
            | Block::Heading { id, .. }
            | Block::Turn { id, .. }
            | Block::Image { id, .. } => id,
        }
    }

    /// Replaces the block's id.
    pub fn set_id(&mut self, new: String) {
        match self {
            Block::Paragraph { id, .. }
            | Block::Heading { id, .. }
            | Block::Turn { id, .. }
            | Block::Image { id, .. } => *id = new,
        }
    }

    /// The block's kind.
    pub fn kind(&self) -> BlockKind {
        match self {
            Block::Paragraph { .. } => BlockKind::Paragraph,
            Block::Heading { .. } => BlockKind::Heading,
            Block::Turn { .. } => BlockKind::Turn,
            Block::Image { .. } => BlockKind::Image,
        }
    }

    /// All the searchable text of the block, paragraphs joined by newlines.
    pub fn text(&self) -> String {
        match self {
            Block::Paragraph { text, .. } | Block::Heading { text, .. } => text.clone(),
            Block::Turn { paragraphs, .. } => paragraphs.join("\n"),
            Block::Image {
                caption,
                credit,
                alt,
                ..
            } => [caption, credit, alt]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}
