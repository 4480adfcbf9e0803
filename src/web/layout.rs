//! The frame of every page: `<html lang>`, the one stylesheet and the one
//! script, a skip link, the header with the menu for the signed-in person's
//! roles, the main content, and the footer with the language switch. Pages
//! hand it their title and content; components are functions returning
//! [`Markup`].

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use maud::{DOCTYPE, Markup, html};

use super::i18n::{Lang, Msg};
use crate::domain::ids::Slug;

/// Who is signed in, as the header shows them.
#[derive(Clone, Debug, Default)]
pub struct Who {
    /// The name to show.
    pub name: String,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// The networks the person coordinates (their overview pages).
    pub coordinates: Vec<Slug>,
    /// The networks whose directory the person reads.
    pub reads: Vec<Slug>,
    /// The names of those networks, for the menu when there are several.
    pub names: std::collections::BTreeMap<Slug, String>,
    /// The services the person keeps (their pages' paths and names).
    pub services: Vec<(String, String)>,
    /// The networks where the person asks for places (case managers and
    /// coordinators).
    pub asks: Vec<Slug>,
    /// The networks whose platforms the person follows as a member.
    pub follows: Vec<Slug>,
    /// The regions the person reads.
    pub regions: Vec<Slug>,
}

impl Who {
    /// How the menu names `network`: by name when the person has several
    /// networks, not at all when they have one.
    fn which(&self, network: &Slug) -> String {
        if self.reads.len() > 1 {
            format!(" – {}", self.names.get(network).map_or(network.as_str(), String::as_str))
        } else {
            String::new()
        }
    }
}

/// What a page is.
pub struct Page<'a> {
    /// The language.
    pub lang: Lang,
    /// The title (also the `<h1>`).
    pub title: &'a str,
    /// Who is signed in, if anyone.
    pub who: Option<&'a Who>,
    /// The path of this page (the language switch comes back to it).
    pub path: &'a str,
}

impl Page<'_> {
    /// The page with `content` under its heading.
    pub fn render(&self, content: Markup) -> Markup {
        let t = |m| self.lang.t(m);
        let other = self.lang.other();
        let menu = html! {
            ul {
                @if let Some(who) = self.who {
                    li { a href="/" { (t(Msg::Home)) } }
                    @for network in &who.coordinates {
                        li { a href={ "/site/" (network) } { (t(Msg::NetworkHome)) (who.which(network)) } }
                    }
                    @for (path, name) in &who.services {
                        li { a href=(path) { (t(Msg::MyService)) @if who.services.len() > 1 { " – " (name) } } }
                    }
                    @for network in &who.reads {
                        li { a href={ "/site/" (network) "/adresar" } { (t(Msg::Directory)) (who.which(network)) } }
                    }
                    @for network in &who.follows {
                        li { a href={ "/site/" (network) "/moje-platformy" } { (t(Msg::MyPlatforms)) (who.which(network)) } }
                    }
                    @for region in &who.regions {
                        li { a href={ "/kraj/" (region) } { (t(Msg::RegionMenu)) } }
                        li { a href={ "/kraj/" (region) "/plan" } { (t(Msg::RegionPlanMenu)) } }
                    }
                    @for network in &who.asks {
                        li { a href={ "/site/" (network) "/poptavky" } { (t(Msg::RequestsMenu)) (who.which(network)) } }
                    }
                    @for network in &who.coordinates {
                        li { a href={ "/site/" (network) "/potreby" } { (t(Msg::NeedsMenu)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/pokryti" } { (t(Msg::CoverageMenu)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/platformy" } { (t(Msg::Platforms)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/plan" } { (t(Msg::PlanMenu)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/postupy" } { (t(Msg::ProceduresShort)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/zmeny" } { (t(Msg::ChangesMenu)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/revize" } { (t(Msg::ReviewMenu)) (who.which(network)) } }
                        li { a href={ "/site/" (network) "/nastaveni" } { (t(Msg::SettingsMenu)) (who.which(network)) } }
                    }
                }
                li { a href="/kam-se-obratit" { (t(Msg::WhereToTurn)) } }
                @if self.who.is_none() { li { a href="/prihlaseni" { (t(Msg::SignIn)) } } }
                li { a href="/board" { (t(Msg::Board)) } }
                li { a href="/plany" { (t(Msg::PublishedPlans)) } }
            }
        };
        html! {
            (DOCTYPE)
            html lang=(self.lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " – uzel" }
                    link rel="stylesheet" href="/assets/uzel.css";
                    script src="/assets/uzel.js" defer {}
                }
                body class="web" {
                    a class="skip" href="#obsah" { (t(Msg::SkipToContent)) }
                    header class="hlavicka" {
                        p class="znacka" { a href="/" { "uzel" } " " span { (t(Msg::Tagline)) } }
                        nav aria-label=(t(Msg::Menu)) {
                            // A signed-in person's menu is long: folded on a
                            // phone by the page's script, open otherwise.
                            @if self.who.is_some() {
                                details class="nabidka" open { summary { (t(Msg::MenuFold)) } (menu) }
                            } @else {
                                (menu)
                            }
                        }
                        @if let Some(who) = self.who {
                            div class="kdo" {
                                span { (t(Msg::SignedInAs)) " " strong { (who.name) } }
                                " "
                                a href="/kalendar" { (t(Msg::CalendarMenu)) }
                                " "
                                a href="/heslo" { (t(Msg::ChangePassword)) }
                                form method="post" action="/odhlaseni" class="odhlasit" {
                                    input type="hidden" name="csrf" value=(who.csrf);
                                    button type="submit" { (t(Msg::SignOut)) }
                                }
                            }
                        }
                    }
                    main id="obsah" {
                        h1 { (self.title) }
                        (content)
                    }
                    footer class="paticka" {
                        a href={ "/jazyk?l=" (other.code()) "&zpet=" (self.path) } lang=(other.code()) { (other.name()) }
                        " · "
                        a href="/api/v1/docs" { (t(Msg::ApiDocs)) }
                    }
                }
            }
        }
    }

    /// The page as an answer with `status`.
    pub fn answer(&self, status: StatusCode, content: Markup) -> HttpResponse {
        HttpResponse::build(status).content_type("text/html; charset=utf-8").body(self.render(content).into_string())
    }
}

/// The error summary at the top of a form (the GOV.UK pattern): each
/// problem links to its field.
pub fn error_summary(lang: Lang, errors: &[(&str, String)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="chyby" role="alert" tabindex="-1" {
                h2 { (lang.t(Msg::ErrorSummary)) }
                ul {
                    @for (field, text) in errors {
                        li { a href={ "#" (field) } { (text) } }
                    }
                }
            }
        }
    }
}
