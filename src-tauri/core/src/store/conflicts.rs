//! Conflicts from concurrent edits: listing them and resolving one by choosing a value.

use uuid::Uuid;

use super::{BatchKind, Library, StoreError};
use crate::ops::merge::{BField, Field, field_named, op_for};
use crate::ops::{ApplyError, Conflict, ConflictKind, OpKind, conflicts};

impl Library {
    /// Conflicts in a document: fields with concurrent values, blocks edited while deleted.
    pub fn conflicts(&self, doc: Uuid) -> Result<Vec<Conflict>, StoreError> {
        let mut all = conflicts(&self.state(doc)?);
        for value in all.iter_mut().flat_map(|c| c.values.iter_mut()) {
            value.mine = value.device == self.device;
        }
        Ok(all)
    }

    /// Resolves the conflict on `field` (as [`Conflict::field`] names it) by keeping the
    /// value written by `op` (`device:counter`, from [`crate::ops::ConflictValue::op`]).
    /// For a block edited while deleted, choosing the delete keeps it deleted; choosing an
    /// edit brings the block back with that edit. Appends one op; returns its batch.
    pub fn resolve_conflict(
        &mut self,
        doc: Uuid,
        field: &str,
        op: &str,
    ) -> Result<Option<u64>, StoreError> {
        let state = self.state(doc)?;
        let all = conflicts(&state);
        let conflict = all
            .iter()
            .find(|c| c.field == field)
            .ok_or_else(|| StoreError::NotFound(format!("conflict on {field}")))?;
        let chosen = conflict
            .values
            .iter()
            .position(|v| v.op == op)
            .ok_or_else(|| {
                StoreError::NotFound(format!("value {op} in the conflict on {field}"))
            })?;
        let invalid = |m: String| StoreError::Rejected(ApplyError::Invalid(m));
        let kind = match conflict.kind {
            ConflictKind::EditedWhileDeleted => {
                let block = conflict.block.clone().unwrap_or_default();
                if chosen == 0 {
                    OpKind::DeleteBlock { block }
                } else {
                    let f = Field::Block(block.clone(), BField::Deleted);
                    op_for(&f, &serde_json::Value::Bool(false), &state)
                        .ok_or_else(|| invalid(format!("block {block} cannot be restored")))?
                }
            }
            ConflictKind::Value => {
                let f = field_named(&state, field)
                    .ok_or_else(|| StoreError::NotFound(format!("field {field}")))?;
                op_for(f, &conflict.values[chosen].value, &state).ok_or_else(|| {
                    invalid(format!("the value of {op} cannot be written to {field}"))
                })?
            }
        };
        self.apply_batch(doc, vec![kind], BatchKind::Edit, "Resolve conflict", None)
    }
}
