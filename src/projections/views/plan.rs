//! A network's or a region's plan as coordinators read it: sections in order, each with
//! its practice and numbered recommendations, each with its steps — who is
//! responsible (by name), the deadline, the status and its history.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::plan::{GapRef, Owner, StatusChange, StepStatus};
use crate::domain::value::Value;
use crate::projections::Model;
use crate::projections::views::{AreaGroup, Coverage};

/// A record named in a step.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Named {
    /// Its id.
    pub id: Uuid,
    /// Its name now.
    pub name: String,
}

/// A step as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct StepView {
    /// Its id.
    pub id: Uuid,
    /// What is to be done.
    pub text: String,
    /// The actors responsible.
    pub actors: Vec<Named>,
    /// The platforms responsible.
    pub platforms: Vec<Named>,
    /// By when.
    pub deadline: Option<DateTime<Utc>>,
    /// Past its deadline and neither done nor dropped.
    pub overdue: bool,
    /// The need areas it answers.
    pub need_areas: Vec<NeedArea>,
    /// The findings it answers, with their titles.
    pub findings: Vec<Named>,
    /// The coverage gaps it answers, and whether each is covered now.
    pub gaps: Vec<GapView>,
    /// The platform tasks that serve it.
    pub tasks: Vec<LinkedTask>,
    /// Where it stands.
    pub status: StepStatus,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
}

/// A coverage gap a step answers.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GapView {
    /// The need area.
    pub area: NeedArea,
    /// The target group, with its name.
    pub target_group: Named,
    /// Whether an active actor covers the cell now (the gap is closed).
    pub covered: bool,
}

/// The gaps of steps, with the coverage of each network computed once.
struct Gaps<'a> {
    model: &'a Model,
    coverage: std::collections::HashMap<Slug, Coverage>,
}

impl Gaps<'_> {
    fn view(&mut self, gap: &GapRef) -> GapView {
        let network = self
            .model
            .networks
            .iter()
            .find(|(_, n)| n.state.terms.contains_key(&gap.target_group))
            .map(|(slug, n)| (slug.clone(), n.state.terms[&gap.target_group].name.clone()));
        let Some((network, name)) = network else {
            return GapView {
                area: gap.area,
                target_group: Named { id: gap.target_group, name: String::new() },
                covered: false,
            };
        };
        let model = self.model;
        let coverage = self.coverage.entry(network.clone()).or_insert_with(|| super::coverage(model, &network, None));
        let cell = AreaGroup { area: gap.area, target_group: gap.target_group };
        GapView {
            area: gap.area,
            target_group: Named { id: gap.target_group, name },
            covered: !coverage.uncovered.contains(&cell),
        }
    }
}

/// A platform's task serving a step.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct LinkedTask {
    /// The platform.
    pub platform: Named,
    /// The outcome (task).
    pub outcome: Uuid,
    /// What is to be done.
    pub text: String,
    /// Where it stands.
    pub status: Option<crate::domain::platform::TaskStatus>,
}

/// A recommendation as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RecommendationView {
    /// Its id.
    pub id: Uuid,
    /// Its number in the section.
    pub number: u32,
    /// What it recommends.
    pub text: String,
    /// Its steps, in the order they were added.
    pub steps: Vec<StepView>,
}

/// A section as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SectionView {
    /// Its id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// The present practice.
    pub practice: String,
    /// Its recommendations by number.
    pub recommendations: Vec<RecommendationView>,
}

/// Steps by status.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct StepCounts {
    /// Planned.
    pub planned: usize,
    /// In progress.
    pub in_progress: usize,
    /// Done.
    pub done: usize,
    /// Dropped.
    pub dropped: usize,
    /// Overdue (of planned and in progress).
    pub overdue: usize,
}

/// A plan in full.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PlanView {
    /// Its id.
    pub id: Uuid,
    /// Its network or region.
    pub owner: Owner,
    /// Since when anyone may read it; `null` while it is not published.
    pub published: Option<DateTime<Utc>>,
    /// Its title.
    pub title: String,
    /// The first year.
    pub from: i32,
    /// The last year.
    pub to: i32,
    /// The version to send in `If-Match`.
    pub version: u64,
    /// Steps by status.
    pub steps: StepCounts,
    /// Its sections in order.
    pub sections: Vec<SectionView>,
}

fn actor_name(model: &Model, id: &Uuid) -> Named {
    Named { id: *id, name: model.actors.get(id).map(|a| a.entry.state.name().to_owned()).unwrap_or_default() }
}

fn platform_name(model: &Model, id: &Uuid) -> Named {
    let name = model.platforms.get(id).and_then(|p| p.state.fields.get("name").and_then(Value::as_text));
    Named { id: *id, name: name.unwrap_or_default().to_owned() }
}

