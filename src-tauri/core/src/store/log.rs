//! Reading and appending the op log: the `ops` table, a row per run of ops.
//!
//! A run is ops of one device, document and batch with consecutive counters (an import, an
//! edit, a stretch of a peer's log): its row holds their ids' range, its oldest clock, and
//! their JSON compressed (see [`packed`]). Everything else reads ops through this module.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::projection::json;
use super::{StoreError, packed};
use crate::ops::{Hlc, Op, OpId, OpKind};

/// Ops of one document (or all), in replay order: hybrid clock, then op id.
pub(super) fn read(conn: &Connection, doc: Option<Uuid>) -> Result<Vec<Op>, StoreError> {
    let mut ops = match doc {
        Some(doc) => {
            let mut stmt =
                conn.prepare_cached("SELECT device, doc, batch, body FROM ops WHERE doc = ?1")?;
            runs(&mut stmt, params![doc.to_string()])?
        }
        None => {
            let mut stmt = conn.prepare_cached("SELECT device, doc, batch, body FROM ops")?;
            runs(&mut stmt, [])?
        }
    };
    ops.sort_by(|a, b| {
        (a.doc, a.hlc.wall, a.hlc.logical, &a.id.device, a.id.counter).cmp(&(
            b.doc,
            b.hlc.wall,
            b.hlc.logical,
            &b.id.device,
            b.id.counter,
        ))
    });
    Ok(ops)
}

/// The runs of device `?1` that can hold counters from `?2` on: from the one starting at or
/// before `?2` (the runs of a device do not overlap). Through the (device, first) key; a
/// condition on `last` instead made SQLite walk every earlier run of the device, for each
/// op stored (a cost that grew with the library).
const FROM_RUN_OF_FIRST: &str = "first >= COALESCE((SELECT MAX(first) FROM ops
    WHERE device = ?1 AND first <= ?2), 0)";

/// Ops of `device` with counters in `first..=last`, in counter order.
pub(super) fn read_device(
    conn: &Connection,
    device: &str,
    first: u64,
    last: u64,
) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT device, doc, batch, body FROM ops
             WHERE device = ?1 AND {FROM_RUN_OF_FIRST} AND first <= ?3 ORDER BY first"
    ))?;
    let mut ops = runs(&mut stmt, params![device, first as i64, last as i64])?;
    ops.retain(|op| (first..=last).contains(&op.id.counter));
    Ok(ops)
}

/// The counters of `device` held here, as inclusive ranges.
pub(super) fn counter_ranges(
    conn: &Connection,
    device: &str,
) -> Result<Vec<(u64, u64)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT first, last FROM ops WHERE device = ?1 ORDER BY first")?;
    let rows = stmt.query_map([device], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out: Vec<(u64, u64)> = Vec::new();
    for row in rows {
        let (first, last) = row?;
        let (first, last) = (first as u64, last as u64);
        match out.last_mut() {
            Some((_, end)) if *end + 1 >= first => *end = (*end).max(last),
            _ => out.push((first, last)),
        }
    }
    Ok(out)
}

/// One op of a run as the run's packed body holds it: what is not the run's own (device,
/// document, batch).
#[derive(Serialize)]
struct Entry<'a> {
    c: u64,
    h: Hlc,
    #[serde(skip_serializing_if = "<[OpId]>::is_empty")]
    p: &'a [OpId],
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<u64>,
    k: &'a OpKind,
}

/// [`Entry`] read back.
#[derive(Deserialize)]
struct OwnedEntry {
    c: u64,
    h: Hlc,
    #[serde(default)]
    p: Vec<OpId>,
    #[serde(default)]
    a: Option<u64>,
    k: OpKind,
}

/// The ops of the runs a statement selects (`device, doc, batch, body`), in run order.
fn runs(
    stmt: &mut rusqlite::CachedStatement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<Op>, StoreError> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Vec<u8>>(3)?,
        ))
    })?;
    let mut ops = Vec::new();
    for row in rows {
        let (device, doc, batch, body) = row?;
        unpack_run(&device, &doc, batch as u64, &body, &mut ops)?;
    }
    Ok(ops)
}

