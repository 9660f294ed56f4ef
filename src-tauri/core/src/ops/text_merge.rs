//! Three-way merge of text: two concurrent edits of one text field, each made from a common
//! ancestor, combine when they touch different words; otherwise they stay a conflict.
//!
//! Why words and not characters: a character merge of `cat → bat` and `cat → cut` gives
//! `but`, a word neither author wrote. Text is split into tokens (a run of letters or digits,
//! a run of spaces, or any other single character: each CJK character, each punctuation
//! mark, each line break), the two edits are diffed against the ancestor token by token, and
//! they merge only when the stretches of the ancestor they change are apart (not overlapping,
//! not even touching). Two identical edits count once.
//!
//! A turn's paragraphs merge as one text with a line break between paragraphs, so a
//! paragraph added on one side and a word changed in another paragraph on the other combine.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One edit of the ancestor: tokens `start..end` of the ancestor become `new`.
#[derive(Debug, Clone, PartialEq)]
struct Hunk<'a> {
    start: usize,
    end: usize,
    new: &'a [&'a str],
}

/// Splits text into merge tokens (see the module's documentation).
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Single,
    }
    fn class(c: char) -> Class {
        if c == '\n' {
            Class::Single
        } else if c.is_whitespace() {
            Class::Space
        } else if c.is_alphanumeric() && !is_cjk(c) {
            Class::Word
        } else {
            Class::Single
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some(p) = prev
            && (p != k || k == Class::Single)
        {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Han, kana and CJK punctuation: written without spaces, so each character is a token.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn hunks<'a>(base: &[&str], new: &'a [&'a str]) -> Vec<Hunk<'a>> {
    // (ancestor start, ancestor end, new start, new end) of each change.
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, new) {
        let (o, ol, n, nl) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_len, new_index, 0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, new_index, new_len),
        };
        match spans.last_mut() {
            // A delete and an insert at one place are one change.
            Some(last) if last.1 == o && last.3 == n => {
                last.1 = o + ol;
                last.3 = n + nl;
            }
            _ => spans.push((o, o + ol, n, n + nl)),
        }
    }
    spans
        .into_iter()
        .map(|(start, end, ns, ne)| Hunk {
            start,
            end,
            new: &new[ns..ne],
        })
        .collect()
}

/// Merges two edits `a` and `b` of `base`. `None` when they change the same or neighbouring
/// words differently: a conflict the user settles.
pub fn merge_text(base: &str, a: &str, b: &str) -> Option<String> {
    if a == b || b == base {
        return Some(a.to_owned());
    }
    if a == base {
        return Some(b.to_owned());
    }
    let base_t = tokens(base);
    let a_t = tokens(a);
    let b_t = tokens(b);
    let ha = hunks(&base_t, &a_t);
    let hb = hunks(&base_t, &b_t);
    let mut out = String::with_capacity(a.len().max(b.len()));
    let (mut i, mut j, mut at) = (0, 0, 0);
    loop {
        let next = match (ha.get(i), hb.get(j)) {
            (None, None) => break,
            (Some(x), None) => {
                i += 1;
                x
            }
            (None, Some(y)) => {
                j += 1;
                y
            }
            (Some(x), Some(y)) => {
                if x == y {
                    i += 1;
                    j += 1;
                    x
                } else if x.end < y.start {
                    i += 1;
                    x
                } else if y.end < x.start {
                    j += 1;
                    y
                } else {
                    // Overlapping or touching stretches, changed differently.
                    return None;
                }
            }
        };
        for t in &base_t[at..next.start] {
            out.push_str(t);
        }
        for t in next.new {
            out.push_str(t);
        }
        at = next.end;
    }
    for t in &base_t[at..] {
        out.push_str(t);
    }
    Some(out)
}

/// A run of an edited text against the version it was made from: unchanged, inserted, or a
/// run of the old text that was deleted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct DiffPart {
    /// `same`, `added` or `removed`.
    pub kind: DiffKind,
    /// The text of the run.
    pub text: String,
}

/// What a [`DiffPart`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// In both.
    Same,
    /// Only in the edited text.
    Added,
    /// Only in the old text.
    Removed,
}

/// What `new` changed in `old`, word by word with the tokens the merge compares (so what a
/// conflict shows as changed is what the merge found to overlap); adjacent runs of one kind
/// are joined, deletions before insertions at one place.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let (a, b) = (tokens(old), tokens(new));
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |kind: DiffKind, run: &[&str]| {
        let text = run.concat();
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => parts.push(DiffPart { kind, text }),
        }
    };
    let mut at = 0;
    for h in hunks(&a, &b) {
        push(DiffKind::Same, &a[at..h.start]);
        push(DiffKind::Removed, &a[h.start..h.end]);
        push(DiffKind::Added, h.new);
        at = h.end;
    }
    push(DiffKind::Same, &a[at..]);
    parts
}

