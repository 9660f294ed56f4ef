//! Importers on fixtures written in the shapes reporters paste (snapshots), plus the
//! properties every parser keeps: no panics, and Markdown export reads back the same.

use proptest::prelude::*;
use roundtable_core::export::{
    ExportFormat, ExportOptions, NoAssets, export_string, write_markdown_with,
};
use roundtable_core::import::{Format, ImportError, Imported, parse_bytes, parse_text};
use roundtable_core::model::{Block, Document, Role};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_fixture(name: &str) -> Imported {
    parse_bytes(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Snapshot of the document and its diagnostics; the random document id is redacted.
fn check(name: &str) -> Document {
    let imported = parse_fixture(name);
    let value =
        serde_json::json!({ "document": imported.document, "diagnostics": imported.diagnostics });
    insta::assert_json_snapshot!(name, value, { ".document.id" => "[id]" });
    imported.document
}

fn speaker_names(doc: &Document, with_continuations: bool) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker, continues, ..
            } if with_continuations || !continues => {
                doc.participant(speaker).map(|p| p.name.clone())
            }
            _ => None,
        })
        .collect()
}

fn captions(doc: &Document) -> Vec<Option<String>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Image { caption, .. } => Some(caption.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn zh_wechat_roundtable() {
    let doc = check("zh_wechat_roundtable.txt");
    assert_eq!(doc.column.as_deref(), Some("书香观察"));
    assert!(doc.title.starts_with("社区图书馆如何成为城市"));
    assert_eq!(doc.language, "zh");
    let host = &doc.participants[0];
    assert_eq!((host.name.as_str(), host.role), ("陈晓岚", Role::Moderator));
    let guests: Vec<(&str, Option<&str>)> = doc.participants[1..]
        .iter()
        .map(|p| (p.name.as_str(), p.title.as_deref()))
        .collect();
    assert_eq!(
        guests,
        [
            ("王立新", Some("滨江区图书馆馆长")),
            ("刘珊珊", Some("青禾读书会发起人、小学语文教师")),
            ("赵一鸣", Some("城市规划研究院高级工程师"))
        ]
    );
    assert_eq!(
        speaker_names(&doc, false),
        [
            "陈晓岚",
            "王立新",
            "刘珊珊",
            "陈晓岚",
            "赵一鸣",
            "陈晓岚",
            "王立新",
            "刘珊珊",
            "赵一鸣"
        ]
    );
    assert_eq!(
        captions(&doc),
        [
            None,
            None,
            None,
            Some("夜间开放的滨江区社区图书馆。".into()),
            Some("读书会活动现场。".into())
        ]
    );
    // Captions never end up inside a turn, nor the page counter anywhere.
    let body: Vec<String> = doc
        .blocks
        .iter()
        .filter(|b| !matches!(b, Block::Image { .. }))
        .map(Block::text)
        .collect();
    assert!(
        body.iter()
            .all(|t| !t.contains("活动现场") && !t.contains("阅读 2381"))
    );
    let credits: Vec<String> = doc
        .credits
        .iter()
        .map(|c| format!("{:?} {}", c.role, c.name))
        .collect();
    assert_eq!(credits, ["Source 城市书香周刊", "Editor 孙小雨"]);
}

#[test]
fn zh_interview_declared() {
    let doc = check("zh_interview_declared.txt");
    assert_eq!(doc.topics, ["乡村振兴", "青年创业"]);
    assert_eq!(doc.participants[0].title.as_deref(), Some("本报记者"));
    assert_eq!(
        speaker_names(&doc, false),
        ["何静", "周明", "林晓燕", "何静", "林晓燕", "周明"]
    );
}

#[test]
fn en_panel_article() {
    let doc = check("en_panel_article.txt");
    assert_eq!(
        doc.title,
        "Roundtable: Can local newsrooms survive the next decade?"
    );
    assert_eq!(doc.topics, ["journalism", "local news", "media business"]);
    let dana = &doc.participants[0];
    assert_eq!(
        (
            dana.name.as_str(),
            dana.role,
            dana.title.as_deref(),
            dana.organization.as_deref()
        ),
        (
            "Dana Whitfield",
            Role::Moderator,
            Some("managing editor"),
            Some("Harbor Gazette")
        )
    );
    assert_eq!(
        speaker_names(&doc, true),
        [
            "Dana Whitfield",
            "Priya Raman",
            "Tom Okafor",
            "Tom Okafor",
            "Lena Brandt",
            "Dana Whitfield",
            "Dana Whitfield",
            "Lena Brandt"
        ]
    );
    assert!(
        matches!(&doc.blocks[4], Block::Image { caption: Some(c), credit: Some(by), .. }
        if c == "The Valley Courier newsroom on a Friday night" && by == "Sam Lee")
    );
}

#[test]
fn en_plain_transcript() {
    let doc = check("en_plain_transcript.txt");
    assert_eq!(doc.title, "");
    assert_eq!(doc.participants.len(), 2);
    assert_eq!(speaker_names(&doc, false).len(), 6);
}

#[test]
fn encodings_give_the_same_document() {
    let utf8 = fixture("zh_wechat_roundtable.txt");
    let text = String::from_utf8(utf8.clone()).expect("fixture is UTF-8");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(&utf8);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let crlf = text.replace('\n', "\r\n").into_bytes();
    let base = parse_bytes(&utf8, None).expect("utf-8").document;
    for (what, bytes) in [("bom", bom), ("gb18030", gb.into_owned()), ("crlf", crlf)] {
        let mut doc = parse_bytes(&bytes, None)
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .document;
        doc.id = base.id;
        assert_eq!(doc, base, "{what}");
    }
}

#[test]
fn refuses_what_is_not_text() {
    for (bytes, fragment) in [
        (&b""[..], "empty"),
        (b"\x89PNG\r\n\x1a\nrest", "PNG"),
        (b"PK\x03\x04....", "ZIP"),
        (b"\x00\x01\x02\x03", "NUL"),
    ] {
        let err = parse_bytes(bytes, None).expect_err("refused");
        assert!(err.to_string().contains(fragment), "{err}");
    }
    let err = parse_text(
        "{\"format\": \"roundtable.document\", \"version\": 9}",
        None,
    )
    .expect_err("refused");
    assert!(matches!(err, ImportError::Json(_)), "{err}");
    assert!(err.to_string().contains("version 9"), "{err}");
}

/// Regression: `话题：社区 · 城市农业` gave a topic "·", and WeChat's `原创 账号 日期` header
/// stayed in the body as a paragraph.
#[test]
fn article_header_lines() {
    let text = "屋顶菜园\n原创 城市生活周刊 2025-03-14 08:30\n话题\u{FF1A}社区 · 城市农业\nTags: water | towns\n\n主持人\u{FF1A}好。\n";
    let doc = parse_text(text, None).expect("parses").document;
    assert_eq!(doc.topics, ["社区", "城市农业", "water", "towns"]);
    assert_eq!(doc.credits.len(), 1, "{:?}", doc.credits);
    assert_eq!(doc.credits[0].name, "城市生活周刊");
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { text, .. } if text.contains("原创"))),
        "{:?}",
        doc.blocks
    );
}

