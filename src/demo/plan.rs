//! The demo's Tachov plan: the mid-term plan of seed 004 ("Druhý oddíl") —
//! the present practice of case work, information sharing and early
//! identification, and participation, and every recommendation of those
//! three sections with its steps. Who is responsible, the deadlines and the
//! statuses are invented. Fixed ids and idempotency keys: building twice
//! writes nothing the second time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use super::demo_id;
use crate::app::{App, Meta};
use crate::domain::finding::{FindingCommand, FindingDraft};
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::plan::{Owner, PlanCommand, StepDraft, StepStatus, default_section_id};
use crate::domain::procedure::{ProcedureCommand, Wording};

/// A step: its text, the names (or parts of names) of the actors and
/// platforms responsible, its deadline, status and need areas.
struct StepSpec {
    text: &'static str,
    actors: &'static [&'static str],
    platforms: &'static [&'static str],
    deadline: &'static str,
    status: StepStatus,
    areas: &'static [NeedArea],
}

/// A recommendation and its steps.
struct RecommendationSpec {
    text: &'static str,
    steps: &'static [StepSpec],
}

/// A section of the plan: its index among the default sections, the
/// practice and the recommendations.
struct SectionSpec {
    index: usize,
    practice: &'static str,
    recommendations: &'static [RecommendationSpec],
}

use NeedArea::{Behaviour, Learning, Relationships, Safety};
use StepStatus::{Done, InProgress, Planned};

const fn step(
    text: &'static str,
    actors: &'static [&'static str],
    platforms: &'static [&'static str],
    deadline: &'static str,
    status: StepStatus,
    areas: &'static [NeedArea],
) -> StepSpec {
    StepSpec { text, actors, platforms, deadline, status, areas }
}

