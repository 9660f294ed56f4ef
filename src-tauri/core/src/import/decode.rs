//! Bytes to text: BOMs, UTF-8, UTF-16, GB18030; binary refused; line endings unified.

use std::borrow::Cow;

use super::{Diagnostic, ImportError};

/// The largest input accepted (64 MiB), so that a stray huge file cannot exhaust memory:
/// a ten-hour transcript is about 1 MB, so anything larger is not a transcript. Parsing is
/// linear, and peak memory is a small multiple (about 4×) of the input.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// File signatures of common binary formats, to name what was refused.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x7FELF", "a program"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"RIFF", "a RIFF audio or video file"),
    (b"ID3", "an MP3 audio file"),
];

/// Decodes bytes to text with `\n` line endings. The note says which legacy encoding was
/// used, if any.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<Diagnostic>), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(ImportError::Binary((*what).to_owned()));
    }
    let (text, note): (Cow<'_, str>, Option<Diagnostic>) =
        if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(ImportError::Undecodable);
            }
            (text, None)
        } else if bytes.contains(&0) {
            return Err(ImportError::Binary("it contains NUL bytes".to_owned()));
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            (Cow::Borrowed(text), None)
        } else {
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) => (
                    text,
                    Some(Diagnostic::info(0, "decoded as GB18030 (not UTF-8)")),
                ),
                None => return Err(ImportError::Undecodable),
            }
        };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        .count();
    if controls > 8 && controls * 100 > text.chars().count() {
        return Err(ImportError::Binary(
            "it is mostly control characters".to_owned(),
        ));
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    };
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: Result<&str, &str>) {
        let got = decode(input).map(|(t, _)| t).map_err(|e| e.to_string());
        match expected {
            Ok(text) => assert_eq!(got.as_deref(), Ok(text)),
            Err(fragment) => {
                let err = got.expect_err("should be refused");
                assert!(err.contains(fragment), "{err:?} lacks {fragment:?}");
            }
        }
    }

    #[test]
    fn encodings() {
        check("主持人:你好\r\n".as_bytes(), Ok("主持人:你好\n"));
        check(
            b"\xEF\xBB\xBFHost: hi\rGuest: yo",
            Ok("Host: hi\nGuest: yo"),
        );
        let (gb, _, _) = encoding_rs::GB18030.encode("嘉宾:工会主席");
        check(&gb, Ok("嘉宾:工会主席"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("工会 A".encode_utf16().flat_map(|u| u.to_le_bytes()));
        check(&utf16, Ok("工会 A"));
    }

    #[test]
    fn refusals() {
        check(b"", Err("empty"));
        check(b" \n\t\n", Err("empty"));
        check(b"\x89PNG\r\n\x1a\n", Err("PNG image"));
        check(b"abc\0def", Err("NUL"));
        check(b"\xFF\xFF\xFE\x80\x80", Err("neither UTF-8"));
    }
}
