//! The library: one SQLite file holding the op log and the state derived from it.
//!
//! The only way to change a document is [`Library::apply`] (or [`Library::create_document`],
//! which is `apply` of the ops that build it); the derived tables are rewritten from the
//! op's effect in the same transaction, so the file is never half-written.

mod assets;
mod conflicts;
mod edited_copy;
pub(crate) mod fold;
mod history;
mod list;
mod log;
mod media;
mod migrations;
mod packed;
mod people;
mod projection;
mod quotes;
mod search;
mod state_cache;
mod sync_files;
mod trash;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

pub use assets::{AssetError, ImageType, MAX_ASSET_BYTES};
pub use edited_copy::{base_of_json, json_with_base};
pub use history::{Base, BatchKind, DocumentView, HistoryEntry, SaveOutcome, Saved, UndoState};
pub use list::{ListOrder, ListPage, ListQuery, TopicCount};
pub use media::{MediaError, MediaRef, RecordingFile, read_recording};
pub use migrations::{SCHEMA_VERSION, migrate};
pub use people::{
    Appearance, LinkOutcome, LinkReport, MergeSuggestion, ParticipantLink, PersonConflict,
    PersonDetail, PersonSummary, Suggestion,
};
pub use quotes::{AttributedQuote, QuoteHit};
pub use search::{SearchHit, SnippetPart, bracketed};
pub use sync_files::VerifiedFile;

use crate::model::Document;
use crate::ops::{ApplyError, DocState, Hlc, Op, OpId, OpKind, Touched, ops_for_document};
use crate::progress::{Progress, Reporter, Stage};
use state_cache::StateCache;

/// Why the library could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or created.
    #[error("cannot open library {path}: {source}")]
    Open {
        /// The library file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The folder for the library could not be created.
    #[error("cannot create folder {path}: {source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The library was written by a newer Roundtable.
    #[error(
        "this library was written by a newer Roundtable (schema {found}; this build knows up to {supported}); update Roundtable to open it"
    )]
    NewerLibrary {
        /// The file's schema version.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
    /// The file's header gives a schema number no Roundtable ever wrote: the header is
    /// damaged, not newer.
    #[error(
        "this library file is damaged: its header gives schema {found}, which no Roundtable wrote; keep a copy of the file, then restore a backup or export what can still be read with `roundtable export --all`"
    )]
    DamagedHeader {
        /// The number found where the schema version should be.
        found: u32,
    },
    /// A migration failed; the library is left as it was.
    #[error("upgrading the library to schema {to} failed (nothing was changed): {source}")]
    Migration {
        /// The version it was migrating to.
        to: u32,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// No document with this id (or id prefix).
    #[error("no document {0} in this library")]
    NotFound(String),
    /// An id prefix matches several documents.
    #[error("id prefix {prefix} matches {count} documents; give more characters")]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// How many documents it matches.
        count: usize,
    },
    /// An op of an edit does not apply; the whole edit was refused.
    #[error("edit refused: {0}")]
    Rejected(#[from] ApplyError),
    /// A row could not be decoded (the file was changed by something else).
    #[error("library data is damaged: {0}")]
    Corrupt(String),
    /// A new op's id is already in the log: something else wrote under this library's
    /// device id. Nothing of the edit was written.
    #[error(
        "op {device}:{counter} is already in the library (another copy of this library wrote under its device id); nothing was saved, try again"
    )]
    OpIdTaken {
        /// The device id.
        device: String,
        /// The counter.
        counter: u64,
    },
    /// A setting was given a value it cannot take; the message says which and why.
    #[error("{0}")]
    Invalid(String),
    /// Any other SQLite failure.
    #[error("library error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// One line of the library list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentSummary {
    /// Document id.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The column or series.
    pub column: Option<String>,
    /// Language tag.
    pub language: String,
    /// Document topics.
    pub topics: Vec<String>,
    /// Participant names, in document order.
    pub participants: Vec<String>,
    /// CJK-aware word count of the body.
    #[ts(type = "number")]
    pub word_count: u64,
    /// Last edit, ms since the Unix epoch.
    #[ts(type = "number")]
    pub updated_ms: u64,
    /// Ops this document builds on that have not arrived (a sync still under way): when
    /// not 0, the document is incomplete and may lack edits (see [`Library::missing_ops`]).
    #[ts(type = "number")]
    pub missing_ops: u64,
}

