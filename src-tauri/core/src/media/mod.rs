//! Recordings attached to documents: what a file is (sniffed from its first bytes, never
//! from its name), how long it plays when that can be read cheaply from its header, and
//! the HTTP byte ranges a player asks for while it seeks (`range.rs`), and the loopback
//! server the desktop shell plays them through (`serve.rs`). The references
//! themselves live in the library (`store/media.rs`).

mod range;
mod serve;
mod sniff;

pub use range::{ByteRange, RangeRequest, parse_range};
pub use serve::MediaServer;
pub use sniff::{MediaType, SNIFF_BYTES, duration_of};
