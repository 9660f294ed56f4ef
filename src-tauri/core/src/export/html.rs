//! A standalone, semantic HTML page.

use std::fmt::{self, Write};

use super::Labels;
use crate::model::{Block, Document, Role};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --ink: #1d1d1f; --muted: #6b6b70; --rule: #e3e3e6; --accent: #a4343a; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8e8ea; --muted: #a0a0a6; --rule: #3a3a3e; --accent: #e07a7f; } }
body { margin: 0; color: var(--ink); background: Canvas;
  font: 17px/1.8 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
article { max-width: 42em; margin: 0 auto; padding: 2.5em 1.25em 4em; }
header .column { color: var(--accent); font-weight: 600; margin: 0; }
h1 { font-size: 1.9em; line-height: 1.3; margin: .2em 0 .4em; }
.subtitle { color: var(--muted); font-size: 1.15em; margin-top: 0; }
.topics { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5em; }
.topics li { border: 1px solid var(--rule); border-radius: 1em; padding: 0 .7em; font-size: .85em; color: var(--muted); }
.participants { border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); margin: 1.5em 0; padding: .5em 0; }
.participants ul { list-style: none; padding: 0; }
.participants .role { color: var(--muted); font-size: .85em; margin-left: .5em; }
.turn p { margin: 0 0 1em; }
.speaker { font-weight: 700; }
.moderator .speaker { color: var(--accent); }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.placeholder { border: 1px dashed var(--rule); color: var(--muted); padding: 2em; text-align: center; }
figcaption { color: var(--muted); font-size: .9em; text-align: center; margin-top: .5em; }
footer { border-top: 1px solid var(--rule); margin-top: 2.5em; color: var(--muted); font-size: .9em; }
:lang(zh) em, :lang(ja) em { font-style: normal; font-weight: 600; }
@media print { body { font-size: 11pt; background: none; } article { max-width: none; padding: 0; } a { color: inherit; } figure { break-inside: avoid; } }
"#;

/// Writes `doc` as one standalone HTML page (inline stylesheet, no scripts, no remote
/// content).
pub fn write_html(doc: &Document, out: &mut impl Write) -> fmt::Result {
    let labels = Labels::for_language(&doc.language);
    let e = escape_html;
    let lang = if doc.language.is_empty() {
        "und"
    } else {
        doc.language.as_str()
    };
    let title = if doc.title.is_empty() {
        labels.untitled()
    } else {
        &doc.title
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        e(lang)
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<meta name=\"generator\" content=\"Roundtable\">")?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>",
        e(title)
    )?;
    writeln!(out, "<header>")?;
    if let Some(column) = &doc.column {
        writeln!(out, "<p class=\"column\">{}</p>", e(column))?;
    }
    writeln!(out, "<h1>{}</h1>", e(title))?;
    if let Some(subtitle) = &doc.subtitle {
        writeln!(out, "<p class=\"subtitle\">{}</p>", e(subtitle))?;
    }
    if !doc.topics.is_empty() {
        write!(
            out,
            "<ul class=\"topics\" aria-label=\"{}\">",
            e(labels.topics())
        )?;
        for t in &doc.topics {
            write!(out, "<li>{}</li>", e(t))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</header>")?;
    if !doc.participants.is_empty() {
        writeln!(
            out,
            "<section class=\"participants\" aria-label=\"{}\">\n<ul>",
            e(labels.guests())
        )?;
        for p in &doc.participants {
            write!(
                out,
                "<li><strong>{}</strong><span class=\"role\">{}</span>",
                e(&p.name),
                e(labels.role(p.role))
            )?;
            let details: Vec<String> = [&p.title, &p.organization]
                .into_iter()
                .flatten()
                .map(|s| e(s))
                .collect();
            if !details.is_empty() {
                write!(
                    out,
                    " {}",
                    details.join(if labels.chinese { " " } else { ", " })
                )?;
            }
            writeln!(out, "</li>")?;
        }
        writeln!(out, "</ul>\n</section>")?;
    }
    for block in &doc.blocks {
        match block {
            Block::Paragraph { text, .. } => writeln!(out, "<p>{}</p>", e(text))?,
            Block::Heading { text, .. } => writeln!(out, "<h2>{}</h2>", e(text))?,
            Block::Turn {
                speaker,
                paragraphs,
                continues,
                ..
            } => {
                let who = doc.participant(speaker);
                let name = who.map(|p| p.name.as_str()).unwrap_or(speaker);
                let class = if who.is_some_and(|p| p.role == Role::Moderator) {
                    "turn moderator"
                } else {
                    "turn"
                };
                writeln!(
                    out,
                    "<section class=\"{class}\" data-speaker=\"{}\">",
                    e(speaker)
                )?;
                for (j, p) in paragraphs.iter().enumerate() {
                    if j == 0 && !continues {
                        writeln!(
                            out,
                            "<p><strong class=\"speaker\">{}{}</strong>{}</p>",
                            e(name),
                            labels.colon().trim_end(),
                            e(p)
                        )?;
                    } else {
                        writeln!(out, "<p>{}</p>", e(p))?;
                    }
                }
                writeln!(out, "</section>")?;
            }
            Block::Image {
                asset,
                caption,
                credit,
                alt,
                ..
            } => {
                writeln!(out, "<figure>")?;
                match asset {
                    Some(a) => writeln!(
                        out,
                        "<img src=\"assets/{}\" alt=\"{}\">",
                        e(a),
                        e(alt.as_deref().unwrap_or(""))
                    )?,
                    None => writeln!(
                        out,
                        "<div class=\"placeholder\" role=\"img\" aria-label=\"{}\"></div>",
                        e(alt.as_deref().or(caption.as_deref()).unwrap_or(""))
                    )?,
                }
                if caption.is_some() || credit.is_some() {
                    write!(out, "<figcaption>{}", e(caption.as_deref().unwrap_or("")))?;
                    if let Some(c) = credit {
                        write!(out, " <span class=\"credit\">{}</span>", e(c))?;
                    }
                    writeln!(out, "</figcaption>")?;
                }
                writeln!(out, "</figure>")?;
            }
        }
    }
    if !doc.credits.is_empty() {
        writeln!(out, "<footer>")?;
        for c in &doc.credits {
            writeln!(
                out,
                "<p>{}{}{}</p>",
                e(labels.credit(c.role)),
                labels.colon(),
                e(&c.name)
            )?;
        }
        writeln!(out, "</footer>")?;
    }
    writeln!(out, "</article>\n</body>\n</html>")
}
