//! The record sheets of an import, read after the templates: the
//! platforms' meetings (planned, held with who attended and the minutes,
//! cancelled), their decisions and tasks, and the actors' contact persons.
//! A record is new by its ID; one the network has already is left as it
//! is (these sheets add history, they do not rewrite it).

use uuid::Uuid;

use super::book::{Book, Sheet};
use super::cells::{Context, Kind, date_of, date_time_of, from_cell};
use super::export::{CONTACTS, MEETINGS, OUTCOMES};
use super::import::{Planned, Planner, Problem, Verdict, data_rows, said, sheet};
use crate::domain::actor::{ActorCommand, ContactPerson, Ctx};
use crate::domain::platform::{OutcomeKind, PlatformCommand, TaskStatus};
use crate::projections::czech::fold;

/// Plans the meetings, outcomes and contact persons sheets of `book`.
pub(super) fn plan(planner: &mut Planner<'_>, book: &Book, ctx: &Context<'_>) {
    if let Some(s) = sheet(book, planner.slug, MEETINGS) {
        planner.read(s);
        meetings(planner, s, ctx);
    }
    if let Some(s) = sheet(book, planner.slug, OUTCOMES) {
        planner.read(s);
        outcomes(planner, s, ctx);
    }
    if let Some(s) = sheet(book, planner.slug, CONTACTS) {
        planner.read(s);
        contacts(planner, s, ctx);
    }
}

/// The cell under the heading `name` (empty if the sheet has none).
fn column<'r>(header: &[String], row: &'r [String], name: &str) -> &'r str {
    header.iter().position(|h| fold(h) == fold(name)).and_then(|i| row.get(i)).map_or("", |s| s.trim())
}

/// The id under heading `name`, or a problem.
fn id_in(header: &[String], row: &[String], name: &str, problems: &mut Vec<Problem>) -> Option<Uuid> {
    let text = column(header, row, name);
    let id = Uuid::parse_str(text).ok();
    if id.is_none() {
        problems.push(Problem { column: Some(name.into()), reason: format!("„{text}“ není ID") });
    }
    id
}

/// Decides `commands` on platform `id` as the import leaves it; plans them
/// if the domain takes them all, or says why not.
fn decide(
    planner: &mut Planner<'_>,
    ctx: &Context<'_>,
    id: Uuid,
    commands: Vec<PlatformCommand>,
) -> Result<(), String> {
    let now = planner.now;
    let actors = |a: &Uuid| ctx.names.contains_key(a);
    let Some((state, version)) = planner.platforms.get(&id).cloned() else {
        return Err(format!("platforma {id} není v listu Platformy této sítě"));
    };
    let mut state = state;
    for command in &commands {
        let events = state.decide(command.clone(), &actors, Ctx { now, effective_at: now }).map_err(|e| said(&e))?;
        events.iter().for_each(|e| state.apply(e, now));
    }
    planner.platforms.insert(id, (state, version));
    let planned = commands.into_iter().map(|c| Planned::Platform(c, None)).collect();
    planner.step(id, id.to_string(), version, planned);
    Ok(())
}

fn refused(reason: String) -> Verdict {
    Verdict::Refused { problems: vec![Problem { column: None, reason }] }
}

fn meetings(planner: &mut Planner<'_>, sheet: &Sheet, ctx: &Context<'_>) {
    let header = sheet.rows.first().cloned().unwrap_or_default();
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let platform = id_in(&header, row, "ID platformy", &mut problems);
        let id = id_in(&header, row, "ID", &mut problems);
        let date = date_time_of(column(&header, row, "Datum"))
            .map_err(|reason| problems.push(Problem { column: Some("Datum".into()), reason }))
            .ok();
        let attendees = from_cell(ctx, Kind::Actors, column(&header, row, "Přítomní aktéři"))
            .map_err(|reason| problems.push(Problem { column: Some("Přítomní aktéři".into()), reason }))
            .ok()
            .flatten();
        let others = match column(&header, row, "Další přítomní") {
            "" => 0,
            text => text.parse().unwrap_or_else(|_| {
                problems
                    .push(Problem {
                        column: Some("Další přítomní".into()), reason: format!("„{text}“ není počet")
                    });
                0
            }),
        };
        let name = column(&header, row, "Datum").to_owned();
        let (Some(platform), Some(id), Some(date), true) = (platform, id, date, problems.is_empty()) else {
            planner.row(&sheet.name, number, Uuid::nil(), name, Verdict::Refused { problems });
            continue;
        };
        if planner.platforms.get(&platform).is_some_and(|(p, _)| p.meetings.contains_key(&id)) {
            planner.row(&sheet.name, number, id, name, Verdict::Same);
            continue;
        }
        let (place, agenda) = (column(&header, row, "Místo").to_owned(), column(&header, row, "Program").to_owned());
        let state = fold(column(&header, row, "Stav"));
        let schedule = PlatformCommand::ScheduleMeeting { id, date, place: place.clone(), agenda: agenda.clone() };
        let commands = match state.as_str() {
            "konalo se" => {
                let attendees = attendees
                    .and_then(|v| v.as_list().map(|l| l.iter().filter_map(|a| Uuid::parse_str(a).ok()).collect()))
                    .unwrap_or_default();
                let minutes = column(&header, row, "Zápis").to_owned();
                vec![PlatformCommand::HoldMeeting { id, date, place, agenda, attendees, others, minutes }]
            }
            "zruseno" => vec![schedule, PlatformCommand::CancelMeeting { id, reason: String::new() }],
            "naplanovano" | "" => vec![schedule],
            other => {
                let reason = format!("„{other}“ není stav setkání; stavy jsou naplánováno, konalo se, zrušeno");
                planner.row(&sheet.name, number, id, name, refused(reason));
                continue;
            }
        };
        let verdict = decide(planner, ctx, platform, commands).map_or_else(refused, |()| Verdict::Create);
        planner.row(&sheet.name, number, id, name, verdict);
    }
}

