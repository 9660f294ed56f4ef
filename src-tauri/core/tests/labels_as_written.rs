//! Labels as the source wrote them (issue 14, point 9): importers read the guest list's own
//! heading (`观察嘉宾`, `Panelists`) and whether the host's turns were labelled with the role
//! word (`主持人：`, `Moderator:`) while the guests' were labelled by name; the library keeps
//! both through its op log, history, rebuild and sync. What exports print is in `export.rs`.

use roundtable_core::import::parse_text;
use roundtable_core::model::{Document, LabelForm, Role};
use roundtable_core::ops::{Change, DocField, FieldName, compare};
use roundtable_core::store::Library;
use roundtable_core::sync::sync;

mod support;
use support::fixture_doc;

fn people(doc: &Document) -> Vec<(&str, Role, Option<&str>)> {
    doc.participants
        .iter()
        .map(|p| (p.name.as_str(), p.role, p.title.as_deref()))
        .collect()
}

#[test]
fn a_wechat_article_keeps_its_guest_heading_and_the_host_role_word() {
    let doc = fixture_doc("zh_wechat_host_role.txt");
    assert_eq!(doc.guest_heading.as_deref(), Some("观察嘉宾"));
    assert_eq!(doc.speaker_labels, Some(LabelForm::HostRole));
    assert_eq!(
        people(&doc),
        [
            ("周晓雯", Role::Moderator, None),
            ("孙建国", Role::Guest, Some("滨河街道城市更新办公室主任")),
            ("吴雅琴", Role::Guest, Some("江城建筑设计院建筑师")),
        ]
    );
    assert_eq!(doc.column.as_deref(), Some("城事观察"));
}

#[test]
fn an_english_panel_keeps_panelists_and_the_moderator_label() {
    let doc = fixture_doc("en_panel_moderator.txt");
    assert_eq!(doc.guest_heading.as_deref(), Some("Panelists"));
    assert_eq!(doc.speaker_labels, Some(LabelForm::HostRole));
    assert_eq!(
        people(&doc),
        [
            ("Ruth Calloway", Role::Moderator, Some("health reporter")),
            ("Omar Haddad", Role::Guest, Some("pharmacist")),
            ("June Park", Role::Guest, Some("county health officer")),
        ]
    );
}

#[test]
fn a_named_host_and_the_plain_heading_leave_the_export_defaults() {
    // The host's turns under her name, the list under the plain `嘉宾`: nothing to keep.
    let doc = parse_text(
        "社区食堂怎么办好?\n\n主持人:陈曦\n\n嘉宾:\n\n王芳  幸福里社区主任\n\n李强  食堂经理\n\n陈曦:食堂开了多久?\n\n王芳:两年了,每天两百多位老人来吃饭。\n\n陈曦:价格怎么定?\n\n李强:一荤一素十二元。\n",
        None,
    )
    .expect("parse")
    .document;
    assert_eq!(people(&doc)[0], ("陈曦", Role::Moderator, None));
    assert_eq!(doc.guest_heading, None);
    assert_eq!(doc.speaker_labels, None);

    // A host labelled `记者：` is no `主持人：` source: host-role would not print its labels.
    let doc = parse_text(
        "专访丨一家面馆的三十年\n\n记者:面馆开了多少年?\n\n老周:三十年了。\n\n记者:生意还好吗?\n\n老周:还行,熟客多。\n",
        None,
    )
    .expect("parse")
    .document;
    assert_eq!(doc.speaker_labels, None, "{:?}", people(&doc));
}

