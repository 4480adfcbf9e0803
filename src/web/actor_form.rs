//! Entering and editing an actor as pages: every field of the template and
//! of the network's custom categories, grouped as the template groups
//! them; the status with the date it holds from. A form answers with a
//! redirect to the actor's page (PRG) or comes back with each problem next
//! to its field, in Czech, and everything typed kept.
//!
//! Editing is optimistic: the form carries the version it was opened at.
//! When someone else saved the record meanwhile, nothing is written; the
//! form comes back showing who changed what, old → new, with the other
//! person's values taken where this person left the field alone and the
//! fields both changed marked, to decide and save again. Nothing is ever
//! silently overwritten.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::actor::{author, label, status_name, value};
use super::fields::{self, Field, Group, Sent, anchor};
use super::forms::{Posted, Refusal, admitted, frame, holds_from, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::{Who, error_summary};
use super::session::refused;
use crate::app::AppError;
use crate::audit::history::{Change, Sight};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date_time;
use crate::domain::actor::{ActorCommand, Status};
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::{Model, views};

/// A form's state as it is shown.
pub(super) struct Form {
    /// Where it posts.
    pub(super) action: String,
    /// The template's fields.
    pub(super) fields: Vec<Field>,
    /// What the inputs show.
    pub(super) sent: Sent,
    /// Problems by field code (in the person's words).
    pub(super) errors: BTreeMap<String, String>,
    /// Problems not of one field.
    pub(super) general: Vec<String>,
    /// The version the form edits (`None`: a new actor).
    pub(super) version: Option<u64>,
    /// The new actor's id, fixed when the form is first shown (a second
    /// send of the same form finds it written and writes nothing).
    pub(super) key: Option<Uuid>,
    /// The date the change holds from, as typed.
    pub(super) from: String,
    /// Notes under fields someone else changed meanwhile.
    pub(super) notes: BTreeMap<String, Markup>,
    /// What someone else changed meanwhile.
    pub(super) meanwhile: Option<Markup>,
}

impl Form {
    pub(super) fn new(action: String, fields: Vec<Field>, sent: Sent) -> Self {
        Self {
            action,
            fields,
            sent,
            errors: BTreeMap::new(),
            general: Vec::new(),
            version: None,
            key: None,
            from: String::new(),
            notes: BTreeMap::new(),
            meanwhile: None,
        }
    }

    pub(super) fn render(&self, lang: Lang, csrf: &str) -> Markup {
        let summary: Vec<(String, String)> = self
            .general
            .iter()
            .map(|g| ("formular".to_owned(), g.clone()))
            .chain(
                self.fields
                    .iter()
                    .filter_map(|f| self.errors.get(&f.code).map(|e| (anchor(&f.code), format!("{}: {e}", f.label)))),
            )
            .chain(self.errors.get("plati_od").map(|e| ("plati_od".to_owned(), e.clone())))
            .collect();
        let summary: Vec<(&str, String)> = summary.iter().map(|(a, t)| (a.as_str(), t.clone())).collect();
        let mut groups: Vec<Group> = self.fields.iter().map(|f| f.group).collect();
        groups.dedup();
        html! {
            (error_summary(lang, &summary))
            @if let Some(m) = &self.meanwhile { (m) }
            form method="post" action=(self.action) class="formular" id="formular" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                @if let Some(v) = self.version { input type="hidden" name="verze" value=(v); }
                @if let Some(k) = self.key { input type="hidden" name="klic" value=(k); }
                @for group in groups {
                    fieldset class="skupina" {
                        legend { (group.title(lang)) }
                        @for field in self.fields.iter().filter(|f| f.group == group) {
                            (fields::input(lang, field, &self.sent, self.errors.get(&field.code).map(String::as_str), self.notes.get(&field.code)))
                        }
                    }
                }
                div class={ "pole" @if self.errors.contains_key("plati_od") { " s-chybou" } } {
                    label for="plati_od" { (lang.t(Msg::HoldsFrom)) }
                    p class="napoveda" { (lang.t(Msg::HoldsFromHint)) }
                    @if let Some(e) = self.errors.get("plati_od") { p class="chyba-pole" { (e) } }
                    input type="date" id="plati_od" name="plati_od" value=(self.from);
                }
                button type="submit" { (lang.t(Msg::Save)) }
            }
        }
    }
}

/// What a failed write says to the person: its problems on the form, and
/// the status to answer with.
pub(super) fn failed(lang: Lang, form: &mut Form, error: AppError) -> StatusCode {
    let refusal = Refusal::of(lang, error);
    for (field, e) in &refusal.fields {
        if !form.fields.iter().any(|f| &f.code == field) && field != "plati_od" {
            form.general.push(format!("{field}: {e}"));
        }
    }
    form.errors.extend(refusal.fields);
    form.general.extend(refusal.general);
    refusal.status
}

