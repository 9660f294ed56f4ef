use std::collections::HashMap;

use uuid::Uuid;

use super::{ImageField, MetaField, Op, OpKind, ParticipantField};
use crate::model::{Block, Credit, Document, FORMAT_VERSION, Participant};

/// A block with its place in the order and its tombstone.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBlock {
    /// Fractional-index position; ties are broken by block id.
    pub position: String,
    /// Deleted blocks stay as tombstones so history and sync can still refer to them.
    pub deleted: bool,
    /// The content.
    pub block: Block,
}

/// What applying an op changed, so the store rewrites just those rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Touched {
    /// The document row: metadata, topics, credits, trash flag, timestamps.
    Document,
    /// One participant (added or changed).
    Participant(String),
    /// One participant removed.
    ParticipantRemoved(String),
    /// One block (added, changed, moved or deleted).
    Block(String),
}

/// Why an op cannot apply to the current state. Local edits that fail are refused;
/// during replay such ops change nothing, so every replica skips the same ones.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    /// The document was never created.
    #[error("document {0} does not exist")]
    NoDocument(Uuid),
    /// The document exists already.
    #[error("document {0} exists already")]
    DocumentExists(Uuid),
    /// No block with this id.
    #[error("no block {0} in this document")]
    NoBlock(String),
    /// A block with this id exists already.
    #[error("block id {0} is already used")]
    BlockExists(String),
    /// The op does not fit the block's kind (text on an image, a speaker on a paragraph).
    #[error("block {block} is a {kind}, which has no {what}")]
    WrongKind {
        /// The block id.
        block: String,
        /// Its kind.
        kind: &'static str,
        /// What the op tried to set.
        what: &'static str,
    },
    /// No participant with this id.
    #[error("no participant {0} in this document")]
    NoParticipant(String),
    /// An edited document that cannot be stored as it is.
    #[error("{0}")]
    Invalid(String),
    /// The participant still speaks in some turn.
    #[error("participant {0} still has turns; reassign or merge them first")]
    ParticipantInUse(String),
}

/// A document as the replay of its ops leaves it, tombstones and positions included.
#[derive(Debug, Clone, PartialEq)]
pub struct DocState {
    /// The document id.
    pub id: Uuid,
    /// Whether `CreateDocument` has been applied.
    pub exists: bool,
    /// In the trash.
    pub deleted: bool,
    /// See [`Document::title`].
    pub title: String,
    /// See [`Document::subtitle`].
    pub subtitle: Option<String>,
    /// See [`Document::column`].
    pub column: Option<String>,
    /// See [`Document::language`].
    pub language: String,
    /// See [`Document::topics`].
    pub topics: Vec<String>,
    /// See [`Document::participants`].
    pub participants: Vec<Participant>,
    /// Every block ever inserted, by id.
    pub blocks: HashMap<String, PlacedBlock>,
    /// See [`Document::credits`].
    pub credits: Vec<Credit>,
    /// Wall time of the creating op, in ms.
    pub created_ms: u64,
    /// Wall time of the latest op, in ms.
    pub updated_ms: u64,
}

impl DocState {
    /// The state before any op.
    pub fn empty(id: Uuid) -> DocState {
        DocState {
            id,
            exists: false,
            deleted: false,
            title: String::new(),
            subtitle: None,
            column: None,
            language: String::new(),
            topics: Vec::new(),
            participants: Vec::new(),
            blocks: HashMap::new(),
            credits: Vec::new(),
            created_ms: 0,
            updated_ms: 0,
        }
    }

    /// Live blocks in reading order.
    pub fn ordered(&self) -> Vec<&PlacedBlock> {
        let mut live: Vec<&PlacedBlock> = self.blocks.values().filter(|b| !b.deleted).collect();
        live.sort_by(|a, b| (&a.position, a.block.id()).cmp(&(&b.position, b.block.id())));
        live
    }

    /// The canonical document.
    pub fn to_document(&self) -> Document {
        Document {
            format: Default::default(),
            version: FORMAT_VERSION,
            id: self.id,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            column: self.column.clone(),
            language: self.language.clone(),
            topics: self.topics.clone(),
            participants: self.participants.clone(),
            blocks: self
                .ordered()
                .into_iter()
                .map(|b| b.block.clone())
                .collect(),
            credits: self.credits.clone(),
        }
    }

    fn live_block(&mut self, id: &str) -> Result<&mut Block, ApplyError> {
        match self.blocks.get_mut(id) {
            Some(b) if !b.deleted => Ok(&mut b.block),
            _ => Err(ApplyError::NoBlock(id.to_owned())),
        }
    }

