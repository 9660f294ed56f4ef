//! When to sync again, for every loop that keeps a library synced (`roundtable sync
//! --watch`, the app's sync thread): on a file event (only a hint that something may have
//! changed; the rescan decides), every rescan period (network shares send no events), when
//! the machine wakes from sleep, and after a failed pass, again after a back-off that grows
//! with each failure in a row. A failure never ends the loop: the library may be locked for
//! a while by an import, the folder read-only or unplugged, and all of these pass.
//!
//! The edges own the file watcher and feed its events into the channel given to
//! [`Schedule::wait`]; the core holds no thread and no watcher.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

/// How often the folder is rescanned without any event.
pub const RESCAN: Duration = Duration::from_secs(30);

/// How often the clocks are compared to notice that the machine slept.
pub const TICK: Duration = Duration::from_secs(5);

/// How long a burst of file events (a sync tool writing several files) is left to settle
/// before the pass, so that it makes one pass rather than one per file.
pub const SETTLE: Duration = Duration::from_millis(150);

/// The first retry after a failure; each further failure in a row doubles it, up to the
/// rescan period.
pub const FIRST_RETRY: Duration = Duration::from_secs(1);

/// Why [`Schedule::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A file event or a request (after the burst settled).
    Changed,
    /// The rescan period (or, after a failure, the back-off) passed.
    Rescan,
    /// The machine slept: a teammate's edits may have landed meanwhile, and the file events
    /// of a resumed network share are not reliable.
    Slept,
    /// Every sender of the channel is gone: the program is closing.
    Closed,
}

/// Whether the machine slept between two looks at the clocks: the wall clock went on while
/// the monotonic one (which stops in suspend on Linux and macOS) did not. Ten seconds of
/// slack for NTP steps and a busy machine.
pub fn slept(wall: Duration, monotonic: Duration) -> bool {
    wall > monotonic + Duration::from_secs(10)
}

/// The wait before the next pass after `failures` failed passes in a row: 1 s, 2 s, 4 s…,
/// never more than `rescan`, so a failure is never retried later than a rescan would be.
pub fn backoff(failures: u32, rescan: Duration) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    FIRST_RETRY
        .saturating_mul(1u32 << (failures - 1).min(16))
        .min(rescan)
}

/// The state of one sync loop: its rescan period and how many passes failed in a row.
#[derive(Debug, Clone)]
pub struct Schedule {
    rescan: Duration,
    failures: u32,
}

impl Schedule {
    /// A loop that rescans every `rescan` without events.
    pub fn new(rescan: Duration) -> Schedule {
        Schedule {
            rescan: rescan.max(Duration::from_millis(50)),
            failures: 0,
        }
    }

    /// The last pass worked: back to waiting for events and the rescan period.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }

    /// The last pass failed; returns how long until the next try.
    pub fn failed(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        backoff(self.failures, self.rescan)
    }

    /// Failed passes in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Waits for the next pass. While backing off from a failure, file events do not cut
    /// the wait short (a failing pass that wrote part of its files would otherwise wake
    /// itself at once, over and over); a wake from sleep always does.
    pub fn wait(&self, rx: &Receiver<()>) -> Wake {
        let start = Instant::now();
        let (period, events) = if self.failures == 0 {
            (self.rescan, true)
        } else {
            (backoff(self.failures, self.rescan), false)
        };
        loop {
            let left = period.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Wake::Rescan;
            }
            let (wall, mono) = (SystemTime::now(), Instant::now());
            match rx.recv_timeout(TICK.min(left)) {
                Ok(()) if events => {
                    std::thread::sleep(SETTLE);
                    while rx.try_recv().is_ok() {}
                    return Wake::Changed;
                }
                Ok(()) => {}
                Err(RecvTimeoutError::Disconnected) => return Wake::Closed,
                Err(RecvTimeoutError::Timeout) => {
                    if slept(wall.elapsed().unwrap_or_default(), mono.elapsed()) {
                        return Wake::Slept;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_wall_clock_far_ahead_of_the_monotonic_one_means_the_machine_slept() {
        fn check(wall_s: u64, monotonic_s: u64, expected: bool) {
            let (wall, mono) = (
                Duration::from_secs(wall_s),
                Duration::from_secs(monotonic_s),
            );
            assert_eq!(
                slept(wall, mono),
                expected,
                "{wall_s} s wall, {monotonic_s} s monotonic"
            );
        }
        check(5, 5, false);
        check(6, 5, false); // an NTP step or a busy machine
        check(15, 5, false);
        check(16, 5, true);
        check(3_600, 5, true); // an hour with the lid closed
        check(0, 5, false); // the wall clock set back
    }

    #[test]
    fn failures_back_off_up_to_the_rescan_period() {
        let s = |n| backoff(n, RESCAN).as_secs();
        assert_eq!(
            [s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(100)],
            [0, 1, 2, 4, 8, 16, 30, 30]
        );
        assert_eq!(
            backoff(3, Duration::from_millis(200)),
            Duration::from_millis(200)
        );
        let mut schedule = Schedule::new(RESCAN);
        assert_eq!(schedule.failed(), Duration::from_secs(1));
        assert_eq!(schedule.failed(), Duration::from_secs(2));
        schedule.succeeded();
        assert_eq!(schedule.failures(), 0);
    }

    #[test]
    fn events_wake_the_loop_except_while_backing_off() {
        let (tx, rx) = mpsc::channel();
        let mut schedule = Schedule::new(Duration::from_secs(20));
        tx.send(()).expect("send");
        tx.send(()).expect("send");
        assert_eq!(schedule.wait(&rx), Wake::Changed);
        assert!(rx.try_recv().is_err(), "the burst was taken as one");

        // Backing off: the event waits for the retry, 1 s later.
        schedule.failed();
        tx.send(()).expect("send");
        let start = Instant::now();
        assert_eq!(schedule.wait(&rx), Wake::Rescan);
        assert!(start.elapsed() >= FIRST_RETRY, "{:?}", start.elapsed());

        drop(tx);
        schedule.succeeded();
        assert_eq!(schedule.wait(&rx), Wake::Closed);
    }
}
