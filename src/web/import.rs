//! Importing the templates from a page: the coordinator uploads a workbook
//! (the network's own, downloaded here, or their variant of the template),
//! sees row by row and cell by cell what would be created, changed (old →
//! new) or refused and why, and then imports — only the differences, as
//! themselves; nothing if a row is refused unless they tick "valid rows
//! only". The import runs on while a page follows it with a progress bar
//! (reloading itself, no script needed) and ends on its report. The same
//! plan and the same writes as the API's `import.xlsx`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};

use super::controls::csrf;
use super::forms::{admitted, frame, or_answer};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::multipart::parts;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::ids::Slug;
use crate::http::support::State;
use crate::interop::apply::{Applied, apply};
use crate::interop::book::{Book, MAX_BYTES, MAX_FORM_BYTES};
use crate::interop::import::{Report, Verdict, plan};

fn admit(app: &State, req: &HttpRequest, principal: &Principal) -> Result<(Slug, Who), Box<HttpResponse>> {
    let params = Params { network: Some(req.match_info().query("network").to_owned()), ..Params::default() };
    admitted(app, req, principal, Access::NetworkWrite, &params)
}

/// What the page says above the form after a post.
enum Said {
    Nothing,
    Problem(String),
    Report { report: Report, applied: Option<Applied>, stopped: bool },
}

fn form(lang: Lang, slug: &Slug, me: &Who) -> Markup {
    html! {
        form method="post" action={ "/site/" (slug) "/import" } enctype="multipart/form-data" class="formular" {
            (csrf(&me.csrf))
            label for="soubor" { (lang.t(Msg::ImportFile)) }
            input type="file" id="soubor" name="soubor" required
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            label class="zaskrtavatko" {
                input type="checkbox" name="jen_platne" value="1";
                " " (lang.t(Msg::ImportValidOnly))
            }
            div class="akce" {
                button type="submit" name="krok" value="zkouska" { (lang.t(Msg::ImportCheck)) }
                " "
                button type="submit" name="krok" value="import" class="druhotne" { (lang.t(Msg::ImportApply)) }
            }
        }
    }
}

fn verdict(v: &Verdict) -> (Msg, Markup) {
    match v {
        Verdict::Create => (Msg::ImportCreate, html! {}),
        Verdict::Same => (Msg::ImportSame, html! {}),
        Verdict::Change { changes } => (
            Msg::ImportChange,
            html! { ul { @for c in changes { li { (c.column) ": „" (c.old) "“ → „" (c.new) "“" } } } },
        ),
        Verdict::Refused { problems } => (
            Msg::ImportRefused,
            html! { ul { @for p in problems { li { @if let Some(c) = &p.column { (c) ": " } (p.reason) } } } },
        ),
    }
}

fn report(lang: Lang, report: &Report, applied: Option<&Applied>, stopped: bool) -> Markup {
    html! {
        @if stopped {
            p class="chyba" role="alert" { (lang.t(Msg::ImportRefusedStop)) }
        } @else if let Some(a) = applied {
            p class="potvrzeni" role="status" {
                (lang.t(Msg::ImportDone)) " — " (lang.t(Msg::ImportActors)) ": " (a.records) ", "
                (lang.t(Msg::ImportCommands)) ": " (a.commands)
            }
        } @else {
            p class="potvrzeni" role="status" { (lang.t(Msg::ImportDryRun)) }
        }
        p {
            (lang.t(Msg::ImportTotals)) ": "
            (lang.t(Msg::ImportCreate)) " " (report.created) ", "
            (lang.t(Msg::ImportChange)) " " (report.changed) ", "
            (lang.t(Msg::ImportSame)) " " (report.unchanged) ", "
            (lang.t(Msg::ImportRefused)) " " (report.refused)
        }
        @if !report.ignored_columns.is_empty() {
            p { (lang.t(Msg::ImportIgnored)) ": " (report.ignored_columns.join(", ")) }
        }
        @if !report.ignored_sheets.is_empty() {
            p { (lang.t(Msg::ImportIgnoredSheets)) ": " (report.ignored_sheets.join(", ")) }
        }
        table class="tabulka" {
            thead { tr {
                th scope="col" class="cislo" { (lang.t(Msg::ImportRow)) }
                th scope="col" { (lang.t(Msg::Name)) }
                th scope="col" { (lang.t(Msg::ImportOutcome)) }
                th scope="col" { (lang.t(Msg::ImportDetail)) }
            } }
            tbody {
                @for row in report.rows.iter().filter(|r| !matches!(r.verdict, Verdict::Same)) {
                    @let (outcome, detail) = verdict(&row.verdict);
                    tr class=(if matches!(row.verdict, Verdict::Refused { .. }) { "odmitnuto" } else { "" }) {
                        td class="cislo" { (row.sheet) " " (row.row) }
                        td { (row.name) }
                        td { (lang.t(outcome)) }
                        td { (detail) }
                    }
                }
            }
        }
    }
}

fn show(req: &HttpRequest, slug: &Slug, me: &Who, said: &Said, status: StatusCode) -> HttpResponse {
    let lang = Lang::of(req);
    let content = html! {
        p class="podtitul" { (lang.t(Msg::ImportIntro)) }
        p { a href={ "/api/v1/networks/" (slug) "/export.xlsx" } { (lang.t(Msg::ImportDownload)) } }
        @match said {
            Said::Nothing => {},
            Said::Problem(why) => p class="chyba" role="alert" { (why) },
            Said::Report { report: r, applied, stopped } => (report(lang, r, applied.as_ref(), *stopped)),
        }
        (form(lang, slug, me))
    };
    frame(req, lang, me, lang.t(Msg::ImportTitle), status, content)
}

