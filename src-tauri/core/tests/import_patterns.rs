//! The label shapes and conventions of real-world transcripts (issue 13), one test each, on
//! short inputs written in those shapes. The real files are in `tests/corpus` (see
//! `tests/corpus.rs`).

use roundtable_core::import::{Format, parse_text};
use roundtable_core::model::{Block, Document, Role};

fn parse(text: &str) -> Document {
    parse_text(text, None)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .document
}

/// (speaker name, start, first paragraph) of every turn.
fn turns(doc: &Document) -> Vec<(String, Option<f64>, String)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker,
                start,
                paragraphs,
                ..
            } => Some((
                doc.participant(speaker).expect("speaker").name.clone(),
                *start,
                paragraphs.first().cloned().unwrap_or_default(),
            )),
            _ => None,
        })
        .collect()
}

fn names(doc: &Document) -> Vec<(&str, Role)> {
    doc.participants
        .iter()
        .map(|p| (p.name.as_str(), p.role))
        .collect()
}

fn role(doc: &Document, name: &str) -> Role {
    doc.participants
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", names(doc)))
        .role
}

#[test]
fn bold_name_then_a_timestamp() {
    let doc = parse(
        "**Emma** [0:00] Today we're talking about ourselves.\n\n**Kelly** [0:18] Welcome to the podcast. I'm Kelly.\n\n**Emma** [0:20] I'm Emma.\n",
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 3);
    assert_eq!(
        t[1],
        (
            "Kelly".into(),
            Some(18.0),
            "Welcome to the podcast. I'm Kelly.".into()
        )
    );
}

#[test]
fn italic_name_with_a_time_alone_on_its_line() {
    let doc = parse(
        "*Joe Patti (00:51)*\nWelcome to the show. What brought you here?\n\n*Ann Lee (01:10)*\nCuriosity, mostly.\n",
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].0, "Joe Patti");
    assert_eq!(t[0].1, Some(51.0));
    assert_eq!(t[1].2, "Curiosity, mostly.");
}

#[test]
fn bold_otter_headers() {
    let doc = parse(
        "**Ali**  0:00  \nHave you ever written code?\n\n**Kelly**  0:14  \nAll the time.\n\n**Speaker 3  0:20**  \nMe too.\n",
    );
    let t = turns(&doc);
    assert_eq!(
        t.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["Ali", "Kelly", "Speaker 3"]
    );
    assert_eq!(t[1].1, Some(14.0));
    assert_eq!(t[1].2, "All the time.");
}

#[test]
fn timestamp_then_bold_name() {
    let doc = parse(
        "0:00:12.9 **Adam Garrett-Harris** Hello and welcome.\n\n0:00:27.3 **Jason Staten** Yeah.\n",
    );
    let t = turns(&doc);
    assert_eq!(
        t[0],
        (
            "Adam Garrett-Harris".into(),
            Some(12.9),
            "Hello and welcome.".into()
        )
    );
    assert_eq!(t[1].0, "Jason Staten");
}

#[test]
fn name_in_brackets() {
    let doc = parse("**(Kelly)** Hi there.\n\n**(Emma)** Hello.\n");
    let t = turns(&doc);
    assert_eq!(t[0].0, "Kelly");
    assert_eq!(t[1].2, "Hello.");
}

#[test]
fn bracketed_label_and_time_in_plain_text() {
    let doc = parse(
        "[Speaker 1] [00:03] Adam, can you hear me?\n[Speaker 2] [00:06] I hear you.\n[Speaker 1] [00:06] Good.\n",
    );
    let t = turns(&doc);
    assert_eq!(doc.title, "");
    assert_eq!(t.len(), 3);
    assert_eq!(
        t[0],
        (
            "Speaker 1".into(),
            Some(3.0),
            "Adam, can you hear me?".into()
        )
    );
}

#[test]
fn label_with_the_time_after_the_colon_or_in_brackets() {
    let doc = parse(
        "Briefing\n\nJen Psaki: (00:00)\nJust two items.\n\nAmer: (01:13)\nThanks. A question?\n\nNVK: 00:01:30\n\nWelcome Calle.\n",
    );
    let t = turns(&doc);
    assert_eq!(t[0].1, Some(0.0));
    assert_eq!(
        t[1],
        ("Amer".into(), Some(73.0), "Thanks. A question?".into())
    );
    assert_eq!(t[2].1, Some(90.0));
}

#[test]
fn role_word_before_the_name_and_space_before_the_colon() {
    let doc = parse("主持人 魯健 :\n各位好,歡迎收看。\n主持人王远志:今天的亮点是什么?\n");
    assert_eq!(doc.title, "");
    assert_eq!(role(&doc, "魯健"), Role::Moderator);
    let doc =
        parse("博鳌论坛\n主持人王远志:今年最大的亮点是什么?\n周文重:会议的形式更加多样化。\n");
    assert_eq!(
        names(&doc),
        [("王远志", Role::Moderator), ("周文重", Role::Guest)]
    );
}

