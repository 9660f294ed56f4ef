//! `roundtable export` and `roundtable templates`.

use std::collections::HashSet;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use roundtable_core::Document;
use roundtable_core::export::{
    AssetSource, ExportFormat, ExportOptions, ImageMode, LabelForm, NoAssets, Stranded, Style,
    TemplateKind, Templates, render, safe_file_name, stranded_pictures,
};
use roundtable_core::model::Block;
use roundtable_core::store::{Base, Library, StoreError, default_library_path, json_with_base};

use super::{
    ExportArgs, TemplatesAction, library, out, read, reading_args, report, terminal_safe, warn,
    write_atomically, write_file,
};

/// The library's templates folder: `templates/` beside the library file.
fn templates_dir(library_path: Option<&Path>) -> Option<PathBuf> {
    let path = library_path
        .map(Path::to_path_buf)
        .or_else(default_library_path)?;
    Some(
        path.parent()
            .map_or_else(|| PathBuf::from("templates"), |d| d.join("templates")),
    )
}

fn load_templates(library_path: Option<&Path>) -> Result<Templates> {
    match templates_dir(library_path) {
        Some(dir) => Ok(Templates::load_dir(&dir)?),
        None => Ok(Templates::builtin()),
    }
}

/// `2025-03-14` for a time in ms since the Unix epoch (UTC).
fn iso_date(ms: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = (ms / 86_400_000) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn options(args: &ExportArgs) -> Result<ExportOptions> {
    let style = Style::from_name(&args.style).ok_or_else(|| {
        anyhow!(
            "unknown style {:?}; use article, transcript or wechat",
            args.style
        )
    })?;
    let timecodes = match args.timecodes.as_deref() {
        None => None,
        Some("on" | "yes" | "true") => Some(true),
        Some("off" | "no" | "false") => Some(false),
        Some(other) => bail!("--timecodes takes on or off, not {other:?}"),
    };
    let labels = args
        .labels
        .as_deref()
        .map(|l| {
            LabelForm::from_name(l).ok_or_else(|| {
                anyhow!("unknown label form {l:?}; use name, name-role, role, full or host-role")
            })
        })
        .transpose()?;
    let images = match args.images.as_str() {
        "folder" => ImageMode::Folder,
        "embed" => ImageMode::Embed,
        other => bail!("--images takes folder or embed, not {other:?}"),
    };
    if let Some(url) = args.image_base_url.as_deref()
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        bail!("--image-base-url takes an https:// or http:// URL, not {url:?}");
    }
    Ok(ExportOptions {
        style,
        timecodes,
        topics: args.only_topic.clone(),
        labels,
        front_matter: args.front_matter,
        images,
        date: args.date.clone(),
        image_base_url: args.image_base_url.clone(),
        wechat_title: args.wechat_title,
        empty_image_slots: args.empty_image_slots,
    })
}

/// The warning for `n` pictures that will not reach the reader (see [`stranded_pictures`]).
fn warning_text(why: Stranded, n: usize) -> String {
    let n = if n == 1 {
        "1 picture".to_owned()
    } else {
        format!("{n} pictures")
    };
    match why {
        Stranded::WebEditor => format!(
            "warning: {n} will not reach WeChat: its editor fetches pictures only from http(s) URLs. Set an image base URL (--image-base-url URL, or `roundtable settings image-base-url URL`) and upload the files `roundtable assets export DIR` writes there, or insert them by hand in order (`roundtable assets export DIR ID --numbered`)"
        ),
        Stranded::NoFolder => format!(
            "warning: {n} are linked as assets/… but no assets folder goes to standard output: export with -o FILE (the pictures are copied beside it), or pass --images embed or --image-base-url URL"
        ),
    }
}

/// One document to export: where it came from, the document, its last edit.
struct Item {
    doc: Document,
    updated_ms: Option<u64>,
    from_library: bool,
    /// The version `doc` is, for a document from the library: a JSON export carries it so
    /// that `apply` changes only what was edited in the file.
    base: Option<Base>,
}

struct Exporter<'a> {
    format: ExportFormat,
    options: ExportOptions,
    template: Option<String>,
    templates: Templates,
    lib: Option<&'a Library>,
}

