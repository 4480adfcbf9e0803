//! What a plan is made of: its owner, sections, recommendations, steps
//! (with the gaps they answer and every status change) and yearly
//! evaluations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;

/// Where a step stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Not started.
    #[default]
    Planned,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Given up.
    Dropped,
}

impl StepStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }
}

/// Whose plan it is: a network's (an ORP's) or a region's (a kraj's).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(tag = "kind", content = "slug", rename_all = "snake_case")]
pub enum Owner {
    /// A network's plan.
    Network(Slug),
    /// A region's plan.
    Region(Slug),
}

impl Owner {
    /// The network, for a network's plan.
    pub fn network(&self) -> Option<&Slug> {
        match self {
            Self::Network(slug) => Some(slug),
            Self::Region(_) => None,
        }
    }

    /// The region, for a region's plan.
    pub fn region(&self) -> Option<&Slug> {
        match self {
            Self::Region(slug) => Some(slug),
            Self::Network(_) => None,
        }
    }

    /// The owner's slug.
    pub fn slug(&self) -> &Slug {
        match self {
            Self::Network(slug) | Self::Region(slug) => slug,
        }
    }

    /// `network` or `region`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Network(_) => "network",
            Self::Region(_) => "region",
        }
    }
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind(), self.slug())
    }
}

/// What a step says (when it is added).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepDraft {
    /// What is to be done.
    pub text: String,
    /// The actors responsible.
    #[serde(default)]
    pub actors: Vec<Uuid>,
    /// The platforms responsible (a step on their agenda).
    #[serde(default)]
    pub platforms: Vec<Uuid>,
    /// By when, within the plan's period.
    #[serde(default)]
    pub deadline: Option<DateTime<Utc>>,
    /// The need areas it answers.
    #[serde(default)]
    pub need_areas: Vec<NeedArea>,
    /// The findings of the network it answers.
    #[serde(default)]
    pub findings: Vec<Uuid>,
    /// The coverage gaps it answers: need area × target group cells.
    #[serde(default)]
    pub gaps: Vec<GapRef>,
}

/// A coverage gap a step answers: a need area × target group cell.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GapRef {
    /// The need area.
    pub area: NeedArea,
    /// The target group (a term of the plan's network, or of a network of
    /// the region).
    pub target_group: Uuid,
}

/// One change of a step's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusChange {
    /// When (effective).
    pub at: DateTime<Utc>,
    /// The status it moved to.
    pub status: StepStatus,
    /// Why, when one is required (dropping, reopening) or given.
    pub reason: String,
}

/// A step of a recommendation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Step {
    /// Its recommendation.
    pub recommendation: Uuid,
    /// What it says.
    #[serde(flatten)]
    pub draft: StepDraft,
    /// Where it stands.
    pub status: StepStatus,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
    /// The platform tasks that serve it: (platform, outcome).
    pub tasks: Vec<(Uuid, Uuid)>,
}

/// A recommendation of a section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Recommendation {
    /// Its section.
    pub section: Uuid,
    /// Its number within the section, from 1.
    pub number: u32,
    /// What it recommends.
    pub text: String,
}

/// A section of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Section {
    /// Its place in the plan, from 1.
    pub order: u32,
    /// Its title.
    pub title: String,
    /// The present practice.
    pub practice: String,
}

/// One step's outcome in a yearly evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepOutcome {
    /// The step.
    pub step: Uuid,
    /// What came of it.
    pub text: String,
}

/// A yearly evaluation as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Evaluation {
    /// The short evaluation of the year.
    pub summary: String,
    /// Each step's outcome.
    pub outcomes: Vec<StepOutcome>,
    /// When it took effect.
    pub at: DateTime<Utc>,
    /// Who recorded it (set by the read model from the event).
    pub author: String,
}