#[test]
fn title_space_name_label() {
    let doc = parse("論壇閉幕\n總臺央視記者 宋菀:為期兩天的論壇即將落下帷幕。\n");
    let t = turns(&doc);
    assert_eq!(t[0].0, "宋菀");
    assert_eq!(doc.participants[0].title.as_deref(), Some("總臺央視記者"));
}

#[test]
fn label_after_a_dateline() {
    let doc = parse("两会访谈\n【访谈】(2013年3月) 汪洋:大家好。\n主持人:您好。\n汪洋:谢谢。\n");
    let t = turns(&doc);
    assert_eq!(t[0], ("汪洋".into(), None, "大家好。".into()));
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { text, .. } if text.starts_with("【访谈】")))
    );
}

#[test]
fn several_turns_on_one_line() {
    let doc = parse(
        "访谈\n主持人:您好,欢迎朱波。今天聊什么呢?朱波:聊聊新能源。中国网:为什么是新能源? 朱波:因为它是未来。\n",
    );
    let t = turns(&doc);
    assert_eq!(
        t.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["主持人", "朱波", "中国网", "朱波"]
    );
    // Reported speech is no turn.
    let doc = parse("访谈\n记者:你为什么留下?从玉华:有人问过他。他回答:“因为还没写出代表作。”\n");
    assert!(!names(&doc).iter().any(|(n, _)| *n == "他回答"));
}

#[test]
fn parenthetical_with_colons() {
    let doc = parse(
        "Moyers remembers\n\nThis is TALK OF THE NATION. I'm Neal Conan.\n\nMr. BILL MOYERS (Author, \"Moyers Journal: The Conversation Continues\"): Thanks for having me.\n\nCONAN: Glad you came. Why now?\n\nMr. MOYERS: Because.\n",
    );
    let p = &doc.participants;
    let moyers = p.iter().find(|p| p.name == "Bill Moyers").expect("Moyers");
    assert_eq!(
        moyers.title.as_deref(),
        Some("Author, \"Moyers Journal: The Conversation Continues\"")
    );
    assert_eq!(turns(&doc).len(), 3);
    assert_eq!(role(&doc, "Conan"), Role::Moderator);
}

#[test]
fn role_suffix() {
    let doc = parse(
        "Podcast\n\nSTEVE INSKEEP, HOST: Good morning.\n\nASMA KHALID, BYLINE: Good morning, Steve.\n\nKHALID: More later.\n\nAlso: a note about the show.\n",
    );
    assert_eq!(
        names(&doc),
        [
            ("Steve Inskeep", Role::Moderator),
            ("Asma Khalid", Role::Guest)
        ]
    );
    assert_eq!(turns(&doc).len(), 3);
}

#[test]
fn title_before_a_name_in_capitals() {
    let doc = parse(
        "News\n\nNEAL CONAN, host:\n\nAnother Monday.\n\nPresident GEORGE W. BUSH: I told them.\n",
    );
    assert_eq!(doc.participants[1].name, "George W. Bush");
    assert_eq!(doc.participants[1].title.as_deref(), Some("President"));
    assert_eq!(turns(&doc)[0].2, "Another Monday.");
}

#[test]
fn initials_are_another_label() {
    let doc = parse(
        "限制条款\n\nShaun Apps（SA）：我先做个开场吧。\n\nSA：有请 Andrew Poelstra。Andrew，你想先来吗？\n\nAndrew Poelstra（AP）：当然。\n\nAP：还有一点。\n",
    );
    assert_eq!(
        names(&doc),
        [
            ("Shaun Apps", Role::Moderator),
            ("Andrew Poelstra", Role::Guest)
        ]
    );
}

#[test]
fn declarations_with_the_title_first_or_as_a_heading() {
    let doc = parse("圆桌\n主持人:主编 顾晴\n顾晴:欢迎各位。\n李明:谢谢。\n");
    assert_eq!(names(&doc)[0], ("顾晴", Role::Moderator));
    assert_eq!(doc.participants[0].title.as_deref(), Some("主编"));
    let doc = parse(
        "Panel on water\n\nPresider\nDana Whitfield\nEditor, Metro Daily\n\nDana Whitfield: Welcome.\n\nRuth Abernathy: Thanks.\n",
    );
    assert_eq!(names(&doc)[0], ("Dana Whitfield", Role::Moderator));
    assert_eq!(
        doc.participants[0].title.as_deref(),
        Some("Editor, Metro Daily")
    );
    let doc = parse("Panel\n\nMODERATOR JANE DOE: Welcome.\n\nBOB ROE: Thanks.\n");
    assert_eq!(names(&doc)[0], ("Jane Doe", Role::Moderator));
}

#[test]
fn not_speakers() {
    // A headline with a colon, a common word, a voice-over, end-of-article links.
    let doc = parse(
        "周刊遭遇新媒体挑战\n三联主编朱伟:周刊遭遇新媒体挑战 培养杂志性格是关键\n以下是节目实录:\n主持人尹俊:欢迎朱伟先生。\n朱伟:大家好。\n解说:这是一段短片。\n主持人尹俊:请谈谈您的工作。\n朱伟:好的,我来说说。\n更多阅读\n朱伟:另一篇文章的标题\n",
    );
    assert_eq!(
        names(&doc),
        [
            ("尹俊", Role::Moderator),
            ("朱伟", Role::Guest),
            ("解说", Role::Other)
        ]
    );
    assert_eq!(turns(&doc).len(), 5);
}

