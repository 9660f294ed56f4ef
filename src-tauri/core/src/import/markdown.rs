//! Markdown: Roundtable's own export and hand-written `**Name:** text` transcripts.
//!
//! pulldown-cmark resolves the markup (escapes, emphasis, images); the result is a list of
//! [`Line`]s with hints for the article builder, which does the rest.

use std::borrow::Cow;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::article::build_titled;
use super::lines::{Hint, Line, clean};
use super::names::{MODERATOR_LABELS, in_list, plausible_name, split_label};
use super::{Diagnostic, front_matter};
use crate::model::{Document, is_cjk};

/// Whether `text` is probably Markdown rather than a pasted article.
pub(super) fn looks_like_markdown(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.starts_with("# ") || first == "---" {
        return true;
    }
    let labelled = text
        .lines()
        .filter(|l| {
            l.starts_with("**")
                && (l.contains(":**")
                    || l.contains("\u{FF1A}**")
                    || l.contains("**:")
                    || l.contains("**\u{FF1A}"))
        })
        .take(2)
        .count()
        >= 2;
    // `**Emma** [0:00] text`, `**Ali**  0:00`, `0:00:12.9 **Adam** text`: paragraphs that
    // begin with an emphasised short name.
    labelled
        || text
            .lines()
            .filter(|l| emphasised_name_start(l))
            .take(2)
            .count()
            >= 2
}

/// Whether a line begins (perhaps after a timestamp) with a short bold name followed by a
/// space, a timestamp, a colon or nothing.
fn emphasised_name_start(line: &str) -> bool {
    let mut l = line.trim_start();
    if l.starts_with(|c: char| c.is_ascii_digit())
        && let Some((stamp, rest)) = l.split_once(' ')
        && super::timed::parse_timestamp(stamp).is_some()
    {
        l = rest.trim_start();
    }
    let (marker, italic) = if l.starts_with("**") {
        ("**", false)
    } else {
        ("*", true)
    };
    let Some(r) = l.strip_prefix(marker) else {
        return false;
    };
    let Some(end) = r.find(marker) else {
        return false;
    };
    let (name, time) = split_label_time(r[..end].trim());
    let name = name.trim_start_matches('(').trim_end_matches(')');
    let after = &r[end + marker.len()..];
    (1..=40).contains(&name.chars().count())
        && plausible_name(name)
        && (!italic || time.is_some() || after.starts_with([':', '\u{FF1A}']))
        && (after.is_empty() || after.starts_with([' ', '\t', '[', '(', ':', '\u{FF1A}']))
}

/// `Joe Patti (00:51)` / `Speaker 1  0:00`: the name and the time written inside a label.
fn split_label_time(label: &str) -> (&str, Option<&str>) {
    if let Some(i) = label.rfind('(')
        && i > 0
        && label.ends_with(')')
        && super::timed::parse_timestamp(&label[i + 1..label.len() - 1]).is_some()
    {
        return (label[..i].trim(), Some(&label[i..]));
    }
    if let Some((name, t)) = label.rsplit_once(char::is_whitespace)
        && t.contains(':')
        && super::timed::parse_timestamp(t).is_some()
    {
        return (name.trim(), Some(t));
    }
    (label, None)
}

/// Parses Markdown into a document.
pub(super) fn parse(text: &str) -> (Document, Vec<Diagnostic>) {
    // The front matter is cut out here rather than by pulldown-cmark, which does not end a
    // metadata block that holds blank lines (a quoted YAML value may): its lines become
    // empty lines, so line numbers stay those of the file.
    let (body, front_text) = split_front_matter(text);
    let (lines, front) = lines(&body);
    let front = front_text.or(front);
    let title_given = front
        .as_deref()
        .is_some_and(|y| y.lines().any(|l| l.starts_with("title:")));
    let (mut doc, mut diags) = build_titled(lines, true, title_given);
    if let Some(yaml) = front {
        front_matter::apply(&mut doc, &yaml, &mut diags);
    }
    (doc, diags)
}

struct Collector {
    line_starts: Vec<usize>,
    lines: Vec<Line<'static>>,
    text: String,
    no: usize,
    /// The current block began with strong text: its content, until it closes.
    strong_label: Option<String>,
    in_strong: bool,
    strong_at_start: bool,
    saw_text_outside_emphasis: bool,
    /// The image of this paragraph: its source, bracketed text and title.
    image: Option<(String, String, String)>,
    in_image: bool,
    seen_block: bool,
    /// Soft line breaks in `text`: (byte offset of the next line, its line number).
    soft_breaks: Vec<(usize, usize)>,
    /// Strong spans in `text`: (start, end) byte offsets.
    strong_spans: Vec<(usize, usize)>,
    /// The label being collected is italic, not bold: it needs a colon or a time.
    italic_label: bool,
}

