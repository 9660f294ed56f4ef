//! The library on real SQLite files: migrations, the op log as the only write path, replay,
//! search.

use proptest::prelude::*;
use roundtable_core::import::parse_text;
use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::ops::{ImageField, MetaField, OpKind, ParticipantField, position};
use roundtable_core::store::{Library, SCHEMA_VERSION, StoreError};
use tempfile::TempDir;

mod support;
use support::write_log_as_rows;

fn library() -> (TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&dir.path().join("library.sqlite")).expect("open");
    (dir, lib)
}

fn fixture_doc(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    parse_text(&text, None).expect("parse").document
}

#[test]
fn migrating_an_empty_file_gives_this_schema() {
    let (_dir, lib) = library();
    insta::assert_snapshot!(lib.schema().expect("schema"));
}

#[test]
fn a_library_from_a_newer_roundtable_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    drop(Library::open(&path).expect("open"));
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bump");
    drop(conn);
    let err = Library::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NewerLibrary { .. }), "{err}");
    assert!(err.to_string().contains("newer Roundtable"), "{err}");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION + 1);
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "just some notes, not a database ".repeat(200)).expect("write");
    let err = Library::open(&path).err().expect("refused");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read").len(),
        32 * 200,
        "file untouched"
    );
}

#[test]
fn an_imported_document_reads_back_identically_and_survives_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    {
        let mut lib = Library::open(&path).expect("open");
        lib.create_document(&doc).expect("store");
        assert_eq!(lib.document(doc.id).expect("load"), doc);
    }
    let lib = Library::open(&path).expect("reopen");
    assert_eq!(lib.document(doc.id).expect("load"), doc);
    let list = lib.list().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].participants,
        ["陈晓岚", "王立新", "刘珊珊", "赵一鸣"]
    );
    assert_eq!(list[0].column.as_deref(), Some("书香观察"));
    assert!(list[0].word_count > 300, "{}", list[0].word_count);
}

#[test]
fn search_finds_two_character_chinese_words_and_english_words() {
    let (_dir, mut lib) = library();
    let zh = fixture_doc("zh_wechat_roundtable.txt");
    let zh2 = fixture_doc("zh_interview_declared.txt");
    let en = fixture_doc("en_panel_article.txt");
    for d in [&zh, &zh2, &en] {
        lib.create_document(d).expect("store");
    }
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = lib
            .search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.document)
            .collect();
        v.sort();
        v
    };
    let one = |d: &Document| vec![d.id.to_string()];
    assert_eq!(ids("读书会"), one(&zh));
    assert_eq!(ids("茶园"), one(&zh2), "two-character word");
    assert_eq!(ids("工会"), one(&zh), "two-character word");
    assert_eq!(ids("newsroom"), one(&en));
    assert_eq!(ids("NEWSROOM"), one(&en), "case-insensitive");
    assert_eq!(ids("trust budget"), one(&en), "all words");
    assert_eq!(ids("图书馆 夜间"), one(&zh));
    assert_eq!(ids("Sam"), one(&en), "captions and credits are searched");
    assert!(ids("nothing-like-this").is_empty());
    assert!(ids("").is_empty());
    assert!(ids("\"").is_empty(), "quotes alone are no query");
    let hit = &lib.search("茶园", 1).expect("search")[0];
    assert!(hit.snippet.iter().any(|p| p.hit && p.text == "茶园"));
}

#[test]
fn edits_go_through_the_log_and_search_follows_them() {
    let (_dir, mut lib) = library();
    let doc = fixture_doc("en_panel_article.txt");
    lib.create_document(&doc).expect("store");
    let turn = doc
        .blocks
        .iter()
        .find(|b| matches!(b, Block::Turn { .. }))
        .expect("turn")
        .id()
        .to_owned();
    lib.apply(
        doc.id,
        vec![OpKind::SetParagraphs {
            block: turn.clone(),
            paragraphs: vec!["Zebras everywhere.".into()],
        }],
    )
    .expect("edit");
    assert_eq!(lib.search("zebras", 5).expect("search").len(), 1);
    lib.apply(
        doc.id,
        vec![OpKind::DeleteBlock {
            block: turn.clone(),
        }],
    )
    .expect("delete");
    assert!(lib.search("zebras", 5).expect("search").is_empty());
    assert!(
        lib.document(doc.id)
            .expect("load")
            .blocks
            .iter()
            .all(|b| b.id() != turn)
    );
    // The tombstone stays in the state.
    assert!(lib.state(doc.id).expect("state").blocks[&turn].deleted);
    lib.apply(doc.id, vec![OpKind::DeleteDocument])
        .expect("trash");
    assert!(lib.list().expect("list").is_empty());
    assert!(lib.search("newsroom", 5).expect("search").is_empty());
    lib.apply(doc.id, vec![OpKind::RestoreDocument])
        .expect("restore");
    assert_eq!(lib.list().expect("list").len(), 1);
}

