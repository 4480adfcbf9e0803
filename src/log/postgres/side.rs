//! Stores beside the log in the `side` table, one name per store, shared
//! by every node on the database (a session started on one node is known
//! on all). Some callers read and write synchronously (the personal-data
//! keys, while an event is sealed or opened): they wait on a plain channel
//! for a task on the log's runtime, never entering a runtime themselves.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tokio_postgres::Client;

use super::connect::Connector;
use crate::log::side::SideStore;

/// The most jobs waiting for the stores' task: while the database cannot
/// be reached, it works through them one connection attempt at a time.
pub const QUEUE: usize = 4096;

/// What one job asks.
enum Op {
    Get(Vec<u8>),
    InsertNew(Vec<u8>, Vec<u8>),
    Put(Vec<u8>, Vec<u8>),
    Replace(Vec<u8>, Vec<u8>),
    Swap(Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>),
    Delete(Vec<u8>),
    Entries,
    Len,
}

/// What a job answers.
enum Out {
    Value(Option<Vec<u8>>),
    Swapped(bool),
    Entries(Vec<crate::log::side::Entry>),
    Len(usize),
}

enum Reply {
    Blocking(std::sync::mpsc::SyncSender<Result<Out, String>>),
    Async(oneshot::Sender<Result<Out, String>>),
}

/// One request to the stores' task.
pub struct Job {
    store: Arc<str>,
    op: Op,
    reply: Reply,
}

/// Serves the stores' jobs on the log's runtime, each as a task of its
/// own over one shared connection (queries are pipelined), until every
/// store is dropped.
pub async fn serve(connector: Connector, mut jobs: mpsc::Receiver<Job>) {
    let mut client: Option<Arc<Client>> = None;
    while let Some(job) = jobs.recv().await {
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            client = connector.connect().await.map(Arc::new).ok();
        }
        let Some(shared) = client.clone() else {
            answer(job.reply, Err("PostgreSQL cannot be reached".into()));
            continue;
        };
        tokio::spawn(async move {
            let out = run(&shared, &job.store, job.op).await.map_err(|e| format!("PostgreSQL: {e}"));
            answer(job.reply, out);
        });
    }
}

fn answer(reply: Reply, out: Result<Out, String>) {
    match reply {
        Reply::Blocking(to) => {
            let _ = to.send(out);
        }
        Reply::Async(to) => {
            let _ = to.send(out);
        }
    }
}

async fn run(client: &Client, store: &str, op: Op) -> Result<Out, tokio_postgres::Error> {
    let value = |row: Option<tokio_postgres::Row>| Out::Value(row.and_then(|r| r.get::<_, Option<Vec<u8>>>(0)));
    Ok(match op {
        Op::Get(key) => {
            value(client.query_opt("SELECT value FROM side WHERE store = $1 AND key = $2", &[&store, &key]).await?)
        }
        Op::InsertNew(key, new) => {
            let inserted = client
                .execute(
                    "INSERT INTO side (store, key, value) VALUES ($1, $2, $3) ON CONFLICT (store, key) DO NOTHING",
                    &[&store, &key, &new],
                )
                .await?;
            if inserted == 1 {
                Out::Value(None)
            } else {
                value(client.query_opt("SELECT value FROM side WHERE store = $1 AND key = $2", &[&store, &key]).await?)
            }
        }
        Op::Put(key, new) => {
            client
                .execute(
                    "INSERT INTO side (store, key, value) VALUES ($1, $2, $3) \
                     ON CONFLICT (store, key) DO UPDATE SET value = EXCLUDED.value",
                    &[&store, &key, &new],
                )
                .await?;
            Out::Value(None)
        }
        Op::Replace(key, new) => value(
            client
                .query_opt(
                    "WITH old AS (SELECT value FROM side WHERE store = $1 AND key = $2) \
                     INSERT INTO side (store, key, value) VALUES ($1, $2, $3) \
                     ON CONFLICT (store, key) DO UPDATE SET value = EXCLUDED.value \
                     RETURNING (SELECT value FROM old)",
                    &[&store, &key, &new],
                )
                .await?,
        ),
        Op::Swap(key, old, new) => Out::Swapped(swap(client, store, &key, old, new).await?),
        Op::Delete(key) => {
            client.execute("DELETE FROM side WHERE store = $1 AND key = $2", &[&store, &key]).await?;
            Out::Value(None)
        }
        Op::Entries => Out::Entries(
            client
                .query("SELECT key, value FROM side WHERE store = $1 ORDER BY key", &[&store])
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect(),
        ),
        Op::Len => {
            let count: i64 = client.query_one("SELECT count(*) FROM side WHERE store = $1", &[&store]).await?.get(0);
            Out::Len(count as usize)
        }
    })
}

