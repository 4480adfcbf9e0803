//! Who a page is for: the principal the guard identified (from the session
//! cookie), as the header shows them; and the answers pages give when
//! someone may not see them — a redirect to sign-in for a visitor, a Czech
//! 403 or 404 page for a signed-in person.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use maud::html;

use super::i18n::{Lang, Msg};
use super::layout::{Page, Who};
use crate::app::App;
use crate::auth::{Principal, Via};
use crate::domain::ids::Slug;
use crate::domain::user::Grant;

/// The header's view of `principal`, if signed in by a session.
pub fn who(app: &App, principal: &Principal) -> Option<Who> {
    let user = principal.user?;
    let Via::Session { csrf } = &principal.via else { return None };
    let model = app.models.read();
    let state = &model.users.get(&user)?.state;
    let name = if state.display_name.is_empty() {
        state.username.clone().unwrap_or_default()
    } else {
        state.display_name.clone()
    };
    let mut coordinates: Vec<_> = principal
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::Coordinator { network } => Some(network.clone()),
            _ => None,
        })
        .collect();
    coordinates.sort();
    let mut reads: Vec<_> = principal.grants.iter().filter_map(|g| g.network().cloned()).collect();
    reads.sort();
    reads.dedup();
    let names = reads
        .iter()
        .map(|n| (n.clone(), model.networks.get(n).map_or_else(|| n.to_string(), |e| e.state.name.clone())))
        .collect();
    let services = principal
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::Actor { network, actor } => Some((
                format!("/site/{network}/sluzba/{actor}"),
                model.actors.get(actor).map(|a| a.entry.state.name().to_owned()).unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    let mut asks: Vec<Slug> = principal
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::CaseManager { network } | Grant::Coordinator { network } => Some(network.clone()),
            _ => None,
        })
        .collect();
    asks.sort();
    asks.dedup();
    let mut follows: Vec<Slug> = principal
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::PlatformMember { network, .. } => Some(network.clone()),
            _ => None,
        })
        .collect();
    follows.dedup();
    let regions: Vec<Slug> = principal
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::RegionalCoordinator { region } => Some(region.clone()),
            _ => None,
        })
        .collect();
    Some(Who { name, csrf: csrf.clone(), coordinates, reads, names, services, asks, follows, regions })
}

/// The path and query of a request, for coming back after sign-in.
pub fn here(req: &HttpRequest) -> String {
    req.uri().path_and_query().map_or_else(|| req.path().to_owned(), |p| p.as_str().to_owned())
}

/// A visitor is sent to sign in, and back here afterwards.
pub fn sign_in_first(req: &HttpRequest) -> HttpResponse {
    let back: String = serde_urlencoded::to_string([("dal", here(req))]).unwrap_or_default();
    HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/prihlaseni?{back}"))).finish()
}

/// Checks `access` to a page of the network (or the region) in `params`,
/// by the access module's rule, and gives its slug: a visitor is sent to sign in, a
/// role that may not is shown the 403 page, one that may not know the
/// network (or a network that does not exist) the 404 page.
pub fn admit(
    app: &App,
    req: &HttpRequest,
    principal: &Principal,
    access: crate::auth::access::Access,
    params: &crate::auth::access::Params,
    me: Option<&Who>,
) -> Result<Slug, Box<HttpResponse>> {
    use crate::auth::access::{Denial, check};
    match check(access, principal, params, &app.models.read()) {
        Ok(()) => Slug::parse(params.network.as_deref().or(params.region.as_deref()).unwrap_or(""))
            .map_err(|_| Box::new(refused(req, me, StatusCode::NOT_FOUND))),
        Err(Denial::SignIn) => Err(Box::new(sign_in_first(req))),
        Err(Denial::Forbidden(_)) => Err(Box::new(refused(req, me, StatusCode::FORBIDDEN))),
        Err(Denial::Hidden(_)) => Err(Box::new(refused(req, me, StatusCode::NOT_FOUND))),
    }
}

/// The page for what does not exist or is not the person's to see (404),
/// or what their role does not open (403).
pub fn refused(req: &HttpRequest, who: Option<&Who>, status: StatusCode) -> HttpResponse {
    let lang = Lang::of(req);
    let (title, text) = if status == StatusCode::FORBIDDEN {
        (Msg::Forbidden, Msg::ForbiddenText)
    } else {
        (Msg::NotFound, Msg::NotFoundText)
    };
    let path = here(req);
    let page = Page { lang, title: lang.t(title), who, path: &path };
    page.answer(status, html! { p { (lang.t(text)) } p { a href="/" { (lang.t(Msg::Home)) } } })
}

/// The page for a form sent without the session's CSRF token: the page it
/// came from was older than the session, or the session ended. Going back
/// keeps what was typed; sending it again from a fresh page works.
pub fn form_expired(req: &HttpRequest) -> HttpResponse {
    let lang = Lang::of(req);
    let path = here(req);
    let back = req.headers().get(actix_web::http::header::REFERER).and_then(|v| v.to_str().ok()).and_then(|r| {
        let host = crate::http::peer::origin(req).host;
        r.split_once(&host).map(|(_, p)| p.to_owned()).filter(|p| p.starts_with('/') && !p.starts_with("//"))
    });
    let page = Page { lang, title: lang.t(Msg::FormExpiredTitle), who: None, path: &path };
    page.answer(
        StatusCode::FORBIDDEN,
        html! {
            p { (lang.t(Msg::FormExpiredText)) }
            p {
                @if let Some(back) = back { a href=(back) { (lang.t(Msg::BackToForm)) } " · " }
                a href={ "/prihlaseni?dal=" (back_query(req)) } { (lang.t(Msg::SignIn)) }
            }
        },
    )
}

fn back_query(req: &HttpRequest) -> String {
    serde_urlencoded::to_string([("", req.path())]).unwrap_or_default().trim_start_matches('=').to_owned()
}
