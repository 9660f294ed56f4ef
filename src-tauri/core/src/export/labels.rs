use crate::model::{CreditRole, Role};

/// The words an export uses around the content, in the document's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Chinese conventions (full-width colon, `丨`), or English.
    pub chinese: bool,
}

impl Labels {
    /// Labels for a BCP 47 language tag: Chinese for `zh…`, English otherwise.
    pub fn for_language(language: &str) -> Labels {
        Labels {
            chinese: language.to_ascii_lowercase().starts_with("zh"),
        }
    }

    /// The colon after a label.
    pub fn colon(self) -> &'static str {
        if self.chinese { "\u{FF1A}" } else { ": " }
    }

    /// Between the column and the title.
    pub fn column_separator(self) -> &'static str {
        if self.chinese { "丨" } else { " | " }
    }

    /// A role's name.
    pub fn role(self, role: Role) -> &'static str {
        match (role, self.chinese) {
            (Role::Moderator, true) => "主持人",
            (Role::Moderator, false) => "Moderator",
            (Role::Guest, true) => "嘉宾",
            (Role::Guest, false) => "Guest",
            (Role::Other, true) => "发言人",
            (Role::Other, false) => "Speaker",
        }
    }

    /// The plain heading of the guest list (a document's own `guest_heading` wins).
    pub fn guests(self) -> &'static str {
        if self.chinese { "嘉宾" } else { "Guests" }
    }

    /// One guest's role word under a guest list headed `heading` (the source's own,
    /// `观察嘉宾`, `Panelists`): a Chinese heading as it is (`观察嘉宾：封飞行`); an English
    /// plural without its `s` (`Panelist`), and the plain `Guest` for a heading that is no
    /// plural (`Panel`), since one person is not a panel.
    pub fn guest_word(self, heading: &str) -> String {
        let heading = heading.trim();
        if self.chinese || heading.chars().any(crate::model::is_cjk) {
            return heading.to_owned();
        }
        match heading.strip_suffix('s') {
            Some(one) if !one.is_empty() && !one.ends_with('s') => one.to_owned(),
            _ => self.role(Role::Guest).to_owned(),
        }
    }

    /// The label of the topic line.
    pub fn topics(self) -> &'static str {
        if self.chinese { "话题" } else { "Tags" }
    }

    /// Between topics.
    pub fn list_separator(self) -> &'static str {
        if self.chinese { "、" } else { ", " }
    }

    /// A credit's label.
    pub fn credit(self, role: CreditRole) -> &'static str {
        match (role, self.chinese) {
            (CreditRole::Author, true) => "作者",
            (CreditRole::Author, false) => "Author",
            (CreditRole::Editor, true) => "编辑",
            (CreditRole::Editor, false) => "Editor",
            (CreditRole::Photo, true) => "摄影",
            (CreditRole::Photo, false) => "Photos",
            (CreditRole::Source, true) => "来源",
            (CreditRole::Source, false) => "Source",
            (CreditRole::Other, true) => "审核",
            (CreditRole::Other, false) => "Credits",
        }
    }

    /// The fallback title.
    pub fn untitled(self) -> &'static str {
        if self.chinese {
            "无标题"
        } else {
            "Untitled"
        }
    }
}
