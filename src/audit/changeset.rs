//! What changed in a network between two dates: actors entered, ended,
//! closed and reopened, field by field with old and new values, who and
//! when; need-area and target-group coverage before and after; capacity
//! series per actor and unit; platforms founded and ended, meetings held
//! against plan; tasks opened, done and overdue.
//!
//! The two ends are the models as of each date ([`super::asof`]); what
//! happened between them is read from the events between the two dates on
//! the same clock.
//!
//! This file holds the change set's shape; `changeset/span.rs` reads the
//! two ends and the events between them and computes each section.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::planning::Planning;
use super::timeline::Clock;
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::value::FieldChange;
use crate::projections::views::AreaGroup;

mod span;
pub use span::Span;

/// The two dates of a change set and the clock they go by.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct Period {
    /// The clock.
    pub clock: Clock,
    /// The state before: everything at or before this instant.
    pub from: DateTime<Utc>,
    /// The state after: everything at or before this instant.
    pub to: DateTime<Utc>,
}

/// Who did something to a record, and when.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Mark {
    /// The record.
    pub id: Uuid,
    /// Its name (at the end of the period, or when it was last known).
    pub name: String,
    /// When it took effect.
    pub effective_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who did it.
    pub author: String,
}

/// One field change of an actor.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FieldEdit {
    /// The field, old and new value.
    #[serde(flatten)]
    pub change: FieldChange,
    /// When it took effect.
    pub effective_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who made it.
    pub author: String,
}

/// An actor whose fields changed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ActorEdits {
    /// The actor.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its field changes, in order.
    pub changes: Vec<FieldEdit>,
}

/// How the actors changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct ActorChanges {
    /// Active actors at the start.
    pub active_before: usize,
    /// Active actors at the end.
    pub active_after: usize,
    /// Entered.
    pub added: Vec<Mark>,
    /// Ended.
    pub ended: Vec<Mark>,
    /// Temporarily closed.
    pub temporarily_closed: Vec<Mark>,
    /// Active again after being closed or ended.
    pub reopened: Vec<Mark>,
    /// Field changes, actor by actor (Czech name order); each edit's `old`
    /// is the value before it on the period's clock.
    pub changed: Vec<ActorEdits>,
    /// Marked reviewed (the yearly revision), one by one or with others.
    pub reviewed: Vec<Mark>,
}

/// One need area's active actors at both ends.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AreaCount {
    /// The area.
    pub area: NeedArea,
    /// Its Czech label.
    pub label_cs: &'static str,
    /// Active actors at the start.
    pub before: usize,
    /// Active actors at the end.
    pub after: usize,
}

/// How coverage changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct CoverageChange {
    /// Active actors per need area, before and after.
    pub areas: Vec<AreaCount>,
    /// Need area × target group cells nobody covered before and somebody
    /// covers now.
    pub became_covered: Vec<AreaGroup>,
    /// Cells somebody covered before and nobody covers now.
    pub became_uncovered: Vec<AreaGroup>,
    /// Target groups with no actor before and some now.
    pub target_groups_became_covered: Vec<Uuid>,
    /// Target groups with actors before and none now.
    pub target_groups_became_uncovered: Vec<Uuid>,
}

/// One announcement in a series.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Point {
    /// When the figures held (effective).
    pub at: DateTime<Utc>,
    /// Free places.
    pub free: u32,
    /// Occupied places.
    pub occupied: Option<u32>,
    /// Waiting.
    pub waiting: Option<u32>,
}

/// Capacity of one actor's unit over the period.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CapacitySeries {
    /// The actor.
    pub actor: Uuid,
    /// Its name.
    pub name: String,
    /// The unit (e.g. `lůžko`).
    pub unit: String,
    /// Announcements in the period.
    pub announcements: usize,
    /// The share of the period's days on which the latest announcement was
    /// fresh (younger than the network's stale limit), 0 to 1.
    pub fresh_days_share: f64,
    /// The announcements, oldest first.
    pub series: Vec<Point>,
}

/// One platform's meetings in the period.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Meetings {
    /// The platform.
    pub platform: Uuid,
    /// Its name.
    pub name: String,
    /// Meetings held in the period.
    pub held: usize,
    /// Meetings cancelled in the period.
    pub cancelled: usize,
    /// Meetings due by its planned frequency over the days it was active
    /// in the period (`None`: no frequency set).
    pub planned: Option<usize>,
}

/// How the platforms changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct PlatformChanges {
    /// Founded.
    pub founded: Vec<Mark>,
    /// Ended.
    pub ended: Vec<Mark>,
    /// Meetings of every platform active at some point in the period.
    pub meetings: Vec<Meetings>,
}

/// Platform tasks in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Tasks {
    /// Tasks recorded.
    pub opened: usize,
    /// Tasks marked done.
    pub done: usize,
    /// Tasks dropped.
    pub dropped: usize,
    /// Open tasks past their due date at the end.
    pub overdue: usize,
}

/// What changed in a network between two dates.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChangeSet {
    /// The network.
    pub network: Slug,
    /// Its name.
    pub name: String,
    /// The two dates.
    pub period: Period,
    /// Actors.
    pub actors: ActorChanges,
    /// Coverage.
    pub coverage: CoverageChange,
    /// Capacity, per actor and unit with any announcement in the period.
    pub capacity: Vec<CapacitySeries>,
    /// Platforms and meetings.
    pub platforms: PlatformChanges,
    /// Tasks.
    pub tasks: Tasks,
    /// Findings, plan steps and procedures.
    pub planning: Planning,
}

/// What changed in every network of a region.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RegionChangeSet {
    /// The region.
    pub region: Slug,
    /// The two dates.
    pub period: Period,
    /// Each network's change set, in Czech name order.
    pub networks: Vec<ChangeSet>,
    /// How the region's own plans moved.
    pub planning: Planning,
}

/// The share of the period's days on which the latest announcement (the
/// one before the period, `earlier`, then `points`) was at most
/// `stale_days` old at the end of the day.
pub fn fresh_share(earlier: Option<DateTime<Utc>>, points: &[Point], period: Period, stale_days: u32) -> f64 {
    let days = (period.to - period.from).num_days().max(1);
    let stale = Duration::days(i64::from(stale_days));
    let mut latest = earlier;
    let mut next = 0;
    let mut fresh = 0;
    for day in 1..=days {
        let end = (period.from + Duration::days(day)).min(period.to);
        while next < points.len() && points[next].at <= end {
            latest = Some(points[next].at);
            next += 1;
        }
        if latest.is_some_and(|at| end - at <= stale) {
            fresh += 1;
        }
    }
    fresh as f64 / days as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn point(text: &str) -> Point {
        Point { at: at(text), free: 1, occupied: None, waiting: None }
    }

    #[test]
    fn a_day_counts_as_fresh_while_the_latest_announcement_is_younger_than_the_limit() {
        let period =
            Period { clock: Clock::Effective, from: at("2026-01-01T00:00:00Z"), to: at("2026-01-11T00:00:00Z") };
        // Announced on day 1 and day 8, stale after 2 days: fresh at the end
        // of days 1, 2, 8 and 9.
        let points = [point("2026-01-01T12:00:00Z"), point("2026-01-08T06:00:00Z")];
        let share = fresh_share(None, &points, period, 2);
        assert!((share - 0.4).abs() < 1e-9, "{share}");
        // An announcement just before the period counts for its first days.
        let before = Some(at("2025-12-31T20:00:00Z"));
        assert!((fresh_share(before, &[], period, 2) - 0.1).abs() < 1e-9);
        assert_eq!(fresh_share(None, &[], period, 14), 0.0);
    }
}
