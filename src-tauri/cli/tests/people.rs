//! `roundtable people …`, `search --speaker` and the linking `import` does, on a real
//! library file through the built binary.

mod common;

use std::path::Path;

use common::{roundtable, stderr, stdout};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("json")
}

/// Three roundtables: 杨梅芳 twice (a teacher, then without a title) and 楊梅芳 once.
fn library() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("library.sqlite");
    let a = write(
        dir.path(),
        "a.txt",
        "技能之路\n\n主持人：请谈谈技能培训。\n\n杨梅芳：技能培训要下沉到街道。\n\n主持人：还有呢？\n\n杨梅芳：工会是桥梁。\n",
    );
    let b = write(
        dir.path(),
        "b.txt",
        "第二场\n\n主持人：请谈谈。\n\n楊梅芳：技能比赛很重要。\n",
    );
    let c = write(
        dir.path(),
        "c.txt",
        "第三场\n\n主持人：请谈谈技能。\n\n杨梅芳：人才是根本。\n",
    );
    let o = roundtable(&lib, &["import", &a, &b, &c]);
    let ids: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(ids.len(), 3);
    // The close spelling is suggested on stderr, with the command that accepts it.
    let err = stderr(&o);
    assert!(
        err.contains("楊梅芳 may be 杨梅芳") && err.contains("roundtable people link"),
        "{err}"
    );
    (dir, lib, ids)
}

#[test]
fn people_list_show_and_link_a_suggestion() {
    let (_dir, lib, ids) = library();
    let list = json(&stdout(&roundtable(&lib, &["people", "list", "--json"])));
    let people = list.as_array().expect("array");
    assert_eq!(
        people.len(),
        1,
        "the host is a role, 楊梅芳 only suggested: {list}"
    );
    assert_eq!(people[0]["name"], "杨梅芳");
    assert_eq!(people[0]["documents"], 2);
    let text = stdout(&roundtable(&lib, &["people", "list"]));
    assert!(
        text.contains("杨梅芳") && text.contains("2 document(s)"),
        "{text}"
    );

    // Accept the suggestion: document b's participant is 杨梅芳 too.
    let b_participant = {
        let doc = json(&stdout(&roundtable(
            &lib,
            &["export", &ids[1], "-f", "json"],
        )));
        doc["participants"]
            .as_array()
            .expect("participants")
            .iter()
            .find(|p| p["name"] == "楊梅芳")
            .expect("楊梅芳")["id"]
            .as_str()
            .expect("id")
            .to_owned()
    };
    let linked = roundtable(
        &lib,
        &[
            "people",
            "link",
            &ids[1][..8],
            &b_participant,
            "--to",
            "杨梅芳",
        ],
    );
    stdout(&linked);
    let show = json(&stdout(&roundtable(
        &lib,
        &["people", "show", "楊梅芳", "--json"],
    )));
    assert_eq!(show["person"]["name"], "杨梅芳");
    assert_eq!(
        show["appearances"].as_array().expect("appearances").len(),
        3
    );
    let text = stdout(&roundtable(&lib, &["people", "show", "杨梅芳"]));
    assert!(
        text.contains("技能之路") && text.contains("turn(s)"),
        "{text}"
    );

    // Nobody of that name: a clear error.
    let o = roundtable(&lib, &["people", "show", "王强"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nobody called"), "{}", stderr(&o));
    let o = roundtable(&lib, &["people", "link", &ids[1][..8]]);
    assert!(!o.status.success());
}

#[test]
fn people_merge_and_unmerge() {
    let (_dir, lib, ids) = library();
    // Keep 楊梅芳 as a person of its own, then merge the two.
    let participant = "p2";
    let doc = json(&stdout(&roundtable(
        &lib,
        &["export", &ids[1], "-f", "json"],
    )));
    assert_eq!(doc["participants"][1]["id"], participant, "{doc}");
    stdout(&roundtable(
        &lib,
        &["people", "link", &ids[1][..8], participant, "--new"],
    ));
    let list = json(&stdout(&roundtable(&lib, &["people", "list", "--json"])));
    assert_eq!(list.as_array().expect("array").len(), 2);

    let merged = json(&stdout(&roundtable(
        &lib,
        &["people", "merge", "楊梅芳", "杨梅芳", "--json"],
    )));
    assert_eq!(merged["appearances"].as_array().expect("a").len(), 3);
    let gone = merged["merged"][0].as_str().expect("merged id").to_owned();
    let list = json(&stdout(&roundtable(&lib, &["people", "list", "--json"])));
    assert_eq!(list.as_array().expect("array").len(), 1);
    assert!(
        list[0]["aliases"]
            .as_array()
            .expect("aliases")
            .contains(&"楊梅芳".into())
    );
    let o = roundtable(&lib, &["people", "merge", "楊梅芳", "杨梅芳"]);
    assert!(!o.status.success(), "merging one person with itself");

    let o = roundtable(&lib, &["people", "unmerge", &gone]);
    stdout(&o);
    let list = json(&stdout(&roundtable(&lib, &["people", "list", "--json"])));
    assert_eq!(list.as_array().expect("array").len(), 2);
}

#[test]
fn search_speaker_finds_only_that_persons_turns_with_attribution() {
    let (_dir, lib, ids) = library();
    let text = stdout(&roundtable(
        &lib,
        &["search", "技能", "--speaker", "杨梅芳"],
    ));
    // 技能之路: her turn; 第三场: only the host says 技能; 第二场: 楊梅芳, not linked yet.
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.contains(&ids[0][..8]) && text.contains("[技能]培训"),
        "{text}"
    );
    let hits = json(&stdout(&roundtable(
        &lib,
        &["search", "技能", "--speaker", "杨梅芳", "--json"],
    )));
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "技能之路");
    assert_eq!(
        hits[0]["attribution"]["text"],
        "杨梅芳在《技能之路》中说：“技能培训要下沉到街道。”"
    );
    let o = roundtable(&lib, &["search", "技能", "--speaker", "王强"]);
    assert!(!o.status.success());
}

#[test]
fn people_rename_everywhere_renames_every_document() {
    let (_dir, lib, ids) = library();
    stdout(&roundtable(
        &lib,
        &["people", "rename", "杨梅芳", "杨梅芳博士"],
    ));
    for id in [&ids[0], &ids[2]] {
        let doc = json(&stdout(&roundtable(&lib, &["export", id, "-f", "json"])));
        assert_eq!(doc["participants"][1]["name"], "杨梅芳博士", "{doc}");
    }
    // The old name still finds her.
    let show = json(&stdout(&roundtable(
        &lib,
        &["people", "show", "杨梅芳", "--json"],
    )));
    assert_eq!(show["person"]["name"], "杨梅芳博士");
}
