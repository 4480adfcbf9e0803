//! A small inline SVG chart of one capacity unit over the last 12 months:
//! free places as a step line (each announcement holds until the next),
//! the registered maximum as a dashed line, month ticks along the bottom.
//! Drawn with presentation attributes only (no inline style, so the
//! content security policy holds), with a title and description for
//! screen readers; the table beside it says the same in words.

use chrono::{DateTime, Datelike, Duration, Utc};
use maud::{Markup, html};

use super::i18n::Lang;
use crate::audit::charts::MONTHS;

const W: f64 = 480.0;
const H: f64 = 140.0;
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;

/// The chart of free places in `unit` (announcements newest or oldest
/// first, any order) over the year before `now`, against `max`.
pub fn capacity(
    lang: Lang,
    title: &str,
    points: &[(DateTime<Utc>, u32)],
    max: Option<u32>,
    now: DateTime<Utc>,
) -> Markup {
    let from = now - Duration::days(365);
    let mut points: Vec<(DateTime<Utc>, u32)> = points.to_vec();
    points.sort_by_key(|(at, _)| *at);
    // The value at the start of the window: the last announcement before it.
    let before = points.iter().rev().find(|(at, _)| *at < from).map(|(_, n)| *n);
    let inside: Vec<(DateTime<Utc>, u32)> =
        points.iter().filter(|(at, _)| *at >= from && *at <= now).copied().collect();
    let top = inside.iter().map(|(_, n)| *n).chain(before).chain(max).max().unwrap_or(1).max(1);
    let x = |at: DateTime<Utc>| {
        LEFT + (at - from).num_seconds() as f64 / (now - from).num_seconds() as f64 * (W - LEFT - 4.0)
    };
    let y = |n: u32| TOP + (1.0 - f64::from(n) / f64::from(top)) * (H - TOP - BOTTOM);
    let mut path = String::new();
    let mut last: Option<u32> = before;
    if let Some(n) = before {
        path.push_str(&format!("M{:.1},{:.1}", x(from), y(n)));
    }
    for (at, n) in &inside {
        match last {
            Some(_) => path.push_str(&format!(" H{:.1} V{:.1}", x(*at), y(*n))),
            None => path.push_str(&format!("M{:.1},{:.1}", x(*at), y(*n))),
        }
        last = Some(*n);
    }
    if last.is_some() {
        path.push_str(&format!(" H{:.1}", x(now)));
    }
    // A tick at the first of each month in the window.
    let mut ticks = Vec::new();
    let mut month = from.date_naive().with_day(1).unwrap_or(from.date_naive());
    for _ in 0..13 {
        month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(month);
        let at = month.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
        if at > from && at <= now {
            ticks.push((x(at), MONTHS[month.month0() as usize]));
        }
    }
    let most = inside.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let description = match (inside.last(), lang) {
        (Some((_, n)), Lang::Cs) => format!("{} hlášení za rok, nejvíc {most}, naposledy {n}", inside.len()),
        (Some((_, n)), Lang::En) => format!("{} announcements in the year, at most {most}, last {n}", inside.len()),
        (None, Lang::Cs) => "za poslední rok žádné hlášení".to_owned(),
        (None, Lang::En) => "no announcement in the last year".to_owned(),
    };
    html! {
        svg class="graf" viewBox={ "0 0 " (W) " " (H) } width="100%" role="img" aria-label={ (title) ": " (description) } xmlns="http://www.w3.org/2000/svg" {
            title { (title) ": " (description) }
            line x1=(LEFT) y1=(H - BOTTOM) x2=(W - 4.0) y2=(H - BOTTOM) stroke="#555" stroke-width="1" {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(H - BOTTOM) stroke="#555" stroke-width="1" {}
            text x=(LEFT - 4.0) y=(TOP + 8.0) text-anchor="end" font-size="10" fill="#333" { (top) }
            text x=(LEFT - 4.0) y=(H - BOTTOM) text-anchor="end" font-size="10" fill="#333" { "0" }
            @for (tx, label) in &ticks {
                line x1=(format!("{tx:.1}")) y1=(H - BOTTOM) x2=(format!("{tx:.1}")) y2=(H - BOTTOM + 3.0) stroke="#555" {}
                text x=(format!("{tx:.1}")) y=(H - 5.0) text-anchor="middle" font-size="9" fill="#333" { (label) }
            }
            @if let Some(m) = max {
                line x1=(LEFT) y1=(format!("{:.1}", y(m))) x2=(W - 4.0) y2=(format!("{:.1}", y(m))) stroke="#a00" stroke-width="1" stroke-dasharray="4 3" {}
            }
            @if !path.is_empty() {
                path d=(path) fill="none" stroke="#1f6f8b" stroke-width="2" {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_steps_through_the_announcements_of_the_year() {
        let now: DateTime<Utc> = "2026-12-05T12:00:00Z".parse().unwrap();
        let points = [(now - Duration::days(400), 2), (now - Duration::days(100), 5), (now - Duration::days(10), 0)];
        let svg = capacity(Lang::Cs, "Volná lůžka", &points, Some(10), now).into_string();
        assert!(svg.contains("2 hlášení za rok, nejvíc 5, naposledy 0"), "{svg}");
        assert_eq!(svg.matches(" V").count(), 2, "a step at each announcement in the year: {svg}");
        assert!(svg.starts_with("<svg") && svg.contains("stroke-dasharray"), "the registered maximum is drawn");
        assert!(!svg.contains("style="), "no inline style: the page's policy forbids it");
        let empty = capacity(Lang::Cs, "Volná lůžka", &[], None, now).into_string();
        assert!(empty.contains("žádné hlášení") && !empty.contains("<path"));
    }
}