/// Merges two edits of a turn's paragraphs (see the module's documentation).
pub fn merge_paragraphs(base: &[String], a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a == b || b == base {
        return Some(a.to_vec());
    }
    if a == base {
        return Some(b.to_vec());
    }
    // A line break inside a paragraph would split it on the way back: merge those whole.
    if [base, a, b]
        .iter()
        .any(|p| p.iter().any(|s| s.contains('\n')))
    {
        return None;
    }
    let merged = merge_text(&base.join("\n"), &a.join("\n"), &b.join("\n"))?;
    Some(merged.split('\n').map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(base: &str, a: &str, b: &str, expected: Option<&str>) {
        assert_eq!(
            merge_text(base, a, b).as_deref(),
            expected,
            "base {base:?}, a {a:?}, b {b:?}"
        );
        // The result does not depend on which side is which.
        assert_eq!(
            merge_text(base, b, a).as_deref(),
            expected,
            "swapped: base {base:?}, a {b:?}, b {a:?}"
        );
    }

    #[test]
    fn merges_edits_of_different_words() {
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            // One side only.
            (
                "the cat sat",
                "the cat sat",
                "the cat sat down",
                Some("the cat sat down"),
            ),
            // A word at the start and a word at the end.
            (
                "the cat sat",
                "so the cat sat",
                "the cat sat down",
                Some("so the cat sat down"),
            ),
            // Two words apart.
            (
                "one two three four five",
                "one TWO three four five",
                "one two three four FIVE",
                Some("one TWO three four FIVE"),
            ),
            // The same word changed differently: a conflict, never `but`.
            ("the cat", "the bat", "the cut", None),
            // Neighbouring words (a space between them) merge.
            ("one two three", "one 2 three", "one two 3", Some("one 2 3")),
            // Both insert at one place, differently.
            ("a b", "a x b", "a y b", None),
            // The same insert on both sides counts once.
            ("a b", "a x b", "a x b", Some("a x b")),
            // Chinese: each character is a word.
            (
                "制造业是高质量发展的主阵地。",
                "制造业一直是高质量发展的主阵地。",
                "制造业是高质量发展的主阵地和主战场。",
                Some("制造业一直是高质量发展的主阵地和主战场。"),
            ),
            ("共同富裕", "共同富足", "共同致富", None),
            // A deletion and a distant insertion.
            (
                "alpha beta gamma delta",
                "alpha gamma delta",
                "alpha beta gamma delta epsilon",
                Some("alpha gamma delta epsilon"),
            ),
            // One side empties the text, the other edits it: a conflict.
            ("words here", "", "words there", None),
        ];
        for (base, a, b, expected) in table {
            check(base, a, b, *expected);
        }
    }

    #[test]
    fn paragraphs_merge_across_paragraphs() {
        let p = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let base = p(&["first paragraph", "second paragraph"]);
        let a = p(&["first paragraph", "second paragraph", "a third one"]);
        let b = p(&["the first paragraph", "second paragraph"]);
        assert_eq!(
            merge_paragraphs(&base, &a, &b),
            Some(p(&[
                "the first paragraph",
                "second paragraph",
                "a third one"
            ]))
        );
        assert_eq!(
            merge_paragraphs(
                &base,
                &p(&["first", "second paragraph"]),
                &p(&["first one", "second paragraph"])
            ),
            None
        );
    }

    #[test]
    fn tokens_keep_every_character() {
        for text in [
            "",
            "a",
            "Hello, world!  Two  spaces",
            "工会 budget 31.7%",
            "é\u{301}x\ny",
        ] {
            assert_eq!(tokens(text).concat(), text);
        }
        assert_eq!(tokens("ab cd"), vec!["ab", " ", "cd"]);
        assert_eq!(tokens("工会"), vec!["工", "会"]);
    }
    #[test]
    fn word_diffs_mark_what_each_side_wrote() {
        use DiffKind::{Added, Removed, Same};
        let part = |kind, text: &str| DiffPart {
            kind,
            text: text.into(),
        };
        assert_eq!(
            word_diff("the budget grew", "Yes, the budget grew"),
            [part(Added, "Yes, "), part(Same, "the budget grew")]
        );
        assert_eq!(
            word_diff("社区很重要", "社区非常重要"),
            [
                part(Same, "社区"),
                part(Removed, "很"),
                part(Added, "非常"),
                part(Same, "重要")
            ]
        );
        assert_eq!(word_diff("同样", "同样"), [part(Same, "同样")]);
        assert!(word_diff("", "").is_empty());
    }
}
