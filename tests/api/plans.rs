//! The network's plan over the API: the standard's sections, practice,
//! recommendations, steps with responsible actors and platforms, and the
//! status of each step with its history.

use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_coordinator_writes_the_plan_and_moves_its_steps_on() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov", "need_areas": ["safety"]})).await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma pro bezpečnost", "platform_type": "formal"}}),
        )
        .await
        .expect(201)
        .id();
    let base = "/api/v1/networks/tachov/plans";
    let plan = app.post(base, json!({"title": "Plán rozvoje sítě Tachov", "from": 2026, "to": 2028})).await.expect(201);
    let p = format!("{base}/{}", plan.id());
    let view = app.get(&p).await.expect(200).body;
    let titles: Vec<&str> = view["sections"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        vec![
            "Síťování a koordinace",
            "Případová práce",
            "Sdílení informací a včasná identifikace",
            "Participace dětí a rodin"
        ]
    );
    let case_work = view["sections"][1]["id"].as_str().unwrap().to_owned();
    app.patch(&format!("{p}/sections/{case_work}"), json!({"practice": "OSPOD přebírá roli koordinátora."}))
        .await
        .expect(200);
    let rec = app
        .post(
            &format!("{p}/recommendations"),
            json!({"section": case_work, "text": "Posílit preventivní případovou spolupráci"}),
        )
        .await
        .expect(201)
        .id();
    let step = json!({"recommendation": rec, "text": "Sepsat postup svolávání společných setkání",
        "actors": [ospod], "platforms": [platform], "deadline": "2026-06-30T00:00:00Z", "need_areas": ["safety"]});
    let step = app.post(&format!("{p}/steps"), step).await.expect(201).id();

    // Rules: the period, the network's own actors, reasons.
    let early = json!({"recommendation": rec, "text": "x", "deadline": "2025-12-31T00:00:00Z"});
    assert_eq!(
        app.post(&format!("{p}/steps"), early).await.problem(422, "validation").failing_fields(),
        vec!["deadline"]
    );
    let stranger = uuid::Uuid::now_v7();
    let foreign = json!({"recommendation": rec, "text": "x", "actors": [stranger]});
    assert_eq!(
        app.post(&format!("{p}/steps"), foreign).await.problem(422, "validation").failing_fields(),
        vec!["actors[0]"]
    );
    let status = format!("{p}/steps/{step}/status");
    app.put(&status, json!({"status": "dropped"})).await.problem(422, "validation");
    app.put(&status, json!({"status": "in_progress"})).await.expect(200);
    app.put(&status, json!({"status": "done"})).await.expect(200);
    let reopen = app.put(&status, json!({"status": "in_progress"})).await.problem(422, "validation");
    assert!(reopen.text.contains("needs a reason"), "{}", reopen.text);
    let last = app.put(&status, json!({"status": "in_progress", "reason": "postup se neosvědčil"})).await.expect(200);

    let view = app.get(&format!("{p}?min_position={}", last.position())).await.expect(200).body;
    let section = &view["sections"][1];
    assert_eq!(section["practice"], "OSPOD přebírá roli koordinátora.");
    assert_eq!(section["recommendations"][0]["number"], 1);
    let s = &section["recommendations"][0]["steps"][0];
    assert_eq!((&s["status"], &s["actors"][0]["name"]), (&json!("in_progress"), &json!("OSPOD Tachov")));
    assert_eq!(s["platforms"][0]["name"], "Platforma pro bezpečnost");
    let history: Vec<&str> = s["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(history, vec!["planned", "in_progress", "done", "in_progress"]);
    assert_eq!(s["history"][3]["reason"], "postup se neosvědčil");
    assert_eq!(s["overdue"], true, "30 June 2026 has passed and the step is open");
    assert_eq!(view["steps"]["in_progress"], 1);
    // A platform's task serves the step.
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b90";
    let pl = format!("/api/v1/networks/tachov/platforms/{platform}");
    let held = chrono::Utc::now().to_rfc3339();
    app.put(&format!("{pl}/meetings/{meeting}/held"), json!({"date": held})).await.expect(200);
    let task = app
        .post(
            &format!("{pl}/meetings/{meeting}/outcomes"),
            json!({"kind": "task", "text": "Návrh postupu na příští setkání"}),
        )
        .await
        .expect(201)
        .id();
    let decision = app
        .post(&format!("{pl}/meetings/{meeting}/outcomes"), json!({"kind": "decision", "text": "Postup přijmout"}))
        .await
        .expect(201)
        .id();
    let tasks = format!("{p}/steps/{step}/tasks");
    let not_a_task = app.post(&tasks, json!({"platform": platform, "outcome": decision})).await;
    assert_eq!(not_a_task.problem(422, "validation").failing_fields(), vec!["outcome"]);
    let linked = app.post(&tasks, json!({"platform": platform, "outcome": task})).await.expect(201);
    let view = app.get(&format!("{p}?min_position={}", linked.position())).await.expect(200).body;
    let served = &view["sections"][1]["recommendations"][0]["steps"][0]["tasks"][0];
    assert_eq!((&served["text"], &served["status"]), (&json!("Návrh postupu na příští setkání"), &json!("open")));
    let list = app.get(base).await.expect(200).body;
    assert_eq!(list[0]["title"], "Plán rozvoje sítě Tachov");
    // The steps that concern a reader: OSPOD's account sees its step, another actor's account none.
    let grant = |actor: &str| uzel::domain::user::Grant::Actor {
        network: crate::board::tachov(),
        actor: uuid::Uuid::parse_str(actor).unwrap(),
    };
    let (ospod_token, _) = crate::board::user(&app, "ospod", vec![grant(&ospod)]).await;
    let as_ospod =
        app.send_as(crate::helpers::As::Token(&ospod_token), "GET", "/api/v1/networks/tachov/steps", None, &[]);
    let mine = as_ospod.await.expect(200).body;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["recommendation"], "Posílit preventivní případovou spolupráci");
    let school = app.actor(json!({"name": "ZŠ Zárečná"})).await;
    let (school_token, _) = crate::board::user(&app, "skola", vec![grant(&school)]).await;
    let as_school =
        app.send_as(crate::helpers::As::Token(&school_token), "GET", "/api/v1/networks/tachov/steps", None, &[]);
    assert_eq!(as_school.await.expect(200).body, json!([]));
    // Not published, the plan is the coordinators': an actor's account and a case manager are
    // refused (and pointed to their steps), the public does not find it.
    let school_as = crate::helpers::As::Token(&school_token);
    let refused = app.send_as(school_as, "GET", &p, None, &[]).await.problem(403, "forbidden");
    assert!(refused.body["detail"].as_str().unwrap().contains("/api/v1/networks/tachov/steps"), "{}", refused.body);
    app.send_as(school_as, "GET", &format!("{p}/document"), None, &[]).await.problem(403, "forbidden");
    let (manager, _) = crate::board::user(
        &app,
        "casemanager",
        vec![uzel::domain::user::Grant::CaseManager { network: crate::board::tachov() }],
    )
    .await;
    let manager_as = crate::helpers::As::Token(&manager);
    app.send_as(manager_as, "GET", &p, None, &[]).await.problem(403, "forbidden");
    assert_eq!(app.send_as(school_as, "GET", base, None, &[]).await.expect(200).body, json!([]));
    let plan_id = p.rsplit('/').next().unwrap().to_owned();
    let public = format!("/api/v1/networks/tachov/public/plans/{plan_id}");
    app.send_as(crate::helpers::As::Anonymous, "GET", &public, None, &[]).await.problem(404, "not-found");
    let public_list = "/api/v1/networks/tachov/public/plans";
    assert_eq!(
        app.send_as(crate::helpers::As::Anonymous, "GET", public_list, None, &[]).await.expect(200).body,
        json!([])
    );
    // Published, anyone reads it — the public without the reasons and the platforms' tasks.
    let publication = format!("{p}/publication");
    app.send_as(school_as, "PUT", &publication, Some(json!({"published": true})), &[]).await.problem(403, "forbidden");
    let published = app.put(&publication, json!({"published": true})).await.expect(200);
    let at = format!("?min_position={}", published.position());
    let read = app.send_as(school_as, "GET", &format!("{p}{at}"), None, &[]).await.expect(200).body;
    assert!(read["published"].is_string());
    app.send_as(manager_as, "GET", &format!("{p}/document{at}"), None, &[]).await.expect(200);
    let seen = app.send_as(crate::helpers::As::Anonymous, "GET", &public, None, &[]).await.expect(200).body;
    let step_seen = &seen["sections"][1]["recommendations"][0]["steps"][0];
    assert_eq!(step_seen["text"], view["sections"][1]["recommendations"][0]["steps"][0]["text"]);
    assert_eq!(step_seen["tasks"], json!([]), "internal tasks stay inside the network");
    assert!(step_seen["history"].as_array().unwrap().iter().all(|h| h["reason"] == ""), "{step_seen}");
    let listed = app.send_as(crate::helpers::As::Anonymous, "GET", public_list, None, &[]).await.expect(200).body;
    assert_eq!(listed[0]["id"], json!(plan_id));
    let page = app.send_as(crate::helpers::As::Anonymous, "GET", &format!("{public}/document"), None, &[]).await;
    assert!(page.expect(200).text.contains("Posílit preventivní případovou spolupráci"));
    // Taken back, with a reason: the public no longer finds it, the actor is refused again.
    app.put(&publication, json!({"published": false})).await.problem(422, "validation");
    let back = app.put(&publication, json!({"published": false, "reason": "přepracujeme"})).await.expect(200);
    let public_at = format!("{public}?min_position={}", back.position());
    app.send_as(crate::helpers::As::Anonymous, "GET", &public_at, None, &[]).await.problem(404, "not-found");
    app.send_as(school_as, "GET", &p, None, &[]).await.problem(403, "forbidden");
    app.post(base, json!({"title": "Plán", "from": 2026, "to": 2050})).await.problem(422, "validation");
    app.get(&format!("{base}/{}", uuid::Uuid::now_v7())).await.problem(404, "not-found");
}

