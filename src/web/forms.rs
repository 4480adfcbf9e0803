//! What every page with a form needs: admitting the person by the access
//! module's rule before the body is read, reading the form, the redirect
//! after a write (PRG), the write's metadata, dates as people type them,
//! and a refused write turned into problems by field, in the person's
//! language.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use maud::Markup;

use super::fields::Sent;
use super::i18n::{Lang, Msg};
use super::layout::{Page, Who};
use super::reasons;
use super::session::{admit, here, who};
use crate::app::{AppError, Meta};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::DomainError;
use crate::domain::ids::Slug;
use crate::http::support::State;

/// The value of a step that may answer the request itself (a refusal, a
/// redirect to sign in, a body that is not a form): the value, or that
/// answer returned at once.
macro_rules! or_answer {
    ($step:expr) => {
        match $step {
            Ok(value) => value,
            Err(answer) => return *answer,
        }
    };
}
pub(crate) use or_answer;

/// A page's form, read after the access check: whoever may not post it is
/// answered as such, not told about the body.
pub type Posted = Result<web::Form<Vec<(String, String)>>, actix_web::Error>;

/// What the form sent, or the answer for a body that is not a form.
pub fn sent(body: Posted) -> Result<Sent, Box<HttpResponse>> {
    body.map(|form| Sent(form.into_inner())).map_err(|e| Box::new(e.error_response()))
}

/// Admits `access` to the page at `params` and gives the network and the
/// person; answers those who may not (sign in first, 403, 404).
pub fn admitted(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    access: Access,
    params: &Params,
) -> Result<(Slug, Who), Box<HttpResponse>> {
    let me = who(app, principal);
    let slug = admit(app, req, principal, access, params, me.as_ref())?;
    // A token's holder has no session, no menu and no CSRF token to echo.
    Ok((slug, me.unwrap_or_default()))
}

/// Whether `principal` may do `access` at `params` (to offer a link or a
/// form only to those who may use it).
pub fn may(app: &State, principal: &Principal, access: Access, params: &Params) -> bool {
    crate::auth::access::check(access, principal, params, &app.models.read()).is_ok()
}

/// The page frame for `me` (a token's holder, without a session, gets no
/// menu).
pub fn frame(
    req: &HttpRequest,
    lang: Lang,
    me: &Who,
    title: &str,
    status: StatusCode,
    content: Markup,
) -> HttpResponse {
    let path = here(req);
    let who = (!me.csrf.is_empty()).then_some(me);
    Page { lang, title, who, path: &path }.answer(status, content)
}

/// The redirect after a write.
pub fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

/// A write's metadata: its author, when it holds from, the version it
/// expects.
pub fn meta(principal: &Principal, effective_at: Option<DateTime<Utc>>, expected: Option<u64>) -> Meta {
    Meta {
        author: crate::auth::author_of(principal.user),
        effective_at,
        expected,
        idempotency_key: None,
        recorded_at: None,
    }
}

/// A day as typed: `2026-12-05` (a date input) or `5. 12. 2026`.
pub fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&text.replace(' ', ""), "%d.%m.%Y"))
        .ok()
}

/// A day and a time of day (`14:30`, midnight when empty) as an instant.
pub fn moment(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let day = day(date)?;
    let time =
        if time.trim().is_empty() { NaiveTime::MIN } else { NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()? };
    Some(day.and_time(time).and_utc())
}

/// Text that is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADate;

/// "Holds from" as typed: `None` for empty or today (now), else that
/// day's start.
pub fn holds_from(text: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, NotADate> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let day = day(text).ok_or(NotADate)?;
    if day == now.date_naive() {
        return Ok(None);
    }
    Ok(day.and_hms_opt(0, 0, 0).map(|t| t.and_utc()))
}

/// A refused write, said to the person.
#[derive(Debug, Default)]
pub struct Refusal {
    /// The status to answer with.
    pub status: StatusCode,
    /// Problems of fields, by the field's name (`effective_at` is the
    /// form's `plati_od`).
    pub fields: BTreeMap<String, String>,
    /// Problems of the whole form.
    pub general: Vec<String>,
}

