//! Folding text for search: each character to exactly one character, so that a match found
//! in the folded text sits at the same character offsets in the original.
//!
//! Full-width forms become their ASCII twins (`ｃｈｉｎａ` → `china`, `３１．７％` → `31.7%`),
//! the ideographic space a space, CJK punctuation its ASCII twin (`，` → `,`), letters
//! lowercase, and traditional Chinese characters simplified (`工會` → `工会`).

use std::sync::LazyLock;

/// The CJK blocks the traditional → simplified table covers: Extension A with the Unified
/// Ideographs, and the Compatibility Ideographs.
const IDEOGRAPHS: std::ops::RangeInclusive<u32> = 0x3400..=0x9FFF;
const COMPATIBILITY: std::ops::RangeInclusive<u32> = 0xF900..=0xFAFF;
const IDEOGRAPHS_LEN: usize = (*IDEOGRAPHS.end() - *IDEOGRAPHS.start() + 1) as usize;

/// Traditional → simplified, one character to one, from the `fast2s` table: indexed by the
/// code point's offset in [`IDEOGRAPHS`], then [`COMPATIBILITY`]. A table, not a hash map:
/// every Chinese character of every text indexed or checked passes through it.
static T2S: LazyLock<Box<[char]>> = LazyLock::new(|| {
    let mut buf = [0u8; 4];
    IDEOGRAPHS
        .chain(COMPATIBILITY)
        .map(|code| {
            let Some(c) = char::from_u32(code) else {
                return '\u{FFFD}';
            };
            let converted = fast2s::convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            match (chars.next(), chars.next()) {
                (Some(s), None) => s,
                _ => c,
            }
        })
        .collect()
});

/// One character folded.
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let code = c as u32;
    // Ideographs have no case and no other folding: straight to the table.
    if IDEOGRAPHS.contains(&code) {
        return T2S[(code - IDEOGRAPHS.start()) as usize];
    }
    if COMPATIBILITY.contains(&code) {
        return T2S[IDEOGRAPHS_LEN + (code - COMPATIBILITY.start()) as usize];
    }
    let c = match c {
        // Full-width ASCII: U+FF01–U+FF5E → U+0021–U+007E.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(code - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        '、' => ',',
        '。' | '｡' => '.',
        '「' | '『' | '“' | '”' | '〝' | '〞' => '"',
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '〈' | '《' => '<',
        '〉' | '》' => '>',
        '」' | '』' => '"',
        '〜' => '~',
        '･' | '・' => '·',
        '￥' => '¥',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// `text` folded for search: as many characters as `text`, each folded by [`fold_char`].
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().map(fold_char));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let folded = fold(input);
        assert_eq!(folded, expected, "fold({input:?})");
        assert_eq!(folded.chars().count(), input.chars().count(), "{input:?}");
    }

    #[test]
    fn folds_width_punctuation_case_and_script() {
        for (input, expected) in [
            ("ｃｈｉｎａ", "china"),
            ("ＣＨＩＮＡ", "china"),
            ("China", "china"),
            ("３１．７％", "31.7%"),
            ("31.7%", "31.7%"),
            ("国情，决定", "国情,决定"),
            ("国情,决定", "国情,决定"),
            ("好。对：是；吗！吗？", "好.对:是;吗!吗?"),
            ("（注）", "(注)"),
            ("甲、乙", "甲,乙"),
            ("“引”「号」", "\"引\"\"号\""),
            ("《书》", "<书>"),
            ("a\u{3000}b", "a b"),
            ("工會", "工会"),
            ("工会", "工会"),
            ("國際勞動節", "国际劳动节"),
            ("臺灣", "台湾"),
            ("", ""),
            ("\n", "\n"),
            ("é ÀÉ", "é àé"),
            ("😀", "😀"),
        ] {
            check(input, expected);
        }
    }
}
