//! The needs map of a network (seed 004, §2.1): per need area, the forms in
//! which the need is met in a child's life, and the activities that lead to
//! it being met better — with the kinds of actors that can carry them out,
//! the local practice, and the actors actually involved.
//! One aggregate per network, stream `needs-{network}`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::links::{ActorsOf, actor_links, text_list};
use super::need_area::NeedArea;
use super::text::{optional_text, required_text};
use super::value::{FieldChange, Value, apply, diff};

/// The fields of an activity.
pub const ACTIVITY_FIELDS: &[&str] = &["text", "area", "stage", "actor_kinds", "local_practice", "actors"];

/// Stages of support an activity belongs to.
pub const STAGES: &[&str] = &["prevention", "intervention"];

/// A form in which a need is met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NeedForm {
    /// The area.
    pub area: NeedArea,
    /// E.g. "dítě má alespoň jednoho blízkého dospělého".
    pub text: String,
}

/// What can be asked of a needs map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NeedsCommand {
    /// Add a form in which a need is met.
    AddForm { network: Slug, id: Uuid, area: NeedArea, text: String },
    /// Remove a form.
    RemoveForm { id: Uuid },
    /// Add an activity.
    AddActivity { network: Slug, id: Uuid, fields: Vec<(String, Value)> },
    /// Change an activity's fields (`None` clears).
    ChangeActivity { id: Uuid, fields: Vec<(String, Option<Value>)> },
    /// Remove an activity.
    RemoveActivity { id: Uuid },
}

/// What happened to a needs map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NeedsEvent {
    /// `needs.form_added`
    FormAdded { network: Slug, id: Uuid, area: NeedArea, text: String },
    /// `needs.form_removed`
    FormRemoved { id: Uuid },
    /// `needs.activity_added`
    ActivityAdded { network: Slug, id: Uuid, changes: Vec<FieldChange> },
    /// `needs.activity_changed`
    ActivityChanged { id: Uuid, changes: Vec<FieldChange> },
    /// `needs.activity_removed`
    ActivityRemoved { id: Uuid },
}

/// A network's needs map.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NeedsState {
    /// Forms by id.
    pub forms: BTreeMap<Uuid, NeedForm>,
    /// Activities' fields by id.
    pub activities: BTreeMap<Uuid, BTreeMap<String, Value>>,
    /// When each activity was last reviewed (the yearly revision; effective
    /// date).
    pub reviewed: BTreeMap<Uuid, DateTime<Utc>>,
    /// When each activity was added (effective date).
    pub added: BTreeMap<Uuid, DateTime<Utc>>,
}

/// Checks one activity field.
pub fn check_field(field: &str, value: &Value, actors: ActorsOf<'_>) -> Result<Value, String> {
    if value.is_empty() {
        return match field {
            "text" | "area" | "stage" => Err(format!("{field} must not be empty")),
            f if ACTIVITY_FIELDS.contains(&f) => Ok(value.clone()),
            _ => Err(format!("{field:?} is not a field of an activity; fields are {}", ACTIVITY_FIELDS.join(", "))),
        };
    }
    let text = || value.as_text().ok_or_else(|| "expected text".to_owned());
    match field {
        "text" => required_text(field, text()?, 1000).map(Value::Text),
        "local_practice" => optional_text(field, text()?, 4000).map(Value::Text),
        "area" => text()?.parse::<NeedArea>().map(|a| Value::Text(a.code().to_owned())),
        "stage" => {
            let t = text()?;
            if STAGES.contains(&t) {
                Ok(value.clone())
            } else {
                Err(format!("{t:?} is not a stage; stages are prevention, intervention"))
            }
        }
        "actor_kinds" => text_list(field, value, 200),
        "actors" => actor_links(value, actors),
        _ => Err(format!("{field:?} is not a field of an activity; fields are {}", ACTIVITY_FIELDS.join(", "))),
    }
}

impl NeedsState {
    /// Decides a command; `actors` says which ids are actors of the network.
    pub fn decide(&self, command: NeedsCommand, actors: ActorsOf<'_>) -> Result<Vec<NeedsEvent>, DomainError> {
        use NeedsCommand as C;
        use NeedsEvent as E;
        let mut problems = Problems::default();
        let events = match command {
            C::AddForm { network, id, area, text } => {
                if self.forms.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("form {id} exists already")));
                }
                let text = required_text("text", &text, 1000).map_err(|e| DomainError::invalid("text", e))?;
                vec![E::FormAdded { network, id, area, text }]
            }
            C::RemoveForm { id } => {
                self.forms.get(&id).ok_or_else(|| DomainError::NotFound(format!("form {id}")))?;
                vec![E::FormRemoved { id }]
            }
            C::AddActivity { network, id, fields } => {
                if self.activities.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("activity {id} exists already")));
                }
                let given: Vec<String> = fields.iter().map(|(f, _)| f.clone()).collect();
                let mut wanted = Vec::new();
                for (field, value) in fields {
                    if let Some(v) = problems.check(&field, check_field(&field, &value, actors)) {
                        wanted.push((field, Some(v)));
                    }
                }
                for required in ["text", "area", "stage"] {
                    if !given.iter().any(|f| f == required) {
                        problems.add(required, format!("an activity needs its {required}"));
                    }
                }
                problems.finish()?;
                vec![E::ActivityAdded { network, id, changes: diff(&BTreeMap::new(), &wanted) }]
            }
            C::ChangeActivity { id, fields } => {
                let current =
                    self.activities.get(&id).ok_or_else(|| DomainError::NotFound(format!("activity {id}")))?;
                let mut wanted = Vec::new();
                for (field, value) in fields {
                    let value = value.unwrap_or(Value::Text(String::new()));
                    if let Some(v) = problems.check(&field, check_field(&field, &value, actors)) {
                        wanted.push((field, Some(v)));
                    }
                }
                problems.finish()?;
                let changes = diff(current, &wanted);
                if changes.is_empty() { vec![] } else { vec![E::ActivityChanged { id, changes }] }
            }
            C::RemoveActivity { id } => {
                self.activities.get(&id).ok_or_else(|| DomainError::NotFound(format!("activity {id}")))?;
                vec![E::ActivityRemoved { id }]
            }
        };
        Ok(events)
    }

    /// Applies an event.
    pub fn apply(&mut self, event: &NeedsEvent) {
        use NeedsEvent as E;
        match event {
            E::FormAdded { id, area, text, .. } => {
                self.forms.insert(*id, NeedForm { area: *area, text: text.clone() });
            }
            E::FormRemoved { id } => {
                self.forms.remove(id);
            }
            E::ActivityAdded { id, changes, .. } => {
                let mut fields = BTreeMap::new();
                apply(&mut fields, changes);
                self.activities.insert(*id, fields);
            }
            E::ActivityChanged { id, changes } => {
                if let Some(fields) = self.activities.get_mut(id) {
                    apply(fields, changes);
                }
            }
            E::ActivityRemoved { id } => {
                self.activities.remove(id);
            }
        }
    }
}
