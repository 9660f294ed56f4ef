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

impl CreditRole {
    /// The lowercase name used in JSON and in Markdown front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditRole::Author => "author",
            CreditRole::Editor => "editor",
            CreditRole::Photo => "photo",
            CreditRole::Source => "source",
            CreditRole::Other => "other",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<CreditRole> {
        [
            CreditRole::Author,
            CreditRole::Editor,
            CreditRole::Photo,
            CreditRole::Source,
            CreditRole::Other,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One credit line of the article (`来源:…`, `Edited by …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Credit {
    /// What they did.
    pub role: CreditRole,
    /// Who: a person or an organisation.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_role_names_itself_as_json_does_and_reads_that_name_back() {
        for role in [
            CreditRole::Author,
            CreditRole::Editor,
            CreditRole::Photo,
            CreditRole::Source,
            CreditRole::Other,
        ] {
            let json = serde_json::to_value(role).expect("json");
            assert_eq!(json.as_str(), Some(role.as_str()));
            assert_eq!(CreditRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(CreditRole::parse("Editor"), None);
    }
}
