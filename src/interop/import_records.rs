//! The needs and platforms sheets of an import: the forms in which needs
//! are met, the activities, the platforms (with their founding, end and
//! dated evaluations). Rows are matched by the ID column, then by what
//! names the record (a form's or activity's area and text, a platform's
//! name); a new record takes the row's ID when it has one. Actors are
//! named as the network (with the actors the import creates) calls them,
//! so a platform member who is not an actor of the network is refused.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::book::{Book, Sheet};
use super::cells::{Context, Kind, date_of, from_cell, to_cell};
use super::columns::{self, Column};
use super::export::{ACTIVITIES, NEEDS, PLATFORMS};
use super::import::{
    CellChange, End, Heading, Planned, Planner, Problem, Verdict, cell, data_rows, heading, said, sheet,
};
use crate::czech::date;
use crate::domain::NeedArea;
use crate::domain::actor::Ctx;
use crate::domain::needs::{NeedsCommand, NeedsState};
use crate::domain::platform::PlatformCommand;
use crate::domain::value::Value;
use crate::projections::czech::fold;

/// The platforms sheet's columns after the template's.
const PLATFORM_EXTRAS: &[&str] = &["Založena", "Ukončena", "Hodnocení"];

/// A row's cells read by `columns`: the values, and the cells' problems.
fn values<'c>(
    ctx: &Context<'_>,
    columns: &'c [Column],
    headings: &[Heading],
    row: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<(&'c Column, Option<Value>)> {
    let mut out = Vec::new();
    for (p, h) in headings.iter().enumerate() {
        let Heading::Field(c) = h else { continue };
        match from_cell(ctx, columns[*c].kind, row.get(p).map_or("", String::as_str)) {
            Ok(v) => out.push((&columns[*c], v.filter(|v| !v.is_empty()))),
            Err(reason) => problems.push(Problem { column: Some(columns[*c].header.clone()), reason }),
        }
    }
    out
}

/// The fields of `values` that differ from `old`, as the commands' list
/// and the report's changes.
fn differences(
    ctx: &Context<'_>,
    values: &[(&Column, Option<Value>)],
    old: &BTreeMap<String, Value>,
) -> (Vec<(String, Option<Value>)>, Vec<CellChange>) {
    let mut fields = Vec::new();
    let mut changes = Vec::new();
    for (column, value) in values {
        let was = old.get(&column.code);
        if was != value.as_ref() {
            changes.push(CellChange {
                column: column.header.clone(),
                old: was.map(|v| to_cell(ctx, column.kind, v)).unwrap_or_default(),
                new: value.as_ref().map(|v| to_cell(ctx, column.kind, v)).unwrap_or_default(),
            });
            fields.push((column.code.clone(), value.clone()));
        }
    }
    (fields, changes)
}

/// The header's headings and the sheet's ID problems, shared by the sheets.
fn read_id(headings: &[Heading], row: &[String], problems: &mut Vec<Problem>) -> Option<Uuid> {
    let text = cell(headings, row, Heading::Id).trim();
    let id = Uuid::parse_str(text).ok();
    if !text.is_empty() && id.is_none() {
        problems.push(Problem {
            column: Some("ID".into()),
            reason: format!("„{text}“ není ID; u nového řádku nechte buňku prázdnou"),
        });
    }
    id
}

/// Plans the needs, activities and platforms sheets of `book` (`false`:
/// it has none of them).
pub(super) fn plan(planner: &mut Planner<'_>, book: &Book, ctx: &Context<'_>) -> Result<bool, String> {
    let slug = planner.slug;
    let entry = planner.model.needs.get(slug);
    let mut needs = entry.map(|e| e.state.clone()).unwrap_or_default();
    let version = entry.map(|e| e.version);
    let forms = sheet(book, slug, NEEDS);
    if let Some(s) = forms {
        planner.read(s);
        plan_forms(planner, s, &mut needs, version, ctx);
    }
    let activities = sheet(book, slug, ACTIVITIES);
    if let Some(s) = activities {
        planner.read(s);
        plan_activities(planner, s, &mut needs, version, ctx);
    }
    let platforms = sheet(book, slug, PLATFORMS);
    if let Some(s) = platforms {
        planner.read(s);
        plan_platforms(planner, s, ctx);
    }
    Ok(forms.is_some() || activities.is_some() || platforms.is_some())
}

