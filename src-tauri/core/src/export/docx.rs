//! DOCX: a Word document written as OOXML by hand.
//!
//! Why not a DOCX crate: what Roundtable needs is small (named paragraph styles, bold runs,
//! inline pictures, a few document properties), and writing it directly keeps full control
//! over the parts Word and LibreOffice are strict about (East Asian fonts and language,
//! caption and heading styles that show in the navigation pane, picture sizes) with two
//! light dependencies (`zip` with deflate only). `docx-rs`, the maintained alternative,
//! pulls in the `image` crate by default and still needs the same style work. The output
//! is checked by reading it back in tests and by LibreOffice's PDF conversion.

use std::fmt::Write as _;
use std::io::Write as _;

use super::view::{Target, View, ViewBlock};
use super::{AssetSource, ExportError, ExportOptions, Labels};
use crate::model::{CreditRole, Document};

/// Escapes text for XML and drops the characters XML 1.0 cannot hold (C0 controls other
/// than tab and newlines, U+FFFE, U+FFFF).
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text; `style` is a character style id.
fn run(out: &mut String, text: &str, style: Option<&str>) {
    out.push_str("<w:r>");
    if let Some(s) = style {
        let _ = write!(out, "<w:rPr><w:rStyle w:val=\"{s}\"/></w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(
            out,
            "<w:t xml:space=\"preserve\">{}</w:t>",
            escape_xml(line.trim_end_matches('\r'))
        );
    }
    out.push_str("</w:r>");
}

fn paragraph(out: &mut String, style: Option<&str>, body: impl FnOnce(&mut String)) {
    out.push_str("<w:p>");
    if let Some(s) = style {
        let _ = write!(out, "<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>");
    }
    body(out);
    out.push_str("</w:p>");
}

/// Pixel size of a PNG, JPEG or GIF (Word's formats); `None` for anything else.
fn image_size(bytes: &[u8]) -> Option<(u32, u32, &'static str)> {
    let be16 = |i: usize| {
        Some(u32::from(u16::from_be_bytes([
            *bytes.get(i)?,
            *bytes.get(i + 1)?,
        ])))
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        return Some((w, h, "png"));
    }
    if (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) && bytes.len() >= 10 {
        let w = u32::from(u16::from_le_bytes([bytes[6], bytes[7]]));
        let h = u32::from(u16::from_le_bytes([bytes[8], bytes[9]]));
        return Some((w, h, "gif"));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            if marker == 0xFF || marker == 0x01 || (0xD0..=0xD9).contains(&marker) {
                i += if marker == 0xFF { 1 } else { 2 };
                continue;
            }
            let len = be16(i + 2)? as usize;
            if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                return Some((be16(i + 7)?, be16(i + 5)?, "jpeg"));
            }
            i += 2 + len;
        }
    }
    None
}

/// EMUs per pixel at 96 dpi, and the widest picture (the A4 text width, 15.9 cm).
const EMU_PER_PX: u64 = 9525;
const MAX_WIDTH_EMU: u64 = 5_724_000;

struct Picture {
    rel: String,
    part: String,
    bytes: Vec<u8>,
}

fn drawing(out: &mut String, n: usize, rel: &str, (w, h): (u32, u32), alt: &str) {
    let mut cx = u64::from(w.max(1)) * EMU_PER_PX;
    let mut cy = u64::from(h.max(1)) * EMU_PER_PX;
    if cx > MAX_WIDTH_EMU {
        cy = cy * MAX_WIDTH_EMU / cx;
        cx = MAX_WIDTH_EMU;
    }
    let alt = escape_xml(alt);
    let _ = write!(
        out,
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
<wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"Picture {n}\" descr=\"{alt}\"/>\
<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
<pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"Picture {n}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
<pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
</wp:inline></w:drawing></w:r>"
    );
}

const NAMESPACES: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