impl Collector {
    fn line_no(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    fn start_block(&mut self, offset: usize) {
        self.text.clear();
        self.soft_breaks.clear();
        self.strong_spans.clear();
        self.no = self.line_no(offset);
        self.strong_label = None;
        self.in_strong = false;
        self.strong_at_start = false;
        self.saw_text_outside_emphasis = false;
        self.italic_label = false;
    }

    fn push_text(&mut self, s: &str, in_emphasis: bool) {
        if self.in_image {
            if let Some((_, alt, _)) = &mut self.image {
                alt.push_str(s);
            }
            return;
        }
        if self.in_strong && self.strong_at_start {
            self.strong_label
                .get_or_insert_with(String::new)
                .push_str(s);
        }
        if !in_emphasis && !super::lines::trim(s).is_empty() {
            self.saw_text_outside_emphasis = true;
        }
        self.text.push_str(s);
    }

    /// Ends the current block (or line, at a hard break). A hand-written transcript often
    /// has no blank line between turns: a soft-wrapped line that starts with a label
    /// (`**Name:**`, `**Name**:`, `Name:`) starts a new line.
    fn flush(&mut self, hint: Hint) {
        if !matches!(hint, Hint::Plain) || self.soft_breaks.is_empty() {
            if let Cow::Owned(joined) = join_soft_breaks(&self.text) {
                self.text = joined;
            }
            self.soft_breaks.clear();
            return self.flush_line(hint);
        }
        let text = std::mem::take(&mut self.text);
        let breaks = std::mem::take(&mut self.soft_breaks);
        let spans = std::mem::take(&mut self.strong_spans);
        // (start offset, line number, bold label) of each line to emit.
        let mut cuts: Vec<(usize, usize, Option<String>)> = vec![(0, self.no, None)];
        // Breaks and strong spans are both in text order, so one pass over each finds every
        // line's end and its leading bold span: a paragraph of many lines stays linear.
        let mut span = 0;
        for (k, &(at, no)) in breaks.iter().enumerate() {
            let end = breaks.get(k + 1).map_or(text.len(), |&(b, _)| b - 1);
            let segment = text.get(at..end).unwrap_or("");
            let lead = segment.len() - segment.trim_start().len();
            while spans.get(span).is_some_and(|&(s, _)| s < at + lead) {
                span += 1;
            }
            let bold = spans
                .get(span)
                .filter(|&&(s, _)| s == at + lead)
                .and_then(|&(s, e)| text.get(s..e))
                .map(str::to_owned);
            let starts_turn = match &bold {
                Some(b) => {
                    let after = text.get(at + lead + b.len()..end).unwrap_or("");
                    b.trim_end().ends_with([':', '\u{FF1A}'])
                        || after.trim_start().starts_with([':', '\u{FF1A}'])
                }
                None => split_label(segment.trim()).is_some_and(|(label, _)| {
                    plausible_name(label) || in_list(MODERATOR_LABELS, label)
                }),
            };
            if starts_turn {
                cuts.push((at, no, bold));
            }
        }
        let first_label = self.strong_label.take();
        for (k, &(start, no, ref bold)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(text.len(), |c| c.0);
            self.text = join_soft_breaks(text.get(start..end).unwrap_or("")).into_owned();
            self.no = no;
            self.strong_label = if k == 0 {
                first_label.clone()
            } else {
                bold.clone()
            };
            self.flush_line(Hint::Plain);
        }
    }

    fn flush_line(&mut self, hint: Hint) {
        // One exact copy; the buffer keeps its capacity for the next line. Empty emphasis
        // (`****`) left by a page's editor goes.
        let text = clean(&self.text);
        let text = if text.contains("****") {
            clean(&text.replace("****", ""))
        } else {
            text
        };
        self.text.clear();
        let (hint, text) = match hint {
            Hint::Plain => match self.label_hint(&text) {
                Some((hint, rest)) => (hint, rest),
                None => (Hint::Plain, text),
            },
            other => (other, text),
        };
        if !text.is_empty() || matches!(hint, Hint::Image { .. } | Hint::Break | Hint::Label { .. })
        {
            let n = self.lines.len();
            let hint_at = |i: Option<usize>| i.and_then(|i| self.lines.get(i)).map(|l| &l.hint);
            let previous_is_image = matches!(hint_at(n.checked_sub(1)), Some(Hint::Image { .. }));
            let previous_is_caption = matches!(hint_at(n.checked_sub(1)), Some(Hint::Caption))
                && matches!(hint_at(n.checked_sub(2)), Some(Hint::Image { .. }));
            let emphasised = matches!(hint, Hint::Plain) && !self.saw_text_outside_emphasis;
            let hint = if emphasised && previous_is_image {
                Hint::Caption
            } else if emphasised && previous_is_caption {
                Hint::Credit
            } else {
                hint
            };
            self.lines.push(Line {
                no: self.no,
                text: text.into(),
                hint,
            });
        }
        self.strong_label = None;
        self.strong_at_start = false;
        self.italic_label = false;
    }

    /// A bold label at the start of the line, and the line's text after it: `**Name:**`,
    /// `**Name**:`, and a bold name alone or followed by a timestamp (`**Emma** [0:00] text`,
    /// `**Ali**  0:00`, `0:00:12.9 **Adam** text`, `**(Kelly)** text`). A timestamp stays at
    /// the front of the text for the builder to read.
    fn label_hint(&self, text: &str) -> Option<(Hint, String)> {
        let label = super::lines::trim(self.strong_label.as_deref()?);
        let at = text.find(label)?;
        let lead = text[..at].trim();
        if !lead.is_empty() && super::timed::parse_timestamp(lead).is_none() {
            return None;
        }
        let bare = super::lines::trim(label.trim_end_matches([':', '\u{FF1A}']));
        if bare.is_empty() {
            return None;
        }
        let after = &text[at + label.len()..];
        let colon_inside = label.ends_with([':', '\u{FF1A}']);
        let colon_after = after.trim_start().starts_with([':', '\u{FF1A}']);
        let with_lead = |rest: &str| {
            let rest = rest.trim();
            if lead.is_empty() {
                rest.to_owned()
            } else {
                format!("{lead} {rest}").trim().to_owned()
            }
        };
        if (colon_inside || colon_after) && !self.italic_label {
            let rest = after.trim_start().trim_start_matches([':', '\u{FF1A}']);
            return Some((
                Hint::Label {
                    label: bare.to_owned(),
                },
                with_lead(rest),
            ));
        }
        let bracketed = bare.starts_with('(') && bare.ends_with(')');
        // `*Joe Patti (00:51)*`, `**Speaker 1  0:00**`: the time inside the emphasis.
        let (bare, inner_time) = if bracketed {
            (bare, None)
        } else {
            split_label_time(bare)
        };
        let name = bare.trim_start_matches('(').trim_end_matches(')').trim();
        let names_ok = plausible_name(name)
            || (name.contains(" & ") && name.split(" & ").all(|n| plausible_name(n.trim())));
        if !names_ok || name.chars().count() > 40 {
            return None;
        }
        let timed = after
            .trim_start()
            .split(|c: char| c.is_whitespace())
            .next()
            .map(|w| w.trim_matches(['[', ']', '(', ')']))
            .is_some_and(|w| w.contains(':') && super::timed::parse_timestamp(w).is_some());
        let timed = timed || inner_time.is_some();
        if self.italic_label && !timed {
            return None;
        }
        if !(timed || bracketed || !lead.is_empty() || after.trim().is_empty()) {
            return None;
        }
        let after = match inner_time {
            Some(t) => format!("{t} {after}"),
            None => after.to_owned(),
        };
        Some((
            Hint::Label {
                label: name.to_owned(),
            },
            with_lead(&after),
        ))
    }
}

/// Soft breaks (marked NUL) become a space, or nothing between two CJK characters.
fn join_soft_breaks(text: &str) -> Cow<'_, str> {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let wide = |c: Option<char>| c.is_some_and(|c| is_cjk(c) || c as u32 >= 0x3000);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{0}' {
            let before = out.trim_end().chars().next_back();
            if !(wide(before) && wide(chars.peek().copied())) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A leading `---` … `---` (or `...`) block: the text with that block's lines emptied, and
/// the block's YAML.
fn split_front_matter(text: &str) -> (Cow<'_, str>, Option<String>) {
    let t = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = super::lines::lines(t);
    if lines.next().map(str::trim_end) != Some("---") {
        return (Cow::Borrowed(text), None);
    }
    let mut yaml = String::new();
    let mut count = 1;
    for line in lines {
        count += 1;
        if matches!(line.trim_end(), "---" | "...") {
            let offset = text.len() - t.len();
            let mut end = offset;
            for _ in 0..count {
                end += memchr::memchr(b'\n', &text.as_bytes()[end..])
                    .map_or(text.len() - end, |i| i + 1);
            }
            let mut body = "\n".repeat(count);
            body.push_str(&text[end.min(text.len())..]);
            return (Cow::Owned(body), Some(yaml));
        }
        yaml.push_str(line);
        yaml.push('\n');
    }
    (Cow::Borrowed(text), None)
}

/// The lines of the body, and the front matter's text if there is one.
fn lines(text: &str) -> (Vec<Line<'static>>, Option<String>) {
    let mut line_starts = Vec::with_capacity(super::lines::count(text, b'\n') + 1);
    line_starts.push(0);
    line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    let mut c = Collector {
        // About one logical line per two of the source (paragraphs are blank-separated).
        lines: Vec::with_capacity(line_starts.len() / 2 + 1),
        line_starts,
        text: String::new(),
        no: 1,
        strong_label: None,
        in_strong: false,
        strong_at_start: false,
        saw_text_outside_emphasis: false,
        image: None,
        in_image: false,
        seen_block: false,
        soft_breaks: Vec::new(),
        strong_spans: Vec::new(),
        italic_label: false,
    };
    let mut emphasis_depth = 0usize;
    // List items open around the current event.
    let mut items = 0usize;
    let mut in_metadata = false;
    let mut front: Option<String> = None;
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                in_metadata = true;
                front.get_or_insert_with(String::new);
            }
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(s) if in_metadata => {
                if let Some(f) = &mut front {
                    f.push_str(&s);
                }
            }
            _ if in_metadata => {}
            Event::Start(
                tag @ (Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock),
            ) => {
                // In a tight list an item's own text has no paragraph around it: a nested
                // list (or code) inside the item starts before the item ends, and would
                // clear that text. It becomes a line of its own first: nested lists are
                // flattened, never emptied.
                if items > 0 && !super::lines::trim(&c.text).is_empty() {
                    c.flush(Hint::Item);
                }
                if matches!(tag, Tag::Item) {
                    items += 1;
                }
                c.start_block(range.start);
            }
            Event::End(TagEnd::HtmlBlock) if comment(&c.text).is_some() => {
                // A comment renders as nothing: `<!-- image: alt -->` is an empty picture
                // slot (as Roundtable writes one), any other ends the turn before it.
                let body = comment(&c.text).unwrap_or_default().to_owned();
                c.text.clear();
                match body.strip_prefix("image") {
                    Some(rest) if rest.is_empty() || rest.starts_with(':') => {
                        let alt = clean(rest.trim_start_matches(':'));
                        c.lines.push(Line {
                            no: c.no,
                            text: String::new().into(),
                            hint: Hint::Image {
                                src: None,
                                alt: Some(alt).filter(|a| !a.is_empty()),
                            },
                        });
                    }
                    _ => c.flush(Hint::Break),
                }
                c.seen_block = true;
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                if let Some((src, bracketed, title)) = c.image.take() {
                    // `![caption](src "alt")`, as pandoc and web formatters read a figure;
                    // `![](src "alt")` has only alt text.
                    let bracketed = clean(&bracketed);
                    let title = clean(&title);
                    let src = Some(src).filter(|s| !s.is_empty());
                    let rest = std::mem::take(&mut c.text);
                    // The bracketed text waits in the line's text: whether it is the caption
                    // or the alt text depends on what follows (see `figures`).
                    c.lines.push(Line {
                        no: c.no,
                        text: bracketed.into(),
                        hint: Hint::Image {
                            src,
                            alt: Some(title).filter(|a| !a.is_empty()),
                        },
                    });
                    c.text = rest;
                }
                c.flush(Hint::Plain);
                c.seen_block = true;
            }
            Event::End(TagEnd::Heading(level)) => {
                let hint = if level == HeadingLevel::H1 && !c.seen_block {
                    Hint::Title
                } else {
                    Hint::Heading
                };
                c.flush(hint);
                c.seen_block = true;
            }
            Event::End(TagEnd::Item) => {
                items = items.saturating_sub(1);
                c.flush(Hint::Item);
                c.seen_block = true;
            }
            Event::Rule => {
                c.no = c.line_no(range.start);
                c.flush(Hint::Break);
                c.seen_block = true;
            }
            Event::Start(Tag::Strong) => {
                c.strong_spans.push((c.text.len(), c.text.len()));
                c.in_strong = true;
                let lead = c.text.trim();
                if (lead.is_empty() || super::timed::parse_timestamp(lead).is_some())
                    && c.strong_label.is_none()
                {
                    c.strong_at_start = true;
                }
            }
            Event::End(TagEnd::Strong) => {
                let end = c.text.len();
                if let Some(span) = c.strong_spans.last_mut() {
                    span.1 = end;
                }
                c.in_strong = false;
                c.strong_at_start = false;
            }
            Event::Start(Tag::Emphasis) => {
                emphasis_depth += 1;
                // `*Joe Patti (00:51)*`: an italic name at the start labels like a bold one.
                if !c.in_strong && c.text.trim().is_empty() && c.strong_label.is_none() {
                    c.in_strong = true;
                    c.strong_at_start = true;
                    c.italic_label = true;
                }
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis_depth = emphasis_depth.saturating_sub(1);
                if c.italic_label {
                    c.in_strong = false;
                    c.strong_at_start = false;
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                c.image = Some((dest_url.to_string(), String::new(), title.to_string()));
                c.in_image = true;
            }
            Event::End(TagEnd::Image) => c.in_image = false,
            // Leftover page markup: `<br />` is a space, other tags go.
            Event::InlineHtml(s) | Event::Html(s) => {
                let tidy = super::article::tidy(&s).replace('\n', " ");
                c.push_text(&tidy, emphasis_depth > 0);
            }
            Event::Text(s) | Event::Code(s) | Event::InlineMath(s) => {
                if s.contains("****") {
                    c.push_text(&s.replace("****", ""), emphasis_depth > 0);
                } else {
                    c.push_text(&s, emphasis_depth > 0);
                }
            }
            Event::SoftBreak if !c.in_image => {
                // A NUL marks the break; it becomes a space unless a label follows.
                c.push_text("\u{0}", emphasis_depth > 0);
                let next = c.line_no(range.end);
                let at = c.text.len();
                c.soft_breaks.push((at, next));
            }
            Event::SoftBreak => c.push_text(" ", emphasis_depth > 0),
            Event::HardBreak => {
                let no = c.no;
                c.flush(Hint::Plain);
                c.start_block(range.end);
                c.no = no + 1;
            }
            _ => {}
        }
    }
    (figures(c.lines), front)
}

