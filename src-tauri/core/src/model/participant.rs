use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a participant does in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Asks the questions: host, moderator, interviewer.
    Moderator,
    /// Answers: guest, panelist, interviewee.
    #[default]
    Guest,
    /// Anyone else who speaks (audience, translator, unidentified voice).
    Other,
}

impl Role {
    /// The lowercase name used in JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Guest => "guest",
            Role::Other => "other",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "moderator" => Some(Role::Moderator),
            "guest" => Some(Role::Guest),
            "other" => Some(Role::Other),
            _ => None,
        }
    }
}

/// A person who speaks in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Participant {
    /// Stable id, unique within the document; turns refer to it.
    pub id: String,
    /// Display name as it should appear in the article.
    pub name: String,
    /// Moderator, guest or other.
    pub role: Role,
    /// Job title, e.g. "Head of Research".
    #[serde(default)]
    pub title: Option<String>,
    /// Organisation, e.g. "City Trade Union".
    #[serde(default)]
    pub organization: Option<String>,
    /// Other labels that refer to this person in sources (`主持人`, a surname, capitals).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Participant {
    /// A participant with just an id, a name and a role.
    pub fn new(id: impl Into<String>, name: impl Into<String>, role: Role) -> Participant {
        Participant {
            id: id.into(),
            name: name.into(),
            role,
            title: None,
            organization: None,
            aliases: Vec::new(),
        }
    }

    /// Whether `label` names this participant: its name or one of its aliases,
    /// ignoring case and surrounding whitespace.
    pub fn answers_to(&self, label: &str) -> bool {
        let label = label.trim().to_lowercase();
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|n| n.trim().to_lowercase() == label)
    }
}