/// Where the library lives when nobody says otherwise: the platform data folder
/// (`~/.local/share/roundtable/library.sqlite` on Linux).
pub fn default_library_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roundtable")
        .map(|d| d.data_dir().join("library.sqlite"))
}

/// Where the library is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LibraryInfo {
    /// The library file.
    pub path: String,
    /// Documents not in the trash.
    pub documents: u32,
    /// Documents in the trash.
    pub trashed: u32,
    /// This library's device id.
    pub device: String,
}

/// A Roundtable library file.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    device: String,
    /// Replayed states (with merge registers) of the documents used last, tagged with the
    /// log version they were built from.
    cache: RefCell<StateCache>,
    /// The title sort-key functions registered on `conn` (one per language asked for).
    title_keys: RefCell<HashSet<String>>,
}

impl StoreError {
    /// Whether this error suggests the file is damaged (SQLite found a corrupt page or not
    /// a database, a row did not decode, the header is impossible): worth a
    /// [`Library::quick_check`] to tell the user how bad it is.
    pub fn suggests_damage(&self) -> bool {
        let sqlite = |e: &rusqlite::Error| {
            e.sqlite_error_code().is_some_and(|c| {
                matches!(
                    c,
                    rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
                )
            })
        };
        match self {
            StoreError::Corrupt(_) | StoreError::DamagedHeader { .. } => true,
            StoreError::Sqlite(e) | StoreError::Open { source: e, .. } => sqlite(e),
            StoreError::Migration { source, .. } => sqlite(source),
            _ => false,
        }
    }
}

/// The SHA-256 of a file's bytes, hex: what [`Library::create_imported`] remembers a file by.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How far ahead of our wall clock a peer's clock is followed (10 minutes).
pub const MAX_SKEW_MS: u64 = 10 * 60 * 1000;

