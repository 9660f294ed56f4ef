//! Bytes to text: BOMs, UTF-8, UTF-16 (with or without a BOM), legacy encodings detected
//! (chardetng: GB18030, Big5, Shift_JIS, EUC-KR, windows-1252…) or chosen by the user;
//! binary refused; line endings unified.

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::Encoding;

use super::{BinaryKind, Diagnostic, ImportError, Note};

/// The largest input accepted (64 MiB), so that a stray huge file cannot exhaust memory:
/// a ten-hour transcript is about 1 MB, so anything larger is not a transcript. Parsing is
/// linear, and peak memory is a small multiple (about 4×) of the input.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// File signatures of common binary formats, to name what was refused.
const SIGNATURES: &[(&[u8], BinaryKind)] = &[
    (b"\x89PNG", BinaryKind::Png),
    (b"\xFF\xD8\xFF", BinaryKind::Jpeg),
    (b"GIF8", BinaryKind::Gif),
    (b"%PDF", BinaryKind::Pdf),
    (b"PK\x03\x04", BinaryKind::Zip),
    (b"\x7FELF", BinaryKind::Program),
    (b"SQLite format 3\0", BinaryKind::Sqlite),
    (b"\x1F\x8B", BinaryKind::Gzip),
    (b"RIFF", BinaryKind::Riff),
    (b"ID3", BinaryKind::Mp3),
];

/// How much of the input the encoding detector reads: a few hundred KiB of a transcript
/// settle the question, and reading all of a 64 MiB file would cost more than parsing it.
const DETECT_PREFIX: usize = 256 * 1024;

/// Fewer non-ASCII bytes than this and a legacy encoding guess is a guess: two or three
/// accented names fit several encodings equally well.
const CONFIDENT_NON_ASCII: usize = 16;

/// The encoding a label names (`big5`, `shift_jis`, `latin1`, `utf-16le`…), as the WHATWG
/// Encoding Standard spells them, for `--encoding` and the import preview's choice.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, ImportError> {
    Encoding::for_label(label.trim().as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT)
        .ok_or_else(|| ImportError::UnknownEncoding(label.to_owned()))
}

/// The name a user knows an encoding by: GBK is read as its superset GB18030 (encoding_rs's
/// GBK decoder is the GB18030 one), so it is named so.
fn shown_name(encoding: &'static Encoding) -> &'static str {
    // encoding_rs spells this one in lower case, unlike every other.
    if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// UTF-16 without a byte order mark, told by its NULs: ASCII characters (line breaks, spaces,
/// colons, Latin names) are a NUL and a byte, the NUL on odd offsets in little-endian and
/// even ones in big-endian. Other input with NULs is binary. (UTF-16 text with no ASCII at
/// all, not even a line break, has no NULs and is not recognised: `--encoding` reads it.)
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    // An ASCII unit that is a control character (other than tab, line breaks and form
    // feed) is binary data, not text.
    let texty = |b: u8| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0C);
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        if pair[0] == 0 {
            if !texty(pair[1]) {
                return None;
            }
            even += 1;
        }
        if pair[1] == 0 {
            if !texty(pair[0]) {
                return None;
            }
            odd += 1;
        }
    }
    // Text in UTF-8 has no NULs at all, so any NUL says UTF-16 or binary; which half holds
    // most of them says the byte order (a CJK character such as U+4E00 puts one on the other
    // side now and then). Binary data seldom survives the checks above and a strict decode.
    if odd > even {
        Some(encoding_rs::UTF_16LE)
    } else if even > odd {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// `bytes` in `encoding`, or `Undecodable` if any are malformed there.
fn strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::Undecodable {
            encoding: shown_name(encoding),
        });
    }
    Ok(text)
}

