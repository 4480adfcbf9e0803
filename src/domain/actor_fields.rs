//! The fields of an actor entry (seed 004, §2.2): the traditional
//! categories, the extended ones, and the network's own custom categories
//! (`custom.{category id}`). One list, used to check input, to designate
//! fields for case managers, and to describe the template in the API.

use serde::Serialize;
use uuid::Uuid;

use super::need_area::NeedArea;
use super::network::{CategoryKind, NetworkState, TermKind};
use super::text::{email, optional_text, phone, required_text, web};
use super::value::{CAPACITY_UNITS, CapacityLimit, Value};

/// Founders an actor may have.
pub const FOUNDERS: &[&str] = &["municipality", "region", "state", "church", "ngo", "private"];
/// Sectors (ministries) an actor may belong to.
pub const SECTORS: &[&str] = &["social_affairs", "education", "health", "interior", "justice", "other"];
/// Forms of service.
pub const FORMS: &[&str] = &["field", "outpatient", "residential"];
/// Focus of an actor's work.
pub const FOCI: &[&str] = &["prevention", "intervention", "both"];

/// What values a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text up to `max` characters.
    Text {
        /// The longest text accepted.
        max: usize,
    },
    /// Yes or no.
    Flag,
    /// One of `values`.
    OneOf {
        /// The codes accepted.
        values: &'static [&'static str],
    },
    /// Any of `values`.
    ManyOf {
        /// The codes accepted.
        values: &'static [&'static str],
    },
    /// Terms of one of the network's taxonomies (their ids).
    Terms {
        /// Which taxonomy.
        taxonomy: TermKind,
    },
    /// One or more of the six need areas.
    NeedAreas,
    /// Registered capacities per unit.
    Capacities,
    /// An e-mail address.
    Email,
    /// A web address.
    Web,
    /// A phone number.
    Phone,
}

/// One field of the actor template.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct FieldSpec {
    /// The field's code.
    pub code: &'static str,
    /// The Czech label, as the template names the column.
    pub label_cs: &'static str,
    /// What values it takes.
    pub kind: FieldKind,
}

const fn field(code: &'static str, label_cs: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec { code, label_cs, kind }
}

/// Every built-in field of an actor entry, in the template's order.
pub const ACTOR_FIELDS: &[FieldSpec] = &[
    field("name", "Název", FieldKind::Text { max: 200 }),
    field("description", "Popis", FieldKind::Text { max: 4000 }),
    field("kind", "Druh služby", FieldKind::Text { max: 120 }),
    field("service_type", "Typ služby", FieldKind::Text { max: 120 }),
    field("founder", "Zřizovatel", FieldKind::OneOf { values: FOUNDERS }),
    field("sector", "Resort", FieldKind::OneOf { values: SECTORS }),
    field("target_groups", "Cílové skupiny", FieldKind::Terms { taxonomy: TermKind::TargetGroup }),
    field("life_situations", "Životní situace", FieldKind::Terms { taxonomy: TermKind::LifeSituation }),
    field("places", "Místa působnosti", FieldKind::Terms { taxonomy: TermKind::Place }),
    field("address", "Adresa", FieldKind::Text { max: 300 }),
    field("web", "Web", FieldKind::Web),
    field("email", "E-mail", FieldKind::Email),
    field("phone", "Telefon", FieldKind::Phone),
    field("forms", "Forma služby", FieldKind::ManyOf { values: FORMS }),
    field("online", "Služba on-line", FieldKind::Flag),
    field("opening_hours", "Provozní doba", FieldKind::Text { max: 300 }),
    field("need_areas", "Primární oblast potřeb", FieldKind::NeedAreas),
    field("focus", "Prevence / intervence", FieldKind::OneOf { values: FOCI }),
    field("crisis_network", "Krizová síť", FieldKind::Flag),
    field("crisis_contact", "Krizový kontakt", FieldKind::Text { max: 300 }),
    field("capacities", "Registrovaná kapacita", FieldKind::Capacities),
    field("capacity_public", "Volnou kapacitu ukazovat veřejnosti", FieldKind::Flag),
];

/// The prefix of custom category fields.
pub const CUSTOM_PREFIX: &str = "custom.";

/// The spec of a built-in field.
pub fn spec(code: &str) -> Option<&'static FieldSpec> {
    ACTOR_FIELDS.iter().find(|f| f.code == code)
}

/// Checks that `field` names a built-in field or one of the network's
/// custom categories.
pub fn check_field_name(network: &NetworkState, field: &str) -> Result<(), String> {
    if spec(field).is_some() {
        return Ok(());
    }
    if let Some(id) = field.strip_prefix(CUSTOM_PREFIX)
        && Uuid::parse_str(id).is_ok_and(|id| network.categories.contains_key(&id))
    {
        return Ok(());
    }
    Err(format!("{field:?} is not a field of the actor template (see /api/v1/networks/{{network}}/template)"))
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Flag(_) => "true or false",
        Value::Number(_) => "a number",
        Value::Text(_) => "text",
        Value::List(_) => "a list",
        Value::Capacities(_) => "a list of capacities",
    }
}