impl Exporter<'_> {
    fn assets(&self, item: &Item) -> &dyn AssetSource {
        match self.lib {
            Some(lib) if item.from_library => lib,
            _ => &NoAssets,
        }
    }

    fn render(&self, item: &Item) -> Result<Vec<u8>> {
        if let (ExportFormat::Json, None, Some(base)) = (self.format, &self.template, &item.base) {
            return Ok((json_with_base(&item.doc, base) + "\n").into_bytes());
        }
        let mut options = self.options.clone();
        if options.date.is_none() {
            options.date = item.updated_ms.map(iso_date);
        }
        Ok(render(
            &item.doc,
            self.format,
            &options,
            self.template.as_deref(),
            &self.templates,
            self.assets(item),
        )?)
    }

    /// Copies the images `item` links to into `dir/assets/` (only when they are linked,
    /// not embedded, and the format links files).
    fn copy_assets(&self, item: &Item, dir: &Path) -> Result<usize> {
        let links = matches!(
            self.format,
            ExportFormat::Markdown | ExportFormat::Html | ExportFormat::WechatHtml
        ) && self.options.images == ImageMode::Folder;
        let Some(lib) = self.lib.filter(|_| links && item.from_library) else {
            return Ok(0);
        };
        let mut copied = 0;
        for b in &item.doc.blocks {
            let Block::Image {
                asset: Some(name), ..
            } = b
            else {
                continue;
            };
            // Asset names are content hashes: a file of that name already holds these bytes.
            let file_name = safe_file_name(name, "image", "");
            if file_name != *name {
                continue;
            }
            let target = dir.join("assets").join(&file_name);
            if target.exists() {
                continue;
            }
            if let Ok((bytes, _)) = lib.asset(name) {
                std::fs::create_dir_all(dir.join("assets"))
                    .with_context(|| format!("cannot create {}", dir.join("assets").display()))?;
                write_atomically(&target, &bytes, true)?;
                copied += 1;
            }
        }
        Ok(copied)
    }
}

fn resolve_template(name: Option<&str>, templates: &mut Templates) -> Result<Option<String>> {
    let Some(name) = name else {
        return Ok(None);
    };
    let path = Path::new(name);
    if templates.info(name).is_none() && path.is_file() {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| anyhow!("{name}: not a template file name"))?;
        if TemplateKind::of(file_name).is_none() {
            bail!("{name}: a template's name must end in .html or .md");
        }
        let source =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
        let key = format!("file:{file_name}");
        templates.add(&key, source, Some(path))?;
        return Ok(Some(key));
    }
    if templates.info(name).is_none() {
        bail!("no template {name:?}; `roundtable templates` lists them (or pass a file path)");
    }
    Ok(Some(name.to_owned()))
}

