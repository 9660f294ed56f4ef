//! What one version of a document has that another has not, for people: the history shows it
//! before a restore, so nobody restores a version blind.
//!
//! Text is compared word by word with the merge's own tokens ([`word_diff`]), so a change
//! reads the same in the history as in a conflict. Blocks are matched by id: a block whose
//! id is in both versions is the same block, edited or moved; a block's speaker is named,
//! never shown as an id.

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use ts_rs::TS;

use crate::model::{Block, BlockKind, Document, Participant};
use crate::ops::text_merge::{DiffKind, DiffPart, word_diff};

/// A document field as the history names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocField {
    /// The headline.
    Title,
    /// The standfirst.
    Subtitle,
    /// The column or section.
    Column,
    /// The language tag.
    Language,
    /// The document's topic tags.
    Topics,
    /// Credits (source, editor, reporter…).
    Credits,
    /// The guest list's heading.
    #[serde(rename = "guest_heading")]
    GuestHeading,
    /// The speaker label form exports use by default.
    #[serde(rename = "speaker_labels")]
    SpeakerLabels,
}

/// One block as the history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BlockSide {
    /// The block's id.
    pub id: String,
    /// What kind of block it is.
    pub kind: BlockKind,
    /// The speaker's name, for a turn.
    pub speaker: Option<String>,
    /// Its text: a turn's paragraphs joined by line breaks; an image's caption.
    pub text: String,
}

/// One difference between two versions, from the first (`from`) to the second (`to`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A field of the document differs.
    Field {
        /// Which field.
        field: DocField,
        /// Word by word, from `from` to `to`.
        diff: Vec<DiffPart>,
    },
    /// A participant is only in `to` (`was` is null), only in `from` (`now` is null), or
    /// differs in name, role, job title or organisation.
    Participant {
        /// As `from` has it.
        was: Option<Participant>,
        /// As `to` has it.
        now: Option<Participant>,
    },
    /// A block only `to` has.
    Added {
        /// The block.
        block: BlockSide,
    },
    /// A block only `from` has.
    Removed {
        /// The block.
        block: BlockSide,
    },
    /// A block in both whose text, speaker or picture differs.
    Edited {
        /// The block as `to` has it.
        block: BlockSide,
        /// The speaker `from` gives it, when that is another one.
        speaker_was: Option<String>,
        /// Its text word by word, from `from` to `to` (empty when only the speaker or the
        /// picture differs).
        diff: Vec<DiffPart>,
        /// The picture differs (replaced, added or taken out).
        picture: bool,
    },
    /// A block in both, at another place among the others.
    Moved {
        /// The block as `to` has it.
        block: BlockSide,
    },
}

fn side(doc: &Document, b: &Block) -> BlockSide {
    let (speaker, text) = match b {
        Block::Turn {
            speaker,
            paragraphs,
            ..
        } => (
            Some(
                doc.participant(speaker)
                    .map_or_else(|| speaker.clone(), |p| p.name.clone()),
            ),
            paragraphs.join("\n"),
        ),
        Block::Image { caption, .. } => (None, caption.clone().unwrap_or_default()),
        Block::Paragraph { text, .. } | Block::Heading { text, .. } => (None, text.clone()),
    };
    BlockSide {
        id: b.id().to_owned(),
        kind: b.kind(),
        speaker,
        text,
    }
}

fn changed(diff: &[DiffPart]) -> bool {
    diff.iter().any(|p| p.kind != DiffKind::Same)
}

