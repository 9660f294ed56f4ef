//! The library's directory of people: who they are (each person is the replay of its own
//! log, ops whose `doc` is the person's id), which participant of which document is whom
//! (`LinkPerson` ops in the document's log), linking on import, merges and splits. The
//! quote finder is `quotes.rs`.
//!
//! Everything is written through the op log in one transaction per user action, and travels
//! through sync like documents do (see ARCHITECTURE.md, "People").

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{
    BatchKind, BatchWrite, Library, StateCache, StoreError, commit, log, meta_get, meta_set,
    next_batch, projection, write_batch,
};
use crate::model::{Block, Document, Participant, count_text};
use crate::ops::{Hlc, Op, OpId, OpKind, ParticipantField, PersonField, PersonState};
use crate::people::{MatchReason, close_match, exact_key, folded_key, name_parts, same_title};

/// A person in the directory list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonSummary {
    /// The person's id.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// Other spellings and scripts (with those of the people merged into this one).
    pub aliases: Vec<String>,
    /// Participants linked to this person, in documents not in the trash.
    #[ts(type = "number")]
    pub appearances: u64,
    /// Documents (not in the trash) where the person speaks.
    #[ts(type = "number")]
    pub documents: u64,
    /// Fields two devices changed concurrently to different values (0: none).
    #[ts(type = "number")]
    pub conflicts: u64,
}

/// One participant of one document who is this person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Appearance {
    /// The document's id.
    pub document: String,
    /// Its title.
    pub document_title: String,
    /// Its language tag.
    pub language: String,
    /// When it was made, ms since the Unix epoch.
    #[ts(type = "number")]
    pub date_ms: u64,
    /// The participant's id in that document.
    pub participant: String,
    /// The name as printed there.
    pub name: String,
    /// Moderator, guest or other.
    pub role: String,
    /// The title held there (an appearance's, never rewritten).
    pub title: Option<String>,
    /// The organisation there.
    pub organization: Option<String>,
    /// The person (of this one's merged group) the participant is linked to.
    pub person: String,
    /// Turns spoken.
    #[ts(type = "number")]
    pub turns: u64,
    /// Words spoken (CJK-aware count).
    #[ts(type = "number")]
    pub words: u64,
}

/// A person with everything the person's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonDetail {
    /// The person.
    pub person: PersonSummary,
    /// People merged into this one (their ids), each can be split off again.
    pub merged: Vec<String>,
    /// Where the person speaks, newest document first.
    pub appearances: Vec<Appearance>,
    /// People who may be the same, not merged yet.
    pub suggestions: Vec<MergeSuggestion>,
    /// Fields of the person two devices changed concurrently: each with its values, the
    /// shown one first (renaming the person settles the name).
    pub conflicts: Vec<PersonConflict>,
}

/// A field of a person with several concurrent values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonConflict {
    /// `name`, `aliases` or `merged_into`.
    pub field: String,
    /// The values as JSON text, the shown one first.
    pub values: Vec<String>,
}

/// A person suggested for a participant.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Suggestion {
    /// The person's id.
    pub person: String,
    /// Their canonical name.
    pub name: String,
    /// Why.
    pub reason: MatchReason,
}

/// What linking did with one participant.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LinkOutcome {
    /// The name or an alias matched exactly one person: linked.
    Linked {
        /// The person.
        person: String,
    },
    /// Nobody like this is known: a new person was made and linked.
    Created {
        /// The new person.
        person: String,
    },
    /// Someone close is known: left unlinked until the user picks (accept, another person,
    /// or a new one: [`Library::link_participant`]).
    Suggested {
        /// The candidates, best first.
        candidates: Vec<Suggestion>,
    },
}

/// What linking did with one participant of a document.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ParticipantLink {
    /// The participant's id in the document.
    pub participant: String,
    /// Its name there.
    pub name: String,
    /// What was done.
    pub outcome: LinkOutcome,
}

/// What linking the participants of one document did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LinkReport {
    /// The document.
    pub document: String,
    /// Each participant that was not linked before (role labels such as `主持人` are left
    /// out: they are not people).
    pub participants: Vec<ParticipantLink>,
}

/// Two people who may be one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MergeSuggestion {
    /// One person.
    pub a: String,
    /// Their name.
    pub a_name: String,
    /// The other.
    pub b: String,
    /// Their name.
    pub b_name: String,
    /// Why.
    pub reason: MatchReason,
}

