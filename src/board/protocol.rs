//! The board's websocket messages in their two encodings: JSON text frames
//! (the default) and protobuf binary frames (`proto/board.proto`, for
//! clients that ask for the [`PROTOBUF`] subprotocol). Client messages of
//! either kind become one [`ClientMessage`]; server messages are encoded
//! here once per encoding.

use actix_web::web::Bytes;
use bytestring::ByteString;
use chrono::{DateTime, Utc};
use prost::Message as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::frame::BoardPost;
use super::reader::FilterLists;
use crate::app::board::{CapacityPost, OfferBody, PostBody};
use crate::domain::post::EventDetails;
use crate::http::error::Problem;
use crate::log::Position;
use crate::proto::board::v1 as pb;

/// The subprotocol of JSON text frames (also the default).
pub const JSON: &str = "uzel.board.v1.json";
/// The subprotocol of protobuf binary frames.
pub const PROTOBUF: &str = "uzel.board.v1.protobuf";

/// Which encoding a connection speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// JSON text frames.
    Json,
    /// Protobuf binary frames.
    Protobuf,
}

/// One message to send.
#[derive(Clone, Debug)]
pub enum Out {
    /// A text frame.
    Text(ByteString),
    /// A binary frame.
    Binary(Bytes),
}

/// A message from a client.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Replace the subscription.
    Subscribe {
        /// Echoed in errors.
        #[serde(rename = "ref", default)]
        reference: String,
        /// Resume after this position; absent: the current board.
        #[serde(default)]
        from: Option<Position>,
        /// Network slugs.
        #[serde(default)]
        networks: Vec<String>,
        /// Post kinds.
        #[serde(default)]
        kinds: Vec<String>,
        /// Need areas.
        #[serde(default)]
        need_areas: Vec<String>,
        /// Actor ids.
        #[serde(default)]
        actors: Vec<String>,
        /// Platform ids.
        #[serde(default)]
        platforms: Vec<String>,
    },
    /// Publish a post.
    Publish {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The network.
        network: String,
        /// The post.
        post: PostBody,
    },
    /// Announce capacity.
    Capacity {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The network.
        network: String,
        /// The actor.
        actor: Uuid,
        /// The figures.
        capacity: CapacityPost,
    },
    /// Offer help on a request.
    Offer {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The request.
        post: Uuid,
        /// The offer.
        offer: OfferBody,
    },
    /// Withdraw a post.
    Withdraw {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The post.
        post: Uuid,
        /// Why.
        #[serde(default)]
        reason: String,
    },
    /// Share an offer with the request's audience.
    Share {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The request.
        post: Uuid,
        /// The offer.
        offer: Uuid,
    },
    /// Mark a request resolved.
    Resolve {
        /// Echoed in the ack.
        #[serde(rename = "ref", default)]
        reference: String,
        /// The request.
        post: Uuid,
        /// How.
        #[serde(default)]
        note: String,
    },
}

impl ClientMessage {
    /// The client's reference.
    pub fn reference(&self) -> &str {
        match self {
            Self::Subscribe { reference, .. }
            | Self::Publish { reference, .. }
            | Self::Capacity { reference, .. }
            | Self::Offer { reference, .. }
            | Self::Withdraw { reference, .. }
            | Self::Share { reference, .. }
            | Self::Resolve { reference, .. } => reference,
        }
    }

    /// The filter lists of a subscription.
    pub fn lists(
        networks: &[String],
        kinds: &[String],
        areas: &[String],
        actors: &[String],
        platforms: &[String],
    ) -> FilterLists {
        FilterLists {
            networks: networks.to_vec(),
            kinds: kinds.to_vec(),
            need_areas: areas.to_vec(),
            actors: actors.to_vec(),
            platforms: platforms.to_vec(),
        }
    }
}

/// Why a client message could not be read: the reference (if it could be
/// read) and what was wrong.
pub type Unreadable = (String, String);

