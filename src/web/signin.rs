//! Signing in and out, and changing one's password, as pages: plain forms
//! that work with scripts off, answered by a redirect (PRG), the same
//! session and the same checks (throttling, password rules) as the API.

use actix_web::cookie::time;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::i18n::{Lang, Msg};
use super::layout::{Page, Who, error_summary};
use super::session::{here, sign_in_first, who};
use crate::auth::Principal;
use crate::auth::sessions::SESSION_HOURS;
use crate::http::error::ApiError;
use crate::http::guard::SESSION_COOKIE;
use crate::http::routes::auth::{session_cookie, verify};
use crate::http::support::State;

/// Where to go after signing in: a path of this site, else home.
fn next(dal: &str) -> &str {
    if dal.starts_with('/') && !dal.starts_with("//") && !dal.starts_with("/\\") { dal } else { "/" }
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

/// The sign-in form, with `error` above it and `username` kept.
pub fn form(lang: Lang, username: &str, dal: &str, error: Option<String>) -> Markup {
    let t = |m| lang.t(m);
    let errors: Vec<(&str, String)> = error.into_iter().map(|e| ("jmeno", e)).collect();
    html! {
        (error_summary(lang, &errors))
        p { (t(Msg::SignInIntro)) }
        form method="post" action="/prihlaseni" class="formular" {
            input type="hidden" name="dal" value=(dal);
            div class="pole" {
                label for="jmeno" { (t(Msg::Username)) }
                input id="jmeno" name="username" autocomplete="username" required value=(username);
            }
            div class="pole" {
                label for="heslo" { (t(Msg::Password)) }
                input id="heslo" name="password" type="password" autocomplete="current-password" required;
            }
            button type="submit" { (t(Msg::SignInButton)) }
        }
    }
}

/// The query of the sign-in page.
#[derive(Debug, Default, Deserialize)]
pub struct Back {
    /// Where to go afterwards.
    #[serde(default)]
    dal: String,
    /// Set after a password change: says so.
    #[serde(default)]
    zmeneno: Option<String>,
}

/// `GET /prihlaseni`: the sign-in page (a signed-in person goes on).
pub async fn page(app: State, req: HttpRequest, principal: Principal, q: web::Query<Back>) -> HttpResponse {
    if who(&app, &principal).is_some() {
        return see_other(next(&q.dal));
    }
    let lang = Lang::of(&req);
    let path = here(&req);
    let content = html! {
        @if q.zmeneno.is_some() { p class="ok" role="status" { (lang.t(Msg::PasswordChanged)) } }
        (form(lang, "", &q.dal, None))
    };
    Page { lang, title: lang.t(Msg::SignIn), who: None, path: &path }.answer(StatusCode::OK, content)
}

/// The sign-in form as sent.
#[derive(Debug, Deserialize)]
pub struct SignIn {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    dal: String,
}

/// A form posted from another site is refused: signing someone into an
/// account not theirs is an attack too.
fn same_origin(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = crate::http::peer::origin(req).host;
    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host.as_str())
}

/// `POST /prihlaseni`: signs in and goes on, or shows the form again with
/// what went wrong (the username kept).
pub async fn submit(app: State, req: HttpRequest, body: web::Form<SignIn>) -> HttpResponse {
    let lang = Lang::of(&req);
    let path = here(&req);
    let again = |status: StatusCode, message: Msg| {
        Page { lang, title: lang.t(Msg::SignIn), who: None, path: &path }
            .answer(status, form(lang, &body.username, &body.dal, Some(lang.t(message).to_owned())))
    };
    if !same_origin(&req) {
        return again(StatusCode::FORBIDDEN, Msg::FormExpired);
    }
    match verify(&app, &req, &body.username, &body.password).await {
        Ok(user) => match app.auth.sessions.start(user, app.now()).await {
            Ok((secret, _)) => {
                let cookie = session_cookie(secret, time::Duration::hours(SESSION_HOURS));
                HttpResponse::SeeOther()
                    .cookie(cookie)
                    .insert_header((header::LOCATION, next(&body.dal).to_owned()))
                    .finish()
            }
            Err(why) => {
                let _ = ApiError::storage(why);
                again(StatusCode::SERVICE_UNAVAILABLE, Msg::FormExpired)
            }
        },
        Err(problem) if problem.0.status == 429 => again(StatusCode::TOO_MANY_REQUESTS, Msg::Throttled),
        Err(_) => again(StatusCode::OK, Msg::WrongPassword),
    }
}

