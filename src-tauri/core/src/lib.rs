//! Roundtable's core: the document model, the operation log, the SQLite library,
//! importers and exporters.
//!
//! Nothing here depends on Tauri or on any UI, and nothing holds process-global state:
//! the desktop app and the `roundtable` CLI are thin layers over this crate.

pub mod error;
pub mod export;
pub mod import;
pub mod media;
pub mod model;
pub mod ops;
pub mod people;
pub mod progress;
pub mod store;
pub mod sync;

pub use error::{ErrorCode, IpcError};
pub use model::{Block, Credit, CreditRole, Document, Participant, Role};
/// Document and person ids, re-exported so the edges need not depend on `uuid` themselves.
pub use uuid::Uuid;
