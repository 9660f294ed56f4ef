//! The Markdown export rendered by the real renderers newsrooms use: cmark (the CommonMark
//! reference), markdown-it (what most web editors and doocs/md use), pandoc's own Markdown
//! (`-f markdown`, its default) and pandoc's CommonMark. For every fixture and for text
//! written to trip them up, the rendered page must hold the document's text, labels,
//! captions and credits, and nothing the document does not say: no rule mid-article, no
//! literal asterisks, no list, superscript or citation made from a paragraph's first words,
//! no title twice. `scripts/setup --with-test-tools` installs the renderers.

use std::io::Write as _;
use std::process::{Command, Stdio};

use roundtable_core::export::{ExportFormat, ExportOptions, NoAssets, Templates, render};
use roundtable_core::import::parse_text;
use roundtable_core::model::{Block, Credit, CreditRole, Document, Participant, Role};

/// A renderer: its name and the command that reads Markdown on stdin and writes HTML.
struct Renderer {
    name: &'static str,
    program: String,
    args: Vec<String>,
}

fn renderers() -> Vec<Renderer> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    // npm workspaces hoist the UI's packages into the root node_modules.
    let markdown_it = format!("{root}/node_modules/markdown-it/bin/markdown-it.mjs");
    let own = |name, program: &str, args: &[&str]| Renderer {
        name,
        program: program.to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
    };
    vec![
        own("cmark", "cmark", &[]),
        own(
            "pandoc -f markdown",
            "pandoc",
            &["-f", "markdown", "-t", "html"],
        ),
        own(
            "pandoc -f commonmark",
            "pandoc",
            &["-f", "commonmark", "-t", "html"],
        ),
        Renderer {
            name: "markdown-it",
            program: "node".into(),
            args: vec![markdown_it],
        },
    ]
}

