//! Fields shared by platforms and activities: links to actors of the
//! network, and lists of short texts.

use uuid::Uuid;

use super::text::required_text;
use super::value::Value;

/// Answers whether an id is an actor of the network a command is about.
pub type ActorsOf<'a> = &'a dyn Fn(&Uuid) -> bool;

/// Checks a list of actor ids: each a UUID of an actor of the network, none
/// twice.
pub fn actor_links(value: &Value, actors: ActorsOf<'_>) -> Result<Value, String> {
    let list = value.as_list().ok_or("expected a list of actor ids")?;
    let mut seen = Vec::new();
    for id in list {
        let uuid = Uuid::parse_str(id).map_err(|_| format!("{id:?} is not an actor id"))?;
        if !actors(&uuid) {
            return Err(format!("{id} is not an actor of this network"));
        }
        if seen.contains(&uuid) {
            return Err(format!("{id} is listed twice"));
        }
        seen.push(uuid);
    }
    Ok(Value::List(seen.iter().map(Uuid::to_string).collect()))
}

/// Checks a list of short texts (topics, goals, kinds of actors).
pub fn text_list(field: &str, value: &Value, max_each: usize) -> Result<Value, String> {
    let list = value.as_list().ok_or("expected a list of texts")?;
    let mut out: Vec<String> = Vec::new();
    for item in list {
        let item = required_text(field, item, max_each)?;
        if out.contains(&item) {
            return Err(format!("{item:?} is listed twice"));
        }
        out.push(item);
    }
    Ok(Value::List(out))
}

/// The actor ids a field holds (empty if none).
pub fn linked_actors(value: Option<&Value>) -> Vec<Uuid> {
    value
        .and_then(Value::as_list)
        .map(|ids| ids.iter().filter_map(|id| Uuid::parse_str(id).ok()).collect())
        .unwrap_or_default()
}
