use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading: wall-clock milliseconds plus a counter for events
/// within one millisecond. Orders ops and breaks ties; never used to reject one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (at least; may run ahead of the wall clock).
    pub wall: u64,
    /// Tie-breaker within one `wall` value.
    pub logical: u32,
}

impl Hlc {
    /// The next reading after `self`, given the wall clock `now_ms`.
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.wall {
            Hlc {
                wall: now_ms,
                logical: 0,
            }
        } else {
            Hlc {
                wall: self.wall,
                logical: self.logical.saturating_add(1),
            }
        }
    }

    /// The current wall clock in milliseconds.
    pub fn now_ms() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_is_monotonic_even_when_the_clock_goes_back() {
        let a = Hlc {
            wall: 100,
            logical: 0,
        };
        assert_eq!(
            a.tick(200),
            Hlc {
                wall: 200,
                logical: 0
            }
        );
        assert_eq!(
            a.tick(100),
            Hlc {
                wall: 100,
                logical: 1
            }
        );
        assert_eq!(
            a.tick(50),
            Hlc {
                wall: 100,
                logical: 1
            }
        );
        assert!(a.tick(50) > a);
    }
}
