//! The library list a page at a time, on real SQLite files: pages, totals, the topic filter,
//! title order by language, the trash, and the rows it reads staying true to the log.

use roundtable_core::import::parse_text;
use roundtable_core::model::Document;
use roundtable_core::store::{Library, ListOrder, ListQuery, SCHEMA_VERSION, TopicCount};
use tempfile::TempDir;

mod support;

fn library() -> (TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&dir.path().join("library.sqlite")).expect("open");
    (dir, lib)
}

/// A small transcript with this title and these topics.
fn doc(title: &str, topics: &[&str]) -> Document {
    let mut d = parse_text(
        "A title\n\nAlice: Hello there.\nBob: 你好。\nAlice: Bye.\n",
        None,
    )
    .expect("parse")
    .document;
    d.title = title.to_owned();
    d.topics = topics.iter().map(|t| (*t).to_owned()).collect();
    d
}

fn ids(lib: &Library, query: &ListQuery) -> Vec<String> {
    let page = lib.list_page(query).expect("page");
    page.documents.into_iter().map(|d| d.id).collect()
}

fn titles(lib: &Library, query: &ListQuery) -> Vec<String> {
    let page = lib.list_page(query).expect("page");
    page.documents.into_iter().map(|d| d.title).collect()
}

#[test]
fn pages_cut_the_whole_list_in_order_and_count_it() {
    let (_dir, mut lib) = library();
    for i in 0..25 {
        lib.create_document(&doc(&format!("Doc {i}"), &[]))
            .expect("import");
    }
    let all = lib.list().expect("list");
    assert_eq!(all.len(), 25);
    let mut expected = all.clone();
    expected.sort_by(|a, b| b.updated_ms.cmp(&a.updated_ms).then(a.id.cmp(&b.id)));
    assert_eq!(all, expected, "the last edited first, ties by id");

    let mut paged = Vec::new();
    for offset in (0..25).step_by(10) {
        let page = lib
            .list_page(&ListQuery {
                offset,
                limit: 10,
                ..ListQuery::default()
            })
            .expect("page");
        assert_eq!(page.total, 25);
        assert_eq!(page.offset, offset);
        assert_eq!(page.documents.len(), (25 - offset as usize).min(10));
        paged.extend(page.documents);
    }
    assert_eq!(paged, all);

    let past_the_end = lib
        .list_page(&ListQuery {
            offset: 40,
            limit: 10,
            ..ListQuery::default()
        })
        .expect("page");
    assert_eq!((past_the_end.total, past_the_end.documents.len()), (25, 0));
}

#[test]
fn an_edit_moves_a_document_to_the_top() {
    let (_dir, mut lib) = library();
    let first = lib.create_document(&doc("First", &[])).expect("import");
    for i in 0..5 {
        lib.create_document(&doc(&format!("Later {i}"), &[]))
            .expect("import");
    }
    let mut edited = lib.document(first).expect("doc");
    edited.title = "First, edited".into();
    // Edits made in the same millisecond as the imports would tie; the edit must be later.
    std::thread::sleep(std::time::Duration::from_millis(5));
    lib.save(&edited, "Edit title").expect("save");
    let top = lib
        .list_page(&ListQuery {
            limit: 1,
            ..ListQuery::default()
        })
        .expect("page");
    assert_eq!(top.documents[0].id, first.to_string());
    assert_eq!(top.documents[0].title, "First, edited");
}

#[test]
fn the_topic_filter_and_the_topic_list_cover_every_document() {
    let (_dir, mut lib) = library();
    let housing = lib
        .create_document(&doc("A", &["住房", "社区"]))
        .expect("a");
    lib.create_document(&doc("B", &["住房"])).expect("b");
    lib.create_document(&doc("C", &[])).expect("c");
    for i in 0..30 {
        lib.create_document(&doc(&format!("Filler {i}"), &["other"]))
            .expect("filler");
    }
    let by_topic = |topic: &str, limit| ListQuery {
        topic: Some(topic.into()),
        limit,
        ..ListQuery::default()
    };
    let page = lib.list_page(&by_topic("住房", 1)).expect("page");
    assert_eq!(page.total, 2, "counted over all pages");
    assert_eq!(page.documents.len(), 1);
    assert_eq!(titles(&lib, &by_topic("社区", 10)), ["A"]);
    assert!(titles(&lib, &by_topic("nothing", 10)).is_empty());
    assert_eq!(
        lib.topics(false).expect("topics"),
        [
            TopicCount {
                topic: "other".into(),
                documents: 30
            },
            TopicCount {
                topic: "住房".into(),
                documents: 2
            },
            TopicCount {
                topic: "社区".into(),
                documents: 1
            },
        ]
    );

    // Topics edited in the document follow into the filter.
    let mut d = lib.document(housing).expect("doc");
    d.topics = vec!["社区".into(), "new".into()];
    lib.save(&d, "Edit topics").expect("save");
    assert_eq!(titles(&lib, &by_topic("住房", 10)), ["B"]);
    assert_eq!(titles(&lib, &by_topic("new", 10)), ["A"]);
    let summary = &lib.list_page(&by_topic("new", 10)).expect("page").documents[0];
    assert_eq!(summary.topics, ["社区", "new"]);
}

