//! `post.*` events: posts on the notice board.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, micros, optional_id, slug_from, time_from};
use crate::domain::post::{Draft, EventDetails, PostEvent, PostKind, Reach};
use crate::proto::events::v1 as pb;

/// Every `post.*` type this build writes and reads.
pub const TYPES: &[&str] =
    &["post.published", "post.withdrawn", "post.offer_made", "post.offer_shared", "post.resolved"];

fn kind(kind: PostKind) -> pb::PostKind {
    match kind {
        PostKind::Event => pb::PostKind::Event,
        PostKind::Project => pb::PostKind::Project,
        PostKind::News => pb::PostKind::News,
        PostKind::PlaceWanted => pb::PostKind::PlaceWanted,
    }
}

fn kind_from(code: i32) -> Result<PostKind, DecodeError> {
    match pb::PostKind::try_from(code) {
        Ok(pb::PostKind::Event) => Ok(PostKind::Event),
        Ok(pb::PostKind::Project) => Ok(PostKind::Project),
        Ok(pb::PostKind::News) => Ok(PostKind::News),
        Ok(pb::PostKind::PlaceWanted) => Ok(PostKind::PlaceWanted),
        _ => Err(format!("unknown post kind {code}")),
    }
}

fn optional_bytes(id: Option<uuid::Uuid>) -> bytes::Bytes {
    id.as_ref().map(id_bytes).unwrap_or_default()
}

fn published(d: &Draft) -> pb::PostPublished {
    let (reach, platform) = match &d.reach {
        Reach::Network => ("network", None),
        Reach::Region => ("region", None),
        Reach::Platform { platform } => ("platform", Some(*platform)),
    };
    pb::PostPublished {
        kind: kind(d.kind) as i32,
        network: d.network.to_string(),
        reach: reach.to_owned(),
        platform: optional_bytes(platform),
        actor: optional_bytes(d.actor),
        asker: optional_bytes(d.asker),
        title: d.title.clone(),
        text: d.text.clone(),
        need_areas: d.need_areas.iter().map(|a| a.code().to_owned()).collect(),
        valid_until_us: d.valid_until.as_ref().map(micros),
        event: d.event.as_ref().map(|e| pb::EventDetails {
            starts_at_us: micros(&e.starts_at),
            ends_at_us: e.ends_at.as_ref().map(micros),
            place: e.place.clone(),
            for_whom: e.for_whom.clone(),
        }),
    }
}

fn draft_from(m: pb::PostPublished) -> Result<Draft, DecodeError> {
    let reach = match m.reach.as_str() {
        "network" => Reach::Network,
        "region" => Reach::Region,
        "platform" => Reach::Platform { platform: id_from(&m.platform, "platform")? },
        other => return Err(format!("unknown reach {other:?}")),
    };
    Ok(Draft {
        kind: kind_from(m.kind)?,
        network: slug_from(&m.network, "network")?,
        reach,
        actor: optional_id(&m.actor, "actor")?,
        asker: optional_id(&m.asker, "asker")?,
        title: m.title,
        text: m.text,
        need_areas: m.need_areas.iter().map(|a| a.parse()).collect::<Result<_, _>>()?,
        valid_until: m.valid_until_us.map(|us| time_from(us, "valid_until")).transpose()?,
        event: m
            .event
            .map(|e| -> Result<EventDetails, DecodeError> {
                Ok(EventDetails {
                    starts_at: time_from(e.starts_at_us, "starts_at")?,
                    ends_at: e.ends_at_us.map(|us| time_from(us, "ends_at")).transpose()?,
                    place: e.place,
                    for_whom: e.for_whom,
                })
            })
            .transpose()?,
    })
}

/// The type and payload of an event.
pub fn encode(event: &PostEvent) -> (&'static str, Vec<u8>) {
    use PostEvent as E;
    match event {
        E::Published(d) => ("post.published", bytes(&published(d))),
        E::Withdrawn { reason } => ("post.withdrawn", bytes(&pb::PostWithdrawn { reason: reason.clone() })),
        E::OfferMade { id, actor, author, text, hold_until } => (
            "post.offer_made",
            bytes(&pb::OfferMade {
                id: id_bytes(id),
                actor: id_bytes(actor),
                author: optional_bytes(*author),
                text: text.clone(),
                hold_until_us: hold_until.as_ref().map(micros),
            }),
        ),
        E::OfferShared { id } => ("post.offer_shared", bytes(&pb::OfferShared { id: id_bytes(id) })),
        E::Resolved { note } => ("post.resolved", bytes(&pb::PostResolved { note: note.clone() })),
    }
}

/// The event a payload holds.
pub fn decode(event_type: &str, payload: &[u8]) -> Result<PostEvent, DecodeError> {
    use PostEvent as E;
    Ok(match event_type {
        "post.published" => E::Published(Box::new(draft_from(message(event_type, payload)?)?)),
        "post.withdrawn" => E::Withdrawn { reason: message::<pb::PostWithdrawn>(event_type, payload)?.reason },
        "post.offer_made" => {
            let m: pb::OfferMade = message(event_type, payload)?;
            E::OfferMade {
                id: id_from(&m.id, "id")?,
                actor: id_from(&m.actor, "actor")?,
                author: optional_id(&m.author, "author")?,
                text: m.text,
                hold_until: m.hold_until_us.map(|us| time_from(us, "hold_until")).transpose()?,
            }
        }
        "post.offer_shared" => {
            E::OfferShared { id: id_from(&message::<pb::OfferShared>(event_type, payload)?.id, "id")? }
        }
        "post.resolved" => E::Resolved { note: message::<pb::PostResolved>(event_type, payload)?.note },
        other => return Err(format!("event type {other} is unknown to this build")),
    })
}
