//! Timed cues (subtitles, transcription segments, Otter blocks) to a document of turns.
//!
//! Every timed importer produces [`Cue`]s: a speaker label if the source has one, start and
//! end in seconds, and the text. [`build`] turns them into a document:
//!
//! - Consecutive cues of one speaker merge into one turn, `start` from the first cue and
//!   `end` from the last. A new paragraph starts where the cue says so (Otter paragraphs) or
//!   after a pause of [`PARAGRAPH_PAUSE`] seconds or more.
//! - A cue without a speaker continues the previous speaker. Cues before the first labelled
//!   one go to a participant named `Speaker` (role `other`), with a warning.
//! - Participants are named exactly as the source labels them (`SPEAKER_00`, `Speaker 1`,
//!   `Dana`), matched without regard to case.
//! - The moderator is the speaker labelled with a role word (`Host`, `Moderator`,
//!   `Interviewer`, `主持人`, `记者`, `Q`…). Failing that, with two speakers or more, the
//!   first speaker who mostly asks questions: at least two turns, at least half of them
//!   with a question mark, and a share of questions at least 0.2 above every other
//!   speaker's. An info diagnostic says so; everyone else is a guest.

use std::collections::HashMap;

use super::article::detect_language;
use super::lines::trim;
use super::names::{
    ANSWER_LABELS, MODERATOR_LABELS, QUESTION_LABELS, VOICE_OVER_LABELS, in_list, plausible_name,
    split_label,
};
use super::{Diagnostic, MAX_PARTICIPANTS, ModeratorEvidence, Note, local_id};
use crate::model::{Block, Document, Participant, Role, is_cjk};

/// A pause this long (seconds) between two cues of one speaker starts a new paragraph.
pub(super) const PARAGRAPH_PAUSE: f64 = 2.0;

/// The name given to cues that come before any speaker label.
const UNKNOWN_SPEAKER: &str = "Speaker";

/// One cue of a timed source.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Cue {
    /// 1-based line of the input where the cue starts (0 when the source has no lines).
    pub line: usize,
    /// The speaker label, as the source writes it.
    pub speaker: Option<String>,
    /// Start in seconds.
    pub start: Option<f64>,
    /// End in seconds.
    pub end: Option<f64>,
    /// Plain text.
    pub text: String,
    /// Starts a new paragraph even when the speaker goes on.
    pub paragraph: bool,
    /// The speaker comes from a `Name:` prefix in the text, not from the format's own
    /// speaker field: a one-off single word (`Tonight: …`) is text after all.
    pub guessed: bool,
}

/// What a timed importer hands over besides its cues.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The title, if the source has one.
    pub title: String,
    /// Narration before the cues (an Otter file's preamble).
    pub prelude: Vec<String>,
    /// The language tag the source declares.
    pub language: Option<String>,
    /// Topics the source lists (a minutes export's `关键词:`).
    pub topics: Vec<String>,
}

/// Seconds from `hh:mm:ss.fff`, `mm:ss,fff`, `h:mm:ss` or `m:ss`; `None` for anything else.
pub(super) fn parse_timestamp(text: &str) -> Option<f64> {
    // Byte by byte: this runs twice per cue.
    let bytes = trim(text).as_bytes();
    let mut parts = [0u64; 3];
    let mut n = 0usize;
    let mut digits = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b @ b'0'..=b'9' => {
                digits += 1;
                if digits > 3 {
                    return None;
                }
                parts[n] = parts[n] * 10 + u64::from(b - b'0');
            }
            b':' if digits > 0 && n < 2 => {
                n += 1;
                digits = 0;
            }
            b'.' | b',' if digits > 0 => break,
            _ => return None,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    let seconds = match n {
        1 => parts[0] * 60 + parts[1],
        2 => parts[0] * 3600 + parts[1] * 60 + parts[2],
        _ => return None,
    };
    if parts[n] >= 60 {
        return None;
    }
    let fraction = bytes.get(i + 1..).unwrap_or(&[]);
    if fraction.len() > 9 || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value = 0u64;
    for &b in fraction {
        value = value * 10 + u64::from(b - b'0');
    }
    Some(seconds as f64 + value as f64 / 10f64.powi(fraction.len() as i32))
}

