//! The library search on the real-world corpus (`tests/corpus`: transcripts nobody here
//! wrote, Chinese in simplified and traditional script, English), against a plain scan of
//! the same texts: every document whose text holds a term is found, every hit shows the
//! term, and a page is the start of the full answer whatever its size.

use std::collections::BTreeSet;
use std::path::Path;

use roundtable_core::import::parse_file;
use roundtable_core::model::Document;
use roundtable_core::store::Library;

/// The texts search looks at, as the document shows them.
fn texts(doc: &Document) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    out.extend(doc.column.iter().cloned());
    for p in &doc.participants {
        out.push(p.name.clone());
        out.extend(p.title.iter().cloned());
        out.extend(p.organization.iter().cloned());
    }
    out.extend(doc.credits.iter().map(|c| c.name.clone()));
    out.extend(doc.blocks.iter().map(|b| b.text()));
    out
}

/// Terms cut from a document's blocks: 1 to 4 characters at a few places, without white space.
fn terms_of(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate().step_by(5).take(8) {
        let chars: Vec<char> = block.text().chars().collect();
        for len in 1..=4 {
            let at = (i * 13 + len * 5) % chars.len().max(1);
            let term: String = chars.iter().skip(at).take(len).collect();
            if term.chars().count() == len && !term.chars().any(char::is_whitespace) {
                out.push(term);
            }
        }
    }
    out
}

#[test]
fn search_finds_what_a_scan_of_the_real_corpus_finds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut lib = Library::open(&tmp.path().join("library.sqlite")).expect("open");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".truth.json"))
        .map(|n| n.trim_end_matches(".truth.json").to_owned())
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).expect("read");
        let Ok(imported) = parse_file(&bytes, Path::new(name), None) else {
            continue;
        };
        let id = lib.create_document(&imported.document).expect("store");
        docs.push(lib.document(id).expect("document"));
    }
    assert!(docs.len() >= 40, "{} documents", docs.len());

    let mut checked = 0;
    for term in docs.iter().flat_map(terms_of).collect::<BTreeSet<_>>() {
        let scan: BTreeSet<String> = docs
            .iter()
            .filter(|d| texts(d).iter().any(|t| t.contains(&term)))
            .map(|d| d.id.to_string())
            .collect();
        let all = lib.search(&term, 10_000).expect("search");
        let found: BTreeSet<String> = all.iter().map(|h| h.document.clone()).collect();
        // Folding (width, case, script) may find more than the plain scan, never less.
        assert!(
            scan.is_subset(&found),
            "{term:?}: missed {:?}",
            scan.difference(&found).collect::<Vec<_>>()
        );
        assert_eq!(found.len(), all.len(), "{term:?}: a document twice");
        for hit in &all {
            assert!(
                hit.snippet.iter().any(|p| p.hit),
                "{term:?}: no match shown in {}",
                hit.title
            );
        }
        // A small page (the newest documents first, then the index) holds as many as it can,
        // all of them from the full answer.
        let page = lib.search(&term, 3).expect("search");
        assert_eq!(page.len(), all.len().min(3), "{term:?}");
        assert!(page.iter().all(|h| found.contains(&h.document)), "{term:?}");
        checked += 1;
    }
    assert!(checked > 250, "{checked} terms");
}

