//! YAML front matter of a Markdown file: pandoc's keys (`title`, `subtitle`, `author`, `lang`,
//! `keywords`) and Roundtable's own (`column`, `participants`, `credits`), as
//! `export --format md` writes them with front matter on.
//!
//! Front matter describes the document, so where it and the body both say something, front
//! matter wins: its participants get their roles, titles and organisations (and come first, in
//! its order), its credit list replaces the one found in the body, its keywords are the topics.
//! `date` has no place in the model and is left out. A value of the wrong shape is skipped
//! with a warning; nothing in front matter ever becomes body text.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use super::names::same_name;
use super::{Diagnostic, Note, local_id, renumber_participants};
use crate::model::{Credit, CreditRole, Document, Participant, Role};

/// How much aliases (`*name`) may add to the front matter once expanded, in bytes of scalar
/// text plus one per node. Loading copies an anchor's whole value for every alias, and
/// anchors can be made of aliases: nine lines of nine aliases each expand a few hundred bytes
/// to gigabytes. Hand-written front matter that uses aliases repeats a name or two.
pub(super) const MAX_ALIAS_EXPANSION: usize = 64 * 1024;

/// What aliases would add to `yaml` once expanded, read from the parser's events without
/// expanding anything; `None` once it passes [`MAX_ALIAS_EXPANSION`]. A syntax error ends the
/// count where loading would stop too.
fn alias_expansion(yaml: &str) -> Option<usize> {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    // The open sequences and mappings: (anchor id, size so far).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut added = 0usize;
    let mut parser = Parser::new_from_str(yaml);
    while let Ok((event, _)) = parser.next_token() {
        let (anchor, size) = match event {
            Event::StreamEnd => break,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some(done) => done,
                None => continue,
            },
            Event::Scalar(value, _, anchor, _) => (anchor, 1 + value.len()),
            Event::Alias(id) => {
                // An alias to an anchor still open (itself) loads as nothing.
                let size = sizes.get(&id).copied().unwrap_or(1);
                added = added.saturating_add(size);
                if added > MAX_ALIAS_EXPANSION {
                    return None;
                }
                (0, size)
            }
            _ => continue,
        };
        if anchor > 0 {
            sizes.insert(anchor, size);
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
    Some(added)
}

/// Applies the front matter `yaml` (the text between the `---` lines) to `doc`.
pub(super) fn apply(doc: &mut Document, yaml: &str, diags: &mut Vec<Diagnostic>) {
    if alias_expansion(yaml).is_none() {
        diags.push(Diagnostic::warning(
            1,
            Note::FrontMatterTooLarge {
                kib: MAX_ALIAS_EXPANSION / 1024,
            },
        ));
        return;
    }
    let meta = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => docs.into_iter().next(),
        Err(e) => {
            diags.push(Diagnostic::warning(
                1,
                Note::FrontMatterInvalid {
                    reason: e.to_string(),
                },
            ));
            return;
        }
    };
    let Some(Yaml::Hash(meta)) = meta else {
        if meta.is_some_and(|m| !m.is_null()) {
            diags.push(Diagnostic::warning(1, Note::FrontMatterNotMapping {}));
        }
        return;
    };
    let get = |key: &str| meta.get(&Yaml::String(key.to_owned()));
    if let Some(title) = get("title").and_then(text) {
        doc.title = title;
    }
    if let Some(subtitle) = get("subtitle").and_then(text) {
        doc.subtitle = Some(subtitle);
    }
    if let Some(column) = get("column").and_then(text) {
        doc.column = Some(column);
    }
    if let Some(heading) = get("guest_heading").and_then(text) {
        doc.guest_heading = Some(heading);
    }
    // As the document asks: a form this build does not know leaves what the body showed.
    if let Some(form) = get("speaker_labels")
        .and_then(text)
        .and_then(|f| crate::model::LabelForm::from_name(&f))
    {
        doc.speaker_labels = Some(form);
    }
    if let Some(lang) = get("lang").and_then(text) {
        doc.language = lang.to_lowercase();
    }
    if let Some(topics) = ["keywords", "tags", "topics"]
        .into_iter()
        .filter_map(get)
        .map(texts)
        .find(|t| !t.is_empty())
    {
        doc.topics = Vec::new();
        for t in topics {
            if !doc.topics.contains(&t) {
                doc.topics.push(t);
            }
        }
    }
    if let Some(people) = get("participants") {
        participants(doc, people, diags);
    }
    match get("credits") {
        Some(list) => credits(doc, list, diags),
        None => {
            for name in get("author").map(texts).unwrap_or_default() {
                let credit = Credit {
                    role: CreditRole::Author,
                    name,
                };
                if !doc.credits.contains(&credit) {
                    doc.credits.push(credit);
                }
            }
        }
    }
}

