//! `roundtable sync --watch`: sync now, then again whenever the folder changes or the
//! interval passes. File events are only hints that something may have changed; the
//! rescan decides, so missed events (network shares) cost at most one interval.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use roundtable_core::store::Library;
use roundtable_core::sync::{SyncReport, sync};

/// A report as one line of text, or as JSON.
pub fn describe(r: &SyncReport, json: bool) -> String {
    if json {
        return serde_json::to_string(r).unwrap_or_default() + "\n";
    }
    let mut s = format!(
        "received {} ops in {} segments, sent {} ops in {} segments, {} images copied, {} peers, {} pending\n",
        r.ops_received,
        r.segments_read,
        r.ops_sent,
        r.segments_written,
        r.assets_copied,
        r.peers.len(),
        r.pending.len()
    );
    for w in &r.warnings {
        s.push_str(&format!("warning: {w}\n"));
    }
    s
}

/// Syncs until interrupted.
pub fn watch(lib: &mut Library, folder: &Path, interval: f64, json: bool) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only a hint: what changed is found by rescanning.
        if event.is_ok() {
            let _ = tx.send(());
        }
    })
    .context("cannot watch the sync folder")?;
    // Without events (some network shares) the interval still rescans.
    let watching = watcher.watch(folder, RecursiveMode::Recursive).is_ok();
    let interval = Duration::from_secs_f64(interval.max(0.05));
    loop {
        let report = sync(lib, folder)?;
        if report.ops_received + report.ops_sent > 0 || !report.warnings.is_empty() {
            super::out(&describe(&report, json))?;
        }
        let woke = if watching {
            rx.recv_timeout(interval).is_ok()
        } else {
            std::thread::sleep(interval);
            false
        };
        if woke {
            // Let a burst of events (a sync tool writing several files) settle, then drain.
            std::thread::sleep(Duration::from_millis(100));
            while rx.try_recv().is_ok() {}
        }
    }
}