/// Decides `commands` on the needs map as the import leaves it so far; if
/// the domain takes them all, applies them there and plans them.
fn decide_needs(
    planner: &mut Planner<'_>,
    needs: &mut NeedsState,
    version: Option<u64>,
    ctx: &Context<'_>,
    record: Uuid,
    commands: Vec<NeedsCommand>,
) -> Result<(), String> {
    let actors = |id: &Uuid| ctx.names.contains_key(id);
    let mut state = needs.clone();
    for command in &commands {
        for event in state.decide(command.clone(), &actors).map_err(|e| said(&e))? {
            state.apply(&event);
        }
    }
    *needs = state;
    let stream = format!("needs-{}", planner.slug);
    planner.step(record, stream, version, commands.into_iter().map(Planned::Needs).collect());
    Ok(())
}

fn plan_forms(
    planner: &mut Planner<'_>,
    sheet: &Sheet,
    needs: &mut NeedsState,
    version: Option<u64>,
    ctx: &Context<'_>,
) {
    let columns = vec![
        Column { code: "area".into(), header: "Oblast potřeb".into(), kind: Kind::NeedArea },
        Column { code: "text".into(), header: "Forma naplnění potřeby".into(), kind: Kind::Text },
    ];
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> = header.iter().map(|h| heading(h, &columns, &[("forma", "text")], &[])).collect();
    planner.ignore(&sheet.name, &header, &headings);
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let by_id = read_id(&headings, row, &mut problems);
        let values = values(ctx, &columns, &headings, row, &mut problems);
        let area = values.iter().find(|(c, _)| c.code == "area").and_then(|(_, v)| v.as_ref()).and_then(Value::as_text);
        let area = area.and_then(|code| NeedArea::ALL.into_iter().find(|a| a.code() == code));
        let text = values.iter().find(|(c, _)| c.code == "text").and_then(|(_, v)| v.as_ref()).and_then(Value::as_text);
        let text = text.unwrap_or("").to_owned();
        if area.is_none() && problems.is_empty() {
            problems.push(Problem { column: Some("Oblast potřeb".into()), reason: "chybí oblast potřeb".into() });
        }
        let existing = by_id.filter(|id| needs.forms.contains_key(id)).or_else(|| {
            needs.forms.iter().find(|(_, f)| Some(f.area) == area && fold(&f.text) == fold(&text)).map(|(id, _)| *id)
        });
        let id = existing.or(by_id).unwrap_or_else(Uuid::now_v7);
        let verdict = match (area, problems.is_empty()) {
            (Some(area), true) => {
                let old = existing.and_then(|id| needs.forms.get(&id)).cloned();
                match old {
                    Some(f) if f.area == area && f.text == text => Verdict::Same,
                    _ => {
                        let network = planner.slug.clone();
                        let mut commands = Vec::new();
                        if existing.is_some() {
                            commands.push(NeedsCommand::RemoveForm { id });
                        }
                        let new = if existing.is_some() { Uuid::now_v7() } else { id };
                        commands.push(NeedsCommand::AddForm { network, id: new, area, text: text.clone() });
                        match (decide_needs(planner, needs, version, ctx, new, commands), old) {
                            (Err(reason), _) => Verdict::Refused { problems: vec![Problem { column: None, reason }] },
                            (Ok(()), Some(f)) => Verdict::Change {
                                changes: vec![CellChange {
                                    column: "Forma naplnění potřeby".into(),
                                    old: format!("{}: {}", f.area.label_cs(), f.text),
                                    new: format!("{}: {text}", area.label_cs()),
                                }],
                            },
                            (Ok(()), None) => Verdict::Create,
                        }
                    }
                }
            }
            _ => Verdict::Refused { problems },
        };
        planner.row(&sheet.name, number, id, text, verdict);
    }
}

