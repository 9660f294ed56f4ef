//! Word (`.docx`) transcripts and articles.
//!
//! `word/document.xml` is read as a stream of paragraphs (body, tables and text boxes alike)
//! and turned into [`Line`]s for the article builder, with hints from the document's own
//! structure:
//!
//! - paragraph styles: `Title`, `Subtitle`, `Heading N` and `Caption` (matched by style id
//!   or by the style's name in `word/styles.xml`, so localised ids work); list paragraphs
//!   are list items;
//! - a bold run at the start of a paragraph is a speaker label when a colon follows it
//!   (`**Name:** text`, `**Name**: text`) or when it reads as a name and text follows
//!   (`**Dana Whitfield** Thanks…`); a paragraph that is only a bold name is a label for the
//!   paragraphs after it when the same name stands alone like that at least twice;
//!   role words, guest headers, credits and topic labels stay plain text so that the
//!   builder reads declarations (`主持人:周婷`) as such;
//! - a two-column table row whose first cell is a speaker is a turn;
//! - plain `Name: text` paragraphs are classified like pasted text;
//! - embedded pictures (`<a:blip r:embed>`, `<v:imagedata r:id>`) become image blocks with
//!   their description as alt text; the picture itself is returned as an [`Asset`] named
//!   by its content (SHA-256 and an extension from its signature, not its file name). A
//!   picture in an unknown format stays an image slot without an asset, with a warning.
//!
//! Deleted text of tracked changes and field codes are skipped. Diagnostics count
//! paragraphs as lines. Bounds: `word/document.xml` may decompress to at most
//! [`MAX_INPUT_BYTES`], and all pictures together to at most [`MAX_INPUT_BYTES`].

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use sha2::{Digest, Sha256};

use super::article::build;
use super::lines::{Hint, Line, clean};
use super::names::{GUEST_HEADERS, MODERATOR_LABELS, in_list, is_reserved, plausible_name};
use super::timed::speaker_label;
use super::{Asset, BinaryKind, Diagnostic, ImportError, MAX_INPUT_BYTES, MAX_LINES, Note};
use crate::model::Document;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Whether the bytes start with a ZIP signature.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads one archive entry, at most `limit` bytes; `None` when it is absent.
fn entry(
    archive: &mut Archive<'_>,
    name: &str,
    limit: usize,
) -> Result<Option<Vec<u8>>, ImportError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ImportError::Docx(format!("{name} cannot be read ({e})"))),
    };
    let too_large = || {
        ImportError::Docx(format!(
            "{name} is larger than {limit} bytes once decompressed"
        ))
    };
    if file.size() > limit as u64 {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(file.size() as usize);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Docx(format!("{name} cannot be read ({e})")))?;
    if bytes.len() > limit {
        return Err(too_large());
    }
    Ok(Some(bytes))
}

/// What a ZIP that is not a Word document is, for the refusal.
fn what_zip(archive: &mut Archive<'_>) -> BinaryKind {
    let names: Vec<String> = archive
        .file_names()
        .take(200)
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if has("xl/") {
        BinaryKind::Excel
    } else if has("ppt/") {
        BinaryKind::PowerPoint
    } else if has("content.xml") && has("mimetype") {
        BinaryKind::OpenDocument
    } else {
        BinaryKind::ZipNotWord
    }
}

/// Parses a Word document.
pub(super) fn parse(bytes: &[u8]) -> Result<(Document, Vec<Diagnostic>, Vec<Asset>), ImportError> {
    if !is_zip(bytes) {
        return Err(ImportError::Docx(
            "it is not a .docx file (no ZIP signature); save it from Word as .docx".to_owned(),
        ));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Docx(format!("the ZIP archive is damaged or truncated ({e})")))?;
    let Some(xml) = entry(&mut archive, "word/document.xml", MAX_INPUT_BYTES)? else {
        return Err(ImportError::Binary(what_zip(&mut archive)));
    };
    let xml = String::from_utf8(xml)
        .map_err(|_| ImportError::Docx("word/document.xml is not UTF-8".to_owned()))?;
    let styles = match entry(&mut archive, "word/styles.xml", MAX_INPUT_BYTES)? {
        Some(s) => style_names(&String::from_utf8_lossy(&s)),
        None => HashMap::new(),
    };
    let rels = match entry(
        &mut archive,
        "word/_rels/document.xml.rels",
        MAX_INPUT_BYTES,
    )? {
        Some(r) => relationships(&String::from_utf8_lossy(&r)),
        None => HashMap::new(),
    };
    let mut media = Media {
        archive: &mut archive,
        rels,
        names: HashMap::new(),
        assets: Vec::new(),
        budget: MAX_INPUT_BYTES,
        diags: Vec::new(),
    };
    let paragraphs = paragraphs(&xml)?;
    let lines = to_lines(paragraphs, &styles, &mut media)?;
    let (document, mut diags) = build(lines, false);
    diags.splice(0..0, media.diags);
    Ok((document, diags, media.assets))
}