#[test]
fn titles_sort_in_the_order_of_the_language_asked_for() {
    let (_dir, mut lib) = library();
    for title in [
        "工会", "Alpha", "beta", "Part 10", "Part 9", "  Gamma", "上海", "北京", "广州",
    ] {
        lib.create_document(&doc(title, &[])).expect("import");
    }
    let by_title = |language: &str| ListQuery {
        order: ListOrder::Title,
        language: language.into(),
        ..ListQuery::default()
    };
    // Case ignored, numbers by value, leading spaces ignored, Han after Latin in code point
    // (radical-stroke) order.
    assert_eq!(
        titles(&lib, &by_title("en")),
        [
            "Alpha", "beta", "  Gamma", "Part 9", "Part 10", "上海", "北京", "工会", "广州"
        ]
    );
    // Chinese: Han first, by pinyin (bei jing, gong hui, guang zhou, shang hai), as
    // Intl.Collator("zh-CN") has it.
    assert_eq!(
        titles(&lib, &by_title("zh-CN")),
        [
            "北京", "工会", "广州", "上海", "Alpha", "beta", "  Gamma", "Part 9", "Part 10"
        ]
    );
    // Not a language tag: still a usable order.
    assert_eq!(titles(&lib, &by_title("not a tag!")).len(), 9);
    // A page of the title order is a slice of it.
    let mut q = by_title("zh-CN");
    q.offset = 3;
    q.limit = 2;
    assert_eq!(titles(&lib, &q), ["上海", "Alpha"]);

    // A renamed document moves: keys follow the titles, not the documents.
    let alpha = lib
        .list()
        .expect("list")
        .into_iter()
        .find(|d| d.title == "Alpha");
    let id = uuid::Uuid::parse_str(&alpha.expect("Alpha").id).expect("id");
    let mut d = lib.document(id).expect("doc");
    d.title = "Zulu".into();
    lib.save(&d, "Edit title").expect("save");
    assert_eq!(
        titles(&lib, &by_title("en")),
        [
            "beta", "  Gamma", "Part 9", "Part 10", "Zulu", "上海", "北京", "工会", "广州"
        ]
    );
}

#[test]
fn the_trash_is_listed_on_its_own_and_counted() {
    let (_dir, mut lib) = library();
    let gone = lib.create_document(&doc("Gone", &["t"])).expect("gone");
    let kept = lib.create_document(&doc("Kept", &["t"])).expect("kept");
    lib.trash(gone).expect("trash");
    assert_eq!(ids(&lib, &ListQuery::default()), [kept.to_string()]);
    let trash = ListQuery {
        trashed: true,
        ..ListQuery::default()
    };
    assert_eq!(ids(&lib, &trash), [gone.to_string()]);
    let info = lib.info().expect("info");
    assert_eq!((info.documents, info.trashed), (1, 1));
    assert_eq!(lib.topics(true).expect("topics")[0].documents, 1);
    lib.untrash(gone).expect("untrash");
    assert_eq!(lib.list_page(&ListQuery::default()).expect("page").total, 2);
}

#[test]
fn participant_names_in_the_list_follow_renames_and_rebuilds() {
    let (_dir, mut lib) = library();
    let id = lib.create_document(&doc("Names", &["x"])).expect("import");
    assert_eq!(lib.list().expect("list")[0].participants, ["Alice", "Bob"]);
    let mut d = lib.document(id).expect("doc");
    d.participants[0].name = "Alice Wong".into();
    d.participants.swap(0, 1);
    lib.save(&d, "Edit participants").expect("save");
    assert_eq!(
        lib.list().expect("list")[0].participants,
        ["Bob", "Alice Wong"]
    );

    let before = lib.list().expect("list");
    lib.rebuild().expect("rebuild");
    assert_eq!(
        lib.list().expect("list"),
        before,
        "the rows are a function of the log"
    );
    assert_eq!(lib.topics(false).expect("topics")[0].topic, "x");
}

#[test]
fn a_library_of_schema_4_gets_names_and_topics_filled_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite");
    {
        let mut lib = Library::open(&path).expect("open");
        lib.create_document(&doc("Old", &["旧", "old"]))
            .expect("import");
    }
    // Take the file back to schema 4: what migrations 5, 6, 7, 9 and 12 added is gone, and
    // the log is a row per op again (before 16).
    let ops = Library::open(&path).expect("open").all_ops().expect("ops");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    support::write_log_as_rows(&conn, &ops);
    conn.execute_batch(
        "DROP TABLE people_distinct; DROP TABLE person_names; DROP TABLE people;
         DROP INDEX participants_by_person; ALTER TABLE participants DROP COLUMN person;
         DROP INDEX ops_by_batch; DROP INDEX batches_by_batch;
         DROP TABLE imported_files;
         ALTER TABLE ops DROP COLUMN after;
         ALTER TABLE documents DROP COLUMN missing_ops;
         DROP TABLE document_topics;
         DROP INDEX documents_by_updated;
         ALTER TABLE documents DROP COLUMN names;
         ALTER TABLE documents DROP COLUMN presentation;
         PRAGMA user_version = 4;",
    )
    .expect("downgrade");
    drop(conn);

    let lib = Library::open(&path).expect("migrate");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let listed = lib.list().expect("list");
    assert_eq!(listed[0].participants, ["Alice", "Bob"]);
    let old = ListQuery {
        topic: Some("旧".into()),
        ..ListQuery::default()
    };
    assert_eq!(titles(&lib, &old), ["Old"]);
}