/// Settles what each picture's texts are. `![caption](src "alt")` and `![caption](src)` alone
/// are figures whose bracketed text is the caption (as pandoc and web formatters read them);
/// followed by an italic line that is not a credit, the bracketed text is the alt text and the
/// italic line the caption (the common hand-written form). An italic line that starts like a
/// credit (`摄影：`, `Photo: `) is the credit; the writer's own `摄影：`/`Photo: ` is taken off.
fn figures(lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    let is_credit = super::names::is_picture_credit;
    let mut out: Vec<Line<'static>> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter().peekable();
    while let Some(mut line) = lines.next() {
        match &mut line.hint {
            Hint::Image { alt, .. } => {
                let bracketed = std::mem::take(&mut line.text).into_owned();
                let italic_caption = lines
                    .peek()
                    .is_some_and(|n| n.hint == Hint::Caption && !is_credit(&n.text));
                let no = line.no;
                if italic_caption {
                    if alt.is_none() && !bracketed.is_empty() {
                        *alt = Some(bracketed);
                    }
                    out.push(line);
                } else {
                    out.push(line);
                    if !bracketed.is_empty() {
                        out.push(Line {
                            no,
                            text: bracketed.into(),
                            hint: Hint::Caption,
                        });
                    }
                }
            }
            Hint::Caption | Hint::Credit if is_credit(&line.text) => {
                let text = line.text.into_owned();
                let text = text
                    .strip_prefix("摄影\u{FF1A}")
                    .or_else(|| text.strip_prefix("Photo: "))
                    .map_or(text.clone(), str::to_owned);
                out.push(Line {
                    no: line.no,
                    text: text.into(),
                    hint: Hint::Credit,
                });
            }
            // A second italic line that is no credit is text of its own.
            Hint::Credit => {
                line.hint = Hint::Plain;
                out.push(line);
            }
            _ => out.push(line),
        }
    }
    out
}

/// The inside of `text` when it is one HTML comment and nothing else, trimmed.
fn comment(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    (!inner.contains("-->")).then(|| inner.trim())
}
