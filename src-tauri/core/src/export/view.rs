//! The document as an export sees it: options applied (topic filter, labels, timecodes,
//! image sources), every string still plain text. Templates get this as their context;
//! the Markdown and DOCX writers read it too, so every format agrees on what is shown.

use serde::Serialize;

use super::{ExportOptions, ImageMode, LabelForm, Labels, Style};
use crate::model::{Block, Document, Participant, Role};

/// Where an export finds the bytes of an image block's asset.
pub trait AssetSource {
    /// The image's bytes and MIME type, or `None` when it is missing.
    fn image(&self, name: &str) -> Option<(Vec<u8>, &'static str)>;
}

/// No images at all: every asset is missing (converting a file outside a library).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAssets;

impl AssetSource for NoAssets {
    fn image(&self, _name: &str) -> Option<(Vec<u8>, &'static str)> {
        None
    }
}

impl AssetSource for crate::store::Library {
    fn image(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        self.asset(name)
            .ok()
            .map(|(bytes, kind)| (bytes, kind.mime()))
    }
}

/// The words around the content, in the document's language.
#[derive(Debug, Clone, Serialize)]
pub struct ViewText {
    /// The guest list's heading: the source's (`观察嘉宾`, `Panelists`), else `嘉宾` /
    /// `Guests`.
    pub guests: String,
    /// `主持人` / `Moderator`.
    pub moderator: &'static str,
    /// `话题` / `Tags`.
    pub topics: &'static str,
    /// The colon after a label (`:` full-width, or `: `).
    pub colon: &'static str,
    /// Between the column and the title.
    pub column_separator: &'static str,
    /// Between list items (`、` / `, `).
    pub list_separator: &'static str,
    /// Between a name and its details (an ideographic space, or `, `).
    pub detail_separator: &'static str,
}

/// A participant, with the details joined the way the language writes them.
#[derive(Debug, Clone, Serialize)]
pub struct ViewParticipant {
    /// Participant id.
    pub id: String,
    /// Name as printed.
    pub name: String,
    /// `moderator`, `guest` or `other`.
    pub role: Role,
    /// The role in the document's language; for a guest, the source's word when its guest
    /// list had its own heading (see [`Labels::guest_word`]).
    pub role_label: String,
    /// Job title.
    pub title: Option<String>,
    /// Organisation.
    pub organization: Option<String>,
    /// Title and organisation joined (`市总工会研究室主任`, `Editor, The Ledger`), or empty.
    pub details: String,
}

/// One block as shown.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ViewBlock {
    /// Narration.
    Paragraph {
        /// Plain text.
        text: String,
    },
    /// A section heading.
    Heading {
        /// Plain text.
        text: String,
    },
    /// A turn.
    Turn {
        /// Participant id.
        speaker: String,
        /// The speaker's role.
        role: Role,
        /// Whether the speaker moderates (for styling).
        moderator: bool,
        /// The label to print, or `None` when the turn continues without one.
        label: Option<String>,
        /// The start timecode (`03:25`, `1:02:03`) when timecodes are shown and known.
        time: Option<String>,
        /// The paragraphs.
        paragraphs: Vec<String>,
        /// Topic tags on the turn.
        topics: Vec<String>,
    },
    /// An image with its caption.
    Image {
        /// The image's address (`assets/<name>` or a `data:` URI), or `None` for a slot.
        src: Option<String>,
        /// The asset name, when there is one.
        asset: Option<String>,
        /// Caption.
        caption: Option<String>,
        /// Photographer or agency.
        credit: Option<String>,
        /// Alternative text.
        alt: Option<String>,
    },
}

/// One credit line.
#[derive(Debug, Clone, Serialize)]
pub struct ViewCredit {
    /// `author`, `editor`, `photo`, `source`, `other`.
    pub role: crate::model::CreditRole,
    /// The role in the document's language.
    pub label: &'static str,
    /// Who.
    pub name: String,
}

