//! "As it was on a date" for pages: `?k=5. 6. 2026` (or `2026-06-05`)
//! and `hodiny=zapsano` (what the database knew then, rather than what
//! held then) put a page on the model of that date, read by the same
//! function the API's `as_of` uses. The page says so in a banner, offers
//! the way back to today, and shows no forms: the past is read-only.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::i18n::{Lang, Msg};
use crate::app::App;
use crate::audit::timeline::Clock;
use crate::czech::date;
use crate::http::at::{self, At, ReadAt};

/// The date a page is asked for.
#[derive(Clone, Debug, Default)]
pub struct AsOf {
    /// The date as typed.
    pub typed: String,
    /// The clock it goes by.
    pub clock: Clock,
    /// The date read, if one was asked for and could be read.
    pub day: Option<chrono::NaiveDate>,
    /// Why the typed date cannot be used.
    pub error: Option<&'static str>,
}

impl AsOf {
    /// The date asked for by the request's query.
    pub fn of(req: &actix_web::HttpRequest, lang: Lang) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str()).trim().to_owned();
        let typed = get("k");
        let clock = if get("hodiny") == "zapsano" { Clock::Recorded } else { Clock::Effective };
        let day = super::forms::day(&typed);
        let error = (!typed.is_empty() && day.is_none()).then(|| lang.t(Msg::DateFormat));
        Self { typed, clock, day, error }
    }

    /// Whether the page shows a past (or future) date.
    pub fn past(&self) -> bool {
        self.day.is_some()
    }

    /// The model the page reads: the live one, or the one of the date.
    pub async fn model<'a>(&self, app: &'a App) -> Result<At<'a>, String> {
        let q =
            ReadAt { min_position: None, as_of: self.day.map(|d| d.format("%Y-%m-%d").to_string()), clock: self.clock };
        at::model(app, &q).await.map_err(|e| e.0.detail.clone())
    }

    /// The query to keep on links of the page.
    pub fn query(&self) -> String {
        match self.day {
            Some(d) => {
                let clock = if self.clock == Clock::Recorded { "&hodiny=zapsano" } else { "" };
                format!("k={}{clock}", d.format("%Y-%m-%d"))
            }
            None => String::new(),
        }
    }
}

/// The picker: a date and its clock, as a GET form to `action` (keeping
/// `keep`, the page's other query pairs).
pub fn picker(lang: Lang, action: &str, asof: &AsOf, keep: &[(String, String)]) -> Markup {
    html! {
        details class="k-datu-volba" open[asof.past() || asof.error.is_some()] {
            summary { (lang.t(Msg::AsOnDate)) }
            form method="get" action=(action) class="filtry" {
                @for (k, v) in keep.iter().filter(|(k, _)| k != "k" && k != "hodiny") {
                    input type="hidden" name=(k) value=(v);
                }
                div class={ "pole" @if asof.error.is_some() { " s-chybou" } } {
                    label for="k" { (lang.t(Msg::Date)) }
                    p class="napoveda" id="k-napoveda" { (lang.t(Msg::AsOfHint)) }
                    @if let Some(e) = asof.error { p class="chyba-pole" { (e) } }
                    input type="date" id="k" name="k" value=(asof.day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| asof.typed.clone())) aria-describedby="k-napoveda";
                }
                div class="pole" {
                    label for="hodiny" { (lang.t(Msg::ClockLabel)) }
                    select id="hodiny" name="hodiny" {
                        option value="" { (lang.t(Msg::ClockEffective)) }
                        option value="zapsano" selected[asof.clock == Clock::Recorded] { (lang.t(Msg::ClockRecorded)) }
                    }
                }
                button type="submit" { (lang.t(Msg::Show)) }
            }
        }
    }
}

/// The banner of a page showing a past date, with the way back to today.
pub fn banner(lang: Lang, asof: &AsOf, at: Option<DateTime<Utc>>, today: &str) -> Markup {
    html! {
        @if let (true, Some(at)) = (asof.past(), at) {
            div class="k-datu" role="status" {
                strong { (lang.t(Msg::StateOn)) " " (date(at)) }
                " (" (lang.t(if asof.clock == Clock::Recorded { Msg::ClockRecorded } else { Msg::ClockEffective })) "). "
                (lang.t(Msg::PastReadOnly)) " "
                a href=(today) { (lang.t(Msg::BackToToday)) }
            }
        }
    }
}

/// The page for a date no state can be shown for (too far ahead, before
/// the network existed): why, and the picker to choose another.
pub fn unavailable(
    req: &actix_web::HttpRequest,
    lang: Lang,
    me: &super::layout::Who,
    base: &str,
    asof: &AsOf,
    detail: &str,
) -> actix_web::HttpResponse {
    let content = html! {
        div class="chyby" role="alert" { p { (lang.t(Msg::NoStateForDate)) " " (detail) } }
        (picker(lang, base, asof, &[]))
    };
    super::forms::frame(req, lang, me, lang.t(Msg::NoStateForDate), actix_web::http::StatusCode::BAD_REQUEST, content)
}
