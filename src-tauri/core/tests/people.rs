//! The directory of people on real library files: linking on import, suggestions, merge and
//! split with undo, "everywhere" versus "only here", the quote finder, and people syncing
//! between two libraries through a real shared folder.

use std::path::PathBuf;

use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::ops::OpKind;
use roundtable_core::people::MatchReason;
use roundtable_core::store::{Library, LinkOutcome, LinkReport};
use roundtable_core::sync::sync;
use tempfile::TempDir;
use uuid::Uuid;

fn library(dir: &TempDir, name: &str) -> Library {
    Library::open(&dir.path().join(name)).expect("open")
}

/// A document with a moderator and one guest (name, title), each saying the given lines.
fn roundtable(title: &str, language: &str, guest: (&str, Option<&str>), said: &[&str]) -> Document {
    let mut doc = Document::new(title, language);
    doc.participants
        .push(Participant::new("m", "主持人", Role::Moderator));
    let mut g = Participant::new("g", guest.0, Role::Guest);
    g.title = guest.1.map(str::to_owned);
    doc.participants.push(g);
    for (i, text) in said.iter().enumerate() {
        doc.blocks.push(Block::Turn {
            id: format!("q{i}"),
            speaker: "m".into(),
            paragraphs: vec!["请谈谈。".into()],
            start: None,
            end: None,
            topics: vec![],
            continues: false,
        });
        doc.blocks.push(Block::Turn {
            id: format!("a{i}"),
            speaker: "g".into(),
            paragraphs: vec![(*text).to_owned()],
            start: None,
            end: None,
            topics: vec![],
            continues: false,
        });
    }
    doc
}

fn import(lib: &mut Library, doc: &Document) -> LinkReport {
    lib.create_document(doc).expect("create");
    lib.link_participants(doc.id).expect("link")
}

fn outcome<'a>(report: &'a LinkReport, participant: &str) -> &'a LinkOutcome {
    &report
        .participants
        .iter()
        .find(|p| p.participant == participant)
        .expect("participant reported")
        .outcome
}

fn person_of(lib: &Library, doc: Uuid, participant: &str) -> Option<Uuid> {
    lib.state(doc)
        .expect("state")
        .links
        .get(participant)
        .copied()
}

#[test]
fn exact_names_link_and_the_same_name_in_two_documents_is_one_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    let a = roundtable(
        "技能之路",
        "zh",
        ("杨梅芳", Some("教师")),
        &["技能培训要下沉。"],
    );
    let b = roundtable("第二场", "zh", ("杨梅芳", None), &["工会是桥梁。"]);
    let ra = import(&mut lib, &a);
    assert!(matches!(outcome(&ra, "g"), LinkOutcome::Created { .. }));
    let rb = import(&mut lib, &b);
    assert!(
        matches!(outcome(&rb, "g"), LinkOutcome::Linked { .. }),
        "{rb:?}"
    );
    let p = person_of(&lib, a.id, "g").expect("linked");
    assert_eq!(person_of(&lib, b.id, "g"), Some(p));
    // Links are the directory's, not an edit of the document to undo.
    assert_eq!(lib.undo_state(b.id).expect("undo").undo, None);
    // Linking again changes nothing: only unlinked participants are looked at.
    assert!(
        lib.link_participants(a.id)
            .expect("again")
            .participants
            .is_empty()
    );

    let people = lib.people().expect("people");
    let yang = people.iter().find(|x| x.name == "杨梅芳").expect("listed");
    assert_eq!((yang.appearances, yang.documents), (2, 2));
    let page = lib.person(p).expect("page");
    assert_eq!(page.appearances.len(), 2);
    let titles: Vec<Option<&str>> = page
        .appearances
        .iter()
        .map(|a| a.title.as_deref())
        .collect();
    assert!(titles.contains(&Some("教师")) && titles.contains(&None));
    assert!(page.appearances.iter().all(|a| a.turns == 1 && a.words > 0));
    // The link is in the document's own log, so it syncs with it.
    assert!(lib.ops(a.id).expect("ops").iter().any(|op| matches!(
        &op.kind,
        OpKind::LinkPerson { participant, person: Some(x) } if participant == "g" && *x == p
    )));
}

