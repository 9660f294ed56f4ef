//! The `roundtable` binary end to end, on real files and a real library.

use std::path::{Path, PathBuf};

mod common;
use common::{fixture, roundtable, stderr, stdout};

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
    // The picture slot has no picture: left out, its caption kept as text (issue 12.8).
    assert!(
        page.contains("<html lang=\"zh\">")
            && page.contains("<p>读书会活动现场。</p>")
            && !page.contains("<figure")
    );
    stdout(&roundtable(
        &lib,
        &[
            "export",
            &ids[0],
            "--format",
            "html",
            "--empty-image-slots",
            "--force",
            "-o",
            html.to_str().expect("path"),
        ],
    ));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<figcaption>读书会活动现场。</figcaption>"));

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

/// Regression: a Big5 transcript was read as GB18030 and imported as mojibake with exit 0.
/// The encoding is detected and named; `--encoding` overrides it; a bad label is refused.
#[test]
fn legacy_encodings_are_detected_and_encoding_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let text = "主持人：魯健\n嘉賓：王明德\n魯健：請問您怎麼看這次的貿易談判？\n王明德：我認為雙方都需要讓步，才能達成協議。\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(text);
    let file = dir.path().join("big5.txt");
    std::fs::write(&file, &big5).expect("write");
    let path = file.to_str().expect("path");

    let out = roundtable(&lib, &["parse", path]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let names: Vec<&str> = doc["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["魯健", "王明德"]);
    assert!(stderr(&out).contains("decoded as Big5"), "{}", stderr(&out));

    let out = roundtable(&lib, &["parse", "--encoding", "gbk", path]);
    assert!(
        !stdout(&out).contains("魯健"),
        "the chosen encoding is followed"
    );
    assert!(
        stderr(&out).contains("decoded as GB18030"),
        "{}",
        stderr(&out)
    );

    for (label, says) in [
        ("klingon", "\"klingon\" is not an encoding"),
        ("utf-8", "not valid UTF-8"),
    ] {
        let out = roundtable(&lib, &["import", "--encoding", label, path]);
        assert!(!out.status.success(), "{label}");
        assert!(stderr(&out).contains(says), "{label}: {}", stderr(&out));
        assert!(!lib.exists(), "a refused import stores nothing");
    }
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

#[test]
fn batch_export_names_files_safely_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    // Three documents: two with the same hostile title, one Chinese.
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    let hostile = "Tags: evil\n\nAnn: <script>alert(1)</script>\n";
    for (name, text) in [
        ("a.txt", format!("../CON\n\n{hostile}")),
        // Not byte for byte the same file: the same content would be one document.
        ("b.txt", format!("../CON\n\n{hostile}\n")),
    ] {
        std::fs::write(src.join(name), text).expect("write");
    }
    let zh = fixture("zh_wechat_roundtable.txt");
    stdout(&roundtable(
        &lib,
        &[
            "import",
            src.join("a.txt").to_str().expect("path"),
            src.join("b.txt").to_str().expect("path"),
            zh.to_str().expect("path"),
        ],
    ));
    let out_dir = dir.path().join("out");
    let out = roundtable(
        &lib,
        &[
            "export",
            "--all",
            "-f",
            "html",
            "-o",
            out_dir.to_str().expect("path"),
        ],
    );
    stdout(&out);
    assert!(stderr(&out).contains("wrote 3 files"), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("书香观察") || n.starts_with("社区图书馆")),
        "{names:?}"
    );
    assert!(names.contains(&"_CON.html".to_owned()), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("_CON-") && n.ends_with(".html")),
        "{names:?}"
    );
    for n in &names {
        let html = std::fs::read_to_string(out_dir.join(n)).expect("read");
        assert!(!html.contains("<script"), "{n}");
    }
    // Again without --force: refused, nothing changed.
    let before = std::fs::read(out_dir.join("_CON.html")).expect("read");
    let again = roundtable(
        &lib,
        &[
            "export",
            "--all",
            "-f",
            "html",
            "-o",
            out_dir.to_str().expect("path"),
        ],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("pass --force"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read(out_dir.join("_CON.html")).expect("read"),
        before
    );
    // --topic picks documents by tag; --force replaces.
    let md_dir = dir.path().join("md");
    stdout(&roundtable(
        &lib,
        &[
            "export",
            "--topic",
            "evil",
            "-f",
            "md",
            "-o",
            md_dir.to_str().expect("path"),
        ],
    ));
    assert_eq!(std::fs::read_dir(&md_dir).expect("dir").count(), 2);
    stdout(&roundtable(
        &lib,
        &[
            "export",
            "--topic",
            "evil",
            "-f",
            "md",
            "--force",
            "-o",
            md_dir.to_str().expect("path"),
        ],
    ));
}

