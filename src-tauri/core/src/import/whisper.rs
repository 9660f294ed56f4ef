//! Whisper and WhisperX JSON, and the common variants of that JSON.
//!
//! Read shapes:
//! - `{"segments": [{"start", "end", "text", "speaker"?, "words"?}], "language"?}` —
//!   openai-whisper, faster-whisper, WhisperX (`speaker` is `SPEAKER_00` style), the
//!   OpenAI API's `verbose_json`;
//! - a bare array of such segments;
//! - `{"chunks": [{"timestamp": [start, end], "text", "speaker"?}]}` — Hugging Face
//!   pipelines, insanely-fast-whisper;
//! - `{"utterances": [{"speaker": "A", "start", "end", "text", "words"}]}` — AssemblyAI,
//!   whose times (and its words' times) are milliseconds;
//! - `{"transcription": [{"offsets": {"from", "to"}, "timestamps": {...}, "text"}],
//!   "result": {"language"}}` — whisper.cpp's `-oj`.
//!
//! Times are seconds (numbers, or `00:01:02.5` strings); whisper.cpp offsets are
//! milliseconds. `words` arrays are used only where a segment lacks its own times or
//! speaker (the majority speaker of its words). A segment without a speaker continues the
//! previous one; a `Name:` prefix in its text is read as the speaker. Speaker numbers become
//! `Speaker N`.

use serde::Deserialize;

