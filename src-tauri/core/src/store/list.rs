//! The library list a page at a time: filtered by trash and topic and ordered in SQL, so a
//! library of 10,000 documents shows its first rows after reading only those rows.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorPreferences};
use icu_locale_core::Locale;
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DocumentSummary, StoreError, projection};

/// The order of the library list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ListOrder {
    /// The last edited (or, in the trash, the last deleted) first.
    #[default]
    Updated,
    /// By title in the alphabetical order of [`ListQuery::language`]; the same title, the last
    /// edited first.
    Title,
}

/// Which documents of the library list, in which order, and which slice of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListQuery {
    /// The trash instead of the library.
    pub trashed: bool,
    /// Only documents with this topic.
    pub topic: Option<String>,
    /// The order.
    pub order: ListOrder,
    /// A BCP 47 language tag (`zh-CN`, `en`): whose alphabetical order titles follow, as the
    /// interface shows it (Chinese titles by pinyin in `zh`). Case and accents are ignored and
    /// numbers compare by value (`Part 9` before `Part 10`).
    pub language: String,
    /// How many documents to skip.
    pub offset: u32,
    /// How many documents at most.
    pub limit: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            trashed: false,
            topic: None,
            order: ListOrder::Updated,
            language: "en".into(),
            offset: 0,
            limit: u32::MAX,
        }
    }
}

/// A slice of the library list and the size of the whole.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ListPage {
    /// How many documents match the query, on all pages.
    pub total: u32,
    /// Where this page starts in the whole list.
    pub offset: u32,
    /// The documents of this page, in order.
    pub documents: Vec<DocumentSummary>,
}

/// A topic of the library and how many documents carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TopicCount {
    /// The topic.
    pub topic: String,
    /// Documents tagged with it.
    pub documents: u32,
}

/// The documents `query` asks for, and how many match on all pages.
pub(super) fn page(
    conn: &Connection,
    title_keys: &RefCell<HashSet<String>>,
    query: &ListQuery,
) -> Result<ListPage, StoreError> {
    let topic = query.topic.as_deref();
    let total: u32 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM documents
             WHERE deleted = ?1 AND (?2 IS NULL OR id IN (SELECT doc FROM document_topics WHERE topic = ?2))",
        )?
        .query_row(params![query.trashed, topic], |r| r.get(0))?;
    let order = match query.order {
        // documents_by_updated: the first page reads only its own rows.
        ListOrder::Updated => "d.updated_ms DESC, d.id".to_owned(),
        ListOrder::Title => format!(
            "{}(trim(d.title)), d.updated_ms DESC, d.id",
            title_key_function(conn, title_keys, &query.language)?
        ),
    };
    let sql = format!(
        "SELECT d.id, d.title, d.column_name, d.language, d.topics, d.words, d.updated_ms, d.names,
                d.missing_ops
         FROM documents d
         WHERE d.deleted = ?1 AND (?2 IS NULL OR d.id IN (SELECT doc FROM document_topics WHERE topic = ?2))
         ORDER BY {order} LIMIT ?3 OFFSET ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            query.trashed,
            topic,
            i64::from(query.limit),
            i64::from(query.offset)
        ],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
            ))
        },
    )?;
    let documents = rows
        .map(|row| {
            let (id, title, column, language, topics, words, updated, names, missing) = row?;
            Ok(DocumentSummary {
                id,
                title,
                column,
                language,
                topics: projection::json(&topics)?,
                participants: projection::json(&names)?,
                word_count: words as u64,
                updated_ms: updated as u64,
                missing_ops: missing as u64,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ListPage {
        total,
        offset: query.offset,
        documents,
    })
}

/// Every topic of the documents in the library (or in the trash), the most used first, then
/// in code point order.
pub(super) fn topics(conn: &Connection, trashed: bool) -> Result<Vec<TopicCount>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.topic, COUNT(*) AS n FROM document_topics t JOIN documents d ON d.id = t.doc
         WHERE d.deleted = ?1 GROUP BY t.topic ORDER BY n DESC, t.topic",
    )?;
    let rows = stmt.query_map([trashed], |r| {
        Ok(TopicCount {
            topic: r.get(0)?,
            documents: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The name of an SQL function giving a title's sort key in the alphabetical order of
/// `language`, registered on `conn` the first time it is asked for. A tag that does not parse
/// gets the root order (Latin, then other scripts, CJK by radical and stroke).
///
/// A key per title rather than a collation comparing two: SQLite computes the key once per row
/// and sorts bytes, where a collation runs the collator for each of the ~150,000 comparisons of
/// 10,000 titles. The keys are kept by title, so the next page (which sorts every title again)
/// and the next refresh only look them up.
fn title_key_function(
    conn: &Connection,
    registered: &RefCell<HashSet<String>>,
    language: &str,
) -> Result<String, StoreError> {
    let locale = Locale::try_from_str(language).unwrap_or(Locale::UNKNOWN);
    // A parsed locale prints as ASCII letters, digits and hyphens only.
    let name = format!("title_key_{}", locale.to_string().replace('-', "_"));
    if registered.borrow().contains(&name) {
        return Ok(name);
    }
    let mut prefs = CollatorPreferences::from(&locale);
    prefs.numeric_ordering = Some(CollationNumericOrdering::True);
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Primary);
    let Ok(collator) = Collator::try_new(prefs, options)
        .or_else(|_| Collator::try_new(CollatorPreferences::default(), options))
    else {
        // The data is compiled in, so this does not happen; code point order if it did.
        return Ok("lower".into());
    };
    let keys: Mutex<HashMap<String, Vec<u8>>> = Mutex::new(HashMap::new());
    conn.create_scalar_function(
        name.as_str(),
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let title: String = ctx.get(0)?;
            let mut keys = keys.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(key) = keys.get(&title) {
                return Ok(key.clone());
            }
            if keys.len() >= MAX_KEPT_KEYS {
                keys.clear();
            }
            let mut key = Vec::new();
            let Ok(()) = collator.write_sort_key_to(&title, &mut key);
            keys.insert(title, key.clone());
            Ok(key)
        },
    )?;
    registered.borrow_mut().insert(name.clone());
    Ok(name)
}

/// Sort keys kept per language: a library's titles, with room to spare, in a few megabytes.
const MAX_KEPT_KEYS: usize = 100_000;