fn body(doc: &Document, view: &View, assets: &dyn AssetSource) -> (String, Vec<Picture>) {
    let labels = Labels::for_language(&doc.language);
    let colon = labels.colon();
    let mut out = String::with_capacity(64 * 1024);
    let mut pictures: Vec<Picture> = Vec::new();
    if let Some(c) = &view.column {
        paragraph(&mut out, Some("Kicker"), |o| run(o, c, None));
    }
    paragraph(&mut out, Some("Title"), |o| run(o, &view.title, None));
    if let Some(s) = &view.subtitle {
        paragraph(&mut out, Some("Subtitle"), |o| run(o, s, None));
    }
    if view.date.is_some() || !view.topics.is_empty() {
        paragraph(&mut out, Some("Meta"), |o| {
            if let Some(d) = &view.date {
                run(o, d, None);
                if !view.topics.is_empty() {
                    run(o, "  ", None);
                }
            }
            if !view.topics.is_empty() {
                run(o, &format!("{}{colon}", view.text.topics), None);
                run(o, &view.topics.join(view.text.list_separator), None);
            }
        });
    }
    if !view.participants.is_empty() {
        paragraph(&mut out, Some("Heading2"), |o| {
            run(o, &view.text.guests, None)
        });
        for p in &view.participants {
            paragraph(&mut out, Some("Participant"), |o| {
                run(o, &p.name, Some("Speaker"));
                run(
                    o,
                    &format!("{}{}", view.text.detail_separator, p.role_label),
                    None,
                );
                if !p.details.is_empty() {
                    run(
                        o,
                        &format!("{}{}", view.text.detail_separator, p.details),
                        None,
                    );
                }
            });
        }
    }
    for block in &view.blocks {
        match block {
            ViewBlock::Paragraph { text } => paragraph(&mut out, None, |o| run(o, text, None)),
            ViewBlock::Heading { text } => {
                paragraph(&mut out, Some("Heading1"), |o| run(o, text, None));
            }
            ViewBlock::Turn {
                label,
                time,
                paragraphs,
                ..
            } => {
                for (j, para) in paragraphs.iter().enumerate() {
                    paragraph(&mut out, None, |o| {
                        if j == 0 {
                            if let Some(t) = time {
                                run(o, &format!("[{t}] "), Some("Timecode"));
                            }
                            if let Some(l) = label {
                                run(o, &format!("{l}{}", colon.trim_end()), Some("Speaker"));
                                if !labels.chinese {
                                    run(o, " ", None);
                                }
                            }
                        }
                        run(o, para, None);
                    });
                }
            }
            ViewBlock::Image {
                asset,
                caption,
                credit,
                alt,
                ..
            } => {
                let picture = asset
                    .as_deref()
                    .and_then(|a| assets.image(a))
                    .and_then(|(bytes, _)| image_size(&bytes).map(|s| (bytes, s)));
                if let Some((bytes, (w, h, ext))) = picture {
                    let n = pictures.len() + 1;
                    let rel = format!("rIdImage{n}");
                    let alt = alt.as_deref().or(caption.as_deref()).unwrap_or_default();
                    paragraph(&mut out, Some("Figure"), |o| {
                        drawing(o, n, &rel, (w, h), alt);
                    });
                    pictures.push(Picture {
                        rel,
                        part: format!("media/image{n}.{ext}"),
                        bytes,
                    });
                } else {
                    // A slot whose picture is missing stays visible, as the HTML's dashed box
                    // does, so the editor sees where a picture belongs.
                    let word = if view.chinese {
                        "［图片］"
                    } else {
                        "[Picture]"
                    };
                    let text = match alt {
                        Some(a) => format!("{word} {a}"),
                        None => word.to_owned(),
                    };
                    out.push_str(
                        "<w:p><w:pPr><w:pBdr>\
<w:top w:val=\"dashed\" w:sz=\"6\" w:space=\"8\" w:color=\"BBBBBB\"/>\
<w:left w:val=\"dashed\" w:sz=\"6\" w:space=\"8\" w:color=\"BBBBBB\"/>\
<w:bottom w:val=\"dashed\" w:sz=\"6\" w:space=\"8\" w:color=\"BBBBBB\"/>\
<w:right w:val=\"dashed\" w:sz=\"6\" w:space=\"8\" w:color=\"BBBBBB\"/>\
</w:pBdr><w:jc w:val=\"center\"/></w:pPr>",
                    );
                    run(&mut out, &text, Some("CaptionCredit"));
                    out.push_str("</w:p>");
                }
                if caption.is_some() || credit.is_some() {
                    paragraph(&mut out, Some("Caption"), |o| {
                        if let Some(c) = caption {
                            run(o, c, None);
                        }
                        if let Some(c) = credit {
                            if caption.is_some() {
                                run(o, " ", None);
                            }
                            run(o, c, Some("CaptionCredit"));
                        }
                    });
                }
            }
        }
    }
    for (i, c) in view.credits.iter().enumerate() {
        let style = if i == 0 { "CreditsFirst" } else { "Credits" };
        paragraph(&mut out, Some(style), |o| {
            run(o, &format!("{}{colon}", c.label), None);
            run(o, &c.name, None);
        });
    }
    (out, pictures)
}

