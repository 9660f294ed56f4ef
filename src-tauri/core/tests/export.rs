//! Exporters: snapshots of each format and style, hostile text staying inert text in every
//! format, DOCX read back, templates, options, file names.

use std::collections::HashMap;
use std::io::Read as _;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use roundtable_core::export::{
    AssetSource, ExportFormat, ExportOptions, ImageMode, LabelForm, NoAssets, Style, Templates,
    export_string, render,
};
use roundtable_core::import::parse_text;
use roundtable_core::model::{Block, Credit, CreditRole, Document, Participant, Role};

fn fixture_doc(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    parse_text(&text, None).expect("parse").document
}

/// A fixture with timecodes on its turns (every 37.5 s), as a transcript would have them.
fn timed_doc(name: &str) -> Document {
    let mut doc = fixture_doc(name);
    let mut t = 0.0;
    for b in &mut doc.blocks {
        if let Block::Turn { start, end, .. } = b {
            *start = Some(t);
            t += 37.5;
            *end = Some(t);
        }
    }
    doc
}

fn render_text(doc: &Document, format: ExportFormat, options: &ExportOptions) -> String {
    let bytes =
        render(doc, format, options, None, &Templates::builtin(), &NoAssets).expect("renders");
    String::from_utf8(bytes).expect("utf-8")
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

/// Every style in every text format, for a Chinese and an English document, and for two
/// whose host is labelled by the role word under a guest list with its own heading.
#[test]
fn style_snapshots() {
    for name in [
        "zh_wechat_roundtable.txt",
        "en_panel_article.txt",
        "zh_wechat_host_role.txt",
        "en_panel_moderator.txt",
    ] {
        let doc = timed_doc(name);
        for style in [Style::Article, Style::Transcript, Style::Wechat] {
            for format in [
                ExportFormat::Markdown,
                ExportFormat::Html,
                ExportFormat::WechatHtml,
            ] {
                // The wechat style is the inline fragment; the others are pages.
                if (format == ExportFormat::WechatHtml) != (style == Style::Wechat) {
                    continue;
                }
                let out = render_text(&doc, format, &ExportOptions::style(style));
                insta::assert_snapshot!(
                    format!("{name}.{}.{}", style.name(), format.extension()),
                    out
                );
            }
            let docx = render(
                &doc,
                ExportFormat::Docx,
                &ExportOptions::style(style),
                None,
                &Templates::builtin(),
                &NoAssets,
            )
            .expect("docx");
            let text = docx_paragraphs(&docx)
                .iter()
                .map(|p| format!("[{}] {}", p.style, p.text))
                .collect::<Vec<_>>()
                .join("\n");
            insta::assert_snapshot!(format!("{name}.{}.docx", style.name()), text);
        }
        let options = ExportOptions {
            front_matter: true,
            date: Some("2025-03-14".into()),
            ..ExportOptions::default()
        };
        let out = render_text(&doc, ExportFormat::Markdown, &options);
        insta::assert_snapshot!(format!("{name}.front-matter.md"), out);
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

/// The comments the Markdown writer emits: `<!-- -->` between a turn and narration, and
/// `<!-- image: alt -->` for a picture slot without a picture. Nothing of the text is in them
/// but an empty slot's alt text, with `--` broken.
fn is_roundtable_comment(html: &str) -> bool {
    let h = html.trim();
    h == "<!-- -->"
        || (h.starts_with("<!-- image")
            && h.ends_with("-->")
            && !h["<!-- image".len()..h.len() - 3].contains("--"))
}

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
                // Roundtable's own comments (a turn's end, an empty picture slot) only.
                Event::Html(h) if is_roundtable_comment(&h) => {}
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
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
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
    // The source labels the host's questions `主持人:`, and so does the export.
    assert_eq!(
        strong.iter().filter(|s| s.as_str() == "主持人").count(),
        3,
        "{strong:?}"
    );
    assert!(!md.contains("**主持人**:") || md.contains("**主持人**\u{FF1A}"));
}

// ---- reading the outputs back --------------------------------------------------------

/// A paragraph of a DOCX: its style, its text, and the text of its bold speaker runs.
#[derive(Debug)]
struct DocxParagraph {
    style: String,
    text: String,
    speaker: String,
}

fn docx_parts(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        parts.insert(f.name().expect("entry name").into_owned(), data);
    }
    parts
}

/// Reads `word/document.xml` with a strict XML reader.
fn docx_paragraphs(bytes: &[u8]) -> Vec<DocxParagraph> {
    use quick_xml::events::Event as X;
    let parts = docx_parts(bytes);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "docProps/core.xml",
    ] {
        assert!(parts.contains_key(part), "{part} missing");
    }
    let xml = std::str::from_utf8(&parts["word/document.xml"]).expect("utf-8");
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out: Vec<DocxParagraph> = Vec::new();
    let (mut in_text, mut in_speaker) = (false, false);
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            X::Eof => break,
            X::Start(e) | X::Empty(e) => match e.name().as_ref() {
                "w:p" => out.push(DocxParagraph {
                    style: "Normal".into(),
                    text: String::new(),
                    speaker: String::new(),
                }),
                "w:pStyle" => {
                    if let (Some(p), Ok(Some(a))) = (out.last_mut(), e.try_get_attribute("w:val")) {
                        p.style = a.value.to_string();
                    }
                }
                "w:r" => in_speaker = false,
                "w:rStyle" => {
                    in_speaker = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .is_some_and(|a| a.value.as_ref() == "Speaker");
                }
                "w:t" => in_text = true,
                "w:br" => {
                    if let Some(p) = out.last_mut() {
                        p.text.push('\n');
                    }
                }
                _ => {}
            },
            X::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            X::Text(t) if in_text => {
                let s = t.to_string();
                if let Some(p) = out.last_mut() {
                    p.text.push_str(&s);
                    if in_speaker {
                        p.speaker.push_str(&s);
                    }
                }
            }
            X::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().expect("char ref") {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other:?}"),
                    },
                };
                if let Some(p) = out.last_mut() {
                    p.text.push(c);
                    if in_speaker {
                        p.speaker.push(c);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// One HTML start tag: name and attributes.
#[derive(Debug)]
struct HtmlTag {
    name: String,
    attrs: Vec<(String, String)>,
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find(';').expect("entity closed") + i;
        let name = &rest[i + 1..j];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") || n.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&n[2..], 16).expect("hex")).expect("char")
            }
            n if n.starts_with('#') => {
                char::from_u32(n[1..].parse().expect("decimal")).expect("char")
            }
            other => panic!("unknown entity &{other};"),
        };
        out.push(c);
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

/// A small tokenizer for Roundtable's own HTML: start tags with their attributes, and the
/// decoded text outside tags (style element content skipped).
fn html_scan(html: &str) -> (Vec<HtmlTag>, String) {
    let mut tags = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    let mut in_style = false;
    while let Some(i) = rest.find('<') {
        if !in_style {
            text.push_str(&decode_entities(&rest[..i]));
        }
        let end = rest[i..].find('>').expect("tag closed") + i;
        let inner = &rest[i + 1..end];
        rest = &rest[end + 1..];
        if let Some(closing) = inner.strip_prefix('/') {
            if closing == "style" {
                in_style = false;
            }
            if matches!(closing, "p" | "li" | "h1" | "h2" | "figcaption") {
                text.push('\n');
            }
            continue;
        }
        let name_end = inner.find([' ', '\n']).unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut a = inner[name_end..].trim();
        while !a.is_empty() {
            let eq = a.find('=').unwrap_or(a.len());
            let key = a[..eq].trim().to_ascii_lowercase();
            if eq == a.len() {
                attrs.push((key, String::new()));
                break;
            }
            let after = &a[eq + 1..];
            assert!(after.starts_with('"'), "unquoted attribute in <{inner}>");
            let close = after[1..].find('"').expect("attribute closed") + 1;
            attrs.push((key, decode_entities(&after[1..close])));
            a = after[close + 1..].trim();
        }
        in_style = name == "style";
        tags.push(HtmlTag { name, attrs });
    }
    text.push_str(&decode_entities(rest));
    (tags, text)
}

fn check_inert_html(html: &str, allowed: &[&str]) -> String {
    let (tags, text) = html_scan(html);
    for tag in &tags {
        assert!(
            allowed.contains(&tag.name.as_str()),
            "unexpected <{}> in\n{html}",
            tag.name
        );
        for (k, v) in &tag.attrs {
            assert!(!k.starts_with("on"), "event handler {k} in\n{html}");
            assert!(k != "href", "a link in\n{html}");
            if k == "src" {
                assert!(
                    v.starts_with("assets/") || v.starts_with("data:image/"),
                    "src {v:?}"
                );
            }
            assert!(
                !v.to_ascii_lowercase().contains("javascript:")
                    || k == "alt"
                    || k == "aria-label"
                    || k == "data-speaker",
                "{k}={v:?}"
            );
        }
    }
    text
}

const PAGE_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "article",
    "header",
    "p",
    "h1",
    "h2",
    "ul",
    "li",
    "section",
    "strong",
    "span",
    "time",
    "figure",
    "img",
    "div",
    "figcaption",
    "footer",
];
const INLINE_TAGS: &[&str] = &["section", "p", "h1", "h2", "span", "strong", "img"];