/// The actor `id` of `slug` as its editors see it.
pub(super) fn actor_view(app: &State, slug: &Slug, id: Uuid) -> Option<views::ActorView> {
    let model = app.models.read();
    views::actor(&model, &id, app.now()).filter(|v| v.network.as_ref() == Some(slug))
}

pub(super) fn template(model: &Model, slug: &Slug, held: &BTreeMap<String, Value>) -> Vec<Field> {
    model.networks.get(slug).map(|n| fields::template(&n.state, held)).unwrap_or_default()
}

fn actor_params(path: &(String, String)) -> Params {
    Params { network: Some(path.0.clone()), actor: Some(path.1.clone()), ..Params::default() }
}

/// `GET /site/{network}/akter/{actor}/upravit`
pub async fn edit_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &actor_params(&path)));
    let lang = Lang::of(&req);
    let Some(view) = Uuid::parse_str(&path.1).ok().and_then(|id| actor_view(&app, &slug, id)) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let fields = template(&app.models.read(), &slug, &view.fields);
    let sent = Sent::of(&fields, &view.fields);
    let mut form = Form::new(format!("/site/{slug}/akter/{}/upravit", view.id), fields, sent);
    form.version = Some(view.version);
    edit_answer(&req, lang, &me, &slug, &view, &form, None, StatusCode::OK)
}

/// The edit page: the form, then the status form.
#[allow(clippy::too_many_arguments)]
fn edit_answer(
    req: &HttpRequest,
    lang: Lang,
    me: &Who,
    slug: &Slug,
    view: &views::ActorView,
    form: &Form,
    status_error: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let name = view.fields.get("name").and_then(Value::as_text).unwrap_or("");
    let title = format!("{} – {name}", lang.t(Msg::EditActor));
    let content = html! {
        p { a href={ "/site/" (slug) "/akter/" (view.id) } { "← " (lang.t(Msg::BackToActor)) } }
        (form.render(lang, &me.csrf))
        section aria-labelledby="stav-nadpis" class="stav" {
            h2 id="stav-nadpis" { (lang.t(Msg::StatusLabel)) " " (status_name(lang, view.status)) }
            form method="post" action={ "/site/" (slug) "/akter/" (view.id) "/stav" } class="formular" {
                input type="hidden" name="csrf" value=(me.csrf);
                div class={ "pole" @if status_error.is_some() { " s-chybou" } } {
                    label for="stav" { (lang.t(Msg::NewStatus)) }
                    @if let Some(e) = status_error { p class="chyba-pole" { (e) } }
                    select id="stav" name="stav" {
                        @for s in [Status::Active, Status::TemporarilyClosed, Status::Ended] {
                            option value=(status_code(s)) selected[s == view.status] { (status_name(lang, s)) }
                        }
                    }
                }
                div class="pole" {
                    label for="stav-od" { (lang.t(Msg::HoldsFrom)) }
                    p class="napoveda" { (lang.t(Msg::HoldsFromHint)) }
                    input type="date" id="stav-od" name="plati_od";
                }
                button type="submit" { (lang.t(Msg::SetStatus)) }
            }
        }
    };
    frame(req, lang, me, &title, status, content)
}

fn status_code(status: Status) -> &'static str {
    match status {
        Status::Active => "active",
        Status::TemporarilyClosed => "temporarily_closed",
        Status::Ended => "ended",
    }
}

