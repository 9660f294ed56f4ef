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
    "Presider",
    "Anchor",
    "主持人兼嘉宾",
    "嘉宾主持",
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
        ("來源", Source),
        ("编辑", Editor),
        ("編輯", Editor),
        ("責任編輯", Editor),
        ("流程编辑", Editor),
        ("流程編輯", Editor),
        ("监制", Other),
        ("監製", Other),
        ("美编", Other),
        ("美編", Other),
        ("審核", Other),
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
    "主办",
    "承办",
    "协办",
    "更多阅读",
    "推荐阅读",
    "延伸阅读",
    "相关阅读",
    "点击关注",
    "Note",
    "Notes",
    "Also",
    "Plus",
    "Editor's note",
    "Correction",
    "Read more",
    "Related",
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

/// Particles written in lower case inside a name (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "al",
];

/// A name printed in capitals (`BILL MOYERS`, NPR style) in title case (`Bill Moyers`): only
/// when every letter is a Latin capital, and not for a lone word that reads as an acronym
/// (`NVK`, `PM`: under four letters or without a vowel). Mixed case (`McDONALD`) and other
/// scripts stay as written (`None`).
pub(super) fn title_case_capitals(name: &str) -> Option<String> {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    if letters().next().is_none()
        || !letters().all(|c| c.is_ascii_uppercase())
        || !name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '\u{2019}'))
    {
        // `SPEAKER_00`, `SPK 1`: an identifier, not a name.
        return None;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if let [word] = words.as_slice() {
        let n = word.chars().filter(char::is_ascii_alphabetic).count();
        if n < 4 || !word.contains(['A', 'E', 'I', 'O', 'U', 'Y']) {
            return None;
        }
    }
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        if i > 0 && PARTICLES.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else if letters < 2 || is_roman(word) {
            // `J.`, `III`.
            out.push_str(word);
        } else {
            // A capital after the start, `-` and `'`: `Jean-Paul`, `O'Brien`.
            let mut upper = true;
            for c in lower.chars() {
                out.push(if upper { c.to_ascii_uppercase() } else { c });
                upper = matches!(c, '-' | '\'' | '’');
            }
        }
    }
    Some(out)
}

/// `II`, `III`, `IV`: a generation, kept in capitals.
fn is_roman(word: &str) -> bool {
    matches!(
        word.trim_end_matches(['.', ',']),
        "II" | "III" | "IV" | "VI"
    )
}

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
    if list
        .iter()
        .any(|w| w.len() == label.len() && w.eq_ignore_ascii_case(label))
    {
        return true;
    }
    match keyword_form(label) {
        Some(simple) => list.iter().any(|w| *w == simple),
        None => false,
    }
}

/// Traditional forms of the characters of this module's keywords, with their simplified ones
/// (`嘉賓`, `編輯`, `來源`, `記者`, `解説` read as `嘉宾`, `编辑`, `来源`, `记者`, `解说`).
const TRADITIONAL: &[(char, char)] = &[
    ('賓', '宾'),
    ('編', '编'),
    ('輯', '辑'),
    ('來', '来'),
    ('記', '记'),
    ('責', '责'),
    ('審', '审'),
    ('攝', '摄'),
    ('監', '监'),
    ('製', '制'),
    ('說', '说'),
    ('説', '说'),
    ('圖', '图'),
    ('題', '题'),
    ('話', '话'),
    ('訪', '访'),
    ('問', '问'),
    ('談', '谈'),
    ('與', '与'),
    ('會', '会'),
    ('辦', '办'),
    ('時', '时'),
    ('間', '间'),
    ('點', '点'),
    ('標', '标'),
    ('籤', '签'),
    ('關', '关'),
    ('鍵', '键'),
    ('詞', '词'),
    ('備', '备'),
    ('註', '注'),
    ('導', '导'),
    ('語', '语'),
    ('簡', '简'),
    ('連', '连'),
    ('結', '结'),
    ('鏈', '链'),
    ('觀', '观'),
    ('員', '员'),
    ('訊', '讯'),
    ('實', '实'),
    ('習', '习'),
    ('報', '报'),
    ('閱', '阅'),
    ('讀', '读'),
    ('薦', '荐'),
    ('擊', '击'),
    ('畫', '画'),
    ('後', '后'),
    ('對', '对'),
    ('幫', '帮'),
    ('團', '团'),
    ('長', '长'),
    ('發', '发'),
    ('總', '总'),
    ('經', '经'),
    ('書', '书'),
    ('國', '国'),
    ('區', '区'),
    ('務', '务'),
    ('議', '议'),
    ('師', '师'),
];

