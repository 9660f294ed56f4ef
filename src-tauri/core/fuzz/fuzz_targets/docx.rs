//! Fuzzes the Word importer on raw bytes (the ZIP container, the XML inside, the pictures).
//! Seed the corpus with real .docx files for useful coverage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roundtable_core::import::{Format, parse_bytes};

fuzz_target!(|bytes: &[u8]| {
    let _ = parse_bytes(bytes, Some(Format::Docx));
});