/// The id a person first made under `name` gets: the same on every device, so two devices
/// that both create "杨梅芳" write into one person's log and end with one person.
pub fn person_id_for(name: &str) -> Uuid {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("roundtable.person\0{}", exact_key(name)));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn parse_id(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The state of a person from its whole log.
fn person_state(conn: &Connection, id: Uuid) -> Result<PersonState, StoreError> {
    let mut state = PersonState::default();
    for op in log::read(conn, Some(id))? {
        state.replay(&op);
    }
    Ok(state)
}

/// Rewrites the directory rows of person `id` from its log (roots are left to
/// [`update_roots`]).
pub(super) fn reproject(conn: &Connection, id: Uuid) -> Result<(), StoreError> {
    let state = person_state(conn, id)?;
    write_person(conn, id, &state)
}

fn write_person(conn: &Connection, id: Uuid, state: &PersonState) -> Result<(), StoreError> {
    let key = id.to_string();
    if !state.exists {
        conn.execute("DELETE FROM people WHERE id = ?1", [&key])?;
        return Ok(());
    }
    conn.execute(
        "INSERT INTO people (id, name, aliases, merged_into, root, conflicts, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
            merged_into = excluded.merged_into, conflicts = excluded.conflicts,
            updated_ms = excluded.updated_ms",
        params![
            key,
            state.name,
            serde_json::to_string(&state.aliases).unwrap_or_default(),
            state.merged_into.map(|u| u.to_string()),
            state.conflicts().len() as i64,
            state.updated_ms as i64,
        ],
    )?;
    conn.execute("DELETE FROM person_names WHERE person = ?1", [&key])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_names (person, exact, folded, surname) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for name in std::iter::once(&state.name).chain(&state.aliases) {
        let exact = exact_key(name);
        if exact.is_empty() {
            continue;
        }
        let parts = name_parts(name);
        let surname = if parts.surname_only {
            String::new()
        } else {
            parts.surname
        };
        insert.execute(params![key, exact, folded_key(name), surname])?;
    }
    let mut distinct =
        conn.prepare_cached("INSERT OR IGNORE INTO people_distinct (a, b) VALUES (?1, ?2)")?;
    for other in &state.distinct {
        let (a, b) = if id < *other {
            (id, *other)
        } else {
            (*other, id)
        };
        distinct.execute(params![a.to_string(), b.to_string()])?;
    }
    Ok(())
}

/// Sets every person's `root`: the person its chain of merges ends at. A merge into a person
/// not (yet) here ends the chain before it; a cycle (two devices merged A into B and B into
/// A concurrently) ends at its smallest id, the same on every replica.
pub(super) fn update_roots(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE people SET root = id WHERE merged_into IS NULL AND root <> id",
        [],
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.merged_into FROM people p JOIN people t ON t.id = p.merged_into",
    )?;
    let edges: HashMap<String, String> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut set_root = conn.prepare_cached("UPDATE people SET root = ?2 WHERE id = ?1")?;
    // A merge into a person that is not here yet: the person is its own root for now.
    conn.execute(
        "UPDATE people SET root = id WHERE merged_into IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM people t WHERE t.id = people.merged_into)",
        [],
    )?;
    for start in edges.keys() {
        let mut seen: Vec<&String> = vec![start];
        let mut at = start;
        let root = loop {
            match edges.get(at) {
                None => break at.clone(),
                Some(next) => {
                    if let Some(i) = seen.iter().position(|s| *s == next) {
                        let cycle = &seen[i..];
                        break cycle.iter().min().map(|s| (*s).clone()).unwrap_or_default();
                    }
                    seen.push(next);
                    at = next;
                }
            }
        };
        set_root.execute(params![start, root])?;
    }
    Ok(())
}