#[test]
fn markup_leftovers_in_pasted_text() {
    let doc = parse("访谈\n主持人:你好&#39;世界&quot;<br />嘉宾甲:**你好**。\n");
    let t = turns(&doc);
    assert_eq!(t[0].2, "你好'世界\"");
    assert_eq!(t[1], ("嘉宾甲".into(), None, "你好。".into()));
}

#[test]
fn traditional_keywords() {
    let doc = parse(
        "座談\n嘉賓:王大明、李小華\n王大明:大家好。\n李小華:你好。\n來源:中央社\n編輯:陳一\n",
    );
    assert_eq!(doc.participants.len(), 2);
    assert_eq!(doc.credits.len(), 2);
}

#[test]
fn self_introduction_names_the_moderator() {
    let doc =
        parse("文化名人访\n主持人:欢迎您。我是主持人张曼。今天请到了吴先生。\n吴子敬:谢谢。\n");
    assert_eq!(names(&doc)[0], ("张曼", Role::Moderator));
}

#[test]
fn a_host_who_introduces_the_guest() {
    let doc = parse(
        "**Jerod Santo:** Alright, we're joined with Allen Gunn. What do we call you?\n\n**Allen Gunn:** Gunner.\n\n**Adam Stacoviak:** I only knew Gunner.\n\n**Jerod Santo:** Right.\n",
    );
    assert_eq!(role(&doc, "Jerod Santo"), Role::Moderator);
    assert_eq!(role(&doc, "Adam Stacoviak"), Role::Guest);
}

#[test]
fn rhetorical_questions_do_not_make_a_moderator() {
    let doc = parse(
        "Talk\n\nAnn Lee: Who knows? Nobody knows. That is the point.\n\nAnn Lee: Why would they? They would not.\n\nBo Chen: Indeed.\n",
    );
    assert!(doc.participants.iter().all(|p| p.role == Role::Guest));
}

#[test]
fn podcasting_2_json_and_nested_whisper() {
    let imported = parse_text(
        r#"{"version": "1.0.0", "segments": [{"speaker": "Darth Vader", "startTime": 0.5, "endTime": 0.75, "body": "I am your father."}, {"speaker": "Luke", "startTime": 2.75, "endTime": 3.0, "body": "Nooooo"}]}"#,
        None,
    )
    .expect("parses");
    assert_eq!(imported.format, Format::Whisper);
    let t = turns(&imported.document);
    assert_eq!(
        t[0],
        ("Darth Vader".into(), Some(0.5), "I am your father.".into())
    );
    for nested in [
        r#"{"result": {"segments": [{"start": 0, "end": 1, "text": "Hello"}]}}"#,
        r#"{"data": {"segments": [{"start": 0, "end": 1, "text": "Hello"}]}}"#,
        r#"{"transcript": [{"timestamp": "0:00:14.2", "speaker": "Adam", "text": "Hello"}]}"#,
    ] {
        let doc = parse(nested);
        assert_eq!(turns(&doc)[0].2, "Hello", "{nested}");
    }
}

#[test]
fn assemblyai_utterances_in_milliseconds() {
    let imported = parse_text(
        r#"{"id": "x1", "status": "completed", "language_code": "en_us", "text": "Hello there. Hi.", "utterances": [{"speaker": "A", "start": 250, "end": 1900, "confidence": 0.9, "text": "Hello there.", "words": [{"text": "Hello", "start": 250, "end": 700, "speaker": "A"}]}, {"speaker": "B", "start": 2500, "end": 3100, "text": "Hi.", "words": []}, {"speaker": "A", "start": 64000, "end": 65000, "text": "Welcome back."}]}"#,
        None,
    )
    .expect("parses");
    assert_eq!(imported.format, Format::Whisper);
    let doc = &imported.document;
    assert_eq!(doc.language, "en");
    let t = turns(doc);
    assert_eq!(t.len(), 3);
    assert_eq!(
        t[0],
        ("Speaker A".into(), Some(0.25), "Hello there.".into())
    );
    assert_eq!(t[1], ("Speaker B".into(), Some(2.5), "Hi.".into()));
    assert_eq!(t[2].1, Some(64.0));
    // Every utterance empty: the refusal names the key.
    let err = parse_text(
        r#"{"utterances": [{"speaker": "A", "start": 0, "end": 5, "text": ""}]}"#,
        None,
    )
    .map(|_| ())
    .expect_err("refused")
    .to_string();
    assert!(err.contains("utterance's \"text\""), "{err}");
}

