//! The demo networks build through the API's own commands, deterministically,
//! and `uzel check` passes on the result.

use std::process::Command;

use crate::helpers::{As, spawn_app};

#[actix_web::test]
async fn the_demos_history_is_recorded_across_its_months() {
    // As `uzel demo` does: the demo first, in a fresh directory.
    let dir = tempfile::tempdir().unwrap();
    let built = uzel::server::open_app(dir.path()).await.expect("a fresh directory opens");
    uzel::demo::build(&built).await.expect("the demo builds");
    let first = built
        .log
        .read_all(uzel::log::ReadFrom::At(1), uzel::log::Direction::Forward, 1, &uzel::log::EventFilter::all())
        .await
        .unwrap();
    built.shut_down().await.unwrap();
    drop(built);
    assert!(uzel::log::sled_released(dir.path(), std::time::Duration::from_secs(10)).await, "the directory is free");
    let recorded = first.events[0].recorded_at;
    assert!(recorded < chrono::Utc::now() - chrono::Duration::days(360), "first recorded {recorded}");
    let app = crate::helpers::spawn_in(dir).await;
    // Half a year ago the database already knew the network and its actors.
    let half_year = (chrono::Utc::now() - chrono::Duration::days(182)).format("%Y-%m-%d");
    let then = app.get(&format!("/api/v1/networks/tachov/actors?clock=recorded&as_of={half_year}")).await.expect(200);
    assert!(then.body["total"].as_u64().unwrap() > 5, "{}", then.text);
    let now = app.get("/api/v1/networks/tachov/actors").await.expect(200);
    assert_eq!(then.body["total"], now.body["total"], "the actors were entered at the start");
    // A year ago, on the recorded clock, nothing was known yet.
    let before = (chrono::Utc::now() - chrono::Duration::days(500)).format("%Y-%m-%d");
    app.get(&format!("/api/v1/networks/tachov/actors?clock=recorded&as_of={before}")).await.expect(404);
}