/// A CJK keyword as the lists spell it: traditional characters simplified, spaces inside
/// (`嘉 宾`, `主 办`) removed. `None` when that changes nothing or the label is not CJK.
pub(super) fn keyword_form(label: &str) -> Option<String> {
    if label.is_ascii() || label.len() > 48 {
        return None;
    }
    // Nothing to change is the common case: answer it without allocating.
    let changes =
        |c: char| c.is_whitespace() || c == '\u{3000}' || TRADITIONAL.iter().any(|(t, _)| *t == c);
    if !label.chars().any(changes) || !label.chars().any(is_cjk) {
        return None;
    }
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if c.is_whitespace() || c == '\u{3000}' {
            continue;
        }
        match TRADITIONAL.iter().find(|(t, _)| *t == c) {
            Some(&(_, simple)) => out.push(simple),
            None => out.push(c),
        }
    }
    (out.chars().count() <= 12 && out.chars().all(is_cjk)).then_some(out)
}

/// Voice-over labels: the speaker is nobody on the panel (role other).
pub(super) const VOICE_OVER_LABELS: &[&str] = &[
    "解说",
    "旁白",
    "画外音",
    "配音",
    "解说词",
    "Narrator",
    "Voice-over",
    "Voiceover",
    "Voice over",
    "VO",
];

/// What a speaker label says besides the name: `STEVE INSKEEP, HOST` (a role),
/// `Mr. BILL MOYERS (Author, "…")` (a title), `President GEORGE W. BUSH` (a title before
/// a name in capitals), `Shaun Apps（SA）` (initials: another label for the same person),
/// `主持人王远志` / `主持人 魯健` (a role word before the name), `總臺央視記者 宋菀` (a title,
/// a space, the name).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LabelParts {
    pub name: String,
    pub title: Option<String>,
    pub moderator: bool,
    pub alias: Option<String>,
}

