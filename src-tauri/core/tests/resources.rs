//! Every importer, and import into the library, on generated inputs of 1, 2 and 4 MB: time
//! and peak memory must grow about linearly with the input.
//!
//! Each measurement runs in a child process (this test binary again, running only
//! [`resource_child`]), so that the peak resident size (`VmHWM` in `/proc/self/status`) is that
//! of one import alone, not of the whole test run; time is the child's processor time
//! (`/proc/self/stat`), which other jobs on the machine do not inflate. The checks are ratios between sizes, and
//! generous ones: a quadratic importer takes 16 times as long (and often as much memory) for
//! 4 MB as for 1 MB, a linear one about 4 times, and a loaded CI machine must not make this
//! fail. Peak memory also has a bound per byte of input, which does not depend on load.
//!
//! The figures are written to the terminal even when the test harness captures output, so
//! that CI's log shows them (`docs/import.md` quotes them).

mod child;

use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use roundtable_core::import::{Format, parse_bytes, parse_text};
use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::store::Library;

/// The variable that tells a child which case to run: `case:bytes`.
const CHILD: &str = "ROUNDTABLE_RESOURCE_CASE";

const MB: usize = 1_000_000;

/// A child that takes longer than this is stuck in something worse than linear.
const CHILD_LIMIT: Duration = Duration::from_secs(90);

/// One case: its name, and the most peak memory it may use per byte of input (beyond what the
/// child held before it built the input).
struct Case {
    name: &'static str,
    bytes_per_byte: f64,
}

/// The importers, each on the shape that used to be its worst, and import into the library.
const CASES: &[Case] = &[
    // 5 MB of `A: x` lines took 334 s and 4.8 GB into the library. Parsed, they took 35 times
    // their size while the importer held them as a list of lines; made again per pass, 13.
    Case {
        name: "article-short-lines",
        bytes_per_byte: 20.0,
    },
    // Two speakers in turn: nothing merges, a turn per line.
    Case {
        name: "article-alternating",
        bytes_per_byte: 160.0,
    },
    // No blank lines: one paragraph of labelled lines (quadratic in `flush`).
    Case {
        name: "markdown-no-blank-lines",
        bytes_per_byte: 100.0,
    },
    // Nested lists, whose parent text used to vanish.
    Case {
        name: "markdown-nested-lists",
        bytes_per_byte: 100.0,
    },
    Case {
        name: "otter",
        bytes_per_byte: 40.0,
    },
    // One cue of many `Name:` lines (quadratic in `prefixed_cues`).
    Case {
        name: "webvtt-one-cue",
        bytes_per_byte: 40.0,
    },
    Case {
        name: "srt-one-cue",
        bytes_per_byte: 40.0,
    },
    Case {
        name: "whisper",
        bytes_per_byte: 40.0,
    },
    Case {
        name: "json",
        bytes_per_byte: 40.0,
    },
    Case {
        name: "docx",
        bytes_per_byte: 40.0,
    },
    Case {
        name: "library-short-lines",
        bytes_per_byte: 120.0,
    },
];

/// `line` repeated up to about `size` bytes.
fn repeat_lines(size: usize, lines: &[&str]) -> String {
    let mut text = String::with_capacity(size + 64);
    'fill: loop {
        for l in lines {
            if text.len() >= size {
                break 'fill;
            }
            text.push_str(l);
        }
    }
    text
}

fn timed_lines(size: usize) -> String {
    repeat_lines(size, &["Ann: a few words here\n", "Bo: and an answer\n"])
}

/// A canonical document of about `size` bytes of JSON: short turns of two speakers.
fn document_json(size: usize) -> String {
    let mut doc = Document::new("Generated", "en");
    doc.participants = vec![
        Participant::new("p1", "Ann", Role::Moderator),
        Participant::new("p2", "Bo", Role::Guest),
    ];
    let mut n = 0;
    while n < size {
        let i = doc.blocks.len();
        doc.blocks.push(Block::Turn {
            id: format!("b{i}"),
            speaker: format!("p{}", i % 2 + 1),
            paragraphs: vec!["a few words".into()],
            start: None,
            end: None,
            topics: Vec::new(),
            continues: false,
        });
        n += 110;
    }
    doc.to_json()
}

