//! The quote finder: search restricted to one person's turns across the library, each hit
//! with its document, date, the title the speaker held there, and its attribution.

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::projection;
use super::search::{occurrences, snippet, terms};
use super::{Library, SearchHit, SnippetPart, StoreError};
use crate::model::Block;
use crate::people::{Attribution, QuoteStyle, Source, attribute_in};

/// A document a person appears in, as the quote finder lists it.
struct Appearance {
    document: String,
    title: String,
    language: String,
    date_ms: u64,
}

/// One of the person's participants in a document: the name, title and organisation it
/// was printed with there.
struct Speaker {
    id: String,
    name: String,
    title: Option<String>,
    organization: Option<String>,
}

/// One turn of a person that matches a quote search.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuoteHit {
    /// The document's id.
    pub document: String,
    /// Its title.
    pub title: String,
    /// Its language tag.
    pub language: String,
    /// When it was made, ms since the Unix epoch.
    #[ts(type = "number")]
    pub date_ms: u64,
    /// The turn's block id.
    pub block: String,
    /// The name as printed in that document.
    pub speaker: String,
    /// The title the speaker held there.
    pub speaker_title: Option<String>,
    /// The organisation there.
    pub organization: Option<String>,
    /// Text around the first match, matches marked.
    pub snippet: Vec<SnippetPart>,
    /// The turn's whole text (paragraphs joined by line breaks).
    pub text: String,
    /// How many times the terms occur in the turn.
    pub hits: u32,
}

/// A hit of the quote finder with its attribution, as the app shows it and copies it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttributedQuote {
    /// The hit.
    pub hit: QuoteHit,
    /// The whole turn attributed, as plain text and HTML.
    pub attribution: Attribution,
}

impl QuoteHit {
    /// `quote` (the hit's whole turn when `None`) with its attribution.
    pub fn attribution(&self, quote: Option<&str>) -> Attribution {
        self.attribution_in(quote, QuoteStyle::Said)
    }

    /// The same in `style`.
    pub fn attribution_in(&self, quote: Option<&str>, style: QuoteStyle) -> Attribution {
        attribute_in(
            quote.unwrap_or(&self.text),
            &Source {
                name: &self.speaker,
                title: self.speaker_title.as_deref(),
                organization: self.organization.as_deref(),
                document: &self.title,
                language: &self.language,
                date_ms: Some(self.date_ms),
            },
            style,
        )
    }
}

impl Library {
    /// The quote finder: `person`'s turns (in every document not in the trash, under every
    /// name of their merged group) that contain every term of `query`, matched as the
    /// library search matches (folded width, script and case), newest document first, then
    /// in reading order.
    pub fn search_person(
        &self,
        person: Uuid,
        query: &str,
        limit: usize,
    ) -> Result<Vec<QuoteHit>, StoreError> {
        let terms = terms(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let root = self
            .root_of(person)?
            .ok_or_else(|| StoreError::NotFound(format!("person {person}")))?;
        // Driven from the person (CROSS JOIN fixes SQLite's join order): their participants
        // (an index) and those documents; then each document's turns by them, from its body
        // (one read and one unpack per document), in reading order. The terms are matched
        // here, on each turn's folded words (one person's turns are few beside the library's).
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.language, d.created_ms, pp.id, pp.name, pp.title, pp.organization
             FROM people pe
             CROSS JOIN participants pp ON pp.person = pe.id
             CROSS JOIN documents d ON d.id = pp.doc AND d.deleted = 0
             WHERE pe.root = ?1
             ORDER BY d.created_ms DESC, d.id, pp.ord",
        )?;
        let rows = stmt.query_map(params![root.to_string()], |r| {
            Ok((
                Appearance {
                    document: r.get(0)?,
                    title: r.get(1)?,
                    language: r.get(2)?,
                    date_ms: r.get::<_, i64>(3)? as u64,
                },
                Speaker {
                    id: r.get(4)?,
                    name: r.get(5)?,
                    title: r.get(6)?,
                    organization: r.get(7)?,
                },
            ))
        })?;
        // The person's participants, grouped by document (a merged person may be two
        // participants of one document), newest document first.
        let mut documents: Vec<(Appearance, Vec<Speaker>)> = Vec::new();
        for row in rows {
            let (doc, speaker) = row?;
            match documents.last_mut() {
                Some((last, speakers)) if last.document == doc.document => speakers.push(speaker),
                _ => documents.push((doc, vec![speaker])),
            }
        }
        let mut out = Vec::new();
        for (doc, speakers) in documents {
            for (block, body) in projection::live_blocks(&self.conn, &doc.document)? {
                let Block::Turn { speaker, .. } = &body else {
                    continue;
                };
                let Some(who) = speakers.iter().find(|s| s.id == *speaker) else {
                    continue;
                };
                let text = body.text();
                let counts: Vec<u32> = terms.iter().map(|t| occurrences(&text, t)).collect();
                if counts.contains(&0) {
                    continue;
                }
                out.push(QuoteHit {
                    document: doc.document.clone(),
                    title: doc.title.clone(),
                    language: doc.language.clone(),
                    date_ms: doc.date_ms,
                    block,
                    speaker: who.name.clone(),
                    speaker_title: who.title.clone(),
                    organization: who.organization.clone(),
                    snippet: snippet(&text, &terms),
                    hits: counts.iter().sum::<u32>().max(1),
                    text,
                });
                if out.len() >= limit {
                    return Ok(out);
                }
            }
        }
        Ok(out)
    }

    /// The library search restricted to what `person` said: one hit per document (its first
    /// quote as the snippet, the occurrences in all of that person's turns there), newest
    /// document first, at most `limit`.
    pub fn search_said_by(
        &self,
        person: Uuid,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let mut out: Vec<SearchHit> = Vec::new();
        for q in self.search_person(person, query, usize::MAX)? {
            if let Some(hit) = out.iter_mut().find(|h| h.document == q.document) {
                hit.hits += q.hits;
            } else if out.len() < limit {
                out.push(SearchHit {
                    document: q.document,
                    title: q.title,
                    snippet: q.snippet,
                    hits: q.hits,
                });
            }
        }
        Ok(out)
    }
}
