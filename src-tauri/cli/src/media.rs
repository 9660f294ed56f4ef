//! `roundtable media`: the recordings attached to a document.

use std::path::Path;

use anyhow::{Context, Result};
use roundtable_core::store::{Library, MediaRef};

/// Attaches `file` to the document `id`; returns the line to print.
pub(crate) fn attach(
    lib: &mut Library,
    id: &str,
    file: &Path,
    copy: bool,
    share: bool,
) -> Result<String> {
    let doc = lib.resolve(id)?;
    let m = lib
        .attach_media(doc, file, copy)
        .with_context(|| format!("cannot attach {}", file.display()))?;
    let m = if share {
        lib.share_media(doc, &m.sha256)?
    } else {
        m
    };
    Ok(format!(
        "attached {} ({}{}){}{}\n",
        m.file_name,
        m.mime,
        duration(&m).map_or_else(String::new, |d| format!(", {d}")),
        if m.copied {
            " — copied into the library's media folder"
        } else {
            ""
        },
        if m.shared {
            " — shared with the team"
        } else {
            ""
        }
    ))
}

/// Shares (or stops sharing) the recording `key` names with the team.
pub(crate) fn share(lib: &mut Library, id: &str, key: Option<&str>, on: bool) -> Result<String> {
    let doc = lib.resolve(id)?;
    let m = lib.find_media(doc, key.unwrap_or(""))?;
    Ok(if on {
        let m = lib.share_media(doc, &m.sha256)?;
        format!(
            "sharing {} with the team: the next sync puts it in the shared folder\n",
            m.file_name
        )
    } else {
        let m = lib.unshare_media(doc, &m.sha256)?;
        format!(
            "stopped sharing {}: the next sync takes it out of the shared folder; teammates who received it keep their copy\n",
            m.file_name
        )
    })
}

/// The recordings of `id`, one a line (or JSON).
pub(crate) fn list(lib: &Library, id: &str, json: bool) -> Result<String> {
    let doc = lib.resolve(id)?;
    let all = lib.media(doc)?;
    if json {
        return Ok(serde_json::to_string_pretty(&all)? + "\n");
    }
    let mut s = String::new();
    for m in &all {
        s.push_str(&format!(
            "{}  {}  {}  {}{}{}{}\n",
            &m.sha256[..12],
            m.mime,
            size(m.size),
            if m.pending { &m.file_name } else { &m.path },
            duration(m).map_or_else(String::new, |d| format!("  {d}")),
            match (m.pending, m.available, m.copied) {
                (true, _, _) => "  NOT HERE YET (shared by a teammate; the next sync that finds it in the shared folder copies it)",
                (false, false, _) => "  MISSING (`roundtable media relink ID FILE` finds it by content)",
                (false, true, true) => "  (copy kept)",
                (false, true, false) => "",
            },
            if m.shared && !m.pending { "  SHARED" } else { "" }
        ));
    }
    Ok(s)
}

/// Detaches the recording `key` names (hash prefix or file name; the only one when empty).
pub(crate) fn detach(lib: &mut Library, id: &str, key: Option<&str>) -> Result<String> {
    let doc = lib.resolve(id)?;
    let m = lib.find_media(doc, key.unwrap_or(""))?;
    let m = lib.detach_media(doc, &m.sha256)?;
    Ok(format!("detached {}\n", m.file_name))
}

/// Points a moved recording's reference at `file`, when its content matches.
pub(crate) fn relink(lib: &mut Library, id: &str, file: &Path) -> Result<String> {
    let doc = lib.resolve(id)?;
    let m = lib.relink_media(doc, file)?;
    Ok(format!("found {} at {}\n", &m.sha256[..12], m.path))
}

fn duration(m: &MediaRef) -> Option<String> {
    let total = m.duration?.round() as u64;
    Some(format!(
        "{}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    ))
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
