//! Helpers shared by the library test files: fixtures, editor actions, recordings.
#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use proptest::prelude::*;
use roundtable_core::import::parse_text;
use roundtable_core::model::{Block, Document, Participant, Role};

/// A fixture parsed into a document.
pub fn fixture_doc(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    parse_text(&text, None).expect("parse").document
}

/// Indices of the turns among the blocks.
pub fn turns(doc: &Document) -> Vec<usize> {
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Turn { .. }))
        .map(|(i, _)| i)
        .collect()
}

/// A turn's paragraphs.
pub fn paragraphs_mut(b: &mut Block) -> &mut Vec<String> {
    match b {
        Block::Turn { paragraphs, .. } => paragraphs,
        _ => panic!("not a turn"),
    }
}

/// One editor action on a document, as the app performs them.
#[derive(Debug, Clone)]
pub enum Action {
    EditTurn(usize, String),
    Split(usize),
    MergeWithPrevious(usize),
    Move(usize, usize),
    Delete(usize),
    InsertParagraph(usize, String),
    Reassign(usize, usize),
    AddParticipant(String),
    Rename(usize, String),
    Tag(usize, String),
    Caption(usize, String),
    Retitle(String),
    Topic(String),
    /// A word typed at the start of a turn's first paragraph.
    Prepend(usize, String),
    /// A word typed at the end of a turn's first paragraph.
    Append(usize, String),
}

pub fn action() -> impl Strategy<Value = Action> {
    let word = prop::sample::select(vec![
        "工会",
        "wages",
        "共同富裕",
        "",
        "x",
        "技能 提升",
        "**bold**",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::EditTurn(i, w)),
        any::<usize>().prop_map(Action::Split),
        any::<usize>().prop_map(Action::MergeWithPrevious),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Action::Move(a, b)),
        any::<usize>().prop_map(Action::Delete),
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::InsertParagraph(i, w)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Action::Reassign(a, b)),
        word.clone().prop_map(Action::AddParticipant),
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::Rename(i, w)),
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::Tag(i, w)),
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::Caption(i, w)),
        word.clone().prop_map(Action::Retitle),
        word.clone().prop_map(Action::Topic),
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Action::Prepend(i, w)),
        (any::<usize>(), word).prop_map(|(i, w)| Action::Append(i, w)),
    ]
}

