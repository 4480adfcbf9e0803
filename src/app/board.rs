//! The board's commands, as HTTP and the websocket issue them: who may post
//! what, answer, share, resolve and withdraw, then the post's own rules
//! (`domain::post`).
//!
//! - events, projects and news: the network's coordinators, and actor
//!   accounts for their own actor;
//! - "place wanted": case managers and coordinators of the network;
//! - offers: accounts of the offering actor (or its coordinators), on
//!   requests they can see;
//! - sharing an offer and resolving: the asker only;
//! - withdrawing: the author, the post's actor's accounts, the network's
//!   coordinators.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::auth::Principal;
use crate::auth::access::Denial;
use crate::board::frame::{Visibility, reach_visibility};
use crate::board::reader::Reader;
use crate::domain::DomainError;
use crate::domain::actor::{ActorCommand, Capacity};
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::post::{Draft, EventDetails, PostCommand, PostKind, PostState, Reach};
use crate::domain::user::Grant;
use crate::events::DomainEvent;
use crate::projections::Model;

/// A new post, as clients send it.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    /// The new post's id (optional; a retry with the same id writes nothing
    /// new and is refused as existing).
    #[serde(default)]
    pub id: Option<Uuid>,
    /// `event`, `project`, `news` or `place_wanted`.
    pub kind: PostKind,
    /// `network` (default), `region`, or `platform` (members only).
    #[serde(default)]
    pub reach: Option<String>,
    /// The platform, for reach `platform`.
    #[serde(default)]
    pub platform: Option<Uuid>,
    /// The actor it speaks for (an actor account's own actor by default).
    #[serde(default)]
    pub actor: Option<Uuid>,
    /// Headline.
    pub title: String,
    /// Text.
    #[serde(default)]
    pub text: String,
    /// Need areas it concerns.
    #[serde(default)]
    pub need_areas: Vec<NeedArea>,
    /// Until when it holds (default 30 days).
    #[serde(default)]
    pub valid_until: Option<DateTime<Utc>>,
    /// For events.
    #[serde(default)]
    pub event: Option<EventDetails>,
}

/// An offer, as clients send it.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    /// The offer's id (default: derived from the request's Idempotency-Key,
    /// so a retry answers the same id; else a new one).
    #[serde(default)]
    pub id: Option<Uuid>,
    /// The offering actor (an actor account's own actor by default).
    #[serde(default)]
    pub actor: Option<Uuid>,
    /// What is offered.
    pub text: String,
    /// The place is held until then.
    #[serde(default)]
    pub hold_until: Option<DateTime<Utc>>,
}

/// Free places, as clients announce them on the board.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityPost {
    /// The unit, one the actor registered.
    pub unit: String,
    /// Free places.
    pub free: u32,
    /// Occupied places.
    #[serde(default)]
    pub occupied: Option<u32>,
    /// People waiting.
    #[serde(default)]
    pub waiting: Option<u32>,
    /// Until when it holds.
    #[serde(default)]
    pub valid_until: Option<DateTime<Utc>>,
    /// A short note.
    #[serde(default)]
    pub note: String,
}

fn forbidden(detail: &str) -> AppError {
    AppError::Denied(Denial::Forbidden(detail.to_owned()))
}

fn hidden(what: String) -> AppError {
    AppError::Denied(Denial::Hidden(format!("{what} does not exist")))
}

/// Who a post is for; a platform only for its own people.
fn reach(model: &Model, principal: &Principal, network: &Slug, body: &PostBody) -> Result<Reach, AppError> {
    Ok(match (body.reach.as_deref().unwrap_or("network"), body.platform) {
        ("network", None) => Reach::Network,
        ("region", None) => Reach::Region,
        ("platform", Some(platform)) => {
            let of_network = model.platforms.get(&platform).and_then(|p| p.state.network.as_ref()) == Some(network);
            if !of_network {
                return Err(
                    DomainError::invalid("platform", format!("{platform} is not a platform of {network}")).into()
                );
            }
            if !Reader::of(principal, model)
                .sees_visibility(&Visibility::Platform { network: network.clone(), platform })
            {
                return Err(forbidden("only the platform's members and coordinators post to it"));
            }
            Reach::Platform { platform }
        }
        ("platform", None) => return Err(DomainError::invalid("platform", "reach `platform` needs `platform`").into()),
        (_, Some(_)) => return Err(DomainError::invalid("platform", "`platform` goes with reach `platform`").into()),
        (other, None) => {
            return Err(DomainError::invalid("reach", format!("{other:?}: use network, region or platform")).into());
        }
    })
}

