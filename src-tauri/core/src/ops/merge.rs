//! How concurrent ops combine, so that every replica that has the same set of ops shows
//! the same document whatever order they arrived in, and no edit is silently lost.
//!
//! - Each field (a title, a turn's paragraphs, a block's position…) is a multi-value
//!   register. An op writing a field lists in `pred` the ops its author saw for that field;
//!   those are superseded. The ops nobody superseded are the survivors: one survivor is the
//!   value; several are a **conflict**, shown with a deterministic winner (latest hybrid
//!   clock, then op id) and the others kept visible until a new write covers them.
//! - Deleting a block supersedes what its author saw of the block; an edit the deleter had
//!   not seen is a conflict ("edited while deleted"), not a loss.
//! - Topic tags are add-wins sets: a removal takes away only the adds it saw.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Value, json};
use ts_rs::TS;

use super::{DocState, Hlc, ImageField, MetaField, OpId, OpKind, ParticipantField};
use crate::model::Block;

/// A participant field, as a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PField {
    /// Display name.
    Name,
    /// Job title.
    Title,
    /// Organisation.
    Organization,
    /// Role.
    Role,
    /// Aliases.
    Aliases,
    /// The person of the library's directory this participant is.
    Person,
}

/// A block field, as a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BField {
    /// Place in the order.
    Position,
    /// Tombstone.
    Deleted,
    /// Paragraph or heading text.
    Text,
    /// A turn's paragraphs.
    Paragraphs,
    /// A turn's speaker.
    Speaker,
    /// A turn's continuation flag.
    Continues,
    /// A turn's timecodes.
    Timing,
    /// An image field.
    Image(ImageField),
}

impl BField {
    /// Every block field.
    pub const ALL: [BField; 11] = [
        BField::Position,
        BField::Deleted,
        BField::Text,
        BField::Paragraphs,
        BField::Speaker,
        BField::Continues,
        BField::Timing,
        BField::Image(ImageField::Asset),
        BField::Image(ImageField::Caption),
        BField::Image(ImageField::Credit),
        BField::Image(ImageField::Alt),
    ];
}

/// One field of a document that ops write as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Title, subtitle, column or language.
    Meta(MetaField),
    /// The credits list.
    Credits,
    /// In the trash or not.
    Trashed,
    /// The order of participants.
    ParticipantOrder,
    /// A participant's field.
    Participant(String, PField),
    /// A block's field.
    Block(String, BField),
    /// Whether a recording (by SHA-256) is shared with the team, and what it is.
    Recording(String),
}

impl Field {
    /// A short description for people: `title`, `block b12 paragraphs`.
    pub fn describe(&self) -> String {
        match self {
            Field::Meta(MetaField::GuestHeading) => "guest heading".into(),
            Field::Meta(MetaField::SpeakerLabels) => "speaker labels".into(),
            Field::Meta(f) => format!("{f:?}").to_lowercase(),
            Field::Credits => "credits".into(),
            Field::Trashed => "trash".into(),
            Field::ParticipantOrder => "participant order".into(),
            Field::Participant(id, f) => {
                format!("participant {id} {}", format!("{f:?}").to_lowercase())
            }
            Field::Block(id, f) => {
                let f = match f {
                    BField::Image(i) => format!("{i:?}"),
                    other => format!("{other:?}"),
                };
                format!("block {id} {}", f.to_lowercase())
            }
            Field::Recording(sha256) => format!("recording {sha256}"),
        }
    }
}

/// A candidate value of a field: an op no other op has superseded.
#[derive(Debug, Clone, PartialEq)]
pub struct Survivor {
    /// The op.
    pub id: OpId,
    /// Its clock.
    pub hlc: Hlc,
    /// The value it wrote.
    pub value: Value,
    /// What it superseded (kept for deletes: an edit outside it is concurrent).
    pub pred: Vec<OpId>,
}