/// The template context: a document with the export options applied.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// BCP 47 tag (`und` when unknown).
    pub lang: String,
    /// Chinese typography and labels.
    pub chinese: bool,
    /// The style's name.
    pub style: &'static str,
    /// The headline (a fallback when empty).
    pub title: String,
    /// Deck.
    pub subtitle: Option<String>,
    /// Column or series.
    pub column: Option<String>,
    /// Document topics.
    pub topics: Vec<String>,
    /// The date from the options.
    pub date: Option<String>,
    /// Everyone who speaks.
    pub participants: Vec<ViewParticipant>,
    /// The body after the topic filter.
    pub blocks: Vec<ViewBlock>,
    /// Credit lines.
    pub credits: Vec<ViewCredit>,
    /// Words (counted as Microsoft Word does) in the whole document.
    pub words: u64,
    /// Whether the WeChat fragment starts with the title (see `ExportOptions::wechat_title`).
    pub wechat_title: bool,
    /// The words around the content.
    pub text: ViewText,
}

/// Closes the bidi embeddings, overrides and isolates `text` opens and leaves open, so a
/// right-to-left override in one name or paragraph cannot reorder what follows it.
pub fn contain_bidi(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut open = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}'..='\u{2068}' => open.push('\u{2069}'),
            '\u{202C}' if open.last() == Some(&'\u{202C}') => {
                open.pop();
            }
            '\u{2069}' => {
                // A pop-directional-isolate also closes the embeddings opened inside it.
                if let Some(i) = open.iter().rposition(|&c| c == '\u{2069}') {
                    open.truncate(i);
                }
            }
            _ => {}
        }
    }
    let mut out = text.to_owned();
    out.extend(open.iter().rev());
    std::borrow::Cow::Owned(out)
}

fn t(text: &str) -> String {
    contain_bidi(text).into_owned()
}

fn opt(text: &Option<String>) -> Option<String> {
    text.as_deref().map(t)
}

/// `83.5` seconds as `01:23`, `3723` as `1:02:03`.
pub fn timecode(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Title and organisation joined as the language writes them.
pub(crate) fn details(p: &Participant, labels: Labels) -> String {
    let parts: Vec<&str> = [&p.title, &p.organization]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
        .collect();
    parts.join(if labels.chinese { " " } else { ", " })
}

/// The English surname (last word) when it tells this participant from the others;
/// otherwise the whole name. Chinese names are already short.
fn short_name(doc: &Document, p: &Participant, labels: Labels) -> String {
    if labels.chinese {
        return p.name.clone();
    }
    let last = |name: &str| name.split_whitespace().last().map(str::to_owned);
    match last(&p.name) {
        Some(surname)
            if p.name.split_whitespace().count() > 1
                && doc
                    .participants
                    .iter()
                    .filter(|o| last(&o.name).as_deref() == Some(surname.as_str()))
                    .count()
                    == 1 =>
        {
            surname
        }
        _ => p.name.clone(),
    }
}

fn parenthesized(name: &str, inner: &str, labels: Labels) -> String {
    if labels.chinese {
        format!("{name}\u{FF08}{inner}\u{FF09}")
    } else {
        format!("{name} ({inner})")
    }
}

/// Whether the export is Markdown: its default labels are plain names, which the Markdown
/// importer reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Markdown.
    Markdown,
    /// HTML, inline HTML, DOCX.
    Rich,
}

impl View {
    /// Applies `options` to `doc`; `assets` supplies images when they are embedded.
    pub fn new(doc: &Document, options: &ExportOptions, assets: &dyn AssetSource) -> View {
        View::build(doc, options, assets, Target::Rich)
    }

