//! Pasted articles and `Name: text` transcripts, in any language.
//!
//! The builder surveys the [`Line`]s' labels, then walks them once. Plain text gives it bare lines and it classifies each
//! (title, topic line, moderator declaration, guest list, speaker turn, image slot and
//! caption, credit, read counter, narration); Markdown gives it lines whose kind the markup
//! already says, and it trusts that.

use std::collections::HashSet;

use super::lines::{Hint, Line, plain_line_iter};
use super::names::{
    ANSWER_LABELS, BYLINE_ROLES, CREDIT_LABELS, GUEST_HEADERS, MODERATOR_LABELS, NOTE_LABELS,
    QUESTION_LABELS, TOPIC_LABELS, VOICE_OVER_LABELS, in_list, label_parts, name_like,
    numbered_name, numbered_speaker, plausible_name, same, same_name, same_trimmed_name,
    split_label, split_person,
};
use super::timed::{choose_moderator, parse_timestamp};
use super::{Diagnostic, MAX_PARTICIPANTS, Note, local_id, renumber_participants};
use crate::model::{Block, Credit, CreditRole, Document, LabelForm, Participant, Role, is_cjk};

/// Parses a pasted article or a plain transcript.
///
/// The lines are made again from `text` for each pass (labels known, then the builder's
/// survey, then the build) rather than held: an input of a million short lines held as
/// [`Line`]s took 35 times its size (issue 11), made again it takes none.
pub(super) fn parse(text: &str) -> (Document, Vec<Diagnostic>) {
    let tidied = || plain_line_iter(text).flat_map(tidy_line);
    let labels = TurnLabels::of(tidied());
    build_passes(
        || tidied().flat_map(|l| split_turn(l, &labels)),
        false,
        false,
    )
}

/// The pieces one line becomes: itself, or the lines cut out of it.
enum Pieces<'a> {
    One(Option<Line<'a>>),
    Many(std::vec::IntoIter<Line<'a>>),
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        match self {
            Pieces::One(line) => line.take(),
            Pieces::Many(lines) => lines.next(),
        }
    }
}

/// Leftovers of a page's markup in pasted text: `<br />` ends a line, entities (`&#39;`,
/// `&quot;`, `&amp;`, `&nbsp;`) are their characters, other tags and `**` go.
fn tidy_line(line: Line<'_>) -> Pieces<'_> {
    if !(line.text.contains(['&', '<']) || line.text.contains("**")) {
        return Pieces::One(Some(line));
    }
    let tidy = tidy(&line.text);
    let pieces: Vec<Line<'_>> = tidy
        .split('\n')
        .map(super::lines::clean)
        .filter(|piece| !piece.is_empty())
        .map(|piece| Line {
            no: line.no,
            text: std::borrow::Cow::Owned(piece),
            hint: line.hint.clone(),
        })
        .collect();
    Pieces::Many(pieces.into_iter())
}

pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '*']) {
        out.push_str(&rest[..i]);
        let r = &rest[i..];
        if let Some(after) = r.strip_prefix("**") {
            rest = after.trim_start_matches('*');
            continue;
        }
        if r.starts_with('<') && r[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            if let Some(end) = r.find('>').filter(|&e| e <= 40) {
                let tag = r[1..end]
                    .trim()
                    .trim_end_matches('/')
                    .trim()
                    .to_ascii_lowercase();
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if matches!(name, "br" | "p" | "div" | "li") {
                    out.push('\n');
                    rest = &r[end + 1..];
                    continue;
                }
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    rest = &r[end + 1..];
                    continue;
                }
            }
        } else if r.starts_with('&')
            && let Some(end) = r.find(';').filter(|&e| e <= 10)
        {
            let entity = &r[1..end];
            let decoded = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some(' '),
                e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            if let Some(c) = decoded {
                out.push(c);
                rest = &r[end + 1..];
                continue;
            }
        }
        let c = r.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &r[c.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// Lines that end an article's body: what follows is the site's, not the speakers'.
const BOILERPLATE: &[&str] = &[
    "更多阅读",
    "推荐阅读",
    "延伸阅读",
    "相关阅读",
    "相关文章",
    "往期回顾",
    "往期推荐",
    "点击关注",
    "阅读原文",
    "点击阅读原文",
    "Read more",
    "Related",
    "Related stories",
    "Related articles",
    "Recommended",
    "More from",
];

fn is_boilerplate(text: &str) -> bool {
    let t = text.trim_start_matches(['▼', '▲', '→', '>', '-', '—', '【', '[', ' ']);
    BOILERPLATE.iter().any(|b| {
        t.get(..b.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(b))
            && t[b.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
            && t.chars().count() <= b.chars().count() + 30
    }) || super::names::keyword_form(t)
        .is_some_and(|k| BOILERPLATE.iter().any(|b| k.starts_with(b)))
}

/// Sentence ends after which a label may start the next turn on the same line.
const SENTENCE_ENDS: &[char] = &[
    '。', '!', '?', '\u{FF01}', '\u{FF1F}', '…', '」', '”', '"', '.', ':', '\u{FF1A}', '】', ')',
    '\u{FF09}',
];

/// Several turns on one line (`…吗?朱波:…。中国网:…`, `主持人:… 谢海宝:你好。`,
/// `…we agree. SMITH: No.`) become a line each. English lines split only at known labels
/// ([`latin_turn_starts`]). A label inside a line must follow a sentence end or a space and be a role word, a
/// label that starts a line elsewhere, or (after a sentence end) a 2–4 character Chinese
/// name; labels are looked for in Chinese text only.
fn split_turn<'a>(line: Line<'a>, labels: &TurnLabels) -> Pieces<'a> {
    let cuts = if labels.latin.is_empty() || line.text.chars().any(is_cjk) {
        turn_starts(&line.text, &labels.cjk)
    } else {
        latin_turn_starts(&line.text, &labels.latin)
    };
    if cuts.is_empty() {
        return Pieces::One(Some(line));
    }
    let text: &str = &line.text;
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for &at in cuts.iter().chain(std::iter::once(&text.len())) {
        let piece = text[from..at].trim();
        if !piece.is_empty() {
            out.push(Line {
                no: line.no,
                text: std::borrow::Cow::Owned(piece.to_owned()),
                hint: line.hint.clone(),
            });
        }
        from = at;
    }
    Pieces::Many(out.into_iter())
}

/// The labels [`split_turn`] looks for inside a line: Chinese labels that start a line
/// somewhere, and [`LatinLabels`].
struct TurnLabels {
    cjk: HashSet<String>,
    latin: HashSet<String>,
}

impl TurnLabels {
    fn of<'a>(lines: impl Iterator<Item = Line<'a>>) -> TurnLabels {
        let mut cjk = HashSet::new();
        let mut latin = LatinLabels::default();
        for l in lines {
            if let Some((label, _)) = split_label(&l.text)
                && label.chars().all(is_cjk)
                && !cjk.contains(label)
            {
                cjk.insert(label.to_owned());
            }
            latin.add(&l);
        }
        TurnLabels {
            cjk,
            latin: latin.known,
        }
    }
}

/// The Latin-script names that label a line of their own (`SMITH: …`, `Ann Lee: …`) or are
/// declared (`Moderator: Jane Doe, host`, `Guest: Bob Roe`), and the
/// surnames of those of several words (`MOYERS` of `BILL MOYERS`): the only labels looked for
/// inside an English line. Notes (`Note:`), reserved words and one-letter labels are left out.
#[derive(Default)]
struct LatinLabels {
    known: HashSet<String>,
}

impl LatinLabels {
    fn add(&mut self, l: &Line<'_>) {
        let known = &mut self.known;
        let Some((label, rest)) = split_label(&l.text) else {
            return;
        };
        let mut label = label.trim();
        // A declaration (`Moderator: Jane Doe, host`, `Guest: Bob Roe`): the declared name.
        let declared;
        if in_list(GUEST_HEADERS, label) || in_list(MODERATOR_LABELS, label) {
            let guests = in_list(GUEST_HEADERS, label);
            declared = split_person(rest).0;
            if guests || (name_like(rest) && plausible_name(&declared)) {
                label = declared.as_str();
            }
        }
        if label.len() < 2
            || in_list(GUEST_HEADERS, label)
            || label.len() > 60
            || label.chars().any(is_cjk)
            || !label
                .chars()
                .all(|c| c.is_alphabetic() || " .-'\u{2019}".contains(c))
            || !plausible_name(label)
            || in_list(NOTE_LABELS, label)
            || in_list(QUESTION_LABELS, label)
            || in_list(ANSWER_LABELS, label)
        {
            return;
        }
        if known.len() >= MAX_PARTICIPANTS {
            return;
        }
        if let Some((_, surname)) = label.rsplit_once(' ')
            && surname.chars().filter(|c| c.is_alphabetic()).count() >= 3
        {
            known.insert(surname.to_owned());
        }
        known.insert(label.to_owned());
    }
}

