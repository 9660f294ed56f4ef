use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::merge::{BField, Field, PField, Register, Survivor, TagAdds, set_block_field};
use super::{Hlc, MetaField, Op, OpId, OpKind, SharedRecording, valid_sha256};
use crate::model::{Block, Credit, Document, FORMAT_VERSION, LabelForm, Participant, Role};

/// A block with its place in the order and its tombstone.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBlock {
    /// Fractional-index position; ties are broken by block id.
    pub position: String,
    /// Deleted blocks stay as tombstones so history and sync can still refer to them.
    pub deleted: bool,
    /// The content.
    pub block: Block,
    /// The op that inserted the block, while none of its fields has been written since: the
    /// registers of its fields are then implied (each holds that op alone, with the value
    /// the block shows) instead of kept, and made when an op writes one of them
    /// ([`DocState::materialize`]). Six registers per turn were most of a state's memory:
    /// 200,000 short turns held gigabytes.
    pub origin: Option<Origin>,
}

/// The op that inserted a block (see [`PlacedBlock::origin`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// Its id.
    pub id: OpId,
    /// Its clock.
    pub hlc: Hlc,
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
    /// Whether one recording (by SHA-256) is shared.
    Recording(String),
    /// One participant's person in the library's directory: its row, not what the document
    /// shows or what search finds.
    Link(String),
}

