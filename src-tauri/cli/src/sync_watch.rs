//! `roundtable sync --watch`: sync now, then again whenever the folder changes, the interval
//! passes or the machine wakes from sleep (`roundtable_core::sync::schedule`, shared with the
//! app). File events are only hints that something may have changed; the rescan decides, so
//! missed events (network shares) cost at most one interval. A failed pass is reported and
//! tried again after a back-off: a library locked by an import or a read-only folder passes.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Result;
use notify::{RecursiveMode, Watcher};
use roundtable_core::store::Library;
use roundtable_core::sync::schedule::{Schedule, Wake};
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
// The watcher's log of failures and recoveries goes to standard error, beside its reports.
#[allow(clippy::print_stderr)]
pub fn watch(lib: &mut Library, folder: &Path, interval: f64, json: bool) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let hint = tx.clone();
    // Without a watcher or its events (some network shares) the interval still rescans.
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only a hint: what changed is found by rescanning.
        if event.is_ok() {
            let _ = hint.send(());
        }
    })
    .ok()
    .and_then(|mut w| w.watch(folder, RecursiveMode::Recursive).ok().map(|()| w));
    if watcher.is_none() {
        eprintln!(
            "warning: cannot watch {} for changes; syncing every {interval} s",
            folder.display()
        );
    }
    let mut schedule = Schedule::new(Duration::from_secs_f64(interval.max(0.05)));
    loop {
        match sync(lib, folder) {
            Ok(report) => {
                if schedule.failures() > 0 {
                    eprintln!("sync works again");
                }
                schedule.succeeded();
                if report.ops_received + report.ops_sent > 0 || !report.warnings.is_empty() {
                    super::out(&describe(&report, json))?;
                }
            }
            Err(e) => {
                let again = schedule.failed();
                eprintln!(
                    "sync failed: {e}; trying again in {:.1} s",
                    again.as_secs_f64()
                );
            }
        }
        // `tx` lives as long as this loop, so the channel never closes under it.
        if schedule.wait(&rx) == Wake::Closed {
            drop(tx);
            return Ok(());
        }
    }
}