fn credits(doc: &Document) -> Vec<String> {
    doc.credits
        .iter()
        .map(|c| format!("{:?} {}", c.role, c.name))
        .collect()
}

fn images(doc: &Document) -> Vec<(Option<String>, Option<String>)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Image {
                caption, credit, ..
            } => Some((caption.clone(), credit.clone())),
            _ => None,
        })
        .collect()
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Chinese newspaper conventions: byline, editor's note, declaration with a title in
/// brackets and the bare name later, `本期嘉宾` list with mixed gaps, `▲`/`图为` captions,
/// an unmatched label, `文 |`/`图丨` bylines and credits.
#[test]
fn zh_newspaper_roundtable() {
    let doc = check("zh_newspaper_roundtable.txt");
    assert_eq!(doc.column.as_deref(), Some("对话"));
    let host = &doc.participants[0];
    assert_eq!(
        (host.name.as_str(), host.role, host.title.as_deref()),
        ("周婷", Role::Moderator, Some("本报记者"))
    );
    assert_eq!(doc.participants.len(), 4);
    assert_eq!(
        speaker_names(&doc, false),
        [
            "周婷",
            "宋建国",
            "林雨桐",
            "周婷",
            "唐一帆",
            "宋建国",
            "周婷",
            "林雨桐",
            "唐一帆"
        ]
    );
    assert_eq!(
        images(&doc),
        [
            (Some("清河老街改造前的街景。".into()), None),
            (Some("图为居民在议事会上用贴纸投票。".into()), None)
        ]
    );
    let narration = paragraphs(&doc);
    assert!(narration[0].starts_with("编者按"), "{narration:?}");
    assert!(
        narration.iter().any(|p| p.starts_with("王局长")),
        "an unmatched label is kept as text, outside the turns"
    );
    assert_eq!(
        credits(&doc),
        [
            "Source 江城晚报",
            "Author 何晴",
            "Author 冯磊",
            "Photo 冯磊",
            "Editor 陈思",
            "Other 刘强"
        ]
    );
}

