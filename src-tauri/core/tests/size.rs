//! Issue 18: the library's size. A document's body is kept as one compressed value
//! (`document_bodies`, migration 17), not as a JSON row per block with two indexes: the
//! text once, packed, read back exactly, rebuilt from the log for libraries made before.

mod support;

use std::path::Path;

use roundtable_core::model::{Block, Document};
use roundtable_core::ops::OpKind;
use roundtable_core::store::{Library, StoreError};
use support::fixture_doc;

/// Realistic documents of every kind the fixtures hold: a long timed transcript (WhisperX),
/// Chinese roundtables, an English panel article, a plain transcript.
fn documents() -> Vec<Document> {
    [
        "en_whisperx.json",
        "zh_wechat_roundtable.txt",
        "zh_newspaper_roundtable.txt",
        "en_panel_article.txt",
        "en_plain_transcript.txt",
    ]
    .into_iter()
    .map(fixture_doc)
    .collect()
}

fn sqlite(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("sqlite")
}

fn tables(path: &Path) -> Vec<String> {
    sqlite(path)
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index')")
        .expect("schema")
        .query_map([], |r| r.get(0))
        .expect("names")
        .collect::<Result<_, _>>()
        .expect("names")
}

/// Each document as read back from the library, and as a replay of its log makes it.
fn read_back(lib: &Library, docs: &[Document]) -> Vec<Document> {
    docs.iter()
        .map(|d| {
            let stored = lib.document(d.id).expect("document");
            assert_eq!(
                stored,
                lib.state(d.id).expect("state").to_document(),
                "the stored body is what the log makes"
            );
            stored
        })
        .collect()
}

fn first_turn(doc: &Document) -> String {
    doc.blocks
        .iter()
        .find(|b| matches!(b, Block::Turn { .. }))
        .expect("a turn")
        .id()
        .to_owned()
}

#[test]
fn library_keeps_block_bodies_compressed_per_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).expect("open");
    let docs = documents();
    for d in &docs {
        lib.create_document(d).expect("import");
    }
    let names = tables(&path);
    assert!(
        !names
            .iter()
            .any(|n| n == "blocks" || n == "blocks_in_order"),
        "{names:?}"
    );
    // What the `blocks` table held: each block as JSON, one row each.
    let json: usize = docs
        .iter()
        .flat_map(|d| &d.blocks)
        .map(|b| serde_json::to_string(b).expect("json").len())
        .sum();
    let (bodies, rows): (i64, i64) = sqlite(&path)
        .query_row(
            "SELECT SUM(length(body)), COUNT(*) FROM document_bodies",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("bodies");
    assert_eq!(rows as usize, docs.len(), "one body per document");
    assert!(
        (bodies as usize) * 2 < json,
        "packed bodies {bodies} B against {json} B of block JSON"
    );
    let before = read_back(&lib, &docs);
    for (d, stored) in docs.iter().zip(&before) {
        assert_eq!(stored.blocks, d.blocks, "imported blocks read back exactly");
    }

    // An edit, its undo, a deleted block (a tombstone in the body), a restore of the
    // version before the deletion.
    let doc = &docs[0];
    let turn = first_turn(doc);
    lib.apply(
        doc.id,
        vec![OpKind::SetParagraphs {
            block: turn.clone(),
            paragraphs: vec!["Zebras everywhere.".into()],
        }],
    )
    .expect("edit");
    assert_eq!(lib.search("zebras", 5).expect("search").len(), 1);
    lib.undo(doc.id).expect("undo");
    assert!(lib.search("zebras", 5).expect("search").is_empty());
    let undone = lib.history(doc.id).expect("history").pop().expect("batch");
    lib.apply(
        doc.id,
        vec![OpKind::DeleteBlock {
            block: turn.clone(),
        }],
    )
    .expect("delete");
    let deleted = read_back(&lib, &docs);
    assert!(deleted[0].blocks.iter().all(|b| b.id() != turn));
    assert!(lib.state(doc.id).expect("state").blocks[&turn].deleted);
    drop(lib);
    let mut lib = Library::open(&path).expect("reopen");
    assert_eq!(read_back(&lib, &docs), deleted, "the same after reopening");
    lib.restore_version(doc.id, &undone.device, undone.batch)
        .expect("restore");
    let restored = read_back(&lib, &docs);
    assert_eq!(restored, before, "restored as it was");
    drop(lib);
    let lib = Library::open(&path).expect("reopen");
    assert_eq!(read_back(&lib, &docs), before, "the same after reopening");
}