#[test]
fn a_refused_edit_writes_nothing() {
    let (_dir, mut lib) = library();
    let doc = fixture_doc("en_panel_article.txt");
    lib.create_document(&doc).expect("store");
    let before = lib.all_ops().expect("ops").len();
    let err = lib
        .apply(
            doc.id,
            vec![
                OpKind::SetMeta {
                    field: MetaField::Title,
                    value: Some("Changed".into()),
                },
                OpKind::SetSpeaker {
                    block: doc.blocks[1].id().to_owned(),
                    speaker: "nobody".into(),
                },
            ],
        )
        .expect_err("refused");
    assert!(err.to_string().contains("no participant nobody"), "{err}");
    assert_eq!(lib.all_ops().expect("ops").len(), before);
    assert_eq!(lib.document(doc.id).expect("load").title, doc.title);
}

#[test]
fn ids_resolve_from_a_prefix() {
    let (_dir, mut lib) = library();
    let doc = fixture_doc("en_plain_transcript.txt");
    lib.create_document(&doc).expect("store");
    let id = doc.id.to_string();
    assert_eq!(lib.resolve(&id[..8]).expect("prefix"), doc.id);
    assert_eq!(lib.resolve(&id.to_uppercase()).expect("full"), doc.id);
    assert!(matches!(lib.resolve("zzzz"), Err(StoreError::NotFound(_))));
    assert!(matches!(lib.resolve("ab"), Err(StoreError::NotFound(_))));
}

// ---- replay ---------------------------------------------------------------------------

/// One random edit, made valid (or deliberately not) against the current document.
#[derive(Debug, Clone)]
enum Edit {
    Title(String),
    Topic(String, bool),
    NewGuest(String),
    RenameGuest(usize, String),
    Role(usize, bool),
    Insert(usize, String, bool),
    Move(usize, usize),
    Delete(usize),
    Text(usize, String),
    Speaker(usize, usize),
    Tag(usize, String, bool),
    Caption(usize, String),
    Trash(bool),
    Invalid,
}

fn edit() -> impl Strategy<Value = Edit> {
    let word = proptest::sample::select(&["工会", "union", "改革", "trust", "社区", "news"][..])
        .prop_map(str::to_owned);
    prop_oneof![
        1 => word.clone().prop_map(Edit::Title),
        1 => (word.clone(), any::<bool>()).prop_map(|(w, b)| Edit::Topic(w, b)),
        1 => word.clone().prop_map(Edit::NewGuest),
        1 => (any::<usize>(), word.clone()).prop_map(|(i, w)| Edit::RenameGuest(i, w)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Edit::Role(i, b)),
        3 => (any::<usize>(), word.clone(), any::<bool>()).prop_map(|(i, w, t)| Edit::Insert(i, w, t)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Move(a, b)),
        1 => any::<usize>().prop_map(Edit::Delete),
        2 => (any::<usize>(), word.clone()).prop_map(|(i, w)| Edit::Text(i, w)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Speaker(a, b)),
        1 => (any::<usize>(), word.clone(), any::<bool>()).prop_map(|(i, w, b)| Edit::Tag(i, w, b)),
        1 => (any::<usize>(), word).prop_map(|(i, w)| Edit::Caption(i, w)),
        1 => any::<bool>().prop_map(Edit::Trash),
        1 => Just(Edit::Invalid),
    ]
}

