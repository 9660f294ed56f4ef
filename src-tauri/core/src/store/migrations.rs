//! The library schema as ordered migrations, applied all-or-nothing and tracked by
//! SQLite's `user_version`.

use rusqlite::Connection;

use super::StoreError;

/// Migration `i` takes the schema from version `i` to `i + 1`. Append only: never edit one
/// that has shipped.
const MIGRATIONS: &[&str] = &[
    // 1: the op log, the state derived from it, and the search index.
    r#"
CREATE TABLE library_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE ops (
    seq     INTEGER PRIMARY KEY,
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    doc     TEXT    NOT NULL,
    batch   INTEGER NOT NULL,
    payload TEXT    NOT NULL,
    UNIQUE (device, counter)
) STRICT;
CREATE INDEX ops_by_doc ON ops (doc, wall, logical, device, counter);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    title       TEXT    NOT NULL,
    subtitle    TEXT,
    column_name TEXT,
    language    TEXT    NOT NULL,
    topics      TEXT    NOT NULL DEFAULT '[]',
    credits     TEXT    NOT NULL DEFAULT '[]',
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    words       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE participants (
    doc          TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id           TEXT    NOT NULL,
    ord          INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('moderator', 'guest', 'other')),
    title        TEXT,
    organization TEXT,
    aliases      TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc, id)
) STRICT;

CREATE TABLE blocks (
    doc      TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id       TEXT    NOT NULL,
    position TEXT    NOT NULL,
    kind     TEXT    NOT NULL CHECK (kind IN ('paragraph', 'heading', 'turn', 'image')),
    body     TEXT    NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc, id)
) STRICT;
CREATE INDEX blocks_in_order ON blocks (doc, position, id);

-- One row per searchable text: the title (block = '') and each live block.
CREATE VIRTUAL TABLE search USING fts5 (doc UNINDEXED, block UNINDEXED, text, tokenize = 'trigram');
"#,
    // 2: what each batch of ops was, for history and undo. Batches without a row (made
    // elsewhere and synced in) are plain edits.
    r#"
CREATE TABLE batches (
    device TEXT    NOT NULL,
    batch  INTEGER NOT NULL,
    doc    TEXT    NOT NULL,
    kind   TEXT    NOT NULL CHECK (kind IN ('import', 'edit', 'undo', 'redo', 'restore')),
    label  TEXT    NOT NULL DEFAULT '',
    target INTEGER,
    PRIMARY KEY (device, batch)
) STRICT;
CREATE INDEX batches_by_doc ON batches (doc, device, batch);
"#,
    // 3: each op's predecessors (the ops it supersedes), for merging concurrent edits.
    r#"
ALTER TABLE ops ADD COLUMN pred TEXT NOT NULL DEFAULT '[]';
"#,
    // 4: segment files of a sync folder already read and verified, so a rescan reads only
    // what is new or changed.
    r#"
CREATE TABLE sync_files (
    folder      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    length      INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    device      TEXT    NOT NULL,
    first       INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (folder, path)
) STRICT;
"#,
    // 5: the library list a page at a time. Participant names kept on the document row and
    // topics in a table of their own, so a page (filtered by a topic, in the order of the last
    // edit) is read through indexes instead of a subquery and a JSON parse per document.
    r#"
ALTER TABLE documents ADD COLUMN names TEXT NOT NULL DEFAULT '[]';
UPDATE documents SET names = (
    SELECT json_group_array(name) FROM
        (SELECT name FROM participants p WHERE p.doc = documents.id ORDER BY ord));
CREATE INDEX documents_by_updated ON documents (deleted, updated_ms DESC, id);