/// Reads a JSON text message.
pub fn parse_json(text: &str) -> Result<ClientMessage, Unreadable> {
    serde_json::from_str(text).map_err(|e| {
        let reference = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("ref").and_then(|r| r.as_str()).map(str::to_owned))
            .unwrap_or_default();
        (reference, format!("the message is not a board message: {e}; see docs/board.md"))
    })
}

fn time(text: &str, field: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{field} {text:?} is not an RFC 3339 time"))
}

fn opt_time(text: Option<&str>, field: &str) -> Result<Option<DateTime<Utc>>, String> {
    text.filter(|t| !t.is_empty()).map(|t| time(t, field)).transpose()
}

fn id(text: &str, field: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text).map_err(|_| format!("{field} {text:?} is not a UUID"))
}

fn opt_id(text: &str, field: &str) -> Result<Option<Uuid>, String> {
    if text.is_empty() { Ok(None) } else { id(text, field).map(Some) }
}

fn kind_of<T: serde::de::DeserializeOwned>(code: &str, field: &str) -> Result<T, String> {
    serde_json::from_value(json!(code)).map_err(|_| format!("{field} {code:?} is not known"))
}

/// Reads a protobuf binary message.
pub fn parse_protobuf(bytes: &[u8]) -> Result<ClientMessage, Unreadable> {
    let frame = pb::ClientFrame::decode(bytes)
        .map_err(|e| (String::new(), format!("the message is not a uzel.board.v1.ClientFrame: {e}")))?;
    let reference = frame.r#ref.clone();
    from_proto(frame).map_err(|why| (reference, why))
}

fn from_proto(frame: pb::ClientFrame) -> Result<ClientMessage, String> {
    use pb::client_frame::Frame as F;
    let reference = frame.r#ref;
    Ok(match frame.frame.ok_or("the ClientFrame holds no message")? {
        F::Subscribe(s) => ClientMessage::Subscribe {
            reference,
            from: s.from,
            networks: s.networks,
            kinds: s.kinds,
            need_areas: s.need_areas,
            actors: s.actors,
            platforms: s.platforms,
        },
        F::Publish(p) => ClientMessage::Publish {
            reference,
            network: p.network,
            post: PostBody {
                id: opt_id(&p.id, "id")?,
                kind: kind_of(&p.kind, "kind")?,
                reach: (!p.reach.is_empty()).then_some(p.reach),
                platform: opt_id(&p.platform, "platform")?,
                actor: opt_id(&p.actor, "actor")?,
                title: p.title,
                text: p.text,
                need_areas: p.need_areas.iter().map(|a| kind_of(a, "need area")).collect::<Result<_, _>>()?,
                valid_until: opt_time(p.valid_until.as_deref(), "valid_until")?,
                event: p
                    .event
                    .map(|e| -> Result<EventDetails, String> {
                        Ok(EventDetails {
                            starts_at: time(&e.starts_at, "event.starts_at")?,
                            ends_at: opt_time(e.ends_at.as_deref(), "event.ends_at")?,
                            place: e.place,
                            for_whom: e.for_whom,
                        })
                    })
                    .transpose()?,
            },
        },
        F::Capacity(c) => ClientMessage::Capacity {
            reference,
            network: c.network,
            actor: id(&c.actor, "actor")?,
            capacity: CapacityPost {
                unit: c.unit,
                free: c.free,
                occupied: c.occupied,
                waiting: c.waiting,
                valid_until: opt_time(c.valid_until.as_deref(), "valid_until")?,
                note: c.note,
            },
        },
        F::Offer(o) => ClientMessage::Offer {
            reference,
            post: id(&o.post, "post")?,
            offer: OfferBody {
                id: None,
                actor: opt_id(&o.actor, "actor")?,
                text: o.text,
                hold_until: opt_time(o.hold_until.as_deref(), "hold_until")?,
            },
        },
        F::Withdraw(w) => ClientMessage::Withdraw { reference, post: id(&w.post, "post")?, reason: w.reason },
        F::Share(s) => ClientMessage::Share { reference, post: id(&s.post, "post")?, offer: id(&s.offer, "offer")? },
        F::Resolve(r) => ClientMessage::Resolve { reference, post: id(&r.post, "post")?, note: r.note },
    })
}

