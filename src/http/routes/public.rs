//! What anyone may read without signing in: the list of networks and each
//! network's "where to turn" directory — active actors with their name, what
//! they help with, where, and only the contact persons the actor marked
//! public. Nothing else of an actor (notes, capacity, internal fields,
//! organisation contacts not marked public) is ever in it.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::networks::existing;
use crate::domain::actor::Status;
use crate::domain::need_area::NeedArea;
use crate::domain::value::Value;
use crate::http::error::ApiError;
use crate::http::support::{State, wait};

/// A network in the public list.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PublicNetwork {
    /// Its slug.
    network: String,
    /// Its name.
    name: String,
    /// Its region's slug.
    region: Option<String>,
}

/// `GET /api/v1/public/networks`: every network, for finding its directory.
pub async fn networks(app: State) -> Result<HttpResponse, ApiError> {
    let model = app.models.read();
    let mut items: Vec<PublicNetwork> = model
        .networks
        .iter()
        .filter(|(_, n)| n.state.region.is_some())
        .map(|(slug, n)| PublicNetwork {
            network: slug.to_string(),
            name: n.state.name.clone(),
            region: n.state.region.as_ref().map(ToString::to_string),
        })
        .collect();
    items.sort_by_cached_key(|i| crate::projections::czech::sort_key(&i.name));
    Ok(HttpResponse::Ok().json(items))
}

/// A contact person the actor marked public.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PublicContact {
    name: String,
    role: String,
    email: Option<String>,
    phone: Option<String>,
}

/// An actor in the "where to turn" directory.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PublicActor {
    id: Uuid,
    name: String,
    /// What it does.
    description: String,
    /// The need areas it helps with, in Czech.
    helps_with: Vec<String>,
    /// Life situations it helps in.
    life_situations: Vec<String>,
    /// Who it is for.
    target_groups: Vec<String>,
    /// Where it works.
    places: Vec<String>,
    /// Opening hours.
    opening_hours: String,
    /// Its web site.
    web: Option<String>,
    /// Contact persons marked public.
    contacts: Vec<PublicContact>,
}

/// Query of the public directory.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicQuery {
    /// Only actors helping in this need area (its code).
    #[serde(default)]
    need_area: Option<String>,
    /// Wait until the read models have applied this position.
    #[serde(default)]
    min_position: Option<u64>,
}

/// `GET /api/v1/networks/{network}/public`: where to turn, for anyone.
pub async fn directory(
    app: State,
    path: web::Path<String>,
    q: web::Query<PublicQuery>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, network) = existing(&app, &path).await?;
    let area = match &q.need_area {
        None => None,
        Some(code) => Some(NeedArea::ALL.into_iter().find(|a| a.code() == code).ok_or_else(|| {
            let codes: Vec<&str> = NeedArea::ALL.iter().map(|a| a.code()).collect();
            ApiError::bad_request(format!("need_area is one of {}", codes.join(", ")))
        })?),
    };
    let model = app.models.read();
    let term_names = |field: &str, fields: &std::collections::BTreeMap<String, Value>| -> Vec<String> {
        let ids = fields.get(field).and_then(Value::as_list).unwrap_or(&[]);
        ids.iter()
            .filter_map(|id| Uuid::parse_str(id).ok())
            .filter_map(|id| network.terms.get(&id).map(|t| t.name.clone()))
            .collect()
    };
    let text = |fields: &std::collections::BTreeMap<String, Value>, f: &str| {
        fields.get(f).and_then(Value::as_text).unwrap_or("").to_owned()
    };
    let mut items: Vec<PublicActor> = model
        .actors_by_network
        .get(&slug)
        .into_iter()
        .flatten()
        .filter_map(|id| Some((id, &model.actors.get(id)?.entry.state)))
        .filter(|(_, a)| a.status == Status::Active)
        .filter_map(|(id, a)| {
            let areas = a.fields.get("need_areas").and_then(Value::as_list).unwrap_or(&[]);
            if let Some(area) = area
                && !areas.iter().any(|code| code == area.code())
            {
                return None;
            }
            Some(PublicActor {
                id: *id,
                name: a.name().to_owned(),
                description: text(&a.fields, "description"),
                helps_with: NeedArea::ALL
                    .into_iter()
                    .filter(|na| areas.iter().any(|c| c == na.code()))
                    .map(|na| na.label_cs().to_owned())
                    .collect(),
                life_situations: term_names("life_situations", &a.fields),
                target_groups: term_names("target_groups", &a.fields),
                places: term_names("places", &a.fields),
                opening_hours: text(&a.fields, "opening_hours"),
                web: a.fields.get("web").and_then(Value::as_text).map(str::to_owned),
                contacts: a
                    .contacts
                    .values()
                    .filter(|c| c.public && !c.erased)
                    .map(|c| PublicContact {
                        name: c.name.clone(),
                        role: c.role.clone(),
                        email: c.email.clone(),
                        phone: c.phone.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    items.sort_by_cached_key(|i| crate::projections::czech::sort_key(&i.name));
    Ok(HttpResponse::Ok().json(serde_json::json!({ "network": slug, "name": network.name, "actors": items })))
}