    fn participant_mut(&mut self, id: &str) -> Result<&mut Participant, ApplyError> {
        self.participants
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| ApplyError::NoParticipant(id.to_owned()))
    }

    /// Applies one op. On error nothing has changed.
    pub fn apply(&mut self, op: &Op) -> Result<Vec<Touched>, ApplyError> {
        let touched = self.apply_kind(&op.kind)?;
        if matches!(op.kind, OpKind::CreateDocument) {
            self.created_ms = op.hlc.wall;
        }
        self.updated_ms = self.updated_ms.max(op.hlc.wall);
        Ok(touched)
    }

    fn apply_kind(&mut self, kind: &OpKind) -> Result<Vec<Touched>, ApplyError> {
        use Touched as T;
        if !self.exists && !matches!(kind, OpKind::CreateDocument) {
            return Err(ApplyError::NoDocument(self.id));
        }
        let doc = vec![T::Document];
        Ok(match kind {
            OpKind::CreateDocument => {
                if self.exists {
                    return Err(ApplyError::DocumentExists(self.id));
                }
                self.exists = true;
                doc
            }
            OpKind::DeleteDocument => {
                self.deleted = true;
                doc
            }
            OpKind::RestoreDocument => {
                self.deleted = false;
                doc
            }
            OpKind::SetMeta { field, value } => {
                match field {
                    MetaField::Title => self.title = value.clone().unwrap_or_default(),
                    MetaField::Subtitle => self.subtitle = value.clone(),
                    MetaField::Column => self.column = value.clone(),
                    MetaField::Language => self.language = value.clone().unwrap_or_default(),
                }
                doc
            }
            OpKind::AddTopic { topic } => {
                if !self.topics.contains(topic) {
                    self.topics.push(topic.clone());
                }
                doc
            }
            OpKind::RemoveTopic { topic } => {
                self.topics.retain(|t| t != topic);
                doc
            }
            OpKind::SetCredits { credits } => {
                self.credits = credits.clone();
                doc
            }
            OpKind::PutParticipant { participant } => {
                match self
                    .participants
                    .iter_mut()
                    .find(|p| p.id == participant.id)
                {
                    Some(p) => *p = participant.clone(),
                    None => self.participants.push(participant.clone()),
                }
                vec![T::Participant(participant.id.clone())]
            }
            OpKind::SetParticipantField {
                participant,
                field,
                value,
            } => {
                let p = self.participant_mut(participant)?;
                match field {
                    ParticipantField::Name => p.name = value.clone().unwrap_or_default(),
                    ParticipantField::Title => p.title = value.clone(),
                    ParticipantField::Organization => p.organization = value.clone(),
                }
                vec![T::Participant(participant.clone())]
            }
            OpKind::SetParticipantRole { participant, role } => {
                self.participant_mut(participant)?.role = *role;
                vec![T::Participant(participant.clone())]
            }
            OpKind::SetAliases {
                participant,
                aliases,
            } => {
                self.participant_mut(participant)?.aliases = aliases.clone();
                vec![T::Participant(participant.clone())]
            }
            OpKind::OrderParticipants { order } => {
                let rank = |id: &str| order.iter().position(|o| o == id).unwrap_or(order.len());
                self.participants.sort_by_key(|p| rank(&p.id));
                self.participants
                    .iter()
                    .map(|p| T::Participant(p.id.clone()))
                    .collect()
            }
            OpKind::RemoveParticipant { participant } => {
                self.participant_mut(participant)?;
                let in_use = self.blocks.values().any(|b| {
                    !b.deleted
                        && matches!(&b.block, Block::Turn { speaker, .. } if speaker == participant)
                });
                if in_use {
                    return Err(ApplyError::ParticipantInUse(participant.clone()));
                }
                self.participants.retain(|p| &p.id != participant);
                vec![T::ParticipantRemoved(participant.clone())]
            }
            OpKind::InsertBlock { position, block } => {
                let id = block.id().to_owned();
                if self.blocks.contains_key(&id) {
                    return Err(ApplyError::BlockExists(id));
                }
                if let Block::Turn { speaker, .. } = block
                    && !self.participants.iter().any(|p| &p.id == speaker)
                {
                    return Err(ApplyError::NoParticipant(speaker.clone()));
                }
                self.blocks.insert(
                    id.clone(),
                    PlacedBlock {
                        position: position.clone(),
                        deleted: false,
                        block: block.clone(),
                    },
                );
                vec![T::Block(id)]
            }
            OpKind::MoveBlock { block, position } => {
                self.live_block(block)?;
                if let Some(b) = self.blocks.get_mut(block) {
                    b.position = position.clone();
                }
                vec![T::Block(block.clone())]
            }
            OpKind::DeleteBlock { block } => {
                self.live_block(block)?;
                if let Some(b) = self.blocks.get_mut(block) {
                    b.deleted = true;
                }
                vec![T::Block(block.clone())]
            }
            OpKind::RestoreBlock { block, position } => {
                let b = self
                    .blocks
                    .get_mut(block)
                    .ok_or_else(|| ApplyError::NoBlock(block.clone()))?;
                if let Block::Turn { speaker, .. } = &b.block
                    && !self.participants.iter().any(|p| &p.id == speaker)
                {
                    return Err(ApplyError::NoParticipant(speaker.clone()));
                }
                b.deleted = false;
                b.position = position.clone();
                vec![T::Block(block.clone())]
            }
            OpKind::SetText { block, text } => {
                match self.live_block(block)? {
                    Block::Paragraph { text: t, .. } | Block::Heading { text: t, .. } => {
                        *t = text.clone()
                    }
                    other => return Err(wrong_kind(other, "text")),
                }
                vec![T::Block(block.clone())]
            }
            OpKind::SetParagraphs { block, paragraphs } => {
                *turn_field(self.live_block(block)?, "paragraphs")?.paragraphs = paragraphs.clone();
                vec![T::Block(block.clone())]
            }
            OpKind::SetSpeaker { block, speaker } => {
                if !self.participants.iter().any(|p| &p.id == speaker) {
                    return Err(ApplyError::NoParticipant(speaker.clone()));
                }
                *turn_field(self.live_block(block)?, "speaker")?.speaker = speaker.clone();
                vec![T::Block(block.clone())]
            }
            OpKind::SetContinues { block, continues } => {
                *turn_field(self.live_block(block)?, "continuation flag")?.continues = *continues;
                vec![T::Block(block.clone())]
            }
            OpKind::SetTiming { block, start, end } => {
                let turn = turn_field(self.live_block(block)?, "timecodes")?;
                *turn.start = *start;
                *turn.end = *end;
                vec![T::Block(block.clone())]
            }
            OpKind::TagBlock { block, topic } => {
                let topics = turn_field(self.live_block(block)?, "topics")?.topics;
                if !topics.contains(topic) {
                    topics.push(topic.clone());
                }
                vec![T::Block(block.clone())]
            }
            OpKind::UntagBlock { block, topic } => {
                turn_field(self.live_block(block)?, "topics")?
                    .topics
                    .retain(|t| t != topic);
                vec![T::Block(block.clone())]
            }
            OpKind::SetImageField {
                block,
                field,
                value,
            } => {
                match self.live_block(block)? {
                    Block::Image {
                        asset,
                        caption,
                        credit,
                        alt,
                        ..
                    } => {
                        let slot = match field {
                            ImageField::Asset => asset,
                            ImageField::Caption => caption,
                            ImageField::Credit => credit,
                            ImageField::Alt => alt,
                        };
                        *slot = value.clone();
                    }
                    other => return Err(wrong_kind(other, "image fields")),
                }
                vec![T::Block(block.clone())]
            }
        })
    }
}

struct TurnFields<'a> {
    speaker: &'a mut String,
    paragraphs: &'a mut Vec<String>,
    start: &'a mut Option<f64>,
    end: &'a mut Option<f64>,
    topics: &'a mut Vec<String>,
    continues: &'a mut bool,
}

fn turn_field<'a>(block: &'a mut Block, what: &'static str) -> Result<TurnFields<'a>, ApplyError> {
    match block {
        Block::Turn {
            speaker,
            paragraphs,
            start,
            end,
            topics,
            continues,
            ..
        } => Ok(TurnFields {
            speaker,
            paragraphs,
            start,
            end,
            topics,
            continues,
        }),
        other => Err(wrong_kind(other, what)),
    }
}

fn wrong_kind(block: &Block, what: &'static str) -> ApplyError {
    let kind = match block {
        Block::Paragraph { .. } => "paragraph",
        Block::Heading { .. } => "heading",
        Block::Turn { .. } => "turn",
        Block::Image { .. } => "image",
    };
    ApplyError::WrongKind {
        block: block.id().to_owned(),
        kind,
        what,
    }
}