/// `GET /site/{network}/import`
pub async fn page(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    show(&req, &slug, &me, &Said::Nothing, StatusCode::OK)
}

/// `POST /site/{network}/import`: the dry run, or the import.
pub async fn submit(app: State, req: HttpRequest, principal: Principal, body: web::Payload) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let lang = Lang::of(&req);
    let problem = |why: String| show(&req, &slug, &me, &Said::Problem(why), StatusCode::UNPROCESSABLE_ENTITY);
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    if !multipart {
        let why = "formulář s importem se posílá jako multipart/form-data (se souborem)".to_owned();
        return show(&req, &slug, &me, &Said::Problem(why), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let bytes = match body.to_bytes_limited(MAX_FORM_BYTES).await {
        Ok(Ok(bytes)) => bytes,
        _ => return problem(format!("soubor je větší než {} MB, nebo nedorazil celý", MAX_BYTES >> 20)),
    };
    let fields = match parts(req.headers(), bytes).await {
        Ok(fields) => fields,
        Err(why) => return problem(why),
    };
    let text = |name: &str| fields.iter().find(|p| p.name == name && p.file.is_none()).map(|p| p.bytes.clone());
    let Some(file) = fields.iter().find(|p| p.name == "soubor" && !p.bytes.is_empty()) else {
        return problem(lang.t(Msg::ImportNoFile).to_owned());
    };
    let book = match Book::from_xlsx(&file.bytes) {
        Ok(book) => book,
        Err(why) => return problem(why),
    };
    if app.caught_up().await.is_err() {
        return problem("server právě dohání zápisy; zkuste to za chvíli".into());
    }
    let planned = {
        let model = app.models.read();
        plan(&model, &slug, &book, app.now())
    };
    let (report, writes) = match planned {
        Ok(planned) => planned,
        Err(why) => return problem(why),
    };
    let apply_it = text("krok").is_some_and(|k| &k[..] == b"import");
    let valid_only = text("jen_platne").is_some();
    if !apply_it {
        return show(&req, &slug, &me, &Said::Report { report, applied: None, stopped: false }, StatusCode::OK);
    }
    if report.refused > 0 && !valid_only {
        let said = Said::Report { report, applied: None, stopped: true };
        return show(&req, &slug, &me, &said, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let Some(user) = principal.user else { return super::session::sign_in_first(&req) };
    let author = crate::auth::author_of(principal.user);
    let jobs = app.imports.clone();
    let job = jobs.start(user, slug.clone(), report, writes.steps.len());
    let app = app.get_ref().clone();
    let network = slug.clone();
    // The import runs on; the page that follows it shows how far it is.
    actix_web::rt::spawn(async move {
        let outcome = apply(&app, &network, &writes, &author, None, |done, _| jobs.progress(job, done)).await;
        jobs.end(
            job,
            outcome.map_err(|stopped| {
                let why = format!(
                    "import se zastavil u záznamu {}: {}; zkontrolujte sešit znovu a importujte zbytek",
                    stopped.record,
                    super::reasons::say(Lang::Cs, &stopped.error.to_string())
                );
                (stopped.applied, why)
            }),
        );
    });
    super::forms::see_other(format!("/site/{slug}/import/{job}"))
}

/// `GET /site/{network}/import/{job}`: how far an import is — a progress
/// bar, the page reloading itself each second (a `Refresh` header, no
/// script needed) — and, once it ends, what it wrote.
pub async fn progress(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let lang = Lang::of(&req);
    let job = uuid::Uuid::parse_str(req.match_info().query("job"))
        .ok()
        .zip(principal.user)
        .and_then(|(id, user)| app.imports.get(id, user))
        .filter(|j| j.network == slug);
    let Some(job) = job else {
        let why = lang.t(Msg::ImportUnknownJob).to_owned();
        return show(&req, &slug, &me, &Said::Problem(why), StatusCode::NOT_FOUND);
    };
    match job.outcome {
        None => {
            let content = html! {
                p role="status" {
                    (lang.t(Msg::ImportRunning)) " " (job.done) " / " (job.total)
                }
                progress value=(job.done) max=(job.total.max(1)) aria-label=(lang.t(Msg::ImportRunning)) {
                    (job.done) " / " (job.total)
                }
            };
            let mut page = frame(&req, lang, &me, lang.t(Msg::ImportTitle), StatusCode::OK, content);
            page.headers_mut().insert(
                actix_web::http::header::HeaderName::from_static("refresh"),
                actix_web::http::header::HeaderValue::from_static("1"),
            );
            page
        }
        Some(Ok(applied)) => {
            let said = Said::Report { report: job.report, applied: Some(applied), stopped: false };
            show(&req, &slug, &me, &said, StatusCode::OK)
        }
        Some(Err((applied, why))) => {
            let why = format!("{why} ({} {}: {})", lang.t(Msg::ImportDone), lang.t(Msg::ImportActors), applied.records);
            show(&req, &slug, &me, &Said::Problem(why), StatusCode::OK)
        }
    }
}
