//! Exporters: snapshots of each format, and hostile text staying inert text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use roundtable_core::export::{ExportFormat, export_string};
use roundtable_core::import::parse_text;
use roundtable_core::model::{Block, Credit, CreditRole, Document, Participant, Role};

fn fixture_doc(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    parse_text(&text, None).expect("parse").document
}

fn check(name: &str, format: ExportFormat) {
    let doc = fixture_doc(name);
    let out = export_string(&doc, format).replace(&doc.id.to_string(), "[id]");
    insta::assert_snapshot!(format!("{name}.{}", format.extension()), out);
}

#[test]
fn snapshots() {
    for name in ["zh_wechat_roundtable.txt", "en_panel_article.txt"] {
        for format in [
            ExportFormat::Markdown,
            ExportFormat::Html,
            ExportFormat::Json,
        ] {
            check(name, format);
        }
    }
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "**not bold** _not em_ `not code`",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "<!-- not a comment -->",
    "&amp; &lt; stays as typed",
    "zero\u{200B}width and \u{202E}rtl override",
    "back\\slash at the end\\",
    "| not | a | table |",
    "![not an image](x.png)",
    "主持人**加粗**:不是标签",
];

fn hostile_document(language: &str) -> Document {
    let mut doc = Document::new(HOSTILE[0], language);
    doc.column = Some(HOSTILE[3].into());
    doc.subtitle = Some(HOSTILE[1].into());
    doc.topics = vec![HOSTILE[8].into(), HOSTILE[2].into()];
    let mut p = Participant::new("p1", "<b>Eve</b>", Role::Moderator);
    p.title = Some(HOSTILE[1].into());
    doc.participants.push(p);
    doc.participants
        .push(Participant::new("p2", "Mallory *", Role::Guest));
    for (i, text) in HOSTILE.iter().enumerate() {
        let id = format!("b{i}");
        doc.blocks.push(match i % 4 {
            0 => Block::Paragraph {
                id,
                text: (*text).into(),
            },
            1 => Block::Turn {
                id,
                speaker: "p1".into(),
                paragraphs: vec![(*text).into()],
                start: None,
                end: None,
                topics: vec![],
                continues: false,
            },
            2 => Block::Image {
                id,
                asset: Some("x\" onerror=\"alert(1).png".into()),
                caption: Some((*text).into()),
                credit: Some((*text).into()),
                alt: Some((*text).into()),
            },
            _ => Block::Turn {
                id,
                speaker: "p2".into(),
                paragraphs: vec![(*text).into(), (*text).into()],
                start: None,
                end: None,
                topics: vec![],
                continues: false,
            },
        });
    }
    doc.credits = vec![Credit {
        role: CreditRole::Editor,
        name: HOSTILE[1].into(),
    }];
    doc
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    for language in ["en", "zh"] {
        let doc = hostile_document(language);
        let md = export_string(&doc, ExportFormat::Markdown);
        let mut text = String::new();
        let mut lists = 0;
        let mut headings = 0;
        for event in Parser::new(&md) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
                Event::Start(Tag::Link { .. }) => panic!("a link in\n{md}"),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    assert!(dest_url.starts_with("assets/"), "{dest_url}")
                }
                Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_)) => {
                    panic!("unexpected block in\n{md}")
                }
                // The title and the subtitle are the headings.
                Event::Start(Tag::Heading { .. }) => headings += 1,
                // The guest list is the one list.
                Event::Start(Tag::List(_)) => lists += 1,
                Event::Code(c) => panic!("code span {c:?} in\n{md}"),
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::Paragraph) => text.push('\n'),
                _ => {}
            }
        }
        assert_eq!((lists, headings), (1, 2), "{md}");
        for h in HOSTILE {
            assert!(text.contains(h), "{h:?} not shown literally in\n{md}");
        }
    }
}

#[test]
fn hostile_text_stays_text_in_html() {
    let doc = hostile_document("en");
    let html = export_string(&doc, ExportFormat::Html);
    for bad in [
        "<script",
        "<img src=x",
        "<!-- not",
        "onerror=\"alert",
        "<b>Eve",
        "href=",
    ] {
        assert!(!html.contains(bad), "{bad:?} in\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&amp;amp; &amp;lt; stays as typed"));
    assert!(html.contains("<html lang=\"en\">"));
}

#[test]
fn json_reads_back_identically() {
    for doc in [
        hostile_document("en"),
        fixture_doc("zh_wechat_roundtable.txt"),
    ] {
        let json = export_string(&doc, ExportFormat::Json);
        assert_eq!(Document::from_json(&json).expect("json"), doc);
    }
}

#[test]
fn chinese_labels_close_next_to_cjk_text() {
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    let md = export_string(&doc, ExportFormat::Markdown);
    let mut strong = Vec::new();
    let mut inside = false;
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::Strong) => inside = true,
            Event::End(TagEnd::Strong) => inside = false,
            Event::Text(t) if inside => strong.push(t.to_string()),
            _ => {}
        }
    }
    assert_eq!(
        strong.iter().filter(|s| s.as_str() == "陈晓岚").count(),
        3,
        "{strong:?}"
    );
    assert!(!md.contains("**陈晓岚**:") || md.contains("**陈晓岚**\u{FF1A}"));
}