/// Whether `label` names a speaker in a timed source: a plausible name, a role word,
/// `Speaker 1`, `SPEAKER_00`, `Q`/`A`.
pub(super) fn speaker_label(label: &str) -> bool {
    let label = trim(label);
    if label.is_empty() || label.chars().count() > 40 {
        return false;
    }
    plausible_name(label)
        || in_list(MODERATOR_LABELS, label)
        || in_list(QUESTION_LABELS, label)
        || in_list(ANSWER_LABELS, label)
        || is_diarization_label(label)
}

/// `SPEAKER_00`, `SPEAKER 1`, `spk_2`, `Speaker A`, `Unknown Speaker`, `说话人 1`, `发言人2`.
fn is_diarization_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("unknown speaker") || super::names::numbered_speaker(label)
}

/// Speaker-label decisions, remembered per label: a transcript has a handful of speakers
/// and a handful of bracketed asides (`(laughs)`, `[music]`), and deciding is the costly part
/// of reading a cue. Bounded: past [`LabelMemo::LIMIT`] labels it starts afresh.
#[derive(Debug, Default)]
pub(super) struct LabelMemo {
    decided: HashMap<String, bool>,
}

impl LabelMemo {
    const LIMIT: usize = 256;

    fn is_speaker(&mut self, label: &str) -> bool {
        // Numbers and punctuation (`(12)`, `[…]`) never name anyone; they are also the
        // labels that vary from cue to cue, so they must not crowd the memo.
        if !label.chars().any(char::is_alphabetic) {
            return false;
        }
        if let Some(&speaker) = self.decided.get(label) {
            return speaker;
        }
        let speaker = speaker_label(label);
        if self.decided.len() >= Self::LIMIT {
            self.decided.clear();
        }
        self.decided.insert(label.to_owned(), speaker);
        speaker
    }
}

/// Splits a speaker prefix off one line of cue text: `NAME: text`, `[Speaker 1] text`,
/// `[SPEAKER_00]: text`, `>> NAME: text`, `- NAME: text`. The label is returned as written.
pub(super) fn take_label(line: &str) -> (Option<&str>, &str) {
    take_label_with(line, &mut LabelMemo::default())
}

/// [`take_label`] with a memo of the last decision.
pub(super) fn take_label_with<'a>(
    line: &'a str,
    memo: &mut LabelMemo,
) -> (Option<&'a str>, &'a str) {
    let mut body = trim(line);
    while let Some(rest) = body.strip_prefix(">>") {
        body = rest.trim_start();
    }
    let body = body.strip_prefix("- ").unwrap_or(body);
    if let Some(inner) = body.strip_prefix(['[', '【', '(', '\u{FF08}']) {
        let close = inner.find([']', '】', ')', '\u{FF09}']);
        if let Some(close) = close {
            let label = trim(&inner[..close]);
            let closing = inner[close..].chars().next().map_or(1, char::len_utf8);
            let rest = inner[close + closing..]
                .trim_start()
                .trim_start_matches([':', '\u{FF1A}'])
                .trim();
            if memo.is_speaker(label) {
                return (Some(label), rest);
            }
        }
    }
    if let Some((label, rest)) = split_label(body)
        && memo.is_speaker(label)
    {
        return (Some(label), rest);
    }
    (None, body)
}

/// Joins two pieces of running text: no space between CJK characters.
pub(super) fn join_text(into: &mut String, piece: &str) {
    let piece = trim(piece);
    if piece.is_empty() {
        return;
    }
    let tight = match (into.chars().next_back(), piece.chars().next()) {
        (None, _) => true,
        (Some(a), Some(b)) => {
            (is_cjk(a) || a as u32 >= 0x3000) && (is_cjk(b) || b as u32 >= 0x3000)
        }
        _ => false,
    };
    if !tight {
        into.push(' ');
    }
    into.push_str(piece);
}

