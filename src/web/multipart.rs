//! A page's form with a file (`multipart/form-data`) read whole: its text
//! fields and its files, from a body already received (the guard reads the
//! form's `csrf` field from it before the handler reads the rest).

use std::future::poll_fn;
use std::pin::Pin;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::web::Bytes;
use futures_core::Stream;

/// One field of the form: its name, the file's name if it is a file, and
/// its content.
#[derive(Clone, Debug)]
pub struct Part {
    /// The field's name.
    pub name: String,
    /// The file's name, for a file.
    pub file: Option<String>,
    /// What it holds.
    pub bytes: Bytes,
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// The fields of `body`, a `multipart/form-data` body with `headers`.
pub async fn parts(headers: &HeaderMap, body: Bytes) -> Result<Vec<Part>, String> {
    let mut form = Multipart::new(headers, {
        let p: Payload = Payload::from(body);
        p
    });
    let mut out = Vec::new();
    while let Some(field) = next(&mut form).await {
        let mut field = field.map_err(|e| format!("formulář nejde přečíst: {e}"))?;
        let name = field.name().unwrap_or_default().to_owned();
        let file = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = next(&mut field).await {
            bytes.extend_from_slice(&chunk.map_err(|e| format!("formulář nejde přečíst: {e}"))?);
        }
        out.push(Part { name, file, bytes: Bytes::from(bytes) });
    }
    Ok(out)
}
