//! The derived tables: reading a [`DocState`] from them and writing back what an op touched.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::StoreError;
use super::fold::fold;
use super::packed::{pack, unpack};
use crate::model::{Block, LabelForm, Participant, Role, count_text};
use crate::ops::{DocState, PlacedBlock, SharedRecording, Touched};
use crate::progress::{Progress, Reporter, Stage};

pub(super) fn json<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Model types hold only strings, numbers and bools.
    serde_json::to_string(value).unwrap_or_default()
}

/// One placed block as a document's stored body holds it (migration 17): its id, position,
/// whether it is deleted (tombstones are kept: [`DocState::blocks`] holds them), and the
/// block, as a four-item JSON array.
pub(super) type StoredBlock = (String, String, bool, Block);

/// Writes the stored body of `state`'s document: every placed block, tombstones too, in
/// (position, id) order, so readers of the live text need no sort, packed as one zstd frame.
/// Whole, on every change of a block: one value per document is the text once, compressed
/// (a JSON row per block, with its index entries, was a third of the library); packing a
/// 48 KB body takes about 0.3 ms.
fn write_body(
    conn: &Connection,
    state: &DocState,
    progress: &mut dyn FnMut(u64),
) -> Result<(), StoreError> {
    let mut placed: Vec<(&String, &PlacedBlock)> = state.blocks.iter().collect();
    placed.sort_by(|a, b| (&a.1.position, a.0).cmp(&(&b.1.position, b.0)));
    // Written block by block, so a long document's import shows it going.
    let mut json = Vec::with_capacity(placed.len() * 256);
    json.push(b'[');
    for (done, (id, p)) in (0..).zip(&placed) {
        if done > 0 {
            json.push(b',');
        }
        let row = (id.as_str(), p.position.as_str(), p.deleted, &p.block);
        serde_json::to_writer(&mut json, &row)
            .map_err(|e| StoreError::Invalid(format!("block {id} cannot be stored: {e}")))?;
        progress(done);
    }
    json.push(b']');
    conn.prepare_cached(
        "INSERT INTO document_bodies (doc, body) VALUES (?1, ?2)
         ON CONFLICT (doc) DO UPDATE SET body = excluded.body",
    )?
    .execute(params![state.id.to_string(), pack(&json)])?;
    Ok(())
}

/// Every placed block of document `doc` in (position, id) order, tombstones too, as
/// [`write_body`] stored them; none when it has no body (a document without blocks). A body
/// that does not unpack or decode is a [`StoreError::Corrupt`] naming the document.
pub(super) fn read_body(conn: &Connection, doc: &str) -> Result<Vec<StoredBlock>, StoreError> {
    read_body_as(conn, doc)
}

/// A document's stored body decoded as `T`s, one per placed block.
fn read_body_as<T: DeserializeOwned>(conn: &Connection, doc: &str) -> Result<Vec<T>, StoreError> {
    let frame: Option<Vec<u8>> = conn
        .prepare_cached("SELECT body FROM document_bodies WHERE doc = ?1")?
        .query_row([doc], |r| r.get(0))
        .optional()?;
    let Some(frame) = frame else {
        return Ok(Vec::new());
    };
    let damaged = |e: &dyn std::fmt::Display| {
        StoreError::Corrupt(format!(
            "the stored body of document {doc} cannot be read ({e}); it is derived from the document's history, which is kept apart; keep a copy of the library file"
        ))
    };
    let bytes = unpack(&frame).map_err(|e| damaged(&e))?;
    serde_json::from_slice(&bytes).map_err(|e| damaged(&e))
}

/// The searchable text of one stored block, decoded without the rest of it: the fields
/// [`Block::text`] joins. Blocks are tagged by a field inside them, and decoding one whole
/// buffers it first; search reads the text of every candidate it checks.
#[derive(serde::Deserialize)]
struct BlockText {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    paragraphs: Vec<String>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    credit: Option<String>,
    #[serde(default)]
    alt: Option<String>,
}