fn expect<T>(got: Option<T>, wanted: &str, value: &Value) -> Result<T, String> {
    got.ok_or_else(|| format!("expected {wanted}, got {}", kind_name(value)))
}

fn one_of(value: &str, values: &[&str]) -> Result<String, String> {
    if values.contains(&value) {
        Ok(value.to_owned())
    } else {
        Err(format!("{value:?} is not one of {}", values.join(", ")))
    }
}

fn distinct(list: &[String]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    match list.iter().find(|v| !seen.insert(*v)) {
        Some(dup) => Err(format!("{dup:?} is listed twice")),
        None => Ok(()),
    }
}

/// Checks a value for `field` in `network` and returns it cleaned; an empty
/// value (empty text or list) stays empty and means "clear the field".
pub fn check_value(network: &NetworkState, field: &str, value: &Value) -> Result<Value, String> {
    if value.is_empty() {
        return if field == "name" { Err("name must not be empty".into()) } else { Ok(value.clone()) };
    }
    if let Some(id) = field.strip_prefix(CUSTOM_PREFIX) {
        let category = Uuid::parse_str(id)
            .ok()
            .and_then(|id| network.categories.get(&id))
            .ok_or_else(|| format!("{field:?} is not a category of this network"))?;
        let allowed: Vec<&str> = category.allowed.iter().map(String::as_str).collect();
        return match category.kind {
            CategoryKind::Text => optional_text(field, expect(value.as_text(), "text", value)?, 1000).map(Value::Text),
            CategoryKind::YesNo => expect(value.as_flag(), "true or false", value).map(Value::Flag),
            CategoryKind::Number => expect(value.as_number(), "a number", value).map(Value::Number),
            CategoryKind::OneOf => one_of(expect(value.as_text(), "text", value)?, &allowed).map(Value::Text),
            CategoryKind::ManyOf => {
                let list = expect(value.as_list(), "a list", value)?;
                distinct(list)?;
                list.iter().map(|v| one_of(v, &allowed)).collect::<Result<_, _>>().map(Value::List)
            }
        };
    }
    let spec = spec(field).ok_or_else(|| format!("{field:?} is not a field of the actor template"))?;
    match spec.kind {
        FieldKind::Text { max } => {
            let text = expect(value.as_text(), "text", value)?;
            if field == "name" {
                required_text(field, text, max).map(Value::Text)
            } else {
                optional_text(field, text, max).map(Value::Text)
            }
        }
        FieldKind::Flag => expect(value.as_flag(), "true or false", value).map(Value::Flag),
        FieldKind::OneOf { values } => one_of(expect(value.as_text(), "text", value)?, values).map(Value::Text),
        FieldKind::ManyOf { values } => {
            let list = expect(value.as_list(), "a list", value)?;
            distinct(list)?;
            list.iter().map(|v| one_of(v, values)).collect::<Result<_, _>>().map(Value::List)
        }
        FieldKind::Terms { taxonomy } => {
            let list = expect(value.as_list(), "a list of term ids", value)?;
            distinct(list)?;
            list.iter()
                .map(|id| network.check_term(taxonomy, id).map(|u| u.to_string()))
                .collect::<Result<_, _>>()
                .map(Value::List)
        }
        FieldKind::NeedAreas => {
            let list = expect(value.as_list(), "a list of need areas", value)?;
            distinct(list)?;
            let mut areas = list.iter().map(|code| code.parse::<NeedArea>()).collect::<Result<Vec<_>, _>>()?;
            areas.sort();
            Ok(Value::List(areas.iter().map(|a| a.code().to_owned()).collect()))
        }
        FieldKind::Capacities => {
            let Value::Capacities(limits) = value else {
                return Err(format!("expected a list of capacities, got {}", kind_name(value)));
            };
            let units: Vec<String> = limits.iter().map(|l| l.unit.clone()).collect();
            distinct(&units)?;
            for limit in limits {
                one_of(&limit.unit, &CAPACITY_UNITS)?;
                if limit.max == 0 || limit.max > 100_000 {
                    return Err(format!("capacity of {} must be 1 to 100000", limit.unit));
                }
            }
            Ok(Value::Capacities(limits.iter().map(|l| CapacityLimit { unit: l.unit.clone(), max: l.max }).collect()))
        }
        FieldKind::Email => email(expect(value.as_text(), "text", value)?).map(Value::Text),
        FieldKind::Web => web(expect(value.as_text(), "text", value)?).map(Value::Text),
        FieldKind::Phone => phone(expect(value.as_text(), "text", value)?).map(Value::Text),
    }
}