/// A Word file whose `document.xml` is about `size` bytes: a paragraph per turn.
fn docx(size: usize) -> Vec<u8> {
    let body = repeat_lines(
        size,
        &[
            "<w:p><w:r><w:t>Ann: a few words here</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>Bo: and an answer</w:t></w:r></w:p>",
        ],
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).expect("zip");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).expect("zip");
    zip.start_file("word/document.xml", options).expect("zip");
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .expect("zip");
    zip.finish().expect("zip").into_inner()
}

/// Builds the input of `case` (about `size` bytes), imports it, and prints
/// `FIGURES seconds peak-kB base-kB library-bytes` for the parent.
fn run_case(case: &str, size: usize) {
    let base = status_kb("VmRSS");
    enum Input {
        Text(String, Format),
        Bytes(Vec<u8>, Format),
    }
    let input = match case {
        "article-short-lines" | "library-short-lines" => {
            Input::Text(repeat_lines(size, &["A: x\n"]), Format::Article)
        }
        "article-alternating" => {
            Input::Text(repeat_lines(size, &["A: x\n", "B: y\n"]), Format::Article)
        }
        "markdown-no-blank-lines" => {
            let mut text = String::from("# Title\n\n");
            text.push_str(&repeat_lines(size, &["**B:** y\n", "A: x\n"]));
            Input::Text(text, Format::Markdown)
        }
        "markdown-nested-lists" => {
            let mut text = String::from("# Title\n\n");
            text.push_str(&repeat_lines(size, &["- one\n  - two\n    - three\n"]));
            Input::Text(text, Format::Markdown)
        }
        "otter" => {
            let mut text = String::with_capacity(size + 64);
            let mut i = 0;
            while text.len() < size {
                text.push_str(&format!(
                    "Speaker {}  {}:{:02}\nA few words of the answer.\n\n",
                    i % 2 + 1,
                    i / 60,
                    i % 60
                ));
                i += 1;
            }
            Input::Text(text, Format::Otter)
        }
        "webvtt-one-cue" => Input::Text(
            format!(
                "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{}",
                timed_lines(size)
            ),
            Format::Webvtt,
        ),
        "srt-one-cue" => Input::Text(
            format!("1\n00:00:01,000 --> 00:00:04,000\n{}", timed_lines(size)),
            Format::Srt,
        ),
        "whisper" => {
            let mut text = String::from("{\"segments\": [");
            let mut i = 0;
            while text.len() < size {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!(
                    "{{\"start\": {i}.0, \"end\": {i}.5, \"text\": \" a few words\", \"speaker\": \"SPEAKER_0{}\"}}",
                    i % 2
                ));
                i += 1;
            }
            text.push_str("]}");
            Input::Text(text, Format::Whisper)
        }
        "json" => Input::Text(document_json(size), Format::Json),
        "docx" => Input::Bytes(docx(size), Format::Docx),
        other => panic!("unknown case {other}"),
    };
    let started = cpu_seconds();
    let imported = match &input {
        Input::Text(text, format) => parse_text(text, Some(*format)),
        Input::Bytes(bytes, format) => parse_bytes(bytes, Some(*format)),
    }
    .unwrap_or_else(|e| panic!("{case}: {e}"));
    drop(input);
    let mut library_bytes = 0;
    if case.starts_with("library") {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("library.db");
        let mut library = Library::open(&path).expect("library");
        library
            .create_document(&imported.document)
            .expect("imports");
        drop(library);
        library_bytes = std::fs::read_dir(dir.path())
            .expect("folder")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>();
    }
    let seconds = cpu_seconds() - started;
    drop(imported);
    let peak = status_kb("VmHWM");
    let mut out = std::io::stdout().lock();
    writeln!(out, "FIGURES {seconds} {peak} {base} {library_bytes}").expect("stdout");
}

/// The processor time this process has used (user and system), in seconds. Processor time
/// rather than wall time: other jobs on a loaded machine slow the wall clock, not this.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): state is the first, utime and
    // stime the 12th and 13th, in clock ticks (USER_HZ, 100 on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A `kB` field of `/proc/self/status`.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Not a test of its own: the entry point of the child processes.
#[test]
fn resource_child() {
    if let Ok(spec) = std::env::var(CHILD) {
        let (case, size) = spec.split_once(':').expect("case:size");
        run_case(case, size.parse().expect("size"));
    }
}

#[derive(Debug, Clone, Copy)]
struct Figures {
    /// Processor time of the import.
    seconds: f64,
    /// Peak resident memory beyond what the child held at its start, in bytes.
    peak: f64,
    library: f64,
}

