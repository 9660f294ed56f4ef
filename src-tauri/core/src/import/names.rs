//! Telling labels from text: `Name: text`, role words, plausible person names.

use super::lines::trim;
use crate::model::is_cjk;

/// Labels that mean "the moderator" in the sources we see.
pub(super) const MODERATOR_LABELS: &[&str] = &[
    "主持人",
    "主持",
    "主持嘉宾",
    "Moderator",
    "Host",
    "Interviewer",
    "Chair",
    "主持人兼嘉宾",
    "记者",
    "采访者",
];

/// Labels of questions in `Q:`/`A:` transcripts: they mean the moderator.
pub(super) const QUESTION_LABELS: &[&str] = &["Q", "问", "Question"];

/// Labels of answers in `Q:`/`A:` transcripts: they mean the one guest.
pub(super) const ANSWER_LABELS: &[&str] = &["A", "答", "Answer"];

/// Labels of notes: an editor's aside, never a speaker; it ends the turn before it.
pub(super) const NOTE_LABELS: &[&str] = &[
    "编者按",
    "编者注",
    "编后",
    "注",
    "备注",
    "说明",
    "提示",
    "Note",
    "Notes",
    "Editor's note",
    "Editor\u{2019}s note",
    "Correction",
    "Update",
];

/// Byline role words (`本报记者 何晴 通讯员 冯磊`) and the credit each gives.
pub(super) const BYLINE_ROLES: &[(&str, crate::model::CreditRole)] = {
    use crate::model::CreditRole::*;
    &[
        ("本报记者", Author),
        ("本报通讯员", Author),
        ("特约记者", Author),
        ("见习记者", Author),
        ("实习记者", Author),
        ("记者", Author),
        ("通讯员", Author),
        ("实习生", Author),
        ("摄影", Photo),
        ("摄", Photo),
    ]
};

/// Headers that start a guest list.
pub(super) const GUEST_HEADERS: &[&str] = &[
    "嘉宾",
    "观察嘉宾",
    "本期嘉宾",
    "对话嘉宾",
    "访谈嘉宾",
    "圆桌嘉宾",
    "特邀嘉宾",
    "与会嘉宾",
    "Guests",
    "Guest",
    "Panelists",
    "Panellists",
    "Panel",
    "Speakers",
    "Participants",
];

/// Credit labels and the role they give.
pub(super) const CREDIT_LABELS: &[(&str, crate::model::CreditRole)] = {
    use crate::model::CreditRole::*;
    &[
        ("来源", Source),
        ("编辑", Editor),
        ("责任编辑", Editor),
        ("责编", Editor),
        ("审核", Other),
        ("校对", Other),
        ("作者", Author),
        ("文", Author),
        ("撰文", Author),
        ("图", Photo),
        ("摄影", Photo),
        ("图片来源", Photo),
        ("Source", Source),
        ("Editor", Editor),
        ("Edited by", Editor),
        ("Written by", Author),
        ("Author", Author),
        ("Photos", Photo),
        ("Photography", Photo),
        ("Credits", Other),
        ("Credit", Other),
    ]
};

/// Labels that are never speakers even though they look like one.
const NOT_SPEAKERS: &[&str] = &[
    "编者按",
    "编者注",
    "注",
    "备注",
    "提示",
    "摘要",
    "导语",
    "简介",
    "说明",
    "链接",
    "地址",
    "时间",
    "地点",
    "电话",
    "日期",
    "话题",
    "图片",
    "标签",
    "关键词",
    "Note",
    "Notes",
    "Editor's note",
    "Correction",
    "Tags",
    "Topics",
    "Image",
    "Photo",
    "Caption",
    "Update",
    "Updated",
    "Warning",
    "Example",
    "Date",
    "Time",
    "Location",
    "Place",
    "Link",
    "Summary",
    "Transcript",
    "Roundtable",
    "Panel",
    "Interview",
    "Keywords",
    "Subject",
    "Re",
    "PS",
    "P.S",
    "http",
    "https",
];

/// Topic-line labels.
pub(super) const TOPIC_LABELS: &[&str] = &["话题", "标签", "关键词", "Tags", "Topics", "Keywords"];

/// Whether two labels are the same word, ignoring ASCII case.
pub(super) fn same(a: &str, b: &str) -> bool {
    trim(a).eq_ignore_ascii_case(trim(b))
}

