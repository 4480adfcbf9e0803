//! A board post as clients receive it: the JSON frame is [`BoardPost`] with
//! `"type": "post"`, the protobuf frame its [`to_proto`] form
//! (`uzel.board.v1.BoardPost`). Times are RFC 3339 text and ids UUID text
//! in both, so the two carry the same content.

use serde::Serialize;

use super::frame::Kind;
use crate::domain::need_area::NeedArea;
use crate::log::Position;
use crate::proto::board::v1 as pb;

/// Free places in one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CapacityInfo {
    /// The unit.
    pub unit: String,
    /// Free places.
    pub free: u32,
    /// Occupied places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupied: Option<u32>,
    /// People waiting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<u32>,
    /// When the figures held (the announcement's effective date).
    pub announced_at: String,
    /// Whether the announcement was stale already when announced (entered
    /// late).
    pub stale: bool,
    /// When it goes stale: from then it is not shown as free places.
    pub stale_at: String,
}

/// When and where an event is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EventInfo {
    /// Start.
    pub starts_at: String,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    /// Place.
    pub place: String,
    /// For whom.
    pub for_whom: String,
}

/// An answer to a "place wanted" request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OfferInfo {
    /// The offer's id.
    pub id: String,
    /// The actor offering.
    pub actor: String,
    /// Its name.
    pub actor_name: String,
    /// What is offered.
    pub text: String,
    /// Held until.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_until: Option<String>,
}

/// A meeting's decision or task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OutcomeInfo {
    /// `decision` or `task`.
    pub kind: String,
    /// The meeting.
    pub meeting: String,
    /// Due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The responsible actor (empty for none).
    pub owner: String,
}

/// One change on the board, as clients receive it (the JSON frame is this
/// with `"type": "post"`; the protobuf frame is `uzel.board.v1.BoardPost`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct BoardPost {
    /// Its log position.
    pub position: Position,
    /// `published`, `withdrawn`, `offer`, `offer_shared` or `resolved`.
    pub op: &'static str,
    /// The post (for capacity: the announcement's event id).
    pub post: String,
    /// The kind.
    pub kind: Kind,
    /// The network it was written in.
    pub network: String,
    /// The network's region.
    pub region: String,
    /// `network`, `region`, `platform` or `private`.
    pub audience: &'static str,
    /// The actor it speaks for (empty for none).
    pub actor: String,
    /// The actor's name.
    pub actor_name: String,
    /// The platform (empty for none).
    pub platform: String,
    /// The platform's name.
    pub platform_name: String,
    /// Need areas.
    pub need_areas: Vec<NeedArea>,
    /// Headline.
    pub title: String,
    /// Text.
    pub text: String,
    /// Until when it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// When recorded.
    pub at: String,
    /// Who wrote it.
    pub author: String,
    /// Capacity posts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityInfo>,
    /// Event posts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventInfo>,
    /// Offers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer: Option<OfferInfo>,
    /// Meeting outcomes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<OutcomeInfo>,
    /// A withdrawal's reason or a resolution's note.
    pub note: String,
}

/// The protobuf form of a post.
pub fn to_proto(post: &BoardPost) -> pb::BoardPost {
    pb::BoardPost {
        op: post.op.to_owned(),
        post: post.post.clone(),
        kind: post.kind.code().to_owned(),
        network: post.network.clone(),
        region: post.region.clone(),
        audience: post.audience.to_owned(),
        actor: post.actor.clone(),
        actor_name: post.actor_name.clone(),
        platform: post.platform.clone(),
        platform_name: post.platform_name.clone(),
        need_areas: post.need_areas.iter().map(|a| a.code().to_owned()).collect(),
        title: post.title.clone(),
        text: post.text.clone(),
        valid_until: post.valid_until.clone(),
        at: post.at.clone(),
        author: post.author.clone(),
        capacity: post.capacity.as_ref().map(|c| pb::Capacity {
            unit: c.unit.clone(),
            free: c.free,
            occupied: c.occupied,
            waiting: c.waiting,
            announced_at: c.announced_at.clone(),
            stale: c.stale,
            stale_at: c.stale_at.clone(),
        }),
        event: post.event.as_ref().map(|e| pb::EventInfo {
            starts_at: e.starts_at.clone(),
            ends_at: e.ends_at.clone(),
            place: e.place.clone(),
            for_whom: e.for_whom.clone(),
        }),
        offer: post.offer.as_ref().map(|o| pb::OfferInfo {
            id: o.id.clone(),
            actor: o.actor.clone(),
            actor_name: o.actor_name.clone(),
            text: o.text.clone(),
            hold_until: o.hold_until.clone(),
        }),
        outcome: post.outcome.as_ref().map(|o| pb::OutcomeInfo {
            kind: o.kind.clone(),
            meeting: o.meeting.clone(),
            due: o.due.clone(),
            owner: o.owner.clone(),
        }),
        note: post.note.clone(),
    }
}