/// A label that may well be a word of the text: one word, not in capitals, not a role.
fn weak_label(label: &str) -> bool {
    let label = trim(label);
    let one_word = !label.contains(char::is_whitespace);
    let capitals = label.chars().any(char::is_alphabetic)
        && !label.chars().any(char::is_lowercase)
        && label.chars().count() >= 2;
    one_word
        && !capitals
        && !label.chars().any(is_cjk)
        && !is_diarization_label(label)
        && !in_list(MODERATOR_LABELS, label)
        && !in_list(QUESTION_LABELS, label)
        && !in_list(ANSWER_LABELS, label)
}

/// A paragraph longer than this (in characters) is split at sentence ends: a monologue
/// without paragraphs in the source should not be one wall of text.
const LONG_PARAGRAPH: usize = 1500;
/// The paragraphs such a split makes are at least this long.
const SPLIT_PARAGRAPH: usize = 600;

/// Splits `text` at sentence ends into pieces of at least [`SPLIT_PARAGRAPH`] characters.
fn split_text(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut count = 0usize;
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        count += 1;
        let end = matches!(c, '.' | '!' | '?' | '。' | '\u{FF01}' | '\u{FF1F}')
            && chars.peek().is_none_or(|n| n.is_whitespace() || is_cjk(c));
        if end && count >= SPLIT_PARAGRAPH {
            let piece = trim(&current).to_owned();
            if !piece.is_empty() {
                out.push(piece);
            }
            current.clear();
            count = 0;
        }
    }
    let piece = trim(&current).to_owned();
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

/// Splits over-long narration paragraphs the same way (a monologue pasted without speaker
/// labels); block ids are given again in order when anything was split.
pub(super) fn split_long_narration(doc: &mut Document) {
    if !doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { text, .. } if text.len() > LONG_PARAGRAPH && text.chars().count() > LONG_PARAGRAPH))
    {
        return;
    }
    let blocks = std::mem::take(&mut doc.blocks);
    for b in blocks {
        match b {
            Block::Paragraph { id, text } if text.chars().count() > LONG_PARAGRAPH => {
                for piece in split_text(&text) {
                    doc.blocks.push(Block::Paragraph {
                        id: id.clone(),
                        text: piece,
                    });
                }
            }
            other => doc.blocks.push(other),
        }
    }
    for (n, b) in doc.blocks.iter_mut().enumerate() {
        let id = local_id('b', n + 1);
        match b {
            Block::Paragraph { id: i, .. }
            | Block::Heading { id: i, .. }
            | Block::Turn { id: i, .. }
            | Block::Image { id: i, .. } => *i = id,
        }
    }
}

/// Splits over-long turn paragraphs at sentence ends into paragraphs of a readable length.
pub(super) fn split_long_paragraphs(doc: &mut Document) {
    for b in &mut doc.blocks {
        let Block::Turn { paragraphs, .. } = b else {
            continue;
        };
        if paragraphs.iter().all(|p| p.len() <= LONG_PARAGRAPH) {
            continue;
        }
        let mut out = Vec::with_capacity(paragraphs.len() + 4);
        for p in paragraphs.drain(..) {
            if p.chars().count() <= LONG_PARAGRAPH {
                out.push(p);
                continue;
            }
            out.extend(split_text(&p));
        }
        *paragraphs = out;
    }
}

/// Whether a turn ends with a question (a question quoted inside an answer does not count).
fn asks(paragraphs: &[String]) -> bool {
    paragraphs
        .iter()
        .rev()
        .find(|p| !trim(p).is_empty())
        .is_some_and(|p| {
            let end =
                trim(p).trim_end_matches([')', '\u{FF09}', '”', '"', '」', '』', '…', '.', ' ']);
            end.ends_with(['?', '\u{FF1F}'])
        })
}

