//! The `Range` header of a request for a recording (RFC 9110 §14), as the player sends it
//! to seek. Pure: the desktop shell's loopback server asks this what to send.

/// An inclusive byte range of a file, as `Content-Range` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// The first byte.
    pub start: u64,
    /// The last byte (inclusive).
    pub end: u64,
}

impl ByteRange {
    /// How many bytes the range holds.
    pub fn len(self) -> u64 {
        self.end - self.start + 1
    }

    /// Never true: a range holds at least one byte. (For clippy's `len_without_is_empty`.)
    pub fn is_empty(self) -> bool {
        false
    }
}

/// What to answer to a request with this `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// No range, or one the server may ignore (not bytes, malformed, several ranges):
    /// `200` with the whole file.
    Full,
    /// `206` with these bytes.
    Partial(ByteRange),
    /// `416`: the range starts past the end of the file.
    Unsatisfiable,
}

/// What to send for `header` (the `Range` value, if any) on a file of `len` bytes.
///
/// `bytes=a-b` (b clipped to the end), `bytes=a-`, `bytes=-n` (the last n bytes). Several
/// ranges are answered with the whole file, which RFC 9110 allows; players ask for one.
pub fn parse_range(header: Option<&str>, len: u64) -> RangeRequest {
    let Some(header) = header else {
        return RangeRequest::Full;
    };
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let number = |s: &str| -> Option<u64> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    match (first.trim().is_empty(), last.trim().is_empty()) {
        // bytes=-n: the last n bytes.
        (true, false) => match number(last) {
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if len == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Partial(ByteRange {
                start: len.saturating_sub(n),
                end: len - 1,
            }),
            None => RangeRequest::Full,
        },
        (false, _) => {
            let Some(start) = number(first) else {
                return RangeRequest::Full;
            };
            let end = if last.trim().is_empty() {
                None
            } else {
                match number(last) {
                    Some(e) if e >= start => Some(e),
                    _ => return RangeRequest::Full,
                }
            };
            if start >= len {
                return RangeRequest::Unsatisfiable;
            }
            let end = end.map_or(len - 1, |e| e.min(len - 1));
            RangeRequest::Partial(ByteRange { start, end })
        }
        (true, true) => RangeRequest::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(start: u64, end: u64) -> RangeRequest {
        RangeRequest::Partial(ByteRange { start, end })
    }

    #[test]
    fn range_headers_on_a_thousand_byte_file() {
        let cases: &[(Option<&str>, RangeRequest)] = &[
            (None, RangeRequest::Full),
            (Some("bytes=0-"), part(0, 999)),
            (Some("bytes=0-0"), part(0, 0)),
            (Some("bytes=100-199"), part(100, 199)),
            (Some("bytes=900-5000"), part(900, 999)),
            (Some("bytes=999-"), part(999, 999)),
            (Some("bytes=-100"), part(900, 999)),
            (Some("bytes=-5000"), part(0, 999)),
            (Some(" bytes=10-20 "), part(10, 20)),
            (Some("bytes=1000-"), RangeRequest::Unsatisfiable),
            (Some("bytes=2000-3000"), RangeRequest::Unsatisfiable),
            (Some("bytes=-0"), RangeRequest::Unsatisfiable),
            (Some("bytes=20-10"), RangeRequest::Full),
            (Some("bytes=0-1,5-6"), RangeRequest::Full),
            (Some("items=0-1"), RangeRequest::Full),
            (Some("bytes=abc-"), RangeRequest::Full),
            (Some("bytes=-"), RangeRequest::Full),
            (Some("bytes=+5-"), RangeRequest::Full),
            (Some("bytes=99999999999999999999999-"), RangeRequest::Full),
        ];
        for (header, want) in cases {
            assert_eq!(parse_range(*header, 1000), *want, "{header:?}");
        }
    }

    #[test]
    fn an_empty_file_satisfies_no_range() {
        assert_eq!(
            parse_range(Some("bytes=0-"), 0),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range(Some("bytes=-1"), 0),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range(None, 0), RangeRequest::Full);
    }

    #[test]
    fn range_len_counts_both_ends() {
        assert_eq!(ByteRange { start: 10, end: 19 }.len(), 10);
    }
}
