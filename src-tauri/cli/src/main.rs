//! `roundtable`: import, export, list and search a Roundtable library from the shell.

// Importing a large transcript allocates a string per line and per turn: mimalloc makes
// that several times cheaper than glibc's allocator (see ARCHITECTURE.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use roundtable_core::Document;
use roundtable_core::export::{ExportFormat, export_string};
use roundtable_core::import::Encoding;
use roundtable_core::import::{
    Format, Imported, MAX_INPUT_BYTES, encoding_for_label, parse_file_reporting,
};
use roundtable_core::store::{
    Library, StoreError, base_of_json, content_hash, default_library_path,
};
use roundtable_core::sync::sync;

mod assets;
mod export;
mod media;
mod people;
mod sync_watch;

/// Roundtable: turn roundtable, panel and interview transcripts into finished articles.
#[derive(Parser)]
#[command(name = "roundtable", version, about)]
struct Cli {
    /// The library file (default: the platform data folder).
    #[arg(long, global = true, env = "ROUNDTABLE_LIBRARY", value_name = "PATH")]
    library: Option<PathBuf>,
    /// Say on standard error which version and library run and how long the command took
    /// (for a problem report; the desktop app's log is under Help → Open Log Folder).
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a file and print its canonical JSON; nothing is stored.
    Parse {
        /// The file to read.
        file: PathBuf,
        /// Read it as this format instead of detecting it (article, markdown, json, otter,
        /// webvtt, srt, whisper, docx).
        #[arg(long, value_name = "FORMAT")]
        from: Option<String>,
        /// Read the text in this encoding instead of detecting it (utf-8, utf-16le, gb18030,
        /// big5, shift_jis, euc-kr, windows-1252…: any WHATWG encoding label).
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
    },
    /// Import files into the library and print the new document ids.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Read them as this format instead of detecting it.
        #[arg(long, value_name = "FORMAT")]
        from: Option<String>,
        /// Read the text in this encoding instead of detecting it (utf-8, utf-16le, gb18030,
        /// big5, shift_jis, euc-kr, windows-1252…: any WHATWG encoding label).
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// Import a file again even if a file with the same content was imported before
        /// (by default its document's id is printed and nothing is stored).
        #[arg(long)]
        again: bool,
    },
    /// List the documents in the library.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one document as Markdown.
    Show {
        /// Document id (or its first characters).
        id: String,
    },
    /// Search titles, people, credits, turns, narration and captions; newest documents first.
    Search {
        /// Words to find (all must occur); Chinese words of two characters work too.
        query: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// At most this many documents (turns with --speaker).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only what this person said (a name or alias in any script or width, or an id):
        /// each matching turn with its document, date and attribution (with --json).
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
    },
    /// The people of the library: list, show, merge, unmerge, link, suggestions, rename.
    People {
        #[command(subcommand)]
        action: people::PeopleAction,
    },
    /// Sync the library with a shared folder (Syncthing, Dropbox, a NAS share…).
    Sync {
        /// The shared folder; remembered, so later runs can leave it out.
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// Keep going: sync again when the folder changes, and every --interval seconds.
        #[arg(long)]
        watch: bool,
        /// Seconds between rescans with --watch (they also catch network shares that send
        /// no change events).
        #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
        interval: f64,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Store an edited JSON export of a document as the minimal ops from the version it was
    /// exported at (its `"base"`): edits made elsewhere since are kept, or shown as conflicts.
    Apply {
        /// Document id (or its first characters).
        id: String,
        /// The edited document (format v1 JSON, as `export --format json` writes it).
        file: PathBuf,
    },
    /// List conflicts from concurrent edits: fields with several values, blocks edited
    /// while deleted.
    Conflicts {
        /// Only this document.
        id: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict by keeping one of its values.
    Resolve {
        /// Document id (or its first characters).
        id: String,
        /// The conflict's field, as `conflicts` prints it (e.g. "title", "block b12 paragraphs").
        field: String,
        /// The value to keep: its op, as `conflicts` prints it (device:counter).
        keep: String,
    },
    /// Export documents from the library, or convert files without touching the library.
    /// One source writes one file (or standard output); several, --all or --topic write
    /// one file per document into the folder -o names.
    Export(Box<ExportArgs>),
    /// Show or change a library setting: image-base-url (where pictures are uploaded for
    /// web editors and CMSs).
    Settings {
        /// The setting (image-base-url); all settings when left out.
        key: Option<String>,
        /// Its new value.
        value: Option<String>,
        /// Clear the setting.
        #[arg(long, conflicts_with = "value")]
        unset: bool,
    },
    /// The pictures of documents, as files.
    Assets {
        #[command(subcommand)]
        action: AssetsAction,
    },
    /// The recordings attached to a document: attach, list, detach, find a moved one, share
    /// with the team.
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// List the export templates (built-in and the library's templates folder), or copy a
    /// built-in one there to edit it.
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

#[derive(Subcommand)]
enum AssetsAction {
    /// Write the pictures of documents into DIR: named `<sha256>.<ext>`, as exports with an
    /// image base URL reference them (upload the folder's files there), or with --numbered
    /// as `01-caption.png`, `02-…` in reading order, to insert by hand.
    Export {
        /// The folder to write into (created if needed).
        dir: PathBuf,
        /// Document ids (or their first characters); every document when left out.
        ids: Vec<String>,
        /// Name files by their order and caption in one document.
        #[arg(long)]
        numbered: bool,
    },
}

#[derive(Subcommand)]
enum MediaAction {
    /// Attach a recording (mp3, m4a, aac, wav, flac, ogg, opus, webm, mp4, mov) to a
    /// document. The library keeps where the file is, its size and the SHA-256 of its content.
    Attach {
        /// The document id (or its first characters).
        id: String,
        /// The recording.
        file: PathBuf,
        /// Also keep a copy in the library's media folder (named by its content), so moving
        /// or deleting the original does not lose it.
        #[arg(long)]
        copy: bool,
        /// Also share it with the team (see `media share`).
        #[arg(long)]
        share: bool,
    },
    /// Share a recording with the team: teammates see it at once, and sync carries the file
    /// through the shared folder (`media/<sha256>.<ext>`), checked by its hash.
    Share {
        /// The document id (or its first characters).
        id: String,
        /// The recording: the first characters of its hash, or its file name. May be left
        /// out when the document has one.
        media: Option<String>,
    },
    /// Stop sharing a recording: sync takes it out of the shared folder; teammates who
    /// received it keep their copy.
    Unshare {
        /// The document id (or its first characters).
        id: String,
        /// The recording: the first characters of its hash, or its file name. May be left
        /// out when the document has one.
        media: Option<String>,
    },
    /// List a document's recordings; a missing one is marked, and a shared one, and one a
    /// teammate shared that has not arrived yet.
    List {
        /// The document id (or its first characters).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Detach a recording (the file itself is not touched; an unused copy is removed).
    Detach {
        /// The document id (or its first characters).
        id: String,
        /// The recording: the first characters of its hash, or its file name. May be left
        /// out when the document has one.
        media: Option<String>,
    },
    /// Find a moved recording again: FILE is taken when its content is one of the
    /// document's recordings.
    Relink {
        /// The document id (or its first characters).
        id: String,
        /// Where the recording is now.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// List the templates (the default).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copy a built-in template into the library's templates folder, where it replaces the
    /// built-in until you remove it (or save it under a new name).
    Copy {
        /// The built-in template (article.html, transcript.html, wechat.html).
        name: String,
        /// The name to save it as (default: the same name).
        #[arg(long = "as", value_name = "NAME")]
        as_name: Option<String>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the templates folder.
    Dir,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// Document ids (or their first characters), or paths of files to convert.
    sources: Vec<String>,
    /// Export every document in the library (into the folder -o names).
    #[arg(long)]
    all: bool,
    /// Export the documents tagged with this topic (repeat for several; into the folder -o
    /// names).
    #[arg(long, value_name = "TAG")]
    topic: Vec<String>,
    /// md, html, wechat-html (inline styles, for pasting into web editors), docx or json.
    #[arg(long, short = 'f', default_value = "md")]
    format: String,
    /// article (guests introduced, full titles on first mention), transcript (every turn
    /// with its timecode) or wechat (inline-styled).
    #[arg(long, default_value = "article")]
    style: String,
    /// Show turn timecodes: on or off (default: on for the transcript style).
    #[arg(long, value_name = "on|off")]
    timecodes: Option<String>,
    /// Keep only the turns tagged with this topic (repeat for several).
    #[arg(long, value_name = "TAG")]
    only_topic: Vec<String>,
    /// Speaker labels: name, name-role, role, full (title on first mention) or host-role
    /// (`主持人：` for the host, names for the guests). Default: as the imported source
    /// labelled them when the importer could tell (host-role), else full for articles and
    /// names for transcripts and Markdown.
    #[arg(long, value_name = "FORM")]
    labels: Option<String>,
    /// Start Markdown with YAML front matter (pandoc's keys).
    #[arg(long)]
    front_matter: bool,
    /// Date for the front matter and templates (default: the document's last edit).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Images: folder (copied to assets/ beside the output) or embed (data: URIs).
    #[arg(long, default_value = "folder")]
    images: String,
    /// Reference pictures as URL/<sha256>.<ext> on this image host (default: the library's
    /// `settings image-base-url`); `roundtable assets export DIR` writes the files to upload.
    /// Web editors (WeChat's among them) fetch pictures only from such URLs.
    #[arg(long, value_name = "URL")]
    image_base_url: Option<String>,
    /// Keep the title at the top of the WeChat fragment (left out by default: WeChat's
    /// editor takes it in its own field).
    #[arg(long)]
    wechat_title: bool,
    /// Keep picture slots that have no picture as placeholders (left out by default; a
    /// slot's caption stays as a line of text).
    #[arg(long)]
    empty_image_slots: bool,
    /// A template: a name from `roundtable templates`, or a template file.
    #[arg(long, value_name = "NAME|FILE")]
    template: Option<String>,
    /// The output file (one document) or folder (a batch); standard output otherwise.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
    /// Read source files as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    /// Read source files' text in this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let library_path = cli.library.clone();
    let verbose = cli.verbose;
    let started = std::time::Instant::now();
    if verbose {
        let library = library_path.clone().or_else(default_library_path);
        warn(&format!(
            "roundtable {}; library {}",
            env!("CARGO_PKG_VERSION"),
            library.map_or_else(|| "(none)".into(), |p| p.display().to_string())
        ));
    }
    let result = run(cli);
    if verbose {
        let outcome = if result.is_ok() { "done" } else { "failed" };
        warn(&format!(
            "roundtable: {outcome} in {} ms",
            started.elapsed().as_millis()
        ));
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("roundtable: {e:#}"));
            if e.chain()
                .filter_map(|c| c.downcast_ref::<StoreError>())
                .any(StoreError::suggests_damage)
                && let Some(report) = check_library(library_path)
            {
                warn(report.trim_end());
            }
            ExitCode::FAILURE
        }
    }
}

/// What SQLite's `PRAGMA quick_check` says of the library, after an error that suggests the
/// file is damaged; `None` when it cannot even be opened (the error said so already).
fn check_library(path: Option<PathBuf>) -> Option<String> {
    let problems = library(path).ok()?.quick_check().ok()?;
    Some(if problems.is_empty() {
        "the library's structure checks out (PRAGMA quick_check): the damage is in the data of the rows named above\n".to_owned()
    } else {
        let mut s = format!(
            "the library file is damaged (PRAGMA quick_check, {} problem(s)); keep a copy, then restore a backup or export what can be read with `roundtable export --all -o DIR`:\n",
            problems.len()
        );
        for p in problems {
            s.push_str(&format!("    {p}\n"));
        }
        s
    })
}

fn library(path: Option<PathBuf>) -> Result<Library> {
    let path = path
        .or_else(default_library_path)
        .ok_or_else(|| anyhow!("no home folder to keep the library in; pass --library PATH"))?;
    Ok(Library::open(&path)?)
}

/// How to read input files: the `--from` and `--encoding` choices.
#[derive(Clone, Copy)]
struct Reading {
    format: Option<Format>,
    encoding: Option<&'static Encoding>,
}

fn reading_args(from: Option<&str>, encoding: Option<&str>) -> Result<Reading> {
    Ok(Reading {
        format: format_arg(from)?,
        encoding: encoding.map(encoding_for_label).transpose()?,
    })
}

fn format_arg(from: Option<&str>) -> Result<Option<Format>> {
    from.map(|f| {
        Format::from_name(f).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            anyhow!(
                "unknown input format {f:?}; use one of {}",
                names.join(", ")
            )
        })
    })
    .transpose()
}

/// How much input `import` keeps parsed between checking every file and storing them: past
/// this, files are parsed a second time rather than held (a newsroom's archive is gigabytes).
const KEPT_PARSED_BYTES: u64 = 64 << 20;

/// At most this many documents, or this much input, are stored in one transaction.
const STORE_BATCH_DOCS: usize = 200;
const STORE_BATCH_BYTES: u64 = 16 << 20;

/// Stores the pending documents in one transaction and prints their ids.
fn store_batch(lib: &mut Library, pending: &mut Vec<(&Path, Imported, String)>) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let docs: Vec<(&Document, &str)> = pending
        .iter()
        .map(|(_, i, hash)| (&i.document, hash.as_str()))
        .collect();
    let reports = lib
        .create_imported_many(&docs)
        .with_context(|| match pending.as_slice() {
            [(file, ..)] => format!("cannot store {}", file.display()),
            [(first, ..), .., (last, ..)] => format!(
                "cannot store the files from {} to {}",
                first.display(),
                last.display()
            ),
            [] => String::new(),
        })?;
    let mut text = String::new();
    for report in &reports {
        text.push_str(&format!("{}\n", report.document));
    }
    out(&text)?;
    // Their people (linked in the same transaction): close names are suggested on stderr.
    for report in &reports {
        people::warn_links(report);
    }
    pending.clear();
    Ok(())
}

