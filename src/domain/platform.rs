//! The platform aggregate: a recurring meeting of several actors (seed 004,
//! §2.3), with its meetings and their outcomes — decisions and tasks.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::actor::{Ctx, MAX_FUTURE_EFFECT};
use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::links::{ActorsOf, actor_links};
pub use super::platform_fields::{PLATFORM_FIELDS, PLATFORM_TYPES, check_field};
use super::text::{optional_text, required_text};
use super::value::{FieldChange, Value, apply, diff};

/// A meeting's course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MeetingState {
    /// Planned.
    Scheduled,
    /// Held: who came and what was recorded.
    Held {
        /// Actors that attended.
        attendees: Vec<Uuid>,
        /// People who attended for no actor of the network (parents, guests).
        others: u32,
        /// Minutes, if any were written.
        minutes: String,
    },
    /// Called off.
    Cancelled {
        /// Why.
        reason: String,
    },
}

/// One meeting of a platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Meeting {
    /// When it takes or took place.
    pub date: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// What it is about.
    pub agenda: String,
    /// Its course.
    #[serde(flatten)]
    pub state: MeetingState,
}

/// Decision or task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Something agreed.
    Decision,
    /// Something to do.
    Task,
}

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// To do.
    Open,
    /// Done.
    Done,
    /// Given up.
    Dropped,
}

/// An outcome of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The meeting it came from.
    pub meeting: Uuid,
    /// Decision or task.
    pub kind: OutcomeKind,
    /// What was decided or is to be done.
    pub text: String,
    /// The actor responsible, if any.
    pub owner: Option<Uuid>,
    /// When it is due or to be reviewed.
    pub due: Option<DateTime<Utc>>,
    /// For tasks: where it stands (decisions stay `open`).
    pub status: TaskStatus,
    /// Every change of its status, oldest first: when (effective date), and
    /// to what.
    pub history: Vec<(DateTime<Utc>, TaskStatus)>,
}

/// What can be asked of a platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlatformCommand {
    /// Record a platform of a network.
    Found { network: Slug, fields: Vec<(String, Value)> },
    /// Change fields (`None` clears).
    Change { fields: Vec<(String, Option<Value>)> },
    /// Record a dated evaluation of its effectiveness.
    Evaluate { text: String },
    /// Mark it ended.
    End,
    /// Plan a meeting.
    ScheduleMeeting { id: Uuid, date: DateTime<Utc>, place: String, agenda: String },
    /// Record that a meeting was held (scheduled before or not).
    HoldMeeting {
        id: Uuid,
        date: DateTime<Utc>,
        place: String,
        agenda: String,
        attendees: Vec<Uuid>,
        others: u32,
        minutes: String,
    },
    /// Call a scheduled meeting off.
    CancelMeeting { id: Uuid, reason: String },
    /// Record a decision or task of a held meeting.
    RecordOutcome {
        id: Uuid,
        meeting: Uuid,
        kind: OutcomeKind,
        text: String,
        owner: Option<Uuid>,
        due: Option<DateTime<Utc>>,
    },
    /// Move a task on.
    SetTaskStatus { id: Uuid, status: TaskStatus },
}

/// What happened to a platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlatformEvent {
    /// `platform.founded`
    Founded { network: Slug, changes: Vec<FieldChange> },
    /// `platform.changed`
    Changed { changes: Vec<FieldChange> },
    /// `platform.evaluated`
    Evaluated { text: String },
    /// `platform.ended`
    Ended,
    /// `platform.meeting_scheduled`
    MeetingScheduled { id: Uuid, date: DateTime<Utc>, place: String, agenda: String },
    /// `platform.meeting_held`
    MeetingHeld {
        id: Uuid,
        date: DateTime<Utc>,
        place: String,
        agenda: String,
        attendees: Vec<Uuid>,
        others: u32,
        minutes: String,
    },
    /// `platform.meeting_cancelled`
    MeetingCancelled { id: Uuid, reason: String },
    /// `platform.outcome_recorded`
    OutcomeRecorded {
        id: Uuid,
        meeting: Uuid,
        kind: OutcomeKind,
        text: String,
        owner: Option<Uuid>,
        due: Option<DateTime<Utc>>,
    },
    /// `platform.task_status_changed`
    TaskStatusChanged { id: Uuid, from: TaskStatus, to: TaskStatus },
}

