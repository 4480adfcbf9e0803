//! Equal readers and filters shared by a server thread's connections: one
//! allocation for all the connections of one user (a reader holds its
//! user, for private frames), or of every signed-out reader, and of every
//! subscription with the same filter. Thousands
//! of connections then keep one copy, and the relay decides a frame once
//! for all the subscriptions in a row that share them (`sink.rs`,
//! [`Decision`](super::sink::Decision)).
//!
//! The table holds weak references: a value lives as long as a connection
//! uses it. Entries whose value is gone are swept when the table has grown
//! to twice its size at the last sweep.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::rc::{Rc, Weak};

use super::reader::{Filter, Reader};

/// Shares equal values of `T` on one thread.
pub struct Interner<T> {
    by_hash: RefCell<HashMap<u64, Vec<Weak<T>>>>,
    hasher: RandomState,
    /// The table's size at which the next sweep runs.
    sweep_at: Cell<usize>,
}

/// Entries at which the first sweep runs.
const FIRST_SWEEP: usize = 64;

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Self { by_hash: RefCell::default(), hasher: RandomState::new(), sweep_at: Cell::new(FIRST_SWEEP) }
    }
}

impl<T: Hash + Eq> Interner<T> {
    /// The shared value equal to `value`: one already in use, or `value`,
    /// now shared.
    pub fn share(&self, value: T) -> Rc<T> {
        let hash = self.hasher.hash_one(&value);
        let mut table = self.by_hash.borrow_mut();
        let slot = table.entry(hash).or_default();
        slot.retain(|kept| kept.strong_count() > 0);
        if let Some(shared) = slot.iter().filter_map(Weak::upgrade).find(|kept| **kept == value) {
            return shared;
        }
        let shared = Rc::new(value);
        slot.push(Rc::downgrade(&shared));
        if table.len() >= self.sweep_at.get() {
            table.retain(|_, slot| {
                slot.retain(|kept| kept.strong_count() > 0);
                !slot.is_empty()
            });
            self.sweep_at.set((table.len() * 2).max(FIRST_SWEEP));
        }
        shared
    }

    /// Values in the table, gone ones included until the next sweep.
    #[cfg(test)]
    fn entries(&self) -> usize {
        self.by_hash.borrow().values().map(Vec::len).sum()
    }
}

thread_local! {
    static READERS: Interner<Reader> = Interner::default();
    static FILTERS: Interner<Filter> = Interner::default();
}

/// This thread's shared reader equal to `reader`.
pub fn reader(reader: Reader) -> Rc<Reader> {
    READERS.with(|readers| readers.share(reader))
}

/// This thread's shared filter equal to `filter`.
pub fn filter(filter: Filter) -> Rc<Filter> {
    FILTERS.with(|filters| filters.share(filter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_allocation_and_different_ones_do_not() {
        let interner = Interner::default();
        let a = interner.share(String::from("děčín"));
        let b = interner.share(String::from("děčín"));
        let c = interner.share(String::from("tachov"));
        assert!(Rc::ptr_eq(&a, &b));
        assert!(!Rc::ptr_eq(&a, &c));
        assert_eq!((a.as_str(), c.as_str()), ("děčín", "tachov"));
    }

    #[test]
    fn a_threads_equal_readers_and_filters_are_one() {
        assert!(Rc::ptr_eq(&reader(Reader::admin()), &reader(Reader::admin())));
        assert!(!Rc::ptr_eq(&reader(Reader::admin()), &reader(Reader::default())));
        assert!(Rc::ptr_eq(&filter(Filter::default()), &filter(Filter::default())));
    }

    #[test]
    fn values_no_connection_uses_are_swept() {
        let interner = Interner::default();
        for i in 0..10 * FIRST_SWEEP {
            drop(interner.share(i));
        }
        assert!(interner.entries() < 2 * FIRST_SWEEP, "{} entries kept", interner.entries());
        let kept: Vec<_> = (0..FIRST_SWEEP).map(|i| interner.share(i)).collect();
        for i in 0..10 * FIRST_SWEEP {
            drop(interner.share(10_000 + i));
        }
        // The values still in use are found again.
        for (i, value) in kept.iter().enumerate() {
            assert!(Rc::ptr_eq(value, &interner.share(i)));
        }
    }
}
