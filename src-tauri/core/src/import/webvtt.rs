//! WebVTT subtitles.
//!
//! The speaker comes from a voice span (`<v Name>`, `<v.loud Name>`, several per cue) or,
//! failing that, from a `Name:` / `[Speaker 1]` / `>> NAME:` prefix on a cue line. Other tags
//! (`<c>`, `<i>`, `<b>`, `<u>`, `<lang>`, `<ruby>`, inline timestamps) are dropped and
//! character references decoded. `NOTE`, `STYLE` and `REGION` blocks are skipped. The text
//! after `WEBVTT` on the first line, if any, is the title; a `Language:` header line gives
//! the language. A cue that only repeats the previous cue's text (rolling captions) is
//! dropped.

use super::lines::trim;
use super::timed::{Cue, Header, LabelMemo, build, join_text, parse_timestamp, take_label_with};
use super::{Diagnostic, Format, ImportError, Note};
use crate::model::Document;

/// Whether the text is WebVTT: it starts with `WEBVTT`.
pub(super) fn looks_like_webvtt(head: &str) -> bool {
    head.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

/// `start --> end [settings]` in seconds. Real tools also write `0.000` and `m:ss.fff`,
/// with `.` or `,`.
pub(super) fn timing(line: &str) -> Option<(f64, f64)> {
    let at = arrow(line)?;
    let (a, b) = (&line[..at], &line[at + 3..]);
    let b = b.split_whitespace().next()?;
    Some((cue_time(a)?, cue_time(b)?))
}

/// A cue time: `hh:mm:ss.fff`, `m:ss.fff` or bare seconds `ss.fff`.
fn cue_time(text: &str) -> Option<f64> {
    parse_timestamp(text).or_else(|| {
        let t = trim(text);
        let (whole, fraction) = t.split_once(['.', ',']).unwrap_or((t, ""));
        if whole.is_empty()
            || whole.len() > 6
            || fraction.len() > 9
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut value: f64 = whole.parse().ok()?;
        if !fraction.is_empty() {
            value += fraction.parse::<f64>().ok()? / 10f64.powi(fraction.len() as i32);
        }
        Some(value)
    })
}

/// The byte offset of the first `-->` (without building a substring searcher: this runs
/// for every line).
pub(super) fn arrow(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == b'>') {
        let at = from + i;
        if at >= 2 && &bytes[at - 2..at] == b"--" {
            return Some(at - 2);
        }
        from = at + 1;
    }
    None
}

/// Decodes the character references WebVTT and SRT files use.
pub(super) fn unescape(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is short: look for its `;` in the next few bytes only.
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "lrm" | "rlm" => None,
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            name.strip_prefix('#').and_then(|d| d.parse().ok())
                        };
                    match code.filter(|&c| c != 0).and_then(char::from_u32) {
                        Some(c) => Some(c),
                        None => return None,
                    }
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                if let Some(c) = c {
                    out.push(c);
                }
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Whether the payload has a voice tag (`<v Name>`, `<v.class Name>`) or its end.
fn has_voice(payload: &str) -> bool {
    let bytes = payload.as_bytes();
    for i in memchr::memchr_iter(b'<', bytes) {
        let b = &bytes[i + 1..];
        let voice = match b.first() {
            Some(b'v') => matches!(b.get(1), Some(b' ' | b'\t' | b'.')),
            Some(b'/') => b.get(1) == Some(&b'v'),
            _ => false,
        };
        if voice {
            return true;
        }
    }
    false
}

/// One piece of a cue's payload: the voice it is in, and its text with tags removed.
#[derive(Debug, PartialEq)]
struct Span {
    voice: Option<String>,
    text: String,
}

