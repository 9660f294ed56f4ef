//! Full-text search: an FTS5 trigram index (any script, substrings, case-insensitive) with
//! one row per document, newest first. A term shorter than three characters (two-character
//! Chinese words such as 工会 are common) is looked up as every indexed trigram that starts
//! with it, or, when it starts hundreds of them (a very common character), not through the
//! index at all: nearly every document holds it.
//!
//! The index holds the text [folded](super::fold) (width, punctuation, case, traditional →
//! simplified) and nothing else: no positions, no copy of the text. Candidates are checked
//! against the documents' texts in the tables, and snippets cut from them at the offsets of
//! the matches in their folded form, for the page of hits returned only.

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::StoreError;
use super::fold::{fold, fold_char};
use super::projection::{DocumentTexts, document_texts};

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

/// How a term narrows the candidates through the index.
enum Lookup {
    /// An FTS5 query every document holding the term matches.
    Match(String),
    /// No document holds the term.
    Nowhere,
    /// A short term that starts many trigrams, so it is probably in most documents: the
    /// newest documents are checked first, and the index (a costly lookup for such a term)
    /// used only when they do not fill the page.
    Common,
}

/// How many of the newest documents are checked for terms that are all [`Lookup::Common`]
/// before the index is asked: a few pages' worth.
fn common_budget(limit: usize) -> usize {
    limit.saturating_mul(3).max(30)
}

/// Documents (not in the trash) whose title, column, people, credits, narration, turns and
/// captions contain every term of `query`, newest first, at most `limit`.
///
/// The index has one row per document, numbered in the order documents came into this
/// library, so the matches are read newest first and the search stops as soon as `limit` of
/// them are confirmed against the text: the cost grows with the page, not with how many
/// documents match (a common word matches nearly all of them). Rows hold no positions, so a
/// row holding a term's trigrams but not the term itself is a candidate that the check
/// drops.
pub(super) fn search(
    conn: &Connection,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, StoreError> {
    let terms = terms(query);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let folded: Vec<String> = terms.iter().map(|t| fold(t)).collect();
    let mut matches = Vec::new();
    for term in &folded {
        match lookup(conn, term, COMMON_SHORT_TERM_TRIGRAMS)? {
            Lookup::Nowhere => return Ok(Vec::new()),
            Lookup::Match(q) => matches.push(format!("({q})")),
            Lookup::Common => {}
        }
    }
    let mut out = Vec::new();
    let mut checked = HashSet::new();
    if matches.is_empty() {
        // Only common short terms: the newest documents first, without the index.
        let mut stmt = conn.prepare_cached("SELECT doc FROM indexed_docs ORDER BY row DESC")?;
        let mut rows = stmt.query([])?;
        // The budget is tested before a row is taken: a row taken and not checked would be
        // skipped by the rest of the scan below.
        while out.len() < limit && checked.len() < common_budget(limit) {
            let Some(row) = rows.next()? else {
                break;
            };
            let doc: String = row.get(0)?;
            if let Some(hit) = check(conn, &doc, &terms, &folded)? {
                out.push(hit);
            }
            checked.insert(doc);
        }
        if out.len() < limit && checked.len() >= common_budget(limit) {
            // Rarer than their trigrams suggested: through the index after all, each term
            // as every trigram it starts (or, past hundreds, the rest of the documents).
            for term in &folded {
                match lookup(conn, term, MAX_SHORT_TERM_TRIGRAMS)? {
                    Lookup::Nowhere => return Ok(Vec::new()),
                    Lookup::Match(q) => matches.push(format!("({q})")),
                    Lookup::Common => {}
                }
            }
            if matches.is_empty() {
                // On through the documents after those checked.
                while let Some(row) = rows.next()? {
                    if out.len() >= limit {
                        break;
                    }
                    let doc: String = row.get(0)?;
                    if let Some(hit) = check(conn, &doc, &terms, &folded)? {
                        out.push(hit);
                    }
                }
            }
        }
    }
    if !matches.is_empty() && out.len() < limit {
        let mut stmt = conn.prepare_cached(
            "SELECT i.doc FROM search s CROSS JOIN indexed_docs i ON i.row = s.rowid
             WHERE search MATCH ?1 ORDER BY s.rowid DESC",
        )?;
        let mut rows = stmt.query([matches.join(" AND ")])?;
        while let Some(row) = rows.next()? {
            if out.len() >= limit {
                break;
            }
            let doc: String = row.get(0)?;
            if !checked.contains(&doc)
                && let Some(hit) = check(conn, &doc, &terms, &folded)?
            {
                out.push(hit);
            }
        }
    }
    // Rows follow the order documents came into this library, which differs a little
    // between replicas (sync brings them in its own order): the page itself is shown in
    // the order of creation, the same everywhere.
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.document.cmp(&b.1.document)));
    Ok(out.into_iter().map(|(_, hit)| hit).collect())
}

