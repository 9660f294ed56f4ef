//! Fuzzes the webvtt importer: any text must give a document or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roundtable_core::import::{Format, parse_text};

fuzz_target!(|text: &str| {
    let _ = parse_text(text, Some(Format::Webvtt));
});
