//! The line model both text importers feed the article builder with.

/// What the source already says a line is. Plain text says nothing; Markdown says a lot.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Hint {
    /// No markup: the builder classifies it.
    Plain,
    /// A top-level heading: the title.
    Title,
    /// A lower heading.
    Heading,
    /// An image, with its source and alt text.
    Image {
        src: Option<String>,
        alt: Option<String>,
    },
    /// Emphasised text right after an image: its caption.
    Caption,
    /// Emphasised text right after an image's caption: its credit (`*摄影 张三*`).
    Credit,
    /// An explicit speaker label (`**Name:** text`).
    Label { label: String },
    /// A list item.
    Item,
    /// A thematic break: narration or credits may follow.
    Break,
}

/// One logical line of input. Plain text lends its lines; Markdown and Word own theirs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line<'a> {
    /// 1-based line number in the input.
    pub no: usize,
    /// The text, normalised (see [`clean`]), markup removed.
    pub text: std::borrow::Cow<'a, str>,
    /// What the source says it is.
    pub hint: Hint,
}

/// Whitespace a pasted page brings that `str::trim` alone does not treat as padding
/// everywhere: NBSP, ideographic space, zero-width characters, BOM.
fn is_padding(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace();
    }
    c.is_whitespace()
        || matches!(
            c,
            '\u{00A0}'
                | '\u{3000}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
        )
}

/// [`str::trim`], answering at once when neither end is whitespace: labels and names are
/// trimmed many times per line, and are nearly always trimmed already.
pub(super) fn trim(s: &str) -> &str {
    // Looks at the lead bytes only: every whitespace character is ASCII or starts with one of
    // C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+205F), E3 (U+3000).
    let may_be_space = |lead: u8| matches!(lead, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return s;
    };
    let last = bytes
        .iter()
        .rev()
        .take(4)
        .find(|&&b| b & 0xC0 != 0x80)
        .copied()
        .unwrap_or(first);
    if may_be_space(first) || may_be_space(last) {
        s.trim()
    } else {
        s
    }
}

/// Trims padding of every kind from both ends.
pub(super) fn clean(text: &str) -> String {
    text[clean_range(text)].to_owned()
}

/// The byte range of `text` that [`clean`] keeps, for trimming a `String` in place.
pub(super) fn clean_range(text: &str) -> std::ops::Range<usize> {
    let start = text.len() - text.trim_start_matches(is_padding).len();
    let end = text.trim_end_matches(is_padding).len().max(start);
    start..end
}

/// The lines of `text` as [`str::lines`] gives them (`\n` or `\r\n` ends a line; no final
/// empty line), found with SIMD `memchr`: every text importer walks its whole input this way,
/// and `str::lines` costs several times more per line.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// How many times `byte` occurs in `text`.
pub(super) fn count(text: &str, byte: u8) -> usize {
    memchr::memchr_iter(byte, text.as_bytes()).count()
}

/// The non-empty lines of plain text, made as they are read: a caller that needs them
/// several times makes them again rather than holding millions of them.
pub(super) fn plain_line_iter(text: &str) -> impl Iterator<Item = Line<'_>> {
    lines(text).enumerate().filter_map(|(i, l)| {
        let l = l.trim_matches(is_padding);
        (!l.is_empty()).then_some(Line {
            no: i + 1,
            text: std::borrow::Cow::Borrowed(l),
            hint: Hint::Plain,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "中文",
            "\u{3000}中文\u{3000}",
            "\u{a0}x",
            "x\u{2009}",
            "\u{85}",
            "\x0bx",
            "。",
            "x\u{1680}",
            "\u{205f}y",
            "\u{202f}",
            "\u{2028}a\u{2029}",
            "é",
            "\t\n",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn lines_split_as_str_lines_does() {
        fn check(text: &str) {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
        }
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "a\rb",
            "\r\n",
            "中文\n\n英文\r",
        ] {
            check(text);
        }
    }
}