#[actix_web::test]
async fn the_demo_builds_once_serves_the_seeds_networks_and_passes_check() {
    let app = spawn_app().await;
    let summary = uzel::demo::build(&app.app).await.expect("the demo builds");
    assert_eq!(summary.networks, 17);
    assert!(summary.actors > 150, "{summary:?}");
    let again = uzel::demo::build(&app.app).await.expect("building again succeeds");
    assert_eq!(again.position, summary.position, "a second build writes nothing");
    let min = format!("?min_position={}", summary.position);
    let region = app.get(&format!("/api/v1/regions/ustecky{min}")).await.expect(200);
    assert_eq!(region.body["networks"].as_array().unwrap().len(), 16, "the Ústí region's 16 ORPs");
    let tachov = app.get("/api/v1/networks/tachov/platforms").await.expect(200);
    let names: Vec<_> =
        tachov.body.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    assert!(names.contains(&"Platforma pro bezpečnost".to_owned()), "{names:?}");
    assert!(names.contains(&"Interdisciplinární tým při okresním soudu".to_owned()));
    let needs = app.get("/api/v1/networks/tachov/needs").await.expect(200);
    assert!(
        needs.body["areas"].as_array().unwrap().iter().all(|a| !a["activities"].as_array().unwrap().is_empty()),
        "a filled needs map"
    );
    let decin = app.get("/api/v1/networks/decin/actors?q=prosapia").await.expect(200);
    assert_eq!(decin.body["total"], 1);
    let ended = app.get("/api/v1/networks/decin/actors?status=ended").await.expect(200);
    assert_eq!(ended.body["items"][0]["name"], "MC Rákosníček");
    let capacities = app.get("/api/v1/networks/tachov/capacities").await.expect(200);
    let rows = capacities.body.as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["capacity"]["stale"] == true) && rows.iter().any(|r| r["capacity"]["stale"] == false),
        "fresh and stale capacity"
    );
    // One demo user per role in each network, with the password `demo`; made once.
    let users = uzel::demo::users::create(&app.app).await.expect("demo users");
    let names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
    for spec in uzel::demo::data::networks() {
        for role in ["koordinator", "casemanager"] {
            assert!(names.contains(&format!("{}.{role}", spec.slug).as_str()), "{role} of {}", spec.slug);
        }
    }
    assert!(names.contains(&"admin") && names.contains(&"tachov.akter") && names.contains(&"tachov.clen"));
    assert_eq!(uzel::demo::board::posts(&app.app).await.expect("demo posts"), 5);
    let position = app.app.log.last_position();
    uzel::demo::users::create(&app.app).await.expect("again");
    uzel::demo::board::posts(&app.app).await.expect("posts again");
    assert_eq!(app.app.log.last_position(), position, "a second run writes nothing");
    let token = |username: &str| {
        let body = serde_json::json!({"username": username, "password": "demo", "name": "demo"});
        app.send_as(crate::helpers::As::Anonymous, "POST", "/api/v1/auth/token", Some(body), &[])
    };
    let case_manager = token("tachov.casemanager").await.expect(201).id_of("token");
    // Tachov's board: the demo's posts, the offer seen by the asker, and
    // capacity and meeting outcomes from the history.
    let board = app
        .send_as(
            crate::helpers::As::Token(&case_manager),
            "GET",
            "/api/v1/board/posts?from=0&limit=1000&networks=tachov",
            None,
            &[],
        )
        .await
        .expect(200)
        .body;
    let frames = board["frames"].as_array().unwrap();
    for kind in ["capacity", "news", "event", "project", "place_wanted"] {
        assert!(frames.iter().any(|f| f["kind"] == kind), "no {kind} on the demo board");
    }
    assert!(frames.iter().any(|f| f["op"] == "offer"), "the asker sees the offer");
    assert!(!frames.iter().any(|f| f["kind"] == "meeting_outcome"), "platform outcomes are for platforms' people");
    // The directory, cut to what was designated for case managers.
    let directory =
        app.send_as(crate::helpers::As::Token(&case_manager), "GET", "/api/v1/networks/tachov/actors", None, &[]);
    let directory = directory.await.expect(200).body;
    assert!(directory["items"].as_array().unwrap().iter().all(|i| i["platforms"] == 0), "{directory}");
    assert!(directory["facets"].get("focus").is_none(), "focus is not designated in the demo");
    // Every journey has its user: a shelter's account in Most, a member of Litvínov's youth team, case
    // managers with a filter shared with them, and no account bound to an ended actor.
    let role = |name: &str| users.iter().find(|u| u.username == name).map(|u| u.role.clone()).unwrap_or_default();
    assert!(role("most.akter").contains("Azylový dům"), "{}", role("most.akter"));
    assert!(role("litvinov.clen").contains("Multioborový tým pro mládež Litvínov"), "{}", role("litvinov.clen"));
    {
        let model = app.app.models.read();
        for user in users.iter().filter(|u| u.username.ends_with(".akter")) {
            let id = app.app.user_named(&user.username).unwrap();
            for grant in &model.users[&id].state.grants {
                if let uzel::domain::user::Grant::Actor { actor, .. } = grant {
                    let state = &model.actors[actor].entry.state;
                    assert_eq!(
                        state.status,
                        uzel::domain::actor::Status::Active,
                        "{} is bound to {}",
                        user.username,
                        state.name()
                    );
                }
            }
        }
    }
    let network = app.send_as(crate::helpers::As::Token(&case_manager), "GET", "/api/v1/networks/tachov", None, &[]);
    let filters = network.await.expect(200).body["filters"].clone();
    let shared = filters[0]["id"].as_str().unwrap_or_else(|| panic!("a filter shared with case managers: {filters}"));
    let path = format!("/api/v1/networks/tachov/filters/{shared}/actors");
    let run = app.send_as(crate::helpers::As::Token(&case_manager), "GET", &path, None, &[]);
    assert!(run.await.expect(200).body["total"].as_u64().unwrap() > 0, "the shared filter finds free places");
    let coordinator = token("tachov.koordinator").await.expect(201).id_of("token");
    let board = app
        .send_as(
            crate::helpers::As::Token(&coordinator),
            "GET",
            "/api/v1/board/posts?from=0&limit=1000&kinds=meeting_outcome",
            None,
            &[],
        )
        .await
        .expect(200)
        .body;
    assert!(!board["frames"].as_array().unwrap().is_empty(), "the coordinator follows the platforms' outcomes");
    let actors =
        app.send_as(crate::helpers::As::Token(&coordinator), "GET", "/api/v1/networks/tachov/actors", None, &[]);
    actors.await.expect(200);
    let elsewhere =
        app.send_as(crate::helpers::As::Token(&coordinator), "GET", "/api/v1/networks/decin/actors", None, &[]);
    elsewhere.await.problem(404, "not-found");
    let last = app.app.log.last_position();
    let dir = app.stop().await;
    let check = Command::new(env!("CARGO_BIN_EXE_uzel")).args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains(&format!("events: {last}")));
}

/// The recommendations of the three method sections of seed 004 (case
/// work; information sharing and early identification; participation).
const SEED_RECOMMENDATIONS: [&str; 11] = [
    "Posílit preventivní případovou spolupráci",
    "Provázat případovou práci s interdisciplinárním týmem a cochemskou praxí",
    "Podpořit sdílení a učení napříč službami (kazuistiky, supervize)",
    "Zjednodušit a „zviditelnit“ základní postupy sdílení informací",
    "Provázat sdílení informací s existujícími platformami",
    "Posílit informovanost dětí a rodin o možnostech pomoci",
    "Pravidelně se vracet k tomu, co ve sdílení funguje a co nikoli",
    "Zvážit cílenou platformu pro mladé – Tým pro mládež",
    "Více propojit školní a městské participační aktivity se sítí služeb",
    "Vytvořit pravidelnou participační skupinu dětí pro ORP",
    "Sdílet dobrou praxi respektujícího přístupu k dětem mezi aktéry",
];