/// A multi-value register.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Register {
    /// Ops not superseded, in no particular order.
    pub survivors: Vec<Survivor>,
    superseded: HashSet<OpId>,
    /// Text fields only: the superseded writes (clock, value, pred), kept so that two
    /// concurrent edits can be merged against their common ancestor.
    history: HashMap<OpId, (Hlc, Value, Vec<OpId>)>,
}

impl Register {
    /// Adds a write. Returns false if it changes nothing (already superseded or seen).
    /// `keep_history` keeps the values it supersedes (for text fields, see [`Register::merged`]).
    pub fn write(&mut self, s: Survivor, keep_history: bool) -> bool {
        if self.superseded.contains(&s.id) || self.survivors.iter().any(|x| x.id == s.id) {
            return false;
        }
        self.superseded.extend(s.pred.iter().cloned());
        let (gone, kept): (Vec<Survivor>, Vec<Survivor>) = std::mem::take(&mut self.survivors)
            .into_iter()
            .partition(|x| s.pred.contains(&x.id));
        self.survivors = kept;
        if keep_history {
            for x in gone {
                self.history.insert(x.id, (x.hlc, x.value, x.pred));
            }
        }
        self.survivors.push(s);
        true
    }

    /// The survivor shown as the value when the survivors do not merge: latest clock, then
    /// highest op id.
    pub fn winner(&self) -> Option<&Survivor> {
        self.survivors
            .iter()
            .max_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)))
    }

    /// The latest common ancestor of the survivors: the value they were all edited from.
    pub fn ancestor(&self) -> Option<&Value> {
        let mut common: Option<HashSet<&OpId>> = None;
        for s in &self.survivors {
            let mut seen: HashSet<&OpId> = HashSet::new();
            let mut todo: Vec<&OpId> = s.pred.iter().collect();
            while let Some(id) = todo.pop() {
                if let Some((_, _, pred)) = self.history.get(id)
                    && seen.insert(id)
                {
                    todo.extend(pred.iter());
                }
            }
            common = Some(match common {
                None => seen,
                Some(c) => c.intersection(&seen).copied().collect(),
            });
        }
        common?
            .into_iter()
            .filter_map(|id| self.history.get(id).map(|(hlc, v, _)| ((hlc, id), v)))
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, v)| v)
    }

    /// Concurrent edits of a text field merged against their common ancestor
    /// ([`super::text_merge`]), oldest first; `None` when there is one survivor, the field
    /// is not text, or the edits overlap (a conflict the user settles).
    pub fn merged(&self, field: &Field) -> Option<Value> {
        let text = text_kind(field)?;
        if self.survivors.len() < 2 {
            return None;
        }
        let base = self.ancestor()?;
        let mut ordered: Vec<&Survivor> = self.survivors.iter().collect();
        ordered.sort_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)));
        let mut acc = ordered[0].value.clone();
        for s in &ordered[1..] {
            acc = match text {
                TextKind::Text => {
                    let get = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                    let merged =
                        super::text_merge::merge_text(&get(base), &get(&acc), &get(&s.value))?;
                    if merged.is_empty() && (base.is_null() || acc.is_null() || s.value.is_null()) {
                        Value::Null
                    } else {
                        json!(merged)
                    }
                }
                TextKind::Paragraphs => {
                    let get = |v: &Value| -> Vec<String> {
                        serde_json::from_value(v.clone()).unwrap_or_default()
                    };
                    json!(super::text_merge::merge_paragraphs(
                        &get(base),
                        &get(&acc),
                        &get(&s.value)
                    )?)
                }
            };
        }
        Some(acc)
    }

    /// The value shown: the merge of concurrent text edits when they merge, else the winner's.
    pub fn value(&self, field: &Field) -> Option<Value> {
        self.merged(field)
            .or_else(|| self.winner().map(|w| w.value.clone()))
    }
}

/// How a text field merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// One string (or none).
    Text,
    /// A turn's paragraphs.
    Paragraphs,
}

/// Which fields are text that merges, and how.
fn text_kind(field: &Field) -> Option<TextKind> {
    match field {
        Field::Block(_, BField::Paragraphs) => Some(TextKind::Paragraphs),
        Field::Block(
            _,
            BField::Text
            | BField::Image(ImageField::Caption | ImageField::Alt | ImageField::Credit),
        )
        | Field::Meta(MetaField::Title | MetaField::Subtitle) => Some(TextKind::Text),
        _ => None,
    }
}

