//! Transcription exports (Otter, WebVTT, SRT, Whisper JSON) and Word documents: snapshots
//! of fixtures written in the shapes the tools produce, plus the points each must get right.

use std::io::Write as _;
use std::path::Path;

use roundtable_core::import::{Format, ImportError, Imported, parse_bytes, parse_text};
use roundtable_core::model::{Block, Document, Role};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Snapshot of the document and its diagnostics; the random document id is redacted.
fn snapshot(name: &str, imported: &Imported) {
    let value = serde_json::json!({
        "format": imported.format,
        "document": imported.document,
        "diagnostics": imported.diagnostics,
        "assets": imported.assets.iter().map(|a| (&a.name, a.media_type, a.bytes.len())).collect::<Vec<_>>(),
    });
    insta::assert_json_snapshot!(name, value, { ".document.id" => "[id]" });
}

fn check(name: &str, format: Format) -> Document {
    let imported = parse_bytes(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        imported.format, format,
        "{name} detected as {:?}",
        imported.format
    );
    snapshot(name, &imported);
    imported.document
}

/// A turn as (speaker name, start, end, paragraphs).
type TurnView = (String, Option<f64>, Option<f64>, Vec<String>);

/// Every turn.
fn turns(doc: &Document) -> Vec<TurnView> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker,
                start,
                end,
                paragraphs,
                ..
            } => Some((
                doc.participant(speaker)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                *start,
                *end,
                paragraphs.clone(),
            )),
            _ => None,
        })
        .collect()
}

fn names_and_roles(doc: &Document) -> Vec<(&str, Role)> {
    doc.participants
        .iter()
        .map(|p| (p.name.as_str(), p.role))
        .collect()
}

fn speakers(doc: &Document) -> Vec<String> {
    turns(doc).into_iter().map(|t| t.0).collect()
}

// ---- Otter -----------------------------------------------------------------------------

#[test]
fn en_otter_interview() {
    let doc = check("en_otter_interview.txt", Format::Otter);
    assert_eq!(
        names_and_roles(&doc),
        [("Speaker 1", Role::Moderator), ("Speaker 2", Role::Guest)]
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 6, "two headers of Speaker 2 in a row merge");
    assert_eq!((t[1].1, t[1].2), (Some(6.0), Some(35.0)));
    assert_eq!(t[1].3.len(), 3, "each Otter line is a paragraph");
    assert_eq!((t[5].1, t[5].2), (Some(64.0), None));
    assert!(
        doc.blocks.iter().all(|b| !b.text().contains("otter.ai")),
        "the footer is dropped"
    );
}

#[test]
fn zh_otter_named() {
    let doc = check("zh_otter_named.txt", Format::Otter);
    assert_eq!(doc.title, "社区食堂访谈录音");
    assert_eq!(doc.language, "zh");
    assert_eq!(
        names_and_roles(&doc),
        [("张伟", Role::Moderator), ("李秀英", Role::Guest)]
    );
    assert_eq!(speakers(&doc), ["张伟", "李秀英", "张伟", "李秀英"]);
    assert_eq!(turns(&doc)[1].2, Some(80.0));
}

// ---- WebVTT ----------------------------------------------------------------------------

#[test]
fn en_panel_vtt() {
    let doc = check("en_panel.vtt", Format::Webvtt);
    assert_eq!(doc.title, "Water rights panel");
    assert_eq!(doc.language, "en");
    assert_eq!(
        names_and_roles(&doc),
        [
            ("Maria Soto", Role::Moderator),
            ("Dale Brooks", Role::Guest),
            ("Anna Wu", Role::Guest)
        ]
    );
    let t = turns(&doc);
    assert_eq!(
        speakers(&doc),
        [
            "Maria Soto",
            "Dale Brooks",
            "Maria Soto",
            "Anna Wu",
            "Maria Soto",
            "Anna Wu"
        ]
    );
    // Cues 3, 4 and the unnumbered one merge; the 5-second pause starts a paragraph.
    assert_eq!(
        t[1].3,
        [
            "Nobody & everybody. That's the problem.",
            "After a pause, I'd add one thing."
        ]
    );
    assert_eq!((t[1].1, t[1].2), (Some(7.2), Some(17.0)));
    assert!(
        doc.blocks
            .iter()
            .all(|b| !b.text().contains("county fair") && !b.text().contains("::cue"))
    );
}

