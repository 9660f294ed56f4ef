//! Team sync through a shared folder that any file-sync tool replicates.
//!
//! Each device writes only its own immutable, checksummed segment files under
//! `.roundtable/v1/<device>/` and content-addressed images under `assets/` (and shared recordings under `media/`), so the sync
//! tool never has to merge a file; the live database never goes into the folder. Reading
//! is order-free: a document's state is a function of the set of ops (see
//! [`crate::ops::merge`]). See `docs/sync.md` for the folder format.
//!
//! [`listing::scan`] reads the folder, [`plan::plan`] (pure) decides, [`run::sync`] acts.

pub mod listing;
pub mod plan;
pub mod recordings;
pub mod run;
pub mod schedule;
pub mod segment;

pub use listing::UnsafeFolder;
pub use run::{LibraryAccess, SyncError, SyncReport, SyncStatus, sync, sync_with};
