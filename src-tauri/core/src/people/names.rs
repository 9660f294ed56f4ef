//! How a label printed in a document is compared with the names of the library's people.
//!
//! Three keys, each indexed in the library (`person_names`), so matching an imported
//! participant is a lookup, never a scan of every person:
//! - [`exact_key`]: the name as written, spaces collapsed, case ignored. Equal exact keys
//!   link automatically.
//! - [`folded_key`]: width, script (traditional → simplified), case, spaces and dots
//!   folded. Equal folded keys with different exact keys are a *variant*: suggested, never
//!   linked, because `楊梅芳` may be a different person in a Hong Kong paper.
//! - [`surname_key`]: the family name (`杨`, `whitfield`), for labels that give only it
//!   (`杨老师`, `Ms Whitfield`, `D. Whitfield`).

use serde::Serialize;
use ts_rs::TS;

use crate::store::fold::fold;

/// Why a person is suggested for a participant (or two people for a merge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The same name, but the person held another title where they appeared.
    DifferentTitle,
    /// The same name in another script or width, or spaced differently (`楊梅芳`,
    /// `ＤＡＮＡ`).
    Variant,
    /// A label that gives only the family name, or an initial and the family name
    /// (`杨老师`, `Whitfield`, `D. Whitfield`).
    Surname,
    /// Several people have this exact name: the user picks.
    SameName,
}

impl MatchReason {
    /// A few words for people.
    pub fn describe(self) -> &'static str {
        match self {
            MatchReason::DifferentTitle => "same name, another title",
            MatchReason::Variant => "same name in another script or width",
            MatchReason::Surname => "same family name",
            MatchReason::SameName => "several people have this name",
        }
    }
}

/// Forms of address around a name that do not belong to it.
const CJK_HONORIFICS: &[&str] = &[
    "老师", "女士", "先生", "教授", "博士", "主任", "书记", "院长", "校长", "同志", "总",
];
const LATIN_HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir"];
/// Two-character Chinese family names (the common ones).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "长孙",
    "公孙", "宇文", "轩辕", "端木", "独孤", "南宫", "西门",
];

/// The exact key: trimmed, inner whitespace collapsed to one space, lowercase.
pub fn exact_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The folded key: [`fold`]ed (width, punctuation, case, script), without spaces, dots and
/// middle dots, so `Dana  Whitfield`, `ＤＡＮＡ ＷＨＩＴＦＩＥＬＤ` and `dana whitfield` agree,
/// and `楊梅芳` agrees with `杨梅芳`.
pub fn folded_key(name: &str) -> String {
    fold(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '·' | '•' | '-' | '_'))
        .collect()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A name split for surname matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    /// The family name, folded; empty when the name has none to tell.
    pub surname: String,
    /// Whether the label gives only the family name (with or without a form of address).
    pub surname_only: bool,
    /// The given name's first letter, folded, when the label gives only an initial (`D.`).
    pub initial: Option<char>,
    /// The given name's first letter, folded, when the label gives the whole given name.
    pub given_first: Option<char>,
}

/// The family name of `name` and what else the label gives.
pub fn name_parts(name: &str) -> NameParts {
    let folded = fold(name.trim());
    let none = NameParts {
        surname: String::new(),
        surname_only: false,
        initial: None,
        given_first: None,
    };
    if folded.is_empty() {
        return none;
    }
    if folded.chars().all(|c| is_han(c) || c.is_whitespace()) {
        let mut han: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
        let mut addressed = false;
        for h in CJK_HONORIFICS {
            if han.chars().count() > h.chars().count()
                && let Some(rest) = han.strip_suffix(h)
            {
                han = rest.to_owned();
                addressed = true;
                break;
            }
        }
        let n = han.chars().count();
        let compound = COMPOUND_SURNAMES.iter().find(|s| han.starts_with(*s));
        let surname: String = match compound {
            Some(s) => (*s).to_owned(),
            None => han.chars().take(1).collect(),
        };
        let surname_len = surname.chars().count();
        return NameParts {
            surname_only: n == surname_len || (addressed && n <= surname_len),
            surname,
            initial: None,
            given_first: None,
        };
    }
    let words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches('.').to_owned())
        .filter(|w| !w.is_empty())
        .filter(|w| !LATIN_HONORIFICS.contains(&w.as_str()))
        .collect();
    let Some(last) = words.last() else {
        return none;
    };
    if !last.chars().any(char::is_alphabetic) {
        return none;
    }
    let first = words.first().and_then(|w| w.chars().next());
    let initial_only = words.len() == 2 && words[0].chars().count() == 1;
    NameParts {
        surname: last.clone(),
        surname_only: words.len() == 1,
        initial: if initial_only { first } else { None },
        given_first: if words.len() >= 2 && !initial_only {
            first
        } else {
            None
        },
    }
}