/// Whether concurrent writes of this field merge as text (and so need their history).
pub fn is_text(field: &Field) -> bool {
    text_kind(field).is_some()
}

/// The adds of one tag on one owner still in force, oldest first.
type Adds = BTreeSet<(Hlc, OpId)>;

/// Add-wins sets of tags, keyed by block id (`""` for the document's topics).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagAdds {
    /// By owner, then tag: the adds in force, oldest first. Per owner, so showing one
    /// turn's tags does not walk every tag of the document.
    live: HashMap<String, HashMap<String, Adds>>,
    removed: HashSet<OpId>,
}

impl TagAdds {
    /// Records an add of `tag` on `owner`.
    pub fn add(&mut self, owner: &str, tag: &str, hlc: Hlc, id: &OpId) {
        if self.removed.contains(id) {
            return;
        }
        self.live
            .entry(owner.to_owned())
            .or_default()
            .entry(tag.to_owned())
            .or_default()
            .insert((hlc, id.clone()));
    }

    /// Takes away the adds a removal saw.
    pub fn remove(&mut self, owner: &str, tag: &str, seen: &[OpId]) {
        self.removed.extend(seen.iter().cloned());
        if let Some(adds) = self.live.get_mut(owner).and_then(|tags| tags.get_mut(tag)) {
            adds.retain(|(_, id)| !seen.contains(id));
        }
    }

    /// The adds of `tag` on `owner` still in force.
    pub fn live(&self, owner: &str, tag: &str) -> Vec<OpId> {
        self.live
            .get(owner)
            .and_then(|tags| tags.get(tag))
            .map(|adds| adds.iter().map(|(_, id)| id.clone()).collect())
            .unwrap_or_default()
    }

    /// The tags on `owner`, in the order they were first added.
    pub fn visible(&self, owner: &str) -> Vec<String> {
        let Some(tags) = self.live.get(owner) else {
            return Vec::new();
        };
        let mut tags: Vec<(&(Hlc, OpId), &str)> = tags
            .iter()
            .filter_map(|(t, adds)| adds.first().map(|first| (first, t.as_str())))
            .collect();
        tags.sort();
        tags.into_iter().map(|(_, t)| t.to_owned()).collect()
    }
}

/// A block's content fields (not its position or tombstone) with their values, in a fixed
/// order per kind of block: what an insert writes, and what diff and undo compare.
pub fn block_fields(block: &Block) -> Vec<(BField, Value)> {
    match block {
        Block::Paragraph { text, .. } | Block::Heading { text, .. } => {
            vec![(BField::Text, json!(text))]
        }
        Block::Turn {
            speaker,
            paragraphs,
            start,
            end,
            continues,
            ..
        } => vec![
            (BField::Speaker, json!(speaker)),
            (BField::Paragraphs, json!(paragraphs)),
            (BField::Continues, json!(continues)),
            (BField::Timing, json!((start, end))),
        ],
        Block::Image {
            asset,
            caption,
            credit,
            alt,
            ..
        } => [
            (ImageField::Asset, asset),
            (ImageField::Caption, caption),
            (ImageField::Credit, credit),
            (ImageField::Alt, alt),
        ]
        .into_iter()
        .map(|(f, v)| (BField::Image(f), json!(v)))
        .collect(),
    }
}

