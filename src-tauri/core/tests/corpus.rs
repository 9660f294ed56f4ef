//! The real-world corpus (`tests/corpus` at the repository root): transcripts published by
//! others, each with a truth written before the importers ran on it
//! (`<file>.truth.json`). Every file is scored fully right, partly right (the right
//! people, something else wrong) or wrong (missing, extra or misnamed speakers, or refused),
//! and the score is printed. `tests/corpus/baseline.txt` records each file's expected
//! status: a file doing worse than its baseline fails the test, a file doing better is
//! reported so the baseline can be raised (`UPDATE_CORPUS_BASELINE=1` rewrites it).

#![allow(clippy::print_stdout)] // the score is the point of this test

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use roundtable_core::import::{Format, parse_file};
use roundtable_core::model::{Block, Document, Role};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Wrong,
    Partly,
    Full,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partly => "partly",
            Status::Wrong => "wrong",
        }
    }
    fn parse(s: &str) -> Option<Status> {
        match s {
            "full" => Some(Status::Full),
            "partly" => Some(Status::Partly),
            "wrong" => Some(Status::Wrong),
            _ => None,
        }
    }
}

/// Case-, space- and width-insensitive form of a name.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `pattern` is `*` (anyone) or alternatives `A|B`.
fn name_matches(pattern: &str, name: &str) -> bool {
    pattern == "*" || pattern.split('|').any(|alt| norm(alt) == norm(name))
}

fn role_matches(pattern: &str, role: Role) -> bool {
    pattern == "any" || pattern == role.as_str()
}

/// A number or a `[min, max]` range; a plain number allows `tolerance` relative slack.
fn in_range(truth: &Value, got: f64, tolerance: f64) -> bool {
    match truth {
        Value::Array(r) if r.len() == 2 => {
            let (lo, hi) = (
                r[0].as_f64().expect("a number"),
                r[1].as_f64().expect("a number"),
            );
            got >= lo && got <= hi
        }
        v => {
            let want = v.as_f64().expect("a number");
            (got - want).abs() <= (want.abs() * tolerance).max(1e-9)
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Consecutive turns of one speaker, narration between them ignored: (speaker id, start).
fn runs(doc: &Document) -> Vec<(String, Option<f64>)> {
    let mut out: Vec<(String, Option<f64>)> = Vec::new();
    for b in &doc.blocks {
        if let Block::Turn { speaker, start, .. } = b
            && out.last().is_none_or(|(s, _)| s != speaker)
        {
            out.push((speaker.clone(), *start));
        }
    }
    out
}

/// Scores one file; the notes say what did not match.
fn score(name: &str, bytes: &[u8], truth: &Value) -> (Status, Vec<String>) {
    let mut notes = Vec::new();
    let imported = match parse_file(bytes, Path::new(name), None) {
        Ok(i) => i,
        Err(e) => return (Status::Wrong, vec![format!("refused: {e}")]),
    };
    let doc = &imported.document;
    if std::env::var("CORPUS_DUMP").is_ok_and(|d| d == name) {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "document": doc,
                "diagnostics": imported.diagnostics,
            }))
            .expect("JSON")
        );
    }
    let mut names_ok = true;
    let mut other_ok = true;

    if let Some(f) = truth.get("format").and_then(Value::as_str)
        && Format::from_name(f) != Some(imported.format)
    {
        notes.push(format!("read as {}, not {f}", imported.format.name()));
        other_ok = false;
    }

    // Participants: every required one present, nobody else; roles.
    let wanted = truth["participants"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut matched: BTreeMap<String, String> = BTreeMap::new(); // participant id → truth name
    let mut used = vec![false; wanted.len()];
    for p in &doc.participants {
        let found = wanted.iter().enumerate().find(|(i, w)| {
            !used[*i]
                && w["name"] != "*"
                && name_matches(w["name"].as_str().expect("truth"), &p.name)
        });
        let found = found.or_else(|| {
            wanted
                .iter()
                .enumerate()
                .find(|(i, w)| !used[*i] && w["name"] == "*")
        });
        match found {
            Some((i, w)) => {
                used[i] = true;
                matched.insert(p.id.clone(), w["name"].as_str().expect("truth").to_owned());
                let role = w["role"].as_str().unwrap_or("any");
                if !role_matches(role, p.role) {
                    notes.push(format!("{} is {}, not {role}", p.name, p.role.as_str()));
                    other_ok = false;
                }
            }
            None => {
                notes.push(format!("unexpected participant {:?}", p.name));
                names_ok = false;
            }
        }
    }
    for (i, w) in wanted.iter().enumerate() {
        if !used[i] && !w.get("optional").and_then(Value::as_bool).unwrap_or(false) {
            notes.push(format!("missing participant {}", w["name"]));
            names_ok = false;
        }
    }

    let runs = runs(doc);
    let run_names: Vec<String> = runs
        .iter()
        .map(|(id, _)| matched.get(id).cloned().unwrap_or_else(|| "?".into()))
        .collect();
    if let Some(first) = truth.get("first_speakers").and_then(Value::as_array) {
        let want: Vec<&str> = first.iter().filter_map(Value::as_str).collect();
        let got: Vec<&str> = run_names
            .iter()
            .take(want.len())
            .map(String::as_str)
            .collect();
        if want != got {
            notes.push(format!("first speakers {got:?}, not {want:?}"));
            other_ok = false;
        }
    }
    if let Some(r) = truth.get("runs")
        && !in_range(r, runs.len() as f64, 0.0)
    {
        notes.push(format!("{} speaker runs, not {r}", runs.len()));
        other_ok = false;
    }
    let speech: usize = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Turn { paragraphs, .. } => paragraphs.iter().map(|p| chars(p)).sum(),
            _ => 0,
        })
        .sum();
    if let Some(c) = truth.get("speech_chars")
        && !in_range(c, speech as f64, 0.2)
    {
        notes.push(format!("{speech} characters of speech, not {c}"));
        other_ok = false;
    }
    if let Some(c) = truth.get("text_chars") {
        let mut all = chars(&doc.title) + doc.subtitle.as_deref().map_or(0, chars);
        for b in &doc.blocks {
            all += match b {
                Block::Paragraph { text, .. } | Block::Heading { text, .. } => chars(text),
                Block::Turn { paragraphs, .. } => paragraphs.iter().map(|p| chars(p)).sum(),
                Block::Image { caption, .. } => caption.as_deref().map_or(0, chars),
            };
        }
        if !in_range(c, all as f64, 0.0) {
            notes.push(format!("{all} characters of text, not {c}"));
            other_ok = false;
        }
    }
    for (key, got) in [
        ("first_start", runs.first().and_then(|r| r.1)),
        ("last_start", runs.last().and_then(|r| r.1)),
    ] {
        if let Some(want) = truth.get(key).and_then(Value::as_f64) {
            match got {
                Some(g) if (g - want).abs() <= 1.0 => {}
                g => {
                    notes.push(format!("{key} {g:?}, not {want}"));
                    other_ok = false;
                }
            }
        }
    }
    if let Some(t) = truth.get("title").and_then(Value::as_str)
        && doc.title != t
    {
        notes.push(format!("title {:?}, not {t:?}", doc.title));
        other_ok = false;
    }

    let status = match (names_ok, other_ok) {
        (true, true) => Status::Full,
        (true, false) => Status::Partly,
        _ => Status::Wrong,
    };
    (status, notes)
}

