//! The replayed states (with merge registers) of the documents used last, each tagged with
//! the log version it was built from.
//!
//! Bounded: a bulk import or a first sync touches every document once, and keeping every
//! state made memory grow with the library (5.7 GB at 10,000 documents).

use std::collections::HashMap;

use uuid::Uuid;

use crate::ops::DocState;

/// How many documents' states are kept: an editor has one or two open, sync works on the
/// documents of one segment at a time.
const CAPACITY: usize = 64;

/// The states of the documents used last, the least recently used dropped first.
#[derive(Default)]
pub(crate) struct StateCache {
    /// Per document: the log version, the state, and when it was last used.
    states: HashMap<Uuid, (i64, DocState, u64)>,
    clock: u64,
}

impl StateCache {
    /// The state of `doc` if it was built from log version `version`.
    pub(super) fn get(&mut self, doc: Uuid, version: i64) -> Option<DocState> {
        self.clock += 1;
        let clock = self.clock;
        match self.states.get_mut(&doc) {
            Some((v, state, used)) if *v == version => {
                *used = clock;
                Some(state.clone())
            }
            _ => None,
        }
    }

    /// The state of `doc` if it was built from log version `version`, removed from the cache.
    pub(super) fn take(&mut self, doc: Uuid, version: i64) -> Option<DocState> {
        match self.states.remove(&doc) {
            Some((v, state, _)) if v == version => Some(state),
            _ => None,
        }
    }

    /// Keeps `state` as `doc`'s at log version `version`, dropping the least recently used
    /// state when full.
    pub(super) fn insert(&mut self, doc: Uuid, version: i64, state: DocState) {
        self.clock += 1;
        if self.states.len() >= CAPACITY
            && !self.states.contains_key(&doc)
            && let Some(oldest) = self
                .states
                .iter()
                .min_by_key(|(_, (_, _, used))| *used)
                .map(|(d, _)| *d)
        {
            self.states.remove(&oldest);
        }
        self.states.insert(doc, (version, state, self.clock));
    }

    /// Forgets every state.
    pub(super) fn clear(&mut self) {
        self.states.clear();
    }

    /// How many states are kept.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.states.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_its_capacity_dropping_the_least_recently_used() {
        let mut cache = StateCache::default();
        let first = Uuid::new_v4();
        cache.insert(first, 1, DocState::empty(first));
        for _ in 0..CAPACITY * 3 {
            let doc = Uuid::new_v4();
            cache.insert(doc, 1, DocState::empty(doc));
            // Used all along: never the oldest.
            assert!(cache.get(first, 1).is_some());
        }
        assert_eq!(cache.len(), CAPACITY);
        assert!(cache.get(first, 2).is_none(), "another version is a miss");
    }
}