fn read(file: &Path, how: Reading) -> Result<Imported> {
    read_hashed(file, how).map(|(imported, _)| imported)
}

/// [`read`], with the SHA-256 of the file's bytes ([`content_hash`]).
fn read_hashed(file: &Path, how: Reading) -> Result<(Imported, String)> {
    // Refuse a huge file before reading it into memory.
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > MAX_INPUT_BYTES as u64 {
        bail!(
            "cannot import {}: the file is {size} bytes; the limit is {MAX_INPUT_BYTES} bytes",
            file.display()
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let imported = parse_file_reporting(&bytes, file, how.format, how.encoding, &mut |_| {})
        .with_context(|| format!("cannot import {}", file.display()))?;
    Ok((imported, content_hash(&bytes)))
}

fn report(file: &Path, imported: &Imported) {
    let mut err = std::io::stderr().lock();
    for d in &imported.diagnostics {
        let _ = writeln!(err, "{}: {d}", file.display());
    }
    report_assets(file, imported);
}

/// Where nothing is stored (`parse`, converting a file), embedded pictures are named in the
/// document but their bytes are not kept: say so rather than drop them silently. `import`
/// stores them in the library's asset store.
fn report_assets(file: &Path, imported: &Imported) {
    if !imported.assets.is_empty() {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: note: {} embedded picture(s) are referenced by name; `roundtable import` stores them",
            file.display(),
            imported.assets.len()
        );
    }
}

/// Prints a warning on standard error (a closed stderr is not worth failing for).
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// Writes text meant for a terminal, without its control characters: a title or a turn from a
/// hostile file must not move the cursor, retitle the window or hide lines.
fn out(text: &str) -> Result<()> {
    let text = terminal_safe(text);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// `text` with every control character but newline and tab removed (ESC, BEL, CSI, C1, DEL).
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.chars().any(unsafe_char) {
        text.chars()
            .filter(|&c| !unsafe_char(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Parse {
            file,
            from,
            encoding,
        } => {
            let imported = read(&file, reading_args(from.as_deref(), encoding.as_deref())?)?;
            report(&file, &imported);
            out(&(imported.document.to_json() + "\n"))
        }
        Command::Import {
            files,
            from,
            encoding,
            again,
        } => {
            let how = reading_args(from.as_deref(), encoding.as_deref())?;
            // Parse everything first: one bad file stores nothing. The parsed documents are
            // kept only up to KEPT_PARSED_BYTES of input; later files are parsed again when
            // stored, so that importing ten thousand files holds one document at a time.
            let mut kept_bytes = 0;
            let mut docs = Vec::with_capacity(files.len());
            for file in &files {
                let (imported, hash) = read_hashed(file, how)?;
                let size = std::fs::metadata(file).map_or(0, |m| m.len());
                kept_bytes += size;
                let keep = kept_bytes <= KEPT_PARSED_BYTES;
                docs.push((file, keep.then_some(imported), hash));
            }
            let mut lib = library(cli.library)?;
            // Stored a batch at a time, each batch one transaction (see
            // `Library::create_imported_many`); the ids of a batch are printed when it is
            // stored, so a run killed midway has shown every id it stored.
            let mut pending: Vec<(&Path, Imported, String)> = Vec::new();
            let mut pending_bytes = 0;
            for (file, parsed, hash) in docs {
                // The same bytes imported before (a batch import killed midway and run
                // again, or the same file twice): its document, not a copy.
                if !again && pending.iter().any(|(_, _, h)| *h == hash) {
                    store_batch(&mut lib, &mut pending)?;
                    pending_bytes = 0;
                }
                if !again && let Some(id) = lib.imported_as(&hash)? {
                    store_batch(&mut lib, &mut pending)?;
                    pending_bytes = 0;
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "{}: already imported as {id}; pass --again to import a copy",
                        file.display()
                    );
                    out(&format!("{id}\n"))?;
                    continue;
                }
                let mut imported = match parsed {
                    Some(imported) => imported,
                    None => read_hashed(file, how)?.0,
                };
                lib.store_imported_assets(&mut imported)
                    .with_context(|| format!("cannot store the pictures of {}", file.display()))?;
                for d in &imported.diagnostics {
                    let _ = writeln!(std::io::stderr().lock(), "{}: {d}", file.display());
                }
                pending_bytes += std::fs::metadata(file).map_or(0, |m| m.len());
                pending.push((file.as_path(), imported, hash));
                if pending.len() >= STORE_BATCH_DOCS || pending_bytes >= STORE_BATCH_BYTES {
                    store_batch(&mut lib, &mut pending)?;
                    pending_bytes = 0;
                }
            }
            store_batch(&mut lib, &mut pending)
        }
        Command::List { json } => {
            let docs = library(cli.library)?.list()?;
            if json {
                return out(&(serde_json::to_string_pretty(&docs)? + "\n"));
            }
            let mut s = String::new();
            for d in docs {
                let column = d.column.map(|c| format!("[{c}] ")).unwrap_or_default();
                let incomplete = if d.missing_ops > 0 {
                    format!("  INCOMPLETE: {} change(s) not yet received", d.missing_ops)
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "{}  {column}{}  ({} words){incomplete}\n",
                    &d.id[..8],
                    d.title,
                    d.word_count
                ));
            }
            out(&s)
        }
        Command::Show { id } => {
            let lib = library(cli.library)?;
            let uuid = lib.resolve(&id)?;
            let missing = lib.missing_ops(uuid)?;
            if missing > 0 {
                warn(&format!(
                    "warning: this document is incomplete: {missing} change(s) made on another device have not arrived yet"
                ));
            }
            let doc = lib.document(uuid)?;
            out(&export_string(&doc, ExportFormat::Markdown))
        }
        Command::Search {
            query,
            json,
            limit,
            speaker: Some(speaker),
        } => people::search(&library(cli.library)?, &query, &speaker, limit, json),
        Command::People { action } => people::run(&mut library(cli.library)?, action),
        Command::Search {
            query,
            json,
            limit,
            speaker: None,
        } => {
            let hits = library(cli.library)?.search(&query, limit)?;
            if json {
                return out(&(serde_json::to_string_pretty(&hits)? + "\n"));
            }
            let mut s = String::new();
            for h in hits {
                let snippet = roundtable_core::store::bracketed(&h.snippet);
                s.push_str(&format!(
                    "{}  {}  ({} hits)\n    {snippet}\n",
                    &h.document[..8],
                    h.title,
                    h.hits
                ));
            }
            out(&s)
        }
        Command::Sync {
            folder,
            watch,
            interval,
            json,
        } => {
            let mut lib = library(cli.library)?;
            let folder = match folder {
                Some(f) => {
                    let f = f
                        .canonicalize()
                        .with_context(|| format!("sync folder {}", f.display()))?;
                    lib.set_sync_folder(&f.display().to_string())?;
                    f
                }
                None => PathBuf::from(lib.sync_folder()?.ok_or_else(|| {
                    anyhow!("no sync folder linked to this library; pass --folder DIR once")
                })?),
            };
            if watch {
                sync_watch::watch(&mut lib, &folder, interval, json)
            } else {
                let report = sync(&mut lib, &folder)?;
                out(&sync_watch::describe(&report, json))
            }
        }
        Command::Apply { id, file } => {
            let mut lib = library(cli.library)?;
            let id = lib.resolve(&id)?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let doc = Document::from_json(&text)
                .with_context(|| format!("{} is not a Roundtable document", file.display()))?;
            if doc.id != id {
                bail!("{} is document {}, not {id}", file.display(), doc.id);
            }
            let before = lib.ops(id)?.len();
            match base_of_json(&text)? {
                Some(base) => {
                    lib.save_from(&doc, "Apply", &base)?;
                }
                None => {
                    warn(&format!(
                        "warning: {} does not say which version it was read at (no \"base\"); \
                         every difference from the stored document is saved, so an edit made \
                         elsewhere since it was read is changed back. Export it again with \
                         `roundtable export {id} --format json` to avoid that.",
                        file.display()
                    ));
                    lib.save(&doc, "Apply")?;
                }
            }
            let n = lib.ops(id)?.len() - before;
            out(&format!("{n} ops\n"))
        }
        Command::Conflicts { id, json } => {
            let lib = library(cli.library)?;
            let ids = match id {
                Some(id) => vec![lib.resolve(&id)?],
                None => lib
                    .list()?
                    .iter()
                    .filter_map(|d| d.id.parse().ok())
                    .collect(),
            };
            let mut all = Vec::new();
            for id in ids {
                for c in lib.conflicts(id)? {
                    all.push((id.to_string(), c));
                }
            }
            if json {
                let list: Vec<_> = all
                    .iter()
                    .map(|(d, c)| serde_json::json!({ "document": d, "conflict": c }))
                    .collect();
                return out(&(serde_json::to_string_pretty(&list)? + "\n"));
            }
            let mut s = String::new();
            for (d, c) in &all {
                s.push_str(&format!("{}  {}\n", &d[..8], c.field));
                for (i, v) in c.values.iter().enumerate() {
                    let mark = if i == 0 { "shown" } else { "     " };
                    s.push_str(&format!("    {mark} {}  {}\n", v.op, v.value));
                }
            }
            out(&s)
        }
        Command::Resolve { id, field, keep } => {
            let mut lib = library(cli.library)?;
            let id = lib.resolve(&id)?;
            lib.resolve_conflict(id, &field, &keep)?;
            out("resolved\n")
        }
        Command::Export(args) => export::run(cli.library, *args),
        Command::Settings { key, value, unset } => {
            let mut lib = library(cli.library)?;
            out(&assets::settings(
                &mut lib,
                key.as_deref(),
                value.as_deref(),
                unset,
            )?)
        }
        Command::Assets {
            action: AssetsAction::Export { dir, ids, numbered },
        } => {
            let lib = library(cli.library)?;
            out(&assets::export(&lib, &dir, &ids, numbered)?)
        }
        Command::Media { action } => {
            let mut lib = library(cli.library)?;
            out(&match action {
                MediaAction::Attach {
                    id,
                    file,
                    copy,
                    share,
                } => media::attach(&mut lib, &id, &file, copy, share)?,
                MediaAction::Share { id, media } => {
                    media::share(&mut lib, &id, media.as_deref(), true)?
                }
                MediaAction::Unshare { id, media } => {
                    media::share(&mut lib, &id, media.as_deref(), false)?
                }
                MediaAction::List { id, json } => media::list(&lib, &id, json)?,
                MediaAction::Detach { id, media } => {
                    media::detach(&mut lib, &id, media.as_deref())?
                }
                MediaAction::Relink { id, file } => media::relink(&mut lib, &id, &file)?,
            })
        }
        Command::Templates { action } => export::templates(
            cli.library,
            action.unwrap_or(TemplatesAction::List { json: false }),
        ),
    }
}

/// Writes to a temporary file beside `path`, then renames it over: never a half-written file.
fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_file(path, bytes, force, true)
}

/// [`write_atomically`], with the flush to the disk before the rename optional (a batch
/// export of a thousand files would otherwise wait for a thousand disk flushes).
fn write_file(path: &Path, bytes: &[u8], force: bool, durable: bool) -> Result<()> {
    if path.exists() && !force {
        bail!("{} exists; pass --force to replace it", path.display());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Created with the default mode, so the export gets the permissions the user's umask
    // gives new files (a `tempfile` would be `-rw-------` whatever the umask). A name of
    // this process's own, created new: never someone else's file, never through a link.
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot write in {}", dir.display()));
            }
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
