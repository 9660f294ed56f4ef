//! A quote with its attribution, in the document's language, as plain text and as HTML:
//! `“We need the night classes,” said Dana Whitfield, director, in “Who pays for the
//! water?” (Jan 2026)` and `杨梅芳（杭州市总工会干部学校教师）在《…》中说：“…”`. Pure:
//! the caller gives the quote, who said it with the title they held in that document
//! (never today's), and the document.

use serde::Serialize;
use ts_rs::TS;

/// Who said a quote, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source<'a> {
    /// The name as printed in the document.
    pub name: &'a str,
    /// The title they held in that document.
    pub title: Option<&'a str>,
    /// The organisation they were with in that document.
    pub organization: Option<&'a str>,
    /// The document's title.
    pub document: &'a str,
    /// The document's language tag (`zh`, `en`…): Chinese gets the Chinese form.
    pub language: &'a str,
    /// The document's date, ms since the Unix epoch (`None`: left out).
    pub date_ms: Option<u64>,
}

/// How a quote is attributed: the newsroom's style, chosen by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum QuoteStyle {
    /// Running prose: `“…,” said NAME, TITLE, in “DOC” (Jan 2026)` /
    /// `NAME（TITLE）在《DOC》中说：“…”`.
    #[default]
    Said,
    /// A pull quote: `NAME, TITLE: “…” (DOC, Jan 2026)` / `NAME（TITLE）：“…”（《DOC》，2026年1月）`.
    Colon,
}

/// A quote with its attribution, to paste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Attribution {
    /// Plain text.
    pub text: String,
    /// The same as an HTML fragment (escaped; the document title in `<cite>`).
    pub html: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The (year, month 1–12) of a time in ms since the Unix epoch, in UTC.
pub fn year_month(ms: u64) -> (i64, u32) {
    // Howard Hinnant's civil_from_days.
    let days = (ms / 86_400_000) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn is_chinese(language: &str) -> bool {
    let l = language.to_ascii_lowercase();
    l == "zh" || l.starts_with("zh-") || l.starts_with("zh_")
}

/// Titles and organisations that are there, trimmed and non-empty.
fn present<'a>(values: &[Option<&'a str>]) -> Vec<&'a str> {
    values
        .iter()
        .flatten()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The quote with its attribution, in the document's language, in running prose.
pub fn attribute(quote: &str, source: &Source<'_>) -> Attribution {
    attribute_in(quote, source, QuoteStyle::Said)
}

/// The quote with its attribution, in the document's language and `style`.
pub fn attribute_in(quote: &str, source: &Source<'_>, style: QuoteStyle) -> Attribution {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    match (is_chinese(source.language), style) {
        (true, QuoteStyle::Said) => chinese(&quote, source),
        (false, QuoteStyle::Said) => english(&quote, source),
        (true, QuoteStyle::Colon) => chinese_colon(&quote, source),
        (false, QuoteStyle::Colon) => english_colon(&quote, source),
    }
}

/// `NAME, TITLE, ORGANISATION`: who said it, as English text names them.
fn english_who(s: &Source<'_>) -> String {
    let mut who = s.name.to_owned();
    for h in present(&[s.title, s.organization]) {
        who.push_str(", ");
        who.push_str(h);
    }
    who
}

/// `（ORGANISATIONTITLE）`, or nothing: the organisation before the title, as Chinese papers
/// write `杭州市总工会干部学校教师`.
fn chinese_held(s: &Source<'_>) -> String {
    let held: String = present(&[s.organization, s.title]).concat();
    if held.is_empty() {
        String::new()
    } else {
        format!("（{held}）")
    }
}

/// The document's month as `Jan 2026`, when it has a date.
fn english_month(s: &Source<'_>) -> Option<String> {
    s.date_ms.map(|ms| {
        let (y, m) = year_month(ms);
        format!("{} {y}", MONTHS[(m - 1) as usize])
    })
}