#[test]
fn canonical_json_without_the_fields_still_reads_and_without_them_writes_none() {
    let doc = fixture_doc("zh_wechat_host_role.txt");
    let json = doc.to_json();
    assert!(json.contains(r#""guest_heading": "观察嘉宾""#), "{json}");
    assert!(json.contains(r#""speaker_labels": "host-role""#), "{json}");
    assert_eq!(Document::from_json(&json).expect("reads"), doc);

    let mut old = doc.clone();
    old.guest_heading = None;
    old.speaker_labels = None;
    let json = old.to_json();
    assert!(!json.contains("guest_heading") && !json.contains("speaker_labels"));
    assert_eq!(Document::from_json(&json).expect("reads"), old);
}

/// Markdown with front matter round-trips exactly, a label form chosen by hand included (the
/// body alone would say `host-role` again).
#[test]
fn front_matter_carries_the_heading_and_a_chosen_label_form() {
    use roundtable_core::export::{ExportFormat, ExportOptions, NoAssets, Templates, render};
    let mut doc = fixture_doc("zh_wechat_host_role.txt");
    doc.speaker_labels = Some(LabelForm::Name);
    let options = ExportOptions {
        front_matter: true,
        ..ExportOptions::default()
    };
    let md = render(
        &doc,
        ExportFormat::Markdown,
        &options,
        None,
        &Templates::builtin(),
        &NoAssets,
    )
    .expect("markdown");
    let md = String::from_utf8(md).expect("utf-8");
    assert!(
        md.contains("guest_heading: \"观察嘉宾\"\nspeaker_labels: \"name\"\n"),
        "{md}"
    );
    let back = parse_text(&md, None).expect("parse").document;
    assert_eq!(back.guest_heading, doc.guest_heading);
    assert_eq!(back.speaker_labels, Some(LabelForm::Name));
}

/// The fields are document fields like the column: import writes them as ops, a save diffs
/// them, undo takes them back, a rebuild from the log gives them again, the history names
/// them, and sync carries them to a teammate, where a concurrent change is a conflict.
#[test]
fn the_guest_heading_and_label_style_go_through_the_op_log_history_and_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let mut a = Library::open(&dir.path().join("a.sqlite")).expect("open");
    let mut b = Library::open(&dir.path().join("b.sqlite")).expect("open");

    let doc = fixture_doc("zh_wechat_host_role.txt");
    let id = a.create_document(&doc).expect("import");
    assert_eq!(a.document(id).expect("read"), doc, "stored as imported");

    // An edit of the heading is one op, and undo takes it back.
    let mut edited = doc.clone();
    edited.guest_heading = Some("特邀嘉宾".into());
    a.save(&edited, "heading").expect("save");
    let ops = a.ops(id).expect("ops");
    let last = &ops.last().expect("an op").kind;
    assert_eq!(
        serde_json::to_value(last).expect("json"),
        serde_json::json!({"op": "set_meta", "field": "guest_heading", "value": "特邀嘉宾"})
    );
    assert_eq!(
        a.document(id).expect("read").guest_heading.as_deref(),
        Some("特邀嘉宾")
    );
    a.undo(id).expect("undo");
    assert_eq!(
        a.document(id).expect("read"),
        doc,
        "undo restores the heading"
    );
    a.redo(id).expect("redo");
    assert_eq!(a.document(id).expect("read"), edited);

    // The label style cleared: the history says what changed.
    let mut named = edited.clone();
    named.speaker_labels = None;
    a.save(&named, "labels").expect("save");
    let changes = compare(&edited, &named);
    assert!(
        matches!(
            changes.as_slice(),
            [Change::Field {
                field: DocField::SpeakerLabels,
                ..
            }]
        ),
        "{changes:?}"
    );

    // The derived tables are a function of the log.
    a.rebuild().expect("rebuild");
    assert_eq!(a.document(id).expect("read"), named);

    // Sync carries both fields to a teammate.
    sync(&mut a, &folder).expect("sync a");
    sync(&mut b, &folder).expect("sync b");
    assert_eq!(b.document(id).expect("received"), named);

    // Two devices set the heading at once: a conflict, named for the UI, not a silent loss.
    let mut on_a = named.clone();
    on_a.guest_heading = Some("对话嘉宾".into());
    a.save(&on_a, "heading").expect("save a");
    let mut on_b = named.clone();
    on_b.guest_heading = Some("圆桌嘉宾".into());
    b.save(&on_b, "heading").expect("save b");
    for _ in 0..2 {
        sync(&mut a, &folder).expect("sync a");
        sync(&mut b, &folder).expect("sync b");
    }
    assert_eq!(
        a.document(id).expect("a"),
        b.document(id).expect("b"),
        "both converge"
    );
    let conflicts = a.conflicts(id).expect("conflicts");
    assert!(
        conflicts.iter().any(|c| c.name == FieldName::GuestHeading),
        "{conflicts:?}"
    );
}
