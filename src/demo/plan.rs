//! The demo's Tachov plan: the mid-term plan of seed 004 ("Druhý oddíl") —
//! the present practice of case work, information sharing and early
//! identification, and participation, and every recommendation of those
//! three sections with its steps. Who is responsible, the deadlines and the
//! statuses are invented. Fixed ids and idempotency keys: building twice
//! writes nothing the second time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use super::data::tachov_plan::{FINDINGS, PROCEDURES, SECTIONS};
use super::demo_id;
use crate::app::{App, Meta};
use crate::domain::finding::{FindingCommand, FindingDraft};
use crate::domain::ids::Slug;
use crate::domain::plan::{Owner, PlanCommand, StepDraft, StepStatus, default_section_id};
use crate::domain::procedure::{ProcedureCommand, Wording};

pub(super) fn date(text: &str) -> Option<DateTime<Utc>> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
}

/// The first actor and platform of Tachov whose name contains `part`.
fn find(app: &App, network: &Slug, part: &str, platform: bool) -> Option<Uuid> {
    let model = app.models.read();
    if platform {
        model.platforms_by_network.get(network)?.iter().copied().find(|id| {
            model.platforms.get(id).and_then(|p| p.state.fields.get("name")?.as_text().map(|n| n.contains(part)))
                == Some(true)
        })
    } else {
        model
            .actors_by_network
            .get(network)?
            .iter()
            .copied()
            .find(|id| model.actors.get(id).is_some_and(|a| a.entry.state.name().contains(part)))
    }
}

/// How many recommendations the Tachov plan holds.
pub fn recommendations() -> impl Iterator<Item = &'static str> {
    SECTIONS.iter().flat_map(|s| s.recommendations.iter().map(|r| r.text))
}

/// Writes the Tachov plan; returns its id (`None` without the network).
pub async fn tachov(app: &App) -> Result<Option<Uuid>, String> {
    let network = Slug::parse("tachov").map_err(|e| e.to_string())?;
    if !app.models.read().networks.contains_key(&network) {
        return Ok(None);
    }
    let plan = demo_id(&["plan", "tachov"]);
    let now = app.now();
    let run = |command: PlanCommand, key: String, effective_at: Option<DateTime<Utc>>| {
        let meta = Meta {
            author: "system:demo".into(),
            effective_at,
            idempotency_key: Some(demo_id(&["plan", &key])),
            recorded_at: effective_at,
            ..Meta::default()
        };
        let owner = Owner::Network(network.clone());
        async move { app.plan(&owner, plan, command, &meta).await.map_err(|e| format!("demo plan ({key}): {e}")) }
    };
    let mut answers: Vec<(&str, Uuid)> = Vec::new();
    for (title, text, recommendations) in FINDINGS {
        let id = demo_id(&["finding", title]);
        let draft = FindingDraft { title: (*title).into(), text: (*text).into(), ..FindingDraft::default() };
        let meta = Meta {
            author: "system:demo".into(),
            effective_at: Some(now - Duration::days(320)),
            idempotency_key: Some(demo_id(&["finding", "record", title])),
            recorded_at: Some(now - Duration::days(320)),
            ..Meta::default()
        };
        let command = FindingCommand::Record { network: network.clone(), draft };
        app.finding(&network, id, command, &meta).await.map_err(|e| format!("demo finding: {e}"))?;
        answers.extend(recommendations.iter().map(|r| (*r, id)));
    }
    let title = "Střednědobý multioborový plán služeb pro ohrožené děti a jejich rodiny – ORP Tachov".to_owned();
    let start = now - Duration::days(300);
    let owner = Owner::Network(network.clone());
    run(PlanCommand::Create { owner, title, from: 2026, to: 2028 }, "create".into(), Some(start)).await?;
    for section in SECTIONS {
        let id = default_section_id(plan, section.index);
        let practice = section.practice.split_whitespace().collect::<Vec<_>>().join(" ");
        let command = PlanCommand::ChangeSection { id, title: None, practice: Some(practice) };
        run(command, format!("practice {}", section.index), Some(start)).await?;
        for rec in section.recommendations {
            let rec_id = demo_id(&["plan", "recommendation", rec.text]);
            let command = PlanCommand::Recommend { id: rec_id, section: id, text: rec.text.into() };
            run(command, format!("rec {}", rec.text), Some(start)).await?;
            for spec in rec.steps {
                let step_id = demo_id(&["plan", "step", spec.text]);
                let names = |parts: &[&str], platform: bool| -> Vec<Uuid> {
                    parts.iter().filter_map(|p| find(app, &network, p, platform)).collect()
                };
                let text = spec.text.split_whitespace().collect::<Vec<_>>().join(" ");
                let step = StepDraft {
                    text,
                    actors: names(spec.actors, false),
                    platforms: names(spec.platforms, true),
                    deadline: date(spec.deadline),
                    need_areas: spec.areas.to_vec(),
                    findings: answers.iter().filter(|(r, _)| *r == rec.text).map(|(_, f)| *f).collect(),
                    gaps: Vec::new(),
                };
                let command = PlanCommand::AddStep { id: step_id, recommendation: rec_id, step };
                run(command, format!("step {}", spec.text), Some(start)).await?;
                let moves: &[StepStatus] = match spec.status {
                    StepStatus::Done => &[StepStatus::InProgress, StepStatus::Done],
                    StepStatus::InProgress => &[StepStatus::InProgress],
                    _ => &[],
                };
                for (i, status) in moves.iter().enumerate() {
                    let at = start + Duration::days(60 * (i as i64 + 1));
                    let command = PlanCommand::SetStatus { id: step_id, status: *status, reason: String::new() };
                    run(command, format!("status {i} {}", spec.text), Some(at)).await?;
                }
            }
        }
    }
    run(PlanCommand::Publish, "publish".into(), Some(start + Duration::days(30))).await?;
    procedures(app, &network, now).await?;
    Ok(Some(plan))
}

/// Agrees Tachov's procedures, the first in two versions.
async fn procedures(app: &App, network: &Slug, now: DateTime<Utc>) -> Result<(), String> {
    for (title, text, platform, actors, revision) in PROCEDURES {
        let id = demo_id(&["procedure", title]);
        let bound: Vec<Uuid> = actors.iter().filter_map(|a| find(app, network, a, false)).collect();
        let owner = platform.and_then(|p| find(app, network, p, true));
        let meta = |key: &str, days: i64| Meta {
            author: "system:demo".into(),
            effective_at: Some(now - Duration::days(days)),
            idempotency_key: Some(demo_id(&["procedure", key, title])),
            recorded_at: Some(now - Duration::days(days)),
            ..Meta::default()
        };
        let wording =
            Wording { title: (*title).into(), text: (*text).into(), actors: bound.clone(), note: String::new() };
        let agree = ProcedureCommand::Agree { network: network.clone(), platform: owner, wording };
        app.procedure(network, id, agree, &meta("agree", 280)).await.map_err(|e| format!("demo procedure: {e}"))?;
        if let Some((text, note)) = revision {
            let wording = Wording { title: (*title).into(), text: (*text).into(), actors: bound, note: (*note).into() };
            let revise = ProcedureCommand::Revise { wording };
            app.procedure(network, id, revise, &meta("revise", 90))
                .await
                .map_err(|e| format!("demo procedure: {e}"))?;
        }
    }
    Ok(())
}