#[test]
fn hostile_text_stays_text_in_every_html_style() {
    for language in ["en", "zh"] {
        let doc = hostile_document(language);
        for (format, style) in [
            (ExportFormat::Html, Style::Article),
            (ExportFormat::Html, Style::Transcript),
            (ExportFormat::WechatHtml, Style::Wechat),
        ] {
            for images in [ImageMode::Folder, ImageMode::Embed] {
                let options = ExportOptions {
                    images,
                    ..ExportOptions::style(style)
                };
                let html = render_text(&doc, format, &options);
                let allowed = if format == ExportFormat::WechatHtml {
                    INLINE_TAGS
                } else {
                    PAGE_TAGS
                };
                let text = check_inert_html(&html, allowed);
                for h in HOSTILE {
                    assert!(text.contains(h), "{h:?} not shown literally in\n{html}");
                }
            }
        }
    }
}

#[test]
fn inline_html_has_every_style_inline() {
    for name in ["zh_wechat_roundtable.txt", "en_panel_article.txt"] {
        let html = render_text(
            &timed_doc(name),
            ExportFormat::WechatHtml,
            &ExportOptions::style(Style::Wechat),
        );
        let (tags, _) = html_scan(&html);
        assert!(tags.len() > 20);
        for tag in &tags {
            assert!(INLINE_TAGS.contains(&tag.name.as_str()), "<{}>", tag.name);
            assert!(
                tag.attrs.iter().any(|(k, v)| k == "style" && !v.is_empty()),
                "<{}> without an inline style",
                tag.name
            );
            assert!(
                tag.attrs.iter().all(|(k, _)| k != "class" && k != "id"),
                "<{}> has a class or id",
                tag.name
            );
        }
        assert!(!html.contains("<style") && !html.contains("<script"));
    }
}