/// Splits a cue payload at voice spans and strips the other tags.
fn spans(payload: &str) -> Vec<Span> {
    let mut spans = vec![Span {
        voice: None,
        text: String::new(),
    }];
    let mut rest = payload;
    while let Some(open) = rest.find('<') {
        push_text(&mut spans, &rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A stray `<`: text.
            push_text(&mut spans, &rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some(voice) = tag.strip_prefix('v')
            && (voice.starts_with([' ', '\t', '.']))
        {
            // `<v.loud.x Name Surname>`: classes, then the name.
            let name = voice
                .trim_start_matches(|c: char| c != ' ' && c != '\t')
                .trim();
            spans.push(Span {
                voice: Some(name.to_owned()).filter(|n| !n.is_empty()),
                text: String::new(),
            });
        } else if tag == "/v" {
            spans.push(Span {
                voice: None,
                text: String::new(),
            });
        }
    }
    push_text(&mut spans, rest);
    spans.retain(|s| s.voice.is_some() || !s.text.trim().is_empty());
    spans
}

fn push_text(spans: &mut [Span], text: &str) {
    if let Some(last) = spans.last_mut() {
        last.text.push_str(text);
    }
}

/// Cues from one payload: voice spans first, `Name:` prefixes on lines without a voice.
pub(super) fn payload_cues(
    payload: &str,
    line: usize,
    start: Option<f64>,
    end: Option<f64>,
    cues: &mut Vec<Cue>,
    memo: &mut LabelMemo,
) {
    if memchr::memchr(b'<', payload.as_bytes()).is_none() {
        // No markup at all (most SRT cues): no spans to build.
        prefixed_cues(&unescape(payload), line, start, end, cues, memo);
        return;
    }
    if !has_voice(payload) {
        // Formatting tags only (`<i>`, `<c.x>`): drop them, no spans to build.
        let mut plain = String::with_capacity(payload.len());
        let mut rest = payload;
        while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
            plain.push_str(&rest[..open]);
            match memchr::memchr(b'>', &rest.as_bytes()[open..]) {
                Some(close) => rest = &rest[open + close + 1..],
                None => {
                    plain.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        plain.push_str(rest);
        prefixed_cues(&unescape(&plain), line, start, end, cues, memo);
        return;
    }
    for span in spans(payload) {
        let text = unescape(&span.text);
        if span.voice.is_some() {
            let mut joined = String::new();
            for l in text.lines() {
                join_text(&mut joined, l);
            }
            cues.push(Cue {
                line,
                speaker: span.voice,
                start,
                end,
                text: joined,
                paragraph: false,
                guessed: false,
            });
            continue;
        }
        prefixed_cues(&text, line, start, end, cues, memo);
    }
}

/// Cues from text without voice spans: a `Name:` prefix on a line starts a cue.
fn prefixed_cues(
    text: &str,
    line: usize,
    start: Option<f64>,
    end: Option<f64>,
    cues: &mut Vec<Cue>,
    memo: &mut LabelMemo,
) {
    let mut cue: Option<Cue> = None;
    for l in super::lines::lines(text) {
        let (label, rest) = take_label_with(l, memo);
        if label.is_some() || cue.is_none() {
            cues.extend(cue.take());
            cue = Some(Cue {
                line,
                speaker: label.map(str::to_owned),
                start,
                end,
                // Sized for this line, not the whole payload: a cue of many `Name:` lines
                // would otherwise reserve the whole payload once per line (quadratic).
                text: String::with_capacity(rest.len()),
                paragraph: false,
                guessed: label.is_some(),
            });
        }
        if let Some(c) = &mut cue {
            join_text(&mut c.text, rest);
        }
    }
    cues.extend(cue);
}

/// Parses WebVTT.
pub(super) fn parse(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let mut head = Header::default();
    let mut diags = Vec::new();
    let mut cues: Vec<Cue> = Vec::new();
    let mut lines = super::lines::lines(text).enumerate().peekable();
    // The header block: `WEBVTT title`, then `Key: value` lines up to a blank line.
    if let Some((_, first)) = lines.next() {
        let first = first.trim_start_matches('\u{FEFF}').trim();
        let title = first.strip_prefix("WEBVTT").unwrap_or("").trim();
        head.title = title.trim_start_matches(['-', '–', '—']).trim().to_owned();
    }
    while let Some((_, l)) = lines.next_if(|(_, l)| !l.trim().is_empty() && !l.contains("-->")) {
        if let Some((key, value)) = l.split_once(':')
            && key.trim().eq_ignore_ascii_case("language")
        {
            head.language = Some(value.trim().to_owned());
        }
    }
    let mut timing_warned = false;
    // Buffers reused from cue to cue.
    let mut memo = LabelMemo::default();
    let mut previous = String::new();
    let mut payload = String::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    loop {
        // Skip blank lines, then read one block.
        while lines.next_if(|(_, l)| trim(l).is_empty()).is_some() {}
        let Some((i, first)) = lines.next() else {
            break;
        };
        let first = trim(first);
        block.clear();
        block.push((i, first));
        while let Some((j, l)) = lines.next_if(|(_, l)| !trim(l).is_empty()) {
            block.push((j, l.trim_end()));
        }
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| {
            first
                .strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
        }) {
            continue;
        }
        let Some(at) = block.iter().take(2).position(|(_, l)| arrow(l).is_some()) else {
            diags.push(Diagnostic::warning(i + 1, Note::CueWithoutTiming {}));
            continue;
        };
        let (timing_line, timing_text) = block[at];
        // An unreadable timing loses the cue its times, never its text (one warning).
        let (start, end) = match timing(timing_text) {
            Some((a, b)) => (Some(a), Some(b)),
            None => {
                if !timing_warned {
                    timing_warned = true;
                    diags.push(Diagnostic::warning(
                        timing_line + 1,
                        Note::CueTimingUnreadable {
                            timing: timing_text.to_string(),
                        },
                    ));
                }
                (None, None)
            }
        };
        payload.clear();
        for (k, (_, l)) in block[at + 1..].iter().enumerate() {
            if k > 0 {
                payload.push('\n');
            }
            payload.push_str(l);
        }
        if !payload.is_empty() && previous == payload {
            continue;
        }
        payload_cues(&payload, timing_line + 1, start, end, &mut cues, &mut memo);
        std::mem::swap(&mut previous, &mut payload);
    }
    if cues.iter().all(|c| trim(&c.text).is_empty()) {
        return Err(ImportError::NoCues {
            format: Format::Webvtt,
            hint: "a cue is a `00:00:01.000 --> 00:00:04.000` line followed by its text",
        });
    }
    Ok(build(head, cues, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_spans() {
        fn check(payload: &str, expected: &[(Option<&str>, &str)]) {
            let got: Vec<(Option<String>, String)> = spans(payload)
                .into_iter()
                .map(|s| (s.voice, s.text))
                .collect();
            let expected: Vec<(Option<String>, String)> = expected
                .iter()
                .map(|(v, t)| (v.map(str::to_owned), (*t).to_owned()))
                .collect();
            assert_eq!(got, expected, "{payload:?}");
        }
        check(
            "<v Dana Whitfield>Hello",
            &[(Some("Dana Whitfield"), "Hello")],
        );
        check("<v.loud Tom>NO!</v>", &[(Some("Tom"), "NO!")]);
        check(
            "<v A>Hi\n<v B>Hello <i>there</i>",
            &[(Some("A"), "Hi\n"), (Some("B"), "Hello there")],
        );
        check("plain <c.yellow>text</c>", &[(None, "plain text")]);
        check("a < b", &[(None, "a < b")]);
        check("<00:00:01.000>word", &[(None, "word")]);
    }

    #[test]
    fn references() {
        fn check(input: &str, expected: &str) {
            assert_eq!(unescape(input), expected, "{input:?}");
        }
        check("Tom &amp; Jerry", "Tom & Jerry");
        check("&lt;b&gt;", "<b>");
        check("a&nbsp;b", "a b");
        check("&#20013;&#x6587;", "中文");
        check("R&D", "R&D");
        check("&bogus;", "&bogus;");
        check("&", "&");
        check("&#0;x", "&#0;x");
        check("&#x110000;主持人", "&#x110000;主持人");
        check("x&lrm;y", "xy");
    }

    #[test]
    fn timings() {
        assert_eq!(
            timing("00:00:01.000 --> 00:00:04.500 align:start"),
            Some((1.0, 4.5))
        );
        assert_eq!(timing("01:02.000 --> 01:03.000"), Some((62.0, 63.0)));
        assert_eq!(timing("00:00:01,000 --> 00:00:02,000"), Some((1.0, 2.0)));
        assert_eq!(timing("nonsense --> 1"), None);
    }
}
