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
    /// The recordings documents share with the team.
    pub recordings: Vec<LocalRecording>,
    /// SHA-256 of recordings known to have been unshared, that no document shares now.
    pub unshared: Vec<String>,
    /// The time now, ms since the Unix epoch (to tell stale temporary files).
    pub now_ms: u64,
}

/// A recording the team shares, as this library sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRecording {
    /// `<sha256>.<ext>`: its name in the folder.
    pub name: String,
    /// Size in bytes, as the share op says.
    pub size: u64,
    /// Whether this computer has the file (so it can send it).
    pub here: bool,
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
    /// Copy a shared recording this computer has into the folder (`media/<name>`): it is
    /// not there, or not whole.
    ExportRecording(String),
    /// Hash the folder's copy of a shared recording this computer has, not checked since it
    /// last changed; write it again if it is wrong.
    CheckRecording(ListedFile),
    /// Copy a shared recording from the folder into the library, checked by its hash.
    ImportRecording(ListedFile),
    /// A shared recording not here that has not arrived whole in the folder (or was
    /// refused): reported as pending (path inside the folder).
    AwaitRecording(String),
    /// Take the copy of a recording nobody shares any more out of the folder.
    RemoveRecording(String),
}

/// How a checked recording in the folder is remembered among the verified files.
pub const RECORDING_CHECKED: &str = "recording";

/// The steps, reads first, then writes.
pub fn plan(local: &Local, listing: &Listing) -> Vec<Step> {
    let mut steps = Vec::new();
    let listed: HashSet<&str> = listing
        .segments
        .iter()
        .chain(&listing.media)
        .map(|f| f.path.as_str())
        .collect();
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
    steps.extend(recording_steps(local, listing));
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

/// What to do about shared recordings: send those this computer has, fetch those it lacks,
/// check a copy in the folder once after it changes, and take out the unshared.
fn recording_steps(local: &Local, listing: &Listing) -> Vec<Step> {
    let mut steps = Vec::new();
    let in_folder = |name: &str| {
        listing.media.iter().find(|f| {
            f.path
                .strip_prefix(super::listing::MEDIA_DIR)
                .and_then(|p| p.strip_prefix('/'))
                == Some(name)
        })
    };
    let remembered = |f: &ListedFile| {
        local
            .verified
            .get(&f.path)
            .filter(|v| v.length == f.length && v.modified_ms == f.modified_ms)
    };
    for r in &local.recordings {
        let path = format!("{}/{}", super::listing::MEDIA_DIR, r.name);
        match (r.here, in_folder(&r.name)) {
            (true, None) => steps.push(Step::ExportRecording(r.name.clone())),
            (true, Some(f)) if f.length != r.size => {
                steps.push(Step::ExportRecording(r.name.clone()))
            }
            (true, Some(f)) => match remembered(f) {
                Some(v) if v.device == RECORDING_CHECKED => {}
                // Refused by this library (wrong content): write it again.
                Some(v) if v.is_junk() => steps.push(Step::ExportRecording(r.name.clone())),
                _ => steps.push(Step::CheckRecording(f.clone())),
            },
            (false, Some(f))
                if f.length == r.size && remembered(f).is_none_or(|v| !v.is_junk()) =>
            {
                steps.push(Step::ImportRecording(f.clone()))
            }
            (false, _) => steps.push(Step::AwaitRecording(path)),
        }
    }
    for sha in &local.unshared {
        steps.extend(
            listing
                .media
                .iter()
                .filter(|f| {
                    f.path
                        .strip_prefix(super::listing::MEDIA_DIR)
                        .and_then(|p| p.strip_prefix('/'))
                        .is_some_and(|n| n.split('.').next() == Some(sha.as_str()))
                })
                .map(|f| Step::RemoveRecording(f.path.clone())),
        );
    }
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
            recordings: Vec::new(),
            unshared: Vec::new(),
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

    #[test]
    fn recording_table() {
        let sha = "ab".repeat(32);
        let name = format!("{sha}.opus");
        let path = format!("media/{name}");
        let rec = |here: bool| LocalRecording {
            name: name.clone(),
            size: 100,
            here,
        };
        let with =
            |recordings: Vec<LocalRecording>, verified_files: &[(&str, VerifiedFile)]| Local {
                recordings,
                ..local(&[], verified_files)
            };
        let folder = |files: Vec<ListedFile>| Listing {
            media: files,
            devices: vec!["aa".into()],
            ..Listing::default()
        };
        let listed = |length: u64| ListedFile {
            path: path.clone(),
            device: String::new(),
            length,
            modified_ms: 7,
        };
        let checked = VerifiedFile {
            device: RECORDING_CHECKED.into(),
            ..VerifiedFile::junk(100, 7)
        };
        // Here and not in the folder, or not whole there: sent.
        for files in [vec![], vec![listed(40)]] {
            assert_eq!(
                plan(&with(vec![rec(true)], &[]), &folder(files)),
                vec![Step::ExportRecording(name.clone())]
            );
        }
        // Here and in the folder: checked once, then left alone; refused before: sent again.
        assert_eq!(
            plan(&with(vec![rec(true)], &[]), &folder(vec![listed(100)])),
            vec![Step::CheckRecording(listed(100))]
        );
        assert_eq!(
            plan(
                &with(vec![rec(true)], &[(&path, checked.clone())]),
                &folder(vec![listed(100)])
            ),
            vec![]
        );
        assert_eq!(
            plan(
                &with(vec![rec(true)], &[(&path, VerifiedFile::junk(100, 7))]),
                &folder(vec![listed(100)])
            ),
            vec![Step::ExportRecording(name.clone())]
        );
        // Not here: fetched when whole, awaited while it is not there, short, or refused.
        assert_eq!(
            plan(&with(vec![rec(false)], &[]), &folder(vec![listed(100)])),
            vec![Step::ImportRecording(listed(100))]
        );
        for files in [vec![], vec![listed(40)]] {
            assert_eq!(
                plan(&with(vec![rec(false)], &[]), &folder(files)),
                vec![Step::AwaitRecording(path.clone())]
            );
        }
        assert_eq!(
            plan(
                &with(vec![rec(false)], &[(&path, VerifiedFile::junk(100, 7))]),
                &folder(vec![listed(100)])
            ),
            vec![Step::AwaitRecording(path.clone())]
        );
        // Unshared: taken out of the folder; a recording nobody here knows is left alone.
        let unshared = Local {
            unshared: vec![sha.clone()],
            ..with(vec![], &[])
        };
        assert_eq!(
            plan(&unshared, &folder(vec![listed(100)])),
            vec![Step::RemoveRecording(path.clone())]
        );
        assert_eq!(plan(&with(vec![], &[]), &folder(vec![listed(100)])), vec![]);
        // A refused file that left the folder is forgotten.
        assert_eq!(
            plan(
                &with(vec![], &[(&path, VerifiedFile::junk(100, 7))]),
                &folder(vec![])
            ),
            vec![Step::Forget(path.clone())]
        );
    }
}
