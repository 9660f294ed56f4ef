//! The TypeScript types the UI uses are generated from the Rust types. This test fails when
//! the committed `ui/src/lib/bindings.ts` is stale; `UPDATE_BINDINGS=1 cargo test -p
//! roundtable-core --test bindings` rewrites it.

use std::path::PathBuf;

use roundtable_core::export::{
    ExportFormat, ExportOptions, ImageMode, LabelForm, Style, TemplateInfo, TemplateKind,
};
use roundtable_core::import::Imported;
use roundtable_core::import::{
    BinaryKind, Diagnostic, Format, Level, ModeratorEvidence, NOTE_CODES, Note,
};
use roundtable_core::model::BlockKind;
use roundtable_core::model::{Block, Credit, CreditRole, Document, Participant, Role};
use roundtable_core::ops::text_merge::{DiffKind, DiffPart};
use roundtable_core::ops::{
    BlockSide, Change, Conflict, ConflictKind, ConflictValue, DocField, FieldName,
};
use roundtable_core::people::{Attribution, MatchReason, QuoteStyle};
use roundtable_core::progress::{Progress, Stage};
use roundtable_core::store::{
    Appearance, AttributedQuote, LinkOutcome, LinkReport, MergeSuggestion, ParticipantLink,
    PersonConflict, PersonDetail, PersonSummary, QuoteHit, Suggestion,
};
use roundtable_core::store::{
    Base, BatchKind, DocumentSummary, DocumentView, HistoryEntry, LibraryInfo, ListOrder, ListPage,
    ListQuery, MediaRef, Saved, SearchHit, SnippetPart, TopicCount, UndoState,
};
use roundtable_core::sync::{SyncReport, SyncStatus};
use roundtable_core::{ErrorCode, IpcError};
use ts_rs::{Config, TS};

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// Every note code, for the UI's test that each has words in every language (a type lists
/// them too, but a test cannot iterate a type).
fn note_codes() -> String {
    let quoted: Vec<String> = NOTE_CODES.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "export const NOTE_CODES: readonly Note[\"code\"][] = [{}];\n",
        quoted.join(", ")
    )
}

fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let parts = [
        decl::<ErrorCode>(&cfg),
        decl::<IpcError>(&cfg),
        decl::<Role>(&cfg),
        decl::<Participant>(&cfg),
        decl::<Block>(&cfg),
        decl::<CreditRole>(&cfg),
        decl::<Credit>(&cfg),
        decl::<roundtable_core::model::FormatTag>(&cfg),
        decl::<Document>(&cfg),
        decl::<Level>(&cfg),
        decl::<BinaryKind>(&cfg),
        decl::<ModeratorEvidence>(&cfg),
        decl::<Note>(&cfg),
        note_codes(),
        decl::<MediaRef>(&cfg),
        decl::<Diagnostic>(&cfg),
        decl::<Format>(&cfg),
        decl::<DocumentSummary>(&cfg),
        decl::<ListOrder>(&cfg),
        decl::<ListQuery>(&cfg),
        decl::<ListPage>(&cfg),
        decl::<TopicCount>(&cfg),
        decl::<SnippetPart>(&cfg),
        decl::<SearchHit>(&cfg),
        decl::<LibraryInfo>(&cfg),
        decl::<Imported>(&cfg),
        decl::<Stage>(&cfg),
        decl::<Progress>(&cfg),
        decl::<ExportFormat>(&cfg),
        decl::<Style>(&cfg),
        decl::<LabelForm>(&cfg),
        decl::<ImageMode>(&cfg),
        decl::<ExportOptions>(&cfg),
        decl::<TemplateKind>(&cfg),
        decl::<TemplateInfo>(&cfg),
        decl::<BatchKind>(&cfg),
        decl::<HistoryEntry>(&cfg),
        decl::<UndoState>(&cfg),
        decl::<Base>(&cfg),
        decl::<DocumentView>(&cfg),
        decl::<Saved>(&cfg),
        decl::<ConflictKind>(&cfg),
        decl::<FieldName>(&cfg),
        decl::<DiffKind>(&cfg),
        decl::<DiffPart>(&cfg),
        decl::<ConflictValue>(&cfg),
        decl::<Conflict>(&cfg),
        decl::<BlockKind>(&cfg),
        decl::<DocField>(&cfg),
        decl::<BlockSide>(&cfg),
        decl::<Change>(&cfg),
        decl::<MatchReason>(&cfg),
        decl::<PersonSummary>(&cfg),
        decl::<Appearance>(&cfg),
        decl::<PersonConflict>(&cfg),
        decl::<MergeSuggestion>(&cfg),
        decl::<PersonDetail>(&cfg),
        decl::<Suggestion>(&cfg),
        decl::<LinkOutcome>(&cfg),
        decl::<ParticipantLink>(&cfg),
        decl::<LinkReport>(&cfg),
        decl::<QuoteHit>(&cfg),
        decl::<Attribution>(&cfg),
        decl::<QuoteStyle>(&cfg),
        decl::<AttributedQuote>(&cfg),
        decl::<SyncReport>(&cfg),
        decl::<SyncStatus>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/core/tests/bindings.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p roundtable-core --test bindings`.\n\n",
    );
    out.push_str(&parts.join("\n"));
    out
}

#[test]
fn typescript_bindings_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p roundtable-core --test bindings` and commit it",
        path.display()
    );
}
