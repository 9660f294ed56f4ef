//! A person of the library's directory as the replay of its own log: the ops whose `doc` is
//! the person's id ([`OpKind::is_person_op`]). Each field is a multi-value register, as a
//! document's are ([`super::merge`]), so two devices renaming one person concurrently end
//! with a conflict shown to the user, never a silent loss; "different people" marks are a
//! grow-only set.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use uuid::Uuid;

use super::merge::{Register, Survivor};
use super::{Op, OpId, OpKind};

/// A person field, as a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    /// The canonical name.
    Name,
    /// The other spellings.
    Aliases,
    /// The person it was merged into.
    MergedInto,
}

/// A person as its ops leave it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonState {
    /// Whether any op named this person yet.
    pub exists: bool,
    /// The canonical name.
    pub name: String,
    /// Other spellings and scripts.
    pub aliases: Vec<String>,
    /// The person this one was merged into, if any.
    pub merged_into: Option<Uuid>,
    /// People the user said are someone else.
    pub distinct: BTreeSet<Uuid>,
    /// Wall time of the latest op, in ms.
    pub updated_ms: u64,
    name_register: Register,
    aliases_register: Register,
    merged_register: Register,
}

impl PersonState {
    /// Folds one op of the person's log in (order-free: the result depends only on the set
    /// of ops). Ops that are not person ops change nothing.
    pub fn replay(&mut self, op: &Op) {
        let (field, value) = match &op.kind {
            OpKind::SetPersonName { name } => (PersonField::Name, json!(name)),
            OpKind::SetPersonAliases { aliases } => (PersonField::Aliases, json!(aliases)),
            OpKind::SetMergedInto { into } => (PersonField::MergedInto, json!(into)),
            OpKind::MarkDistinct { other } => {
                self.exists = true;
                self.distinct.insert(*other);
                self.updated_ms = self.updated_ms.max(op.hlc.wall);
                return;
            }
            _ => return,
        };
        self.exists = true;
        self.updated_ms = self.updated_ms.max(op.hlc.wall);
        let register = self.register_mut(field);
        register.write(
            Survivor {
                id: op.id.clone(),
                hlc: op.hlc,
                value,
                pred: op.pred.clone(),
            },
            false,
        );
        let shown = register.winner().map(|w| w.value.clone());
        let shown = shown.unwrap_or(Value::Null);
        match field {
            PersonField::Name => self.name = serde_json::from_value(shown).unwrap_or_default(),
            PersonField::Aliases => {
                self.aliases = serde_json::from_value(shown).unwrap_or_default()
            }
            PersonField::MergedInto => {
                self.merged_into = serde_json::from_value(shown).unwrap_or_default()
            }
        }
    }

    fn register_mut(&mut self, field: PersonField) -> &mut Register {
        match field {
            PersonField::Name => &mut self.name_register,
            PersonField::Aliases => &mut self.aliases_register,
            PersonField::MergedInto => &mut self.merged_register,
        }
    }

    fn register(&self, field: PersonField) -> &Register {
        match field {
            PersonField::Name => &self.name_register,
            PersonField::Aliases => &self.aliases_register,
            PersonField::MergedInto => &self.merged_register,
        }
    }

    /// The ops a new op of this kind supersedes: what this replica holds for its field.
    pub fn pred(&self, kind: &OpKind) -> Vec<OpId> {
        let field = match kind {
            OpKind::SetPersonName { .. } => PersonField::Name,
            OpKind::SetPersonAliases { .. } => PersonField::Aliases,
            OpKind::SetMergedInto { .. } => PersonField::MergedInto,
            _ => return Vec::new(),
        };
        let mut ids: Vec<OpId> = self
            .register(field)
            .survivors
            .iter()
            .map(|s| s.id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Fields written concurrently with different values (two devices renamed the person
    /// differently): each with its values, the shown one first. Concurrent writes of the
    /// same value (two devices that both created "杨梅芳") are no conflict.
    pub fn conflicts(&self) -> Vec<(PersonField, Vec<(OpId, Value)>)> {
        let mut out = Vec::new();
        for field in [
            PersonField::Name,
            PersonField::Aliases,
            PersonField::MergedInto,
        ] {
            let register = self.register(field);
            let mut values: Vec<&Survivor> = register.survivors.iter().collect();
            values.sort_by(|a, b| (b.hlc, &b.id).cmp(&(a.hlc, &a.id)));
            let distinct: BTreeSet<String> = values.iter().map(|s| s.value.to_string()).collect();
            if distinct.len() > 1 {
                out.push((
                    field,
                    values
                        .into_iter()
                        .map(|s| (s.id.clone(), s.value.clone()))
                        .collect(),
                ));
            }
        }
        out
    }
}
