//! CommonMark export, readable as an article and read back by the Markdown importer.

use std::fmt::{self, Write};

use super::view::{Target, View, ViewBlock};
use super::{AssetSource, ExportOptions, Labels, NoAssets};
use crate::model::{Credit, CreditRole, Document, Participant, Role};

/// Escapes text so CommonMark shows it literally: every ASCII punctuation mark that can
/// start markup gets a backslash, and so does a line start that would open a block.
pub fn escape_markdown(text: &str) -> String {
    let text = text.trim_start().replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(text.len() + 8);
    // A leading `1.` or `1)` would start an ordered list.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in text.char_indices() {
        let at_start = i == 0;
        let list_marker = digits > 0 && i == digits && matches!(c, '.' | ')');
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&' | '$'
        ) || (at_start && matches!(c, '-' | '+' | '='))
            || list_marker
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn person(p: &Participant, labels: Labels) -> String {
    let mut s = escape_markdown(&p.name);
    let details: Vec<&str> = [&p.title, &p.organization]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !details.is_empty() {
        if labels.chinese {
            s.push('\u{3000}');
            s.push_str(&escape_markdown(&details.join(" ")));
        } else {
            for d in details {
                s.push_str(", ");
                s.push_str(&escape_markdown(d));
            }
        }
    }
    s
}

