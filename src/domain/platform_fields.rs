//! The fields of a platform entry (seed 004, §2.3) and their checks.

use super::links::{ActorsOf, actor_links, text_list};
use super::need_area::NeedArea;
use super::text::{optional_text, required_text};
use super::value::Value;

/// The four types of platform (seed 004, §2.3).
pub const PLATFORM_TYPES: &[&str] = &["interdisciplinary", "mini_team", "case_conference", "formal"];

/// The fields of a platform entry.
pub const PLATFORM_FIELDS: &[&str] = &[
    "name",
    "platform_type",
    "coordinators",
    "members",
    "frequency_per_year",
    "frequency_note",
    "composition",
    "topics",
    "goals",
    "need_areas",
    "written_outputs",
    "outputs_where",
];

/// Checks one platform field.
pub fn check_field(field: &str, value: &Value, actors: ActorsOf<'_>) -> Result<Value, String> {
    if value.is_empty() {
        return if matches!(field, "name" | "platform_type") {
            Err(format!("{field} must not be empty"))
        } else if PLATFORM_FIELDS.contains(&field) {
            Ok(value.clone())
        } else {
            Err(format!("{field:?} is not a field of the platform template; fields are {}", PLATFORM_FIELDS.join(", ")))
        };
    }
    let text = |max| value.as_text().ok_or("expected text".to_owned()).and_then(|t| optional_text(field, t, max));
    match field {
        "name" => value
            .as_text()
            .ok_or("expected text".to_owned())
            .and_then(|t| required_text(field, t, 200))
            .map(Value::Text),
        "platform_type" => {
            let t = value.as_text().ok_or("expected text")?;
            if PLATFORM_TYPES.contains(&t) {
                Ok(value.clone())
            } else {
                Err(format!("{t:?} is not a platform type; types are {}", PLATFORM_TYPES.join(", ")))
            }
        }
        "coordinators" | "members" => actor_links(value, actors),
        "frequency_per_year" => match value.as_number() {
            Some(n) if (1..=365).contains(&n) => Ok(value.clone()),
            Some(n) => Err(format!("{n} meetings a year is not between 1 and 365")),
            None => Err("expected a number of meetings a year".into()),
        },
        "frequency_note" | "outputs_where" => text(300).map(Value::Text),
        "composition" => text(2000).map(Value::Text),
        "topics" | "goals" => text_list(field, value, 300),
        "need_areas" => {
            let list = value.as_list().ok_or("expected a list of need areas")?;
            let mut areas = list.iter().map(|c| c.parse::<NeedArea>()).collect::<Result<Vec<_>, _>>()?;
            areas.sort();
            areas.dedup();
            Ok(Value::List(areas.iter().map(|a| a.code().to_owned()).collect()))
        }
        "written_outputs" => value.as_flag().map(Value::Flag).ok_or_else(|| "expected true or false".into()),
        _ => {
            Err(format!("{field:?} is not a field of the platform template; fields are {}", PLATFORM_FIELDS.join(", ")))
        }
    }
}