fn outcomes(planner: &mut Planner<'_>, sheet: &Sheet, ctx: &Context<'_>) {
    let header = sheet.rows.first().cloned().unwrap_or_default();
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let platform = id_in(&header, row, "ID platformy", &mut problems);
        let meeting = id_in(&header, row, "ID setkání", &mut problems);
        let id = id_in(&header, row, "ID", &mut problems);
        let text = column(&header, row, "Text").to_owned();
        let task = fold(column(&header, row, "Druh")) == "ukol";
        let owner = from_cell(ctx, Kind::Actors, column(&header, row, "Odpovídá"))
            .map_err(|reason| problems.push(Problem { column: Some("Odpovídá".into()), reason }))
            .ok()
            .flatten()
            .and_then(|v| v.as_list().and_then(|l| l.first().and_then(|a| Uuid::parse_str(a).ok())));
        let due = match column(&header, row, "Termín") {
            "" => None,
            text => {
                date_of(text).map_err(|reason| problems.push(Problem { column: Some("Termín".into()), reason })).ok()
            }
        };
        let status = match fold(column(&header, row, "Stav")).as_str() {
            "splneny" => TaskStatus::Done,
            "zruseny" => TaskStatus::Dropped,
            _ => TaskStatus::Open,
        };
        let (Some(platform), Some(meeting), Some(id), true) = (platform, meeting, id, problems.is_empty()) else {
            planner.row(&sheet.name, number, Uuid::nil(), text, Verdict::Refused { problems });
            continue;
        };
        if planner.platforms.get(&platform).is_some_and(|(p, _)| p.outcomes.contains_key(&id)) {
            planner.row(&sheet.name, number, id, text, Verdict::Same);
            continue;
        }
        let kind = if task { OutcomeKind::Task } else { OutcomeKind::Decision };
        let mut commands = vec![PlatformCommand::RecordOutcome { id, meeting, kind, text: text.clone(), owner, due }];
        if task && status != TaskStatus::Open {
            commands.push(PlatformCommand::SetTaskStatus { id, status });
        }
        let verdict = decide(planner, ctx, platform, commands).map_or_else(refused, |()| Verdict::Create);
        planner.row(&sheet.name, number, id, text, verdict);
    }
}

fn contacts(planner: &mut Planner<'_>, sheet: &Sheet, ctx: &Context<'_>) {
    let header = sheet.rows.first().cloned().unwrap_or_default();
    for (number, row) in data_rows(sheet) {
        let mut problems = Vec::new();
        let actor = id_in(&header, row, "ID aktéra", &mut problems).filter(|a| ctx.names.contains_key(a));
        let id = id_in(&header, row, "ID", &mut problems);
        let name = column(&header, row, "Jméno").to_owned();
        let (Some(actor), Some(id), true) = (actor, id, problems.is_empty()) else {
            if problems.is_empty() {
                problems.push(Problem { column: Some("ID aktéra".into()), reason: "není aktér sítě".into() });
            }
            planner.row(&sheet.name, number, Uuid::nil(), name, Verdict::Refused { problems });
            continue;
        };
        let known = planner.model.actors.get(&actor).is_some_and(|a| a.entry.state.contacts.contains_key(&id));
        if known {
            planner.row(&sheet.name, number, id, name, Verdict::Same);
            continue;
        }
        let optional = |h: &str| Some(column(&header, row, h).to_owned()).filter(|s| !s.is_empty());
        let person = ContactPerson {
            name: name.clone(),
            email: optional("E-mail"),
            phone: optional("Telefon"),
            role: column(&header, row, "Role").to_owned(),
            public: fold(column(&header, row, "Zveřejnit")) == "ano",
            erased: false,
        };
        // The contact's own checks are the domain's, at the write; an
        // empty name is said here.
        if person.name.is_empty() {
            planner.row(&sheet.name, number, id, name, refused("chybí jméno".into()));
            continue;
        }
        planner.step(actor, actor.to_string(), None, vec![Planned::Actor(ActorCommand::AddContact { id, person })]);
        planner.row(&sheet.name, number, id, name, Verdict::Create);
    }
}
