//! Field values in JSON: `true`/`false` a flag, a whole number a number, a
//! string a text, an array of strings a list, an array of `{unit, max}` the
//! registered capacities, and `null` clears the field.

use serde_json::{Map, Value as Json};

use crate::domain::FieldError;
use crate::domain::value::{CapacityLimit, Value};

/// One field's value from JSON; `None` for `null`.
pub fn from_json(field: &str, json: Json) -> Result<Option<Value>, FieldError> {
    let bad = |reason: &str| FieldError { field: field.to_owned(), reason: reason.to_owned() };
    Ok(Some(match json {
        Json::Null => return Ok(None),
        Json::Bool(b) => Value::Flag(b),
        Json::Number(n) => Value::Number(n.as_i64().ok_or_else(|| bad("numbers are whole numbers"))?),
        Json::String(s) => Value::Text(s),
        Json::Array(items) if items.iter().all(Json::is_string) => {
            Value::List(items.into_iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
        }
        Json::Array(items) if items.iter().all(Json::is_object) => Value::Capacities(
            items
                .into_iter()
                .map(|i| {
                    serde_json::from_value::<CapacityLimit>(i)
                        .map_err(|e| bad(&format!("capacities are {{\"unit\", \"max\"}}: {e}")))
                })
                .collect::<Result<_, _>>()?,
        ),
        Json::Array(_) => return Err(bad("a list holds only texts, or only {\"unit\", \"max\"} capacities")),
        Json::Object(_) => return Err(bad("a field's value is true/false, a number, a text or a list")),
    }))
}

/// Every field of a JSON object, for a change (`null` clears); lists every
/// malformed one.
pub fn changes(fields: Map<String, Json>) -> Result<Vec<(String, Option<Value>)>, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (field, json) in fields {
        match from_json(&field, json) {
            Ok(value) => out.push((field, value)),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Every field of a JSON object, for a creation (`null` fields are left
/// out).
pub fn initial(fields: Map<String, Json>) -> Result<Vec<(String, Value)>, Vec<FieldError>> {
    Ok(changes(fields)?.into_iter().filter_map(|(f, v)| v.map(|v| (f, v))).collect())
}