fn credits_text(doc: &Document) -> String {
    doc.credits
        .iter()
        .map(|c| format!("{}: {}", c.role.as_str(), c.name))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Everything `to` has that `from` has not, in `to`'s reading order (a removed block is listed
/// where it stood, after the block that preceded it).
pub fn compare(from: &Document, to: &Document) -> Vec<Change> {
    let mut out = Vec::new();
    let fields: [(DocField, String, String); 8] = [
        (DocField::Title, from.title.clone(), to.title.clone()),
        (
            DocField::Subtitle,
            from.subtitle.clone().unwrap_or_default(),
            to.subtitle.clone().unwrap_or_default(),
        ),
        (
            DocField::Column,
            from.column.clone().unwrap_or_default(),
            to.column.clone().unwrap_or_default(),
        ),
        (
            DocField::Language,
            from.language.clone(),
            to.language.clone(),
        ),
        (
            DocField::Topics,
            from.topics.join(", "),
            to.topics.join(", "),
        ),
        (DocField::Credits, credits_text(from), credits_text(to)),
        (
            DocField::GuestHeading,
            from.guest_heading.clone().unwrap_or_default(),
            to.guest_heading.clone().unwrap_or_default(),
        ),
        (
            DocField::SpeakerLabels,
            from.speaker_labels.map_or("", |f| f.name()).to_owned(),
            to.speaker_labels.map_or("", |f| f.name()).to_owned(),
        ),
    ];
    for (field, a, b) in fields {
        if a != b {
            out.push(Change::Field {
                field,
                diff: word_diff(&a, &b),
            });
        }
    }

    for p in &to.participants {
        match from.participant(&p.id) {
            None => out.push(Change::Participant {
                was: None,
                now: Some(p.clone()),
            }),
            Some(q)
                if q.name != p.name
                    || q.role != p.role
                    || q.title != p.title
                    || q.organization != p.organization =>
            {
                out.push(Change::Participant {
                    was: Some(q.clone()),
                    now: Some(p.clone()),
                });
            }
            Some(_) => {}
        }
    }
    for q in &from.participants {
        if to.participant(&q.id).is_none() {
            out.push(Change::Participant {
                was: Some(q.clone()),
                now: None,
            });
        }
    }

    let from_ids: Vec<&str> = from.blocks.iter().map(Block::id).collect();
    let to_ids: Vec<&str> = to.blocks.iter().map(Block::id).collect();
    let from_at: std::collections::HashMap<&str, usize> = from_ids
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i))
        .collect();
    let to_set: std::collections::HashSet<&str> = to_ids.iter().copied().collect();
    // Blocks in both but not in the longest common order moved.
    let mut moved = std::collections::HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &from_ids, &to_ids) {
        if let DiffOp::Insert {
            new_index, new_len, ..
        }
        | DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            for &id in &to_ids[new_index..new_index + new_len] {
                if from_at.contains_key(id) {
                    moved.insert(id);
                }
            }
        }
    }

    // Removed blocks, each after the nearest earlier block of `from` that `to` still has
    // (None: before everything).
    // Keyed by the anchor's index in `from`.
    let mut removed_after: std::collections::HashMap<Option<usize>, Vec<&Block>> =
        std::collections::HashMap::new();
    let mut anchor: Option<usize> = None;
    for (i, b) in from.blocks.iter().enumerate() {
        if to_set.contains(b.id()) {
            anchor = Some(i);
        } else {
            removed_after.entry(anchor).or_default().push(b);
        }
    }
    let mut push_removed = |out: &mut Vec<Change>, after: Option<usize>| {
        for b in removed_after.remove(&after).unwrap_or_default() {
            out.push(Change::Removed {
                block: side(from, b),
            });
        }
    };
    push_removed(&mut out, None);
    for b in &to.blocks {
        let now = side(to, b);
        match from_at.get(b.id()).map(|&i| &from.blocks[i]) {
            None => out.push(Change::Added { block: now }),
            Some(old) => {
                let was = side(from, old);
                let diff = word_diff(&was.text, &now.text);
                let speaker_was = (was.speaker != now.speaker)
                    .then(|| was.speaker.clone())
                    .flatten();
                let picture = match (old, b) {
                    (
                        Block::Image {
                            asset: a,
                            credit: ca,
                            alt: la,
                            ..
                        },
                        Block::Image {
                            asset: z,
                            credit: cz,
                            alt: lz,
                            ..
                        },
                    ) => a != z || ca != cz || la != lz,
                    _ => false,
                };
                if changed(&diff) || speaker_was.is_some() || picture || was.kind != now.kind {
                    out.push(Change::Edited {
                        block: now,
                        speaker_was,
                        diff: if changed(&diff) { diff } else { Vec::new() },
                        picture,
                    });
                } else if moved.contains(b.id()) {
                    out.push(Change::Moved { block: now });
                }
            }
        }
        if let Some(&i) = from_at.get(b.id()) {
            push_removed(&mut out, Some(i));
        }
    }
    // Anchors that moved after their removed neighbours were listed are gone already; any
    // left (an anchor `to` dropped cannot happen: anchors are in `to`) would be listed here.
    let mut rest: Vec<_> = removed_after.into_values().flatten().collect();
    rest.sort_by_key(|b| from_at.get(b.id()).copied().unwrap_or(usize::MAX));
    for b in rest {
        out.push(Change::Removed {
            block: side(from, b),
        });
    }
    out
}
