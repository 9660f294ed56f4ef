use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Hlc;
use crate::model::{Block, Credit, Participant, Role};

impl OpKind {
    /// Whether this op belongs to a person's log (its `doc` is a person id) rather than a
    /// document's.
    pub fn is_person_op(&self) -> bool {
        matches!(
            self,
            OpKind::SetPersonName { .. }
                | OpKind::SetPersonAliases { .. }
                | OpKind::SetMergedInto { .. }
                | OpKind::MarkDistinct { .. }
        )
    }
}

/// An op's identity: the device that made it and that device's counter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OpId {
    /// The library (device) that made the op.
    pub device: String,
    /// 1, 2, 3… per device.
    pub counter: u64,
}

/// One entry of the append-only operation log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// Who made it, and which of theirs it is.
    pub id: OpId,
    /// When, as a hybrid logical clock; the log replays in (hlc, id) order.
    pub hlc: Hlc,
    /// The document it changes.
    pub doc: Uuid,
    /// Ops made by one user action share a batch: undo and history work per batch.
    pub batch: u64,
    /// The ops this one supersedes: what its author saw for the fields it writes (see
    /// [`super::merge`]). Empty for ops that write nothing already written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pred: Vec<OpId>,
    /// The counter of the op its device made on the same document just before this one, if
    /// any: a replica holding this op but not that one has received the document only
    /// partly (a sync still under way). Absent in ops written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u64>,
    /// What it does.
    pub kind: OpKind,
}

/// A document-level field set as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetaField {
    /// The headline.
    Title,
    /// The deck.
    Subtitle,
    /// The column or series.
    Column,
    /// The language tag.
    Language,
    /// The guest list's heading as the source wrote it (`Document::guest_heading`).
    #[serde(rename = "guest_heading")]
    GuestHeading,
    /// The speaker label form the source used (`Document::speaker_labels`), by its
    /// `--labels` name (`host-role`).
    #[serde(rename = "speaker_labels")]
    SpeakerLabels,
}

/// A participant field set on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantField {
    /// Display name.
    Name,
    /// Job title.
    Title,
    /// Organisation.
    Organization,
}

/// An image field set on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageField {
    /// Asset name in the asset store.
    Asset,
    /// The caption.
    Caption,
    /// Photo credit.
    Credit,
    /// Alternative text.
    Alt,
}

