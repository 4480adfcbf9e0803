//! A platform in full: meetings with their outcomes, attendance against
//! plan, open tasks by owner.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::ids::Slug;
use crate::domain::platform::{Meeting, MeetingState, Outcome, OutcomeKind, PlatformState, TaskStatus};
use crate::domain::value::Value;
use crate::projections::model::Model;

/// A meeting as shown, with its outcomes.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MeetingView {
    /// Its id.
    pub id: Uuid,
    /// The meeting.
    #[serde(flatten)]
    pub meeting: Meeting,
    /// Its decisions and tasks.
    pub outcomes: Vec<OutcomeView>,
}

/// An outcome as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct OutcomeView {
    /// Its id.
    pub id: Uuid,
    /// The outcome.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// A task past its due date and still open.
    pub overdue: bool,
}

/// Meetings held against the planned frequency.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Attendance {
    /// Planned meetings a year, if set.
    pub planned_per_year: Option<i64>,
    /// Meetings held in the last 12 months.
    pub held_last_12_months: usize,
    /// Meetings scheduled from now on.
    pub scheduled_upcoming: usize,
    /// Held at least as many as planned for the part of the last 12 months
    /// the platform existed; `None` without a plan.
    pub on_track: Option<bool>,
}

/// A platform in full.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PlatformView {
    /// Its id.
    pub id: Uuid,
    /// Its network.
    pub network: Option<Slug>,
    /// The version to send in `If-Match`.
    pub version: u64,
    /// The log position of its last change.
    pub position: u64,
    /// Its fields.
    pub fields: BTreeMap<String, Value>,
    /// When it was founded.
    pub founded_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// When it was last reviewed (the yearly revision).
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Whether it is due for review: not reviewed (nor founded) in the last
    /// year.
    pub review_due: bool,
    /// Its evaluations, newest first.
    pub evaluations: Vec<Evaluation>,
    /// Its meetings, newest first.
    pub meetings: Vec<MeetingView>,
    /// Meetings held against plan.
    pub attendance: Attendance,
    /// Open tasks by owner actor (`none` for tasks without one).
    pub open_tasks_by_owner: BTreeMap<String, Vec<Uuid>>,
}

/// A dated evaluation.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// When it was written (effective date).
    pub date: DateTime<Utc>,
    /// The evaluation.
    pub text: String,
}

/// Meetings held against the plan at `now`.
pub fn attendance(p: &PlatformState, now: DateTime<Utc>) -> Attendance {
    let year_ago = now - Duration::days(365);
    let held = p
        .meetings
        .values()
        .filter(|m| matches!(m.state, MeetingState::Held { .. }) && m.date > year_ago && m.date <= now)
        .count();
    let upcoming = p.meetings.values().filter(|m| matches!(m.state, MeetingState::Scheduled) && m.date > now).count();
    let planned = p.fields.get("frequency_per_year").and_then(Value::as_number);
    let on_track = planned.map(|per_year| {
        let since = p.founded_at.map_or(year_ago, |f| f.max(year_ago));
        let end = p.ended_at.map_or(now, |e| e.min(now));
        let days = (end - since).num_days().clamp(0, 365);
        let due = (per_year as f64 * days as f64 / 365.0).floor() as usize;
        held >= due
    });
    Attendance { planned_per_year: planned, held_last_12_months: held, scheduled_upcoming: upcoming, on_track }
}

/// A platform in full at `now`; `None` if there is no such platform.
pub fn platform(model: &Model, id: &Uuid, now: DateTime<Utc>) -> Option<PlatformView> {
    let entry = model.platforms.get(id)?;
    let p = &entry.state;
    let outcome_view = |(oid, o): (&Uuid, &Outcome)| OutcomeView {
        id: *oid,
        outcome: o.clone(),
        overdue: o.kind == OutcomeKind::Task && o.status == TaskStatus::Open && o.due.is_some_and(|d| d < now),
    };
    let mut meetings: Vec<MeetingView> = p
        .meetings
        .iter()
        .map(|(mid, m)| MeetingView {
            id: *mid,
            meeting: m.clone(),
            outcomes: p.outcomes.iter().filter(|(_, o)| o.meeting == *mid).map(outcome_view).collect(),
        })
        .collect();
    meetings.sort_by_key(|m| std::cmp::Reverse(m.meeting.date));
    let mut open_tasks_by_owner: BTreeMap<String, Vec<Uuid>> = BTreeMap::new();
    for (oid, o) in &p.outcomes {
        if o.kind == OutcomeKind::Task && o.status == TaskStatus::Open {
            let owner = o.owner.map_or_else(|| "none".to_owned(), |u| u.to_string());
            open_tasks_by_owner.entry(owner).or_default().push(*oid);
        }
    }
    Some(PlatformView {
        id: *id,
        network: p.network.clone(),
        version: entry.version,
        position: entry.position,
        fields: p.fields.clone(),
        founded_at: p.founded_at,
        ended_at: p.ended_at,
        reviewed_at: p.reviewed_at,
        review_due: p.ended_at.is_none()
            && p.reviewed_at.or(p.founded_at).is_none_or(|at| at + super::REVIEW_AFTER < now),
        evaluations: p
            .evaluations
            .iter()
            .rev()
            .map(|(date, text)| Evaluation { date: *date, text: text.clone() })
            .collect(),
        meetings,
        attendance: attendance(p, now),
        open_tasks_by_owner,
    })
}