/// `POST /odhlaseni`: ends the session (its CSRF token checked by the
/// guard) and goes to the start.
pub async fn sign_out(app: State, req: HttpRequest) -> HttpResponse {
    if let Some(cookie) = req.cookie(SESSION_COOKIE)
        && let Err(why) = app.auth.sessions.end(cookie.value()).await
    {
        let _ = ApiError::storage(why);
    }
    HttpResponse::SeeOther()
        .cookie(session_cookie(String::new(), time::Duration::ZERO))
        .insert_header((header::LOCATION, "/"))
        .finish()
}

fn password_form(lang: Lang, who: &Who, errors: &[(&str, String)]) -> Markup {
    let t = |m| lang.t(m);
    html! {
        (error_summary(lang, errors))
        form method="post" action="/heslo" class="formular" {
            input type="hidden" name="csrf" value=(who.csrf);
            div class="pole" {
                label for="soucasne" { (t(Msg::CurrentPassword)) }
                input id="soucasne" name="current" type="password" autocomplete="current-password" required;
            }
            div class="pole" {
                label for="nove" { (t(Msg::NewPassword)) }
                p class="napoveda" id="nove-napoveda" { (t(Msg::NewPasswordHint)) }
                input id="nove" name="new" type="password" autocomplete="new-password" required aria-describedby="nove-napoveda";
            }
            div class="pole" {
                label for="znovu" { (t(Msg::NewPasswordAgain)) }
                input id="znovu" name="again" type="password" autocomplete="new-password" required;
            }
            button type="submit" { (t(Msg::Save)) }
        }
    }
}

/// `GET /heslo`: the form to change one's password.
pub async fn password_page(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let Some(me) = who(&app, &principal) else { return sign_in_first(&req) };
    let lang = Lang::of(&req);
    let path = here(&req);
    Page { lang, title: lang.t(Msg::ChangePassword), who: Some(&me), path: &path }
        .answer(StatusCode::OK, password_form(lang, &me, &[]))
}

/// The password form as sent.
#[derive(Debug, Deserialize)]
pub struct NewPassword {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    again: String,
}

/// `POST /heslo`: changes the password (every session ends, this one too)
/// and asks to sign in with the new one; or shows what was wrong.
pub async fn password_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    body: web::Form<NewPassword>,
) -> HttpResponse {
    let Some(me) = who(&app, &principal) else { return sign_in_first(&req) };
    let Some(user) = principal.user else { return sign_in_first(&req) };
    let lang = Lang::of(&req);
    let path = here(&req);
    let again = |errors: &[(&str, String)]| {
        Page { lang, title: lang.t(Msg::ChangePassword), who: Some(&me), path: &path }
            .answer(StatusCode::OK, password_form(lang, &me, errors))
    };
    if body.new != body.again {
        return again(&[("znovu", lang.t(Msg::PasswordsDiffer).to_owned())]);
    }
    let username = app.models.read().users.get(&user).and_then(|u| u.state.username.clone()).unwrap_or_default();
    if verify(&app, &req, &username, &body.current).await.is_err() {
        return again(&[("soucasne", lang.t(Msg::WrongPassword).to_owned())]);
    }
    let meta = crate::app::Meta { author: principal.author(), ..Default::default() };
    match app.set_password(user, &body.new, &meta).await {
        Ok(_) => see_other("/prihlaseni?zmeneno=1"),
        Err(crate::app::AppError::Domain(crate::domain::DomainError::Invalid(_))) => {
            again(&[("nove", lang.t(Msg::NewPasswordHint).to_owned())])
        }
        Err(other) => {
            let _ = ApiError::from(other);
            again(&[("nove", lang.t(Msg::FormExpired).to_owned())])
        }
    }
}