/// A platform's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlatformState {
    /// The network, once founded.
    pub network: Option<Slug>,
    /// Its fields.
    pub fields: BTreeMap<String, Value>,
    /// When it was recorded as founded (effective date).
    pub founded_at: Option<DateTime<Utc>>,
    /// When it ended, if it did.
    pub ended_at: Option<DateTime<Utc>>,
    /// When it was last reviewed (the yearly revision; effective date).
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Its evaluations, oldest first, with their dates.
    pub evaluations: Vec<(DateTime<Utc>, String)>,
    /// Its meetings (a persistent map: copies of the state share what
    /// they did not change, so checkpoints of as-of queries stay small).
    pub meetings: imbl::OrdMap<Uuid, Meeting>,
    /// Outcomes of its meetings (persistent, like meetings).
    pub outcomes: imbl::OrdMap<Uuid, Outcome>,
}

fn check_fields(
    fields: Vec<(String, Option<Value>)>,
    actors: ActorsOf<'_>,
    problems: &mut Problems,
) -> Vec<(String, Option<Value>)> {
    let mut wanted = Vec::new();
    for (field, value) in fields {
        let value = value.unwrap_or(Value::Text(String::new()));
        if let Some(v) = problems.check(&field, check_field(&field, &value, actors)) {
            wanted.push((field, Some(v)));
        }
    }
    wanted
}

