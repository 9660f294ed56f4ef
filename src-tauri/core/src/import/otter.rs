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

/// Whether the text starts like an Otter transcript: a speaker-and-time header among the
/// first three lines.
pub(super) fn looks_like_otter(head: &str) -> bool {
    head.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .any(|l| header(l, true).is_some())
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
    for (i, raw) in lines::lines(text).enumerate() {
        let no = i + 1;
        let line = clean(raw);
        if line.is_empty() {
            continue;
        }
        if let Some((name, start)) = header(&line, false) {
            if cues.len() > block_start
                && let Some(last) = cues.last_mut()
            {
                last.end = Some(start);
            }
            block_start = cues.len();
            current = Some((name.to_owned(), start, false));
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
            None if head.title.is_empty() && head.prelude.is_empty() => head.title = line,
            None => head.prelude.push(line),
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
    }
}
