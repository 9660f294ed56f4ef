//! What a version changes, as the history shows it before a restore (issue 12.7): each kind
//! of edit is named with its words, its speaker by name, and nothing else.

use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::ops::text_merge::DiffKind;
use roundtable_core::ops::{Change, compare};

fn doc() -> Document {
    let mut d = Document::new("技能培训圆桌", "zh-CN");
    d.participants = vec![
        Participant::new("m", "主持人", Role::Moderator),
        Participant::new("g1", "杨梅芳", Role::Guest),
        Participant::new("g2", "Dana Whitfield", Role::Guest),
    ];
    let turn = |id: &str, who: &str, text: &str| Block::Turn {
        id: id.into(),
        speaker: who.into(),
        paragraphs: vec![text.into()],
        start: None,
        end: None,
        topics: vec![],
        continues: false,
    };
    d.blocks = vec![
        Block::Paragraph {
            id: "lead".into(),
            text: "Three guests on training.".into(),
        },
        turn("t1", "m", "What changed this year?"),
        turn("t2", "g1", "工会开设了新的课程。"),
        turn("t3", "g2", "We doubled the budget."),
    ];
    d
}

/// One line per change: its kind, then what the history would show.
fn render(changes: &[Change]) -> Vec<String> {
    let words = |d: &[roundtable_core::ops::text_merge::DiffPart]| {
        d.iter()
            .map(|p| match p.kind {
                DiffKind::Same => p.text.clone(),
                DiffKind::Added => format!("[+{}]", p.text),
                DiffKind::Removed => format!("[-{}]", p.text),
            })
            .collect::<String>()
    };
    changes
        .iter()
        .map(|c| match c {
            Change::Field { field, diff } => format!("field {field:?}: {}", words(diff)),
            Change::Participant { was, now } => format!(
                "participant {} -> {}",
                was.as_ref().map_or("none", |p| p.name.as_str()),
                now.as_ref().map_or("none", |p| p.name.as_str())
            ),
            Change::Added { block } => format!("added {}: {}", block.id, block.text),
            Change::Removed { block } => format!("removed {}: {}", block.id, block.text),
            Change::Edited {
                block,
                speaker_was,
                diff,
                picture,
            } => format!(
                "edited {}{}{}: {}",
                block.id,
                speaker_was
                    .as_ref()
                    .map(|w| format!(" ({w} -> {})", block.speaker.clone().unwrap_or_default()))
                    .unwrap_or_default(),
                if *picture { " picture" } else { "" },
                words(diff)
            ),
            Change::Moved { block } => format!("moved {}", block.id),
        })
        .collect()
}

fn check(edit: impl FnOnce(&mut Document), expected: &[&str]) {
    let from = doc();
    let mut to = doc();
    edit(&mut to);
    assert_eq!(render(&compare(&from, &to)), expected);
}

#[test]
fn the_same_version_has_no_changes() {
    check(|_| {}, &[]);
}

#[test]
fn each_kind_of_change_is_named() {
    check(
        |d| d.title = "技能培训圆桌(下)".into(),
        &["field Title: 技能培训圆桌[+(下)]"],
    );
    check(
        |d| {
            if let Block::Turn { paragraphs, .. } = &mut d.blocks[3] {
                paragraphs[0] = "We tripled the budget.".into();
            }
        },
        &["edited t3: We [-doubled][+tripled] the budget."],
    );
    // The speaker by name, both sides: a quote that changed speaker is never silent.
    check(
        |d| {
            if let Block::Turn { speaker, .. } = &mut d.blocks[2] {
                *speaker = "g2".into();
            }
        },
        &["edited t2 (杨梅芳 -> Dana Whitfield): "],
    );
    check(
        |d| {
            d.blocks.remove(1);
        },
        &["removed t1: What changed this year?"],
    );
    check(
        |d| {
            d.blocks.insert(
                2,
                Block::Heading {
                    id: "h".into(),
                    text: "Budget".into(),
                },
            )
        },
        &["added h: Budget"],
    );
    check(
        |d| {
            let b = d.blocks.remove(3);
            d.blocks.insert(1, b);
        },
        &["moved t3"],
    );
    check(
        |d| d.participants[1].title = Some("教师".into()),
        &["participant 杨梅芳 -> 杨梅芳"],
    );
    check(
        |d| {
            d.blocks.push(Block::Image {
                id: "img".into(),
                asset: None,
                caption: Some("课堂".into()),
                credit: None,
                alt: None,
            })
        },
        &["added img: 课堂"],
    );
}

#[test]
fn a_removed_block_is_listed_where_it_stood() {
    check(
        |d| {
            d.blocks.remove(2);
            if let Block::Turn { paragraphs, .. } = &mut d.blocks[2] {
                paragraphs[0].push_str(" Twice.");
            }
        },
        &[
            "removed t2: 工会开设了新的课程。",
            "edited t3: We doubled the budget.[+ Twice.]",
        ],
    );
    check(
        |d| {
            d.blocks.remove(0);
        },
        &["removed lead: Three guests on training."],
    );
}