#[test]
fn close_names_are_suggested_never_merged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    import(
        &mut lib,
        &roundtable("一", "zh", ("杨梅芳", Some("教师")), &["一"]),
    );
    import(
        &mut lib,
        &roundtable("One", "en", ("Dana Whitfield", Some("Director")), &["One."]),
    );
    let yang = lib.find_person("杨梅芳").expect("yang");
    let dana = lib.find_person("Dana Whitfield").expect("dana");
    // The import preview says the same as linking will, and writes nothing.
    let preview = lib
        .preview_links(&roundtable("p", "zh", ("楊梅芳", None), &["p"]))
        .expect("preview");
    assert!(matches!(
        outcome(&preview, "g"),
        LinkOutcome::Suggested { .. }
    ));
    let preview = lib
        .preview_links(&roundtable("p", "zh", ("孙小雨", None), &["p"]))
        .expect("preview");
    assert_eq!(
        outcome(&preview, "g"),
        &LinkOutcome::Created {
            person: String::new()
        }
    );
    assert_eq!(lib.people().expect("people").len(), 2);
    let cases: &[(&str, Option<&str>, &str, Uuid, MatchReason)] = &[
        ("楊梅芳", None, "zh", yang, MatchReason::Variant),
        ("杨老师", None, "zh", yang, MatchReason::Surname),
        (
            "杨梅芳",
            Some("副校长"),
            "zh",
            yang,
            MatchReason::DifferentTitle,
        ),
        (
            "ＤＡＮＡ ＷＨＩＴＦＩＥＬＤ",
            None,
            "en",
            dana,
            MatchReason::Variant,
        ),
        ("D. Whitfield", None, "en", dana, MatchReason::Surname),
        ("Ms Whitfield", None, "en", dana, MatchReason::Surname),
        (
            "Dana Whitfield",
            Some("CEO"),
            "en",
            dana,
            MatchReason::DifferentTitle,
        ),
    ];
    for (name, title, language, person, reason) in cases {
        let doc = roundtable("x", language, (name, *title), &["x"]);
        let report = import(&mut lib, &doc);
        match outcome(&report, "g") {
            LinkOutcome::Suggested { candidates } => {
                assert_eq!(candidates[0].person, person.to_string(), "{name}");
                assert_eq!(candidates[0].reason, *reason, "{name}");
            }
            other => panic!("{name}: expected a suggestion, got {other:?}"),
        }
        assert_eq!(person_of(&lib, doc.id, "g"), None, "{name}: nothing linked");
    }
    // Exact names with the same title (folded) or none link.
    let doc = roundtable("y", "zh", ("杨梅芳", Some("教師")), &["y"]);
    assert!(matches!(
        outcome(&import(&mut lib, &doc), "g"),
        LinkOutcome::Linked { .. }
    ));
    // Two people, still: nothing was merged behind the user's back.
    let names: Vec<String> = lib
        .people()
        .expect("people")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names.iter().filter(|n| *n == "杨梅芳").count(), 1);
    assert!(!names.contains(&"楊梅芳".to_owned()));
}

#[test]
fn accepting_a_suggestion_or_keeping_a_new_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    import(&mut lib, &roundtable("一", "zh", ("杨梅芳", None), &["一"]));
    let yang = lib.find_person("杨梅芳").expect("yang");
    let trad = roundtable("二", "zh", ("楊梅芳", None), &["二"]);
    import(&mut lib, &trad);
    lib.link_participant(trad.id, "g", Some(yang))
        .expect("accept");
    assert_eq!(person_of(&lib, trad.id, "g"), Some(yang));
    assert_eq!(lib.person(yang).expect("page").appearances.len(), 2);

    let other = roundtable("三", "zh", ("杨老师", None), &["三"]);
    import(&mut lib, &other);
    let new = lib.link_participant(other.id, "g", None).expect("keep new");
    assert_ne!(new, yang);
    // Said to be someone else: not suggested for a merge with 杨梅芳.
    assert!(lib.merge_suggestions().expect("suggestions").is_empty());
    assert!(lib.link_participant(other.id, "nobody", None).is_err());
}

