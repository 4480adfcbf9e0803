//! A workbook read against a network: the actors sheet (the template's,
//! or a coordinator's own variant of it — columns found by their heading,
//! in any order, some renamed, unknown ones set aside and said) becomes a
//! report, row by row and cell by cell — what would be created, changed
//! (old → new) or refused and why, in Czech — and the commands that write
//! exactly the differences. Rows are matched to actors by the ID column,
//! then by name and address. Nothing here writes; [`crate::app::App`]
//! runs the commands.

use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use super::book::Book;
use super::cells::{from_cell, to_cell};
use super::columns::{self, Column, ID, STATUS};
use super::export::{ACTORS, context, status_name};
use crate::domain::actor::{ActorCommand, Status};
use crate::domain::actor_fields::check_value;
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::projections::Model;
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

/// A cell that changes: its column, what it holds, what it will hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CellChange {
    /// The column's heading.
    pub column: String,
    /// What the network holds now (empty: nothing).
    pub old: String,
    /// What the workbook says.
    pub new: String,
}

/// Why a row (or one of its cells) is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// The column, if it is one cell's problem.
    pub column: Option<String>,
    /// Why, in Czech.
    pub reason: String,
}

/// What would happen to a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// A new actor.
    Create,
    /// An actor that changes.
    Change {
        /// Its cells that change.
        changes: Vec<CellChange>,
    },
    /// An actor the row says nothing new of.
    Same,
    /// Not imported.
    Refused {
        /// Why.
        problems: Vec<Problem>,
    },
}

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RowReport {
    /// The sheet.
    pub sheet: String,
    /// The row's number as the spreadsheet shows it (the header is 1).
    pub row: usize,
    /// The actor it is (or will be).
    pub actor: Option<Uuid>,
    /// Its name, as the row gives it.
    pub name: String,
    /// What would happen.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The dry run's answer.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Every row with data.
    pub rows: Vec<RowReport>,
    /// Columns not read, by heading (not a column of the template).
    pub ignored_columns: Vec<String>,
    /// Rows that would create an actor.
    pub created: usize,
    /// Rows that would change one.
    pub changed: usize,
    /// Rows that change nothing.
    pub unchanged: usize,
    /// Rows refused.
    pub refused: usize,
}

/// What the import would write: per actor, its commands, with the version
/// its stream had when the report was made (`None`: a new actor).
#[derive(Clone, Debug, Default)]
pub struct Writes {
    /// (actor, expected version, commands) in the workbook's row order.
    pub actors: Vec<(Uuid, Option<u64>, Vec<ActorCommand>)>,
}

/// The actors sheet of `book`: the template's, or the first sheet whose
/// header has a column that means the name (`Název`, `Název organizace`…).
fn actors_sheet<'a>(book: &'a Book, columns: &[Column]) -> Option<&'a super::book::Sheet> {
    let names = |h: &String| matches!(heading(h, columns), Heading::Field(i) if columns[i].code == "name");
    book.sheets
        .iter()
        .find(|s| s.name == ACTORS || s.name.ends_with(&format!("· {ACTORS}")))
        .or_else(|| book.sheets.iter().find(|s| s.rows.first().is_some_and(|h| h.iter().any(names))))
}

/// Which column each heading is: its index in `columns`, `ID`, `Stav`, or
/// nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heading {
    Id,
    Status,
    Field(usize),
    Unknown,
}

fn heading(text: &str, columns: &[Column]) -> Heading {
    let wanted = fold(text.trim());
    if wanted == fold(ID) {
        return Heading::Id;
    }
    if wanted == fold(STATUS) {
        return Heading::Status;
    }
    let alias = ALIASES.iter().find(|(a, _)| fold(a) == wanted).map(|(_, code)| *code);
    columns
        .iter()
        .position(|c| fold(&c.header) == wanted || fold(&c.code) == wanted || alias == Some(c.code.as_str()))
        .map_or(Heading::Unknown, Heading::Field)
}

