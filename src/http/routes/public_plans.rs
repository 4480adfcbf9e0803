//! Published plans, for anyone without signing in:
//! `/api/v1/networks/{network}/public/plans` and
//! `/api/v1/regions/{region}/public/plans` — the list, a plan, and its
//! printable document. A plan nobody published does not exist here (404).
//! The public reads the plan without the reasons given for status changes
//! and without the platforms' internal tasks; nothing else of the cycle
//! (findings, evaluations, procedures) is public. `GET /plany` lists the
//! published plans as a Czech page.

use actix_web::{HttpRequest, HttpResponse, web};

use super::plans::{document, items, owner, page, target};
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, wait};
use crate::projections::views;

/// `GET …/public/plans`: the published plans, newest period first.
pub async fn list(app: State, req: HttpRequest, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let owner = owner(&app, &req).await?;
    let model = app.models.read();
    Ok(HttpResponse::Ok().json(items(&model, &owner, false, app.now())))
}

/// `GET …/public/plans/{plan}`: a published plan.
pub async fn get(app: State, req: HttpRequest, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    let model = app.models.read();
    let view = views::plan(&model, &id, app.now())
        .filter(|p| p.owner == owner && p.published.is_some())
        .ok_or_else(|| ApiError::not_found(format!("plan {id} is not published in {owner}")))?;
    Ok(HttpResponse::Ok().json(view.for_public()))
}

/// `GET …/public/plans/{plan}/document`: a published plan's document as a
/// printable Czech page.
pub async fn document_page(app: State, req: HttpRequest, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    Ok(page(&document(&app, None, &owner, id)?))
}

/// `GET /plany`: the published plans of every region and network, a Czech
/// page for anyone, each linking to its printable document.
pub async fn listing(app: State) -> HttpResponse {
    use crate::domain::plan::Owner;
    use crate::http::report_page::escape;
    let model = app.models.read();
    let now = app.now();
    let mut groups: Vec<(Vec<u16>, String, String)> = Vec::new();
    let owners =
        model
            .regions
            .iter()
            .map(|(slug, r)| (Owner::Region(slug.clone()), r.state.name.clone(), format!("/api/v1/regions/{slug}")))
            .chain(model.networks.iter().filter(|(_, n)| n.state.region.is_some()).map(|(slug, n)| {
                (Owner::Network(slug.clone()), n.state.name.clone(), format!("/api/v1/networks/{slug}"))
            }));
    for (owner, name, base) in owners {
        let plans = items(&model, &owner, false, now);
        if plans.is_empty() {
            continue;
        }
        let mut list = String::new();
        for plan in plans {
            list.push_str(&format!(
                "<li><a href=\"{base}/public/plans/{id}/document\">{title}</a> ({from}–{to})</li>",
                id = plan.id,
                title = escape(&plan.title),
                from = plan.from,
                to = plan.to,
            ));
        }
        let heading = format!("<h2>{}</h2><ul>{list}</ul>", escape(&name));
        groups.push((crate::projections::czech::sort_key(&name), name, heading));
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let body = if groups.is_empty() {
        "<p>Zatím žádná síť ani kraj nezveřejnily svůj plán.</p>".to_owned()
    } else {
        groups.into_iter().map(|(_, _, html)| html).collect()
    };
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html><html lang=\"cs\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>uzel – zveřejněné plány sítí</title><link rel=\"stylesheet\" href=\"/assets/uzel.css\"></head>\
         <body><h1>Zveřejněné plány sítí služeb pro ohrožené děti a rodiny</h1>\
         <p>Střednědobé plány, které sítě a kraje zveřejnily: současná praxe, doporučení a kroky \
         s odpovědnými, termíny a stavem plnění.</p>{body}</body></html>"
    ))
}