/// Appends the ops of one run to `out`.
fn unpack_run(
    device: &str,
    doc: &str,
    batch: u64,
    body: &[u8],
    out: &mut Vec<Op>,
) -> Result<(), StoreError> {
    let doc = Uuid::parse_str(doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let entries: Vec<OwnedEntry> = serde_json::from_slice(&packed::unpack(body)?)
        .map_err(|e| StoreError::Corrupt(format!("ops of {device} on {doc}: {e}")))?;
    out.extend(entries.into_iter().map(|e| Op {
        id: OpId {
            device: device.to_owned(),
            counter: e.c,
        },
        hlc: e.h,
        doc,
        batch,
        pred: e.p,
        after: e.a,
        kind: e.k,
    }));
    Ok(())
}

/// Appends the ops that are not here yet; says for each whether it was new. Ops of one
/// device, document and batch with consecutive counters are stored as one run: one row
/// whose body is their JSON, compressed. A row per op cost its device and document ids and
/// three index entries each, and the text uncompressed: the log was 2.3× the text it held.
pub(super) fn insert_all(conn: &Connection, ops: &[&Op]) -> Result<Vec<bool>, StoreError> {
    let mut new = vec![false; ops.len()];
    let mut seen: HashSet<(&str, u64)> = HashSet::new();
    let mut by_device: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, op) in ops.iter().enumerate() {
        if seen.insert((op.id.device.as_str(), op.id.counter)) {
            by_device.entry(op.id.device.as_str()).or_default().push(i);
        }
    }
    let mut fresh: Vec<usize> = Vec::new();
    for (device, indices) in by_device {
        let lo = indices
            .iter()
            .map(|&i| ops[i].id.counter)
            .min()
            .unwrap_or(0);
        let hi = indices
            .iter()
            .map(|&i| ops[i].id.counter)
            .max()
            .unwrap_or(0);
        let held = present(conn, device, lo, hi)?;
        for i in indices {
            if !held.contains(&ops[i].id.counter) {
                new[i] = true;
                fresh.push(i);
                if ops[i].id.device.contains('~') {
                    note_rekeyed(conn, &ops[i].id.device)?;
                }
            }
        }
    }
    fresh.sort_by_key(|&i| (&ops[i].id.device, ops[i].id.counter));
    let mut run: Vec<&Op> = Vec::new();
    for i in fresh {
        let op = ops[i];
        let joins = run.last().is_some_and(|prev| {
            prev.id.device == op.id.device
                && prev.id.counter + 1 == op.id.counter
                && prev.doc == op.doc
                && prev.batch == op.batch
        });
        if !joins && !run.is_empty() {
            write_run(conn, &run)?;
            run.clear();
        }
        run.push(op);
    }
    if !run.is_empty() {
        write_run(conn, &run)?;
    }
    Ok(new)
}

/// Appends ops this library just made (one batch): all of them, or none and an error
/// naming the first whose id the log already holds (a copied or forged log; the caller's
/// transaction is dropped, so nothing of the batch is written).
pub(super) fn append_made(conn: &Connection, ops: &[Op]) -> Result<(), StoreError> {
    let refs: Vec<&Op> = ops.iter().collect();
    let new = insert_all(conn, &refs)?;
    match ops.iter().zip(new).find(|(_, new)| !new) {
        Some((op, _)) => Err(StoreError::OpIdTaken {
            device: op.id.device.clone(),
            counter: op.id.counter,
        }),
        None => Ok(()),
    }
}

/// Writes one run: ops of one device, document and batch, with consecutive counters.
fn write_run(conn: &Connection, run: &[&Op]) -> Result<(), StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO ops (device, first, last, doc, batch, wall, logical, person, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let (first, last) = (run[0], run[run.len() - 1]);
    let oldest = run.iter().map(|op| op.hlc).min().unwrap_or(first.hlc);
    let entries: Vec<Entry<'_>> = run
        .iter()
        .map(|op| Entry {
            c: op.id.counter,
            h: op.hlc,
            p: &op.pred,
            a: op.after,
            k: &op.kind,
        })
        .collect();
    // Ops hold only strings, numbers and bools: serialization cannot fail.
    let body = serde_json::to_vec(&entries).unwrap_or_default();
    insert.execute(params![
        first.id.device,
        first.id.counter as i64,
        last.id.counter as i64,
        first.doc.to_string(),
        first.batch as i64,
        oldest.wall as i64,
        oldest.logical,
        run.iter().any(|op| op.kind.is_person_op()),
        packed::pack(&body),
    ])?;
    Ok(())
}

