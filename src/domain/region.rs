//! Regions (kraje): a region groups networks and has a name.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::ids::Slug;
use super::text::required_text;

/// A region (kraj): groups networks.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegionState {
    /// Its slug, once registered.
    pub slug: Option<Slug>,
    /// Its name, e.g. "Ústecký kraj".
    pub name: String,
}

/// What can be asked of a region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegionCommand {
    /// Register a new region.
    Register { slug: Slug, name: String },
    /// Rename it.
    Rename { name: String },
}

/// What happened to a region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RegionEvent {
    /// `region.registered`
    Registered { slug: Slug, name: String },
    /// `region.renamed`
    Renamed { name: String },
}

impl RegionState {
    /// Decides a command.
    pub fn decide(&self, command: RegionCommand) -> Result<Vec<RegionEvent>, DomainError> {
        match command {
            RegionCommand::Register { slug, name } => {
                if self.slug.is_some() {
                    return Err(DomainError::Conflict(format!("region {slug} exists already")));
                }
                let name = required_text("name", &name, 200).map_err(|e| DomainError::invalid("name", e))?;
                Ok(vec![RegionEvent::Registered { slug, name }])
            }
            RegionCommand::Rename { name } => {
                if self.slug.is_none() {
                    return Err(DomainError::NotFound("region".into()));
                }
                let name = required_text("name", &name, 200).map_err(|e| DomainError::invalid("name", e))?;
                if name == self.name {
                    return Ok(vec![]);
                }
                Ok(vec![RegionEvent::Renamed { name }])
            }
        }
    }

    /// Applies an event.
    pub fn apply(&mut self, event: &RegionEvent) {
        match event {
            RegionEvent::Registered { slug, name } => {
                self.slug = Some(slug.clone());
                self.name = name.clone();
            }
            RegionEvent::Renamed { name } => self.name = name.clone(),
        }
    }
}