#[test]
fn zh_prefixes_vtt() {
    let doc = check("zh_prefixes.vtt", Format::Webvtt);
    assert_eq!(
        names_and_roles(&doc),
        [
            ("主持人", Role::Moderator),
            ("陈立", Role::Guest),
            ("高敏", Role::Guest)
        ]
    );
    let t = turns(&doc);
    assert_eq!(
        t[0].3,
        ["各位好\u{FF0C}欢迎收看《城市议事厅》。今天我们讨论垃圾分类。"],
        "Chinese cues join without a space"
    );
    assert_eq!(speakers(&doc), ["主持人", "陈立", "主持人", "高敏"]);
    assert_eq!((t[3].1, t[3].2), (Some(13.0), Some(19.0)));
}

// ---- SRT -------------------------------------------------------------------------------

#[test]
fn en_names_srt() {
    let doc = check("en_names.srt", Format::Srt);
    assert_eq!(
        names_and_roles(&doc),
        [
            ("Host", Role::Moderator),
            ("Priya Nair", Role::Guest),
            ("Tom Beck", Role::Guest)
        ]
    );
    let t = turns(&doc);
    assert_eq!(
        t[0].3,
        ["Good evening and welcome. Tonight: can the night bus survive?"],
        "a one-off `Tonight:` is text, not a speaker"
    );
    assert_eq!(
        t[1].3,
        ["It has to. Forty percent of riders work night shifts. That's the point people miss."]
    );
    assert_eq!(
        speakers(&doc),
        [
            "Host",
            "Priya Nair",
            "Host",
            "Tom Beck",
            "Priya Nair",
            "Tom Beck"
        ]
    );
    assert!(doc.blocks.iter().all(|b| !b.text().contains("an8")));
}

#[test]
fn zh_speakers_srt() {
    let doc = check("zh_speakers.srt", Format::Srt);
    assert_eq!(
        names_and_roles(&doc),
        [("SPEAKER_00", Role::Moderator), ("SPEAKER_01", Role::Guest)]
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 4);
    assert_eq!((t[1].1, t[1].2), (Some(6.5), Some(12.0)));
}

// ---- Whisper JSON ----------------------------------------------------------------------

#[test]
fn en_whisperx() {
    let doc = check("en_whisperx.json", Format::Whisper);
    assert_eq!(
        names_and_roles(&doc),
        [("SPEAKER_01", Role::Moderator), ("SPEAKER_00", Role::Guest)]
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 4);
    // The segment without a speaker takes its words' speaker; the pause splits paragraphs.
    assert_eq!(
        t[1].3,
        [
            "Better than I expected. Output held steady. Sick days went down by a third.",
            "The hard part was scheduling the front desk."
        ]
    );
    assert_eq!((t[1].1, t[1].2), (Some(5.4), Some(18.0)));
}

#[test]
fn zh_whisper_without_speakers() {
    let doc = check("zh_whisper.json", Format::Whisper);
    assert_eq!(doc.language, "zh");
    assert_eq!(names_and_roles(&doc), [("Speaker", Role::Other)]);
    assert_eq!(turns(&doc)[0].3.len(), 2);
}

#[test]
fn en_whisper_cpp() {
    let doc = check("en_whisper_cpp.json", Format::Whisper);
    assert_eq!(
        names_and_roles(&doc),
        [("Moderator", Role::Moderator), ("Ines Duarte", Role::Guest)]
    );
    let t = turns(&doc);
    assert_eq!((t[1].1, t[1].2), (Some(2.48), Some(8.2)));
}

#[test]
fn whisper_variants() {
    // A bare array, numeric speakers and clock-string times.
    let array = r#"[{"start": "00:00:01.5", "end": 3, "text": "Hi there?", "speaker": 1},
                    {"start": 3, "end": 4, "text": "Hello.", "speaker": 2}]"#;
    let doc = parse_text(array, None).expect("array").document;
    assert_eq!(speakers(&doc), ["Speaker 1", "Speaker 2"]);
    assert_eq!(turns(&doc)[0].1, Some(1.5));
    // Hugging Face chunks.
    let chunks = r#"{"text": "x", "chunks": [{"timestamp": [0.0, 2.0], "text": " One."},
                    {"timestamp": [2.0, null], "text": " Two."}]}"#;
    let imported = parse_text(chunks, None).expect("chunks");
    assert_eq!(imported.format, Format::Whisper);
    assert_eq!(turns(&imported.document)[0].3, ["One. Two."]);
    assert_eq!(turns(&imported.document)[0].2, Some(2.0));
}