/// Turns the rows of the log as it was before runs (schema 15: a row per op, its payload
/// and predecessors as JSON text, in table `ops_rows`) into runs, and drops that table.
/// Part of migration 16, in its transaction.
pub(super) fn convert_rows(conn: &Connection) -> Result<(), StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'ops_rows')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(());
    }
    let mut stmt = conn.prepare(
        "SELECT device, counter, wall, logical, doc, batch, payload, pred, after FROM ops_rows
         ORDER BY device, counter",
    )?;
    let mut rows = stmt.query([])?;
    let mut chunk: Vec<Op> = Vec::new();
    while let Some(r) = rows.next()? {
        let doc: String = r.get(4)?;
        let op = Op {
            id: OpId {
                device: r.get(0)?,
                counter: r.get::<_, i64>(1)? as u64,
            },
            hlc: Hlc {
                wall: r.get::<_, i64>(2)? as u64,
                logical: r.get(3)?,
            },
            doc: Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            batch: r.get::<_, i64>(5)? as u64,
            kind: json(&r.get::<_, String>(6)?)?,
            pred: json(&r.get::<_, String>(7)?)?,
            after: r.get::<_, Option<i64>>(8)?.map(|a| a as u64),
        };
        // A run ends where the next op does not continue it; write what is done in
        // chunks so that a large log is not held whole.
        let ends = chunk.last().is_some_and(|prev| {
            prev.id.device != op.id.device
                || prev.id.counter + 1 != op.id.counter
                || prev.doc != op.doc
                || prev.batch != op.batch
        });
        if ends && chunk.len() >= 4096 {
            insert_all(conn, &chunk.iter().collect::<Vec<_>>())?;
            chunk.clear();
        }
        chunk.push(op);
    }
    insert_all(conn, &chunk.iter().collect::<Vec<_>>())?;
    drop(rows);
    drop(stmt);
    conn.execute_batch("DROP TABLE ops_rows")?;
    Ok(())
}

/// The last counter `device` used: the larger of the stored counter and the highest counter
/// of its ops in the log, so a new op never takes an id that ops received from a copy of
/// this library (or forged in its name) already hold.
pub(super) fn next_counter_base(conn: &Connection, device: &str) -> Result<u64, StoreError> {
    let stored: u64 = super::meta_get(conn, "counter")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // The runs of a device do not overlap: the last one by `first` ends highest. (`MAX(last)`
    // read every run of the device.)
    let logged: Option<i64> = conn
        .query_row(
            "SELECT last FROM ops WHERE device = ?1 ORDER BY first DESC LIMIT 1",
            [device],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.max(logged.unwrap_or(0) as u64))
}

/// A number that changes whenever `doc` gets a new op: the highest row id of its runs (a
/// run is written whole, and a re-keyed run is written anew).
pub(super) fn version(conn: &Connection, doc: Uuid) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM ops WHERE doc = ?1",
        [doc.to_string()],
        |r| r.get(0),
    )?)
}

/// A run's row id, document, batch and packed body.
type RunRow = (i64, String, i64, Vec<u8>);

/// The run holding op (`device`, `counter`).
fn run_of(conn: &Connection, device: &str, counter: u64) -> Result<Option<RunRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, doc, batch, body, last FROM ops WHERE device = ?1 AND first <= ?2
         ORDER BY first DESC LIMIT 1",
    )?;
    let row = stmt
        .query_row(params![device, counter as i64], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                r.get::<_, i64>(4)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|(run, last)| (last as u64 >= counter).then_some(run)))
}

/// The op with this id, if any.
pub(super) fn read_one(
    conn: &Connection,
    device: &str,
    counter: u64,
) -> Result<Option<Op>, StoreError> {
    let Some((_, doc, batch, body)) = run_of(conn, device, counter)? else {
        return Ok(None);
    };
    let mut ops = Vec::new();
    unpack_run(device, &doc, batch as u64, &body, &mut ops)?;
    Ok(ops.into_iter().find(|op| op.id.counter == counter))
}

/// Gives an op another device id (see `Library::ingest_foreign`): its run is written
/// again without it, in as many runs as the gap leaves, and the op as a run of its own.
pub(super) fn rekey(
    conn: &Connection,
    device: &str,
    counter: u64,
    to: &str,
) -> Result<(), StoreError> {
    let Some((seq, doc, batch, body)) = run_of(conn, device, counter)? else {
        return Ok(());
    };
    let mut ops = Vec::new();
    unpack_run(device, &doc, batch as u64, &body, &mut ops)?;
    conn.execute("DELETE FROM ops WHERE seq = ?1", [seq])?;
    for op in &mut ops {
        if op.id.counter == counter {
            op.id.device = to.to_owned();
        }
    }
    let (moved, stay): (Vec<&Op>, Vec<&Op>) = ops.iter().partition(|op| op.id.device == to);
    insert_all(conn, &stay)?;
    for op in moved {
        // The re-keyed id may already be taken by the same op received re-keyed elsewhere.
        if present(conn, to, counter, counter)?.is_empty() {
            write_run(conn, &[op])?;
        }
    }
    note_rekeyed(conn, to)
}