#[test]
fn merge_is_undone_through_the_log_and_a_split_moves_appearances() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    let a = roundtable("一", "zh", ("杨梅芳", None), &["技能培训"]);
    let b = roundtable("二", "zh", ("楊梅芳", None), &["技能比赛"]);
    import(&mut lib, &a);
    import(&mut lib, &b);
    let yang = person_of(&lib, a.id, "g").expect("a linked");
    // 楊梅芳 was only suggested; keep it as its own person to merge it later.
    let trad = lib.link_participant(b.id, "g", None).expect("new");
    // Keeping a new one marked them distinct; the user now merges them anyway.
    lib.merge_people(trad, yang).expect("merge");
    assert_eq!(lib.find_people("楊梅芳").expect("find"), vec![yang]);
    let page = lib.person(yang).expect("page");
    assert_eq!(page.appearances.len(), 2);
    assert_eq!(page.merged, vec![trad.to_string()]);
    assert!(page.person.aliases.contains(&"楊梅芳".to_owned()));
    assert_eq!(
        lib.search_person(yang, "技能", 10).expect("search").len(),
        2
    );
    assert_eq!(
        lib.people().expect("people").len(),
        1,
        "杨梅芳 only: 主持人 is a role"
    );
    assert!(lib.merge_people(trad, yang).is_err(), "already one");

    // Undo: the merge op is superseded by an unmerge op, both in the log.
    lib.unmerge_person(trad).expect("unmerge");
    assert_eq!(lib.person(yang).expect("page").appearances.len(), 1);
    assert_eq!(lib.person(trad).expect("page").appearances.len(), 1);
    let merges = lib
        .ops(trad)
        .expect("ops")
        .iter()
        .filter(|op| matches!(op.kind, OpKind::SetMergedInto { .. }))
        .count();
    assert_eq!(merges, 2);

    // Split: one appearance of 杨梅芳 goes to a new person.
    lib.merge_people(trad, yang).expect("merge again");
    let split = lib
        .split_person(yang, &[(b.id, "g".to_owned())], "杨梅芳（二）")
        .expect("split");
    assert_eq!(person_of(&lib, b.id, "g"), Some(split));
    assert_eq!(lib.person(split).expect("page").appearances.len(), 1);
    assert_eq!(lib.person(yang).expect("page").appearances.len(), 1);
}

#[test]
fn update_everywhere_renames_every_appearance_and_only_here_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    let a = roundtable("One", "en", ("Dana Whitfield", Some("Director")), &["One."]);
    let b = roundtable("Two", "en", ("Dana Whitfield", None), &["Two."]);
    import(&mut lib, &a);
    import(&mut lib, &b);
    let dana = lib.find_person("Dana Whitfield").expect("dana");

    lib.rename_participant_here(a.id, "g", "Dr Dana Whitfield")
        .expect("here");
    assert_eq!(
        lib.document(a.id).expect("a").participants[1].name,
        "Dr Dana Whitfield"
    );
    assert_eq!(
        lib.document(b.id).expect("b").participants[1].name,
        "Dana Whitfield"
    );
    assert_eq!(
        lib.person(dana).expect("page").person.name,
        "Dana Whitfield"
    );

    lib.rename_person_everywhere(dana, "Dana Whitfield-Ross")
        .expect("everywhere");
    for id in [a.id, b.id] {
        let doc = lib.document(id).expect("doc");
        assert_eq!(doc.participants[1].name, "Dana Whitfield-Ross");
    }
    // The title stays the appearance's.
    assert_eq!(
        lib.document(a.id).expect("a").participants[1]
            .title
            .as_deref(),
        Some("Director")
    );
    let page = lib.person(dana).expect("page");
    assert_eq!(page.person.name, "Dana Whitfield-Ross");
    assert!(page.person.aliases.contains(&"Dana Whitfield".to_owned()));
    // The old spelling still links a new import.
    let c = roundtable("Three", "en", ("Dana Whitfield", None), &["Three."]);
    assert!(matches!(
        outcome(&import(&mut lib, &c), "g"),
        LinkOutcome::Linked { .. }
    ));
    assert!(lib.rename_person_everywhere(dana, "  ").is_err());
    // The rename is an edit of each document, undone there like any other.
    lib.undo(b.id).expect("undo");
    assert_eq!(
        lib.document(b.id).expect("b").participants[1].name,
        "Dana Whitfield"
    );
}

