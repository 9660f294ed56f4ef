//! A document exported as JSON to be edited outside the library and applied back
//! (`roundtable export --format json`, then `roundtable apply`) carries the version it was
//! read at, under the key `"base"`, so that applying it changes only what was edited in the
//! file and never reverts a teammate's edit that arrived in between.

use serde::{Deserialize, Serialize};

use super::history::Base;
use crate::model::{Document, FormatError};

/// `doc`'s canonical JSON with `base` added under the key `"base"` (readers of the format
/// ignore it; `roundtable apply` reads it back with [`base_of_json`]).
pub fn json_with_base(doc: &Document, base: &Base) -> String {
    #[derive(Serialize)]
    struct WithBase<'a> {
        #[serde(flatten)]
        doc: &'a Document,
        base: &'a Base,
    }
    // A Document and a Base hold only strings, numbers, bools, maps and sequences.
    serde_json::to_string_pretty(&WithBase { doc, base }).unwrap_or_default()
}

/// The version a JSON copy was read at, when it says (files written before this key
/// existed, or by other tools, do not).
pub fn base_of_json(text: &str) -> Result<Option<Base>, FormatError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        base: Option<Base>,
    }
    Ok(serde_json::from_str::<Probe>(text)?.base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    #[test]
    fn a_copy_reads_back_its_document_and_base() {
        let doc = Document::new("Title", "en");
        let base = Base {
            seen: [("dev-a".to_owned(), 7)].into_iter().collect(),
            saved: Vec::new(),
        };
        let text = json_with_base(&doc, &base);
        assert_eq!(Document::from_json(&text).expect("reads back"), doc);
        assert_eq!(base_of_json(&text).expect("reads back"), Some(base));
        assert_eq!(base_of_json(&doc.to_json()).expect("reads back"), None);
    }
}
