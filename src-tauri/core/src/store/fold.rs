//! Folding text for search: each character to exactly one character, so that a match found
//! in the folded text sits at the same character offsets in the original.
//!
//! Full-width forms become their ASCII twins (`ｃｈｉｎａ` → `china`, `３１．７％` → `31.7%`),
//! the ideographic space a space, CJK punctuation its ASCII twin (`，` → `,`), letters
//! lowercase, and traditional Chinese characters simplified (`工會` → `工会`).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Traditional → simplified, one character to one, from the `fast2s` table.
static T2S: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    let ranges = [
        0x3400..=0x4DBF_u32, // CJK Extension A
        0x4E00..=0x9FFF,     // CJK Unified Ideographs
        0xF900..=0xFAFF,     // CJK Compatibility Ideographs
    ];
    let mut buf = [0u8; 4];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let converted = fast2s::convert(c.encode_utf8(&mut buf));
        let mut chars = converted.chars();
        if let (Some(s), None) = (chars.next(), chars.next())
            && s != c
        {
            map.insert(c, s);
        }
    }
    map
});

/// One character folded.
pub(crate) fn fold_char(c: char) -> char {
    let c = match c {
        // Full-width ASCII: U+FF01–U+FF5E → U+0021–U+007E.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
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
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    if (c as u32) < 0x3400 {
        c
    } else {
        T2S.get(&c).copied().unwrap_or(c)
    }
}

/// `text` folded for search: as many characters as `text`, each folded by [`fold_char`].
pub(crate) fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
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