fn linked_task(model: &Model, platform: &Uuid, outcome: &Uuid) -> LinkedTask {
    let found = model.platforms.get(platform).and_then(|p| p.state.outcomes.get(outcome));
    LinkedTask {
        platform: platform_name(model, platform),
        outcome: *outcome,
        text: found.map(|o| o.text.clone()).unwrap_or_default(),
        status: found.map(|o| o.status),
    }
}

fn finding_name(model: &Model, id: &Uuid) -> Named {
    Named { id: *id, name: model.findings.get(id).map(|f| f.state.draft.title.clone()).unwrap_or_default() }
}

/// Plan `id` at `now`; `None` if there is none.
pub fn plan(model: &Model, id: &Uuid, now: DateTime<Utc>) -> Option<PlanView> {
    let entry = model.plans.get(id)?;
    let p = &entry.state;
    let owner = p.owner.clone()?;
    let mut counts = StepCounts::default();
    let mut gaps = Gaps { model, coverage: std::collections::HashMap::new() };
    let mut sections: Vec<(u32, SectionView)> = p
        .sections
        .iter()
        .map(|(sid, s)| {
            let mut recommendations: Vec<RecommendationView> = p
                .recommendations
                .iter()
                .filter(|(_, r)| r.section == *sid)
                .map(|(rid, r)| {
                    let mut steps: Vec<(DateTime<Utc>, StepView)> = p
                        .steps
                        .iter()
                        .filter(|(_, s)| s.recommendation == *rid)
                        .map(|(step_id, s)| {
                            let open = matches!(s.status, StepStatus::Planned | StepStatus::InProgress);
                            let overdue = open && s.draft.deadline.is_some_and(|d| d < now);
                            match s.status {
                                StepStatus::Planned => counts.planned += 1,
                                StepStatus::InProgress => counts.in_progress += 1,
                                StepStatus::Done => counts.done += 1,
                                StepStatus::Dropped => counts.dropped += 1,
                            }
                            counts.overdue += usize::from(overdue);
                            let added = s.history.first().map_or(now, |h| h.at);
                            let view = StepView {
                                id: *step_id,
                                text: s.draft.text.clone(),
                                actors: s.draft.actors.iter().map(|a| actor_name(model, a)).collect(),
                                platforms: s.draft.platforms.iter().map(|a| platform_name(model, a)).collect(),
                                deadline: s.draft.deadline,
                                overdue,
                                need_areas: s.draft.need_areas.clone(),
                                findings: s.draft.findings.iter().map(|f| finding_name(model, f)).collect(),
                                gaps: s.draft.gaps.iter().map(|g| gaps.view(g)).collect(),
                                tasks: s.tasks.iter().map(|(p, o)| linked_task(model, p, o)).collect(),
                                status: s.status,
                                history: s.history.clone(),
                            };
                            (added, view)
                        })
                        .collect();
                    steps.sort_by_key(|(added, v)| (*added, v.id));
                    RecommendationView {
                        id: *rid,
                        number: r.number,
                        text: r.text.clone(),
                        steps: steps.into_iter().map(|(_, v)| v).collect(),
                    }
                })
                .collect();
            recommendations.sort_by_key(|r| r.number);
            let view = SectionView { id: *sid, title: s.title.clone(), practice: s.practice.clone(), recommendations };
            (s.order, view)
        })
        .collect();
    sections.sort_by_key(|(order, _)| *order);
    Some(PlanView {
        id: *id,
        owner,
        published: p.published,
        title: p.title.clone(),
        from: p.from,
        to: p.to,
        version: entry.version,
        steps: counts,
        sections: sections.into_iter().map(|(_, s)| s).collect(),
    })
}

impl PlanView {
    /// The plan as the public reads it once published: the reasons given
    /// for status changes, the platforms' internal tasks and the links to
    /// the findings of mapping are left out.
    pub fn for_public(self) -> Self {
        let mut this = self.without_findings();
        for step in this.sections.iter_mut().flat_map(|s| &mut s.recommendations).flat_map(|r| &mut r.steps) {
            step.tasks.clear();
            for change in &mut step.history {
                change.reason.clear();
            }
        }
        this
    }

    /// The plan without its steps' links to the findings of mapping, for a
    /// reader who may not read findings (`auth::policy::reads_findings`).
    pub fn without_findings(mut self) -> Self {
        for step in self.sections.iter_mut().flat_map(|s| &mut s.recommendations).flat_map(|r| &mut r.steps) {
            step.findings.clear();
        }
        self
    }

    /// Every step, in the plan's order.
    pub fn steps(&self) -> impl Iterator<Item = (&RecommendationView, &StepView)> {
        self.sections.iter().flat_map(|s| &s.recommendations).flat_map(|r| r.steps.iter().map(move |s| (r, s)))
    }
}