/// Byte offsets inside an English line where a new turn's label starts: a known label
/// (see [`LatinLabels`]) after a sentence end and a space, followed by a colon and a space
/// (`…we agree. SMITH: No, we don't.`). Times (`10:30`) and unknown words (`Note:`) never cut.
fn latin_turn_starts(text: &str, known: &HashSet<String>) -> Vec<usize> {
    let mut cuts = Vec::new();
    // Past the line's own label (`President GEORGE W. BUSH:`).
    let own = split_label(text).map_or(0, |(label, _)| {
        let at = text.find(label).unwrap_or(0) + label.len();
        text[at..].find(':').map_or(at, |c| at + c + 1)
    });
    for (colon, _) in text.match_indices(':') {
        if colon < own || !text[colon + 1..].starts_with(char::is_whitespace) {
            continue;
        }
        let before = &text[..colon];
        // The label: the last one to four words before the colon; the longest known wins.
        let mut best = None;
        let mut start = before.len();
        for _ in 0..4 {
            let Some(space) = before[..start].rfind(' ') else {
                break;
            };
            start = space + 1;
            let label = &before[start..];
            let gap = before[..space].trim_end();
            // `W.`: an initial, not a sentence end.
            let initial = gap
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.len() == 2 && w.starts_with(|c: char| c.is_uppercase()));
            if known.contains(label)
                && !initial
                && gap.ends_with(['.', '?', '!', '…', '"', '\u{201D}', ')'])
            {
                best = Some(start);
            }
            start = space;
        }
        if let Some(at) = best {
            cuts.push(at);
        }
    }
    cuts
}

/// Byte offsets inside `text` where a new turn's label starts.
fn turn_starts(text: &str, known: &HashSet<String>) -> Vec<usize> {
    let mut cuts = Vec::new();
    if !text.chars().any(is_cjk) {
        return cuts;
    }
    for (colon, _) in text.match_indices([':', '\u{FF1A}']) {
        let before = &text[..colon];
        // The label: the Chinese characters right before the colon (spaces allowed before it).
        let trimmed = before.trim_end();
        // At most seven characters back: a longer run is no label (and the scan stays
        // linear in the line).
        let start = trimmed
            .char_indices()
            .rev()
            .take(7)
            .take_while(|(_, c)| is_cjk(*c))
            .last()
            .map(|(i, _)| i);
        let Some(start) = start else { continue };
        let label = &trimmed[start..];
        let n = label.chars().count();
        if start == 0 || !(1..=6).contains(&n) {
            continue;
        }
        let gap = &trimmed[..start];
        let spaced = gap.ends_with(|c: char| c.is_whitespace() || c == '\u{3000}');
        let last = gap.trim_end().chars().next_back();
        let after_sentence = last.is_some_and(|c| SENTENCE_ENDS.contains(&c));
        if !(after_sentence || (spaced && !gap.trim().is_empty())) {
            continue;
        }
        let role = in_list(MODERATOR_LABELS, label)
            || in_list(QUESTION_LABELS, label)
            || in_list(ANSWER_LABELS, label);
        // `他回答:“…”` reports speech: a verb of saying, or a quotation after the colon.
        let quoted = text[colon..]
            .chars()
            .nth(1)
            .is_some_and(|c| matches!(c, '“' | '「' | '『' | '"'));
        let saying = [
            "说", "說", "道", "答", "问", "問", "称", "稱", "讲", "講", "表示",
        ]
        .iter()
        .any(|v| label.ends_with(v));
        let name = after_sentence
            && (2..=4).contains(&n)
            && plausible_name(label)
            && !quoted
            && !saying
            && !in_list(NOTE_LABELS, label);
        if (role || known.contains(label) || name) && !quoted && !saying {
            cuts.push(start);
        }
    }
    cuts
}

/// A timestamp at the start of `text` (`(00:51)`, `[0:00]`, `0:00:12.9`, `00:01:30`): its
/// seconds and the text after it (and after a colon following it).
fn take_time(text: &str) -> (Option<f64>, &str) {
    let t = text.trim_start();
    let (inner, after) = if let Some(r) = t.strip_prefix('[') {
        match r.find(']') {
            Some(e) => (&r[..e], &r[e + 1..]),
            None => return (None, text),
        }
    } else if let Some(r) = t.strip_prefix('(') {
        match r.find(')') {
            Some(e) => (&r[..e], &r[e + 1..]),
            None => return (None, text),
        }
    } else {
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        (&t[..end], &t[end..])
    };
    let inner = inner.trim();
    if !inner.contains(':') || !inner.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, text);
    }
    match parse_timestamp(inner) {
        Some(v) => (
            Some(v),
            after
                .trim_start()
                .trim_start_matches([':', '\u{FF1A}'])
                .trim_start(),
        ),
        None => (None, text),
    }
}

/// A timestamp at the end of a label (`James Cridland (00:00)`): the label without it.
fn take_label_time(label: &str) -> (&str, Option<f64>) {
    let l = label.trim_end();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(body) = l.strip_suffix(close)
            && let Some(i) = body.rfind(open)
        {
            let inner = body[i + 1..].trim();
            if inner.contains(':')
                && let Some(v) = parse_timestamp(inner)
            {
                return (body[..i].trim_end(), Some(v));
            }
        }
    }
    (label, None)
}

/// `[Speaker 1] [00:03] text` / `[Name]: text`: the label, its time and the text.
fn bracket_label(text: &str) -> Option<(&str, Option<f64>, &str)> {
    let r = text.strip_prefix('[')?;
    let end = r.find(']')?;
    let label = r[..end].trim();
    if label.chars().count() > 40 || !plausible_name(label) {
        return None;
    }
    let after = &r[end + 1..];
    if let Some(rest) = after.trim_start().strip_prefix([':', '\u{FF1A}']) {
        let (time, rest) = take_time(rest);
        return Some((label, time, rest.trim()));
    }
    match take_time(after) {
        (Some(t), rest) => Some((label, Some(t), rest.trim())),
        _ => None,
    }
}

/// The name in a self-introduction: `我是主持人张曼`, `我是张曼`, `I'm Joe Patti`.
fn introduced_name(text: &str) -> Option<String> {
    let head: String = text.chars().take(300).collect();
    if let Some(at) = head.find("我是") {
        let mut r = &head[at + "我是".len()..];
        for role in ["本台记者", "本报记者", "记者", "主持人", "主播"] {
            if let Some(x) = r.strip_prefix(role) {
                r = x;
                break;
            }
        }
        let name: String = r.chars().take_while(|&c| is_cjk(c)).collect();
        if (2..=3).contains(&name.chars().count()) && plausible_name(&name) {
            return Some(name);
        }
    }
    for intro in ["I'm ", "I\u{2019}m ", "I am ", "My name is ", "my name is "] {
        if let Some(at) = head.find(intro) {
            let words: Vec<&str> = head[at + intro.len()..]
                .split_whitespace()
                .take(3)
                .map(|w| w.trim_end_matches([',', '.', ';', '!', '?']))
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            let name = words.join(" ");
            if !words.is_empty() && plausible_name(&name) && !in_list(MODERATOR_LABELS, &name) {
                return Some(name);
            }
        }
    }
    None
}

/// `美國代表團團長`: a Chinese office named instead of a person (5–10 characters ending
/// in a title), a speaker designation.
fn designation(label: &str) -> bool {
    const OFFICES: &[&str] = &[
        "团长",
        "部长",
        "主任",
        "发言人",
        "代表",
        "主席",
        "书记",
        "总裁",
        "大使",
        "局长",
        "市长",
        "省长",
        "校长",
        "院长",
        "社长",
        "总编",
        "总编辑",
        "董事长",
        "总经理",
        "教授",
    ];
    let n = label.chars().count();
    let simple = super::names::keyword_form(label).unwrap_or_else(|| label.to_owned());
    // `DVB電視臺記者`, `新华社记者`: a newsroom's reporter.
    if (3..=14).contains(&n)
        && (simple.ends_with("记者") || label.ends_with("記者"))
        && label
            .chars()
            .all(|c| is_cjk(c) || c.is_ascii_alphanumeric())
    {
        return true;
    }
    if !(5..=10).contains(&n) || !label.chars().all(is_cjk) {
        return false;
    }
    OFFICES.iter().any(|o| simple.ends_with(o))
}

/// `经济学家`, `北京大学教授`, `總經理`: a Chinese job title (a few characters ending in a
/// word for a profession or office), not a name, after a name in a guest list.
fn is_cjk_title(text: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "学家",
        "專家",
        "专家",
        "作家",
        "教授",
        "研究员",
        "主任",
        "主席",
        "经理",
        "總經理",
        "经济师",
        "律师",
        "医生",
        "博士",
        "院士",
        "总监",
        "创始人",
        "负责人",
        "记者",
        "编辑",
        "主编",
        "总编",
        "董事长",
        "总裁",
        "局长",
        "部长",
        "院长",
        "校长",
        "社长",
        "秘书长",
        "会长",
        "所长",
        "研究員",
        "經理",
        "律師",
        "醫生",
        "總監",
        "創始人",
        "負責人",
        "記者",
        "編輯",
        "主編",
        "總編",
        "董事長",
        "總裁",
        "局長",
        "部長",
        "院長",
        "校長",
        "社長",
        "秘書長",
        "會長",
        "所長",
        "學家",
        "經濟師",
    ];
    let n = text.chars().count();
    (2..=20).contains(&n)
        && text.chars().all(|c| is_cjk(c) || c.is_ascii_alphanumeric())
        && ENDINGS.iter().any(|e| text.ends_with(e))
}