/// Whether two names are the same, ignoring case (Unicode-aware, without allocating).
pub(super) fn same_name(a: &str, b: &str) -> bool {
    same_trimmed_name(trim(a), trim(b))
}

/// [`same_name`] for names already trimmed (participant names and aliases are).
pub(super) fn same_trimmed_name(a: &str, b: &str) -> bool {
    if a == b || a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    // Different first characters without case (Han, kana) settle it cheaply.
    match (a.chars().next(), b.chars().next()) {
        (Some(x), Some(y)) if x != y && (is_cjk(x) || is_cjk(y)) => return false,
        _ => {}
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether `label` is one of the (trimmed) words of `list`, ignoring ASCII case. Trims the
/// label once, and compares lengths before bytes: it runs for every line.
pub(super) fn in_list(list: &[&str], label: &str) -> bool {
    let label = trim(label);
    list.iter()
        .any(|w| w.len() == label.len() && w.eq_ignore_ascii_case(label))
}

/// Splits `Label: rest` at the first ASCII or full-width colon, if the label part is short.
/// Returns the label and the rest, both trimmed.
pub(super) fn split_label(line: &str) -> Option<(&str, &str)> {
    // The colon must be among the first 40 characters (160 bytes at most). SIMD search:
    // this runs for most lines of every text importer. `：` is EF BC 9A in UTF-8.
    let bytes = line.as_bytes();
    let window = &bytes[..bytes.len().min(160)];
    let (i, width) = memchr::memchr2_iter(b':', 0xEF, window).find_map(|i| {
        if bytes[i] == b':' {
            Some((i, 1))
        } else if bytes[i + 1..].starts_with(&[0xBC, 0x9A]) {
            Some((i, 3))
        } else {
            None
        }
    })?;
    if line[..i].chars().count() >= 40 {
        return None;
    }
    let label =
        line[..i].trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    let rest = line[i + width..]
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    if label.is_empty() || label.chars().count() > 30 {
        return None;
    }
    // `10:30`, `https://…`, `1:2`
    if rest.starts_with("//") || label.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((label, rest))
}

/// Whether the label is known not to be a person.
pub(super) fn is_reserved(label: &str) -> bool {
    let label = label.trim();
    in_list(NOT_SPEAKERS, label)
        || in_list(TOPIC_LABELS, label)
        || CREDIT_LABELS
            .iter()
            .any(|(w, _)| w.len() == label.len() && w.eq_ignore_ascii_case(label))
}

/// Whether `label` could be a person's name or a speaker designation: 2–6 Han characters
/// (or a transliterated name with `·`), 1–4 capitalised words, capitals, `Speaker 3`.
pub(super) fn plausible_name(label: &str) -> bool {
    let label = label.trim();
    if label.is_empty() || label.len() > 120 {
        return false;
    }
    shaped_like_a_name(label) && !is_reserved(label)
}

fn shaped_like_a_name(label: &str) -> bool {
    if label.chars().all(|c| is_cjk(c) || c == '·' || c == '•') {
        let han = label.chars().filter(|&c| is_cjk(c)).count();
        return (2..=6).contains(&han) || (label.contains('·') && han <= 12);
    }
    if label.chars().any(is_cjk) {
        // Mixed, e.g. "李凡(主持人)": the part before a bracket must be a name.
        return match label.find(['(', '\u{FF08}']) {
            Some(i) if i > 0 => shaped_like_a_name(label[..i].trim()),
            _ => false,
        };
    }
    let mut words = label.split_whitespace();
    let first = words.next().unwrap_or("");
    let count = 1 + words.count();
    if count > 4 {
        return false;
    }
    if count == 2 && first.eq_ignore_ascii_case("speaker") {
        return true;
    }
    label.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '\u{2019}'))
    })
}

/// Whether `text` reads as a name (with perhaps a title), not a sentence: short and without
/// sentence punctuation.
pub(super) fn name_like(text: &str) -> bool {
    let n = text.chars().count();
    (1..=60).contains(&n)
        && !text.contains(['。', '!', '?', '\u{FF01}', '\u{FF1F}', ';', '\u{FF1B}', '…'])
}