#[actix_web::test]
async fn findings_rest_on_the_networks_records_and_steps_answer_them() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    let school = app.actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"]})).await;
    let note = app
        .post(&format!("/api/v1/networks/tachov/actors/{school}/notes"), json!({"text": "Neví, komu volat."}))
        .await
        .expect(201)
        .id();
    let f = "/api/v1/networks/tachov/findings";
    let body = json!({"title": "Informace, kompetence a role", "text": "Kdo koho informuje?",
        "sources": [{"kind": "actor_note", "actor": school, "note": note},
                    {"kind": "gap", "area": "safety", "target_group": group}],
        "need_areas": ["safety"], "target_groups": [group]});
    let finding = app.post(f, body).await.expect(201).id();
    let stranger = uuid::Uuid::now_v7();
    let wrong = json!({"title": "x", "sources": [{"kind": "actor_note", "actor": school, "note": stranger}],
        "target_groups": [stranger]});
    let refused = app.post(f, wrong).await.problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["sources[0]", "target_groups[0]"]);
    app.put(&format!("{f}/{finding}/status"), json!({"status": "set_aside"})).await.problem(422, "validation");

    // A finding of another network cannot be answered by this network's plan.
    app.put("/api/v1/networks/jinde", json!({"name": "ORP Jinde", "region": "plzensky"})).await.expect(201);
    let elsewhere =
        app.post("/api/v1/networks/jinde/findings", json!({"title": "Cizí zjištění"})).await.expect(201).id();
    let plan = app.post("/api/v1/networks/tachov/plans", json!({"title": "Plán", "from": 2026, "to": 2028})).await;
    let p = format!("/api/v1/networks/tachov/plans/{}", plan.expect(201).id());
    let sections = app.get(&p).await.expect(200).body;
    let section = sections["sections"][2]["id"].as_str().unwrap().to_owned();
    let recs = format!("{p}/recommendations");
    let rec = app.post(&recs, json!({"section": section, "text": "Zviditelnit postupy"})).await.expect(201).id();
    let foreign = json!({"recommendation": rec, "text": "Leták", "findings": [elsewhere]});
    let refused = app.post(&format!("{p}/steps"), foreign).await.problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["findings[0]"]);
    let step = json!({"recommendation": rec, "text": "Leták „Jak sdílet obavy o dítě“", "findings": [finding]});
    let step = app.post(&format!("{p}/steps"), step).await.expect(201);
    let list = app.get(&format!("{f}?min_position={}", step.position())).await.expect(200).body;
    assert_eq!(list[0]["title"], "Informace, kompetence a role");
    assert_eq!(list[0]["steps"][0]["text"], "Leták „Jak sdílet obavy o dítě“");
    assert_eq!(list[0]["sources"].as_array().unwrap().len(), 2);
    let view = app.get(&p).await.expect(200).body;
    assert_eq!(
        view["sections"][2]["recommendations"][0]["steps"][0]["findings"][0]["name"],
        "Informace, kompetence a role"
    );
    let moved = app.put(&format!("{f}/{finding}/status"), json!({"status": "addressed"})).await.expect(200);
    let list = app.get(&format!("{f}?min_position={}", moved.position())).await.expect(200).body;
    assert_eq!(list[0]["status"], "addressed");
}