fn ops_for(lib: &Library, doc: &Document, edit: Edit, n: usize) -> Vec<OpKind> {
    let state = lib.state(doc.id).expect("state");
    let current = state.to_document();
    let blocks = state.ordered();
    let pick = |i: usize| {
        blocks
            .get(i % blocks.len().max(1))
            .map(|b| b.block.id().to_owned())
    };
    let person = |i: usize| {
        current
            .participants
            .get(i % current.participants.len().max(1))
            .map(|p| p.id.clone())
    };
    let op = match edit {
        Edit::Title(t) => OpKind::SetMeta {
            field: MetaField::Title,
            value: Some(t),
        },
        Edit::Topic(topic, true) => OpKind::AddTopic { topic },
        Edit::Topic(topic, false) => OpKind::RemoveTopic { topic },
        Edit::NewGuest(name) => OpKind::PutParticipant {
            participant: Participant::new(format!("g{n}"), name, Role::Guest),
        },
        Edit::RenameGuest(i, name) => match person(i) {
            Some(participant) => OpKind::SetParticipantField {
                participant,
                field: ParticipantField::Name,
                value: Some(name),
            },
            None => return vec![],
        },
        Edit::Role(i, m) => match person(i) {
            Some(participant) => OpKind::SetParticipantRole {
                participant,
                role: if m { Role::Moderator } else { Role::Guest },
            },
            None => return vec![],
        },
        Edit::Insert(i, text, turn) => {
            let at = i % (blocks.len() + 1);
            let lo = at
                .checked_sub(1)
                .and_then(|j| blocks.get(j))
                .map(|b| b.position.as_str());
            let hi = blocks.get(at).map(|b| b.position.as_str());
            let id = format!("n{n}");
            let block = match (turn, person(i)) {
                (true, Some(speaker)) => Block::Turn {
                    id,
                    speaker,
                    paragraphs: vec![text],
                    start: Some(1.5),
                    end: None,
                    topics: vec![],
                    continues: false,
                },
                _ if i % 3 == 0 => Block::Image {
                    id,
                    asset: None,
                    caption: Some(text),
                    credit: None,
                    alt: None,
                },
                _ => Block::Paragraph { id, text },
            };
            OpKind::InsertBlock {
                position: position::between(lo, hi),
                block,
            }
        }
        Edit::Move(a, b) => match pick(a) {
            Some(block) => {
                let at = b % (blocks.len() + 1);
                let lo = at
                    .checked_sub(1)
                    .and_then(|j| blocks.get(j))
                    .map(|b| b.position.as_str());
                let hi = blocks.get(at).map(|b| b.position.as_str());
                OpKind::MoveBlock {
                    block,
                    position: position::between(lo, hi),
                }
            }
            None => return vec![],
        },
        Edit::Delete(i) => match pick(i) {
            Some(block) => OpKind::DeleteBlock { block },
            None => return vec![],
        },
        Edit::Text(i, text) => match blocks.get(i % blocks.len().max(1)).map(|b| &b.block) {
            Some(Block::Turn { id, .. }) => OpKind::SetParagraphs {
                block: id.clone(),
                paragraphs: vec![text.clone(), text],
            },
            Some(b) => OpKind::SetText {
                block: b.id().to_owned(),
                text,
            },
            None => return vec![],
        },
        Edit::Speaker(a, b) => match (pick(a), person(b)) {
            (Some(block), Some(speaker)) => OpKind::SetSpeaker { block, speaker },
            _ => return vec![],
        },
        Edit::Tag(i, topic, add) => match pick(i) {
            Some(block) if add => OpKind::TagBlock { block, topic },
            Some(block) => OpKind::UntagBlock { block, topic },
            None => return vec![],
        },
        Edit::Caption(i, text) => match pick(i) {
            Some(block) => OpKind::SetImageField {
                block,
                field: ImageField::Caption,
                value: Some(text),
            },
            None => return vec![],
        },
        Edit::Trash(true) => OpKind::DeleteDocument,
        Edit::Trash(false) => OpKind::RestoreDocument,
        Edit::Invalid => OpKind::DeleteBlock {
            block: "no-such-block".into(),
        },
    };
    vec![op]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The stored state is exactly what replaying the log gives: in the same library after
    /// throwing the tables away, and in an empty library that receives only the ops.
    #[test]
    fn stored_state_equals_a_replay_of_the_log(edits in proptest::collection::vec(edit(), 1..40)) {
        let (_dir, mut lib) = library();
        let docs = [fixture_doc("zh_interview_declared.txt"), fixture_doc("en_plain_transcript.txt")];
        for d in &docs {
            lib.create_document(d).expect("store");
        }
        for (n, e) in edits.into_iter().enumerate() {
            let doc = &docs[n % docs.len()];
            let ops = ops_for(&lib, doc, e, n);
            // Some edits are refused (wrong kind of block, a speaker that still talks…):
            // refusal must leave no trace, which the comparison below also checks.
            let _ = lib.apply(doc.id, ops);
        }
        let states: Vec<_> = docs.iter().map(|d| lib.state(d.id).expect("state")).collect();
        let list = lib.list().expect("list");

        let (_dir2, mut fresh) = library();
        fresh.ingest(&lib.all_ops().expect("ops")).expect("ingest");
        for (d, s) in docs.iter().zip(&states) {
            prop_assert_eq!(&fresh.state(d.id).expect("state"), s);
        }
        prop_assert_eq!(fresh.list().expect("list"), list.clone());

        lib.rebuild().expect("rebuild");
        for (d, s) in docs.iter().zip(&states) {
            prop_assert_eq!(&lib.state(d.id).expect("state"), s);
        }
        prop_assert_eq!(lib.list().expect("list"), list);
        for q in ["工会", "union", "trust", "茶园"] {
            prop_assert_eq!(lib.search(q, 10).expect("search"), fresh.search(q, 10).expect("search"));
        }
    }
}