impl BlockText {
    /// As [`Block::text`] gives it: a paragraph's or heading's text, a turn's paragraphs,
    /// an image's caption, credit and alt text, each joined by newlines.
    fn joined(self) -> String {
        if let Some(text) = self.text {
            return text;
        }
        if !self.paragraphs.is_empty() {
            return self.paragraphs.join("\n");
        }
        [self.caption, self.credit, self.alt]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The texts of the live blocks of document `doc`, in reading order, as [`Block::text`]
/// gives them: what search checks and cuts snippets from.
pub(super) fn live_texts(conn: &Connection, doc: &str) -> Result<Vec<String>, StoreError> {
    Ok(read_body_as::<(
        serde::de::IgnoredAny,
        serde::de::IgnoredAny,
        bool,
        BlockText,
    )>(conn, doc)?
    .into_iter()
    .filter(|(_, _, deleted, _)| !deleted)
    .map(|(_, _, _, block)| block.joined())
    .collect())
}

/// The live blocks of document `doc` (tombstones left out) with their ids, in reading order:
/// [`read_body`] for readers of the text (search, a person's turns, the quote finder).
pub(super) fn live_blocks(
    conn: &Connection,
    doc: &str,
) -> Result<Vec<(String, Block)>, StoreError> {
    Ok(read_body(conn, doc)?
        .into_iter()
        .filter(|(_, _, deleted, _)| !deleted)
        .map(|(id, _, _, block)| (id, block))
        .collect())
}

/// The `presentation` column: how the source presented its speakers.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Presentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guest_heading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker_labels: Option<LabelForm>,
}

impl Presentation {
    /// `None` (the column NULL) when the document has neither.
    fn of(state: &DocState) -> Option<Presentation> {
        (state.guest_heading.is_some() || state.speaker_labels.is_some()).then(|| Presentation {
            guest_heading: state.guest_heading.clone(),
            speaker_labels: state.speaker_labels,
        })
    }
}

/// The stored state of `doc`, or `None` if the library has no such document.
pub(super) fn load(conn: &Connection, doc: Uuid) -> Result<Option<DocState>, StoreError> {
    let id = doc.to_string();
    let row = conn
        .query_row(
            "SELECT title, subtitle, column_name, language, topics, credits, created_ms, updated_ms, deleted,
                    presentation
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
                    r.get::<_, Option<String>>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((
        title,
        subtitle,
        column,
        language,
        topics,
        credits,
        created,
        updated,
        deleted,
        shown,
    )) = row
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
    if let Some(shown) = shown {
        let shown: Presentation = json(&shown)?;
        state.guest_heading = shown.guest_heading;
        state.speaker_labels = shown.speaker_labels;
    }
    state.created_ms = created as u64;
    state.updated_ms = updated as u64;

    let (participants, links) = read_participants(conn, &id)?;
    state.participants = participants;
    state.links = links;

    let mut blocks = HashMap::new();
    for (bid, position, deleted, block) in read_body(conn, &id)? {
        blocks.insert(
            bid,
            PlacedBlock {
                position,
                deleted,
                block,
                origin: None,
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

/// A document's participants in order, and the ids of those linked to a person.
pub(super) type ParticipantsAndLinked = (Vec<Participant>, HashSet<String>);

/// The participants of `doc` in order and which are linked to a person, or `None` if the
/// library has no such document.
pub(super) fn participants(
    conn: &Connection,
    doc: Uuid,
) -> Result<Option<ParticipantsAndLinked>, StoreError> {
    let id = doc.to_string();
    let exists = conn
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .exists([&id])?;
    if !exists {
        return Ok(None);
    }
    let (participants, links) = read_participants(conn, &id)?;
    Ok(Some((participants, links.into_keys().collect())))
}

/// The participant rows of document `id` in order, and each linked one's person.
fn read_participants(
    conn: &Connection,
    id: &str,
) -> Result<(Vec<Participant>, HashMap<String, Uuid>), StoreError> {
    let mut participants = Vec::new();
    let mut links = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, title, organization, aliases, person FROM participants WHERE doc = ?1 ORDER BY ord",
    )?;
    let rows = stmt.query_map([id], |r| {
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
            links.insert(pid.clone(), person);
        }
        participants.push(Participant {
            id: pid,
            name,
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role}")))?,
            title,
            organization,
            aliases: json(&aliases)?,
        });
    }
    Ok((participants, links))
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

/// What every indexed text ends with, and what separates the texts of one document in its
/// search row: two characters no term holds (terms are split at white space), so that no
/// match spans two texts and each character of a text, the last ones too, starts a trigram
/// (a term of one or two characters is found through the index).
pub(super) const INDEX_END: &str = "\n\n";

/// The texts of a document that search matches, in reading order: its own text (title,
/// column, people, credits; see [`document_search_text`]) and each live block's text that
/// is not empty. [`document_texts`] reads the same list back from the tables.
fn state_texts(state: &DocState) -> Vec<String> {
    let mut texts = vec![document_search_text(state)];
    texts.extend(
        state
            .ordered()
            .iter()
            .map(|b| b.block.text())
            .filter(|t| !t.is_empty()),
    );
    texts
}

/// A document as search checks it: its title, when it was created, and its texts.
pub(super) struct DocumentTexts {
    /// The title.
    pub title: String,
    /// Wall time of the creating op, in ms.
    pub created_ms: i64,
    /// The texts, as [`state_texts`] lists them.
    pub texts: Vec<String>,
}

/// The texts of document `doc` as [`state_texts`] lists them, from the tables, with its
/// title and creation time (one read of its row): for checking a search's candidates and
/// cutting their snippets. `None` if the document is gone.
pub(super) fn document_texts(
    conn: &Connection,
    doc: &str,
) -> Result<Option<DocumentTexts>, StoreError> {
    let Some((title, created_ms, own)) = conn
        .prepare_cached(&format!(
            "SELECT d.title, d.created_ms, {DOCUMENT_ROW_TEXT} FROM documents d WHERE d.id = ?1"
        ))?
        .query_row([doc], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut texts = vec![own];
    // One read and one unpack; the body is stored in (position, id) order.
    texts.extend(live_texts(conn, doc)?.into_iter().filter(|t| !t.is_empty()));
    Ok(Some(DocumentTexts {
        title,
        created_ms,
        texts,
    }))
}

/// The search index's row for a document indexed for the first time: the next after every
/// row, so rows are in the order documents came into this library (newest last) and search
/// reads the newest matches first and stops at a page. Dense: FTS5 stores each row id as a
/// delta from the previous one, and ids spread over a clock made every entry four times
/// larger and a bulk import slower with every thousand documents. An edit rewrites a row in
/// place (same id).
fn search_row(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(row), 0) + 1 FROM indexed_docs")?
        .query_row([], |r| r.get(0))?)
}

/// A fingerprint of an indexed text, so that a change that leaves it as it was (a person
/// linked, a topic added) does not write the row again. Local to this library.
fn fingerprint(text: &str) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish() as i64
}

/// What the index is given of a document's folded `text`: each piece between white space
/// once, in the order of first appearance, each followed by a newline, and [`INDEX_END`].
///
/// The index keeps no positions (`detail = none`): a row holds which trigrams occur in
/// the document, not where or how often, so a piece seen before adds nothing to the row
/// but the work of reading it (most of an import's time in the index was spent on words
/// like `the` and `我们` again and again). It stays exact because no term holds white space
/// ([`super::search`] splits queries at it): every occurrence of a term lies inside one
/// piece, with its trigrams, and is followed by at least two characters, so a term of one
/// or two characters still starts a trigram. The trigrams that span two pieces hold a
/// newline, which no term does.
pub(super) fn index_text(text: &str) -> String {
    let mut seen = HashSet::new();
    let mut out = String::with_capacity(text.len() / 2);
    for piece in text.split_whitespace() {
        if seen.insert(piece) {
            out.push_str(piece);
            out.push('\n');
        }
    }
    out.push_str(INDEX_END);
    out
}

/// Writes the search row of `state`'s document when its text changed: one row per document
/// not in the trash, holding its [texts](state_texts) [folded](fold) for matching, joined
/// by [`INDEX_END`]. The index keeps no copy of the text (it is contentless): matches are
/// checked against the tables, for the page of hits shown.
pub(super) fn index_document(conn: &Connection, state: &DocState) -> Result<(), StoreError> {
    let id = state.id.to_string();
    if !state.exists || state.deleted {
        return unindex_document(conn, &id);
    }
    let mut text = String::new();
    for t in state_texts(state) {
        text.push_str(&fold(&t));
        text.push_str(INDEX_END);
    }
    let print = fingerprint(&text);
    let text = index_text(&text);
    let known: Option<(i64, i64)> = conn
        .prepare_cached("SELECT row, fingerprint FROM indexed_docs WHERE doc = ?1")?
        .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let row = match known {
        Some((_, old)) if old == print => return Ok(()),
        Some((row, _)) => {
            // The row indexed before this transaction goes now; one already pending is
            // simply replaced below.
            if !is_pending(conn, row)? {
                conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                    .execute([row])?;
            }
            conn.prepare_cached("UPDATE indexed_docs SET fingerprint = ?2 WHERE row = ?1")?
                .execute(params![row, print])?;
            row
        }
        None => {
            let row = search_row(conn)?;
            conn.prepare_cached(
                "INSERT INTO indexed_docs (row, doc, fingerprint) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![row, id, print])?;
            row
        }
    };
    conn.prepare_cached("INSERT OR REPLACE INTO search_pending (row, text) VALUES (?1, ?2)")?
        .execute(params![row, text])?;
    Ok(())
}

/// Whether the search row `row` is waiting in `search_pending` for the end of the
/// transaction.
fn is_pending(conn: &Connection, row: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM search_pending WHERE row = ?1")?
        .query_row([row], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Writes the search rows indexed in this transaction into the index, in the order of their
/// row ids, and empties `search_pending`; every transaction that may index a document calls
/// it before it commits ([`super::commit`]).
///
/// Why rows wait: FTS5 buffers new entries in memory and writes them out as a segment (to
/// be merged later) whenever the buffer fills, a row id comes out of order, or *any*
/// statement of the transaction opens a statement journal, as deleting a document's
/// participants does. Written as each document was stored, a bulk import or a first sync
/// wrote a segment per document and spent half its time merging them; written here, in
/// order and with nothing in between, the buffer fills before it is written.
pub(super) fn flush_search(conn: &Connection) -> Result<(), StoreError> {
    let pending: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM search_pending")?
        .query_row([], |r| r.get(0))?;
    if pending == 0 {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO search (rowid, text) SELECT row, text FROM search_pending ORDER BY row",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM search_pending")?
        .execute([])?;
    Ok(())
}

/// Removes document `doc`'s search row, if it has one.
fn unindex_document(conn: &Connection, doc: &str) -> Result<(), StoreError> {
    let row: Option<i64> = conn
        .prepare_cached("DELETE FROM indexed_docs WHERE doc = ?1 RETURNING row")?
        .query_row([doc], |r| r.get(0))
        .optional()?;
    if let Some(row) = row {
        // Pending: the index lost the row already (or never had it).
        let pending = conn
            .prepare_cached("DELETE FROM search_pending WHERE row = ?1")?
            .execute([row])?;
        if pending == 0 {
            conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                .execute([row])?;
        }
    }
    Ok(())
}

/// Rebuilds the whole search index from the tables. Libraries made before folded search
/// (or before this index layout) get it once at open.
pub(super) fn reindex_search(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("INSERT INTO search (search) VALUES ('delete-all')", [])?;
    conn.execute("DELETE FROM indexed_docs", [])?;
    let docs: Vec<String> = conn
        .prepare("SELECT id FROM documents WHERE deleted = 0 ORDER BY created_ms, id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for doc in docs {
        let id = Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if let Some(state) = load(conn, id)? {
            index_document(conn, &state)?;
        }
    }
    Ok(())
}

/// Writes every document's body from a replay of its log. Libraries made before bodies were
/// packed per document (migration 17) get it once at open.
pub(super) fn fill_bodies(conn: &Connection) -> Result<(), StoreError> {
    let docs: Vec<String> = conn
        .prepare("SELECT id FROM documents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for doc in docs {
        let id = Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let state = replay_state(conn, id)?;
        if !state.blocks.is_empty() {
            write_body(conn, &state, &mut |_| {})?;
        }
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
    // Counted again only when a block changed (linking an import's people writes the
    // document row too); otherwise the stored count stays.
    let blocks_changed = touched.iter().any(|t| matches!(t, Touched::Block(_)));
    let words: Option<i64> = blocks_changed.then(|| {
        state
            .ordered()
            .iter()
            .map(|b| count_text(&b.block.text()).words as i64)
            .sum()
    });
    conn.execute(
        "INSERT INTO documents (id, title, subtitle, column_name, language, topics, credits, created_ms, updated_ms, deleted, words, names, presentation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, COALESCE(?11, 0), ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle,
            column_name = excluded.column_name, language = excluded.language, topics = excluded.topics,
            credits = excluded.credits, created_ms = excluded.created_ms, updated_ms = excluded.updated_ms,
            deleted = excluded.deleted, words = COALESCE(?11, documents.words), names = excluded.names,
            presentation = excluded.presentation",
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
            words,
            to_json(&state.participants.iter().map(|p| &p.name).collect::<Vec<_>>()),
            Presentation::of(state).map(|p| to_json(&p)),
        ],
    )?;
    if touched.contains(&Touched::Document) {
        // Topics change only with the document row (AddTopic and RemoveTopic touch it).
        conn.execute("DELETE FROM document_topics WHERE doc = ?1", [&id])?;
        let mut tag = conn
            .prepare_cached("INSERT OR IGNORE INTO document_topics (doc, topic) VALUES (?1, ?2)")?;
        for topic in &state.topics {
            tag.execute(params![id, topic])?;
        }
    }
    let participants_changed = touched.iter().any(|t| {
        matches!(
            t,
            Touched::Participant(_) | Touched::ParticipantRemoved(_) | Touched::Link(_)
        )
    });
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
    if blocks_changed {
        // The document's body is written anew, whole (see `write_body`).
        write_body(conn, state, &mut |done| indexing.at(done))?;
    }
    if touched.iter().any(Touched::changes_text) {
        // One search row per document, written anew: a row per block cost a copy of the
        // text and an index entry per block, and a search had to gather and sort the rows
        // of every matching document before its first page.
        index_document(conn, state)?;
    }
    indexing.at(touched.len() as u64);
    Ok(())
}

/// Writes whether `doc` shares the recording `sha256` (see migration 15): its row when it
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
    // Remove the old rows first; the search row is rewritten in place (or removed) below.
    conn.execute("DELETE FROM documents WHERE id = ?1", [&id])?;
    let state = replay_state(conn, doc)?;
    if !state.exists {
        unindex_document(conn, &id)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_text;
    use crate::ops::OpKind;
    use crate::store::Library;
    use proptest::prelude::*;

    /// The trigrams the index's tokenizer makes of `text`.
    fn trigrams(text: &str) -> HashSet<String> {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(3).map(|w| w.iter().collect()).collect()
    }

    fn check(text: &str, expected: &str) {
        assert_eq!(index_text(text), expected, "{text:?}");
    }

    #[test]
    fn the_index_is_given_each_piece_once() {
        check("", "\n\n");
        check("the cat the dog\n\n", "the\ncat\ndog\n\n\n");
        check("我们 社区 我们\n\n我们", "我们\n社区\n\n\n");
        check("a\u{3000}b a", "a\nb\n\n\n");
    }

    proptest! {
        /// Whatever the text, a term without white space is found through the pieces as
        /// through the whole: its trigrams are all there (three or more characters), or a
        /// trigram starts with it (one or two), exactly when the text holds it.
        #[test]
        fn pieces_find_every_term_the_whole_text_finds(
            words in proptest::collection::vec("[ab我们 ]{0,6}", 0..12),
            term in "[ab我们]{1,4}",
        ) {
            let text = format!("{}{INDEX_END}", words.join(" "));
            let indexed = index_text(&text);
            let grams = trigrams(&indexed);
            let held = text.contains(term.as_str());
            let found = if term.chars().count() >= 3 {
                trigrams(&term).is_subset(&grams)
            } else {
                grams.iter().any(|g| g.starts_with(term.as_str()))
            };
            if held {
                prop_assert!(found, "{text:?} holds {term:?}, not found in {indexed:?}");
            }
            // A candidate the index gives that does not hold the term is dropped by the
            // check against the text; short terms give none.
            if term.chars().count() < 3 && found {
                prop_assert!(held, "{term:?} found in {indexed:?}, not in {text:?}");
            }
        }
    }

    /// The stored body keeps every placed block, tombstones too, with its position: what
    /// `load` reads is the replay's blocks (less the merge registers' origins).
    #[test]
    fn the_stored_body_holds_every_placed_block_with_tombstones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(&dir.path().join("library.sqlite")).expect("open");
        let text = "主持人：各位好。\n\n嘉宾甲：谢谢。\n\n嘉宾乙：我补充一点。\n\n主持人：好的。";
        let doc = parse_text(text, None).expect("parse").document;
        lib.create_document(&doc).expect("import");
        let gone = doc.blocks[1].id().to_owned();
        lib.apply(
            doc.id,
            vec![OpKind::DeleteBlock {
                block: gone.clone(),
            }],
        )
        .expect("delete");
        let stored = load(&lib.conn, doc.id).expect("load").expect("stored");
        let mut replayed = replay_state(&lib.conn, doc.id).expect("replay");
        for placed in replayed.blocks.values_mut() {
            placed.origin = None;
        }
        assert_eq!(stored.blocks, replayed.blocks);
        assert!(stored.blocks[&gone].deleted);
        let body = read_body(&lib.conn, &doc.id.to_string()).expect("body");
        let order: Vec<(&str, &str)> = body
            .iter()
            .map(|(id, position, _, _)| (position.as_str(), id.as_str()))
            .collect();
        assert!(order.is_sorted(), "in (position, id) order: {order:?}");
    }
}
