//! The actors sheet of an import: the template's, or a coordinator's own
//! list of actors (a sheet whose header has a column meaning the name).
//! Rows are matched to actors by the ID column, then by name and address;
//! a new actor takes the row's ID when it has one, so a network exported
//! and imported elsewhere keeps its actors' ids.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::book::{Book, Sheet};
use super::cells::{Context, from_cell, to_cell};
use super::columns::{self, Column, ID, STATUS};
use super::export::{ACTORS, status_name};
use super::import::{CellChange, Heading, Planned, Planner, Problem, Verdict, cell, data_rows, heading, sheet};
use crate::domain::actor::{ActorCommand, Status};
use crate::domain::actor_fields::check_value;
use crate::domain::value::Value;
use crate::projections::czech::fold;

/// Headings people give the template's columns, and the column they mean.
const ALIASES: &[(&str, &str)] = &[
    ("nazev organizace", "name"),
    ("nazev sluzby", "name"),
    ("nazev aktera", "name"),
    ("akter", "name"),
    ("email", "email"),
    ("e-mailova adresa", "email"),
    ("tel.", "phone"),
    ("telefonni cislo", "phone"),
    ("www", "web"),
    ("webove stranky", "web"),
    ("sidlo", "address"),
    ("popis cinnosti", "description"),
    ("oteviraci doba", "opening_hours"),
];

/// The other sheets of the template, never taken for a list of actors.
const OTHERS: &[&str] = &[
    super::export::NEEDS,
    super::export::ACTIVITIES,
    super::export::PLATFORMS,
    super::export::CONTACTS,
    super::export::MEETINGS,
    super::export::OUTCOMES,
    super::export::CODES,
    super::export::CATEGORIES,
];

/// The actors sheet of `book`: the template's, or the first other sheet
/// whose header has a column that means the name.
fn actors_sheet<'a>(book: &'a Book, slug: &crate::domain::ids::Slug, columns: &[Column]) -> Option<&'a Sheet> {
    let names =
        |h: &String| matches!(heading(h, columns, ALIASES, &[]), Heading::Field(i) if columns[i].code == "name");
    let other = |s: &Sheet| OTHERS.iter().any(|o| s.name == *o || s.name.ends_with(&format!("· {o}")));
    sheet(book, slug, ACTORS)
        .or_else(|| book.sheets.iter().find(|s| !other(s) && s.rows.first().is_some_and(|h| h.iter().any(names))))
}

fn status_of(text: &str) -> Result<Status, String> {
    let wanted = fold(text.trim());
    [Status::Active, Status::TemporarilyClosed, Status::Ended]
        .into_iter()
        .find(|s| fold(status_name(*s)) == wanted || s.code() == wanted || fold(status_name(*s)).starts_with(&wanted))
        .ok_or_else(|| format!("„{}“ není stav; stavy jsou aktivní, dočasně uzavřený, ukončený", text.trim()))
}