impl Touched {
    /// Whether this changes the text search finds (see `store/projection.rs`).
    pub fn changes_text(&self) -> bool {
        matches!(
            self,
            Touched::Document
                | Touched::Participant(_)
                | Touched::ParticipantRemoved(_)
                | Touched::Block(_)
        )
    }
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

/// A document as the replay of its ops leaves it: the visible values, tombstones, positions,
/// and for every field the ops that are still candidates for its value (see [`super::merge`]).
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
    /// See [`Document::guest_heading`].
    pub guest_heading: Option<String>,
    /// See [`Document::speaker_labels`].
    pub speaker_labels: Option<LabelForm>,
    /// See [`Document::topics`].
    pub topics: Vec<String>,
    /// See [`Document::participants`].
    pub participants: Vec<Participant>,
    /// Removed participants, kept so a concurrent turn that names one brings it back.
    pub removed: HashMap<String, Participant>,
    /// Every block ever inserted, by id.
    pub blocks: HashMap<String, PlacedBlock>,
    /// See [`Document::credits`].
    pub credits: Vec<Credit>,
    /// Wall time of the creating op, in ms.
    pub created_ms: u64,
    /// Wall time of the latest op, in ms.
    pub updated_ms: u64,
    /// Per field, the ops no other op has superseded.
    pub registers: HashMap<Field, Register>,
    /// Topic tags (on the document and on turns) as add-wins sets.
    pub tags: TagAdds,
    /// The person of the library's directory each participant is, by participant id
    /// (`OpKind::LinkPerson`); kept beside the participants because a person is the
    /// library's, not the document's.
    pub links: HashMap<String, Uuid>,
    /// The recordings shared with the team, by SHA-256 (`Some`), and those shared once and
    /// then unshared (`None`): the library then knows a copy in the folder is no longer
    /// wanted.
    pub recordings: BTreeMap<String, Option<SharedRecording>>,
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
            guest_heading: None,
            speaker_labels: None,
            topics: Vec::new(),
            participants: Vec::new(),
            removed: HashMap::new(),
            blocks: HashMap::new(),
            credits: Vec::new(),
            created_ms: 0,
            updated_ms: 0,
            registers: HashMap::new(),
            tags: TagAdds::default(),
            links: HashMap::new(),
            recordings: BTreeMap::new(),
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
            guest_heading: self.guest_heading.clone(),
            speaker_labels: self.speaker_labels,
        }
    }

    /// Applies an op made here and now: it must make sense against this state (a live
    /// block of the right kind, a known participant…). On error nothing has changed.
    pub fn apply(&mut self, op: &Op) -> Result<Vec<Touched>, ApplyError> {
        self.check(&op.kind)?;
        Ok(self.merge(op))
    }

    /// Applies an op from the log or from another device. Ops that cannot apply (their
    /// target never existed here) change nothing, so every replica skips the same ones;
    /// edits to a block deleted concurrently land on its tombstone and show as a conflict.
    pub fn replay(&mut self, op: &Op) -> Vec<Touched> {
        if self.admissible(&op.kind) {
            self.merge(op)
        } else {
            Vec::new()
        }
    }

    /// The ops a new op of this kind supersedes: what its author saw for the fields it writes.
    pub fn pred(&self, kind: &OpKind) -> Vec<OpId> {
        let mut out: Vec<OpId> = Vec::new();
        let mut from = |field: &Field| {
            if let Some(r) = self.registers.get(field) {
                out.extend(r.survivors.iter().map(|s| s.id.clone()));
            } else if let Field::Block(id, f) = field
                && let Some(origin) = self.implied(id, *f)
            {
                out.push(origin.clone());
            }
        };
        match kind {
            OpKind::DeleteBlock { block } => {
                for f in BField::ALL {
                    from(&Field::Block(block.clone(), f));
                }
            }
            OpKind::RemoveTopic { topic } => out.extend(self.tags.live("", topic)),
            OpKind::UntagBlock { block, topic } => out.extend(self.tags.live(block, topic)),
            _ => {
                for (field, _) in super::merge::writes(kind) {
                    from(&field);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn live_block(&self, id: &str) -> Result<&Block, ApplyError> {
        match self.blocks.get(id) {
            Some(b) if !b.deleted => Ok(&b.block),
            _ => Err(ApplyError::NoBlock(id.to_owned())),
        }
    }

    fn has_participant(&self, id: &str) -> bool {
        self.participants.iter().any(|p| p.id == id)
    }

    /// Whether a local op makes sense here.
    fn check(&self, kind: &OpKind) -> Result<(), ApplyError> {
        if !self.exists && !matches!(kind, OpKind::CreateDocument) {
            return Err(ApplyError::NoDocument(self.id));
        }
        let need = |ok: bool, block: &Block, what: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(wrong_kind(block, what))
            }
        };
        match kind {
            OpKind::CreateDocument if self.exists => Err(ApplyError::DocumentExists(self.id)),
            _ if kind.is_person_op() => Err(ApplyError::Invalid(
                "a person's op cannot change a document".into(),
            )),
            OpKind::SetParticipantField { participant, .. }
            | OpKind::SetParticipantRole { participant, .. }
            | OpKind::LinkPerson { participant, .. }
            | OpKind::SetAliases { participant, .. } => {
                if self.has_participant(participant) {
                    Ok(())
                } else {
                    Err(ApplyError::NoParticipant(participant.clone()))
                }
            }
            OpKind::RemoveParticipant { participant } => {
                if !self.has_participant(participant) {
                    return Err(ApplyError::NoParticipant(participant.clone()));
                }
                if self.speaks(participant) {
                    return Err(ApplyError::ParticipantInUse(participant.clone()));
                }
                Ok(())
            }
            OpKind::InsertBlock { block, .. } => {
                if self.blocks.contains_key(block.id()) {
                    return Err(ApplyError::BlockExists(block.id().to_owned()));
                }
                match block {
                    Block::Turn { speaker, .. } if !self.has_participant(speaker) => {
                        Err(ApplyError::NoParticipant(speaker.clone()))
                    }
                    _ => Ok(()),
                }
            }
            OpKind::RestoreBlock { block, .. } => match self.blocks.get(block) {
                None => Err(ApplyError::NoBlock(block.clone())),
                Some(b) => match &b.block {
                    Block::Turn { speaker, .. } if !self.has_participant(speaker) => {
                        Err(ApplyError::NoParticipant(speaker.clone()))
                    }
                    _ => Ok(()),
                },
            },
            OpKind::MoveBlock { block, .. } => self.live_block(block).map(|_| ()),
            // Deleting a deleted block again is how "keep it deleted" resolves a conflict.
            OpKind::DeleteBlock { block } if self.blocks.contains_key(block) => Ok(()),
            OpKind::DeleteBlock { block } => Err(ApplyError::NoBlock(block.clone())),
            OpKind::SetText { block, .. } => {
                let b = self.live_block(block)?;
                need(
                    matches!(b, Block::Paragraph { .. } | Block::Heading { .. }),
                    b,
                    "text",
                )
            }
            OpKind::SetSpeaker { block, speaker } => {
                if !self.has_participant(speaker) {
                    return Err(ApplyError::NoParticipant(speaker.clone()));
                }
                let b = self.live_block(block)?;
                need(matches!(b, Block::Turn { .. }), b, "speaker")
            }
            OpKind::SetParagraphs { block, .. }
            | OpKind::SetContinues { block, .. }
            | OpKind::SetTiming { block, .. }
            | OpKind::TagBlock { block, .. }
            | OpKind::UntagBlock { block, .. } => {
                let b = self.live_block(block)?;
                need(matches!(b, Block::Turn { .. }), b, "turn fields")
            }
            OpKind::SetImageField { block, .. } => {
                let b = self.live_block(block)?;
                need(matches!(b, Block::Image { .. }), b, "image fields")
            }
            OpKind::ShareRecording { recording } if !recording.is_valid() => Err(
                ApplyError::Invalid(format!("not a recording to share: {recording:?}")),
            ),
            OpKind::UnshareRecording { sha256 } if !valid_sha256(sha256) => Err(
                ApplyError::Invalid(format!("{sha256:?} is not a recording's SHA-256")),
            ),
            _ => Ok(()),
        }
    }

    /// Whether an op from elsewhere has something to apply to.
    fn admissible(&self, kind: &OpKind) -> bool {
        if !self.exists {
            return matches!(kind, OpKind::CreateDocument);
        }
        let known = |id: &str| self.has_participant(id) || self.removed.contains_key(id);
        let block_is = |id: &str, want: fn(&Block) -> bool| {
            self.blocks.get(id).is_some_and(|b| want(&b.block))
        };
        match kind {
            OpKind::CreateDocument => false,
            _ if kind.is_person_op() => false,
            OpKind::SetParticipantField { participant, .. }
            | OpKind::SetParticipantRole { participant, .. }
            | OpKind::LinkPerson { participant, .. }
            | OpKind::SetAliases { participant, .. } => known(participant),
            OpKind::RemoveParticipant { participant } => {
                self.has_participant(participant) && !self.speaks(participant)
            }
            OpKind::InsertBlock {
                block: Block::Turn { speaker, .. },
                ..
            } => known(speaker),
            OpKind::MoveBlock { block, .. }
            | OpKind::DeleteBlock { block }
            | OpKind::RestoreBlock { block, .. } => self.blocks.contains_key(block),
            OpKind::SetText { block, .. } => block_is(block, |b| {
                matches!(b, Block::Paragraph { .. } | Block::Heading { .. })
            }),
            OpKind::SetSpeaker { block, speaker } => {
                known(speaker) && block_is(block, |b| matches!(b, Block::Turn { .. }))
            }
            OpKind::SetParagraphs { block, .. }
            | OpKind::SetContinues { block, .. }
            | OpKind::SetTiming { block, .. }
            | OpKind::TagBlock { block, .. }
            | OpKind::UntagBlock { block, .. } => {
                block_is(block, |b| matches!(b, Block::Turn { .. }))
            }
            OpKind::SetImageField { block, .. } => {
                block_is(block, |b| matches!(b, Block::Image { .. }))
            }
            OpKind::ShareRecording { recording } => recording.is_valid(),
            OpKind::UnshareRecording { sha256 } => valid_sha256(sha256),
            _ => true,
        }
    }

    fn speaks(&self, participant: &str) -> bool {
        self.blocks.values().any(|b| {
            !b.deleted && matches!(&b.block, Block::Turn { speaker, .. } if speaker == participant)
        })
    }

    /// Brings back a removed participant that a turn names again.
    fn revive(&mut self, id: &str, touched: &mut Vec<Touched>) {
        if let Some(p) = self.removed.remove(id) {
            self.participants.push(p);
            touched.push(Touched::Participant(id.to_owned()));
        }
    }

    /// The op's effect: structure first (create, new block, new participant, sets), then
    /// each field it writes through that field's register.
    fn merge(&mut self, op: &Op) -> Vec<Touched> {
        use Touched as T;
        let mut touched = Vec::new();
        let mut implied = false;
        match &op.kind {
            OpKind::CreateDocument => {
                self.exists = true;
                self.created_ms = op.hlc.wall;
                touched.push(T::Document);
            }
            OpKind::PutParticipant { participant } if !self.has_participant(&participant.id) => {
                match self.removed.remove(&participant.id) {
                    Some(p) => self.participants.push(p),
                    None => self.participants.push(Participant::new(
                        participant.id.clone(),
                        "",
                        Role::Guest,
                    )),
                }
            }
            OpKind::RemoveParticipant { participant } => {
                if let Some(i) = self.participants.iter().position(|p| &p.id == participant) {
                    let p = self.participants.remove(i);
                    self.removed.insert(p.id.clone(), p);
                    touched.push(T::ParticipantRemoved(participant.clone()));
                }
            }
            OpKind::InsertBlock { position, block } => {
                if let Block::Turn { speaker, .. } = block {
                    self.revive(speaker, &mut touched);
                }
                let id = block.id().to_owned();
                if let std::collections::hash_map::Entry::Vacant(e) = self.blocks.entry(id.clone())
                {
                    // A first insert supersedes nothing: its registers are implied.
                    implied = op.pred.is_empty();
                    let mut block = block.clone();
                    // What the log keeps: JSON has no NaN or infinity, so such a time is
                    // null (none) in every replay, and must be none here too.
                    if let Block::Turn { start, end, .. } = &mut block {
                        for t in [start, end] {
                            if t.is_some_and(|v| !v.is_finite()) {
                                *t = None;
                            }
                        }
                    }
                    e.insert(PlacedBlock {
                        position: position.clone(),
                        deleted: false,
                        block,
                        origin: implied.then(|| Origin {
                            id: op.id.clone(),
                            hlc: op.hlc,
                        }),
                    });
                    if implied {
                        touched.push(T::Block(id));
                    }
                }
            }
            OpKind::SetSpeaker { speaker, .. } => self.revive(speaker, &mut touched),
            OpKind::AddTopic { topic } => {
                self.tags.add("", topic, op.hlc, &op.id);
                self.topics = self.tags.visible("");
                touched.push(T::Document);
            }
            OpKind::RemoveTopic { topic } => {
                self.tags.remove("", topic, &op.pred);
                self.topics = self.tags.visible("");
                touched.push(T::Document);
            }
            OpKind::TagBlock { block, topic } | OpKind::UntagBlock { block, topic } => {
                if matches!(op.kind, OpKind::TagBlock { .. }) {
                    self.tags.add(block, topic, op.hlc, &op.id);
                } else {
                    self.tags.remove(block, topic, &op.pred);
                }
                let visible = self.tags.visible(block);
                if let Some(PlacedBlock {
                    block: Block::Turn { topics, .. },
                    ..
                }) = self.blocks.get_mut(block)
                {
                    *topics = visible;
                }
                touched.push(T::Block(block.clone()));
            }
            _ => {}
        }
        let writes = if implied {
            Vec::new()
        } else {
            super::merge::writes(&op.kind)
        };
        for (field, _) in &writes {
            if let Field::Block(id, _) = field {
                self.materialize(id);
            }
        }
        for (field, value) in writes {
            let register = self.registers.entry(field.clone()).or_default();
            let before = register.value(&field);
            if !register.write(
                Survivor {
                    id: op.id.clone(),
                    hlc: op.hlc,
                    value,
                    pred: op.pred.clone(),
                },
                super::merge::is_text(&field),
            ) {
                continue;
            }
            let Some(value) = register.value(&field) else {
                continue;
            };
            if before.as_ref() != Some(&value) || register.survivors.len() == 1 {
                touched.extend(self.set(&field, &value));
            }
        }
        self.updated_ms = self.updated_ms.max(op.hlc.wall);
        touched
    }

    /// Makes the implied registers of block `id` (see [`PlacedBlock::origin`]) real, before
    /// an op writes one of them: each holds the inserting op with the value the block shows,
    /// which no op has changed since.
    fn materialize(&mut self, id: &str) {
        let Some(placed) = self.blocks.get_mut(id) else {
            return;
        };
        let Some(origin) = placed.origin.take() else {
            return;
        };
        let insert = OpKind::InsertBlock {
            position: placed.position.clone(),
            block: placed.block.clone(),
        };
        for (field, value) in super::merge::writes(&insert) {
            let mut register = Register::default();
            let text = super::merge::is_text(&field);
            register.write(
                Survivor {
                    id: origin.id.clone(),
                    hlc: origin.hlc,
                    value,
                    pred: Vec::new(),
                },
                text,
            );
            self.registers.insert(field, register);
        }
    }

    /// The inserting op of block `id` when the register of its field `field` is implied.
    fn implied(&self, id: &str, field: BField) -> Option<&OpId> {
        let placed = self.blocks.get(id)?;
        let origin = placed.origin.as_ref()?;
        let written = matches!(field, BField::Position | BField::Deleted)
            || super::merge::block_fields(&placed.block)
                .iter()
                .any(|(f, _)| *f == field);
        written.then_some(&origin.id)
    }

    /// Writes a field's visible value.
    fn set(&mut self, field: &Field, value: &serde_json::Value) -> Option<Touched> {
        use serde_json::from_value as from;
        let text = || from::<Option<String>>(value.clone()).ok().flatten();
        match field {
            Field::Meta(f) => {
                match f {
                    MetaField::Title => self.title = text().unwrap_or_default(),
                    MetaField::Subtitle => self.subtitle = text(),
                    MetaField::Column => self.column = text(),
                    MetaField::Language => self.language = text().unwrap_or_default(),
                    MetaField::GuestHeading => self.guest_heading = text(),
                    // A form this build does not know reads as none: the export's default.
                    MetaField::SpeakerLabels => {
                        self.speaker_labels = text().as_deref().and_then(LabelForm::from_name);
                    }
                }
                Some(Touched::Document)
            }
            Field::Credits => {
                self.credits = from(value.clone()).unwrap_or_default();
                Some(Touched::Document)
            }
            Field::Trashed => {
                self.deleted = value.as_bool().unwrap_or(false);
                Some(Touched::Document)
            }
            Field::ParticipantOrder => {
                let order: Vec<String> = from(value.clone()).unwrap_or_default();
                let rank = |id: &str| order.iter().position(|o| o == id).unwrap_or(order.len());
                self.participants.sort_by_key(|p| rank(&p.id));
                self.participants
                    .first()
                    .map(|p| Touched::Participant(p.id.clone()))
            }
            Field::Participant(id, PField::Person) => {
                match from::<Option<Uuid>>(value.clone()).ok().flatten() {
                    Some(person) => self.links.insert(id.clone(), person),
                    None => self.links.remove(id),
                };
                Some(Touched::Link(id.clone()))
            }
            Field::Participant(id, f) => {
                let p = self
                    .participants
                    .iter_mut()
                    .chain(self.removed.values_mut())
                    .find(|p| &p.id == id)?;
                match f {
                    PField::Name => p.name = text().unwrap_or_default(),
                    PField::Title => p.title = text(),
                    PField::Organization => p.organization = text(),
                    PField::Role => p.role = from(value.clone()).unwrap_or(Role::Guest),
                    PField::Aliases => p.aliases = from(value.clone()).unwrap_or_default(),
                    PField::Person => {}
                }
                Some(Touched::Participant(id.clone()))
            }
            Field::Recording(sha256) => {
                let shared = from::<Option<SharedRecording>>(value.clone())
                    .ok()
                    .flatten();
                self.recordings.insert(sha256.clone(), shared);
                Some(Touched::Recording(sha256.clone()))
            }
            Field::Block(id, f) => {
                let placed = self.blocks.get_mut(id)?;
                match f {
                    BField::Position => placed.position = text().unwrap_or_default(),
                    BField::Deleted => placed.deleted = value.as_bool().unwrap_or(false),
                    f => {
                        if !set_block_field(&mut placed.block, *f, value) {
                            return None;
                        }
                    }
                }
                Some(Touched::Block(id.clone()))
            }
        }
    }

    /// Ops that do not apply here because of what was concurrently done elsewhere, by the
    /// field they would write: used by [`super::merge::conflicts`].
    pub(crate) fn block_fields(&self, block: &str) -> impl Iterator<Item = (&Field, &Register)> {
        BField::ALL.into_iter().filter_map(move |f| {
            self.registers
                .get_key_value(&Field::Block(block.to_owned(), f))
        })
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