pub(crate) fn run(library_path: Option<PathBuf>, args: ExportArgs) -> Result<()> {
    let format = ExportFormat::from_name(&args.format).ok_or_else(|| {
        anyhow!(
            "unknown export format {:?}; use md, html, wechat-html, docx or json",
            args.format
        )
    })?;
    let mut options = options(&args)?;
    let how = reading_args(args.from.as_deref(), args.encoding.as_deref())?;
    let mut templates = load_templates(library_path.as_deref())?;
    let template = resolve_template(args.template.as_deref(), &mut templates)?;
    let batch = args.all
        || !args.topic.is_empty()
        || args.sources.len() > 1
        || args.output.as_deref().is_some_and(Path::is_dir);
    if args.sources.is_empty() && !args.all && args.topic.is_empty() {
        bail!("nothing to export: name documents or files, or pass --all or --topic TAG");
    }

    // Files convert without the library; anything else needs it.
    let needs_library =
        args.all || !args.topic.is_empty() || args.sources.iter().any(|s| !Path::new(s).is_file());
    let lib = if needs_library {
        Some(library(library_path.clone())?)
    } else {
        None
    };
    if options.image_base_url.is_none()
        && let Some(lib) = &lib
    {
        options.image_base_url = lib.image_base_url()?;
    }
    let summaries = match &lib {
        Some(lib) => lib.list()?,
        None => Vec::new(),
    };
    let updated = |id: &str| summaries.iter().find(|d| d.id == id).map(|d| d.updated_ms);

    // What to export, in order, each once.
    let mut ids: Vec<String> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if args.all {
        ids.extend(summaries.iter().map(|d| d.id.clone()));
    }
    if !args.topic.is_empty() {
        ids.extend(
            summaries
                .iter()
                .filter(|d| d.topics.iter().any(|t| args.topic.contains(t)))
                .map(|d| d.id.clone()),
        );
    }
    for s in &args.sources {
        let path = Path::new(s);
        if path.is_file() {
            files.push(path.to_path_buf());
        } else if how.format.is_some() || how.encoding.is_some() {
            bail!("--from and --encoding apply to files, and {s:?} is not a file");
        } else if let Some(lib) = &lib {
            let id = lib
                .resolve(s)
                .with_context(|| format!("{s:?} is neither a file nor a document id"))?;
            ids.push(id.to_string());
        }
    }
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    if batch && ids.is_empty() && files.is_empty() {
        bail!("no documents to export");
    }

    let exporter = Exporter {
        format,
        options,
        template,
        templates,
        lib: lib.as_ref(),
    };
    let load = |i: usize| -> Result<Item> {
        if i < files.len() {
            let imported = read(&files[i], how)?;
            report(&files[i], &imported);
            Ok(Item {
                doc: imported.document,
                updated_ms: None,
                from_library: false,
                base: None,
            })
        } else {
            let id = &ids[i - files.len()];
            let lib = lib
                .as_ref()
                .ok_or_else(|| anyhow!("no library to read {id} from"))?;
            let uuid = lib.resolve(id)?;
            // The version before the document: an op arriving in between is then saved
            // again by `apply` rather than reverted.
            let base = lib.base(uuid)?;
            let missing = lib.missing_ops(uuid)?;
            if missing > 0 {
                warn(&format!(
                    "warning: {id} is incomplete: {missing} change(s) made on another device have not arrived yet; sync again before publishing it"
                ));
            }
            Ok(Item {
                doc: lib.document(uuid)?,
                updated_ms: updated(id),
                from_library: true,
                base: Some(base),
            })
        }
    };
    let total = files.len() + ids.len();

    if !batch {
        let item = load(0)?;
        let bytes = exporter.render(&item)?;
        // Only documents from the library have picture files.
        if item.from_library
            && let Some((why, n)) =
                stranded_pictures(&item.doc, format, &exporter.options, args.output.is_some())
        {
            warn(&warning_text(why, n));
        }
        return match &args.output {
            None => out_bytes(&bytes),
            Some(path) => {
                write_atomically(path, &bytes, args.force)?;
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                exporter.copy_assets(&item, dir)?;
                Ok(())
            }
        };
    }

    let dir = args
        .output
        .clone()
        .ok_or_else(|| anyhow!("exporting several documents needs a folder: -o DIR"))?;
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file; -o needs a folder for several documents",
            dir.display()
        );
    }
    // Load every document and name its file first: nothing is written if a name exists.
    let mut plan: Vec<(Item, PathBuf)> = Vec::with_capacity(total);
    let mut taken: HashSet<String> = HashSet::new();
    let ext = format.extension();
    // A document that cannot be read (a damaged library) does not stop the others: it is
    // listed at the end, and the command fails then.
    let mut unreadable: Vec<(String, anyhow::Error)> = Vec::new();
    for i in 0..total {
        let item = match load(i) {
            Ok(item) => item,
            Err(e) if i >= files.len() => {
                unreadable.push((ids[i - files.len()].clone(), e));
                continue;
            }
            Err(e) => return Err(e),
        };
        let short = item.doc.id.to_string()[..8].to_owned();
        let mut name = safe_file_name(&item.doc.title, &short, ext);
        if !taken.insert(name.to_lowercase()) {
            let stem = name.strip_suffix(&format!(".{ext}")).unwrap_or(&name);
            name = safe_file_name(&format!("{stem}-{short}"), &short, ext);
            taken.insert(name.to_lowercase());
        }
        plan.push((item, dir.join(name)));
    }
    if !args.force {
        let existing: Vec<&PathBuf> = plan.iter().map(|(_, p)| p).filter(|p| p.exists()).collect();
        if let Some(first) = existing.first() {
            bail!(
                "{} of the {} files exist already (e.g. {}); pass --force to replace them",
                existing.len(),
                plan.len(),
                first.display()
            );
        }
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stranded: Vec<(Stranded, usize)> = plan
        .iter()
        .filter(|(item, _)| item.from_library)
        .filter_map(|(item, _)| stranded_pictures(&item.doc, format, &exporter.options, true))
        .collect();
    if let Some(&(why, _)) = stranded.first() {
        warn(&warning_text(why, stranded.iter().map(|(_, n)| n).sum()));
    }
    let mut progress = Progress::new(plan.len());
    let mut images = 0;
    for (i, (item, path)) in plan.iter().enumerate() {
        let bytes = exporter
            .render(item)
            .with_context(|| format!("cannot export {}", item.doc.title))?;
        write_file(path, &bytes, true, false)?;
        images += exporter.copy_assets(item, &dir)?;
        progress.step(i + 1, path);
    }
    progress.finish(&dir, images);
    if unreadable.is_empty() {
        return Ok(());
    }
    let mut s = format!(
        "{} of the {total} documents could not be read and were not exported:\n",
        unreadable.len()
    );
    for (id, e) in &unreadable {
        let title = summaries
            .iter()
            .find(|d| &d.id == id)
            .map_or("", |d| d.title.as_str());
        s.push_str(&format!("    {}  {title}: {e:#}\n", &id[..8.min(id.len())]));
    }
    let _ = std::io::stderr()
        .lock()
        .write_all(terminal_safe(&s).as_bytes());
    // The library file's own check, once, when an error points at damage.
    let damage = unreadable.iter().any(|(_, e)| {
        e.chain()
            .filter_map(|c| c.downcast_ref::<StoreError>())
            .any(StoreError::suggests_damage)
    });
    if damage && let Some(lib) = &lib {
        let problems = lib.quick_check()?;
        let mut s = String::new();
        if problems.is_empty() {
            s.push_str("PRAGMA quick_check finds the file's structure sound: the damage is in those documents' rows\n");
        } else {
            s.push_str("PRAGMA quick_check finds the library file damaged:\n");
            for p in problems {
                s.push_str(&format!("    {p}\n"));
            }
        }
        let _ = std::io::stderr().lock().write_all(s.as_bytes());
    }
    bail!(
        "{} of {total} documents could not be read; the other {} are in {}",
        unreadable.len(),
        total - unreadable.len(),
        dir.display()
    )
}