/// Refuses a network that does not exist, or not for this principal.
fn readable(model: &Model, principal: &Principal, network: &Slug) -> Result<(), AppError> {
    if principal.reads_network(network, model) && model.networks.contains_key(network) {
        Ok(())
    } else {
        Err(hidden(format!("network {network}")))
    }
}

/// Checks who may publish `body` in `network` and turns it into a draft.
fn draft(model: &Model, principal: &Principal, network: &Slug, body: PostBody) -> Result<Draft, AppError> {
    readable(model, principal, network)?;
    let reach = reach(model, principal, network, &body)?;
    let coordinator = principal.coordinates(network);
    let mut actor = body.actor;
    match body.kind {
        PostKind::PlaceWanted => {
            if !crate::auth::policy::asks_for_places(principal, network) {
                return Err(forbidden("place-wanted requests are for the network's case managers and coordinators"));
            }
        }
        _ if coordinator => {}
        // A platform's people post to their platform.
        _ if matches!(reach, Reach::Platform { .. }) && actor.is_none() => {}
        _ => {
            actor = actor.or_else(|| crate::auth::policy::own_actor(principal, network));
            if !actor.is_some_and(|a| principal.keeps_actor(network, &a)) {
                return Err(forbidden(
                    "posts are written by the network's coordinators, or by an actor's account for its own actor",
                ));
            }
        }
    }
    if let Some(a) = actor
        && !model.is_actor_of(network, &a)
    {
        return Err(DomainError::invalid("actor", format!("actor {a} is not an actor of network {network}")).into());
    }
    Ok(Draft {
        kind: body.kind,
        network: network.clone(),
        reach,
        actor,
        asker: principal.user,
        title: body.title,
        text: body.text,
        need_areas: body.need_areas,
        valid_until: body.valid_until,
        event: body.event,
    })
}

