//! An import carried out: the commands of [`super::import::plan`] run as
//! ordinary commands authored by the importing user, actor by actor, in the
//! workbook's order. Each actor's first command carries the version its
//! stream had when the report was made, so a change made meanwhile stops
//! the import at that actor instead of being overwritten. With an
//! idempotency key, every command gets its own key derived from it, so an
//! import sent again after a lost answer (or an interruption) writes only
//! what had not been written; without one, running it again writes only
//! the differences that remain, which is nothing once it has finished.

use uuid::Uuid;

use super::import::Writes;
use crate::app::{App, AppError, Meta};
use crate::domain::actor::ActorCommand;
use crate::domain::ids::Slug;

/// What an import wrote.
#[derive(Clone, Debug, Default, serde::Serialize, schemars::JsonSchema)]
pub struct Applied {
    /// Actors written to.
    pub actors: usize,
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
    /// The actor it stopped at.
    pub actor: Uuid,
    /// Why.
    pub error: AppError,
}

/// The key of `command`, the `index`th of `actor`, in an import sent with
/// `key`: the command's content is part of it, so a retry planned against
/// a partly imported network (whose remaining commands differ) is never
/// mistaken for the commands already written.
fn command_key(key: Uuid, actor: Uuid, index: usize, command: &ActorCommand) -> Uuid {
    use sha2::{Digest, Sha256};
    let hash: [u8; 32] = Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update(format!("{actor}/{index}/{command:?}"))
        .finalize()
        .into();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Runs `writes` on network `slug` as `author`; `progress` hears (done,
/// total) after each actor.
pub async fn apply(
    app: &App,
    slug: &Slug,
    writes: &Writes,
    author: &str,
    key: Option<Uuid>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Applied, Box<Stopped>> {
    let mut applied = Applied::default();
    let total = writes.actors.len();
    for (done, (actor, version, commands)) in writes.actors.iter().enumerate() {
        let mut wrote = false;
        for (index, command) in commands.iter().enumerate() {
            let meta = Meta {
                author: author.to_owned(),
                expected: if index == 0 { *version } else { None },
                idempotency_key: key.map(|k| command_key(k, *actor, index, command)),
                ..Meta::default()
            };
            match app.actor(slug, *actor, command.clone(), &meta).await {
                Ok(written) => {
                    if written.position > applied.position {
                        applied.position = written.position;
                        applied.commands += 1;
                        wrote = true;
                    }
                }
                Err(error) => return Err(Box::new(Stopped { applied, actor: *actor, error })),
            }
        }
        applied.actors += usize::from(wrote);
        progress(done + 1, total);
    }
    Ok(applied)
}
