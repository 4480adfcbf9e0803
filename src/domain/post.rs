//! A post on the network's notice board (seed 004, §2.2): a one-off event,
//! a new project, news, or a case manager's "place wanted" request that
//! actors answer with offers. Capacity announcements (of actors) and meeting
//! outcomes (of platforms) appear on the board too, but belong to their own
//! aggregates.
//!
//! Who may do what is decided by the caller (`app::board`), which knows the
//! principal; the rules here are about the post itself.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::actor::Ctx;
use super::error::{DomainError, Problems};
use super::identifying;
use super::ids::Slug;
use super::need_area::NeedArea;
use super::text::{optional_text, required_text};

/// The kinds of posts written on the board itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// A one-off event with a date, time, place and audience.
    Event,
    /// A new project or service.
    Project,
    /// Anything else the network should know.
    News,
    /// A case manager asks the network for help, without identifying data.
    PlaceWanted,
}

/// Who a post is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Reach {
    /// Everyone with a role in the network the post was written in.
    Network,
    /// Everyone with a role in any network of the region, and its regional
    /// coordinators.
    Region,
    /// The members and coordinators of one platform.
    Platform {
        /// The platform.
        platform: Uuid,
    },
}

/// The details of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDetails {
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends, if said.
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// Where.
    #[serde(default)]
    pub place: String,
    /// For whom (e.g. "rodiče dětí 0–6 let", "odborníci").
    #[serde(default)]
    pub for_whom: String,
}

/// What a new post says.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// Its kind.
    pub kind: PostKind,
    /// The network it is written in.
    pub network: Slug,
    /// Who it is for.
    pub reach: Reach,
    /// The actor it speaks for, if any.
    pub actor: Option<Uuid>,
    /// The user who wrote it (the asker of a "place wanted").
    pub asker: Option<Uuid>,
    /// A headline.
    pub title: String,
    /// The text.
    pub text: String,
    /// The need areas it concerns.
    pub need_areas: Vec<NeedArea>,
    /// Until when it holds.
    pub valid_until: Option<DateTime<Utc>>,
    /// For events: when and where.
    pub event: Option<EventDetails>,
}

/// An answer to a "place wanted" request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Offer {
    /// The actor offering.
    pub actor: Uuid,
    /// The user who wrote the offer.
    pub author: Option<Uuid>,
    /// What is offered.
    pub text: String,
    /// The place is held until then, if said.
    pub hold_until: Option<DateTime<Utc>>,
    /// Whether the asker shared it with the post's audience.
    pub shared: bool,
}

/// What can be asked of a post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostCommand {
    /// Publish a new post.
    Publish(Box<Draft>),
    /// Take it down.
    Withdraw {
        /// Why, if said.
        reason: String,
    },
    /// Answer a "place wanted" request.
    Offer {
        /// The offer's id.
        id: Uuid,
        /// The actor offering.
        actor: Uuid,
        /// The user writing it.
        author: Option<Uuid>,
        /// What is offered.
        text: String,
        /// Held until then.
        hold_until: Option<DateTime<Utc>>,
    },
    /// Share an offer with the post's audience.
    ShareOffer {
        /// The offer.
        id: Uuid,
    },
    /// Mark a "place wanted" request resolved.
    Resolve {
        /// How, if said.
        note: String,
    },
}

/// What happened to a post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostEvent {
    /// `post.published`
    Published(Box<Draft>),
    /// `post.withdrawn`
    Withdrawn {
        /// Why.
        reason: String,
    },
    /// `post.offer_made`
    OfferMade {
        /// The offer's id.
        id: Uuid,
        /// The actor offering.
        actor: Uuid,
        /// The user who wrote it.
        author: Option<Uuid>,
        /// What is offered.
        text: String,
        /// Held until then.
        hold_until: Option<DateTime<Utc>>,
    },
    /// `post.offer_shared`
    OfferShared {
        /// The offer.
        id: Uuid,
    },
    /// `post.resolved`
    Resolved {
        /// How.
        note: String,
    },
}

/// A post's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PostState {
    /// What was published (`None` before).
    pub draft: Option<Box<Draft>>,
    /// Withdrawn, with the reason.
    pub withdrawn: Option<String>,
    /// Resolved, with the note.
    pub resolved: Option<String>,
    /// Offers by id.
    pub offers: BTreeMap<Uuid, Offer>,
}

/// The longest a post may stay up without being renewed.
pub const MAX_VALIDITY_DAYS: i64 = 366;
/// How long a post without `valid_until` stays up.
pub const DEFAULT_VALIDITY_DAYS: i64 = 30;