fn roster(doc: &Document, labels: Labels, out: &mut impl Write) -> fmt::Result {
    let moderator = doc.participants.iter().find(|p| p.role == Role::Moderator);
    if let Some(m) = moderator {
        let line = if labels.chinese {
            let title = m
                .title
                .iter()
                .chain(&m.organization)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            if title.is_empty() {
                escape_markdown(&m.name)
            } else {
                format!(
                    "{}\u{FF08}{}\u{FF09}",
                    escape_markdown(&m.name),
                    escape_markdown(&title)
                )
            }
        } else {
            person(m, labels)
        };
        writeln!(
            out,
            "{}{}{}\n",
            labels.role(Role::Moderator),
            labels.colon(),
            line
        )?;
    }
    let others: Vec<&Participant> = doc
        .participants
        .iter()
        .filter(|p| Some(*p) != moderator)
        .collect();
    if !others.is_empty() {
        writeln!(out, "{}{}\n", labels.guests(), labels.colon().trim_end())?;
        for p in others {
            writeln!(out, "- {}", person(p, labels))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes `doc` as CommonMark with the default options (what `show` prints and the
/// Markdown importer reads back).
pub fn write_markdown(doc: &Document, out: &mut impl Write) -> fmt::Result {
    write_markdown_with(doc, &ExportOptions::default(), &NoAssets, out)
}

/// A YAML double-quoted scalar. JSON string syntax is a subset of YAML's, so serde_json's
/// escaping (quotes, backslashes, control characters) makes any text one inert scalar.
fn yaml(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// YAML front matter with pandoc's keys (`title`, `subtitle`, `author`, `date`, `lang`,
/// `keywords`) and Roundtable's own (`column`, `participants`, `credits`).
fn front_matter(doc: &Document, view: &View, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "---")?;
    writeln!(out, "title: {}", yaml(&view.title))?;
    if let Some(s) = &doc.subtitle {
        writeln!(out, "subtitle: {}", yaml(s))?;
    }
    let authors: Vec<&Credit> = doc
        .credits
        .iter()
        .filter(|c| c.role == CreditRole::Author)
        .collect();
    if !authors.is_empty() {
        writeln!(out, "author:")?;
        for a in authors {
            writeln!(out, "  - {}", yaml(&a.name))?;
        }
    }
    if let Some(d) = &view.date {
        writeln!(out, "date: {}", yaml(d))?;
    }
    writeln!(out, "lang: {}", yaml(&view.lang))?;
    if let Some(c) = &doc.column {
        writeln!(out, "column: {}", yaml(c))?;
    }
    if !doc.topics.is_empty() {
        writeln!(out, "keywords:")?;
        for t in &doc.topics {
            writeln!(out, "  - {}", yaml(t))?;
        }
    }
    if !doc.participants.is_empty() {
        writeln!(out, "participants:")?;
        for p in &doc.participants {
            writeln!(out, "  - name: {}", yaml(&p.name))?;
            writeln!(out, "    role: {}", p.role.as_str())?;
            if let Some(t) = &p.title {
                writeln!(out, "    title: {}", yaml(t))?;
            }
            if let Some(o) = &p.organization {
                writeln!(out, "    organization: {}", yaml(o))?;
            }
        }
    }
    if !doc.credits.is_empty() {
        writeln!(out, "credits:")?;
        for c in &doc.credits {
            writeln!(out, "  - role: {}", c.role.as_str())?;
            writeln!(out, "    name: {}", yaml(&c.name))?;
        }
    }
    writeln!(out, "---\n")
}

/// Writes `doc` as CommonMark with `options` applied.
pub fn write_markdown_with(
    doc: &Document,
    options: &ExportOptions,
    assets: &dyn AssetSource,
    out: &mut impl Write,
) -> fmt::Result {
    let labels = Labels::for_language(&doc.language);
    let view = View::build(doc, options, assets, Target::Markdown);
    if options.front_matter {
        front_matter(doc, &view, out)?;
    }
    let title = &view.title;
    match &doc.column {
        Some(column) => writeln!(
            out,
            "# {}{}{}\n",
            escape_markdown(column),
            labels.column_separator(),
            escape_markdown(title)
        )?,
        None => writeln!(out, "# {}\n", escape_markdown(title))?,
    }
    if let Some(subtitle) = &doc.subtitle {
        writeln!(out, "## {}\n", escape_markdown(subtitle))?;
    }
    if !doc.topics.is_empty() {
        let topics: Vec<String> = doc.topics.iter().map(|t| escape_markdown(t)).collect();
        writeln!(
            out,
            "{}{}{}\n",
            labels.topics(),
            labels.colon(),
            topics.join(labels.list_separator())
        )?;
    }
    let first_turn = view
        .blocks
        .iter()
        .position(|b| matches!(b, ViewBlock::Turn { .. }));
    if first_turn.is_none() {
        roster(doc, labels, out)?;
    }
    let mut after_turn = false;
    for (i, block) in view.blocks.iter().enumerate() {
        if Some(i) == first_turn {
            roster(doc, labels, out)?;
        }
        match block {
            ViewBlock::Paragraph { text } => {
                if after_turn {
                    // Without a break, the paragraph would read back as more of the turn.
                    writeln!(out, "---\n")?;
                }
                writeln!(out, "{}\n", escape_markdown(text))?;
                after_turn = false;
            }
            ViewBlock::Heading { text } => {
                writeln!(out, "## {}\n", escape_markdown(text))?;
                after_turn = false;
            }
            ViewBlock::Turn {
                label,
                time,
                paragraphs,
                ..
            } => {
                for (j, p) in paragraphs.iter().enumerate() {
                    if j == 0 {
                        if let Some(t) = time {
                            write!(out, "{} ", escape_markdown(&format!("[{t}]")))?;
                        }
                        if let Some(name) = label {
                            // The colon goes outside the bold in Chinese: `**名字**:正文`
                            // closes under CommonMark's flanking rules, `**名字:**正文`
                            // does not.
                            if labels.chinese {
                                write!(out, "**{}**\u{FF1A}", escape_markdown(name))?;
                            } else {
                                write!(out, "**{}:** ", escape_markdown(name))?;
                            }
                        }
                    }
                    writeln!(out, "{}\n", escape_markdown(p))?;
                }
                after_turn = true;
            }
            ViewBlock::Image {
                src, caption, alt, ..
            } => {
                let src = src.as_deref().unwrap_or_default();
                let alt = alt.as_deref().unwrap_or("");
                writeln!(
                    out,
                    "![{}](<{}>)\n",
                    escape_markdown(alt),
                    src.replace(['<', '>', '\n', '\r'], "")
                )?;
                if let Some(caption) = caption {
                    writeln!(out, "*{}*\n", escape_markdown(caption))?;
                }
            }
        }
    }
    if !doc.credits.is_empty() {
        writeln!(out, "---\n")?;
        for c in &doc.credits {
            writeln!(
                out,
                "{}{}{}\n",
                labels.credit(c.role),
                labels.colon(),
                escape_markdown(&c.name)
            )?;
        }
    }
    Ok(())
}