/// Whether the words after a label under a guest header are speech, not a title: a sentence
/// of some length that ends as sentences do (`Prices will rise, but slowly.`). A title may
/// end with a full stop (`Professor of Law, Acme U.`), rarely with seven words or more.
fn reads_as_speech(text: &str) -> bool {
    let text = text.trim();
    let ends = text.ends_with(['.', '?', '!', '。', '\u{FF1F}', '\u{FF01}', '…']);
    ends && (text.split_whitespace().count() >= 4
        || text.chars().filter(|&c| is_cjk(c)).count() >= 12)
}

/// Whether `text` ends a sentence somewhere (a headline does not).
fn has_sentence_end(text: &str) -> bool {
    text.contains([
        '。', '!', '?', '\u{FF01}', '\u{FF1F}', '…', '.', ';', '\u{FF1B}',
    ])
}

/// Builds a document from classified or bare lines. With `markup`, captions and speaker
/// labels come only from the hints, never from guessing.
pub(super) fn build(lines: Vec<Line<'_>>, markup: bool) -> (Document, Vec<Diagnostic>) {
    build_titled(lines, markup, false)
}

/// [`build`] for a body whose title is given elsewhere (Markdown front matter with a
/// `title`): only a real title line (`# …`) is taken as the title, never a first paragraph.
pub(super) fn build_titled(
    lines: Vec<Line<'_>>,
    markup: bool,
    title_given: bool,
) -> (Document, Vec<Diagnostic>) {
    build_passes(|| lines.iter(), markup, title_given)
}

/// Builds from `lines`, which gives the same lines each time it is called: once for the
/// builder's survey of the labels, once for the build.
fn build_passes<'a, L, I>(
    lines: impl Fn() -> I,
    markup: bool,
    title_given: bool,
) -> (Document, Vec<Diagnostic>)
where
    L: std::borrow::Borrow<Line<'a>>,
    I: Iterator<Item = L>,
{
    let mut b = Builder::new(&lines, markup);
    b.title_given = title_given;
    for (i, line) in lines().enumerate() {
        b.line(i, line.borrow());
    }
    b.finish()
}

/// A title is at most this many columns (a CJK character counts two).
const TITLE_WIDTH: usize = 200;

/// A caption is a short line: at most this many columns (a CJK character counts two).
const CAPTION_WIDTH: usize = 100;
/// A credit value longer than this is a sentence, not a name.
const CREDIT_CHARS: usize = 40;
/// A column name before `丨` is at most this long.
const COLUMN_CHARS: usize = 16;

struct Builder {
    doc: Document,
    diags: Vec<Diagnostic>,
    /// How often each label occurs, to tell a transcript's first line from a title.
    first_label_repeats: bool,
    next_block: usize,
    /// Index in `doc.blocks` of the turn that plain lines continue.
    open_turn: Option<usize>,
    /// The number of the line being read, and of the last labelled line of the open turn.
    line_no: usize,
    turn_line: usize,
    /// The speaker whose answer an image interrupted: the next plain line continues it.
    interrupted: Option<String>,
    /// Index in `doc.blocks` of an image whose caption may come next.
    pending_caption: Option<usize>,
    in_guest_list: bool,
    /// A guest list was given: labels must match it.
    roster_declared: bool,
    seen_turn: bool,
    title_done: bool,
    /// The title comes from elsewhere (front matter): a plain first line is not it.
    title_given: bool,
    /// Plain lines may start turns (`Name: text`). Off when the markup labels speakers
    /// explicitly, so a paragraph that happens to begin `Word:` stays text.
    implicit_labels: bool,
    /// A short plain line after an image may be its caption. Off for markup, which marks
    /// captions.
    implicit_captions: bool,
    /// The input is markup: structure is marked, so content can be trusted to be content.
    markup: bool,
    /// The reporter a `记者 何晴` byline named: who a `记者:` label means.
    reporter: Option<String>,
    /// Index in `doc.blocks` of the last image, for captions that markup gives late.
    last_image: Option<usize>,
    /// The participant limit was hit and reported.
    full: bool,
    /// Labels the markup marks somewhere (lowercase): the same label written plainly
    /// elsewhere is a speaker too.
    marked_labels: HashSet<String>,
    /// How many lines each plain `Label:` starts (Chinese labels only, for headlines and
    /// `劉欣開場白:`-style descriptions of a speaker).
    label_counts: std::collections::HashMap<String, usize>,
    /// Past `更多阅读`/`Read more`: the rest is the site's, narration only.
    after_body: bool,
    /// A `Moderator`/`主持人` line alone: the name (then perhaps a title) comes next.
    declared_role: Option<Role>,
    /// The participant a heading-style declaration just named, for its title line.
    declared: Option<String>,
    /// The first guest-list heading as the source wrote it (`观察嘉宾`, `Panelists`).
    guest_heading: Option<String>,
    /// Per speaker id, how many turns a role word (`主持人`, `Moderator`) labelled and how
    /// many another label (a name): how the source labels its speakers.
    label_kinds: std::collections::HashMap<String, (usize, usize)>,
}

fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if is_cjk(c) || c as u32 >= 0x3000 {
                2
            } else {
                1
            }
        })
        .sum()
}

impl Builder {
    fn new<'a, L, I>(lines: &impl Fn() -> I, markup: bool) -> Builder
    where
        L: std::borrow::Borrow<Line<'a>>,
        I: Iterator<Item = L>,
    {
        // One survey of every line: the labels the markup marks, how many lines each plain
        // label starts, whether any line is marked as labelled, how many lines there are.
        let mut marked_labels = HashSet::new();
        let mut previous = String::new();
        let mut label_counts = std::collections::HashMap::new();
        let mut any_marked = false;
        let mut count = 0;
        // The first line's label, and whether a later line starts with the same name.
        let mut first_label: Option<String> = None;
        let mut first_recurs = false;
        for l in lines() {
            let l = l.borrow();
            count += 1;
            if count == 1 {
                first_label = split_label(&l.text).map(|(label, _)| label.to_owned());
            } else if !first_recurs && let Some(first) = &first_label {
                first_recurs = split_label(&l.text).is_some_and(|(x, _)| same_name(x, first));
            }
            if let Hint::Label { label } = &l.hint {
                any_marked = true;
                // Turns alternate among few labels: no copy for one already seen.
                if previous != *label {
                    previous.clear();
                    previous.push_str(label);
                    let lower: std::borrow::Cow<'_, str> = if label.chars().any(char::is_uppercase)
                    {
                        label.to_lowercase().into()
                    } else {
                        label.as_str().into()
                    };
                    if !marked_labels.contains(lower.as_ref()) {
                        marked_labels.insert(lower.into_owned());
                    }
                }
            }
            if !markup && let Some((label, _)) = split_label(&l.text) {
                match label_counts.get_mut(label) {
                    Some(n) => *n += 1,
                    None => {
                        label_counts.insert(label.to_owned(), 1);
                    }
                }
            }
        }
        // Whether the first line's label comes back: then it is a speaker, not a title.
        let first_label_repeats = first_recurs || Self::transcript_starts(lines, first_recurs);
        let mut doc = Document::new("", "");
        // At most one block per line; sized up front so that pushing never copies.
        doc.blocks.reserve(count);
        Builder {
            doc,
            diags: Vec::new(),
            first_label_repeats,
            next_block: 0,
            open_turn: None,
            line_no: 0,
            turn_line: 0,
            interrupted: None,
            pending_caption: None,
            in_guest_list: false,
            roster_declared: false,
            seen_turn: false,
            title_done: false,
            title_given: false,
            implicit_labels: !(markup && any_marked),
            implicit_captions: !markup,
            markup,
            reporter: None,
            last_image: None,
            full: false,
            marked_labels,
            label_counts,
            after_body: false,
            declared_role: None,
            declared: None,
            guest_heading: None,
            label_kinds: std::collections::HashMap::new(),
        }
    }