/// `记者:` questions in an interview whose byline names the reporter; `对话嘉宾` inline;
/// a photo credit inside a `▲` caption; `备注:` closes the last answer.
#[test]
fn zh_reporter_interview() {
    let doc = check("zh_reporter_interview.txt");
    assert_eq!(
        doc.participants
            .iter()
            .map(|p| (p.name.as_str(), p.role))
            .collect::<Vec<_>>(),
        [("孙悦", Role::Moderator), ("刘明远", Role::Guest)],
        "the moderator comes first"
    );
    assert_eq!(
        speaker_names(&doc, false),
        [
            "孙悦",
            "刘明远",
            "孙悦",
            "刘明远",
            "刘明远",
            "孙悦",
            "刘明远"
        ],
        "a label after the image starts a new turn"
    );
    assert_eq!(
        images(&doc),
        [(
            Some("刘明远在协会办公室接受采访。".into()),
            Some("孙悦".into())
        )]
    );
    assert!(
        paragraphs(&doc)
            .last()
            .is_some_and(|p| p.starts_with("备注"))
    );
    assert_eq!(
        credits(&doc),
        ["Author 孙悦", "Editor 吴凡", "Source 江城日报"]
    );
}

/// `Q:`/`A:` with an `Interviewer:` declaration and a `Guest:` line with title and
/// organisation; a capitalised surname; `[Photo: … Credit: …]`; `By`, `Edited by`, `Source:`.
#[test]
fn en_qa_interview() {
    let doc = check("en_qa_interview.txt");
    assert_eq!(doc.title, "Q&A: The last typesetter in Millbrook");
    assert_eq!(doc.topics, ["printing", "small business", "Millbrook"]);
    let ruth = &doc.participants[1];
    assert_eq!(
        (
            ruth.name.as_str(),
            ruth.title.as_deref(),
            ruth.organization.as_deref()
        ),
        ("Ruth Abernathy", Some("owner"), Some("Abernathy Press"))
    );
    assert_eq!(doc.participants.len(), 2);
    assert_eq!(
        speaker_names(&doc, false),
        [
            "Marcus Hale",
            "Ruth Abernathy",
            "Marcus Hale",
            "Ruth Abernathy",
            "Ruth Abernathy",
            "Marcus Hale",
            "Ruth Abernathy"
        ]
    );
    assert_eq!(
        images(&doc),
        [(
            Some("Ruth Abernathy at her Heidelberg press".into()),
            Some("Lin Zhou".into())
        )]
    );
    assert!(
        paragraphs(&doc)
            .last()
            .is_some_and(|p| p.starts_with("Note:"))
    );
    assert_eq!(
        credits(&doc),
        [
            "Author Marcus Hale",
            "Editor Joan Fisk",
            "Source Millbrook Ledger"
        ]
    );
}

/// `Host:` with title and organisation, a `Panelists:` list, labels in capitals, by
/// surname and by first name; `Bottom line:` is text; an unknown `Dr. Evans:` is reported.
#[test]
fn en_panel_host() {
    let doc = check("en_panel_host.txt");
    assert_eq!(doc.title, "Roundtable: What should a city library be for?");
    assert_eq!(doc.topics, ["libraries", "cities", "public space"]);
    let grace = &doc.participants[0];
    assert_eq!(
        (
            grace.role,
            grace.title.as_deref(),
            grace.organization.as_deref()
        ),
        (
            Role::Moderator,
            Some("culture editor"),
            Some("The Harbor Times")
        )
    );
    assert_eq!(
        speaker_names(&doc, true),
        [
            "Grace Liu",
            "Omar Haddad",
            "Beth Kowalski",
            "Jun Park",
            "Jun Park",
            "Grace Liu",
            "Omar Haddad"
        ]
    );
    assert!(doc.blocks.iter().any(|b| matches!(b,
        Block::Turn { paragraphs, .. } if paragraphs.iter().any(|p| p.starts_with("Bottom line:")))));
    let check = parse_bytes(&fixture("en_panel_host.txt"), None).expect("parses");
    assert!(
        check
            .diagnostics
            .iter()
            .any(|d| d.line == 30 && d.message.contains("label Dr. Evans matched no participant")),
        "{:?}",
        check.diagnostics
    );
}

