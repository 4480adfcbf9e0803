//! Static assets of the pages, compiled into the binary: pages carry no
//! inline styles or scripts, so the content security policy can forbid them.

use actix_web::HttpResponse;
use actix_web::http::header;

/// The stylesheet of every page.
const STYLESHEET: &str = include_str!("assets/uzel.css");
const SCRIPT: &str = include_str!("assets/uzel.js");

/// `GET /assets/uzel.js`: the pages' one script (every page works without it).
pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(SCRIPT)
}

/// `GET /assets/uzel.css`
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}