    /// Whether the first line is a transcript's first turn: it and at least two other lines
    /// among the first fifty start with plausible speaker labels (`Alice: Hi.` then
    /// `Bob: Hello.`, `Carol: Hey.`), so it is no title. `first_recurs`: a later line starts
    /// with the first line's label.
    fn transcript_starts<'a, L, I>(lines: &impl Fn() -> I, first_recurs: bool) -> bool
    where
        L: std::borrow::Borrow<Line<'a>>,
        I: Iterator<Item = L>,
    {
        let labelled = |l: &Line<'_>| {
            split_label(&l.text)
                .is_some_and(|(label, rest)| !rest.is_empty() && plausible_name(label))
        };
        // `社区食堂圆桌：一碗饭里的基层治理` has the shape of a label, but a headline's "label"
        // never speaks again and its words end without a sentence's stop: a title, not a turn.
        let headline = |l: &Line<'_>| {
            split_label(&l.text).is_some_and(|(_, rest)| {
                !rest.trim_end().ends_with([
                    '。', '！', '？', '.', '!', '?', '…', '”', '"', '」', '』', '）', ')', '：',
                    ':',
                ]) && !first_recurs
            })
        };
        let mut all = lines();
        all.next()
            .is_some_and(|l| labelled(l.borrow()) && !headline(l.borrow()))
            && all
                .take(50)
                .filter(|l| labelled(l.borrow()))
                .take(2)
                .count()
                >= 2
    }

    fn block_id(&mut self) -> String {
        self.next_block += 1;
        local_id('b', self.next_block)
    }

    /// Adds a participant; `None` past [`MAX_PARTICIPANTS`] (reported once).
    fn add_participant(
        &mut self,
        name: &str,
        role: Role,
        title: Option<String>,
        org: Option<String>,
    ) -> Option<String> {
        if self.doc.participants.len() >= MAX_PARTICIPANTS {
            if !self.full {
                self.full = true;
                self.diags
                    .push(Diagnostic::warning(0, Note::TooManySpeakers {}));
            }
            return None;
        }
        let id = local_id('p', self.doc.participants.len() + 1);
        let cased = super::names::title_case_capitals(name);
        let mut p = Participant::new(id.clone(), cased.as_deref().unwrap_or(name), role);
        p.title = title;
        p.organization = org;
        self.doc.participants.push(p);
        Some(id)
    }

    /// Adds a credit unless the same one is there already (pasted text often repeats the
    /// source; markup is taken as written).
    fn credit(&mut self, credit: Credit) {
        if self.markup || !self.doc.credits.contains(&credit) {
            self.doc.credits.push(credit);
        }
    }

    fn moderator(&self) -> Option<&Participant> {
        self.doc
            .participants
            .iter()
            .find(|p| p.role == Role::Moderator)
    }

    fn close_turn(&mut self) {
        self.open_turn = None;
        self.interrupted = None;
    }

    fn line(&mut self, index: usize, line: &Line<'_>) {
        let text: &str = &line.text;
        self.line_no = line.no;
        if !self.title_done {
            self.title_done = true;
            if self.take_title(line) {
                return;
            }
            self.diags
                .push(Diagnostic::warning(line.no, Note::NoTitle {}));
        }
        match &line.hint {
            Hint::Heading
                if index == 1 && self.doc.blocks.is_empty() && self.doc.subtitle.is_none() =>
            {
                self.doc.subtitle = Some(text.to_owned());
                return;
            }
            Hint::Title | Hint::Heading => {
                self.close_turn();
                let id = self.block_id();
                self.doc.blocks.push(Block::Heading {
                    id,
                    text: text.to_owned(),
                });
                return;
            }
            Hint::Image { src, alt } => {
                let asset = src
                    .as_deref()
                    .map(|s| s.strip_prefix("assets/").unwrap_or(s).to_owned());
                self.image(asset, None, alt.clone());
                return;
            }
            Hint::Caption => {
                let target = self.pending_caption.take().or(self.last_image);
                match target {
                    Some(i) if self.markup => set_caption(&mut self.doc.blocks[i], text),
                    Some(i) => {
                        let (caption, credit) = photo_credit(text);
                        set_caption(&mut self.doc.blocks[i], &caption);
                        if let (Some(credit), Block::Image { credit: c, .. }) =
                            (credit, &mut self.doc.blocks[i])
                        {
                            *c = Some(credit);
                        }
                    }
                    None => self.narration(text),
                }
                return;
            }
            Hint::Credit => {
                match self.last_image {
                    Some(i) => {
                        if let Block::Image { credit, .. } = &mut self.doc.blocks[i] {
                            *credit = Some(text.to_owned());
                        }
                    }
                    None => self.narration(text),
                }
                return;
            }
            Hint::Break => {
                self.close_turn();
                self.pending_caption = None;
                self.in_guest_list = false;
                return;
            }
            Hint::Label { label } => {
                self.pending_caption = None;
                self.in_guest_list = false;
                // `**Moderator:** Leah Brooks, health reporter` declares.
                if self.declaration(label, text) {
                    return;
                }
                let (label, label_time) = take_label_time(label);
                let (time, text) = take_time(text);
                match self.resolve(label, line.no, true) {
                    Some(speaker) => self.start_turn_at(speaker, text, time.or(label_time)),
                    None => {
                        self.close_turn();
                        self.narration(text);
                    }
                }
                return;
            }
            Hint::Plain | Hint::Item => {}
        }

        if is_boilerplate(text) {
            self.close_turn();
            self.after_body = true;
            self.narration(text);
            return;
        }
        if self.after_body {
            self.narration(text);
            return;
        }
        if self.heading_declaration(text) {
            return;
        }
        if let Some(i) = self.pending_caption.take()
            && self.implicit_captions
            && self.is_caption(line)
        {
            let (caption, credit) = photo_credit(text.trim_start_matches(['▲', '△', '▼']).trim());
            set_caption(&mut self.doc.blocks[i], &caption);
            if let (Some(credit), Block::Image { credit: c, .. }) =
                (credit, &mut self.doc.blocks[i])
            {
                *c = Some(credit);
            }
            return;
        }
        // `▲DVB電視臺記者:我想問…` in a dialogue: a marked question, not a caption.
        if self.seen_turn
            && let Some(marked) = text.strip_prefix(['▲', '△', '▼'])
            && let Some((label, _)) = split_label(marked.trim())
            && (self.find(label).is_some() || designation(label) || plausible_name(label))
        {
            let marked = Line {
                no: line.no,
                text: std::borrow::Cow::Borrowed(marked.trim()),
                hint: Hint::Plain,
            };
            return self.line(index, &marked);
        }
        if self.implicit_captions
            && let Some(caption) = caption_marker(text)
        {
            // `▲caption` / `图为…` with no image slot before it: the slot is implied.
            let (caption, credit) = photo_credit(caption);
            self.image(None, Some(caption), None);
            if let Some(Block::Image { credit: c, .. }) = self.doc.blocks.last_mut() {
                *c = credit;
            }
            return;
        }
        if let Some((caption, credit)) = image_marker(text) {
            self.image(None, caption, None);
            if let Some(credit) = credit
                && let Some(Block::Image { credit: c, .. }) = self.doc.blocks.last_mut()
            {
                *c = Some(credit);
            }
            return;
        }
        if is_read_counter(text) {
            self.diags.push(Diagnostic::info(
                line.no,
                Note::PageCounterDropped {
                    text: text.to_string(),
                },
            ));
            return;
        }
        if let Some((account, when)) = wechat_byline(text) {
            self.diags.push(Diagnostic::info(
                line.no,
                Note::PublishingAccount {
                    account: text.to_string(),
                    date: when.to_string(),
                },
            ));
            self.credit(Credit {
                role: CreditRole::Source,
                name: account.to_owned(),
            });
            return;
        }
        if !self.markup
            && let Some(credits) = byline(text)
        {
            for (word, credit) in credits {
                if word.contains("记者") && self.reporter.is_none() {
                    self.reporter = Some(credit.name.clone());
                }
                self.credit(credit);
            }
            return;
        }
        if let Some(credits) = credit_lines(text) {
            self.close_turn();
            for credit in credits {
                self.credit(credit);
            }
            return;
        }
        if !self.markup
            && let Some((label, time, rest)) = bracket_label(text)
            && let Some(speaker) = self.resolve(label, line.no, false)
        {
            self.in_guest_list = false;
            self.start_turn_at(speaker, rest, time);
            return;
        }
        if let Some((label, rest)) = split_label(text) {
            let (label, label_time) = take_label_time(label);
            let (time, rest) = match take_time(rest) {
                (Some(t), rest) => (Some(t), rest),
                (None, _) => (label_time, rest),
            };
            if !self.markup && self.not_a_turn(label, rest) {
                self.paragraph(text);
                return;
            }
            if !self.markup && in_list(NOTE_LABELS, label) {
                // An editor's note is narration, and ends the answer before it.
                self.close_turn();
                self.in_guest_list = false;
                self.narration(text);
                return;
            }
            if in_list(TOPIC_LABELS, label) {
                self.topics(rest);
                return;
            }
            if in_list(GUEST_HEADERS, label) && (rest.is_empty() || name_like(rest)) {
                self.guest_header(label, rest);
                return;
            }
            if self.in_guest_list && !self.markup && self.guest_entry_with_colon(label, rest) {
                return;
            }
            if self.declaration(label, rest) {
                return;
            }
            if !self.implicit_labels {
                // Labels come from markup, except that a known participant's name is
                // a label however it is written (hand-written Markdown mixes forms).
                if (self.find(label).is_some()
                    || self.marked_labels.contains(&label.to_lowercase()))
                    && let Some(speaker) = self.resolve(label, line.no, true)
                {
                    self.start_turn_at(speaker, rest, time);
                    return;
                }
            } else if let Some(speaker) = self.resolve(label, line.no, false) {
                self.in_guest_list = false;
                self.start_turn_at(speaker, rest, time);
                return;
            } else if self.roster_declared && plausible_name(label) {
                // An unknown speaker's words are not the previous speaker's.
                self.close_turn();
                self.in_guest_list = false;
                self.narration(text);
                return;
            } else if self.open_turn.is_some()
                && (self.recurs(label) || numbered_name(label) || numbered_speaker(label))
            {
                // Shaped like a speaker's label, or used as one again and again, but not
                // taken for one: whoever said it, it was not the open turn's speaker.
                self.diags.push(Diagnostic::warning(
                    line.no,
                    Note::LabelKeptApart {
                        label: label.to_string(),
                    },
                ));
                self.close_turn();
                self.in_guest_list = false;
                self.narration(text);
                return;
            }
        } else if in_list(GUEST_HEADERS, text) {
            self.guest_header(text, "");
            return;
        } else if self.in_guest_list
            && (line.hint == Hint::Item || !self.markup)
            && self.guest_entry(text, line.hint == Hint::Item)
        {
            return;
        }
        self.in_guest_list = false;
        self.paragraph(text);
    }

    fn take_title(&mut self, line: &Line<'_>) -> bool {
        match line.hint {
            Hint::Title => {}
            Hint::Plain if self.title_given => return false,
            Hint::Plain => {
                if let Some((label, _)) = split_label(&line.text) {
                    // `时间:2024年3月`, `主 办:…`, `嘉宾:…`: metadata, not the title.
                    const METADATA: &[&str] = &[
                        "时间", "日期", "地点", "主办", "承办", "协办", "Date", "Time", "Location",
                        "Place", "Venue",
                    ];
                    if in_list(METADATA, label)
                        || in_list(GUEST_HEADERS, label)
                        || CREDIT_LABELS.iter().any(|(w, _)| same(w, label))
                    {
                        return false;
                    }
                    let repeated = self.first_label_repeats;
                    let role = in_list(MODERATOR_LABELS, label)
                        || label_parts(label).is_some_and(|p| p.moderator);
                    if role || (repeated && plausible_name(label)) {
                        return false;
                    }
                }
                if bracket_label(&line.text).is_some() {
                    return false;
                }
                // A paragraph is no title: a title is a line, not a block of text.
                if width(&line.text) > TITLE_WIDTH {
                    return false;
                }
                if image_marker(&line.text).is_some() {
                    return false;
                }
            }
            _ => return false,
        }
        let text: &str = &line.text;
        let split = text
            .char_indices()
            .find(|(_, c)| matches!(c, '丨' | '|' | '\u{FF5C}'))
            .filter(|(i, _)| (1..=COLUMN_CHARS).contains(&text[..*i].trim().chars().count()));
        match split {
            Some((i, c)) if !text[i + c.len_utf8()..].trim().is_empty() => {
                self.doc.column = Some(text[..i].trim().to_owned());
                self.doc.title = text[i + c.len_utf8()..].trim().to_owned();
            }
            _ => self.doc.title = text.to_owned(),
        }
        true
    }

    fn is_caption(&self, line: &Line<'_>) -> bool {
        let text: &str = &line.text;
        if text.starts_with(['▲', '△', '▼']) || text.starts_with("图为") {
            return true;
        }
        if image_marker(text).is_some()
            || credit_lines(text).is_some()
            || byline(text).is_some()
            || is_read_counter(text)
        {
            return false;
        }
        if let Some((label, _)) = split_label(text)
            && (plausible_name(label)
                || in_list(MODERATOR_LABELS, label)
                || in_list(TOPIC_LABELS, label)
                || self.find(label).is_some())
        {
            return false;
        }
        width(text) <= CAPTION_WIDTH
    }

    fn image(&mut self, asset: Option<String>, caption: Option<String>, alt: Option<String>) {
        let speaker = self.open_turn.and_then(|i| match &self.doc.blocks[i] {
            Block::Turn { speaker, .. } => Some(speaker.clone()),
            _ => None,
        });
        let speaker = speaker.or_else(|| self.interrupted.take());
        self.close_turn();
        self.interrupted = speaker;
        self.in_guest_list = false;
        let id = self.block_id();
        let has_caption = caption.is_some();
        self.doc.blocks.push(Block::Image {
            id,
            asset,
            caption,
            credit: None,
            alt,
        });
        self.last_image = Some(self.doc.blocks.len() - 1);
        self.pending_caption = if has_caption {
            None
        } else {
            Some(self.doc.blocks.len() - 1)
        };
    }

    fn topics(&mut self, rest: &str) {
        for t in super::names::topic_list(rest) {
            if !self.doc.topics.contains(&t) {
                self.doc.topics.push(t);
            }
        }
    }

    fn guest_header(&mut self, heading: &str, rest: &str) {
        if self.guest_heading.is_none() {
            self.guest_heading = Some(super::lines::trim(heading).to_owned());
        }
        self.close_turn();
        self.in_guest_list = true;
        self.roster_declared = true;
        // `嘉宾:张三、李四` lists people; `Guest: Ruth Abernathy, owner, Abernathy Press`
        // is one person with a title, unless every comma-separated part is a name.
        let commas = [',', '\u{FF0C}'];
        let latin_entry = !rest.chars().any(is_cjk)
            && !rest
                .split(commas)
                .all(|part| plausible_name(part.trim()) || part.trim().is_empty());
        let separators: &[char] = if latin_entry {
            &['、', ';', '\u{FF1B}']
        } else {
            &['、', ',', '\u{FF0C}', ';', '\u{FF1B}']
        };
        // `嘉宾：王立新，经济学家`: after a comma, a title describes the name before it.
        let mut last: Option<usize> = None;
        let mut at = 0;
        for part in rest.split(separators) {
            let after_comma = rest[..at].ends_with(commas);
            at += part.len();
            at += rest[at..].chars().next().map_or(0, char::len_utf8);
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if after_comma
                && let Some(i) = last
                && self.doc.participants[i].title.is_none()
                && is_cjk_title(part)
            {
                self.doc.participants[i].title = Some(part.to_owned());
                continue;
            }
            let (name, title, org) = split_person(part);
            last = match self.find(&name) {
                Some(i) => Some(i),
                None => self
                    .add_participant(&name, Role::Guest, title, org)
                    .and_then(|id| self.doc.participants.iter().position(|p| p.id == id)),
            };
        }
    }

    /// `Name  title` under a guest header. A list item is an entry whatever its title
    /// says; a plain line must read like one.
    fn guest_entry(&mut self, text: &str, item: bool) -> bool {
        let (name, title, org) = split_person(text);
        // `Alice Brown 2  editor`: not name-shaped, but the label its turns carry.
        let used_as_label = (numbered_name(&name) || numbered_speaker(&name))
            && self.label_counts.contains_key(name.as_str());
        if !(plausible_name(&name) || used_as_label) || (!item && !name_like(text)) {
            return false;
        }
        match self.find(&name) {
            Some(i) => {
                let p = &mut self.doc.participants[i];
                p.title = p.title.take().or(title);
                p.organization = p.organization.take().or(org);
            }
            None => {
                self.add_participant(&name, Role::Guest, title, org);
            }
        }
        true
    }

    /// `Name: title` under a guest header. A guest list names each person once, so a
    /// participant it already described (`Guest: Bob Roe, economist`) named again with a
    /// colon is speaking, as is anything that reads as a sentence rather than a title.
    fn guest_entry_with_colon(&mut self, label: &str, rest: &str) -> bool {
        if in_list(MODERATOR_LABELS, label)
            || !plausible_name(label)
            || !name_like(rest)
            || reads_as_speech(rest)
        {
            return false;
        }
        if let Some(i) = self.find(label)
            && (self.doc.participants[i].title.is_some()
                || self.doc.participants[i].role == Role::Moderator)
        {
            // Described already, or the moderator declared above the list: speaking.
            return false;
        }
        let entry = if rest.is_empty() {
            label.to_owned()
        } else {
            format!("{label}\u{3000}{rest}")
        };
        self.guest_entry(&entry, false)
    }

    /// `主持人:李凡` / `Moderator: Dana Whitfield, Metro Daily` before the first turn.
    fn declaration(&mut self, label: &str, rest: &str) -> bool {
        if !in_list(MODERATOR_LABELS, label)
            || self.seen_turn
            || self.moderator().is_some()
            || rest.is_empty()
            || (!self.markup && (!name_like(rest) || rest.chars().count() > 60))
        {
            return false;
        }
        // `主持人:主编 顾晴`: a title, a space, the name.
        let (name, title, org) = match label_parts(rest) {
            Some(p) if rest.chars().any(is_cjk) => (p.name, p.title, None),
            _ => split_person(rest),
        };
        if !plausible_name(&name) {
            return false;
        }
        self.close_turn();
        let Some(id) = self.add_participant(&name, Role::Moderator, title, org) else {
            return false;
        };
        if let Some(p) = self.doc.participants.iter_mut().find(|p| p.id == id) {
            p.aliases.push(label.to_owned());
        }
        true
    }

    fn find(&self, label: &str) -> Option<usize> {
        let label = super::lines::trim(label);
        if let Some(i) = self.doc.participants.iter().position(|p| {
            same_trimmed_name(&p.name, label)
                || p.aliases.iter().any(|a| same_trimmed_name(a, label))
        }) {
            return Some(i);
        }
        // A Latin surname or first name alone (`WHITFIELD:` for Dana Whitfield), if only one matches.
        if label.chars().any(is_cjk) || label.contains(' ') {
            return None;
        }
        let matches: Vec<usize> = self
            .doc
            .participants
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name.split_whitespace().any(|w| same(w, label)))
            .map(|(i, _)| i)
            .collect();
        match matches.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// `Moderator` (or `Presider`, `主持人`) alone on its line before the first turn, the name
    /// on the next line and perhaps a title on the one after.
    fn heading_declaration(&mut self, text: &str) -> bool {
        if self.seen_turn || self.markup {
            self.declared_role = None;
            self.declared = None;
            return false;
        }
        let bare = text.trim_end_matches([':', '\u{FF1A}']).trim();
        if in_list(MODERATOR_LABELS, bare) && self.moderator().is_none() {
            self.close_turn();
            self.declared_role = Some(Role::Moderator);
            self.declared = None;
            return true;
        }
        if let Some(role) = self.declared_role.take() {
            let (name, title, org) = match label_parts(text) {
                Some(p) if text.chars().any(is_cjk) => (p.name, p.title, None),
                _ => split_person(text),
            };
            if plausible_name(&name) && name_like(text) && split_label(text).is_none() {
                let id = self.add_participant(&name, role, title, org);
                if let (Some(id), Some(p)) = (&id, self.doc.participants.last_mut()) {
                    p.aliases.push(bare.to_owned());
                    let _ = id;
                }
                self.declared = id;
                return true;
            }
            return false;
        }
        if let Some(id) = self.declared.take()
            && name_like(text)
            && split_label(text).is_none()
            && text.chars().count() <= 60
            && let Some(p) = self.doc.participants.iter_mut().find(|p| p.id == id)
            && p.title.is_none()
        {
            p.title = Some(text.to_owned());
            return true;
        }
        false
    }

    /// A moderator known only by a role word (`主持人`, `Host`) who introduces themselves
    /// (`我是主持人张曼`, `I'm Joe Patti`) takes that name; the role word stays an alias.
    fn name_moderators(&mut self) {
        for i in 0..self.doc.participants.len() {
            let p = &self.doc.participants[i];
            if p.role != Role::Moderator || !in_list(MODERATOR_LABELS, &p.name) {
                continue;
            }
            let id = p.id.clone();
            let first = self.doc.blocks.iter().find_map(|b| match b {
                Block::Turn {
                    speaker,
                    paragraphs,
                    ..
                } if *speaker == id => Some(paragraphs.join(" ")),
                _ => None,
            });
            let Some(name) = first.as_deref().and_then(introduced_name) else {
                continue;
            };
            if self.find(&name).is_some() {
                continue;
            }
            let p = &mut self.doc.participants[i];
            let old = std::mem::replace(&mut p.name, name.clone());
            p.aliases.push(old.clone());
            self.diags.push(Diagnostic::info(
                0,
                Note::ModeratorNamed {
                    name: name.clone(),
                    old: old.clone(),
                },
            ));
        }
    }

    /// Whether `label` starts two or more lines (`Label: text`): a speaker's label, whatever
    /// its shape.
    fn recurs(&self, label: &str) -> bool {
        self.label_counts.get(label).is_some_and(|&n| n >= 2)
    }

    /// A Chinese `Label: text` that is no turn: a headline before the dialogue (a label
    /// used once, a short text without a sentence end: `三联主编朱伟:周刊遭遇新媒体挑战`), or
    /// a description of a speaker another label names (`劉欣開場白:` beside `劉欣:`).
    fn not_a_turn(&self, label: &str, rest: &str) -> bool {
        let cjk = label.chars().any(is_cjk);
        if self.in_guest_list
            || self.find(label).is_some()
            || in_list(MODERATOR_LABELS, label)
            || !(plausible_name(label) || label_parts(label).is_some())
            || in_list(GUEST_HEADERS, label)
            || in_list(QUESTION_LABELS, label)
            || in_list(ANSWER_LABELS, label)
        {
            return false;
        }
        let once = self.label_counts.get(label).is_none_or(|&n| n <= 1);
        if once
            && !self.seen_turn
            && !rest.is_empty()
            && !has_sentence_end(rest)
            && rest.chars().count() <= if cjk { 40 } else { 60 }
        {
            return true;
        }
        if !cjk {
            return false;
        }
        // Its prefixes looked up (not every label compared): linear in the input.
        label.char_indices().skip(2).any(|(i, _)| {
            self.label_counts.contains_key(&label[..i]) && plausible_name(&label[..i])
        }) && label_parts(label).is_none()
    }

    /// The speaker a turn's label means ([`Builder::speaker`]), counting how the label names
    /// them (the role word or not) for [`Builder::label_style`].
    fn resolve(&mut self, label: &str, line_no: usize, explicit: bool) -> Option<String> {
        let id = self.speaker(label, line_no, explicit)?;
        let kinds = self.label_kinds.entry(id.clone()).or_default();
        // Only the words `LabelForm::HostRole` prints: a source that wrote `记者：` or
        // `Host:` would not get its own labels back from it.
        if in_list(&["主持人", "Moderator"], label) {
            kinds.0 += 1;
        } else {
            kinds.1 += 1;
        }
        Some(id)
    }

    /// How the source labelled its speakers, when it is a style an export can name: the one
    /// host's turns mostly under a role word (`主持人：`, `Moderator:`) and the guests' under
    /// their names (the common newsroom style, `LabelForm::HostRole`). `None` otherwise:
    /// the export's usual labels are then as good a guess as any.
    fn label_style(&self) -> Option<LabelForm> {
        let mut hosts = self
            .doc
            .participants
            .iter()
            .filter(|p| p.role == Role::Moderator);
        let host = hosts.next()?;
        if hosts.next().is_some() {
            return None;
        }
        let (host_role, host_named) = self.label_kinds.get(&host.id).copied()?;
        let (guest_role, guest_named) = self
            .doc
            .participants
            .iter()
            .filter(|p| p.role != Role::Moderator)
            .filter_map(|p| self.label_kinds.get(&p.id))
            .fold((0, 0), |(r, n), &(pr, pn)| (r + pr, n + pn));
        (host_role > host_named && guest_named > guest_role).then_some(LabelForm::HostRole)
    }

    /// The guest heading worth keeping: not the language's plain word (`嘉宾`, `Guest(s)`),
    /// which every export prints anyway.
    fn kept_guest_heading(&self) -> Option<String> {
        let heading = self.guest_heading.as_deref()?;
        let plain = ["嘉宾", "嘉賓", "Guest", "Guests"];
        (!heading.is_empty() && !plain.iter().any(|w| same(w, heading))).then(|| heading.to_owned())
    }

    /// The participant id a label refers to, creating one when the label is a plausible
    /// new speaker (or `explicit`, from markup).
    fn speaker(&mut self, label: &str, line_no: usize, explicit: bool) -> Option<String> {
        let label = super::lines::trim(label);
        if label.is_empty() {
            return None;
        }
        if let Some(i) = self.find(label) {
            let p = &mut self.doc.participants[i];
            if !same_name(&p.name, label) && !p.aliases.iter().any(|a| same_name(a, label)) {
                p.aliases.push(label.to_owned());
            }
            return Some(p.id.clone());
        }
        if in_list(ANSWER_LABELS, label) {
            // `A:` is the one guest of an interview.
            let guests: Vec<usize> = (0..self.doc.participants.len())
                .filter(|&i| self.doc.participants[i].role == Role::Guest)
                .collect();
            match guests.as_slice() {
                [one] => {
                    let p = &mut self.doc.participants[*one];
                    p.aliases.push(label.to_owned());
                    return Some(p.id.clone());
                }
                [] => return self.add_participant(label, Role::Guest, None, None),
                _ => {}
            }
        }
        if in_list(MODERATOR_LABELS, label) || in_list(QUESTION_LABELS, label) {
            if let Some(m) = self.moderator().map(|m| m.id.clone()) {
                if let Some(p) = self.doc.participants.iter_mut().find(|p| p.id == m) {
                    p.aliases.push(label.to_owned());
                }
                return Some(m);
            }
            // `记者:` in an article whose byline named the reporter.
            if let Some(name) = self.reporter.clone()
                && label.contains("记者")
            {
                let id = self.add_participant(&name, Role::Moderator, None, None)?;
                if let Some(p) = self.doc.participants.last_mut() {
                    p.aliases.push(label.to_owned());
                }
                return Some(id);
            }
            return self.add_participant(label, Role::Moderator, None, None);
        }
        if let Some(parts) = label_parts(label) {
            let id = match self.find(&parts.name) {
                Some(i) => self.doc.participants[i].id.clone(),
                None => {
                    if !explicit && self.roster_declared && !self.recurs(label) {
                        self.diags.push(Diagnostic::warning(
                            line_no,
                            Note::LabelNotInGuestList {
                                label: label.to_string(),
                            },
                        ));
                        return None;
                    }
                    let role = if parts.moderator && self.moderator().is_none() {
                        Role::Moderator
                    } else {
                        Role::Guest
                    };
                    self.add_participant(&parts.name, role, parts.title.clone(), None)?
                }
            };
            let no_moderator = self.moderator().is_none();
            if let Some(p) = self.doc.participants.iter_mut().find(|p| p.id == id) {
                for alias in std::iter::once(label.to_owned()).chain(parts.alias) {
                    if !same_name(&p.name, &alias)
                        && !p.aliases.iter().any(|a| same_name(a, &alias))
                    {
                        p.aliases.push(alias);
                    }
                }
                if parts.moderator && p.role == Role::Guest && no_moderator {
                    p.role = Role::Moderator;
                }
            }
            return Some(id);
        }
        let speaker_shaped = plausible_name(label)
            || designation(label)
            || numbered_speaker(label)
            || (numbered_name(label) && self.recurs(label));
        if !explicit && !speaker_shaped {
            return None;
        }
        // A guest list that leaves out someone who speaks again and again is incomplete:
        // their words are theirs (said in a note), not text. A label used once stays text.
        if !explicit && self.roster_declared && !self.recurs(label) {
            self.diags.push(Diagnostic::warning(
                line_no,
                Note::LabelNotInGuestList {
                    label: label.to_string(),
                },
            ));
            return None;
        }
        let (name, title, org) = split_person(label);
        let role = if in_list(VOICE_OVER_LABELS, &name) {
            Role::Other
        } else {
            Role::Guest
        };
        let id = self.add_participant(&name, role, title, org)?;
        if self.roster_declared {
            self.diags.push(Diagnostic::info(
                line_no,
                Note::NewSpeaker {
                    name: name.to_string(),
                },
            ));
        }
        Some(id)
    }

    fn start_turn(&mut self, speaker: String, rest: &str) {
        self.start_turn_at(speaker, rest, None);
    }

    fn start_turn_at(&mut self, speaker: String, rest: &str, time: Option<f64>) {
        // `A: x` right below another `A: …` line of the open turn, with no blank line between,
        // goes on with that turn: a chat-style transcript labels every line, and a turn per
        // line made a million blocks (and ops, and rows) of a few megabytes of text. Only one
        // speaker's labelled lines merge; anything else between them, or a blank line (as the
        // Markdown export writes turns), keeps turns apart.
        if time.is_none()
            && !rest.is_empty()
            && self.turn_line + 1 == self.line_no
            && let Some(i) = self.open_turn.filter(|&i| i + 1 == self.doc.blocks.len())
            && let Some(Block::Turn {
                speaker: open,
                paragraphs,
                ..
            }) = self.doc.blocks.get_mut(i)
            && *open == speaker
        {
            paragraphs.push(rest.to_owned());
            self.turn_line = self.line_no;
            return;
        }
        self.close_turn();
        self.pending_caption = None;
        self.seen_turn = true;
        let id = self.block_id();
        let paragraphs = if rest.is_empty() {
            Vec::new()
        } else {
            vec![rest.to_owned()]
        };
        self.doc.blocks.push(Block::Turn {
            id,
            speaker,
            paragraphs,
            start: time,
            end: None,
            topics: Vec::new(),
            continues: false,
        });
        self.open_turn = Some(self.doc.blocks.len() - 1);
        self.turn_line = self.line_no;
    }

    fn paragraph(&mut self, text: &str) {
        if let Some(speaker) = self.interrupted.take() {
            self.start_turn(speaker, text);
            if let Some(Block::Turn { continues, .. }) = self.doc.blocks.last_mut() {
                *continues = true;
            }
            return;
        }
        match self.open_turn.map(|i| &mut self.doc.blocks[i]) {
            Some(Block::Turn { paragraphs, .. }) => paragraphs.push(text.to_owned()),
            _ => self.narration(text),
        }
    }

    fn narration(&mut self, text: &str) {
        let id = self.block_id();
        self.doc.blocks.push(Block::Paragraph {
            id,
            text: text.to_owned(),
        });
    }

    /// Moderators first, the rest in order of appearance; ids follow the new order.
    fn moderators_first(&mut self) {
        let people = &mut self.doc.participants;
        if people
            .iter()
            .skip_while(|p| p.role == Role::Moderator)
            .all(|p| p.role != Role::Moderator)
        {
            return;
        }
        people.sort_by_key(|p| p.role != Role::Moderator);
        renumber_participants(&mut self.doc);
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        let before = self.doc.blocks.len();
        self.doc
            .blocks
            .retain(|b| !matches!(b, Block::Turn { paragraphs, .. } if paragraphs.is_empty()));
        if self.doc.blocks.len() < before {
            self.diags
                .push(Diagnostic::info(0, Note::EmptyLabelsDropped {}));
        }
        choose_moderator(&mut self.doc, &mut self.diags);
        self.name_moderators();
        // Before `moderators_first`, which renumbers the participants `label_kinds` counts.
        self.doc.speaker_labels = self.label_style();
        self.doc.guest_heading = self.kept_guest_heading();
        super::timed::split_long_paragraphs(&mut self.doc);
        super::timed::split_long_narration(&mut self.doc);
        self.moderators_first();
        self.doc.language = detect_language(&self.doc);
        (self.doc, self.diags)
    }
}

