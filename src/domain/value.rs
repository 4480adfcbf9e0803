//! Field values and field changes: the unit the audit speaks in. Every
//! change to an actor, a platform or an activity is recorded as the list of
//! fields it changed, each with its old and new value.

use serde::{Deserialize, Serialize};

/// The value of one field. Which variant a field takes is fixed by the
/// field (see each aggregate's field list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// Yes or no.
    Flag(bool),
    /// A whole number.
    Number(i64),
    /// Text (also codes and ISO dates).
    Text(String),
    /// Several texts or codes, in the order given.
    List(Vec<String>),
    /// Registered capacities: per unit, the most it can take.
    Capacities(Vec<CapacityLimit>),
}

impl Value {
    /// Whether the value says nothing (empty text or list); setting a field
    /// to an empty value clears it.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Text(t) => t.is_empty(),
            Self::List(l) => l.is_empty(),
            Self::Capacities(c) => c.is_empty(),
            Self::Flag(_) | Self::Number(_) => false,
        }
    }

    /// The text, if this is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The list, if this is one.
    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            Self::List(l) => Some(l),
            _ => None,
        }
    }

    /// The flag, if this is one.
    pub fn as_flag(&self) -> Option<bool> {
        match self {
            Self::Flag(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<i64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Units capacity is counted in.
pub const CAPACITY_UNITS: [&str; 5] = ["client", "bed", "contact", "intervention", "hour"];

/// The most a service can take in one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityLimit {
    /// One of [`CAPACITY_UNITS`].
    pub unit: String,
    /// The registered maximum.
    pub max: u32,
}

/// One field's change: `None` means the field had, or now has, no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldChange {
    /// The field's code, e.g. `name` or `custom.0192…`.
    pub field: String,
    /// The value before.
    pub old: Option<Value>,
    /// The value after.
    pub new: Option<Value>,
}

/// The changes that turn `current` into `wanted`, field by field, in the
/// order `wanted` names them; fields set to an empty value are cleared, and
/// fields whose value does not change are left out.
pub fn diff(
    current: &std::collections::BTreeMap<String, Value>,
    wanted: &[(String, Option<Value>)],
) -> Vec<FieldChange> {
    wanted
        .iter()
        .filter_map(|(field, new)| {
            let new = new.clone().filter(|v| !v.is_empty());
            let old = current.get(field).cloned();
            (old != new).then(|| FieldChange { field: field.clone(), old, new })
        })
        .collect()
}

/// Applies changes to a field map.
pub fn apply(fields: &mut std::collections::BTreeMap<String, Value>, changes: &[FieldChange]) {
    for change in changes {
        match &change.new {
            Some(value) => fields.insert(change.field.clone(), value.clone()),
            None => fields.remove(&change.field),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn diff_keeps_only_real_changes_and_empty_clears() {
        let mut current = BTreeMap::new();
        current.insert("name".to_owned(), Value::Text("KOTEC".into()));
        current.insert("web".to_owned(), Value::Text("https://kotec.cz".into()));
        let wanted = vec![
            ("name".to_owned(), Some(Value::Text("KOTEC".into()))),
            ("web".to_owned(), Some(Value::Text(String::new()))),
            ("online".to_owned(), Some(Value::Flag(true))),
        ];
        let changes = diff(&current, &wanted);
        assert_eq!(
            changes,
            vec![
                FieldChange { field: "web".into(), old: Some(Value::Text("https://kotec.cz".into())), new: None },
                FieldChange { field: "online".into(), old: None, new: Some(Value::Flag(true)) },
            ]
        );
        apply(&mut current, &changes);
        assert_eq!(current.get("web"), None);
        assert_eq!(current.get("online"), Some(&Value::Flag(true)));
    }
}
