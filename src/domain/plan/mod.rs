//! The mid-term plan of a network or of a region (seed 004, "Druhý oddíl";
//! seed 000, the networking strategy): a period of years; sections (networking and
//! coordination, case work, information sharing and early identification,
//! participation, and any a coordinator adds), each with the present
//! practice and numbered recommendations; each recommendation with steps —
//! text, responsible actors or platforms, a deadline within the period, the
//! need areas it answers, and a status whose every change is kept. A plan
//! is published (anyone may read it) or kept for its coordinators.
//!
//! Whether the actors and platforms named belong to the plan's owner is
//! checked by the caller (`app::plans`), which sees the model; the rules
//! here are about the plan itself. The records a plan is made of are in
//! `parts.rs`.

mod parts;

pub use parts::*;

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::text::{optional_text, required_text};

/// The longest plan, in years.
pub const MAX_YEARS: i32 = 10;

/// The sections every new plan starts with (seed 004).
pub const DEFAULT_SECTIONS: [&str; 4] =
    ["Síťování a koordinace", "Případová práce", "Sdílení informací a včasná identifikace", "Participace dětí a rodin"];

/// What can be asked of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanCommand {
    /// Start a plan of a network or a region for the years `from`–`to`,
    /// with the default sections.
    Create { owner: Owner, title: String, from: i32, to: i32 },
    /// Add a section.
    AddSection { id: Uuid, title: String, practice: String },
    /// Rewrite a section's title or practice.
    ChangeSection { id: Uuid, title: Option<String>, practice: Option<String> },
    /// Add a recommendation to a section (numbered next).
    Recommend { id: Uuid, section: Uuid, text: String },
    /// Add a step to a recommendation.
    AddStep { id: Uuid, recommendation: Uuid, step: StepDraft },
    /// Move a step on; dropping and reopening a done step need a reason.
    SetStatus { id: Uuid, status: StepStatus, reason: String },
    /// Record the evaluation of a year of the plan (again: a new version,
    /// the earlier kept).
    Evaluate { year: i32, summary: String, outcomes: Vec<StepOutcome> },
    /// Link a platform's task (a meeting outcome) to the step it serves.
    LinkTask { step: Uuid, platform: Uuid, outcome: Uuid },
    /// Publish the plan: anyone may read it from now on.
    Publish,
    /// Take the plan back from the public, saying why.
    Unpublish { reason: String },
}

/// What happened to a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanEvent {
    /// `plan.created`
    Created { owner: Owner, title: String, from: i32, to: i32 },
    /// `plan.section_added`
    SectionAdded { id: Uuid, title: String, practice: String },
    /// `plan.section_changed`
    SectionChanged { id: Uuid, title: String, practice: String },
    /// `plan.recommended`
    Recommended { id: Uuid, section: Uuid, number: u32, text: String },
    /// `plan.step_added`
    StepAdded { id: Uuid, recommendation: Uuid, step: StepDraft },
    /// `plan.step_status_changed`
    StepStatusChanged { id: Uuid, from: StepStatus, to: StepStatus, reason: String },
    /// `plan.evaluated`
    Evaluated { year: i32, summary: String, outcomes: Vec<StepOutcome> },
    /// `plan.task_linked`
    TaskLinked { step: Uuid, platform: Uuid, outcome: Uuid },
    /// `plan.published`
    Published,
    /// `plan.unpublished`
    Unpublished { reason: String },
}

/// A plan, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlanState {
    /// Its network or region, once created.
    pub owner: Option<Owner>,
    /// Since when it is published (anyone may read it), if it is.
    pub published: Option<DateTime<Utc>>,
    /// Its title.
    pub title: String,
    /// The first year.
    pub from: i32,
    /// The last year.
    pub to: i32,
    /// Sections by id.
    pub sections: BTreeMap<Uuid, Section>,
    /// Recommendations by id.
    pub recommendations: BTreeMap<Uuid, Recommendation>,
    /// Steps by id.
    pub steps: BTreeMap<Uuid, Step>,
    /// Yearly evaluations by year, every version, oldest first.
    pub evaluations: BTreeMap<i32, Vec<Evaluation>>,
}

/// A section id derived from the plan's id, for the default sections.
pub fn default_section_id(plan: Uuid, index: usize) -> Uuid {
    let mut bytes = *plan.as_bytes();
    bytes[15] ^= 0x5a ^ index as u8;
    bytes[14] ^= 0xa5;
    Uuid::from_bytes(bytes)
}

impl PlanState {
    /// Whether the plan exists.
    pub fn exists(&self) -> bool {
        self.owner.is_some()
    }

    /// The network, for a network's plan.
    pub fn network(&self) -> Option<&Slug> {
        self.owner.as_ref().and_then(Owner::network)
    }