/// The device ids of re-keyed ops (`<device>~<hash>`) in the log. Kept in the library's
/// meta as they are made (received ones too, see `insert`), so a sync pass does not scan
/// the log for them; a library from before that is scanned once.
pub(super) fn rekeyed_devices(conn: &Connection) -> Result<HashSet<String>, StoreError> {
    if let Some(known) = super::meta_get(conn, "rekeyed_devices")? {
        return Ok(serde_json::from_str(&known).unwrap_or_default());
    }
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT device FROM ops WHERE instr(device, '~') > 0")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let all: HashSet<String> = rows.collect::<Result<_, _>>()?;
    super::meta_set(
        conn,
        "rekeyed_devices",
        &serde_json::to_string(&all).unwrap_or_default(),
    )?;
    Ok(all)
}

fn note_rekeyed(conn: &Connection, device: &str) -> Result<(), StoreError> {
    let mut all = rekeyed_devices(conn)?;
    if all.insert(device.to_owned()) {
        super::meta_set(
            conn,
            "rekeyed_devices",
            &serde_json::to_string(&all).unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// Where an op sorts in replay order.
pub(super) type OrderKey = (u64, u32, String, u64);

/// The replay-order key of an op.
pub(super) fn order_key(op: &Op) -> OrderKey {
    (
        op.hlc.wall,
        op.hlc.logical,
        op.id.device.clone(),
        op.id.counter,
    )
}

/// The replay-order key of the newest op of `doc`, if it has any.
pub(super) fn newest(conn: &Connection, doc: Uuid) -> Result<Option<OrderKey>, StoreError> {
    Ok(read(conn, Some(doc))?.last().map(order_key))
}

/// Which of `counters` of `device` are already in the log.
pub(super) fn present(
    conn: &Connection,
    device: &str,
    first: u64,
    last: u64,
) -> Result<HashSet<u64>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT first, last FROM ops WHERE device = ?1 AND {FROM_RUN_OF_FIRST} AND first <= ?3"
    ))?;
    let rows = stmt.query_map(params![device, first as i64, last as i64], |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
    })?;
    let mut held = HashSet::new();
    for row in rows {
        let (a, b) = row?;
        held.extend(a.max(first)..=b.min(last));
    }
    Ok(held)
}

/// The counter of the last op `device` made on `doc`, if any (an op's `after`).
pub(super) fn last_on_document(
    conn: &Connection,
    doc: Uuid,
    device: &str,
) -> Result<Option<u64>, StoreError> {
    // Through the document's index: left to itself, SQLite chose the (device, counter) key
    // for the MAX and walked back through every op of this device to find one of `doc`,
    // a scan of the whole log for each new document (35% of a bulk import at 1,000).
    Ok(conn
        .query_row(
            "SELECT MAX(last) FROM ops INDEXED BY ops_by_doc WHERE doc = ?1 AND device = ?2",
            params![doc.to_string(), device],
            |r| r.get::<_, Option<i64>>(0),
        )?
        .map(|c| c as u64))
}

/// How many ops `doc`'s ops name (as `after` or in `pred`) that are not here: the document
/// was received only partly. An op re-keyed after a clash (`<device>~<hash>`) still counts
/// as its plain id's.
pub(super) fn missing(conn: &Connection, doc: Uuid) -> Result<u64, StoreError> {
    fn plain(device: &str) -> &str {
        device.split_once('~').map_or(device, |(d, _)| d)
    }
    let ops = read(conn, Some(doc))?;
    // What the document holds, by plain id: almost every named op is one of these.
    let here: HashSet<(&str, u64)> = ops
        .iter()
        .map(|op| (plain(&op.id.device), op.id.counter))
        .collect();
    let mut named: HashSet<(&str, u64)> = HashSet::new();
    for op in &ops {
        if let Some(after) = op.after {
            named.insert((plain(&op.id.device), after));
        }
        for p in &op.pred {
            named.insert((plain(&p.device), p.counter));
        }
    }
    let mut elsewhere = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM ops WHERE (device = ?1 OR device LIKE ?1 || '~%')
           AND first <= ?2 AND last >= ?2)",
    )?;
    let mut count = 0;
    for (device, counter) in named {
        if here.contains(&(device, counter)) {
            continue;
        }
        let found: bool = elsewhere.query_row(params![device, counter as i64], |r| r.get(0))?;
        if !found {
            count += 1;
        }
    }
    Ok(count)
}