#[test]
fn real_world_corpus() {
    let dir = corpus_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".truth.json"))
        .map(|n| n.trim_end_matches(".truth.json").to_owned())
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the corpus has {} files", files.len());

    let baseline_path = dir.join("baseline.txt");
    let baseline: BTreeMap<String, Status> = std::fs::read_to_string(&baseline_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (name, status) = l.rsplit_once(' ')?;
            Some((name.trim().to_owned(), Status::parse(status.trim())?))
        })
        .collect();

    let mut report = String::new();
    let mut counts = [0usize; 3];
    let mut regressions = Vec::new();
    let mut improvements = Vec::new();
    let mut statuses = BTreeMap::new();
    for name in &files {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.truth.json"))).expect("truth"),
        )
        .unwrap_or_else(|e| panic!("{name}.truth.json: {e}"));
        let (status, notes) = score(name, &bytes, &truth);
        counts[status as usize] += 1;
        statuses.insert(name.clone(), status);
        let _ = writeln!(report, "{:7} {name}", status.as_str());
        for n in &notes {
            let _ = writeln!(report, "          {n}");
        }
        match baseline.get(name) {
            Some(&b) if status < b => {
                regressions.push(format!("{name}: {} → {}", b.as_str(), status.as_str()))
            }
            Some(&b) if status > b => {
                improvements.push(format!("{name}: {} → {}", b.as_str(), status.as_str()))
            }
            None if status != Status::Full => {
                regressions.push(format!("{name}: not in the baseline, {}", status.as_str()))
            }
            _ => {}
        }
    }
    let _ = writeln!(
        report,
        "\ncorpus score: {} fully right, {} partly, {} wrong of {}",
        counts[Status::Full as usize],
        counts[Status::Partly as usize],
        counts[Status::Wrong as usize],
        files.len()
    );
    println!("{report}");
    if std::env::var_os("UPDATE_CORPUS_BASELINE").is_some() {
        let mut out = String::from(
            "# Expected status of each corpus file (full, partly, wrong); written by\n# UPDATE_CORPUS_BASELINE=1 cargo test -p roundtable-core --test corpus\n",
        );
        for (name, s) in &statuses {
            let _ = writeln!(out, "{name} {}", s.as_str());
        }
        std::fs::write(&baseline_path, out).expect("truth");
        return;
    }
    if !improvements.is_empty() {
        println!(
            "better than the baseline (raise it with UPDATE_CORPUS_BASELINE=1):\n  {}",
            improvements.join("\n  ")
        );
    }
    assert!(
        regressions.is_empty(),
        "worse than the baseline:\n  {}",
        regressions.join("\n  ")
    );
}
