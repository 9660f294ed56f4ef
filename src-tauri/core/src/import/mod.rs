//! Importers: text in, `(Document, Vec<Diagnostic>)` out.
//!
//! Importers never touch the disk or the library: callers hand them bytes or text.
//! [`parse_bytes`] opens Word documents, decodes everything else (UTF-8, BOM, UTF-16,
//! GB18030), detects the format and dispatches.
//!
//! One module per format: `article` (pasted articles and `Name: text` transcripts),
//! `markdown`, `otter`, `webvtt`, `srt`, `whisper` (Whisper / WhisperX JSON) and `docx`.
//! The timed formats share `timed` (cues to merged turns with start and end times); the text
//! formats share `names` (labels and names) and `article`'s builder.
//!
//! # Bounds
//! Inputs over [`MAX_INPUT_BYTES`] are refused before any parsing. Every importer is linear
//! in its input (a document holds at most [`MAX_PARTICIPANTS`] participants, so label
//! lookups are bounded), keeps at most [`MAX_DIAGNOSTICS`] diagnostics, reads at most
//! [`MAX_LINES`] lines, and needs memory a small multiple of the input size. A Word document may decompress to at most
//! [`MAX_INPUT_BYTES`] of text and [`MAX_INPUT_BYTES`] of images.

mod article;
mod decode;
mod docx;
mod front_matter;
mod lines;
mod markdown;
mod names;
mod note;
pub(crate) use names::{is_picture_credit, is_role_label};
mod otter;
mod srt;
mod timed;
mod webvtt;
mod whisper;

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

pub use decode::{MAX_INPUT_BYTES, decode, encoding_for_label};
/// A text encoding (encoding_rs's), as [`encoding_for_label`] gives it.
pub use encoding_rs::Encoding;
pub use note::{BinaryKind, ModeratorEvidence, NOTE_CODES, Note};

/// The most participants an importer creates; later new labels stay text (with a warning),
/// which keeps label lookups bounded on hostile input.
pub const MAX_PARTICIPANTS: usize = 500;

/// The most diagnostics an importer reports; one more says how many were left out.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// The most lines (or JSON objects, or Word paragraphs) an input may have. Each costs some
/// memory of its own, so this, with [`MAX_INPUT_BYTES`], bounds memory even for inputs of
/// tiny lines; a real 64 MiB article has well under half a million.
pub const MAX_LINES: usize = 2_000_000;

use crate::model::{Block, Document, FormatError};
use crate::progress::{Progress, Reporter, Stage};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// What the importer decided, for the user to check.
    Info,
    /// Something was probably lost or guessed wrongly.
    Warning,
}

/// A note about the input, tied to a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Diagnostic {
    /// 1-based line of the input; 0 for the whole input.
    pub line: u32,
    /// Info or warning.
    pub level: Level,
    /// What was noticed, as a stable code and its arguments (`{"code": …, "args": {…}}`),
    /// for the UI to word in the interface language.
    #[serde(flatten)]
    pub note: Note,
    /// The same in English, one sentence: for the CLI, logs, and a UI without the code.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn info(line: usize, note: Note) -> Diagnostic {
        Diagnostic::new(line, Level::Info, note)
    }

    pub(crate) fn warning(line: usize, note: Note) -> Diagnostic {
        Diagnostic::new(line, Level::Warning, note)
    }

    fn new(line: usize, level: Level, note: Note) -> Diagnostic {
        Diagnostic {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            level,
            message: note.to_string(),
            note,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Info => "note",
            Level::Warning => "warning",
        };
        if self.line > 0 {
            write!(f, "{level}: line {}: {}", self.line, self.message)
        } else {
            write!(f, "{level}: {}", self.message)
        }
    }
}

/// The input formats Roundtable reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A pasted article or a plain `Name: text` transcript.
    Article,
    /// Markdown, Roundtable's own export included.
    Markdown,
    /// Roundtable's canonical JSON.
    Json,
    /// Otter-style text: a `Speaker 1  0:00` header line, the words below.
    Otter,
    /// WebVTT subtitles, with `<v Name>` voice tags or `Name:` prefixes.
    Webvtt,
    /// SubRip (`.srt`) subtitles, with `NAME:` or `[Speaker 1]` prefixes.
    Srt,
    /// Whisper / WhisperX JSON (`segments` with `start`, `end`, `text`, `speaker`).
    Whisper,
    /// A Word (`.docx`) document.
    Docx,
}

impl Format {
    /// Every format, in the order `--from` lists them.
    pub const ALL: [Format; 8] = [
        Format::Article,
        Format::Markdown,
        Format::Json,
        Format::Otter,
        Format::Webvtt,
        Format::Srt,
        Format::Whisper,
        Format::Docx,
    ];