impl App {
    /// Runs a post command: `decide` checks the principal against the
    /// post's state and names the command.
    async fn post_command(
        &self,
        id: Uuid,
        meta: &Meta,
        decide: impl Fn(&Model, &PostState) -> Result<PostCommand, AppError>,
    ) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, ctx| {
            let entry = model.posts.get(&id);
            let state = entry.map(|e| e.state.clone()).unwrap_or_default();
            let command = decide(model, &state)?;
            let network = match &command {
                PostCommand::Publish(draft) => draft.network.to_string(),
                _ => state.draft.as_ref().map(|d| d.network.to_string()).unwrap_or_default(),
            };
            Decision::on(
                "post",
                id,
                entry,
                network,
                state.decide(command, ctx)?.into_iter().map(DomainEvent::Post).collect(),
            )
        })
        .await
    }

    /// Publishes a post in `network`.
    pub async fn publish(
        &self,
        principal: &Principal,
        network: &Slug,
        body: PostBody,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        let id = body.id.unwrap_or_else(Uuid::now_v7);
        self.post_command(id, meta, |model, _| {
            Ok(PostCommand::Publish(Box::new(draft(model, principal, network, body.clone())?)))
        })
        .await
    }

    /// Answers a "place wanted" request with an offer.
    pub async fn offer(
        &self,
        principal: &Principal,
        post: Uuid,
        body: OfferBody,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        let offer = body.id.unwrap_or_else(|| match meta.idempotency_key {
            // Not an event id of the request: those flip the last bytes.
            Some(key) => {
                let mut bytes = *key.as_bytes();
                bytes[0] ^= 0x0f;
                Uuid::from_bytes(bytes)
            }
            None => Uuid::now_v7(),
        });
        let written = self
            .post_command(post, meta, |model, state| {
                let draft = visible_draft(model, principal, post, state)?;
                let network = &draft.network;
                let actor = body
                    .actor
                    .or_else(|| {
                        principal.grants.iter().find_map(|g| match g {
                            Grant::Actor { actor, .. } => Some(*actor),
                            _ => None,
                        })
                    })
                    .ok_or_else(|| DomainError::invalid("actor", "name the actor that offers"))?;
                let actor_network = model.actors.get(&actor).and_then(|a| a.entry.state.network.clone());
                let Some(actor_network) = actor_network else {
                    return Err(DomainError::invalid("actor", format!("actor {actor} does not exist")).into());
                };
                if !principal.keeps_actor(&actor_network, &actor) {
                    return Err(forbidden("offers are made by the offering actor's account or its coordinators"));
                }
                if &actor_network != network && !matches!(draft.reach, Reach::Region) {
                    return Err(DomainError::invalid("actor", "the actor is not in the request's network").into());
                }
                Ok(PostCommand::Offer {
                    id: offer,
                    actor,
                    author: principal.user,
                    text: body.text.clone(),
                    hold_until: body.hold_until,
                })
            })
            .await?;
        Ok(Written { id: offer.to_string(), ..written })
    }

    /// Shares an offer with the request's audience (the asker only).
    pub async fn share_offer(
        &self,
        principal: &Principal,
        post: Uuid,
        offer: Uuid,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.post_command(post, meta, |model, state| {
            asker_only(model, principal, post, state)?;
            Ok(PostCommand::ShareOffer { id: offer })
        })
        .await
    }

    /// Marks a "place wanted" request resolved (the asker only).
    pub async fn resolve(
        &self,
        principal: &Principal,
        post: Uuid,
        note: String,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.post_command(post, meta, |model, state| {
            asker_only(model, principal, post, state)?;
            Ok(PostCommand::Resolve { note: note.clone() })
        })
        .await
    }

    /// Withdraws a post.
    pub async fn withdraw(
        &self,
        principal: &Principal,
        post: Uuid,
        reason: String,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.post_command(post, meta, |model, state| {
            let draft = visible_draft(model, principal, post, state)?;
            let author = principal.user.is_some() && draft.asker == principal.user;
            let keeper = draft.actor.is_some_and(|a| principal.keeps_actor(&draft.network, &a));
            if !author && !keeper && !principal.coordinates(&draft.network) {
                return Err(forbidden("a post is withdrawn by its author, its actor or the network's coordinators"));
            }
            Ok(PostCommand::Withdraw { reason: reason.clone() })
        })
        .await
    }

    /// Announces an actor's capacity from the board (the actor's accounts
    /// and the network's coordinators).
    pub async fn board_capacity(
        &self,
        principal: &Principal,
        network: &Slug,
        actor: Uuid,
        body: CapacityPost,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        readable(&self.models.read(), principal, network)?;
        if !principal.keeps_actor(network, &actor) {
            return Err(forbidden("capacity is announced by the actor's own account and the coordinators"));
        }
        let capacity = Capacity {
            unit: body.unit,
            free: body.free,
            occupied: body.occupied,
            waiting: body.waiting,
            valid_until: body.valid_until,
            note: body.note,
        };
        self.actor(network, actor, ActorCommand::AnnounceCapacity { capacity }, meta).await
    }
}

/// The post's draft, if the principal can see the post at all.
fn visible_draft<'a>(
    model: &Model,
    principal: &Principal,
    post: Uuid,
    state: &'a PostState,
) -> Result<&'a Draft, AppError> {
    let draft = state.draft.as_deref().ok_or_else(|| hidden(format!("post {post}")))?;
    if !Reader::of(principal, model).sees_visibility(&reach_visibility(model, &draft.network, &draft.reach).1) {
        return Err(hidden(format!("post {post}")));
    }
    Ok(draft)
}

/// The open "place wanted" requests of `network` that `principal` may
/// see (withdrawn, resolved and expired ones left out), newest first: the
/// same visibility rule an offer is checked against.
pub fn open_requests<'a>(
    model: &'a Model,
    principal: &Principal,
    network: &Slug,
    now: DateTime<Utc>,
) -> Vec<(Uuid, &'a PostState)> {
    let reader = Reader::of(principal, model);
    let mut out: Vec<(Uuid, &PostState)> = model
        .posts
        .iter()
        .filter_map(|(id, p)| {
            let state = &p.state;
            let draft = state.draft.as_deref()?;
            let open =
                state.withdrawn.is_none() && state.resolved.is_none() && draft.valid_until.is_none_or(|u| u > now);
            let wanted = draft.kind == PostKind::PlaceWanted && &draft.network == network;
            (open && wanted && reader.sees_visibility(&reach_visibility(model, &draft.network, &draft.reach).1))
                .then_some((*id, state))
        })
        .collect();
    out.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    out
}

fn asker_only(model: &Model, principal: &Principal, post: Uuid, state: &PostState) -> Result<(), AppError> {
    let draft = visible_draft(model, principal, post, state)?;
    if principal.user.is_none() || draft.asker != principal.user {
        return Err(forbidden("only the asker shares offers and resolves the request"));
    }
    Ok(())
}
