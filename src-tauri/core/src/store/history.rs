//! History and undo, on the op log: every edit batch is listed, any earlier version can be
//! restored, and undo/redo take one batch back or forward — always by appending new ops,
//! so nothing is ever lost.

use std::collections::BTreeMap;

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{Library, StoreError};
use crate::model::Document;
use crate::ops::{DocState, Op, diff, revert};

/// What kind of user action a batch was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BatchKind {
    /// The document's creation.
    Import,
    /// An edit.
    Edit,
    /// Took an earlier batch back.
    Undo,
    /// Put an undone batch back.
    Redo,
    /// Went back to an earlier version.
    Restore,
    /// Shared a recording with the team, or stopped sharing it. Not on the undo stack:
    /// undo takes back what the document shows, and sharing is undone by unsharing.
    Share,
}

impl BatchKind {
    fn as_str(self) -> &'static str {
        match self {
            BatchKind::Import => "import",
            BatchKind::Edit => "edit",
            BatchKind::Undo => "undo",
            BatchKind::Redo => "redo",
            BatchKind::Restore => "restore",
            BatchKind::Share => "share",
        }
    }

    fn parse(s: &str) -> BatchKind {
        match s {
            "import" => BatchKind::Import,
            "undo" => BatchKind::Undo,
            "redo" => BatchKind::Redo,
            "restore" => BatchKind::Restore,
            "share" => BatchKind::Share,
            _ => BatchKind::Edit,
        }
    }
}

/// One entry of a document's history: one batch of ops.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryEntry {
    /// The device that made it.
    pub device: String,
    /// Its batch number on that device.
    #[ts(type = "number")]
    pub batch: u64,
    /// What it was.
    pub kind: BatchKind,
    /// What the user did, as the app described it ("Edit turn", "Rename participant").
    pub label: String,
    /// When, ms since the Unix epoch.
    #[ts(type = "number")]
    pub wall_ms: u64,
    /// How many ops.
    pub ops: u32,
    /// Made on this device.
    pub mine: bool,
}

/// What undo and redo would do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UndoState {
    /// The label of the batch undo would take back.
    pub undo: Option<String>,
    /// The label of the batch redo would put back.
    pub redo: Option<String>,
}

/// An open document as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentView {
    /// The document.
    pub document: Document,
    /// What undo and redo would do.
    pub undo: UndoState,
    /// The version `document` is: what a save of an edited copy of it is relative to.
    pub base: Base,
    /// Ops the document builds on that have not arrived yet (see
    /// [`Library::missing_ops`]); 0 when it is whole.
    #[ts(type = "number")]
    pub missing_ops: u64,
}

/// The version an edited copy of a document was made from, so that saving it changes only
/// what the user changed since. A teammate's edit that arrived after the copy was read is
/// never "changed back": it is either untouched or, when both changed one field, a conflict
/// (or a merge, for text).
///
/// The version is the ops of the document whose counter is at most `seen[device]`, plus the
/// batches this library saved from the copy since (`saved`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Base {
    /// Per device, the highest op counter of the document the copy had.
    #[ts(type = "Record<string, number>")]
    pub seen: BTreeMap<String, u64>,
    /// Batches of this library saved from the copy since it was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(type = "number[]")]
    pub saved: Vec<u64>,
}

/// What the editor learns from a save.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Saved {
    /// What undo and redo would do now.
    pub undo: UndoState,
    /// The stored document now holds edits made elsewhere that the editor's copy lacks:
    /// reload it when the user is not typing.
    pub merged: bool,
}

/// What [`Library::save_from`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveOutcome {
    /// The new batch, or `None` when the copy held no change.
    pub batch: Option<u64>,
    /// The version the saved copy now is: pass it to the next save of the same copy.
    pub base: Base,
    /// The stored document differs from the saved copy: edits made elsewhere since the copy
    /// was read are in it. The editor should show it (with its base) when it can.
    pub merged: bool,
}

struct Step {
    /// The device id the batch was made under (this library's, or one it had before).
    device: String,
    /// The batch the user sees (the original edit).
    logical: u64,
    /// The batch whose ops last made this change (the edit, or the undo/redo of it).
    effective: u64,
    label: String,
}

impl Library {
    /// The document and its undo state, for the editor.
    pub fn view(&self, doc: Uuid) -> Result<DocumentView, StoreError> {
        Ok(DocumentView {
            document: self.document(doc)?,
            undo: self.undo_state(doc)?,
            base: self.base(doc)?,
            missing_ops: self.missing_ops(doc)?,
        })
    }

    /// The version `doc` is now (see [`Base`]).
    pub fn base(&self, doc: Uuid) -> Result<Base, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device, MAX(last) FROM ops WHERE doc = ?1 GROUP BY device")?;
        let seen = stmt
            .query_map([doc.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Base {
            seen,
            saved: Vec::new(),
        })
    }

