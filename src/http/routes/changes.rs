//! What changed between two dates (audit): `GET …/networks/{network}/changes`
//! and `GET …/regions/{region}/changes`, `?from=2025-01-01&to=2025-12-31`
//! (a year up to now by default), on the effective clock or `clock=recorded`.

use std::collections::BTreeSet;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

use crate::audit::changeset::{Period, RegionChangeSet, Span};
use crate::audit::timeline::Clock;
use crate::http::at::{off_thread, parse_as_of};
use crate::http::error::ApiError;
use crate::http::named::{Network, Region};
use crate::http::support::{State, wait};

/// The longest period a change set covers.
pub const MAX_YEARS: i64 = 10;

/// Query of a change set.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// Wait until the read models have applied this position.
    #[serde(default)]
    min_position: Option<u64>,
    /// The first day (`2025-01-01`, from its start) or instant; a year
    /// before `to` by default.
    #[serde(default)]
    from: Option<String>,
    /// The last day (`2025-12-31`, to its end) or instant; now by default.
    #[serde(default)]
    to: Option<String>,
    /// `effective` (default) or `recorded`.
    #[serde(default)]
    clock: Clock,
}

/// The period a query asks for.
pub fn period(q: &ChangesQuery, now: DateTime<Utc>) -> Result<Period, ApiError> {
    let to = match &q.to {
        Some(text) => parse_as_of(text, q.clock, now)?,
        None => now,
    };
    let from = match q.from.as_deref().map(str::trim) {
        None => to - Duration::days(365),
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            // The state before the first day: everything before its start.
            Ok(day) => day.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - Duration::microseconds(1)),
            Err(_) => DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc)),
        }
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "from must be a date (2025-01-01) or an instant (2025-01-01T00:00:00Z), not {text:?}"
            ))
        })?,
    };
    if from >= to {
        return Err(ApiError::bad_request("from must be before to: the period runs from the first date to the second"));
    }
    if to - from > Duration::days(366 * MAX_YEARS) {
        return Err(ApiError::bad_request(format!(
            "a change set covers at most {MAX_YEARS} years; ask for a shorter period"
        )));
    }
    Ok(Period { clock: q.clock, from, to })
}

/// The models at both ends of `period` and the events of `networks`
/// between them, read on a blocking thread.
pub async fn read_span(app: &State, period: Period, networks: BTreeSet<String>) -> Result<Span, ApiError> {
    off_thread(app, move |app| async move {
        Span::read(&app.models.past, app.log.as_ref(), app.keys.as_ref(), period, &networks).await
    })
    .await
}

/// `GET /api/v1/networks/{network}/changes`
pub async fn network(app: State, q: web::Query<ChangesQuery>, network: Network) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let period = period(&q, app.now())?;
    let networks = BTreeSet::from([slug.as_str().to_owned()]);
    let span = read_span(&app, period, networks).await?;
    Ok(HttpResponse::Ok().json(span.network(&slug)))
}

/// `GET /api/v1/regions/{region}/changes`: each network of the region, and
/// the region's own plans.
pub async fn region(app: State, q: web::Query<ChangesQuery>, region: Region) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let region = region.0;
    let period = period(&q, app.now())?;
    let networks: BTreeSet<String> = app
        .models
        .read()
        .networks
        .iter()
        .filter(|(_, n)| n.state.region.as_ref() == Some(&region))
        .map(|(slug, _)| slug.as_str().to_owned())
        .collect();
    // The region's own plans are written without a network.
    let with_region = networks.iter().cloned().chain([String::new()]).collect();
    let span = read_span(&app, period, with_region).await?;
    let mut sets: Vec<_> = networks
        .iter()
        .filter_map(|n| crate::domain::ids::Slug::parse(n).ok())
        .filter(|n| span.after().networks.contains_key(n))
        .map(|n| span.network(&n))
        .collect();
    sets.sort_by_cached_key(|s| crate::projections::czech::sort_key(&s.name));
    let planning = crate::audit::planning::of_region(&span, &region);
    Ok(HttpResponse::Ok().json(RegionChangeSet { region, period, networks: sets, planning }))
}
