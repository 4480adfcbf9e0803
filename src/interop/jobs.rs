//! Imports under way, for the page that follows one: each started import
//! has an id, the user who started it, how far it is (records written of
//! all) and, once it ends, what it wrote or why it stopped. Kept in memory
//! for an hour after it ends; an import itself needs nothing from here to
//! be complete (run again, it writes what remains).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::apply::Applied;
use super::import::Report;
use crate::domain::ids::Slug;

/// How long an ended import stays to be seen.
const KEPT: Duration = Duration::from_secs(3600);

/// One import.
#[derive(Clone, Debug)]
pub struct Job {
    /// Who started it.
    pub user: Uuid,
    /// The network imported into.
    pub network: Slug,
    /// The dry run's report it carries out.
    pub report: Report,
    /// Records written so far.
    pub done: usize,
    /// Records to write.
    pub total: usize,
    /// When it ended: what it wrote, or why it stopped (with what it wrote).
    pub outcome: Option<Result<Applied, (Applied, String)>>,
    ended_at: Option<Instant>,
}

/// The imports under way and recently ended.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<Uuid, Job>>,
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Job>> {
        self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a new import; its id.
    pub fn start(&self, user: Uuid, network: Slug, report: Report, total: usize) -> Uuid {
        let id = Uuid::now_v7();
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.ended_at.is_none_or(|at| at.elapsed() < KEPT));
        jobs.insert(id, Job { user, network, report, done: 0, total, outcome: None, ended_at: None });
        id
    }

    /// Notes how far import `id` is.
    pub fn progress(&self, id: Uuid, done: usize) {
        if let Some(job) = self.lock().get_mut(&id) {
            job.done = done;
        }
    }

    /// Notes how import `id` ended.
    pub fn end(&self, id: Uuid, outcome: Result<Applied, (Applied, String)>) {
        if let Some(job) = self.lock().get_mut(&id) {
            job.outcome = Some(outcome);
            job.ended_at = Some(Instant::now());
        }
    }

    /// Import `id`, if `user` started it.
    pub fn get(&self, id: Uuid, user: Uuid) -> Option<Job> {
        self.lock().get(&id).filter(|j| j.user == user).cloned()
    }
}