    /// Stores `target` relative to the *current* version: whatever differs from the stored
    /// document becomes one batch of ops. Only for a copy known to be current (tests, a
    /// document just read under the same lock); an editor saves with [`Library::save_from`].
    /// Returns the batch, or `None` when nothing changed (nothing is written).
    pub fn save(&mut self, target: &Document, label: &str) -> Result<Option<u64>, StoreError> {
        let state = self.state(target.id)?;
        let ops = diff(&state, target)?;
        self.apply_batch(target.id, ops, BatchKind::Edit, label, None)
    }

    /// Stores `target`, an edited copy of the version `base`, as one batch: only what the
    /// user changed since `base` is written, each op superseding what `base` held (so an
    /// edit made elsewhere since is kept, merged or shown as a conflict, never reverted).
    pub fn save_from(
        &mut self,
        target: &Document,
        label: &str,
        base: &Base,
    ) -> Result<SaveOutcome, StoreError> {
        let doc = target.id;
        let batch = if self.has_ops_beyond(doc, base)? {
            let from = self.state_at(doc, base)?;
            let ops = diff(&from, target)?;
            self.apply_batch_reporting(
                doc,
                ops,
                BatchKind::Edit,
                label,
                None,
                Some(from),
                None,
                &mut |_| {},
            )?
        } else {
            self.save(target, label)?
        };
        let unchanged = diff(&self.state(doc)?, target)?.is_empty();
        Ok(if unchanged {
            SaveOutcome {
                batch,
                base: self.base(doc)?,
                merged: false,
            }
        } else {
            let mut base = base.clone();
            base.saved.extend(batch);
            SaveOutcome {
                batch,
                base,
                merged: true,
            }
        })
    }