fn set_caption(block: &mut Block, text: &str) {
    if let Block::Image { caption, .. } = block {
        *caption = Some(text.to_owned());
    }
}

/// `图片`, `[Image]`, `[Photo: caption Credit: name]`… → (caption, credit).
fn image_marker(text: &str) -> Option<(Option<String>, Option<String>)> {
    const BARE: &[&str] = &[
        "图片", "图", "image", "photo", "picture", "img", "照片", "插图",
    ];
    let inner = text
        .strip_prefix(['[', '【', '(', '\u{FF08}', '〔'])
        .and_then(|t| t.strip_suffix([']', '】', ')', '\u{FF09}', '〕']))
        .map(str::trim);
    let bare = inner.unwrap_or(text);
    if in_list(BARE, bare) {
        return Some((None, None));
    }
    let inner = inner?;
    let (label, rest) = split_label(inner)?;
    if !in_list(BARE, label) {
        return None;
    }
    for sep in [
        "Credit:",
        "Credit\u{FF1A}",
        "credit:",
        "摄影:",
        "摄影\u{FF1A}",
        "图片来源:",
        "图片来源\u{FF1A}",
    ] {
        if let Some(i) = rest.find(sep) {
            let caption = rest[..i].trim().trim_end_matches(['.', ';', ';']).trim();
            let credit = rest[i + sep.len()..].trim();
            return Some((
                Some(caption.to_owned()).filter(|c| !c.is_empty()),
                Some(credit.to_owned()).filter(|c| !c.is_empty()),
            ));
        }
    }
    Some((Some(rest.to_owned()).filter(|c| !c.is_empty()), None))
}

