//! What sync needs from the library: this device's ops by counter, the segment files
//! already verified, and a new device id when a cloned library is found.

use std::collections::HashMap;

use rusqlite::params;
use uuid::Uuid;

use super::{Library, StoreError, commit, log, meta_get, meta_set};
use crate::ops::Op;

/// A segment file that was read and verified: if it is still there with this length and
/// time, it need not be read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedFile {
    /// Length in bytes.
    pub length: u64,
    /// Modification time, ms since the Unix epoch.
    pub modified_ms: u64,
    /// The device whose ops it holds.
    pub device: String,
    /// First op counter in it.
    pub first: u64,
    /// Last op counter in it.
    pub last: u64,
}

/// The device recorded for a file of the folder that is not a segment this build reads.
/// It names the version that judged it: a newer Roundtable reads the file again.
const JUNK: &str = concat!("junk/", env!("CARGO_PKG_VERSION"));

impl VerifiedFile {
    /// A file found not to be a segment (a stray video, a segment of a newer format),
    /// remembered by its length and time so that it is not read again until it changes.
    pub fn junk(length: u64, modified_ms: u64) -> VerifiedFile {
        VerifiedFile {
            length,
            modified_ms,
            device: JUNK.into(),
            first: 0,
            last: 0,
        }
    }

    /// Whether this build found the file to be junk (see [`VerifiedFile::junk`]).
    pub fn is_junk(&self) -> bool {
        self.device == JUNK
    }

    /// Whether some build (this one or an older one) found the file to be junk.
    pub fn was_junk(&self) -> bool {
        self.device.starts_with("junk/")
    }
}

impl Library {
    /// How many ops this device has made (its ops are counters 1..=this).
    pub fn counter(&self) -> Result<u64, StoreError> {
        log::next_counter_base(&self.conn, &self.device)
    }

    /// Ops of `device` with counters in `first..=last`, in counter order.
    pub fn ops_of_device(
        &self,
        device: &str,
        first: u64,
        last: u64,
    ) -> Result<Vec<Op>, StoreError> {
        log::read_device(&self.conn, device, first, last)
    }

    /// The counters of `device` held in this library, as inclusive ranges.
    pub fn counter_ranges(&self, device: &str) -> Result<Vec<(u64, u64)>, StoreError> {
        log::counter_ranges(&self.conn, device)
    }

