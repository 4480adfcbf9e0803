//! Counters of the whole process, for `/metrics`: answers by status class
//! and events the read models could not decode.

use std::sync::atomic::{AtomicU64, Ordering};

/// Answers sent, by the first digit of their status (index 1 to 5).
static ANSWERS: [AtomicU64; 6] = [const { AtomicU64::new(0) }; 6];
/// Events the projector skipped because they did not decode.
static SKIPPED: AtomicU64 = AtomicU64::new(0);

/// Counts an answer of `status`.
pub fn answered(status: u16) {
    let class = usize::from(status / 100).min(5);
    ANSWERS[class].fetch_add(1, Ordering::Relaxed);
}

/// Counts an event the read models skipped.
pub fn skipped() {
    SKIPPED.fetch_add(1, Ordering::Relaxed);
}

/// The counters in Prometheus text format.
pub fn prometheus() -> String {
    let mut text = String::from(
        "# HELP uzel_http_responses_total Answers sent, by status class.\n\
         # TYPE uzel_http_responses_total counter\n",
    );
    for (class, count) in ANSWERS.iter().enumerate().skip(1) {
        text.push_str(&format!("uzel_http_responses_total{{class=\"{class}xx\"}} {}\n", count.load(Ordering::Relaxed)));
    }
    text.push_str(&format!(
        "# HELP uzel_projector_skipped_total Events the read models skipped because they did not decode.\n\
         # TYPE uzel_projector_skipped_total counter\n\
         uzel_projector_skipped_total {}\n",
        SKIPPED.load(Ordering::Relaxed)
    ));
    text
}