fn status_of(text: &str) -> Result<Status, String> {
    let wanted = fold(text.trim());
    [Status::Active, Status::TemporarilyClosed, Status::Ended]
        .into_iter()
        .find(|s| fold(status_name(*s)) == wanted || s.code() == wanted || fold(status_name(*s)).starts_with(&wanted))
        .ok_or_else(|| format!("„{}“ není stav; stavy jsou aktivní, dočasně uzavřený, ukončený", text.trim()))
}

/// Reads `book` against network `slug`: the report and the writes.
pub fn plan(model: &Model, slug: &Slug, book: &Book) -> Result<(Report, Writes), String> {
    let ctx = context(model, slug).ok_or_else(|| format!("síť {slug} neexistuje"))?;
    let columns = columns::actors(ctx.network);
    let sheet = actors_sheet(book, &columns).ok_or(
        "sešit nemá list Aktéři ani list se sloupcem Název; exportujte šablonu ze systému a vyplňte ji".to_owned(),
    )?;
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> = header.iter().map(|h| heading(h, &columns)).collect();
    let mut report = Report {
        ignored_columns: header
            .iter()
            .zip(&headings)
            .filter(|(h, k)| **k == Heading::Unknown && !h.trim().is_empty())
            .map(|(h, _)| h.clone())
            .collect(),
        ..Report::default()
    };
    if !headings.iter().any(|h| matches!(h, Heading::Field(i) if columns[*i].code == "name")) {
        return Err(format!("list „{}“ nemá sloupec Název (první řádek jsou nadpisy sloupců)", sheet.name));
    }
    let mut writes = Writes::default();
    // Who each earlier row was, to find a row given twice.
    let mut seen: BTreeMap<Uuid, usize> = BTreeMap::new();
    let mut seen_names: BTreeMap<String, usize> = BTreeMap::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let number = i + 1;
        let cell =
            |h: Heading| headings.iter().position(|x| *x == h).and_then(|p| row.get(p)).map_or("", |s| s.as_str());
        let mut problems = Vec::new();
        let mut values: Vec<(&Column, Option<Value>)> = Vec::new();
        for (p, h) in headings.iter().enumerate() {
            let Heading::Field(c) = h else { continue };
            let column = &columns[*c];
            let text = row.get(p).map_or("", String::as_str);
            match from_cell(&ctx, column.kind, text).and_then(|v| match v {
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
        let existing = by_id.filter(|id| ctx.names.contains_key(id)).or_else(|| {
            if by_id.is_some_and(|id| model.actors.contains_key(&id)) {
                return None;
            }
            let key = (fold(&name), fold(address));
            ctx.names.keys().copied().find(|id| {
                model.actors.get(id).is_some_and(|a| {
                    let fields = &a.entry.state.fields;
                    let addr = fields.get("address").and_then(Value::as_text).unwrap_or("");
                    (fold(a.entry.state.name()), fold(addr)) == key
                })
            })
        });
        if let Some(id) = by_id.filter(|id| !ctx.names.contains_key(id) && model.actors.contains_key(id)) {
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
                        old: old.map(|v| to_cell(&ctx, column.kind, v)).unwrap_or_default(),
                        new: value.as_ref().map(|v| to_cell(&ctx, column.kind, v)).unwrap_or_default(),
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
                writes.actors.push((id, Some(a.version), commands));
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
            writes.actors.push((actor, None, commands));
            Verdict::Create
        };
        match &verdict {
            Verdict::Create => report.created += 1,
            Verdict::Change { .. } => report.changed += 1,
            Verdict::Same => report.unchanged += 1,
            Verdict::Refused { .. } => report.refused += 1,
        }
        report.rows.push(RowReport {
            sheet: sheet.name.clone(),
            row: number,
            actor: (!matches!(verdict, Verdict::Refused { .. })).then_some(actor),
            name,
            verdict,
        });
    }
    Ok((report, writes))
}
