//! The directory of people at newsroom scale: a library of 10,000 documents and 3,000
//! people (`PEOPLE_BENCH_DOCS` to change the number of documents). Targets: listing the
//! people under 100 ms, a speaker-restricted search (the quote finder) p95 under 20 ms,
//! importing one document no more than 5 % slower because of matching its participants.

#![allow(missing_docs)]

use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::store::Library;
use uuid::Uuid;

const PEOPLE: usize = 3_000;
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力";
const WORDS: [&str; 8] = [
    "技能培训要下沉到街道",
    "工会是桥梁",
    "产业工人队伍建设改革",
    "职业教育和企业要衔接",
    "青年人才需要平台",
    "读书会办在车间里",
    "数字化转型带来新岗位",
    "劳动模范的示范作用",
];

fn person_name(i: usize) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    format!(
        "{}{}{}",
        s[i % s.len()],
        g[(i / s.len()) % g.len()],
        g[(i / 7) % g.len()]
    )
}

fn document(n: usize, guests: &[String]) -> Document {
    let mut doc = Document::new(format!("圆桌 {n}"), "zh");
    doc.id = Uuid::new_v4();
    doc.participants
        .push(Participant::new("m", "主持人", Role::Moderator));
    for (i, g) in guests.iter().enumerate() {
        let mut p = Participant::new(format!("g{i}"), g.clone(), Role::Guest);
        p.title = Some(format!("职务{}", n % 5));
        doc.participants.push(p);
    }
    for t in 0..6 {
        let speaker = if t % 2 == 0 {
            "m".to_owned()
        } else {
            format!("g{}", (t / 2) % guests.len())
        };
        doc.blocks.push(Block::Turn {
            id: format!("t{t}"),
            speaker,
            paragraphs: vec![format!(
                "{}，第{n}场第{t}段。",
                WORDS[(n + t) % WORDS.len()]
            )],
            start: None,
            end: None,
            topics: Vec::new(),
            continues: false,
        });
    }
    doc
}

/// A library of `docs` documents, two guests each from a pool of 3,000 people, all linked.
fn big_library(dir: &std::path::Path, docs: usize) -> Library {
    let mut lib = Library::open(&dir.join("people.sqlite")).expect("open");
    for n in 0..docs {
        let guests = [person_name(n % PEOPLE), person_name((n * 7 + 1) % PEOPLE)];
        let doc = document(n, &guests);
        lib.create_document(&doc).expect("create");
        lib.link_participants(doc.id).expect("link");
    }
    lib
}

fn p95(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() * 95 / 100]
}

fn people(c: &mut Criterion) {
    let docs: usize = std::env::var("PEOPLE_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = big_library(dir.path(), docs);
    let people = lib.people().expect("people");
    assert!(people.len() >= PEOPLE.min(docs), "{}", people.len());

    let mut group = c.benchmark_group("people");
    group.sample_size(20);
    group.bench_function("list 3,000 people", |b| {
        b.iter(|| lib.people().expect("people"))
    });
    let ids: Vec<Uuid> = people
        .iter()
        .filter_map(|p| Uuid::parse_str(&p.id).ok())
        .collect();
    let mut next = 0;
    group.bench_function("search one person's turns", |b| {
        b.iter(|| {
            next = (next + 1) % ids.len();
            lib.search_person(ids[next], "技能", 20).expect("search")
        })
    });
    // The p95 over 500 different people, as the issue states the target.
    let times: Vec<Duration> = ids
        .iter()
        .take(500)
        .map(|id| {
            let start = Instant::now();
            lib.search_person(*id, "工会", 20).expect("search");
            start.elapsed()
        })
        .collect();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("people/search one person's turns: p95 {:?}", p95(times));
    }
    let mut n = docs;
    group.bench_function("import one document", |b| {
        b.iter_batched(
            || {
                n += 1;
                document(n, &[person_name(n % PEOPLE), "新嘉宾".to_owned()])
            },
            |doc| lib.create_document(&doc).expect("create"),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("import one document and link its people", |b| {
        b.iter_batched(
            || {
                n += 1;
                document(n, &[person_name(n % PEOPLE), "新嘉宾".to_owned()])
            },
            |doc| {
                lib.create_document(&doc).expect("create");
                lib.link_participants(doc.id).expect("link")
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, people);
criterion_main!(benches);