#[test]
fn hostile_text_stays_text_in_docx() {
    for language in ["en", "zh"] {
        let mut doc = hostile_document(language);
        // Characters XML cannot hold at all are dropped, not written.
        doc.blocks.push(Block::Paragraph {
            id: "ctl".into(),
            text: "bell\u{7} nul\u{0} esc\u{1b} end".into(),
        });
        let bytes = render(
            &doc,
            ExportFormat::Docx,
            &ExportOptions::default(),
            None,
            &Templates::builtin(),
            &NoAssets,
        )
        .expect("docx");
        let paragraphs = docx_paragraphs(&bytes);
        let all: String = paragraphs
            .iter()
            .map(|p| p.text.clone())
            .collect::<Vec<_>>()
            .join("\n");
        for h in HOSTILE {
            assert!(all.contains(h), "{h:?} not in\n{all}");
        }
        assert!(all.contains("bell nul esc end"));
        let parts = docx_parts(&bytes);
        let core = String::from_utf8_lossy(&parts["docProps/core.xml"]).into_owned();
        assert!(core.contains("&lt;script&gt;"), "{core}");
        // Every part is well-formed XML.
        for (name, data) in &parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let mut r = quick_xml::Reader::from_reader(data.as_slice());
                let mut buf = Vec::new();
                loop {
                    match r.read_event_into(&mut buf) {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => buf.clear(),
                        Err(e) => panic!("{name}: {e}"),
                    }
                }
            }
        }
    }
}

#[test]
fn hostile_text_stays_text_in_markdown_styles_and_front_matter() {
    use pulldown_cmark::Options;
    for language in ["en", "zh"] {
        let doc = hostile_document(language);
        for style in [Style::Article, Style::Transcript, Style::Wechat] {
            for front_matter in [false, true] {
                let options = ExportOptions {
                    front_matter,
                    date: Some("2025-01-01\"\n<script>".into()),
                    ..ExportOptions::style(style)
                };
                let md = render_text(&doc, ExportFormat::Markdown, &options);
                let mut text = String::new();
                let mut metadata = String::new();
                let mut in_metadata = false;
                for event in Parser::new_ext(&md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
                    match event {
                        Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
                        Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
                        Event::Text(t) if in_metadata => metadata.push_str(&t),
                        // Roundtable's own comments (a turn's end, an empty picture slot) only.
                        Event::Html(h) if is_roundtable_comment(&h) => {}
                        Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
                        Event::Start(Tag::Link { .. }) => panic!("a link in\n{md}"),
                        Event::Code(c) => panic!("code span {c:?} in\n{md}"),
                        Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_)) => {
                            panic!("unexpected block in\n{md}")
                        }
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::Paragraph) => text.push('\n'),
                        _ => {}
                    }
                }
                for h in HOSTILE {
                    assert!(text.contains(h), "{h:?} not shown literally in\n{md}");
                }
                if front_matter {
                    // Every value is one JSON-quoted (so YAML double-quoted) scalar.
                    for line in metadata.lines() {
                        let value = line
                            .trim_start()
                            .trim_start_matches("- ")
                            .split_once(": ")
                            .map_or(line.trim_start().trim_start_matches("- "), |(_, v)| v);
                        if value.is_empty() || line.trim_end().ends_with(':') {
                            continue;
                        }
                        if value.starts_with('"') {
                            serde_json::from_str::<String>(value)
                                .unwrap_or_else(|e| panic!("{line:?}: {e}"));
                        } else {
                            assert!(
                                value.chars().all(|c| c.is_ascii_alphabetic()),
                                "bare {value:?}"
                            );
                        }
                    }
                    // Escaped as Markdown, which pandoc reads front-matter values as.
                    assert!(
                        metadata.contains(r#"title: "\\<script\\>alert(1)\\</script\\>""#),
                        "{metadata}"
                    );
                } else {
                    assert!(metadata.is_empty());
                }
            }
        }
    }
}

// ---- DOCX --------------------------------------------------------------------------

/// Serves one 2×1 PNG for any asset name.
struct OnePng;

const PNG_2X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8,
    0xDD, 0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x56, 0xC7, 0x2F, 0x0D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

