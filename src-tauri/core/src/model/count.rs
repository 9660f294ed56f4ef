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

/// Counts words (each CJK character is one word, runs of letters and digits are one word)
/// and non-whitespace characters.
pub fn count_text(text: &str) -> TextCount {
    let mut count = TextCount::default();
    let mut in_word = false;
    for c in text.chars() {
        if !c.is_whitespace() {
            count.chars += 1;
        }
        if is_cjk(c) {
            count.words += 1;
            in_word = false;
        } else if c.is_alphanumeric() || (in_word && (c == '\'' || c == '’' || c == '-')) {
            if !in_word {
                count.words += 1;
                in_word = true;
            }
        } else {
            in_word = false;
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

    #[test]
    fn counts() {
        check("", 0, 0);
        check("hello world", 2, 10);
        check("don't stop-now", 2, 13);
        check("工会干部", 4, 4);
        check("工会 union 2024年", 5, 12);
        check("“产改”,好。", 3, 7);
    }
}
