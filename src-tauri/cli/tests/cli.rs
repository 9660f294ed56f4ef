//! The `roundtable` binary end to end, on real files and a real library.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(name)
}

fn roundtable(library: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--library")
        .arg(library)
        .args(args)
        .output()
        .expect("run roundtable")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn import_list_search_show_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let zh = fixture("zh_wechat_roundtable.txt");
    let en = fixture("en_plain_transcript.txt");
    let out = roundtable(
        &lib,
        &[
            "import",
            zh.to_str().expect("path"),
            en.to_str().expect("path"),
        ],
    );
    let ids: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(ids.len(), 2);
    assert!(
        stderr(&out).contains("dropped the page counter"),
        "diagnostics on stderr"
    );

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&roundtable(&lib, &["list", "--json"]))).expect("json");
    let titles: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"en_plain_transcript"),
        "a transcript without a title is named after its file"
    );
    assert!(titles.iter().any(|t| t.starts_with("社区图书馆")));

    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&roundtable(&lib, &["search", "读书", "--json"])))
            .expect("json");
    assert_eq!(hits.as_array().expect("array").len(), 1);
    assert_eq!(hits[0]["document"], ids[0]);
    assert!(stdout(&roundtable(&lib, &["search", "spreadsheet"])).contains("en_plain_transcript"));

    let shown = stdout(&roundtable(&lib, &["show", &ids[0][..8]]));
    assert!(shown.starts_with("# 书香观察丨"));

    let html = dir.path().join("out.html");
    stdout(&roundtable(
        &lib,
        &[
            "export",
            &ids[0],
            "--format",
            "html",
            "-o",
            html.to_str().expect("path"),
        ],
    ));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("<html lang=\"zh\">")
            && page.contains("<figcaption>读书会活动现场。</figcaption>")
    );

    let again = roundtable(
        &lib,
        &[
            "export",
            &ids[0],
            "--format",
            "html",
            "-o",
            html.to_str().expect("path"),
        ],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("exists; pass --force"),
        "{}",
        stderr(&again)
    );
    stdout(&roundtable(
        &lib,
        &[
            "export",
            &ids[0],
            "-f",
            "md",
            "-o",
            html.to_str().expect("path"),
            "--force",
        ],
    ));
    assert!(
        std::fs::read_to_string(&html)
            .expect("md")
            .starts_with("# ")
    );

    let json: serde_json::Value = serde_json::from_str(&stdout(&roundtable(
        &lib,
        &["export", &ids[1], "--format", "json"],
    )))
    .expect("json");
    assert_eq!(json["format"], "roundtable.document");
    assert_eq!(json["version"], 1);
}

#[test]
fn parse_prints_canonical_json_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let out = roundtable(
        &lib,
        &[
            "parse",
            fixture("zh_interview_declared.txt").to_str().expect("path"),
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["participants"][0]["role"], "moderator");
    assert!(
        stderr(&out).contains("line 25: label 王局长 matched no participant"),
        "{}",
        stderr(&out)
    );
    assert!(!lib.exists(), "parse must not create a library");
}

#[test]
fn exporting_a_file_converts_it_without_a_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let md = stdout(&roundtable(
        &lib,
        &[
            "export",
            fixture("en_panel_article.txt").to_str().expect("path"),
            "-f",
            "md",
        ],
    ));
    assert!(md.contains("**Dana Whitfield:** Let's start with money."));
    assert!(!lib.exists());
    // Its own Markdown parses back to the same speakers.
    let md_file = dir.path().join("panel.md");
    std::fs::write(&md_file, &md).expect("write");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&roundtable(
        &lib,
        &["parse", md_file.to_str().expect("path")],
    )))
    .expect("json");
    assert_eq!(doc["participants"].as_array().expect("array").len(), 4);
}

#[test]
fn bad_input_gets_one_clear_line_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let png = dir.path().join("photo.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let good = fixture("en_plain_transcript.txt");
    let out = roundtable(
        &lib,
        &[
            "import",
            good.to_str().expect("path"),
            png.to_str().expect("path"),
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("photo.txt") && err.contains("not a text file (a PNG image)"),
        "{err}"
    );
    assert!(
        !lib.exists() || stdout(&roundtable(&lib, &["list"])).is_empty(),
        "nothing imported"
    );

    let missing = roundtable(&lib, &["export", "deadbeef", "-f", "md"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("neither a file nor a document id"),
        "{}",
        stderr(&missing)
    );

    let format = roundtable(&lib, &["export", good.to_str().expect("path"), "-f", "pdf"]);
    assert!(
        stderr(&format).contains("unknown export format \"pdf\""),
        "{}",
        stderr(&format)
    );

    let newer = dir.path().join("newer.sqlite");
    make_newer(&newer);
    let out = roundtable(&newer, &["list"]);
    assert!(
        !out.status.success() && stderr(&out).contains("newer Roundtable"),
        "{}",
        stderr(&out)
    );
}

/// Makes a library file whose schema is newer than this build, by patching the
/// `user_version` field of the SQLite header.
fn make_newer(path: &Path) {
    stdout(&roundtable(path, &["list"]));
    let mut bytes = std::fs::read(path).expect("read");
    // SQLite header: user_version is the big-endian u32 at offset 60.
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn transcripts_are_detected_and_from_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let vtt = fixture("en_panel.vtt");
    let json: serde_json::Value = serde_json::from_str(&stdout(&roundtable(
        &lib,
        &["parse", vtt.to_str().expect("path")],
    )))
    .expect("json");
    assert_eq!(json["title"], "Water rights panel");
    assert_eq!(json["participants"][0]["role"], "moderator");
    assert!(json["blocks"][0]["start"].is_number());

    // --from on export, for a file: the Otter transcript read as a plain article.
    let otter = fixture("en_otter_interview.txt");
    let as_otter = stdout(&roundtable(
        &lib,
        &["export", otter.to_str().expect("path"), "--format", "md"],
    ));
    assert!(as_otter.contains("**Speaker 1:**"), "{as_otter}");
    let as_article = stdout(&roundtable(
        &lib,
        &[
            "export",
            otter.to_str().expect("path"),
            "--format",
            "md",
            "--from",
            "article",
        ],
    ));
    assert!(!as_article.contains("**Speaker 1:**"), "{as_article}");

    let bad = roundtable(
        &lib,
        &["parse", vtt.to_str().expect("path"), "--from", "pdf"],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("whisper"), "{}", stderr(&bad));

    let not_a_file = roundtable(&lib, &["export", "abc", "--from", "srt"]);
    assert!(!not_a_file.status.success());
    assert!(
        stderr(&not_a_file).contains("not a file"),
        "{}",
        stderr(&not_a_file)
    );
}

#[test]
fn huge_and_broken_files_fail_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let huge = dir.path().join("huge.txt");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(200 * 1024 * 1024).expect("sparse 200 MB");
    let out = roundtable(&lib, &["parse", huge.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("limit"), "{}", stderr(&out));

    let truncated = dir.path().join("cut.json");
    std::fs::write(&truncated, "{\"segments\": [{\"start\": 0, \"text\": \"hi").expect("write");
    let out = roundtable(&lib, &["import", truncated.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("truncated"), "{}", stderr(&out));
}
