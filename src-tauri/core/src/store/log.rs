//! Reading and appending rows of the `ops` table.

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::StoreError;
use super::projection::json;
use crate::ops::{Hlc, Op, OpId};

/// Ops of one document (or all), in replay order: hybrid clock, then op id.
pub(super) fn read(conn: &Connection, doc: Option<Uuid>) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT device, counter, wall, logical, doc, batch, payload, pred FROM ops
         WHERE ?1 IS NULL OR doc = ?1 ORDER BY doc, wall, logical, device, counter",
    )?;
    let rows = stmt.query_map([doc.map(|d| d.to_string())], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (device, counter, wall, logical, doc, batch, payload, pred) = row?;
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
            kind: json(&payload)?,
        })
    })
    .collect()
}

/// Appends `op` unless an op with its id is already there; returns whether it was new.
pub(super) fn insert(conn: &Connection, op: &Op) -> Result<bool, StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO ops (device, counter, wall, logical, doc, batch, payload, pred)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
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
    ])?;
    Ok(n > 0)
}

/// A number that changes whenever `doc` gets a new op: the highest row id of its ops.
pub(super) fn version(conn: &Connection, doc: Uuid) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM ops WHERE doc = ?1",
        [doc.to_string()],
        |r| r.get(0),
    )?)
}