/// Hand-written Markdown: `**Name:** text`, `**Name**: text` and `Name: text`, with and
/// without blank lines between turns.
#[test]
fn markdown_handwritten() {
    let en = check("en_markdown_handwritten.md");
    assert_eq!(en.participants[0].name, "Leah Brooks");
    assert_eq!(en.participants[0].role, Role::Moderator);
    assert_eq!(
        speaker_names(&en, false),
        [
            "Leah Brooks",
            "Carmen Diaz",
            "Joel Kim",
            "Leah Brooks",
            "Joel Kim"
        ]
    );
    assert_eq!(
        captions(&en),
        [Some("The night desk on Ward 4.".to_owned())]
    );
    let zh = check("zh_markdown_handwritten.md");
    assert_eq!(
        speaker_names(&zh, false),
        ["主持人", "陈佳", "刘洋", "刘洋", "陈佳"]
    );
    assert!(zh.blocks.iter().any(|b| matches!(b,
        Block::Turn { paragraphs, .. } if paragraphs == &["我周末常常连上两个班\u{FF0C}最后四个小时最难熬。"])));
}

/// Every encoding and line ending gives the same document.
#[test]
fn every_encoding_gives_the_same_document() {
    for name in ["zh_newspaper_roundtable.txt", "en_panel_host.txt"] {
        let utf8 = fixture(name);
        let text = String::from_utf8(utf8.clone()).expect("fixture is UTF-8");
        let base = parse_bytes(&utf8, None).expect("utf-8").document;
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(&utf8);
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let (gb, _, _) = encoding_rs::GB18030.encode(&text);
        // GBK has no NBSP: compare it with the ideographic-space text.
        let gbk_text = text.replace('\u{a0}', "\u{3000}");
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&gbk_text);
        assert!(!unmappable, "{name} fits GBK");
        let mut gbk_base = parse_text(&gbk_text, None).expect("gbk text").document;
        gbk_base.id = base.id;
        assert_eq!(gbk_base, base, "{name}: ideographic spaces read as NBSP");
        let crlf = text.replace('\n', "\r\n").into_bytes();
        let cr = text.replace('\n', "\r").into_bytes();
        for (what, bytes) in [
            ("bom", bom),
            ("utf-16le", utf16le),
            ("utf-16be", utf16be),
            ("gb18030", gb.into_owned()),
            ("gbk", gbk.into_owned()),
            ("crlf", crlf),
            ("cr", cr),
        ] {
            let mut doc = parse_bytes(&bytes, None)
                .unwrap_or_else(|e| panic!("{name} {what}: {e}"))
                .document;
            doc.id = base.id;
            assert_eq!(doc, base, "{name} {what}");
        }
    }
}

/// NBSP, ideographic spaces and full-width punctuation read like their plain forms.
#[test]
fn padding_and_full_width_punctuation() {
    let plain = "访谈\n\n主持人:李凡\n\n嘉宾:\n\n王立新  馆长\n\n李凡:你好?\n\n王立新:你好。\n";
    let wide = "访谈\n\n\u{3000}主持人\u{FF1A}李凡\u{a0}\n\n嘉宾\u{FF1A}\n\n王立新\u{3000}馆长\n\n李凡\u{FF1A}你好\u{FF1F}\n\n\u{a0}\u{a0}王立新\u{FF1A}\u{3000}你好。\n";
    let a = parse_text(plain, None).expect("plain").document;
    let b = parse_text(wide, None).expect("wide").document;
    assert_eq!(
        serde_json::to_value(&a.participants).expect("json"),
        serde_json::to_value(&b.participants).expect("json")
    );
    assert_eq!(speaker_names(&a, false), speaker_names(&b, false));
    assert_eq!(speaker_names(&b, false), ["李凡", "王立新"]);
}

/// Over the limit: refused at once with the sizes; near it: parsed in linear time.
#[test]
fn huge_inputs_are_bounded() {
    use roundtable_core::import::MAX_INPUT_BYTES;
    let huge = vec![b'a'; 200 * 1024 * 1024];
    let started = std::time::Instant::now();
    let err = parse_bytes(&huge, None).expect_err("200 MB");
    assert!(
        matches!(err, ImportError::TooLarge { size, limit } if size == huge.len() && limit == MAX_INPUT_BYTES)
    );
    assert!(err.to_string().contains("limit"), "{err}");
    assert!(started.elapsed().as_secs() < 2);
    drop(huge);
    // Tiny lines cost memory each: their number is bounded too.
    let tiny = "a\n".repeat(roundtable_core::import::MAX_LINES + 1);
    let err = parse_text(&tiny, None).expect_err("too many lines");
    assert!(matches!(err, ImportError::TooManyLines { .. }), "{err}");
    let objects = format!("[{}{{}}]", "{},".repeat(roundtable_core::import::MAX_LINES));
    let err = parse_text(&objects, None).expect_err("too many segments");
    assert!(matches!(err, ImportError::TooManyLines { .. }), "{err}");
    // Many distinct would-be speakers cannot make label lookups quadratic.
    let mut text = String::from("Title\n\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "Person {}{}: words\n",
            char::from(b'A' + (i % 26) as u8),
            i
        ));
    }
    let started = std::time::Instant::now();
    let imported = parse_text(&text, None).expect("parses");
    assert!(imported.document.participants.len() <= roundtable_core::import::MAX_PARTICIPANTS);
    assert!(imported.diagnostics.len() <= roundtable_core::import::MAX_DIAGNOSTICS + 1);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Everything a reader compares between a document and its Markdown read back.
