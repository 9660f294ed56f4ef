//! Reading and appending rows of the `ops` table.

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::StoreError;
use super::projection::json;
use crate::ops::{Hlc, Op, OpId};

/// Ops of one document (or all), in replay order: hybrid clock, then op id.
pub(super) fn read(conn: &Connection, doc: Option<Uuid>) -> Result<Vec<Op>, StoreError> {
    // Two statements, not `?1 IS NULL OR doc = ?1`: SQLite cannot use the document's index
    // for that condition and read the whole log to find one document's ops, for every
    // state not in the cache (each document of a bulk import, 10,000 times over).
    match doc {
        Some(doc) => {
            let mut stmt = conn.prepare_cached(
                "SELECT device, counter, wall, logical, doc, batch, payload, pred, after FROM ops
                 WHERE doc = ?1 ORDER BY wall, logical, device, counter",
            )?;
            rows(&mut stmt, params![doc.to_string()])
        }
        None => {
            let mut stmt = conn.prepare_cached(
                "SELECT device, counter, wall, logical, doc, batch, payload, pred, after FROM ops
                 ORDER BY doc, wall, logical, device, counter",
            )?;
            rows(&mut stmt, [])
        }
    }
}

/// Ops of `device` with counters in `first..=last`, in counter order.
pub(super) fn read_device(
    conn: &Connection,
    device: &str,
    first: u64,
    last: u64,
) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT device, counter, wall, logical, doc, batch, payload, pred, after FROM ops
         WHERE device = ?1 AND counter BETWEEN ?2 AND ?3 ORDER BY counter",
    )?;
    rows(&mut stmt, params![device, first as i64, last as i64])
}

/// The counters of `device` held here, as inclusive ranges.
pub(super) fn counter_ranges(
    conn: &Connection,
    device: &str,
) -> Result<Vec<(u64, u64)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT counter FROM ops WHERE device = ?1 ORDER BY counter")?;
    let counters = stmt.query_map([device], |r| r.get::<_, i64>(0))?;
    let mut out: Vec<(u64, u64)> = Vec::new();
    for c in counters {
        let c = c? as u64;
        match out.last_mut() {
            Some((_, last)) if *last + 1 == c => *last = c,
            _ => out.push((c, c)),
        }
    }
    Ok(out)
}

fn rows(
    stmt: &mut rusqlite::CachedStatement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<Op>, StoreError> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<i64>>(8)?,
        ))
    })?;
    rows.map(|row| {
        let (device, counter, wall, logical, doc, batch, payload, pred, after) = row?;
        Ok(Op {
            id: OpId {
                device,
                counter: counter as u64,
            },
            hlc: Hlc {
                wall: wall as u64,
                logical,
            },
            doc: Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            batch: batch as u64,
            pred: json(&pred)?,
            after: after.map(|a| a as u64),
            kind: json(&payload)?,
        })
    })
    .collect()
}

/// Appends `op` unless an op with its id is already there; returns whether it was new.
pub(super) fn insert(conn: &Connection, op: &Op) -> Result<bool, StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO ops (device, counter, wall, logical, doc, batch, payload, pred, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    if op.id.device.contains('~') {
        note_rekeyed(conn, &op.id.device)?;
    }
    // Ops hold only strings, numbers and bools: serialization cannot fail.
    let n = insert.execute(params![
        op.id.device,
        op.id.counter as i64,
        op.hlc.wall as i64,
        op.hlc.logical,
        op.doc.to_string(),
        op.batch as i64,
        serde_json::to_string(&op.kind).unwrap_or_default(),
        serde_json::to_string(&op.pred).unwrap_or_default(),
        op.after.map(|a| a as i64),
    ])?;
    Ok(n > 0)
}

/// The last counter `device` used: the larger of the stored counter and the highest counter
/// of its ops in the log, so a new op never takes an id that ops received from a copy of
/// this library (or forged in its name) already hold.
pub(super) fn next_counter_base(conn: &Connection, device: &str) -> Result<u64, StoreError> {
    let stored: u64 = super::meta_get(conn, "counter")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let logged: i64 = conn.query_row(
        "SELECT COALESCE(MAX(counter), 0) FROM ops WHERE device = ?1",
        [device],
        |r| r.get(0),
    )?;
    Ok(stored.max(logged as u64))
}

/// A number that changes whenever `doc` gets a new op: the highest row id of its ops.
pub(super) fn version(conn: &Connection, doc: Uuid) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM ops WHERE doc = ?1",
        [doc.to_string()],
        |r| r.get(0),
    )?)
}