/// Why `label` (a participant's name) might be the person known as `name`, when it is not
/// the same exact name: `None` when nothing suggests it.
pub fn close_match(label: &str, name: &str) -> Option<MatchReason> {
    if exact_key(label) == exact_key(name) {
        return None;
    }
    if folded_key(label) == folded_key(name) {
        return Some(MatchReason::Variant);
    }
    let l = name_parts(label);
    let n = name_parts(name);
    if l.surname.is_empty() || l.surname != n.surname || n.surname_only {
        return None;
    }
    if l.surname_only {
        return Some(MatchReason::Surname);
    }
    // `D. Whitfield` for `Dana Whitfield`: the initial must agree.
    match (l.initial, n.given_first.or(n.initial)) {
        (Some(i), Some(g)) if i == g => Some(MatchReason::Surname),
        _ => None,
    }
}

/// Whether two titles (or organisations) are the same once folded; an absent one agrees
/// with anything.
pub fn same_title(a: Option<&str>, b: Option<&str>) -> bool {
    match (a.map(folded_key), b.map(folded_key)) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => a == b,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_variants_in_both_scripts_and_widths() {
        use MatchReason::*;
        // (participant label, person's name, expected)
        let table: &[(&str, &str, Option<MatchReason>)] = &[
            // Exact (case and spacing aside): linked, not suggested.
            ("杨梅芳", "杨梅芳", None),
            (" 杨梅芳 ", "杨梅芳", None),
            ("Dana Whitfield", "dana  whitfield", None),
            // Traditional / simplified.
            ("楊梅芳", "杨梅芳", Some(Variant)),
            ("杨梅芳", "楊梅芳", Some(Variant)),
            ("陳志強", "陈志强", Some(Variant)),
            // Full width / half width.
            (
                "ＤＡＮＡ ＷＨＩＴＦＩＥＬＤ",
                "Dana Whitfield",
                Some(Variant),
            ),
            (
                "Ｄａｎａ Ｗｈｉｔｆｉｅｌｄ",
                "Dana Whitfield",
                Some(Variant),
            ),
            ("杨　梅芳", "杨梅芳", Some(Variant)),
            ("杨 梅芳", "杨梅芳", Some(Variant)),
            ("D.Whitfield", "D. Whitfield", Some(Variant)),
            // Surname-only labels.
            ("杨老师", "杨梅芳", Some(Surname)),
            ("杨", "杨梅芳", Some(Surname)),
            ("楊老師", "杨梅芳", Some(Surname)),
            ("欧阳", "欧阳修远", Some(Surname)),
            ("Whitfield", "Dana Whitfield", Some(Surname)),
            ("WHITFIELD", "Dana Whitfield", Some(Surname)),
            ("Ms Whitfield", "Dana Whitfield", Some(Surname)),
            ("Ｍｓ． Ｗｈｉｔｆｉｅｌｄ", "Dana Whitfield", Some(Surname)),
            ("D. Whitfield", "Dana Whitfield", Some(Surname)),
            // Not the same person.
            ("E. Whitfield", "Dana Whitfield", None),
            ("Sam Whitfield", "Dana Whitfield", None),
            ("杨帆", "杨梅芳", None),
            ("王梅芳", "杨梅芳", None),
            ("欧阳修远", "欧明", None),
            ("Dana", "Dana Whitfield", None),
            ("主持人", "杨梅芳", None),
        ];
        for (label, name, expected) in table {
            assert_eq!(
                close_match(label, name),
                *expected,
                "{label:?} against {name:?}"
            );
        }
    }

    #[test]
    fn titles_compare_folded() {
        assert!(same_title(Some("教师"), Some("教師")));
        assert!(same_title(Some("Director"), Some("director")));
        assert!(same_title(None, Some("Director")));
        assert!(!same_title(Some("Director"), Some("Deputy director")));
    }
}