fn check_draft(mut draft: Draft, ctx: Ctx) -> Result<Draft, DomainError> {
    let mut problems = Problems::default();
    draft.title = problems.check("title", required_text("title", &draft.title, 200)).unwrap_or_default();
    draft.text = problems.check("text", optional_text("text", &draft.text, 4000)).unwrap_or_default();
    let until = draft.valid_until.unwrap_or(ctx.now + Duration::days(DEFAULT_VALIDITY_DAYS));
    if until <= ctx.now {
        problems.add("valid_until", "must be in the future");
    } else if until > ctx.now + Duration::days(MAX_VALIDITY_DAYS) {
        problems.add("valid_until", format!("may be at most {MAX_VALIDITY_DAYS} days ahead; renew the post later"));
    }
    draft.valid_until = Some(until);
    draft.need_areas.sort();
    draft.need_areas.dedup();
    match (draft.kind, &mut draft.event) {
        (PostKind::Event, None) => problems.add("event", "an event needs `event.starts_at` (and a place)"),
        (PostKind::Event, Some(event)) => {
            event.place =
                problems.check("event.place", optional_text("event.place", &event.place, 300)).unwrap_or_default();
            event.for_whom = problems
                .check("event.for_whom", optional_text("event.for_whom", &event.for_whom, 300))
                .unwrap_or_default();
            if event.ends_at.is_some_and(|end| end < event.starts_at) {
                problems.add("event.ends_at", "must not be before `starts_at`");
            }
        }
        (_, Some(_)) => problems.add("event", "only posts of kind `event` have event details"),
        (_, None) => {}
    }
    if draft.kind == PostKind::PlaceWanted {
        if draft.asker.is_none() {
            problems.add("asker", "a place-wanted request needs a signed-in asker");
        }
        for (field, text) in [("title", &draft.title), ("text", &draft.text)] {
            if let Some(reason) = identifying::refusal(text) {
                problems.add(field, reason);
            }
        }
    }
    problems.finish()?;
    Ok(draft)
}

impl PostState {
    fn published(&self) -> Result<&Draft, DomainError> {
        self.draft.as_deref().ok_or_else(|| DomainError::NotFound("post".into()))
    }

    fn open_request(&self, what: &str) -> Result<&Draft, DomainError> {
        let draft = self.published()?;
        if draft.kind != PostKind::PlaceWanted {
            return Err(DomainError::Conflict(format!("only place-wanted requests can {what}")));
        }
        if self.withdrawn.is_some() {
            return Err(DomainError::Conflict("the request was withdrawn".into()));
        }
        if self.resolved.is_some() {
            return Err(DomainError::Conflict("the request is resolved already".into()));
        }
        Ok(draft)
    }

    /// Decides a command.
    pub fn decide(&self, command: PostCommand, ctx: Ctx) -> Result<Vec<PostEvent>, DomainError> {
        use PostEvent as E;
        Ok(match command {
            PostCommand::Publish(draft) => {
                if self.draft.is_some() {
                    return Err(DomainError::Conflict("this post exists already; use a new id".into()));
                }
                vec![E::Published(Box::new(check_draft(*draft, ctx)?))]
            }
            PostCommand::Withdraw { reason } => {
                self.published()?;
                if self.withdrawn.is_some() {
                    return Ok(Vec::new());
                }
                vec![E::Withdrawn {
                    reason: optional_text("reason", &reason, 500).map_err(|r| DomainError::invalid("reason", r))?,
                }]
            }
            PostCommand::Offer { id, actor, author, text, hold_until } => {
                let draft = self.open_request("receive offers")?;
                if self.offers.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("offer {id} exists already")));
                }
                if draft.valid_until.is_some_and(|until| until <= ctx.now) {
                    return Err(DomainError::Conflict("the request has expired".into()));
                }
                let mut problems = Problems::default();
                let text = problems.check("text", required_text("text", &text, 2000)).unwrap_or_default();
                if hold_until.is_some_and(|h| h <= ctx.now) {
                    problems.add("hold_until", "must be in the future");
                }
                problems.finish()?;
                vec![E::OfferMade { id, actor, author, text, hold_until }]
            }
            PostCommand::ShareOffer { id } => {
                self.open_request("share offers")?;
                match self.offers.get(&id) {
                    None => return Err(DomainError::NotFound(format!("offer {id}"))),
                    Some(offer) if offer.shared => Vec::new(),
                    Some(_) => vec![E::OfferShared { id }],
                }
            }
            PostCommand::Resolve { note } => {
                self.open_request("be resolved")?;
                vec![E::Resolved {
                    note: optional_text("note", &note, 500).map_err(|r| DomainError::invalid("note", r))?,
                }]
            }
        })
    }

    /// Applies an event.
    pub fn apply(&mut self, event: &PostEvent) {
        match event {
            PostEvent::Published(draft) => self.draft = Some(draft.clone()),
            PostEvent::Withdrawn { reason } => self.withdrawn = Some(reason.clone()),
            PostEvent::OfferMade { id, actor, author, text, hold_until } => {
                self.offers.insert(
                    *id,
                    Offer {
                        actor: *actor,
                        author: *author,
                        text: text.clone(),
                        hold_until: *hold_until,
                        shared: false,
                    },
                );
            }
            PostEvent::OfferShared { id } => {
                if let Some(offer) = self.offers.get_mut(id) {
                    offer.shared = true;
                }
            }
            PostEvent::Resolved { note } => self.resolved = Some(note.clone()),
        }
    }
}
