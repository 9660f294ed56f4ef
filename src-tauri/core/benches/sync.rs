//! Applying 100,000 ops from another device (target: under 1 s): the cost of receiving a
//! teammate's day of editing through the sync folder.

use std::collections::HashMap;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::ops::{Hlc, Op, OpId, OpKind, ops_for_document};
use roundtable_core::store::Library;
use uuid::Uuid;

/// A 200-turn document and then `edits` text edits spread over its turns, as another
/// device would have written them (each edit supersedes the previous one of its turn).
fn foreign_ops(edits: usize) -> Vec<Op> {
    let turns = 200;
    let doc = Document {
        id: Uuid::new_v4(),
        title: "Bench".into(),
        language: "en".into(),
        participants: vec![Participant::new("p1", "Ana", Role::Guest)],
        blocks: (0..turns)
            .map(|i| Block::Turn {
                id: format!("t{i}"),
                speaker: "p1".into(),
                paragraphs: vec![format!("turn {i}")],
                start: None,
                end: None,
                topics: Vec::new(),
                continues: false,
            })
            .collect(),
        format: Default::default(),
        version: roundtable_core::model::FORMAT_VERSION,
        subtitle: None,
        column: None,
        topics: Vec::new(),
        credits: Vec::new(),
        guest_heading: None,
        speaker_labels: None,
    };
    let mut kinds = ops_for_document(&doc);
    kinds.extend((0..edits).map(|i| OpKind::SetParagraphs {
        block: format!("t{}", i % turns),
        paragraphs: vec![format!(
            "edit {i} of a turn, with a sentence of ordinary length."
        )],
    }));
    let mut last_write: HashMap<String, OpId> = HashMap::new();
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let id = OpId {
                device: "b0b0b0b0".into(),
                counter: i as u64 + 1,
            };
            let pred = match &kind {
                OpKind::InsertBlock { block, .. } => {
                    last_write.insert(block.id().to_owned(), id.clone());
                    Vec::new()
                }
                OpKind::SetParagraphs { block, .. } => last_write
                    .insert(block.clone(), id.clone())
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            };
            Op {
                id,
                hlc: Hlc {
                    wall: 1_700_000_000_000 + i as u64,
                    logical: 0,
                },
                doc: doc.id,
                batch: 1 + i as u64 / 50,
                pred,
                after: None,
                kind,
            }
        })
        .collect()
}

/// An empty library in a new folder, and the ops to give it.
fn fresh(ops: &[Op]) -> (tempfile::TempDir, Library, Vec<Op>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&dir.path().join("l.sqlite")).expect("open");
    (dir, lib, ops.to_vec())
}

fn bench(c: &mut Criterion) {
    let ops = foreign_ops(100_000 - 206);
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.bench_function("ingest 100k foreign ops", |b| {
        b.iter_batched(
            || fresh(&ops),
            // Returned, so closing the library and removing the folder are not timed.
            |(dir, mut lib, ops)| {
                let added = lib.ingest_foreign(ops).expect("ingest");
                (dir, lib, added)
            },
            BatchSize::PerIteration,
        )
    });
    // The same, plus folding the write-ahead log into the main file, as a sync pass ends.
    group.bench_function("ingest 100k foreign ops + checkpoint", |b| {
        b.iter_batched(
            || fresh(&ops),
            |(dir, mut lib, ops)| {
                let added = lib.ingest_foreign(ops).expect("ingest");
                lib.checkpoint().expect("checkpoint");
                (dir, lib, added)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("replay 100k ops in memory", |b| {
        b.iter(|| {
            let mut state = roundtable_core::ops::DocState::empty(ops[0].doc);
            for op in &ops {
                state.replay(op);
            }
            state
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