#[test]
fn broken_json_is_a_clear_error() {
    let whole = String::from_utf8(fixture("en_whisperx.json")).expect("utf-8");
    let truncated = &whole[..whole.len() / 2];
    let err = parse_text(truncated, None).expect_err("truncated");
    assert!(matches!(err, ImportError::TranscriptJson { .. }), "{err}");
    assert!(err.to_string().contains("truncated"), "{err}");
    let err = parse_text("{\"name\": \"not a transcript\"}", None).expect_err("unknown");
    assert!(matches!(err, ImportError::UnknownJson { .. }), "{err}");
    let err = parse_text("WEBVTT\n\nNOTE only a note\n", None).expect_err("no cues");
    assert!(err.to_string().contains("no webvtt cues"), "{err}");
    let err = parse_text("Just a line of text.\n", Some(Format::Srt)).expect_err("not srt");
    assert!(err.to_string().contains("no srt cues"), "{err}");
}

#[test]
fn detection() {
    use roundtable_core::import::detect;
    for (text, format) in [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", Format::Webvtt),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", Format::Srt),
        ("Speaker 1  0:00\nhi\n", Format::Otter),
        ("{\"segments\": []}", Format::Whisper),
        ("[{\"start\": 0, \"text\": \"hi\"}]", Format::Whisper),
        ("{\"format\": \"roundtable.document\"}", Format::Json),
        (
            "[Photo: a harbour. Credit: Sam Lee]\nDana: hi\n",
            Format::Article,
        ),
        ("# Title\n\n**A:** hi\n", Format::Markdown),
        ("主持人\u{FF1A}李凡\n", Format::Article),
    ] {
        assert_eq!(detect(text), format, "{text:?}");
    }
}

#[test]
fn from_overrides_detection() {
    // An Otter-looking text read as an article: `Speaker 1  0:00` is just a line.
    let text = String::from_utf8(fixture("en_otter_interview.txt")).expect("utf-8");
    let imported = parse_text(&text, Some(Format::Article)).expect("article");
    assert_eq!(imported.format, Format::Article);
    assert!(
        imported
            .document
            .blocks
            .iter()
            .all(|b| !matches!(b, Block::Turn { start: Some(_), .. }))
    );
    let err = parse_text(&text, Some(Format::Docx)).expect_err("docx from text");
    assert!(
        matches!(err, ImportError::NeedsBytes(Format::Docx)),
        "{err}"
    );
}

// ---- Word ------------------------------------------------------------------------------

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9";