/// `阅读 6039`, `阅读 10万+`, `阅读原文`, `Read more`.
fn is_read_counter(text: &str) -> bool {
    if let Some(rest) = text.strip_prefix("阅读") {
        let rest = rest.trim();
        return rest.is_empty()
            || rest == "原文"
            || rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '万' | '+' | '.' | ','));
    }
    same(text, "Read more")
}

/// WeChat's header line `原创 账号名 2025-03-14 08:30` (the date and time are optional):
/// the publishing account and the date.
fn wechat_byline(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("原创")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    let is_date = |w: &str| {
        !w.is_empty()
            && w.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, '-' | '/' | ':' | '.' | '年' | '月' | '日')
            })
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let dates = words.iter().rev().take_while(|w| is_date(w)).count();
    let account_words = words.len() - dates;
    if account_words == 0 || account_words > 3 {
        return None;
    }
    let cut = rest
        .find(words[account_words - 1])
        .map(|i| i + words[account_words - 1].len())?;
    let account = rest[..cut].trim();
    (account.chars().count() <= CREDIT_CHARS).then_some((account, rest[cut..].trim()))
}

/// `来源:X`, `编辑:X`, `文 | X`, `Edited by X`.
fn credit_line(text: &str) -> Option<Credit> {
    let labelled = split_label(text).or_else(|| {
        // A credit label is a word or two: its bar comes early.
        let (i, _) = text
            .char_indices()
            .take(12)
            .find(|(_, c)| matches!(c, '|' | '丨' | '\u{FF5C}' | '/'))?;
        let sep = text[i..].chars().next()?;
        Some((text[..i].trim(), text[i + sep.len_utf8()..].trim()))
    });
    if let Some((label, rest)) = labelled
        && let Some(role) = CREDIT_LABELS
            .iter()
            .find(|(l, _)| l.len() == label.len() && l.eq_ignore_ascii_case(label))
            .map(|(_, r)| *r)
        && !rest.is_empty()
        && rest.chars().count() <= CREDIT_CHARS
        && name_like(rest)
    {
        return Some(Credit {
            role,
            name: rest.to_owned(),
        });
    }
    for (prefix, role) in [
        ("Edited by ", CreditRole::Editor),
        ("Written by ", CreditRole::Author),
        ("Photos by ", CreditRole::Photo),
        ("Photo by ", CreditRole::Photo),
        ("Reporting by ", CreditRole::Author),
    ] {
        if let Some(name) = text.strip_prefix(prefix)
            && name.chars().count() <= CREDIT_CHARS
            && name_like(name)
        {
            return Some(Credit {
                role,
                name: name.trim().trim_end_matches('.').to_owned(),
            });
        }
    }
    None
}

