//! A document's pictures as files an editor inserts by hand: numbered in reading order and
//! named for their caption (`01-吉利智能工厂.png`), so each goes into the right slot of a web
//! editor that cannot take them from a pasted fragment.

use crate::model::{Block, Document};

use super::{ExportFormat, ExportOptions, ImageMode, safe_file_name};

/// Why the pictures of an export will not reach its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stranded {
    /// A WeChat fragment without an image base URL: WeChat's editor fetches pictures only
    /// from http(s) URLs, not `assets/…` or `data:`.
    WebEditor,
    /// Pictures linked as `assets/…` with no assets folder going along (standard output).
    NoFolder,
}

/// Whether the pictures of `doc` (those with a file) will not travel with an export in
/// `format` with `options`, and how many; `with_folder` says whether an `assets/` folder is
/// written beside the output. `None` when they travel or there are none.
pub fn stranded_pictures(
    doc: &Document,
    format: ExportFormat,
    options: &ExportOptions,
    with_folder: bool,
) -> Option<(Stranded, usize)> {
    if options.image_base_url.is_some() {
        return None;
    }
    let why = match format {
        ExportFormat::WechatHtml => Stranded::WebEditor,
        ExportFormat::Markdown | ExportFormat::Html
            if !with_folder && options.images == ImageMode::Folder =>
        {
            Stranded::NoFolder
        }
        _ => return None,
    };
    let n = numbered_pictures(doc).len();
    (n > 0).then_some((why, n))
}

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
    fn pictures_travel_only_with_a_host_or_a_folder() {
        let mut doc = Document::new("t", "zh");
        doc.blocks = vec![image(Some("aa.png"), None), image(None, None)];
        let plain = ExportOptions::default();
        let hosted = ExportOptions {
            image_base_url: Some("https://img.example.com".into()),
            ..ExportOptions::default()
        };
        let embedded = ExportOptions {
            images: ImageMode::Embed,
            ..ExportOptions::default()
        };
        use ExportFormat as F;
        let check = |format, options: &ExportOptions, folder, expected| {
            assert_eq!(stranded_pictures(&doc, format, options, folder), expected);
        };
        check(F::WechatHtml, &plain, true, Some((Stranded::WebEditor, 1)));
        check(
            F::WechatHtml,
            &embedded,
            false,
            Some((Stranded::WebEditor, 1)),
        );
        check(F::WechatHtml, &hosted, false, None);
        check(F::Markdown, &plain, false, Some((Stranded::NoFolder, 1)));
        check(F::Markdown, &plain, true, None);
        check(F::Html, &embedded, false, None);
        check(F::Docx, &plain, false, None);
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
