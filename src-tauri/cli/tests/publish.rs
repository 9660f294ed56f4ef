//! Publishing pictures from the command line: the WeChat fragment says when its pictures
//! cannot travel, an image base URL makes them travel, and `assets export` writes the files
//! to upload or to insert by hand.

use std::path::Path;

mod common;
use common::{roundtable, stderr, stdout};
use roundtable_core::model::{Block, Document, Participant, Role};
use roundtable_core::store::Library;

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8,
    0xDD, 0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x56, 0xC7, 0x2F, 0x0D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A library with one document: a turn, two pictures and an empty picture slot.
fn library_with_pictures(path: &Path) -> (String, Vec<String>) {
    let mut lib = Library::open(path).expect("open");
    let first = lib.put_asset(PNG).expect("asset");
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0, 0x3B]);
    let second = lib.put_asset(&gif).unwrap_or_else(|_| first.clone());
    let mut doc = Document::new("智能工厂圆桌", "zh");
    doc.participants
        .push(Participant::new("p1", "吴敏", Role::Moderator));
    doc.blocks = vec![
        Block::Turn {
            id: "t1".into(),
            speaker: "p1".into(),
            paragraphs: vec!["欢迎各位。".into()],
            start: None,
            end: None,
            topics: vec![],
            continues: false,
        },
        Block::Image {
            id: "i1".into(),
            asset: Some(first.clone()),
            caption: Some("吉利智能工厂".into()),
            credit: None,
            alt: None,
        },
        Block::Image {
            id: "i2".into(),
            asset: None,
            caption: Some("空的图片位置".into()),
            credit: None,
            alt: None,
        },
        Block::Image {
            id: "i3".into(),
            asset: Some(second.clone()),
            caption: None,
            credit: None,
            alt: None,
        },
    ];
    let id = lib.create_document(&doc).expect("create");
    (id.to_string(), vec![first, second])
}

#[test]
fn a_wechat_fragment_without_an_image_host_says_its_pictures_will_not_travel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let (id, _) = library_with_pictures(&lib);
    let out = roundtable(&lib, &["export", &id, "-f", "wechat-html"]);
    let html = stdout(&out);
    assert!(
        stderr(&out).contains("2 pictures will not reach WeChat"),
        "{}",
        stderr(&out)
    );
    assert!(!html.contains("<h1"), "the title is left out by default");
    let with_title = stdout(&roundtable(
        &lib,
        &["export", &id, "-f", "wechat-html", "--wechat-title"],
    ));
    assert!(with_title.contains("智能工厂圆桌</h1>"));
    // Markdown to standard output links pictures that do not go with it: said too.
    let md = roundtable(&lib, &["export", &id, "-f", "md"]);
    assert!(
        stderr(&md).contains("no assets folder goes to standard output"),
        "{}",
        stderr(&md)
    );
}

#[test]
fn an_image_base_url_makes_pictures_travel_and_assets_export_writes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let (id, assets) = library_with_pictures(&lib);

    let refused = roundtable(
        &lib,
        &["settings", "image-base-url", "ftp://files.example.com"],
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("https://"),
        "{}",
        stderr(&refused)
    );
    stdout(&roundtable(
        &lib,
        &[
            "settings",
            "image-base-url",
            "https://img.example.com/news/",
        ],
    ));
    assert!(stdout(&roundtable(&lib, &["settings"])).contains("https://img.example.com/news/"));

    let out = roundtable(&lib, &["export", &id, "-f", "wechat-html"]);
    // Attribute values escape `/` as `&#x2f;`, which every HTML reader decodes.
    let html = stdout(&out).replace("&#x2f;", "/");
    assert_eq!(stderr(&out), "", "no warning once pictures have a host");
    for a in &assets {
        assert!(
            html.contains(&format!("src=\"https://img.example.com/news/{a}\"")),
            "{html}"
        );
    }
    // The flag wins over the setting.
    let html = stdout(&roundtable(
        &lib,
        &[
            "export",
            &id,
            "-f",
            "wechat-html",
            "--image-base-url",
            "https://cdn.example.org",
        ],
    ))
    .replace("&#x2f;", "/");
    assert!(html.contains(&format!("src=\"https://cdn.example.org/{}\"", assets[0])));

    let upload = dir.path().join("upload");
    let said = stdout(&roundtable(
        &lib,
        &["assets", "export", upload.to_str().expect("path")],
    ));
    assert!(
        said.starts_with(&format!("wrote {} picture", assets.len())),
        "{said}"
    );
    for a in &assets {
        assert!(upload.join(a).is_file(), "{a} written for upload");
    }

    let by_hand = dir.path().join("by-hand");
    stdout(&roundtable(
        &lib,
        &[
            "assets",
            "export",
            by_hand.to_str().expect("path"),
            &id,
            "--numbered",
        ],
    ));
    let mut names: Vec<String> = std::fs::read_dir(&by_hand)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let ext = |a: &str| {
        a.rsplit_once('.')
            .map(|(_, e)| e.to_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        names,
        [
            format!("01-吉利智能工厂.{}", ext(&assets[0])),
            format!("02.{}", ext(&assets[1]))
        ]
    );
    assert_eq!(std::fs::read(by_hand.join(&names[0])).expect("read"), PNG);
}

/// Issue 14, point 9: `export` without `--labels` prints the speakers as the imported source
/// did (`主持人：` before the host's questions, names before the answers, the guest list
/// under `观察嘉宾`); `--labels name` still names the host.
#[test]
fn export_follows_the_sources_labels_unless_told_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let source = common::fixture("zh_wechat_host_role.txt");
    let id = stdout(&roundtable(
        &lib,
        &["import", source.to_str().expect("path")],
    ))
    .trim()
    .to_owned();

    let md = stdout(&roundtable(&lib, &["export", &id, "-f", "md"]));
    assert!(md.contains("观察嘉宾：\n\n- 孙建国"), "{md}");
    assert!(md.contains("**主持人**：加装电梯"), "{md}");
    assert!(!md.contains("**周晓雯**"), "{md}");

    let named = stdout(&roundtable(
        &lib,
        &["export", &id, "-f", "md", "--labels", "name"],
    ));
    assert!(named.contains("**周晓雯**：加装电梯"), "{named}");
    assert!(
        named.contains("观察嘉宾："),
        "the heading is the document's: {named}"
    );

    let html = stdout(&roundtable(&lib, &["export", &id, "-f", "html"]));
    assert!(
        html.contains(r#"<strong class="speaker">主持人：</strong>"#),
        "{html}"
    );
}