/// Plans the actors sheet of `book`, if it has one (`false`: it has
/// none); actors it creates join `ctx`'s names, for the sheets after it.
pub(super) fn plan(planner: &mut Planner<'_>, book: &Book, ctx: &mut Context<'_>) -> Result<bool, String> {
    let (model, slug) = (planner.model, planner.slug);
    let columns = columns::actors(ctx.network);
    let Some(sheet) = actors_sheet(book, slug, &columns) else { return Ok(false) };
    planner.read(sheet);
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> = header.iter().map(|h| heading(h, &columns, ALIASES, &[])).collect();
    planner.ignore("", &header, &headings);
    if !headings.iter().any(|h| matches!(h, Heading::Field(i) if columns[*i].code == "name")) {
        return Err(format!("list „{}“ nemá sloupec Název (první řádek jsou nadpisy sloupců)", sheet.name));
    }
    // The network's actors before the import, by id and by name + address.
    let known: BTreeMap<Uuid, (String, String)> = ctx
        .names
        .keys()
        .filter_map(|id| {
            let a = &model.actors.get(id)?.entry.state;
            let address = a.fields.get("address").and_then(Value::as_text).unwrap_or("");
            Some((*id, (fold(a.name()), fold(address))))
        })
        .collect();
    let by_key: BTreeMap<&(String, String), Uuid> = known.iter().map(|(id, key)| (key, *id)).collect();
    // Who each earlier row was, to find a row given twice.
    let mut seen: BTreeMap<Uuid, usize> = BTreeMap::new();
    let mut seen_names: BTreeMap<String, usize> = BTreeMap::new();
    for (number, row) in data_rows(sheet) {
        let cell = |h: Heading| cell(&headings, row, h);
        let mut problems = Vec::new();
        let mut values: Vec<(&Column, Option<Value>)> = Vec::new();
        for (p, h) in headings.iter().enumerate() {
            let Heading::Field(c) = h else { continue };
            let column = &columns[*c];
            let text = row.get(p).map_or("", String::as_str);
            match from_cell(ctx, column.kind, text).and_then(|v| match v {
                Some(v) => check_value(ctx.network, &column.code, &v)
                    .map(Some)
                    .map_err(|e| crate::web::reasons::say(crate::web::i18n::Lang::Cs, &e)),
                None => Ok(None),
            }) {
                Ok(v) => values.push((column, v)),
                Err(reason) => problems.push(Problem { column: Some(column.header.clone()), reason }),
            }
        }
        let name = cell(Heading::Field(columns.iter().position(|c| c.code == "name").unwrap_or(0))).trim().to_owned();
        if name.is_empty() {
            problems.push(Problem { column: Some("Název".into()), reason: "chybí název".into() });
        }
        let status = match cell(Heading::Status).trim() {
            "" => None,
            text => match status_of(text) {
                Ok(s) => Some(s),
                Err(reason) => {
                    problems.push(Problem { column: Some(STATUS.into()), reason });
                    None
                }
            },
        };
        let address = values
            .iter()
            .find(|(c, _)| c.code == "address")
            .and_then(|(_, v)| v.as_ref())
            .and_then(Value::as_text)
            .unwrap_or("");
        let by_id = Uuid::parse_str(cell(Heading::Id).trim()).ok();
        let id_text = cell(Heading::Id).trim();
        if !id_text.is_empty() && by_id.is_none() {
            problems.push(Problem {
                column: Some(ID.into()),
                reason: format!("„{id_text}“ není ID aktéra; nechte buňku prázdnou u nového aktéra"),
            });
        }
        let existing = by_id.filter(|id| known.contains_key(id)).or_else(|| {
            if by_id.is_some_and(|id| model.actors.contains_key(&id)) {
                return None;
            }
            by_key.get(&(fold(&name), fold(address))).copied()
        });
        if let Some(id) = by_id.filter(|id| !known.contains_key(id) && model.actors.contains_key(id)) {
            problems.push(Problem { column: Some(ID.into()), reason: format!("aktér {id} patří jiné síti") });
        }
        let actor = existing.or(by_id).unwrap_or_else(Uuid::now_v7);
        let name_key = format!("{}\u{1f}{}", fold(&name), fold(address));
        if let Some(first) =
            seen.get(&actor).or_else(|| if existing.is_none() { seen_names.get(&name_key) } else { None })
        {
            problems.push(Problem { column: None, reason: format!("stejný aktér už je na řádku {first}") });
        }
        seen.insert(actor, number);
        seen_names.insert(name_key, number);
        let verdict = if !problems.is_empty() {
            Verdict::Refused { problems }
        } else if let Some(id) = existing {
            let a = &model.actors[&id].entry;
            ctx.names.insert(id, name.clone());
            let mut changes = Vec::new();
            let mut fields = Vec::new();
            for (column, value) in &values {
                let old = a.state.fields.get(&column.code);
                let value = value.clone().filter(|v| !v.is_empty());
                if old != value.as_ref() {
                    if column.code == "name" && value.is_none() {
                        continue;
                    }
                    changes.push(CellChange {
                        column: column.header.clone(),
                        old: old.map(|v| to_cell(ctx, column.kind, v)).unwrap_or_default(),
                        new: value.as_ref().map(|v| to_cell(ctx, column.kind, v)).unwrap_or_default(),
                    });
                    fields.push((column.code.clone(), value));
                }
            }
            let mut commands = Vec::new();
            if !fields.is_empty() {
                commands.push(ActorCommand::Change { fields });
            }
            if let Some(s) = status.filter(|s| *s != a.state.status) {
                changes.push(CellChange {
                    column: STATUS.into(),
                    old: status_name(a.state.status).into(),
                    new: status_name(s).into(),
                });
                commands.push(ActorCommand::SetStatus { status: s });
            }
            if commands.is_empty() {
                Verdict::Same
            } else {
                let commands = commands.into_iter().map(Planned::Actor).collect();
                planner.step(id, id.to_string(), Some(a.version), commands);
                Verdict::Change { changes }
            }
        } else {
            let fields: Vec<(String, Value)> = values
                .iter()
                .filter_map(|(c, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (c.code.clone(), v)))
                .collect();
            let mut commands = vec![ActorCommand::Register { network: slug.clone(), fields }];
            if let Some(s) = status.filter(|s| *s != Status::Active) {
                commands.push(ActorCommand::SetStatus { status: s });
            }
            ctx.names.insert(actor, name.clone());
            planner.step(actor, actor.to_string(), None, commands.into_iter().map(Planned::Actor).collect());
            Verdict::Create
        };
        planner.row(&sheet.name, number, actor, name, verdict);
    }
    Ok(true)
}
