//! The network or region a route's path names, as extractors: checked to
//! exist before the handler runs — after the route's access rule, which
//! wraps the route — without copying its state. A network the read model
//! does not know yet may have just been written: the model catches up once
//! before the answer is "not found".

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::error::ApiError;
use super::support::{State, slug};
use crate::domain::ids::Slug;
use crate::domain::network::{NetworkState, RegionState};
use crate::projections::Model;

/// A network that exists, named by the route's `{network}`.
#[derive(Clone, Debug)]
pub struct Network(pub Slug);

/// A region that exists, named by the route's `{region}`.
#[derive(Clone, Debug)]
pub struct Region(pub Slug);

impl Network {
    /// The network's state, copied (for the few answers that show it).
    pub fn state(&self, app: &State) -> Result<NetworkState, ApiError> {
        let model = app.models.read();
        let entry = model.networks.get(&self.0);
        entry.map(|n| n.state.clone()).ok_or_else(|| ApiError::not_found(format!("network {} does not exist", self.0)))
    }
}

impl Region {
    /// The region's state, copied.
    pub fn state(&self, app: &State) -> Result<RegionState, ApiError> {
        let model = app.models.read();
        let entry = model.regions.get(&self.0);
        entry.map(|r| r.state.clone()).ok_or_else(|| ApiError::not_found(format!("region {} does not exist", self.0)))
    }
}

/// The slug `text` names, if `exists` finds it in the model (after the model
/// has caught up with the log, if it did not at first).
async fn find(app: &State, text: &str, what: &str, exists: fn(&Model, &Slug) -> bool) -> Result<Slug, ApiError> {
    let named = slug(text, what)?;
    if !exists(&app.models.read(), &named) {
        app.caught_up().await?;
        if !exists(&app.models.read(), &named) {
            return Err(ApiError::not_found(format!("{what} {named} does not exist")));
        }
    }
    Ok(named)
}

/// The network `text` names, if it exists (for a path read by hand).
pub async fn network(app: &State, text: &str) -> Result<Slug, ApiError> {
    find(app, text, "network", |m, s| m.networks.contains_key(s)).await
}

/// The region `text` names, if it exists.
pub async fn region(app: &State, text: &str) -> Result<Slug, ApiError> {
    find(app, text, "region", |m, s| m.regions.contains_key(s)).await
}

type Found<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// The app and the path segment `name` of a request.
fn parts(req: &HttpRequest, name: &str) -> Result<(State, String), ApiError> {
    let app = req.app_data::<State>().cloned().ok_or_else(|| ApiError::internal("the app is not configured"))?;
    let text = req.match_info().get(name).ok_or_else(|| ApiError::internal(format!("the route has no {{{name}}}")))?;
    Ok((app, text.to_owned()))
}

impl FromRequest for Network {
    type Error = ApiError;
    type Future = Found<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parts = parts(req, "network");
        Box::pin(async move {
            let (app, text) = parts?;
            network(&app, &text).await.map(Network)
        })
    }
}

impl FromRequest for Region {
    type Error = ApiError;
    type Future = Found<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parts = parts(req, "region");
        Box::pin(async move {
            let (app, text) = parts?;
            region(&app, &text).await.map(Region)
        })
    }
}