    /// Whether the plan belongs to `owner`.
    pub fn owned_by(&self, owner: &Owner) -> bool {
        self.owner.as_ref() == Some(owner)
    }

    /// The first instant of the period.
    pub fn starts(&self) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(self.from, 1, 1, 0, 0, 0).single()
    }

    /// The first instant after the period.
    pub fn ends(&self) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(self.to + 1, 1, 1, 0, 0, 0).single()
    }

    fn exists_or(&self) -> Result<(), DomainError> {
        if self.exists() { Ok(()) } else { Err(DomainError::NotFound("plan".into())) }
    }

    /// Decides a command (`plan` is the plan's own id, for the ids of its
    /// default sections).
    pub fn decide(&self, plan: Uuid, command: PlanCommand) -> Result<Vec<PlanEvent>, DomainError> {
        use PlanCommand as C;
        use PlanEvent as E;
        match command {
            C::Create { owner, title, from, to } => {
                if self.exists() {
                    return Err(DomainError::Conflict("the plan exists already".into()));
                }
                let mut problems = Problems::default();
                let title = problems.check("title", required_text("title", &title, 200));
                if !(2000..=2100).contains(&from) {
                    problems.add("from", "the first year must be 2000 to 2100");
                }
                if to < from || to - from >= MAX_YEARS {
                    problems.add("to", format!("the last year must be {from} to {}", from + MAX_YEARS - 1));
                }
                problems.finish()?;
                let mut events = vec![E::Created { owner, title: title.unwrap_or_default(), from, to }];
                events.extend(DEFAULT_SECTIONS.iter().enumerate().map(|(i, title)| E::SectionAdded {
                    id: default_section_id(plan, i),
                    title: (*title).to_owned(),
                    practice: String::new(),
                }));
                Ok(events)
            }
            C::AddSection { id, title, practice } => {
                self.exists_or()?;
                if self.sections.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("section {id} exists already")));
                }
                let mut problems = Problems::default();
                let title = problems.check("title", required_text("title", &title, 200));
                let practice = problems.check("practice", optional_text("practice", &practice, 20_000));
                problems.finish()?;
                Ok(vec![E::SectionAdded {
                    id,
                    title: title.unwrap_or_default(),
                    practice: practice.unwrap_or_default(),
                }])
            }
            C::ChangeSection { id, title, practice } => {
                self.exists_or()?;
                let section = self.sections.get(&id).ok_or_else(|| DomainError::NotFound(format!("section {id}")))?;
                let mut problems = Problems::default();
                let title = title.map(|t| problems.check("title", required_text("title", &t, 200)));
                let practice = practice.map(|p| problems.check("practice", optional_text("practice", &p, 20_000)));
                problems.finish()?;
                let title = title.flatten().unwrap_or_else(|| section.title.clone());
                let practice = practice.flatten().unwrap_or_else(|| section.practice.clone());
                if title == section.title && practice == section.practice {
                    return Ok(vec![]);
                }
                Ok(vec![E::SectionChanged { id, title, practice }])
            }
            C::Recommend { id, section, text } => {
                self.exists_or()?;
                if self.recommendations.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("recommendation {id} exists already")));
                }
                let mut problems = Problems::default();
                if !self.sections.contains_key(&section) {
                    problems.add("section", format!("{section} is not a section of this plan"));
                }
                let text = problems.check("text", required_text("text", &text, 4000));
                problems.finish()?;
                let number = 1 + self.recommendations.values().filter(|r| r.section == section).count() as u32;
                Ok(vec![E::Recommended { id, section, number, text: text.unwrap_or_default() }])
            }
            C::AddStep { id, recommendation, step } => {
                self.exists_or()?;
                if self.steps.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("step {id} exists already")));
                }
                let mut problems = Problems::default();
                if !self.recommendations.contains_key(&recommendation) {
                    problems.add("recommendation", format!("{recommendation} is not a recommendation of this plan"));
                }
                let text = problems.check("text", required_text("text", &step.text, 4000));
                if let (Some(deadline), Some(starts), Some(ends)) = (step.deadline, self.starts(), self.ends())
                    && (deadline < starts || deadline >= ends)
                {
                    problems.add(
                        "deadline",
                        format!(
                            "the deadline {} lies outside the plan's period {}–{}",
                            deadline.format("%Y-%m-%d"),
                            self.from,
                            self.to
                        ),
                    );
                }
                problems.finish()?;
                let mut step = step;
                step.text = text.unwrap_or_default();
                step.actors.dedup();
                step.platforms.dedup();
                step.need_areas.dedup();
                step.findings.dedup();
                step.gaps.sort();
                step.gaps.dedup();
                Ok(vec![E::StepAdded { id, recommendation, step }])
            }
            C::SetStatus { id, status, reason } => {
                self.exists_or()?;
                let step = self.steps.get(&id).ok_or_else(|| DomainError::NotFound(format!("step {id}")))?;
                if step.status == status {
                    return Ok(vec![]);
                }
                let reason = optional_text("reason", &reason, 2000).map_err(|e| DomainError::invalid("reason", e))?;
                let reopened = step.status == StepStatus::Done;
                if reason.is_empty() && (status == StepStatus::Dropped || reopened) {
                    let why = if reopened { "reopening a done step" } else { "dropping a step" };
                    return Err(DomainError::invalid("reason", format!("{why} needs a reason, for the evaluation")));
                }
                Ok(vec![E::StepStatusChanged { id, from: step.status, to: status, reason }])
            }
            C::LinkTask { step, platform, outcome } => {
                self.exists_or()?;
                let linked = self.steps.get(&step).ok_or_else(|| DomainError::NotFound(format!("step {step}")))?;
                if linked.tasks.contains(&(platform, outcome)) {
                    return Ok(vec![]);
                }
                Ok(vec![E::TaskLinked { step, platform, outcome }])
            }
            C::Publish => {
                self.exists_or()?;
                Ok(if self.published.is_some() { vec![] } else { vec![E::Published] })
            }
            C::Unpublish { reason } => {
                self.exists_or()?;
                if self.published.is_none() {
                    return Ok(vec![]);
                }
                let reason = required_text("reason", &reason, 2000).map_err(|e| {
                    DomainError::invalid("reason", format!("{e}: say why the public no longer sees it"))
                })?;
                Ok(vec![E::Unpublished { reason }])
            }
            C::Evaluate { year, summary, outcomes } => {
                self.exists_or()?;
                let mut problems = Problems::default();
                if !(self.from..=self.to).contains(&year) {
                    problems
                        .add("year", format!("{year} is not a year of the plan's period {}–{}", self.from, self.to));
                }
                let summary = problems.check("summary", required_text("summary", &summary, 8000));
                let mut seen = Vec::new();
                for (i, outcome) in outcomes.iter().enumerate() {
                    if !self.steps.contains_key(&outcome.step) {
                        problems
                            .add(format!("outcomes[{i}].step"), format!("{} is not a step of this plan", outcome.step));
                    } else if seen.contains(&outcome.step) {
                        problems.add(format!("outcomes[{i}].step"), "each step has one outcome in an evaluation");
                    }
                    seen.push(outcome.step);
                    if let Err(e) = required_text("text", &outcome.text, 4000) {
                        problems.add(format!("outcomes[{i}].text"), e);
                    }
                }
                problems.finish()?;
                let outcomes = outcomes
                    .into_iter()
                    .map(|o| StepOutcome { step: o.step, text: o.text.trim().to_owned() })
                    .collect();
                Ok(vec![E::Evaluated { year, summary: summary.unwrap_or_default(), outcomes }])
            }
        }
    }

    /// Applies an event, effective at `at`.
    pub fn apply(&mut self, event: &PlanEvent, at: DateTime<Utc>) {
        use PlanEvent as E;
        match event {
            E::Created { owner, title, from, to } => {
                self.owner = Some(owner.clone());
                self.title = title.clone();
                self.from = *from;
                self.to = *to;
            }
            E::SectionAdded { id, title, practice } => {
                let order = self.sections.len() as u32 + 1;
                self.sections.insert(*id, Section { order, title: title.clone(), practice: practice.clone() });
            }
            E::SectionChanged { id, title, practice } => {
                if let Some(section) = self.sections.get_mut(id) {
                    section.title = title.clone();
                    section.practice = practice.clone();
                }
            }
            E::Recommended { id, section, number, text } => {
                self.recommendations
                    .insert(*id, Recommendation { section: *section, number: *number, text: text.clone() });
            }
            E::StepAdded { id, recommendation, step } => {
                let first = StatusChange { at, status: StepStatus::Planned, reason: String::new() };
                self.steps.insert(
                    *id,
                    Step {
                        recommendation: *recommendation,
                        draft: step.clone(),
                        status: StepStatus::Planned,
                        history: vec![first],
                        tasks: Vec::new(),
                    },
                );
            }
            E::StepStatusChanged { id, to, reason, .. } => {
                if let Some(step) = self.steps.get_mut(id) {
                    step.status = *to;
                    step.history.push(StatusChange { at, status: *to, reason: reason.clone() });
                }
            }
            E::TaskLinked { step, platform, outcome } => {
                if let Some(step) = self.steps.get_mut(step) {
                    step.tasks.push((*platform, *outcome));
                }
            }
            E::Published => self.published = Some(at),
            E::Unpublished { .. } => self.published = None,
            E::Evaluated { year, summary, outcomes } => {
                self.evaluations.entry(*year).or_default().push(Evaluation {
                    summary: summary.clone(),
                    outcomes: outcomes.clone(),
                    at,
                    author: String::new(),
                });
            }
        }
    }
}