impl AssetSource for OnePng {
    fn image(&self, _name: &str) -> Option<(Vec<u8>, &'static str)> {
        Some((PNG_2X1.to_vec(), "image/png"))
    }
}

#[test]
fn docx_reads_back_with_headings_labels_captions_and_credits() {
    for name in ["zh_wechat_roundtable.txt", "en_panel_article.txt"] {
        let mut doc = fixture_doc(name);
        doc.blocks.insert(
            1,
            Block::Heading {
                id: "h-extra".into(),
                text: "Section heading".into(),
            },
        );
        let mut with_asset = 0;
        for b in &mut doc.blocks {
            if let Block::Image { asset, .. } = b {
                *asset = Some(format!("{:064x}.png", with_asset));
                with_asset += 1;
            }
        }
        assert!(with_asset > 0, "{name} has images");
        let bytes = render(
            &doc,
            ExportFormat::Docx,
            &ExportOptions::default(),
            None,
            &Templates::builtin(),
            &OnePng,
        )
        .expect("docx");
        let paragraphs = docx_paragraphs(&bytes);
        let styled = |style: &str| -> Vec<&str> {
            paragraphs
                .iter()
                .filter(|p| p.style == style)
                .map(|p| p.text.as_str())
                .collect()
        };
        assert_eq!(styled("Title"), [doc.title.as_str()]);
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(styled("Heading1"), headings);
        let captions: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Image {
                    caption, credit, ..
                } if caption.is_some() || credit.is_some() => Some(
                    [caption.clone(), credit.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                _ => None,
            })
            .collect();
        assert_eq!(styled("Caption"), captions);
        assert_eq!(styled("Figure").len(), with_asset);
        // Every turn's paragraphs are there, the first with the bold label.
        let labels: Vec<&str> = paragraphs
            .iter()
            .filter(|p| !p.speaker.is_empty() && p.style == "Normal")
            .map(|p| p.speaker.as_str())
            .collect();
        let turns = doc
            .blocks
            .iter()
            .filter(|b| {
                matches!(
                    b,
                    Block::Turn {
                        continues: false,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(labels.len(), turns, "{labels:?}");
        for b in &doc.blocks {
            if let Block::Turn { paragraphs: ps, .. } = b {
                for p in ps {
                    assert!(
                        paragraphs.iter().any(|q| q.text.ends_with(p.as_str())),
                        "{p:?} missing"
                    );
                }
            }
        }
        let credits: Vec<&str> = paragraphs
            .iter()
            .filter(|p| p.style.starts_with("Credits"))
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(credits.len(), doc.credits.len());
        for (c, line) in doc.credits.iter().zip(&credits) {
            assert!(line.ends_with(&c.name), "{line}");
        }
        let parts = docx_parts(&bytes);
        assert_eq!(parts["word/media/image1.png"], PNG_2X1);
        let rels = String::from_utf8_lossy(&parts["word/_rels/document.xml.rels"]).into_owned();
        assert!(rels.contains("Target=\"media/image1.png\""), "{rels}");
        // Full titles on first mention in the article style.
        if name.starts_with("en") {
            assert!(
                labels[0].starts_with("Dana Whitfield (managing editor"),
                "{labels:?}"
            );
            assert!(labels.contains(&"Whitfield:"), "{labels:?}");
        }
    }
}

// ---- options -------------------------------------------------------------------------

fn turn_labels(doc: &Document, options: &ExportOptions) -> Vec<String> {
    let view = roundtable_core::export::View::new(doc, options, &NoAssets);
    view.blocks
        .iter()
        .filter_map(|b| match b {
            roundtable_core::export::ViewBlock::Turn { label, time, .. } => Some(format!(
                "{}{}",
                time.as_deref()
                    .map(|t| format!("[{t}] "))
                    .unwrap_or_default(),
                label.as_deref().unwrap_or("-")
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn label_forms_and_timecodes() {
    let doc = timed_doc("en_panel_article.txt");
    let with = |labels, timecodes| ExportOptions {
        labels: Some(labels),
        timecodes,
        ..ExportOptions::default()
    };
    let names = turn_labels(&doc, &with(LabelForm::Name, None));
    assert_eq!(names[..3], ["Dana Whitfield", "Priya Raman", "Tom Okafor"]);
    let full = turn_labels(&doc, &with(LabelForm::Full, None));
    assert_eq!(
        full[..2],
        [
            "Dana Whitfield (managing editor, Harbor Gazette)",
            "Priya Raman (senior economist, Harbor Institute)"
        ]
    );
    assert!(full.contains(&"Whitfield".to_owned()), "{full:?}");
    let roles = turn_labels(&doc, &with(LabelForm::Role, Some(true)));
    assert_eq!(roles[0], "[00:00] Moderator");
    assert_eq!(roles[1], "[00:37] Priya Raman (Guest)");
    let name_role = turn_labels(&doc, &with(LabelForm::NameRole, None));
    assert_eq!(name_role[0], "Dana Whitfield (Moderator)");
    // The newsroom style: the host's role word, the guests' names.
    let host_role = turn_labels(&doc, &with(LabelForm::HostRole, None));
    assert_eq!(host_role[..3], ["Moderator", "Priya Raman", "Tom Okafor"]);
    let zh = fixture_doc("zh_wechat_roundtable.txt");
    let zh_labels = turn_labels(&zh, &with(LabelForm::HostRole, None));
    assert_eq!(zh_labels[0], "主持人");
    assert_eq!(zh_labels[1..3], ["王立新", "刘珊珊"], "{zh_labels:?}");
    assert!(zh_labels.iter().all(|l| !l.contains('（')), "{zh_labels:?}");
    // The transcript style labels every turn and shows timecodes; --timecodes off wins.
    let transcript = turn_labels(&doc, &ExportOptions::style(Style::Transcript));
    assert!(
        transcript
            .iter()
            .all(|l| l.starts_with('[') && !l.ends_with('-'))
    );
    let untimed = turn_labels(
        &doc,
        &ExportOptions {
            timecodes: Some(false),
            ..ExportOptions::style(Style::Transcript)
        },
    );
    assert!(untimed.iter().all(|l| !l.starts_with('[')));

    let zh = fixture_doc("zh_wechat_roundtable.txt");
    let full = turn_labels(&zh, &with(LabelForm::Full, None));
    assert_eq!(full[0], "陈晓岚");
    assert_eq!(full[1], "王立新\u{FF08}滨江区图书馆馆长\u{FF09}");
    assert_eq!(
        full.iter().filter(|l| *l == "王立新").count() + 1,
        full.iter().filter(|l| l.starts_with("王立新")).count()
    );
    let roles = turn_labels(&zh, &with(LabelForm::Role, None));
    assert_eq!(roles[0], "主持人");
}

#[test]
fn topic_filter_keeps_tagged_turns_their_images_and_headings() {
    let mut doc = Document::new("Filter", "en");
    doc.participants
        .push(Participant::new("p1", "Ann", Role::Moderator));
    doc.participants
        .push(Participant::new("p2", "Bo", Role::Guest));
    let turn = |id: &str, speaker: &str, text: &str, topics: &[&str], continues| Block::Turn {
        id: id.into(),
        speaker: speaker.into(),
        paragraphs: vec![text.into()],
        start: None,
        end: None,
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        continues,
    };
    let heading = |id: &str, text: &str| Block::Heading {
        id: id.into(),
        text: text.into(),
    };
    let image = |id: &str, caption: &str| Block::Image {
        id: id.into(),
        asset: None,
        caption: Some(caption.into()),
        credit: None,
        alt: None,
    };
    doc.blocks = vec![
        Block::Paragraph {
            id: "lead".into(),
            text: "The lead.".into(),
        },
        heading("h1", "Money"),
        turn("t1", "p1", "money q", &["money"], false),
        turn("t2", "p2", "money a", &["money"], false),
        image("i1", "after money"),
        turn("t3", "p2", "more money", &["money"], true),
        heading("h2", "Trust"),
        turn("t4", "p1", "trust q", &["trust"], false),
        image("i2", "after trust"),
        turn("t5", "p2", "trust a", &["trust", "money"], true),
        Block::Paragraph {
            id: "note".into(),
            text: "A note.".into(),
        },
    ];
    let options = ExportOptions {
        topics: vec!["money".into()],
        // The slots stand for pictures here: kept, as pictures are.
        empty_image_slots: true,
        ..ExportOptions::default()
    };
    let md = render_text(&doc, ExportFormat::Markdown, &options);
    for kept in [
        "The lead.",
        "Money",
        "money q",
        "money a",
        "after money",
        "more money",
        "Trust",
        "trust a",
    ] {
        assert!(md.contains(kept), "{kept:?} dropped:\n{md}");
    }
    for dropped in ["trust q", "after trust", "A note."] {
        assert!(!md.contains(dropped), "{dropped:?} kept:\n{md}");
    }
    // t3 continues t2 (label omitted); t5 continued a dropped turn, so it gets its label.
    assert!(md.contains("\n\nmore money"), "{md}");
    assert!(md.contains("**Bo:** trust a"), "{md}");
}

#[test]
fn embedded_images_are_data_uris() {
    let mut doc = fixture_doc("en_panel_article.txt");
    for b in &mut doc.blocks {
        if let Block::Image { asset, .. } = b {
            *asset = Some("abc.png".into());
        }
    }
    let options = ExportOptions {
        images: ImageMode::Embed,
        ..ExportOptions::default()
    };
    let html = String::from_utf8(
        render(
            &doc,
            ExportFormat::Html,
            &options,
            None,
            &Templates::builtin(),
            &OnePng,
        )
        .expect("html"),
    )
    .expect("utf-8");
    assert!(
        html.contains("src=\"data:image&#x2f;png;base64,iVBORw0KGgo"),
        "{html}"
    );
    let linked = render_text(&doc, ExportFormat::Html, &ExportOptions::default());
    assert!(linked.contains("src=\"assets&#x2f;abc.png\""), "{linked}");
}

#[test]
fn markdown_with_default_options_is_the_round_trip_markdown() {
    for name in [
        "zh_wechat_roundtable.txt",
        "en_panel_article.txt",
        "zh_interview_declared.txt",
    ] {
        let doc = fixture_doc(name);
        assert_eq!(
            render_text(&doc, ExportFormat::Markdown, &ExportOptions::default()),
            export_string(&doc, ExportFormat::Markdown)
        );
    }
}

// ---- templates -----------------------------------------------------------------------

#[test]
fn user_templates_escape_by_default_and_errors_name_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("plain.html"),
        "<h1>{{ title }}</h1>{% for b in blocks %}{% if b.type == 'turn' %}<p>{{ b.label }}: {{ b.paragraphs | join(' ') }}</p>{% endif %}{% endfor %}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("notes.md"),
        "# {{ title }}\n\n{% for p in participants %}- {{ p.name }}\n{% endfor %}",
    )
    .expect("write");
    std::fs::write(dir.path().join("ignored.txt"), "{{").expect("write");
    let templates = Templates::load_dir(dir.path()).expect("loads");
    let names: Vec<&str> = templates.list().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "article.html",
            "notes.md",
            "plain.html",
            "transcript.html",
            "wechat.html"
        ]
    );
    let doc = hostile_document("en");
    let html = String::from_utf8(
        render(
            &doc,
            ExportFormat::Html,
            &ExportOptions::default(),
            Some("plain.html"),
            &templates,
            &NoAssets,
        )
        .expect("renders"),
    )
    .expect("utf-8");
    let text = check_inert_html(&html, &["h1", "p"]);
    assert!(text.contains("<script>alert(1)</script>"), "{html}");
    let md = String::from_utf8(
        render(
            &doc,
            ExportFormat::Markdown,
            &ExportOptions::default(),
            Some("notes.md"),
            &templates,
            &NoAssets,
        )
        .expect("renders"),
    )
    .expect("utf-8");
    assert!(md.contains("- \\<b\\>Eve\\</b\\>"), "{md}");
    // A Markdown template cannot write HTML and the other way round.
    let err = render(
        &doc,
        ExportFormat::Html,
        &ExportOptions::default(),
        Some("notes.md"),
        &templates,
        &NoAssets,
    )
    .expect_err("refused");
    assert!(
        err.to_string().contains("notes.md writes Markdown"),
        "{err}"
    );

    // A syntax error names the file and the line.
    std::fs::write(
        dir.path().join("broken.html"),
        "<h1>{{ title }}</h1>\n<p>\n{% for b in blocks %}\n{{ b.text }\n",
    )
    .expect("write");
    let err = Templates::load_dir(dir.path()).expect_err("broken");
    let msg = err.to_string();
    let path = dir.path().join("broken.html").display().to_string();
    assert!(msg.starts_with(&format!("{path}:4: ")), "{msg}");
    std::fs::remove_file(dir.path().join("broken.html")).expect("rm");

    // A runtime error (printing a value that does not exist) too.
    std::fs::write(
        dir.path().join("typo.html"),
        "<h1>{{ title }}</h1>\n<p>{{ titel }}</p>\n",
    )
    .expect("write");
    let templates = Templates::load_dir(dir.path()).expect("loads");
    let err = render(
        &doc,
        ExportFormat::Html,
        &ExportOptions::default(),
        Some("typo.html"),
        &templates,
        &NoAssets,
    )
    .expect_err("undefined");
    let msg = err.to_string();
    let path = dir.path().join("typo.html").display().to_string();
    assert!(msg.starts_with(&format!("{path}:2: ")), "{msg}");
    // An unknown template lists the ones there are.
    let err = render(
        &doc,
        ExportFormat::Html,
        &ExportOptions::default(),
        Some("nope.html"),
        &templates,
        &NoAssets,
    )
    .expect_err("unknown");
    assert!(err.to_string().contains("article.html"), "{err}");
}

#[test]
fn a_copied_builtin_template_replaces_the_builtin_and_renders_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = Templates::builtin_source("article.html").expect("built-in");
    std::fs::write(
        dir.path().join("article.html"),
        source.replace("<h1>", "<h1 data-copied=\"1\">"),
    )
    .expect("write");
    let templates = Templates::load_dir(dir.path()).expect("loads");
    let info = templates.info("article.html").expect("listed");
    assert!(info.path.is_some());
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    let html = String::from_utf8(
        render(
            &doc,
            ExportFormat::Html,
            &ExportOptions::default(),
            None,
            &templates,
            &NoAssets,
        )
        .expect("renders"),
    )
    .expect("utf-8");
    assert_eq!(
        html.replace(" data-copied=\"1\"", ""),
        render_text(&doc, ExportFormat::Html, &ExportOptions::default())
    );
}

#[test]
fn file_names_are_safe() {
    use roundtable_core::export::safe_file_name;
    assert_eq!(
        safe_file_name("书香观察丨社区图书馆", "x", "html"),
        "书香观察丨社区图书馆.html"
    );
    assert_eq!(safe_file_name("a/../b", "x", "md"), "a_.._b.md");
    assert_eq!(safe_file_name("NUL", "x", "md"), "_NUL.md");
}

// ---- Publishing (issue 14) -------------------------------------------------------------

/// A fixture with a picture in every image slot but the last, which stays empty.
fn doc_with_pictures() -> Document {
    let mut doc = fixture_doc("zh_wechat_roundtable.txt");
    let slots: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Image { .. }))
        .map(|(i, _)| i)
        .collect();
    assert!(slots.len() >= 2, "the fixture has pictures");
    for (k, &i) in slots.iter().enumerate() {
        if let Block::Image { asset, .. } = &mut doc.blocks[i] {
            *asset = (k + 1 < slots.len()).then(|| format!("{:064x}.png", k + 1));
        }
    }
    doc
}

#[test]
fn wechat_pictures_come_from_the_image_base_url() {
    let doc = doc_with_pictures();
    let options = ExportOptions {
        image_base_url: Some("https://img.example.com/newsroom/".into()),
        ..ExportOptions::default()
    };
    let html = render_text(&doc, ExportFormat::WechatHtml, &options);
    let (tags, _) = html_scan(&html);
    let srcs: Vec<String> = tags
        .iter()
        .filter(|t| t.name == "img")
        .filter_map(|t| {
            t.attrs
                .iter()
                .find(|(k, _)| k == "src")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert!(!srcs.is_empty());
    for (k, src) in srcs.iter().enumerate() {
        assert_eq!(
            src,
            &format!("https://img.example.com/newsroom/{:064x}.png", k + 1)
        );
    }
}

#[test]
fn the_wechat_fragment_leaves_the_title_out_unless_asked() {
    let doc = fixture_doc("zh_wechat_roundtable.txt");
    let html = render_text(&doc, ExportFormat::WechatHtml, &ExportOptions::default());
    assert!(!html.contains("<h1"), "{html}");
    let kept = ExportOptions {
        wechat_title: true,
        ..ExportOptions::default()
    };
    let html = render_text(&doc, ExportFormat::WechatHtml, &kept);
    assert!(html.contains("<h1"), "{html}");
    // The HTML page keeps its title whatever the option.
    assert!(render_text(&doc, ExportFormat::Html, &ExportOptions::default()).contains("<h1"));
}

#[test]
fn every_html_img_has_the_alt_text_else_the_caption() {
    let mut doc = doc_with_pictures();
    let first = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Image { .. }))
        .expect("image");
    if let Block::Image { alt, .. } = &mut doc.blocks[first] {
        *alt = Some("工人在装配线上".into());
    }
    for format in [ExportFormat::Html, ExportFormat::WechatHtml] {
        let html = render_text(&doc, format, &ExportOptions::default());
        let (tags, _) = html_scan(&html);
        let alts: Vec<String> = tags
            .iter()
            .filter(|t| t.name == "img")
            .map(|t| {
                t.attrs
                    .iter()
                    .find(|(k, _)| k == "alt")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(alts[0], "工人在装配线上");
        let captions: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Image {
                    asset: Some(_),
                    caption,
                    ..
                } => Some(caption.as_deref().unwrap_or("")),
                _ => None,
            })
            .collect();
        for (alt, caption) in alts.iter().zip(&captions).skip(1) {
            assert_eq!(alt, caption, "{format:?}");
        }
    }
}

#[test]
fn an_empty_picture_slot_kept_is_a_visible_placeholder_in_docx() {
    let doc = doc_with_pictures();
    let bytes = render(
        &doc,
        ExportFormat::Docx,
        &ExportOptions {
            empty_image_slots: true,
            ..ExportOptions::default()
        },
        None,
        &Templates::builtin(),
        &OnePng,
    )
    .expect("docx");
    let paragraphs = docx_paragraphs(&bytes);
    assert!(
        paragraphs.iter().any(|p| p.text.starts_with("［图片］")),
        "{:?}",
        paragraphs.iter().map(|p| &p.text).collect::<Vec<_>>()
    );
}

/// Issue 12.8: a pasted article's `图片` slots that never got a picture are left out of every
/// export by default (a caption stays as text), and kept as placeholders when asked.
#[test]
fn empty_picture_slots_are_left_out_unless_kept() {
    let mut doc = Document::new("Slots", "en");
    doc.participants
        .push(Participant::new("p1", "Ann", Role::Moderator));
    doc.blocks = vec![
        Block::Paragraph {
            id: "lead".into(),
            text: "The lead.".into(),
        },
        Block::Image {
            id: "bare".into(),
            asset: None,
            caption: None,
            credit: Some("Wire".into()),
            alt: None,
        },
        Block::Image {
            id: "captioned".into(),
            asset: None,
            caption: Some("The factory floor".into()),
            credit: None,
            alt: None,
        },
        Block::Turn {
            id: "t1".into(),
            speaker: "p1".into(),
            paragraphs: vec!["Welcome.".into()],
            start: None,
            end: None,
            topics: vec![],
            continues: false,
        },
        Block::Image {
            id: "between".into(),
            asset: None,
            caption: Some("Ann at the desk".into()),
            credit: None,
            alt: None,
        },
        Block::Turn {
            id: "t2".into(),
            speaker: "p1".into(),
            paragraphs: vec!["Go on.".into()],
            start: None,
            end: None,
            topics: vec![],
            continues: true,
        },
    ];
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::WechatHtml,
    ] {
        let out = render_text(&doc, format, &ExportOptions::default());
        assert!(
            out.contains("The factory floor"),
            "{format:?}: caption kept\n{out}"
        );
        assert!(
            !out.contains("Wire"),
            "{format:?}: a bare slot is left out\n{out}"
        );
        assert!(!out.contains("<!-- image"), "{format:?}\n{out}");
        assert!(!out.contains("<figure"), "{format:?}\n{out}");
        // The answer that went on after the slot names its speaker again: after the caption,
        // unlabelled, it would read as narration.
        let between = out
            .split_once("Ann at the desk")
            .and_then(|(_, rest)| rest.split_once("Go on."))
            .map(|(b, _)| b.to_owned())
            .unwrap_or_default();
        assert!(between.contains("Ann"), "{format:?}: labels\n{out}");
        let kept = render_text(
            &doc,
            format,
            &ExportOptions {
                empty_image_slots: true,
                ..ExportOptions::default()
            },
        );
        assert!(kept.contains("Wire"), "{format:?}: kept\n{kept}");
    }
}

/// Issue 14, point 9: a source that prints `主持人：` before the host's questions and names
/// before the guests' answers, under its own guest-list heading, is exported the same way by
/// default in every format; `--labels` still chooses.
#[test]
fn exports_label_speakers_and_head_the_guest_list_as_the_source_did() {
    let doc = fixture_doc("zh_wechat_host_role.txt");
    let md = render_text(&doc, ExportFormat::Markdown, &ExportOptions::default());
    assert!(
        md.contains("主持人：周晓雯\n\n观察嘉宾：\n\n- 孙建国"),
        "{md}"
    );
    assert!(md.contains("**主持人**：加装电梯最难的环节是什么?"), "{md}");
    assert!(md.contains("**孙建国**：最难的是"), "{md}");
    assert!(!md.contains("**周晓雯**"), "{md}");

    let html = render_text(&doc, ExportFormat::Html, &ExportOptions::default());
    assert!(html.contains(r#"aria-label="观察嘉宾""#), "{html}");
    assert!(
        html.contains(r#"<span class="role">观察嘉宾</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<strong class="speaker">主持人：</strong>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<strong class="speaker">孙建国：</strong>"#),
        "{html}"
    );

    let wechat = render_text(
        &doc,
        ExportFormat::WechatHtml,
        &ExportOptions::style(Style::Wechat),
    );
    assert!(wechat.contains("观察嘉宾："), "{wechat}");
    assert!(wechat.contains("主持人：</strong>加装电梯"), "{wechat}");

    let docx = render(
        &doc,
        ExportFormat::Docx,
        &ExportOptions::default(),
        None,
        &Templates::builtin(),
        &NoAssets,
    )
    .expect("docx");
    let paragraphs = docx_paragraphs(&docx);
    assert!(
        paragraphs
            .iter()
            .any(|p| p.style == "Heading2" && p.text == "观察嘉宾"),
        "{:?}",
        paragraphs.iter().map(|p| &p.text).collect::<Vec<_>>()
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.text.starts_with("主持人：加装电梯")),
        "{:?}",
        paragraphs.iter().map(|p| &p.text).collect::<Vec<_>>()
    );

    // Asked for names, the host is named again.
    let names = ExportOptions {
        labels: Some(LabelForm::Name),
        ..ExportOptions::default()
    };
    assert_eq!(
        turn_labels(&doc, &names)[..2],
        ["周晓雯", "孙建国"],
        "--labels name wins over the document's style"
    );
    assert_eq!(
        turn_labels(&doc, &ExportOptions::default())[..2],
        ["主持人", "孙建国"]
    );

    // English: `Panelists` heads the list; one panelist is a `Panelist`.
    let en = fixture_doc("en_panel_moderator.txt");
    let md = render_text(&en, ExportFormat::Markdown, &ExportOptions::default());
    assert!(
        md.contains("\nPanelists:\n\n- Omar Haddad, pharmacist"),
        "{md}"
    );
    assert!(md.contains("**Moderator:** Let's begin"), "{md}");
    let html = render_text(&en, ExportFormat::Html, &ExportOptions::default());
    assert!(
        html.contains(r#"<span class="role">Panelist</span>"#),
        "{html}"
    );
    assert_eq!(
        turn_labels(&en, &ExportOptions::default())[..3],
        ["Moderator", "Omar Haddad", "Moderator"]
    );

    // A document with neither keeps the format's usual labels and heading.
    let mut plain = doc.clone();
    plain.guest_heading = None;
    plain.speaker_labels = None;
    let md = render_text(&plain, ExportFormat::Markdown, &ExportOptions::default());
    assert!(md.contains("\n嘉宾：\n\n- 孙建国"), "{md}");
    assert!(md.contains("**周晓雯**：加装电梯"), "{md}");
}