#[actix_web::test]
async fn the_demos_tachov_plan_carries_every_recommendation_of_the_seed_with_steps() {
    let app = spawn_app().await;
    let summary = uzel::demo::build(&app.app).await.expect("the demo builds");
    let plans = app.get(&format!("/api/v1/networks/tachov/plans?min_position={}", summary.position)).await;
    let id = plans.expect(200).body[0]["id"].as_str().unwrap().to_owned();
    let plan = app.get(&format!("/api/v1/networks/tachov/plans/{id}")).await.expect(200).body;
    let sections = plan["sections"].as_array().unwrap();
    let recommendations: Vec<&str> = sections
        .iter()
        .flat_map(|s| s["recommendations"].as_array().unwrap())
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(recommendations, SEED_RECOMMENDATIONS.to_vec());
    for section in &sections[1..] {
        assert!(!section["practice"].as_str().unwrap().is_empty(), "{}", section["title"]);
        for rec in section["recommendations"].as_array().unwrap() {
            assert!(!rec["steps"].as_array().unwrap().is_empty(), "{}", rec["text"]);
        }
    }
    let counts = &plan["steps"];
    assert!(counts["done"].as_u64().unwrap() > 0 && counts["planned"].as_u64().unwrap() > 0, "{counts}");
    let named = sections
        .iter()
        .flat_map(|s| s["recommendations"].as_array().unwrap())
        .flat_map(|r| r["steps"].as_array().unwrap())
        .flat_map(|s| s["platforms"].as_array().unwrap())
        .any(|p| p["name"] == "Platforma pro bezpečnost");
    assert!(named, "steps name the network's platforms");

    // Its findings, answered by the plan's steps, and its agreed procedures.
    let findings = app.get("/api/v1/networks/tachov/findings").await.expect(200).body;
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 3);
    assert!(findings.iter().all(|f| !f["steps"].as_array().unwrap().is_empty()), "each finding is answered");
    let procedures = app.get("/api/v1/networks/tachov/procedures").await.expect(200).body;
    let versions: Vec<usize> =
        procedures.as_array().unwrap().iter().map(|p| p["versions"].as_array().unwrap().len()).collect();
    assert_eq!(versions.iter().sum::<usize>(), 3, "{procedures}");
    assert!(procedures.as_array().unwrap().iter().all(|p| p["in_force"].is_object()));
    // The plan document: every recommendation, the practice, the templates in figures.
    let page = app.get(&format!("/api/v1/networks/tachov/plans/{id}/document")).await.expect(200);
    assert!(page.content_type.starts_with("text/html"));
    for expected in
        SEED_RECOMMENDATIONS.iter().chain(&["Úvod", "Síť v šablonách", "Praxe v ORP", "Mezioborové platformy"])
    {
        assert!(page.text.contains(expected), "{expected} missing from the document");
    }
    assert!(!page.text.contains("<script") && !page.text.contains("<style") && !page.text.contains(" style="));
    assert_eq!(page.text.matches("<link").count(), 1, "one stylesheet");
    assert!(page.text.contains("<link rel=\"stylesheet\" href=\"/assets/uzel.css\">"));
    assert!(page.text.contains("ORP Tachov, období 2026–2028") && !page.text.contains("ORP ORP"), "named once");
    let rtf = app.get(&format!("/api/v1/networks/tachov/plans/{id}/document.rtf")).await.expect(200);
    assert!(rtf.content_type.starts_with("application/rtf"), "{}", rtf.content_type);
    assert!(rtf.text.starts_with("{\\rtf1") && rtf.text.trim_end().ends_with('}'));
    let depth = rtf.text.chars().try_fold(0i64, |depth, c| {
        let depth = depth + i64::from(c == '{') - i64::from(c == '}');
        (depth >= 0).then_some(depth)
    });
    assert!(depth.is_some(), "braces never close more than they open");
    for expected in SEED_RECOMMENDATIONS {
        let escaped = uzel::http::plan_document::rtf_text(expected);
        assert!(rtf.text.contains(&escaped), "{expected} missing from the RTF");
    }
    // Tachov's plan is published: anyone reads its document. The Ústecký kraj's plan is kept for
    // its coordinators: the public does not find it.
    let public_document = format!("/api/v1/networks/tachov/public/plans/{id}/document");
    let public = app.send_as(As::Anonymous, "GET", &public_document, None, &[]).await.expect(200);
    assert!(SEED_RECOMMENDATIONS.iter().all(|r| public.text.contains(r)));
    let region = app.get("/api/v1/regions/ustecky/plans").await.expect(200).body;
    assert_eq!(region.as_array().unwrap().len(), 1, "{region}");
    assert!(region[0]["published"].is_null());
    let hidden = app.send_as(As::Anonymous, "GET", "/api/v1/regions/ustecky/public/plans", None, &[]).await;
    assert_eq!(hidden.expect(200).body, serde_json::json!([]));
    // The public page of published plans links Tachov's document, and nothing of the region's plan.
    let listing = app.send_as(As::Anonymous, "GET", "/plany", None, &[]).await.expect(200);
    assert!(listing.text.contains(&format!("/api/v1/networks/tachov/public/plans/{id}/document")), "{}", listing.text);
    assert!(listing.text.contains("ORP Tachov") && !listing.text.contains("Krajský plán"), "{}", listing.text);
}
