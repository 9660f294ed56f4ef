//! Fractional-index positions: strings that sort in block order, with room between any two,
//! so that an insert never renumbers other blocks and concurrent inserts never collide
//! (equal positions are ordered by block id).

/// The digits, in ASCII order so that SQLite's binary collation sorts positions correctly.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = DIGITS.len();

fn digit_value(c: u8) -> usize {
    DIGITS.iter().position(|&d| d == c).unwrap_or(0)
}

/// A position strictly between `lo` and `hi` (`None` means the start or the end).
///
/// Positions never end in the smallest digit, so there is always room below one.
/// If `lo >= hi` (corrupt input), returns a position after `lo`.
pub fn between(lo: Option<&str>, hi: Option<&str>) -> String {
    let lo: Vec<usize> = lo.unwrap_or("").bytes().map(digit_value).collect();
    let hi: Option<Vec<usize>> = hi.map(|h| h.bytes().map(digit_value).collect());
    let hi = match hi {
        Some(h) if cmp_digits(&lo, &h).is_lt() => Some(h),
        _ => None,
    };
    let digits = midpoint(&lo, hi.as_deref());
    digits.into_iter().map(|d| DIGITS[d] as char).collect()
}

fn cmp_digits(a: &[usize], b: &[usize]) -> std::cmp::Ordering {
    // Missing digits are zeros.
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

fn midpoint(lo: &[usize], hi: Option<&[usize]>) -> Vec<usize> {
    if let Some(hi) = hi {
        // Skip the common prefix.
        let n = (0..hi.len())
            .take_while(|&i| lo.get(i).copied().unwrap_or(0) == hi[i])
            .count();
        if n > 0 {
            let mut out = hi[..n].to_vec();
            let rest_lo = lo.get(n..).unwrap_or(&[]);
            out.extend(midpoint(rest_lo, Some(&hi[n..])));
            return out;
        }
    }
    let a = lo.first().copied().unwrap_or(0);
    let b = hi.and_then(|h| h.first().copied()).unwrap_or(BASE);
    if b - a > 1 {
        return vec![(a + b) / 2];
    }
    // Adjacent first digits.
    if let Some(hi) = hi
        && hi.len() > 1
    {
        return vec![b];
    }
    let mut out = vec![a];
    out.extend(midpoint(lo.get(1..).unwrap_or(&[]), None));
    out
}

/// `n` increasing positions strictly between `lo` and `hi`, by bisection so that a long run
/// of inserts (a paste, a moved range) grows positions by a few digits, not by one per block.
pub fn run(lo: Option<&str>, hi: Option<&str>, n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    fill(lo, hi, n, &mut out);
    out
}

fn fill(lo: Option<&str>, hi: Option<&str>, n: usize, out: &mut Vec<String>) {
    if n == 0 {
        return;
    }
    let mid = between(lo, hi);
    let left = (n - 1) / 2;
    fill(lo, Some(&mid), left, out);
    out.push(mid.clone());
    fill(Some(&mid), hi, n - 1 - left, out);
}

/// `n` evenly spaced positions in increasing order, all of the same short length:
/// what an import uses so a long document does not get long positions.
pub fn spread(n: usize) -> Vec<String> {
    let mut width = 1;
    let mut room = BASE as u128;
    while room < (n as u128 + 1) * 4 {
        width += 1;
        room *= BASE as u128;
    }
    let step = room / (n as u128 + 1);
    (1..=n as u128)
        .map(|i| {
            let mut v = i * step;
            let mut digits = vec![0usize; width];
            for slot in digits.iter_mut().rev() {
                *slot = (v % BASE as u128) as usize;
                v /= BASE as u128;
            }
            while digits.len() > 1 && digits.last() == Some(&0) {
                digits.pop();
            }
            digits.into_iter().map(|d| DIGITS[d] as char).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(lo: Option<&str>, hi: Option<&str>, expected: &str) {
        let got = between(lo, hi);
        assert_eq!(got, expected, "between({lo:?}, {hi:?})");
        if let Some(lo) = lo {
            assert!(lo < got.as_str());
        }
        if let Some(hi) = hi {
            assert!(got.as_str() < hi);
        }
    }

    #[test]
    fn table() {
        check(None, None, "V");
        check(Some("V"), None, "k");
        check(None, Some("V"), "F");
        check(Some("a"), Some("b"), "aV");
        check(Some("a"), Some("a1"), "a0V");
        check(Some("az"), Some("b"), "azV");
        check(Some("z"), None, "zV");
        check(None, Some("1"), "0V");
    }

    #[test]
    fn run_is_sorted_inside_its_bounds_and_short() {
        for (lo, hi) in [
            (None, None),
            (Some("a"), Some("b")),
            (Some("a"), Some("a1")),
            (None, Some("1")),
        ] {
            let keys = run(lo, hi, 1000);
            assert_eq!(keys.len(), 1000);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{lo:?} {hi:?}");
            assert!(lo.is_none_or(|lo| lo < keys[0].as_str()));
            assert!(hi.is_none_or(|hi| keys[999].as_str() < hi));
            assert!(
                keys.iter().all(|k| k.len() <= 16),
                "{:?}",
                keys.iter().map(String::len).max()
            );
        }
    }

    #[test]
    fn spread_is_sorted_and_short() {
        let keys = spread(10_000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 4 && !k.ends_with('0')));
    }

    proptest! {
        #[test]
        fn always_strictly_between(inserts in proptest::collection::vec(0usize..1000, 1..200)) {
            let mut keys: Vec<String> = Vec::new();
            for i in inserts {
                let at = i % (keys.len() + 1);
                let lo = if at == 0 { None } else { Some(keys[at - 1].as_str()) };
                let hi = keys.get(at).map(String::as_str);
                let k = between(lo, hi);
                prop_assert!(lo.is_none_or(|lo| lo < k.as_str()));
                prop_assert!(hi.is_none_or(|hi| k.as_str() < hi));
                prop_assert!(!k.ends_with('0'));
                keys.insert(at, k);
            }
        }
    }
}
