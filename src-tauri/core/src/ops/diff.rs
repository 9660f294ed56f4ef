//! The minimal ops that turn a stored document into an edited copy of it.
//!
//! The editor, `roundtable apply`, undo and "restore this version" all work the same way:
//! they produce the document they want, and [`diff`] turns the difference into ops for the
//! log. Blocks and participants are matched by id; blocks that keep their relative order
//! keep their positions, so a move is one op and an edit never renumbers its neighbours.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::merge::{Field, block_fields, op_for};
use super::{ApplyError, DocState};
use super::{MetaField, OpKind, ParticipantField, position};
use crate::model::{Block, Document, Participant};

/// The ops that take `current` to `target`, in an order that applies cleanly: new
/// participants first, then metadata, then blocks, then deletions.
///
/// `target.id` must be the document's id; its block ids must be unique, and every turn must
/// name one of its participants.
pub fn diff(current: &DocState, target: &Document) -> Result<Vec<OpKind>, ApplyError> {
    validate(current, target)?;
    let mut ops = Vec::new();
    participants(current, target, &mut ops);
    participant_order(current, target, &mut ops);
    meta(current, target, &mut ops);
    blocks(current, target, &mut ops);
    let kept: HashSet<&str> = target.participants.iter().map(|p| p.id.as_str()).collect();
    ops.extend(
        current
            .participants
            .iter()
            .filter(|p| !kept.contains(p.id.as_str()))
            .map(|p| OpKind::RemoveParticipant {
                participant: p.id.clone(),
            }),
    );
    Ok(ops)
}

fn validate(current: &DocState, target: &Document) -> Result<(), ApplyError> {
    if target.id != current.id {
        return Err(ApplyError::Invalid(format!(
            "the edited document is {}, not {}",
            target.id, current.id
        )));
    }
    let mut ids = HashSet::new();
    for b in &target.blocks {
        if b.id().is_empty() || !ids.insert(b.id()) {
            return Err(ApplyError::Invalid(format!(
                "block id {:?} is empty or used twice",
                b.id()
            )));
        }
    }
    let mut people = HashSet::new();
    for p in &target.participants {
        if p.id.is_empty() || !people.insert(p.id.as_str()) {
            return Err(ApplyError::Invalid(format!(
                "participant id {:?} is empty or used twice",
                p.id
            )));
        }
    }
    for b in &target.blocks {
        if let Block::Turn { speaker, .. } = b
            && !people.contains(speaker.as_str())
        {
            return Err(ApplyError::NoParticipant(speaker.clone()));
        }
    }
    Ok(())
}

fn participants(current: &DocState, target: &Document, ops: &mut Vec<OpKind>) {
    let old: HashMap<&str, &Participant> = current
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    for p in &target.participants {
        let Some(o) = old.get(p.id.as_str()) else {
            ops.push(OpKind::PutParticipant {
                participant: p.clone(),
            });
            continue;
        };
        let participant = || p.id.clone();
        if o.name != p.name {
            ops.push(OpKind::SetParticipantField {
                participant: participant(),
                field: ParticipantField::Name,
                value: Some(p.name.clone()),
            });
        }
        for (field, a, b) in [
            (ParticipantField::Title, &o.title, &p.title),
            (
                ParticipantField::Organization,
                &o.organization,
                &p.organization,
            ),
        ] {
            if a != b {
                ops.push(OpKind::SetParticipantField {
                    participant: participant(),
                    field,
                    value: b.clone(),
                });
            }
        }
        if o.role != p.role {
            ops.push(OpKind::SetParticipantRole {
                participant: participant(),
                role: p.role,
            });
        }
        if o.aliases != p.aliases {
            ops.push(OpKind::SetAliases {
                participant: participant(),
                aliases: p.aliases.clone(),
            });
        }
    }
}

/// After new participants are appended, the order the target wants, if it differs.
fn participant_order(current: &DocState, target: &Document, ops: &mut Vec<OpKind>) {
    let wanted: Vec<&str> = target.participants.iter().map(|p| p.id.as_str()).collect();
    let mut now: Vec<&str> = current
        .participants
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| wanted.contains(id))
        .collect();
    now.extend(
        wanted
            .iter()
            .filter(|id| !now.contains(id))
            .copied()
            .collect::<Vec<_>>(),
    );
    if now != wanted {
        ops.push(OpKind::OrderParticipants {
            order: wanted.iter().map(|id| (*id).to_owned()).collect(),
        });
    }
}

fn meta(current: &DocState, target: &Document, ops: &mut Vec<OpKind>) {
    let text = |s: &str| Some(s.to_owned());
    for (field, a, b) in [
        (MetaField::Title, text(&current.title), text(&target.title)),
        (
            MetaField::Subtitle,
            current.subtitle.clone(),
            target.subtitle.clone(),
        ),
        (
            MetaField::Column,
            current.column.clone(),
            target.column.clone(),
        ),
        (
            MetaField::Language,
            text(&current.language),
            text(&target.language),
        ),
        (
            MetaField::GuestHeading,
            current.guest_heading.clone(),
            target.guest_heading.clone(),
        ),
        (
            MetaField::SpeakerLabels,
            current.speaker_labels.map(|f| f.name().to_owned()),
            target.speaker_labels.map(|f| f.name().to_owned()),
        ),
    ] {
        if a != b {
            ops.push(OpKind::SetMeta { field, value: b });
        }
    }
    for t in &current.topics {
        if !target.topics.contains(t) {
            ops.push(OpKind::RemoveTopic { topic: t.clone() });
        }
    }
    for t in &target.topics {
        if !current.topics.contains(t) {
            ops.push(OpKind::AddTopic { topic: t.clone() });
        }
    }
    if current.credits != target.credits {
        ops.push(OpKind::SetCredits {
            credits: target.credits.clone(),
        });
    }
}

