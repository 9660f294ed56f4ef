//! How far a long import is, for a progress bar: which stage it is in and, where the stage can
//! count its work, how much of it is done.

use serde::Serialize;
use ts_rs::TS;

/// A stage of importing a file, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading the file's bytes (counted in bytes).
    Reading,
    /// Decoding and reading the text as a document (one step: the parser does not report
    /// inside it, so `done` is 0 until it ends).
    Parsing,
    /// Putting the file's pictures in the asset store (counted in pictures).
    Pictures,
    /// Appending the ops that build the document to the log (counted in ops).
    Storing,
    /// Writing the document's rows and search entries (counted in rows).
    Indexing,
}

/// One report: `done` of `total` units of `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Units done.
    #[ts(type = "number")]
    pub done: u64,
    /// Units in the stage (0: not known).
    #[ts(type = "number")]
    pub total: u64,
}

/// Calls a report function for `total` units of `stage` at most about a hundred times (each
/// whole percent), and always for the first and the last unit, so a bar moves smoothly without
/// a report per op of a 100,000-op import.
pub struct Reporter<'a> {
    report: &'a mut dyn FnMut(Progress),
    stage: Stage,
    total: u64,
    step: u64,
    next: u64,
}

impl<'a> Reporter<'a> {
    /// Starts `stage` with `total` units and reports 0 done.
    pub fn start(report: &'a mut dyn FnMut(Progress), stage: Stage, total: u64) -> Reporter<'a> {
        report(Progress {
            stage,
            done: 0,
            total,
        });
        Reporter {
            report,
            stage,
            total,
            step: (total / 100).max(1),
            next: 1,
        }
    }

    /// `done` units are done now.
    pub fn at(&mut self, done: u64) {
        if done >= self.next || done == self.total {
            self.next = done + self.step;
            (self.report)(Progress {
                stage: self.stage,
                done,
                total: self.total,
            });
        }
    }
}
