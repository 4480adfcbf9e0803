//! The three templates as a workbook: `GET
//! /api/v1/networks/{network}/export.xlsx` (as of a date too) and `GET
//! /api/v1/regions/{region}/export.xlsx` (one set of sheets per network).
//! What a reader gets is the API's cut: the network's and the region's
//! coordinators everything; a case manager the actors with the designated
//! fields only; any other role of the network the actors sheet.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::auth::{Principal, redact};
use crate::domain::ids::Slug;
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::named::{Network, Region};
use crate::http::support::State;
use crate::interop::book::Book;
use crate::interop::export::{Reader, network_book, region_book};

/// The media type of an `.xlsx` workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(book: &Book, name: String) -> Result<HttpResponse, ApiError> {
    let bytes = book.to_xlsx().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(bytes))
}

/// What `principal` may have of network `slug`'s workbook.
pub fn reader(principal: &Principal, slug: &Slug, model: &crate::projections::Model) -> Reader {
    if principal.coordinates(slug) {
        return Reader::everything();
    }
    if principal.regional_for(slug, model) {
        return Reader { evaluations: false, ..Reader::everything() };
    }
    Reader {
        fields: redact::case_manager_fields(principal, slug, model),
        planning: false,
        contacts: false,
        evaluations: false,
    }
}

/// `GET /api/v1/networks/{network}/export.xlsx`
pub async fn network(
    app: State,
    principal: Principal,
    q: web::Query<ReadAt>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let reader = at.model.with_live(&app, |live| reader(&principal, &slug, live));
    let book = network_book(&at.model, &slug, at.now, &reader);
    drop(at);
    download(&book, format!("sablony-{slug}-{}.xlsx", app.now().format("%Y-%m-%d")))
}

/// `GET /api/v1/regions/{region}/export.xlsx`
pub async fn region(
    app: State,
    principal: Principal,
    q: web::Query<ReadAt>,
    region: Region,
) -> Result<HttpResponse, ApiError> {
    let region = region.0;
    let at = at::model(&app, &q).await?;
    // The region's coordinators read no platform's evaluation; admins do.
    let reader = Reader { evaluations: principal.is_admin(), ..Reader::everything() };
    let book = region_book(&at.model, &region, at.now, &reader);
    drop(at);
    download(&book, format!("sablony-{region}-{}.xlsx", app.now().format("%Y-%m-%d")))
}