    /// Segment files of `folder` read and verified so far, by path inside the folder.
    pub fn verified_files(
        &self,
        folder: &str,
    ) -> Result<HashMap<String, VerifiedFile>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, length, modified_ms, device, first, last FROM sync_files WHERE folder = ?1",
        )?;
        let rows = stmt.query_map([folder], |r| {
            Ok((
                r.get::<_, String>(0)?,
                VerifiedFile {
                    length: r.get::<_, i64>(1)? as u64,
                    modified_ms: r.get::<_, i64>(2)? as u64,
                    device: r.get(3)?,
                    first: r.get::<_, i64>(4)? as u64,
                    last: r.get::<_, i64>(5)? as u64,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Remembers that `path` in `folder` was read and verified.
    pub fn record_verified(
        &self,
        folder: &str,
        path: &str,
        f: &VerifiedFile,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_files (folder, path, length, modified_ms, device, first, last)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (folder, path) DO UPDATE SET length = excluded.length,
                modified_ms = excluded.modified_ms, device = excluded.device,
                first = excluded.first, last = excluded.last",
            params![
                folder,
                path,
                f.length as i64,
                f.modified_ms as i64,
                f.device,
                f.first as i64,
                f.last as i64
            ],
        )?;
        Ok(())
    }

    /// Forgets verified files no longer in the folder.
    pub fn forget_verified(&self, folder: &str, path: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM sync_files WHERE folder = ?1 AND path = ?2",
            params![folder, path],
        )?;
        Ok(())
    }

    /// The sync folder this library is linked to, if any.
    pub fn sync_folder(&self) -> Result<Option<String>, StoreError> {
        meta_get(&self.conn, "sync_folder")
    }

    /// Links this library to a sync folder.
    pub fn set_sync_folder(&self, folder: &str) -> Result<(), StoreError> {
        meta_set(&self.conn, "sync_folder", folder)
    }

    /// Gives this library a new device id: done when another library is found writing under
    /// ours (a copied library file). Our earlier ops keep the old id; new ones use the new
    /// one, and the counter starts again at 1 for it.
    pub fn new_device_id(&mut self) -> Result<String, StoreError> {
        let id = Uuid::new_v4().simple().to_string();
        let mut own = self.own_devices()?;
        own.push(id.clone());
        let tx = self.conn.transaction()?;
        meta_set(&tx, "device", &id)?;
        meta_set(&tx, "counter", "0")?;
        meta_set(
            &tx,
            "own_devices",
            &serde_json::to_string(&own).unwrap_or_default(),
        )?;
        commit(tx)?;
        self.device = id.clone();
        Ok(id)
    }

    /// Every device id this library has written ops as: its id, earlier ids, and ids its
    /// ops were re-keyed to. Sync writes the ops of these devices to the folder.
    pub fn own_devices(&self) -> Result<Vec<String>, StoreError> {
        let mut own: Vec<String> = meta_get(&self.conn, "own_devices")?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default();
        if !own.contains(&self.device) {
            own.push(self.device.clone());
        }
        Ok(own)
    }

    /// Adds ops read from a sync folder. An op whose id is already here with other content
    /// means two libraries wrote under one device id (a copied library file): both versions
    /// are re-keyed to `<device>~<hash of the op>` — the same on every replica — so neither
    /// is lost, and if the id is ours this library takes a new one. Returns how many ops
    /// were new and whether our id had to change.
    pub fn ingest_foreign(&mut self, ops: Vec<Op>) -> Result<(usize, bool), StoreError> {
        let mut incoming = Vec::with_capacity(ops.len());
        let mut rekeyed_docs = Vec::new();
        let mut ours_cloned = false;
        // Look up only the ops whose ids are already here (rare): most are simply new.
        let mut here: HashMap<String, std::collections::HashSet<u64>> = HashMap::new();
        let mut spans: HashMap<&str, (u64, u64)> = HashMap::new();
        for op in &ops {
            let e = spans
                .entry(op.id.device.as_str())
                .or_insert((op.id.counter, op.id.counter));
            e.0 = e.0.min(op.id.counter);
            e.1 = e.1.max(op.id.counter);
        }
        for (device, (first, last)) in spans {
            here.insert(
                device.to_owned(),
                log::present(&self.conn, device, first, last)?,
            );
        }
        // Devices with re-keyed ops here (rare): a clash found elsewhere must be applied here
        // too, or one op would live on under two ids.
        let rekeyed_here: std::collections::HashSet<String> = log::rekeyed_devices(&self.conn)?;
        for mut op in ops {
            if let Some((plain, _)) = op.id.device.split_once('~') {
                // Re-keyed by a replica that saw a clash: if we hold the same op under its
                // plain id, it takes the re-keyed id here too.
                if let Some(local) = log::read_one(&self.conn, plain, op.id.counter)?
                    && same_content(&local, &op)
                    && rekeyed(&local) == op.id.device
                {
                    log::rekey(&self.conn, plain, op.id.counter, &op.id.device)?;
                    self.note_own_rekey(plain, &op.id.device)?;
                    rekeyed_docs.push(local.doc);
                }
                incoming.push(op);
                continue;
            }
            if rekeyed_here
                .iter()
                .any(|d| d.split('~').next() == Some(op.id.device.as_str()))
            {
                let twin = rekeyed(&op);
                if rekeyed_here.contains(&twin)
                    && log::read_one(&self.conn, &twin, op.id.counter)?
                        .is_some_and(|t| same_content(&t, &op))
                {
                    // Known here under the id a clash gave it.
                    op.id.device = twin;
                    incoming.push(op);
                    continue;
                }
            }
            let known = here
                .get(&op.id.device)
                .is_some_and(|c| c.contains(&op.id.counter));
            // An op under our own id that we never made: another library writes as us (a
            // copy of this file, or ops forged in our name). It is kept, and we move to a new
            // id so that our next ops cannot collide with it or with what follows it.
            ours_cloned |= !known && op.id.device == self.device;
            let existing = if known {
                log::read_one(&self.conn, &op.id.device, op.id.counter)?
            } else {
                None
            };
            match existing {
                Some(local) if !same_content(&local, &op) => {
                    let local_key = rekeyed(&local);
                    log::rekey(&self.conn, &local.id.device, local.id.counter, &local_key)?;
                    ours_cloned |= local.id.device == self.device;
                    self.note_own_rekey(&local.id.device, &local_key)?;
                    rekeyed_docs.push(local.doc);
                    op.id.device = rekeyed(&op);
                    // Replicas that hold only one side never see the clash: we publish both
                    // re-keyed ops, and a replica holding either under its plain id re-keys
                    // it when the published one arrives.
                    self.publish(&local_key)?;
                    self.publish(&op.id.device)?;
                    incoming.push(op);
                }
                _ => incoming.push(op),
            }
        }
        let added = self.ingest(&incoming)?;
        if !rekeyed_docs.is_empty() {
            self.replay_documents(&rekeyed_docs)?;
        }
        if ours_cloned {
            self.new_device_id()?;
        }
        Ok((added, ours_cloned))
    }
}

impl Library {
    /// When one of our ops was re-keyed, the new id is ours too (sync writes its ops).
    fn note_own_rekey(&self, from: &str, to: &str) -> Result<(), StoreError> {
        if self.own_devices()?.iter().any(|d| d == from) {
            self.publish(to)?;
        }
        Ok(())
    }

    /// Makes sync write the ops of `device` to the folder (see [`Library::own_devices`]).
    fn publish(&self, device: &str) -> Result<(), StoreError> {
        let mut own = self.own_devices()?;
        if !own.iter().any(|d| d == device) {
            own.push(device.to_owned());
            meta_set(
                &self.conn,
                "own_devices",
                &serde_json::to_string(&own).unwrap_or_default(),
            )?;
        }
        Ok(())
    }
}

fn same_content(a: &Op, b: &Op) -> bool {
    a.hlc == b.hlc && a.doc == b.doc && a.batch == b.batch && a.kind == b.kind && a.pred == b.pred
}

/// `<device>~<first 8 hex digits of the SHA-256 of the op's content>`.
fn rekeyed(op: &Op) -> String {
    use sha2::{Digest, Sha256};
    let content = serde_json::to_string(&(&op.hlc, &op.doc, op.batch, &op.kind, &op.pred))
        .unwrap_or_default();
    let hash = Sha256::digest(content.as_bytes());
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    // Re-keying a re-keyed id again keeps one suffix.
    let base = op.id.device.split('~').next().unwrap_or(&op.id.device);
    format!("{base}~{hex}")
}
