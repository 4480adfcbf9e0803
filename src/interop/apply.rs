//! An import carried out: the commands of [`super::import::plan`] run as
//! ordinary commands authored by the importing user, record by record, in
//! the plan's order (code lists, actors, needs, platforms). The first
//! command to each stream carries the version the stream had when the
//! report was made, so a change made meanwhile stops the import at that
//! record instead of being overwritten. With an
//! idempotency key, every command gets its own key derived from it, so an
//! import sent again after a lost answer (or an interruption) writes only
//! what had not been written; without one, running it again writes only
//! the differences that remain, which is nothing once it has finished.

use uuid::Uuid;

use super::import::{Planned, Writes};
use crate::app::{App, AppError, Meta, Written};
use crate::domain::ids::Slug;

/// What an import wrote.
#[derive(Clone, Debug, Default, serde::Serialize, schemars::JsonSchema)]
pub struct Applied {
    /// Records written to (actors, platforms, forms, activities, terms,
    /// categories).
    pub records: usize,
    /// Commands run that wrote events.
    pub commands: usize,
    /// The log position of the last write (0: nothing written); read with
    /// `min_position` to see the import.
    pub position: u64,
}

/// Why an import stopped part of the way.
#[derive(Debug)]
pub struct Stopped {
    /// What had been written before it stopped.
    pub applied: Applied,
    /// The record it stopped at.
    pub record: Uuid,
    /// Why.
    pub error: AppError,
}

/// The key of `command`, the `index`th of `record`, in an import sent with
/// `key`: the command's content is part of it, so a retry planned against
/// a partly imported network (whose remaining commands differ) is never
/// mistaken for the commands already written.
fn command_key(key: Uuid, record: Uuid, index: usize, command: &Planned) -> Uuid {
    use sha2::{Digest, Sha256};
    let hash: [u8; 32] = Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update(format!("{record}/{index}/{command:?}"))
        .finalize()
        .into();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Runs one planned command.
async fn run(app: &App, slug: &Slug, record: Uuid, command: &Planned, meta: Meta) -> Result<Written, AppError> {
    match command {
        Planned::Network(c) => app.network(slug, c.clone(), &meta).await,
        Planned::Actor(c) => app.actor(slug, record, c.clone(), &meta).await,
        Planned::Needs(c) => app.needs(slug, c.clone(), &meta).await,
        Planned::Platform(c, at) => app.platform(slug, record, c.clone(), &Meta { effective_at: *at, ..meta }).await,
    }
}

/// Runs `writes` on network `slug` as `author`; `progress` hears (done,
/// total) after each record.
pub async fn apply(
    app: &App,
    slug: &Slug,
    writes: &Writes,
    author: &str,
    key: Option<Uuid>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Applied, Box<Stopped>> {
    let mut applied = Applied::default();
    let total = writes.steps.len();
    for (done, step) in writes.steps.iter().enumerate() {
        let mut wrote = false;
        for (index, command) in step.commands.iter().enumerate() {
            let meta = Meta {
                author: author.to_owned(),
                expected: if index == 0 { step.expected } else { None },
                idempotency_key: key.map(|k| command_key(k, step.record, index, command)),
                ..Meta::default()
            };
            match run(app, slug, step.record, command, meta).await {
                Ok(written) => {
                    if written.position > applied.position {
                        applied.position = written.position;
                        applied.commands += 1;
                        wrote = true;
                    }
                }
                Err(error) => return Err(Box::new(Stopped { applied, record: step.record, error })),
            }
        }
        applied.records += usize::from(wrote);
        progress(done + 1, total);
    }
    Ok(applied)
}
