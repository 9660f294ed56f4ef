//! Full-text search: an FTS5 trigram index (any script, substrings, case-insensitive). A term
//! shorter than three characters (two-character Chinese words such as 工会 are common) is
//! looked up as every indexed trigram that starts with it, or, when it starts hundreds of
//! them (a very common character), by a `LIKE` scan.
//!
//! The index holds the text [folded](super::fold) (width, punctuation, case, traditional →
//! simplified) in `text`, without positions; terms are folded the same way. Snippets are cut
//! from the original text of the hits returned (the block, or the document's own row) at the
//! offsets of the matches in its folded form.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::StoreError;
use super::fold::{fold, fold_char};
use super::projection::original_text;

/// A piece of a snippet: matched text or its surroundings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether this part matched the query.
    pub hit: bool,
}

/// A snippet as plain text with the matches in brackets: `…the [工会] said…`.
pub fn bracketed(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.hit {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

/// One document that matches a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    /// Document id.
    pub document: String,
    /// Its title.
    pub title: String,
    /// Text around the first match, matches marked.
    pub snippet: Vec<SnippetPart>,
    /// How many times the terms occur in the document's title and blocks (case-insensitive,
    /// without overlaps: the count the editor's find shows for the same term).
    pub hits: u32,
}

/// How many matching rows are read at most, whatever the limit.
const MAX_ROWS: usize = 5_000;
/// Characters of context on each side of the first match.
const CONTEXT: usize = 24;

/// Splits a query into terms: whitespace-separated, surrounding quotes dropped.
pub(crate) fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|t| {
            t.trim_matches(|c| c == '"' || c == '“' || c == '”')
                .to_owned()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Documents (not in the trash) whose title, narration, turns and captions contain every
/// term of `query`, most occurrences first, then most recently edited.
pub(super) fn search(
    conn: &Connection,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, StoreError> {
    let terms = terms(query);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // Per document: (rank by recency, title, hits, first matching row in reading order).
    let mut found: Option<HashMap<String, (usize, String, u32, i64)>> = None;
    for term in &terms {
        let rows = matching_rows(conn, term)?;
        let mut here: HashMap<String, (usize, String, u32, i64)> = HashMap::new();
        for (rank, (doc, title, rowid, text)) in rows.into_iter().enumerate() {
            // The row matched, so at least once (the index and this count may differ on
            // exotic case foldings).
            let n = occurrences(&text, term).max(1);
            here.entry(doc)
                .and_modify(|e| e.2 += n)
                .or_insert((rank, title, n, rowid));
        }
        found = Some(match found {
            None => here,
            Some(mut acc) => {
                acc.retain(|doc, _| here.contains_key(doc));
                for (doc, e) in acc.iter_mut() {
                    e.2 += here[doc].2;
                }
                acc
            }
        });
    }
    let mut ranked: Vec<(String, (usize, String, u32, i64))> =
        found.unwrap_or_default().into_iter().collect();
    ranked.sort_by(|(da, a), (db, b)| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(da.cmp(db)));
    ranked.truncate(limit);
    // Snippets only for the hits returned, from the original text of their first match.
    ranked
        .into_iter()
        .map(|(document, (_, title, hits, rowid))| {
            let text = original_text(conn, rowid)?.unwrap_or_default();
            Ok(SearchHit {
                document,
                title,
                snippet: snippet(&text, &terms),
                hits,
            })
        })
        .collect()
}

/// Rows (document, title, row id, folded text) containing `term`, most recently edited
/// document first and, within one, the title first, then blocks in reading order.
fn matching_rows(
    conn: &Connection,
    term: &str,
) -> Result<Vec<(String, String, i64, String)>, StoreError> {
    let term = fold(term);
    let (condition, arg) = if term.chars().count() >= 3 {
        ("search MATCH ?1", trigram_query(&term))
    } else {
        match short_term_query(conn, &term)? {
            Some(query) if query.is_empty() => return Ok(Vec::new()),
            Some(query) => ("search MATCH ?1", query),
            None => {
                let escaped = term
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                ("s.text LIKE ?1 ESCAPE '\\'", format!("%{escaped}%"))
            }
        }
    };
    let sql = format!(
        "SELECT s.doc, d.title, s.rowid, s.text FROM search s
         JOIN documents d ON d.id = s.doc
         LEFT JOIN blocks b ON b.rowid = s.rowid AND s.rowid > 0
         WHERE d.deleted = 0 AND {condition}
         ORDER BY d.updated_ms DESC, s.doc, s.rowid > 0, b.position, b.id
         LIMIT {MAX_ROWS}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([arg], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (doc, title, rowid, folded): (String, String, i64, String) = row?;
        // The index has no positions: a row holding every trigram of the term, but not the
        // term itself, is found too and dropped here.
        if folded.contains(&term) {
            out.push((doc, title, rowid, folded));
        }
    }
    Ok(out)
}

/// Above this many trigrams starting with a short term, the index is not worth it: the
/// term is in nearly every row, and a scan of the text finds the first page as fast.
const MAX_SHORT_TERM_TRIGRAMS: usize = 400;

/// The FTS5 query for a folded term of one or two characters: every trigram in the index
/// that starts with it, from the index's vocabulary (`search_vocab`). Each indexed text
/// ends in two newlines ([`INDEX_END`](super::projection::INDEX_END)), so every occurrence,
/// even at the very end, starts a trigram. An empty query when no trigram starts with it
/// (no row holds the term); `None` when so many do that a scan is as fast.
fn short_term_query(conn: &Connection, term: &str) -> Result<Option<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT term FROM search_vocab WHERE term >= ?1 AND term < ?2 LIMIT ?3")?;
    let end = format!("{term}{}", char::MAX);
    let grams = stmt
        .query_map(
            rusqlite::params![term, end, MAX_SHORT_TERM_TRIGRAMS as i64 + 1],
            |r| r.get::<_, String>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    if grams.len() > MAX_SHORT_TERM_TRIGRAMS {
        return Ok(None);
    }
    Ok(Some(
        grams
            .iter()
            .map(|g| format!("\"{}\"", g.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" OR "),
    ))
}

/// The FTS5 query for a folded term of three or more characters: every trigram of it. The
/// index keeps no positions (`detail = none`, a third of the size), so it cannot match a
/// phrase; the caller checks the rows found against the text.
fn trigram_query(term: &str) -> String {
    let chars: Vec<char> = term.chars().collect();
    let mut seen = std::collections::HashSet::new();
    let mut parts = Vec::new();
    for w in chars.windows(3) {
        let gram: String = w.iter().collect();
        if seen.insert(gram.clone()) {
            parts.push(format!("\"{}\"", gram.replace('"', "\"\"")));
        }
    }
    parts.join(" AND ")
}

/// How many times `term` occurs in `text`, [folded](fold_char) and without overlaps.
pub(crate) fn occurrences(text: &str, term: &str) -> u32 {
    let hay: Vec<char> = text.chars().map(fold_char).collect();
    let needle: Vec<char> = term.chars().map(fold_char).collect();
    if needle.is_empty() {
        return 0;
    }
    let (mut n, mut i) = (0, 0);
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

/// Text around the first match of any term, with every match marked: matches are found in
/// the [folded](fold_char) text and shown in the original, one character for one.
pub(crate) fn snippet(text: &str, terms: &[String]) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().copied().map(fold_char).collect();
    let needles: Vec<Vec<char>> = terms
        .iter()
        .map(|t| t.chars().map(fold_char).collect::<Vec<char>>())
        .filter(|n| !n.is_empty())
        .collect();
    let mut marked = vec![false; chars.len()];
    for n in &needles {
        let mut i = 0;
        while i + n.len() <= lower.len() {
            if lower[i..i + n.len()] == n[..] {
                marked[i..i + n.len()].iter_mut().for_each(|m| *m = true);
                i += n.len();
            } else {
                i += 1;
            }
        }
    }
    let first = marked.iter().position(|&m| m).unwrap_or(0);
    let start = first.saturating_sub(CONTEXT);
    let end = (first + CONTEXT * 3).min(chars.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    if start > 0 {
        parts.push(SnippetPart {
            text: "…".into(),
            hit: false,
        });
    }
    for i in start..end {
        let c = if chars[i] == '\n' { ' ' } else { chars[i] };
        match parts.last_mut() {
            Some(p) if p.hit == marked[i] => p.text.push(c),
            _ => parts.push(SnippetPart {
                text: c.to_string(),
                hit: marked[i],
            }),
        }
    }
    if end < chars.len() {
        parts.push(SnippetPart {
            text: "…".into(),
            hit: false,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, query: &str, expected: &str) {
        assert_eq!(bracketed(&snippet(text, &terms(query))), expected);
    }

    #[test]
    fn occurrences_count_as_find_does() {
        assert_eq!(occurrences("工会组织读书会,街道工会出场地。", "工会"), 2);
        assert_eq!(occurrences("The theme is the THE", "the"), 4);
        assert_eq!(occurrences("aaaa", "aa"), 2);
        assert_eq!(occurrences("abc", ""), 0);
        assert_eq!(occurrences("工會和工会", "工会"), 2);
    }

    #[test]
    fn snippets() {
        check(
            "Trade unions and workers",
            "union",
            "Trade [union]s and workers",
        );
        check(
            "产业工人队伍建设改革,工会是桥梁",
            "工会",
            "产业工人队伍建设改革,[工会]是桥梁",
        );
        check("a\nb", "b", "a [b]");
        check("Made in ＣＨＩＮＡ", "china", "Made in [ＣＨＩＮＡ]");
        check("增长31.7%", "３１．７％", "增长[31.7%]");
        check("工會說", "工会", "[工會]說");
        check("国情，决定", "国情,决定", "[国情，决定]");
        check(&"x".repeat(100), "y", &format!("{}…", "x".repeat(72)));
        check(
            &format!("{}needle", "y".repeat(40)),
            "NEEDLE",
            &format!("…{}[needle]", "y".repeat(24)),
        );
    }
}