fn blocks(current: &DocState, target: &Document, ops: &mut Vec<OpKind>) {
    let live = current.ordered();
    let rank: HashMap<&str, usize> = live
        .iter()
        .enumerate()
        .map(|(i, b)| (b.block.id(), i))
        .collect();
    // A block whose kind changed cannot be edited into shape: it is replaced.
    let replaced: HashSet<&str> = target
        .blocks
        .iter()
        .filter(|b| {
            current
                .blocks
                .get(b.id())
                .is_some_and(|old| std::mem::discriminant(&old.block) != std::mem::discriminant(*b))
        })
        .map(Block::id)
        .collect();
    // Live blocks that keep their relative order keep their positions.
    let sequence: Vec<(usize, usize)> = target
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !replaced.contains(b.id()))
        .filter_map(|(i, b)| rank.get(b.id()).map(|&r| (i, r)))
        .collect();
    let anchored: HashSet<usize> = longest_increasing(&sequence).into_iter().collect();

    // Positions for the runs of blocks between anchors.
    let mut positions: Vec<Option<String>> = vec![None; target.blocks.len()];
    let mut i = 0;
    while i < target.blocks.len() {
        if anchored.contains(&i) {
            positions[i] = Some(live[rank[target.blocks[i].id()]].position.clone());
            i += 1;
            continue;
        }
        let start = i;
        while i < target.blocks.len() && !anchored.contains(&i) {
            i += 1;
        }
        let lo = start
            .checked_sub(1)
            .map(|j| live[rank[target.blocks[j].id()]].position.as_str());
        let hi = target
            .blocks
            .get(i)
            .map(|b| live[rank[b.id()]].position.as_str());
        for (slot, p) in positions[start..i]
            .iter_mut()
            .zip(position::run(lo, hi, i - start))
        {
            *slot = Some(p);
        }
    }

    let mut deletes = Vec::new();
    for (i, b) in target.blocks.iter().enumerate() {
        let position = positions[i].clone().unwrap_or_default();
        let old = current.blocks.get(b.id());
        match old {
            _ if replaced.contains(b.id()) => {
                let mut fresh = b.clone();
                fresh.set_id(Uuid::new_v4().to_string());
                if old.is_some_and(|o| !o.deleted) {
                    deletes.push(OpKind::DeleteBlock {
                        block: b.id().to_owned(),
                    });
                }
                ops.push(OpKind::InsertBlock {
                    position,
                    block: fresh,
                });
            }
            None => ops.push(OpKind::InsertBlock {
                position,
                block: b.clone(),
            }),
            Some(old) => {
                if old.deleted {
                    ops.push(OpKind::RestoreBlock {
                        block: b.id().to_owned(),
                        position,
                    });
                } else if !anchored.contains(&i) {
                    ops.push(OpKind::MoveBlock {
                        block: b.id().to_owned(),
                        position,
                    });
                }
                content(&old.block, b, current, ops);
            }
        }
    }
    let wanted: HashSet<&str> = target.blocks.iter().map(Block::id).collect();
    ops.extend(deletes);
    ops.extend(
        live.iter()
            .filter(|b| !wanted.contains(b.block.id()))
            .map(|b| OpKind::DeleteBlock {
                block: b.block.id().to_owned(),
            }),
    );
}

/// Field ops that take block `old` to `new` (same id, same kind).
fn content(old: &Block, new: &Block, state: &DocState, ops: &mut Vec<OpKind>) {
    let id = new.id();
    for ((field, a), (_, b)) in block_fields(old).iter().zip(&block_fields(new)) {
        if a != b
            && let Some(op) = op_for(&Field::Block(id.to_owned(), *field), b, state)
        {
            ops.push(op);
        }
    }
    // Tags are sets, written by their own ops.
    if let (Block::Turn { topics: t0, .. }, Block::Turn { topics: t1, .. }) = (old, new) {
        for t in t0.iter().filter(|t| !t1.contains(t)) {
            ops.push(OpKind::UntagBlock {
                block: id.to_owned(),
                topic: t.clone(),
            });
        }
        for t in t1.iter().filter(|t| !t0.contains(t)) {
            ops.push(OpKind::TagBlock {
                block: id.to_owned(),
                topic: t.clone(),
            });
        }
    }
}

/// Indices (first components) of a longest subsequence of `items` whose second components
/// increase: the blocks that can stay where they are. O(n log n).
fn longest_increasing(items: &[(usize, usize)]) -> Vec<usize> {
    // tails[k] = index into items of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; items.len()];
    for (i, &(_, r)) in items.iter().enumerate() {
        let k = tails.partition_point(|&t| items[t].1 < r);
        back[i] = k.checked_sub(1).map(|j| tails[j]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(items[i].0);
        cur = back[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ranks: &[usize], expected: &[usize]) {
        let items: Vec<(usize, usize)> = ranks.iter().copied().enumerate().collect();
        assert_eq!(longest_increasing(&items), expected, "{ranks:?}");
    }

    #[test]
    fn longest_increasing_table() {
        check(&[], &[]);
        check(&[0, 1, 2], &[0, 1, 2]);
        check(&[2, 0, 1], &[1, 2]);
        check(&[1, 2, 0], &[0, 1]);
        check(&[3, 1, 2, 0], &[1, 2]);
        check(&[0, 4, 1, 2, 3], &[0, 2, 3, 4]);
    }
}