/// The hit for document `doc` (with its creation time) if its texts hold every term: the
/// occurrences counted as the editor's find counts them, and the snippet from the first
/// text (in reading order) that holds one.
fn check(
    conn: &Connection,
    doc: &str,
    terms: &[String],
    folded_terms: &[String],
) -> Result<Option<(i64, SearchHit)>, StoreError> {
    let Some(DocumentTexts {
        title,
        created_ms,
        texts,
    }) = document_texts(conn, doc)?
    else {
        return Ok(None);
    };
    let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
    if !folded_terms
        .iter()
        .all(|term| folded.iter().any(|t| t.contains(term.as_str())))
    {
        return Ok(None);
    }
    // Folding keeps one character for one, so counting in the folded texts counts as
    // `occurrences` does.
    let hits = folded
        .iter()
        .map(|t| {
            folded_terms
                .iter()
                .map(|term| t.matches(term.as_str()).count())
                .sum::<usize>()
        })
        .sum::<usize>();
    let first = folded
        .iter()
        .position(|t| folded_terms.iter().any(|term| t.contains(term.as_str())))
        .unwrap_or(0);
    Ok(Some((
        created_ms,
        SearchHit {
            document: doc.to_owned(),
            title,
            snippet: snippet(&texts[first], terms),
            // The check found each term, so at least once (on exotic case foldings the count
            // and the check may differ).
            hits: u32::try_from(hits).unwrap_or(u32::MAX).max(1),
        },
    )))
}

/// How the folded `term` is looked up in the index: a term of one or two characters that
/// starts more than `max_trigrams` indexed trigrams is [`Lookup::Common`].
fn lookup(conn: &Connection, term: &str, max_trigrams: usize) -> Result<Lookup, StoreError> {
    if term.chars().count() >= 3 {
        return Ok(Lookup::Match(trigram_query(term)));
    }
    Ok(match short_term_query(conn, term, max_trigrams)? {
        Some(query) if query.is_empty() => Lookup::Nowhere,
        Some(query) => Lookup::Match(query),
        None => Lookup::Common,
    })
}

/// Above this many trigrams starting with a short term, it is taken to be common: reading
/// the vocabulary reads each trigram's whole list of documents (10 ms for `社区`'s 187 at
/// 10,000 documents), and an OR of that many lists costs as much again, while the newest
/// documents hold a common term at once.
const COMMON_SHORT_TERM_TRIGRAMS: usize = 24;

/// Above this many, the index is not worth it even for a term the newest documents do not
/// hold: the term is in nearly every row, and the rest of the documents are checked.
const MAX_SHORT_TERM_TRIGRAMS: usize = 400;

/// The FTS5 query for a folded term of one or two characters: every trigram in the index
/// that starts with it, from the index's vocabulary (`search_vocab`). Each indexed text
/// ends in two newlines ([`INDEX_END`](super::projection::INDEX_END)), so every occurrence,
/// even at the very end, starts a trigram. An empty query when no trigram starts with it
/// (no row holds the term); `None` when more than `max` do.
fn short_term_query(
    conn: &Connection,
    term: &str,
    max: usize,
) -> Result<Option<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT term FROM search_vocab WHERE term >= ?1 AND term < ?2 LIMIT ?3")?;
    let end = format!("{term}{}", char::MAX);
    let grams = stmt
        .query_map(rusqlite::params![term, end, max as i64 + 1], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if grams.len() > max {
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
    let mut seen = HashSet::new();
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
