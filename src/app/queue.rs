//! Writes to one record take turns, in the order they arrive: each decides
//! against a model that has applied the write before it, so concurrent
//! writers without `If-Match` (thirty services announcing capacity on one
//! shelter's record) never conflict and never see `busy`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as Turnstile, OwnedMutexGuard};

/// The turnstiles of the records being written, by record.
#[derive(Debug, Default)]
pub struct Queues {
    records: Mutex<HashMap<String, Arc<Turnstile<()>>>>,
}

/// A writer's turn at one record; the next in line goes when it is dropped.
#[derive(Debug)]
pub struct Turn<'a> {
    queues: &'a Queues,
    record: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Queues {
    /// Waits for the turn at `record` (first come, first served).
    pub async fn turn(&self, record: &str) -> Turn<'_> {
        let turnstile = {
            let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(records.entry(record.to_owned()).or_default())
        };
        let guard = turnstile.lock_owned().await;
        Turn { queues: self, record: record.to_owned(), guard: Some(guard) }
    }

    /// How many records have writers waiting or writing.
    pub fn busy_records(&self) -> usize {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut records = self.queues.records.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map holds it: nobody waits, so the record leaves the map.
        if records.get(&self.record).is_some_and(|t| Arc::strong_count(t) == 1) {
            records.remove(&self.record);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn writers_of_one_record_take_turns_in_arrival_order_and_the_map_empties() {
        let queues = Arc::new(Queues::default());
        let order = Arc::new(Mutex::new(Vec::new()));
        let first = queues.turn("actor-1").await;
        let mut waiting = Vec::new();
        for n in 0..5 {
            let (queues, order) = (Arc::clone(&queues), Arc::clone(&order));
            waiting.push(tokio::spawn(async move {
                let _turn = queues.turn("actor-1").await;
                order.lock().unwrap().push(n);
            }));
            // Let each one queue before the next arrives.
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let other = queues.turn("actor-2").await;
        assert!(order.lock().unwrap().is_empty(), "nobody passed the first writer");
        drop(other);
        drop(first);
        for task in waiting {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3, 4]);
        assert_eq!(queues.busy_records(), 0);
    }
}
