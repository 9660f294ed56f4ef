//! The sync planner: a pure function from what the library has and what the folder holds
//! to the steps that bring them together. [`super::run`] carries the steps out.

use std::collections::{HashMap, HashSet};

use super::listing::{ListedFile, Listing};
use crate::store::VerifiedFile;

/// Most ops in one segment file.
pub const SEGMENT_OPS: u64 = 5_000;

/// What the library knows, as far as sync is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Local {
    /// This library's device id.
    pub device: String,
    /// Each device this library has written ops as, with the counters it holds.
    pub own: Vec<(String, Vec<(u64, u64)>)>,
    /// Segment files already verified, by path.
    pub verified: HashMap<String, VerifiedFile>,
    /// Asset names in the library's store.
    pub assets: Vec<String>,
    /// The time now, ms since the Unix epoch (to tell stale temporary files).
    pub now_ms: u64,
}

/// A temporary file of this device older than this was left by a sync that was killed
/// before its rename. A live write takes seconds; an hour leaves room for a slow network
/// share and for another process syncing this library at the same time (the command while
/// the app runs), whose temporary file must not vanish under it.
pub const STALE_TEMPORARY_MS: u64 = 60 * 60 * 1000;

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Read a new or changed segment file.
    Read(ListedFile),
    /// A verified file is no longer in the folder: forget it (its ops stay; a missing file
    /// never deletes anything).
    Forget(String),
    /// Write own ops `first..=last` of `device` as a segment (not in the folder, or gone).
    Write {
        /// The device.
        device: String,
        /// First counter.
        first: u64,
        /// Last counter.
        last: u64,
    },
    /// Write this device's record.
    WriteDeviceRecord,
    /// Copy an image from the library to the folder.
    ExportAsset(String),
    /// Copy an image from the folder to the library.
    ImportAsset(String),
    /// Remove a stale temporary file this device left (path inside the folder).
    RemoveTemporary(String),
}

