//! `roundtable people …` (the directory of people), `search --speaker` (the quote finder)
//! and the linking report of `import`.

use anyhow::{Result, bail};
use clap::Subcommand;
use roundtable_core::Uuid;
use roundtable_core::people::attribution::year_month;
use roundtable_core::store::{Library, LinkOutcome, LinkReport, bracketed};
use serde_json::Value;

use crate::{out, warn};

#[derive(Subcommand)]
pub(crate) enum PeopleAction {
    /// List the people of the library with how often they appear.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a person: names, and each appearance with the title held there.
    Show {
        /// A name or alias (any script or width), or the person's id.
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Merge person A into person B: the same person from now on (`unmerge A` undoes it).
    Merge {
        /// The person merged away (name or id).
        a: String,
        /// The person kept (name or id).
        b: String,
        /// Print the merged person as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Undo a merge: the person merged into another is on their own again.
    Unmerge {
        /// The person's id (as `people show` lists it under "merged").
        id: String,
    },
    /// Link participants to people. Without arguments: every participant of the library not
    /// linked yet (exact names link, close ones are listed as suggestions). With a document
    /// and a participant: link that one to --to PERSON, or to a new person with --new.
    Link {
        /// Document id (or its first characters).
        doc: Option<String>,
        /// The participant's id in that document (as `people link` suggests it).
        participant: Option<String>,
        /// The person to link to (name or id).
        #[arg(long, conflicts_with = "new")]
        to: Option<String>,
        /// A new person of its own (not suggested with the close ones again).
        #[arg(long)]
        new: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pairs of people who may be one (the same name in another script or width).
    Suggestions {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Update a person everywhere: their name, and the name printed in every document where
    /// they appear (titles stay each document's). The old name is kept as an alias.
    Rename {
        /// The person (name or id).
        name: String,
        /// The new name.
        new_name: String,
    },
}

/// `2026-01` from ms since the Unix epoch.
fn month(ms: u64) -> String {
    let (y, m) = year_month(ms);
    format!("{y}-{m:02}")
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn json(value: Value) -> Result<()> {
    out(&(serde_json::to_string_pretty(&value)? + "\n"))
}

pub(crate) fn run(lib: &mut Library, action: PeopleAction) -> Result<()> {
    match action {
        PeopleAction::List { json: as_json } => {
            let people = lib.people()?;
            if as_json {
                return json(serde_json::to_value(&people)?);
            }
            let mut s = String::new();
            for p in people {
                let aliases = if p.aliases.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", p.aliases.join(", "))
                };
                let conflicts = if p.conflicts > 0 {
                    format!(
                        "  CONFLICT: {} field(s) changed on two devices",
                        p.conflicts
                    )
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "{}  {}{aliases}  {} document(s){conflicts}\n",
                    short(&p.id),
                    p.name,
                    p.documents
                ));
            }
            out(&s)
        }
        PeopleAction::Show {
            name,
            json: as_json,
        } => {
            let id = lib.find_person(&name)?;
            let page = lib.person(id)?;
            if as_json {
                return json(serde_json::to_value(&page)?);
            }
            let p = &page.person;
            let mut s = format!("{}  {}\n", p.name, p.id);
            if !p.aliases.is_empty() {
                s.push_str(&format!("also: {}\n", p.aliases.join(", ")));
            }
            if !page.merged.is_empty() {
                s.push_str(&format!("merged: {}\n", page.merged.join(", ")));
            }
            for c in &page.conflicts {
                s.push_str(&format!(
                    "CONFLICT {}: {} (changed on two devices; `people rename` settles the name)\n",
                    c.field,
                    c.values.join(" | ")
                ));
            }
            for a in &page.appearances {
                let held: Vec<&str> = a
                    .title
                    .iter()
                    .chain(&a.organization)
                    .map(String::as_str)
                    .collect();
                let held = if held.is_empty() {
                    String::new()
                } else {
                    format!(", {}", held.join(", "))
                };
                s.push_str(&format!(
                    "  {}  {}  {}  as {} ({}{held})  {} turn(s), {} words\n",
                    month(a.date_ms),
                    short(&a.document),
                    a.document_title,
                    a.name,
                    a.role,
                    a.turns,
                    a.words
                ));
            }
            for m in &page.suggestions {
                let other = if m.a == p.id { &m.b_name } else { &m.a_name };
                let other_id = if m.a == p.id { &m.b } else { &m.a };
                s.push_str(&format!(
                    "  maybe the same as {other} ({}): roundtable people merge {} {}\n",
                    m.reason.describe(),
                    short(other_id),
                    short(&p.id)
                ));
            }
            out(&s)
        }
        PeopleAction::Merge {
            a,
            b,
            json: as_json,
        } => {
            let from = lib.find_person(&a)?;
            let into = lib.find_person(&b)?;
            lib.merge_people(from, into)?;
            let page = lib.person(into)?;
            if as_json {
                return json(serde_json::to_value(&page)?);
            }
            out(&format!(
                "merged {} into {} ({}); undo with `roundtable people unmerge {from}`\n",
                a, page.person.name, page.person.id
            ))
        }
        PeopleAction::Unmerge { id } => {
            let id = Uuid::parse_str(id.trim()).map_err(|_| {
                anyhow::anyhow!(
                    "give the merged person's full id (see `roundtable people show NAME`)"
                )
            })?;
            lib.unmerge_person(id)?;
            out(&format!("{id} is on their own again\n"))
        }
        PeopleAction::Link {
            doc,
            participant,
            to,
            new,
            json: as_json,
        } => match (doc, participant) {
            (None, None) => {
                if to.is_some() || new {
                    bail!("--to and --new need a document and a participant");
                }
                let reports = lib.link_library()?;
                if as_json {
                    return json(serde_json::to_value(&reports)?);
                }
                let mut s = String::new();
                for r in &reports {
                    s.push_str(&describe_links(r));
                }
                out(&s)
            }
            (Some(doc), Some(participant)) => {
                let doc = lib.resolve(&doc)?;
                let person = match (to, new) {
                    (Some(name), false) => Some(lib.find_person(&name)?),
                    (None, true) => None,
                    _ => bail!("say which person: --to NAME, or --new for a new one"),
                };
                let person = lib.link_participant(doc, &participant, person)?;
                if as_json {
                    return json(serde_json::to_value(lib.person(person)?)?);
                }
                out(&format!("linked to {person}\n"))
            }
            _ => bail!("give a document and a participant, or neither"),
        },
        PeopleAction::Suggestions { json: as_json } => {
            let suggestions = lib.merge_suggestions()?;
            if as_json {
                return json(serde_json::to_value(&suggestions)?);
            }
            let mut s = String::new();
            for m in suggestions {
                s.push_str(&format!(
                    "{} {}  /  {} {}  ({}): roundtable people merge {} {}\n",
                    short(&m.a),
                    m.a_name,
                    short(&m.b),
                    m.b_name,
                    m.reason.describe(),
                    short(&m.b),
                    short(&m.a)
                ));
            }
            out(&s)
        }
        PeopleAction::Rename { name, new_name } => {
            let id = lib.find_person(&name)?;
            lib.rename_person_everywhere(id, &new_name)?;
            out(&format!("renamed to {} everywhere\n", new_name.trim()))
        }
    }
}

/// What linking did, one line per participant that needs the user (and a count of the rest).
pub(crate) fn describe_links(report: &LinkReport) -> String {
    let mut s = String::new();
    for p in &report.participants {
        if let LinkOutcome::Suggested { candidates } = &p.outcome {
            for c in candidates {
                s.push_str(&format!(
                    "{}: {} may be {} ({}): roundtable people link {} {} --to {}  (or --new)\n",
                    short(&report.document),
                    p.name,
                    c.name,
                    c.reason.describe(),
                    short(&report.document),
                    p.participant,
                    short(&c.person)
                ));
            }
        }
    }
    s
}

/// What linking an import did: suggestions go to standard error.
pub(crate) fn warn_links(report: &LinkReport) {
    let text = describe_links(report);
    if !text.is_empty() {
        warn(text.trim_end());
    }
}

/// `search TERM --speaker NAME`.
pub(crate) fn search(
    lib: &Library,
    query: &str,
    speaker: &str,
    limit: usize,
    as_json: bool,
) -> Result<()> {
    let person = lib.find_person(speaker)?;
    let hits = lib.search_person(person, query, limit)?;
    if as_json {
        // Each hit with its attribution, ready to paste.
        let mut quotes = Vec::new();
        for hit in &hits {
            let mut value = serde_json::to_value(hit)?;
            if let Value::Object(map) = &mut value {
                map.insert(
                    "attribution".into(),
                    serde_json::to_value(hit.attribution(None))?,
                );
            }
            quotes.push(value);
        }
        return json(Value::Array(quotes));
    }
    let mut s = String::new();
    for h in &hits {
        let held: Vec<&str> = h
            .speaker_title
            .iter()
            .chain(&h.organization)
            .map(String::as_str)
            .collect();
        let held = if held.is_empty() {
            String::new()
        } else {
            format!(" ({})", held.join(", "))
        };
        s.push_str(&format!(
            "{}  {}  {}  {}{held}\n    {}\n",
            short(&h.document),
            month(h.date_ms),
            h.title,
            h.speaker,
            bracketed(&h.snippet)
        ));
    }
    out(&s)
}