/// Writes one content field of a block from its register value. Returns false when the
/// block has no such field (position and tombstone are the caller's).
pub fn set_block_field(block: &mut Block, field: BField, value: &Value) -> bool {
    use serde_json::from_value as from;
    let text = || from::<Option<String>>(value.clone()).ok().flatten();
    match (field, block) {
        (BField::Text, Block::Paragraph { text: t, .. } | Block::Heading { text: t, .. }) => {
            *t = text().unwrap_or_default();
        }
        (BField::Paragraphs, Block::Turn { paragraphs, .. }) => {
            *paragraphs = from(value.clone()).unwrap_or_default();
        }
        (BField::Speaker, Block::Turn { speaker, .. }) => *speaker = text().unwrap_or_default(),
        (BField::Continues, Block::Turn { continues, .. }) => {
            *continues = value.as_bool().unwrap_or(false);
        }
        (BField::Timing, Block::Turn { start, end, .. }) => {
            (*start, *end) = from(value.clone()).unwrap_or((None, None));
        }
        (
            BField::Image(f),
            Block::Image {
                asset,
                caption,
                credit,
                alt,
                ..
            },
        ) => {
            let slot = match f {
                ImageField::Asset => asset,
                ImageField::Caption => caption,
                ImageField::Credit => credit,
                ImageField::Alt => alt,
            };
            *slot = text();
        }
        _ => return false,
    }
    true
}

/// The fields an op writes and the value it writes to each.
pub fn writes(kind: &OpKind) -> Vec<(Field, Value)> {
    let b = |id: &String, f: BField| Field::Block(id.clone(), f);
    let p = |id: &String, f: PField| Field::Participant(id.clone(), f);
    match kind {
        OpKind::SetMeta { field, value } => vec![(Field::Meta(*field), json!(value))],
        OpKind::SetCredits { credits } => vec![(Field::Credits, json!(credits))],
        OpKind::DeleteDocument => vec![(Field::Trashed, json!(true))],
        OpKind::RestoreDocument => vec![(Field::Trashed, json!(false))],
        OpKind::PutParticipant { participant: x } => vec![
            (p(&x.id, PField::Name), json!(x.name)),
            (p(&x.id, PField::Title), json!(x.title)),
            (p(&x.id, PField::Organization), json!(x.organization)),
            (p(&x.id, PField::Role), json!(x.role)),
            (p(&x.id, PField::Aliases), json!(x.aliases)),
        ],
        OpKind::SetParticipantField {
            participant,
            field,
            value,
        } => {
            let f = match field {
                ParticipantField::Name => PField::Name,
                ParticipantField::Title => PField::Title,
                ParticipantField::Organization => PField::Organization,
            };
            vec![(p(participant, f), json!(value))]
        }
        OpKind::SetParticipantRole { participant, role } => {
            vec![(p(participant, PField::Role), json!(role))]
        }
        OpKind::SetAliases {
            participant,
            aliases,
        } => vec![(p(participant, PField::Aliases), json!(aliases))],
        OpKind::OrderParticipants { order } => vec![(Field::ParticipantOrder, json!(order))],
        OpKind::InsertBlock { position, block } => {
            let id = &block.id().to_owned();
            let mut out = vec![
                (b(id, BField::Position), json!(position)),
                (b(id, BField::Deleted), json!(false)),
            ];
            out.extend(block_fields(block).into_iter().map(|(f, v)| (b(id, f), v)));
            out
        }
        OpKind::MoveBlock { block, position } => {
            vec![(b(block, BField::Position), json!(position))]
        }
        OpKind::RestoreBlock { block, position } => vec![
            (b(block, BField::Position), json!(position)),
            (b(block, BField::Deleted), json!(false)),
        ],
        OpKind::DeleteBlock { block } => vec![(b(block, BField::Deleted), json!(true))],
        OpKind::SetText { block, text } => vec![(b(block, BField::Text), json!(text))],
        OpKind::SetParagraphs { block, paragraphs } => {
            vec![(b(block, BField::Paragraphs), json!(paragraphs))]
        }
        OpKind::SetSpeaker { block, speaker } => vec![(b(block, BField::Speaker), json!(speaker))],
        OpKind::SetContinues { block, continues } => {
            vec![(b(block, BField::Continues), json!(continues))]
        }
        OpKind::SetTiming { block, start, end } => {
            vec![(b(block, BField::Timing), json!((start, end)))]
        }
        OpKind::SetImageField {
            block,
            field,
            value,
        } => vec![(b(block, BField::Image(*field)), json!(value))],
        OpKind::LinkPerson {
            participant,
            person,
        } => vec![(p(participant, PField::Person), json!(person))],
        OpKind::ShareRecording { recording } => {
            vec![(Field::Recording(recording.sha256.clone()), json!(recording))]
        }
        OpKind::UnshareRecording { sha256 } => {
            vec![(Field::Recording(sha256.clone()), Value::Null)]
        }
        OpKind::CreateDocument
        | OpKind::SetPersonName { .. }
        | OpKind::SetPersonAliases { .. }
        | OpKind::SetMergedInto { .. }
        | OpKind::MarkDistinct { .. }
        | OpKind::AddTopic { .. }
        | OpKind::RemoveTopic { .. }
        | OpKind::TagBlock { .. }
        | OpKind::UntagBlock { .. }
        | OpKind::RemoveParticipant { .. } => Vec::new(),
    }
}

