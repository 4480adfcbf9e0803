//! The three templates of a network as sheets (seed 004): the network's
//! actors, its needs (the forms in which each need is met) and activities,
//! its platforms; beside them its contact persons (for those who may see
//! them; never an erased one), meetings, and meetings' outcomes and
//! tasks; and the code lists the drop-downs come from. A region's workbook
//! has one such set per network. What a reader gets follows the API's
//! rules ([`Reader`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::book::{Book, Sheet};
use super::cells::{Context, Kind, to_cell};
use super::columns::{self, Column, ID, STATUS};
use super::export_records::{contacts_sheet, meeting_sheets};
use crate::czech::{code_name, date};
use crate::domain::NeedArea;
use crate::domain::actor::Status;
use crate::domain::ids::Slug;
use crate::domain::network::{CategoryKind, TermKind};
use crate::domain::value::Value;
use crate::projections::Model;

/// What the person exporting may have: the same cut as the API's.
#[derive(Clone, Debug, Default)]
pub struct Reader {
    /// Only these actor fields (a case manager's designated fields).
    pub fields: Option<Vec<String>>,
    /// The needs, platforms, meetings and tasks (the network's planners).
    pub planning: bool,
    /// Contact persons (those who keep the records).
    pub contacts: bool,
    /// The platforms' evaluations (the network's coordinators; not the
    /// region's, as in the API).
    pub evaluations: bool,
}

impl Reader {
    /// Everything: the network's coordinators, the region's, admins.
    pub fn everything() -> Self {
        Self { fields: None, planning: true, contacts: true, evaluations: true }
    }
}

/// The sheets' names, with a prefix for one network of a region's workbook.
pub struct Names {
    prefix: String,
}

impl Names {
    /// Names for a network's own workbook (`None`) or for `network`'s set in a
    /// region's.
    pub fn new(network: Option<&Slug>) -> Self {
        Self { prefix: network.map(|n| format!("{n} · ")).unwrap_or_default() }
    }

    /// The sheet for `what`, at most 31 characters.
    pub fn of(&self, what: &str) -> String {
        format!("{}{what}", self.prefix).chars().take(31).collect()
    }
}

/// The actors sheet's name.
pub const ACTORS: &str = "Aktéři";
/// The needs sheet's name.
pub const NEEDS: &str = "Potřeby";
/// The activities sheet's name.
pub const ACTIVITIES: &str = "Činnosti";
/// The platforms sheet's name.
pub const PLATFORMS: &str = "Platformy";
/// The contact persons sheet's name.
pub const CONTACTS: &str = "Kontaktní osoby";
/// The meetings sheet's name.
pub const MEETINGS: &str = "Setkání";
/// The outcomes sheet's name.
pub const OUTCOMES: &str = "Výstupy a úkoly";
/// The code lists sheet's name.
pub const CODES: &str = "Číselníky";
/// The custom categories sheet's name.
pub const CATEGORIES: &str = "Vlastní kategorie";

/// A custom category's kind, as the categories sheet writes it.
pub fn category_kind_name(kind: CategoryKind) -> &'static str {
    match kind {
        CategoryKind::Text => "text",
        CategoryKind::YesNo => "ano / ne",
        CategoryKind::Number => "číslo",
        CategoryKind::OneOf => "jedna z možností",
        CategoryKind::ManyOf => "více z možností",
    }
}

/// The network's custom categories: name, kind, allowed values.
fn categories_sheet(network: &crate::domain::network::NetworkState, name: String) -> Sheet {
    let mut rows = vec![[ID, "Název", "Druh", "Možné hodnoty"].map(str::to_owned).to_vec()];
    for (id, c) in &network.categories {
        rows.push(vec![
            id.to_string(),
            c.name.clone(),
            category_kind_name(c.kind).to_owned(),
            c.allowed.join(super::cells::SEPARATOR),
        ]);
    }
    Sheet { name, rows, lists: Vec::new() }
}

/// Status names, as the sheet writes them.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Active => "aktivní",
        Status::TemporarilyClosed => "dočasně uzavřený",
        Status::Ended => "ukončený",
    }
}