fn run(r: &Renderer, markdown: &str) -> String {
    let mut child = Command::new(&r.program)
        .args(&r.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): install the renderers with `scripts/setup --with-test-tools`",
                r.name
            )
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(markdown.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{} failed: {}",
        r.name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The text a reader sees: tags removed, entities decoded, typographic quotes and dashes
/// (pandoc's "smart" typography) made plain, whitespace collapsed. A picture's alt text
/// counts: it is the figure caption for the web formatters that build on CommonMark
/// renderers (doocs/md and mdnice turn it into a `figcaption`).
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut tag_start = 0;
    let mut in_tag = false;
    let mut in_comment = false;
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        if !in_tag && !in_comment && html[i..].starts_with("<!--") {
            in_comment = true;
        }
        if in_comment {
            if html[i..].starts_with("-->") {
                in_comment = false;
                i += 3;
            } else {
                i += 1;
            }
            continue;
        }
        let c = bytes[i];
        if c == b'<' {
            in_tag = true;
            tag_start = i;
            text.push(' ');
        } else if c == b'>' && in_tag {
            in_tag = false;
            let tag = &html[tag_start..i];
            if tag.starts_with("<img")
                && let Some(at) = tag.find("alt=\"")
            {
                let value = &tag[at + 5..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        } else if !in_tag {
            let ch = html[i..].chars().next().expect("char");
            text.push(ch);
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    normalize(&decoded)
}

fn normalize(text: &str) -> String {
    text.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .replace('\u{2026}', "...")
        .replace('\u{2014}', "---")
        .replace('\u{2013}', "--")
        .replace('\u{A0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the page must show: every turn's label and paragraphs, narration, headings,
/// captions and credits.
fn expected_texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } => {
                if let Some(p) = doc.participant(speaker) {
                    out.push(p.name.clone());
                }
                out.extend(paragraphs.iter().cloned());
            }
            Block::Paragraph { text, .. } | Block::Heading { text, .. } => out.push(text.clone()),
            // A slot without a picture is left out but for its caption (issue 12.8): its
            // photo credit would credit nothing.
            Block::Image {
                asset: None,
                caption,
                ..
            } => out.extend(caption.iter().cloned()),
            Block::Image {
                caption, credit, ..
            } => out.extend(caption.iter().chain(credit).cloned()),
        }
    }
    out.extend(doc.credits.iter().map(|c| c.name.clone()));
    out.into_iter()
        .map(|t| normalize(&t))
        .filter(|t| !t.is_empty())
        .collect()
}

fn check(doc: &Document, options: &ExportOptions, what: &str) {
    check_in(doc, options, what, |_| true);
}

/// [`check`] in the renderers `which` keeps.
fn check_in(doc: &Document, options: &ExportOptions, what: &str, which: fn(&Renderer) -> bool) {
    let markdown = String::from_utf8(
        render(
            doc,
            ExportFormat::Markdown,
            options,
            None,
            &Templates::builtin(),
            &NoAssets,
        )
        .expect("markdown"),
    )
    .expect("utf-8");
    let all_text: String = expected_texts(doc).join(" ");
    for r in renderers().into_iter().filter(which) {
        let html = run(&r, &markdown);
        let text = visible_text(&html);
        for expected in expected_texts(doc) {
            assert!(
                text.contains(&expected),
                "{what}, {}: {expected:?} is missing from the page\n{text}\n--- markdown:\n{markdown}",
                r.name
            );
        }
        if !all_text.contains('*') {
            assert!(
                !text.contains('*'),
                "{what}, {}: literal asterisks\n{text}",
                r.name
            );
        }
        for tag in [
            "<ol",
            "<sup",
            "<sub",
            "class=\"citation\"",
            "<del",
            "<table",
        ] {
            assert!(
                !html.contains(tag),
                "{what}, {}: {tag} made from plain text\n{html}\n--- markdown:\n{markdown}",
                r.name
            );
        }
        // One rule at most: the one before the credits.
        let rules = html.matches("<hr").count();
        assert!(rules <= 1, "{what}, {}: {rules} rules\n{html}", r.name);
        let title = normalize(&doc.title);
        if !title.is_empty() {
            assert!(
                text.matches(&title).count() <= 1 + all_text.matches(&title).count(),
                "{what}, {}: the title shows twice",
                r.name
            );
        }
    }
}

fn fixture_doc(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    parse_text(&text, None).expect("parse").document
}

const FIXTURES: &[&str] = &[
    "zh_wechat_roundtable.txt",
    "zh_newspaper_roundtable.txt",
    "zh_interview_declared.txt",
    "zh_reporter_interview.txt",
    "zh_markdown_handwritten.md",
    "en_panel_article.txt",
    "en_panel_host.txt",
    "en_qa_interview.txt",
    "en_plain_transcript.txt",
    "en_markdown_handwritten.md",
];

#[test]
fn every_fixture_renders_as_meant_in_every_renderer() {
    for name in FIXTURES {
        let doc = fixture_doc(name);
        check(&doc, &ExportOptions::default(), name);
    }
}

/// Paragraph starts and marks that pandoc's Markdown or CommonMark would turn into markup.
const TRICKY: &[&str] = &[
    "(1) 第一点，要稳就业。",
    "i. roman numerals start a list in pandoc",
    "a) a letter starts one too",
    "A.  two spaces after a capital",
    "iv) and so does this",
    "10^3^ is a superscript in pandoc, H~2~O a subscript",
    "@Dana said so, and [@doe2020] would be a citation",
    "1. a CommonMark list",
    "2) and another",
    "- a bullet",
    "+ another bullet",
    "# not a heading",
    "> not a quote",
    "Price: $5 and $6, 100% sure {#id .class}",
    "emphasis that ends with a space inside: *吉利智能工厂。 *",
    "under_scores_in_words and *stars*",
    "<b>not bold</b> &amp; not an entity",
    "| not | a | table |",
    "Term\n: not a definition",
];

fn tricky_document() -> Document {
    let mut doc = Document::new("Tricky *title* 10^3^", "zh");
    doc.participants
        .push(Participant::new("p1", "主持人 吴敏 ", Role::Moderator));
    doc.participants
        .push(Participant::new("p2", "Dana_Whitfield", Role::Guest));
    for (i, text) in TRICKY.iter().enumerate() {
        let id = format!("b{i}");
        doc.blocks.push(match i % 3 {
            0 => Block::Turn {
                id,
                speaker: "p1".into(),
                paragraphs: vec![(*text).into()],
                start: None,
                end: None,
                topics: vec![],
                continues: false,
            },
            1 => Block::Turn {
                id,
                speaker: "p2".into(),
                paragraphs: vec![(*text).into(), format!("{text} again")],
                start: None,
                end: None,
                topics: vec![],
                continues: false,
            },
            _ => Block::Paragraph {
                id,
                text: (*text).into(),
            },
        });
    }
    doc.blocks.push(Block::Image {
        id: "img1".into(),
        asset: Some("0123abcd.png".into()),
        caption: Some("吉利智能工厂。 ".into()),
        credit: Some("摄影 张三".into()),
        alt: Some("工人在装配线上".into()),
    });
    doc.blocks.push(Block::Image {
        id: "img2".into(),
        asset: None,
        caption: Some("(2) an empty slot's caption".into()),
        credit: None,
        alt: None,
    });
    doc.credits = vec![Credit {
        role: CreditRole::Editor,
        name: "孙_小雨*".into(),
    }];
    doc
}

#[test]
fn tricky_text_renders_as_written_in_every_renderer() {
    check(&tricky_document(), &ExportOptions::default(), "tricky");
}

#[test]
fn front_matter_shows_the_title_once_and_keeps_its_markup_characters() {
    let doc = tricky_document();
    let options = ExportOptions {
        front_matter: true,
        ..ExportOptions::default()
    };
    // Front matter is for pandoc (CommonMark renderers show it as text, which is why it is
    // off by default).
    check_in(&doc, &options, "tricky with front matter", |r| {
        r.name == "pandoc -f markdown"
    });
    let markdown = String::from_utf8(
        render(
            &doc,
            ExportFormat::Markdown,
            &options,
            None,
            &Templates::builtin(),
            &NoAssets,
        )
        .expect("markdown"),
    )
    .expect("utf-8");
    // A standalone page: pandoc puts the front matter's title in its title block.
    let page = run(
        &Renderer {
            name: "pandoc -s",
            program: "pandoc".into(),
            args: [
                "-f",
                "markdown",
                "-t",
                "html",
                "-s",
                "--metadata",
                "pagetitle=x",
            ]
            .map(String::from)
            .to_vec(),
        },
        &markdown,
    );
    let body = &page[page.find("<body").expect("body")..];
    let text = visible_text(body);
    assert_eq!(
        text.matches("Tricky *title* 10^3^").count(),
        1,
        "the title once, with its asterisks and carets\n{body}"
    );
}

#[test]
fn a_figure_has_one_caption_and_keeps_its_credit() {
    let doc = tricky_document();
    let markdown = String::from_utf8(
        render(
            &doc,
            ExportFormat::Markdown,
            &ExportOptions::default(),
            None,
            &Templates::builtin(),
            &NoAssets,
        )
        .expect("markdown"),
    )
    .expect("utf-8");
    let html = run(
        &Renderer {
            name: "pandoc",
            program: "pandoc".into(),
            args: ["-f", "markdown", "-t", "html"].map(String::from).to_vec(),
        },
        &markdown,
    );
    let figure = &html[html.find("<figure").expect("a pandoc figure")..];
    let figure = &figure[..figure.find("</figure>").expect("closed")];
    // One caption: the figcaption, and no second one in an italic line after the figure.
    assert_eq!(figure.matches("<figcaption").count(), 1, "{figure}");
    assert!(figure.contains(">吉利智能工厂。</figcaption>"), "{figure}");
    let in_text = TRICKY.iter().filter(|t| t.contains("吉利智能工厂")).count();
    assert_eq!(
        visible_text(&html.replace(figure, ""))
            .matches("吉利智能工厂")
            .count(),
        in_text,
        "{html}"
    );
    assert!(visible_text(&html).contains("摄影 张三"), "{html}");
    assert!(!html.contains("src=\"\""), "no empty picture\n{html}");
}
