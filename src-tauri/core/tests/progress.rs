//! Importing a file reports its progress on real inputs: parsing started and done, then the
//! ops appended and the rows written, each counted up to its total, on a real library file.

use roundtable_core::import::parse_text;
use roundtable_core::progress::{Progress, Stage};
use roundtable_core::store::Library;

#[test]
fn storing_a_document_reports_ops_then_rows_up_to_their_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = Library::open(&dir.path().join("library.sqlite")).expect("open");
    let text: String = (0..3000)
        .map(|i| format!("{}: Turn {i}.\n", ["Alice", "Bob", "Chen"][i % 3]))
        .collect();
    let doc = parse_text(&format!("A long one\n\n{text}"), None)
        .expect("parse")
        .document;
    let mut seen: Vec<Progress> = Vec::new();
    let id = lib
        .create_document_reporting(&doc, &mut |p| seen.push(p))
        .expect("store");
    assert_eq!(
        lib.document(id).expect("stored"),
        doc,
        "reporting changes nothing stored"
    );

    let stages: Vec<Stage> = seen.iter().map(|p| p.stage).collect();
    let switch = stages
        .iter()
        .position(|s| *s == Stage::Indexing)
        .expect("indexing reported");
    assert!(stages[..switch].iter().all(|s| *s == Stage::Storing));
    assert!(stages[switch..].iter().all(|s| *s == Stage::Indexing));
    let ops = lib.ops(id).expect("ops").len() as u64;
    for (stage, total) in [(Stage::Storing, ops), (Stage::Indexing, 0)] {
        let reports: Vec<&Progress> = seen.iter().filter(|p| p.stage == stage).collect();
        let total = if total == 0 { reports[0].total } else { total };
        assert!(total >= 3000, "{stage:?}: {total}");
        assert!(reports.iter().all(|p| p.total == total));
        assert_eq!(reports[0].done, 0);
        assert_eq!(reports.last().map(|p| p.done), Some(total));
        assert!(
            reports.windows(2).all(|w| w[0].done < w[1].done),
            "{stage:?} only grows"
        );
        // A bar needs about a hundred steps, not one per op.
        assert!(
            (50..=110).contains(&reports.len()),
            "{stage:?}: {} reports",
            reports.len()
        );
    }
}

#[test]
fn parsing_a_file_reports_its_start_and_its_end_and_nothing_made_up_between() {
    let bytes = b"Ana Ruiz: One.\nBo Chen: Two.\n";
    let mut seen: Vec<Progress> = Vec::new();
    roundtable_core::import::parse_file_reporting(
        bytes,
        std::path::Path::new("panel.txt"),
        None,
        None,
        &mut |p| seen.push(p),
    )
    .expect("parse");
    let size = bytes.len() as u64;
    let reports: Vec<(Stage, u64, u64)> = seen.iter().map(|p| (p.stage, p.done, p.total)).collect();
    assert_eq!(
        reports,
        [(Stage::Parsing, 0, size), (Stage::Parsing, size, size)]
    );
}