    /// Parses a `--from` value (a name or a usual file extension).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "article" | "text" | "txt" => Some(Format::Article),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "otter" => Some(Format::Otter),
            "webvtt" | "vtt" => Some(Format::Webvtt),
            "srt" | "subrip" => Some(Format::Srt),
            "whisper" | "whisperx" => Some(Format::Whisper),
            "docx" | "word" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Article => "article",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Otter => "otter",
            Format::Webvtt => "webvtt",
            Format::Srt => "srt",
            Format::Whisper => "whisper",
            Format::Docx => "docx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an input cannot be imported at all. Its words are its [`Note`]'s (`ImportError::note`),
/// so the CLI's English and the UI's table say the same thing.
#[derive(Debug)]
pub enum ImportError {
    /// Nothing but whitespace.
    Empty,
    /// Bytes that are not text (an image, an archive, an executable…).
    Binary(BinaryKind),
    /// Bytes that are not valid in the encoding detected or chosen.
    Undecodable {
        /// The encoding's name.
        encoding: &'static str,
    },
    /// An encoding name (`--encoding`) that is none.
    UnknownEncoding(String),
    /// Over the size limit.
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Canonical JSON that does not read.
    Json(FormatError),
    /// Transcript JSON that is not valid JSON (often a truncated file).
    TranscriptJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON reader said.
        reason: String,
    },
    /// Valid JSON of a shape no importer knows.
    UnknownJson {
        /// The top-level keys the file has, comma-separated.
        keys: String,
    },
    /// A subtitle or transcript file without a single cue or turn with text.
    NoCues {
        /// The format it was read as.
        format: Format,
        /// What such a file looks like, or what to try.
        hint: &'static str,
    },
    /// A Word document that cannot be read.
    Docx(String),
    /// More lines than [`MAX_LINES`].
    TooManyLines {
        /// The limit.
        limit: usize,
    },
    /// A binary format asked of text (`--from docx` on a text file).
    NeedsBytes(Format),
}

impl ImportError {
    /// The refusal as a code and arguments, for the UI's words.
    pub fn note(&self) -> Note {
        match self {
            ImportError::Empty => Note::Empty {},
            ImportError::Binary(kind) => Note::NotText { kind: *kind },
            ImportError::Undecodable { encoding } => Note::Undecodable {
                encoding: (*encoding).to_owned(),
            },
            ImportError::UnknownEncoding(label) => Note::EncodingNotRecognised {
                label: label.clone(),
            },
            ImportError::TooLarge { size, limit } => Note::TooLarge {
                size: *size,
                limit: *limit,
            },
            ImportError::Json(e) => Note::DocumentJson {
                reason: e.to_string(),
            },
            ImportError::TranscriptJson {
                line,
                column,
                reason,
            } => Note::TranscriptJson {
                line: *line,
                column: *column,
                reason: reason.clone(),
            },
            ImportError::UnknownJson { keys } => Note::UnknownJson { keys: keys.clone() },
            ImportError::NoCues { format, hint } => Note::NoCues {
                format: *format,
                hint: (*hint).to_owned(),
            },
            ImportError::Docx(reason) => Note::Docx {
                reason: reason.clone(),
            },
            ImportError::TooManyLines { limit } => Note::TooManyLines { limit: *limit },
            ImportError::NeedsBytes(format) => Note::NeedsBytes { format: *format },
        }
    }
}

// Written by hand rather than with thiserror: the words live once, in `Note`'s Display.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.note().fmt(f)
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FormatError> for ImportError {
    fn from(e: FormatError) -> ImportError {
        ImportError::Json(e)
    }
}

/// A file embedded in the input (an image in a Word document) that the document refers to
/// by [`Asset::name`] in an image block's `asset`.
///
/// Importers never touch the disk: they return the bytes alongside the document, and the
/// caller puts them in the library's asset store (`Library::put_asset`, which names them the
/// same way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Content-addressed name: the SHA-256 of the bytes in hex, then the extension that
    /// the content's signature (not the file name) gives, e.g. `3f…9a.png`.
    pub name: String,
    /// The media type the signature gives, e.g. `image/png`.
    pub media_type: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// A parsed input: what the import preview shows before anything is stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Imported {
    /// The document.
    pub document: Document,
    /// What the importer noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// The format it was read as.
    pub format: Format,
    /// Embedded files the document's image blocks name (Word images); empty for text.
    /// Not sent to the UI: the shell stores them in the asset store when it parses.
    #[serde(skip)]
    #[ts(skip)]
    pub assets: Vec<Asset>,
}

/// Guesses the format of decoded text. Word documents are recognised from bytes, by
/// [`parse_bytes`].
pub fn detect(text: &str) -> Format {
    let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    // `{…` or `[{…`/`[]`: JSON. (`[Photo: …]` opens many a pasted article.)
    let json_array = head
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with(['{', ']']));
    if head.starts_with('{') || json_array {
        return whisper::detect_json(head);
    }
    if webvtt::looks_like_webvtt(head) {
        return Format::Webvtt;
    }
    if srt::looks_like_srt(head) {
        return Format::Srt;
    }
    if otter::looks_like_otter(head) {
        return Format::Otter;
    }
    if markdown::looks_like_markdown(text) {
        return Format::Markdown;
    }
    Format::Article
}

