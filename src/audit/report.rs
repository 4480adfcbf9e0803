//! The yearly report of a network or a region: the year's change set
//! summarised, with the figures behind its charts — capacity over the year,
//! actors by need area and focus then and now, platform meetings per month.
//! Served as JSON, as a printable Czech page and each chart as SVG.

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use serde::Serialize;

use super::changeset::{ChangeSet, Period, Span, Tasks};
use super::timeline::Clock;
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::network::DEFAULT_CAPACITY_STALE_DAYS;
use crate::domain::platform::MeetingState;
use crate::projections::{Model, views};

/// The year's figures in a few numbers.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Active actors at the start of the year.
    pub actors_before: usize,
    /// Active actors at its end.
    pub actors_after: usize,
    /// Actors entered.
    pub added: usize,
    /// Actors ended.
    pub ended: usize,
    /// Actors temporarily closed.
    pub temporarily_closed: usize,
    /// Actors whose fields changed.
    pub actors_changed: usize,
    /// Field changes in all.
    pub field_changes: usize,
    /// Need area × target group cells that became covered.
    pub cells_became_covered: usize,
    /// Cells that became uncovered.
    pub cells_became_uncovered: usize,
    /// Capacity announcements.
    pub announcements: usize,
    /// The mean share of days with a fresh announcement, over the actors'
    /// units that announced (0 to 1; `None`: nobody announced).
    pub fresh_days_share: Option<f64>,
    /// Platforms founded.
    pub platforms_founded: usize,
    /// Platforms ended.
    pub platforms_ended: usize,
    /// Meetings held.
    pub meetings_held: usize,
    /// Meetings due by the platforms' planned frequencies.
    pub meetings_planned: usize,
    /// Tasks.
    pub tasks: Tasks,
}

/// Capacity at the end of one week.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct WeekCapacity {
    /// The week's end.
    pub week_end: DateTime<Utc>,
    /// Free places in fresh announcements of the year.
    pub free: u32,
    /// Waiting in those announcements.
    pub waiting: u32,
}

/// One need area's active actors by focus, then and now.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AreaFocus {
    /// The area.
    pub area: NeedArea,
    /// Its Czech label.
    pub label_cs: &'static str,
    /// Actors with a preventive focus at the start.
    pub prevention_before: usize,
    /// … at the end.
    pub prevention_after: usize,
    /// Actors with an intervening focus at the start.
    pub intervention_before: usize,
    /// … at the end.
    pub intervention_after: usize,
}

/// A yearly report.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// The network or region.
    pub scope: Slug,
    /// Its name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// The period (the year, or up to now for the current year).
    pub period: Period,
    /// The year in numbers.
    pub summary: Summary,
    /// Capacity week by week.
    pub capacity: Vec<WeekCapacity>,
    /// Actors by need area and focus.
    pub need_areas: Vec<AreaFocus>,
    /// Meetings held per month, January first.
    pub meetings_per_month: [usize; 12],
    /// The change set of each network.
    pub networks: Vec<ChangeSet>,
}

/// The period of `year`: from its start to its end, or to `now`.
pub fn year_period(year: i32, now: DateTime<Utc>) -> Option<Period> {
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single()?;
    let end = Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).single()? - Duration::microseconds(1);
    (start <= now).then(|| Period {
        clock: Clock::Effective,
        from: start - Duration::microseconds(1),
        to: end.min(now),
    })
}

fn stale_days(model: &Model, network: &Slug) -> u32 {
    model.networks.get(network).map_or(DEFAULT_CAPACITY_STALE_DAYS, |n| n.state.stale_days())
}

