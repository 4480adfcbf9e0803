//! `region.*` events.

use super::common::{DecodeError, bytes, message, slug_from};
use crate::domain::network::RegionEvent;
use crate::proto::events::v1 as pb;

/// Every `region.*` type this build writes and reads.
pub const TYPES: &[&str] = &["region.registered", "region.renamed"];

/// The type and payload of an event.
pub fn encode(event: &RegionEvent) -> (&'static str, Vec<u8>) {
    match event {
        RegionEvent::Registered { slug, name } => {
            ("region.registered", bytes(&pb::RegionRegistered { slug: slug.to_string(), name: name.clone() }))
        }
        RegionEvent::Renamed { name } => ("region.renamed", bytes(&pb::RegionRenamed { name: name.clone() })),
    }
}

/// The event a stored payload holds.
pub fn decode(event_type: &str, payload: &[u8]) -> Result<RegionEvent, DecodeError> {
    Ok(match event_type {
        "region.registered" => {
            let m: pb::RegionRegistered = message(event_type, payload)?;
            RegionEvent::Registered { slug: slug_from(&m.slug, "slug")?, name: m.name }
        }
        "region.renamed" => RegionEvent::Renamed { name: message::<pb::RegionRenamed>(event_type, payload)?.name },
        other => return Err(format!("{other} is not a region event")),
    })
}