/// AssemblyAI without speaker labels (`"utterances": null`): one unnamed speaker, a paragraph
/// per pause after a sentence, times from the words' milliseconds; not a refusal.
#[test]
fn assemblyai_without_speaker_labels_is_one_unnamed_speaker() {
    let words = r#"[{"text": "Welcome", "start": 250, "end": 600, "confidence": 0.9, "speaker": null}, {"text": "back.", "start": 600, "end": 900, "speaker": null}, {"text": "Today", "start": 3000, "end": 3300, "speaker": null}, {"text": "we", "start": 3300, "end": 3400, "speaker": null}, {"text": "talk", "start": 3400, "end": 3600, "speaker": null}, {"text": "water.", "start": 3600, "end": 4000, "speaker": null}]"#;
    let json = format!(
        r#"{{"id": "x2", "status": "completed", "language_code": "en_us", "text": "Welcome back. Today we talk water.", "words": {words}, "utterances": null, "speaker_labels": false}}"#
    );
    let imported = parse_text(&json, None).expect("not refused");
    assert_eq!(imported.format, Format::Whisper);
    let doc = &imported.document;
    assert_eq!(doc.language, "en");
    assert_eq!(doc.participants.len(), 1, "{:?}", names(doc));
    let paragraphs: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn { paragraphs, .. } => Some(paragraphs.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(paragraphs, ["Welcome back.", "Today we talk water."]);
    assert_eq!(turns(doc)[0].1, Some(0.25));
    // AssemblyAI's paragraphs answer (`/paragraphs`): a cue per paragraph.
    let imported = parse_text(
        r#"{"paragraphs": [{"text": "Welcome back.", "start": 250, "end": 900, "confidence": 0.9, "words": []}, {"text": "Today we talk water.", "start": 3000, "end": 4000, "words": []}], "id": "x2"}"#,
        None,
    )
    .expect("not refused");
    let t = turns(&imported.document);
    assert_eq!(t[0].1, Some(0.25));
    assert_eq!(imported.document.participants.len(), 1);
}

#[test]
fn webvtt_times_as_tools_write_them() {
    let doc = parse(
        "WEBVTT\n\n0.000 --> 3.480\n<v Ann>Hello.\n\n1:03.500 --> 1:05,000\n<v Bo>Hi.\n\nbroken --> timing\n<v Bo>Still here.\n",
    );
    let t = turns(&doc);
    assert_eq!(t[0].1, Some(0.0));
    assert_eq!(t[1].1, Some(63.5));
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::Turn { paragraphs, .. } if paragraphs.iter().any(|p| p.contains("Still here")))));
}

