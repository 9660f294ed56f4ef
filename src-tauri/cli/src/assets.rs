//! `roundtable assets` and `roundtable settings`: the pictures of documents as files, and the
//! library's settings.

use std::path::Path;

use anyhow::{Context, Result, bail};
use roundtable_core::export::{numbered_pictures, safe_file_name};
use roundtable_core::store::Library;

use super::write_atomically;

/// Writes the pictures of `ids` (every document when empty) into `dir`. Plain: named by
/// content (`<sha256>.<ext>`, as exports with an image base URL reference them), each once.
/// Numbered: one document's pictures in reading order, `01-<caption>.<ext>`, for an editor
/// inserting them by hand. Returns a line for the user.
pub(crate) fn export(lib: &Library, dir: &Path, ids: &[String], numbered: bool) -> Result<String> {
    let docs = if ids.is_empty() {
        if numbered {
            bail!("--numbered names the pictures of one document: give its id");
        }
        lib.list()?
            .into_iter()
            .map(|d| {
                d.id.parse()
                    .context("a document id in the library is not a UUID")
            })
            .collect::<Result<Vec<_>>>()?
    } else {
        ids.iter()
            .map(|id| lib.resolve(id).map_err(Into::into))
            .collect::<Result<Vec<_>>>()?
    };
    if numbered && docs.len() > 1 {
        bail!("--numbered names the pictures of one document; give one id");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = 0;
    let mut missing = 0;
    for id in docs {
        let doc = lib.document(id)?;
        // Plain: named by content, as exports with an image base URL reference them.
        let files = numbered_pictures(&doc).into_iter().map(|p| {
            let file = if numbered {
                p.file_name
            } else {
                safe_file_name(&p.asset, "image", "")
            };
            (p.asset, file)
        });
        for (name, file) in files {
            let Ok((bytes, _)) = lib.asset(&name) else {
                missing += 1;
                continue;
            };
            let target = dir.join(&file);
            if !numbered && target.exists() {
                // Named by content: a file of that name already holds these bytes.
                continue;
            }
            write_atomically(&target, &bytes, true)?;
            written += 1;
        }
    }
    let mut line = format!(
        "wrote {written} picture{} to {}",
        if written == 1 { "" } else { "s" },
        dir.display()
    );
    if missing > 0 {
        line.push_str(&format!(
            " ({missing} missing from this library: sync, then try again)"
        ));
    }
    Ok(line + "\n")
}

/// Prints or changes a setting.
pub(crate) fn settings(
    lib: &mut Library,
    key: Option<&str>,
    value: Option<&str>,
    unset: bool,
) -> Result<String> {
    match key {
        None => Ok(format!(
            "image-base-url = {}\n",
            lib.image_base_url()?.unwrap_or_default()
        )),
        Some("image-base-url") => {
            if unset {
                lib.set_image_base_url(None)?;
            } else if let Some(v) = value {
                lib.set_image_base_url(Some(v))?;
            }
            Ok(format!("{}\n", lib.image_base_url()?.unwrap_or_default()))
        }
        Some(other) => bail!("no setting {other:?}; the settings are: image-base-url"),
    }
}