/// The code lists: (heading, values) in the code lists sheet's order.
fn code_lists(model: &Model, slug: &Slug) -> Vec<(String, Vec<String>)> {
    let names =
        |field: &str, codes: &[&str]| codes.iter().map(|c| code_name(field, c).unwrap_or(c).to_owned()).collect();
    let terms = |kind: TermKind| -> Vec<String> {
        let mut names: Vec<String> = model
            .networks
            .get(slug)
            .map(|n| n.state.terms.values().filter(|t| t.kind == kind && !t.retired).map(|t| t.name.clone()).collect())
            .unwrap_or_default();
        names.sort_by_cached_key(|n| crate::projections::czech::sort_key(n));
        names
    };
    let mut out = vec![
        ("Zřizovatel".to_owned(), names("founder", crate::domain::actor_fields::FOUNDERS)),
        ("Resort".to_owned(), names("sector", crate::domain::actor_fields::SECTORS)),
        ("Forma služby".to_owned(), names("forms", crate::domain::actor_fields::FORMS)),
        ("Prevence / intervence".to_owned(), names("focus", crate::domain::actor_fields::FOCI)),
        ("Oblast potřeb".to_owned(), NeedArea::ALL.iter().map(|a| a.label_cs().to_owned()).collect()),
        ("Ano / ne".to_owned(), vec!["ano".to_owned(), "ne".to_owned()]),
        (
            STATUS.to_owned(),
            [Status::Active, Status::TemporarilyClosed, Status::Ended].map(|s| status_name(s).to_owned()).to_vec(),
        ),
        ("Typ platformy".to_owned(), names("platform_type", crate::domain::platform_fields::PLATFORM_TYPES)),
        ("Fáze".to_owned(), names("stage", &["prevention", "intervention"])),
        ("Cílové skupiny".to_owned(), terms(TermKind::TargetGroup)),
        ("Životní situace".to_owned(), terms(TermKind::LifeSituation)),
        ("Místa".to_owned(), terms(TermKind::Place)),
    ];
    if let Some(network) = model.networks.get(slug) {
        for c in network.state.categories.values() {
            if matches!(c.kind, CategoryKind::OneOf | CategoryKind::ManyOf) {
                out.push((c.name.clone(), c.allowed.clone()));
            }
        }
    }
    out
}

/// The code lists sheet and, for each list, its range as a formula.
fn codes_sheet(name: &str, lists: &[(String, Vec<String>)]) -> (Sheet, BTreeMap<String, String>) {
    let height = lists.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let mut rows = vec![lists.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()];
    for r in 0..height {
        rows.push(lists.iter().map(|(_, v)| v.get(r).cloned().unwrap_or_default()).collect());
    }
    let ranges = lists
        .iter()
        .enumerate()
        .filter(|(_, (_, v))| !v.is_empty())
        .map(|(i, (h, v))| {
            let col = column_letter(i);
            (h.clone(), format!("'{name}'!${col}$2:${col}${}", v.len() + 1))
        })
        .collect();
    (Sheet { name: name.to_owned(), rows, lists: Vec::new() }, ranges)
}

/// `A`, `B`, …, `Z`, `AA`, … for column `i` (from 0).
fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The code list a single-valued column takes its drop-down from.
fn list_of(model: &Model, slug: &Slug, kind: Kind) -> Option<String> {
    Some(
        match kind {
            Kind::Flag => "Ano / ne",
            Kind::Code("founder", _) => "Zřizovatel",
            Kind::Code("sector", _) => "Resort",
            Kind::Code("focus", _) => "Prevence / intervence",
            Kind::Code("platform_type", _) => "Typ platformy",
            Kind::Code("stage", _) => "Fáze",
            Kind::NeedArea => "Oblast potřeb",
            Kind::Custom(id) => {
                let c = model.networks.get(slug)?.state.categories.get(&id)?;
                return match c.kind {
                    CategoryKind::OneOf => Some(c.name.clone()),
                    CategoryKind::YesNo => Some("Ano / ne".to_owned()),
                    _ => None,
                };
            }
            _ => return None,
        }
        .to_owned(),
    )
}

/// The context cells of network `slug` are written in.
pub fn context<'a>(model: &'a Model, slug: &Slug) -> Option<Context<'a>> {
    let network = &model.networks.get(slug)?.state;
    let names = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.actors.get(id).map(|a| (*id, a.entry.state.name().to_owned())))
        .collect();
    Some(Context { network, names })
}

fn record_sheet(
    name: String,
    columns: &[Column],
    rows: Vec<Vec<String>>,
    model: &Model,
    slug: &Slug,
    ranges: &BTreeMap<String, String>,
    extra: &[&str],
) -> Sheet {
    let mut header = vec![ID.to_owned()];
    header.extend(columns.iter().map(|c| c.header.clone()));
    header.extend(extra.iter().map(|e| (*e).to_owned()));
    let mut lists: Vec<(u16, String)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let range = ranges.get(&list_of(model, slug, c.kind)?)?;
            Some((u16::try_from(i + 1).ok()?, range.clone()))
        })
        .collect();
    if extra.first() == Some(&STATUS)
        && let Some(range) = ranges.get(STATUS)
    {
        lists.push((u16::try_from(columns.len() + 1).unwrap_or(u16::MAX), range.clone()));
    }
    let mut all = vec![header];
    all.extend(rows);
    Sheet { name, rows: all, lists }
}

