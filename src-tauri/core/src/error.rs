//! The one error shape that crosses to the UI: a stable code and a message a user can act on.

use serde::Serialize;
use ts_rs::TS;

use crate::import::{ImportError, Note};
use crate::store::StoreError;

/// What kind of failure, for the UI to choose how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing asked for does not exist.
    NotFound,
    /// The input (a file, a paste, an edit) cannot be used.
    InvalidInput,
    /// The library file failed.
    Storage,
    /// The library was written by a newer Roundtable.
    NewerLibrary,
    /// A file could not be read or written.
    Io,
    /// A bug: it should not happen.
    Internal,
}

/// An error as the UI receives it: `{ "code": "...", "message": "...", "detail": null }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// One sentence for the user, in English.
    pub message: String,
    /// The same as a stable code with arguments, where there is one (an import refused), for
    /// the UI to word in the interface language.
    pub detail: Option<Note>,
}

impl IpcError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
            detail: None,
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> IpcError {
        let code = match &e {
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::NewerLibrary { .. } => ErrorCode::NewerLibrary,
            StoreError::Ambiguous { .. } | StoreError::Rejected(_) | StoreError::Invalid(_) => {
                ErrorCode::InvalidInput
            }
            StoreError::CreateDir { .. } => ErrorCode::Io,
            StoreError::Open { .. }
            | StoreError::Migration { .. }
            | StoreError::Corrupt(_)
            | StoreError::DamagedHeader { .. }
            | StoreError::OpIdTaken { .. }
            | StoreError::Sqlite(_) => ErrorCode::Storage,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<ImportError> for IpcError {
    fn from(e: ImportError) -> IpcError {
        IpcError {
            code: ErrorCode::InvalidInput,
            message: e.to_string(),
            detail: Some(e.note()),
        }
    }
}

impl From<crate::store::MediaError> for IpcError {
    fn from(e: crate::store::MediaError) -> IpcError {
        use crate::store::MediaError;
        match e {
            MediaError::Store(e) => e.into(),
            MediaError::NotAttached(_) | MediaError::Missing { .. } | MediaError::NotHere(_) => {
                IpcError::new(ErrorCode::NotFound, e.to_string())
            }
            MediaError::NotMedia { .. }
            | MediaError::NoMatch { .. }
            | MediaError::Shared(_)
            | MediaError::Ambiguous { .. } => IpcError::new(ErrorCode::InvalidInput, e.to_string()),
            MediaError::Io { .. } => IpcError::new(ErrorCode::Io, e.to_string()),
        }
    }
}

impl From<crate::store::AssetError> for IpcError {
    fn from(e: crate::store::AssetError) -> IpcError {
        use crate::store::AssetError as A;
        let code = match &e {
            A::NotAnImage | A::TooLarge(_) => ErrorCode::InvalidInput,
            A::UnknownName(_) => ErrorCode::NotFound,
            A::Io { .. } => ErrorCode::Io,
        };
        IpcError::new(code, e.to_string())
    }
}