#[test]
fn turn_markers_and_long_monologues() {
    let doc = parse(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHello there.\n\n00:02.000 --> 00:04.000\n-- Hi, who is this?\n",
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 2);
    assert_eq!(t[1].2, "Hi, who is this?");
    let sentence = "This is one sentence of a long talk that goes on. ";
    let long = sentence.repeat(80);
    let doc = parse(&format!("Talk\n\nAnn Lee: {long}\n\nBo Chen: Thanks.\n"));
    match &doc.blocks[0] {
        Block::Turn { paragraphs, .. } => assert!(paragraphs.len() >= 3, "{}", paragraphs.len()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn voice_over_in_subtitles_is_no_guest() {
    let doc = parse(
        "1\n00:00:01,000 --> 00:00:03,000\n旁白:二十年前,这里是一片荒地。\n\n2\n00:00:03,500 --> 00:00:05,000\n张伟:我记得很清楚。\n",
    );
    assert_eq!(role(&doc, "旁白"), Role::Other);
    assert_eq!(role(&doc, "张伟"), Role::Guest);
}

#[test]
fn metadata_lines_are_no_title_and_no_speakers() {
    let doc = parse("主 办:中国网\n时间:2024年3月1日\n地点:北京\n主持人:欢迎各位。\n李明:谢谢。\n");
    assert_eq!(doc.title, "");
    assert_eq!(
        names(&doc),
        [("主持人", Role::Moderator), ("李明", Role::Guest)]
    );
}

#[test]
fn a_first_turn_is_no_title() {
    let doc = parse(
        "Alice Moreno: Hi, thanks for coming.\nBen Carter: Glad to be here.\nCara Diaz: Me too.\n",
    );
    assert_eq!(doc.title, "");
    assert_eq!(turns(&doc).len(), 3);
}

#[test]
fn markup_leftovers_in_markdown() {
    let doc = parse("# Talk\n\n**Ann:** Hello<br />there &amp; welcome.****\n\n**Bo:** Hi.\n");
    assert_eq!(turns(&doc)[0].2, "Hello there & welcome.");
}

#[test]
fn guest_host_with_a_title_alone_on_its_line() {
    let doc = parse(
        "文化讲坛\n\n嘉宾主持 朱迅(中央电视台主持人):\n\n各位朋友大家好!\n\n我是朱迅。\n\n相關內容如下:\n\n杨福家:谢谢。\n",
    );
    assert_eq!(names(&doc)[0], ("朱迅", Role::Moderator));
    assert_eq!(
        doc.participants[0].title.as_deref(),
        Some("中央电视台主持人")
    );
    assert!(!names(&doc).iter().any(|(n, _)| n.contains("如下")));
}

#[test]
fn marked_questions_from_newsrooms() {
    let doc = parse(
        "記者招待會\n趙國安:那我們現在就開始了!哪一家先來?\n▲DVB電視臺記者:我想問的問題是:佤邦對NCA有什麼看法?\n趙國安:關於NCA的問題,我們不反對。\n",
    );
    assert_eq!(
        turns(&doc).iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["趙國安", "DVB電視臺記者", "趙國安"]
    );
}

#[test]
fn a_headline_with_a_colon_and_a_host_who_opens_the_show() {
    let doc = parse(
        "Guest Episode\n\nDr. Lex Fridman: Machines, Creativity & Love\n\nAbout this Guest\n\nAndrew Huberman:\n\nWelcome to the Huberman Lab podcast, where we discuss science.\n",
    );
    assert_eq!(names(&doc), [("Andrew Huberman", Role::Moderator)]);
}

#[test]
fn the_title_names_the_guests() {
    let doc = parse(
        "# Evals | Hamel Husain & Shreya Shankar\n\nLenny Rachitsky (00:00:00):\nEvals matter.\n\nHamel Husain (00:00:05):\nThey do.\n\nShreya Shankar (00:00:18):\nIndeed.\n",
    );
    assert_eq!(role(&doc, "Lenny Rachitsky"), Role::Moderator);
}

#[test]
fn a_long_monologue_without_labels_is_split_into_paragraphs() {
    let sentence =
        "We were sitting in the cafe and talking about the radio show we wanted to make. ";
    let doc = parse(&format!("Out in the Bay\n\n{}\n", sentence.repeat(60)));
    let paragraphs = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    assert!(paragraphs >= 3, "{paragraphs}");
    let ids: Vec<&str> = doc.blocks.iter().map(Block::id).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn names_in_capitals_npr_style() {
    let doc = parse(
        "Talk\n\nBILL MOYERS: Thanks for having me.\n\nNEAL CONAN: Welcome.\n\nMOYERS: Glad to be here.\n\nCONAN: Good.\n",
    );
    let t = turns(&doc);
    let who: Vec<&str> = t.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        who,
        ["Bill Moyers", "Neal Conan", "Bill Moyers", "Neal Conan"]
    );
    // Mixed case, other scripts and acronyms stay as written.
    let doc =
        parse("Talk\n\nJOHN McDONALD: Hi.\n\n王立新: 你好。\n\nNVK: Yes.\n\nMcDONALD: Yes.\n");
    let who: Vec<&str> = doc.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(who, ["JOHN McDONALD", "王立新", "NVK"]);
    // Subtitles too; `SPEAKER_00` is an identifier, not a name.
    let doc = parse(
        "1\n00:00:01,000 --> 00:00:03,000\nPRIYA NAIR: Hello.\n\n2\n00:00:03,500 --> 00:00:05,000\nSPEAKER_07: Hi.\n",
    );
    let who: Vec<&str> = doc.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(who[0], "Priya Nair");
    assert!(!who.contains(&"Speaker_07"), "{who:?}");
}

#[test]
fn several_english_turns_on_one_line() {
    let doc = parse(
        "Talk\n\nSMITH: Let us begin.\n\nJONES: Fine.\n\nSMITH: So we agree. JONES: No, we don't. SMITH: Why not?\n\nJONES: The meeting is at 10:30. Note: bring notes. Q3: revenue fell. Ask Smith: he knows.\n",
    );
    let t: Vec<(String, String)> = turns(&doc).into_iter().map(|(n, _, p)| (n, p)).collect();
    let who: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(who, ["Smith", "Jones", "Smith", "Jones", "Smith", "Jones"]);
    assert_eq!(t[2].1, "So we agree.");
    assert_eq!(t[3].1, "No, we don't.");
    assert_eq!(t[4].1, "Why not?");
    assert_eq!(
        t[5].1,
        "The meeting is at 10:30. Note: bring notes. Q3: revenue fell. Ask Smith: he knows."
    );
    // A surname of a label of its own line is known too.
    let doc = parse(
        "Talk\n\nBILL MOYERS: Thanks for having me.\n\nNEAL CONAN: Welcome. Why now? MOYERS: Because it is time.\n",
    );
    let who: Vec<String> = turns(&doc).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(who, ["Bill Moyers", "Neal Conan", "Bill Moyers"]);
    // A declared name is known too.
    let doc = parse(
        "Panel on money\n\nModerator: Jane Doe, host\n\nBob Roe: Thank you for having me. Jane Doe: Glad you came.\n\nBob Roe: Bye.\n",
    );
    let t: Vec<(String, String)> = turns(&doc).into_iter().map(|(n, _, p)| (n, p)).collect();
    assert_eq!(
        t,
        [
            ("Bob Roe".to_owned(), "Thank you for having me.".to_owned()),
            ("Jane Doe".to_owned(), "Glad you came.".to_owned()),
            ("Bob Roe".to_owned(), "Bye.".to_owned())
        ]
    );
}

/// A headline with a colon (`社区食堂圆桌：一碗饭里的基层治理`) has the shape of a label: it is
/// the title, because its "label" never speaks again and it ends without a sentence's stop. A
/// first line whose speaker speaks again, or that ends as a sentence, stays a turn.
#[test]
fn a_headline_with_a_colon_is_the_title_not_a_turn() {
    let table: &[(&str, &str, usize)] = &[
        (
            "社区食堂圆桌：一碗饭里的基层治理\n\n主持人：第一个问题，社区食堂靠什么撑下去？\n王立新：靠的是稳定的客流。\n刘珊珊：还有志愿者。\n",
            "社区食堂圆桌：一碗饭里的基层治理",
            3,
        ),
        (
            "Water panel: who pays for the pipes\n\nModerator: Who pays?\nDana Whitfield: The ratepayers, mostly.\nBob Roe: And the state.\n",
            "Water panel: who pays for the pipes",
            3,
        ),
        // A speaker who speaks again: a transcript from its first line, no title taken.
        (
            "主持人：欢迎各位来到今天的圆桌\n王立新：谢谢。\n主持人：第一个问题？\n王立新：好的。\n",
            "",
            4,
        ),
        // One who does not, but says a sentence: still a turn.
        (
            "Announcer: Welcome to the show.\nDana Whitfield: Thanks.\nBob Roe: Glad to be here.\nDana Whitfield: Let's start.\n",
            "",
            4,
        ),
    ];
    for &(text, title, n) in table {
        let doc = parse(text);
        assert_eq!(doc.title, title, "{text:?}");
        assert_eq!(turns(&doc).len(), n, "{text:?}: {:?}", turns(&doc));
    }
}
/// Every paragraph `name` speaks, in order.
fn speech(doc: &Document, name: &str) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } if doc.participant(speaker).is_some_and(|p| p.name == name) => {
                Some(paragraphs.clone())
            }
            _ => None,
        })
        .flatten()
        .collect()
}

