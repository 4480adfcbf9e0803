//! The yearly evaluation of a plan: for one year, each step's standing at
//! the year's end and its recorded outcome, counts to compare year to year,
//! and the evaluation recorded (who, when, every version).

use chrono::{DateTime, Datelike, TimeZone, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::plan::{Evaluation, PlanState, Step, StepStatus};
use crate::projections::Model;

/// A step in one year.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct StepInYear {
    /// The step.
    pub id: Uuid,
    /// Its recommendation's text.
    pub recommendation: String,
    /// What the step says.
    pub text: String,
    /// Its deadline.
    pub deadline: Option<DateTime<Utc>>,
    /// Where it stood at the year's end (or now, for the current year).
    pub status: StepStatus,
    /// Done within the year.
    pub done_in_year: bool,
    /// Its outcome, as the year's evaluation records it.
    pub outcome: Option<String>,
}

/// A year in figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct YearCounts {
    /// The year.
    pub year: i32,
    /// Steps due within the year.
    pub due: usize,
    /// Steps done within the year.
    pub done: usize,
    /// Steps due within the year and done by their deadline.
    pub done_on_time: usize,
    /// Steps dropped within the year.
    pub dropped: usize,
    /// Steps past their deadline and still open at the year's end.
    pub overdue_at_end: usize,
    /// Whether the year's evaluation is recorded.
    pub evaluated: bool,
}

/// One year's evaluation.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct YearEvaluation {
    /// The figures.
    pub counts: YearCounts,
    /// The steps.
    pub steps: Vec<StepInYear>,
    /// The evaluation as last recorded.
    pub evaluation: Option<Evaluation>,
    /// Every version recorded, oldest first.
    pub versions: Vec<Evaluation>,
}

fn bounds(year: i32, now: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single()?;
    let end = Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).single()?;
    Some((start, end.min(now)))
}

fn status_at(step: &Step, end: DateTime<Utc>) -> Option<StepStatus> {
    step.history.iter().take_while(|h| h.at < end).last().map(|h| h.status)
}

/// The figures of `year` of `plan` at `now`.
pub fn counts(plan: &PlanState, year: i32, now: DateTime<Utc>) -> YearCounts {
    let mut out = YearCounts { year, evaluated: plan.evaluations.contains_key(&year), ..YearCounts::default() };
    let Some((start, end)) = bounds(year, now) else { return out };
    for step in plan.steps.values() {
        let Some(status) = status_at(step, end) else { continue };
        let within = |at: &DateTime<Utc>| *at >= start && *at < end;
        let due = step.draft.deadline.filter(|d| d.year() == year);
        let done_at = step.history.iter().find(|h| h.status == StepStatus::Done && within(&h.at)).map(|h| h.at);
        out.due += usize::from(due.is_some());
        out.done += usize::from(done_at.is_some());
        out.done_on_time += usize::from(matches!((due, done_at), (Some(d), Some(at)) if at <= d));
        out.dropped += usize::from(step.history.iter().any(|h| h.status == StepStatus::Dropped && within(&h.at)));
        let open = matches!(status, StepStatus::Planned | StepStatus::InProgress);
        out.overdue_at_end += usize::from(open && step.draft.deadline.is_some_and(|d| d < end));
    }
    out
}

/// Every year of the plan's period that has begun, with its figures.
pub fn years(plan: &PlanState, now: DateTime<Utc>) -> Vec<YearCounts> {
    (plan.from..=plan.to.min(now.year())).map(|year| counts(plan, year, now)).collect()
}

/// The evaluation of `year` of plan `id` at `now`.
pub fn year(model: &Model, id: &Uuid, year: i32, now: DateTime<Utc>) -> Option<YearEvaluation> {
    let plan = &model.plans.get(id)?.state;
    let (_, end) = bounds(year, now)?;
    let versions = plan.evaluations.get(&year).cloned().unwrap_or_default();
    let evaluation = versions.last().cloned();
    let mut steps: Vec<(DateTime<Utc>, StepInYear)> = plan
        .steps
        .iter()
        .filter_map(|(sid, s)| {
            let status = status_at(s, end)?;
            let done_in_year =
                s.history.iter().any(|h| h.status == StepStatus::Done && h.at.year() == year && h.at < end);
            let outcome =
                evaluation.as_ref().and_then(|e| e.outcomes.iter().find(|o| o.step == *sid)).map(|o| o.text.clone());
            let recommendation =
                plan.recommendations.get(&s.recommendation).map(|r| r.text.clone()).unwrap_or_default();
            let added = s.history.first().map_or(end, |h| h.at);
            let item = StepInYear {
                id: *sid,
                recommendation,
                text: s.draft.text.clone(),
                deadline: s.draft.deadline,
                status,
                done_in_year,
                outcome,
            };
            Some((added, item))
        })
        .collect();
    steps.sort_by_key(|(added, s)| (*added, s.id));
    Some(YearEvaluation {
        counts: counts(plan, year, now),
        steps: steps.into_iter().map(|(_, s)| s).collect(),
        evaluation,
        versions,
    })
}
