//! Segment files: an immutable batch of one device's ops, with its length and checksum in
//! a header line so a reader can tell a complete file from one still arriving.
//!
//! ```text
//! {"format":"roundtable.segment","version":1,"device":"…","first":1,"last":120,"length":52311,"sha256":"…"}\n
//! <one op as JSON per line, `length` bytes>
//! ```

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ops::Op;

const FORMAT: &str = "roundtable.segment";

/// The header line of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `roundtable.segment`.
    pub format: String,
    /// Format version (1).
    pub version: u32,
    /// The device whose ops these are.
    pub device: String,
    /// First counter.
    pub first: u64,
    /// Last counter.
    pub last: u64,
    /// Body length in bytes.
    pub length: u64,
    /// SHA-256 of the body, hex.
    pub sha256: String,
}

/// A decoded, verified segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Its header.
    pub header: Header,
    /// Its ops, in counter order.
    pub ops: Vec<Op>,
}

/// Why a segment file cannot be used (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    /// Shorter than its header says, or the checksum does not match: the sync tool has not
    /// finished copying it. Read it again later.
    #[error("not complete yet ({0})")]
    Incomplete(String),
    /// Not a segment, or a newer version: left alone.
    #[error("not a segment this Roundtable reads ({0})")]
    Invalid(String),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Encodes ops of one device (in counter order) as a segment file.
pub fn encode(device: &str, ops: &[Op]) -> Vec<u8> {
    let mut body = Vec::new();
    for op in ops {
        // Ops hold only strings, numbers and bools: serialization cannot fail.
        body.extend(serde_json::to_vec(op).unwrap_or_default());
        body.push(b'\n');
    }
    let header = Header {
        format: FORMAT.into(),
        version: 1,
        device: device.into(),
        first: ops.first().map_or(0, |o| o.id.counter),
        last: ops.last().map_or(0, |o| o.id.counter),
        length: body.len() as u64,
        sha256: hex(&Sha256::digest(&body)),
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    out.push(b'\n');
    out.extend(body);
    out
}

/// The header line of `bytes` (which start at the file's start), checked, and where the
/// body begins.
fn header(bytes: &[u8], file_length: u64) -> Result<(Header, usize), SegmentError> {
    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
        return Err(if file_length < 4096 && bytes.starts_with(b"{") {
            SegmentError::Incomplete("no header line yet".into())
        } else {
            SegmentError::Invalid("no header line".into())
        });
    };
    let header: Header = serde_json::from_slice(&bytes[..nl])
        .map_err(|e| SegmentError::Invalid(format!("header: {e}")))?;
    if header.format != FORMAT {
        return Err(SegmentError::Invalid(format!("format {:?}", header.format)));
    }
    if header.version != 1 {
        return Err(SegmentError::Invalid(format!(
            "version {} (this Roundtable reads version 1)",
            header.version
        )));
    }
    Ok((header, nl + 1))
}

/// Checks the start of a file (its first line, newline included, or as much as was read)
/// against the file's length before the rest is read, and returns the length the whole
/// file must have. Only a file exactly that long is worth reading: a file that is not a
/// segment is refused here, and a shorter (or longer) one is still being written.
pub fn check_head(head: &[u8], file_length: u64) -> Result<u64, SegmentError> {
    let (header, body_start) = header(head, file_length)?;
    let total = (body_start as u64).saturating_add(header.length);
    if file_length < total {
        return Err(SegmentError::Incomplete(format!(
            "{} of {} bytes",
            file_length - body_start as u64,
            header.length
        )));
    }
    if file_length > total {
        // A sync tool may be rewriting it in place: treat it as still arriving.
        return Err(SegmentError::Incomplete("checksum does not match".into()));
    }
    Ok(total)
}

/// Decodes and verifies a segment file.
pub fn decode(bytes: &[u8]) -> Result<Segment, SegmentError> {
    let (header, body_start) = header(bytes, bytes.len() as u64)?;
    let body = &bytes[body_start..];
    if (body.len() as u64) < header.length {
        return Err(SegmentError::Incomplete(format!(
            "{} of {} bytes",
            body.len(),
            header.length
        )));
    }
    if body.len() as u64 > header.length || hex(&Sha256::digest(body)) != header.sha256 {
        // A sync tool may be rewriting it in place: treat it as still arriving.
        return Err(SegmentError::Incomplete("checksum does not match".into()));
    }
    let mut ops = Vec::new();
    for line in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let op: Op =
            serde_json::from_slice(line).map_err(|e| SegmentError::Invalid(format!("op: {e}")))?;
        if op.id.device != header.device {
            return Err(SegmentError::Invalid(format!(
                "op of device {} in a segment of {}",
                op.id.device, header.device
            )));
        }
        ops.push(op);
    }
    Ok(Segment { header, ops })
}

/// The file name for a segment: counters zero-padded so names sort in order.
pub fn file_name(first: u64, last: u64) -> String {
    format!("{first:012}-{last:012}.ops")
}