/// Splits a label that is more than a name into its parts; `None` for a plain name (or
/// anything that is no name at all).
pub(super) fn label_parts(label: &str) -> Option<LabelParts> {
    let label = trim(label);
    if label.is_empty() || label.len() > 300 {
        return None;
    }
    let parts = |name: String, title: Option<String>, moderator: bool, alias: Option<String>| {
        (plausible_name(&name) && name != label).then_some(LabelParts {
            name,
            title,
            moderator,
            alias,
        })
    };
    // `STEVE INSKEEP, HOST`, `ASMA KHALID, BYLINE`
    if let Some((head, suffix)) = label.rsplit_once([',', '\u{FF0C}']) {
        let suffix = suffix.trim().to_ascii_lowercase();
        let role = match suffix.as_str() {
            "host" | "co-host" | "cohost" | "anchor" | "moderator" | "interviewer"
            | "presenter" => Some(true),
            "byline" | "guest" | "reporter" | "correspondent" | "panelist" | "panellist" => {
                Some(false)
            }
            _ => None,
        };
        if let Some(moderator) = role {
            let (name, title) = strip_honorific(head.trim());
            return parts(name, title, moderator, None);
        }
    }
    // `Mr. BILL MOYERS (Author, "…")`, `Shaun Apps（SA）`
    if let Some(open) = label.find(['(', '\u{FF08}'])
        && open > 0
        && label.ends_with([')', '\u{FF09}'])
    {
        let close = label.len() - label.chars().next_back().map_or(1, char::len_utf8);
        let open_width = label[open..].chars().next().map_or(1, char::len_utf8);
        let inner = label[open + open_width..close].trim();
        let head = label[..open].trim();
        // `嘉宾主持 朱迅(中央电视台主持人)`: a role word, the name, a title in brackets.
        if head.chars().any(is_cjk) && !inner.is_empty() {
            if han_name(head) {
                return parts(head.to_owned(), Some(inner.to_owned()), false, None);
            }
            if let Some(p) = label_parts(head) {
                let title = match p.title {
                    Some(t) => format!("{t}, {inner}"),
                    None => inner.to_owned(),
                };
                return parts(p.name, Some(title), p.moderator, p.alias);
            }
            return None;
        }
        let (name, title) = strip_honorific(head);
        if inner.len() >= 2
            && inner.len() <= 5
            && inner.chars().all(|c| c.is_ascii_uppercase())
            && initials(&name) == inner
        {
            return parts(name, title, false, Some(inner.to_owned()));
        }
        if !inner.is_empty() && !name.chars().any(is_cjk) {
            let title = match title {
                Some(t) => format!("{t}, {inner}"),
                None => inner.to_owned(),
            };
            return parts(name, Some(title), false, None);
        }
        return None;
    }
    if label.chars().any(is_cjk) {
        // `主持人王远志`, `主持人 魯健`
        for word in MODERATOR_LABELS.iter().filter(|w| w.chars().any(is_cjk)) {
            if let Some(rest) = label.strip_prefix(word)
                && han_name(rest.trim())
            {
                return parts(rest.trim().to_owned(), None, true, Some((*word).to_owned()));
            }
        }
        // `總臺央視記者 宋菀`
        if let Some((title, name)) =
            label.rsplit_once(|c: char| c.is_whitespace() || c == '\u{3000}')
            && han_name(name.trim())
            && title.trim().chars().all(|c| is_cjk(c) || c.is_whitespace())
            && !title.trim().is_empty()
        {
            return parts(
                name.trim().to_owned(),
                Some(title.trim().to_owned()),
                false,
                None,
            );
        }
        return None;
    }
    // `MODERATOR JANE DOE`, `Host Anna Lee`: a role word before the name.
    if let Some((first, rest)) = label.split_once(' ')
        && in_list(MODERATOR_LABELS, first)
        && plausible_name(rest.trim())
    {
        return parts(rest.trim().to_owned(), None, true, Some(first.to_owned()));
    }
    let (name, title) = strip_honorific(label);
    if title.is_none() && name == label {
        return None;
    }
    parts(name, title, false, None)
}

/// 2–4 Han characters: a Chinese personal name.
fn han_name(text: &str) -> bool {
    let n = text.chars().count();
    (2..=4).contains(&n) && text.chars().all(is_cjk) && !is_reserved(text)
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// `Mr. BILL MOYERS` → `BILL MOYERS`; `President GEORGE W. BUSH` → (`GEORGE W. BUSH`,
/// `President`): words before a name in capitals are a title.
fn strip_honorific(text: &str) -> (String, Option<String>) {
    const HONORIFICS: &[&str] = &["Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Mx."];
    let words: Vec<&str> = text.split_whitespace().collect();
    let skip = usize::from(words.len() > 1 && HONORIFICS.contains(&words[0]));
    let words = &words[skip..];
    let capitals = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase())
    };
    match words.iter().position(|w| capitals(w)) {
        Some(i) if i > 0 && words[..i].iter().all(|w| !capitals(w)) => {
            (words[i..].join(" "), Some(words[..i].join(" ")))
        }
        _ => (words.join(" "), None),
    }
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
    let (i, width) = match line[..i].rfind(['(', '\u{FF08}']) {
        // `Mr. BILL MOYERS (Author, "Moyers Journal: …"):` — the colon is inside brackets.
        Some(open) if !line[open..i].contains([')', '\u{FF09}']) => {
            let close = line[i..].find([')', '\u{FF09}']).map(|c| i + c)?;
            let after = &line[close..];
            let close_width = after.chars().next().map_or(1, char::len_utf8);
            let tail = after[close_width..].trim_start();
            let colon_width = if tail.starts_with(':') {
                1
            } else if tail.starts_with('\u{FF1A}') {
                3
            } else {
                return None;
            };
            if line[..open].chars().count() >= 40 || close > 300 {
                return None;
            }
            (line.len() - tail.len(), colon_width)
        }
        _ => (i, width),
    };
    let bracketed = line[..i].contains(['(', '\u{FF08}']);
    if !bracketed && line[..i].chars().count() >= 40 {
        return None;
    }
    let label =
        line[..i].trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    let rest = line[i + width..]
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    let head = label
        .find(['(', '\u{FF08}'])
        .map_or(label, |open| &label[..open]);
    if label.is_empty() || head.chars().count() > 30 {
        return None;
    }
    // `10:30`, `https://…`, `1:2`; `Speaker 2  0:06`: the colon is a time's, not a label's.
    let in_a_time = width == 1
        && line[..i].ends_with(|c: char| c.is_ascii_digit())
        && line[i + 1..].starts_with(|c: char| c.is_ascii_digit());
    if rest.starts_with("//") || label.chars().all(|c| c.is_ascii_digit()) || in_a_time {
        return None;
    }
    Some((label, rest))
}

