//! The demo networks build through the API's own commands, deterministically,
//! and `uzel check` passes on the result.

use std::process::Command;

use crate::helpers::spawn_app;

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
    let dir = app.stop().await;
    let check = Command::new(env!("CARGO_BIN_EXE_uzel")).args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains(&format!("events: {}", summary.position)));
}