#[actix_web::test]
async fn procedures_keep_every_version_and_an_actor_sees_the_one_in_force_that_binds_it() {
    let app = spawn_app().await;
    app.tachov().await;
    let school = app.actor(json!({"name": "ZŠ Zárečná"})).await;
    let other = app.actor(json!({"name": "DDM Tachov"})).await;
    let base = "/api/v1/networks/tachov/procedures";
    let body = json!({"title": "Jak sdílet obavy o dítě", "text": "Škola volá OSPOD týž den.", "actors": [school],
        "effective_at": (chrono::Utc::now() - chrono::Duration::days(30)).to_rfc3339()});
    let id = app.post(base, body).await.expect(201).id();
    app.post(base, json!({"title": "Jiný postup", "text": "DDM informuje NZDM.", "actors": [other]})).await.expect(201);
    let p = format!("{base}/{id}");
    let unnoted =
        json!({"title": "Jak sdílet obavy o dítě", "text": "Škola volá OSPOD a píše e-mail.", "actors": [school]});
    app.put(&p, unnoted).await.problem(422, "validation");
    let v2 = json!({"title": "Jak sdílet obavy o dítě", "text": "Škola volá OSPOD a píše e-mail.", "actors": [school],
        "note": "přibyl e-mail"});
    app.put(&p, v2).await.expect(200);
    // A third version agreed now, in force only from next week.
    let v3 = json!({"title": "Jak sdílet obavy o dítě", "text": "Škola píše přes datovou schránku.", "actors": [school],
        "note": "datová schránka", "effective_at": (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339()});
    let last = app.put(&p, v3).await.expect(200);
    let stranger = uuid::Uuid::now_v7();
    let foreign = json!({"title": "x", "text": "y", "actors": [stranger], "platform": stranger});
    let refused = app.post(base, foreign).await.problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["platform", "actors[0]"]);

    let all = app.get(&format!("{base}?min_position={}", last.position())).await.expect(200).body;
    let mine = all.as_array().unwrap().iter().find(|p| p["id"] == id.as_str()).unwrap();
    assert_eq!(mine["versions"].as_array().unwrap().len(), 3, "the coordinator sees every version");
    assert_eq!(mine["in_force"]["number"], 2, "the third is not in force yet");
    assert_eq!(mine["in_force"]["text"], "Škola volá OSPOD a píše e-mail.");
    // The school's account: the version in force of what binds the school, nothing else.
    let (token, _) = crate::board::user(
        &app,
        "skola",
        vec![uzel::domain::user::Grant::Actor {
            network: crate::board::tachov(),
            actor: uuid::Uuid::parse_str(&school).unwrap(),
        }],
    )
    .await;
    let seen = app.send_as(crate::helpers::As::Token(&token), "GET", base, None, &[]).await.expect(200).body;
    let seen = seen.as_array().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["versions"].as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["in_force"]["number"], 2);
    app.post(&format!("{p}/withdrawal"), json!({"reason": "nahrazen krajským postupem"})).await.expect(200);
    let after = app.send_as(crate::helpers::As::Token(&token), "GET", base, None, &[]).await.expect(200).body;
    assert!(after.as_array().unwrap().is_empty(), "a withdrawn procedure is in force for nobody");
}

