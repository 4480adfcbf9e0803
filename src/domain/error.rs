//! What a command can be refused for. Every refusal names the field and
//! says what would be accepted, so a coordinator can fix the input.

use std::fmt;

use serde::Serialize;

/// One failing field of a command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    /// The field, as the API names it (e.g. `need_areas`, `custom.opening`).
    pub field: String,
    /// What is wrong and what would be accepted.
    pub reason: String,
}

/// Why the domain refused a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainError {
    /// The input is invalid; every failing field is listed.
    Invalid(Vec<FieldError>),
    /// The command does not fit the entity's current state (e.g. holding a
    /// meeting of an ended platform).
    Conflict(String),
    /// The entity does not exist (or not in this network).
    NotFound(String),
}

impl DomainError {
    /// An invalid-input error about one field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError { field: field.into(), reason: reason.into() }])
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(errors) => {
                let parts: Vec<_> = errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect();
                write!(f, "invalid input: {}", parts.join("; "))
            }
            Self::Conflict(why) => write!(f, "{why}"),
            Self::NotFound(what) => write!(f, "{what} not found"),
        }
    }
}

impl std::error::Error for DomainError {}

/// Collects field errors while a command is checked, so the answer lists
/// every problem at once instead of one per try.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), reason: reason.into() });
    }

    /// Records the error of `result`, if any, and passes its value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|reason| self.add(field, reason)).ok()
    }

    /// `Ok` if nothing was recorded, else every problem.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() { Ok(()) } else { Err(DomainError::Invalid(self.0)) }
    }
}