/// `(Intro music: Electro swing)`, `[music]`: a description of the audio, not speech.
fn is_stage_direction(text: &str) -> bool {
    let t = trim(text);
    (t.starts_with('(') && t.ends_with(')')) || (t.starts_with('[') && t.ends_with(']'))
}

struct Speakers {
    ids: HashMap<String, usize>,
    participants: Vec<Participant>,
    /// The label last looked up, exactly as written, and its index: consecutive cues
    /// mostly share a speaker, and this spares a lowercase copy per cue.
    last: Option<(String, usize)>,
}

impl Speakers {
    fn get(&mut self, label: &str, line: usize, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        if let Some((last, i)) = &self.last
            && last == label
        {
            return Some(*i);
        }
        let key = label.trim().to_lowercase();
        if let Some(&i) = self.ids.get(&key) {
            self.last = Some((label.to_owned(), i));
            return Some(i);
        }
        if self.participants.len() >= MAX_PARTICIPANTS {
            diags.push(Diagnostic::warning(
                line,
                Note::TooManySpeakersTimed {
                    label: label.to_string(),
                },
            ));
            return None;
        }
        let i = self.participants.len();
        let role = if in_list(MODERATOR_LABELS, label) || in_list(QUESTION_LABELS, label) {
            Role::Moderator
        } else if in_list(VOICE_OVER_LABELS, label) {
            Role::Other
        } else {
            Role::Guest
        };
        let cased = super::names::title_case_capitals(label.trim());
        self.participants.push(Participant::new(
            local_id('p', i + 1),
            cased.as_deref().unwrap_or(label.trim()),
            role,
        ));
        self.ids.insert(key, i);
        self.last = Some((label.to_owned(), i));
        Some(i)
    }
}