/// Regression: a short pasted article that declares `Guest: Bob Roe, economist` and then has
/// `Bob Roe: …` turns lost every turn when no blank line ended the guest list: each turn was
/// read as a second guest-list entry for Bob Roe and its words were dropped.
#[test]
fn a_declared_guest_speaking_right_after_the_declaration_keeps_the_turns() {
    let variants = [
        "Guest: Bob Roe, economist\nBob Roe: Prices will rise, but slowly.\nBob Roe: Wages are flat.\n",
        "Guest: Bob Roe, economist\n\nBob Roe: Prices will rise, but slowly.\n\nBob Roe: Wages are flat.\n",
        "Host: Jane Doe\nGuest: Bob Roe, economist\nJane Doe: What happens to prices next year?\nBob Roe: Prices will rise, but slowly.\nJane Doe: Why slowly?\nBob Roe: Wages are flat.\n",
        "Inflation: what next\n\nGuests:\nBob Roe, economist at Acme Bank\nAnn Lee, trader\nBob Roe: Prices will rise, but slowly.\nAnn Lee: Markets agree.\nBob Roe: Wages are flat.\n",
    ];
    for text in variants {
        let doc = parse(text);
        assert_eq!(
            speech(&doc, "Bob Roe"),
            ["Prices will rise, but slowly.", "Wages are flat."],
            "{text:?}: {:?}",
            turns(&doc)
        );
        let p = doc
            .participants
            .iter()
            .find(|p| p.name == "Bob Roe")
            .expect("Bob Roe");
        assert_eq!(p.role, Role::Guest, "{text:?}");
        assert!(
            p.title
                .as_deref()
                .is_some_and(|t| t.starts_with("economist")),
            "{text:?}: {p:?}"
        );
    }
}

/// The Chinese form of the same: `嘉宾：王立新，经济学家` is one guest with a title (not two
/// guests, "王立新" and "经济学家"), and his turns follow at once.
#[test]
fn a_chinese_guest_declaration_with_a_title_then_turns() {
    for text in [
        "嘉宾：王立新，经济学家\n王立新：物价明年会上涨，但是很慢。\n王立新：工资没有涨。\n",
        "嘉宾：王立新，经济学家\n\n主持人：明年物价会怎样？\n\n王立新：物价明年会上涨，但是很慢。\n\n主持人：为什么？\n\n王立新：工资没有涨。\n",
        "嘉賓：王立新，經濟學家\n王立新：物價明年會上漲，但是很慢。\n王立新：工資沒有漲。\n",
    ] {
        let doc = parse(text);
        let wang = speech(&doc, "王立新");
        assert_eq!(wang.len(), 2, "{text:?}: {:?}", turns(&doc));
        assert!(wang[0].starts_with("物"), "{text:?}: {wang:?}");
        let guests: Vec<&str> = doc
            .participants
            .iter()
            .filter(|p| p.role == Role::Guest)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(guests, ["王立新"], "{text:?}");
        let p = doc
            .participants
            .iter()
            .find(|p| p.name == "王立新")
            .expect("王立新");
        assert!(
            p.title
                .as_deref()
                .is_some_and(|t| t.ends_with("学家") || t.ends_with("學家")),
            "{text:?}: {p:?}"
        );
    }
    // A list of names stays a list of guests.
    let doc = parse("嘉宾：王立新，李强\n王立新：你好。\n李强：你好。\n");
    let guests: Vec<&str> = doc.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(guests, ["王立新", "李强"]);
}

/// Every paragraph of every turn, as (speaker name, text), and narration as ("", text).
fn attributed(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } => {
                let name = &doc.participant(speaker).expect("speaker").name;
                out.extend(paragraphs.iter().map(|p| (name.clone(), p.clone())));
            }
            Block::Paragraph { text, .. } => out.push((String::new(), text.clone())),
            _ => {}
        }
    }
    out
}