/// Which field of its document, block or participant a conflict is about, for the UI to name
/// in the interface language (with [`Conflict::block`] or [`Conflict::participant`] saying
/// whose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    /// The headline.
    Title,
    /// The deck.
    Subtitle,
    /// The column or series.
    Column,
    /// The language tag.
    Language,
    /// The guest list's heading.
    GuestHeading,
    /// The speaker label form exports use by default.
    SpeakerLabels,
    /// The credits list.
    Credits,
    /// In the trash or not.
    Trash,
    /// The order of participants.
    ParticipantOrder,
    /// A participant's display name.
    Name,
    /// A participant's job title.
    JobTitle,
    /// A participant's organisation.
    Organization,
    /// A participant's role.
    Role,
    /// A participant's other names.
    Aliases,
    /// Which person of the library's directory a participant is.
    Person,
    /// A block's place in the order.
    Position,
    /// The whole block (deleted on one side).
    Block,
    /// A paragraph's or heading's text.
    Text,
    /// A turn's paragraphs.
    Paragraphs,
    /// A turn's speaker.
    Speaker,
    /// A turn's continuation flag.
    Continues,
    /// A turn's timecodes.
    Timing,
    /// An image's picture.
    Picture,
    /// An image's caption.
    Caption,
    /// An image's credit.
    Credit,
    /// An image's alternative text.
    Alt,
    /// Whether a recording is shared with the team.
    Recording,
}

impl Field {
    /// The field's name for the UI.
    pub fn name(&self) -> FieldName {
        match self {
            Field::Meta(MetaField::Title) => FieldName::Title,
            Field::Meta(MetaField::Subtitle) => FieldName::Subtitle,
            Field::Meta(MetaField::Column) => FieldName::Column,
            Field::Meta(MetaField::Language) => FieldName::Language,
            Field::Meta(MetaField::GuestHeading) => FieldName::GuestHeading,
            Field::Meta(MetaField::SpeakerLabels) => FieldName::SpeakerLabels,
            Field::Credits => FieldName::Credits,
            Field::Trashed => FieldName::Trash,
            Field::ParticipantOrder => FieldName::ParticipantOrder,
            Field::Participant(_, f) => match f {
                PField::Name => FieldName::Name,
                PField::Title => FieldName::JobTitle,
                PField::Organization => FieldName::Organization,
                PField::Role => FieldName::Role,
                PField::Aliases => FieldName::Aliases,
                PField::Person => FieldName::Person,
            },
            Field::Block(_, f) => match f {
                BField::Position => FieldName::Position,
                BField::Deleted => FieldName::Block,
                BField::Text => FieldName::Text,
                BField::Paragraphs => FieldName::Paragraphs,
                BField::Speaker => FieldName::Speaker,
                BField::Continues => FieldName::Continues,
                BField::Timing => FieldName::Timing,
                BField::Image(ImageField::Asset) => FieldName::Picture,
                BField::Image(ImageField::Caption) => FieldName::Caption,
                BField::Image(ImageField::Credit) => FieldName::Credit,
                BField::Image(ImageField::Alt) => FieldName::Alt,
            },
            Field::Recording(_) => FieldName::Recording,
        }
    }
}