/// A scalar as text: strings, numbers and booleans; `None` for the rest and for blanks.
fn text(y: &Yaml) -> Option<String> {
    let s = match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    let s = unescape_markdown(s.trim());
    (!s.is_empty()).then_some(s)
}

/// Front-matter values are Markdown to pandoc, so writers escape them (`\*`, `\_`): take a
/// backslash off any ASCII punctuation it escapes, as a Markdown reader would.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// A list of scalars, or one scalar separated by commas (`keywords: 工会, 社区`).
fn texts(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other)
            .map(|s| {
                s.split([',', '\u{FF0C}', '\u{3001}'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn field(entry: &Yaml, key: &str) -> Option<String> {
    match entry {
        Yaml::Hash(h) => h.get(&Yaml::String(key.to_owned())).and_then(text),
        _ => None,
    }
}

/// Listed participants take their role, title and organisation from the list (a name the body
/// never used is added) and come first, in the list's order; ids follow the new order.
fn participants(doc: &mut Document, list: &Yaml, diags: &mut Vec<Diagnostic>) {
    let Yaml::Array(entries) = list else {
        diags.push(Diagnostic::warning(
            1,
            Note::FrontMatterParticipantsNotList {},
        ));
        return;
    };
    let mut listed: Vec<usize> = Vec::new();
    for entry in entries {
        let Some(name) = field(entry, "name") else {
            diags.push(Diagnostic::warning(
                1,
                Note::FrontMatterParticipantWithoutName {},
            ));
            continue;
        };
        let role = field(entry, "role").map(|r| Role::parse(&r.to_lowercase()));
        if let Some(None) = role {
            diags.push(Diagnostic::warning(
                1,
                Note::FrontMatterRoleUnknown { name: name.clone() },
            ));
        }
        let i = match doc.participants.iter().position(|p| {
            same_name(&p.name, &name) || p.aliases.iter().any(|a| same_name(a, &name))
        }) {
            Some(i) => i,
            None => {
                let id = local_id('p', doc.participants.len() + 1);
                doc.participants
                    .push(Participant::new(id, name, Role::Guest));
                doc.participants.len() - 1
            }
        };
        let p = &mut doc.participants[i];
        if let Some(Some(role)) = role {
            p.role = role;
        }
        if let Some(title) = field(entry, "title") {
            p.title = Some(title);
        }
        if let Some(org) = field(entry, "organization").or_else(|| field(entry, "organisation")) {
            p.organization = Some(org);
        }
        if !listed.contains(&i) {
            listed.push(i);
        }
    }
    reorder(doc, &listed);
}

/// Puts the participants at `first` (indices) first, the rest after in their order, and
/// renumbers ids `p1…` to match, in the turns too.
fn reorder(doc: &mut Document, first: &[usize]) {
    let rest = (0..doc.participants.len()).filter(|i| !first.contains(i));
    let order: Vec<usize> = first.iter().copied().chain(rest).collect();
    let mut old: Vec<Option<Participant>> = std::mem::take(&mut doc.participants)
        .into_iter()
        .map(Some)
        .collect();
    doc.participants = order.iter().filter_map(|&i| old[i].take()).collect();
    renumber_participants(doc);
}

/// The list replaces the credits the body gave: it is the whole list, in order.
fn credits(doc: &mut Document, list: &Yaml, diags: &mut Vec<Diagnostic>) {
    let Yaml::Array(entries) = list else {
        diags.push(Diagnostic::warning(1, Note::FrontMatterCreditsNotList {}));
        return;
    };
    let mut credits = Vec::new();
    for entry in entries {
        let Some(name) = field(entry, "name") else {
            continue;
        };
        let role = field(entry, "role")
            .and_then(|r| CreditRole::parse(&r.to_lowercase()))
            .unwrap_or(CreditRole::Other);
        credits.push(Credit { role, name });
    }
    if !credits.is_empty() {
        doc.credits = credits;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn check(yaml: &str, expected: serde_json::Value) {
        let mut doc = Document::new("Body title", "");
        doc.participants = vec![
            Participant::new("p1", "Dana Whitfield", Role::Guest),
            Participant::new("p2", "Tom Okafor", Role::Guest),
        ];
        doc.blocks = vec![Block::Turn {
            id: "b1".into(),
            speaker: "p2".into(),
            paragraphs: vec!["Hi.".into()],
            start: None,
            end: None,
            topics: Vec::new(),
            continues: false,
        }];
        let mut diags = Vec::new();
        apply(&mut doc, yaml, &mut diags);
        let people: Vec<_> = doc
            .participants
            .iter()
            .map(|p| {
                format!(
                    "{} {} {} {:?} {:?}",
                    p.id,
                    p.name,
                    p.role.as_str(),
                    p.title,
                    p.organization
                )
            })
            .collect();
        let speaker = match &doc.blocks[0] {
            Block::Turn { speaker, .. } => speaker.clone(),
            _ => String::new(),
        };
        let got = serde_json::json!({
            "title": doc.title, "subtitle": doc.subtitle, "column": doc.column, "language": doc.language,
            "topics": doc.topics, "people": people, "speaker": speaker,
            "credits": doc.credits.iter().map(|c| format!("{:?} {}", c.role, c.name)).collect::<Vec<_>>(),
            "warnings": diags.len(),
        });
        assert_eq!(got, expected, "{yaml}");
    }

    #[test]
    fn keys() {
        let body = |topics: &[&str], credits: &[&str], warnings: usize| {
            serde_json::json!({
                "title": "Body title", "subtitle": null, "column": null, "language": "",
                "topics": topics, "people": ["p1 Dana Whitfield guest None None", "p2 Tom Okafor guest None None"],
                "speaker": "p2", "credits": credits, "warnings": warnings,
            })
        };
        check("", body(&[], &[], 0));
        check(
            "keywords: [transit, budget]",
            body(&["transit", "budget"], &[], 0),
        );
        check("tags: 工会、社区", body(&["工会", "社区"], &[], 0));
        check(
            "author:\n  - Ann Lee\n  - Bo Chen",
            body(&[], &["Author Ann Lee", "Author Bo Chen"], 0),
        );
        check("author: Ann Lee", body(&[], &["Author Ann Lee"], 0));
        check(
            "credits:\n  - role: editor\n    name: Ann\n  - role: reviewer\n    name: Bo",
            body(&[], &["Editor Ann", "Other Bo"], 0),
        );
        check("title: [unclosed", body(&[], &[], 1));
        check("- a list", body(&[], &[], 1));
        check("participants: Dana", body(&[], &[], 1));
        check(
            "title: \"Front \\\"title\\\"\"\nsubtitle: Sub\ncolumn: 观点\nlang: ZH\ndate: 2025-03-14",
            serde_json::json!({
                "title": "Front \"title\"", "subtitle": "Sub", "column": "观点", "language": "zh",
                "topics": [], "people": ["p1 Dana Whitfield guest None None", "p2 Tom Okafor guest None None"],
                "speaker": "p2", "credits": [], "warnings": 0,
            }),
        );
    }

    #[test]
    fn participants_are_described_added_and_ordered() {
        check(
            "participants:\n  - name: Tom Okafor\n    role: moderator\n    title: Host\n  - name: Lee Min\n    role: guest\n    organization: City Council\n  - role: guest\n  - name: Dana Whitfield\n    role: speaker",
            serde_json::json!({
                "title": "Body title", "subtitle": null, "column": null, "language": "",
                "topics": [],
                "people": [
                    "p1 Tom Okafor moderator Some(\"Host\") None",
                    "p2 Lee Min guest None Some(\"City Council\")",
                    "p3 Dana Whitfield guest None None",
                ],
                "speaker": "p1", "credits": [], "warnings": 2,
            }),
        );
    }

    /// Nine lines of nine aliases each: 9^9 copies of a list once loaded (gigabytes).
    fn alias_bomb(levels: usize) -> String {
        let mut yaml = String::from(
            "title: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for level in 1..levels {
            let (name, previous) = (
                (b'a' + level as u8) as char,
                (b'a' + level as u8 - 1) as char,
            );
            let aliases = vec![format!("*{previous}"); 9].join(",");
            yaml.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        yaml
    }

    #[test]
    fn a_yaml_alias_bomb_is_refused_quickly() {
        fn check(yaml: &str, expected: Option<usize>) {
            assert_eq!(alias_expansion(yaml), expected, "{yaml}");
        }
        // Within the bound: counted without expanding (scalar bytes plus one per node).
        check("title: T", Some(0));
        check(
            "author: &a Ann Lee\ncredits:\n  - role: editor\n    name: *a",
            Some(8),
        );
        check("a: &a [x, y]\nb: [*a, *a]", Some(10));
        check("a: &a [x, *a]", Some(1));
        check("title: [unclosed", Some(0));
        // Past it, however deep the nesting: refused before anything is loaded.
        check(&alias_bomb(4), Some(30402));
        check(&alias_bomb(5), None);
        check(&alias_bomb(9), None);

        let started = std::time::Instant::now();
        let mut doc = Document::new("Body title", "");
        let mut diags = Vec::new();
        apply(&mut doc, &alias_bomb(9), &mut diags);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        assert_eq!(doc.title, "Body title", "the front matter is skipped whole");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("aliases"), "{diags:?}");
        // A few aliases are still read.
        let mut diags = Vec::new();
        apply(&mut doc, "who: &w Ann\nauthor: *w\ntitle: *w", &mut diags);
        assert_eq!((doc.title.as_str(), diags.len()), ("Ann", 0));
    }
}
