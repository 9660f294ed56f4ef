//! The library's directory of people, the pure parts: how names are compared
//! ([`names`]) and how a quote is attributed ([`attribution`]). The store keeps people
//! and their links (`store/people.rs`); ARCHITECTURE.md says how they travel through sync.

pub mod attribution;
pub mod names;

pub use attribution::{Attribution, QuoteStyle, Source, attribute, attribute_in};
pub use names::{MatchReason, close_match, exact_key, folded_key, name_parts, same_title};