use super::timed::{Cue, Header, build, parse_timestamp, take_label};
use super::{Diagnostic, Format, ImportError};
use crate::model::Document;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Root {
    segments: Option<Vec<Segment>>,
    chunks: Option<Vec<Segment>>,
    transcription: Option<Vec<CppSegment>>,
    /// AssemblyAI: `{"utterances": [{"speaker": "A", "start", "end", "text", "words"}]}`,
    /// times in milliseconds.
    utterances: Option<Vec<Segment>>,
    /// AssemblyAI's paragraphs or sentences (its `/paragraphs`, `/sentences` answers), times
    /// in milliseconds, no speakers.
    paragraphs: Option<Vec<Segment>>,
    sentences: Option<Vec<Segment>>,
    /// AssemblyAI's words (milliseconds): a transcript without speaker labels has only
    /// these (`utterances` is null).
    words: Option<Vec<TextWord>>,
    /// `{"transcript": [...]}` or `{"transcript": {"segments": [...]}}`.
    transcript: Option<Inner>,
    language: Option<String>,
    /// AssemblyAI's `en_us`.
    language_code: Option<String>,
    /// whisper.cpp's `{"language"}`, or a whole transcript one level down.
    result: Option<Box<Root>>,
    data: Option<Box<Root>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Inner {
    List(Vec<Segment>),
    Nested(Box<Root>),
}

impl Root {
    /// The segments, here or one level down (`result`, `data`, `transcript`).
    fn take_segments(&mut self) -> Option<Vec<Segment>> {
        if let Some(s) = self.segments.take().or(self.chunks.take()) {
            return Some(s);
        }
        match self.transcript.take() {
            Some(Inner::List(s)) => return Some(s),
            Some(Inner::Nested(mut r)) => {
                if let Some(s) = r.take_segments() {
                    return Some(s);
                }
            }
            None => {}
        }
        for nested in [self.result.as_mut(), self.data.as_mut()]
            .into_iter()
            .flatten()
        {
            if let Some(s) = nested.take_segments() {
                return Some(s);
            }
        }
        None
    }

    fn language(&self) -> Option<String> {
        self.language
            .clone()
            .or_else(|| self.result.as_ref().and_then(|r| r.language()))
            .or_else(|| self.data.as_ref().and_then(|r| r.language()))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Segment {
    /// `startTime`/`endTime`: the Podcasting 2.0 transcript JSON.
    #[serde(alias = "startTime", alias = "start_time")]
    start: Option<Time>,
    #[serde(alias = "endTime", alias = "end_time")]
    end: Option<Time>,
    /// `[start, end]` in Hugging Face chunks; a clock string elsewhere.
    timestamp: Option<Stamp>,
    /// `body`: the Podcasting 2.0 transcript JSON.
    #[serde(alias = "body")]
    text: Option<String>,
    speaker: Option<Label>,
    speaker_name: Option<Label>,
    words: Vec<Word>,
}

/// A word with its text, as AssemblyAI lists them at the top level.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TextWord {
    text: String,
    start: Option<f64>,
    end: Option<f64>,
}

/// A pause this long (milliseconds) after a sentence ends starts a new paragraph, when words
/// are all a transcript has.
const PARAGRAPH_PAUSE_MS: f64 = 1500.0;
/// A paragraph this many words long ends at the next sentence end, pause or not.
const PARAGRAPH_WORDS: usize = 120;

/// AssemblyAI words without speakers to utterance-like segments: a paragraph ends where a
/// sentence ends and the speaker pauses, or where a long paragraph reaches a sentence end.
fn word_paragraphs(words: Vec<TextWord>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut count = 0;
    let (mut start, mut end): (Option<f64>, Option<f64>) = (None, None);
    let mut words = words
        .into_iter()
        .filter(|w| !w.text.trim().is_empty())
        .peekable();
    while let Some(w) = words.next() {
        let word = w.text.trim();
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
        count += 1;
        start = start.or(w.start);
        end = w.end.or(end);
        let sentence_end = word.ends_with(['.', '?', '!', '。', '？', '！', '…']);
        let pause = match (w.end, words.peek().and_then(|n| n.start)) {
            (Some(e), Some(s)) => s - e >= PARAGRAPH_PAUSE_MS,
            _ => false,
        };
        if words.peek().is_none() || (sentence_end && (pause || count >= PARAGRAPH_WORDS)) {
            out.push(
                Segment {
                    start: start.map(Time::Seconds),
                    end: end.map(Time::Seconds),
                    text: Some(std::mem::take(&mut text)),
                    ..Segment::default()
                }
                .into_assemblyai(),
            );
            count = 0;
            (start, end) = (None, None);
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Stamp {
    Span(Vec<Option<f64>>),
    At(Time),
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Word {
    start: Option<f64>,
    end: Option<f64>,
    speaker: Option<Label>,
}

impl Segment {
    /// An AssemblyAI utterance: its times (and its words' times) are milliseconds.
    fn into_assemblyai(mut self) -> Segment {
        let ms = |t: Option<Time>| match t {
            Some(Time::Seconds(ms)) => Some(Time::Seconds(ms / 1000.0)),
            other => other,
        };
        // AssemblyAI names speakers `A`, `B`…: `Speaker A`, as numbers become `Speaker 1`.
        if let Some(Label::Name(n)) = &self.speaker
            && n.len() == 1
            && n.bytes().all(|b| b.is_ascii_uppercase())
        {
            self.speaker = Some(Label::Name(format!("Speaker {n}")));
        }
        self.start = ms(self.start);
        self.end = ms(self.end);
        for w in &mut self.words {
            w.start = w.start.map(|ms| ms / 1000.0);
            w.end = w.end.map(|ms| ms / 1000.0);
        }
        self
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CppSegment {
    offsets: Option<CppSpan<f64>>,
    timestamps: Option<CppSpan<String>>,
    text: Option<String>,
    speaker: Option<Label>,
}

#[derive(Deserialize)]
struct CppSpan<T> {
    from: T,
    to: T,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Time {
    Seconds(f64),
    Clock(String),
}

impl Time {
    fn seconds(&self) -> Option<f64> {
        match self {
            Time::Seconds(s) if s.is_finite() && *s >= 0.0 => Some(*s),
            Time::Seconds(_) => None,
            Time::Clock(c) => parse_timestamp(c),
        }
    }
}

#[derive(Deserialize, PartialEq, Clone)]
#[serde(untagged)]
enum Label {
    Name(String),
    Number(i64),
}

impl Label {
    fn name(&self) -> String {
        match self {
            Label::Name(n) => n.trim().to_owned(),
            Label::Number(n) => format!("Speaker {n}"),
        }
    }
}

/// The format of JSON text: Roundtable's own, or a transcript.
pub(super) fn detect_json(head: &str) -> Format {
    let mut n = head.len().min(4096);
    while !head.is_char_boundary(n) {
        n -= 1;
    }
    let probe = &head[..n];
    if probe.contains("\"roundtable.document\"") {
        return Format::Json;
    }
    let transcript = |t: &str| {
        t.contains("\"segments\"")
            || t.contains("\"transcription\"")
            || t.contains("\"chunks\"")
            || t.contains("\"transcript\"")
            || t.contains("\"utterances\"")
    };
    if transcript(probe) || head.starts_with('[') {
        return Format::Whisper;
    }
    if head.contains("\"roundtable.document\"") {
        return Format::Json;
    }
    // Anything else is read as a transcript, whose error names both shapes.
    Format::Whisper
}

fn json_error(e: &serde_json::Error) -> ImportError {
    let message = e.to_string();
    let reason = match e.classify() {
        serde_json::error::Category::Eof => "it ends too early".to_owned(),
        serde_json::error::Category::Syntax => "not valid JSON".to_owned(),
        _ => message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned(),
    };
    ImportError::TranscriptJson {
        line: e.line(),
        column: e.column(),
        reason,
    }
}

/// `en`, `zh`… from a tag or the names the OpenAI API gives (`english`).
fn language_tag(language: &str) -> Option<String> {
    let l = language.trim().to_ascii_lowercase();
    let tag = match l.as_str() {
        "english" => "en",
        "chinese" | "mandarin" | "cantonese" => "zh",
        "japanese" => "ja",
        "korean" => "ko",
        "french" => "fr",
        "german" => "de",
        "spanish" => "es",
        "portuguese" => "pt",
        "russian" => "ru",
        "italian" => "it",
        _ if (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()) => {
            return Some(l);
        }
        _ => return None,
    };
    Some(tag.to_owned())
}

/// The most frequent speaker among the words, if any word has one.
fn word_speaker(words: &[Word]) -> Option<Label> {
    let mut counts: Vec<(&Label, usize)> = Vec::new();
    for w in words {
        if let Some(s) = &w.speaker {
            if let Some((_, n)) = counts.iter_mut().find(|(l, _)| *l == s) {
                *n += 1;
            } else if counts.len() < 16 {
                counts.push((s, 1));
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(l, _)| l.clone())
}

fn segment_cue(segment: Segment) -> Cue {
    let mut start = segment.start.as_ref().and_then(Time::seconds);
    let mut end = segment.end.as_ref().and_then(Time::seconds);
    match &segment.timestamp {
        Some(Stamp::Span(ts)) => {
            start = start.or(ts.first().copied().flatten());
            end = end.or(ts.get(1).copied().flatten());
        }
        Some(Stamp::At(t)) => start = start.or_else(|| t.seconds()),
        None => {}
    }
    start = start.or_else(|| segment.words.iter().find_map(|w| w.start));
    end = end.or_else(|| segment.words.iter().rev().find_map(|w| w.end));
    let speaker = segment
        .speaker_name
        .or(segment.speaker)
        .or_else(|| word_speaker(&segment.words))
        .map(|l| l.name());
    let text = segment.text.unwrap_or_default();
    let (speaker, text, guessed) = match speaker {
        Some(s) => (Some(s), text.trim().to_owned(), false),
        None => match take_label(&text) {
            (Some(label), rest) => (Some(label.to_owned()), rest.to_owned(), true),
            (None, _) => (None, text.trim().to_owned(), false),
        },
    };
    Cue {
        line: 0,
        speaker,
        start,
        end,
        text,
        paragraph: false,
        guessed,
    }
}

/// Parses transcript JSON.
pub(super) fn parse(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let text = text.trim_start_matches('\u{FEFF}').trim();
    // Where each entry's text was expected, for the refusal when all of them are empty.
    let mut empty_hint = "every segment's \"text\" is empty";
    let (segments, language): (Vec<Cue>, Option<String>) = if text.starts_with('[') {
        let segments: Vec<Segment> = serde_json::from_str(text).map_err(|e| json_error(&e))?;
        (segments.into_iter().map(segment_cue).collect(), None)
    } else {
        let mut root: Root = serde_json::from_str(text).map_err(|e| json_error(&e))?;
        let language = root
            .language()
            .or_else(|| {
                // `en_us`: the language is its first part.
                let code = root.language_code.as_deref()?;
                code.split(['_', '-']).next().map(str::to_owned)
            })
            .and_then(|l| language_tag(&l));
        let cues: Vec<Cue> = if let Some(utterances) = root.utterances.take() {
            empty_hint = "every utterance's \"text\" is empty";
            utterances
                .into_iter()
                .map(|u| segment_cue(u.into_assemblyai()))
                .collect()
        } else if let Some(segments) = root.take_segments() {
            segments.into_iter().map(segment_cue).collect()
        } else if let Some(paragraphs) = root.paragraphs.take().or(root.sentences.take()) {
            // AssemblyAI without speaker labels: one unnamed speaker, a cue per paragraph.
            empty_hint = "every paragraph's \"text\" is empty";
            paragraphs
                .into_iter()
                .map(|p| segment_cue(p.into_assemblyai()))
                .collect()
        } else if let Some(words) = root.words.take().filter(|w| !w.is_empty()) {
            empty_hint = "every word's \"text\" is empty";
            word_paragraphs(words)
                .into_iter()
                .map(segment_cue)
                .collect()
        } else if let Some(segments) = root.transcription {
            empty_hint = "every \"transcription\" entry's \"text\" is empty";
            segments
                .into_iter()
                .map(|s| {
                    let (start, end) = match (&s.offsets, &s.timestamps) {
                        (Some(o), _) => (Some(o.from / 1000.0), Some(o.to / 1000.0)),
                        (None, Some(t)) => (parse_timestamp(&t.from), parse_timestamp(&t.to)),
                        (None, None) => (None, None),
                    };
                    segment_cue(Segment {
                        start: start.map(Time::Seconds),
                        end: end.map(Time::Seconds),
                        timestamp: None,
                        text: s.text,
                        speaker: s.speaker,
                        speaker_name: None,
                        words: Vec::new(),
                    })
                })
                .collect()
        } else {
            let keys = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
                .map(|m| m.keys().take(12).cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            return Err(ImportError::UnknownJson { keys });
        };
        (cues, language)
    };
    if segments.iter().all(|c| c.text.is_empty()) {
        return Err(ImportError::NoCues {
            format: Format::Whisper,
            hint: empty_hint,
        });
    }
    let header = Header {
        language,
        ..Header::default()
    };
    Ok(build(header, segments, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        fn check(input: &str, expected: Format) {
            assert_eq!(detect_json(input), expected, "{input:?}");
        }
        check("{\"format\": \"roundtable.document\"}", Format::Json);
        check("{\"segments\": []}", Format::Whisper);
        check("[{\"start\": 0}]", Format::Whisper);
        check("{\"a\": 1}", Format::Whisper);
        check("{\"id\": \"x\", \"utterances\": []}", Format::Whisper);
    }

    #[test]
    fn languages() {
        fn check(input: &str, expected: Option<&str>) {
            assert_eq!(language_tag(input).as_deref(), expected, "{input:?}");
        }
        check("en", Some("en"));
        check("English", Some("en"));
        check("chinese", Some("zh"));
        check("yue", Some("yue"));
        check("klingon", None);
        check("", None);
    }

    #[test]
    fn errors() {
        fn check(input: &str, fragment: &str) {
            let err = parse(input).map(|_| ()).expect_err("refused").to_string();
            assert!(err.contains(fragment), "{input:?}: {err}");
        }
        check("{\"segments\": [{\"text\": \"hi\"", "ends too early");
        check("{\"segments\": [}", "not valid JSON");
        check("{\"segments\": 3}", "line 1");
        check("{\"a\": 1}", "neither a Roundtable document");
        check("{\"segments\": [{\"text\": \"  \"}]}", "no whisper cues");
        check(
            "{\"segments\": [{\"text\": \"  \"}]}",
            "segment's \"text\" is empty",
        );
    }
}