#[test]
fn export_formats_styles_and_templates_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let zh = fixture("zh_wechat_roundtable.txt");
    let zh = zh.to_str().expect("path");
    // A file converts without the library.
    let wechat = stdout(&roundtable(&lib, &["export", zh, "-f", "wechat-html"]));
    assert!(wechat.starts_with("<section style="), "{wechat}");
    assert!(!wechat.contains("class="));
    let docx = dir.path().join("a.docx");
    stdout(&roundtable(
        &lib,
        &[
            "export",
            zh,
            "-f",
            "docx",
            "-o",
            docx.to_str().expect("path"),
        ],
    ));
    assert!(
        std::fs::read(&docx)
            .expect("docx")
            .starts_with(b"PK\x03\x04")
    );
    let md = stdout(&roundtable(
        &lib,
        &[
            "export",
            zh,
            "--front-matter",
            "--labels",
            "name-role",
            "--date",
            "2025-03-14",
        ],
    ));
    assert!(md.starts_with("---\ntitle: "), "{md}");
    assert!(md.contains("date: \"2025-03-14\""), "{md}");
    assert!(md.contains("**王立新\u{FF08}嘉宾\u{FF09}**"), "{md}");
    let transcript = stdout(&roundtable(
        &lib,
        &[
            "export",
            zh,
            "-f",
            "html",
            "--style",
            "transcript",
            "--timecodes",
            "off",
        ],
    ));
    assert!(transcript.contains("<article class=\"transcript\">"));

    // Templates: list, copy, edit, use, and a broken one named with its line.
    let listed = stdout(&roundtable(&lib, &["templates"]));
    for name in ["article.html", "transcript.html", "wechat.html"] {
        assert!(listed.contains(name), "{listed}");
    }
    let copied = stdout(&roundtable(
        &lib,
        &["templates", "copy", "article.html", "--as", "mine.html"],
    ));
    let path = PathBuf::from(copied.trim());
    assert_eq!(path, dir.path().join("templates/mine.html"));
    let source = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, source.replace("<h1>", "<h1 class=\"mine\">")).expect("write");
    assert!(stdout(&roundtable(&lib, &["templates"])).contains("mine.html"));
    let html = stdout(&roundtable(
        &lib,
        &["export", zh, "-f", "html", "--template", "mine.html"],
    ));
    assert!(html.contains("<h1 class=\"mine\">"));
    std::fs::write(dir.path().join("templates/bad.html"), "ok\n{% if %}\n").expect("write");
    let bad = roundtable(&lib, &["templates"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("bad.html:2: "), "{}", stderr(&bad));
}

#[test]
fn list_and_show_print_titles_with_terminal_escapes_stripped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let file = dir.path().join("hostile.md");
    std::fs::write(
        &file,
        "# Budget\u{1b}]0;owned\u{7}\u{1b}[2J talk\n\n**Ann:** Hello\u{1b}[31m there.\n",
    )
    .expect("write");
    let out = roundtable(&lib, &["import", file.to_str().expect("path")]);
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stderr(&out));

    let listed = stdout(&roundtable(&lib, &["list"]));
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{7}'),
        "{listed:?}"
    );
    assert!(listed.contains("Budget]0;owned[2J talk"), "{listed:?}");
    let shown = stdout(&roundtable(&lib, &["show", listed.get(..8).expect("id")]));
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.contains("there."), "{shown:?}");
    // JSON keeps the text exactly, escaped.
    let json = stdout(&roundtable(&lib, &["list", "--json"]));
    assert!(json.contains("\\u001b"), "{json}");
}

/// Runs `roundtable --library LIBRARY ARGS…` under `umask MASK`.
#[cfg(unix)]
fn roundtable_with_umask(mask: &str, library: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--library")
        .arg(library)
        .args(args)
        .output()
        .expect("run roundtable")
}

/// Issue 11: exports were written `-rw-------` whatever the umask (a `tempfile` default).
#[cfg(unix)]
#[test]
fn exports_get_the_permissions_the_umask_gives() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("library.sqlite");
    let fixture = fixture("zh_wechat_roundtable.txt");
    let id = stdout(&roundtable(
        &lib,
        &["import", fixture.to_str().expect("path")],
    ));
    let id = id.trim();
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    for (mask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let one = dir.path().join(format!("one-{mask}.md"));
        stdout(&roundtable_with_umask(
            mask,
            &lib,
            &["export", id, "-o", one.to_str().expect("path")],
        ));
        assert_eq!(mode(&one), expected, "single export, umask {mask}");
        let batch = dir.path().join(format!("batch-{mask}"));
        stdout(&roundtable_with_umask(
            mask,
            &lib,
            &["export", "--all", "-o", batch.to_str().expect("path")],
        ));
        for f in std::fs::read_dir(&batch).expect("batch").flatten() {
            if f.path().is_file() {
                assert_eq!(mode(&f.path()), expected, "batch export, umask {mask}");
            }
        }
    }
    // No temporary file left beside the exports.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 11: a damaged header (the schema number's bytes overwritten) was reported as "written