    pub(crate) fn build(
        doc: &Document,
        options: &ExportOptions,
        assets: &dyn AssetSource,
        target: Target,
    ) -> View {
        let labels = Labels::for_language(&doc.language);
        // Asked for, else as the source labelled its speakers, else the format's usual.
        let form = options
            .labels
            .or(doc.speaker_labels)
            .unwrap_or(match (options.style, target) {
                (Style::Transcript, _) | (_, Target::Markdown) => LabelForm::Name,
                _ => LabelForm::Full,
            });
        let heading = doc
            .guest_heading
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(t);
        let timecodes = options.shows_timecodes();
        let transcript = options.style == Style::Transcript;
        let filtered = !options.topics.is_empty();
        let keep = keep_mask(doc, &options.topics);

        let mut mentioned = std::collections::HashSet::new();
        let mut blocks = Vec::with_capacity(doc.blocks.len());
        let mut last_speaker: Option<&str> = None;
        // Text (a left-out slot's caption) came between a turn and its continuation: the
        // continuation names its speaker again, or it would read as that text's.
        let mut relabel = false;
        for (block, _) in doc.blocks.iter().zip(&keep).filter(|(_, k)| **k) {
            match block {
                Block::Paragraph { text, .. } => {
                    last_speaker = None;
                    blocks.push(ViewBlock::Paragraph { text: t(text) });
                }
                Block::Heading { text, .. } => {
                    last_speaker = None;
                    blocks.push(ViewBlock::Heading { text: t(text) });
                }
                Block::Turn {
                    speaker,
                    paragraphs,
                    start,
                    topics,
                    continues,
                    ..
                } => {
                    let who = doc.participant(speaker);
                    let silent = *continues
                        && !std::mem::take(&mut relabel)
                        && !transcript
                        && (!filtered || last_speaker == Some(speaker.as_str()));
                    let label = (!silent).then(|| match who {
                        None => t(speaker),
                        Some(p) => t(&label(doc, p, form, labels, &mut mentioned)),
                    });
                    last_speaker = Some(speaker);
                    blocks.push(ViewBlock::Turn {
                        speaker: speaker.clone(),
                        role: who.map_or(Role::Other, |p| p.role),
                        moderator: who.is_some_and(|p| p.role == Role::Moderator),
                        label,
                        time: start.filter(|_| timecodes).map(timecode),
                        paragraphs: paragraphs.iter().map(|p| t(p)).collect(),
                        topics: topics.iter().map(|p| t(p)).collect(),
                    });
                }
                Block::Image {
                    asset,
                    caption,
                    credit,
                    alt,
                    ..
                } => {
                    let base = options
                        .image_base_url
                        .as_deref()
                        .map(|b| b.trim().trim_end_matches('/'))
                        .filter(|b| !b.is_empty());
                    let src = asset.as_deref().map(|a| match (base, options.images) {
                        (Some(base), _) => format!("{base}/{}", &asset_path(a)["assets/".len()..]),
                        (None, ImageMode::Embed) => match assets.image(a) {
                            Some((bytes, mime)) => {
                                format!("data:{mime};base64,{}", super::base64(&bytes))
                            }
                            None => asset_path(a),
                        },
                        (None, ImageMode::Folder) => asset_path(a),
                    });
                    if src.is_none() && !options.empty_image_slots {
                        // An empty slot is left out; its caption is text the author wrote.
                        if let Some(c) = opt(caption) {
                            relabel = true;
                            blocks.push(ViewBlock::Paragraph { text: c });
                        }
                        continue;
                    }
                    blocks.push(ViewBlock::Image {
                        src,
                        asset: asset.clone(),
                        caption: opt(caption),
                        credit: opt(credit),
                        alt: opt(alt),
                    });
                }
            }
        }

        View {
            lang: if doc.language.is_empty() {
                "und".into()
            } else {
                doc.language.clone()
            },
            chinese: labels.chinese,
            style: options.style.name(),
            title: if doc.title.is_empty() {
                labels.untitled().into()
            } else {
                t(&doc.title)
            },
            subtitle: opt(&doc.subtitle),
            column: opt(&doc.column),
            topics: doc.topics.iter().map(|p| t(p)).collect(),
            date: options.date.clone(),
            participants: doc
                .participants
                .iter()
                .map(|p| ViewParticipant {
                    id: p.id.clone(),
                    name: t(&p.name),
                    role: p.role,
                    role_label: match (p.role, &heading) {
                        (Role::Guest, Some(h)) => labels.guest_word(h),
                        (role, _) => labels.role(role).to_owned(),
                    },
                    title: opt(&p.title),
                    organization: opt(&p.organization),
                    details: t(&details(p, labels)),
                })
                .collect(),
            blocks,
            credits: doc
                .credits
                .iter()
                .map(|c| ViewCredit {
                    role: c.role,
                    label: labels.credit(c.role),
                    name: t(&c.name),
                })
                .collect(),
            words: doc.count().words,
            wechat_title: options.wechat_title,
            text: ViewText {
                guests: heading.unwrap_or_else(|| labels.guests().to_owned()),
                moderator: labels.role(Role::Moderator),
                topics: labels.topics(),
                colon: labels.colon(),
                column_separator: labels.column_separator(),
                list_separator: labels.list_separator(),
                detail_separator: if labels.chinese { "\u{3000}" } else { ", " },
            },
        }
    }
}

