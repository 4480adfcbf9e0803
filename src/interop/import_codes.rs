//! The code lists of an import, read first because the other sheets use
//! them: the terms of the network's taxonomies (the code lists sheet's
//! target groups, life situations and places) and its custom categories
//! (their own sheet: name, kind, allowed values). A term or category the
//! network lacks is added; an existing one is never removed or renamed by
//! an import, only a category's kind or allowed values follow the sheet.

use uuid::Uuid;

use super::book::Book;
use super::cells::items;
use super::export::{CATEGORIES, CODES, category_kind_name};
use super::import::{CellChange, Heading, Planned, Planner, Problem, Verdict, cell, data_rows, heading, said, sheet};
use crate::domain::network::{CategoryKind, NetworkCommand, NetworkState, TermKind};
use crate::projections::czech::fold;

/// The code lists sheet's columns that are a taxonomy's terms.
const TAXONOMIES: &[(&str, TermKind)] = &[
    ("Cílové skupiny", TermKind::TargetGroup),
    ("Životní situace", TermKind::LifeSituation),
    ("Místa", TermKind::Place),
];

/// The categories sheet's columns after the ID.
const CATEGORY_COLUMNS: &[&str] = &["Název", "Druh", "Možné hodnoty"];

const KINDS: [CategoryKind; 5] =
    [CategoryKind::Text, CategoryKind::YesNo, CategoryKind::Number, CategoryKind::OneOf, CategoryKind::ManyOf];

/// Decides `command` on the network as the import leaves it so far and,
/// if the domain takes it, plans it and applies it there.
fn decide(
    planner: &mut Planner<'_>,
    network: &mut NetworkState,
    record: Uuid,
    command: NetworkCommand,
) -> Result<(), String> {
    let events = network.decide(command.clone(), true).map_err(|e| said(&e))?;
    for event in &events {
        network.apply(event);
    }
    let version = planner.model.networks.get(planner.slug).map(|n| n.version);
    planner.step(record, planner.slug.to_string(), version, vec![Planned::Network(command)]);
    Ok(())
}

/// Plans the terms of the code lists sheet and the categories sheet of
/// `book`, applying them to `network` (`false`: the book has neither).
pub(super) fn plan(planner: &mut Planner<'_>, book: &Book, network: &mut NetworkState) -> bool {
    let codes = sheet(book, planner.slug, CODES);
    if let Some(codes) = codes {
        planner.read(codes);
        let header = codes.rows.first().cloned().unwrap_or_default();
        for (column, heading) in header.iter().enumerate() {
            let Some((_, kind)) = TAXONOMIES.iter().find(|(h, _)| fold(h) == fold(heading)) else { continue };
            for (number, row) in data_rows(codes) {
                let name = row.get(column).map_or("", |s| s.trim());
                let exists =
                    network.terms.values().any(|t| t.kind == *kind && !t.retired && fold(&t.name) == fold(name));
                if name.is_empty() || exists {
                    continue;
                }
                let id = Uuid::now_v7();
                let verdict = match decide(
                    planner,
                    network,
                    id,
                    NetworkCommand::AddTerm { id, kind: *kind, name: name.to_owned() },
                ) {
                    Ok(()) => Verdict::Create,
                    Err(reason) => {
                        Verdict::Refused { problems: vec![Problem { column: Some(heading.clone()), reason }] }
                    }
                };
                planner.row(&codes.name, number, id, name.to_owned(), verdict);
            }
        }
    }
    let categories = sheet(book, planner.slug, CATEGORIES);
    if let Some(categories) = categories {
        planner.read(categories);
        plan_categories(planner, categories, network);
    }
    codes.is_some() || categories.is_some()
}

fn kind_of(text: &str) -> Result<CategoryKind, String> {
    KINDS.into_iter().find(|k| fold(category_kind_name(*k)) == fold(text)).ok_or_else(|| {
        let names: Vec<&str> = KINDS.iter().map(|k| category_kind_name(*k)).collect();
        format!("„{text}“ není druh kategorie; druhy jsou {}", names.join(", "))
    })
}

fn plan_categories(planner: &mut Planner<'_>, sheet: &super::book::Sheet, network: &mut NetworkState) {
    let header = sheet.rows.first().cloned().unwrap_or_default();
    let headings: Vec<Heading> = header.iter().map(|h| heading(h, &[], &[], CATEGORY_COLUMNS)).collect();
    planner.ignore(&sheet.name, &header, &headings);
    for (number, row) in data_rows(sheet) {
        let name = cell(&headings, row, Heading::Extra(0)).trim().to_owned();
        let kind_text = cell(&headings, row, Heading::Extra(1)).trim();
        let allowed: Vec<String> =
            items(cell(&headings, row, Heading::Extra(2))).into_iter().map(str::to_owned).collect();
        let id_text = cell(&headings, row, Heading::Id).trim();
        let mut problems = Vec::new();
        let kind =
            kind_of(kind_text).map_err(|reason| problems.push(Problem { column: Some("Druh".into()), reason })).ok();
        let by_id = Uuid::parse_str(id_text).ok();
        if !id_text.is_empty() && by_id.is_none() {
            problems.push(Problem { column: Some("ID".into()), reason: format!("„{id_text}“ není ID kategorie") });
        }
        let existing = by_id
            .filter(|id| network.categories.contains_key(id))
            .or_else(|| network.categories.iter().find(|(_, c)| fold(&c.name) == fold(&name)).map(|(id, _)| *id));
        let id = existing.or(by_id).unwrap_or_else(Uuid::now_v7);
        let verdict = match (kind, problems.is_empty()) {
            (Some(kind), true) => {
                let old = network.categories.get(&id).cloned();
                let command = NetworkCommand::DefineCategory { id, name: name.clone(), kind, allowed: allowed.clone() };
                let mut changes = Vec::new();
                if let Some(old) = &old {
                    let said = |k: CategoryKind, a: &[String]| format!("{}: {}", category_kind_name(k), a.join("; "));
                    if old.name != name || old.kind != kind || old.allowed != allowed {
                        changes.push(CellChange {
                            column: "Kategorie".into(),
                            old: format!("{} ({})", old.name, said(old.kind, &old.allowed)),
                            new: format!("{name} ({})", said(kind, &allowed)),
                        });
                    }
                }
                if old.is_some() && changes.is_empty() {
                    Verdict::Same
                } else {
                    match decide(planner, network, id, command) {
                        Ok(()) if old.is_some() => Verdict::Change { changes },
                        Ok(()) => Verdict::Create,
                        Err(reason) => Verdict::Refused { problems: vec![Problem { column: None, reason }] },
                    }
                }
            }
            _ => Verdict::Refused { problems },
        };
        planner.row(&sheet.name, number, id, name, verdict);
    }
}