#[test]
fn search_finds_people_the_column_and_credits() {
    let (dir, mut lib) = library();
    let mut doc = fixture_doc("zh_interview_declared.txt");
    doc.column = Some("劳动者说".into());
    doc.participants[0].name = "杨梅芳".into();
    doc.participants[0].organization = Some("滨江区总工会".into());
    doc.credits = vec![roundtable_core::model::Credit {
        role: roundtable_core::model::CreditRole::Editor,
        name: "孙小雨".into(),
    }];
    lib.create_document(&doc).expect("store");
    let other = fixture_doc("en_panel_article.txt");
    lib.create_document(&other).expect("store");
    let found = |lib: &Library, q: &str| -> Vec<String> {
        lib.search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.document)
            .collect()
    };
    let one = vec![doc.id.to_string()];
    assert_eq!(found(&lib, "杨梅芳"), one, "a participant's name");
    assert_eq!(found(&lib, "梅芳"), one, "two characters of it");
    assert_eq!(found(&lib, "总工会"), one, "an organisation");
    assert_eq!(found(&lib, "劳动者说"), one, "the column");
    assert_eq!(found(&lib, "孙小雨"), one, "a credit");

    // A renamed participant is found by the new name only.
    let p = doc.participants[0].id.clone();
    lib.apply(
        doc.id,
        vec![OpKind::SetParticipantField {
            participant: p,
            field: ParticipantField::Name,
            value: Some("杨梅".into()),
        }],
    )
    .expect("rename");
    assert!(found(&lib, "杨梅芳").is_empty());
    assert_eq!(found(&lib, "杨梅"), one);

    // A library from before names were searchable (here: an index emptied) gets them
    // when it opens.
    let path = dir.path().join("library.sqlite");
    drop(lib);
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    conn.execute_batch(
        "DELETE FROM library_meta WHERE key = 'search_folded';
         INSERT INTO search (search) VALUES ('delete-all');
         DELETE FROM indexed_docs;",
    )
    .expect("downgrade");
    drop(conn);
    let lib = Library::open(&path).expect("reopen");
    assert_eq!(found(&lib, "总工会"), one);
    assert_eq!(found(&lib, "杨梅"), one);
}

