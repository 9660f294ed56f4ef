//! Fuzzes the whole path a file takes: decoding (BOMs, UTF-16, GB18030, binary checks),
//! format detection and whichever importer that picks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roundtable_core::import::parse_bytes;

fuzz_target!(|bytes: &[u8]| {
    let _ = parse_bytes(bytes, None);
});