#[actix_web::test]
async fn a_yearly_evaluation_counts_each_years_steps_and_keeps_every_version() {
    let app = spawn_app().await;
    app.tachov().await;
    let adopted = json!({"title": "Plán", "from": 2025, "to": 2027, "effective_at": "2025-01-01T00:00:00Z"});
    let plan = app.post("/api/v1/networks/tachov/plans", adopted).await;
    let p = format!("/api/v1/networks/tachov/plans/{}", plan.expect(201).id());
    let section = app.get(&p).await.expect(200).body["sections"][0]["id"].as_str().unwrap().to_owned();
    let recs = format!("{p}/recommendations");
    let adopted = json!({"section": section, "text": "Doporučení", "effective_at": "2025-01-10T00:00:00Z"});
    let rec = app.post(&recs, adopted).await.expect(201).id();
    let added = "2025-01-15T00:00:00Z";
    let step = |text: &'static str, deadline: Option<&'static str>| {
        let app = &app;
        let p = p.clone();
        let rec = rec.clone();
        async move {
            let body = json!({"recommendation": rec, "text": text, "deadline": deadline, "effective_at": added});
            app.post(&format!("{p}/steps"), body).await.expect(201).id()
        }
    };
    let a = step("A: leták", Some("2025-06-30T00:00:00Z")).await;
    let b = step("B: seminář", Some("2025-09-30T00:00:00Z")).await;
    let c = step("C: tým pro mládež", Some("2026-03-31T00:00:00Z")).await;
    step("D: supervize", None).await;
    let set = |id: String, status: &'static str, at: &'static str, reason: &'static str| {
        let app = &app;
        let path = format!("{p}/steps/{id}/status");
        async move {
            let body = json!({"status": status, "effective_at": at, "reason": reason});
            app.put(&path, body).await.expect(200);
        }
    };
    set(a.clone(), "done", "2025-05-01T00:00:00Z", "").await;
    set(b.clone(), "in_progress", "2025-08-01T00:00:00Z", "").await;
    set(b.clone(), "done", "2026-02-01T00:00:00Z", "").await;
    set(c.clone(), "dropped", "2025-11-01T00:00:00Z", "tým vznikne v kraji").await;
    let years = app.get(&format!("{p}/evaluations")).await.expect(200).body;
    assert_eq!(
        years,
        json!([
            {"year": 2025, "due": 2, "done": 1, "done_on_time": 1, "dropped": 1, "overdue_at_end": 1, "evaluated": false},
            {"year": 2026, "due": 1, "done": 1, "done_on_time": 0, "dropped": 0, "overdue_at_end": 0, "evaluated": false}
        ])
    );
    let body = json!({"year": 2025, "summary": "Leták vyšel, seminář se zpozdil.",
        "outcomes": [{"step": a, "text": "Leták rozdán školám."}, {"step": b, "text": "Posunut na únor."}]});
    app.post(&format!("{p}/evaluations"), body).await.expect(201);
    let again = json!({"year": 2025, "summary": "Leták vyšel; seminář proběhl v únoru 2026.",
        "outcomes": [{"step": a, "text": "Leták rozdán školám."}]});
    let last = app.post(&format!("{p}/evaluations"), again).await.expect(201);
    let unknown = json!({"year": 2025, "summary": "x", "outcomes": [{"step": uuid::Uuid::now_v7(), "text": "y"}]});
    let refused = app.post(&format!("{p}/evaluations"), unknown).await.problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["outcomes[0].step"]);
    app.post(&format!("{p}/evaluations"), json!({"year": 2027, "summary": "x"})).await.problem(422, "validation");
    app.post(&format!("{p}/evaluations"), json!({"year": 2024, "summary": "x"})).await.problem(422, "validation");

    let year = app.get(&format!("{p}/evaluations/2025?min_position={}", last.position())).await.expect(200).body;
    assert_eq!(year["counts"]["evaluated"], true);
    assert_eq!(year["versions"].as_array().unwrap().len(), 2, "every version kept");
    assert_eq!(year["evaluation"]["summary"], "Leták vyšel; seminář proběhl v únoru 2026.");
    assert!(year["evaluation"]["author"].as_str().unwrap().starts_with("user:"));
    let steps = year["steps"].as_array().unwrap();
    let of = |id: &str| steps.iter().find(|s| s["id"] == id).unwrap().clone();
    assert_eq!((of(&a)["status"].clone(), of(&a)["outcome"].clone()), (json!("done"), json!("Leták rozdán školám.")));
    assert_eq!((of(&b)["status"].clone(), of(&b)["outcome"].clone()), (json!("in_progress"), json!(null)));
    assert_eq!(of(&c)["status"], "dropped");
    assert!(year["network"]["actors_after"].is_number(), "the network's year alongside");
    app.get(&format!("{p}/evaluations/2030")).await.problem(404, "not-found");
    // The plan as of a date: A done, B under way, C not yet dropped.
    let then = app.get(&format!("{p}?as_of=2025-08-31")).await.expect(200).body;
    let statuses: Vec<&str> = then["sections"][0]["recommendations"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["done", "in_progress", "planned", "planned"]);
    // The change set of 2025 counts the planning cycle's moves.
    let changes = app.get("/api/v1/networks/tachov/changes?from=2025-01-01&to=2025-12-31").await.expect(200).body;
    assert_eq!(
        changes["planning"],
        json!({"findings_recorded": 0, "findings_moved": 0, "steps_added": 4, "steps_done": 1, "steps_dropped": 1,
            "steps_reopened": 0, "evaluations": 0, "procedures_agreed": 0, "procedures_revised": 0,
            "procedures_withdrawn": 0})
    );
}