/// The caption of a `▲caption` or `图为…` line.
fn caption_marker(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(['▲', '△', '▼']) {
        let rest = rest.trim();
        return (!rest.is_empty()).then_some(rest);
    }
    (text.starts_with("图为") && width(text) <= CAPTION_WIDTH).then_some(text)
}

/// Splits a photographer off a caption: `…现场。记者 孙悦 摄`, `…现场(张三 摄)`.
///
/// Also `… Photo: Sam Lee`, `…(图片来源:新华社)` and the like.
fn photo_credit(caption: &str) -> (String, Option<String>) {
    for marker in [
        "Photo:",
        "Photo by ",
        "Photograph by ",
        "Credit:",
        "摄影:",
        "摄影\u{FF1A}",
        "图片来源:",
        "图片来源\u{FF1A}",
        "图源:",
        "图源\u{FF1A}",
    ] {
        if let Some(i) = caption.rfind(marker)
            && i > 0
        {
            let who = caption[i + marker.len()..]
                .trim()
                .trim_end_matches([')', '\u{FF09}', '.'])
                .trim();
            let before = caption[..i]
                .trim_end()
                .trim_end_matches(['(', '\u{FF08}', '/', '|'])
                .trim_end();
            if !who.is_empty() && who.chars().count() <= CREDIT_CHARS && name_like(who) {
                return (before.to_owned(), Some(who.to_owned()));
            }
        }
    }
    let inner = caption
        .trim()
        .trim_end_matches([')', '\u{FF09}'])
        .trim_end();
    let Some(body) = inner.strip_suffix('摄') else {
        return (caption.trim().to_owned(), None);
    };
    let Some((cut, sep)) = body.char_indices().rev().find(|(_, c)| {
        matches!(
            c,
            '。' | '(' | '\u{FF08}' | '\u{FF0C}' | ',' | '!' | '\u{FF01}'
        )
    }) else {
        return (caption.trim().to_owned(), None);
    };
    let mut who = body[cut + sep.len_utf8()..].trim();
    loop {
        let stripped = BYLINE_ROLES
            .iter()
            .find_map(|(w, _)| who.strip_prefix(w))
            .map(str::trim);
        match stripped {
            Some(rest) => who = rest,
            None => break,
        }
    }
    if who.is_empty() || who.chars().count() > 20 || !name_like(who) {
        return (caption.trim().to_owned(), None);
    }
    let keep = if sep == '。' || sep == '!' || sep == '\u{FF01}' {
        cut + sep.len_utf8()
    } else {
        cut
    };
    let who = who.split_whitespace().collect::<Vec<_>>().join("、");
    (body[..keep].trim().to_owned(), Some(who))
}