/// `assets/<name>` with everything but unreserved URL characters percent-encoded, so a
/// hostile asset name stays one harmless relative path.
pub fn asset_path(name: &str) -> String {
    let mut s = String::from("assets/");
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn label(
    doc: &Document,
    p: &Participant,
    form: LabelForm,
    labels: Labels,
    mentioned: &mut std::collections::HashSet<String>,
) -> String {
    match form {
        LabelForm::Name => p.name.clone(),
        LabelForm::NameRole => parenthesized(&p.name, labels.role(p.role), labels),
        LabelForm::Role => {
            if doc.participants.iter().filter(|o| o.role == p.role).count() == 1 {
                labels.role(p.role).to_owned()
            } else {
                parenthesized(&p.name, labels.role(p.role), labels)
            }
        }
        // The common newsroom style: `主持人：` before the host's questions, names for the
        // guests. Two hosts are told apart by name.
        LabelForm::HostRole => {
            let hosts = doc
                .participants
                .iter()
                .filter(|o| o.role == Role::Moderator)
                .count();
            if p.role == Role::Moderator && hosts == 1 {
                labels.role(Role::Moderator).to_owned()
            } else {
                p.name.clone()
            }
        }
        LabelForm::Full => {
            if mentioned.insert(p.id.clone()) {
                let d = details(p, labels);
                if d.is_empty() {
                    p.name.clone()
                } else {
                    parenthesized(&p.name, &d, labels)
                }
            } else {
                short_name(doc, p, labels)
            }
        }
    }
}

/// Which blocks a topic filter keeps: turns tagged with one of `topics`, images right after
/// a kept turn, headings with a kept turn under them, and the narration before the first
/// turn (the lead).
fn keep_mask(doc: &Document, topics: &[String]) -> Vec<bool> {
    if topics.is_empty() {
        return vec![true; doc.blocks.len()];
    }
    let tagged = |b: &Block| match b {
        Block::Turn { topics: t, .. } => t.iter().any(|t| topics.contains(t)),
        _ => false,
    };
    let first_turn = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Turn { .. }))
        .unwrap_or(doc.blocks.len());
    let mut keep = vec![false; doc.blocks.len()];
    let mut after_kept_turn = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        keep[i] = match b {
            Block::Turn { .. } => tagged(b),
            Block::Image { .. } => after_kept_turn,
            Block::Paragraph { .. } => i < first_turn,
            Block::Heading { .. } => doc.blocks[i + 1..]
                .iter()
                .take_while(|n| !matches!(n, Block::Heading { .. }))
                .any(tagged),
        };
        match b {
            Block::Turn { .. } => after_kept_turn = keep[i],
            Block::Image { .. } => {}
            _ => after_kept_turn = false,
        }
    }
    keep
}