impl Library {
    /// Opens (creating if needed) the library at `path`, migrating it to this build's schema.
    pub fn open(path: &Path) -> Result<Library, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
        }
        let open_err = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // Not a database at all shows up here, on the first read.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        // 64 MB of page cache: receiving a large sync keeps the log's indexes in memory.
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(open_err)?;
        // Fold the WAL into the main file when it passes 64 MB, or when `checkpoint` is
        // called after a sync pass, rather than every 4 MB in the middle of receiving one.
        conn.pragma_update(None, "wal_autocheckpoint", 16384)
            .map_err(open_err)?;
        // Search rows written in a transaction wait here until it commits (see
        // `projection::flush_search`). A temporary table: this connection's own, and rolled
        // back with the transaction that wrote it.
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS search_pending (
                 row  INTEGER PRIMARY KEY,
                 text TEXT NOT NULL
             )",
        )
        .map_err(open_err)?;
        migrate(&mut conn)?;
        // Libraries from before bodies were packed per document (migration 17 dropped the
        // `blocks` rows): each document's body is replayed from its log. Before the search
        // index is refilled, which reads the bodies.
        once(&mut conn, "bodies_packed", projection::fill_bodies)?;
        // Libraries from before search folded width, punctuation and script (migration 8
        // emptied their index), or before people, columns and credits were searchable.
        once(&mut conn, "search_folded", projection::reindex_search)?;
        let device = match meta_get(&conn, "device")? {
            Some(d) => d,
            None => {
                let d = Uuid::new_v4().simple().to_string();
                conn.execute(
                    "INSERT OR IGNORE INTO library_meta (key, value) VALUES ('device', ?1)",
                    [&d],
                )?;
                meta_get(&conn, "device")?.unwrap_or(d)
            }
        };
        let mut lib = Library {
            conn,
            path: path.to_owned(),
            device,
            cache: RefCell::new(StateCache::default()),
            title_keys: RefCell::new(HashSet::new()),
        };
        lib.notice_copy()?;
        Ok(lib)
    }

    /// A library file copied elsewhere (a backup restored, a copy given to a colleague)
    /// must not go on writing ops under the original's device id: the two would make
    /// different ops with the same ids. The file's identity (device and inode) is recorded;
    /// when it changes, this library takes a new device id before it writes anything.
    fn notice_copy(&mut self) -> Result<(), StoreError> {
        let Some(identity) = file_identity(&self.path) else {
            return Ok(());
        };
        match meta_get(&self.conn, "file_identity")? {
            Some(known) if known == identity => {}
            Some(_) => {
                self.new_device_id()?;
                meta_set(&self.conn, "file_identity", &identity)?;
            }
            None => meta_set(&self.conn, "file_identity", &identity)?,
        }
        Ok(())
    }

    /// The image base URL exports use when none is given (see
    /// [`crate::export::ExportOptions::image_base_url`]): where this newsroom uploads pictures.
    pub fn image_base_url(&self) -> Result<Option<String>, StoreError> {
        Ok(meta_get(&self.conn, "image_base_url")?.filter(|u| !u.is_empty()))
    }

    /// Sets (or with `None` clears) the image base URL. Only `http://` and `https://` URLs
    /// are accepted: a web editor fetches nothing else.
    pub fn set_image_base_url(&mut self, url: Option<&str>) -> Result<(), StoreError> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return Err(StoreError::Invalid(format!(
                "the image base URL must start with https:// or http:// (a web editor fetches pictures only from there), not {u:?}"
            )));
        }
        meta_set(&self.conn, "image_base_url", url.unwrap_or(""))
    }

    /// The library file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This library's device id: the author of every op it makes.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Stores a new document (as the ops that build it) and returns its id.
    pub fn create_document(&mut self, doc: &Document) -> Result<Uuid, StoreError> {
        self.create_document_reporting(doc, &mut |_| {})
    }

    /// Stores a new document like [`Library::create_document`], reporting as it goes: the ops
    /// appended to the log ([`Stage::Storing`]), then the rows and search entries written
    /// ([`Stage::Indexing`]). Nothing is visible to other readers before the end.
    pub fn create_document_reporting(
        &mut self,
        doc: &Document,
        report: &mut dyn FnMut(Progress),
    ) -> Result<Uuid, StoreError> {
        self.create_with(doc, None, report)
    }

    /// Stores a document imported from a file whose bytes hash to `sha256` (see
    /// [`content_hash`]), remembering the file in the same transaction: a later
    /// [`Library::imported_as`] of the same content finds this document.
    pub fn create_imported(
        &mut self,
        doc: &Document,
        sha256: &str,
        report: &mut dyn FnMut(Progress),
    ) -> Result<Uuid, StoreError> {
        self.create_with(doc, Some(sha256), report)
    }

    /// Stores many imported documents (each with the [`content_hash`] of its file) in one
    /// transaction, each its own import batch as [`Library::create_imported`] makes it, and
    /// links their people as [`Library::link_participants`] does: all or nothing. A bulk
    /// import commits a few hundred documents at a time instead of one: each commit flushes
    /// the search index's pending terms as a new segment that later merges rewrite, so one
    /// commit per document cost more than the documents themselves. Linking here, with the
    /// state the import just built, spares a replay of each document's log.
    pub fn create_imported_many(
        &mut self,
        docs: &[(&Document, &str)],
    ) -> Result<Vec<LinkReport>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut reports = Vec::with_capacity(docs.len());
        for (doc, sha256) in docs {
            let (_, _, state) = write_batch(
                &tx,
                &self.cache,
                &self.device,
                BatchWrite {
                    doc: doc.id,
                    kinds: ops_for_document(doc),
                    kind: BatchKind::Import,
                    label: "",
                    target: None,
                    from: None,
                    imported_file: Some(sha256),
                    current: None,
                },
                &mut |_| {},
            )?;
            let participants = state.participants.clone();
            let linked: HashSet<String> = state.links.keys().cloned().collect();
            // The states are not kept: a bulk import opens none of these documents next.
            let (report, _) = people::link_document(
                &tx,
                &self.cache,
                &self.device,
                doc.id,
                &participants,
                &linked,
                Some(state),
            )?;
            reports.push(report);
        }
        commit(tx)?;
        Ok(reports)
    }

    /// One import batch creating `doc`, remembering the file's hash when there is one.
    fn create_with(
        &mut self,
        doc: &Document,
        sha256: Option<&str>,
        report: &mut dyn FnMut(Progress),
    ) -> Result<Uuid, StoreError> {
        self.apply_batch_reporting(
            doc.id,
            ops_for_document(doc),
            BatchKind::Import,
            "",
            None,
            None,
            sha256,
            report,
        )?;
        Ok(doc.id)
    }

    /// The document a file with this content (its [`content_hash`]) was imported as, if it
    /// is still in the library and not in the trash.
    pub fn imported_as(&self, sha256: &str) -> Result<Option<Uuid>, StoreError> {
        let doc: Option<String> = self
            .conn
            .query_row(
                "SELECT f.doc FROM imported_files f JOIN documents d ON d.id = f.doc
                 WHERE f.sha256 = ?1 AND d.deleted = 0",
                [sha256],
                |r| r.get(0),
            )
            .optional()?;
        doc.map(|d| Uuid::parse_str(&d).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    /// Appends `kinds` to the log as one batch (one user action) and updates the document.
    /// All or nothing: if one op does not apply, nothing is written.
    pub fn apply(&mut self, doc: Uuid, kinds: Vec<OpKind>) -> Result<Vec<OpId>, StoreError> {
        // A batch takes this device's next counters, one per op: no need to read them back.
        let first = self.counter()? + 1;
        if self
            .apply_batch(doc, kinds, BatchKind::Edit, "", None)?
            .is_none()
        {
            return Ok(Vec::new());
        }
        Ok((first..=self.counter()?)
            .map(|counter| OpId {
                device: self.device.clone(),
                counter,
            })
            .collect())
    }

    /// Appends `kinds` as one batch of the given kind and label; returns the batch number.
    /// An empty edit writes nothing and returns `None`; an empty undo or redo is still
    /// recorded, so the undo stack moves on.
    pub fn apply_batch(
        &mut self,
        doc: Uuid,
        kinds: Vec<OpKind>,
        kind: BatchKind,
        label: &str,
        target: Option<u64>,
    ) -> Result<Option<u64>, StoreError> {
        self.apply_batch_reporting(doc, kinds, kind, label, target, None, None, &mut |_| {})
    }

    /// Appends `kinds` as one batch. With `from` (the version an edited copy was made
    /// from), each op supersedes what `from` held and must make sense there; it then lands
    /// on the current state as an op from elsewhere would, so edits made since `from` stay.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn apply_batch_reporting(
        &mut self,
        doc: Uuid,
        kinds: Vec<OpKind>,
        kind: BatchKind,
        label: &str,
        target: Option<u64>,
        from: Option<DocState>,
        imported_file: Option<&str>,
        report: &mut dyn FnMut(Progress),
    ) -> Result<Option<u64>, StoreError> {
        if kinds.is_empty() && !matches!(kind, BatchKind::Undo | BatchKind::Redo) {
            return Ok(None);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let written = write_batch(
            &tx,
            &self.cache,
            &self.device,
            BatchWrite {
                doc,
                kinds,
                kind,
                label,
                target,
                from,
                imported_file,
                current: None,
            },
            report,
        )?;
        commit(tx)?;
        let (batch, version, state) = written;
        self.cache.borrow_mut().insert(doc, version, state);
        Ok(Some(batch))
    }

    /// SQLite's `PRAGMA quick_check`: an empty list when the file is sound, else the first
    /// problems found (at most 20), as SQLite words them.
    pub fn quick_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check(20)")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if rows == ["ok"] { Vec::new() } else { rows })
    }

    /// The document with this id, as its ops leave it (read from the derived tables).
    pub fn document(&self, id: Uuid) -> Result<Document, StoreError> {
        Ok(projection::load(&self.conn, id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?
            .to_document())
    }

    /// The full state of a document: tombstones, positions and merge registers.
    pub fn state(&self, id: Uuid) -> Result<DocState, StoreError> {
        let state = cached_state(&self.cache, &self.conn, id)?;
        if state.exists {
            Ok(state)
        } else {
            Err(StoreError::NotFound(id.to_string()))
        }
    }

    /// The id of the one document whose id starts with `prefix` (at least 4 characters).
    pub fn resolve(&self, prefix: &str) -> Result<Uuid, StoreError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if let Ok(id) = Uuid::parse_str(&prefix) {
            return self.state(id).map(|_| id);
        }
        let not_found = || StoreError::NotFound(prefix.clone());
        if prefix.len() < 4 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map([&prefix], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [one] => Uuid::parse_str(one).map_err(|e| StoreError::Corrupt(e.to_string())),
            [] => Err(not_found()),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT COUNT(*) FROM documents WHERE id >= ?1 AND id < ?1 || 'g'",
                    [&prefix],
                    |r| r.get(0),
                )?;
                let count = usize::try_from(count).unwrap_or(0);
                Err(StoreError::Ambiguous { prefix, count })
            }
        }
    }

    /// How many ops `doc` builds on have not arrived here yet: a document received only
    /// partly (a sync interrupted, or a sync tool still copying) shows and exports without
    /// some edits until they do. 0 for a whole document.
    pub fn missing_ops(&self, doc: Uuid) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT missing_ops FROM documents WHERE id = ?1",
                [doc.to_string()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .unwrap_or(0) as u64)
    }

    /// Documents not in the trash, most recently edited first.
    pub fn list(&self) -> Result<Vec<DocumentSummary>, StoreError> {
        Ok(self.list_page(&ListQuery::default())?.documents)
    }

    /// Documents in the trash, most recently deleted first.
    pub fn list_trash(&self) -> Result<Vec<DocumentSummary>, StoreError> {
        let query = ListQuery {
            trashed: true,
            ..ListQuery::default()
        };
        Ok(self.list_page(&query)?.documents)
    }

    /// One page of the library list (or of the trash), filtered and ordered as `query` says,
    /// with the number of documents on all pages.
    pub fn list_page(&self, query: &ListQuery) -> Result<ListPage, StoreError> {
        list::page(&self.conn, &self.title_keys, query)
    }

    /// Every topic of the documents in the library (or in the trash), the most used first.
    pub fn topics(&self, trashed: bool) -> Result<Vec<TopicCount>, StoreError> {
        list::topics(&self.conn, trashed)
    }

    /// Where the library is and what it holds.
    pub fn info(&self) -> Result<LibraryInfo, StoreError> {
        let (documents, trashed) = self.conn.query_row(
            "SELECT COUNT(*) FILTER (WHERE deleted = 0), COUNT(*) FILTER (WHERE deleted != 0) FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(LibraryInfo {
            path: self.path.display().to_string(),
            documents,
            trashed,
            device: self.device.clone(),
        })
    }

    /// Full-text search over titles, narration, turns and captions; see [`search`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        search::search(&self.conn, query, limit)
    }

    /// Every op of one document, in replay order.
    pub fn ops(&self, doc: Uuid) -> Result<Vec<Op>, StoreError> {
        self.read_ops(Some(doc))
    }

    /// Every op in the library, in replay order.
    pub fn all_ops(&self) -> Result<Vec<Op>, StoreError> {
        self.read_ops(None)
    }

    fn read_ops(&self, doc: Option<Uuid>) -> Result<Vec<Op>, StoreError> {
        log::read(&self.conn, doc)
    }

    /// Adds ops made elsewhere (sync, a replay test) that are not here yet, then rebuilds the
    /// state of the documents they touch from their whole logs. Returns how many were new.
    pub fn ingest(&mut self, ops: &[Op]) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Per document: its state and newest op before these arrive, to apply the new ops on
        // top when they all sort after what is here (the usual case), instead of replaying.
        let mut before: HashMap<Uuid, (DocState, Option<log::OrderKey>)> = HashMap::new();
        for op in ops {
            if let std::collections::hash_map::Entry::Vacant(e) = before.entry(op.doc) {
                let state = cached_state(&self.cache, &tx, op.doc)?;
                e.insert((state, log::newest(&tx, op.doc)?));
            }
        }
        let mut added = 0;
        let mut fresh_ops: HashMap<Uuid, Vec<&Op>> = HashMap::new();
        let mut newest = Hlc::default();
        let mut newest_batch = 0;
        let new = log::insert_all(&tx, &ops.iter().collect::<Vec<_>>())?;
        for (op, new) in ops.iter().zip(new) {
            if new {
                added += 1;
                fresh_ops.entry(op.doc).or_default().push(op);
                newest = newest.max(op.hlc);
                newest_batch = newest_batch.max(op.batch);
            }
        }
        note_batch(&tx, newest_batch)?;
        // Receiving moves our clock past what we saw, so our next ops sort after it; a
        // clock far ahead of ours is followed only up to MAX_SKEW_MS (the ops still count).
        let limit = Hlc::now_ms() + MAX_SKEW_MS;
        let mut clock = meta_get(&tx, "clock")?
            .and_then(|v| serde_json::from_str::<Hlc>(&v).ok())
            .unwrap_or_default();
        if newest > clock {
            clock = newest.min(Hlc {
                wall: limit,
                logical: 0,
            });
            meta_set(
                &tx,
                "clock",
                &serde_json::to_string(&clock).unwrap_or_default(),
            )?;
        }
        let mut fresh = Vec::new();
        let mut people_changed = false;
        for (doc, mut new) in fresh_ops {
            // A person's log (`doc` is a person id): its row in the directory, not a document.
            if new.iter().any(|op| op.kind.is_person_op()) {
                people::reproject(&tx, doc)?;
                people_changed = true;
                continue;
            }
            new.sort_by_key(|op| log::order_key(op));
            let state = match before.remove(&doc) {
                Some((mut state, newest_here))
                    if newest_here
                        .as_ref()
                        .is_none_or(|n| &log::order_key(new[0]) > n) =>
                {
                    let mut touched = HashSet::new();
                    let existed = state.exists;
                    for op in new {
                        touched.extend(state.replay(op));
                    }
                    if state.exists {
                        if !existed {
                            touched.insert(Touched::Document);
                        }
                        projection::persist(&tx, &state, &touched)?;
                    }
                    state
                }
                _ => projection::replay(&tx, doc)?,
            };
            // Only received ops can fill a gap or open one: local edits name ops held here.
            tx.execute(
                "UPDATE documents SET missing_ops = ?2 WHERE id = ?1",
                rusqlite::params![doc.to_string(), log::missing(&tx, doc)? as i64],
            )?;
            fresh.push((doc, log::version(&tx, doc)?, state));
        }
        if people_changed {
            people::update_roots(&tx)?;
        }
        commit(tx)?;
        let mut cache = self.cache.borrow_mut();
        for (doc, version, state) in fresh {
            cache.insert(doc, version, state);
        }
        Ok(added)
    }

    /// Folds the write-ahead log into the main file if no reader is in the way (SQLite's
    /// passive checkpoint). Sync calls it after each pass; a closing library does it too.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Rebuilds the derived rows of these documents from their logs.
    pub(crate) fn replay_documents(&mut self, docs: &[Uuid]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for doc in docs {
            projection::replay(&tx, *doc)?;
        }
        commit(tx)?;
        self.cache.borrow_mut().clear();
        Ok(())
    }

    /// Throws away the derived tables and replays every document's log into them.
    pub fn rebuild(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let docs: Vec<String> = {
            // In the order they were created, which the search index's rows follow.
            let mut stmt =
                tx.prepare("SELECT doc FROM ops GROUP BY doc ORDER BY MIN(wall), doc")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        tx.execute("DELETE FROM documents", [])?;
        tx.execute("INSERT INTO search (search) VALUES ('delete-all')", [])?;
        tx.execute("DELETE FROM indexed_docs", [])?;
        for doc in docs {
            let id = Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            projection::replay(&tx, id)?;
        }
        people::rebuild(&tx)?;
        commit(tx)?;
        Ok(())
    }

    /// The schema as SQL text, for the migration snapshot test.
    pub fn schema(&self) -> Result<String, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'search_%' ORDER BY type, name",
        )?;
        let sql: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(sql.join(";\n\n") + ";\n")
    }
}

