//! SubRip (`.srt`) subtitles.
//!
//! Cues are read line by line, so missing blank lines or missing index numbers do not
//! matter: a `00:00:01,000 --> 00:00:04,000` line starts a cue, and a number on the line
//! just before it is the cue's index. The speaker comes from a prefix on a cue line
//! (`NAME: text`, `[Speaker 1] text`, `[SPEAKER_00]: text`, `>> NAME:`, `- Name:`); a line
//! without one continues the current speaker. `<i>`/`<b>`/`<font>` tags and `{\an8}`
//! overrides are dropped.

use super::lines::trim;
use super::timed::{Cue, Header, LabelMemo, build};
use super::webvtt::{arrow, payload_cues, timing};
use super::{Diagnostic, Format, ImportError, Note, lines};
use crate::model::Document;

/// Whether the text starts like SRT: an index line then a timing line, or a timing line.
pub(super) fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    match lines.next() {
        Some(first) if is_index(first) => lines.next().is_some_and(|l| timing(l).is_some()),
        Some(first) => timing(first).is_some(),
        None => false,
    }
}

fn is_index(line: &str) -> bool {
    !line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit())
}

/// Removes `{\an8}`-style override blocks.
fn strip_overrides(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'{', text.as_bytes()).is_none() || !text.contains("{\\") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{\\") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Parses SRT.
pub(super) fn parse(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let mut diags = Vec::new();
    // About one cue per four lines: sized up front so that pushing rarely copies.
    let mut cues: Vec<Cue> = Vec::with_capacity((lines::count(text, b'\n') / 4).min(1 << 20));
    let mut memo = LabelMemo::default();
    // The open cue: its line, start and end; its payload lines joined by `\n`.
    let mut open: Option<(usize, f64, f64)> = None;
    let mut payload = String::new();
    // The last payload line, to drop it when it turns out to be the next cue's index.
    let mut last: Option<(usize, usize)> = None; // (line number, byte length in payload)
    let mut stray = false;
    let flush = |open: &mut Option<(usize, f64, f64)>,
                 payload: &mut String,
                 cues: &mut Vec<Cue>,
                 memo: &mut LabelMemo| {
        if let Some((line, start, end)) = open.take() {
            payload_cues(
                &strip_overrides(payload),
                line,
                Some(start),
                Some(end),
                cues,
                memo,
            );
        }
        payload.clear();
    };
    for (i, raw) in lines::lines(text).enumerate() {
        let no = i + 1;
        let line = trim(raw);
        if line.is_empty() {
            continue;
        }
        if arrow(line).is_some() {
            if let Some((start, end)) = timing(line) {
                if let Some((n, len)) = last
                    && n + 1 == no
                    && open.is_some()
                    && is_index(&payload[payload.len() - len..])
                {
                    payload.truncate(payload.len() - len);
                }
                flush(&mut open, &mut payload, &mut cues, &mut memo);
                open = Some((no, start, end));
                last = None;
                continue;
            }
            diags.push(Diagnostic::warning(
                no,
                Note::SrtTimingUnreadable {
                    timing: line.to_string(),
                },
            ));
        }
        if open.is_some() {
            if !payload.is_empty() {
                payload.push('\n');
            }
            payload.push_str(line);
            last = Some((no, line.len()));
        } else if !is_index(line) && !stray {
            stray = true;
            diags.push(Diagnostic::warning(no, Note::TextBeforeFirstCue {}));
        }
    }
    flush(&mut open, &mut payload, &mut cues, &mut memo);
    if cues.iter().all(|c| trim(&c.text).is_empty()) {
        return Err(ImportError::NoCues {
            format: Format::Srt,
            hint: "a cue is an index line, a `00:00:01,000 --> 00:00:04,000` line and its text",
        });
    }
    Ok(build(Header::default(), cues, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        fn check(input: &str, expected: bool) {
            assert_eq!(looks_like_srt(input), expected, "{input:?}");
        }
        check("1\n00:00:01,000 --> 00:00:02,000\nHi\n", true);
        check("00:00:01,000 --> 00:00:02,000\nHi\n", true);
        check("1\nHello\n", false);
        check("2024\n年度报告\n", false);
        check("", false);
    }

    #[test]
    fn overrides() {
        assert_eq!(strip_overrides("{\\an8}Top"), "Top");
        assert_eq!(strip_overrides("a {\\i1}b{\\i0} c"), "a b c");
        assert_eq!(strip_overrides("{\\unclosed"), "");
        assert_eq!(strip_overrides("{plain}"), "{plain}");
    }
}
