//! Import and export throughput (MB/s): one bench per importer on a generated input of a
//! few megabytes, and one per exporter.

// The allocator the `roundtable` and desktop binaries use, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::io::Write as _;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use roundtable_core::export::{
    ExportFormat, ExportOptions, NoAssets, Style, Templates, export_string, render,
};
use roundtable_core::import::{Format, parse_bytes, parse_text};

const TURNS: usize = 20_000;

/// A WeChat-style roundtable of about `turns` answers.
fn article(turns: usize) -> String {
    let mut s = String::from(
        "观点丨圆桌对话:社区与工会的新角色\n\n话题:#工会 #社区\n\n这是一段导语,介绍本期圆桌讨论的背景。\n\n主持人:王晓\n\n嘉宾:\n\n张伟\u{a0}\u{a0}市总工会研究室主任\n\n刘芳\u{a0}\u{a0}街道社区服务中心负责人\n\n",
    );
    for i in 0..turns {
        let who = ["主持人", "张伟", "刘芳"][i % 3];
        let _ = write!(
            s,
            "{who}:第{i}段发言。社区工会在服务职工方面做了大量工作,包括技能培训、困难帮扶和权益维护,我们还要继续努力。\n\n"
        );
        if i % 10 == 9 {
            s.push_str("图片\n\n社区活动现场。\n\n");
        }
    }
    s.push_str("来源:本报\n\n编辑:赵六\n");
    s
}

const LINE: &str = "Fares cover a third of the cost, and the rest comes from the county budget.";

fn clock(t: f64, comma: bool) -> String {
    let ms = (t * 1000.0) as u64;
    let sep = if comma { ',' } else { '.' };
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn webvtt(cues: usize) -> String {
    let mut s = String::from("WEBVTT - bench\n\n");
    for i in 0..cues {
        let t = i as f64 * 2.5;
        let who = ["Dana Whitfield", "Tom Okafor", "Priya Raman"][i / 3 % 3];
        let _ = write!(
            s,
            "{}\n{} --> {}\n<v {who}>{LINE} ({i})\n\n",
            i + 1,
            clock(t, false),
            clock(t + 2.5, false)
        );
    }
    s
}

fn srt(cues: usize) -> String {
    let mut s = String::new();
    for i in 0..cues {
        let t = i as f64 * 2.5;
        let who = ["DANA", "TOM OKAFOR", "PRIYA RAMAN"][i / 3 % 3];
        let _ = write!(
            s,
            "{}\n{} --> {}\n{who}: {LINE}\n<i>({i})</i>\n\n",
            i + 1,
            clock(t, true),
            clock(t + 2.5, true)
        );
    }
    s
}

fn otter(turns: usize) -> String {
    let mut s = String::new();
    for i in 0..turns {
        let who = ["Speaker 1", "Speaker 2"][i % 2];
        let t = i * 7;
        let _ = write!(
            s,
            "{who}  {}:{:02}\n{LINE}\n{LINE} ({i})\n\n",
            t / 60,
            t % 60
        );
    }
    s
}

fn whisper(segments: usize) -> String {
    let mut s = String::from("{\"language\": \"en\", \"segments\": [");
    for i in 0..segments {
        let t = i as f64 * 2.5;
        let who = ["SPEAKER_00", "SPEAKER_01"][i / 3 % 2];
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"id\": {i}, \"seek\": 0, \"start\": {t}, \"end\": {}, \"text\": \" {LINE}\", \"speaker\": \"{who}\", \"tokens\": [50364, 1234, 5678, 91011], \"avg_logprob\": -0.2}}",
            t + 2.5
        );
    }
    s.push_str("]}");
    s
}

/// A Word document and the size of its `word/document.xml`.
fn docx(paragraphs: usize) -> (Vec<u8>, usize) {
    let mut body = String::new();
    for i in 0..paragraphs {
        let who = ["Dana Whitfield", "Tom Okafor", "Priya Raman"][i % 3];
        let _ = write!(
            body,
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{who}:</w:t></w:r><w:r><w:t xml:space=\"preserve\"> {LINE} ({i})</w:t></w:r></w:p>"
        );
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let _ = zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    );
    let _ = zip.write_all(xml.as_bytes());
    let bytes = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
    (bytes, xml.len())
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("throughput");
    let text = article(TURNS);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("import/article", |b| {
        b.iter(|| parse_text(&text, Some(Format::Article)))
    });
    let doc = parse_text(&text, Some(Format::Article))
        .map(|i| i.document)
        .ok();
    for (name, format, input) in [
        ("import/otter", Format::Otter, otter(TURNS)),
        ("import/webvtt", Format::Webvtt, webvtt(TURNS)),
        ("import/srt", Format::Srt, srt(TURNS)),
        ("import/whisper", Format::Whisper, whisper(TURNS)),
    ] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| b.iter(|| parse_text(&input, Some(format))));
    }
    let (word, xml_len) = docx(TURNS);
    // Throughput of a Word file is measured on its XML, not the compressed bytes.
    group.throughput(Throughput::Bytes(xml_len as u64));
    group.bench_function("import/docx", |b| b.iter(|| parse_bytes(&word, None)));
    if let Some(doc) = doc {
        let md = export_string(&doc, ExportFormat::Markdown);
        group.throughput(Throughput::Bytes(md.len() as u64));
        group.bench_function("import/markdown", |b| {
            b.iter(|| parse_text(&md, Some(Format::Markdown)))
        });
        let json = doc.to_json();
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("import/json", |b| {
            b.iter(|| parse_text(&json, Some(Format::Json)))
        });
        group.throughput(Throughput::Bytes(text.len() as u64));
        for format in [
            ExportFormat::Markdown,
            ExportFormat::Html,
            ExportFormat::Json,
        ] {
            group.bench_function(format!("export/{}", format.extension()), |b| {
                b.iter(|| export_string(&doc, format))
            });
        }
        // The publishing formats, with the templates compiled once as a batch export does.
        let templates = Templates::builtin();
        for (name, format, style) in [
            ("html-article", ExportFormat::Html, Style::Article),
            ("html-transcript", ExportFormat::Html, Style::Transcript),
            ("wechat-html", ExportFormat::WechatHtml, Style::Wechat),
            ("docx", ExportFormat::Docx, Style::Article),
        ] {
            let options = ExportOptions::style(style);
            group.bench_function(format!("render/{name}"), |b| {
                b.iter(|| render(&doc, format, &options, None, &templates, &NoAssets))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