/// One measurement at a time: children running side by side would slow each other down.
static SERIAL: Mutex<()> = Mutex::new(());

fn measure(case: &str, size: usize) -> Figures {
    let line = child::run_child(
        "resource_child",
        CHILD,
        &format!("{case}:{size}"),
        CHILD_LIMIT,
        "FIGURES ",
        &format!("{case} at {size} bytes (not linear)"),
    );
    let v: Vec<f64> = line
        .split_whitespace()
        .take(4)
        .map(|x| x.parse().expect("number"))
        .collect();
    Figures {
        seconds: v[0],
        peak: (v[1] - v[2]).max(1.0) * 1024.0,
        library: v[3],
    }
}

/// Written straight to the terminal: the harness captures `println!`, and CI's log should
/// show the figures anyway.
fn show(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Runs `case` at 1, 2 and 4 MB and checks that nothing grows much faster than the input.
fn check_linear(case: &Case) {
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let sizes = [MB, 2 * MB, 4 * MB];
    let figures: Vec<Figures> = sizes.iter().map(|&s| measure(case.name, s)).collect();
    for (size, f) in sizes.iter().zip(&figures) {
        show(&format!(
            "resources: {:<24} {} MB: {:>6.2} s of processor time, peak +{:>6.1} MB{}",
            case.name,
            size / MB,
            f.seconds,
            f.peak / 1e6,
            if f.library > 0.0 {
                format!(", library {:.1} MB", f.library / 1e6)
            } else {
                String::new()
            }
        ));
    }
    let (small, large) = (figures[0], figures[2]);
    // Linear: about 4 times for 4 times the input; quadratic: about 16. Very short runs are
    // mostly noise (and clock ticks are 10 ms), hence the floor.
    let time_ratio = large.seconds / small.seconds.max(0.05);
    assert!(
        time_ratio < 10.0,
        "{}: 4 MB took {time_ratio:.1} times as long as 1 MB: {figures:?}",
        case.name
    );
    let memory_ratio = large.peak / small.peak.max(MB as f64);
    assert!(
        memory_ratio < 8.0,
        "{}: 4 MB took {memory_ratio:.1} times the memory of 1 MB: {figures:?}",
        case.name
    );
    for (size, f) in sizes.iter().zip(&figures) {
        assert!(
            f.peak < case.bytes_per_byte * *size as f64,
            "{}: {:.0} MB at peak for {} MB of input, over {} bytes per byte: {figures:?}",
            case.name,
            f.peak / 1e6,
            size / MB,
            case.bytes_per_byte
        );
    }
    if large.library > 0.0 {
        assert!(
            large.library / small.library < 8.0,
            "{}: the library grew faster than the input: {figures:?}",
            case.name
        );
        assert!(
            large.library < 4.0 * (4 * MB) as f64,
            "{}: a {:.1} MB library for 4 MB of input",
            case.name,
            large.library / 1e6
        );
    }
}

fn supported() -> bool {
    let ok = std::path::Path::new("/proc/self/status").exists();
    if !ok {
        show("resources: skipped, no /proc on this system");
    }
    ok
}

/// Measures the named cases, one after the other.
fn check_cases(names: &[&str]) {
    if !supported() {
        return;
    }
    for name in names {
        let case = CASES
            .iter()
            .find(|c| c.name == *name)
            .unwrap_or_else(|| panic!("no case {name}"));
        check_linear(case);
    }
}

/// A 328 KB cue of `Name:` lines took 89 s and 6.6 GB.
#[test]
fn a_cue_of_many_name_lines_is_linear() {
    check_cases(&["webvtt-one-cue", "srt-one-cue"]);
}

/// 2 MB of Markdown without blank lines took 41 s.
#[test]
fn markdown_without_blank_lines_is_linear() {
    check_cases(&["markdown-no-blank-lines"]);
}

/// 5 MB of `A: x` lines took 334 s and 4.8 GB, and made an 812 MB library.
#[test]
fn many_short_lines_make_a_small_library() {
    check_cases(&["article-short-lines", "library-short-lines"]);
}

#[test]
fn every_importer_is_linear_in_time_and_memory() {
    check_cases(&[
        "article-alternating",
        "markdown-nested-lists",
        "otter",
        "whisper",
        "json",
        "docx",
    ]);
}