fn essence(doc: &Document) -> serde_json::Value {
    let people: Vec<_> = doc
        .participants
        .iter()
        .map(|p| serde_json::json!([p.name, p.role, p.title, p.organization]))
        .collect();
    let blocks: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Turn {
                speaker,
                paragraphs,
                continues,
                ..
            } => {
                let name = doc.participant(speaker).map(|p| p.name.clone());
                serde_json::json!(["turn", name, paragraphs, continues])
            }
            Block::Image {
                asset,
                caption,
                alt,
                ..
            } => serde_json::json!(["image", asset, caption, alt]),
            Block::Paragraph { text, .. } => serde_json::json!(["paragraph", text]),
            Block::Heading { text, .. } => serde_json::json!(["heading", text]),
        })
        .collect();
    serde_json::json!({
        "title": doc.title, "subtitle": doc.subtitle, "column": doc.column, "language": doc.language,
        "topics": doc.topics, "participants": people, "blocks": blocks, "credits": doc.credits,
    })
}

/// Markdown out and back; empty picture slots are kept (as placeholders), or the way back
/// could not have them.
fn markdown_round_trip(doc: &Document) -> Document {
    let options = ExportOptions {
        empty_image_slots: true,
        ..ExportOptions::default()
    };
    let mut md = String::new();
    write_markdown_with(doc, &options, &NoAssets, &mut md).expect("markdown");
    parse_text(&md, None)
        .unwrap_or_else(|e| panic!("{e}\n{md}"))
        .document
}

/// The same with YAML front matter, which the importer reads back.
fn front_matter_round_trip(doc: &Document) -> Document {
    let options = ExportOptions {
        front_matter: true,
        date: Some("2025-03-14".into()),
        empty_image_slots: true,
        ..ExportOptions::default()
    };
    let mut md = String::new();
    write_markdown_with(doc, &options, &NoAssets, &mut md).expect("markdown");
    let back = parse_text(&md, None).unwrap_or_else(|e| panic!("{e}\n{md}"));
    assert_eq!(back.format, Format::Markdown, "{md}");
    back.document
}

#[test]
fn fixtures_survive_a_markdown_round_trip() {
    for name in [
        "zh_wechat_roundtable.txt",
        "zh_interview_declared.txt",
        "en_panel_article.txt",
        "zh_newspaper_roundtable.txt",
        "zh_reporter_interview.txt",
        "en_qa_interview.txt",
        "en_panel_host.txt",
        "en_markdown_handwritten.md",
    ] {
        let doc = parse_fixture(name).document;
        assert_eq!(essence(&markdown_round_trip(&doc)), essence(&doc), "{name}");
        assert_eq!(
            essence(&front_matter_round_trip(&doc)),
            essence(&doc),
            "{name} with front matter"
        );
    }
}

#[test]
fn markdown_export_is_detected_as_markdown() {
    let doc = parse_fixture("zh_wechat_roundtable.txt").document;
    let md = export_string(&doc, ExportFormat::Markdown);
    assert_eq!(roundtable_core::import::detect(&md), Format::Markdown);
}

// ---- generated documents -------------------------------------------------------------

const ZH_WORDS: &[&str] = &[
    "工会",
    "改革",
    "社区",
    "职工",
    "发展",
    "“产改”",
    ",",
    "。",
    "、",
    "100%",
    "*强调*",
    "[链接](x)",
    "<b>",
    "#标签",
    "a_b",
    "1.",
    "- 列表",
    "`代码`",
    "&amp;",
    "\\",
    "工匠精神",
    "共同富裕",
];
const EN_WORDS: &[&str] = &[
    "union",
    "reform",
    "the",
    "newsroom",
    "budget",
    "trust",
    "*bold*",
    "[link](x)",
    "<script>",
    "#tag",
    "a_b",
    "1.",
    "- dash",
    "`code`",
    "&amp;",
    "\\",
    "50%",
    "don't",
    "Mr.",
    "(aside)",
    "!",
];
const ZH_NAMES: &[&str] = &["张伟", "李娜", "王芳", "陈晓岚", "欧阳娜娜"];
const EN_NAMES: &[&str] = &[
    "Dana Whitfield",
    "Tom Okafor",
    "Priya Raman",
    "Lena Brandt",
    "Sam Lee",
];