/// Whether `label` names a role rather than a person (`主持人`, `Host`, `Q`, `答`, `旁白`,
/// `Speaker 2`, `说话人1`): the directory of people does not link such participants, or
/// every unnamed host of every document would become one person.
pub(crate) fn is_role_label(label: &str) -> bool {
    let label = trim(label);
    if [
        MODERATOR_LABELS,
        QUESTION_LABELS,
        ANSWER_LABELS,
        VOICE_OVER_LABELS,
    ]
    .iter()
    .any(|list| in_list(list, label))
        || is_reserved(label)
    {
        return true;
    }
    let lower = crate::store::fold::fold(label);
    let word = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    word.len() < lower.len()
        && [
            "speaker",
            "spk",
            "说话人",
            "发言人",
            "讲者",
            "unknown speaker",
        ]
        .contains(&word)
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
        // `以下是访谈实录`, `相關內容如下`: an introduction to what follows.
        if ["如下", "以下", "实录", "實錄", "全文"]
            .iter()
            .any(|w| label.ends_with(w) || label.starts_with("以下"))
        {
            return false;
        }
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
    if let Some(open) = label.find(['(', '\u{FF08}'])
        && open > 0
    {
        return shaped_like_a_name(label[..open].trim());
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

/// The topics of a `Tags:`/`关键词:` list: `a, b; c d` is a list of phrases, `#a #b` or
/// `a b` a list of words; middle dots and bars separate too (`社区 · 城市农业`, `a | b`).
pub(super) fn topic_list(rest: &str) -> Vec<String> {
    const LIST: [char; 10] = [
        ',', '\u{FF0C}', '、', ';', '\u{FF1B}', '·', '\u{30FB}', '•', '|', '\u{FF5C}',
    ];
    let phrases = rest.contains(LIST);
    let separator = |c: char| LIST.contains(&c) || (!phrases && (c == '#' || c.is_whitespace()));
    let mut out: Vec<String> = Vec::new();
    for t in rest.split(separator) {
        let t = t.trim().trim_start_matches('#').trim();
        if !t.is_empty() && !out.iter().any(|x| x == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// Words that transcription tools and transcribers number their speakers with:
/// `Speaker 1`, `SPEAKER_00`, `说话人 1` (飞书妙记), `发言人1` (讯飞听见, 通义听悟, Tencent
/// Meeting), `嘉宾A`, `Guest 2`.
const NUMBERED_SPEAKER_WORDS: &[&str] = &[
    "speaker",
    "spk",
    "guest",
    "participant",
    "interviewee",
    "respondent",
    "caller",
    "voice",
    "说话人",
    "說話人",
    "发言人",
    "發言人",
    "讲话人",
    "講話人",
    "讲者",
    "講者",
    "嘉宾",
    "嘉賓",
    "受访者",
    "受訪者",
    "参会人",
    "參會人",
    "与会者",
    "與會者",
    "用户",
    "用戶",
];

/// Whether `label` is a numbered speaker: one of [`NUMBERED_SPEAKER_WORDS`] followed by a
/// number or letter of at most three characters (`说话人 1`, `发言人12`, `嘉宾A`,
/// `SPEAKER_00`, `Guest 2`). Such a label names no one yet, but it is a speaker wherever it
/// stands at the start of a line.
pub(crate) fn numbered_speaker(label: &str) -> bool {
    let label = label.trim();
    NUMBERED_SPEAKER_WORDS.iter().any(|word| {
        label
            .get(..word.len())
            .filter(|head| head.eq_ignore_ascii_case(word))
            .map(|_| label[word.len()..].trim_start_matches([' ', '_', '-', '\u{3000}']))
            .is_some_and(|n| {
                // Diarization ids (`SPEAKER_A1`, `spk_2b`) after the English words; a
                // number or one letter after the others (`嘉宾AB` is a name).
                let id = matches!(*word, "speaker" | "spk")
                    || n.chars().all(|c| c.is_ascii_digit())
                    || n.chars().count() == 1;
                !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_alphanumeric()) && id
            })
    })
}

/// Whether `label` is a name-shaped label with a number after it (`Chloe Davis 2`,
/// `王芳2`): how some transcribers tell apart two speakers of one name. Only a label that
/// recurs is taken for a speaker on this shape.
pub(crate) fn numbered_name(label: &str) -> bool {
    let label = label.trim();
    let base = label.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = label.len() - base.len();
    (1..=3).contains(&digits) && plausible_name(base.trim_end_matches([' ', '_', '-']))
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

/// Words a picture credit starts with.
const CREDIT_MARKERS: &[&str] = &[
    "摄影",
    "图片来源",
    "图源",
    "供图",
    "Photo",
    "photo",
    "Credit",
    "credit",
    "Image:",
    "Courtesy",
];

/// Whether `text` says it is a picture credit (`摄影：张三`, `Photo: Sam Lee`): the Markdown
/// writer marks credits so, and the reader takes an italic line after a picture that starts
/// so as its credit, not its caption.
pub(crate) fn is_picture_credit(text: &str) -> bool {
    CREDIT_MARKERS.iter().any(|m| text.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals() {
        fn check(input: &str, expected: Option<&str>) {
            assert_eq!(title_case_capitals(input).as_deref(), expected, "{input:?}");
        }
        check("BILL MOYERS", Some("Bill Moyers"));
        check("LUDWIG VAN BEETHOVEN", Some("Ludwig van Beethoven"));
        check("JEAN-PAUL O'BRIEN", Some("Jean-Paul O'Brien"));
        check("J. R. SMITH III", Some("J. R. Smith III"));
        check("TONY", Some("Tony"));
        check("NVK", None);
        check("PM", None);
        check("McDONALD", None);
        check("Bill Moyers", None);
        check("王立新", None);
        check("SPEAKER_00", None);
        check("SPEAKER 1", None);
        check("ÉMILE ZOLA", None);
    }

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
        // Regression: read as an article, an Otter header's time made `Speaker 2  0` a label.
        assert_eq!(split_label("Speaker 2  0:06"), None);
        assert_eq!(
            split_label("发言人1：2024年的预算"),
            Some(("发言人1", "2024年的预算"))
        );
        assert_eq!(
            split_label("Speaker 1: 10 ideas"),
            Some(("Speaker 1", "10 ideas"))
        );
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

    #[test]
    fn numbered_speakers_and_names() {
        for (label, speaker, name) in [
            ("说话人 1", true, true),
            ("发言人12", true, true),
            ("發言人3", true, true),
            ("嘉宾A", true, false),
            ("SPEAKER_00", true, true),
            ("Guest 2", true, true),
            ("Speaker", false, false),
            ("发言人", false, false),
            ("发言人1234", false, false),
            ("嘉宾AB", false, false),
            ("Chloe Davis 0", false, true),
            ("王芳2", false, true),
            ("Room 101", false, true),
            ("Chloe Davis", false, false),
            ("Step 2024", false, false),
            ("2024", false, false),
        ] {
            assert_eq!(
                numbered_speaker(label),
                speaker,
                "numbered_speaker({label:?})"
            );
            assert_eq!(numbered_name(label), name, "numbered_name({label:?})");
        }
    }

    #[test]
    fn role_labels_are_not_people() {
        for label in [
            "主持人",
            " 主持 ",
            "Host",
            "HOST",
            "Q",
            "答",
            "旁白",
            "Speaker 2",
            "说话人1",
            "發言人 3",
        ] {
            assert!(is_role_label(label), "{label:?}");
        }
        for label in [
            "杨梅芳",
            "Dana Whitfield",
            "Speaker",
            "Speakers 2",
            "王主持",
        ] {
            assert!(!is_role_label(label), "{label:?}");
        }
    }
}