fn plan_activities(
    planner: &mut Planner<'_>,
    sheet: &Sheet,
    needs: &mut NeedsState,
    version: Option<u64>,
    ctx: &Context<'_>,
) {
    let columns = columns::activities();
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> = header.iter().map(|h| heading(h, &columns, &[], &[])).collect();
    planner.ignore(&sheet.name, &header, &headings);
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let by_id = read_id(&headings, row, &mut problems);
        let values = values(ctx, &columns, &headings, row, &mut problems);
        let field = |code: &str| values.iter().find(|(c, _)| c.code == code).and_then(|(_, v)| v.clone());
        let text = field("text").and_then(|v| v.as_text().map(str::to_owned)).unwrap_or_default();
        let area = field("area");
        let existing = by_id.filter(|id| needs.activities.contains_key(id)).or_else(|| {
            needs
                .activities
                .iter()
                .find(|(_, f)| {
                    f.get("area") == area.as_ref()
                        && f.get("text").and_then(Value::as_text).map(fold) == Some(fold(&text))
                })
                .map(|(id, _)| *id)
        });
        let id = existing.or(by_id).unwrap_or_else(Uuid::now_v7);
        let verdict = if !problems.is_empty() {
            Verdict::Refused { problems }
        } else {
            let old = existing.and_then(|id| needs.activities.get(&id)).cloned();
            let (command, changes) = match &old {
                Some(old) => {
                    let (fields, changes) = differences(ctx, &values, old);
                    ((!fields.is_empty()).then_some(NeedsCommand::ChangeActivity { id, fields }), changes)
                }
                None => {
                    let fields = values.iter().filter_map(|(c, v)| Some((c.code.clone(), v.clone()?))).collect();
                    (Some(NeedsCommand::AddActivity { network: planner.slug.clone(), id, fields }), Vec::new())
                }
            };
            match command {
                None => Verdict::Same,
                Some(command) => match decide_needs(planner, needs, version, ctx, id, vec![command]) {
                    Err(reason) => Verdict::Refused { problems: vec![Problem { column: None, reason }] },
                    Ok(()) if old.is_some() => Verdict::Change { changes },
                    Ok(()) => Verdict::Create,
                },
            }
        };
        planner.row(&sheet.name, number, id, text, verdict);
    }
}

/// The evaluations a cell lists: `5. 12. 2026: text` per line (lines that
/// do not start with a date continue the one before).
fn evaluations(text: &str) -> Result<Vec<(DateTime<Utc>, String)>, String> {
    let mut out: Vec<(DateTime<Utc>, String)> = Vec::new();
    for line in text.lines() {
        let dated = line.split_once(':').and_then(|(d, t)| date_of(d).ok().map(|d| (d, t.trim().to_owned())));
        match (dated, out.last_mut()) {
            (Some(e), _) => out.push(e),
            (None, Some(last)) => {
                last.1.push('\n');
                last.1.push_str(line);
            }
            (None, None) if line.trim().is_empty() => {}
            (None, None) => return Err(format!("hodnocení „{line}“ nezačíná datem; pište 5. 12. 2026: text")),
        }
    }
    Ok(out)
}

