//! The canonical document model (format v1, see `docs/format.md`).
//!
//! Every importer produces a [`Document`], every exporter consumes one, and the library
//! stores one as the state derived from its operation log.

mod block;
mod count;
mod credit;
mod document;
mod label_form;
mod participant;

pub use block::{Block, BlockKind};
pub(crate) use count::is_cjk;
pub use count::{TextCount, count_text};
pub use credit::{Credit, CreditRole};
pub use document::{Document, FORMAT_NAME, FORMAT_VERSION, FormatError, FormatTag};
pub use label_form::LabelForm;
pub use participant::{Participant, Role};
