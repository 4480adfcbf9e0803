//! The frames after a position, for a subscriber catching up and for the
//! history endpoint: from memory when the history still holds them, else
//! read again from the log and derived with the live model (names as they
//! are now). A client that was away longer than the memory window still
//! misses nothing.

use std::sync::Arc;

use super::frame::{Frame, derive};
use crate::app::App;
use crate::log::{Direction, EventFilter, LogError, Position, ReadFrom};

/// How many events one read of the log takes.
const READ: usize = 512;

/// Frames after a position, and how far they were looked for.
pub struct Page {
    /// The frames, in position order.
    pub frames: Vec<Arc<Frame>>,
    /// The last position examined: ask again after it.
    pub examined: Position,
}

/// The log filter of the event types that make board frames.
fn frame_filter() -> &'static EventFilter {
    static FILTER: std::sync::OnceLock<EventFilter> = std::sync::OnceLock::new();
    FILTER.get_or_init(|| EventFilter {
        event_types: ["actor.capacity_announced", "platform.outcome_recorded"]
            .into_iter()
            .chain(crate::events::post::TYPES.iter().copied())
            .map(str::to_owned)
            .collect(),
        ..EventFilter::all()
    })
}

/// At most `max` frames after `position` (exclusive).
pub async fn after(app: &App, position: Position, max: usize) -> Result<Page, LogError> {
    let until = {
        let model = app.models.read();
        if model.board().covers(position) {
            let frames = model.board().after(position, max);
            let examined =
                frames.last().map_or_else(|| model.board().last().map_or(position, |f| f.position), |f| f.position);
            return Ok(Page { frames, examined: examined.max(position) });
        }
        model.board().dropped_through()
    };
    let mut page = Page { frames: Vec::new(), examined: position };
    'log: while page.frames.len() < max && page.examined < until {
        let slice = app.log.read_all(ReadFrom::At(page.examined + 1), Direction::Forward, READ, frame_filter()).await?;
        // One read of the model per slice, not per event.
        let model = app.models.read();
        for event in &slice.events {
            if event.position > until {
                page.examined = until;
                break 'log;
            }
            if page.frames.len() == max {
                return Ok(page);
            }
            let Ok(domain) = crate::events::decode(&event.event_type, event.schema, &event.payload, app.keys.as_ref())
            else {
                page.examined = event.position;
                continue;
            };
            if let Some(frame) = derive(&model, event, &domain) {
                page.frames.push(frame);
            }
            page.examined = event.position;
        }
        drop(model);
        page.examined = page.examined.max(slice.last_examined.min(until));
        if slice.end_of_log || slice.last_examined == 0 {
            break;
        }
    }
    // The log's part is read: go on in memory, so that a page is empty
    // only at the end.
    if page.frames.len() < max && page.examined >= until {
        let model = app.models.read();
        if model.board().covers(page.examined) {
            let more = model.board().after(page.examined, max - page.frames.len());
            let full = page.frames.len() + more.len() == max;
            page.examined = match (full, more.last(), model.board().last()) {
                (true, Some(last), _) => last.position,
                (_, _, Some(newest)) => newest.position.max(page.examined),
                _ => page.examined,
            };
            page.frames.extend(more);
        }
    }
    Ok(page)
}
