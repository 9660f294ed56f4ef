//! The trash and copies: deleting moves a document to the trash (an op, so it syncs and
//! can be undone); restoring brings it back; duplicating makes a new document.

use uuid::Uuid;

use super::{BatchKind, Library, StoreError};
use crate::ops::OpKind;

impl Library {
    /// Moves a document to the trash.
    pub fn trash(&mut self, doc: Uuid) -> Result<(), StoreError> {
        if !self.state(doc)?.deleted {
            self.apply_batch(
                doc,
                vec![OpKind::DeleteDocument],
                BatchKind::Edit,
                "Delete document",
                None,
            )?;
        }
        Ok(())
    }

    /// Brings a document back from the trash.
    pub fn untrash(&mut self, doc: Uuid) -> Result<(), StoreError> {
        if self.state(doc)?.deleted {
            self.apply_batch(
                doc,
                vec![OpKind::RestoreDocument],
                BatchKind::Edit,
                "Restore document",
                None,
            )?;
        }
        Ok(())
    }

    /// A copy of a document as a new document (new id, same content, title marked as a
    /// copy by `suffix`, e.g. " (copy)"). Returns the new id.
    pub fn duplicate(&mut self, doc: Uuid, suffix: &str) -> Result<Uuid, StoreError> {
        let mut copy = self.document(doc)?;
        copy.id = Uuid::new_v4();
        copy.title.push_str(suffix);
        self.create_document(&copy)
    }
}