#[actix_web::test]
async fn a_step_answers_coverage_gaps_and_shows_when_one_closes() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    let base = "/api/v1/networks/tachov/plans";
    let p = format!("{base}/{}", app.post(base, json!({"title": "Plán", "from": 2026, "to": 2028})).await.id());
    let view = app.get(&p).await.expect(200).body;
    let section = view["sections"][0]["id"].as_str().unwrap().to_owned();
    let recs = format!("{p}/recommendations");
    let rec = app.post(&recs, json!({"section": section, "text": "Pokrýt bezpečí malých dětí"})).await.expect(201).id();
    // A gap must be a cell of the network's own target groups.
    let wrong = json!({"recommendation": rec, "text": "x", "gaps": [
        {"area": "safety", "target_group": group}, {"area": "safety", "target_group": uuid::Uuid::now_v7()}]});
    let refused = app.post(&format!("{p}/steps"), wrong).await.problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["gaps[1].target_group"]);
    let step = json!({"recommendation": rec, "text": "Najít službu pro bezpečí dětí 6–10 let",
        "gaps": [{"area": "safety", "target_group": group}]});
    let added = app.post(&format!("{p}/steps"), step).await.expect(201);
    let view = app.get(&format!("{p}?min_position={}", added.position())).await.expect(200).body;
    let gap = &view["sections"][0]["recommendations"][0]["steps"][0]["gaps"][0];
    assert_eq!(gap, &json!({"area": "safety", "target_group": {"id": group, "name": "6–10 let"}, "covered": false}));
    // An actor now covers the cell: the step shows the gap closed, the document says so.
    let fields = json!({"name": "SAS Tachov", "need_areas": ["safety"], "target_groups": [group]});
    let actor = app.post("/api/v1/networks/tachov/actors", json!({"fields": fields})).await.expect(201);
    let view = app.get(&format!("{p}?min_position={}", actor.position())).await.expect(200).body;
    assert_eq!(view["sections"][0]["recommendations"][0]["steps"][0]["gaps"][0]["covered"], true);
    let page = app.get(&format!("{p}/document")).await.expect(200);
    assert!(page.text.contains("BEZPEČÍ × 6–10 let (dnes pokryto)"), "{}", page.text);
}