fn text(words: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(words), 1..max).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
enum Gen {
    Para(String),
    Heading(String),
    Turn(usize, Vec<String>),
    /// An image with a caption; if the previous block is a turn, its speaker goes on after it.
    Image(Option<String>, bool, String),
}

fn document() -> impl Strategy<Value = Document> {
    any::<bool>()
        .prop_flat_map(|zh| {
            let (words, names) = if zh {
                (ZH_WORDS, ZH_NAMES)
            } else {
                (EN_WORDS, EN_NAMES)
            };
            let title = text(words, 6);
            let topics = proptest::collection::vec(
                proptest::sample::select(if zh {
                    &["工会", "改革", "社区"][..]
                } else {
                    &["labor", "media", "cities"][..]
                }),
                0..3,
            );
            let people = 2..=names.len();
            // Job titles and organisations are words; hostile text is tried in the body.
            let plain: &'static [&'static str] = if zh {
                &["市总工会", "主任", "研究员", "教师", "社区"]
            } else {
                &["senior", "economist", "editor", "Harbor", "Institute"]
            };
            let details = proptest::collection::vec(
                (
                    proptest::option::of(text(plain, 3)),
                    proptest::option::of(text(plain, 3)),
                ),
                5,
            );
            let blocks = proptest::collection::vec(
                prop_oneof![
                    text(words, 12).prop_map(Gen::Para),
                    text(words, 4).prop_map(Gen::Heading),
                    (0usize..5, proptest::collection::vec(text(words, 16), 1..3))
                        .prop_map(|(s, p)| Gen::Turn(s, p)),
                    (
                        proptest::option::of("[0-9a-f]{8}\\.jpg"),
                        any::<bool>(),
                        text(words, 5)
                    )
                        .prop_map(|(a, c, t)| Gen::Image(a, c, t)),
                ],
                0..14,
            );
            let credits =
                proptest::collection::vec((0usize..5, proptest::sample::select(names)), 0..3);
            (
                Just(zh),
                title,
                proptest::option::of(text(words, 4)),
                topics,
                people,
                details,
                blocks,
                credits,
            )
        })
        .prop_map(
            |(zh, title, subtitle, topics, people, details, gens, credits)| {
                use roundtable_core::model::{Credit, CreditRole, Participant};
                let names = if zh { ZH_NAMES } else { EN_NAMES };
                let mut doc = Document::new(title, if zh { "zh" } else { "en" });
                doc.subtitle = subtitle;
                for t in topics {
                    if !doc.topics.iter().any(|x| x == t) {
                        doc.topics.push(t.to_owned());
                    }
                }
                for (i, name) in names.iter().take(people).enumerate() {
                    let role = if i == 0 { Role::Moderator } else { Role::Guest };
                    let mut p = Participant::new(format!("p{}", i + 1), *name, role);
                    let (title, org) = details[i].clone();
                    p.title = title;
                    // A Chinese guest list has one phrase for title and organisation.
                    p.organization = if zh {
                        None
                    } else {
                        org.filter(|_| p.title.is_some())
                    };
                    doc.participants.push(p);
                }
                let mut last_speaker: Option<String> = None;
                for (i, g) in gens.into_iter().enumerate() {
                    let id = format!("b{}", i + 1);
                    let block = match g {
                        Gen::Para(text) => Block::Paragraph { id, text },
                        Gen::Heading(text) if !doc.blocks.is_empty() => Block::Heading { id, text },
                        Gen::Heading(text) => Block::Paragraph { id, text },
                        Gen::Turn(s, paragraphs) => Block::Turn {
                            id,
                            speaker: format!("p{}", s % people + 1),
                            paragraphs,
                            start: None,
                            end: None,
                            topics: Vec::new(),
                            continues: false,
                        },
                        Gen::Image(asset, continues, caption) => {
                            let speaker = match doc.blocks.last() {
                                Some(Block::Turn { speaker, .. }) if continues => {
                                    Some(speaker.clone())
                                }
                                _ => None,
                            };
                            doc.blocks.push(Block::Image {
                                id: id.clone(),
                                asset,
                                caption: Some(caption.clone()),
                                credit: None,
                                alt: None,
                            });
                            if let Some(speaker) = speaker {
                                doc.blocks.push(Block::Turn {
                                    id: format!("{id}c"),
                                    speaker,
                                    paragraphs: vec![caption],
                                    start: None,
                                    end: None,
                                    topics: Vec::new(),
                                    continues: true,
                                });
                            }
                            continue;
                        }
                    };
                    doc.blocks.push(block);
                }
                let _ = &mut last_speaker;
                let roles = [
                    CreditRole::Author,
                    CreditRole::Editor,
                    CreditRole::Photo,
                    CreditRole::Source,
                    CreditRole::Other,
                ];
                doc.credits = credits
                    .into_iter()
                    .map(|(r, n)| Credit {
                        role: roles[r],
                        name: n.to_owned(),
                    })
                    .collect();
                doc
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_documents_survive_a_markdown_round_trip(doc in document()) {
        let back = markdown_round_trip(&doc);
        prop_assert_eq!(essence(&back), essence(&doc));
        let back = front_matter_round_trip(&doc);
        prop_assert_eq!(essence(&back), essence(&doc));
    }

    #[test]
    fn parsers_never_panic_on_any_text(text in "\\PC*") {
        for format in Format::ALL {
            let _ = parse_text(&text, Some(format));
        }
        let _ = parse_text(&text, None);
    }

    #[test]
    fn timed_parsers_never_panic_on_cue_soup(lines in proptest::collection::vec(proptest::sample::select(&[
        "WEBVTT", "WEBVTT - t", "NOTE x", "STYLE", "1", "2", "00:00:01.000 --> 00:00:02.000",
        "00:00:01,000 --> 00:00:02,000", "00:01.000 --> 00:00.500", "99:99 --> 1", "-->", "<v A>hi", "<v.loud B>yo</v>",
        "<v>", "<", "&amp;", "&#x110000;", "&#0;", "HOST: hi?", "[SPEAKER_00]: x", "[", "- A: b", ">> B:", "{\\an8}", "{\\",
        "Speaker 1  0:00", "Dana  00:01:23", "Tom (1:02):", "x [0:00]", "Transcribed by https://otter.ai",
        "主持人\u{FF1A}好", "", " ", "\u{a0}", "\u{3000}", "a", "?",
    ][..]), 0..40)) {
        let text = lines.join("\n");
        for format in [Format::Otter, Format::Webvtt, Format::Srt, Format::Article] {
            let _ = parse_text(&text, Some(format));
        }
    }

    #[test]
    fn whisper_never_panics_on_json_soup(parts in proptest::collection::vec(proptest::sample::select(&[
        "{", "}", "[", "]", ",", ":", "\"segments\"", "\"start\"", "\"end\"", "\"text\"", "\"speaker\"",
        "\"words\"", "\"chunks\"", "\"timestamp\"", "\"transcription\"", "\"offsets\"", "\"from\"", "\"to\"",
        "0", "1.5", "-1", "1e308", "null", "true", "\"SPEAKER_00\"", "\"00:00:01,000\"", "\"hi?\"", "\"\"", "3",
    ][..]), 0..60)) {
        let text = parts.concat();
        let _ = parse_text(&text, Some(Format::Whisper));
        let _ = parse_text(&text, None);
    }

    #[test]
    fn bytes_with_zip_magic_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let _ = parse_bytes(&bytes, None);
        let _ = parse_bytes(&bytes, Some(Format::Docx));
    }

    #[test]
    fn parsers_never_panic_on_line_soup(lines in proptest::collection::vec(proptest::sample::select(&[
        "图片", "主持人:", "主持人:李凡", "嘉宾:", "王立新  馆长", "来源:", "编辑:某", "阅读 12", "话题:#a #b",
        "**A:** x", "# T", "---", "![x](y)", "*cap*", "- item", "Moderator: Dana", "Panelists:", "DANA: hi", "[Image: x Credit: y]",
        "", " ", "\u{a0}", "A:", ":", ":", "丨", "x|y", "▲", "(", "(a)", "Q: a", "\\", "*", "**",
    ][..]), 0..40)) {
        let text = lines.join("\n");
        for format in [Format::Article, Format::Markdown] {
            let _ = parse_text(&text, Some(format));
        }
    }

    #[test]
    fn decoding_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_bytes(&bytes, None);
    }
}