fn plan_platforms(planner: &mut Planner<'_>, sheet: &Sheet, ctx: &Context<'_>) {
    let columns = columns::platforms();
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> =
        header.iter().map(|h| heading(h, &columns, &[("nazev", "name")], PLATFORM_EXTRAS)).collect();
    planner.ignore(&sheet.name, &header, &headings);
    let (model, slug, now) = (planner.model, planner.slug, planner.now);
    let ours: Vec<Uuid> = model.platforms_by_network.get(slug).into_iter().flatten().copied().collect();
    let mut seen: BTreeMap<Uuid, usize> = BTreeMap::new();
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let by_id = read_id(&headings, row, &mut problems);
        let values = values(ctx, &columns, &headings, row, &mut problems);
        let name = values
            .iter()
            .find(|(c, _)| c.code == "name")
            .and_then(|(_, v)| v.as_ref()?.as_text().map(str::to_owned))
            .unwrap_or_default();
        let dated = |i: usize, problems: &mut Vec<Problem>| match cell(&headings, row, Heading::Extra(i)).trim() {
            "" => None,
            text => date_of(text)
                .map_err(|reason| problems.push(Problem { column: Some(PLATFORM_EXTRAS[i].into()), reason }))
                .ok(),
        };
        let founded = dated(0, &mut problems);
        let ended = dated(1, &mut problems);
        let evaluated = evaluations(cell(&headings, row, Heading::Extra(2)))
            .map_err(|reason| problems.push(Problem { column: Some(PLATFORM_EXTRAS[2].into()), reason }))
            .unwrap_or_default();
        let platform = |id: &Uuid| model.platforms.get(id);
        if let Some(id) = by_id.filter(|id| !ours.contains(id) && platform(id).is_some()) {
            problems.push(Problem { column: Some("ID".into()), reason: format!("platforma {id} patří jiné síti") });
        }
        let existing = by_id.filter(|id| ours.contains(id)).or_else(|| {
            ours.iter()
                .find(|id| {
                    platform(id).and_then(|p| p.state.fields.get("name")?.as_text().map(fold)) == Some(fold(&name))
                })
                .copied()
        });
        let id = existing.or(by_id).unwrap_or_else(Uuid::now_v7);
        if let Some(first) = seen.insert(id, number) {
            problems.push(Problem { column: None, reason: format!("stejná platforma už je na řádku {first}") });
        }
        if !problems.is_empty() {
            planner.row(&sheet.name, number, id, name, Verdict::Refused { problems });
            continue;
        }
        let entry = existing.and_then(|id| platform(&id));
        let mut state = entry.map(|p| p.state.clone()).unwrap_or_default();
        let mut commands: Vec<(PlatformCommand, Option<DateTime<Utc>>)> = Vec::new();
        let mut changes = Vec::new();
        if entry.is_some() {
            let (fields, said) = differences(ctx, &values, &state.fields);
            changes = said;
            if !fields.is_empty() {
                commands.push((PlatformCommand::Change { fields }, None));
            }
        } else {
            let fields = values.iter().filter_map(|(c, v)| Some((c.code.clone(), v.clone()?))).collect();
            commands.push((PlatformCommand::Found { network: slug.clone(), fields }, founded));
        }
        for (at, text) in evaluated {
            if !state.evaluations.iter().any(|(when, t)| date(*when) == date(at) && *t == text) {
                changes.push(CellChange {
                    column: PLATFORM_EXTRAS[2].into(),
                    old: String::new(),
                    new: format!("{}: {text}", date(at)),
                });
                commands.push((PlatformCommand::Evaluate { text }, Some(at)));
            }
        }
        // Ended after its meetings are written (an ended platform takes
        // no meeting): see `end_platforms`.
        let end = ended.filter(|_| state.ended_at.is_none());
        if let Some(at) = end {
            changes.push(CellChange { column: PLATFORM_EXTRAS[1].into(), old: String::new(), new: date(at) });
        }
        let actors = |a: &Uuid| ctx.names.contains_key(a);
        let mut refused = None;
        for (command, at) in &commands {
            let effective_at = at.unwrap_or(now);
            match state.decide(command.clone(), &actors, Ctx { now, effective_at }) {
                Ok(events) => events.iter().for_each(|e| state.apply(e, effective_at)),
                Err(e) => {
                    refused = Some(said(&e));
                    break;
                }
            }
        }
        if refused.is_none() {
            planner.platforms.insert(id, (state, entry.map(|e| e.version)));
            if let Some(at) = end {
                planner.ends.push(End { platform: id, at, row: (sheet.name.clone(), number, name.clone()) });
            }
        }
        let verdict = match refused {
            Some(reason) => Verdict::Refused { problems: vec![Problem { column: None, reason }] },
            None if commands.is_empty() && end.is_none() => Verdict::Same,
            None if commands.is_empty() => Verdict::Change { changes },
            None => {
                let planned = commands.into_iter().map(|(c, at)| Planned::Platform(c, at)).collect();
                planner.step(id, id.to_string(), entry.map(|e| e.version), planned);
                if entry.is_some() { Verdict::Change { changes } } else { Verdict::Create }
            }
        };
        planner.row(&sheet.name, number, id, name, verdict);
    }
}

/// Ends the platforms whose rows say so, after their meetings; a platform
/// the domain will not end (a meeting after the end) is said in the report.
pub(super) fn end_platforms(planner: &mut Planner<'_>, ctx: &Context<'_>) {
    let now = planner.now;
    let actors = |a: &Uuid| ctx.names.contains_key(a);
    for End { platform: id, at, row: (sheet, number, name) } in std::mem::take(&mut planner.ends) {
        let Some((state, version)) = planner.platforms.get_mut(&id) else { continue };
        match state.decide(PlatformCommand::End, &actors, Ctx { now, effective_at: at }) {
            Ok(events) => {
                events.iter().for_each(|e| state.apply(e, at));
                let version = *version;
                planner.step(id, id.to_string(), version, vec![Planned::Platform(PlatformCommand::End, Some(at))]);
            }
            Err(e) => {
                let problems = vec![Problem { column: Some(PLATFORM_EXTRAS[1].into()), reason: said(&e) }];
                planner.row(&sheet, number, id, name, Verdict::Refused { problems });
            }
        }
    }
}