/// What kind of disagreement a conflict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Two or more concurrent values for one field.
    Value,
    /// A block was deleted on one device while edited on another.
    EditedWhileDeleted,
}

/// One candidate value in a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ConflictValue {
    /// The op, as `device:counter`.
    pub op: String,
    /// The device that wrote it.
    pub device: String,
    /// When, ms since the Unix epoch.
    #[ts(type = "number")]
    pub wall_ms: u64,
    /// The value it wrote (JSON).
    #[ts(type = "unknown")]
    pub value: Value,
    /// Written on this device: the library sets it, so the editor can say "mine" and "theirs".
    pub mine: bool,
    /// For text, what this value changed in the version both sides started from, word by
    /// word (paragraphs joined by line breaks); `None` for values that are not text.
    pub diff: Option<Vec<super::text_merge::DiffPart>>,
}

/// A field with more than one surviving value, or a block edited while deleted.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Conflict {
    /// The field's stable key (`title`, `block b12 paragraphs`): what resolving names, and what
    /// the CLI prints. Not for the UI's words: that is [`Conflict::name`].
    pub field: String,
    /// Which field it is, for the UI to name in the interface language.
    pub name: FieldName,
    /// The block concerned, if any.
    pub block: Option<String>,
    /// The participant concerned, if any.
    pub participant: Option<String>,
    /// Value conflict or edited-while-deleted.
    pub kind: ConflictKind,
    /// The value shown: first in `values`.
    pub values: Vec<ConflictValue>,
    /// For text, the value the concurrent edits were made from, so the editor can show what
    /// each side changed.
    #[ts(type = "unknown")]
    pub base: Option<Value>,
}

fn candidate(s: &Survivor) -> ConflictValue {
    ConflictValue {
        op: format!("{}:{}", s.id.device, s.id.counter),
        device: s.id.device.clone(),
        wall_ms: s.hlc.wall,
        value: s.value.clone(),
        mine: false,
        diff: None,
    }
}

/// A text value as one string for a diff: a string, or paragraphs joined by line breaks.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str())
            .collect::<Option<Vec<&str>>>()
            .map(|p| p.join("\n")),
        _ => None,
    }
}

/// Every conflict in a document, in a stable order.
pub fn conflicts(state: &DocState) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut fields: Vec<(&Field, &Register)> = state
        .registers
        .iter()
        .filter(|(f, r)| r.survivors.len() > 1 && r.merged(f).is_none())
        .collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, register) in fields {
        // A field of a deleted block shows up as "edited while deleted" below.
        if let Field::Block(id, f) = field
            && *f != BField::Deleted
            && state.blocks.get(id).is_some_and(|b| b.deleted)
        {
            continue;
        }
        let mut values: Vec<&Survivor> = register.survivors.iter().collect();
        values.sort_by(|a, b| (b.hlc, &b.id).cmp(&(a.hlc, &a.id)));
        let (block, participant) = owner(field);
        let base = if is_text(field) {
            register.ancestor().cloned()
        } else {
            None
        };
        let old = base.as_ref().and_then(as_text);
        let values = values
            .into_iter()
            .map(|s| ConflictValue {
                diff: old
                    .as_deref()
                    .zip(as_text(&s.value))
                    .map(|(o, n)| super::text_merge::word_diff(o, &n)),
                ..candidate(s)
            })
            .collect();
        out.push(Conflict {
            field: field.describe(),
            name: field.name(),
            block,
            participant,
            kind: ConflictKind::Value,
            values,
            base,
        });
    }
    let mut deleted: Vec<&String> = state
        .blocks
        .iter()
        .filter(|(_, b)| b.deleted)
        .map(|(id, _)| id)
        .collect();
    deleted.sort();
    for id in deleted {
        let Some(delete) = state
            .registers
            .get(&Field::Block(id.clone(), BField::Deleted))
            .and_then(Register::winner)
        else {
            continue;
        };
        let unseen: Vec<&Survivor> = state
            .block_fields(id)
            .filter(|(f, _)| !matches!(f, Field::Block(_, BField::Deleted | BField::Position)))
            .flat_map(|(_, r)| r.survivors.iter())
            .filter(|s| !delete.pred.contains(&s.id))
            .collect();
        if unseen.is_empty() {
            continue;
        }
        let mut values = vec![candidate(delete)];
        values.extend(unseen.into_iter().map(candidate));
        out.push(Conflict {
            field: format!("block {id}"),
            name: FieldName::Block,
            block: Some(id.clone()),
            participant: None,
            kind: ConflictKind::EditedWhileDeleted,
            values,
            base: None,
        });
    }
    out
}

