//! A region's plan: written by the region's coordinators, its steps naming
//! actors and platforms of the region's networks only; the actors it names
//! find those steps among their network's steps; its document and yearly
//! evaluation cover the region's networks together.

use serde_json::json;
use uzel::domain::ids::Slug;
use uzel::domain::user::Grant;

use crate::board::user;
use crate::helpers::{As, spawn_app};

#[actix_web::test]
async fn a_regions_plan_names_the_regions_actors_and_they_see_its_steps() {
    let app = spawn_app().await;
    app.tachov().await;
    app.put("/api/v1/networks/stribro", json!({"name": "ORP Stříbro", "region": "plzensky"})).await.expect(201);
    app.put("/api/v1/regions/ustecky", json!({"name": "Ústecký kraj"})).await.expect(201);
    app.put("/api/v1/networks/decin", json!({"name": "ORP Děčín", "region": "ustecky"})).await.expect(201);
    let ospod = app.actor(json!({"name": "OSPOD Tachov", "need_areas": ["safety"]})).await;
    let stribro =
        app.post("/api/v1/networks/stribro/actors", json!({"fields": {"name": "SAS Stříbro"}})).await.expect(201).id();
    let decin =
        app.post("/api/v1/networks/decin/actors", json!({"fields": {"name": "OSPOD Děčín"}})).await.expect(201).id();

    // The region's coordinator writes the plan; a network's coordinator may not.
    let (regional, _) = user(&app, "krajska", vec![Grant::RegionalCoordinator { region: slug("plzensky") }]).await;
    let (coordinator, _) = user(&app, "koordinator", vec![Grant::Coordinator { network: slug("tachov") }]).await;
    let base = "/api/v1/regions/plzensky/plans";
    let body = json!({"title": "Krajský plán", "from": 2026, "to": 2028});
    app.send_as(As::Token(&coordinator), "POST", base, Some(body.clone()), &[]).await.problem(404, "not-found");
    let plan = app.send_as(As::Token(&regional), "POST", base, Some(body), &[]).await.expect(201).id();
    let p = format!("{base}/{plan}");
    // A network's path does not reach the region's plan.
    app.get(&format!("/api/v1/networks/tachov/plans/{plan}")).await.problem(404, "not-found");
    let view = app.send_as(As::Token(&regional), "GET", &p, None, &[]).await.expect(200).body;
    assert_eq!(view["owner"], json!({"kind": "region", "slug": "plzensky"}));
    assert_eq!(view["sections"].as_array().unwrap().len(), 4);
    let section = view["sections"][0]["id"].as_str().unwrap().to_owned();
    let rec = app
        .send_as(
            As::Token(&regional),
            "POST",
            &format!("{p}/recommendations"),
            Some(json!({"section": section, "text": "Propojit sítě kraje"})),
            &[],
        )
        .await
        .expect(201)
        .id();
    // Actors of the region's networks may be named, one of another region not.
    let steps = format!("{p}/steps");
    let foreign = json!({"recommendation": rec, "text": "Společné setkání", "actors": [ospod, decin]});
    let refused = app.send_as(As::Token(&regional), "POST", &steps, Some(foreign), &[]).await;
    assert_eq!(refused.problem(422, "validation").failing_fields(), vec!["actors[1]"]);
    let step = json!({"recommendation": rec, "text": "Společné setkání", "actors": [ospod, stribro],
        "deadline": "2027-06-30T00:00:00Z", "need_areas": ["safety"]});
    let added = app.send_as(As::Token(&regional), "POST", &steps, Some(step), &[]).await.expect(201);

    // OSPOD Tachov's account finds the step among Tachov's steps, marked as the region's.
    let (ospod_token, _) =
        user(&app, "ospod", vec![Grant::Actor { network: slug("tachov"), actor: uuid(&ospod) }]).await;
    let mine = format!("/api/v1/networks/tachov/steps?min_position={}", added.position());
    let seen = app.send_as(As::Token(&ospod_token), "GET", &mine, None, &[]).await.expect(200).body;
    assert_eq!(seen.as_array().unwrap().len(), 1, "{seen}");
    assert_eq!(seen[0]["owner"], json!({"kind": "region", "slug": "plzensky"}));
    assert_eq!(seen[0]["text"], "Společné setkání");
    // The plan itself stays with the region's coordinators.
    app.send_as(As::Token(&ospod_token), "GET", &p, None, &[]).await.problem(404, "not-found");

    // The document counts the region's networks together: the two actors of Plzeňský kraj
    // (OSPOD Tachov, SAS Stříbro); Děčín's is in another region.
    let page = app.send_as(As::Token(&regional), "GET", &format!("{p}/document"), None, &[]).await.expect(200);
    assert!(page.text.contains("Plzeňský kraj"), "the region is named");
    assert!(page.text.contains("(2 aktivních aktérů)"), "{}", page.text);
    assert!(page.text.contains("Propojit sítě kraje"));

    // The yearly evaluation puts the region's networks' year beside it.
    let year = app.send_as(As::Token(&regional), "GET", &format!("{p}/evaluations/2026"), None, &[]).await;
    let year = year.expect(200).body;
    assert_eq!((&year["network"]["added"], &year["network"]["actors_after"]), (&json!(2), &json!(2)), "{year}");

    // The region's change set counts its own plan's steps.
    let changes = app.send_as(As::Token(&regional), "GET", "/api/v1/regions/plzensky/changes", None, &[]).await;
    let changes = changes.expect(200).body;
    assert_eq!(changes["planning"]["steps_added"], 1, "{}", changes["planning"]);
    assert_eq!(changes["networks"].as_array().unwrap().len(), 2);

    // Published, the public reads it at the region's public address.
    let publication = json!({"published": true});
    let published =
        app.send_as(As::Token(&regional), "PUT", &format!("{p}/publication"), Some(publication), &[]).await.expect(200);
    let public = format!("/api/v1/regions/plzensky/public/plans?min_position={}", published.position());
    let listed = app.send_as(As::Anonymous, "GET", &public, None, &[]).await.expect(200).body;
    assert_eq!(listed[0]["id"], json!(plan));
    app.send_as(As::Anonymous, "GET", "/api/v1/regions/ustecky/public/plans", None, &[]).await.expect(200);
    app.send_as(As::Anonymous, "GET", "/api/v1/regions/nikde/public/plans", None, &[]).await.problem(404, "not-found");
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn uuid(text: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(text).unwrap()
}