// ---- Bounded importers ------------------------------------------------------------------
// Their time and memory on large inputs are checked in `tests/resources.rs`; these check
// what the shapes that used to blow up now read as.

/// The body in short form: `Name: paragraph | paragraph` for a turn, the text of the rest.
fn outline(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } => {
                let name = doc.participant(speaker).map_or("?", |p| p.name.as_str());
                format!("{name}: {}", paragraphs.join(" | "))
            }
            other => other.text(),
        })
        .collect()
}

fn check_outline(input: &str, format: Option<Format>, expected: &[&str]) {
    let imported = parse_text(input, format).unwrap_or_else(|e| panic!("{e}\n{input}"));
    assert_eq!(outline(&imported.document), expected, "{input}");
}

/// 387 bytes of nested YAML aliases used to expand to 21 GB.
#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let mut text = String::from(
        "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..9u8 {
        let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let aliases = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    text.push_str("---\n\n**Ann:** The body is read.\n");
    let started = std::time::Instant::now();
    let imported = parse_text(&text, None).expect("parses");
    assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    assert_eq!(imported.format, Format::Markdown);
    assert_ne!(
        imported.document.title, "Bomb",
        "the front matter is skipped"
    );
    assert_eq!(outline(&imported.document), ["Ann: The body is read."]);
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("aliases") && d.message.contains("skipped")),
        "{:?}",
        imported.diagnostics
    );
}