/// `POST /site/{network}/akter/{actor}/upravit`
pub async fn edit_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &actor_params(&path)));
    let lang = Lang::of(&req);
    let Some(view) = Uuid::parse_str(&path.1).ok().and_then(|id| actor_view(&app, &slug, id)) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let fields = template(&app.models.read(), &slug, &view.fields);
    let mut form = Form::new(format!("/site/{slug}/akter/{}/upravit", view.id), fields, sent);
    form.from = form.sent.one("plati_od").to_owned();
    let base: Option<u64> = form.sent.one("verze").parse().ok();
    form.version = Some(base.unwrap_or(view.version));
    if base.is_none() {
        form.general.push(lang.t(Msg::FormExpired).to_owned());
    }
    let effective = holds_from(&form.from, app.now()).unwrap_or_else(|_| {
        form.errors.insert("plati_od".into(), lang.t(Msg::DateFormat).to_owned());
        None
    });
    let mut changes = Vec::new();
    let mut mine = BTreeMap::new();
    for field in &form.fields {
        match fields::read(lang, field, &form.sent) {
            Ok(value) => {
                if !fields::same(value.as_ref(), view.fields.get(&field.code)) {
                    changes.push((field.code.clone(), value.clone()));
                }
                mine.insert(field.code.clone(), value);
            }
            Err(e) => {
                form.errors.insert(field.code.clone(), e);
            }
        }
    }
    if !form.errors.is_empty() || !form.general.is_empty() {
        return edit_answer(&req, lang, &me, &slug, &view, &form, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let back = format!("/site/{slug}/akter/{}", view.id);
    if changes.is_empty() {
        return see_other(back);
    }
    let command = ActorCommand::Change { fields: changes };
    match app.actor(&slug, view.id, command, &meta(&principal, effective, base)).await {
        Ok(_) => see_other(format!("{back}?ulozeno=1")),
        Err(AppError::VersionMismatch { .. }) => {
            let base = base.unwrap_or(view.version);
            merge(&app, lang, &mut form, &slug, &view, base, &mine).await;
            edit_answer(&req, lang, &me, &slug, &view, &form, None, StatusCode::CONFLICT)
        }
        Err(error) => {
            let status = failed(lang, &mut form, error);
            edit_answer(&req, lang, &me, &slug, &view, &form, None, status)
        }
    }
}

/// Someone saved the record after version `base`: takes their values
/// where this person left a field as it was, marks the fields both
/// changed, says who changed what, and moves the form to the version now.
async fn merge(
    app: &State,
    lang: Lang,
    form: &mut Form,
    slug: &Slug,
    view: &views::ActorView,
    base: u64,
    mine: &BTreeMap<String, Option<Value>>,
) {
    let sight = Sight { private_notes: false, ..Sight::default() };
    let lines = crate::http::routes::history::lines(app, slug, "actor", view.id, sight).await.unwrap_or_default();
    let mut since: Vec<&Change> = lines.iter().filter(|l| l.version > base).collect();
    since.sort_by_key(|l| l.version);
    // Each field's value at `base`: the old value of its first change since.
    let mut before: BTreeMap<&str, Option<&Value>> = BTreeMap::new();
    for line in &since {
        for c in &line.changes {
            before.entry(c.field.as_str()).or_insert(c.old.as_ref());
        }
    }
    let model = app.models.read();
    for field in &form.fields {
        let Some(was) = before.get(field.code.as_str()) else { continue };
        let theirs = view.fields.get(&field.code);
        let mine = mine.get(&field.code).and_then(Option::as_ref);
        if fields::same(mine, *was) {
            // Left alone here: the other person's value stands.
            form.sent.set(field, theirs);
        } else if !fields::same(mine, theirs) {
            let shown = theirs.map_or("—".to_owned(), |v| value(lang, &model, slug, &field.code, v));
            form.notes.insert(
                field.code.clone(),
                html! { p class="mezitim" { (lang.t(Msg::ChangedMeanwhileTo)) " " strong { (shown) } ". " (lang.t(Msg::YoursKept)) } },
            );
        }
    }
    form.version = Some(view.version);
    form.meanwhile = Some(html! {
        div class="upozorneni" role="alert" {
            h2 { (lang.t(Msg::ChangedMeanwhile)) }
            ul {
                @for line in &since {
                    li {
                        (author(lang, &model, &line.author)) ", " (date_time(line.recorded_at)) ": "
                        @if line.changes.is_empty() { (line.kind) }
                        @for c in &line.changes {
                            (label(&model, slug, &c.field)) " "
                            span class="stare" { (c.old.as_ref().map_or("—".to_owned(), |v| value(lang, &model, slug, &c.field, v))) }
                            " → "
                            span class="nove" { (c.new.as_ref().map_or("—".to_owned(), |v| value(lang, &model, slug, &c.field, v))) }
                            "; "
                        }
                    }
                }
            }
            p { (lang.t(Msg::MergeHint)) }
        }
    });
}

/// `POST /site/{network}/akter/{actor}/stav`
pub async fn status_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &actor_params(&path)));
    let lang = Lang::of(&req);
    let Some(view) = Uuid::parse_str(&path.1).ok().and_then(|id| actor_view(&app, &slug, id)) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let fields = template(&app.models.read(), &slug, &view.fields);
    let mut form =
        Form::new(format!("/site/{slug}/akter/{}/upravit", view.id), fields.clone(), Sent::of(&fields, &view.fields));
    form.version = Some(view.version);
    let status = match sent.one("stav") {
        "active" => Status::Active,
        "temporarily_closed" => Status::TemporarilyClosed,
        "ended" => Status::Ended,
        _ => {
            let e = lang.t(Msg::PickStatus);
            return edit_answer(&req, lang, &me, &slug, &view, &form, Some(e), StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let Ok(effective) = holds_from(sent.one("plati_od"), app.now()) else {
        let e = lang.t(Msg::DateFormat);
        return edit_answer(&req, lang, &me, &slug, &view, &form, Some(e), StatusCode::UNPROCESSABLE_ENTITY);
    };
    match app.actor(&slug, view.id, ActorCommand::SetStatus { status }, &meta(&principal, effective, None)).await {
        Ok(_) => see_other(format!("/site/{slug}/akter/{}?ulozeno=1", view.id)),
        Err(error) => {
            let code = failed(lang, &mut form, error);
            let e = form.general.join(" ");
            edit_answer(&req, lang, &me, &slug, &view, &form, Some(&e), code)
        }
    }
}