    /// Whether `doc` has ops that are not in the version `base`.
    fn has_ops_beyond(&self, doc: Uuid, base: &Base) -> Result<bool, StoreError> {
        let seen = serde_json::to_string(&base.seen).unwrap_or_default();
        let saved = serde_json::to_string(&base.saved).unwrap_or_default();
        let own = serde_json::to_string(&self.own_devices()?).unwrap_or_default();
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM ops o WHERE o.doc = ?1
               AND o.last > COALESCE((SELECT value FROM json_each(?2) WHERE key = o.device), 0)
               AND NOT (o.device IN (SELECT value FROM json_each(?4))
                        AND o.batch IN (SELECT value FROM json_each(?3))))",
            params![doc.to_string(), seen, saved, own],
            |r| r.get(0),
        )?)
    }

    /// The document as the version `base` has it.
    fn state_at(&self, doc: Uuid, base: &Base) -> Result<DocState, StoreError> {
        let own = self.own_devices()?;
        let mut state = DocState::empty(doc);
        for op in self.ops(doc)? {
            let seen = base
                .seen
                .get(&op.id.device)
                .is_some_and(|&c| op.id.counter <= c);
            if seen || (own.contains(&op.id.device) && base.saved.contains(&op.batch)) {
                state.replay(&op);
            }
        }
        if state.exists {
            Ok(state)
        } else {
            Err(StoreError::NotFound(doc.to_string()))
        }
    }

    /// Every batch of `doc`, oldest first.
    pub fn history(&self, doc: Uuid) -> Result<Vec<HistoryEntry>, StoreError> {
        let own = self.own_devices()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.device, o.batch, MIN(o.wall), SUM(o.last - o.first + 1), b.kind, b.label
             FROM ops o LEFT JOIN batches b ON b.device = o.device AND b.batch = o.batch
             WHERE o.doc = ?1 GROUP BY o.device, o.batch ORDER BY MIN(o.wall), MIN(o.logical), o.device, o.batch",
        )?;
        let rows = stmt.query_map([doc.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (device, batch, wall, ops, kind, label) = row?;
            Ok(HistoryEntry {
                mine: own.contains(&device),
                device,
                batch: batch as u64,
                kind: kind.as_deref().map_or(BatchKind::Edit, BatchKind::parse),
                label: label.unwrap_or_default(),
                wall_ms: wall as u64,
                ops,
            })
        })
        .collect()
    }

    /// The document as it was right after batch `batch` of `device`.
    pub fn version(&self, doc: Uuid, device: &str, batch: u64) -> Result<Document, StoreError> {
        Ok(self.around(doc, device, batch)?.1.to_document())
    }

    /// Makes the document what it was right after batch `batch` of `device`, as a new batch.
    pub fn restore_version(
        &mut self,
        doc: Uuid,
        device: &str,
        batch: u64,
    ) -> Result<Option<u64>, StoreError> {
        let target = self.version(doc, device, batch)?;
        let state = self.state(doc)?;
        let ops = diff(&state, &target)?;
        self.apply_batch(doc, ops, BatchKind::Restore, "", None)
    }

    /// What undo and redo would do now.
    pub fn undo_state(&self, doc: Uuid) -> Result<UndoState, StoreError> {
        let (undo, redo) = self.stacks(doc)?;
        Ok(UndoState {
            undo: undo.last().map(|s| s.label.clone()),
            redo: redo.last().map(|s| s.label.clone()),
        })
    }

    /// Takes back this device's latest edit of `doc` that is not undone yet, keeping every
    /// later change to other fields. Returns the new batch, or `None` if there is nothing to undo.
    pub fn undo(&mut self, doc: Uuid) -> Result<Option<u64>, StoreError> {
        let (undo, _) = self.stacks(doc)?;
        match undo.last() {
            Some(step) => self.take_back(doc, step, BatchKind::Undo),
            None => Ok(None),
        }
    }

    /// Puts back the latest undone edit. Returns the new batch, or `None` if there is none.
    pub fn redo(&mut self, doc: Uuid) -> Result<Option<u64>, StoreError> {
        let (_, redo) = self.stacks(doc)?;
        match redo.last() {
            Some(step) => self.take_back(doc, step, BatchKind::Redo),
            None => Ok(None),
        }
    }

    fn take_back(
        &mut self,
        doc: Uuid,
        step: &Step,
        kind: BatchKind,
    ) -> Result<Option<u64>, StoreError> {
        let (before, after) = self.around(doc, &step.device, step.effective)?;
        let current = self.state(doc)?;
        let target = revert(&current.to_document(), &before, &after);
        let ops = diff(&current, &target)?;
        // Even when the change was already overwritten (ops is empty) the step is recorded,
        // so the stacks move on instead of sticking on an edit with nothing left to undo.
        self.apply_batch(doc, ops, kind, &step.label, Some(step.logical))
    }

    /// The undo and redo stacks of this device for `doc`, from its batches in order.
    fn stacks(&self, doc: Uuid) -> Result<(Vec<Step>, Vec<Step>), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT batch, kind, label, device FROM batches
             WHERE doc = ?1 AND device IN (SELECT value FROM json_each(?2)) ORDER BY batch",
        )?;
        // Batch numbers are the library's, whatever device id it had: one order for all.
        let own = serde_json::to_string(&self.own_devices()?).unwrap_or_default();
        let rows = stmt.query_map(params![doc.to_string(), own], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let (mut undo, mut redo) = (Vec::<Step>::new(), Vec::<Step>::new());
        for row in rows {
            let (batch, kind, label, device) = row?;
            let batch = batch as u64;
            match BatchKind::parse(&kind) {
                BatchKind::Share => {}
                BatchKind::Import => {
                    undo.clear();
                    redo.clear();
                }
                BatchKind::Edit | BatchKind::Restore => {
                    undo.push(Step {
                        device,
                        logical: batch,
                        effective: batch,
                        label,
                    });
                    redo.clear();
                }
                BatchKind::Undo => {
                    if let Some(step) = undo.pop() {
                        redo.push(Step {
                            device,
                            effective: batch,
                            ..step
                        });
                    }
                }
                BatchKind::Redo => {
                    if let Some(step) = redo.pop() {
                        undo.push(Step {
                            device,
                            effective: batch,
                            ..step
                        });
                    }
                }
            }
        }
        Ok((undo, redo))
    }

    /// The document's state just before and just after batch `batch` of `device`: everything
    /// earlier in replay order, then that batch's ops alone.
    fn around(
        &self,
        doc: Uuid,
        device: &str,
        batch: u64,
    ) -> Result<(DocState, DocState), StoreError> {
        let ops = self.ops(doc)?;
        let in_batch = |op: &Op| op.id.device == device && op.batch == batch;
        let first = ops.iter().position(in_batch).ok_or_else(|| {
            StoreError::NotFound(format!(
                "batch {batch} of device {device} in document {doc}"
            ))
        })?;
        let mut before = DocState::empty(doc);
        for op in &ops[..first] {
            before.replay(op);
        }
        let mut after = before.clone();
        for op in ops[first..].iter().filter(|op| in_batch(op)) {
            after.replay(op);
        }
        Ok((before, after))
    }

    /// The batch kind and label stored for `batch` of this device, if any.
    pub(super) fn record_batch(
        tx: &rusqlite::Connection,
        device: &str,
        batch: u64,
        doc: Uuid,
        kind: BatchKind,
        label: &str,
        target: Option<u64>,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO batches (device, batch, doc, kind, label, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![device, batch as i64, doc.to_string(), kind.as_str(), label, target.map(|t| t as i64)],
        )?;
        Ok(())
    }
}