/// What an op does. Every change to a document is one of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpKind {
    /// Brings the document into existence (always its first op).
    CreateDocument,
    /// Moves the document to the trash.
    DeleteDocument,
    /// Brings it back from the trash.
    RestoreDocument,
    /// Sets the title, subtitle, column, language, guest heading or speaker label form.
    SetMeta {
        /// Which field.
        field: MetaField,
        /// The new value; `None` clears it (the title and language become empty).
        value: Option<String>,
    },
    /// Adds a document topic (add-wins: a concurrent remove does not cancel it).
    AddTopic {
        /// The tag.
        topic: String,
    },
    /// Removes a document topic.
    RemoveTopic {
        /// The tag.
        topic: String,
    },
    /// Replaces the credits.
    SetCredits {
        /// The new credits, in order.
        credits: Vec<Credit>,
    },
    /// Adds a participant, or replaces the one with the same id.
    PutParticipant {
        /// The participant.
        participant: Participant,
    },
    /// Sets one text field of a participant.
    SetParticipantField {
        /// The participant's id.
        participant: String,
        /// Which field.
        field: ParticipantField,
        /// The value.
        value: Option<String>,
    },
    /// Sets a participant's role.
    SetParticipantRole {
        /// The participant's id.
        participant: String,
        /// The role.
        role: Role,
    },
    /// Replaces a participant's aliases.
    SetAliases {
        /// The participant's id.
        participant: String,
        /// The aliases.
        aliases: Vec<String>,
    },
    /// Puts participants in this order (ids not listed keep their order, after these).
    OrderParticipants {
        /// Participant ids, in the new order.
        order: Vec<String>,
    },
    /// Removes a participant that no turn refers to.
    RemoveParticipant {
        /// The participant's id.
        participant: String,
    },
    /// Inserts a block at a position.
    InsertBlock {
        /// Fractional-index position (see [`super::position`]).
        position: String,
        /// The block, with its new id.
        block: Block,
    },
    /// Moves a block to another position.
    MoveBlock {
        /// The block's id.
        block: String,
        /// The new position.
        position: String,
    },
    /// Deletes a block (a tombstone: history and sync still see it).
    DeleteBlock {
        /// The block's id.
        block: String,
    },
    /// Brings a deleted block back (undo, restoring a version) at a position.
    RestoreBlock {
        /// The block's id.
        block: String,
        /// Where it goes.
        position: String,
    },
    /// Sets the text of a paragraph or heading.
    SetText {
        /// The block's id.
        block: String,
        /// The text.
        text: String,
    },
    /// Sets the paragraphs of a turn.
    SetParagraphs {
        /// The turn's id.
        block: String,
        /// The paragraphs.
        paragraphs: Vec<String>,
    },
    /// Gives a turn to another participant.
    SetSpeaker {
        /// The turn's id.
        block: String,
        /// The participant's id.
        speaker: String,
    },
    /// Marks a turn as continuing the previous one of the same speaker, or not.
    SetContinues {
        /// The turn's id.
        block: String,
        /// Whether it continues.
        continues: bool,
    },
    /// Sets a turn's timecodes.
    SetTiming {
        /// The turn's id.
        block: String,
        /// Start in seconds.
        start: Option<f64>,
        /// End in seconds.
        end: Option<f64>,
    },
    /// Adds a topic tag to a turn.
    TagBlock {
        /// The turn's id.
        block: String,
        /// The tag.
        topic: String,
    },
    /// Removes a topic tag from a turn.
    UntagBlock {
        /// The turn's id.
        block: String,
        /// The tag.
        topic: String,
    },
    /// Links a participant of this document to a person of the library's directory (or
    /// unlinks it with `None`). A register per participant: concurrent links conflict.
    LinkPerson {
        /// The participant's id.
        participant: String,
        /// The person's id.
        person: Option<Uuid>,
    },
    /// A person op (its `doc` is the person's id): sets the canonical name.
    SetPersonName {
        /// The name as the directory shows it.
        name: String,
    },
    /// A person op: replaces the other spellings and scripts the person is known by.
    SetPersonAliases {
        /// The aliases.
        aliases: Vec<String>,
    },
    /// A person op: this person is the same as `into` (a merge), or with `None` is on its
    /// own again (the merge undone, a split).
    SetMergedInto {
        /// The person it was merged into.
        into: Option<Uuid>,
    },
    /// A person op: the user said this person and `other` are different people, so they
    /// are no longer suggested for a merge (a grow-only set).
    MarkDistinct {
        /// The other person.
        other: Uuid,
    },
    /// Sets one field of an image block.
    SetImageField {
        /// The image's id.
        block: String,
        /// Which field.
        field: ImageField,
        /// The value.
        value: Option<String>,
    },
    /// Shares a recording of this document with the team: peers learn that it exists (and
    /// what it is) from this op, and sync carries the file through the shared folder as
    /// `media/<sha256>.<ext>`. A register per recording, with [`OpKind::UnshareRecording`].
    ShareRecording {
        /// What the recording is.
        recording: SharedRecording,
    },
    /// Stops sharing a recording (by its SHA-256): it no longer travels to peers. Copies
    /// peers already received stay theirs.
    UnshareRecording {
        /// SHA-256 of the recording's content, hex.
        sha256: String,
    },
}

/// A recording as the team sees it once it is shared: enough to list it (and to check the
/// file when it arrives) before it is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedRecording {
    /// SHA-256 of the content, lowercase hex: its identity and its name in the folder.
    pub sha256: String,
    /// The file's name where it was attached, for showing.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// MIME type, sniffed from the content when it was attached.
    pub mime: String,
    /// Seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
}

impl SharedRecording {
    /// Whether the op can be acted on: a SHA-256 in lowercase hex, a known type, a size.
    /// Checked the same way on every replica, so a malformed op is skipped everywhere.
    pub fn is_valid(&self) -> bool {
        valid_sha256(&self.sha256)
            && self.size > 0
            && crate::media::MediaType::from_mime(&self.mime).is_some()
    }

    /// The file's name in the shared folder and in a library's media folder.
    pub fn stored_name(&self) -> Option<String> {
        let kind = crate::media::MediaType::from_mime(&self.mime)?;
        Some(format!("{}.{}", self.sha256, kind.extension()))
    }
}

/// A SHA-256 as Roundtable writes them: 64 lowercase hex digits.
pub fn valid_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