/// Rebuilds the directory from the people's logs.
pub(super) fn rebuild(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM people", [])?;
    conn.execute("DELETE FROM people_distinct", [])?;
    let ids: Vec<String> = {
        let mut stmt = conn.prepare("SELECT DISTINCT doc FROM ops WHERE person = 1")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in ids {
        reproject(conn, parse_id(&id)?)?;
    }
    update_roots(conn)
}

/// Appends person ops to person `id`'s log inside `tx`, as one batch of this device, and
/// rewrites its directory rows.
fn write_person_ops(
    tx: &Connection,
    device: &str,
    id: Uuid,
    kinds: Vec<OpKind>,
    label: &str,
) -> Result<(), StoreError> {
    if kinds.is_empty() {
        return Ok(());
    }
    let mut state = person_state(tx, id)?;
    let before = (state.exists, state.merged_into);
    let mut counter = log::next_counter_base(tx, device)?;
    let mut clock = meta_get(tx, "clock")?
        .and_then(|v| serde_json::from_str::<Hlc>(&v).ok())
        .unwrap_or_default();
    // Numbered as document batches are (one counter for the whole log).
    let batch = next_batch(tx, device)?;
    meta_set(tx, "batch", &batch.to_string())?;
    Library::record_batch(tx, device, batch, id, BatchKind::Edit, label, None)?;
    let now = Hlc::now_ms();
    let mut after = log::last_on_document(tx, id, device)?;
    let mut made = Vec::with_capacity(kinds.len());
    for kind in kinds {
        counter += 1;
        clock = clock.tick(now);
        let op = Op {
            id: OpId {
                device: device.to_owned(),
                counter,
            },
            hlc: clock,
            doc: id,
            batch,
            pred: state.pred(&kind),
            after: after.replace(counter),
            kind,
        };
        state.replay(&op);
        made.push(op);
    }
    log::append_made(tx, &made)?;
    meta_set(tx, "counter", &counter.to_string())?;
    meta_set(
        tx,
        "clock",
        &serde_json::to_string(&clock).unwrap_or_default(),
    )?;
    write_person(tx, id, &state)?;
    // Roots change only with a merge, or with a person others were merged into coming or
    // going: updating them reads the whole directory, and doing it for each new person made
    // a bulk import slower with every thousand documents.
    let referenced = || -> Result<bool, StoreError> {
        Ok(tx
            .prepare_cached("SELECT 1 FROM people WHERE merged_into = ?1")?
            .exists([id.to_string()])?)
    };
    if before.1 != state.merged_into || (before.0 != state.exists && referenced()?) {
        update_roots(tx)?;
    }
    Ok(())
}

/// People (by id, with their root) whose names have this key in this column.
fn people_by_key(
    conn: &Connection,
    column: &str,
    key: &str,
) -> Result<Vec<(String, String, String)>, StoreError> {
    // `column` is one of ours, never user input.
    let sql = format!(
        "SELECT DISTINCT p.id, p.root, r.name FROM person_names n
         JOIN people p ON p.id = n.person JOIN people r ON r.id = p.root
         WHERE n.{column} = ?1 ORDER BY p.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every name (canonical and aliases) of the people of `root`'s merged group.
fn group_names(conn: &Connection, root: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT name, aliases FROM people WHERE root = ?1")?;
    let rows = stmt.query_map([root], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, aliases) = row?;
        out.push(name);
        out.extend(json_list(&aliases));
    }
    Ok(out)
}

/// A title and an organisation held in one appearance.
type Held = (Option<String>, Option<String>);

/// The (title, organisation) pairs `root`'s group held where they appeared.
fn group_titles(conn: &Connection, root: &str) -> Result<Vec<Held>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT pp.title, pp.organization
         FROM people pe JOIN participants pp ON pp.person = pe.id WHERE pe.root = ?1",
    )?;
    let rows = stmt.query_map([root], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether someone of `root`'s group appeared with exactly this title and organisation: the
/// usual case, answered by one seek per person of the group (`participants_by_person`)
/// where [`group_titles`] reads every appearance, thousands for a newsroom's regular host.
fn held_before(
    conn: &Connection,
    root: &str,
    title: Option<&str>,
    organization: Option<&str>,
) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM people pe JOIN participants pp ON pp.person = pe.id
         WHERE pe.root = ?1 AND pp.title IS ?2 AND pp.organization IS ?3 LIMIT 1",
    )?;
    Ok(stmt.exists(rusqlite::params![root, title, organization])?)
}

