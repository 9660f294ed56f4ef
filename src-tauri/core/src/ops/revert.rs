//! Undo as a three-way merge: take back what one batch changed, keep everything since.
//!
//! Given the document before and after a batch, and the document as it is now, [`revert`]
//! returns the current document with only that batch's changes taken back, field by field.
//! Edits made later (by this user or arriving by sync) to other fields stay. The caller
//! turns the result into new ops with [`super::diff`], so undo is itself in the log.

use std::collections::{HashMap, HashSet};

use super::merge::{block_fields, set_block_field};
use super::{DocState, PlacedBlock};
use crate::model::{Block, Document, Participant};

/// `current` with the changes from `before` to `after` taken back.
pub fn revert(current: &Document, before: &DocState, after: &DocState) -> Document {
    let mut doc = current.clone();
    let (b, a) = (before.to_document(), after.to_document());

    if b.title != a.title {
        doc.title = b.title.clone();
    }
    if b.subtitle != a.subtitle {
        doc.subtitle = b.subtitle.clone();
    }
    if b.column != a.column {
        doc.column = b.column.clone();
    }
    if b.language != a.language {
        doc.language = b.language.clone();
    }
    if b.guest_heading != a.guest_heading {
        doc.guest_heading = b.guest_heading.clone();
    }
    if b.speaker_labels != a.speaker_labels {
        doc.speaker_labels = b.speaker_labels;
    }
    doc.topics
        .retain(|t| b.topics.contains(t) || !a.topics.contains(t));
    for t in &b.topics {
        if !a.topics.contains(t) && !doc.topics.contains(t) {
            doc.topics.push(t.clone());
        }
    }
    if b.credits != a.credits {
        doc.credits = b.credits.clone();
    }

    participants(&mut doc, &b.participants, &a.participants);
    blocks(&mut doc, before, after);

    // A participant the batch added stays while some turn still needs it.
    let speaking: HashSet<String> = doc
        .blocks
        .iter()
        .filter_map(|bl| match bl {
            Block::Turn { speaker, .. } => Some(speaker.clone()),
            _ => None,
        })
        .collect();
    let added: HashSet<&str> = a
        .participants
        .iter()
        .filter(|p| !b.participants.iter().any(|q| q.id == p.id))
        .map(|p| p.id.as_str())
        .collect();
    doc.participants
        .retain(|p| !added.contains(p.id.as_str()) || speaking.contains(&p.id));
    doc
}

fn participants(doc: &mut Document, before: &[Participant], after: &[Participant]) {
    for (i, old) in before.iter().enumerate() {
        match after.iter().find(|p| p.id == old.id) {
            None => {
                if !doc.participants.iter().any(|p| p.id == old.id) {
                    // Back after the participant that preceded it.
                    let at = before[..i]
                        .iter()
                        .rev()
                        .find_map(|q| doc.participants.iter().position(|p| p.id == q.id))
                        .map_or(0, |j| j + 1);
                    doc.participants.insert(at, old.clone());
                }
            }
            Some(new) => {
                if let Some(cur) = doc.participants.iter_mut().find(|p| p.id == old.id) {
                    if old.name != new.name {
                        cur.name = old.name.clone();
                    }
                    if old.title != new.title {
                        cur.title = old.title.clone();
                    }
                    if old.organization != new.organization {
                        cur.organization = old.organization.clone();
                    }
                    if old.role != new.role {
                        cur.role = old.role;
                    }
                    if old.aliases != new.aliases {
                        cur.aliases = old.aliases.clone();
                    }
                }
            }
        }
    }
}

fn blocks(doc: &mut Document, before: &DocState, after: &DocState) {
    // Blocks the batch inserted (or restored) go; blocks it changed get their old fields.
    doc.blocks
        .retain(|bl| live(after, bl.id()).is_none() || live(before, bl.id()).is_some());
    for bl in &mut doc.blocks {
        if let (Some(old), Some(new)) = (live(before, bl.id()), live(after, bl.id())) {
            fields(bl, &old.block, &new.block);
        }
    }
    // Blocks the batch deleted or moved go back after the block that preceded them before.
    let order: Vec<&Block> = before.ordered().into_iter().map(|p| &p.block).collect();
    let back: Vec<&Block> = order
        .iter()
        .copied()
        .filter(|bl| match live(after, bl.id()) {
            None => true,
            Some(new) => live(before, bl.id()).is_some_and(|old| old.position != new.position),
        })
        .collect();
    if back.is_empty() {
        return;
    }
    let back_ids: HashSet<&str> = back.iter().map(|b| b.id()).collect();
    let mut restored: HashMap<&str, Block> = HashMap::new();
    for bl in &back {
        // A block deleted by the batch comes back as it was; a moved one keeps later edits.
        let cur = doc.blocks.iter().find(|c| c.id() == bl.id()).cloned();
        restored.insert(bl.id(), cur.unwrap_or_else(|| (*bl).clone()));
    }
    doc.blocks.retain(|c| !back_ids.contains(c.id()));
    for (i, bl) in order.iter().enumerate() {
        let Some(block) = restored.remove(bl.id()) else {
            continue;
        };
        let anchor = order[..i]
            .iter()
            .rev()
            .find_map(|p| doc.blocks.iter().position(|c| c.id() == p.id()));
        let at = anchor.map_or(0, |j| j + 1);
        doc.blocks.insert(at, block);
    }
}

fn live<'a>(s: &'a DocState, id: &str) -> Option<&'a PlacedBlock> {
    s.blocks.get(id).filter(|b| !b.deleted)
}

/// Sets each field of `cur` that differs between `old` and `new` back to `old`'s value.
fn fields(cur: &mut Block, old: &Block, new: &Block) {
    if std::mem::discriminant(cur) != std::mem::discriminant(old) {
        return;
    }
    for ((field, o), (_, n)) in block_fields(old).iter().zip(&block_fields(new)) {
        if o != n {
            set_block_field(cur, *field, o);
        }
    }
    if let (
        Block::Turn { topics, .. },
        Block::Turn { topics: t0, .. },
        Block::Turn { topics: t1, .. },
    ) = (cur, old, new)
    {
        topics.retain(|t| t0.contains(t) || !t1.contains(t));
        for t in t0 {
            if !t1.contains(t) && !topics.contains(t) {
                topics.push(t.clone());
            }
        }
    }
}