/// The op with this id, if any.
pub(super) fn read_one(
    conn: &Connection,
    device: &str,
    counter: u64,
) -> Result<Option<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT wall, logical, doc, batch, payload, pred, after FROM ops WHERE device = ?1 AND counter = ?2",
    )?;
    let mut rows = stmt.query(params![device, counter as i64])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let doc: String = r.get(2)?;
    Ok(Some(Op {
        id: OpId {
            device: device.to_owned(),
            counter,
        },
        hlc: Hlc {
            wall: r.get::<_, i64>(0)? as u64,
            logical: r.get(1)?,
        },
        doc: Uuid::parse_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        batch: r.get::<_, i64>(3)? as u64,
        kind: json(&r.get::<_, String>(4)?)?,
        pred: json(&r.get::<_, String>(5)?)?,
        after: r.get::<_, Option<i64>>(6)?.map(|a| a as u64),
    }))
}

/// Gives an op another device id (see `Library::ingest_foreign`).
pub(super) fn rekey(
    conn: &Connection,
    device: &str,
    counter: u64,
    to: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE ops SET device = ?3 WHERE device = ?1 AND counter = ?2",
        params![device, counter as i64, to],
    )?;
    note_rekeyed(conn, to)
}

/// The device ids of re-keyed ops (`<device>~<hash>`) in the log. Kept in the library's
/// meta as they are made (received ones too, see `insert`), so a sync pass does not scan
/// the log for them; a library from before that is scanned once.
pub(super) fn rekeyed_devices(
    conn: &Connection,
) -> Result<std::collections::HashSet<String>, StoreError> {
    if let Some(known) = super::meta_get(conn, "rekeyed_devices")? {
        return Ok(serde_json::from_str(&known).unwrap_or_default());
    }
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT device FROM ops WHERE instr(device, '~') > 0")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let all: std::collections::HashSet<String> = rows.collect::<Result<_, _>>()?;
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
    let mut stmt = conn.prepare_cached(
        "SELECT wall, logical, device, counter FROM ops WHERE doc = ?1
         ORDER BY wall DESC, logical DESC, device DESC, counter DESC LIMIT 1",
    )?;
    let mut rows = stmt.query([doc.to_string()])?;
    Ok(match rows.next()? {
        Some(r) => Some((
            r.get::<_, i64>(0)? as u64,
            r.get(1)?,
            r.get(2)?,
            r.get::<_, i64>(3)? as u64,
        )),
        None => None,
    })
}

/// Which of `counters` of `device` are already in the log.
pub(super) fn present(
    conn: &Connection,
    device: &str,
    first: u64,
    last: u64,
) -> Result<std::collections::HashSet<u64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT counter FROM ops WHERE device = ?1 AND counter BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![device, first as i64, last as i64], |r| {
        r.get::<_, i64>(0)
    })?;
    rows.map(|r| Ok(r? as u64)).collect()
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
            "SELECT MAX(counter) FROM ops INDEXED BY ops_by_doc WHERE doc = ?1 AND device = ?2",
            params![doc.to_string(), device],
            |r| r.get::<_, Option<i64>>(0),
        )?
        .map(|c| c as u64))
}

/// How many ops `doc`'s ops name (as `after` or in `pred`) that are not here: the document
/// was received only partly. An op re-keyed after a clash (`<device>~<hash>`) still counts
/// as its plain id's.
pub(super) fn missing(conn: &Connection, doc: Uuid) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare_cached(
        "WITH named (d, c) AS (
             SELECT device, after FROM ops WHERE doc = ?1 AND after IS NOT NULL
             UNION
             SELECT json_extract(p.value, '$.device'), json_extract(p.value, '$.counter')
               FROM ops o, json_each(o.pred) p WHERE o.doc = ?1 AND o.pred <> '[]'),
         plain (d, c) AS (
             SELECT CASE WHEN instr(d, '~') > 0 THEN substr(d, 1, instr(d, '~') - 1) ELSE d END, c
               FROM named)
         SELECT COUNT(*) FROM (SELECT DISTINCT d, c FROM plain) n
          WHERE NOT EXISTS (SELECT 1 FROM ops q WHERE q.device = n.d AND q.counter = n.c)
            AND NOT EXISTS (SELECT 1 FROM ops q WHERE q.counter = n.c AND q.device LIKE n.d || '~%')",
    )?;
    Ok(stmt.query_row([doc.to_string()], |r| r.get::<_, i64>(0))? as u64)
}