pub fn perform(d: &mut Document, action: Action, n: usize) {
    let t = turns(d);
    let pick = |v: &[usize], i: usize| (!v.is_empty()).then(|| v[i % v.len()]);
    match action {
        Action::EditTurn(i, w) => {
            if let Some(i) = pick(&t, i) {
                paragraphs_mut(&mut d.blocks[i])[0] = w;
            }
        }
        Action::Split(i) => {
            if let Some(i) = pick(&t, i) {
                let mut second = d.blocks[i].clone();
                second.set_id(format!("split-{n}"));
                d.blocks.insert(i + 1, second);
            }
        }
        Action::MergeWithPrevious(i) => {
            if let Some(i) = pick(&t, i)
                && i > 0
                && matches!(d.blocks[i - 1], Block::Turn { .. })
            {
                let extra = paragraphs_mut(&mut d.blocks[i]).clone();
                paragraphs_mut(&mut d.blocks[i - 1]).extend(extra);
                d.blocks.remove(i);
            }
        }
        Action::Move(a, b) if !d.blocks.is_empty() => {
            let block = d.blocks.remove(a % d.blocks.len());
            let to = b % (d.blocks.len() + 1);
            d.blocks.insert(to, block);
        }
        Action::Delete(i) if !d.blocks.is_empty() => {
            d.blocks.remove(i % d.blocks.len());
        }
        Action::InsertParagraph(i, w) => {
            let at = i % (d.blocks.len() + 1);
            d.blocks.insert(
                at,
                Block::Paragraph {
                    id: format!("p-{n}"),
                    text: w,
                },
            );
        }
        Action::Reassign(i, p) => {
            if let Some(i) = pick(&t, i) {
                let who = d.participants[p % d.participants.len()].id.clone();
                if let Block::Turn { speaker, .. } = &mut d.blocks[i] {
                    *speaker = who;
                }
            }
        }
        Action::AddParticipant(w) => d.participants.push(Participant {
            id: format!("person-{n}"),
            name: w,
            role: Role::Guest,
            title: None,
            organization: None,
            aliases: Vec::new(),
        }),
        Action::Rename(i, w) => {
            let len = d.participants.len();
            d.participants[i % len].name = w;
        }
        Action::Tag(i, w) => {
            if let Some(i) = pick(&t, i)
                && let Block::Turn { topics, .. } = &mut d.blocks[i]
                && !topics.contains(&w)
            {
                topics.push(w);
            }
        }
        Action::Caption(i, w) => {
            let images: Vec<usize> = (0..d.blocks.len())
                .filter(|&k| matches!(d.blocks[k], Block::Image { .. }))
                .collect();
            if let Some(k) = pick(&images, i)
                && let Block::Image { caption, .. } = &mut d.blocks[k]
            {
                *caption = Some(w);
            }
        }
        Action::Prepend(i, w) => {
            if let Some(i) = pick(&t, i) {
                let p = &mut paragraphs_mut(&mut d.blocks[i])[0];
                *p = format!("{w} {p}");
            }
        }
        Action::Append(i, w) => {
            if let Some(i) = pick(&t, i) {
                let p = &mut paragraphs_mut(&mut d.blocks[i])[0];
                *p = format!("{p} {w}");
            }
        }
        Action::Retitle(w) => d.title = w,
        Action::Topic(w) if !d.topics.contains(&w) => d.topics.push(w),
        _ => {}
    }
}

/// A mono 16-bit WAV of `seconds` at 8 kHz: a sine of `hz` (different tones give
/// different content, hence different hashes).
pub fn write_wav(path: &Path, seconds: f64, hz: f64) -> Vec<u8> {
    let rate = 8000u32;
    let samples = (seconds * f64::from(rate)) as u32;
    let data_len = samples * 2;
    let mut b = Vec::with_capacity(44 + data_len as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes()); // byte rate
    b.extend_from_slice(&2u16.to_le_bytes()); // block align
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(rate);
        let v = ((t * hz * std::f64::consts::TAU).sin() * 8000.0) as i16;
        b.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(path, &b).expect("write wav");
    b
}

/// Replaces the log of the library open on `conn` with `ops` as a row per op, the way
/// libraries before schema 16 kept it.
pub fn write_log_as_rows(conn: &rusqlite::Connection, ops: &[roundtable_core::ops::Op]) {
    conn.execute_batch(
        "DROP TABLE ops;
         CREATE TABLE ops (
             seq     INTEGER PRIMARY KEY,
             device  TEXT    NOT NULL,
             counter INTEGER NOT NULL,
             wall    INTEGER NOT NULL,
             logical INTEGER NOT NULL,
             doc     TEXT    NOT NULL,
             batch   INTEGER NOT NULL,
             payload TEXT    NOT NULL, pred TEXT NOT NULL DEFAULT '[]', after INTEGER,
             UNIQUE (device, counter)
         ) STRICT;
         CREATE INDEX ops_by_doc ON ops (doc, wall, logical, device, counter);
         CREATE INDEX ops_by_batch ON ops (batch);",
    )
    .expect("old log");
    for op in ops {
        conn.execute(
            "INSERT INTO ops (device, counter, wall, logical, doc, batch, payload, pred, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                op.id.device,
                op.id.counter as i64,
                op.hlc.wall as i64,
                op.hlc.logical,
                op.doc.to_string(),
                op.batch as i64,
                serde_json::to_string(&op.kind).expect("json"),
                serde_json::to_string(&op.pred).expect("json"),
                op.after.map(|a| a as i64),
            ],
        )
        .expect("old op");
    }
}