/// Issue 14: search matches across full-width and half-width forms, punctuation width,
/// case and traditional/simplified Chinese, and the snippet shows the text as written.
#[test]
fn search_matches_across_width_and_script_and_shows_the_original() {
    let (dir, mut lib) = library();
    let text = "圆桌丨工會與讀書會\n\n\
        三年来参与人数增长３１．７％，工会也在其中。\n\n\
        Made in ＣＨＩＮＡ, said the guest.\n\n\
        基本国情，决定了发展路径。\n\n\
        國情,決定一切。\n";
    let doc = parse_text(text, None).expect("parse").document;
    lib.create_document(&doc).expect("store");
    let other = fixture_doc("en_panel_article.txt");
    lib.create_document(&other).expect("store");
    let one = vec![doc.id.to_string()];
    let check = |lib: &Library, query: &str, shown: &str| {
        let hits = lib.search(query, 10).expect("search");
        let ids: Vec<String> = hits.iter().map(|h| h.document.clone()).collect();
        assert_eq!(ids, one, "{query}");
        let marked: Vec<&str> = hits[0]
            .snippet
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert!(marked.contains(&shown), "{query}: {marked:?}");
    };
    let all = |lib: &Library| {
        check(lib, "china", "ＣＨＩＮＡ");
        check(lib, "ｃｈｉｎａ", "ＣＨＩＮＡ");
        check(lib, "31.7%", "３１．７％");
        check(lib, "３１．７％", "３１．７％");
        check(lib, "国情,决定", "国情，决定");
        check(lib, "國情，決定", "国情，决定");
        check(lib, "读书会", "讀書會");
        check(lib, "工會 增长", "工會");
        // Two characters: the LIKE scan, folded the same way.
        check(lib, "工会", "工會");
        check(lib, "工會", "工會");
        check(lib, "國情", "国情");
        check(lib, "３１", "３１");
        assert!(
            lib.search("工會 nothing-like-this", 10)
                .expect("search")
                .is_empty(),
            "every term must occur"
        );
    };
    all(&lib);
    // Hits count folded occurrences: 工會 and 工会 alike.
    let hits = |q: &str| lib.search(q, 1).expect("search")[0].hits;
    assert!(hits("工会") >= 2, "{}", hits("工会"));
    assert_eq!(hits("工会"), hits("工會"));

    // A library from before folding (schema 7: no `shown`, the original in `text`) is
    // reindexed once when it opens.
    let path = dir.path().join("library.sqlite");
    let ops = lib.all_ops().expect("ops");
    drop(lib);
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    // Its log a row per op, as before runs (migration 16 turns them into runs again).
    write_log_as_rows(&conn, &ops);
    conn.execute_batch(
        "DROP TABLE search;
         CREATE VIRTUAL TABLE search USING fts5 (doc UNINDEXED, block UNINDEXED, text, tokenize = 'trigram');
         INSERT INTO search (doc, block, text) VALUES ('x', '', 'old');
         DELETE FROM library_meta WHERE key = 'search_folded';
         DROP TABLE people_distinct; DROP TABLE person_names; DROP TABLE people;
         DROP INDEX participants_by_person; ALTER TABLE participants DROP COLUMN person;
         DROP INDEX ops_by_batch; DROP INDEX batches_by_batch;
         ALTER TABLE documents DROP COLUMN presentation;
         PRAGMA user_version = 7;",
    )
    .expect("downgrade");
    drop(conn);
    let lib = Library::open(&path).expect("reopen");
    all(&lib);
    assert_eq!(lib.search("Sam", 10).expect("search").len(), 1);
}

/// Issue 18: a library from before runs (a row per op) opens with its log turned into runs:
/// every op reads back as it was, history counts the same ops, and new edits go on.
#[test]
fn a_log_of_a_row_per_op_becomes_runs_and_reads_back_the_same() {
    let (dir, mut lib) = library();
    let doc = fixture_doc("en_panel_article.txt");
    lib.create_document(&doc).expect("store");
    let mut edited = lib.document(doc.id).expect("read");
    edited.title = "A new title".into();
    lib.save(&edited, "title").expect("save");
    let other = fixture_doc("zh_wechat_host_role.txt");
    lib.create_document(&other).expect("store");
    let ops = lib.all_ops().expect("ops");
    let history = lib.history(doc.id).expect("history");
    let path = dir.path().join("library.sqlite");
    drop(lib);
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    write_log_as_rows(&conn, &ops);
    conn.execute_batch("PRAGMA user_version = 15;")
        .expect("downgrade");
    drop(conn);

    let mut lib = Library::open(&path).expect("reopen");
    assert_eq!(lib.all_ops().expect("ops"), ops);
    assert_eq!(lib.history(doc.id).expect("history"), history);
    lib.rebuild().expect("rebuild");
    assert_eq!(lib.document(doc.id).expect("read").title, "A new title");
    let mut again = lib.document(other.id).expect("read");
    again.title = "再改一次".into();
    lib.save(&again, "title").expect("save");
    assert_eq!(lib.document(other.id).expect("read").title, "再改一次");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let (rows, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM ops),
                    (SELECT COUNT(*) FROM sqlite_schema WHERE name = 'ops_rows')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    assert_eq!(tables, 0, "the old table is gone");
    assert!(
        (rows as usize) < ops.len() / 5,
        "{rows} runs for {} ops",
        ops.len()
    );
}

