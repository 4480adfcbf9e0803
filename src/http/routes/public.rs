//! What anyone may read without signing in: the list of networks and each
//! network's "where to turn" directory — active actors with their name, what
//! they help with, where, only the contact persons the actor marked
//! public, and free capacity only where the actor chose to show it
//! (`capacity_public`) and only while the announcement holds. Nothing else
//! of an actor (notes, internal fields, organisation contacts not marked
//! public) is ever in it.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::actor::Status;
use crate::domain::need_area::NeedArea;
use crate::domain::value::Value;
use crate::http::error::ApiError;
use crate::http::named::Network;
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
    /// Full name.
    pub name: String,
    /// Role at the actor.
    pub role: String,
    /// E-mail, if given.
    pub email: Option<String>,
    /// Phone, if given.
    pub phone: Option<String>,
}

/// An actor in the "where to turn" directory.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PublicActor {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// The need areas it helps with, in Czech.
    pub helps_with: Vec<String>,
    /// Life situations it helps in.
    pub life_situations: Vec<String>,
    /// Who it is for.
    pub target_groups: Vec<String>,
    /// Where it works.
    pub places: Vec<String>,
    /// Opening hours.
    pub opening_hours: String,
    /// Its web site.
    pub web: Option<String>,
    /// Contact persons marked public.
    pub contacts: Vec<PublicContact>,
    /// Capacity announcements that still hold, where the actor shows them
    /// to the public (empty otherwise).
    pub capacity: Vec<PublicCapacity>,
}

/// A capacity announcement as the public sees it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PublicCapacity {
    /// The unit (`bed`, `client`, `hour`, `slot`).
    pub unit: String,
    /// Free now.
    pub free: u32,
    /// When it was announced.
    pub announced_at: chrono::DateTime<chrono::Utc>,
    /// Until when it holds, if the service said.
    pub valid_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// What the public looks for.
#[derive(Clone, Debug, Default)]
pub struct PublicFilter {
    /// Helping in this need area.
    pub need_area: Option<NeedArea>,
    /// Helping in this life situation (a term id).
    pub life_situation: Option<Uuid>,
    /// Working in this place (a term id).
    pub place: Option<Uuid>,
    /// Words in the name or description, ignoring case and diacritics.
    pub text: Option<String>,
}

/// The active actors of network `slug` as the public may see them at `now`
/// (only contact persons marked public, capacity only where shown to the
/// public; nothing else of an actor), matching `filter`, in Czech name
/// order.
pub fn public_actors(
    model: &crate::projections::Model,
    slug: &crate::domain::ids::Slug,
    network: &crate::domain::network::NetworkState,
    filter: &PublicFilter,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<PublicActor> {
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
    let has = |fields: &std::collections::BTreeMap<String, Value>, f: &str, id: Option<Uuid>| {
        id.is_none_or(|id| fields.get(f).and_then(Value::as_list).unwrap_or(&[]).iter().any(|t| *t == id.to_string()))
    };
    let words = filter.text.as_deref().map(crate::projections::czech::fold).unwrap_or_default();
    let mut items: Vec<PublicActor> = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| Some((id, &model.actors.get(id)?.entry.state)))
        .filter(|(_, a)| a.status == Status::Active)
        .filter(|(_, a)| {
            has(&a.fields, "life_situations", filter.life_situation) && has(&a.fields, "places", filter.place)
        })
        .filter(|(_, a)| {
            words.is_empty()
                || crate::projections::czech::matches(
                    &crate::projections::czech::fold(&format!("{} {}", a.name(), text(&a.fields, "description"))),
                    &words,
                )
        })
        .filter_map(|(id, a)| {
            let areas = a.fields.get("need_areas").and_then(Value::as_list).unwrap_or(&[]);
            if let Some(area) = filter.need_area
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
                capacity: public_capacity(a, network.stale_days(), now),
            })
        })
        .collect();
    items.sort_by_cached_key(|i| crate::projections::czech::sort_key(&i.name));
    items
}

/// The announcements of `a` that hold at `now`, if it shows them to the
/// public.
fn public_capacity(
    a: &crate::domain::actor::ActorState,
    stale_days: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<PublicCapacity> {
    if a.fields.get("capacity_public").and_then(Value::as_flag) != Some(true) {
        return Vec::new();
    }
    a.capacity
        .values()
        .filter(|(c, at)| crate::projections::freshness::is_fresh(c.valid_until, *at, stale_days, now))
        .map(|(c, at)| PublicCapacity {
            unit: c.unit.clone(),
            free: c.free,
            announced_at: *at,
            valid_until: c.valid_until,
        })
        .collect()
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
pub async fn directory(app: State, q: web::Query<PublicQuery>, network: Network) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, network) = (network.0.clone(), network.state(&app)?);
    let area = match &q.need_area {
        None => None,
        Some(code) => Some(NeedArea::ALL.into_iter().find(|a| a.code() == code).ok_or_else(|| {
            let codes: Vec<&str> = NeedArea::ALL.iter().map(|a| a.code()).collect();
            ApiError::bad_request(format!("need_area is one of {}", codes.join(", ")))
        })?),
    };
    let model = app.models.read();
    let filter = PublicFilter { need_area: area, ..PublicFilter::default() };
    let items = public_actors(&model, &slug, &network, &filter, app.now());
    Ok(HttpResponse::Ok().json(serde_json::json!({ "network": slug, "name": network.name, "actors": items })))
}
