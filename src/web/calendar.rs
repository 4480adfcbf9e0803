//! `/kalendar`: a person's own calendar feed — the meetings of the
//! platforms they follow, as a link a calendar application (Google,
//! Outlook, a phone) subscribes to. The link carries a calendar token that
//! opens that feed and nothing else; it is shown once when made, and each
//! link can be revoked here, which ends its feed at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::i18n::{Lang, Msg};
use super::layout::{Page, Who, error_summary};
use super::session::{here, sign_in_first, who};
use crate::auth::Principal;
use crate::czech::date;
use crate::domain::user::{TokenScope, UserCommand};
use crate::http::support::State;

/// The page: what the feed holds, the links made (with a revoke button
/// each), a form to make one; `made` is a new link to show once.
fn body(app: &State, lang: Lang, me: &Who, user: Uuid, said: &Said<'_>) -> Markup {
    let t = |m| lang.t(m);
    let model = app.models.read();
    let mut links: Vec<(Uuid, String, String, bool)> = model
        .users
        .get(&user)
        .map(|u| {
            u.state
                .tokens
                .iter()
                .filter(|(_, t)| t.scope == TokenScope::Calendar)
                .map(|(id, t)| (*id, t.name.clone(), date(t.created_at), t.revoked))
                .collect()
        })
        .unwrap_or_default();
    links.sort_by_key(|(_, _, _, revoked)| *revoked);
    html! {
        @if let Said::Error(error) = said {
            (error_summary(lang, &[("nazev", (*error).to_owned())]))
        }
        p { (t(Msg::CalendarIntro)) }
        @if let Said::Made(url) = said {
            div class="potvrzeni" role="status" {
                p { strong { (t(Msg::CalendarMade)) } }
                p { input type="text" readonly value=(url) aria-label=(t(Msg::CalendarLink)) class="odkaz-kalendare"; }
                p class="napoveda" { (t(Msg::CalendarOnce)) }
            }
        }
        h2 { (t(Msg::CalendarLinks)) }
        @if links.is_empty() {
            p { (t(Msg::CalendarNone)) }
        } @else {
            table class="tabulka" {
                thead { tr {
                    th scope="col" { (t(Msg::CalendarName)) }
                    th scope="col" { (t(Msg::CalendarCreated)) }
                    th scope="col" { (t(Msg::CalendarState)) }
                } }
                tbody {
                    @for (id, name, created, revoked) in &links {
                        tr {
                            td { (name) }
                            td { (created) }
                            td {
                                @if *revoked {
                                    (t(Msg::CalendarRevoked))
                                } @else {
                                    form method="post" action={ "/kalendar/" (id) "/zrusit" } {
                                        input type="hidden" name="csrf" value=(me.csrf);
                                        button type="submit" { (t(Msg::CalendarRevoke)) " " span class="skryte" { (name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t(Msg::CalendarNew)) }
        form method="post" action="/kalendar" class="formular" {
            input type="hidden" name="csrf" value=(me.csrf);
            div class="pole" {
                label for="nazev" { (t(Msg::CalendarName)) }
                p class="napoveda" id="nazev-napoveda" { (t(Msg::CalendarNameHint)) }
                input id="nazev" name="nazev" type="text" maxlength="120" required aria-describedby="nazev-napoveda"
                    value=(t(Msg::CalendarDefaultName));
            }
            button type="submit" { (t(Msg::CalendarMake)) }
        }
    }
}

/// What the page says above its content.
enum Said<'a> {
    Nothing,
    /// A link just made (its URL, shown once).
    Made(&'a str),
    /// Why nothing was done.
    Error(&'a str),
}

fn answer(app: &State, req: &HttpRequest, me: &Who, user: Uuid, said: &Said<'_>, status: StatusCode) -> HttpResponse {
    let lang = Lang::of(req);
    let path = here(req);
    let content = body(app, lang, me, user, said);
    Page { lang, title: lang.t(Msg::CalendarTitle), who: Some(me), path: &path }.answer(status, content)
}

/// `GET /kalendar`
pub async fn page(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (Some(me), Some(user)) = (who(&app, &principal), principal.user) else { return sign_in_first(&req) };
    answer(&app, &req, &me, user, &Said::Nothing, StatusCode::OK)
}

/// The form making a link.
#[derive(Debug, Deserialize)]
pub struct NewLink {
    #[serde(default)]
    nazev: String,
}

/// `POST /kalendar`: makes a calendar link and shows it, once.
pub async fn make(app: State, req: HttpRequest, principal: Principal, form: web::Form<NewLink>) -> HttpResponse {
    let (Some(me), Some(user)) = (who(&app, &principal), principal.user) else { return sign_in_first(&req) };
    let lang = Lang::of(&req);
    let name = if form.nazev.trim().is_empty() { lang.t(Msg::CalendarDefaultName) } else { form.nazev.trim() };
    let meta = crate::app::Meta { author: principal.author(), ..Default::default() };
    match app.issue_scoped_token(user, name, TokenScope::Calendar, &meta).await {
        Ok(issued) => {
            let url = format!("{}/api/v1/calendar/{}", crate::http::peer::origin(&req).base(), issued.token);
            let mut response = answer(&app, &req, &me, user, &Said::Made(&url), StatusCode::OK);
            response.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(e) => {
            let why = super::reasons::say(lang, &e.to_string());
            answer(&app, &req, &me, user, &Said::Error(&why), StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// `POST /kalendar/{token}/zrusit`: revokes one of the person's links
/// (the form sends its CSRF token only).
pub async fn revoke(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    _form: web::Form<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let (Some(me), Some(user)) = (who(&app, &principal), principal.user) else { return sign_in_first(&req) };
    let lang = Lang::of(&req);
    let unknown = Said::Error(lang.t(Msg::CalendarUnknown));
    // Only the person's own calendar links, never an API token.
    let theirs = Uuid::parse_str(&path).ok().filter(|id| {
        let model = app.models.read();
        model.users.get(&user).and_then(|u| u.state.tokens.get(id)).is_some_and(|t| t.scope == TokenScope::Calendar)
    });
    let Some(id) = theirs else { return answer(&app, &req, &me, user, &unknown, StatusCode::NOT_FOUND) };
    let meta = crate::app::Meta { author: principal.author(), ..Default::default() };
    match app.user(user, UserCommand::RevokeToken { id }, &meta).await {
        Ok(_) => super::forms::see_other("/kalendar".into()),
        Err(_) => answer(&app, &req, &me, user, &unknown, StatusCode::NOT_FOUND),
    }
}