fn styles(chinese: bool) -> String {
    let (latin, east, heading_latin, heading_east, lang) = if chinese {
        ("Georgia", "SimSun", "Arial", "SimHei", "zh-CN")
    } else {
        ("Georgia", "SimSun", "Arial", "SimHei", "en-US")
    };
    let body_size = if chinese { 22 } else { 23 };
    let line = if chinese { 400 } else { 360 };
    let para = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let heading_fonts = format!(
        "<w:rFonts w:ascii=\"{heading_latin}\" w:hAnsi=\"{heading_latin}\" w:eastAsia=\"{heading_east}\"/>"
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east}\" w:cs=\"{latin}\"/>\
<w:sz w:val=\"{body_size}\"/><w:szCs w:val=\"{body_size}\"/><w:lang w:val=\"{lang}\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"{line}\" w:lineRule=\"auto\"/>{justify}</w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:after=\"120\" w:line=\"300\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>{heading_fonts}<w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"240\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"160\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>{heading_fonts}<w:b/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr>{heading_fonts}<w:b/><w:color w:val=\"595959\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:before=\"60\" w:after=\"240\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/></w:rPr></w:style>\
{kicker}{meta}{participant}{figure}{credits}{credits_first}\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"Speaker\"><w:name w:val=\"Speaker\"/><w:qFormat/><w:rPr>{heading_fonts}<w:b/><w:bCs/></w:rPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"Timecode\"><w:name w:val=\"Timecode\"/><w:rPr><w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/><w:color w:val=\"808080\"/><w:sz w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"CaptionCredit\"><w:name w:val=\"Caption Credit\"/><w:rPr><w:color w:val=\"808080\"/></w:rPr></w:style>\
</w:styles>",
        justify = if chinese {
            "<w:jc w:val=\"both\"/>"
        } else {
            ""
        },
        kicker = para(
            "Kicker",
            "Kicker",
            "<w:spacing w:after=\"60\"/><w:jc w:val=\"left\"/>",
            &format!("{heading_fonts}<w:b/><w:color w:val=\"A4343A\"/>")
        ),
        meta = para(
            "Meta",
            "Meta",
            "<w:spacing w:after=\"240\"/><w:jc w:val=\"left\"/>",
            "<w:color w:val=\"808080\"/><w:sz w:val=\"19\"/>"
        ),
        participant = para(
            "Participant",
            "Participant",
            "<w:spacing w:after=\"60\"/><w:ind w:left=\"284\"/><w:jc w:val=\"left\"/>",
            ""
        ),
        figure = para(
            "Figure",
            "Figure",
            "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
            ""
        ),
        credits = para(
            "Credits",
            "Credits",
            "<w:spacing w:after=\"40\"/><w:jc w:val=\"left\"/>",
            "<w:color w:val=\"595959\"/><w:sz w:val=\"19\"/>"
        ),
        credits_first = para(
            "CreditsFirst",
            "Credits First",
            "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"8\" w:color=\"BFBFBF\"/></w:pBdr><w:spacing w:before=\"480\" w:after=\"40\"/><w:jc w:val=\"left\"/>",
            "<w:color w:val=\"595959\"/><w:sz w:val=\"19\"/>"
        ),
    )
}

/// Writes `doc` as a DOCX file (the bytes of the zip archive).
pub fn write_docx(
    doc: &Document,
    options: &ExportOptions,
    assets: &dyn AssetSource,
) -> Result<Vec<u8>, ExportError> {
    let view = View::build(doc, options, assets, Target::Rich);
    let (content, pictures) = body(doc, &view, assets);
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NAMESPACES}><w:body>{content}\
<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1300\" w:bottom=\"1440\" w:left=\"1300\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>\
</w:body></w:document>"
    );
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    );
    for p in &pictures {
        let _ = write!(
            rels,
            "<Relationship Id=\"{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"{}\"/>",
            p.rel, p.part
        );
    }
    rels.push_str("</Relationships>");
    let authors: Vec<&str> = doc
        .credits
        .iter()
        .filter(|c| c.role == CreditRole::Author)
        .map(|c| c.name.as_str())
        .collect();
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title>{}<dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>{}</dc:language></cp:coreProperties>",
        escape_xml(&view.title),
        view.subtitle
            .as_deref()
            .map(|s| format!("<dc:subject>{}</dc:subject>", escape_xml(s)))
            .unwrap_or_default(),
        escape_xml(&authors.join(", ")),
        escape_xml(&view.topics.join(", ")),
        escape_xml(&view.lang),
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/><Default Extension=\"gif\" ContentType=\"image/gif\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";
    let root_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";
    let app = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Roundtable</Application></Properties>";

    let zip_error = |e: &dyn std::fmt::Display| ExportError::Docx(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", app.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, deflated).map_err(|e| zip_error(&e))?;
        zip.write_all(bytes).map_err(|e| zip_error(&e))?;
    }
    zip.start_file("word/styles.xml", deflated)
        .map_err(|e| zip_error(&e))?;
    zip.write_all(styles(view.chinese).as_bytes())
        .map_err(|e| zip_error(&e))?;
    for p in &pictures {
        // Pictures are compressed already.
        zip.start_file(format!("word/{}", p.part), stored)
            .map_err(|e| zip_error(&e))?;
        zip.write_all(&p.bytes).map_err(|e| zip_error(&e))?;
    }
    let cursor = zip.finish().map_err(|e| zip_error(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape_xml("a<b>&\"'\u{0}\u{1b}\u{FFFF}\tz"),
            "a&lt;b&gt;&amp;&quot;&apos;\tz"
        );
    }

    #[test]
    fn image_sizes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 480, "png")));
        let gif = b"GIF89a\x20\x00\x10\x00";
        assert_eq!(image_size(gif), Some((32, 16, "gif")));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0x00, 0x02, 0x00, 0x03, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((512, 256, "jpeg")));
        assert_eq!(image_size(b"RIFF....WEBPVP8 "), None);
    }
}
