//! Otter-style transcripts: a header line naming the speaker and the time, the words below.
//!
//! ```text
//! Speaker 1  0:00
//! Thanks for coming in.
//!
//! Dana Whitfield  00:01:23
//! Glad to be here.
//! ```
//!
//! The header may also read `Name (0:00)`, `Name (00:01:23):` or `Name [0:00]`. Each text
//! line is a paragraph. A turn starts at its header's time and ends where the next header
//! starts (the last turn has no end). Lines before the first header are the title (the
//! first) and narration; Otter's `Transcribed by https://otter.ai` footer is dropped.

use super::lines::{self, clean};
use super::names::name_like;
use super::timed::{Cue, Header, build, parse_timestamp, speaker_label};
use super::{Diagnostic, Format, ImportError, Note};
use crate::model::Document;

/// `(name, start)` of a header line. `strict` asks for a name that reads as a speaker
/// label (for detection); otherwise any short name-like text before a wide gap will do.
fn header(line: &str, strict: bool) -> Option<(&str, f64)> {
    let line = line
        .trim_end()
        .trim_end_matches([':', '\u{FF1A}'])
        .trim_end();
    let (name, time, wide) = if let Some(inner) = line.strip_suffix([')', ']', '\u{FF09}']) {
        let open = inner.rfind(['(', '[', '\u{FF08}'])?;
        let bracket = inner[open..].chars().next().map_or(1, char::len_utf8);
        (&inner[..open], &inner[open + bracket..], true)
    } else {
        let gap = line.rfind(|c: char| c.is_whitespace())?;
        let name = line[..gap].trim_end();
        let wide = line[..gap].ends_with(char::is_whitespace)
            || line[gap..].starts_with(['\t', '\u{3000}', '\u{a0}']);
        (name, &line[gap..], wide)
    };
    let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let start = parse_timestamp(time)?;
    let ok = !name.is_empty()
        && name.chars().count() <= 40
        && name.chars().any(char::is_alphabetic)
        && name_like(name)
        && if strict {
            speaker_label(name)
        } else {
            wide || speaker_label(name)
        };
    ok.then_some((name, start))
}

/// `说话人 1 00:00:00先说…`: a header with the words glued after the time, as some tools
/// export it. Only a name that reads as a speaker label, a space, a timestamp, and words
/// that do not start with a digit or a colon (so no longer timestamp is cut short); after a
/// space only for a numbered speaker (`发言人1 00:01:10 开场白`).
fn header_with_words(line: &str) -> Option<(&str, f64, &str)> {
    for (gap, _) in line
        .char_indices()
        .filter(|(_, c)| *c == ' ' || *c == '\u{3000}')
    {
        let name = line[..gap].trim();
        if name.is_empty() || name.chars().count() > 40 {
            return None;
        }
        let after = line[gap..].trim_start_matches([' ', '\u{3000}']);
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(after.len());
        let (time, words) = after.split_at(end);
        // Glued: the words start right after the time (`会议 10:30 开始` is a sentence),
        // or after a space when the name is a tool's numbered speaker (`发言人1 00:01:10 开场白`).
        let spaced = words.starts_with(char::is_whitespace);
        if words.trim_start().is_empty()
            || words.starts_with(|c: char| c.is_ascii_digit() || c == ':')
            || (spaced && !super::names::numbered_speaker(name))
        {
            continue;
        }
        if let Some(start) = parse_timestamp(time.trim_end_matches('.'))
            && time.contains(':')
            && name_like(name)
            && speaker_label(name)
        {
            return Some((name, start, words.trim()));
        }
    }
    None
}

/// How many lines of a preamble (a date, keywords, `文字记录:`) may come before the first
/// header of an Otter-style transcript.
const PREAMBLE_LINES: usize = 8;

/// Whether the text starts like an Otter transcript: a speaker-and-time header among the
/// first lines.
pub(super) fn looks_like_otter(head: &str) -> bool {
    head.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(PREAMBLE_LINES)
        .any(|l| {
            header(l, true).is_some()
                // Glued, a name would be too weak a sign (`王芳 10:30开始` is a schedule).
                || header_with_words(l)
                    .is_some_and(|(name, _, _)| super::names::numbered_speaker(name))
        })
}

/// `关键词:` / `Keywords:` alone on a line of the preamble: the next line lists topics.
fn keywords_label(line: &str) -> bool {
    let label = line.trim_end_matches([':', '\u{FF1A}']).trim();
    label.len() < line.len() && super::names::in_list(super::names::TOPIC_LABELS, label)
}

/// `文字记录:` / `## 转录内容` / `Transcript:` alone on a line: the transcript's own heading,
/// not words.
fn transcript_heading(line: &str) -> bool {
    let label = line.trim_end_matches([':', '\u{FF1A}']).trim();
    [
        "文字记录",
        "文字記錄",
        "转写",
        "轉寫",
        "转录内容",
        "轉錄內容",
        "转写内容",
        "Transcript",
    ]
    .iter()
    .any(|w| label.eq_ignore_ascii_case(w))
}

