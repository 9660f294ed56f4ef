use serde::Serialize;

/// Word and character counts of a text, CJK-aware.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TextCount {
    /// Latin-script words plus one per CJK character (how CJK newsrooms count length).
    pub words: u64,
    /// Characters that are not whitespace.
    pub chars: u64,
}

impl std::ops::AddAssign for TextCount {
    fn add_assign(&mut self, rhs: TextCount) {
        self.words += rhs.words;
        self.chars += rhs.chars;
    }
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul syllables).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x3134F) // extensions B–G
}

/// Full-width punctuation and symbols: Microsoft Word counts each as one word, as it counts
/// each CJK character.
fn is_full_width_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x303F   // CJK symbols and punctuation (not the ideographic space)
        | 0xFE10..=0xFE1F // vertical forms
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF01..=0xFF60 // full-width forms
        | 0xFFE0..=0xFFE6)
}

/// Punctuation that Chinese text shares with Latin text (curly quotes, the ellipsis, the dash,
/// the middle dot): one word of its own beside CJK text, part of the word it touches in a
/// Latin run (`don’t`).
fn is_shared_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2026}' | '\u{2014}' | '\u{00B7}'
    )
}

/// Counts words and non-whitespace characters by Microsoft Word's rule, so the figure an
/// editor sees here is the one Word shows: each CJK character and each full-width punctuation
/// mark is one word; each run of other non-space characters is one word (`31.7%`,
/// `hello,`, `2024` in `2024年`).
pub fn count_text(text: &str) -> TextCount {
    let mut count = TextCount::default();
    let mut in_run = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_run = false;
            continue;
        }
        count.chars += 1;
        if is_cjk(c) || is_full_width_punctuation(c) || (is_shared_punctuation(c) && !in_run) {
            count.words += 1;
            in_run = false;
        } else if !in_run {
            count.words += 1;
            in_run = true;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, words: u64, chars: u64) {
        assert_eq!(count_text(input), TextCount { words, chars }, "{input:?}");
    }

    /// Cases worked out by Word's rule ("each Asian character, full-width punctuation
    /// included, is one word; each run of other non-space characters is one").
    #[test]
    fn counts_as_microsoft_word_does() {
        check("", 0, 0);
        check("hello world", 2, 10);
        check("don't stop-now", 2, 13);
        check("don’t", 1, 5);
        check("工会干部", 4, 4);
        check("工会 union 2024年", 5, 12);
        // Full-width punctuation counts; the curly quotes beside CJK text too; the ASCII
        // comma after them is a run of its own.
        check("“产改”,好。", 7, 7);
        check("占比31.7%。", 4, 8);
        check("国情，决定", 5, 5);
        check("（嘉宾）", 4, 4);
        check("a - b", 3, 3);
        check("AI赋能", 3, 4);
        check("他说:“好……”", 7, 8);
        check("１２３", 3, 3);
        check("\u{3000}工\u{3000}会", 2, 2);
    }
}
