//! The operation log: every change to a document is an [`Op`].
//!
//! Import, the CLI, the app's edits, undo, history and sync all produce ops; the library's
//! document tables are only the state that replaying them gives ([`DocState`]).

mod build;
pub mod compare;
mod diff;
mod hlc;
pub mod merge;
mod op;
mod person;
pub mod position;
mod revert;
mod state;
pub mod text_merge;

pub use build::ops_for_document;
pub use compare::{BlockSide, Change, DocField, compare};
pub use diff::diff;
pub use hlc::Hlc;
pub use merge::{Conflict, ConflictKind, ConflictValue, FieldName, conflicts};
pub use op::{
    ImageField, MetaField, Op, OpId, OpKind, ParticipantField, SharedRecording, valid_sha256,
};
pub use person::{PersonField, PersonState};
pub use revert::revert;
pub use state::{ApplyError, DocState, Origin, PlacedBlock, Touched};