/// Whether the user said these two people are different.
fn said_distinct(conn: &Connection, a: &str, b: &str) -> Result<bool, StoreError> {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    Ok(conn
        .query_row(
            "SELECT 1 FROM people_distinct WHERE a = ?1 AND b = ?2",
            [a, b],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// What to do with a participant called `name` (with `title`, `organization`): an exact
/// match to link, or the close people to suggest. Indexed lookups by the name's keys only.
fn match_participant(
    conn: &Connection,
    name: &str,
    title: Option<&str>,
    organization: Option<&str>,
) -> Result<(Option<String>, Vec<Suggestion>), StoreError> {
    let exact = people_by_key(conn, "exact", &exact_key(name))?;
    let mut roots: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (id, root, root_name) in exact {
        roots.entry(root).or_insert((id, root_name));
    }
    if roots.len() == 1 {
        let (root, (id, root_name)) = roots.into_iter().next().unwrap_or_default();
        let held = title.is_some() || organization.is_some();
        if !held || held_before(conn, &root, title, organization)? {
            return Ok((Some(id), Vec::new()));
        }
        let titles = group_titles(conn, &root)?;
        let known: Vec<&Held> = titles
            .iter()
            .filter(|(t, o)| t.is_some() || o.is_some())
            .collect();
        let agrees = known.is_empty()
            || known.iter().any(|(t, o)| {
                same_title(t.as_deref(), title) && same_title(o.as_deref(), organization)
            });
        if agrees {
            return Ok((Some(id), Vec::new()));
        }
        return Ok((
            None,
            vec![Suggestion {
                person: root,
                name: root_name,
                reason: MatchReason::DifferentTitle,
            }],
        ));
    }
    if roots.len() > 1 {
        return Ok((
            None,
            roots
                .into_iter()
                .map(|(root, (_, name))| Suggestion {
                    person: root,
                    name,
                    reason: MatchReason::SameName,
                })
                .collect(),
        ));
    }
    // Close: the same folded key, or the same family name.
    let mut candidates = people_by_key(conn, "folded", &folded_key(name))?;
    let parts = name_parts(name);
    if !parts.surname.is_empty() && (parts.surname_only || parts.initial.is_some()) {
        candidates.extend(people_by_key(conn, "surname", &parts.surname)?);
    }
    let mut best: BTreeMap<String, Suggestion> = BTreeMap::new();
    for (_, root, root_name) in candidates {
        if best.contains_key(&root) {
            continue;
        }
        let reason = group_names(conn, &root)?
            .iter()
            .filter_map(|n| close_match(name, n))
            .min();
        if let Some(reason) = reason {
            best.insert(
                root.clone(),
                Suggestion {
                    person: root,
                    name: root_name,
                    reason,
                },
            );
        }
    }
    let mut out: Vec<Suggestion> = best.into_values().collect();
    out.sort_by(|a, b| (a.reason, &a.name).cmp(&(b.reason, &b.name)));
    Ok((None, out))
}

impl Library {
    /// Links every participant of `doc` that is not linked yet: an exact match of the name
    /// or an alias links, nobody close makes a new person, someone close is suggested and
    /// the participant waits for the user ([`Library::link_participant`]). One transaction.
    pub fn link_participants(&mut self, doc: Uuid) -> Result<LinkReport, StoreError> {
        // The participants and their links only, from the tables: the whole state (with
        // its merge registers) is the write's business, and for a document just imported
        // in bulk it is not in the cache (a replay of 200,000 turns held gigabytes).
        let (participants, linked) = projection::participants(&self.conn, doc)?
            .ok_or_else(|| StoreError::NotFound(doc.to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (report, cached) = link_document(
            &tx,
            &self.cache,
            &self.device,
            doc,
            &participants,
            &linked,
            None,
        )?;
        commit(tx)?;
        self.cache_state(cached);
        Ok(report)
    }

    /// What [`Library::link_participants`] would do with `doc`'s participants, without
    /// writing anything: for an import preview, before the document is stored. A participant
    /// that would get a new person is reported as `Created` with an empty id.
    pub fn preview_links(&self, doc: &Document) -> Result<LinkReport, StoreError> {
        let mut report = LinkReport {
            document: doc.id.to_string(),
            participants: Vec::new(),
        };
        for p in &doc.participants {
            if p.name.trim().is_empty() || crate::import::is_role_label(&p.name) {
                continue;
            }
            let (exact, suggestions) = match_participant(
                &self.conn,
                &p.name,
                p.title.as_deref(),
                p.organization.as_deref(),
            )?;
            let outcome = match exact {
                Some(person) => LinkOutcome::Linked { person },
                None if !suggestions.is_empty() => LinkOutcome::Suggested {
                    candidates: suggestions,
                },
                None => LinkOutcome::Created {
                    person: String::new(),
                },
            };
            report.participants.push(ParticipantLink {
                participant: p.id.clone(),
                name: p.name.clone(),
                outcome,
            });
        }
        Ok(report)
    }

    /// Links every not yet linked participant of every document (documents imported before
    /// the directory existed, or received from a device that did not link them).
    pub fn link_library(&mut self) -> Result<Vec<LinkReport>, StoreError> {
        let docs: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT p.doc FROM participants p JOIN documents d ON d.id = p.doc
                 WHERE p.person IS NULL AND d.deleted = 0 ORDER BY d.created_ms, p.doc",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let mut out = Vec::new();
        for doc in docs {
            let report = self.link_participants(parse_id(&doc)?)?;
            if !report.participants.is_empty() {
                out.push(report);
            }
        }
        Ok(out)
    }

    /// The user's choice for one participant: this person (`Some`), or a new person of its
    /// own (`None`), who is then not suggested again for the people it was close to.
    pub fn link_participant(
        &mut self,
        doc: Uuid,
        participant: &str,
        person: Option<Uuid>,
    ) -> Result<Uuid, StoreError> {
        let state = self.state(doc)?;
        let p = state
            .participants
            .iter()
            .find(|p| p.id == participant)
            .ok_or_else(|| StoreError::Invalid(format!("no participant {participant} in {doc}")))?
            .clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let person = match person {
            Some(person) => {
                require_person(&tx, person)?;
                person
            }
            None => {
                let (_, close) =
                    match_participant(&tx, &p.name, p.title.as_deref(), p.organization.as_deref())?;
                let person = Uuid::new_v4();
                let mut kinds = vec![OpKind::SetPersonName {
                    name: p.name.trim().to_owned(),
                }];
                for s in &close {
                    kinds.push(OpKind::MarkDistinct {
                        other: parse_id(&s.person)?,
                    });
                }
                write_person_ops(&tx, &self.device, person, kinds, "New person")?;
                person
            }
        };
        let cached = link_in(
            &tx,
            &self.cache,
            &self.device,
            doc,
            vec![OpKind::LinkPerson {
                participant: participant.to_owned(),
                person: Some(person),
            }],
            "Link person",
            None,
        )?;
        commit(tx)?;
        self.cache_state(cached);
        Ok(person)
    }

    /// Merges person `from` into `into` (both as the user names them; their merged groups
    /// are what merge): one op in `from`'s log, so it syncs, and [`Library::unmerge_person`]
    /// takes it back. Appearances are not rewritten.
    pub fn merge_people(&mut self, from: Uuid, into: Uuid) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let from_root = require_person(&tx, from)?;
        let into_root = require_person(&tx, into)?;
        if from_root == into_root {
            return Err(StoreError::Invalid(
                "these are already the same person".into(),
            ));
        }
        write_person_ops(
            &tx,
            &self.device,
            from_root,
            vec![OpKind::SetMergedInto {
                into: Some(into_root),
            }],
            "Merge people",
        )?;
        commit(tx)?;
        Ok(())
    }

    /// Takes a person merged into another out again (undoes the merge): its own name, aliases
    /// and appearances come back as a person of its own.
    pub fn unmerge_person(&mut self, person: Uuid) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_person(&tx, person)?;
        let merged: Option<String> = tx.query_row(
            "SELECT merged_into FROM people WHERE id = ?1",
            [person.to_string()],
            |r| r.get(0),
        )?;
        if merged.is_none() {
            return Err(StoreError::Invalid(
                "this person is not merged into anyone".into(),
            ));
        }
        write_person_ops(
            &tx,
            &self.device,
            person,
            vec![OpKind::SetMergedInto { into: None }],
            "Split person",
        )?;
        commit(tx)?;
        Ok(())
    }

    /// Splits appearances (document, participant) off `person` into a new person called
    /// `name`, marked as someone else so the two are not suggested for a merge again.
    pub fn split_person(
        &mut self,
        person: Uuid,
        appearances: &[(Uuid, String)],
        name: &str,
    ) -> Result<Uuid, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::Invalid("the new person needs a name".into()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let root = require_person(&tx, person)?;
        let new = Uuid::new_v4();
        write_person_ops(
            &tx,
            &self.device,
            new,
            vec![
                OpKind::SetPersonName {
                    name: name.trim().to_owned(),
                },
                OpKind::MarkDistinct { other: root },
            ],
            "Split person",
        )?;
        let mut by_doc: BTreeMap<Uuid, Vec<OpKind>> = BTreeMap::new();
        for (doc, participant) in appearances {
            by_doc.entry(*doc).or_default().push(OpKind::LinkPerson {
                participant: participant.clone(),
                person: Some(new),
            });
        }
        let mut cached = Vec::new();
        for (doc, kinds) in by_doc {
            cached.extend(link_in(
                &tx,
                &self.cache,
                &self.device,
                doc,
                kinds,
                "Split person",
                None,
            )?);
        }
        commit(tx)?;
        for c in cached {
            self.cache_state(Some(c));
        }
        Ok(new)
    }

    /// Says two people are different: they are no longer suggested for a merge.
    pub fn mark_distinct(&mut self, a: Uuid, b: Uuid) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_person(&tx, a)?;
        require_person(&tx, b)?;
        write_person_ops(
            &tx,
            &self.device,
            a,
            vec![OpKind::MarkDistinct { other: b }],
            "Different people",
        )?;
        commit(tx)?;
        Ok(())
    }

    /// "Update this person everywhere": the person's canonical name becomes `name` (the old
    /// one is kept as an alias, so imports under it still link) and every participant linked
    /// to the person, in every document, is renamed. Titles are an appearance's and are not
    /// touched. One transaction; one batch per document.
    pub fn rename_person_everywhere(&mut self, person: Uuid, name: &str) -> Result<(), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(
                "a person's name cannot be empty".into(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let root = require_person(&tx, person)?;
        let state = person_state(&tx, root)?;
        let mut kinds = Vec::new();
        // Also when the name is the shown one of a conflict: writing it again settles it.
        let conflicted = state
            .conflicts()
            .iter()
            .any(|(f, _)| *f == PersonField::Name);
        if state.name != name || conflicted {
            kinds.push(OpKind::SetPersonName {
                name: name.to_owned(),
            });
            let mut aliases = state.aliases.clone();
            if !state.name.is_empty()
                && !aliases
                    .iter()
                    .any(|a| exact_key(a) == exact_key(&state.name))
            {
                aliases.push(state.name.clone());
            }
            aliases.retain(|a| exact_key(a) != exact_key(name));
            if aliases != state.aliases {
                kinds.push(OpKind::SetPersonAliases { aliases });
            }
        }
        write_person_ops(&tx, &self.device, root, kinds, "Rename person")?;
        let mut by_doc: BTreeMap<String, Vec<OpKind>> = BTreeMap::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT pp.doc, pp.id FROM people pe JOIN participants pp ON pp.person = pe.id
                 WHERE pe.root = ?1 AND pp.name <> ?2",
            )?;
            let rows = stmt.query_map(params![root.to_string(), name], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (doc, participant) = row?;
                by_doc
                    .entry(doc)
                    .or_default()
                    .push(OpKind::SetParticipantField {
                        participant,
                        field: ParticipantField::Name,
                        value: Some(name.to_owned()),
                    });
            }
        }
        let mut cached = Vec::new();
        for (doc, kinds) in by_doc {
            cached.extend(link_in(
                &tx,
                &self.cache,
                &self.device,
                parse_id(&doc)?,
                kinds,
                "Rename person",
                None,
            )?);
        }
        commit(tx)?;
        for c in cached {
            self.cache_state(Some(c));
        }
        Ok(())
    }

    /// The person participant `participant` of `doc` is linked to, if any.
    pub fn person_of(&self, doc: Uuid, participant: &str) -> Result<Option<Uuid>, StoreError> {
        Ok(self.state(doc)?.links.get(participant).copied())
    }

    /// "Only in this document": renames one participant of one document; the person and
    /// every other document stay as they are (the link too).
    pub fn rename_participant_here(
        &mut self,
        doc: Uuid,
        participant: &str,
        name: &str,
    ) -> Result<(), StoreError> {
        self.apply(
            doc,
            vec![OpKind::SetParticipantField {
                participant: participant.to_owned(),
                field: ParticipantField::Name,
                value: Some(name.trim().to_owned()),
            }],
        )?;
        Ok(())
    }

    /// Sets a person's other spellings (the canonical name is left out of them).
    pub fn set_person_aliases(
        &mut self,
        person: Uuid,
        aliases: &[String],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let root = require_person(&tx, person)?;
        let state = person_state(&tx, root)?;
        let mut seen = HashSet::new();
        let aliases: Vec<String> = aliases
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty() && exact_key(a) != exact_key(&state.name))
            .filter(|a| seen.insert(exact_key(a)))
            .collect();
        write_person_ops(
            &tx,
            &self.device,
            root,
            vec![OpKind::SetPersonAliases { aliases }],
            "Edit aliases",
        )?;
        commit(tx)?;
        Ok(())
    }

    /// The people of the directory (merged ones inside the person they were merged into),
    /// by name.
    pub fn people(&self) -> Result<Vec<PersonSummary>, StoreError> {
        self.summaries(None)
    }

    /// The summaries of every person, or of the one whose merged group's root is `root`
    /// (a person's page counts that person's appearances, not everyone's).
    fn summaries(&self, root: Option<&str>) -> Result<Vec<PersonSummary>, StoreError> {
        let (inner, outer) = if root.is_some() {
            ("WHERE pe.root = ?1", "AND p.id = ?1")
        } else {
            ("", "")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT p.id, p.name, p.conflicts,
                    (SELECT json_group_array(m.aliases) FROM people m WHERE m.root = p.id),
                    (SELECT json_group_array(m.name) FROM people m WHERE m.root = p.id AND m.id <> p.id),
                    COALESCE(c.n, 0), COALESCE(c.d, 0)
             FROM people p
             LEFT JOIN (SELECT pe.root AS root, COUNT(*) AS n, COUNT(DISTINCT pp.doc) AS d
                        FROM participants pp JOIN people pe ON pe.id = pp.person
                        JOIN documents doc ON doc.id = pp.doc AND doc.deleted = 0
                        {inner}
                        GROUP BY pe.root) c ON c.root = p.id
             WHERE p.root = p.id {outer}
             ORDER BY p.name, p.id"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(root), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, conflicts, alias_lists, merged_names, n, d) = row?;
            let mut aliases: Vec<String> = Vec::new();
            for list in json_list(&alias_lists) {
                aliases.extend(json_list(&list));
            }
            aliases.extend(json_list(&merged_names));
            let mut seen = HashSet::from([exact_key(&name)]);
            aliases.retain(|a| seen.insert(exact_key(a)));
            out.push(PersonSummary {
                id,
                name,
                aliases,
                appearances: n as u64,
                documents: d as u64,
                conflicts: conflicts as u64,
            });
        }
        Ok(out)
    }

    /// The people a name (or an id, or an id's first characters) refers to, as their merged
    /// groups' people: exact name or alias matches first; when there are none, names equal
    /// once folded (script, width, case).
    pub fn find_people(&self, name: &str) -> Result<Vec<Uuid>, StoreError> {
        let text = name.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(self.root_of(id)?.into_iter().collect());
        }
        let mut roots = BTreeSet::new();
        for (_, root, _) in people_by_key(&self.conn, "exact", &exact_key(text))? {
            roots.insert(root);
        }
        if roots.is_empty() {
            for (_, root, _) in people_by_key(&self.conn, "folded", &folded_key(text))? {
                roots.insert(root);
            }
        }
        if roots.is_empty() && text.len() >= 4 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT root FROM people WHERE id >= ?1 AND id < ?1 || 'g'")?;
            let prefix = text.to_ascii_lowercase();
            for root in stmt.query_map([&prefix], |r| r.get::<_, String>(0))? {
                roots.insert(root?);
            }
        }
        roots.iter().map(|r| parse_id(r)).collect()
    }

    /// The one person `name` refers to ([`Library::find_people`]); an error naming the
    /// candidates when it is several, or none.
    pub fn find_person(&self, name: &str) -> Result<Uuid, StoreError> {
        let found = self.find_people(name)?;
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(StoreError::Invalid(format!(
                "nobody called {name:?} in this library's people (see `roundtable people list`)"
            ))),
            many => {
                let ids: Vec<String> = many.iter().map(|u| u.to_string()[..8].to_owned()).collect();
                Err(StoreError::Invalid(format!(
                    "{} people are called {name:?} ({}); give one's id instead",
                    many.len(),
                    ids.join(", ")
                )))
            }
        }
    }

    /// The person a chain of merges from `id` ends at, if `id` is a person here.
    pub(super) fn root_of(&self, id: Uuid) -> Result<Option<Uuid>, StoreError> {
        let root: Option<String> = self
            .conn
            .query_row(
                "SELECT root FROM people WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        root.map(|r| parse_id(&r)).transpose()
    }

    /// A person's page: the person, who was merged into them, their appearances (the title
    /// held in each), and people who may be the same.
    pub fn person(&self, id: Uuid) -> Result<PersonDetail, StoreError> {
        let root = self
            .root_of(id)?
            .ok_or_else(|| StoreError::NotFound(format!("person {id}")))?;
        let key = root.to_string();
        let person = self
            .people_summary(&key)?
            .ok_or_else(|| StoreError::NotFound(format!("person {id}")))?;
        let merged: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM people WHERE root = ?1 AND id <> ?1 ORDER BY id")?;
            stmt.query_map([&key], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let mut appearances = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT d.id, d.title, d.language, d.created_ms, pp.id, pp.name, pp.role, pp.title,
                        pp.organization, pp.person
                 FROM people pe CROSS JOIN participants pp ON pp.person = pe.id
                 CROSS JOIN documents d ON d.id = pp.doc AND d.deleted = 0
                 WHERE pe.root = ?1 ORDER BY d.created_ms DESC, d.id, pp.ord",
            )?;
            let rows = stmt.query_map([&key], |r| {
                Ok(Appearance {
                    document: r.get(0)?,
                    document_title: r.get(1)?,
                    language: r.get(2)?,
                    date_ms: r.get::<_, i64>(3)? as u64,
                    participant: r.get(4)?,
                    name: r.get(5)?,
                    role: r.get(6)?,
                    title: r.get(7)?,
                    organization: r.get(8)?,
                    person: r.get(9)?,
                    turns: 0,
                    words: 0,
                })
            })?;
            for row in rows {
                appearances.push(row?);
            }
        }
        // Appearances come by document: a person who is two participants of one document
        // (merged people) has its body read and unpacked once.
        let mut body: Option<(String, Vec<(String, Block)>)> = None;
        for a in &mut appearances {
            if body.as_ref().is_none_or(|(doc, _)| *doc != a.document) {
                let blocks = projection::live_blocks(&self.conn, &a.document)?;
                body = Some((a.document.clone(), blocks));
            }
            let blocks = body.as_ref().map(|(_, b)| b.as_slice()).unwrap_or_default();
            for (_, block) in blocks {
                if let Block::Turn { speaker, .. } = block
                    && *speaker == a.participant
                {
                    a.turns += 1;
                    a.words += count_text(&block.text()).words;
                }
            }
        }
        let suggestions = self
            .merge_suggestions()?
            .into_iter()
            .filter(|s| s.a == key || s.b == key)
            .collect();
        let conflicts = person_state(&self.conn, root)?
            .conflicts()
            .into_iter()
            .map(|(field, values)| PersonConflict {
                field: match field {
                    PersonField::Name => "name",
                    PersonField::Aliases => "aliases",
                    PersonField::MergedInto => "merged_into",
                }
                .to_owned(),
                values: values.into_iter().map(|(_, v)| v.to_string()).collect(),
            })
            .collect();
        Ok(PersonDetail {
            person,
            merged,
            appearances,
            suggestions,
            conflicts,
        })
    }

    fn people_summary(&self, root: &str) -> Result<Option<PersonSummary>, StoreError> {
        Ok(self.summaries(Some(root))?.pop())
    }

    /// Pairs of people who may be one person: a name of one and a name of the other are
    /// equal once folded (script, width, case, spacing). Found through the folded-name
    /// index; pairs the user said are different are left out. What two devices that created
    /// "杨梅芳" and "楊梅芳" see after syncing.
    pub fn merge_suggestions(&self) -> Result<Vec<MergeSuggestion>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT pa.root, ra.name, pb.root, rb.name, a.exact = b.exact
             FROM person_names a
             JOIN person_names b ON b.folded = a.folded AND b.person > a.person
             JOIN people pa ON pa.id = a.person JOIN people pb ON pb.id = b.person
             JOIN people ra ON ra.id = pa.root JOIN people rb ON rb.id = pb.root
             WHERE pa.root <> pb.root",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut best: BTreeMap<(String, String), MergeSuggestion> = BTreeMap::new();
        for row in rows {
            let (a, a_name, b, b_name, same) = row?;
            let ((a, a_name), (b, b_name)) = if a < b {
                ((a, a_name), (b, b_name))
            } else {
                ((b, b_name), (a, a_name))
            };
            if said_distinct(&self.conn, &a, &b)? {
                continue;
            }
            let reason = if same {
                MatchReason::SameName
            } else {
                MatchReason::Variant
            };
            best.entry((a.clone(), b.clone()))
                .and_modify(|s| s.reason = s.reason.max(reason))
                .or_insert(MergeSuggestion {
                    a,
                    a_name,
                    b,
                    b_name,
                    reason,
                });
        }
        Ok(best.into_values().collect())
    }

    fn cache_state(&self, cached: Option<Cached>) {
        if let Some((doc, version, state)) = cached {
            self.cache.borrow_mut().insert(doc, version, state);
        }
    }
}