/// A progress bar on standard error when it is a terminal, a line every tenth otherwise.
struct Progress {
    total: usize,
    tty: bool,
    err: std::io::Stderr,
    last_tenth: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let err = std::io::stderr();
        Progress {
            total,
            tty: err.is_terminal(),
            err,
            last_tenth: 0,
        }
    }

    fn step(&mut self, done: usize, path: &Path) {
        let mut err = self.err.lock();
        if self.tty {
            let width = 30;
            let filled = done * width / self.total.max(1);
            let name: String = path
                .file_name()
                .map(|n| n.to_string_lossy().chars().take(40).collect())
                .unwrap_or_default();
            let _ = write!(
                err,
                "\r\x1b[2K[{}{}] {done}/{} {name}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
            let _ = err.flush();
        } else {
            let tenth = done * 10 / self.total.max(1);
            if tenth > self.last_tenth || done == self.total {
                self.last_tenth = tenth;
                let _ = writeln!(err, "exported {done}/{}", self.total);
            }
        }
    }

    fn finish(&mut self, dir: &Path, images: usize) {
        let mut err = self.err.lock();
        if self.tty {
            let _ = writeln!(err);
        }
        let images = if images > 0 {
            format!(" and {images} images")
        } else {
            String::new()
        };
        let _ = writeln!(
            err,
            "wrote {} files{images} to {}",
            self.total,
            dir.display()
        );
    }
}

fn out_bytes(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub(crate) fn templates(library_path: Option<PathBuf>, action: TemplatesAction) -> Result<()> {
    match action {
        TemplatesAction::List { json } => {
            let templates = load_templates(library_path.as_deref())?;
            if json {
                return out(&(serde_json::to_string_pretty(templates.list())? + "\n"));
            }
            let mut s = String::new();
            for t in templates.list() {
                let kind = match t.kind {
                    TemplateKind::Html => "html",
                    TemplateKind::Markdown => "md",
                };
                let from = t.path.as_deref().unwrap_or("built-in");
                s.push_str(&format!("{:<24} {kind:<5} {from}\n", t.name));
            }
            if let Some(dir) = templates_dir(library_path.as_deref()) {
                s.push_str(&format!("\nyour templates go in {}\n", dir.display()));
            }
            out(&s)
        }
        TemplatesAction::Copy {
            name,
            as_name,
            force,
        } => {
            let source = Templates::builtin_source(&name).ok_or_else(|| {
                anyhow!("no built-in template {name:?}; `roundtable templates` lists them")
            })?;
            let target_name = as_name.unwrap_or_else(|| name.clone());
            if TemplateKind::of(&target_name) != TemplateKind::of(&name)
                || safe_file_name(&target_name, "", "") != target_name
            {
                bail!("{target_name:?}: keep the name a plain file name ending like {name}");
            }
            let dir = templates_dir(library_path.as_deref())
                .ok_or_else(|| anyhow!("no library folder; pass --library PATH"))?;
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let path = dir.join(&target_name);
            write_atomically(&path, source.as_bytes(), force)?;
            out(&format!("{}\n", path.display()))
        }
        TemplatesAction::Dir => {
            let dir = templates_dir(library_path.as_deref())
                .ok_or_else(|| anyhow!("no library folder; pass --library PATH"))?;
            out(&format!("{}\n", dir.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400_000), "2000-02-29");
        assert_eq!(iso_date(1_741_910_400_000), "2025-03-14");
    }
}