/// Decodes bytes to text with `\n` line endings, in `encoding` when given (the user's choice;
/// a byte order mark of that encoding is skipped), else in the encoding a BOM names, else
/// UTF-16 without a BOM, UTF-8, or the legacy encoding the detector (chardetng) finds likely.
/// The diagnostic says which legacy encoding was used, as a warning when the evidence for it
/// was thin.
pub fn decode(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
) -> Result<(String, Option<Diagnostic>), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(ImportError::Binary(*what));
    }
    let (text, note): (Cow<'_, str>, Option<Diagnostic>) = if let Some(chosen) = encoding {
        let body = match Encoding::for_bom(bytes) {
            Some((bom_encoding, bom)) if bom_encoding == chosen => &bytes[bom..],
            _ => bytes,
        };
        let text = strict(chosen, body)?;
        let note = (chosen != encoding_rs::UTF_8).then(|| {
            Diagnostic::info(
                0,
                Note::DecodedAs {
                    encoding: shown_name(chosen).to_owned(),
                },
            )
        });
        (text, note)
    } else if let Some((found, bom)) = Encoding::for_bom(bytes) {
        (strict(found, &bytes[bom..])?, None)
    } else if memchr::memchr(0, bytes).is_some() {
        // NULs: UTF-16 without a BOM, or binary.
        let Some((utf16, text)) =
            bomless_utf16(bytes).and_then(|e| strict(e, bytes).ok().map(|t| (e, t)))
        else {
            return Err(ImportError::Binary(BinaryKind::Nul));
        };
        let note = Diagnostic::info(
            0,
            Note::DecodedAs {
                encoding: utf16.name().to_owned(),
            },
        );
        (text, Some(note))
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), None)
    } else {
        let (guess, confident) = detect_legacy(bytes);
        let text = strict(guess, bytes)?;
        let encoding = shown_name(guess).to_owned();
        let note = if confident {
            Diagnostic::info(0, Note::DecodedAs { encoding })
        } else {
            Diagnostic::warning(0, Note::EncodingUncertain { encoding })
        };
        (text, Some(note))
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        .count();
    if controls > 8 && controls * 100 > text.chars().count() {
        return Err(ImportError::Binary(BinaryKind::Controls));
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

/// The likeliest legacy (not UTF-8) encoding of `bytes`, and whether the evidence is enough
/// to trust it: chardetng must prefer it to another candidate, and the input must have enough
/// non-ASCII bytes to tell encodings apart.
fn detect_legacy(bytes: &[u8]) -> (&'static Encoding, bool) {
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    let mut detector = EncodingDetector::new();
    detector.feed(prefix, prefix.len() == bytes.len());
    let (guess, preferred) = detector.guess_assess(None, false);
    let non_ascii = prefix.iter().filter(|b| !b.is_ascii()).count();
    if preferred && non_ascii >= CONFIDENT_NON_ASCII {
        return (guess, true);
    }
    // On thin evidence, GB18030 if it reads the bytes: it is what Chinese Windows saves
    // "ANSI" text in, and an English transcript with a middle dot or a dash in it is far more
    // often that than Cyrillic or Greek.
    let gb18030 = encoding_rs::GB18030;
    if gb18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        (gb18030, false)
    } else {
        (guess, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Level;

    fn check(input: &[u8], expected: Result<&str, &str>) {
        let got = decode(input, None)
            .map(|(t, _)| t)
            .map_err(|e| e.to_string());
        match expected {
            Ok(text) => assert_eq!(got.as_deref(), Ok(text)),
            Err(fragment) => {
                let err = got.expect_err("should be refused");
                assert!(err.contains(fragment), "{err:?} lacks {fragment:?}");
            }
        }
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = (bom.then_some(0xFEFF_u16))
            .into_iter()
            .chain(text.encode_utf16());
        for u in units {
            bytes.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        bytes
    }

    /// Transcripts as users' machines save them: each text is encoded by encoding_rs and must
    /// come back exactly, with the encoding named (and no warning: each has enough text).
    #[test]
    fn legacy_and_unicode_encodings_are_detected() {
        let big5 = "主持人：魯健\n嘉賓：臺灣大學經濟學系教授\n魯健：請問您怎麼看這次的貿易談判？\n教授：我認為雙方都需要讓步，才能達成協議。\n";
        let sjis = "司会：田中さん、今日はよろしくお願いします。\n田中：こちらこそ、よろしくお願いします。最近の経済について話しましょう。\n";
        let euc_kr = "사회자: 오늘 토론에 참석해 주셔서 감사합니다.\n김민수: 초대해 주셔서 감사합니다. 경제 정책에 대해 이야기하겠습니다.\n";
        let latin = "Host: Welcome, Ms. Müller. Your café in Zürich became famous.\nMüller: Merci! The crème brûlée and the piñata party did it; we’re très happy.\nHost: Señor García joined you — naïve question: why?\nGarcía: Because Müller’s café serves the best pâtisserie north of Genève, señora.\n";
        let gb = "主持人：今天我们请到了工会主席。\n嘉宾：谢谢邀请，很高兴来到这里讨论劳动者权益。\n主持人：请谈谈最近的情况。\n";
        let table: &[(&str, &'static Encoding, &str, Option<&str>)] = &[
            ("Big5", encoding_rs::BIG5, big5, Some("Big5")),
            ("Shift_JIS", encoding_rs::SHIFT_JIS, sjis, Some("Shift_JIS")),
            ("EUC-KR", encoding_rs::EUC_KR, euc_kr, Some("EUC-KR")),
            (
                "windows-1252",
                encoding_rs::WINDOWS_1252,
                latin,
                Some("windows-1252"),
            ),
            ("GB18030", encoding_rs::GB18030, gb, Some("GB18030")),
            ("UTF-8", encoding_rs::UTF_8, gb, None),
        ];
        for (what, encoding, text, named) in table {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{what}: the sample must be encodable");
            let (got, note) = decode(&bytes, None).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(&got, text, "{what}");
            match named {
                Some(name) => {
                    let note = note.unwrap_or_else(|| panic!("{what}: no note"));
                    assert_eq!(note.level, Level::Info, "{what}: {note}");
                    assert_eq!(
                        note.note,
                        Note::DecodedAs {
                            encoding: (*name).to_owned()
                        },
                        "{what}"
                    );
                }
                None => assert!(note.is_none(), "{what}: {note:?}"),
            }
        }
        for (what, big_endian, bom) in [
            ("UTF-16LE with BOM", false, true),
            ("UTF-16BE with BOM", true, true),
            ("UTF-16LE without BOM", false, false),
            ("UTF-16BE without BOM", true, false),
        ] {
            for text in [gb, latin] {
                let (got, _) = decode(&utf16(text, big_endian, bom), None)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(got, text, "{what}");
            }
        }
    }

    /// Regression: Big5 was read as GB18030 (both accept most double-byte pairs), giving
    /// mojibake with exit 0.
    #[test]
    fn big5_is_not_read_as_gb18030() {
        let text = "主持人：魯健\n嘉賓：經濟學家\n魯健：這次會議的重點是什麼？\n經濟學家：兩岸經貿關係與產業發展。\n";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let (got, _) = decode(&bytes, None).expect("decodes");
        assert_eq!(got, text);
    }

    /// A couple of accented letters fit several encodings: the guess is still made, and the
    /// user is warned that it is one.
    #[test]
    fn short_ambiguous_input_warns() {
        for text in ["Café\n", "Host: Zoë\n", "主持人\n"] {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            let bytes = if text.is_ascii() || !text.starts_with('主') {
                bytes.into_owned()
            } else {
                encoding_rs::GB18030.encode(text).0.into_owned()
            };
            let (_, note) = decode(&bytes, None).expect("decodes");
            let note = note.expect("a note");
            assert_eq!(note.level, Level::Warning, "{text:?}: {note}");
            assert!(
                matches!(note.note, Note::EncodingUncertain { .. }),
                "{text:?}: {note}"
            );
        }
    }

    #[test]
    fn a_chosen_encoding_overrides_detection() {
        let text = "主持人：魯健\n";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let big5 = encoding_for_label("big5").expect("label");
        let (got, note) = decode(&bytes, Some(big5)).expect("decodes");
        assert_eq!(got, text);
        assert!(matches!(note.map(|n| n.note), Some(Note::DecodedAs { .. })));
        // Read as something else on purpose: the user's choice is followed.
        let gb = encoding_for_label("GBK").expect("label");
        let (as_gb, _) = decode(&bytes, Some(gb)).expect("decodes");
        assert_ne!(as_gb, text);
        // A BOM of the chosen encoding is skipped; bytes invalid in it are refused, naming it.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        let utf8 = encoding_for_label("utf-8").expect("label");
        assert_eq!(decode(&bom, Some(utf8)).expect("decodes").0, text);
        let err = decode(&bytes, Some(utf8)).expect_err("Big5 is not UTF-8");
        assert!(
            matches!(err, ImportError::Undecodable { encoding: "UTF-8" }),
            "{err}"
        );
        let err = encoding_for_label("klingon").expect_err("unknown");
        assert!(
            err.to_string().contains("\"klingon\" is not an encoding"),
            "{err}"
        );
        assert_eq!(err.note().code(), "encoding_not_recognised");
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
        check(b"\x00\x01\x02\x03", Err("NUL"));
        // A UTF-16 BOM before bytes that are not UTF-16.
        check(b"\xFF\xFE\x00\xD8\x41\x00", Err("not valid UTF-16LE"));
    }
}