/// Links each of `participants` (of `doc`) not in `linked` inside `tx`, as
/// [`Library::link_participants`] describes; `current` is the document's state when the
/// caller has it (an import just written), else the cache or a replay gives it.
pub(super) fn link_document(
    tx: &Connection,
    cache: &RefCell<StateCache>,
    device: &str,
    doc: Uuid,
    participants: &[Participant],
    linked: &HashSet<String>,
    current: Option<crate::ops::DocState>,
) -> Result<(LinkReport, Option<Cached>), StoreError> {
    let mut report = LinkReport {
        document: doc.to_string(),
        participants: Vec::new(),
    };
    let mut links = Vec::new();
    for p in participants {
        if linked.contains(&p.id)
            || p.name.trim().is_empty()
            || crate::import::is_role_label(&p.name)
        {
            continue;
        }
        let (exact, suggestions) =
            match_participant(tx, &p.name, p.title.as_deref(), p.organization.as_deref())?;
        let outcome = match exact {
            Some(person) => {
                links.push((p.id.clone(), parse_id(&person)?));
                LinkOutcome::Linked { person }
            }
            None if !suggestions.is_empty() => LinkOutcome::Suggested {
                candidates: suggestions,
            },
            None => {
                let person = new_person_id(tx, &p.name)?;
                write_person_ops(
                    tx,
                    device,
                    person,
                    vec![OpKind::SetPersonName {
                        name: p.name.trim().to_owned(),
                    }],
                    "New person",
                )?;
                links.push((p.id.clone(), person));
                LinkOutcome::Created {
                    person: person.to_string(),
                }
            }
        };
        report.participants.push(ParticipantLink {
            participant: p.id.clone(),
            name: p.name.clone(),
            outcome,
        });
    }
    let kinds = links
        .into_iter()
        .map(|(participant, person)| OpKind::LinkPerson {
            participant,
            person: Some(person),
        })
        .collect();
    let cached = link_in(tx, cache, device, doc, kinds, "Link people", current)?;
    Ok((report, cached))
}