/// Builds the document from cues. `diags` are the importer's own notes so far.
pub(super) fn build(
    header: Header,
    cues: Vec<Cue>,
    mut diags: Vec<Diagnostic>,
) -> (Document, Vec<Diagnostic>) {
    let mut doc = Document::new(header.title, "");
    doc.topics = header.topics;
    let mut speakers = Speakers {
        ids: HashMap::new(),
        participants: Vec::new(),
        last: None,
    };
    let mut next_block = 0usize;
    let mut block_id = || {
        next_block += 1;
        local_id('b', next_block)
    };
    // Turns merge cues, so fewer blocks than cues; a bounded reservation saves most copies.
    doc.blocks.reserve(cues.len().min(1 << 16));
    for text in header.prelude {
        doc.blocks.push(Block::Paragraph {
            id: block_id(),
            text,
        });
    }
    // (speaker index, turn index in doc.blocks, end of the last cue)
    let mut current: Option<(usize, usize, Option<f64>)> = None;
    let mut unknown_warned = false;
    let mut counts: HashMap<String, usize> = HashMap::new();
    // Whether each cue's label is weak, decided once per run of one label.
    let mut weak = Vec::with_capacity(cues.len());
    let mut last: Option<(&str, bool)> = None;
    for cue in &cues {
        let is_weak = match (&cue.speaker, cue.guessed) {
            (Some(label), true) => match last {
                Some((l, w)) if l == label => w,
                _ => {
                    let w = weak_label(label);
                    last = Some((label, w));
                    w
                }
            },
            _ => false,
        };
        if is_weak && let Some(label) = &cue.speaker {
            *counts.entry(label.trim().to_lowercase()).or_insert(0) += 1;
        }
        weak.push(is_weak);
    }
    for (mut cue, is_weak) in cues.into_iter().zip(weak) {
        if cue.guessed
            && let Some(label) = cue.speaker.take()
        {
            if is_weak && counts.get(&label.trim().to_lowercase()) == Some(&1) {
                let colon = if label.chars().any(is_cjk) {
                    "\u{FF1A}"
                } else {
                    ": "
                };
                cue.text = format!("{label}{colon}{}", cue.text);
            } else {
                cue.speaker = Some(label);
            }
        }
        let speaker = match cue.speaker.as_deref().filter(|s| !trim(s).is_empty()) {
            Some(label) => speakers
                .get(label, cue.line, &mut diags)
                .or(current.map(|c| c.0)),
            None => current.map(|c| c.0),
        };
        let speaker = match speaker {
            Some(s) => s,
            None if is_stage_direction(&cue.text) => {
                // `(Intro music)` before anyone speaks: narration, not a speaker.
                doc.blocks.push(Block::Paragraph {
                    id: block_id(),
                    text: trim(&cue.text).to_owned(),
                });
                continue;
            }
            None => {
                if !unknown_warned {
                    unknown_warned = true;
                    diags.push(Diagnostic::warning(
                        cue.line,
                        Note::UnlabelledText {
                            speaker: UNKNOWN_SPEAKER.to_owned(),
                        },
                    ));
                }
                match speakers.get(UNKNOWN_SPEAKER, cue.line, &mut diags) {
                    Some(i) => {
                        speakers.participants[i].role = Role::Other;
                        i
                    }
                    None => continue,
                }
            }
        };
        // AWS Transcribe's `--` marks a change of speaker it could not name: a new turn.
        let marked = trim(&cue.text).starts_with("--");
        let text = trim(trim(&cue.text).trim_start_matches('-'));
        let text = if marked { text } else { trim(&cue.text) };
        match current {
            Some((s, turn, last_end)) if s == speaker && !marked => {
                if let Some(Block::Turn {
                    paragraphs, end, ..
                }) = doc.blocks.get_mut(turn)
                {
                    if !text.is_empty() {
                        let pause = match (last_end, cue.start) {
                            (Some(e), Some(s)) => s - e >= PARAGRAPH_PAUSE,
                            _ => false,
                        };
                        match paragraphs.last_mut() {
                            Some(p) if !cue.paragraph && !pause => join_text(p, text),
                            _ => paragraphs.push(text.to_owned()),
                        }
                    }
                    if cue.end.is_some() {
                        *end = match (*end, cue.end) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            (a, b) => b.or(a),
                        };
                    }
                }
                current = Some((s, turn, cue.end.or(last_end)));
            }
            _ => {
                let paragraphs = if text.is_empty() {
                    Vec::new()
                } else {
                    vec![text.to_owned()]
                };
                doc.blocks.push(Block::Turn {
                    id: block_id(),
                    speaker: speakers.participants[speaker].id.clone(),
                    paragraphs,
                    start: cue.start,
                    end: cue.end,
                    topics: Vec::new(),
                    continues: false,
                });
                current = Some((speaker, doc.blocks.len() - 1, cue.end));
            }
        }
    }
    // A label with no text at all (`<v Bob></v>`) leaves an empty turn.
    let before = doc.blocks.len();
    doc.blocks
        .retain(|b| !matches!(b, Block::Turn { paragraphs, .. } if paragraphs.is_empty()));
    if doc.blocks.len() != before {
        for (i, b) in doc.blocks.iter_mut().enumerate() {
            b.set_id(local_id('b', i + 1));
        }
    }
    doc.participants = speakers.participants;
    choose_moderator(&mut doc, &mut diags);
    split_long_paragraphs(&mut doc);
    doc.language = header
        .language
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_ascii_lowercase())
        .unwrap_or_else(|| detect_language(&doc));
    (doc, diags)
}