/// The steps, reads first, then writes.
pub fn plan(local: &Local, listing: &Listing) -> Vec<Step> {
    let mut steps = Vec::new();
    let listed: HashSet<&str> = listing.segments.iter().map(|f| f.path.as_str()).collect();
    let mut gone: Vec<&String> = local
        .verified
        .keys()
        .filter(|p| !listed.contains(p.as_str()))
        .collect();
    gone.sort();
    steps.extend(gone.into_iter().map(|p| Step::Forget(p.clone())));

    // Files unchanged since they were verified count as covering their counters.
    let mut covered: HashMap<&str, Vec<(u64, u64)>> = HashMap::new();
    for f in &listing.segments {
        match local.verified.get(&f.path) {
            // Not a segment, and unchanged since: not read again (it may be huge).
            Some(v) if v.length == f.length && v.modified_ms == f.modified_ms && v.is_junk() => {}
            Some(v) if v.length == f.length && v.modified_ms == f.modified_ms && !v.was_junk() => {
                covered
                    .entry(v.device.as_str())
                    .or_default()
                    .push((v.first, v.last));
            }
            _ => steps.push(Step::Read(f.clone())),
        }
    }

    if !listing.devices.contains(&local.device) {
        steps.push(Step::WriteDeviceRecord);
    }
    for (device, held) in &local.own {
        let have = covered
            .get(device.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for (first, last) in uncovered(held, have) {
            let mut start = first;
            while start <= last {
                let end = last.min(start + SEGMENT_OPS - 1);
                steps.push(Step::Write {
                    device: device.clone(),
                    first: start,
                    last: end,
                });
                start = end + 1;
            }
        }
    }

    let there: HashSet<&str> = listing.assets.iter().map(String::as_str).collect();
    let here: HashSet<&str> = local.assets.iter().map(String::as_str).collect();
    steps.extend(
        local
            .assets
            .iter()
            .filter(|a| !there.contains(a.as_str()))
            .map(|a| Step::ExportAsset(a.clone())),
    );
    steps.extend(
        listing
            .assets
            .iter()
            .filter(|a| !here.contains(a.as_str()))
            .map(|a| Step::ImportAsset(a.clone())),
    );
    // Only this device's own temporaries, only stale ones: another device's may be a write
    // in progress there, and the sync tool would replicate our removal to it.
    steps.extend(
        listing
            .temporaries
            .iter()
            .filter(|t| local.own.iter().any(|(d, _)| *d == t.device))
            .filter(|t| t.modified_ms.saturating_add(STALE_TEMPORARY_MS) < local.now_ms)
            .map(|t| Step::RemoveTemporary(t.path.clone())),
    );
    steps
}

/// The parts of the `held` ranges that no `have` range covers.
pub fn uncovered(held: &[(u64, u64)], have: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut have = have.to_vec();
    have.sort();
    let mut out = Vec::new();
    for &(first, last) in held {
        let mut next = first;
        for &(a, b) in &have {
            if b < next || a > last {
                continue;
            }
            if a > next {
                out.push((next, a - 1));
            }
            next = next.max(b.saturating_add(1));
            if next > last {
                break;
            }
        }
        if next <= last {
            out.push((next, last));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(held: &[(u64, u64)], have: &[(u64, u64)], expected: &[(u64, u64)]) {
        assert_eq!(
            uncovered(held, have),
            expected,
            "held {held:?} have {have:?}"
        );
    }

    #[test]
    fn uncovered_table() {
        check(&[(1, 10)], &[], &[(1, 10)]);
        check(&[(1, 10)], &[(1, 10)], &[]);
        check(&[(1, 10)], &[(1, 4)], &[(5, 10)]);
        check(&[(1, 10)], &[(3, 4), (7, 8)], &[(1, 2), (5, 6), (9, 10)]);
        check(&[(1, 10)], &[(7, 8), (3, 4)], &[(1, 2), (5, 6), (9, 10)]);
        check(&[(1, 3), (8, 9)], &[(2, 8)], &[(1, 1), (9, 9)]);
        check(&[(5, 5)], &[(1, 100)], &[]);
        check(&[], &[(1, 2)], &[]);
    }

    fn file(path: &str, device: &str, length: u64) -> ListedFile {
        ListedFile {
            path: path.into(),
            device: device.into(),
            length,
            modified_ms: 7,
        }
    }

    fn verified(device: &str, first: u64, last: u64, length: u64) -> VerifiedFile {
        VerifiedFile {
            length,
            modified_ms: 7,
            device: device.into(),
            first,
            last,
        }
    }

    fn local(own: &[(u64, u64)], verified_files: &[(&str, VerifiedFile)]) -> Local {
        Local {
            device: "aa".into(),
            own: vec![("aa".into(), own.to_vec())],
            verified: verified_files
                .iter()
                .map(|(p, v)| ((*p).to_owned(), v.clone()))
                .collect(),
            assets: Vec::new(),
            now_ms: 10 * STALE_TEMPORARY_MS,
        }
    }

    #[test]
    fn plan_table() {
        let listing = |files: Vec<ListedFile>| Listing {
            segments: files,
            devices: vec!["aa".into()],
            ..Listing::default()
        };
        // A fresh folder: write everything.
        assert_eq!(
            plan(&local(&[(1, 3)], &[]), &listing(vec![])),
            vec![Step::Write {
                device: "aa".into(),
                first: 1,
                last: 3
            }]
        );
        // A peer's new file is read; own ops already there are not written again.
        let mine = file("s/aa/1", "aa", 10);
        let theirs = file("s/bb/1", "bb", 20);
        assert_eq!(
            plan(
                &local(&[(1, 3)], &[("s/aa/1", verified("aa", 1, 3, 10))]),
                &listing(vec![mine.clone(), theirs.clone()])
            ),
            vec![Step::Read(theirs.clone())]
        );
        // Own segment gone from the folder: forget it and write it again.
        assert_eq!(
            plan(
                &local(&[(1, 3)], &[("s/aa/1", verified("aa", 1, 3, 10))]),
                &listing(vec![])
            ),
            vec![
                Step::Forget("s/aa/1".into()),
                Step::Write {
                    device: "aa".into(),
                    first: 1,
                    last: 3
                }
            ]
        );
        // A file that changed since it was verified is read again and covers nothing yet.
        assert_eq!(
            plan(
                &local(&[(1, 3)], &[("s/aa/1", verified("aa", 1, 3, 10))]),
                &listing(vec![file("s/aa/1", "aa", 11)])
            ),
            vec![
                Step::Read(file("s/aa/1", "aa", 11)),
                Step::Write {
                    device: "aa".into(),
                    first: 1,
                    last: 3
                }
            ]
        );
        // Big backlogs are cut into segments.
        let steps = plan(&local(&[(1, SEGMENT_OPS + 1)], &[]), &listing(vec![]));
        assert_eq!(steps.len(), 2);
        // Own stale temporaries are removed; fresh ones and other devices' are left alone.
        let old = 10 * STALE_TEMPORARY_MS - STALE_TEMPORARY_MS - 1;
        let tmp = |path: &str, device: &str, modified_ms: u64| ListedFile {
            modified_ms,
            ..file(path, device, 1)
        };
        let with_temporaries = Listing {
            temporaries: vec![
                tmp("s/aa/.1.ops.7.tmp", "aa", old),
                tmp("s/aa/.2.ops.7.tmp", "aa", old + 2),
                tmp("s/bb/.1.ops.7.tmp", "bb", old),
            ],
            ..listing(vec![])
        };
        assert_eq!(
            plan(&local(&[], &[]), &with_temporaries),
            vec![Step::RemoveTemporary("s/aa/.1.ops.7.tmp".into())]
        );
        // A file found to be junk is not read again until it changes.
        let junk = file("s/bb/x.ops", "bb", 500);
        let remembered = local(&[], &[("s/bb/x.ops", VerifiedFile::junk(500, 7))]);
        assert_eq!(plan(&remembered, &listing(vec![junk.clone()])), vec![]);
        let grown = file("s/bb/x.ops", "bb", 501);
        assert_eq!(
            plan(&remembered, &listing(vec![grown.clone()])),
            vec![Step::Read(grown)]
        );
        // Judged by an older build: read again.
        let older = VerifiedFile {
            device: "junk/0.0.1".into(),
            ..VerifiedFile::junk(500, 7)
        };
        assert_eq!(
            plan(
                &local(&[], &[("s/bb/x.ops", older)]),
                &listing(vec![junk.clone()])
            ),
            vec![Step::Read(junk)]
        );
        // No device record yet.
        let bare = Listing::default();
        assert_eq!(plan(&local(&[], &[]), &bare), vec![Step::WriteDeviceRecord]);
    }
}
