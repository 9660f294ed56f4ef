//! A document's pictures as files an editor inserts by hand: numbered in reading order and
//! named for their caption (`01-吉利智能工厂.png`), so each goes into the right slot of a web
//! editor that cannot take them from a pasted fragment.

use crate::model::{Block, Document};

use super::safe_file_name;

/// One picture to write: the asset it is, and the file name to give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedPicture {
    /// The asset's name in the library (`<sha256>.<ext>`).
    pub asset: String,
    /// `NN-caption.ext`, safe on every file system.
    pub file_name: String,
}

/// The pictures of `doc` that have a file, in reading order, with numbered names. Empty
/// slots are skipped but keep their number out of the count, so the numbers follow the
/// pictures the reader sees.
pub fn numbered_pictures(doc: &Document) -> Vec<NumberedPicture> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let Block::Image {
            asset: Some(asset),
            caption,
            alt,
            ..
        } = block
        else {
            continue;
        };
        let n = out.len() + 1;
        let ext = asset.rsplit_once('.').map_or("img", |(_, e)| e);
        let what: String = caption
            .as_deref()
            .or(alt.as_deref())
            .unwrap_or("")
            .trim()
            .chars()
            .take(40)
            .collect();
        let stem = if what.trim().is_empty() {
            format!("{n:02}")
        } else {
            format!("{n:02}-{}", what.trim())
        };
        out.push(NumberedPicture {
            asset: asset.clone(),
            file_name: safe_file_name(&stem, &format!("{n:02}"), ext),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(asset: Option<&str>, caption: Option<&str>) -> Block {
        Block::Image {
            id: "i".into(),
            asset: asset.map(Into::into),
            caption: caption.map(Into::into),
            credit: None,
            alt: None,
        }
    }

    fn check(blocks: Vec<Block>, expected: &[&str]) {
        let mut doc = Document::new("t", "zh");
        doc.blocks = blocks;
        let names: Vec<String> = numbered_pictures(&doc)
            .into_iter()
            .map(|p| p.file_name)
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn numbers_pictures_in_reading_order_named_for_their_captions() {
        check(
            vec![
                image(Some("aa.png"), Some("吉利智能工厂")),
                image(None, Some("an empty slot")),
                image(Some("bb.jpg"), None),
                image(Some("cc.png"), Some("a/b: c?")),
            ],
            &["01-吉利智能工厂.png", "02.jpg", "03-a_b_ c_.png"],
        );
    }
}