/// Search reads only the text of each block from a document's stored body (not the whole
/// block): every kind of block is found by each of its texts, as `Block::text` gives them,
/// and a block deleted by a save is not.
#[test]
fn every_kind_of_block_is_searched_by_its_text_and_a_deleted_one_is_not() {
    use roundtable_core::model::Block;
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut lib = Library::open(&tmp.path().join("library.sqlite")).expect("open");
    let mut doc =
        roundtable_core::import::parse_text("圆桌\n\n主持人：王芳\n\n王芳：开场。\n", None)
            .expect("parses")
            .document;
    let speaker = doc.participants[0].id.clone();
    doc.blocks = vec![
        Block::Heading {
            id: "h".into(),
            text: "headingword".into(),
        },
        Block::Paragraph {
            id: "n".into(),
            text: "narrationword".into(),
        },
        Block::Turn {
            id: "t".into(),
            speaker,
            paragraphs: vec!["firstpara".into(), "鹈鹕第二段".into()],
            start: Some(1.0),
            end: None,
            topics: vec!["topicword".into()],
            continues: false,
        },
        Block::Image {
            id: "i".into(),
            asset: Some("assetword.png".into()),
            caption: Some("captionword".into()),
            credit: Some("creditword".into()),
            alt: Some("altword".into()),
        },
    ];
    let id = lib.create_document(&doc).expect("store");
    let found = |lib: &Library, term: &str| !lib.search(term, 10).expect("search").is_empty();
    for term in [
        "headingword",
        "narrationword",
        "firstpara",
        "鹈鹕第二段",
        "captionword",
        "creditword",
        "altword",
    ] {
        assert!(found(&lib, term), "{term:?} not found");
    }
    // Not text: a block's id, a turn's topics and an image's file name are not searched.
    for term in ["topicword", "assetword"] {
        assert!(!found(&lib, term), "{term:?} found");
    }
    let mut edited = lib.document(id).expect("document");
    edited.blocks.retain(|b| !matches!(b, Block::Image { .. }));
    lib.save(&edited, "delete the picture").expect("save");
    assert!(!found(&lib, "captionword"));
    assert!(found(&lib, "narrationword"));
    let reopened = Library::open(&tmp.path().join("library.sqlite")).expect("reopen");
    assert!(!found(&reopened, "altword"));
    assert!(found(&reopened, "firstpara"));
}

/// Search rows are written into the index when their transaction commits (they wait in a
/// temporary table until then, see `projection::flush_search`). Documents stored many to a
/// transaction (a bulk import, a sync receiving them), then edited and trashed in others,
/// are found by exactly their current text: in the library that made them, in one that
/// received them by sync, and after reopening both.
#[test]
fn documents_written_many_to_a_transaction_are_searchable_as_they_are() {
    use roundtable_core::model::Block;
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let mut a = Library::open(&tmp.path().join("a.sqlite")).expect("open");
    let docs: Vec<Document> = (0..40)
        .map(|i| {
            roundtable_core::import::parse_text(
                &format!("圆桌{i}\n\n主持人：王芳\n\n王芳：开场 word{i}x。\n\n李强：回答{i}号。\n"),
                None,
            )
            .expect("parses")
            .document
        })
        .collect();
    let hashes: Vec<String> = (0..docs.len()).map(|i| format!("{i:064x}")).collect();
    let pairs: Vec<(&Document, &str)> = docs
        .iter()
        .zip(&hashes)
        .map(|(d, h)| (d, h.as_str()))
        .collect();
    a.create_imported_many(&pairs).expect("import");
    let mut edited = a.document(docs[3].id).expect("document");
    for block in &mut edited.blocks {
        if let Block::Turn { paragraphs, .. } = block {
            for p in paragraphs.iter_mut() {
                *p = p.replace("word3x", "changed3y");
            }
        }
    }
    a.save(&edited, "edit").expect("save");
    a.trash(docs[5].id).expect("trash");

    let check = |lib: &Library| {
        for (i, doc) in docs.iter().enumerate() {
            let hits = lib.search(&format!("word{i}x"), 50).expect("search");
            let ids: Vec<&str> = hits.iter().map(|h| h.document.as_str()).collect();
            let expected: Vec<String> = if i == 3 || i == 5 {
                Vec::new()
            } else {
                vec![doc.id.to_string()]
            };
            assert_eq!(ids, expected, "word{i}x");
        }
        let changed = lib.search("changed3y", 50).expect("search");
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].document, docs[3].id.to_string());
        // A two-character term through the index's vocabulary, in every live document.
        assert_eq!(lib.search("回答", 50).expect("search").len(), 39);
    };
    check(&a);
    roundtable_core::sync::sync(&mut a, &folder).expect("sync a");
    let mut b = Library::open(&tmp.path().join("b.sqlite")).expect("open b");
    roundtable_core::sync::sync(&mut b, &folder).expect("sync b");
    check(&b);
    drop((a, b));
    check(&Library::open(&tmp.path().join("a.sqlite")).expect("reopen a"));
    check(&Library::open(&tmp.path().join("b.sqlite")).expect("reopen b"));
}