/// by a newer Roundtable (schema 16711685)".
#[test]
fn a_damaged_header_is_reported_as_damage_not_as_a_newer_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("library.sqlite");
    stdout(&roundtable(&lib, &["list"]));
    let mut bytes = std::fs::read(&lib).expect("read");
    bytes[60..64].copy_from_slice(&16_711_685u32.to_be_bytes());
    std::fs::write(&lib, bytes).expect("write");
    let out = roundtable(&lib, &["list"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("damaged"), "{err}");
    assert!(!err.contains("newer Roundtable"), "{err}");
}

/// Issue 11: `export --all` stopped at the first document it could not read. Now it
/// exports every readable one, lists the others, and runs SQLite's quick check.
#[test]
fn export_all_exports_every_readable_document_and_lists_the_damaged_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("library.sqlite");
    let mut ids = Vec::new();
    for f in [
        "zh_wechat_roundtable.txt",
        "en_qa_interview.txt",
        "en_panel_host.txt",
    ] {
        let id = stdout(&roundtable(
            &lib,
            &["import", fixture(f).to_str().expect("path")],
        ));
        ids.push(id.trim().to_owned());
    }
    // One document's rows damaged behind Roundtable's back.
    let conn = rusqlite::Connection::open(&lib).expect("sqlite");
    conn.execute(
        "UPDATE document_bodies SET body = x'00ff' WHERE doc = ?1",
        [&ids[1]],
    )
    .expect("damage");
    drop(conn);

    let out_dir = dir.path().join("out");
    let out = roundtable(
        &lib,
        &["export", "--all", "-o", out_dir.to_str().expect("path")],
    );
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "a damaged document fails the command"
    );
    assert!(err.contains(&ids[1][..8]), "{err}");
    assert!(
        err.contains("1 of the 3 documents could not be read"),
        "{err}"
    );
    assert!(err.contains("quick_check"), "{err}");
    let written = std::fs::read_dir(&out_dir)
        .expect("out")
        .flatten()
        .filter(|e| e.path().is_file())
        .count();
    assert_eq!(written, 2, "{err}");
}

/// Issue 11: a batch import killed midway kept its earlier files without printing their
/// ids, so running it again made copies. The same content now gives the same document.
#[test]
fn a_batch_import_run_again_prints_the_existing_ids_and_makes_no_copies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("library.sqlite");
    let (a, b, c) = (
        fixture("zh_wechat_roundtable.txt"),
        fixture("en_qa_interview.txt"),
        fixture("en_panel_host.txt"),
    );
    let path = |p: &PathBuf| p.to_str().expect("path").to_owned();
    let first = stdout(&roundtable(&lib, &["import", &path(&a), &path(&b)]));
    let again = roundtable(&lib, &["import", &path(&a), &path(&b), &path(&c)]);
    let second = stdout(&again);
    let first: Vec<&str> = first.lines().collect();
    let second: Vec<&str> = second.lines().collect();
    assert_eq!(first.len(), 2);
    assert_eq!(second.len(), 3);
    assert_eq!(
        &second[..2],
        &first[..],
        "the same files give the same documents"
    );
    assert!(!first.contains(&second[2]));
    assert!(
        stderr(&again).contains("already imported as"),
        "{}",
        stderr(&again)
    );
    let count = |lib: &Path| stdout(&roundtable(lib, &["list"])).lines().count();
    assert_eq!(count(&lib), 3);

    // A copy when asked for.
    let copy = stdout(&roundtable(&lib, &["import", "--again", &path(&a)]));
    assert!(!first.contains(&copy.trim()));
    assert_eq!(count(&lib), 4);

    // A file with the same name but other content is another document.
    let edited = dir.path().join("zh_wechat_roundtable.txt");
    let mut text = std::fs::read_to_string(&a).expect("read");
    text.push_str("\n主持人：再补充一句。\n");
    std::fs::write(&edited, text).expect("write");
    let other = stdout(&roundtable(&lib, &["import", &path(&edited)]));
    assert!(!first.contains(&other.trim()));
    assert_eq!(count(&lib), 5);
}