/// Parses an Otter-style transcript.
pub(super) fn parse(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let mut head = Header::default();
    let mut cues: Vec<Cue> = Vec::new();
    let mut diags = Vec::new();
    // The current header: speaker, start, and whether a cue took its start yet.
    let mut current: Option<(String, f64, bool)> = None;
    // Index in `cues` of the first cue under the current header.
    let mut block_start = 0usize;
    // The preamble's `关键词:` line was just read: the next lists the topics.
    let mut topics_next = false;
    for (i, raw) in lines::lines(text).enumerate() {
        let no = i + 1;
        let line = clean(raw);
        if line.is_empty() {
            continue;
        }
        let glued = header(&line, false)
            .map(|(name, start)| (name, start, ""))
            .or_else(|| header_with_words(&line));
        if let Some((name, start, words)) = glued {
            if cues.len() > block_start
                && let Some(last) = cues.last_mut()
            {
                last.end = Some(start);
            }
            block_start = cues.len();
            current = Some((name.to_owned(), start, false));
            if words.is_empty() {
                continue;
            }
            cues.push(Cue {
                line: no,
                speaker: Some(name.to_owned()),
                start: Some(start),
                end: None,
                text: words.into(),
                paragraph: true,
                guessed: false,
            });
            if let Some((_, _, used)) = &mut current {
                *used = true;
            }
            continue;
        }
        if line.starts_with("Transcribed by ") {
            diags.push(Diagnostic::info(
                no,
                Note::FooterDropped {
                    text: line.to_string(),
                },
            ));
            continue;
        }
        match &mut current {
            Some((speaker, start, used)) => {
                cues.push(Cue {
                    line: no,
                    speaker: Some(speaker.clone()),
                    start: (!*used).then_some(*start),
                    end: None,
                    text: line,
                    paragraph: true,
                    guessed: false,
                });
                *used = true;
            }
            None => {
                // A Markdown export's preamble: `# 转录：访谈.mp4`, `> 时长: 60秒`, `## 转录内容`.
                let line = line
                    .trim_start_matches('#')
                    .trim_start_matches('>')
                    .trim_start();
                if line.is_empty() {
                    continue;
                }
                if keywords_label(line) {
                    topics_next = true;
                    continue;
                }
                if topics_next {
                    topics_next = false;
                    head.topics.extend(super::names::topic_list(line));
                    continue;
                }
                if transcript_heading(line) {
                    continue;
                }
                if head.title.is_empty() && head.prelude.is_empty() {
                    head.title = line.to_owned();
                } else {
                    head.prelude.push(line.to_owned());
                }
            }
        }
    }
    if cues.is_empty() {
        return Err(ImportError::NoCues {
            format: Format::Otter,
            hint: "a turn is a `Speaker 1  0:00` header line with the words below it",
        });
    }
    Ok(build(head, cues, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        fn check(line: &str, strict: bool, expected: Option<(&str, f64)>) {
            assert_eq!(header(line, strict), expected, "{line:?}");
        }
        check("Speaker 1  0:00", true, Some(("Speaker 1", 0.0)));
        check(
            "Dana Whitfield  00:01:23",
            true,
            Some(("Dana Whitfield", 83.0)),
        );
        check("dana  1:05", false, Some(("dana", 65.0)));
        check("dana  1:05", true, None);
        check("Tom Okafor (12:04):", true, Some(("Tom Okafor", 724.0)));
        check("张伟  03:15", true, Some(("张伟", 195.0)));
        check("Lena [1:02:03]", true, Some(("Lena", 3723.0)));
        check("We met at 10:30", false, None);
        check("We met at  10:30", false, Some(("We met at", 630.0)));
        check("10:30", false, None);
        check("The meeting ends. 10:30", false, None);
        check("Speaker 1", false, None);
    }

    #[test]
    fn detection() {
        assert!(looks_like_otter("Speaker 1  0:00\nHello\n"));
        assert!(looks_like_otter(
            "Budget panel\n\nDana Whitfield  0:03\nHello\n"
        ));
        assert!(!looks_like_otter("主持人:李凡\n会议 10:30 开始\n"));
        assert!(!looks_like_otter("Title\nDana: hi\n"));
        assert!(looks_like_otter(
            "2026年3月2日|42分钟\n\n关键词:\n预算\n\n文字记录:\n说话人 1 00:02\n好。\n"
        ));
        assert!(looks_like_otter("记录\n说话人 1 00:00:00先说。\n"));
        assert!(!looks_like_otter("纪要\n会议 10:30 开始\n王芳 10:30开始\n"));
    }

    #[test]
    fn headers_with_words_glued_to_the_time() {
        for (line, expected) in [
            (
                "说话人 1 00:00:00先说停车。",
                Some(("说话人 1", 0.0, "先说停车。")),
            ),
            (
                "发言人2 01:05嗯，好的。",
                Some(("发言人2", 65.0, "嗯，好的。")),
            ),
            ("Speaker 1 0:03Hello.", Some(("Speaker 1", 3.0, "Hello."))),
            ("会议 10:30 开始", None),
            ("发言人1 00:01:10 开场白", Some(("发言人1", 70.0, "开场白"))),
            ("说话人 1 00:02", None),
            ("我们在 2024 年开会", None),
            ("In 10:30 we met", None),
        ] {
            assert_eq!(header_with_words(line), expected, "{line:?}");
        }
    }
}