/// `b12`, `p3`: an importer's local ids, written without the formatting machinery, which
/// costs more than the rest of reading a short line.
fn local_id(prefix: char, n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - at);
    id.push(prefix);
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

/// Gives the participants ids `p1…` in their present order; the turns follow their speaker.
fn renumber_participants(doc: &mut Document) {
    let mut renamed = std::collections::HashMap::new();
    for (i, p) in doc.participants.iter_mut().enumerate() {
        let id = local_id('p', i + 1);
        renamed.insert(std::mem::replace(&mut p.id, id.clone()), id);
    }
    for b in &mut doc.blocks {
        if let Block::Turn { speaker, .. } = b
            && let Some(id) = renamed.get(speaker.as_str())
        {
            speaker.clone_from(id);
        }
    }
}

/// Parses decoded text as `format` (detected when `None`).
pub fn parse_text(text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let format = format.unwrap_or_else(|| detect(text));
    let entry = if matches!(format, Format::Json | Format::Whisper) {
        b'{'
    } else {
        b'\n'
    };
    if lines::count(text, entry) > MAX_LINES {
        return Err(ImportError::TooManyLines { limit: MAX_LINES });
    }
    let (document, mut diagnostics) = match format {
        Format::Json => (Document::from_json(text)?, Vec::new()),
        Format::Markdown => markdown::parse(text),
        Format::Article => article::parse(text),
        Format::Otter => otter::parse(text)?,
        Format::Webvtt => webvtt::parse(text)?,
        Format::Srt => srt::parse(text)?,
        Format::Whisper => whisper::parse(text)?,
        Format::Docx => return Err(ImportError::NeedsBytes(Format::Docx)),
    };
    cap_diagnostics(&mut diagnostics);
    Ok(Imported {
        document,
        diagnostics,
        format,
        assets: Vec::new(),
    })
}

/// Parses the bytes of `file` as [`parse_bytes`] does (the format from the content unless
/// `format` says otherwise: a `.json` file may be Whisper's, a `.txt` file Otter's), and titles
/// a document that has no title line (a bare transcript) with the file's name without its
/// extension. The caller reads the file: importers never touch the disk.
pub fn parse_file(
    bytes: &[u8],
    file: &std::path::Path,
    format: Option<Format>,
) -> Result<Imported, ImportError> {
    parse_file_reporting(bytes, file, format, None, &mut |_| {})
}

/// [`parse_file`] in `encoding` when given (else detected, see [`decode`]), reporting the
/// [`Stage::Parsing`] stage to `report`: started, then done. The parsers do not report
/// inside, so nothing in between is claimed.
pub fn parse_file_reporting(
    bytes: &[u8],
    file: &std::path::Path,
    format: Option<Format>,
    encoding: Option<&'static Encoding>,
    report: &mut dyn FnMut(Progress),
) -> Result<Imported, ImportError> {
    let size = bytes.len() as u64;
    let mut parsing = Reporter::start(report, Stage::Parsing, size);
    let mut imported = parse_bytes_in(bytes, format, encoding)?;
    if imported.document.title.is_empty() {
        imported.document.title = file
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_owned())
            .unwrap_or_default();
    }
    parsing.at(size);
    Ok(imported)
}

/// Decodes `bytes` and parses them as `format` (detected when `None`). A ZIP file is read
/// as a Word document when it is one (or `format` says so) and refused otherwise.
pub fn parse_bytes(bytes: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    parse_bytes_in(bytes, format, None)
}

/// [`parse_bytes`], the text in `encoding` when given (the user's choice overrides detection).
pub fn parse_bytes_in(
    bytes: &[u8],
    format: Option<Format>,
    encoding: Option<&'static Encoding>,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if format == Some(Format::Docx) || (format.is_none() && docx::is_zip(bytes)) {
        let (document, mut diagnostics, assets) = docx::parse(bytes)?;
        cap_diagnostics(&mut diagnostics);
        return Ok(Imported {
            document,
            diagnostics,
            format: Format::Docx,
            assets,
        });
    }
    let (text, note) = decode(bytes, encoding)?;
    let mut imported = parse_text(&text, format)?;
    if let Some(note) = note {
        imported.diagnostics.insert(0, note);
    }
    Ok(imported)
}

/// Keeps the first [`MAX_DIAGNOSTICS`] and says how many more there were.
fn cap_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() > MAX_DIAGNOSTICS {
        let more = diagnostics.len() - MAX_DIAGNOSTICS;
        diagnostics.truncate(MAX_DIAGNOSTICS);
        diagnostics.push(Diagnostic::info(0, Note::MoreNotes { count: more }));
    }
}
