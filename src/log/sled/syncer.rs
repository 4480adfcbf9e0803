//! The second stage of the write path (see `writer.rs`): makes applied
//! batches durable, then, in order, publishes them and answers their
//! appends. No append is answered, and no reader or subscriber sees an
//! event, before a flush that covers it has returned.
//!
//! Several syncer threads take turns: each takes every batch waiting (a
//! *round*, numbered in the order the writer applied them), flushes, and
//! then waits for the previous round to be published before publishing its
//! own. Flushes of consecutive rounds thus overlap on the disk, which serves
//! two writes at once nearly as fast as one. Overlap is safe because sled's
//! `flush` returns only once *everything* written before it is stable, and
//! `fdatasync` covers every write to the file that completed before it.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, mpsc as std_mpsc};
use std::time::Instant;

use tokio::sync::{broadcast, oneshot};

use super::writer::{Answer, Reply, Shared, SyncMode};
use crate::log::CommittedBatch;
use crate::log::error::{AppendError, LogError};
use crate::log::types::RecordedEvent;

/// A batch the writer applied to sled, waiting to become durable.
#[derive(Default)]
pub(super) struct Applied {
    /// The events written, in position order (may be empty).
    pub events: Vec<Arc<RecordedEvent>>,
    /// Every append of the batch with its answer, sent once durable.
    pub answers: Vec<(Reply, Answer)>,
    /// Set on the last batch before shutdown: answered after the final flush.
    pub close: Option<oneshot::Sender<Result<(), LogError>>>,
}

/// What the syncer threads share.
pub(super) struct Syncers {
    db: sled::Db,
    dir: PathBuf,
    sync: SyncMode,
    shared: Arc<Shared>,
    live: broadcast::Sender<CommittedBatch>,
    data_file: Option<File>,
    batches: Mutex<std_mpsc::Receiver<Applied>>,
    /// Rounds taken so far (the next round's number).
    taken: Mutex<u64>,
    /// Rounds published so far; a round waits here for its predecessor.
    published: Mutex<u64>,
    turn: Condvar,
    synced_blobs: Mutex<HashSet<OsString>>,
}

impl Syncers {
    /// Syncers for the log in `dir`, taking batches from `batches` and
    /// publishing to `live`.
    pub fn new(
        db: sled::Db,
        dir: PathBuf,
        sync: SyncMode,
        shared: Arc<Shared>,
        live: broadcast::Sender<CommittedBatch>,
        batches: std_mpsc::Receiver<Applied>,
    ) -> Result<Self, LogError> {
        let data_file = match sync {
            SyncMode::Flush => None,
            SyncMode::Fdatasync => Some(
                File::open(dir.join("db"))
                    .map_err(|e| LogError::Storage(format!("cannot open sled's data file: {e}")))?,
            ),
        };
        Ok(Self {
            db,
            dir,
            sync,
            shared,
            live,
            data_file,
            batches: Mutex::new(batches),
            taken: Mutex::new(0),
            published: Mutex::new(0),
            turn: Condvar::new(),
            synced_blobs: Mutex::new(HashSet::new()),
        })
    }

    /// One syncer thread's loop: runs until the writer hands over a close or
    /// goes away.
    pub fn run(&self) {
        loop {
            let Some((number, round)) = self.take_round() else {
                return;
            };
            let written = round.iter().any(|b| !b.events.is_empty());
            let durable = if written { self.make_durable() } else { Ok(()) };
            let mut published = lock(&self.published);
            while *published != number {
                published = self.turn.wait(published).unwrap_or_else(|e| e.into_inner());
            }
            let mut last = false;
            for batch in round {
                last |= self.finish(batch, &durable);
            }
            *published += 1;
            self.turn.notify_all();
            if last {
                return;
            }
        }
    }

    /// Takes every batch waiting (at least one) and numbers the round.
    fn take_round(&self) -> Option<(u64, Vec<Applied>)> {
        let batches = lock(&self.batches);
        let first = batches.recv().ok()?;
        let mut round = vec![first];
        round.extend(batches.try_iter());
        let mut taken = lock(&self.taken);
        let number = *taken;
        *taken += 1;
        Some((number, round))
    }

    /// Publishes and answers one batch; true if it was the last.
    fn finish(&self, batch: Applied, durable: &Result<(), String>) -> bool {
        // A failure in any round fails every round after it, so the committed
        // position can never jump over events that are not durable.
        let failure = durable.clone().err().or_else(|| self.shared.failure());
        match failure {
            None => {
                if let Some(last) = batch.events.last() {
                    self.shared.events.fetch_add(batch.events.len() as u64, Ordering::Relaxed);
                    self.shared.batches.fetch_add(1, Ordering::Relaxed);
                    // Readers first, then subscribers: a subscriber that finds
                    // a gap in the live feed re-reads the log and must find
                    // the events there.
                    self.shared.committed.store(last.position, Ordering::Release);
                    let _ = self.live.send(batch.events.into());
                }
                for (reply, answer) in batch.answers {
                    let _ = reply.send(answer);
                }
            }
            Some(reason) => {
                *lock(&self.shared.failed) = Some(reason.clone());
                for (reply, _) in batch.answers {
                    let _ = reply.send(Err(AppendError::Storage(reason.clone())));
                }
            }
        }
        match batch.close {
            Some(done) => {
                let flushed = self.db.flush().map(drop).map_err(LogError::from);
                let _ = done.send(flushed);
                true
            }
            None => false,
        }
    }

    /// One flush (and sync) for everything applied so far; the error text
    /// says what failed.
    fn make_durable(&self) -> Result<(), String> {
        let started = Instant::now();
        self.db.flush().map_err(|e| format!("flushing the batch failed: {e}"))?;
        if self.sync == SyncMode::Fdatasync {
            self.sync_files().map_err(|e| format!("fdatasync failed: {e}"))?;
        }
        self.shared.commit_times.record(started.elapsed());
        Ok(())
    }

    /// `fdatasync` of sled's data file, and `fsync` of any blob file sled
    /// wrote since the last commit (sled writes blobs without syncing them).
    fn sync_files(&self) -> std::io::Result<()> {
        if let Some(file) = &self.data_file {
            file.sync_data()?;
        }
        let blobs = self.dir.join("blobs");
        let Ok(entries) = std::fs::read_dir(&blobs) else {
            return Ok(()); // no blob was ever written
        };
        let mut synced = lock(&self.synced_blobs);
        let mut new_blob = false;
        for entry in entries {
            let entry = entry?;
            if !synced.contains(&entry.file_name()) {
                File::open(entry.path())?.sync_all()?;
                synced.insert(entry.file_name());
                new_blob = true;
            }
        }
        if new_blob {
            File::open(&blobs)?.sync_all()?;
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