const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        index: 1,
        practice: "V ORP Tachov je případová práce ukotvena především v činnosti OSPOD a návazných služeb pro rodiny. \
                   Pokud je dítě vyhodnoceno jako ohrožené, OSPOD přebírá roli koordinátora, vede individuální plán a \
                   v náročnějších situacích svolává případové konference. Do budoucna je potřeba posílit preventivní \
                   případovou spolupráci „před OSPOD“ a lépe propojit případovou práci s interdisciplinárním týmem při \
                   okresním soudu.",
        recommendations: &[
            RecommendationSpec {
                text: "Posílit preventivní případovou spolupráci",
                steps: &[
                    step(
                        "Nastavit jednoduchý postup pro školy, NZDM a rodinné služby (KOTEC, DOMUS), kdy a jak svolat \
                         společné setkání ještě před formálním zapojením OSPOD.",
                        &["KOTEC", "DOMUS"],
                        &[],
                        "2026-06-30",
                        Done,
                        &[Relationships, Safety],
                    ),
                    step(
                        "Jasně pojmenovat, kdo může být koordinátorem preventivních případů a jak na tuto práci naváže \
                         OSPOD, pokud se situace zhorší.",
                        &["KOTEC"],
                        &[],
                        "2027-03-31",
                        InProgress,
                        &[Safety],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Provázat případovou práci s interdisciplinárním týmem a cochemskou praxí",
                steps: &[
                    step(
                        "Využít interdisciplinární tým při okresním soudu i jako platformu pro sdílení zkušeností \
                         z případové práce s rodinami v krizi.",
                        &["Okresní soud"],
                        &["Interdisciplinární tým"],
                        "2026-12-31",
                        InProgress,
                        &[Relationships],
                    ),
                    step(
                        "Zajistit, aby se závěry a zkušenosti z týmu vracely k OSPOD, školám a službám (shrnující \
                         doporučení, společné kazuistické workshopy).",
                        &[],
                        &["Interdisciplinární tým"],
                        "2027-06-30",
                        Planned,
                        &[Relationships],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Podpořit sdílení a učení napříč službami (kazuistiky, supervize)",
                steps: &[
                    step(
                        "Zorganizovat 2–3× ročně mezioborové kazuistické setkání (OSPOD, školy, SAS, NZDM, SVP).",
                        &["SVP", "NZDM"],
                        &[],
                        "2026-11-30",
                        Done,
                        &[Behaviour],
                    ),
                    step(
                        "Zvážit společnou supervizi pro pracovníky zapojené do náročné případové práce.",
                        &[],
                        &[],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
        ],
    },
    SectionSpec {
        index: 2,
        practice: "Sdílení informací a včasná identifikace ohrožení dítěte jsou založené hlavně na osobních vazbách \
                   a průběžných konzultacích mezi OSPOD, školami, sociálními službami, zdravotníky a policií. V praxi \
                   to funguje, ale je to křehké – při personálních změnách hrozí, že informace zůstanou v šuplíku. \
                   Do sdílení je třeba systematicky zapojit i prevenci kriminality a integraci cizinců.",
        recommendations: &[
            RecommendationSpec {
                text: "Zjednodušit a „zviditelnit“ základní postupy sdílení informací",
                steps: &[
                    step(
                        "Připravit krátký materiál „Jak sdílet obavy o dítě“ pro školy, služby a obce.",
                        &[],
                        &["Platforma pro bezpečnost"],
                        "2026-09-30",
                        Done,
                        &[Safety],
                    ),
                    step(
                        "Materiál projít na kulatých stolech a seminářích a dát prostor pro dotazy ke GDPR a \
                         mlčenlivosti.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-03-31",
                        InProgress,
                        &[Safety],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Provázat sdílení informací s existujícími platformami",
                steps: &[
                    step(
                        "Využívat komunitní plánování, interdisciplinární tým a Platformu pro bezpečnost k ladění \
                         komunikačních cest (kdo koho informuje, jak, v jakých situacích).",
                        &[],
                        &["Platforma pro bezpečnost", "Komunitní plánování"],
                        "2027-06-30",
                        InProgress,
                        &[Safety],
                    ),
                    step(
                        "Zvážit tematické pracovní skupiny komunitního plánování a domluvené postupy stručně \
                         zaznamenat a sdílet.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Posílit informovanost dětí a rodin o možnostech pomoci",
                steps: &[
                    step(
                        "Na web města a škol a do letáků sepsat kontakty, kam se dítě nebo rodič může obrátit.",
                        &[],
                        &["Zdravé město"],
                        "2026-10-31",
                        Done,
                        &[Safety, Relationships],
                    ),
                    step(
                        "Propojit informace s aktivitami Zdravého města, školními fóry a akcemi služeb.",
                        &[],
                        &["Zdravé město"],
                        "2027-06-30",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Pravidelně se vracet k tomu, co ve sdílení funguje a co nikoli",
                steps: &[
                    step(
                        "Jednou ročně zařadit na existující setkání bod o tom, jak funguje sdílení informací.",
                        &[],
                        &["Komunitní plánování"],
                        "2026-12-31",
                        InProgress,
                        &[],
                    ),
                    step("Z reflexí dělat krátké shrnutí a sdílet je v síti.", &[], &[], "2027-12-31", Planned, &[]),
                ],
            },
            RecommendationSpec {
                text: "Zvážit cílenou platformu pro mladé – Tým pro mládež",
                steps: &[
                    step(
                        "Posoudit podle dobré praxe Týmů pro mládež, zda by obdobný tým dával smysl v Tachově.",
                        &["NZDM"],
                        &[],
                        "2027-06-30",
                        Planned,
                        &[Behaviour],
                    ),
                    step(
                        "Pokud tým vznikne, navázat ho na komunitní plánování a interdisciplinární tým.",
                        &[],
                        &[],
                        "2028-06-30",
                        Planned,
                        &[Behaviour],
                    ),
                ],
            },
        ],
    },
    SectionSpec {
        index: 3,
        practice: "V ORP Tachov už existuje řada míst, kde jsou děti slyšet – žákovské parlamenty, školní fóra, \
                   „Kotel se starostou“ Zdravého města, NZDM i práce OSPOD a soudu. Tyto hlasy ale zatím nejsou \
                   systematicky propojené se sítí služeb a plánováním; chybí pravidelný mechanismus, jak podněty \
                   dětí přenést do komunitního plánování a praxe.",
        recommendations: &[
            RecommendationSpec {
                text: "Více propojit školní a městské participační aktivity se sítí služeb",
                steps: &[
                    step(
                        "Výstupy ze školních fór a „Kotle se starostou“ jednou ročně shrnout a předložit komunitnímu \
                         plánování a pracovní skupině MAP.",
                        &[],
                        &["Zdravé město", "MAP IV"],
                        "2026-12-31",
                        InProgress,
                        &[Learning],
                    ),
                    step(
                        "Vybrat témata, která děti opakovaně zmiňují, a přenést je do plánování služeb a projektů.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-09-30",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Vytvořit pravidelnou participační skupinu dětí pro ORP",
                steps: &[
                    step(
                        "Jednou ročně uspořádat „dětský kulatý stůl“ k péči o děti, bezpečí, škole a volnému času, \
                         i s dětmi z rodin cizinců a z lokalit ubytoven.",
                        &["NZDM", "Integrační centrum"],
                        &["Zdravé město"],
                        "2027-05-31",
                        Planned,
                        &[Relationships, Safety],
                    ),
                    step(
                        "Zajistit, aby se děti dozvěděly, co se s jejich podněty stalo.",
                        &[],
                        &["Zdravé město"],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Sdílet dobrou praxi respektujícího přístupu k dětem mezi aktéry",
                steps: &[
                    step(
                        "Krátký seminář pro školy, OSPOD a služby o tom, jak s dětmi mluvit v náročných situacích, \
                         ze zkušeností soudu a cochemské praxe.",
                        &["Okresní soud"],
                        &[],
                        "2026-11-30",
                        Done,
                        &[Relationships],
                    ),
                    step(
                        "Podporovat společné vzdělávání pracovníků v právech dítěte, komunikaci s dětmi a \
                         participaci.",
                        &[],
                        &[],
                        "2028-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
        ],
    },
];

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

/// The findings of Tachov's mapping (seed 000's themes and seed 004's),
/// each with the recommendations whose steps answer it.
const FINDINGS: &[(&str, &str, &[&str])] = &[
    (
        "Informace, kompetence a role, komunikace, včasná identifikace",
        "Aktéři se shodují, že chybí srozumitelné informace o tom, kdo za co odpovídá a kdo koho informuje;          sdílení stojí na osobních vazbách.",
        &[
            "Zjednodušit a „zviditelnit“ základní postupy sdílení informací",
            "Provázat sdílení informací s existujícími platformami",
        ],
    ),
    (
        "Preventivní případová spolupráce „před OSPOD“",
        "Chybí jasný postup, kdy a jak školy, NZDM a rodinné služby svolávají společná setkání a kdo je koordinuje.",
        &["Posílit preventivní případovou spolupráci"],
    ),
    (
        "Hlas dětí se do plánování dostává nahodile",
        "Podněty dětí ze školních fór a Zdravého města nejsou systematicky propojené se sítí služeb.",
        &["Více propojit školní a městské participační aktivity se sítí služeb"],
    ),
];

/// A procedure of the demo (see [`PROCEDURES`]).
type ProcedureSpec =
    (&'static str, &'static str, Option<&'static str>, &'static [&'static str], Option<(&'static str, &'static str)>);

/// The procedures agreed in Tachov: title, text, the owning platform (by
/// name; none: the network), the actors bound (by name), and a second
/// version's text and note, if any.
const PROCEDURES: &[ProcedureSpec] = &[
    (
        "Jak sdílet obavy o dítě",
        "Škola nebo služba, která má obavu o dítě, ji týž den konzultuje s OSPOD telefonicky; písemný podnět \
         pošle do tří pracovních dnů. OSPOD potvrdí přijetí a sdělí, kdo případ povede.",
        Some("Platforma pro bezpečnost"),
        &["KOTEC", "DOMUS", "NZDM", "Asistenti prevence"],
        Some((
            "Škola nebo služba, která má obavu o dítě, ji týž den konzultuje s OSPOD telefonicky; písemný podnět \
             pošle do tří pracovních dnů datovou schránkou. OSPOD potvrdí přijetí a sdělí, kdo případ povede. \
             O prázdninách se obracejte na pohotovost OSPOD.",
            "datová schránka a prázdninová pohotovost",
        )),
    ),
    (
        "Svolání preventivního případového setkání před OSPOD",
        "Setkání svolává služba, která rodinu zná nejlépe (zpravidla KOTEC nebo DOMUS), se souhlasem rodiny; \
         pozve školu a další zapojené. Zhorší-li se situace, koordinátor informuje OSPOD.",
        None,
        &["KOTEC", "DOMUS"],
        None,
    ),
];

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
                    Done => &[InProgress, Done],
                    InProgress => &[InProgress],
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