/// `杨梅芳（教师）：“…”（《题》，2026年1月）`.
fn chinese_colon(quote: &str, s: &Source<'_>) -> Attribution {
    let held = chinese_held(s);
    let quote = quote.trim_end_matches(['，', ',', '；', '：']);
    let date = s
        .date_ms
        .map(|ms| {
            let (y, m) = year_month(ms);
            format!("，{y}年{m}月")
        })
        .unwrap_or_default();
    let text = format!("{}{held}：“{quote}”（《{}》{date}）", s.name, s.document);
    let html = format!(
        "{}{}：“{}”（《<cite>{}</cite>》{date}）",
        escape(s.name),
        escape(&held),
        escape(quote),
        escape(s.document)
    );
    Attribution { text, html }
}

/// `NAME, TITLE, ORGANISATION: “…” (DOC, Jan 2026)`.
fn english_colon(quote: &str, s: &Source<'_>) -> Attribution {
    let quote = quote.trim_end_matches([',', ';', ':']);
    let who = english_who(s);
    let date = english_month(s)
        .map(|m| format!(", {m}"))
        .unwrap_or_default();
    let text = format!("{who}: “{quote}” ({}{date})", s.document);
    let html = format!(
        "{}: “{}” (<cite>{}</cite>{})",
        escape(&who),
        escape(quote),
        escape(s.document),
        escape(&date)
    );
    Attribution { text, html }
}

/// `杨梅芳（教师）在《题》中说：“…”`.
fn chinese(quote: &str, s: &Source<'_>) -> Attribution {
    let held = chinese_held(s);
    let quote = quote.trim_end_matches(['。', '，', ',', '；', '：']);
    // A question or an exclamation keeps its own mark; anything else ends with 。.
    let end = if quote.ends_with(['？', '！', '?', '!', '…']) {
        ""
    } else {
        "。"
    };
    let text = format!("{}{held}在《{}》中说：“{quote}{end}”", s.name, s.document);
    let html = format!(
        "{}{}在《<cite>{}</cite>》中说：“{}{end}”",
        escape(s.name),
        escape(&held),
        escape(s.document),
        escape(quote)
    );
    Attribution { text, html }
}