/// Style id → lowercase style name, from `word/styles.xml`.
fn style_names(xml: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => id = attr(&e, "w:styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (&id, attr(&e, "w:val")) {
                        map.insert(id.clone(), name.to_lowercase());
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    map
}

/// Relationship id → target, from `word/_rels/document.xml.rels` (internal targets only).
fn relationships(xml: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if let (false, Some(id), Some(target)) =
                    (external, attr(&e, "Id"), attr(&e, "Target"))
                {
                    map.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    map
}

/// The local part of a qualified name (`p` of `w:p`). quick-xml's own `local_name` looks for
/// the colon with a general string search, which costs more than the rest of an element.
fn local(name: &str) -> &str {
    match memchr::memchr(b':', name.as_bytes()) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// A piece of a paragraph, in order.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text { text: String, bold: bool },
    Break,
    Image { rid: String, alt: Option<String> },
}

#[derive(Debug, Default)]
struct Paragraph {
    /// 1-based paragraph number.
    no: usize,
    style: Option<String>,
    list: bool,
    pieces: Vec<Piece>,
    /// Set for the first paragraph of a table row: the row's cells, as paragraphs.
    row: Option<Vec<Vec<Paragraph>>>,
}

impl Paragraph {
    fn push_text(&mut self, text: &str, bold: bool) {
        if let Some(Piece::Text { text: t, bold: b }) = self.pieces.last_mut()
            && *b == bold
        {
            t.push_str(text);
            return;
        }
        self.pieces.push(Piece::Text {
            text: text.to_owned(),
            bold,
        });
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            if let Piece::Text { text, .. } = p {
                s.push_str(text);
            }
        }
        s
    }
}

/// The state of the walk over `word/document.xml`.
#[derive(Default)]
struct Walker {
    out: Vec<Paragraph>,
    /// Open paragraphs (text boxes nest them).
    stack: Vec<Paragraph>,
    count: usize,
    in_ppr: bool,
    in_t: bool,
    bold: bool,
    alt: Option<String>,
    table_depth: usize,
    /// The open top-level table row: cells of paragraphs.
    row: Option<Vec<Vec<Paragraph>>>,
}

impl Walker {
    fn text(&mut self, text: &str) {
        if self.in_t
            && let Some(p) = self.stack.last_mut()
        {
            p.push_text(text, self.bold);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match local(e.name().as_ref()) {
            "p" => {
                self.count += 1;
                if !empty {
                    self.stack.push(Paragraph {
                        no: self.count,
                        ..Paragraph::default()
                    });
                }
            }
            "pPr" => self.in_ppr = !empty,
            "pStyle" => {
                if let Some(p) = self.stack.last_mut() {
                    p.style = attr(e, "w:val");
                }
            }
            "numPr" => {
                if let Some(p) = self.stack.last_mut() {
                    p.list = true;
                }
            }
            "r" => self.bold = false,
            "b" if !self.in_ppr => {
                self.bold = !attr(e, "w:val")
                    .is_some_and(|v| matches!(v.as_str(), "0" | "false" | "off" | "none"));
            }
            "rStyle" if !self.in_ppr => {
                let style = attr(e, "w:val").unwrap_or_default().to_lowercase();
                if style.contains("strong") || style.contains("bold") {
                    self.bold = true;
                }
            }
            "t" => self.in_t = !empty,
            "tab" if !self.in_ppr => {
                if let Some(p) = self.stack.last_mut() {
                    p.push_text("\t", self.bold);
                }
            }
            "noBreakHyphen" => {
                if let Some(p) = self.stack.last_mut() {
                    p.push_text("-", self.bold);
                }
            }
            "br" | "cr" => {
                if let Some(p) = self.stack.last_mut() {
                    p.pieces.push(Piece::Break);
                }
            }
            "docPr" => {
                self.alt = attr(e, "descr")
                    .or_else(|| attr(e, "title"))
                    .filter(|a| !a.trim().is_empty());
            }
            "blip" | "imagedata" => {
                let rid = attr(e, "r:embed").or_else(|| attr(e, "r:id"));
                if let (Some(rid), Some(p)) = (rid, self.stack.last_mut()) {
                    p.pieces.push(Piece::Image {
                        rid,
                        alt: self.alt.take(),
                    });
                }
            }
            "tbl" if !empty => self.table_depth += 1,
            "tr" if !empty && self.table_depth == 1 => self.row = Some(Vec::new()),
            "tc" if !empty && self.table_depth == 1 => {
                if let Some(r) = &mut self.row {
                    r.push(Vec::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => {
                let Some(p) = self.stack.pop() else {
                    return;
                };
                if p.pieces.is_empty() {
                    return;
                }
                if let Some(outer) = self.stack.last_mut() {
                    // A text box inside a paragraph: its text joins the outer one.
                    outer.pieces.push(Piece::Break);
                    outer.pieces.extend(p.pieces);
                } else if let (Some(cells), 1) = (&mut self.row, self.table_depth) {
                    match cells.last_mut() {
                        Some(cell) => cell.push(p),
                        None => self.out.push(p),
                    }
                } else {
                    self.out.push(p);
                }
            }
            "pPr" => self.in_ppr = false,
            "t" => self.in_t = false,
            "tr" if self.table_depth == 1 => {
                if let Some(cells) = self.row.take() {
                    let no = cells.iter().flatten().next().map_or(self.count, |p| p.no);
                    self.out.push(Paragraph {
                        no,
                        row: Some(cells),
                        ..Paragraph::default()
                    });
                }
            }
            "tbl" => self.table_depth = self.table_depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// Reads the paragraphs of `word/document.xml`. Table rows come out as one paragraph that
/// holds the row's cells.
fn paragraphs(xml: &str) -> Result<Vec<Paragraph>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walker::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            ImportError::Docx(format!(
                "word/document.xml is damaged at byte {} ({e})",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => w.start(&e, false),
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => {
                w.end(local(e.name().as_ref()));
                if w.out.len() > MAX_LINES {
                    return Err(ImportError::TooManyLines { limit: MAX_LINES });
                }
            }
            Event::Text(t) => w.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    w.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w.out)
}

/// Pictures: relationship ids to assets, loaded once each.
struct Media<'a, 'b> {
    archive: &'a mut Archive<'b>,
    rels: HashMap<String, String>,
    /// Relationship id → asset name (`None`: no usable picture).
    names: HashMap<String, Option<String>>,
    assets: Vec<Asset>,
    /// Bytes of pictures still allowed.
    budget: usize,
    diags: Vec<Diagnostic>,
}

/// The archive path of a relationship target (relative to `word/`, or absolute).
fn zip_path(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("word/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The extension and media type a picture's signature gives.
pub(super) fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let at = |offset: usize, sig: &[u8]| bytes.get(offset..offset + sig.len()) == Some(sig);
    if at(0, b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if at(0, b"\xFF\xD8\xFF") {
        Some(("jpg", "image/jpeg"))
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some(("gif", "image/gif"))
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some(("webp", "image/webp"))
    } else if at(0, b"BM") && bytes.len() > 26 {
        Some(("bmp", "image/bmp"))
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        Some(("tiff", "image/tiff"))
    } else if at(0, b"\x01\0\0\0") && at(40, b" EMF") {
        Some(("emf", "image/emf"))
    } else if at(0, b"\xD7\xCD\xC6\x9A") {
        Some(("wmf", "image/wmf"))
    } else {
        None
    }
}

impl Media<'_, '_> {
    fn asset(&mut self, rid: &str, no: usize) -> Result<Option<String>, ImportError> {
        if let Some(name) = self.names.get(rid) {
            return Ok(name.clone());
        }
        let name = self.load(rid, no)?;
        self.names.insert(rid.to_owned(), name.clone());
        Ok(name)
    }

    fn load(&mut self, rid: &str, no: usize) -> Result<Option<String>, ImportError> {
        let Some(target) = self.rels.get(rid) else {
            self.diags.push(Diagnostic::warning(
                no,
                Note::PictureWithoutFile {
                    id: rid.to_string(),
                },
            ));
            return Ok(None);
        };
        let path = zip_path(target);
        let Some(bytes) = entry(self.archive, &path, self.budget)? else {
            self.diags.push(Diagnostic::warning(
                no,
                Note::PictureMissing {
                    path: path.to_string(),
                },
            ));
            return Ok(None);
        };
        self.budget = self.budget.saturating_sub(bytes.len());
        let Some((extension, media_type)) = sniff(&bytes) else {
            self.diags.push(Diagnostic::warning(
                no,
                Note::PictureUnsupported {
                    path: path.to_string(),
                },
            ));
            return Ok(None);
        };
        let hash = Sha256::digest(&bytes);
        let mut name = String::with_capacity(70);
        for b in hash {
            name.push_str(&format!("{b:02x}"));
        }
        name.push('.');
        name.push_str(extension);
        if !self.assets.iter().any(|a| a.name == name) {
            self.assets.push(Asset {
                name: name.clone(),
                media_type,
                bytes,
            });
        }
        Ok(Some(name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Title,
    Subtitle,
    Heading,
    Caption,
    Body,
}

fn kind(style: Option<&str>, styles: &HashMap<String, String>) -> Kind {
    let Some(id) = style else {
        return Kind::Body;
    };
    let name = styles.get(id).map(String::as_str).unwrap_or("");
    for s in [id.to_lowercase(), name.to_owned()] {
        let s = s.replace(' ', "");
        if s == "title" {
            return Kind::Title;
        }
        if s == "subtitle" {
            return Kind::Subtitle;
        }
        if s.starts_with("heading") || s.starts_with("标题") {
            return Kind::Heading;
        }
        if s == "caption" || s == "题注" {
            return Kind::Caption;
        }
    }
    Kind::Body
}

/// The text of a segment's pieces, cleaned.
fn joined(pieces: &[&Piece]) -> String {
    let mut text = String::new();
    for p in pieces {
        if let Piece::Text { text: t, .. } = p {
            text.push_str(t);
        }
    }
    clean(&text)
}

/// A label at the start of a paragraph: `(label, rest, alone)`, where `alone` means the
/// paragraph is only a bold name without a colon.
fn bold_label(pieces: &[&Piece]) -> Option<(String, String, bool)> {
    let mut bold = String::new();
    let mut rest = String::new();
    let mut in_label = true;
    for p in pieces {
        if let Piece::Text { text, bold: b } = p {
            if in_label && *b {
                bold.push_str(text);
            } else if in_label && bold.trim().is_empty() && text.trim().is_empty() {
                // Leading whitespace before the bold run.
            } else {
                in_label = false;
                rest.push_str(text);
            }
        }
    }
    let b = clean(&bold);
    if b.is_empty() {
        return None;
    }
    let (label, rest, alone) = if let Some(l) = b.strip_suffix([':', '\u{FF1A}']) {
        (clean(l), clean(&rest), false)
    } else if let Some(r) = rest.trim_start().strip_prefix([':', '\u{FF1A}']) {
        (b, clean(r), false)
    } else {
        let rest = clean(&rest);
        match (rest.is_empty(), plausible_name(&b) || speaker_label(&b)) {
            (false, true) => (b, rest, false),
            (true, true) if plausible_name(&b) => (b, rest, true),
            _ => return None,
        }
    };
    (!label.is_empty() && label.chars().count() <= 30).then_some((label, rest, alone))
}

/// Whether a label must go to the builder as plain text: role words, guest headers,
/// credits and topics, so that declarations and credits are read as such.
fn keep_plain(label: &str) -> bool {
    is_reserved(label) || in_list(MODERATOR_LABELS, label) || in_list(GUEST_HEADERS, label)
}

struct Lines<'m, 'a, 'b> {
    lines: Vec<Line<'static>>,
    /// Lines that are a bold name alone; labels only if the name recurs.
    alone: Vec<usize>,
    styles: &'m HashMap<String, String>,
    media: &'m mut Media<'a, 'b>,
    /// [`keep_plain`] per label seen: a transcript repeats a few speakers' labels.
    plain_labels: HashMap<String, bool>,
}

impl Lines<'_, '_, '_> {
    fn paragraph(&mut self, p: Paragraph) -> Result<(), ImportError> {
        if let Some(cells) = p.row {
            return self.row(p.no, cells);
        }
        let kind = kind(p.style.as_deref(), self.styles);
        let mut segment: Vec<&Piece> = Vec::new();
        let mut first = true;
        for piece in &p.pieces {
            match piece {
                Piece::Text { .. } => segment.push(piece),
                Piece::Break => {
                    self.segment(p.no, kind, p.list, &segment, first);
                    first &= segment.is_empty();
                    segment.clear();
                }
                Piece::Image { rid, alt } => {
                    self.segment(p.no, kind, p.list, &segment, first);
                    first = false;
                    segment.clear();
                    let asset = self.media.asset(rid, p.no)?;
                    self.lines.push(Line {
                        no: p.no,
                        text: (String::new()).into(),
                        hint: Hint::Image {
                            src: asset,
                            alt: alt.clone(),
                        },
                    });
                }
            }
        }
        self.segment(p.no, kind, p.list, &segment, first);
        Ok(())
    }

    fn segment(&mut self, no: usize, kind: Kind, list: bool, pieces: &[&Piece], first: bool) {
        let hint = match kind {
            Kind::Title if self.lines.is_empty() => Hint::Title,
            Kind::Title | Kind::Subtitle | Kind::Heading => Hint::Heading,
            Kind::Caption => Hint::Caption,
            Kind::Body if list => Hint::Item,
            Kind::Body => Hint::Plain,
        };
        if hint == Hint::Plain
            && first
            && let Some((label, rest, alone)) = bold_label(pieces)
        {
            let plain = match self.plain_labels.get(&label) {
                Some(&plain) => plain,
                None => {
                    let plain = keep_plain(&label);
                    self.plain_labels.insert(label.clone(), plain);
                    plain
                }
            };
            if plain {
                let text = joined(pieces);
                let text = if text.contains([':', '\u{FF1A}']) {
                    text
                } else {
                    format!("{label}: {rest}")
                };
                self.lines.push(Line {
                    no,
                    text: text.into(),
                    hint: Hint::Plain,
                });
                return;
            }
            if alone {
                self.alone.push(self.lines.len());
            }
            self.lines.push(Line {
                no,
                text: (rest).into(),
                hint: Hint::Label { label },
            });
            return;
        }
        let text = joined(pieces);
        if !text.is_empty() {
            self.lines.push(Line {
                no,
                text: text.into(),
                hint,
            });
        }
    }

    /// A table row: `Name | words` is a turn; anything else is its cells' paragraphs.
    fn row(&mut self, no: usize, cells: Vec<Vec<Paragraph>>) -> Result<(), ImportError> {
        if let [name, words] = cells.as_slice() {
            let joined: Vec<String> = name.iter().map(Paragraph::text).collect();
            let label = clean(&joined.join(" "));
            let label = label.trim_end_matches([':', '\u{FF1A}']).trim().to_owned();
            let header = in_list(
                &["Speaker", "Name", "Names", "发言人", "姓名", "Who"],
                &label,
            );
            if !label.is_empty()
                && !header
                && !is_reserved(&label)
                && words.iter().any(|p| !p.text().trim().is_empty())
                && (plausible_name(&label) || speaker_label(&label))
            {
                let at = self.lines.len();
                let mut cells = cells;
                for p in cells.pop().unwrap_or_default() {
                    self.paragraph(p)?;
                }
                match self.lines.get_mut(at) {
                    Some(line) if line.hint == Hint::Plain => {
                        line.hint = Hint::Label { label };
                    }
                    _ => self.lines.insert(
                        at,
                        Line {
                            no,
                            text: (String::new()).into(),
                            hint: Hint::Label { label },
                        },
                    ),
                }
                return Ok(());
            }
        }
        for p in cells.into_iter().flatten() {
            self.paragraph(p)?;
        }
        Ok(())
    }
}

/// The builder's lines for the paragraphs.
fn to_lines(
    paragraphs: Vec<Paragraph>,
    styles: &HashMap<String, String>,
    media: &mut Media<'_, '_>,
) -> Result<Vec<Line<'static>>, ImportError> {
    let mut out = Lines {
        lines: Vec::with_capacity(paragraphs.len()),
        alone: Vec::new(),
        styles,
        media,
        plain_labels: HashMap::new(),
    };
    for p in paragraphs {
        out.paragraph(p)?;
    }
    // A bold name alone is a label only if it recurs; otherwise it is text.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for &i in &out.alone {
        if let Hint::Label { label } = &out.lines[i].hint {
            *counts.entry(label.to_lowercase()).or_insert(0) += 1;
        }
    }
    for &i in &out.alone {
        let line = &mut out.lines[i];
        if let Hint::Label { label } = &line.hint
            && counts.get(&label.to_lowercase()).copied().unwrap_or(0) < 2
        {
            line.text = label.clone().into();
            line.hint = Hint::Plain;
        }
    }
    Ok(out.lines)
}