#[test]
fn quote_finder_searches_one_persons_turns_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    let mut a = roundtable(
        "产业工人的技能之路",
        "zh",
        ("杨梅芳", Some("教师")),
        &["技能培训要下沉到街道。", "工会是桥梁。"],
    );
    a.participants[1].organization = Some("杭州市总工会干部学校".into());
    // The moderator says 技能 too: not a hit.
    a.blocks.push(Block::Turn {
        id: "m9".into(),
        speaker: "m".into(),
        paragraphs: vec!["技能怎么学？".into()],
        start: None,
        end: None,
        topics: vec![],
        continues: false,
    });
    let b = roundtable("别人", "zh", ("王强", None), &["技能也重要。"]);
    import(&mut lib, &a);
    import(&mut lib, &b);
    let yang = lib.find_person("杨梅芳").expect("yang");

    let hits = lib.search_person(yang, "技能", 10).expect("search");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(
        (hit.document.as_str(), hit.block.as_str()),
        (a.id.to_string().as_str(), "a0")
    );
    assert_eq!(hit.title, "产业工人的技能之路");
    assert_eq!(
        roundtable_core::store::bracketed(&hit.snippet),
        "[技能]培训要下沉到街道。"
    );
    // Traditional script and several terms, as the library search matches.
    assert_eq!(
        lib.search_person(yang, "技能 街道", 10).expect("s").len(),
        1
    );
    assert_eq!(
        lib.search_person(yang, "技能 桥梁", 10).expect("s").len(),
        0
    );
    assert_eq!(lib.search_person(yang, "橋梁", 10).expect("s").len(), 1);
    assert!(lib.search_person(yang, "", 10).expect("s").is_empty());
    // The library search restricted to her: her document only (王强 and the moderator say
    // 技能 too), its occurrences hers alone.
    let said = lib.search_said_by(yang, "技能", 10).expect("said by");
    assert_eq!(
        said.iter()
            .map(|h| (h.document.clone(), h.hits))
            .collect::<Vec<_>>(),
        vec![(a.id.to_string(), 1)]
    );
    assert_eq!(
        hit.attribution(None).text,
        "杨梅芳（杭州市总工会干部学校教师）在《产业工人的技能之路》中说：“技能培训要下沉到街道。”"
    );
    // A document in the trash is not searched.
    lib.trash(a.id).expect("trash");
    assert!(lib.search_person(yang, "技能", 10).expect("s").is_empty());
}

#[test]
fn people_survive_a_rebuild_of_the_derived_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    let a = roundtable("一", "zh", ("杨梅芳", None), &["一"]);
    let b = roundtable("二", "zh", ("楊梅芳", None), &["二"]);
    import(&mut lib, &a);
    import(&mut lib, &b);
    let trad = lib.link_participant(b.id, "g", None).expect("new");
    let yang = lib.find_person("杨梅芳").expect("yang");
    lib.merge_people(trad, yang).expect("merge");
    let before = lib.person(yang).expect("page");
    lib.rebuild().expect("rebuild");
    assert_eq!(lib.person(yang).expect("page"), before);
}

struct Device {
    lib: Library,
    folder: PathBuf,
}

impl Device {
    fn sync(&mut self) {
        sync(&mut self.lib, &self.folder).expect("sync");
    }
}

fn two_devices() -> (TempDir, Device, Device) {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("folder");
    let a = Device {
        lib: library(&dir, "a.sqlite"),
        folder: folder.clone(),
    };
    let b = Device {
        lib: library(&dir, "b.sqlite"),
        folder,
    };
    (dir, a, b)
}

fn sync_both(a: &mut Device, b: &mut Device) {
    for _ in 0..2 {
        a.sync();
        b.sync();
    }
}

#[test]
fn two_devices_that_both_create_a_person_end_with_one() {
    let (_dir, mut a, mut b) = two_devices();
    let da = roundtable("甲", "zh", ("杨梅芳", None), &["技能培训"]);
    let db = roundtable("乙", "zh", ("杨梅芳", None), &["技能比赛"]);
    import(&mut a.lib, &da);
    import(&mut b.lib, &db);
    sync_both(&mut a, &mut b);
    for d in [&a, &b] {
        let people = d.lib.people().expect("people");
        let yang: Vec<_> = people.iter().filter(|p| p.name == "杨梅芳").collect();
        assert_eq!(yang.len(), 1, "one person, not two");
        assert_eq!(yang[0].appearances, 2);
        assert_eq!(yang[0].conflicts, 0, "the same name twice is no conflict");
        let id = Uuid::parse_str(&yang[0].id).expect("id");
        assert_eq!(d.lib.search_person(id, "技能", 10).expect("s").len(), 2);
    }
    assert_eq!(a.lib.people().expect("a"), b.lib.people().expect("b"));
}

