//! Findings of mapping (seed 000: "map the needs of OSPOD and the actors,
//! analyse them and set the themes"): a need or theme a network identified —
//! e.g. "information, clarifying competences and roles, communication,
//! early identification" — with the sources it rests on (an actor's note, a
//! platform's meeting outcome, a coverage gap: linked, not copied), the need
//! areas and target groups it concerns, and a status.
//!
//! Whether the sources and target groups belong to the network is checked
//! by the caller (`app::findings`), which sees the model.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::need_area::NeedArea;
use super::text::{optional_text, required_text};

/// What a finding rests on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// A note on an actor.
    ActorNote {
        /// The actor.
        actor: Uuid,
        /// The note.
        note: Uuid,
    },
    /// An outcome of a platform's meeting.
    PlatformOutcome {
        /// The platform.
        platform: Uuid,
        /// The outcome.
        outcome: Uuid,
    },
    /// A need area × target group cell nobody covers (or covers only in
    /// part).
    Gap {
        /// The need area.
        area: NeedArea,
        /// The target group (a term of the network).
        target_group: Uuid,
    },
}

/// Where a finding stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// Identified, not yet answered.
    #[default]
    Open,
    /// Answered by the plan's steps.
    Addressed,
    /// No longer a need.
    Resolved,
    /// Set aside (with a reason).
    SetAside,
}

impl FindingStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Addressed => "addressed",
            Self::Resolved => "resolved",
            Self::SetAside => "set_aside",
        }
    }

    /// Every status.
    pub const ALL: [FindingStatus; 4] = [Self::Open, Self::Addressed, Self::Resolved, Self::SetAside];
}

/// What a finding says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingDraft {
    /// A short title (the theme).
    pub title: String,
    /// What was found.
    #[serde(default)]
    pub text: String,
    /// What it rests on.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The need areas it concerns.
    #[serde(default)]
    pub need_areas: Vec<NeedArea>,
    /// The target groups it concerns (terms of the network).
    #[serde(default)]
    pub target_groups: Vec<Uuid>,
}

/// What can be asked of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingCommand {
    /// Record a finding of a network.
    Record { network: Slug, draft: FindingDraft },
    /// Rewrite it (title, text, sources, areas, groups at once).
    Revise { draft: FindingDraft },
    /// Move it on; setting aside needs a reason.
    SetStatus { status: FindingStatus, reason: String },
}

/// What happened to a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingEvent {
    /// `finding.recorded`
    Recorded { network: Slug, draft: FindingDraft },
    /// `finding.revised`
    Revised { draft: FindingDraft },
    /// `finding.status_changed`
    StatusChanged { from: FindingStatus, to: FindingStatus, reason: String },
}

/// A finding, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FindingState {
    /// Its network, once recorded.
    pub network: Option<Slug>,
    /// What it says.
    pub draft: FindingDraft,
    /// Where it stands.
    pub status: FindingStatus,
    /// Why it was last moved, if a reason was given.
    pub reason: String,
}

fn check(draft: FindingDraft) -> Result<FindingDraft, DomainError> {
    let mut problems = Problems::default();
    let title = problems.check("title", required_text("title", &draft.title, 200));
    let text = problems.check("text", optional_text("text", &draft.text, 8000));
    if draft.sources.len() > 200 {
        problems.add("sources", "a finding rests on at most 200 sources");
    }
    problems.finish()?;
    let mut out = FindingDraft { title: title.unwrap_or_default(), text: text.unwrap_or_default(), ..draft };
    let mut seen = Vec::new();
    out.sources.retain(|s| {
        let new = !seen.contains(s);
        seen.push(s.clone());
        new
    });
    out.need_areas.sort();
    out.need_areas.dedup();
    out.target_groups.sort();
    out.target_groups.dedup();
    Ok(out)
}

impl FindingState {
    /// Whether the finding exists.
    pub fn exists(&self) -> bool {
        self.network.is_some()
    }

    /// Decides a command.
    pub fn decide(&self, command: FindingCommand) -> Result<Vec<FindingEvent>, DomainError> {
        match command {
            FindingCommand::Record { network, draft } => {
                if self.exists() {
                    return Err(DomainError::Conflict("the finding exists already".into()));
                }
                Ok(vec![FindingEvent::Recorded { network, draft: check(draft)? }])
            }
            FindingCommand::Revise { draft } => {
                if !self.exists() {
                    return Err(DomainError::NotFound("finding".into()));
                }
                let draft = check(draft)?;
                if draft == self.draft {
                    return Ok(vec![]);
                }
                Ok(vec![FindingEvent::Revised { draft }])
            }
            FindingCommand::SetStatus { status, reason } => {
                if !self.exists() {
                    return Err(DomainError::NotFound("finding".into()));
                }
                if status == self.status {
                    return Ok(vec![]);
                }
                let reason = optional_text("reason", &reason, 2000).map_err(|e| DomainError::invalid("reason", e))?;
                if status == FindingStatus::SetAside && reason.is_empty() {
                    return Err(DomainError::invalid("reason", "setting a finding aside needs a reason"));
                }
                Ok(vec![FindingEvent::StatusChanged { from: self.status, to: status, reason }])
            }
        }
    }

    /// Applies an event.
    pub fn apply(&mut self, event: &FindingEvent) {
        match event {
            FindingEvent::Recorded { network, draft } => {
                self.network = Some(network.clone());
                self.draft = draft.clone();
            }
            FindingEvent::Revised { draft } => self.draft = draft.clone(),
            FindingEvent::StatusChanged { to, reason, .. } => {
                self.status = *to;
                self.reason = reason.clone();
            }
        }
    }
}
