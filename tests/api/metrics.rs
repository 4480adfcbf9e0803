//! `GET /metrics` counts the log's commits and how long each took to become
//! durable.

use serde_json::json;

use crate::helpers::spawn_app;

/// The `uzel_log_commit_seconds` histogram: each bucket's bound and count,
/// then the sum, the count and the slowest commit.
struct Commits {
    buckets: Vec<(String, u64)>,
    sum: f64,
    count: u64,
    max: f64,
}

fn commits(text: &str) -> Commits {
    let value = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
            .to_owned()
    };
    let buckets = text
        .lines()
        .filter_map(|line| line.strip_prefix("uzel_log_commit_seconds_bucket{le=\""))
        .map(|rest| {
            let (bound, count) = rest.split_once("\"} ").expect("a bucket line");
            (bound.to_owned(), count.parse().expect("a count"))
        })
        .collect();
    Commits {
        buckets,
        sum: value("uzel_log_commit_seconds_sum").parse().unwrap(),
        count: value("uzel_log_commit_seconds_count").parse().unwrap(),
        max: value("uzel_log_commit_seconds_max").parse().unwrap(),
    }
}

#[actix_web::test]
async fn every_commit_is_counted_with_the_time_it_took_to_become_durable() {
    let app = spawn_app().await;
    let before = commits(&app.get("/metrics").await.expect(200).text);
    let (group, ..) = app.tachov().await;
    for name in ["KOTEC", "Klokánek", "Poradna"] {
        app.actor(json!({"name": name, "target_groups": [group], "need_areas": ["safety"]})).await;
    }
    let text = app.get("/metrics").await.expect(200).text;
    assert!(text.contains("# TYPE uzel_log_commit_seconds histogram\n"), "{text}");
    let after = commits(&text);
    assert!(
        after.count >= before.count + 3,
        "three answered writes, three commits at least: {} → {}",
        before.count,
        after.count
    );
    assert!(after.sum > before.sum, "the time spent grew: {} → {}", before.sum, after.sum);
    assert!(after.max > 0.0 && after.max <= after.sum, "the slowest commit {} within the sum {}", after.max, after.sum);
    // Cumulative: every bucket holds the ones before it, the last all.
    assert_eq!(after.buckets.len(), 12, "11 bounds and +Inf");
    assert!(after.buckets.windows(2).all(|w| w[0].1 <= w[1].1), "cumulative: {:?}", after.buckets);
    assert_eq!(after.buckets.last().unwrap(), &("+Inf".to_owned(), after.count));
}