/// Sets `key` to `new` (removes it if `None`) if its value is `old`
/// (`None`: it has none), in one statement; whether it was.
async fn swap(
    client: &Client,
    store: &str,
    key: &[u8],
    old: Option<Vec<u8>>,
    new: Option<Vec<u8>>,
) -> Result<bool, tokio_postgres::Error> {
    let changed = match (old, new) {
        (None, Some(new)) => {
            client
                .execute(
                    "INSERT INTO side (store, key, value) VALUES ($1, $2, $3) ON CONFLICT (store, key) DO NOTHING",
                    &[&store, &key, &new],
                )
                .await?
        }
        (Some(old), Some(new)) => {
            client
                .execute(
                    "UPDATE side SET value = $4 WHERE store = $1 AND key = $2 AND value = $3",
                    &[&store, &key, &old, &new],
                )
                .await?
        }
        (Some(old), None) => {
            client
                .execute("DELETE FROM side WHERE store = $1 AND key = $2 AND value = $3", &[&store, &key, &old])
                .await?
        }
        (None, None) => {
            let held = client.query_opt("SELECT 1 FROM side WHERE store = $1 AND key = $2", &[&store, &key]).await?;
            u64::from(held.is_none())
        }
    };
    Ok(changed == 1)
}

/// One named store in the `side` table.
#[derive(Clone)]
pub struct PgSide {
    store: Arc<str>,
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for PgSide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgSide({})", self.store)
    }
}

impl PgSide {
    /// The store `name`, served by the task behind `jobs`.
    pub fn new(name: &str, jobs: mpsc::Sender<Job>) -> Self {
        Self { store: Arc::from(name), jobs }
    }

    fn blocking(&self, op: Op) -> Result<Out, String> {
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        let job = Job { store: Arc::clone(&self.store), op, reply: Reply::Blocking(reply) };
        // A caller that may not wait for room (it blocks its thread) is
        // refused when the queue is full.
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => {
                format!("{QUEUE} requests already wait for the database; try again shortly")
            }
            mpsc::error::TrySendError::Closed(_) => "the log is closed".to_owned(),
        })?;
        answer.recv().map_err(|_| "the log is closed".to_owned())?
    }

    async fn asking(&self, op: Op) -> Result<Out, String> {
        let (reply, answer) = oneshot::channel();
        let job = Job { store: Arc::clone(&self.store), op, reply: Reply::Async(reply) };
        self.jobs.send(job).await.map_err(|_| "the log is closed".to_owned())?;
        answer.await.map_err(|_| "the log is closed".to_owned())?
    }
}

fn value(out: Out) -> Option<Vec<u8>> {
    match out {
        Out::Value(v) => v,
        _ => None,
    }
}

#[async_trait::async_trait]
impl SideStore for PgSide {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
        self.blocking(Op::Get(key.to_vec())).map(value)
    }

    async fn fetch(&self, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
        self.asking(Op::Get(key.to_vec())).await.map(value)
    }

    fn insert_new(&self, key: &[u8], new: &[u8]) -> Result<Option<Vec<u8>>, String> {
        self.blocking(Op::InsertNew(key.to_vec(), new.to_vec())).map(value)
    }

    fn replace(&self, key: &[u8], new: &[u8]) -> Result<Option<Vec<u8>>, String> {
        self.blocking(Op::Replace(key.to_vec(), new.to_vec())).map(value)
    }

    fn compare_and_swap(&self, key: &[u8], old: Option<&[u8]>, new: Option<&[u8]>) -> Result<bool, String> {
        match self.blocking(Op::Swap(key.to_vec(), old.map(<[u8]>::to_vec), new.map(<[u8]>::to_vec)))? {
            Out::Swapped(swapped) => Ok(swapped),
            _ => Err("PostgreSQL: an unexpected answer to a compare-and-swap".into()),
        }
    }

    async fn put(&self, key: &[u8], new: &[u8]) -> Result<(), String> {
        self.asking(Op::Put(key.to_vec(), new.to_vec())).await.map(|_| ())
    }

    async fn delete(&self, key: &[u8]) -> Result<(), String> {
        self.asking(Op::Delete(key.to_vec())).await.map(|_| ())
    }

    fn remove(&self, key: &[u8]) -> Result<(), String> {
        self.blocking(Op::Delete(key.to_vec())).map(|_| ())
    }

    fn entries(&self) -> Result<Vec<crate::log::side::Entry>, String> {
        match self.blocking(Op::Entries)? {
            Out::Entries(entries) => Ok(entries),
            _ => Ok(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        match self.blocking(Op::Len) {
            Ok(Out::Len(n)) => n,
            _ => 0,
        }
    }
}
