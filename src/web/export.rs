//! The directory's current result to take away: every actor the filters
//! find (not just the page shown), one row each, the actors template's
//! columns in its order with the network's custom categories after them,
//! values as people read them (Czech names of codes and terms). As CSV
//! (UTF-8 with a byte-order mark and `;` between values, as Czech Excel
//! opens it) and as an XLSX workbook of one sheet (header frozen, widths
//! set). A case manager gets the columns designated for them only.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use rust_xlsxwriter::{Format, Workbook};
use uuid::Uuid;

use super::actor::{label, status_name, value};
use super::asof::AsOf;
use super::forms::or_answer;
use super::i18n::{Lang, Msg};
use super::session::{admit, refused, who};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::auth::redact;
use crate::domain::actor_fields::{ACTOR_FIELDS, CUSTOM_PREFIX};
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::http::support::State;
use crate::projections::directory::{self, DirectoryQuery, MAX_PER_PAGE, Sort};
use crate::projections::{Model, views};

/// The result as a table: the header, then a row per actor.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The columns: the template's fields, the custom categories, the status;
/// `only` keeps the fields designated for case managers.
fn columns(model: &Model, slug: &Slug, only: Option<&[String]>) -> Vec<String> {
    let mut out: Vec<String> = ACTOR_FIELDS.iter().map(|f| f.code.to_owned()).collect();
    if let Some(network) = model.networks.get(slug) {
        out.extend(network.state.categories.keys().map(|id| format!("{CUSTOM_PREFIX}{id}")));
    }
    if let Some(only) = only {
        out.retain(|c| only.contains(c));
    }
    out
}

/// Every actor the directory's filters in `pairs` find, as a table.
fn table(
    lang: Lang,
    model: &Model,
    slug: &Slug,
    filter: DirectoryFilter,
    sort: Sort,
    only: Option<&[String]>,
    now: chrono::DateTime<chrono::Utc>,
) -> Table {
    let columns = columns(model, slug, only);
    let mut header: Vec<String> = vec![lang.t(Msg::IdColumn).to_owned()];
    header.extend(columns.iter().map(|c| label(model, slug, c)));
    if only.is_none() {
        header.push(lang.t(Msg::Status).to_owned());
    }
    let mut ids: Vec<Uuid> = Vec::new();
    let mut query = DirectoryQuery { filter, page: 1, per_page: MAX_PER_PAGE, sort, names_only: only.is_some() };
    loop {
        let found = directory::query(model, slug, &query, now);
        let done = found.items.len() < MAX_PER_PAGE || ids.len() + found.items.len() >= found.total;
        ids.extend(found.items);
        if done {
            break;
        }
        query.page += 1;
    }
    let rows = ids
        .iter()
        .filter_map(|id| views::actor(model, id, now))
        .map(|view| {
            let mut row = vec![view.id.to_string()];
            row.extend(
                columns.iter().map(|c| view.fields.get(c).map_or_else(String::new, |v| value(lang, model, slug, c, v))),
            );
            if only.is_none() {
                row.push(status_name(lang, view.status).to_owned());
            }
            row
        })
        .collect();
    Table { header, rows }
}

/// One CSV value: quoted when it holds the separator, a quote or a line
/// break; a leading `=`, `+`, `-` or `@` is set off so a spreadsheet does
/// not take it for a formula.
fn csv_value(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([';', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn csv(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(&table.header).chain(&table.rows) {
        out.push_str(&row.iter().map(|v| csv_value(v)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn xlsx(table: &Table, sheet: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let page = book.add_worksheet();
    page.set_name(sheet)?;
    for (c, title) in table.header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        page.write_string_with_format(0, c, title, &bold)?;
        let widest = table.rows.iter().map(|r| r.get(usize::from(c)).map_or(0, |v| v.chars().count())).max();
        let width = widest.unwrap_or(0).max(title.chars().count()).clamp(8, 60);
        page.set_column_width(c, width as f64 + 2.0)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            // Strings always: a value is never read as a formula.
            page.write_string_with_format(r, u16::try_from(c).unwrap_or(u16::MAX), v, &wrap)?;
        }
    }
    page.set_freeze_panes(1, 0)?;
    page.autofilter(
        0,
        0,
        u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        u16::try_from(table.header.len().saturating_sub(1)).unwrap_or(0),
    )?;
    book.save_to_buffer()
}

/// `GET /site/{network}/adresar.csv` and `…/adresar.xlsx`: the directory's
/// current result (its query: the page's filters, search and date).
pub async fn download(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let me = who(&app, &principal);
    let params = Params { network: Some(path.into_inner()), ..Params::default() };
    let slug = or_answer!(admit(&app, &req, &principal, Access::NetworkRead, &params, me.as_ref()));
    let lang = Lang::of(&req);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
    let sort = if pairs.iter().any(|(k, v)| k == "razeni" && v == "zmena") { Sort::Updated } else { Sort::Name };
    let Ok(filter) =
        DirectoryFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), super::directory::OPTIONS)
    else {
        return refused(&req, me.as_ref(), StatusCode::BAD_REQUEST);
    };
    let asof = AsOf::of(&req, lang);
    let Ok(at) = asof.model(&app).await else { return refused(&req, me.as_ref(), StatusCode::BAD_REQUEST) };
    let only = at.model.with_live(&app, |live| redact::case_manager_fields(&principal, &slug, live));
    if let Some(fields) = &only
        && redact::case_manager_filter(&filter, fields).is_err()
    {
        return refused(&req, me.as_ref(), StatusCode::FORBIDDEN);
    }
    let table = table(lang, &at.model, &slug, filter, sort, only.as_deref(), at.now);
    drop(at);
    let day = app.now().format("%Y-%m-%d");
    let (body, kind, name) = if req.path().ends_with(".xlsx") {
        match xlsx(&table, lang.t(Msg::Directory)) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("adresar-{slug}-{day}.xlsx"),
            ),
            Err(e) => return actix_web::ResponseError::error_response(&crate::http::error::ApiError::internal(e)),
        }
    } else {
        (csv(&table), "text/csv; charset=utf-8", format!("adresar-{slug}-{day}.csv"))
    };
    HttpResponse::Ok()
        .content_type(kind)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_values_are_quoted_and_never_formulas() {
        assert_eq!(csv_value("Klub Kotec"), "Klub Kotec");
        assert_eq!(csv_value("a; b"), "\"a; b\"");
        assert_eq!(csv_value("řekl \"ne\""), "\"řekl \"\"ne\"\"\"");
        assert_eq!(csv_value("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_value("+420 777 000 111"), "'+420 777 000 111");
    }
}