/// Issue 18: an import of more ops than one run holds (a turn per line, 10,000 lines) is
/// written as several runs, all of one batch: every op reads back in order, history shows
/// one import of all of them, and undo takes the whole import back.
#[test]
fn a_batch_longer_than_a_run_is_stored_whole_and_undone_whole() {
    let (dir, mut lib) = library();
    let text: String = (0..10_000)
        .map(|i| if i % 2 == 0 { "A: x\n" } else { "B: y\n" })
        .collect();
    let doc = parse_text(&format!("Many turns\n\n{text}"), None)
        .expect("parse")
        .document;
    lib.create_document(&doc).expect("store");
    let ops = lib.ops(doc.id).expect("ops");
    assert!(ops.len() > 10_000, "{} ops", ops.len());
    let counters: Vec<u64> = ops.iter().map(|op| op.id.counter).collect();
    assert!(counters.windows(2).all(|w| w[0] < w[1]), "in order");
    let history = lib.history(doc.id).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].ops as usize, ops.len());
    // One save deleting every turn: a batch of 10,000 ops, undone as one.
    let mut cut = lib.document(doc.id).expect("read");
    cut.blocks.truncate(1);
    lib.save(&cut, "cut").expect("save");
    assert_eq!(lib.document(doc.id).expect("read").blocks.len(), 1);
    lib.undo(doc.id).expect("undo");
    drop(lib);
    let lib = Library::open(&dir.path().join("library.sqlite")).expect("reopen");
    assert_eq!(lib.document(doc.id).expect("read").blocks, doc.blocks);
    assert_eq!(lib.ops(doc.id).expect("ops")[..ops.len()], ops[..]);
}

/// Issue 11: a damaged header (the schema number's bytes overwritten) was reported as
/// "written by a newer Roundtable (schema 16711685)". It is damage, and is said so.
#[test]
fn a_damaged_header_is_reported_as_damage_not_as_a_newer_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    drop(Library::open(&path).expect("open"));
    let mut bytes = std::fs::read(&path).expect("read");
    // SQLite header: user_version is the big-endian u32 at offset 60.
    bytes[60..64].copy_from_slice(&16_711_685u32.to_be_bytes());
    std::fs::write(&path, &bytes).expect("write");
    let err = Library::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::DamagedHeader { found: 16_711_685 }),
        "{err}"
    );
    assert!(err.suggests_damage());
    let text = err.to_string();
    assert!(
        text.contains("damaged") && !text.contains("newer"),
        "{text}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), bytes, "file untouched");
}

/// Damaged rows make reads fail with an error that suggests damage, and `quick_check`
/// tells a sound file structure from a damaged one.
#[test]
fn quick_check_reports_a_sound_file_and_damaged_rows_suggest_damage() {
    let (dir, mut lib) = library();
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    lib.create_document(&doc).expect("import");
    assert_eq!(lib.quick_check().expect("check"), Vec::<String>::new());
    drop(lib);
    let path = dir.path().join("library.sqlite");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    conn.execute(
        "UPDATE document_bodies SET body = X'00' WHERE doc = ?1",
        [doc.id.to_string()],
    )
    .expect("damage");
    drop(conn);
    let lib = Library::open(&path).expect("open");
    let err = lib.document(doc.id).expect_err("damaged rows");
    assert!(err.suggests_damage(), "{err}");
    assert!(!StoreError::NotFound("x".into()).suggests_damage());
}