/// Splits `Name, title, organisation` / `Name  title` / `Name(title)` into its parts.
pub(super) fn split_person(text: &str) -> (String, Option<String>, Option<String>) {
    let text = text
        .trim_start_matches(['-', '*', '•', '·', '–', '—'])
        .trim();
    // 周婷(本报记者)
    if let Some(open) = text.find(['(', '\u{FF08}'])
        && text.ends_with([')', '\u{FF09}'])
        && plausible_name(&text[..open])
    {
        let close = text.rfind([')', '\u{FF09}']).unwrap_or(text.len());
        if open > 0 && close > open {
            let name = text[..open].trim().to_owned();
            let inner = text[open..close]
                .trim_start_matches(['(', '\u{FF08}'])
                .trim()
                .to_owned();
            return (name, Some(inner).filter(|s| !s.is_empty()), None);
        }
    }
    // Wide gaps (NBSP, ideographic space, two spaces, tab) separate a name from a title.
    let gap = text.char_indices().find(|&(i, c)| {
        matches!(c, '\u{a0}' | '\u{3000}' | '\t')
            || (c == ' ' && text[i + 1..].starts_with([' ', '\u{a0}']))
            || (c == ' ' && text[..i].chars().all(is_cjk))
    });
    if let Some((i, _)) = gap {
        let name = text[..i].trim();
        let rest =
            text[i..].trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
        if !rest.is_empty() {
            let (title, org) = split_title(rest);
            return (name.to_owned(), title, org);
        }
    }
    for sep in [",", "\u{FF0C}", " — ", " – ", "—", " - ", "|", "、"] {
        if let Some(i) = text.find(sep) {
            let name = text[..i].trim();
            let rest = text[i + sep.len()..].trim();
            if !name.is_empty() && !rest.is_empty() {
                let (title, org) = split_title(rest);
                return (name.to_owned(), title, org);
            }
        }
    }
    (text.to_owned(), None, None)
}

/// `senior economist, Harbor Institute` → title and organisation (Latin text only: a
/// Chinese title names both in one phrase).
fn split_title(rest: &str) -> (Option<String>, Option<String>) {
    let wordy = |s: &str| s.chars().any(char::is_alphabetic);
    if !rest.chars().any(is_cjk)
        && let Some(i) = rest.rfind(", ")
        && wordy(&rest[..i])
        && wordy(&rest[i + 2..])
    {
        return (
            Some(rest[..i].trim().to_owned()),
            Some(rest[i + 2..].trim().to_owned()),
        );
    }
    (Some(rest.to_owned()), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (label, expected) in [
            ("李凡", true),
            ("封飞行", true),
            ("欧阳娜娜", true),
            ("阿卜杜拉·艾买提", true),
            ("李凡(主持人)", true),
            ("工", false),
            ("这是一个很长的句子不是名字", false),
            ("Dana Whitfield", true),
            ("DANA WHITFIELD", true),
            ("Dr. Priya Raman", true),
            ("Speaker 1", true),
            ("the point is", false),
            ("Note", false),
            ("来源", false),
            ("话题", false),
            ("One Two Three Four Five", false),
        ] {
            assert_eq!(plausible_name(label), expected, "{label}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(split_label("主持人:李凡"), Some(("主持人", "李凡")));
        assert_eq!(
            split_label("Host: Welcome back"),
            Some(("Host", "Welcome back"))
        );
        assert_eq!(split_label("see https://example.com"), None);
        assert_eq!(split_label("10:30 start"), None);
        assert_eq!(split_label("no colon here"), None);
    }

    #[test]
    fn people() {
        let p = |s: &str| split_person(s);
        assert_eq!(
            p("封\u{a0}\u{a0}集团办公室主任"),
            ("封".into(), Some("集团办公室主任".into()), None)
        );
        assert_eq!(
            p("张三  市总工会干部"),
            ("张三".into(), Some("市总工会干部".into()), None)
        );
        assert_eq!(
            p("张三 市总工会干部"),
            ("张三".into(), Some("市总工会干部".into()), None)
        );
        assert_eq!(
            p("周婷(本报记者)"),
            ("周婷".into(), Some("本报记者".into()), None)
        );
        assert_eq!(
            p("周婷\u{FF08}本报记者\u{FF09}"),
            ("周婷".into(), Some("本报记者".into()), None)
        );
        assert_eq!(
            p("Tom Okafor, union, (aside)"),
            (
                "Tom Okafor".into(),
                Some("union".into()),
                Some("(aside)".into())
            )
        );
        assert_eq!(
            p("- Priya Raman, senior economist, Harbor Institute"),
            (
                "Priya Raman".into(),
                Some("senior economist".into()),
                Some("Harbor Institute".into())
            )
        );
        assert_eq!(p("Dana Whitfield"), ("Dana Whitfield".into(), None, None));
    }
}
