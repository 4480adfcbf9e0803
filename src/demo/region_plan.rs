//! The demo's region plan: an invented, short plan of the Ústecký kraj for
//! the networks of its ORPs — coordination of the networks' coordinators
//! and a shared way to map needs. Not published, so the demo shows a plan
//! kept for the coordinators next to Tachov's published one. Fixed ids and
//! idempotency keys: building twice writes nothing the second time.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::demo_id;
use super::plan::date;
use crate::app::{App, Meta};
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::plan::{Owner, PlanCommand, StepDraft, StepStatus, default_section_id};

/// A step: text, deadline, need areas.
type StepSpec = (&'static str, &'static str, &'static [NeedArea]);

/// Recommendations of the first section ("Síťování a koordinace"), each
/// with its steps.
const RECOMMENDATIONS: &[(&str, &[StepSpec])] = &[
    (
        "Pravidelně propojovat koordinátory sítí ORP v kraji a sdílet, co se v sítích osvědčilo.",
        &[
            ("Dvakrát ročně uspořádat setkání koordinátorů sítí ORP Ústeckého kraje.", "2026-06-30", &[]),
            ("Vydat přehled osvědčených postupů sítí (platformy, sdílení informací).", "2027-03-31", &[]),
        ],
    ),
    (
        "Mapovat potřeby dětí a rodin v celém kraji jednotně, aby byly mapy sítí srovnatelné.",
        &[
            (
                "Dohodnout společné cílové skupiny a místa pro šablony aktérů všech sítí.",
                "2026-09-30",
                &[NeedArea::Safety, NeedArea::Relationships],
            ),
            ("Každoročně porovnat pokrytí oblastí potřeb mezi ORP a najít místa bez služeb.", "2027-12-31", &[]),
        ],
    ),
];

/// Writes the Ústecký kraj's plan; returns its id (`None` without the
/// region).
pub async fn ustecky(app: &App) -> Result<Option<Uuid>, String> {
    let region = Slug::parse("ustecky").map_err(|e| e.to_string())?;
    if !app.models.read().regions.contains_key(&region) {
        return Ok(None);
    }
    let owner = Owner::Region(region);
    let plan = demo_id(&["plan", "ustecky"]);
    let start = app.now() - Duration::days(200);
    let run = |command: PlanCommand, key: String, effective_at: Option<DateTime<Utc>>| {
        let meta = Meta {
            author: "system:demo".into(),
            effective_at,
            idempotency_key: Some(demo_id(&["plan", "ustecky", &key])),
            recorded_at: effective_at,
            ..Meta::default()
        };
        let owner = owner.clone();
        async move { app.plan(&owner, plan, command, &meta).await.map_err(|e| format!("demo region plan ({key}): {e}")) }
    };
    let title = "Krajský plán rozvoje sítí služeb pro ohrožené děti a jejich rodiny – Ústecký kraj".to_owned();
    run(PlanCommand::Create { owner: owner.clone(), title, from: 2026, to: 2028 }, "create".into(), Some(start))
        .await?;
    let section = default_section_id(plan, 0);
    let practice = "Sítě ORP se rozvíjejí každá po svém; koordinátoři se potkávají nahodile a mapy sítí \
                    používají různé cílové skupiny, takže je nelze porovnat.";
    let command = PlanCommand::ChangeSection { id: section, title: None, practice: Some(practice.into()) };
    run(command, "practice".into(), Some(start)).await?;
    for (r, (text, steps)) in RECOMMENDATIONS.iter().enumerate() {
        let rec = demo_id(&["plan", "ustecky", "recommendation", text]);
        run(PlanCommand::Recommend { id: rec, section, text: (*text).into() }, format!("rec {r}"), Some(start)).await?;
        for (s, (text, deadline, areas)) in steps.iter().enumerate() {
            let id = demo_id(&["plan", "ustecky", "step", text]);
            let step = StepDraft {
                text: (*text).into(),
                deadline: date(deadline),
                need_areas: areas.to_vec(),
                ..StepDraft::default()
            };
            run(PlanCommand::AddStep { id, recommendation: rec, step }, format!("step {r} {s}"), Some(start)).await?;
            if r == 0 && s == 0 {
                let command = PlanCommand::SetStatus { id, status: StepStatus::InProgress, reason: String::new() };
                run(command, format!("status {r} {s}"), Some(start + Duration::days(60))).await?;
            }
        }
    }
    Ok(Some(plan))
}