/// A library made before migration 17 (schema 15: a JSON row per block) opens, gets every
/// document's body from its log once, and reads back every document as it was.
#[test]
fn a_library_from_schema_15_gets_its_bodies_from_the_log_at_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).expect("open");
    let docs = documents();
    for d in &docs {
        lib.create_document(d).expect("import");
    }
    lib.apply(
        docs[1].id,
        vec![OpKind::DeleteBlock {
            block: first_turn(&docs[1]),
        }],
    )
    .expect("delete");
    lib.trash(docs[2].id).expect("trash");
    let before = read_back(&lib, &docs);
    let found = |lib: &Library| {
        ["工会", "读书会", "trust", "newsroom"].map(|q| lib.search(q, 10).expect("search"))
    };
    let hits = found(&lib);
    let ops = lib.all_ops().expect("ops");
    drop(lib);

    // Schema 15 as migration 1 made it: the `blocks` rows, one per block, and no bodies;
    // the log a row per op (migration 16 made it runs).
    let conn = sqlite(&path);
    support::write_log_as_rows(&conn, &ops);
    conn.execute_batch(
        "DROP TABLE document_bodies;
         CREATE TABLE blocks (
             doc      TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
             id       TEXT    NOT NULL,
             position TEXT    NOT NULL,
             kind     TEXT    NOT NULL CHECK (kind IN ('paragraph', 'heading', 'turn', 'image')),
             body     TEXT    NOT NULL,
             deleted  INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (doc, id)
         ) STRICT;
         CREATE INDEX blocks_in_order ON blocks (doc, position, id);
         DELETE FROM library_meta WHERE key = 'bodies_packed';
         PRAGMA user_version = 15;",
    )
    .expect("wind back");
    for (n, d) in docs.iter().enumerate() {
        for b in &d.blocks {
            conn.execute(
                "INSERT INTO blocks (doc, id, position, kind, body) VALUES (?1, ?2, ?3, 'turn', ?4)",
                rusqlite::params![
                    d.id.to_string(),
                    b.id(),
                    format!("{n:08}"),
                    serde_json::to_string(b).expect("json")
                ],
            )
            .expect("old row");
        }
    }
    drop(conn);

    let lib = Library::open(&path).expect("migrate");
    assert!(!tables(&path).iter().any(|n| n == "blocks"));
    assert_eq!(read_back(&lib, &docs), before);
    assert_eq!(found(&lib), hits);
    let bodies: i64 = sqlite(&path)
        .query_row("SELECT COUNT(*) FROM document_bodies", [], |r| r.get(0))
        .expect("bodies");
    assert_eq!(bodies as usize, docs.len());
}

/// A damaged body is reported as damage, naming its document, not a panic.
#[test]
fn a_damaged_body_is_a_corrupt_error_naming_its_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).expect("open");
    let docs = documents();
    for d in &docs {
        lib.create_document(d).expect("import");
    }
    drop(lib);
    let damaged = &docs[1];
    let id = damaged.id.to_string();
    let conn = sqlite(&path);
    conn.execute(
        "UPDATE document_bodies SET body = substr(body, 1, length(body) / 2) WHERE doc = ?1",
        [&id],
    )
    .expect("damage");
    drop(conn);
    let lib = Library::open(&path).expect("open");
    let err = lib.document(damaged.id).expect_err("damaged body");
    assert!(
        matches!(&err, StoreError::Corrupt(m) if m.contains(&id)),
        "{err}"
    );
    assert!(err.suggests_damage());
    // The other documents still read.
    assert_eq!(
        lib.document(docs[0].id).expect("document").blocks,
        docs[0].blocks
    );
    // Search checks its candidates against the bodies: the damage is an error there too.
    let term = damaged
        .blocks
        .iter()
        .map(Block::text)
        .find(|t| t.chars().count() > 6);
    if let Some(text) = term {
        let q: String = text.chars().take(4).collect();
        let _ = lib.search(&q, 10);
    }
}