/// A byline: `本报记者 何晴 通讯员 冯磊`, `记者何晴`, `(记者 张三 摄)`, `By Marcus Hale`.
/// Gives each credit with the role word that introduced it.
fn byline(text: &str) -> Option<Vec<(&'static str, Credit)>> {
    let t = text
        .trim_start_matches(['(', '\u{FF08}'])
        .trim_end_matches([')', '\u{FF09}'])
        .trim();
    // Cheap rejection first: this runs for every line.
    let first = t.chars().next()?;
    if !matches!(first, 'B' | 'b') && !BYLINE_ROLES.iter().any(|(w, _)| w.starts_with(first)) {
        return None;
    }
    if let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")) {
        let mut credits = Vec::new();
        for name in rest.split([',', '&']).flat_map(|n| n.split(" and ")) {
            let name = name.trim().trim_end_matches('.');
            if name.is_empty() {
                continue;
            }
            if !plausible_name(name) {
                return None;
            }
            credits.push((
                "By",
                Credit {
                    role: CreditRole::Author,
                    name: name.to_owned(),
                },
            ));
        }
        return (!credits.is_empty()).then_some(credits);
    }
    if t.contains([':', '\u{FF1A}']) || t.chars().count() > 60 {
        return None;
    }
    let (t, photo) = match t.strip_suffix('摄') {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let han_name = |n: &str| {
        plausible_name(n) && n.chars().all(|c| is_cjk(c) || c == '·') && n.chars().count() <= 4
    };
    let mut role: Option<(&'static str, CreditRole)> = None;
    let mut credits = Vec::new();
    for token in t.split_whitespace() {
        if let Some(&(word, r)) = BYLINE_ROLES.iter().find(|(w, _)| token.starts_with(w)) {
            role = Some((word, r));
            let rest = &token[word.len()..];
            if !rest.is_empty() {
                if !(han_name(rest) && rest.chars().count() <= 3) {
                    return None;
                }
                credits.push((word, r, rest));
            }
        } else if let Some((word, r)) = role
            && han_name(token)
        {
            credits.push((word, r, token));
        } else {
            return None;
        }
    }
    if credits.is_empty() {
        return None;
    }
    Some(
        credits
            .into_iter()
            .map(|(word, role, name)| {
                let role = if photo { CreditRole::Photo } else { role };
                (
                    word,
                    Credit {
                        role,
                        name: name.to_owned(),
                    },
                )
            })
            .collect(),
    )
}

/// One credit line, or several on one line (`文 | 何晴  图 | 冯磊`, `编辑:陈思 审核:刘强`).
fn credit_lines(text: &str) -> Option<Vec<Credit>> {
    if let Some(c) = credit_line(text) {
        return Some(vec![c]);
    }
    // Start a new part at every token that begins with a credit label and a separator.
    let starts_credit = |token: &str| {
        CREDIT_LABELS.iter().any(|(label, _)| {
            token
                .strip_prefix(label)
                .is_some_and(|r| r.starts_with([':', '\u{FF1A}', '|', '丨', '\u{FF5C}', '/']))
        })
    };
    // Several credits on one line make a short line.
    if text.len() > 100 {
        return None;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() < 2 || tokens.len() > 12 {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let label_then_bar = CREDIT_LABELS.iter().any(|(l, _)| l == token)
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.starts_with(['|', '丨', '\u{FF5C}', ':', '\u{FF1A}', '/']));
        match parts.last_mut() {
            Some(part) if !(starts_credit(token) || label_then_bar) => {
                part.push(' ');
                part.push_str(token);
            }
            _ => parts.push((*token).to_owned()),
        }
    }
    if parts.len() < 2 {
        return None;
    }
    parts.iter().map(|p| credit_line(p)).collect()
}

/// `zh`, `ja`, `ko` or `en` from the script of the body.
pub(super) fn detect_language(doc: &Document) -> String {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    // A sample is enough: at most this many characters (a long article's worth) are looked at.
    let mut budget = 20_000usize;
    let texts = std::iter::once(doc.title.as_str())
        .chain(doc.participants.iter().map(|p| p.name.as_str()))
        .chain(
            doc.blocks
                .iter()
                .flat_map(|b| -> Box<dyn Iterator<Item = &str>> {
                    match b {
                        Block::Paragraph { text, .. } | Block::Heading { text, .. } => {
                            Box::new(std::iter::once(text.as_str()))
                        }
                        Block::Turn { paragraphs, .. } => {
                            Box::new(paragraphs.iter().map(String::as_str))
                        }
                        Block::Image { caption, .. } => Box::new(caption.as_deref().into_iter()),
                    }
                }),
        );
    for text in texts {
        if budget == 0 {
            break;
        }
        for c in text.chars().take(budget) {
            budget -= 1;
            match c as u32 {
                0x3040..=0x30FF => kana += 1,
                0xAC00..=0xD7AF => hangul += 1,
                _ if is_cjk(c) => han += 1,
                _ if c.is_ascii_alphabetic() => latin += 1,
                _ => {}
            }
        }
    }
    let lang = if kana > 0 && kana * 10 >= han {
        "ja"
    } else if hangul * 2 > latin {
        "ko"
    } else if han * 2 >= latin / 3 && han > 0 {
        "zh"
    } else {
        "en"
    };
    lang.to_owned()
}