/// A minimal .docx: `body` is the inside of `<w:body>`; `media` are `word/media/…` files,
/// related as `rId1`, `rId2`…
fn docx(body: &str, media: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).expect("start");
        zip.write_all(bytes).expect("write");
    };
    put(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    put("word/document.xml", document.as_bytes());
    put(
        "word/styles.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a5"><w:name w:val="caption"/></w:style></w:styles>"#.as_bytes(),
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, bytes)) in media.iter().enumerate() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#,
            i + 1
        ));
        put(&format!("word/media/{name}"), bytes);
    }
    rels.push_str(r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>"#);
    put("word/_rels/document.xml.rels", rels.as_bytes());
    zip.finish().expect("finish").into_inner()
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph of plain runs, with a style id if given.
fn p(style: Option<&str>, text: &str) -> String {
    let ppr = style
        .map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#))
        .unwrap_or_default();
    format!(
        r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// A paragraph opening with a bold run.
fn bold(label: &str, rest: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>{}</w:t></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(label),
        esc(rest)
    )
}

/// A paragraph holding one picture.
fn picture(rid: &str, descr: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="{descr}"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

fn row(name: &str, words: &str) -> String {
    format!(
        "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>",
        p(None, name),
        p(None, words)
    )
}

fn en_docx() -> Vec<u8> {
    let body = [
        p(Some("Title"), "Panel: Who pays for the bus?"),
        p(None, "Moderator: Dana Whitfield, transit reporter, Metro Daily"),
        p(None, "Panelists:"),
        p(None, "- Priya Raman, economist, Harbor Institute"),
        p(None, "- Tom Okafor, organizer, Riders United"),
        bold("DANA WHITFIELD:", " Welcome. Priya, who should pay?"),
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Priya Raman</w:t></w:r><w:r><w:t>: Everyone who benefits, and that is </w:t></w:r><w:del><w:r><w:delText>nobody</w:delText></w:r></w:del><w:r><w:t>everyone.</w:t></w:r></w:p>"#.to_owned(),
        picture("rId1", "Riders boarding at Union Station"),
        p(Some("a5"), "Riders at Union Station. Photo: Sam Lee"),
        p(None, "Fares cover a third of the cost."),
        p(Some("1"), "Fares"),
        bold("Tom Okafor", ""),
        p(None, "Fares are a tax on the poor."),
        p(None, "Cut them."),
        bold("Dana Whitfield", " Tom, is that realistic?"),
        bold("Tom Okafor", ""),
        p(None, "It is in Kansas City."),
        format!("<w:tbl>{}{}</w:tbl>", row("Priya Raman:", "Kansas City is small."), row("OKAFOR", "So is the budget.")),
        r#"<w:p><w:r><w:t>Edited by </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> AUTHOR </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>Lena Brandt</w:t></w:r></w:p>"#.to_owned(),
    ]
    .concat();
    docx(&body, &[("image1.png", PNG)])
}

#[test]
fn en_docx_transcript() {
    let imported = parse_bytes(&en_docx(), None).expect("docx");
    assert_eq!(imported.format, Format::Docx);
    snapshot("en_docx_transcript", &imported);
    let doc = &imported.document;
    assert_eq!(doc.title, "Panel: Who pays for the bus?");
    assert_eq!(
        names_and_roles(doc),
        [
            ("Dana Whitfield", Role::Moderator),
            ("Priya Raman", Role::Guest),
            ("Tom Okafor", Role::Guest)
        ]
    );
    assert_eq!(
        speakers(doc),
        [
            "Dana Whitfield",
            "Priya Raman",
            "Priya Raman",
            "Tom Okafor",
            "Dana Whitfield",
            "Tom Okafor",
            "Priya Raman",
            "Tom Okafor"
        ]
    );
    let t = turns(doc);
    assert_eq!(
        t[1].3,
        ["Everyone who benefits, and that is everyone."],
        "deleted text is skipped"
    );
    assert_eq!(t[3].3, ["Fares are a tax on the poor.", "Cut them."]);
    // The picture is an asset named by its content; the caption is out of the turns.
    assert_eq!(imported.assets.len(), 1);
    let asset = &imported.assets[0];
    assert_eq!(asset.media_type, "image/png");
    assert!(asset.name.ends_with(".png") && asset.name.len() == 64 + 4);
    assert_eq!(asset.bytes, PNG);
    assert!(doc.blocks.iter().any(|b| matches!(b,
        Block::Image { asset: Some(a), caption: Some(c), alt: Some(alt), .. }
        if *a == asset.name && c.starts_with("Riders at Union Station") && alt.starts_with("Riders boarding"))));
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { text, .. } if text == "Fares"))
    );
    assert_eq!(doc.credits.len(), 1);
    assert_eq!(doc.credits[0].name, "Lena Brandt");
    // Imported into a real library, the picture lands in its asset store under that name.
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = roundtable_core::store::Library::open(&dir.path().join("l.sqlite")).expect("open");
    let name = asset.name.clone();
    let mut stored = imported.clone();
    assert!(
        lib.store_imported_assets(&mut stored)
            .expect("stored")
            .is_empty()
    );
    assert_eq!(lib.asset(&name).expect("asset").0, PNG);
    assert_eq!(stored.document, imported.document);
}

#[test]
fn zh_docx_article() {
    let body = [
        p(None, "对话丨社区食堂能走多远"),
        p(None, "主持人\u{FF1A}周婷\u{FF08}本报记者\u{FF09}"),
        bold("嘉宾\u{FF1A}", ""),
        p(None, "李秀英\u{3000}清河社区食堂负责人"),
        p(None, "王涛\u{3000}江城市民政局养老服务处处长"),
        bold(
            "周婷\u{FF1A}",
            "食堂开业一年\u{FF0C}最大的变化是什么\u{FF1F}",
        ),
        bold("李秀英\u{FF1A}", "老人愿意出门了。"),
        picture("rId1", ""),
        p(None, "▲清河社区食堂的午餐时间。"),
        p(None, "每天来吃饭的有一百多位。"),
        bold("王涛", "\u{FF1A}民政局每餐补贴三元。"),
        p(None, "责任编辑\u{FF1A}陈思"),
    ]
    .concat();
    let imported = parse_bytes(&docx(&body, &[("image1.jpeg", JPEG)]), None).expect("docx");
    snapshot("zh_docx_article", &imported);
    let doc = &imported.document;
    assert_eq!(doc.column.as_deref(), Some("对话"));
    assert_eq!(
        names_and_roles(doc),
        [
            ("周婷", Role::Moderator),
            ("李秀英", Role::Guest),
            ("王涛", Role::Guest)
        ]
    );
    assert_eq!(doc.participants[0].title.as_deref(), Some("本报记者"));
    assert_eq!(speakers(doc), ["周婷", "李秀英", "李秀英", "王涛"]);
    assert_eq!(imported.assets[0].media_type, "image/jpeg");
    assert!(doc.blocks.iter().any(|b| matches!(b,
        Block::Image { asset: Some(_), caption: Some(c), .. } if c == "清河社区食堂的午餐时间。")));
    assert!(matches!(
        &doc.blocks[3],
        Block::Turn {
            continues: true,
            ..
        }
    ));
    assert_eq!(doc.credits[0].name, "陈思");
}