/// Applies the moderator rules of the module documentation, strongest evidence first: a
/// speaker who introduces another participant (`we're joined by Allen Gunn`, `有请…`), a
/// self-introduction in the narration before the first turn (`I'm Neal Conan`), then the
/// speaker who mostly asks questions that someone else answers. Each says why in a note.
pub(super) fn choose_moderator(doc: &mut Document, diags: &mut Vec<Diagnostic>) {
    if doc.participants.iter().any(|p| p.role == Role::Moderator) {
        return;
    }
    let speaking: Vec<usize> = (0..doc.participants.len())
        .filter(|&i| doc.participants[i].role == Role::Guest)
        .collect();
    if speaking.is_empty() {
        return;
    }
    let index: HashMap<&str, usize> = doc
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    // (participant index, its turn's text) in order, and the narration before the first turn.
    let mut turns: Vec<(usize, &str)> = Vec::new();
    let mut lead: Vec<&str> = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } => {
                if let Some(&i) = index.get(speaker.as_str()) {
                    turns.push((i, paragraphs.first().map_or("", String::as_str)));
                }
            }
            Block::Paragraph { text, .. } if turns.is_empty() => lead.push(text),
            _ => {}
        }
    }
    let names: Vec<&str> = doc.participants.iter().map(|p| p.name.as_str()).collect();
    let mut chosen: Option<(usize, ModeratorEvidence)> = None;
    // Introducing a guest.
    for &(i, text) in turns.iter().take(40) {
        if !speaking.contains(&i) {
            continue;
        }
        if let Some(j) = introduces(text, &names, i) {
            chosen = Some((
                i,
                ModeratorEvidence::Introduces {
                    other: names[j].to_string(),
                },
            ));
            break;
        }
    }
    // The greeting that opens a show (`Welcome to the Huberman Lab podcast`, `欢迎收看…`).
    if chosen.is_none() {
        for &(i, text) in turns.iter().take(3) {
            let head: String = text.chars().take(24).collect::<String>().to_lowercase();
            if speaking.contains(&i) && GREETINGS.iter().any(|g| head.starts_with(g)) {
                chosen = Some((i, ModeratorEvidence::OpensShow));
                break;
            }
        }
    }
    if speaking.len() < 2 && chosen.is_none() {
        return;
    }
    // A self-introduction before the first turn.
    if chosen.is_none() {
        for text in &lead {
            if let Some(i) = self_introduction(text, &names)
                && speaking.contains(&i)
            {
                chosen = Some((i, ModeratorEvidence::Introduced));
                break;
            }
        }
    }
    // Questions another speaker answers: (turns, turns with a question, answered ones).
    if chosen.is_none() {
        let mut counts = vec![(0usize, 0usize, 0usize); doc.participants.len()];
        for &(i, _) in &turns {
            counts[i].0 += 1;
        }
        let mut k = 0;
        for b in &doc.blocks {
            if let Block::Turn {
                speaker,
                paragraphs,
                ..
            } = b
                && let Some(&i) = index.get(speaker.as_str())
            {
                if asks(paragraphs) {
                    counts[i].1 += 1;
                    if turns.get(k + 1).is_some_and(|&(j, _)| j != i) {
                        counts[i].2 += 1;
                    }
                }
                k += 1;
            }
        }
        let share = |i: usize| match counts[i] {
            (0, _, _) => 0.0,
            (turns, questions, _) => questions as f64 / turns as f64,
        };
        if let Some(i) = speaking.iter().copied().find(|&i| {
            counts[i].0 >= 2
                && share(i) >= 0.5
                && counts[i].2 * 2 >= counts[i].1.max(1)
                && speaking
                    .iter()
                    .all(|&j| j == i || share(i) - share(j) >= 0.2)
        }) {
            let (turns, questions, answered) = counts[i];
            chosen = Some((
                i,
                ModeratorEvidence::Questions {
                    questions,
                    turns,
                    answered,
                },
            ));
        }
    }
    // The title names every speaker but one (`… | Hamel Husain & Shreya Shankar`): the
    // guests are named, the host is the other.
    if chosen.is_none() && speaking.len() >= 2 && !doc.title.is_empty() {
        let unnamed: Vec<usize> = speaking
            .iter()
            .copied()
            .filter(|&i| !mentions(&doc.title, names[i]))
            .collect();
        if let [host] = unnamed.as_slice() {
            chosen = Some((*host, ModeratorEvidence::TitleNamesOthers));
        }
    }
    if let Some((i, evidence)) = chosen {
        let p = &mut doc.participants[i];
        p.role = Role::Moderator;
        diags.push(Diagnostic::info(
            0,
            Note::ModeratorTaken {
                name: p.name.clone(),
                evidence,
            },
        ));
    }
}

