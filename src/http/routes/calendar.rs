//! Feeds to subscribe to: `GET
//! /api/v1/networks/{network}/platforms/{platform}/meetings.ics`, a
//! platform's meetings as an iCalendar feed for those who may read the
//! platform; `GET /api/v1/calendar/{token}`, the meetings of a user's
//! platforms, opened by a calendar token in the URL (revocable, opening
//! nothing else); `GET /api/v1/networks/{network}/public/feed.atom`, the
//! capacity the network's services announce to the public, for anyone.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use uuid::Uuid;

use crate::auth::access::{Access, Params, check};
use crate::auth::{Principal, Via};
use crate::domain::user::Grant;
use crate::domain::value::Value;
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{MinPosition, State, uuid, wait};
use crate::interop::ics::{Entry, calendar};
use crate::projections::Model;

/// `GET /api/v1/networks/{network}/platforms/{platform}/meetings.ics`
pub async fn platform(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let model = app.models.read();
    let platform = model
        .platforms
        .get(&id)
        .filter(|p| p.state.network.as_ref() == Some(&slug))
        .ok_or_else(|| ApiError::not_found(format!("platform {id} does not exist in network {slug}")))?;
    let name = platform.state.fields.get("name").and_then(Value::as_text).unwrap_or("platforma");
    let entries: Vec<Entry<'_>> =
        platform.state.meetings.iter().map(|(id, meeting)| Entry { id: *id, platform: name, meeting }).collect();
    let body = calendar(name, &entries, app.now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"setkani-{id}.ics\"")))
        .body(body))
}

/// The platforms whose meetings are `principal`'s: those the user is a
/// member of, those of the actor the user keeps (as member or
/// coordinator), and every platform of a network the user coordinates —
/// each only if the user may read the network's platforms.
fn own_platforms(model: &Model, principal: &Principal) -> Vec<Uuid> {
    let mut networks: Vec<&crate::domain::ids::Slug> = principal.grants.iter().filter_map(Grant::network).collect();
    networks.sort();
    networks.dedup();
    let ids = networks.into_iter().flat_map(|n| model.platforms_by_network.get(n).into_iter().flatten());
    let mut out = Vec::new();
    for id in ids {
        let Some(entry) = model.platforms.get(id) else { continue };
        let Some(network) = entry.state.network.as_ref() else { continue };
        let named = |field: &str, actor: &Uuid| {
            entry
                .state
                .fields
                .get(field)
                .and_then(Value::as_list)
                .is_some_and(|l| l.iter().any(|a| *a == actor.to_string()))
        };
        let ours = principal.grants.iter().any(|g| match g {
            Grant::Coordinator { network: n } => n == network,
            Grant::PlatformMember { network: n, platform } => n == network && platform == id,
            Grant::Actor { network: n, actor } => {
                n == network && (named("members", actor) || named("coordinators", actor))
            }
            _ => false,
        });
        let params = Params { network: Some(network.to_string()), ..Params::default() };
        if ours && check(Access::NetworkPlanning, principal, &params, model).is_ok() {
            out.push(*id);
        }
    }
    out
}

/// `GET /api/v1/calendar/{token}`
pub async fn personal(app: State, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let secret = path.into_inner();
    let secret = secret.strip_suffix(".ics").unwrap_or(&secret);
    let hash = crate::auth::secret::hash(secret);
    if !app.models.read().calendar_tokens.contains_key(&hash) {
        // A link made a moment ago (on this node or another): the read
        // models catch up once before the link is called unknown.
        let _ = app.catch_up_with_the_log().await;
    }
    let model = app.models.read();
    let gone = || {
        ApiError::not_found("this calendar link does not exist or was revoked; make a new one on the page Můj kalendář")
    };
    let (user, _) = *model.calendar_tokens.get(&hash).ok_or_else(gone)?;
    let principal = Principal::user(&model, user, Via::Token);
    let platforms = own_platforms(&model, &principal);
    let names: Vec<(Uuid, &str)> = platforms
        .iter()
        .filter_map(|id| {
            let p = model.platforms.get(id)?;
            Some((*id, p.state.fields.get("name").and_then(Value::as_text).unwrap_or("platforma")))
        })
        .collect();
    let entries: Vec<Entry<'_>> = names
        .iter()
        .flat_map(|(id, name)| {
            model.platforms[id].state.meetings.iter().map(|(mid, meeting)| Entry { id: *mid, platform: name, meeting })
        })
        .collect();
    let body = calendar("Moje setkání", &entries, app.now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_DISPOSITION, "inline; filename=\"moje-setkani.ics\""))
        .body(body))
}

/// `GET /api/v1/networks/{network}/public/feed.atom`
pub async fn public_atom(
    app: State,
    req: actix_web::HttpRequest,
    q: web::Query<MinPosition>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let base = crate::http::peer::origin(&req).base();
    let body = crate::interop::atom::feed(&app.models.read(), &slug, app.now(), &base)
        .ok_or_else(|| ApiError::not_found(format!("network {slug} does not exist")))?;
    Ok(HttpResponse::Ok().content_type("application/atom+xml; charset=utf-8").body(body))
}