#[test]
fn docx_pictures_in_unknown_formats_stay_slots() {
    let body = [p(None, "Title"), picture("rId1", "x"), picture("rId7", "y")].concat();
    let imported =
        parse_bytes(&docx(&body, &[("image1.xyz", b"not a picture")]), None).expect("docx");
    assert!(imported.assets.is_empty());
    let slots = imported
        .document
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Image { asset: None, .. }))
        .count();
    assert_eq!(slots, 2);
    let warnings: Vec<&str> = imported
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("not a PNG")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("rId7")), "{warnings:?}");
}

#[test]
fn pictures_the_store_does_not_keep_become_slots_with_a_warning() {
    let body = [p(None, "Title"), picture("rId1", "a bitmap")].concat();
    let bmp = [b"BM".as_slice(), &[0u8; 40]].concat();
    let mut imported = parse_bytes(&docx(&body, &[("image1.bmp", &bmp)]), None).expect("docx");
    assert_eq!(imported.assets.len(), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = roundtable_core::store::Library::open(&dir.path().join("l.sqlite")).expect("open");
    let skipped = lib.store_imported_assets(&mut imported).expect("stored");
    assert_eq!(skipped.len(), 1);
    assert!(
        imported
            .document
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Image { asset: None, .. }))
    );
    let warning = imported
        .diagnostics
        .iter()
        .find(|d| d.message.contains("is not PNG, JPEG, GIF or WebP"))
        .expect("a warning");
    assert!(warning.message.contains(&skipped[0]), "{}", warning.message);
}

#[test]
fn zips_that_are_not_word_documents_are_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .expect("start");
    zip.write_all(b"<workbook/>").expect("write");
    let xlsx = zip.finish().expect("finish").into_inner();
    let err = parse_bytes(&xlsx, None).expect_err("xlsx");
    assert!(err.to_string().contains("Excel workbook"), "{err}");

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .expect("start");
    zip.write_all(b"hello").expect("write");
    let plain = zip.finish().expect("finish").into_inner();
    let err = parse_bytes(&plain, None).expect_err("zip");
    assert!(err.to_string().contains("not a Word document"), "{err}");
    // Read as text on request, a ZIP is still binary.
    let err = parse_bytes(&plain, Some(Format::Article)).expect_err("zip as text");
    assert!(err.to_string().contains("not a text file"), "{err}");

    let whole = en_docx();
    let err = parse_bytes(&whole[..whole.len() / 2], None).expect_err("truncated");
    assert!(matches!(err, ImportError::Docx(_)), "{err}");
    let err = parse_bytes(b"plain text", Some(Format::Docx)).expect_err("not a zip");
    assert!(err.to_string().contains("not a .docx"), "{err}");
}

#[test]
fn damaged_word_xml_is_an_error() {
    let bytes = docx("<w:p><w:r><w:t>unclosed</w:p>", &[]);
    let err = parse_bytes(&bytes, None).expect_err("damaged");
    assert!(err.to_string().contains("damaged"), "{err}");
}

/// The app once took the format from the file's extension: a WhisperX `.json` was read as
/// Roundtable's own JSON (and refused), an Otter `.txt` as a pasted article.
#[test]
fn a_file_name_never_forces_a_format_and_titles_a_bare_transcript() {
    use roundtable_core::import::parse_file;
    let whisper =
        parse_file(&fixture("en_whisperx.json"), Path::new("panel.json"), None).expect("whisper");
    assert_eq!(whisper.format, Format::Whisper);
    assert_eq!(whisper.document.title, "panel");
    let otter = parse_file(
        &fixture("en_otter_interview.txt"),
        Path::new("interview.txt"),
        None,
    )
    .expect("otter");
    assert_eq!(otter.format, Format::Otter);
    // A document with a title keeps it; `--from` still decides when given.
    let article = parse_file(
        &fixture("en_otter_interview.txt"),
        Path::new("x.txt"),
        Some(Format::Article),
    )
    .expect("article");
    assert_eq!(article.format, Format::Article);
    assert_ne!(article.document.title, "x");
}