/// The report of `networks` (one, or a region's) over `span`'s period.
pub fn report(scope: Slug, name: String, year: i32, span: &Span, networks: &[Slug]) -> Report {
    let period = span.period();
    let sets: Vec<ChangeSet> = networks.iter().map(|n| span.network(n)).collect();
    let mut summary = Summary::default();
    let mut shares = Vec::new();
    for set in &sets {
        let a = &set.actors;
        summary.actors_before += a.active_before;
        summary.actors_after += a.active_after;
        summary.added += a.added.len();
        summary.ended += a.ended.len();
        summary.temporarily_closed += a.temporarily_closed.len();
        summary.actors_changed += a.changed.len();
        summary.field_changes += a.changed.iter().map(|c| c.changes.len()).sum::<usize>();
        summary.cells_became_covered += set.coverage.became_covered.len();
        summary.cells_became_uncovered += set.coverage.became_uncovered.len();
        summary.announcements += set.capacity.iter().map(|c| c.announcements).sum::<usize>();
        shares.extend(set.capacity.iter().map(|c| c.fresh_days_share));
        summary.platforms_founded += set.platforms.founded.len();
        summary.platforms_ended += set.platforms.ended.len();
        summary.meetings_held += set.platforms.meetings.iter().map(|m| m.held).sum::<usize>();
        summary.meetings_planned += set.platforms.meetings.iter().filter_map(|m| m.planned).sum::<usize>();
        summary.tasks.opened += set.tasks.opened;
        summary.tasks.done += set.tasks.done;
        summary.tasks.dropped += set.tasks.dropped;
        summary.tasks.overdue += set.tasks.overdue;
    }
    summary.fresh_days_share = (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64);
    Report {
        scope,
        name,
        year,
        period,
        summary,
        capacity: weekly_capacity(span, &sets),
        need_areas: need_areas(span, networks),
        meetings_per_month: meetings_per_month(span.after(), networks, period),
        networks: sets,
    }
}

/// Free places and waiting at each week's end, from the year's fresh
/// announcements.
fn weekly_capacity(span: &Span, sets: &[ChangeSet]) -> Vec<WeekCapacity> {
    let period = span.period();
    let weeks = ((period.to - period.from).num_days() + 6) / 7;
    (1..=weeks.max(1))
        .map(|k| {
            let end = (period.from + Duration::days(7 * k)).min(period.to);
            let (mut free, mut waiting) = (0, 0);
            for set in sets {
                let stale = Duration::days(i64::from(stale_days(span.after(), &set.network)));
                for series in &set.capacity {
                    let latest = series.series.iter().take_while(|p| p.at <= end).last();
                    if let Some(point) = latest.filter(|p| end - p.at <= stale) {
                        free += point.free;
                        waiting += point.waiting.unwrap_or(0);
                    }
                }
            }
            WeekCapacity { week_end: end, free, waiting }
        })
        .collect()
}

fn need_areas(span: &Span, networks: &[Slug]) -> Vec<AreaFocus> {
    let mut out: Vec<AreaFocus> = NeedArea::ALL
        .iter()
        .map(|area| AreaFocus {
            area: *area,
            label_cs: area.label_cs(),
            prevention_before: 0,
            prevention_after: 0,
            intervention_before: 0,
            intervention_after: 0,
        })
        .collect();
    for network in networks {
        let before = views::coverage(span.before(), network, None);
        let after = views::coverage(span.after(), network, None);
        for (slot, (b, a)) in out.iter_mut().zip(before.areas.iter().zip(&after.areas)) {
            slot.prevention_before += b.total.prevention;
            slot.intervention_before += b.total.intervention;
            slot.prevention_after += a.total.prevention;
            slot.intervention_after += a.total.intervention;
        }
    }
    out
}

fn meetings_per_month(model: &Model, networks: &[Slug], period: Period) -> [usize; 12] {
    let mut months = [0; 12];
    for network in networks {
        for id in model.platforms_by_network.get(network).into_iter().flatten() {
            let Some(p) = model.platforms.get(id) else { continue };
            for m in p.state.meetings.values() {
                if matches!(m.state, MeetingState::Held { .. }) && m.date > period.from && m.date <= period.to {
                    months[m.date.month0() as usize] += 1;
                }
            }
        }
    }
    months
}