fn owner(field: &Field) -> (Option<String>, Option<String>) {
    match field {
        Field::Block(id, _) => (Some(id.clone()), None),
        Field::Participant(id, _) => (None, Some(id.clone())),
        _ => (None, None),
    }
}

/// The op that writes `value` to `field`: what resolving a conflict in favour of a value
/// appends (its `pred` then covers every survivor, ending the conflict).
pub fn op_for(field: &Field, value: &Value, state: &DocState) -> Option<OpKind> {
    use serde_json::from_value as from;
    let text = || from::<Option<String>>(value.clone()).ok().flatten();
    Some(match field {
        Field::Meta(f) => OpKind::SetMeta {
            field: *f,
            value: text(),
        },
        Field::Credits => OpKind::SetCredits {
            credits: from(value.clone()).ok()?,
        },
        Field::Trashed if value.as_bool()? => OpKind::DeleteDocument,
        Field::Trashed => OpKind::RestoreDocument,
        Field::ParticipantOrder => OpKind::OrderParticipants {
            order: from(value.clone()).ok()?,
        },
        Field::Participant(id, f) => {
            let participant = id.clone();
            match f {
                PField::Name | PField::Title | PField::Organization => {
                    OpKind::SetParticipantField {
                        participant,
                        field: match f {
                            PField::Name => ParticipantField::Name,
                            PField::Title => ParticipantField::Title,
                            _ => ParticipantField::Organization,
                        },
                        value: text(),
                    }
                }
                PField::Role => OpKind::SetParticipantRole {
                    participant,
                    role: from(value.clone()).ok()?,
                },
                PField::Aliases => OpKind::SetAliases {
                    participant,
                    aliases: from(value.clone()).ok()?,
                },
                PField::Person => OpKind::LinkPerson {
                    participant,
                    person: from(value.clone()).ok()?,
                },
            }
        }
        Field::Block(id, f) => {
            let block = id.clone();
            match f {
                BField::Position => OpKind::MoveBlock {
                    block,
                    position: text()?,
                },
                BField::Deleted if value.as_bool()? => OpKind::DeleteBlock { block },
                BField::Deleted => OpKind::RestoreBlock {
                    position: state.blocks.get(id)?.position.clone(),
                    block,
                },
                BField::Text => OpKind::SetText {
                    block,
                    text: text().unwrap_or_default(),
                },
                BField::Paragraphs => OpKind::SetParagraphs {
                    block,
                    paragraphs: from(value.clone()).ok()?,
                },
                BField::Speaker => OpKind::SetSpeaker {
                    block,
                    speaker: text()?,
                },
                BField::Continues => OpKind::SetContinues {
                    block,
                    continues: value.as_bool()?,
                },
                BField::Timing => {
                    let (start, end): (Option<f64>, Option<f64>) = from(value.clone()).ok()?;
                    OpKind::SetTiming { block, start, end }
                }
                BField::Image(f) => OpKind::SetImageField {
                    block,
                    field: *f,
                    value: text(),
                },
            }
        }
        Field::Recording(sha256) => {
            match from::<Option<super::SharedRecording>>(value.clone()).ok()? {
                Some(recording) => OpKind::ShareRecording { recording },
                None => OpKind::UnshareRecording {
                    sha256: sha256.clone(),
                },
            }
        }
    })
}

/// Finds the register a conflict's `field` description names.
pub fn field_named<'a>(state: &'a DocState, name: &str) -> Option<&'a Field> {
    state.registers.keys().find(|f| f.describe() == name)
}
