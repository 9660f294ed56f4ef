//! Import and export throughput (MB/s) on a generated article.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use roundtable_core::export::{
    ExportFormat, ExportOptions, NoAssets, Style, Templates, export_string, render,
};
use roundtable_core::import::{Format, parse_text};

/// A WeChat-style roundtable of about `turns` answers.
fn article(turns: usize) -> String {
    let mut s = String::from(
        "观点丨圆桌对话:社区与工会的新角色\n\n话题:#工会 #社区\n\n这是一段导语,介绍本期圆桌讨论的背景。\n\n主持人:王晓\n\n嘉宾:\n\n张伟\u{a0}\u{a0}市总工会研究室主任\n\n刘芳\u{a0}\u{a0}街道社区服务中心负责人\n\n",
    );
    for i in 0..turns {
        let who = ["主持人", "张伟", "刘芳"][i % 3];
        s.push_str(&format!("{who}:第{i}段发言。社区工会在服务职工方面做了大量工作,包括技能培训、困难帮扶和权益维护,我们还要继续努力。\n\n"));
        if i % 10 == 9 {
            s.push_str("图片\n\n社区活动现场。\n\n");
        }
    }
    s.push_str("来源:本报\n\n编辑:赵六\n");
    s
}

fn bench(c: &mut Criterion) {
    let text = article(2_000);
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("import/article", |b| {
        b.iter(|| parse_text(&text, Some(Format::Article)))
    });
    let doc = parse_text(&text, Some(Format::Article))
        .map(|i| i.document)
        .ok();
    if let Some(doc) = doc {
        let md = export_string(&doc, ExportFormat::Markdown);
        group.bench_function("import/markdown", |b| {
            b.iter(|| parse_text(&md, Some(Format::Markdown)))
        });
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