/// What [`write_batch`] appends.
pub(crate) struct BatchWrite<'a> {
    /// The document.
    pub doc: Uuid,
    /// The ops, in order.
    pub kinds: Vec<OpKind>,
    /// What kind of batch.
    pub kind: BatchKind,
    /// Its label in the history.
    pub label: &'a str,
    /// The batch an undo or redo takes back.
    pub target: Option<u64>,
    /// The version an edited copy was made from (see `Library::apply_batch_reporting`).
    pub from: Option<DocState>,
    /// The imported file's hash, remembered with the batch.
    pub imported_file: Option<&'a str>,
    /// The document's current state when the caller has it (an import just written),
    /// instead of the cache or a replay of its log.
    pub current: Option<DocState>,
}

/// Appends one batch of ops to `doc` inside `tx` (which the caller commits) and writes the
/// rows they touch; returns the batch number, the document's log version and its state for
/// the cache. Several batches (of several documents and people) can so be one transaction.
pub(crate) fn write_batch(
    tx: &Connection,
    cache: &RefCell<StateCache>,
    device: &str,
    write: BatchWrite<'_>,
    report: &mut dyn FnMut(Progress),
) -> Result<(u64, i64, DocState), StoreError> {
    let BatchWrite {
        doc,
        kinds,
        kind,
        label,
        target,
        mut from,
        imported_file,
        current,
    } = write;
    // Taken out of the cache, not copied: the caller puts the new state back.
    let from_cache = current.is_none();
    let mut state = match current {
        Some(state) => state,
        None => taken_state(cache, tx, doc)?,
    };
    let mut counter = log::next_counter_base(tx, device)?;
    let mut clock = meta_get(tx, "clock")?
        .and_then(|v| serde_json::from_str::<Hlc>(&v).ok())
        .unwrap_or_default();
    let batch = next_batch(tx, device)?;
    meta_set(tx, "batch", &batch.to_string())?;
    Library::record_batch(tx, device, batch, doc, kind, label, target)?;
    let now = Hlc::now_ms();
    let mut touched = HashSet::new();
    let mut storing = Reporter::start(report, Stage::Storing, kinds.len() as u64);
    let mut after = log::last_on_document(tx, doc, device)?;
    let mut made = Vec::with_capacity(kinds.len());
    for (done, kind) in (1..).zip(kinds) {
        counter += 1;
        clock = clock.tick(now);
        let op = Op {
            id: OpId {
                device: device.to_owned(),
                counter,
            },
            hlc: clock,
            doc,
            batch,
            pred: from.as_ref().unwrap_or(&state).pred(&kind),
            after: after.replace(counter),
            kind,
        };
        match from.as_mut() {
            Some(from) => {
                from.apply(&op)?;
                touched.extend(state.replay(&op));
            }
            None => match state.apply(&op) {
                Ok(t) => touched.extend(t),
                Err(e) => {
                    // Refused before anything changed it (a stale edit, the usual refusal):
                    // the state taken from the cache goes back, so the next read does not
                    // replay the whole log.
                    if done == 1 && from_cache {
                        let version = log::version(tx, doc)?;
                        cache.borrow_mut().insert(doc, version, state);
                    }
                    return Err(e.into());
                }
            },
        }
        made.push(op);
        if made.len() == RUN_LIMIT {
            log::append_made(tx, &made)?;
            made.clear();
        }
        storing.at(done);
    }
    log::append_made(tx, &made)?;
    projection::persist_reporting(tx, &state, &touched, report)?;
    meta_set(tx, "counter", &counter.to_string())?;
    meta_set(
        tx,
        "clock",
        &serde_json::to_string(&clock).unwrap_or_default(),
    )?;
    if let Some(sha256) = imported_file {
        tx.execute(
            "INSERT OR REPLACE INTO imported_files (sha256, doc, imported_ms) VALUES (?1, ?2, ?3)",
            params![sha256, doc.to_string(), Hlc::now_ms() as i64],
        )?;
    }
    let version = log::version(tx, doc)?;
    Ok((batch, version, state))
}

