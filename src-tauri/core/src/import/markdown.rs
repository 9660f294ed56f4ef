//! Markdown: Roundtable's own export and hand-written `**Name:** text` transcripts.
//!
//! pulldown-cmark resolves the markup (escapes, emphasis, images); the result is a list of
//! [`Line`]s with hints for the article builder, which does the rest.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Diagnostic;
use super::article::build;
use super::lines::{Hint, Line, clean};
use crate::model::Document;

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
    text.lines()
        .filter(|l| {
            l.starts_with("**")
                && (l.contains(":**")
                    || l.contains("\u{FF1A}**")
                    || l.contains("**:")
                    || l.contains("**\u{FF1A}"))
        })
        .count()
        >= 2
}

/// Parses Markdown into a document.
pub(super) fn parse(text: &str) -> (Document, Vec<Diagnostic>) {
    build(lines(text), true)
}

struct Collector {
    line_starts: Vec<usize>,
    lines: Vec<Line>,
    text: String,
    no: usize,
    /// The current block began with strong text: its content, until it closes.
    strong_label: Option<String>,
    in_strong: bool,
    strong_at_start: bool,
    saw_text_outside_emphasis: bool,
    image: Option<(String, String)>,
    in_image: bool,
    seen_block: bool,
}

impl Collector {
    fn line_no(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    fn start_block(&mut self, offset: usize) {
        self.text.clear();
        self.no = self.line_no(offset);
        self.strong_label = None;
        self.in_strong = false;
        self.strong_at_start = false;
        self.saw_text_outside_emphasis = false;
    }

    fn push_text(&mut self, s: &str, in_emphasis: bool) {
        if self.in_image {
            if let Some((_, alt)) = &mut self.image {
                alt.push_str(s);
            }
            return;
        }
        if self.in_strong && self.strong_at_start {
            self.strong_label
                .get_or_insert_with(String::new)
                .push_str(s);
        }
        if !in_emphasis && !s.trim().is_empty() {
            self.saw_text_outside_emphasis = true;
        }
        self.text.push_str(s);
    }

    /// Ends the current line (a block end or a hard break).
    fn flush(&mut self, hint: Hint) {
        let text = clean(&self.text);
        self.text.clear();
        let hint = match hint {
            Hint::Plain => self.label_hint(&text).unwrap_or(Hint::Plain),
            other => other,
        };
        let text = match &hint {
            Hint::Label { .. } => label_rest(&text),
            _ => text,
        };
        if !text.is_empty() || matches!(hint, Hint::Image { .. } | Hint::Break | Hint::Label { .. })
        {
            let previous_is_image = matches!(
                self.lines.last(),
                Some(Line {
                    hint: Hint::Image { .. },
                    ..
                })
            );
            let hint = if matches!(hint, Hint::Plain)
                && !self.saw_text_outside_emphasis
                && previous_is_image
            {
                Hint::Caption
            } else {
                hint
            };
            self.lines.push(Line {
                no: self.no,
                text,
                hint,
            });
        }
        self.strong_label = None;
        self.strong_at_start = false;
    }

    fn label_hint(&self, text: &str) -> Option<Hint> {
        let label = self.strong_label.as_deref()?.trim();
        let bare = label.trim_end_matches([':', '\u{FF1A}']).trim();
        let colon_inside = label.ends_with([':', '\u{FF1A}']);
        let after = text.get(label.len()..).unwrap_or("");
        let colon_after = after.trim_start().starts_with([':', '\u{FF1A}']);
        (!bare.is_empty() && (colon_inside || colon_after)).then(|| Hint::Label {
            label: bare.to_owned(),
        })
    }
}

/// The text after a `Name:` label.
fn label_rest(text: &str) -> String {
    match text
        .char_indices()
        .find(|(_, c)| *c == ':' || *c == '\u{FF1A}')
    {
        Some((i, c)) => clean(&text[i + c.len_utf8()..]),
        None => text.to_owned(),
    }
}

fn lines(text: &str) -> Vec<Line> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut c = Collector {
        line_starts,
        lines: Vec::new(),
        text: String::new(),
        no: 1,
        strong_label: None,
        in_strong: false,
        strong_at_start: false,
        saw_text_outside_emphasis: false,
        image: None,
        in_image: false,
        seen_block: false,
    };
    let mut emphasis_depth = 0usize;
    let mut in_metadata = false;
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock,
            ) => c.start_block(range.start),
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                if let Some((src, alt)) = c.image.take() {
                    let alt = clean(&alt);
                    let src = Some(src).filter(|s| !s.is_empty());
                    let rest = std::mem::take(&mut c.text);
                    c.lines.push(Line {
                        no: c.no,
                        text: String::new(),
                        hint: Hint::Image {
                            src,
                            alt: Some(alt).filter(|a| !a.is_empty()),
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
                c.flush(Hint::Item);
                c.seen_block = true;
            }
            Event::Rule => {
                c.no = c.line_no(range.start);
                c.flush(Hint::Break);
                c.seen_block = true;
            }
            Event::Start(Tag::Strong) => {
                c.in_strong = true;
                if c.text.trim().is_empty() && c.strong_label.is_none() {
                    c.strong_at_start = true;
                }
            }
            Event::End(TagEnd::Strong) => {
                c.in_strong = false;
                c.strong_at_start = false;
            }
            Event::Start(Tag::Emphasis) => emphasis_depth += 1,
            Event::End(TagEnd::Emphasis) => emphasis_depth = emphasis_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => {
                c.image = Some((dest_url.to_string(), String::new()));
                c.in_image = true;
            }
            Event::End(TagEnd::Image) => c.in_image = false,
            Event::Text(s)
            | Event::Code(s)
            | Event::InlineHtml(s)
            | Event::Html(s)
            | Event::InlineMath(s) => c.push_text(&s, emphasis_depth > 0),
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
    c.lines
}