CREATE TABLE document_topics (
    doc   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (doc, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_topics_by_topic ON document_topics (topic, doc);
INSERT OR IGNORE INTO document_topics (doc, topic)
    SELECT d.id, t.value FROM documents d, json_each(d.topics) t;
"#,
    // 6: documents received only partly. Each op names the previous op its device made on
    // the same document (`after`), so a replica can tell a gap; a document with a gap, or
    // with an op that supersedes one not here, is marked until the missing ops arrive.
    r#"
ALTER TABLE ops ADD COLUMN after INTEGER;
ALTER TABLE documents ADD COLUMN missing_ops INTEGER NOT NULL DEFAULT 0;
"#,
    // 7: files imported, by the SHA-256 of their bytes, so that importing the same file
    // again (a batch import run again after it was killed) finds its document instead of
    // making a copy. Local to this library: sync does not carry it.
    r#"
CREATE TABLE imported_files (
    sha256      TEXT    PRIMARY KEY,
    doc         TEXT    NOT NULL,
    imported_ms INTEGER NOT NULL
) STRICT;
"#,
    // 8: search matches across full-width and half-width forms, punctuation width, case
    // and traditional/simplified Chinese: `text` holds the folded text that is matched, and
    // `shown` the original that snippets show, when folding changed it (NULL otherwise).
    // Filled at open (`search_folded` in library_meta), since folding is done in Rust.
    r#"
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (doc UNINDEXED, block UNINDEXED, text, shown UNINDEXED, tokenize = 'trigram');
"#,
    // 9: the directory of people, derived from the people's own logs (ops whose `doc` is a
    // person id): the person, the keys its names are matched by (indexed, so linking an
    // imported participant is a lookup), pairs said to be different people, and each
    // participant's person (`LinkPerson` ops of its document). `root` is the person a
    // chain of merges ends at. And an index to number batches without scanning the log.
    r#"
CREATE TABLE people (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    aliases     TEXT    NOT NULL DEFAULT '[]',
    merged_into TEXT,
    root        TEXT    NOT NULL,
    conflicts   INTEGER NOT NULL DEFAULT 0,
    updated_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX people_by_root ON people (root);

CREATE TABLE person_names (
    person  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    exact   TEXT NOT NULL,
    folded  TEXT NOT NULL,
    surname TEXT NOT NULL,
    PRIMARY KEY (person, exact)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_names_by_exact ON person_names (exact);
CREATE INDEX person_names_by_folded ON person_names (folded);
CREATE INDEX person_names_by_surname ON person_names (surname) WHERE surname <> '';

CREATE TABLE people_distinct (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
) STRICT, WITHOUT ROWID;

ALTER TABLE participants ADD COLUMN person TEXT;
CREATE INDEX participants_by_person ON participants (person) WHERE person IS NOT NULL;

-- Each batch takes the next number after every batch in the log: without an index that was
-- a scan of the whole log per batch (40 ms at 90,000 ops), paid again by each batch linking
-- an import's people.
CREATE INDEX ops_by_batch ON ops (batch);
CREATE INDEX batches_by_batch ON batches (batch);
"#,
    // 10: recordings attached to documents, by reference (the path on this machine, the size,
    // the SHA-256 of the content, its type sniffed from the bytes) and, when the user chose
    // to copy it, under `media/<sha256>.<ext>` beside the library. Local to this library,
    // like `imported_files`: a path means nothing on another machine, so sync does not
    // carry it (ARCHITECTURE.md, "Recordings"). No foreign key on `documents`: that table
    // is derived and `rebuild` empties it, which would cascade into these rows. `IF NOT
    // EXISTS`: a test that winds `user_version` back to before 8 replays this one.
    r#"
CREATE TABLE IF NOT EXISTS media (
    doc         TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    mime        TEXT    NOT NULL,
    duration    REAL,
    copied      INTEGER NOT NULL DEFAULT 0,
    attached_ms INTEGER NOT NULL,
    PRIMARY KEY (doc, sha256)
) STRICT;
"#,
    // 11: the search index without positions (`detail = none`): a third of the size of the
    // full index. A term of three or more characters is looked up as all of its trigrams
    // and the rows found are checked against the text (`store/search.rs`). Without `shown`
    // (a second copy of nearly every Chinese row, whose punctuation folding changes):
    // snippets are cut from the blocks of the hits shown. `search_vocab` lists the index's
    // trigrams, for terms of one or two characters. Refilled at open, as after 8.
    r#"
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (doc UNINDEXED, block UNINDEXED, text, tokenize = 'trigram', detail = 'none');
-- The index's trigrams: a term of one or two characters is looked up as those starting with it.
DROP TABLE IF EXISTS search_vocab;
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search, 'row');
DELETE FROM library_meta WHERE key = 'search_folded';
"#,
    // 12: one search row per document not in the trash instead of one per block, and no
    // copy of the text in the index (`content = ''`): the blocks hold it. Rows are numbered
    // in the order documents came into the library (`indexed_docs` maps them to documents,
    // with a fingerprint of the text indexed), so a search reads the newest matching
    // documents first and stops at a page instead of gathering and sorting every matching
    // block (seconds for a common word at 10,000 documents). Refilled at open, as after 8.
    r#"
DROP TABLE search;
DROP TABLE IF EXISTS search_vocab;
CREATE VIRTUAL TABLE search USING fts5 (text, tokenize = 'trigram', detail = 'none', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search, 'row');
DROP TABLE IF EXISTS indexed_docs;
CREATE TABLE indexed_docs (
    row         INTEGER PRIMARY KEY,
    doc         TEXT    NOT NULL UNIQUE,
    fingerprint INTEGER NOT NULL
) STRICT;
DELETE FROM library_meta WHERE key = 'search_folded';
"#,
    // 13: how the source presented its speakers (`Document::guest_heading`, `speaker_labels`),
    // as a JSON object, NULL when the document has neither. Derived like every other column
    // of `documents` (from `SetMeta` ops); documents made before have no such ops, so NULL is
    // what a rebuild would write too.
    r#"
ALTER TABLE documents ADD COLUMN presentation TEXT;
"#,
    // 14: people merged into a person, found through an index: whether a new person is one
    // that others were merged into is asked for each person an import creates.
    r#"
CREATE INDEX people_by_merged_into ON people (merged_into) WHERE merged_into IS NOT NULL;
"#,
    // 15: recordings shared with the team, derived from `ShareRecording`/`UnshareRecording`
    // ops of each document's log (a register per recording; `shared = 0` keeps that the
    // recording was unshared, so sync may take its copy out of the shared folder). Derived
    // like `blocks`: written only by the projection, emptied with its document.
    r#"
CREATE TABLE IF NOT EXISTS shared_recordings (
    doc       TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sha256    TEXT    NOT NULL,
    shared    INTEGER NOT NULL,
    file_name TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    mime      TEXT    NOT NULL,
    duration  REAL,
    PRIMARY KEY (doc, sha256)
) STRICT;
CREATE INDEX IF NOT EXISTS shared_recordings_by_sha ON shared_recordings (sha256);
-- A batch that shares or unshares a recording is of its own kind ('share'): it is not on
-- the undo stack. SQLite cannot change a CHECK in place: the table is copied. (`IF NOT
-- EXISTS` and the like: a test that winds `user_version` back replays this one.)
DROP TABLE IF EXISTS batches_new;
CREATE TABLE batches_new (
    device TEXT    NOT NULL,
    batch  INTEGER NOT NULL,
    doc    TEXT    NOT NULL,
    kind   TEXT    NOT NULL CHECK (kind IN ('import', 'edit', 'undo', 'redo', 'restore', 'share')),
    label  TEXT    NOT NULL DEFAULT '',
    target INTEGER,
    PRIMARY KEY (device, batch)
) STRICT;
INSERT INTO batches_new (device, batch, doc, kind, label, target)
    SELECT device, batch, doc, kind, label, target FROM batches;
DROP TABLE batches;
ALTER TABLE batches_new RENAME TO batches;
CREATE INDEX batches_by_doc ON batches (doc, device, batch);
CREATE INDEX batches_by_batch ON batches (batch);
"#,
    // 16: the op log as runs (see `log.rs`): a row per run of ops of one device, document
    // and batch with consecutive counters, their JSON compressed. The rows of before are
    // kept as `ops_rows` here and turned into runs by `log::convert_rows`, in this
    // migration's transaction (compression is not SQL).
    r#"
DROP INDEX IF EXISTS ops_by_doc;
DROP INDEX IF EXISTS ops_by_batch;
ALTER TABLE ops RENAME TO ops_rows;
CREATE TABLE ops (
    seq     INTEGER PRIMARY KEY,
    device  TEXT    NOT NULL,
    first   INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    doc     TEXT    NOT NULL,
    batch   INTEGER NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    person  INTEGER NOT NULL,
    body    BLOB    NOT NULL,
    UNIQUE (device, first)
) STRICT;
CREATE INDEX ops_by_doc ON ops (doc, device, last);
CREATE INDEX ops_by_batch ON ops (batch);
"#,
    // 17: a document's body as one compressed value instead of a JSON row per block (issue
    // 18: the `blocks` rows and their two indexes were a third of the library, the text
    // again as JSON). `body` is every placed block, tombstones too, in (position, id) order,
    // as a JSON array of `[id, position, deleted, block]` packed in one zstd frame
    // (`store/packed.rs`; written by `projection::write_body`). A table of its own rather
    // than a column of `documents`: the library list pages through `documents` rows, which
    // stay small, and the document row, written on every change (its `updated_ms`), does not
    // rewrite the body when no block changed. Derived like `blocks` was: the bodies are
    // filled from the log at open (`bodies_packed` in `library_meta`, removed here). `IF
    // EXISTS` and the like: a test that winds `user_version` back replays this one.
    r#"
CREATE TABLE IF NOT EXISTS document_bodies (
    doc  TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    body BLOB NOT NULL
) STRICT;
DROP INDEX IF EXISTS blocks_in_order;
DROP TABLE IF EXISTS blocks;
DELETE FROM library_meta WHERE key = 'bodies_packed';
"#,
    // 18: the search index's buffer of pending entries raised from FTS5's 1 MB to 8 MB
    // (`hashsize`, kept in the index's own config table). FTS5 writes a segment each time
    // the buffer fills, and merges segments as they pile up; the buffer is also written
    // out at the end of every transaction, so it bounds the memory a write takes. (2, 8
    // and 64 MB gave the same first sync of 10,000 documents, 36 s, once search rows were
    // written together at the end of each transaction; 64 MB made each entry slower to
    // add, the buffer no longer fitting the processor's caches.) Segments are merged eight
    // at a time instead of four (`automerge`): merging was what made storing a document
    // into a library of 1,000 twice as costly as into one of 100 (`tests/scale.rs`).
    r#"
INSERT INTO search (search, rank) VALUES ('hashsize', 8388608);
INSERT INTO search (search, rank) VALUES ('automerge', 8);
"#,
    // 19: a participant's person, title and organisation in one index, replacing the index
    // on the person alone (which it serves as well): linking a participant checks that the
    // title it holds is one its person held before, and reading every appearance of a
    // moderator who is in every document made each import cost more than the one before
    // (`tests/scale.rs`). With the title in the index an identical title is one seek.
    r#"
DROP INDEX IF EXISTS participants_by_person;
CREATE INDEX participants_by_person ON participants (person, title, organization)
    WHERE person IS NOT NULL;
"#,
];

/// The migration after which `log::convert_rows` turns the old log's rows into runs.
const RUNS: u32 = 16;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the schema up to [`SCHEMA_VERSION`] in one transaction, or refuses a library
/// made by a newer Roundtable.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    // Most opens find the schema current: check without taking the write lock, so a
    // library another process is writing to opens without waiting.
    let current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // Schema numbers grow by one a release or so: a number this large is a damaged
    // header (the user version sits in bytes 60–63 of the file), not a newer Roundtable.
    if found > SCHEMA_VERSION + 1000 {
        return Err(StoreError::DamagedHeader { found });
    }
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerLibrary {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            to: i as u32 + 1,
            source: e,
        })?;
        if i as u32 + 1 == RUNS {
            super::log::convert_rows(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}
