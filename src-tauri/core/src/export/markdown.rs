//! CommonMark export, readable as an article and read back by the Markdown importer.

use std::fmt::{self, Write};

use super::view::{Target, View, ViewBlock};
use super::{AssetSource, ExportOptions, Labels, NoAssets};
use crate::model::{Credit, CreditRole, Document, Participant, Role};

/// Escapes text so CommonMark renderers and pandoc's own Markdown show it literally: every
/// ASCII punctuation mark that can start markup gets a backslash (pandoc's `^` superscript,
/// `@` citations and `{` attributes included), and so does a line start that would open a
/// block (CommonMark's `1.` and `1)`, pandoc's `(1)`, `a)`, `iv.` and `A.` lists).
pub fn escape_markdown(text: &str) -> String {
    let text = text.trim_start().replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(text.len() + 8);
    let marker = list_marker_end(&text);
    for (i, c) in text.char_indices() {
        let at_start = i == 0;
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | '$'
                | '^'
                | '@'
                | '{'
                | '}'
        ) || (at_start && matches!(c, '-' | '+' | '=' | '('))
            || Some(i) == marker
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where the `.` or `)` of a list marker at the start of `text` is: digits (CommonMark), or
/// one letter or a roman numeral (pandoc's fancy lists), followed by a space or the end.
fn list_marker_end(text: &str) -> Option<usize> {
    let head = text.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let (word, rest) = text.split_at(head);
    if word.is_empty() || !(rest.starts_with('.') || rest.starts_with(')')) {
        return None;
    }
    let after = &rest[1..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let digits = word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.len() == 1;
    let roman = word.bytes().all(|b| b"ivxlcdmIVXLCDM".contains(&b));
    (digits || letter || roman).then_some(head)
}

/// Text inside `*…*` or `**…**`: trimmed at both ends, since an emphasis that ends with a
/// space (`*说明。 *`) is not closed in any CommonMark renderer and shows its asterisks.
fn emphasised(text: &str) -> String {
    escape_markdown(text.trim())
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
        // The source's own heading (`观察嘉宾`) when it had one; the importer reads either back.
        let heading = match doc.guest_heading.as_deref().map(str::trim) {
            Some(h) if !h.is_empty() => escape_markdown(h),
            _ => labels.guests().to_owned(),
        };
        writeln!(out, "{heading}{}\n", labels.colon().trim_end())?;
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

/// A YAML double-quoted scalar of `text` escaped as Markdown: pandoc reads front-matter
/// values as Markdown (so `*` and `_` must be escaped to survive), and JSON string syntax is a
/// subset of YAML's, so serde_json's escaping (quotes, backslashes, control characters) makes
/// any text one inert scalar. The importer takes the Markdown escapes off again.
fn yaml(text: &str) -> String {
    serde_json::to_string(&escape_markdown(text)).unwrap_or_else(|_| "\"\"".into())
}

/// A YAML scalar of `text` as it is (a date, a language tag).
fn yaml_plain(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// YAML front matter with pandoc's keys (`title`, `subtitle`, `author`, `date`, `lang`,
/// `keywords`) and Roundtable's own (`column`, `guest_heading`, `speaker_labels`,
/// `participants`, `credits`).
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
        writeln!(out, "date: {}", yaml_plain(d))?;
    }
    writeln!(out, "lang: {}", yaml_plain(&view.lang))?;
    if let Some(c) = &doc.column {
        writeln!(out, "column: {}", yaml(c))?;
    }
    if let Some(h) = &doc.guest_heading {
        writeln!(out, "guest_heading: {}", yaml(h))?;
    }
    if let Some(f) = doc.speaker_labels {
        writeln!(out, "speaker_labels: {}", yaml_plain(f.name()))?;
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

/// A figure as every renderer reads one: the picture alone in its paragraph with the caption
/// as its bracketed text (pandoc's implicit figures take it as the caption; doocs/md and
/// mdnice put it in `figcaption`), real alt text as the title, then the credit in italics,
/// marked as one (`摄影：`, `Photo: `) so that it is not read back as a caption. A
/// slot without a picture is a comment (it renders as nothing; `![](<>)` would be an empty
/// `<img>`), then its caption as plain italic text.
fn image(
    out: &mut impl Write,
    chinese: bool,
    src: Option<&str>,
    caption: Option<&str>,
    credit: Option<&str>,
    alt: Option<&str>,
) -> fmt::Result {
    let caption = caption.map(str::trim).filter(|c| !c.is_empty());
    let alt = alt
        .map(str::trim)
        .filter(|a| !a.is_empty() && Some(*a) != caption);
    let credit = credit.map(str::trim).filter(|c| !c.is_empty());
    match src.filter(|s| !s.is_empty()) {
        Some(src) => {
            let src = src.replace(['<', '>', '\n', '\r'], "");
            match (caption, alt) {
                (Some(c), Some(a)) => writeln!(
                    out,
                    "![{}](<{src}> \"{}\")\n",
                    escape_markdown(c),
                    escape_markdown(a).replace('"', "\\\"")
                )?,
                (Some(c), None) => writeln!(out, "![{}](<{src}>)\n", escape_markdown(c))?,
                // Without a caption the alt text goes in the title: in the brackets pandoc
                // would make a caption of it, and the importer would read one.
                (None, Some(a)) => writeln!(
                    out,
                    "![](<{src}> \"{}\")\n",
                    escape_markdown(a).replace('"', "\\\"")
                )?,
                (None, None) => writeln!(out, "![](<{src}>)\n")?,
            }
            if let Some(c) = credit {
                writeln!(out, "*{}*\n", emphasised(&marked_credit(c, chinese)))?;
            }
        }
        None => {
            // `--` would end the comment early.
            let what = alt
                .map(|a| format!(": {}", a.replace("--", "\u{2010}\u{2010}")))
                .unwrap_or_default();
            writeln!(out, "<!-- image{what} -->\n")?;
            if let Some(c) = caption {
                writeln!(out, "*{}*\n", emphasised(c))?;
            }
            if let Some(c) = credit {
                writeln!(out, "*{}*\n", emphasised(&marked_credit(c, chinese)))?;
            }
        }
    }
    Ok(())
}

/// `credit` with `摄影：` or `Photo: ` before it unless it says already that it is one.
fn marked_credit(credit: &str, chinese: bool) -> String {
    if crate::import::is_picture_credit(credit) {
        credit.to_owned()
    } else if chinese {
        format!("摄影\u{FF1A}{credit}")
    } else {
        format!("Photo: {credit}")
    }
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
    // With front matter the title is there: pandoc would show it twice (its title block and
    // this heading; Title and Heading 1 in Word).
    match &doc.column {
        _ if options.front_matter => {}
        Some(column) => writeln!(
            out,
            "# {}{}{}\n",
            escape_markdown(column),
            labels.column_separator(),
            escape_markdown(title)
        )?,
        None => writeln!(out, "# {}\n", escape_markdown(title))?,
    }
    // pandoc shows the front matter's subtitle in its title block too.
    if let Some(subtitle) = doc.subtitle.as_ref().filter(|_| !options.front_matter) {
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
                    // A comment renders as nothing (a `---` drew a rule mid-article), and the
                    // importer reads it as the end of the turn.
                    writeln!(out, "<!-- -->\n")?;
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
                                write!(out, "**{}**\u{FF1A}", emphasised(name))?;
                            } else {
                                write!(out, "**{}:** ", emphasised(name))?;
                            }
                        }
                    }
                    writeln!(out, "{}\n", escape_markdown(p))?;
                }
                after_turn = true;
            }
            ViewBlock::Image {
                src,
                caption,
                credit,
                alt,
                ..
            } => {
                image(
                    out,
                    labels.chinese,
                    src.as_deref(),
                    caption.as_deref(),
                    credit.as_deref(),
                    alt.as_deref(),
                )?;
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
