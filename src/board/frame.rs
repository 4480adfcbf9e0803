//! Board frames: what one event of the log shows on the board, decided once
//! when the projector applies the event and encoded once — as a JSON text
//! frame and as a protobuf binary frame — so that fanning it out to any
//! number of subscribers never encodes it again.

use std::sync::Arc;

use actix_web::web::Bytes;
use bytestring::ByteString;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::actor::ActorEvent;
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::platform::{OutcomeKind, PlatformEvent};
use crate::domain::post::{PostEvent, PostKind, Reach};
use crate::domain::value::Value;
use crate::events::DomainEvent;
use crate::log::{Position, RecordedEvent};
use crate::projections::Model;
use crate::proto::board::v1 as pb;

pub use super::post::{BoardPost, CapacityInfo, EventInfo, OfferInfo, OutcomeInfo, to_proto};

/// How long a meeting outcome stays on the current board.
pub const OUTCOME_DAYS: i64 = 60;

/// The kinds of posts on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An actor's free places.
    Capacity,
    /// A one-off event.
    Event,
    /// A new project.
    Project,
    /// News.
    News,
    /// A platform meeting's decision or task.
    MeetingOutcome,
    /// A case manager's request for help.
    PlaceWanted,
}

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 6] =
        [Self::Capacity, Self::Event, Self::Project, Self::News, Self::MeetingOutcome, Self::PlaceWanted];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Capacity => "capacity",
            Self::Event => "event",
            Self::Project => "project",
            Self::News => "news",
            Self::MeetingOutcome => "meeting_outcome",
            Self::PlaceWanted => "place_wanted",
        }
    }

    /// The kind of a code.
    pub fn parse(code: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|k| k.code() == code).ok_or_else(|| {
            let codes: Vec<_> = Self::ALL.iter().map(|k| k.code()).collect();
            format!("unknown post kind {code:?}; the kinds are {}", codes.join(", "))
        })
    }

    fn of(kind: PostKind) -> Self {
        match kind {
            PostKind::Event => Self::Event,
            PostKind::Project => Self::Project,
            PostKind::News => Self::News,
            PostKind::PlaceWanted => Self::PlaceWanted,
        }
    }
}

/// Who may see a frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    /// Readers of the network.
    Network(Slug),
    /// Readers of any network of the region, and its regional coordinators.
    Region(Slug),
    /// The platform's members and the coordinators of its network.
    Platform {
        /// The platform's network.
        network: Slug,
        /// The platform.
        platform: Uuid,
    },
    /// An offer: the asker, the offer's author and the offering actor's
    /// accounts.
    Private {
        /// The users who see it.
        users: Vec<Uuid>,
        /// The actor whose accounts see it.
        actor: Uuid,
    },
}

/// A frame ready to fan out: what filters and access look at, and the two
/// encodings. It serializes whole (a snapshot of the read models keeps the
/// board's frames).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Its log position.
    pub position: Position,
    /// The post's kind.
    pub kind: Kind,
    /// What the frame does to its post (one of [`OPS`]).
    #[serde(with = "op")]
    pub op: Op,
    /// The network it was written in.
    pub network: Slug,
    /// Need areas, as a bit set (bit = index in `NeedArea::ALL`).
    pub need_areas: u8,
    /// The actor it concerns.
    pub actor: Option<Uuid>,
    /// The platform it concerns.
    pub platform: Option<Uuid>,
    /// Who may see it.
    pub visibility: Visibility,
    /// The board slot it fills: a post's id, or an actor's unit for
    /// capacity (a newer announcement replaces the older one).
    pub slot: String,
    /// Until when it holds on the current board.
    pub valid_until: Option<DateTime<Utc>>,
    /// When an announcement's figures held (its effective date): of two
    /// announcements of one unit, the current board keeps the one that held
    /// later, whatever order they were entered in.
    pub announced_at: Option<DateTime<Utc>>,
    /// The JSON text frame.
    pub json: ByteString,
    /// The protobuf binary frame (`ServerFrame`).
    pub proto: Bytes,
}