/// Parses `text` and checks (speaker, start, first paragraph) of its turns.
fn check_turns(text: &str, expected: &[(&str, Option<f64>, &str)]) -> Document {
    let doc = parse(text);
    let expected: Vec<(String, Option<f64>, String)> = expected
        .iter()
        .map(|&(a, t, b)| (a.to_owned(), t, b.to_owned()))
        .collect();
    assert_eq!(turns(&doc), expected, "{text}");
    doc
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// 飞书妙记, 讯飞听见, 通义听悟 and Tencent Meeting export `说话人 1 00:00` / `发言人1  00:01`
/// headers with the words below; pasted into an article, `发言人1：…`, `嘉宾A：…`.
#[test]
fn numbered_speakers_of_chinese_transcription_tools() {
    for (text, expected) in [
        (
            "会议纪要\n\n说话人 1 00:00\n大家好，今天讨论预算。\n\n说话人 2 00:05\n好的，我先说。\n\n说话人 1 00:12\n请讲。\n",
            vec![
                ("说话人 1", Some(0.0), "大家好，今天讨论预算。"),
                ("说话人 2", Some(5.0), "好的，我先说。"),
                ("说话人 1", Some(12.0), "请讲。"),
            ],
        ),
        (
            "发言人1  00:01\n大家好。\n\n发言人2  00:04\n你好。\n\n发言人1  00:09\n开始吧。\n",
            vec![
                ("发言人1", Some(1.0), "大家好。"),
                ("发言人2", Some(4.0), "你好。"),
                ("发言人1", Some(9.0), "开始吧。"),
            ],
        ),
        (
            "访谈\n\n发言人1：你好，今天聊聊预算。\n\n发言人2：好的，预算很紧张。\n\n发言人1：为什么？\n",
            vec![
                ("发言人1", None, "你好，今天聊聊预算。"),
                ("发言人2", None, "好的，预算很紧张。"),
                ("发言人1", None, "为什么？"),
            ],
        ),
        (
            "访谈\n\n嘉宾A：你好。\n\n嘉宾B：你好。\n\n嘉宾A：开始吧。\n",
            vec![
                ("嘉宾A", None, "你好。"),
                ("嘉宾B", None, "你好。"),
                ("嘉宾A", None, "开始吧。"),
            ],
        ),
        (
            "Interview\n\nGuest 1: Hello there.\n\nGuest 2: Hi.\n\nGuest 1: Shall we?\n",
            vec![
                ("Guest 1", None, "Hello there."),
                ("Guest 2", None, "Hi."),
                ("Guest 1", None, "Shall we?"),
            ],
        ),
    ] {
        check_turns(text, &expected);
    }
}

/// A guest list that leaves someone out: a name that speaks again and again is a speaker
/// (said in a note), not text; one used once stays text, as before (`en_panel_host.txt`).
#[test]
fn a_speaker_missing_from_the_guest_list_still_speaks() {
    let text = "圆桌：社区更新\n\n主持人：王芳\n\n嘉宾：\n李强  江城大学教授\n赵敏  市图书馆馆长\n\n王芳：第一个问题，社区怎么更新？\n\n李强：我先说。老旧小区改造要听居民的。\n\n孙丽：我补充一句，资金是关键。\n\n王芳：谢谢。\n\n孙丽：还有一点，要公开透明。\n";
    let imported = parse_text(text, None).expect("parses");
    assert_eq!(
        attributed(&imported.document),
        pairs(&[
            ("王芳", "第一个问题，社区怎么更新？"),
            ("李强", "我先说。老旧小区改造要听居民的。"),
            ("孙丽", "我补充一句，资金是关键。"),
            ("王芳", "谢谢。"),
            ("孙丽", "还有一点，要公开透明。"),
        ])
    );
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("孙丽")),
        "{:?}",
        imported.diagnostics
    );
}

/// Regression: a `Label: words` line whose label the importer did not take for a speaker
/// (`Dan Evans 2`, not name-shaped) was appended to the open turn: another speaker's words.
/// A label that recurs is a speaker; the moderator named again below the guest list is
/// speaking, not getting a title.
#[test]
fn an_unrecognised_label_never_joins_the_previous_speakers_turn() {
    let text = "Panel on news\n\nModerator: Grace Hill\n\nGuests:\nAlice Brown, editor, Daily\nBen Carter, reporter, Times\n\nGrace Hill: Welcome.\n\nAlice Brown: Thanks.\n\nDan Evans 2: I was not on the list but I speak.\n\nGrace Hill: Go on.\n\nDan Evans 2: More words.\n";
    let doc = parse(text);
    assert_eq!(
        attributed(&doc),
        pairs(&[
            ("Grace Hill", "Welcome."),
            ("Alice Brown", "Thanks."),
            ("Dan Evans 2", "I was not on the list but I speak."),
            ("Grace Hill", "Go on."),
            ("Dan Evans 2", "More words."),
        ])
    );
    assert_eq!(doc.participants[0].title, None);
    // Once only, and not name-shaped: text, but its own paragraph, never the open turn's.
    let doc = parse(
        "Panel\n\nGrace Hill: Welcome.\n\nAlice Brown: Thanks.\n\nRoom 101: the lights went out.\n\nGrace Hill: Go on.\n\nAlice Brown: Sure.\n",
    );
    assert_eq!(
        attributed(&doc),
        pairs(&[
            ("Grace Hill", "Welcome."),
            ("Alice Brown", "Thanks."),
            ("", "Room 101: the lights went out."),
            ("Grace Hill", "Go on."),
            ("Alice Brown", "Sure."),
        ])
    );
}

