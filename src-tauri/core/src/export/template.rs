//! Templates: minijinja files that escape every value by default. The built-ins are
//! embedded; a library's `templates/` folder adds its own (or replaces a built-in by
//! using its name; the built-in stays reachable as `builtin/<name>`).
//!
//! A template's extension says what it writes and how values are escaped: `.html` (HTML
//! escaping) or `.md` (Markdown escaping, the same as the Markdown exporter's).

use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use ts_rs::TS;

use super::{ExportError, View, escape_markdown};

const ARTICLE: &str = include_str!("templates/article.html");
const WECHAT: &str = include_str!("templates/wechat.html");

/// The built-in templates: (name, source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("article.html", ARTICLE),
    ("transcript.html", ARTICLE),
    ("wechat.html", WECHAT),
];

/// What a template writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    /// HTML (values HTML-escaped).
    Html,
    /// Markdown (values Markdown-escaped).
    Markdown,
}

impl TemplateKind {
    /// The kind a template name's extension says, if any.
    pub fn of(name: &str) -> Option<TemplateKind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            Some(TemplateKind::Html)
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Some(TemplateKind::Markdown)
        } else {
            None
        }
    }
}

/// One template as listed by `roundtable templates` and the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TemplateInfo {
    /// The name to pass to `--template`.
    pub name: String,
    /// HTML or Markdown.
    pub kind: TemplateKind,
    /// The file, for a template from the library's folder; `None` for a built-in.
    pub path: Option<String>,
}

/// A set of compiled templates.
pub struct Templates {
    env: Environment<'static>,
    infos: Vec<TemplateInfo>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.infos)
            .finish()
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    // Printing a missing value is an error (a typo names itself); testing one is not.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(|name| match TemplateKind::of(name) {
        Some(TemplateKind::Markdown) => AutoEscape::Custom("markdown".into()),
        _ => AutoEscape::Html,
    });
    env.set_formatter(|out, state, value| {
        // `none` prints nothing (Jinja would print "none").
        if value.is_none() {
            return Ok(());
        }
        match state.auto_escape() {
            AutoEscape::Custom(kind) if kind == "markdown" => {
                let text = match value.as_str() {
                    Some(s) if value.is_safe() => s.to_owned(),
                    Some(s) => escape_markdown(s),
                    None => escape_markdown(&value.to_string()),
                };
                out.write_str(&text).map_err(minijinja::Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        }
    });
    env
}

fn template_error(file: &str, e: &minijinja::Error) -> ExportError {
    let mut problem = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_owned);
    if let Some(name) = e.name()
        && name != file
        && !file.ends_with(name)
    {
        problem = format!("{problem} (in {name})");
    }
    ExportError::Template {
        file: file.to_owned(),
        line: e.line(),
        problem,
    }
}

impl Templates {
    /// Only the built-in templates.
    pub fn builtin() -> Templates {
        let mut env = environment();
        let mut infos = Vec::new();
        for (name, source) in BUILTIN {
            // The built-ins are tested to compile; a failure would be a build bug.
            let _ = env.add_template(name, source);
            let _ = env.add_template_owned(format!("builtin/{name}"), *source);
            infos.push(TemplateInfo {
                name: (*name).to_owned(),
                kind: TemplateKind::of(name).unwrap_or(TemplateKind::Html),
                path: None,
            });
        }
        Templates { env, infos }
    }

    /// The built-ins plus every `.html` and `.md` file in `dir` (a missing folder has
    /// none). A template that does not compile is an error naming its file and line.
    pub fn load_dir(dir: &Path) -> Result<Templates, ExportError> {
        let mut templates = Templates::builtin();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(templates),
            Err(source) => {
                return Err(ExportError::Io {
                    path: dir.display().to_string(),
                    source,
                });
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files {
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if name.starts_with('.') || TemplateKind::of(&name).is_none() {
                continue;
            }
            let source = std::fs::read_to_string(&path).map_err(|source| ExportError::Io {
                path: path.display().to_string(),
                source,
            })?;
            templates.add(&name, source, Some(&path))?;
        }
        Ok(templates)
    }

    /// Adds (or replaces) a template from text; `path` is the file it came from, for
    /// listings and errors.
    pub fn add(
        &mut self,
        name: &str,
        source: String,
        path: Option<&Path>,
    ) -> Result<(), ExportError> {
        let kind = TemplateKind::of(name).ok_or_else(|| ExportError::Template {
            file: name.to_owned(),
            line: None,
            problem: "a template's name must end in .html or .md".into(),
        })?;
        let file = path.map_or_else(|| name.to_owned(), |p| p.display().to_string());
        self.env
            .add_template_owned(name.to_owned(), source)
            .map_err(|e| template_error(&file, &e))?;
        self.infos.retain(|i| i.name != name);
        self.infos.push(TemplateInfo {
            name: name.to_owned(),
            kind,
            path: path.map(|p| p.display().to_string()),
        });
        self.infos.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(())
    }

    /// Every template, by name.
    pub fn list(&self) -> &[TemplateInfo] {
        &self.infos
    }

    /// The template called `name`.
    pub fn info(&self, name: &str) -> Option<&TemplateInfo> {
        self.infos.iter().find(|i| i.name == name)
    }

    /// The source of a built-in template (what `templates copy` writes).
    pub fn builtin_source(name: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    /// Renders template `name` with `view` as its context.
    pub fn render(&self, name: &str, view: &View) -> Result<String, ExportError> {
        let file = self
            .info(name)
            .map(|i| i.path.clone().unwrap_or_else(|| i.name.clone()))
            .ok_or_else(|| ExportError::Template {
                file: name.to_owned(),
                line: None,
                problem: format!(
                    "no such template; available: {}",
                    self.infos
                        .iter()
                        .map(|i| i.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&file, &e))?;
        template
            .render(Value::from(Serde(view)))
            .map_err(|e| template_error(&file, &e))
    }
}