/// What a frame does to its post: one of [`OPS`]. (An alias, so that
/// deserializing a frame does not borrow from its input.)
pub type Op = &'static str;

/// What a frame can do to its post.
pub const OPS: [&str; 5] = ["published", "withdrawn", "offer", "offer_shared", "resolved"];

/// A frame's op as its text, read back as the one of [`OPS`] it names.
mod op {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(op: &&'static str, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(op)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<&'static str, D::Error> {
        let text = String::deserialize(from)?;
        super::OPS.iter().find(|op| **op == text).copied().ok_or_else(|| D::Error::custom(format!("unknown op {text}")))
    }
}

/// RFC 3339 with seconds.
pub fn rfc3339(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn actor_name(model: &Model, actor: &Uuid) -> String {
    model.actors.get(actor).map(|a| a.entry.state.name().to_owned()).unwrap_or_default()
}

fn platform_name(model: &Model, platform: &Uuid) -> String {
    let name = model.platforms.get(platform).and_then(|p| p.state.fields.get("name")?.as_text().map(str::to_owned));
    name.unwrap_or_default()
}

/// The need areas a `need_areas` field lists.
fn areas(value: Option<&Value>) -> Vec<NeedArea> {
    value
        .and_then(Value::as_list)
        .map(|codes| codes.iter().filter_map(|c| c.parse().ok()).collect())
        .unwrap_or_default()
}

fn region_of(model: &Model, network: &Slug) -> String {
    model.networks.get(network).and_then(|n| n.state.region.as_ref()).map(ToString::to_string).unwrap_or_default()
}

fn author_user(author: &str) -> Option<Uuid> {
    author.strip_prefix("user:").and_then(|u| Uuid::parse_str(u).ok())
}

fn id_text(id: Option<Uuid>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Who sees a post written in `network` for `reach`, and the audience's
/// name (a region-wide post of a network without a region stays in the
/// network).
pub fn reach_visibility(model: &Model, network: &Slug, reach: &Reach) -> (&'static str, Visibility) {
    match reach {
        Reach::Network => ("network", Visibility::Network(network.clone())),
        Reach::Region => match model.networks.get(network).and_then(|n| n.state.region.clone()) {
            Some(region) => ("region", Visibility::Region(region)),
            None => ("network", Visibility::Network(network.clone())),
        },
        Reach::Platform { platform } => {
            ("platform", Visibility::Platform { network: network.clone(), platform: *platform })
        }
    }
}

/// The board slot of an actor's unit: a newer announcement replaces the
/// older one there.
pub fn capacity_slot(actor: &Uuid, unit: &str) -> String {
    format!("{actor}/{unit}")
}

/// What one recorded event shows on the board, if anything: called by the
/// projector after the event was applied to `model`.
pub fn derive(model: &Model, event: &RecordedEvent, domain: &DomainEvent) -> Option<Arc<Frame>> {
    let on_board = matches!(
        domain,
        DomainEvent::Actor(ActorEvent::CapacityAnnounced { .. })
            | DomainEvent::Platform(PlatformEvent::OutcomeRecorded { .. })
            | DomainEvent::Post(_)
    );
    if !on_board {
        return None;
    }
    let network = Slug::parse(&event.network).ok()?;
    let base = |kind: Kind, op: &'static str, post: String| BoardPost {
        position: event.position,
        op,
        post,
        kind,
        network: network.to_string(),
        region: region_of(model, &network),
        audience: "network",
        actor: String::new(),
        actor_name: String::new(),
        platform: String::new(),
        platform_name: String::new(),
        need_areas: Vec::new(),
        title: String::new(),
        text: String::new(),
        valid_until: None,
        at: rfc3339(&event.recorded_at),
        author: event.author.clone(),
        capacity: None,
        event: None,
        offer: None,
        outcome: None,
        note: String::new(),
    };
    match domain {
        DomainEvent::Actor(ActorEvent::CapacityAnnounced { capacity }) => {
            let actor = Uuid::parse_str(event.stream.id()).ok()?;
            let network_state = model.networks.get(&network).map(|n| &n.state);
            let stale_days =
                network_state.map_or(crate::domain::network::DEFAULT_CAPACITY_STALE_DAYS, |n| n.stale_days());
            let stale_at = event.effective_at + chrono::Duration::days(i64::from(stale_days));
            let mut post = base(Kind::Capacity, "published", event.event_id.to_string());
            post.actor = actor.to_string();
            post.actor_name = actor_name(model, &actor);
            post.need_areas = areas(model.actors.get(&actor).and_then(|a| a.entry.state.fields.get("need_areas")));
            post.title = format!("{}: {}", post.actor_name, crate::czech::free(capacity.free, &capacity.unit));
            post.text = capacity.note.clone();
            post.valid_until = capacity.valid_until.as_ref().map(rfc3339);
            post.capacity = Some(CapacityInfo {
                unit: capacity.unit.clone(),
                free: capacity.free,
                occupied: capacity.occupied,
                waiting: capacity.waiting,
                announced_at: rfc3339(&event.effective_at),
                stale: stale_at <= event.recorded_at,
                stale_at: rfc3339(&stale_at),
            });
            let slot = capacity_slot(&actor, &capacity.unit);
            let mut frame = finish(
                post,
                network.clone(),
                Some(actor),
                None,
                Visibility::Network(network),
                slot,
                capacity.valid_until,
            );
            if let Some(frame) = Arc::get_mut(&mut frame) {
                frame.announced_at = Some(event.effective_at);
            }
            Some(frame)
        }
        DomainEvent::Platform(PlatformEvent::OutcomeRecorded { id, meeting, kind, text, owner, due }) => {
            let platform = Uuid::parse_str(event.stream.id()).ok()?;
            let state = &model.platforms.get(&platform)?.state;
            let mut post = base(Kind::MeetingOutcome, "published", id.to_string());
            post.audience = "platform";
            post.platform = platform.to_string();
            post.platform_name = platform_name(model, &platform);
            post.need_areas = areas(state.fields.get("need_areas"));
            let what = if *kind == OutcomeKind::Task { "Úkol" } else { "Rozhodnutí" };
            post.title = format!("{what} platformy {}", post.platform_name);
            post.text = text.clone();
            let until = event.recorded_at + Duration::days(OUTCOME_DAYS);
            post.valid_until = Some(rfc3339(&until));
            post.outcome = Some(OutcomeInfo {
                kind: if *kind == OutcomeKind::Task { "task" } else { "decision" }.to_owned(),
                meeting: meeting.to_string(),
                due: due.as_ref().map(rfc3339),
                owner: id_text(*owner),
            });
            let slot = id.to_string();
            let visibility = Visibility::Platform { network: network.clone(), platform };
            Some(finish(post, network, None, Some(platform), visibility, slot, Some(until)))
        }
        DomainEvent::Post(e) => post_frame(model, event, e, network.clone(), base),
        _ => None,
    }
}

fn post_frame(
    model: &Model,
    event: &RecordedEvent,
    e: &PostEvent,
    network: Slug,
    base: impl Fn(Kind, &'static str, String) -> BoardPost,
) -> Option<Arc<Frame>> {
    let id = Uuid::parse_str(event.stream.id()).ok()?;
    let state = &model.posts.get(&id)?.state;
    let draft = state.draft.as_deref()?;
    let op = match e {
        PostEvent::Published(_) => "published",
        PostEvent::Withdrawn { .. } => "withdrawn",
        PostEvent::OfferMade { .. } => "offer",
        PostEvent::OfferShared { .. } => "offer_shared",
        PostEvent::Resolved { .. } => "resolved",
    };
    let mut post = base(Kind::of(draft.kind), op, id.to_string());
    let (mut audience, mut visibility) = reach_visibility(model, &network, &draft.reach);
    let platform = match &draft.reach {
        Reach::Platform { platform } => Some(*platform),
        _ => None,
    };
    post.actor = id_text(draft.actor);
    post.actor_name = draft.actor.map(|a| actor_name(model, &a)).unwrap_or_default();
    if let Some(p) = platform {
        post.platform = p.to_string();
        post.platform_name = platform_name(model, &p);
    }
    post.need_areas = draft.need_areas.clone();
    post.title = draft.title.clone();
    post.text = draft.text.clone();
    post.valid_until = draft.valid_until.as_ref().map(rfc3339);
    post.event = draft.event.as_ref().map(|e| EventInfo {
        starts_at: rfc3339(&e.starts_at),
        ends_at: e.ends_at.as_ref().map(rfc3339),
        place: e.place.clone(),
        for_whom: e.for_whom.clone(),
    });
    let offer_info = |offer_id: &Uuid| {
        state.offers.get(offer_id).map(|o| OfferInfo {
            id: offer_id.to_string(),
            actor: o.actor.to_string(),
            actor_name: actor_name(model, &o.actor),
            text: o.text.clone(),
            hold_until: o.hold_until.as_ref().map(rfc3339),
        })
    };
    match e {
        PostEvent::Withdrawn { reason } => post.note = reason.clone(),
        PostEvent::Resolved { note } => post.note = note.clone(),
        PostEvent::OfferMade { id: offer, actor, .. } => {
            post.offer = offer_info(offer);
            audience = "private";
            let mut users: Vec<Uuid> = draft.asker.into_iter().collect();
            users.extend(author_user(&event.author));
            visibility = Visibility::Private { users, actor: *actor };
        }
        PostEvent::OfferShared { id: offer } => post.offer = offer_info(offer),
        PostEvent::Published(_) => {}
    }
    post.audience = audience;
    Some(finish(post, network, draft.actor, platform, visibility, id.to_string(), draft.valid_until))
}

fn finish(
    post: BoardPost,
    network: Slug,
    actor: Option<Uuid>,
    platform: Option<Uuid>,
    visibility: Visibility,
    slot: String,
    valid_until: Option<DateTime<Utc>>,
) -> Arc<Frame> {
    let need_areas = post.need_areas.iter().fold(0u8, |bits, area| bits | area_bit(*area));
    let json = super::protocol::post_json(&post);
    let proto = super::protocol::encode_server(post.position, pb::server_frame::Frame::Post(to_proto(&post)));
    Arc::new(Frame {
        position: post.position,
        kind: post.kind,
        op: post.op,
        network,
        need_areas,
        actor,
        platform,
        visibility,
        slot,
        valid_until,
        announced_at: None,
        json,
        proto,
    })
}

/// The bit of a need area in [`Frame::need_areas`].
pub fn area_bit(area: NeedArea) -> u8 {
    1 << NeedArea::ALL.iter().position(|a| *a == area).unwrap_or(0)
}

/// A frame for unit tests: network `tachov`, no content.
#[cfg(test)]
pub(crate) fn sample(
    position: Position,
    kind: Kind,
    op: &'static str,
    slot: &str,
    valid_until: Option<DateTime<Utc>>,
) -> Arc<Frame> {
    let network = Slug::parse("tachov").expect("a slug");
    Arc::new(Frame {
        position,
        kind,
        op,
        network: network.clone(),
        need_areas: 0,
        actor: None,
        platform: None,
        visibility: Visibility::Network(network),
        slot: slot.to_owned(),
        valid_until,
        announced_at: None,
        json: ByteString::from_static("{}"),
        proto: Bytes::new(),
    })
}