/// A JSON text frame of a post.
pub fn post_json(post: &BoardPost) -> ByteString {
    #[derive(Serialize)]
    struct Tagged<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(flatten)]
        post: &'a BoardPost,
    }
    ByteString::from(serde_json::to_string(&Tagged { kind: "post", post }).unwrap_or_default())
}

/// A protobuf binary frame.
pub fn encode_server(position: Position, frame: pb::server_frame::Frame) -> Bytes {
    Bytes::from(pb::ServerFrame { position, frame: Some(frame) }.encode_to_vec())
}

fn text(value: serde_json::Value) -> Out {
    Out::Text(ByteString::from(value.to_string()))
}

/// `welcome`: sent when the connection opens.
pub fn welcome(encoding: Encoding, head: Position, heartbeat: u32, timeout: u32, max_frame: u32, user: &str) -> Out {
    match encoding {
        Encoding::Json => text(json!({"type": "welcome", "position": 0, "head": head,
            "heartbeat_seconds": heartbeat, "timeout_seconds": timeout, "max_frame_bytes": max_frame, "user": user})),
        Encoding::Protobuf => Out::Binary(encode_server(
            0,
            pb::server_frame::Frame::Welcome(pb::Welcome {
                head,
                heartbeat_seconds: heartbeat,
                timeout_seconds: timeout,
                max_frame_bytes: max_frame,
                user: user.to_owned(),
            }),
        )),
    }
}

/// `subscribed`: history after `from` follows.
pub fn subscribed(encoding: Encoding, position: Position, from: Position, head: Position) -> Out {
    match encoding {
        Encoding::Json => text(json!({"type": "subscribed", "position": position, "from": from, "head": head})),
        Encoding::Protobuf => {
            Out::Binary(encode_server(position, pb::server_frame::Frame::Subscribed(pb::Subscribed { from, head })))
        }
    }
}

/// `live`: history is delivered.
pub fn live(encoding: Encoding, position: Position) -> Out {
    match encoding {
        Encoding::Json => text(json!({"type": "live", "position": position})),
        Encoding::Protobuf => Out::Binary(encode_server(position, pb::server_frame::Frame::Live(pb::Live {}))),
    }
}

/// `ack`: a command was written at `position`.
pub fn ack(encoding: Encoding, position: Position, reference: &str, id: &str, version: Option<u64>) -> Out {
    match encoding {
        Encoding::Json => {
            text(json!({"type": "ack", "position": position, "ref": reference, "id": id, "version": version}))
        }
        Encoding::Protobuf => Out::Binary(encode_server(
            position,
            pb::server_frame::Frame::Ack(pb::Ack {
                r#ref: reference.to_owned(),
                id: id.to_owned(),
                version: version.unwrap_or(0),
            }),
        )),
    }
}

/// `error`: a problem object about a client message.
pub fn error(encoding: Encoding, position: Position, reference: &str, problem: &Problem) -> Out {
    match encoding {
        Encoding::Json => text(json!({"type": "error", "position": position, "ref": reference, "problem": problem})),
        Encoding::Protobuf => Out::Binary(encode_server(
            position,
            pb::server_frame::Frame::Error(pb::Problem {
                r#ref: reference.to_owned(),
                r#type: problem.kind.clone(),
                title: problem.title.clone(),
                status: u32::from(problem.status),
                detail: problem.detail.clone(),
                errors: problem
                    .errors
                    .iter()
                    .map(|e| pb::FieldError { field: e.field.clone(), reason: e.reason.clone() })
                    .collect(),
            }),
        )),
    }
}