/// A guest list whose entries name people as the labels below do, numbers and all.
#[test]
fn guest_list_entries_named_as_their_labels() {
    let text = "圆桌丨本地新闻\n\n主持人：Grace Hill\n\n本期嘉宾：\n曾艳宁  市图书馆处长\nAlice Brown 0  清河街道总编辑\n乔萍超  新闻学院总编辑\n\nGrace Hill：我们开始。\n\nAlice Brown 0：The budget is tight.\n\n乔萍超：我同意。\n\nAlice Brown 0：Thanks.\n\n曾艳宁：好的。\n";
    let doc = parse(text);
    assert_eq!(
        names(&doc),
        [
            ("Grace Hill", Role::Moderator),
            ("曾艳宁", Role::Guest),
            ("Alice Brown 0", Role::Guest),
            ("乔萍超", Role::Guest),
        ]
    );
    assert_eq!(
        attributed(&doc),
        pairs(&[
            ("Grace Hill", "我们开始。"),
            ("Alice Brown 0", "The budget is tight."),
            ("乔萍超", "我同意。"),
            ("Alice Brown 0", "Thanks."),
            ("曾艳宁", "好的。"),
        ])
    );
}

/// 飞书妙记's text export: a date line, `关键词:` with the keywords, `文字记录:`, then
/// `说话人 1 00:02` headers with the words below; some tools glue the words to the time
/// (`说话人 1 00:00:00先说…`). A line with a colon inside a turn (`目标：…`) stays in it.
#[test]
fn minutes_exports_with_a_preamble_or_words_after_the_time() {
    for (text, expected) in [
        (
            "2026年3月2日 上午 10:05|42分钟 7秒\n\n关键词:\n社区更新、预算、志愿者\n\n文字记录:\n说话人 1 00:02\n大家好，今天聊社区更新。\n\n说话人 2 00:09\n好的，我先讲预算。\n\n说话人 1 01:15\n志愿者怎么招？\n",
            vec![
                ("说话人 1", Some(2.0), "大家好，今天聊社区更新。"),
                ("说话人 2", Some(9.0), "好的，我先讲预算。"),
                ("说话人 1", Some(75.0), "志愿者怎么招？"),
            ],
        ),
        (
            "文字记录：街道议事会 2026年3月5日\n\n说话人 1 00:00:00先说停车的问题。\n\n说话人 2 00:09:44嗯，停车位确实不够，我们想办法。\n\n说话人 1 00:10:02那就这么定。\n",
            vec![
                ("说话人 1", Some(0.0), "先说停车的问题。"),
                ("说话人 2", Some(584.0), "嗯，停车位确实不够，我们想办法。"),
                ("说话人 1", Some(602.0), "那就这么定。"),
            ],
        ),
        (
            "# 转录：访谈.mp4\n\n> 时长: 60秒 | 字数: 100\n\n## 转录内容\n\n发言人1 00:00:01\n这是第一句。\n\n发言人2 00:00:05\n这是第二句。\n\n发言人1 00:00:09 接着说。\n",
            vec![
                ("发言人1", Some(1.0), "这是第一句。"),
                ("发言人2", Some(5.0), "这是第二句。"),
                ("发言人1", Some(9.0), "接着说。"),
            ],
        ),
        (
            "妙记 议事\n说话人 1 00:00:05\n各位好，开始开会。\n目标：年底完成改造\n\n说话人 2 00:01:10\n好的：我先说两句。\n\n王芳  00:02:00\n我补充一下。\n说话人 3 02:05\n收到\n",
            vec![
                ("说话人 1", Some(5.0), "各位好，开始开会。"),
                ("说话人 2", Some(70.0), "好的：我先说两句。"),
                ("王芳", Some(120.0), "我补充一下。"),
                ("说话人 3", Some(125.0), "收到"),
            ],
        ),
    ] {
        let doc = check_turns(text, &expected);
        // No speaker header is left as text.
        assert!(
            attributed(&doc)
                .iter()
                .all(|(who, text)| !who.is_empty()
                    || !text.contains("人 1") && !text.contains("人1")),
            "{:?}",
            attributed(&doc)
        );
    }
    let first = parse(
        "2026年3月2日 上午 10:05|42分钟 7秒\n\n关键词:\n社区更新、预算、志愿者\n\n文字记录:\n说话人 1 00:02\n大家好。\n\n说话人 2 00:09\n好的。\n",
    );
    assert_eq!(first.topics, ["社区更新", "预算", "志愿者"]);
}
