use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a credited person or body did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CreditRole {
    /// Wrote the article or the transcript.
    Author,
    /// Edited it.
    Editor,
    /// Took or supplied the pictures.
    Photo,
    /// Where it was first published.
    Source,
    /// Anything else (reviewer, translator…).
    Other,
}

/// One credit line of the article (`来源:…`, `Edited by …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Credit {
    /// What they did.
    pub role: CreditRole,
    /// Who: a person or an organisation.
    pub name: String,
}