/// The root of `id`, or an error when there is no such person.
fn require_person(conn: &Connection, id: Uuid) -> Result<Uuid, StoreError> {
    let root: Option<String> = conn
        .query_row(
            "SELECT root FROM people WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match root {
        Some(r) => parse_id(&r),
        None => Err(StoreError::NotFound(format!("person {id}"))),
    }
}

/// The id for a new person called `name`: [`person_id_for`] unless that id is taken here
/// (the person first made under this name was renamed or split), else a random one.
fn new_person_id(conn: &Connection, name: &str) -> Result<Uuid, StoreError> {
    let derived = person_id_for(name);
    let taken = conn
        .query_row(
            "SELECT 1 FROM people WHERE id = ?1",
            [derived.to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    Ok(if taken { Uuid::new_v4() } else { derived })
}

/// A document's state for the cache after a write: (document, log version, state).
type Cached = (Uuid, i64, crate::ops::DocState);

/// Writes document ops (links, renames) inside `tx` as one batch; what the cache needs
/// afterwards.
fn link_in(
    tx: &Connection,
    cache: &RefCell<StateCache>,
    device: &str,
    doc: Uuid,
    kinds: Vec<OpKind>,
    label: &str,
    current: Option<crate::ops::DocState>,
) -> Result<Option<Cached>, StoreError> {
    // Batches that only link participants are recorded with the import's kind: they are
    // not on the document's undo stack, because undo reverts what the document shows and
    // a link is the directory's (it is undone by linking again, or by unmerge).
    let only_links = kinds.iter().all(|k| matches!(k, OpKind::LinkPerson { .. }));
    if kinds.is_empty() {
        return Ok(None);
    }
    let (_, version, state) = write_batch(
        tx,
        cache,
        device,
        BatchWrite {
            doc,
            kinds,
            kind: if only_links {
                BatchKind::Import
            } else {
                BatchKind::Edit
            },
            label,
            target: None,
            from: None,
            imported_file: None,
            current,
        },
        &mut |_| {},
    )?;
    Ok(Some((doc, version, state)))
}