/// Commits `tx` after writing the search rows it indexed ([`projection::flush_search`]):
/// every transaction of the store that may change a document commits through here.
pub(crate) fn commit(tx: rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    projection::flush_search(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Runs `step` on a library that has not had it (`key` in `library_meta`), in one write
/// transaction, and records it done: a library made before a change of a derived table gets
/// that table once, at open; the check comes first without the write lock.
fn once(
    conn: &mut Connection,
    key: &str,
    step: fn(&Connection) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if meta_get(conn, key)?.is_some() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if meta_get(&tx, key)?.is_none() {
        step(&tx)?;
        meta_set(&tx, key, "1")?;
    }
    commit(tx)?;
    Ok(())
}

/// The most ops a batch keeps in memory before it writes them as a run: an import of
/// 200,000 one-line turns held them all (80 MB more at its peak) for one run; runs of this
/// size compress as well.
const RUN_LIMIT: usize = 4096;

/// The file's identity on its file system (device and inode), where the platform has one.
fn file_identity(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(format!("{}:{}", m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The number of a new batch: one past the highest batch number this library has seen, its
/// own or received. Kept in `library_meta` (`batch`) as batches are made and ops received:
/// reading it from the log was a scan of every op (the `ops` table has no index by batch)
/// for each edit and each imported document. A library from before is scanned once; this
/// device's batches since an older build wrote are found through the `batches` key.
pub(crate) fn next_batch(conn: &Connection, device: &str) -> Result<u64, StoreError> {
    let known = match meta_get(conn, "batch")?.and_then(|v| v.parse::<u64>().ok()) {
        Some(b) => b,
        None => conn.query_row(
            "SELECT MAX((SELECT COALESCE(MAX(batch), 0) FROM ops), (SELECT COALESCE(MAX(batch), 0) FROM batches))",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64,
    };
    let own: i64 = conn.query_row(
        "SELECT COALESCE(MAX(batch), 0) FROM batches WHERE device = ?1",
        [device],
        |r| r.get(0),
    )?;
    Ok(known.max(own as u64) + 1)
}

/// Raises the highest batch number seen (see [`next_batch`]) to `batch` when it is known.
fn note_batch(conn: &Connection, batch: u64) -> Result<(), StoreError> {
    if let Some(known) = meta_get(conn, "batch")?.and_then(|v| v.parse::<u64>().ok())
        && batch > known
    {
        meta_set(conn, "batch", &batch.to_string())?;
    }
    Ok(())
}

fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT value FROM library_meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO library_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// [`cached_state`], taking the state out of the cache instead of copying it (a state holds
/// the whole document and its merge registers): for a write, which puts the new one back.
fn taken_state(
    cache: &RefCell<StateCache>,
    conn: &Connection,
    doc: Uuid,
) -> Result<DocState, StoreError> {
    let version = log::version(conn, doc)?;
    if let Some(state) = cache.borrow_mut().take(doc, version) {
        return Ok(state);
    }
    projection::replay_state(conn, doc)
}

/// The replayed state of `doc` (empty if it has no ops), from the cache while no op
/// was added since — by this connection or by another process.
fn cached_state(
    cache: &RefCell<StateCache>,
    conn: &Connection,
    doc: Uuid,
) -> Result<DocState, StoreError> {
    let version = log::version(conn, doc)?;
    if let Some(state) = cache.borrow_mut().get(doc, version) {
        return Ok(state);
    }
    let state = projection::replay_state(conn, doc)?;
    cache.borrow_mut().insert(doc, version, state.clone());
    Ok(state)
}