#[test]
fn two_devices_with_variant_spellings_see_a_merge_suggestion_and_a_merge_syncs() {
    let (_dir, mut a, mut b) = two_devices();
    let da = roundtable("甲", "zh", ("杨梅芳", None), &["一"]);
    let db = roundtable("乙", "zh", ("楊梅芳", None), &["二"]);
    import(&mut a.lib, &da);
    import(&mut b.lib, &db);
    sync_both(&mut a, &mut b);
    let simplified = a.lib.find_person("杨梅芳").expect("a");
    let traditional = b.lib.find_person("楊梅芳").expect("b");
    assert_ne!(simplified, traditional, "never merged silently");
    for d in [&a, &b] {
        let s = d.lib.merge_suggestions().expect("suggestions");
        assert_eq!(s.len(), 1, "a visible suggestion: {s:?}");
        assert_eq!(s[0].reason, MatchReason::Variant);
    }
    a.lib.merge_people(traditional, simplified).expect("merge");
    sync_both(&mut a, &mut b);
    for d in [&a, &b] {
        assert!(d.lib.merge_suggestions().expect("s").is_empty());
        assert_eq!(
            d.lib.person(traditional).expect("p").person.id,
            simplified.to_string()
        );
        assert_eq!(d.lib.person(simplified).expect("p").appearances.len(), 2);
    }
    // Undone on the other device, and that syncs back too.
    b.lib.unmerge_person(traditional).expect("unmerge");
    sync_both(&mut a, &mut b);
    assert_eq!(a.lib.person(simplified).expect("p").appearances.len(), 1);
    assert_eq!(a.lib.people().expect("a"), b.lib.people().expect("b"));
}

#[test]
fn concurrent_opposite_merges_end_the_same_on_both_devices() {
    let (_dir, mut a, mut b) = two_devices();
    let da = roundtable("甲", "zh", ("杨梅芳", None), &["一"]);
    let db = roundtable("乙", "zh", ("楊梅芳", None), &["二"]);
    import(&mut a.lib, &da);
    import(&mut b.lib, &db);
    sync_both(&mut a, &mut b);
    let s = a.lib.find_person("杨梅芳").expect("s");
    let t = a.lib.find_person("楊梅芳").expect("t");
    a.lib.merge_people(t, s).expect("a merges");
    b.lib.merge_people(s, t).expect("b merges the other way");
    sync_both(&mut a, &mut b);
    let pa = a.lib.people().expect("a");
    assert_eq!(pa, b.lib.people().expect("b"));
    assert_eq!(
        pa.iter().filter(|p| p.appearances == 2).count(),
        1,
        "{pa:?}"
    );
}

#[test]
fn concurrent_renames_of_one_person_are_a_visible_conflict() {
    let (_dir, mut a, mut b) = two_devices();
    let doc = roundtable("甲", "en", ("Dana Whitfield", None), &["One."]);
    import(&mut a.lib, &doc);
    sync_both(&mut a, &mut b);
    let dana = a.lib.find_person("Dana Whitfield").expect("dana");
    a.lib
        .rename_person_everywhere(dana, "Dana W. Ross")
        .expect("a");
    b.lib
        .rename_person_everywhere(dana, "Dana Ross")
        .expect("b");
    sync_both(&mut a, &mut b);
    let pa = a.lib.person(dana).expect("a").person;
    assert_eq!(pa, b.lib.person(dana).expect("b").person);
    assert!(pa.conflicts > 0, "shown, not silently lost: {pa:?}");
    let page = a.lib.person(dana).expect("page");
    assert_eq!(page.conflicts[0].field, "name");
    assert_eq!(page.conflicts[0].values.len(), 2);
    // Renaming settles it, here and after sync there.
    let shown = page.person.name.clone();
    a.lib
        .rename_person_everywhere(dana, &shown)
        .expect("settle");
    sync_both(&mut a, &mut b);
    assert_eq!(b.lib.person(dana).expect("b").person.conflicts, 0);
    // The participant's name is a document field: a conflict there too.
    assert!(!a.lib.conflicts(doc.id).expect("conflicts").is_empty());
}

#[test]
fn an_alias_in_another_script_links_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = library(&dir, "lib.sqlite");
    import(
        &mut lib,
        &roundtable("One", "en", ("Dana Whitfield", None), &["One."]),
    );
    let dana = lib.find_person("Dana Whitfield").expect("dana");
    lib.set_person_aliases(
        dana,
        &[
            "惠特菲尔德".to_owned(),
            " D. Whitfield ".to_owned(),
            "dana whitfield".to_owned(),
        ],
    )
    .expect("aliases");
    // The canonical name is not its own alias; spaces are trimmed.
    assert_eq!(
        lib.person(dana).expect("page").person.aliases,
        vec!["惠特菲尔德".to_owned(), "D. Whitfield".to_owned()]
    );
    for name in ["惠特菲尔德", "D. Whitfield"] {
        let doc = roundtable("Two", "zh", (name, None), &["二"]);
        assert_eq!(
            outcome(&import(&mut lib, &doc), "g"),
            &LinkOutcome::Linked {
                person: dana.to_string()
            },
            "{name}"
        );
    }
    assert_eq!(lib.find_people("惠特菲尔德").expect("find"), vec![dana]);
    assert_eq!(lib.person(dana).expect("page").appearances.len(), 3);
}
