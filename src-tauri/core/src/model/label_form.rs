//! How a document's speakers are labelled: the forms an export can print, and the one a
//! source used (kept on the document so that its exports print it the same way).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a turn names its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum LabelForm {
    /// The name as printed (`王立新`, `Dana Whitfield`).
    Name,
    /// Name and role (`王立新(嘉宾)`, `Dana Whitfield (Moderator)`).
    NameRole,
    /// The role alone (`主持人`, `Guest`); a role several people share falls back to
    /// name and role so that nobody is confused with anybody else.
    Role,
    /// The full name with title and organisation on a speaker's first turn, the short name
    /// (the surname in English) after.
    Full,
    /// The host's role word (`主持人`, `Moderator`) for the host, names for everyone else:
    /// how most Chinese newsrooms print a roundtable.
    HostRole,
}

impl LabelForm {
    /// Parses a `--labels` value.
    pub fn from_name(name: &str) -> Option<LabelForm> {
        match name.to_ascii_lowercase().as_str() {
            "name" => Some(LabelForm::Name),
            "name-role" | "name+role" => Some(LabelForm::NameRole),
            "role" => Some(LabelForm::Role),
            "full" => Some(LabelForm::Full),
            "host-role" | "host" => Some(LabelForm::HostRole),
            _ => None,
        }
    }

    /// The `--labels` value (and canonical JSON value) of this form.
    pub fn name(self) -> &'static str {
        match self {
            LabelForm::Name => "name",
            LabelForm::NameRole => "name-role",
            LabelForm::Role => "role",
            LabelForm::Full => "full",
            LabelForm::HostRole => "host-role",
        }
    }
}