/// Issue 11: a batch import killed midway and run again made copies. Each imported file
/// is remembered by the hash of its bytes, in the transaction that stores its document.
#[test]
fn an_imported_file_is_found_again_by_its_content_hash() {
    use roundtable_core::store::content_hash;
    let (_dir, mut lib) = library();
    let bytes = b"A: hello\nB: hi\n";
    let hash = content_hash(bytes);
    assert_eq!(lib.imported_as(&hash).expect("lookup"), None);
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    let id = lib
        .create_imported(&doc, &hash, &mut |_| {})
        .expect("import");
    assert_eq!(lib.imported_as(&hash).expect("lookup"), Some(id));
    assert_eq!(
        lib.imported_as(&content_hash(b"other")).expect("lookup"),
        None
    );
    // In the trash, it no longer counts: importing it again makes it anew.
    lib.trash(id).expect("trash");
    assert_eq!(lib.imported_as(&hash).expect("lookup"), None);
}

/// Issue 18: terms of one or two characters were a scan of every row's text (7–15 times
/// slower than ripgrep). They go through the trigram index's vocabulary now, which must
/// find them at the very end of a text too, and fall back to the scan only for a character
/// that starts hundreds of trigrams.
#[test]
fn short_terms_are_found_at_the_end_of_a_text_and_when_very_common() {
    let (_dir, mut lib) = library();
    // 600 different characters after 的: more trigrams starting with it than the index is
    // worth asking for.
    let common: String = (0..600u32)
        .map(|i| format!("的{}", char::from_u32(0x4E00 + i).expect("CJK")))
        .collect();
    let text =
        format!("圆桌丨收尾\n\n主持人：周婷\n\n周婷：{common}\n\n周婷：最后说到茶园\n\n周婷：税\n");
    let doc = parse_text(&text, None).expect("parse").document;
    lib.create_document(&doc).expect("store");
    let other = fixture_doc("en_panel_article.txt");
    lib.create_document(&other).expect("store");
    let ids = |q: &str| -> Vec<String> {
        lib.search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.document)
            .collect()
    };
    let one = vec![doc.id.to_string()];
    assert_eq!(ids("茶园"), one, "two characters at the end of a turn");
    assert_eq!(ids("税"), one, "a one-character turn");
    assert_eq!(
        ids("的"),
        one,
        "a character starting hundreds of trigrams: the scan"
    );
    assert_eq!(ids("丁"), one, "a character after 的");
    assert!(ids("鹈").is_empty());
    let hit = &lib.search("茶园", 1).expect("search")[0];
    assert!(hit.snippet.iter().any(|p| p.hit && p.text == "茶园"));
}

/// Issue 18: a term of one or two characters that starts many trigrams is looked for in the
/// newest documents first, without the index; when they do not hold it, the index (and, past
/// hundreds of trigrams, every other document) still finds the older ones that do.
#[test]
fn search_finds_a_common_looking_short_term_that_only_old_documents_hold() {
    let (_dir, mut lib) = library();
    let ideograph = |i: u32| char::from_u32(0x4E00 + i).expect("ideograph");
    // The oldest documents: 鹭 before 30 different pairs (30 trigrams), and 鸥 before 450.
    let many = |bird: char, n: u32| -> String {
        (0..n)
            .map(|i| format!("{bird}{}{}。", ideograph(i), ideograph(i + 500)))
            .collect()
    };
    for (title, body) in [("鹭", many('鹭', 30)), ("鸥", many('鸥', 450))] {
        let doc = parse_text(&format!("旧稿{title}\n\n{body}\n"), None)
            .expect("parse")
            .document;
        lib.create_document(&doc).expect("store");
    }
    // Newer documents that hold neither: as many as the newest checked before the index is
    // asked (three pages of 10), so that 鸥's document is the first one after them (it was
    // taken from the scan and never checked).
    for n in 0..30 {
        let doc = parse_text(
            &format!("新稿{n}\n\n社区居民讨论停车问题,第{n}次。\n"),
            None,
        )
        .expect("parse")
        .document;
        lib.create_document(&doc).expect("store");
    }
    for (term, title) in [("鹭", "旧稿鹭"), ("鸥", "旧稿鸥")] {
        let hits = lib.search(term, 10).expect("search");
        assert_eq!(
            hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
            [title],
            "{term}"
        );
    }
    // And a common short term fills its page from the newest documents.
    let hits = lib.search("社区", 5).expect("search");
    assert_eq!(hits.len(), 5);
    assert!(hits.iter().all(|h| h.title.starts_with("新稿")));
}
