//! The library's growth check: storing a document must cost the same in a library of 1,000
//! documents as in one of 100. A cost that grows with the library (a scan of the whole log
//! per import, a cache that keeps every document) makes 10,000 documents take hours.
//!
//! Each library size is imported in a child process, a hundred documents to a transaction as
//! `roundtable import` does, (this test binary again, running only
//! [`scale_child`]), timed by the processor time of its main thread (`/proc/thread-self/
//! schedstat`, nanoseconds), which other jobs on a loaded machine do not inflate; the check
//! is a ratio, time per document at 1,000 against at 100. `scripts/bench-library` measures
//! the same at full scale (10,000 and 50,000 documents of realistic size).

mod child;

use std::io::Write;
use std::time::Duration;

use roundtable_core::import::{Format, parse_text};
use roundtable_core::store::{Library, content_hash};

/// The variable that tells a child how many documents to import.
const CHILD: &str = "ROUNDTABLE_SCALE_DOCS";

/// A child that takes longer than this is far past linear.
const CHILD_LIMIT: Duration = Duration::from_secs(120);

const ZH: &[&str] = &[
    "我们",
    "社区",
    "居民",
    "工作",
    "问题",
    "发展",
    "城市",
    "老人",
    "工会",
    "记者",
    "新闻",
    "本地",
    "预算",
    "改造",
    "街道",
    "停车",
    "图书馆",
    "志愿者",
    "人工智能",
    "老旧小区",
    "读者",
    "平台",
];
const EN: &[&str] = &[
    "the", "local", "news", "budget", "union", "workers", "AI", "readers", "trust", "council",
    "housing", "school", "survey", "reform", "voice", "story",
];

/// Document `n`: a small mixed Chinese/English roundtable (about 3 KB), the same at every
/// library size. The same moderator and guests in every document, as a newsroom's regular
/// host is: linking them once read every earlier appearance, and a document cost 2.2 times
/// as much at 1,000 as at 100 (5 times at 3,000).
fn transcript(n: u64) -> String {
    let mut seed = n
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % m as u64) as usize
    };
    let people = ["周婷", "宋建国", "林雨桐", "Alice Brown"];
    let mut text = format!(
        "圆桌丨第{n}期\n\n主持人：周婷\n\n本期嘉宾：\n宋建国  处长\n林雨桐  书记\nAlice Brown  editor\n\n"
    );
    for turn in 0..16 {
        let who = if turn % 3 == 0 { 0 } else { 1 + next(3) };
        text.push_str(people[who]);
        text.push('：');
        for _ in 0..(20 + next(30)) {
            if next(4) == 0 {
                text.push(' ');
                text.push_str(EN[next(EN.len())]);
                text.push(' ');
            } else {
                text.push_str(ZH[next(ZH.len())]);
            }
        }
        text.push_str("。\n\n");
    }
    text
}

/// The processor time of this thread so far, in seconds.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1e9
}

/// Not a test of its own: the entry point of the child processes. Imports the documents as
/// `roundtable import` does (parse, hash, store) and prints the processor time of storing.
#[test]
fn scale_child() {
    let Ok(count) = std::env::var(CHILD) else {
        return;
    };
    let count: u64 = count.parse().expect("count");
    let texts: Vec<String> = (0..count).map(transcript).collect();
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut library = Library::open(&dir.path().join("library.sqlite")).expect("library");
    let mut storing = 0.0;
    // Several transactions at either size: the search index writes a segment per
    // transaction and merges them as they pile up (a cost that grows with the log of the
    // index, not with the library); a library of 100 stored in one transaction had none
    // to merge, which made the 1,000 look twice as costly per document.
    for chunk in texts.chunks(25) {
        let parsed: Vec<_> = chunk
            .iter()
            .map(|text| {
                let imported = parse_text(text, Some(Format::Article)).expect("parses");
                (imported.document, content_hash(text.as_bytes()))
            })
            .collect();
        let docs: Vec<_> = parsed.iter().map(|(d, h)| (d, h.as_str())).collect();
        let started = thread_cpu_seconds();
        library.create_imported_many(&docs).expect("stores");
        storing += thread_cpu_seconds() - started;
    }
    assert_eq!(library.info().expect("info").documents as u64, count);
    writeln!(std::io::stdout().lock(), "SCALE {storing}").expect("stdout");
}

/// Imports `count` documents in a child; returns the processor seconds of storing them.
fn measure(count: u64) -> f64 {
    child::run_child(
        "scale_child",
        CHILD,
        &count.to_string(),
        CHILD_LIMIT,
        "SCALE ",
        &format!("importing {count} documents"),
    )
    .trim()
    .parse()
    .expect("processor seconds")
}

/// Importing into a library of 1,000 documents cost 3 times as much per document as into
/// one of 100: the next batch number and each new document's last op were found by walking
/// the whole log.
#[test]
fn import_time_per_document_does_not_grow_with_the_library() {
    if !std::path::Path::new("/proc/thread-self/schedstat").exists() {
        let _ = writeln!(std::io::stderr(), "scale: skipped, no schedstat here");
        return;
    }
    let small = measure(100) / 100.0;
    let large = measure(1000) / 1000.0;
    let _ = writeln!(
        std::io::stderr(),
        "scale: import {:.2} ms of processor time per document at 100, {:.2} ms at 1,000",
        small * 1e3,
        large * 1e3
    );
    assert!(
        large < 2.0 * small,
        "a document cost {:.2} ms at 1,000 documents, more than twice the {:.2} ms at 100",
        large * 1e3,
        small * 1e3
    );
}