/// How a host opens a show.
const GREETINGS: &[&str] = &[
    "welcome to",
    "welcome back to",
    "欢迎收听",
    "欢迎收看",
    "欢迎来到",
    "欢迎走进",
    "歡迎收聽",
    "歡迎收看",
    "歡迎來到",
];

/// Words that introduce a guest.
const INTRODUCTIONS: &[&str] = &[
    "joined by",
    "joined with",
    "joining us",
    "here with",
    "with me is",
    "with me today",
    "with us today",
    "please welcome",
    "welcome",
    "our guest",
    "my guest",
    "question comes from",
    "question from",
    "有请",
    "请到了",
    "邀请到了",
    "请来了",
    "欢迎",
    "歡迎",
    "嘉宾是",
    "嘉賓是",
];

/// Whether a name's word (or a Chinese name, whole) occurs in `text`, ignoring case.
fn mentions(text: &str, name: &str) -> bool {
    if name.chars().any(is_cjk) {
        return name.chars().count() >= 2 && text.contains(name);
    }
    let text = text.to_lowercase();
    name.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
        .any(|w| {
            let w = w.as_str();
            text.match_indices(w).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
}

/// The participant (other than `speaker`) that `text` introduces, if any.
fn introduces(text: &str, names: &[&str], speaker: usize) -> Option<usize> {
    let head: String = text.chars().take(400).collect();
    let lower = head.to_lowercase();
    for word in INTRODUCTIONS {
        for (at, _) in lower.match_indices(word) {
            // Byte offsets of the lowercase copy match the original's for the ASCII and CJK
            // text this looks at; a shift only narrows the window.
            let from = (at + word.len()).min(head.len());
            let Some(window) = head.get(from..) else {
                continue;
            };
            let window: String = window.chars().take(60).collect();
            if let Some(j) = (0..names.len()).find(|&j| j != speaker && mentions(&window, names[j]))
            {
                return Some(j);
            }
        }
    }
    None
}

/// The participant a narration's `I'm …` / `我是…` names.
fn self_introduction(text: &str, names: &[&str]) -> Option<usize> {
    for word in [
        "I'm ",
        "I\u{2019}m ",
        "I am ",
        "My name is ",
        "my name is ",
        "我是",
    ] {
        for (at, _) in text.match_indices(word) {
            let window: String = text[at + word.len()..].chars().take(30).collect();
            if let Some(j) = (0..names.len()).find(|&j| mentions(&window, names[j])) {
                return Some(j);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        fn check(input: &str, expected: Option<f64>) {
            assert_eq!(parse_timestamp(input), expected, "{input:?}");
        }
        check("00:00:01.500", Some(1.5));
        check("00:01:02,250", Some(62.25));
        check("01:02:03", Some(3723.0));
        check("0:05", Some(5.0));
        check("12:34", Some(754.0));
        check("1:00:00.5", Some(3600.5));
        check("00:61", None);
        check("abc", None);
        check("1", None);
        check("1:2:3:4", None);
        check("", None);
        check("00:00:01.x", None);
    }

    #[test]
    fn labels() {
        fn check(input: &str, expected: (Option<&str>, &str)) {
            assert_eq!(take_label(input), expected, "{input:?}");
        }
        check("DANA: Welcome.", (Some("DANA"), "Welcome."));
        check("[Speaker 1] Hello", (Some("Speaker 1"), "Hello"));
        check("[SPEAKER_00]: Hello", (Some("SPEAKER_00"), "Hello"));
        check(">> TOM OKAFOR: Yes.", (Some("TOM OKAFOR"), "Yes."));
        check("- Lena: No.", (Some("Lena"), "No."));
        check("主持人\u{FF1A}欢迎。", (Some("主持人"), "欢迎。"));
        check("【张伟】大家好", (Some("张伟"), "大家好"));
        check("At 10:30 we met.", (None, "At 10:30 we met."));
        check("[music]", (None, "[music]"));
        check("the point is: this", (None, "the point is: this"));
        check("Q: Why?", (Some("Q"), "Why?"));
    }

    #[test]
    fn joining() {
        fn check(a: &str, b: &str, expected: &str) {
            let mut s = a.to_owned();
            join_text(&mut s, b);
            assert_eq!(s, expected);
        }
        check("Hello", "world", "Hello world");
        check("大家好\u{FF0C}", "我是张伟", "大家好\u{FF0C}我是张伟");
        check("我们说 AI", "很重要", "我们说 AI 很重要");
        check("", "x", "x");
        check("a", "  ", "a");
    }

    fn cue(speaker: Option<&str>, start: f64, end: f64, text: &str) -> Cue {
        Cue {
            line: 1,
            speaker: speaker.map(str::to_owned),
            start: Some(start),
            end: Some(end),
            text: text.to_owned(),
            paragraph: false,
            guessed: false,
        }
    }

    #[test]
    fn merges_and_picks_the_questioner() {
        let cues = vec![
            cue(Some("SPEAKER_01"), 0.0, 2.0, "Welcome."),
            cue(Some("SPEAKER_01"), 2.0, 4.0, "What changed?"),
            cue(Some("SPEAKER_00"), 4.5, 8.0, "A lot."),
            cue(None, 8.0, 9.0, "Really a lot."),
            cue(Some("SPEAKER_00"), 12.0, 14.0, "After a pause."),
            cue(Some("speaker_01"), 15.0, 16.0, "And then?"),
            cue(Some("SPEAKER_00"), 16.0, 18.0, "Then we stopped."),
        ];
        let (doc, diags) = build(Header::default(), cues, Vec::new());
        assert_eq!(doc.participants.len(), 2);
        assert_eq!(doc.participants[0].name, "SPEAKER_01");
        assert_eq!(doc.participants[0].role, Role::Moderator);
        assert_eq!(doc.participants[1].role, Role::Guest);
        assert_eq!(doc.blocks.len(), 4);
        match &doc.blocks[1] {
            Block::Turn {
                paragraphs,
                start,
                end,
                ..
            } => {
                assert_eq!(paragraphs, &["A lot. Really a lot.", "After a pause."]);
                assert_eq!((*start, *end), (Some(4.5), Some(14.0)));
            }
            other => panic!("{other:?}"),
        }
        assert!(diags.iter().any(|d| d.message.contains("moderator")));
    }

    #[test]
    fn no_moderator_when_everyone_asks() {
        let cues = vec![
            cue(Some("A1"), 0.0, 1.0, "Why?"),
            cue(Some("B1"), 1.0, 2.0, "Why not?"),
            cue(Some("A1"), 2.0, 3.0, "Because?"),
            cue(Some("B1"), 3.0, 4.0, "Sure?"),
        ];
        let (doc, _) = build(Header::default(), cues, Vec::new());
        assert!(doc.participants.iter().all(|p| p.role == Role::Guest));
    }

    #[test]
    fn unlabelled_cues_get_a_placeholder_speaker() {
        let cues = vec![cue(None, 0.0, 1.0, "Hello"), cue(None, 1.0, 2.0, "there")];
        let (doc, diags) = build(Header::default(), cues, Vec::new());
        assert_eq!(doc.participants.len(), 1);
        assert_eq!(doc.participants[0].role, Role::Other);
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(diags.len(), 1);
    }
}
