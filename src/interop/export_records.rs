//! The record sheets of a network's workbook: the actors' contact persons
//! (never erased ones), and the platforms' meetings with their decisions
//! and tasks.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::book::Sheet;
use super::cells::{self, Context};
use super::columns::ID;
use super::export::{CONTACTS, MEETINGS, Names, OUTCOMES};
use crate::czech::{date, date_time};
use crate::domain::ids::Slug;
use crate::domain::platform::{MeetingState, OutcomeKind, TaskStatus};
use crate::domain::value::Value;
use crate::projections::{Model, views};

/// The contact persons of the actors `ids`, never erased ones.
pub(super) fn contacts_sheet(
    model: &Model,
    ids: &[&Uuid],
    ctx: &Context<'_>,
    now: DateTime<Utc>,
    names: &Names,
) -> Sheet {
    let mut rows =
        vec![["ID aktéra", "Aktér", ID, "Jméno", "Role", "E-mail", "Telefon", "Zveřejnit"].map(str::to_owned).to_vec()];
    for id in ids {
        let Some(view) = views::actor(model, id, now) else { continue };
        for c in view.contacts.iter().filter(|c| !c.erased) {
            let p = &c.person;
            rows.push(vec![
                id.to_string(),
                ctx.names.get(id).cloned().unwrap_or_default(),
                c.id.to_string(),
                p.name.clone(),
                p.role.clone(),
                p.email.clone().unwrap_or_default(),
                p.phone.clone().unwrap_or_default(),
                (if p.public { "ano" } else { "ne" }).to_owned(),
            ]);
        }
    }
    Sheet { name: names.of(CONTACTS), rows, lists: Vec::new() }
}

/// The meetings of network `slug`'s platforms, and their decisions and tasks.
pub(super) fn meeting_sheets(model: &Model, slug: &Slug, ctx: &Context<'_>, names: &Names) -> Vec<Sheet> {
    let mut meetings = vec![
        [
            "ID platformy",
            "Platforma",
            ID,
            "Datum",
            "Místo",
            "Program",
            "Stav",
            "Přítomní aktéři",
            "Další přítomní",
            "Zápis",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let mut outcomes = vec![
        ["ID platformy", "Platforma", "Setkání", "ID setkání", ID, "Druh", "Text", "Odpovídá", "Termín", "Stav"]
            .map(str::to_owned)
            .to_vec(),
    ];
    let actors = |list: &[Uuid]| {
        list.iter()
            .map(|a| ctx.names.get(a).cloned().unwrap_or_else(|| a.to_string()))
            .collect::<Vec<_>>()
            .join(cells::SEPARATOR)
    };
    for pid in model.platforms_by_network.get(slug).into_iter().flatten() {
        let Some(p) = model.platforms.get(pid) else { continue };
        let name = p.state.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
        let mut held: Vec<_> = p.state.meetings.iter().collect();
        held.sort_by_key(|(_, m)| m.date);
        for (mid, m) in held {
            let (state, attendees, others, minutes) = match &m.state {
                MeetingState::Scheduled => ("naplánováno", String::new(), String::new(), String::new()),
                MeetingState::Held { attendees, others, minutes } => {
                    ("konalo se", actors(attendees), others.to_string(), minutes.clone())
                }
                MeetingState::Cancelled { .. } => ("zrušeno", String::new(), String::new(), String::new()),
            };
            meetings.push(vec![
                pid.to_string(),
                name.clone(),
                mid.to_string(),
                date_time(m.date),
                m.place.clone(),
                m.agenda.clone(),
                state.to_owned(),
                attendees,
                others,
                minutes,
            ]);
        }
        for (oid, o) in p.state.outcomes.iter() {
            let when = p.state.meetings.get(&o.meeting).map(|m| date(m.date)).unwrap_or_default();
            let task = o.kind == OutcomeKind::Task;
            outcomes.push(vec![
                pid.to_string(),
                name.clone(),
                when,
                o.meeting.to_string(),
                oid.to_string(),
                (if task { "úkol" } else { "rozhodnutí" }).to_owned(),
                o.text.clone(),
                o.owner.map(|a| actors(&[a])).unwrap_or_default(),
                o.due.map(date).unwrap_or_default(),
                if task {
                    match o.status {
                        TaskStatus::Open => "otevřený",
                        TaskStatus::Done => "splněný",
                        TaskStatus::Dropped => "zrušený",
                    }
                    .to_owned()
                } else {
                    String::new()
                },
            ]);
        }
    }
    vec![
        Sheet { name: names.of(MEETINGS), rows: meetings, lists: Vec::new() },
        Sheet { name: names.of(OUTCOMES), rows: outcomes, lists: Vec::new() },
    ]
}
