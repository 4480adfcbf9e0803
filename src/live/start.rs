//! How the live read models start: from the newest readable snapshot and
//! the events after it, or rebuilt from the whole log; either way the
//! board's history and the as-of clocks follow the model event by event.

use std::sync::Arc;

use super::Live;
use super::snapshot::{self, Start};
use crate::audit::asof::Past;
use crate::board::history::History;
use crate::events::{DomainEvent, PersonalData};
use crate::log::{EventLog, LogError, Position, RecordedEvent};
use crate::projections::{Follower, Model, fold_log};

/// How many of the newest events a rebuild derives every board frame of.
pub const BOARD_TAIL: Position = 50_000;

/// What follows the model during a fold: the board's history, and the
/// as-of clocks if given.
struct Followers<'a> {
    board: &'a mut History,
    past: Option<&'a Past>,
}

impl Follower for Followers<'_> {
    fn applied(&mut self, model: &Model, event: &RecordedEvent, domain: Option<&DomainEvent>) {
        if let Some(domain) = domain {
            self.board.follow(model, event, domain);
        }
        if let Some(past) = self.past {
            past.record(event);
        }
    }
}

/// Builds the model and the board from the whole log (for tests and
/// benchmarks).
pub async fn rebuild(log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>) -> Result<Live, LogError> {
    rebuild_with_tail(log, keys, None, BOARD_TAIL).await
}

/// Builds the model and the board from the whole log (placing every event
/// on `past`'s clocks too, if given), deriving every board frame of the
/// newest `tail` events only.
pub async fn rebuild_with_tail(
    log: Arc<dyn EventLog>,
    keys: Arc<dyn PersonalData>,
    past: Option<&Past>,
    tail: Position,
) -> Result<Live, LogError> {
    fold_live(Live::default(), log.as_ref(), keys.as_ref(), past, tail).await
}

/// Folds every event of the log after `live`'s position into the model,
/// the board following (and `past`'s clocks), deriving the board's frames
/// of the newest `tail` events only. The board's memory starts there:
/// older frames are read from the log when asked for, and of the older
/// capacity announcements only each slot's latest is derived, once, at the
/// end (deriving and encoding every frame was most of a rebuild's time).
pub async fn fold_live(
    live: Live,
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    past: Option<&Past>,
    tail: Position,
) -> Result<Live, LogError> {
    let Live { model, mut board } = live;
    let start = log.last_position().saturating_sub(tail);
    if start > model.position {
        board.start_after(start);
    }
    let model = fold_log(model, log, keys, &mut Followers { board: &mut board, past }).await?;
    let pending = board.take_pending();
    for event in crate::audit::asof::fetch(log, pending).await? {
        if let Ok(domain) = crate::events::decode(&event.event_type, event.schema, &event.payload, keys)
            && let Some(frame) = crate::board::frame::derive(&model, &event, &domain)
        {
            board.remember(frame);
        }
    }
    Ok(Live { model, board })
}

/// The model and board from the log's newest readable snapshot and the
/// events after it, or rebuilt from the whole log; and how it started.
pub(super) async fn load_or_rebuild(
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    past: &Past,
) -> Result<(Live, Start), LogError> {
    if let Some(loaded) = snapshot::load(log, keys, past).await {
        let from = loaded.model.position;
        let mut live = fold_live(loaded, log, keys, Some(past), BOARD_TAIL).await?;
        live.model.mature(chrono::Utc::now());
        let start = Start { snapshot: Some(from), folded: live.model.position - from };
        return Ok((live, start));
    }
    let live = fold_live(Live::default(), log, keys, Some(past), BOARD_TAIL).await?;
    let start = Start { snapshot: None, folded: live.model.position };
    Ok((live, start))
}
