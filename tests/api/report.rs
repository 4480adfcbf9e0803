//! The yearly report renders for the demo's regions and networks: JSON, the
//! printable Czech page with its charts inline, and each chart as SVG.

use serde_json::Value;

use crate::helpers::spawn_app;

fn total(list: &Value) -> u64 {
    list.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum()
}

#[actix_web::test]
async fn the_yearly_report_and_its_charts_render_for_the_demos_regions() {
    let app = spawn_app().await;
    let summary = uzel::demo::build(&app.app).await.expect("the demo builds");
    let min = format!("min_position={}", summary.position);
    let regions = app.get(&format!("/api/v1/regions?{min}")).await.expect(200).body;
    let regions: Vec<String> =
        regions.as_array().unwrap().iter().map(|r| r["region"].as_str().unwrap().to_owned()).collect();
    assert!(regions.len() >= 2, "{regions:?}");
    for region in &regions {
        let base = format!("/api/v1/regions/{region}/report");
        let report = app.get(&base).await.expect(200).body;
        let overview = app.get(&format!("/api/v1/regions/{region}")).await.expect(200).body;
        assert_eq!(report["networks"].as_array().unwrap().len(), overview["networks"].as_array().unwrap().len());
        assert_eq!(report["need_areas"].as_array().unwrap().len(), 6);
        assert!(report["capacity"].as_array().unwrap().len() >= 40, "a week by week series up to now");
        assert_eq!(report["summary"]["meetings_held"].as_u64().unwrap(), total(&report["meetings_per_month"]));
        assert!(report["summary"]["actors_after"].as_u64().unwrap() > 0);
        let page = app.get(&format!("{base}/page")).await.expect(200);
        assert!(page.content_type.starts_with("text/html"), "{}", page.content_type);
        assert!(page.text.contains("Roční zpráva kraje"), "{}", &page.text[..300]);
        assert_eq!(page.text.matches("<svg").count(), 3, "the three charts inline");
        for absent in ["<script", "<style", " style=", "src=", "@import", "url("] {
            assert!(!page.text.contains(absent), "{absent} in the page: only the one stylesheet is fetched");
        }
        assert_eq!(page.text.matches("<link").count(), 1, "one stylesheet");
        assert!(page.text.contains("<link rel=\"stylesheet\" href=\"/assets/uzel.css\">"));
        for chart in ["capacity", "need-areas", "meetings"] {
            let svg = app.get(&format!("{base}/charts/{chart}")).await.expect(200);
            assert!(svg.content_type.starts_with("image/svg+xml"), "{}", svg.content_type);
            assert!(svg.text.starts_with("<svg") && svg.text.trim_end().ends_with("</svg>"));
        }
    }
    // A network's report: its changes, with the demo's meetings and capacity.
    let tachov = app.get("/api/v1/networks/tachov/report").await.expect(200).body;
    assert_eq!(tachov["networks"][0]["network"], "tachov");
    assert!(tachov["summary"]["announcements"].as_u64().unwrap() > 0, "{}", tachov["summary"]);
    assert_eq!(tachov["summary"]["meetings_held"].as_u64().unwrap(), total(&tachov["meetings_per_month"]));
    let page = app.get("/api/v1/networks/tachov/report/page").await.expect(200);
    assert!(page.text.contains("Roční zpráva sítě") && page.text.contains("Změny v síti"), "{}", &page.text[..300]);
    let chart = app.get("/api/v1/networks/tachov/report/charts/pie").await.problem(404, "not-found");
    assert!(chart.text.contains("capacity, need-areas, meetings"), "{}", chart.text);
    app.get("/api/v1/networks/tachov/report?year=1999").await.problem(400, "bad-request");
    app.get("/api/v1/networks/tachov/report?year=2999").await.problem(400, "bad-request");
    let last_year = chrono::Datelike::year(&chrono::Utc::now()) - 1;
    let earlier = app.get(&format!("/api/v1/networks/tachov/report?year={last_year}")).await.expect(200).body;
    assert_eq!(earlier["year"], last_year);
}