impl Refusal {
    /// Every problem, the whole form's first.
    pub fn all(self) -> Vec<String> {
        self.general.into_iter().chain(self.fields.into_values()).collect()
    }

    /// What `error` says, in `lang`.
    pub fn of(lang: Lang, error: AppError) -> Self {
        let mut out = Self::default();
        match error {
            AppError::Domain(DomainError::Invalid(errors)) => {
                out.status = StatusCode::UNPROCESSABLE_ENTITY;
                out.fields = errors
                    .into_iter()
                    .map(|e| {
                        let field = if e.field == "effective_at" { "plati_od".to_owned() } else { e.field };
                        (field, reasons::say(lang, &e.reason))
                    })
                    .collect();
            }
            AppError::Domain(DomainError::Conflict(why)) => {
                out.status = StatusCode::CONFLICT;
                out.general.push(reasons::say(lang, &why));
            }
            AppError::Domain(DomainError::NotFound(_)) => {
                out.status = StatusCode::NOT_FOUND;
                out.general.push(lang.t(Msg::GoneMeanwhile).to_owned());
            }
            AppError::VersionMismatch { .. } => {
                out.status = StatusCode::CONFLICT;
                out.general.push(lang.t(Msg::ChangedMeanwhile).to_owned());
            }
            other => {
                if matches!(other, AppError::Append(_) | AppError::Log(_)) {
                    tracing::error!(cause = %other, "a page's write failed (storage)");
                }
                out.status = StatusCode::SERVICE_UNAVAILABLE;
                out.general.push(lang.t(Msg::NotSavedTryAgain).to_owned());
            }
        }
        out
    }
}

/// A simple form as shown: what was sent, its problems by field and as a
/// whole.
#[derive(Debug, Default)]
pub struct Filled {
    /// What the inputs show.
    pub sent: Sent,
    /// Problems by input name.
    pub errors: BTreeMap<String, String>,
    /// Problems of the whole form.
    pub general: Vec<String>,
}

impl Filled {
    /// The form with `sent` shown and no problems.
    pub fn of(sent: Sent) -> Self {
        Self { sent, ..Self::default() }
    }

    /// Takes in a refused write's problems; the status to answer with.
    pub fn refused(&mut self, refusal: Refusal) -> StatusCode {
        self.errors.extend(refusal.fields);
        self.general.extend(refusal.general);
        refusal.status
    }

    /// Whether there is anything to correct.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty() || !self.general.is_empty()
    }

    /// The error summary at the top of the form, each problem linking to
    /// its input (`form`: the anchor of problems of the whole form).
    pub fn summary(&self, lang: Lang, form: &str) -> Markup {
        let items: Vec<(&str, String)> = self
            .general
            .iter()
            .map(|g| (form, g.clone()))
            .chain(self.errors.iter().map(|(field, e)| (field.as_str(), e.clone())))
            .collect();
        super::layout::error_summary(lang, &items)
    }
}

/// `back` if it is a page of network `slug`, else `fallback` (a form's
/// "come back here" cannot send anyone elsewhere).
pub fn back_to(back: &str, slug: &Slug, fallback: String) -> String {
    let ours = format!("/site/{slug}/");
    if back.starts_with(&ours) && !back.contains("//") && !back.contains('\\') { back.to_owned() } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_are_read_as_people_type_them() {
        let expected = NaiveDate::from_ymd_opt(2026, 12, 5);
        assert_eq!(day("2026-12-05"), expected);
        assert_eq!(day("5. 12. 2026"), expected);
        assert_eq!(day("5.12.2026"), expected);
        assert_eq!(day("zítra"), None);
        assert_eq!(
            moment("5. 12. 2026", "14:30").map(|m| m.to_rfc3339()).as_deref(),
            Some("2026-12-05T14:30:00+00:00")
        );
        assert_eq!(moment("5. 12. 2026", "25:00"), None);
        let now = "2026-12-05T10:00:00Z".parse().unwrap();
        assert_eq!(holds_from("", now), Ok(None));
        assert_eq!(holds_from("2026-12-05", now), Ok(None), "today is now");
        assert!(holds_from("2026-12-09", now).unwrap().is_some());
        assert_eq!(holds_from("nikdy", now), Err(NotADate));
    }
}
