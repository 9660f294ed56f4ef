//! The derived tables: reading a [`DocState`] from them and writing back what an op touched.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::StoreError;
use super::fold::fold;
use crate::model::{Block, BlockKind, Participant, Role, count_text};
use crate::ops::{DocState, PlacedBlock, SharedRecording, Touched};
use crate::progress::{Progress, Reporter, Stage};

pub(super) fn json<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Model types hold only strings, numbers and bools.
    serde_json::to_string(value).unwrap_or_default()
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Heading => "heading",
        BlockKind::Turn => "turn",
        BlockKind::Image => "image",
    }
}

/// The stored state of `doc`, or `None` if the library has no such document.
pub(super) fn load(conn: &Connection, doc: Uuid) -> Result<Option<DocState>, StoreError> {
    let id = doc.to_string();
    let row = conn
        .query_row(
            "SELECT title, subtitle, column_name, language, topics, credits, created_ms, updated_ms, deleted
             FROM documents WHERE id = ?1",
            [&id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, bool>(8)?,
                ))
            },
        )
        .optional()?;
    let Some((title, subtitle, column, language, topics, credits, created, updated, deleted)) = row
    else {
        return Ok(None);
    };
    let mut state = DocState::empty(doc);
    state.exists = true;
    state.deleted = deleted;
    state.title = title;
    state.subtitle = subtitle;
    state.column = column;
    state.language = language;
    state.topics = json(&topics)?;
    state.credits = json(&credits)?;
    state.created_ms = created as u64;
    state.updated_ms = updated as u64;

    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, title, organization, aliases, person FROM participants WHERE doc = ?1 ORDER BY ord",
    )?;
    let rows = stmt.query_map([&id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    for row in rows {
        let (pid, name, role, title, organization, aliases, person) = row?;
        if let Some(person) = person.and_then(|p| Uuid::parse_str(&p).ok()) {
            state.links.insert(pid.clone(), person);
        }
        state.participants.push(Participant {
            id: pid,
            name,
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role}")))?,
            title,
            organization,
            aliases: json(&aliases)?,
        });
    }

    let mut stmt =
        conn.prepare_cached("SELECT id, position, body, deleted FROM blocks WHERE doc = ?1")?;
    let rows = stmt.query_map([&id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    let mut blocks = HashMap::new();
    for row in rows {
        let (bid, position, body, deleted) = row?;
        let block: Block = json(&body)?;
        blocks.insert(
            bid,
            PlacedBlock {
                position,
                deleted,
                block,
            },
        );
    }
    state.blocks = blocks;

    let mut stmt = conn.prepare_cached(
        "SELECT sha256, shared, file_name, size, mime, duration FROM shared_recordings WHERE doc = ?1",
    )?;
    let rows = stmt.query_map([&id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, bool>(1)?,
            SharedRecording {
                sha256: r.get(0)?,
                file_name: r.get(2)?,
                size: r.get::<_, i64>(3)?.max(0) as u64,
                mime: r.get(4)?,
                duration: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (sha256, shared, recording) = row?;
        state.recordings.insert(sha256, shared.then_some(recording));
    }
    Ok(Some(state))
}

/// The text of a document's own search row: the title, the column, each participant's name
/// with their title and organisation, and the credited names, one per line.
/// [`DOCUMENT_ROW_TEXT`] computes the same text from the tables.
pub(super) fn document_search_text(state: &DocState) -> String {
    let mut lines = vec![state.title.clone()];
    lines.extend(state.column.iter().cloned());
    for p in &state.participants {
        let mut line = p.name.clone();
        for detail in p.title.iter().chain(&p.organization) {
            line.push(' ');
            line.push_str(detail);
        }
        lines.push(line);
    }
    lines.extend(state.credits.iter().map(|c| c.name.clone()));
    lines.join("\n")
}

/// A document's own search text computed from the tables (the document row as `d`), as
/// [`document_search_text`] writes it: for reindexing, and for the snippet of a match in it.
const DOCUMENT_ROW_TEXT: &str = "d.title
    || COALESCE(char(10) || d.column_name, '')
    || COALESCE((SELECT char(10) || group_concat(line, char(10)) FROM (
           SELECT p.name || COALESCE(' ' || p.title, '') || COALESCE(' ' || p.organization, '') AS line
           FROM participants p WHERE p.doc = d.id ORDER BY p.ord)), '')
    || COALESCE((SELECT char(10) || group_concat(json_extract(c.value, '$.name'), char(10))
           FROM json_each(d.credits) c), '')";

/// What every indexed text ends with: two characters no term holds (terms are split at
/// white space), so that each character of the text, the last ones too, starts a trigram
/// and a term of one or two characters can be found through the index.
pub(super) const INDEX_END: &str = "\n\n";

/// Adds a search row of `text`, folded for matching. The original is not kept beside it:
/// snippets are cut from the block (or the document row) the match is in, read back by
/// [`original_text`] for the few hits shown.
fn index_row(
    conn: &Connection,
    rowid: i64,
    doc: &str,
    block: &str,
    text: &str,
) -> Result<(), StoreError> {
    let mut folded = fold(text);
    folded.push_str(INDEX_END);
    conn.prepare_cached("INSERT INTO search (rowid, doc, block, text) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![rowid, doc, block, folded])?;
    Ok(())
}

/// The original text of search row `rowid`: a block's text, or (negative rowids) the
/// document row's. `None` if the row is gone.
pub(super) fn original_text(conn: &Connection, rowid: i64) -> Result<Option<String>, StoreError> {
    if rowid > 0 {
        let body: Option<String> = conn
            .prepare_cached("SELECT body FROM blocks WHERE rowid = ?1")?
            .query_row([rowid], |r| r.get(0))
            .optional()?;
        return body.map(|b| Ok(json::<Block>(&b)?.text())).transpose();
    }
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {DOCUMENT_ROW_TEXT} FROM documents d WHERE d.rowid = ?1"
        ))?
        .query_row([-rowid], |r| r.get(0))
        .optional()?)
}

/// Rebuilds the whole search index from the tables: each live block's text and each
/// document's own row. Libraries made before folded search (or before names were
/// searchable, or with another index layout) get it once at open.
pub(super) fn reindex_search(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM search", [])?;
    let mut stmt = conn.prepare("SELECT rowid, doc, id, body FROM blocks WHERE deleted = 0")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (rowid, doc, bid, body) = row?;
        let text = json::<Block>(&body)?.text();
        if !text.is_empty() {
            index_row(conn, rowid, &doc, &bid, &text)?;
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT -d.rowid, d.id, {DOCUMENT_ROW_TEXT} FROM documents d"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (rowid, doc, text) = row?;
        index_row(conn, rowid, &doc, "", &text)?;
    }
    Ok(())
}

/// Writes the rows of `state` named in `touched`, and their search entries.
pub(super) fn persist(
    conn: &Connection,
    state: &DocState,
    touched: &HashSet<Touched>,
) -> Result<(), StoreError> {
    persist_reporting(conn, state, touched, &mut |_| {})
}

/// [`persist`], reporting the touched rows written as [`Stage::Indexing`].
pub(super) fn persist_reporting(
    conn: &Connection,
    state: &DocState,
    touched: &HashSet<Touched>,
    report: &mut dyn FnMut(Progress),
) -> Result<(), StoreError> {
    let mut indexing = Reporter::start(report, Stage::Indexing, touched.len() as u64);
    let id = state.id.to_string();
    let words: u64 = state
        .ordered()
        .iter()
        .map(|b| count_text(&b.block.text()).words)
        .sum();
    let doc_rowid: i64 = conn.query_row(
        "INSERT INTO documents (id, title, subtitle, column_name, language, topics, credits, created_ms, updated_ms, deleted, words, names)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle,
            column_name = excluded.column_name, language = excluded.language, topics = excluded.topics,
            credits = excluded.credits, created_ms = excluded.created_ms, updated_ms = excluded.updated_ms,
            deleted = excluded.deleted, words = excluded.words, names = excluded.names
         RETURNING rowid",
        params![
            id,
            state.title,
            state.subtitle,
            state.column,
            state.language,
            to_json(&state.topics),
            to_json(&state.credits),
            state.created_ms as i64,
            state.updated_ms as i64,
            state.deleted,
            words as i64,
            to_json(&state.participants.iter().map(|p| &p.name).collect::<Vec<_>>()),
        ],
        |r| r.get(0),
    )?;
    let people_changed = touched
        .iter()
        .any(|t| matches!(t, Touched::Participant(_) | Touched::ParticipantRemoved(_)));
    if touched.contains(&Touched::Document) || people_changed {
        // The document's own search row (the negated document rowid): its title, column,
        // people and credits, so that `search 杨梅芳` finds where she spoke.
        conn.execute("DELETE FROM search WHERE rowid = ?1", [-doc_rowid])?;
        index_row(conn, -doc_rowid, &id, "", &document_search_text(state))?;
    }
    if touched.contains(&Touched::Document) {
        // Topics change only with the document row (AddTopic and RemoveTopic touch it).
        conn.execute("DELETE FROM document_topics WHERE doc = ?1", [&id])?;
        let mut tag = conn
            .prepare_cached("INSERT OR IGNORE INTO document_topics (doc, topic) VALUES (?1, ?2)")?;
        for topic in &state.topics {
            tag.execute(params![id, topic])?;
        }
    }
    let participants_changed = touched
        .iter()
        .any(|t| matches!(t, Touched::Participant(_) | Touched::ParticipantRemoved(_)));
    if participants_changed {
        // Few rows; rewriting them all keeps `ord` dense.
        conn.execute("DELETE FROM participants WHERE doc = ?1", [&id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO participants (doc, id, ord, name, role, title, organization, aliases, person)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (ord, p) in state.participants.iter().enumerate() {
            insert.execute(params![
                id,
                p.id,
                ord as i64,
                p.name,
                p.role.as_str(),
                p.title,
                p.organization,
                to_json(&p.aliases),
                state.links.get(&p.id).map(|u| u.to_string()),
            ])?;
        }
    }
    for t in touched {
        let Touched::Recording(sha256) = t else {
            continue;
        };
        persist_recording(conn, &id, sha256, state.recordings.get(sha256))?;
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO blocks (doc, id, position, kind, body, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (doc, id) DO UPDATE SET position = excluded.position, kind = excluded.kind,
            body = excluded.body, deleted = excluded.deleted
         RETURNING rowid",
    )?;
    let mut unindex = conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?;
    for (done, t) in (0..).zip(touched) {
        indexing.at(done);
        let Touched::Block(bid) = t else { continue };
        let Some(placed) = state.blocks.get(bid) else {
            continue;
        };
        let rowid: i64 = upsert.query_row(
            params![
                id,
                bid,
                placed.position,
                kind_name(placed.block.kind()),
                to_json(&placed.block),
                placed.deleted
            ],
            |r| r.get(0),
        )?;
        unindex.execute([rowid])?;
        let text = placed.block.text();
        if !placed.deleted && !text.is_empty() {
            index_row(conn, rowid, &id, bid, &text)?;
        }
    }
    indexing.at(touched.len() as u64);
    Ok(())
}

/// Writes whether `doc` shares the recording `sha256` (see migration 12): its row when it
/// is shared or was unshared, none when no op ever named it.
fn persist_recording(
    conn: &Connection,
    doc: &str,
    sha256: &str,
    value: Option<&Option<SharedRecording>>,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM shared_recordings WHERE doc = ?1 AND sha256 = ?2")?
        .execute(params![doc, sha256])?;
    let Some(value) = value else {
        return Ok(());
    };
    // An unshared recording keeps only its hash: what it was is no longer the team's.
    let (shared, file_name, size, mime, duration) = match value {
        Some(r) => (
            true,
            r.file_name.as_str(),
            r.size as i64,
            r.mime.as_str(),
            r.duration,
        ),
        None => (false, "", 0, "", None),
    };
    conn.prepare_cached(
        "INSERT INTO shared_recordings (doc, sha256, shared, file_name, size, mime, duration)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc, sha256, shared, file_name, size, mime, duration
    ])?;
    Ok(())
}

/// Rebuilds `doc`'s rows from its ops in replay order. Ops that do not apply are skipped,
/// the same on every replica.
/// The state of `doc` from its whole log, with the merge registers.
pub(super) fn replay_state(conn: &Connection, doc: Uuid) -> Result<DocState, StoreError> {
    let mut state = DocState::empty(doc);
    for op in super::log::read(conn, Some(doc))? {
        state.replay(&op);
    }
    Ok(state)
}

/// Rewrites the derived rows of `doc` from a replay of its log, and returns that state.
pub(super) fn replay(conn: &Connection, doc: Uuid) -> Result<DocState, StoreError> {
    let id = doc.to_string();
    // Remove the old rows (and their search entries) first.
    conn.execute(
        "DELETE FROM search WHERE rowid IN (SELECT rowid FROM blocks WHERE doc = ?1)
            OR rowid = -(SELECT rowid FROM documents WHERE id = ?1)",
        [&id],
    )?;
    conn.execute("DELETE FROM documents WHERE id = ?1", [&id])?;
    let state = replay_state(conn, doc)?;
    if !state.exists {
        return Ok(state);
    }
    let mut touched: HashSet<Touched> = state.blocks.keys().cloned().map(Touched::Block).collect();
    touched.insert(Touched::Document);
    touched.extend(
        state
            .participants
            .iter()
            .map(|p| Touched::Participant(p.id.clone())),
    );
    if state.participants.is_empty() {
        touched.insert(Touched::ParticipantRemoved(String::new()));
    }
    touched.extend(state.recordings.keys().cloned().map(Touched::Recording));
    persist(conn, &state, &touched)?;
    Ok(state)
}