impl PlatformState {
    /// Decides a command; `actors` says which ids are actors of the network.
    pub fn decide(
        &self,
        command: PlatformCommand,
        actors: ActorsOf<'_>,
        ctx: Ctx,
    ) -> Result<Vec<PlatformEvent>, DomainError> {
        use PlatformCommand as C;
        use PlatformEvent as E;
        if ctx.effective_at > ctx.now + MAX_FUTURE_EFFECT {
            return Err(DomainError::invalid("effective_at", "a change can take effect at most 31 days ahead"));
        }
        let mut problems = Problems::default();
        if let C::Found { network, fields } = command {
            if self.network.is_some() {
                return Err(DomainError::Conflict("this platform exists already".into()));
            }
            let given: Vec<String> = fields.iter().map(|(f, _)| f.clone()).collect();
            let wanted = check_fields(fields.into_iter().map(|(f, v)| (f, Some(v))).collect(), actors, &mut problems);
            for required in ["name", "platform_type"] {
                if !given.iter().any(|f| f == required) {
                    problems.add(required, format!("a platform needs its {}", required.replace('_', " ")));
                }
            }
            problems.finish()?;
            return Ok(vec![E::Founded { network, changes: diff(&BTreeMap::new(), &wanted) }]);
        }
        if self.network.is_none() {
            return Err(DomainError::NotFound("platform".into()));
        }
        if self.founded_at.is_some_and(|at| ctx.effective_at < at) {
            return Err(DomainError::invalid(
                "effective_at",
                "a change cannot take effect before the platform was founded",
            ));
        }
        let ended = |what: &str| DomainError::Conflict(format!("the platform has ended; {what}"));
        let events = match command {
            C::Found { .. } => unreachable!("handled above"),
            C::Change { fields } => {
                let wanted = check_fields(fields, actors, &mut problems);
                problems.finish()?;
                let changes = diff(&self.fields, &wanted);
                if changes.is_empty() { vec![] } else { vec![E::Changed { changes }] }
            }
            C::Evaluate { text } => {
                let text = required_text("text", &text, 4000).map_err(|e| DomainError::invalid("text", e))?;
                vec![E::Evaluated { text }]
            }
            C::End if self.ended_at.is_some() => vec![],
            C::End => vec![E::Ended],
            C::ScheduleMeeting { id, date, place, agenda } => {
                if self.ended_at.is_some() {
                    return Err(ended("no meeting can be scheduled"));
                }
                if self.meetings.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("meeting {id} exists already")));
                }
                let place = problems.check("place", optional_text("place", &place, 300));
                let agenda = problems.check("agenda", optional_text("agenda", &agenda, 4000));
                self.check_date(date, &mut problems);
                problems.finish()?;
                vec![E::MeetingScheduled {
                    id,
                    date,
                    place: place.unwrap_or_default(),
                    agenda: agenda.unwrap_or_default(),
                }]
            }
            C::HoldMeeting { id, date, place, agenda, attendees, others, minutes } => {
                match self.meetings.get(&id).map(|m| &m.state) {
                    Some(MeetingState::Held { .. }) => {
                        return Err(DomainError::Conflict(format!("meeting {id} is recorded as held already")));
                    }
                    Some(MeetingState::Cancelled { .. }) => {
                        return Err(DomainError::Conflict(format!("meeting {id} was cancelled")));
                    }
                    _ => {}
                }
                self.check_date(date, &mut problems);
                if date > ctx.now {
                    problems.add("date", "a meeting cannot be held in the future; schedule it instead");
                }
                let place = problems.check("place", optional_text("place", &place, 300));
                let agenda = problems.check("agenda", optional_text("agenda", &agenda, 4000));
                let minutes = problems.check("minutes", optional_text("minutes", &minutes, 20_000));
                let links = Value::List(attendees.iter().map(Uuid::to_string).collect());
                problems.check("attendees", actor_links(&links, actors));
                problems.finish()?;
                vec![E::MeetingHeld {
                    id,
                    date,
                    place: place.unwrap_or_default(),
                    agenda: agenda.unwrap_or_default(),
                    attendees,
                    others,
                    minutes: minutes.unwrap_or_default(),
                }]
            }
            C::CancelMeeting { id, reason } => {
                match self.meetings.get(&id).map(|m| &m.state) {
                    None => return Err(DomainError::NotFound(format!("meeting {id}"))),
                    Some(MeetingState::Scheduled) => {}
                    Some(_) => {
                        return Err(DomainError::Conflict(format!("meeting {id} is no longer scheduled")));
                    }
                }
                let reason = optional_text("reason", &reason, 1000).map_err(|e| DomainError::invalid("reason", e))?;
                vec![E::MeetingCancelled { id, reason }]
            }
            C::RecordOutcome { id, meeting, kind, text, owner, due } => {
                if self.outcomes.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("outcome {id} exists already")));
                }
                match self.meetings.get(&meeting).map(|m| &m.state) {
                    Some(MeetingState::Held { .. }) => {}
                    Some(_) => problems.add("meeting", "outcomes belong to meetings that were held"),
                    None => problems.add("meeting", format!("{meeting} is not a meeting of this platform")),
                }
                let text = problems.check("text", required_text("text", &text, 2000));
                if let Some(owner) = owner
                    && !actors(&owner)
                {
                    problems.add("owner", format!("{owner} is not an actor of this network"));
                }
                problems.finish()?;
                vec![E::OutcomeRecorded { id, meeting, kind, text: text.unwrap_or_default(), owner, due }]
            }
            C::SetTaskStatus { id, status } => {
                let outcome = self.outcomes.get(&id).ok_or_else(|| DomainError::NotFound(format!("outcome {id}")))?;
                if outcome.kind != OutcomeKind::Task {
                    return Err(DomainError::Conflict("only tasks have a status; this outcome is a decision".into()));
                }
                if outcome.status == status {
                    vec![]
                } else {
                    vec![E::TaskStatusChanged { id, from: outcome.status, to: status }]
                }
            }
        };
        Ok(events)
    }

    fn check_date(&self, date: DateTime<Utc>, problems: &mut Problems) {
        if self.founded_at.is_some_and(|founded| date < founded) {
            problems.add("date", "the meeting would be before the platform existed");
        }
        if self.ended_at.is_some_and(|ended| date > ended) {
            problems.add("date", "the meeting would be after the platform ended");
        }
    }

    /// Applies an event that took effect at `at`.
    pub fn apply(&mut self, event: &PlatformEvent, at: DateTime<Utc>) {
        use PlatformEvent as E;
        match event {
            E::Founded { network, changes } => {
                self.network = Some(network.clone());
                self.founded_at = Some(at);
                apply(&mut self.fields, changes);
            }
            E::Changed { changes } => apply(&mut self.fields, changes),
            E::Evaluated { text } => self.evaluations.push((at, text.clone())),
            E::Ended => self.ended_at = Some(at),
            E::MeetingScheduled { id, date, place, agenda } => {
                self.meetings.insert(
                    *id,
                    Meeting {
                        date: *date,
                        place: place.clone(),
                        agenda: agenda.clone(),
                        state: MeetingState::Scheduled,
                    },
                );
            }
            E::MeetingHeld { id, date, place, agenda, attendees, others, minutes } => {
                self.meetings.insert(
                    *id,
                    Meeting {
                        date: *date,
                        place: place.clone(),
                        agenda: agenda.clone(),
                        state: MeetingState::Held {
                            attendees: attendees.clone(),
                            others: *others,
                            minutes: minutes.clone(),
                        },
                    },
                );
            }
            E::MeetingCancelled { id, reason } => {
                if let Some(meeting) = self.meetings.get_mut(id) {
                    meeting.state = MeetingState::Cancelled { reason: reason.clone() };
                }
            }
            E::OutcomeRecorded { id, meeting, kind, text, owner, due } => {
                self.outcomes.insert(
                    *id,
                    Outcome {
                        meeting: *meeting,
                        kind: *kind,
                        text: text.clone(),
                        owner: *owner,
                        due: *due,
                        status: TaskStatus::Open,
                        history: vec![(at, TaskStatus::Open)],
                    },
                );
            }
            E::TaskStatusChanged { id, to, .. } => {
                if let Some(outcome) = self.outcomes.get_mut(id) {
                    outcome.status = *to;
                    outcome.history.push((at, *to));
                }
            }
        }
    }
}