/// The sheets of network `slug` at `now` for `reader`, named by `names`.
pub fn network_sheets(model: &Model, slug: &Slug, now: DateTime<Utc>, reader: &Reader, names: &Names) -> Vec<Sheet> {
    let Some(ctx) = context(model, slug) else { return Vec::new() };
    let lists = code_lists(model, slug);
    let (codes, ranges) = codes_sheet(&names.of(CODES), &lists);
    let mut actor_columns = columns::actors(ctx.network);
    if let Some(only) = &reader.fields {
        actor_columns.retain(|c| only.contains(&c.code));
    }
    let mut ids: Vec<&Uuid> = ctx.names.keys().collect();
    ids.sort_by_cached_key(|id| crate::projections::czech::sort_key(&ctx.names[id]));
    let mut actor_rows = Vec::new();
    for id in &ids {
        let Some(a) = model.actors.get(id) else { continue };
        let state = &a.entry.state;
        let mut row = vec![id.to_string()];
        row.extend(
            actor_columns
                .iter()
                .map(|c| state.fields.get(&c.code).map(|v| to_cell(&ctx, c.kind, v)).unwrap_or_default()),
        );
        if reader.fields.is_none() {
            row.push(status_name(state.status).to_owned());
        }
        actor_rows.push(row);
    }
    let status: &[&str] = if reader.fields.is_none() { &[STATUS] } else { &[] };
    let mut out = vec![record_sheet(names.of(ACTORS), &actor_columns, actor_rows, model, slug, &ranges, status)];
    if reader.planning {
        out.extend(planning_sheets(model, slug, &ctx, &ranges, names, reader));
    }
    if reader.contacts {
        out.push(contacts_sheet(model, &ids, &ctx, now, names));
    }
    if reader.planning {
        out.extend(meeting_sheets(model, slug, &ctx, names));
    }
    out.push(codes);
    if reader.fields.is_none() {
        out.push(categories_sheet(ctx.network, names.of(CATEGORIES)));
    }
    out
}

fn planning_sheets(
    model: &Model,
    slug: &Slug,
    ctx: &Context<'_>,
    ranges: &BTreeMap<String, String>,
    names: &Names,
    reader: &Reader,
) -> Vec<Sheet> {
    let needs = model.needs.get(slug).map(|n| &n.state);
    let forms: Vec<Vec<String>> = needs
        .into_iter()
        .flat_map(|n| n.forms.iter())
        .map(|(id, f)| vec![id.to_string(), f.area.label_cs().to_owned(), f.text.clone()])
        .collect();
    let mut form_rows = vec![vec![ID.to_owned(), "Oblast potřeb".to_owned(), "Forma naplnění potřeby".to_owned()]];
    form_rows.extend(forms);
    let form_lists = ranges.get("Oblast potřeb").map(|r| vec![(1, r.clone())]).unwrap_or_default();
    let activity_columns = columns::activities();
    let activity_rows = needs
        .into_iter()
        .flat_map(|n| n.activities.iter())
        .map(|(id, fields)| {
            let mut row = vec![id.to_string()];
            row.extend(
                activity_columns
                    .iter()
                    .map(|c| fields.get(&c.code).map(|v| to_cell(ctx, c.kind, v)).unwrap_or_default()),
            );
            row
        })
        .collect();
    let platform_columns = columns::platforms();
    let mut platforms: Vec<(&Uuid, &crate::domain::platform::PlatformState)> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.platforms.get(id).map(|p| (id, &p.state)))
        .collect();
    platforms.sort_by_cached_key(|(_, p)| {
        crate::projections::czech::sort_key(p.fields.get("name").and_then(Value::as_text).unwrap_or(""))
    });
    let platform_rows = platforms
        .iter()
        .map(|(id, p)| {
            let mut row = vec![id.to_string()];
            row.extend(
                platform_columns
                    .iter()
                    .map(|c| p.fields.get(&c.code).map(|v| to_cell(ctx, c.kind, v)).unwrap_or_default()),
            );
            row.push(p.founded_at.map(date).unwrap_or_default());
            row.push(p.ended_at.map(date).unwrap_or_default());
            row.push(if reader.evaluations {
                p.evaluations.iter().map(|(at, text)| format!("{}: {text}", date(*at))).collect::<Vec<_>>().join("\n")
            } else {
                String::new()
            });
            row
        })
        .collect();
    vec![
        Sheet { name: names.of(NEEDS), rows: form_rows, lists: form_lists },
        record_sheet(names.of(ACTIVITIES), &activity_columns, activity_rows, model, slug, ranges, &[]),
        record_sheet(
            names.of(PLATFORMS),
            &platform_columns,
            platform_rows,
            model,
            slug,
            ranges,
            &["Založena", "Ukončena", "Hodnocení"],
        ),
    ]
}

/// A network's workbook.
pub fn network_book(model: &Model, slug: &Slug, now: DateTime<Utc>, reader: &Reader) -> Book {
    Book { sheets: network_sheets(model, slug, now, reader, &Names::new(None)) }
}

/// A region's workbook: one set of sheets per network, in name order.
pub fn region_book(model: &Model, region: &Slug, now: DateTime<Utc>, reader: &Reader) -> Book {
    let mut networks: Vec<(&Slug, &String)> = model
        .networks
        .iter()
        .filter(|(_, n)| n.state.region.as_ref() == Some(region))
        .map(|(s, n)| (s, &n.state.name))
        .collect();
    networks.sort_by_cached_key(|(_, n)| crate::projections::czech::sort_key(n));
    let sheets = networks
        .iter()
        .flat_map(|(slug, _)| network_sheets(model, slug, now, reader, &Names::new(Some(slug))))
        .collect();
    Book { sheets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