/// Each `Name:` line of a cue used to reserve a copy of the whole cue.
#[test]
fn a_cue_of_many_name_lines_keeps_every_speaker() {
    let lines = "Ann: one\nBo: two\nAnn: three\nBo: four\nand more\n";
    check_outline(
        &format!("1\n00:00:01,000 --> 00:00:04,000\n{lines}"),
        Some(Format::Srt),
        &["Ann: one", "Bo: two", "Ann: three", "Bo: four and more"],
    );
    check_outline(
        &format!("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{lines}"),
        Some(Format::Webvtt),
        &["Ann: one", "Bo: two", "Ann: three", "Bo: four and more"],
    );
}

/// Labelled lines without blank lines between them used to be split in quadratic time.
#[test]
fn markdown_without_blank_lines_splits_at_each_label() {
    check_outline(
        "# T\n\n**Ann:** one\n**Bo:** two\nAnn: three\nstill Ann\nBo: four\n",
        None,
        &["Ann: one", "Bo: two", "Ann: three still Ann", "Bo: four"],
    );
}

/// `A: x` a line, a million times, used to make a million turns (and ops, and rows).
#[test]
fn many_short_lines_of_one_speaker_make_one_turn() {
    let check = |input: &str, expected: &[&str]| check_outline(input, None, expected);
    check(
        "Title\n\nAnn: one\nAnn: two\nBo: three\n",
        &["Ann: one | two", "Bo: three"],
    );
    // Attribution is never merged: other speakers in between keep their turns.
    check(
        "Title\n\nAnn: one\nBo: two\nAnn: three\n",
        &["Ann: one", "Bo: two", "Ann: three"],
    );
    // A blank line between two turns keeps them apart, as the Markdown export writes them.
    check("Title\n\nAnn: one\n\nAnn: two\n", &["Ann: one", "Ann: two"]);
    // Only labelled lines merge: a line of narration between them keeps them apart.
    check(
        "Title\n\nAnn: one\nand so on\nAnn: two\n",
        &["Ann: one | and so on", "Ann: two"],
    );
    check(
        "# Title\n\n**Ann:** one\n**Ann:** two\n",
        &["Ann: one | two"],
    );
    check(
        "# Title\n\n**Ann:** one\n\n**Ann:** two\n",
        &["Ann: one", "Ann: two"],
    );
    let doc = parse_text(&"A: x\n".repeat(100_000), None)
        .expect("parses")
        .document;
    assert_eq!(doc.blocks.len(), 1);
}

/// `- one` with a sub-item lost "one" without a word.
#[test]
fn nested_list_items_keep_their_parent_text() {
    let check = |input: &str, expected: &[&str]| check_outline(input, None, expected);
    check("# T\n\n- one\n  - two\n- three\n", &["one", "two", "three"]);
    check(
        "# T\n\n1. one\n   - two\n     - three\n2. four\n",
        &["one", "two", "three", "four"],
    );
    check("# T\n\n- one\n\n  - two\n", &["one", "two"]);
    check("# T\n\n- one\n  ```\n  code\n  ```\n", &["one", "code"]);
}

/// The fuzz seeds (`fuzz/seeds/<target>/`) are the shapes that once blew up: each must
/// parse, or fail with an error, quickly.
#[test]
fn fuzz_seeds_parse_quickly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut seen = 0;
    for dir in std::fs::read_dir(&root).expect("fuzz/seeds") {
        for file in std::fs::read_dir(dir.expect("entry").path()).expect("seed folder") {
            let path = file.expect("entry").path();
            let bytes = std::fs::read(&path).expect("seed");
            let started = std::time::Instant::now();
            let _ = parse_bytes(&bytes, None);
            assert!(
                started.elapsed().as_secs() < 2,
                "{}: {:?}",
                path.display(),
                started.elapsed()
            );
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen} seeds in {}", root.display());
}
