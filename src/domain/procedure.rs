//! Agreed procedures (seed 004, information sharing, recommendations 1–2:
//! "who informs whom, how, in which situations"): short texts owned by the
//! network or by one of its platforms, binding some of its actors. Every
//! version is kept, each in force from its effective date; actors see the
//! version in force.
//!
//! Whether the owner platform and the bound actors are the network's is
//! checked by the caller (`app::procedures`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::text::{optional_text, required_text};

/// One version of a procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Version {
    /// Its number, from 1.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// What is agreed.
    pub text: String,
    /// The actors it binds.
    pub actors: Vec<Uuid>,
    /// What changed, in a word (for versions after the first).
    pub note: String,
    /// In force from.
    pub in_force_from: DateTime<Utc>,
}

/// What a version says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wording {
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
    /// The actors bound.
    pub actors: Vec<Uuid>,
    /// What changed (versions after the first).
    pub note: String,
}

/// What can be asked of a procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcedureCommand {
    /// Agree a procedure of a network, owned by the network or a platform.
    Agree { network: Slug, platform: Option<Uuid>, wording: Wording },
    /// Agree a new version (in force from the command's effective date).
    Revise { wording: Wording },
    /// Withdraw it.
    Withdraw { reason: String },
}

/// What happened to a procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcedureEvent {
    /// `procedure.agreed`
    Agreed { network: Slug, platform: Option<Uuid>, wording: Wording },
    /// `procedure.revised`
    Revised { wording: Wording },
    /// `procedure.withdrawn`
    Withdrawn { reason: String },
}

/// A procedure, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProcedureState {
    /// Its network, once agreed.
    pub network: Option<Slug>,
    /// The platform that owns it (`None`: the network).
    pub platform: Option<Uuid>,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
    /// When it was withdrawn, and why.
    pub withdrawn: Option<(DateTime<Utc>, String)>,
}

fn check(wording: Wording, first: bool) -> Result<Wording, DomainError> {
    let mut problems = Problems::default();
    let title = problems.check("title", required_text("title", &wording.title, 200));
    let text = problems.check("text", required_text("text", &wording.text, 8000));
    let note = problems.check("note", optional_text("note", &wording.note, 500));
    if !first && note.as_ref().is_some_and(String::is_empty) {
        problems.add("note", "say in a few words what the new version changes");
    }
    problems.finish()?;
    let mut actors = wording.actors;
    actors.sort();
    actors.dedup();
    Ok(Wording {
        title: title.unwrap_or_default(),
        text: text.unwrap_or_default(),
        actors,
        note: note.unwrap_or_default(),
    })
}

impl ProcedureState {
    /// Whether it exists.
    pub fn exists(&self) -> bool {
        self.network.is_some()
    }

    /// The version in force at `at`: the newest in force by then.
    pub fn in_force(&self, at: DateTime<Utc>) -> Option<&Version> {
        if self.withdrawn.as_ref().is_some_and(|(when, _)| *when <= at) {
            return None;
        }
        self.versions.iter().filter(|v| v.in_force_from <= at).max_by_key(|v| (v.in_force_from, v.number))
    }

    /// Decides a command.
    pub fn decide(&self, command: ProcedureCommand) -> Result<Vec<ProcedureEvent>, DomainError> {
        match command {
            ProcedureCommand::Agree { network, platform, wording } => {
                if self.exists() {
                    return Err(DomainError::Conflict("the procedure exists already".into()));
                }
                Ok(vec![ProcedureEvent::Agreed { network, platform, wording: check(wording, true)? }])
            }
            ProcedureCommand::Revise { wording } => {
                let last = self.versions.last().ok_or_else(|| DomainError::NotFound("procedure".into()))?;
                if self.withdrawn.is_some() {
                    return Err(DomainError::Conflict("the procedure was withdrawn; agree a new one".into()));
                }
                let wording = check(wording, false)?;
                if wording.title == last.title && wording.text == last.text && wording.actors == last.actors {
                    return Ok(vec![]);
                }
                Ok(vec![ProcedureEvent::Revised { wording }])
            }
            ProcedureCommand::Withdraw { reason } => {
                if !self.exists() {
                    return Err(DomainError::NotFound("procedure".into()));
                }
                if self.withdrawn.is_some() {
                    return Ok(vec![]);
                }
                let reason = required_text("reason", &reason, 2000).map_err(|e| DomainError::invalid("reason", e))?;
                Ok(vec![ProcedureEvent::Withdrawn { reason }])
            }
        }
    }

    /// Applies an event, effective at `at`.
    pub fn apply(&mut self, event: &ProcedureEvent, at: DateTime<Utc>) {
        let mut push = |wording: &Wording| {
            let number = self.versions.len() as u32 + 1;
            self.versions.push(Version {
                number,
                title: wording.title.clone(),
                text: wording.text.clone(),
                actors: wording.actors.clone(),
                note: wording.note.clone(),
                in_force_from: at,
            });
        };
        match event {
            ProcedureEvent::Agreed { network, platform, wording } => {
                push(wording);
                self.network = Some(network.clone());
                self.platform = *platform;
            }
            ProcedureEvent::Revised { wording } => push(wording),
            ProcedureEvent::Withdrawn { reason } => self.withdrawn = Some((at, reason.clone())),
        }
    }
}
