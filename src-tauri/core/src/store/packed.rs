//! Compressed columns: bulk text kept in the library as zstd frames.
//!
//! The op log and the derived document bodies are the library's bulk (issue 18: the text
//! twice, as JSON, was 3.5× the text itself). They are stored compressed; everything that
//! leaves the library (sync segments, `docs/format.md` JSON) stays plain JSON.

use super::StoreError;

/// zstd's level for what the library writes: level 1 compresses a document's JSON about 3×
/// at several hundred MB/s, so a bulk import does not wait on it; higher levels gain a few
/// percent for several times the time.
const LEVEL: i32 = 1;

thread_local! {
    /// One compression context per thread, reused: a bulk import or a first sync packs a
    /// body and a run of ops for every document, and making a context each time (and
    /// touching its fresh memory) was a fifth of the packing.
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// `bytes` as one zstd frame, its size in its header.
pub(super) fn pack(bytes: &[u8]) -> Vec<u8> {
    // Compressing memory into memory fails only on allocation failure, which aborts anyway.
    let packed = COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = match &mut *slot {
            Some(c) => c,
            None => slot.insert(zstd::bulk::Compressor::new(LEVEL).ok()?),
        };
        compressor.compress(bytes).ok()
    });
    packed.unwrap_or_else(|| zstd::bulk::compress(bytes, LEVEL).unwrap_or_else(|_| bytes.to_vec()))
}

/// Frames that say they hold more than this are read as a stream, growing as they go, so
/// that a damaged size in a frame's header cannot ask for gigabytes up front.
const MAX_SIZED: u64 = 256 << 20;

thread_local! {
    /// One decompression context per thread, reused: making one (and touching its fresh
    /// memory) cost as much as unpacking a document's body, and search unpacks a body for
    /// each of the twenty hits of a page.
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// The bytes of a frame written by [`pack`]; a damaged frame is a damaged library.
pub(super) fn unpack(frame: &[u8]) -> Result<Vec<u8>, StoreError> {
    let damaged =
        |e: std::io::Error| StoreError::Corrupt(format!("a compressed column cannot be read: {e}"));
    // `pack` writes the size in the frame's header: one allocation of the right size.
    let sized = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(n)) if n <= MAX_SIZED => usize::try_from(n).ok(),
        _ => None,
    };
    let Some(size) = sized else {
        return zstd::stream::decode_all(frame).map_err(damaged);
    };
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let decompressor = match &mut *slot {
            Some(d) => d,
            None => slot.insert(zstd::bulk::Decompressor::new().map_err(damaged)?),
        };
        let bytes = decompressor.decompress(frame, size).map_err(damaged)?;
        if bytes.len() == size {
            Ok(bytes)
        } else {
            Err(StoreError::Corrupt(format!(
                "a compressed column cannot be read: {} bytes where its header says {size}",
                bytes.len()
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_packed_unpacks_as_it_was() {
        for text in [
            "",
            "a",
            "主持人：各位好。",
            &"观察嘉宾 budget ".repeat(5000),
        ] {
            assert_eq!(
                unpack(&pack(text.as_bytes())).expect("unpacks"),
                text.as_bytes()
            );
        }
    }

    #[test]
    fn a_damaged_frame_is_an_error_not_a_panic() {
        let mut frame = pack("主持人：各位好。".repeat(100).as_bytes());
        frame.truncate(frame.len() / 2);
        assert!(matches!(unpack(&frame), Err(StoreError::Corrupt(_))));
        assert!(matches!(unpack(b"not zstd"), Err(StoreError::Corrupt(_))));
    }
}