/// `“…,” said NAME, TITLE, ORGANISATION, in “DOC” (Jan 2026)`: a final full stop of the
/// quote becomes the comma before `said`; a question or exclamation mark stays.
fn english(quote: &str, s: &Source<'_>) -> Attribution {
    let trimmed = quote.trim_end_matches(['.', ',', ';', ':']);
    let closing = if trimmed.ends_with(['?', '!']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed},")
    };
    let who = english_who(s);
    let date = english_month(s)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let text = format!("“{closing}” said {who}, in “{}”{date}", s.document);
    let html = format!(
        "“{}” said {}, in “<cite>{}</cite>”{}",
        escape(&closing),
        escape(&who),
        escape(s.document),
        escape(&date)
    );
    Attribution { text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-15 and 2023-12-31 (UTC).
    const JAN_2026: u64 = 1_768_435_200_000;
    const DEC_2023: u64 = 1_704_000_000_000;

    fn source<'a>(
        name: &'a str,
        title: Option<&'a str>,
        organization: Option<&'a str>,
        document: &'a str,
        language: &'a str,
        date_ms: Option<u64>,
    ) -> Source<'a> {
        Source {
            name,
            title,
            organization,
            document,
            language,
            date_ms,
        }
    }

    #[test]
    fn months_of_dates() {
        assert_eq!(year_month(0), (1970, 1));
        assert_eq!(year_month(JAN_2026), (2026, 1));
        assert_eq!(year_month(DEC_2023), (2023, 12));
        assert_eq!(year_month(951_782_400_000), (2000, 2)); // 2000-02-29
    }

    #[test]
    fn attributions() {
        let table: &[(&str, Source<'_>, &str, &str)] = &[
            (
                "We need the night classes.",
                source(
                    "Dana Whitfield",
                    Some("director"),
                    Some("Riverside Water Trust"),
                    "Who pays for the water?",
                    "en",
                    Some(JAN_2026),
                ),
                "“We need the night classes,” said Dana Whitfield, director, Riverside Water Trust, in “Who pays for the water?” (Jan 2026)",
                "“We need the night classes,” said Dana Whitfield, director, Riverside Water Trust, in “<cite>Who pays for the water?</cite>” (Jan 2026)",
            ),
            (
                "Why now?",
                source(
                    "Sam Ortiz",
                    None,
                    None,
                    "Q&A <live>",
                    "en-GB",
                    Some(DEC_2023),
                ),
                "“Why now?” said Sam Ortiz, in “Q&A <live>” (Dec 2023)",
                "“Why now?” said Sam Ortiz, in “<cite>Q&amp;A &lt;live&gt;</cite>” (Dec 2023)",
            ),
            (
                "  no   date  ",
                source("A", Some(" "), None, "T", "", None),
                "“no date,” said A, in “T”",
                "“no date,” said A, in “<cite>T</cite>”",
            ),
            (
                "技能培训要下沉到街道。",
                source(
                    "杨梅芳",
                    Some("教师"),
                    Some("杭州市总工会干部学校"),
                    "产业工人的技能之路",
                    "zh",
                    Some(JAN_2026),
                ),
                "杨梅芳（杭州市总工会干部学校教师）在《产业工人的技能之路》中说：“技能培训要下沉到街道。”",
                "杨梅芳（杭州市总工会干部学校教师）在《<cite>产业工人的技能之路</cite>》中说：“技能培训要下沉到街道。”",
            ),
            (
                "为什么是现在？",
                source("李华", Some("记者"), None, "圆桌", "zh", None),
                "李华（记者）在《圆桌》中说：“为什么是现在？”",
                "李华（记者）在《<cite>圆桌</cite>》中说：“为什么是现在？”",
            ),
            (
                "先做起来",
                source("王<强>", None, None, "圆桌", "zh-CN", None),
                "王<强>在《圆桌》中说：“先做起来。”",
                "王&lt;强&gt;在《<cite>圆桌</cite>》中说：“先做起来。”",
            ),
        ];
        for (quote, s, text, html) in table {
            let a = attribute(quote, s);
            assert_eq!(a.text, *text, "{quote:?}");
            assert_eq!(a.html, *html, "{quote:?}");
        }
    }

    #[test]
    fn attributions_as_pull_quotes() {
        let table: &[(&str, Source<'_>, &str, &str)] = &[
            (
                "We need the night classes.",
                source(
                    "Dana Whitfield",
                    Some("director"),
                    Some("Riverside Water Trust"),
                    "Who pays for the water?",
                    "en",
                    Some(JAN_2026),
                ),
                "Dana Whitfield, director, Riverside Water Trust: “We need the night classes.” (Who pays for the water?, Jan 2026)",
                "Dana Whitfield, director, Riverside Water Trust: “We need the night classes.” (<cite>Who pays for the water?</cite>, Jan 2026)",
            ),
            (
                "技能培训要下沉到街道。",
                source(
                    "杨梅芳",
                    Some("教师"),
                    Some("杭州市总工会干部学校"),
                    "产业工人的技能之路",
                    "zh",
                    Some(JAN_2026),
                ),
                "杨梅芳（杭州市总工会干部学校教师）：“技能培训要下沉到街道。”（《产业工人的技能之路》，2026年1月）",
                "杨梅芳（杭州市总工会干部学校教师）：“技能培训要下沉到街道。”（《<cite>产业工人的技能之路</cite>》，2026年1月）",
            ),
            (
                "先做起来",
                source("王<强>", None, None, "圆桌", "zh-CN", None),
                "王<强>：“先做起来”（《圆桌》）",
                "王&lt;强&gt;：“先做起来”（《<cite>圆桌</cite>》）",
            ),
        ];
        for (quote, s, text, html) in table {
            let a = attribute_in(quote, s, QuoteStyle::Colon);
            assert_eq!(a.text, *text, "{quote:?}");
            assert_eq!(a.html, *html, "{quote:?}");
        }
    }
}
