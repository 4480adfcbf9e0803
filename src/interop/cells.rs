//! One value of a template as a spreadsheet cell and back: codes as their
//! Czech names, terms and actors by name, lists separated by `; `,
//! capacities as `lůžka: 10`, yes and no as `ano` and `ne`. What a cell
//! reads back is checked by the domain afterwards; here it only becomes a
//! value, or a problem said in Czech.

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::czech::{code_name, unit_name};
use crate::domain::NeedArea;
use crate::domain::actor_fields::{FOCI, FORMS, FOUNDERS, SECTORS};
use crate::domain::network::{CategoryKind, NetworkState, TermKind};
use crate::domain::value::{CAPACITY_UNITS, CapacityLimit, Value};

/// Between the items of a list in one cell.
pub const SEPARATOR: &str = "; ";

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// Yes or no.
    Flag,
    /// A whole number.
    Number,
    /// One code of a list, written by its Czech name.
    Code(&'static str, &'static [&'static str]),
    /// Codes of a list.
    Codes(&'static str, &'static [&'static str]),
    /// One need area.
    NeedArea,
    /// Need areas.
    NeedAreas,
    /// Terms of one of the network's taxonomies, by name.
    Terms(TermKind),
    /// Actors of the network, by name.
    Actors,
    /// Registered capacities.
    Capacities,
    /// Short texts, one per item.
    TextList,
    /// A custom category of the network.
    Custom(Uuid),
}

/// Code lists, by the field that uses them.
pub const FOUNDER: Kind = Kind::Code("founder", FOUNDERS);
/// Sectors.
pub const SECTOR: Kind = Kind::Code("sector", SECTORS);
/// Forms of service.
pub const SERVICE_FORMS: Kind = Kind::Codes("forms", FORMS);
/// Prevention or intervention.
pub const FOCUS: Kind = Kind::Code("focus", FOCI);
/// Platform types.
pub const PLATFORM_TYPE: Kind = Kind::Code("platform_type", crate::domain::platform_fields::PLATFORM_TYPES);
/// An activity's stage.
pub const STAGE: Kind = Kind::Code("stage", &["prevention", "intervention"]);

/// What a cell needs to know of the network: its terms, categories and
/// actors' names.
pub struct Context<'a> {
    /// The network.
    pub network: &'a NetworkState,
    /// Its actors' names by id.
    pub names: BTreeMap<Uuid, String>,
}

impl Context<'_> {
    fn actors_named(&self, name: &str) -> Vec<Uuid> {
        let wanted = crate::projections::czech::fold(name);
        self.names.iter().filter(|(_, n)| crate::projections::czech::fold(n) == wanted).map(|(id, _)| *id).collect()
    }
}

fn said(field: &str, code: &str) -> String {
    code_name(field, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The code of `text` in `codes`: by its Czech name or the code itself,
/// ignoring case and diacritics.
fn code_of(field: &str, codes: &[&str], text: &str) -> Result<String, String> {
    let wanted = crate::projections::czech::fold(text.trim());
    codes
        .iter()
        .find(|c| {
            crate::projections::czech::fold(&said(field, c)) == wanted || crate::projections::czech::fold(c) == wanted
        })
        .map(|c| (*c).to_owned())
        .ok_or_else(|| {
            let names: Vec<String> = codes.iter().map(|c| said(field, c)).collect();
            format!("„{}“ není v číselníku; možné hodnoty: {}", text.trim(), names.join(", "))
        })
}

/// A need area by its label or code.
fn area_of(text: &str) -> Result<NeedArea, String> {
    let wanted = crate::projections::czech::fold(text.trim());
    NeedArea::ALL
        .into_iter()
        .find(|a| crate::projections::czech::fold(a.label_cs()) == wanted || a.code() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = NeedArea::ALL.iter().map(|a| a.label_cs()).collect();
            format!("„{}“ není oblast potřeb; oblasti jsou {}", text.trim(), names.join(", "))
        })
}

/// The items of a list cell.
pub fn items(text: &str) -> Vec<&str> {
    text.split([';', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// `value` as the cell shows it.
pub fn to_cell(ctx: &Context<'_>, kind: Kind, value: &Value) -> String {
    let list = || value.as_list().unwrap_or(&[]).to_vec();
    match (kind, value) {
        (_, Value::Flag(b)) => (if *b { "ano" } else { "ne" }).to_owned(),
        (_, Value::Number(n)) => n.to_string(),
        (_, Value::Capacities(limits)) => {
            limits.iter().map(|l| format!("{}: {}", unit_name(&l.unit), l.max)).collect::<Vec<_>>().join(SEPARATOR)
        }
        (Kind::Code(field, _), Value::Text(code)) => said(field, code),
        (Kind::NeedArea, Value::Text(code)) => {
            code.parse::<NeedArea>().map_or_else(|_| code.clone(), |a| a.label_cs().to_owned())
        }
        (Kind::Codes(field, _), _) => list().iter().map(|c| said(field, c)).collect::<Vec<_>>().join(SEPARATOR),
        (Kind::NeedAreas, _) => list()
            .iter()
            .map(|c| c.parse::<NeedArea>().map_or_else(|_| c.clone(), |a| a.label_cs().to_owned()))
            .collect::<Vec<_>>()
            .join(SEPARATOR),
        (Kind::Terms(_), _) => list()
            .iter()
            .map(|id| {
                Uuid::parse_str(id)
                    .ok()
                    .and_then(|u| ctx.network.terms.get(&u))
                    .map_or_else(|| id.clone(), |t| t.name.clone())
            })
            .collect::<Vec<_>>()
            .join(SEPARATOR),
        (Kind::Actors, _) => list()
            .iter()
            .map(|id| Uuid::parse_str(id).ok().and_then(|u| ctx.names.get(&u).cloned()).unwrap_or_else(|| id.clone()))
            .collect::<Vec<_>>()
            .join(SEPARATOR),
        (_, Value::List(items)) => items.join(SEPARATOR),
        (_, Value::Text(t)) => t.clone(),
    }
}

/// What `text` in a cell of `kind` says: `None` for an empty cell.
pub fn from_cell(ctx: &Context<'_>, kind: Kind, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let all = |f: &dyn Fn(&str) -> Result<String, String>| -> Result<Value, String> {
        items(text).into_iter().map(f).collect::<Result<Vec<_>, _>>().map(Value::List)
    };
    let value = match kind {
        Kind::Text => Value::Text(text.to_owned()),
        Kind::Flag => Value::Flag(flag(text)?),
        Kind::Number => Value::Number(number(text)?),
        Kind::Code(field, codes) => Value::Text(code_of(field, codes, text)?),
        Kind::Codes(field, codes) => all(&|t| code_of(field, codes, t))?,
        Kind::NeedArea => Value::Text(area_of(text)?.code().to_owned()),
        Kind::NeedAreas => all(&|t| area_of(t).map(|a| a.code().to_owned()))?,
        Kind::Terms(taxonomy) => all(&|t| term(ctx.network, taxonomy, t))?,
        Kind::Actors => all(&|t| actor(ctx, t))?,
        Kind::Capacities => Value::Capacities(items(text).into_iter().map(capacity).collect::<Result<_, _>>()?),
        Kind::TextList => Value::List(items(text).into_iter().map(str::to_owned).collect()),
        Kind::Custom(id) => {
            let category = ctx.network.categories.get(&id).ok_or("kategorie v síti už není")?;
            match category.kind {
                CategoryKind::Text | CategoryKind::OneOf => Value::Text(text.to_owned()),
                CategoryKind::YesNo => Value::Flag(flag(text)?),
                CategoryKind::Number => Value::Number(number(text)?),
                CategoryKind::ManyOf => Value::List(items(text).into_iter().map(str::to_owned).collect()),
            }
        }
    };
    Ok(Some(value))
}

fn flag(text: &str) -> Result<bool, String> {
    match crate::projections::czech::fold(text).as_str() {
        "ano" | "a" | "yes" | "true" | "1" | "x" => Ok(true),
        "ne" | "n" | "no" | "false" | "0" => Ok(false),
        _ => Err(format!("„{text}“ není ano ani ne")),
    }
}

fn number(text: &str) -> Result<i64, String> {
    let plain: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let plain = plain.strip_suffix(".0").unwrap_or(&plain);
    plain.parse().map_err(|_| format!("„{text}“ není celé číslo"))
}

fn term(network: &NetworkState, taxonomy: TermKind, name: &str) -> Result<String, String> {
    if let Ok(id) = Uuid::parse_str(name)
        && network.terms.contains_key(&id)
    {
        return Ok(id.to_string());
    }
    let wanted = crate::projections::czech::fold(name);
    network
        .terms
        .iter()
        .filter(|(_, t)| t.kind == taxonomy && !t.retired)
        .find(|(_, t)| crate::projections::czech::fold(&t.name) == wanted)
        .map(|(id, _)| id.to_string())
        .ok_or_else(|| format!("„{name}“ není v číselníku sítě; doplňte ho v nastavení sítě, nebo opravte název"))
}

fn actor(ctx: &Context<'_>, name: &str) -> Result<String, String> {
    if let Ok(id) = Uuid::parse_str(name)
        && ctx.names.contains_key(&id)
    {
        return Ok(id.to_string());
    }
    match ctx.actors_named(name).as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(format!("„{name}“ není aktér sítě")),
        _ => Err(format!("aktérů jménem „{name}“ je v síti víc; napište místo jména jeho ID")),
    }
}

fn capacity(text: &str) -> Result<CapacityLimit, String> {
    let (unit, max) = text.split_once(':').ok_or_else(|| format!("„{text}“: kapacitu zapište jako „lůžka: 10“"))?;
    let wanted = crate::projections::czech::fold(unit.trim());
    let unit = CAPACITY_UNITS
        .iter()
        .find(|u| crate::projections::czech::fold(unit_name(u)) == wanted || **u == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = CAPACITY_UNITS.iter().map(|u| unit_name(u)).collect();
            format!("„{}“ není jednotka kapacity; jednotky jsou {}", unit.trim(), names.join(", "))
        })?;
    let max = u32::try_from(number(max)?).map_err(|_| format!("„{}“ není kapacita", max.trim()))?;
    Ok(CapacityLimit { unit: (*unit).to_owned(), max })
}

/// A date as a cell gives it: `5. 12. 2026` (spaces optional, a time
/// after it ignored), `2026-12-05`, or a spreadsheet's day number (days
/// since 30 December 1899) — midnight UTC.
pub fn date_of(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::NaiveDate;
    let text = text.trim();
    let day = if let Ok(n) = text.parse::<f64>() {
        NaiveDate::from_ymd_opt(1899, 12, 30)
            .filter(|_| (1.0..2_958_466.0).contains(&n))
            .and_then(|d| d.checked_add_days(chrono::Days::new(n as u64)))
    } else {
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let date_part = |t: &str| -> Option<NaiveDate> {
            let no_spaces: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            NaiveDate::parse_from_str(&no_spaces, "%d.%m.%Y")
                .ok()
                .or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        };
        // Without a time after the date, or with one (`5. 12. 2026 14:05`).
        date_part(&compact).or_else(|| compact.rsplit_once(' ').and_then(|(d, _)| date_part(d)))
    };
    day.and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("„{text}“ není datum; pište den. měsíc. rok (např. 5. 12. 2026)"))
}

/// A date with a time as a cell gives it: `5. 12. 2026 14:05` or
/// `2026-12-05 14:05` (UTC); a date alone is its midnight.
pub fn date_time_of(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let text = text.trim();
    let day = date_of(text)?;
    let time = text.rsplit_once(' ').and_then(|(_, t)| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok());
    Ok(time.map_or(day, |t| day.date_naive().and_time(t).and_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_flags_numbers_and_capacities_go_out_and_come_back() {
        let network = NetworkState::default();
        let ctx = Context { network: &network, names: BTreeMap::new() };
        let cases = [
            (FOUNDER, Value::Text("ngo".into())),
            (SERVICE_FORMS, Value::List(vec!["field".into(), "residential".into()])),
            (Kind::NeedAreas, Value::List(vec!["safety".into(), "material".into()])),
            (Kind::Flag, Value::Flag(false)),
            (Kind::Number, Value::Number(12)),
            (Kind::Capacities, Value::Capacities(vec![CapacityLimit { unit: "bed".into(), max: 10 }])),
            (STAGE, Value::Text("prevention".into())),
        ];
        for (kind, value) in cases {
            let cell = to_cell(&ctx, kind, &value);
            assert_eq!(from_cell(&ctx, kind, &cell), Ok(Some(value)), "{cell}");
        }
        assert_eq!(to_cell(&ctx, FOUNDER, &Value::Text("ngo".into())), "nestátní nezisková organizace");
        assert_eq!(from_cell(&ctx, Kind::Number, "4.0"), Ok(Some(Value::Number(4))));
        assert!(from_cell(&ctx, FOUNDER, "spolek").unwrap_err().contains("možné hodnoty: obec"));
        assert!(from_cell(&ctx, Kind::Flag, "možná").is_err());
        assert_eq!(from_cell(&ctx, Kind::Text, "  "), Ok(None));
    }
}
