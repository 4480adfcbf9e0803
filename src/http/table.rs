//! The route table: every route of the API, once. [`register`] wires them
//! into actix; [`ROUTES`] lists them for the OpenAPI document and the
//! tests, so a route cannot exist without being described.

use actix_web::middleware::from_fn;
use actix_web::web;

use super::routes::{
    actors, auth, board, capacity, changes, evaluations, findings, health, history, needs, networks, people,
    plan_edits, plans, platforms, procedures, public, public_plans, regions, report, revision, users,
};
use super::{assets, guard, openapi};
use crate::app::Written;
use crate::app::users::IssuedToken;
use crate::auth::access::Access::{self, *};
use crate::projections::views;

/// Writes a type's JSON schema into a generator and returns a reference.
pub type SchemaFn = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// One route of the API.
#[derive(Clone, Copy)]
pub struct Route {
    /// The HTTP method.
    pub method: &'static str,
    /// The path, with `{parameters}`.
    pub path: &'static str,
    /// The handler's name, used as the OpenAPI operation id.
    pub operation: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// Who may use it; the guard in front of the handler checks it.
    pub access: Access,
    /// Whether it writes (and so answers `{"id", "position", "version"}`).
    pub writes: bool,
    /// The schema of its JSON body, if it takes one.
    pub body: Option<SchemaFn>,
    /// The schema of its answer, if described.
    pub answer: Option<SchemaFn>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

macro_rules! table {
    ($(($method:ident, $path:literal, $handler:path, $access:ident, [$($body:tt)*], [$($answer:tt)*], $summary:literal)),* $(,)?) => {
        /// Every route of the API.
        pub const ROUTES: &[Route] = &[
            $(Route {
                method: stringify!($method),
                path: $path,
                operation: stringify!($handler),
                summary: $summary,
                access: $access,
                writes: table!(@writes $($answer)*),
                body: table!(@schema $($body)*),
                answer: table!(@schema $($answer)*),
            }),*
        ];

        /// Registers every route.
        pub fn register(cfg: &mut web::ServiceConfig) {
            $( table!(@one cfg, $method, $path, $handler, $access); )*
        }
    };
    (@schema) => { None };
    (@schema $($t:tt)+) => { Some(|g: &mut schemars::SchemaGenerator| g.subschema_for::<$($t)+>()) };
    (@writes Written) => { true };
    (@writes $($t:tt)*) => { false };
    (@guarded $route:expr, $handler:path, $access:ident) => {
        $route.to($handler).wrap(from_fn(|req, next| guard::guard($access, req, next)))
    };
    (@one $cfg:ident, GET, $path:literal, $handler:path, $access:ident) => { $cfg.route($path, table!(@guarded web::get(), $handler, $access)); };
    (@one $cfg:ident, POST, $path:literal, $handler:path, $access:ident) => { $cfg.route($path, table!(@guarded web::post(), $handler, $access)); };
    (@one $cfg:ident, PUT, $path:literal, $handler:path, $access:ident) => { $cfg.route($path, table!(@guarded web::put(), $handler, $access)); };
    (@one $cfg:ident, PATCH, $path:literal, $handler:path, $access:ident) => { $cfg.route($path, table!(@guarded web::patch(), $handler, $access)); };
    (@one $cfg:ident, DELETE, $path:literal, $handler:path, $access:ident) => { $cfg.route($path, table!(@guarded web::delete(), $handler, $access)); };
}

table! {
    (GET, "/", crate::web::home::root, Public, [], [], "The start page: where to turn (for anyone, with a link to sign in), or the signed-in person's home (a page, in Czech)."),
    (GET, "/kam-se-obratit", crate::web::home::where_to_turn, Public, [], [], "Where to turn: the services that help, by need, situation and place, with their public contacts (a page, for anyone)."),
    (GET, "/prihlaseni", crate::web::signin::page, Public, [], [], "Sign in (a page)."),
    (POST, "/prihlaseni", crate::web::signin::submit, Public, [], [], "Sign in from the page's form; a redirect home."),
    (POST, "/odhlaseni", crate::web::signin::sign_out, Public, [], [], "Sign out from a page; a redirect to the start."),
    (GET, "/heslo", crate::web::signin::password_page, Public, [], [], "Change your password (a page)."),
    (POST, "/heslo", crate::web::signin::password_submit, Public, [], [], "Change your password from the page's form."),
    (GET, "/jazyk", crate::web::i18n::switch, Public, [], [], "Switch the pages' language (`l=cs|en`, `zpet=` the page to return to)."),
    (GET, "/site/{network}", crate::web::home::network, Public, [], [], "The network's overview for its coordinators (a page)."),
    (GET, "/site/{network}/akter/{actor}", crate::web::actor::page, Public, [], [], "An actor's page: fields, capacity, history."),
    (GET, "/site/{network}/adresar", crate::web::directory::page, Public, [], [], "The directory with its filters (a page)."),
    (POST, "/site/{network}/adresar/filtry", crate::web::saved_filters::save, Public, [], [], "Save the directory's current filters under a name."),
    (POST, "/site/{network}/adresar/filtry/{filter}/odebrat", crate::web::saved_filters::remove, Public, [], [], "Remove a saved filter."),
    (GET, "/site/{network}/adresar.csv", crate::web::export::download, Public, [], [], "The directory's current result as CSV (UTF-8, `;`), the template's columns."),
    (GET, "/site/{network}/adresar.xlsx", crate::web::export::download, Public, [], [], "The directory's current result as an XLSX workbook, the template's columns."),
    (GET, "/site/{network}/akter/{actor}/upravit", crate::web::actor_form::edit_page, Public, [], [], "Edit an actor: every field of the template (a page)."),
    (POST, "/site/{network}/akter/{actor}/upravit", crate::web::actor_form::edit_submit, Public, [], [], "Save an actor's form: a redirect to its page, or the form again with problems or with what someone changed meanwhile."),
    (POST, "/site/{network}/akter/{actor}/stav", crate::web::actor_form::status_submit, Public, [], [], "Set an actor's status from its edit page."),
    (GET, "/site/{network}/platformy", crate::web::platforms::list, Public, [], [], "The network's platforms with meetings held against plan (a page)."),
    (GET, "/site/{network}/platforma/{platform}", crate::web::platforms::page, Public, [], [], "A platform: composition, meetings, decisions and tasks (a page)."),
    (POST, "/site/{network}/platforma/{platform}/schuzky", crate::web::platform_forms::schedule, Public, [], [], "Plan a platform's meeting from its page."),
    (POST, "/site/{network}/platforma/{platform}/ukol/{outcome}/stav", crate::web::platform_forms::task_status, Public, [], [], "Move a task on from a page."),
    (GET, "/site/{network}/platforma/{platform}/schuzka/{meeting}", crate::web::meeting::page, Public, [], [], "A meeting: record it as held, its decisions and tasks (a page)."),
    (POST, "/site/{network}/platforma/{platform}/schuzka/{meeting}/konani", crate::web::meeting::held, Public, [], [], "Record a meeting as held from its page."),
    (POST, "/site/{network}/platforma/{platform}/schuzka/{meeting}/vystupy", crate::web::meeting::outcome, Public, [], [], "Record a decision or task of a meeting from its page."),
    (POST, "/site/{network}/platforma/{platform}/schuzka/{meeting}/zruseni", crate::web::platform_forms::cancel, Public, [], [], "Call a planned meeting off from its page."),
    (GET, "/site/{network}/potreby", crate::web::needs::page, Public, [], [], "The needs map: the six areas, their forms and activities (a page)."),
    (POST, "/site/{network}/potreby/formy", crate::web::needs::add_form, Public, [], [], "Add a form in which a need is met, from the needs map's page."),
    (POST, "/site/{network}/potreby/formy/{form}/odebrat", crate::web::needs::remove_form, Public, [], [], "Remove a form of the needs map from its page."),
    (POST, "/site/{network}/potreby/aktivity", crate::web::needs::add_activity, Public, [], [], "Add an activity, linking actors, from the needs map's page."),
    (GET, "/site/{network}/potreby/aktivita/{activity}", crate::web::needs::activity_page, Public, [], [], "Edit an activity of the needs map (a page)."),
    (POST, "/site/{network}/potreby/aktivita/{activity}", crate::web::needs::change_activity, Public, [], [], "Save an activity's form."),
    (POST, "/site/{network}/potreby/aktivita/{activity}/odebrat", crate::web::needs::remove_activity, Public, [], [], "Remove an activity from its page."),
    (GET, "/site/{network}/pokryti", crate::web::coverage::page, Public, [], [], "Coverage: need area × target group with the gaps marked, each cell linking to the directory (a page)."),
    (POST, "/site/{network}/akter/{actor}/poznamky", crate::web::people::add_note, Public, [], [], "Add a note from the actor's page."),
    (GET, "/site/{network}/akter/{actor}/poznamka/{note}", crate::web::people::note_page, Public, [], [], "Edit or remove a note (a page)."),
    (POST, "/site/{network}/akter/{actor}/poznamka/{note}", crate::web::people::note_submit, Public, [], [], "Save a note's form."),
    (POST, "/site/{network}/akter/{actor}/poznamka/{note}/odebrat", crate::web::people::note_submit, Public, [], [], "Remove a note."),
    (GET, "/site/{network}/akter/{actor}/kontakty", crate::web::contacts::contacts_page, Public, [], [], "An actor's contact persons with their forms (a page)."),
    (POST, "/site/{network}/akter/{actor}/kontakty", crate::web::contacts::contact_submit, Public, [], [], "Add a contact person."),
    (POST, "/site/{network}/akter/{actor}/kontakt/{person}", crate::web::contacts::contact_submit, Public, [], [], "Change a contact person."),
    (POST, "/site/{network}/akter/{actor}/kontakt/{person}/odebrat", crate::web::contacts::contact_submit, Public, [], [], "Remove a contact person."),
    (GET, "/site/{network}/akter/{actor}/kontakt/{person}/vymaz", crate::web::contacts::erase_page, Public, [], [], "What erasing a person's data means, to confirm (a page)."),
    (POST, "/site/{network}/akter/{actor}/kontakt/{person}/vymaz", crate::web::contacts::erase_submit, Public, [], [], "Erase a contact person's personal data for good."),
    (GET, "/site/{network}/nastaveni", crate::web::settings::page, Public, [], [], "The network's settings: taxonomies, custom categories, what case managers see, users and roles (a page)."),
    (POST, "/site/{network}/nastaveni/pojmy", crate::web::settings::submit, Public, [], [], "Add a term of a taxonomy."),
    (POST, "/site/{network}/nastaveni/pojmy/{term}", crate::web::settings::submit, Public, [], [], "Rename a term."),
    (POST, "/site/{network}/nastaveni/pojmy/{term}/vyradit", crate::web::settings::submit, Public, [], [], "Retire a term."),
    (POST, "/site/{network}/nastaveni/kategorie", crate::web::settings::submit, Public, [], [], "Define a custom category."),
    (POST, "/site/{network}/nastaveni/kategorie/{category}/odebrat", crate::web::settings::submit, Public, [], [], "Remove a custom category."),
    (POST, "/site/{network}/nastaveni/sdileni", crate::web::settings::submit, Public, [], [], "Set what case managers see and when capacity goes stale."),
    (POST, "/site/{network}/nastaveni/role", crate::web::settings::submit, Public, [], [], "Grant a role of the network to a user."),
    (POST, "/site/{network}/nastaveni/role/odebrat", crate::web::settings::submit, Public, [], [], "Take a role of the network back."),
    (GET, "/site/{network}/sluzba/{actor}", crate::web::service::page, Public, [], [], "A service's own page: announce capacity, last week's announcements, requests to answer, its offers, a post for the board."),
    (POST, "/site/{network}/sluzba/{actor}/kapacita", crate::web::service::announce, Public, [], [], "Announce a service's free capacity in one unit."),
    (POST, "/site/{network}/sluzba/{actor}/prispevek", crate::web::service::publish, Public, [], [], "Post an event, project or news item for the service."),
    (POST, "/site/{network}/sluzba/{actor}/nabidka/{post}", crate::web::service::offer, Public, [], [], "Offer help on a place-wanted request."),
    (GET, "/site/{network}/poptavky", crate::web::requests::page, Public, [], [], "Place-wanted requests: a new one (the identifying-data rule said as it is typed), the person's own with the offers, sharing and resolving."),
    (POST, "/site/{network}/poptavky", crate::web::requests::create, Public, [], [], "Send a place-wanted request."),
    (POST, "/site/{network}/poptavky/kontrola", crate::web::requests::check_typed, Public, [], [], "What the identifying-data rule says of a request typed so far (an HTML fragment; writes nothing)."),
    (POST, "/site/{network}/poptavky/{post}/sdilet/{offer}", crate::web::requests::act, Public, [], [], "Share an offer with the request's audience."),
    (POST, "/site/{network}/poptavky/{post}/vyreseno", crate::web::requests::act, Public, [], [], "Mark a request resolved."),
    (GET, "/site/{network}/revize", crate::web::review::page, Public, [], [], "The yearly review: records not reviewed for 12 months, marked reviewed in place (a page)."),
    (POST, "/site/{network}/revize", crate::web::review::mark, Public, [], [], "Mark the ticked records reviewed (one event)."),
    (GET, "/site/{network}/zmeny", crate::web::changes::page, Public, [], [], "What changed between two dates (`od`, `do`, `hodiny=zapsano`): the change set as a readable page."),
    (GET, "/site/{network}/moje-platformy", crate::web::roles::my_platforms, Public, [], [], "A platform member's platforms: next meeting and agenda, open tasks, the last decisions (a page)."),
    (GET, "/kraj/{region}", crate::web::roles::region, Public, [], [], "A region's networks side by side, each a link into the network (a page)."),
    (GET, "/site/{network}/postupy", crate::web::procedures::list, Public, [], [], "The agreed procedures the person may read, and a form to agree one (a page)."),
    (POST, "/site/{network}/postupy", crate::web::procedures::agree, Public, [], [], "Agree a procedure from its page."),
    (GET, "/site/{network}/postupy/{procedure}", crate::web::procedures::edit, Public, [], [], "A procedure's new version or its withdrawal (a page)."),
    (POST, "/site/{network}/postupy/{procedure}", crate::web::procedures::revise, Public, [], [], "Agree a new version of a procedure from its page."),
    (POST, "/site/{network}/postupy/{procedure}/zruseni", crate::web::procedures::revise, Public, [], [], "Withdraw a procedure from its page."),
    (GET, "/site/{network}/zjisteni", crate::web::findings::page, Public, [], [], "The findings of the mapping with their sources and the plan steps that answer them (a page)."),
    (GET, "/site/{network}/plan", crate::web::plan::list, Public, [], [], "The network's mid-term plans, and a form to start one (a page)."),
    (POST, "/site/{network}/plan", crate::web::plan::create, Public, [], [], "Start one of the network's plans from its page."),
    (GET, "/site/{network}/plan/{plan}", crate::web::plan::page, Public, [], [], "One of the network's plans: sections, recommendations and steps, each moved on in place; publishing; the document linked (a page)."),
    (POST, "/site/{network}/plan/{plan}/krok/{step}", crate::web::plan::write, Public, [], [], "Move a step of one of the network's plans on from its page."),
    (POST, "/site/{network}/plan/{plan}/zverejneni", crate::web::plan::write, Public, [], [], "Publish one of the network's plans or take it back, from its page."),
    (GET, "/site/{network}/plan/{plan}/oddil", crate::web::plan_forms::new_section, Public, [], [], "The form adding a section to one of the network's plans."),
    (POST, "/site/{network}/plan/{plan}/oddil", crate::web::plan_forms::add_section, Public, [], [], "Add a section to one of the network's plans."),
    (GET, "/site/{network}/plan/{plan}/oddil/{section}", crate::web::plan_forms::section, Public, [], [], "A section of one of the network's plans to rewrite, and a recommendation to add to it."),
    (POST, "/site/{network}/plan/{plan}/oddil/{section}", crate::web::plan_forms::change_section, Public, [], [], "Rewrite a section of one of the network's plans."),
    (POST, "/site/{network}/plan/{plan}/oddil/{section}/doporuceni", crate::web::plan_forms::recommend, Public, [], [], "Add a recommendation to a section of one of the network's plans."),
    (GET, "/site/{network}/plan/{plan}/krok", crate::web::plan_forms::new_step, Public, [], [], "The form adding a step to a recommendation of one of the network's plans."),
    (POST, "/site/{network}/plan/{plan}/krok", crate::web::plan_forms::add_step, Public, [], [], "Add a step to a recommendation of one of the network's plans."),
    (GET, "/site/{network}/plan/{plan}/hodnoceni", crate::web::evaluation::years, Public, [], [], "The years of one of the network's plans side by side (a page)."),
    (GET, "/site/{network}/plan/{plan}/hodnoceni/{year}", crate::web::evaluation::year, Public, [], [], "A year of one of the network's plans: its steps, what changed, the evaluation form (a page)."),
    (POST, "/site/{network}/plan/{plan}/hodnoceni/{year}", crate::web::evaluation::evaluate, Public, [], [], "Record the evaluation of a year of one of the network's plans."),
    (GET, "/kraj/{region}/plan", crate::web::plan::list, Public, [], [], "The region's mid-term plans, and a form to start one (a page)."),
    (POST, "/kraj/{region}/plan", crate::web::plan::create, Public, [], [], "Start one of the region's plans from its page."),
    (GET, "/kraj/{region}/plan/{plan}", crate::web::plan::page, Public, [], [], "One of the region's plans: sections, recommendations and steps, each moved on in place; publishing; the document linked (a page)."),
    (POST, "/kraj/{region}/plan/{plan}/krok/{step}", crate::web::plan::write, Public, [], [], "Move a step of one of the region's plans on from its page."),
    (POST, "/kraj/{region}/plan/{plan}/zverejneni", crate::web::plan::write, Public, [], [], "Publish one of the region's plans or take it back, from its page."),
    (GET, "/kraj/{region}/plan/{plan}/oddil", crate::web::plan_forms::new_section, Public, [], [], "The form adding a section to one of the region's plans."),
    (POST, "/kraj/{region}/plan/{plan}/oddil", crate::web::plan_forms::add_section, Public, [], [], "Add a section to one of the region's plans."),
    (GET, "/kraj/{region}/plan/{plan}/oddil/{section}", crate::web::plan_forms::section, Public, [], [], "A section of one of the region's plans to rewrite, and a recommendation to add to it."),
    (POST, "/kraj/{region}/plan/{plan}/oddil/{section}", crate::web::plan_forms::change_section, Public, [], [], "Rewrite a section of one of the region's plans."),
    (POST, "/kraj/{region}/plan/{plan}/oddil/{section}/doporuceni", crate::web::plan_forms::recommend, Public, [], [], "Add a recommendation to a section of one of the region's plans."),
    (GET, "/kraj/{region}/plan/{plan}/krok", crate::web::plan_forms::new_step, Public, [], [], "The form adding a step to a recommendation of one of the region's plans."),
    (POST, "/kraj/{region}/plan/{plan}/krok", crate::web::plan_forms::add_step, Public, [], [], "Add a step to a recommendation of one of the region's plans."),
    (GET, "/kraj/{region}/plan/{plan}/hodnoceni", crate::web::evaluation::years, Public, [], [], "The years of one of the region's plans side by side (a page)."),
    (GET, "/kraj/{region}/plan/{plan}/hodnoceni/{year}", crate::web::evaluation::year, Public, [], [], "A year of one of the region's plans: its steps, what changed, the evaluation form (a page)."),
    (POST, "/kraj/{region}/plan/{plan}/hodnoceni/{year}", crate::web::evaluation::evaluate, Public, [], [], "Record the evaluation of a year of one of the region's plans."),
    (GET, "/site/{network}/novy-akter", crate::web::actor_form::new_page, Public, [], [], "Enter a new actor (a page)."),
    (POST, "/site/{network}/novy-akter", crate::web::actor_form::new_submit, Public, [], [], "Save a new actor's form: a redirect to its page."),
    (GET, "/api/v1/openapi.json", openapi::json, Public, [], [], "This API, as an OpenAPI 3.1 document."),
    (GET, "/api/v1/docs", openapi::page, Public, [], [], "This API, as a page for people (no scripts, works offline)."),
    (GET, "/assets/uzel.css", assets::stylesheet, Public, [], [], "The pages' stylesheet."),
    (GET, "/assets/uzel.js", assets::script, Public, [], [], "The pages' script: filters and live updates in place (every page works without it)."),
    (GET, "/assets/board.js", board::script, Public, [], [], "The board page's script."),
    (GET, "/board", board::page, Public, [], [], "The live notice board (a page, in Czech)."),
    (GET, "/plany", public_plans::listing, Public, [], [], "The published plans of the regions and networks (a page, in Czech)."),
    (GET, "/healthz", health::healthz, Public, [], [], "The process answers."),
    (GET, "/metrics", board::metrics, Public, [], [], "Counters in Prometheus text format."),
    (GET, "/readyz", health::readyz, Public, [], [], "The read models have caught up with the log."),
    (POST, "/api/v1/auth/login", auth::login, Public, [auth::Login], [auth::Me], "Sign in: a session cookie for pages, and its CSRF token."),
    (POST, "/api/v1/auth/logout", auth::logout, Public, [], [], "Sign out: the session cookie stops working."),
    (POST, "/api/v1/auth/token", auth::token, Public, [auth::TokenLogin], [IssuedToken], "An API token for a username and password (for scripts)."),
    (GET, "/api/v1/auth/me", auth::whoami, SignedIn, [], [auth::Me], "Who is signed in, with their roles."),
    (GET, "/api/v1/auth/tokens", auth::tokens, SignedIn, [], [Vec<auth::TokenItem>], "Your API tokens (never their secrets)."),
    (POST, "/api/v1/auth/tokens", auth::create_token, SignedIn, [auth::NewToken], [IssuedToken], "One more API token for you."),
    (DELETE, "/api/v1/auth/tokens/{token}", auth::revoke_token, SignedIn, [], [Written], "Revoke one of your API tokens, at once."),
    (PUT, "/api/v1/auth/password", auth::change_password, SignedIn, [auth::ChangePassword], [Written], "Change your password; your sessions end."),
    (GET, "/api/v1/users", users::list, Admin, [], [Vec<users::UserItem>], "Every account, with its roles."),
    (POST, "/api/v1/users", users::create, Admin, [users::PostUser], [Written], "Create an account, with roles."),
    (GET, "/api/v1/users/{user}", users::get, Admin, [], [users::UserItem], "An account with its roles."),
    (POST, "/api/v1/users/{user}/grants", users::grant, Admin, [crate::domain::user::Grant], [Written], "Grant a role."),
    (POST, "/api/v1/users/{user}/revocations", users::revoke, Admin, [crate::domain::user::Grant], [Written], "Take a role back."),
    (PUT, "/api/v1/users/{user}/password", users::reset_password, Admin, [users::ResetPassword], [Written], "Reset a password; the user's sessions end."),
    (GET, "/api/v1/public/networks", public::networks, Public, [], [Vec<public::PublicNetwork>], "Every network, for anyone."),
    (GET, "/api/v1/networks/{network}/public", public::directory, Public, [], [], "Where to turn: the network's actors as the public sees them."),
    (GET, "/api/v1/networks/{network}/grants", users::network_grants, NetworkWrite, [], [Vec<users::UserItem>], "Who holds which role in the network."),
    (POST, "/api/v1/networks/{network}/grants", users::network_grant, NetworkWrite, [users::NetworkGrant], [Written], "Grant a role in the network."),
    (POST, "/api/v1/networks/{network}/revocations", users::network_revoke, NetworkWrite, [users::NetworkGrant], [Written], "Take a role in the network back."),
    (GET, "/api/v1/regions", regions::list, SignedIn, [], [Vec<regions::RegionItem>], "Regions (kraje)."),
    (GET, "/api/v1/regions/{region}", regions::get, RegionRead, [], [views::RegionView], "A region's networks side by side."),
    (GET, "/api/v1/regions/{region}/report", report::region, RegionRead, [], [crate::audit::report::Report], "The region's yearly report (`?year=`): the change set summarised, chart figures, each network's changes."),
    (GET, "/api/v1/regions/{region}/report/page", report::region_page, RegionRead, [], [], "The region's yearly report as a printable Czech page with its charts."),
    (GET, "/api/v1/regions/{region}/report/charts/{chart}", report::region_chart, RegionRead, [], [], "One chart of the region's yearly report as SVG: capacity, need-areas or meetings."),
    (GET, "/api/v1/regions/{region}/changes", changes::region, RegionRead, [], [crate::audit::changeset::RegionChangeSet], "What changed in each network of the region between two dates."),
    (PUT, "/api/v1/regions/{region}", regions::put, Admin, [regions::PutRegion], [Written], "Register or rename a region."),
    (GET, "/api/v1/networks", networks::list, SignedIn, [], [Vec<networks::NetworkItem>], "Networks, in Czech name order."),
    (GET, "/api/v1/networks/{network}", networks::get, NetworkRead, [], [], "A network with its taxonomies, categories, saved filters and settings."),
    (PUT, "/api/v1/networks/{network}", networks::put, Admin, [networks::PutNetwork], [Written], "Register a network in a region, or rename it."),
    (GET, "/api/v1/networks/{network}/template", networks::template, NetworkRead, [], [], "The actor template: built-in fields, custom categories, need areas."),
    (POST, "/api/v1/networks/{network}/terms", networks::add_term, NetworkWrite, [networks::PostTerm], [Written], "Add a target group, life situation or place."),
    (PATCH, "/api/v1/networks/{network}/terms/{term}", networks::rename_term, NetworkWrite, [networks::PatchTerm], [Written], "Rename a term."),
    (DELETE, "/api/v1/networks/{network}/terms/{term}", networks::retire_term, NetworkWrite, [], [Written], "Retire a term."),
    (PUT, "/api/v1/networks/{network}/categories/{category}", networks::put_category, NetworkWrite, [networks::PutCategory], [Written], "Define a custom category of the actor template."),
    (DELETE, "/api/v1/networks/{network}/categories/{category}", networks::remove_category, NetworkWrite, [], [Written], "Remove a custom category."),
    (PUT, "/api/v1/networks/{network}/filters/{filter}", networks::put_filter, NetworkWrite, [networks::PutFilter], [Written], "Save a filter of the directory."),
    (DELETE, "/api/v1/networks/{network}/filters/{filter}", networks::remove_filter, NetworkWrite, [], [Written], "Remove a saved filter."),
    (GET, "/api/v1/networks/{network}/filters/{filter}/actors", actors::saved, SavedFilter, [], [actors::DirectoryAnswer], "Run a saved filter."),
    (PUT, "/api/v1/networks/{network}/settings", networks::put_settings, NetworkWrite, [networks::PutSettings], [Written], "Designate fields for case managers; set when capacity goes stale."),
    (GET, "/api/v1/networks/{network}/actors", actors::list, NetworkRead, [], [actors::DirectoryAnswer], "The directory: filters, search, facets, pages."),
    (POST, "/api/v1/networks/{network}/actors", actors::create, NetworkWrite, [actors::PostActor], [Written], "Enter a new actor."),
    (GET, "/api/v1/networks/{network}/actors/{actor}", actors::get, NetworkRead, [], [views::ActorView], "An actor in full."),
    (PATCH, "/api/v1/networks/{network}/actors/{actor}", actors::change, ActorWrite, [actors::PatchActor], [Written], "Change an actor's fields."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/status", actors::status, ActorWrite, [actors::PutStatus], [Written], "Set an actor's status."),
    (GET, "/api/v1/networks/{network}/findings", findings::list, NetworkCoordination, [], [Vec<findings::FindingView>], "Findings of mapping: needs and themes, their sources and the plan steps that answer them."),
    (POST, "/api/v1/networks/{network}/findings", findings::record, NetworkWrite, [findings::FindingBody], [Written], "Record a finding with its sources (actor notes, platform outcomes, coverage gaps)."),
    (PUT, "/api/v1/networks/{network}/findings/{finding}", findings::revise, NetworkWrite, [findings::FindingBody], [Written], "Rewrite a finding."),
    (PUT, "/api/v1/networks/{network}/findings/{finding}/status", findings::status, NetworkWrite, [findings::FindingStatusBody], [Written], "Move a finding on (setting it aside needs a reason)."),
    (GET, "/api/v1/networks/{network}/procedures", procedures::list, NetworkRead, [], [Vec<procedures::ProcedureView>], "Agreed procedures: every version for coordinators; the version in force of those that concern the reader's actor or platform."),
    (POST, "/api/v1/networks/{network}/procedures", procedures::agree, NetworkWrite, [procedures::ProcedureBody], [Written], "Agree a procedure of the network or of one of its platforms, binding some actors."),
    (PUT, "/api/v1/networks/{network}/procedures/{procedure}", procedures::revise, NetworkWrite, [procedures::ProcedureBody], [Written], "Agree a new version of a procedure (every version is kept)."),
    (POST, "/api/v1/networks/{network}/procedures/{procedure}/withdrawal", procedures::withdraw, NetworkWrite, [procedures::Withdrawal], [Written], "Withdraw a procedure."),
    (GET, "/api/v1/networks/{network}/steps", plans::my_steps, NetworkRead, [], [Vec<plans::MyStep>], "The plan steps that concern the reader: those naming the reader's actor or platform (coordinators: all)."),
    (GET, "/api/v1/networks/{network}/plans", plans::list, NetworkRead, [], [Vec<plans::PlanItem>], "The network's plans, newest period first: every plan for its coordinators and the region's, published ones for the rest."),
    (POST, "/api/v1/networks/{network}/plans", plan_edits::create, NetworkWrite, [plan_edits::PostPlan], [Written], "Start a plan for a period of years, with the standard's four sections."),
    (GET, "/api/v1/networks/{network}/plans/{plan}", plans::get, NetworkRead, [], [views::PlanView], "A plan in full: sections, practice, recommendations, steps and their status history (not published: coordinators only)."),
    (GET, "/api/v1/networks/{network}/plans/{plan}/document", plans::document_page, NetworkRead, [], [], "The plan document, generated from the live data: a printable Czech page laid out like the standard's plan."),
    (GET, "/api/v1/networks/{network}/plans/{plan}/document.rtf", plans::document_rtf, NetworkRead, [], [], "The plan document as RTF, to edit in a word processor."),
    (GET, "/api/v1/networks/{network}/plans/{plan}/evaluations", evaluations::evaluations, NetworkRead, [], [Vec<views::YearCounts>], "Every year of the plan so far in figures, to compare year to year."),
    (GET, "/api/v1/networks/{network}/plans/{plan}/evaluations/{year}", evaluations::evaluation, NetworkRead, [], [evaluations::YearAnswer], "A year's evaluation: each step's standing and outcome, and what changed in the network that year."),
    (POST, "/api/v1/networks/{network}/plans/{plan}/evaluations", evaluations::evaluate, NetworkWrite, [evaluations::EvaluationBody], [Written], "Record the evaluation of a year (again: a new version, the earlier kept)."),
    (POST, "/api/v1/networks/{network}/plans/{plan}/steps/{step}/tasks", plan_edits::link_task, NetworkWrite, [plan_edits::TaskLink], [Written], "Link a platform's task (a meeting outcome) to the step it serves."),
    (POST, "/api/v1/networks/{network}/plans/{plan}/sections", plan_edits::add_section, NetworkWrite, [plan_edits::PostSection], [Written], "Add a section."),
    (PATCH, "/api/v1/networks/{network}/plans/{plan}/sections/{section}", plan_edits::change_section, NetworkWrite, [plan_edits::PatchSection], [Written], "Rewrite a section's title or present practice."),
    (POST, "/api/v1/networks/{network}/plans/{plan}/recommendations", plan_edits::recommend, NetworkWrite, [plan_edits::PostRecommendation], [Written], "Add a recommendation to a section."),
    (POST, "/api/v1/networks/{network}/plans/{plan}/steps", plan_edits::add_step, NetworkWrite, [plan_edits::PostStep], [Written], "Add a step to a recommendation."),
    (PUT, "/api/v1/networks/{network}/plans/{plan}/steps/{step}/status", plan_edits::step_status, NetworkWrite, [plan_edits::StepStatusBody], [Written], "Move a step on (dropping or reopening a done step needs a reason)."),
    (PUT, "/api/v1/networks/{network}/plans/{plan}/publication", plan_edits::publication, NetworkWrite, [plan_edits::Publication], [Written], "Publish the plan (anyone may read it) or take it back, saying why."),
    (GET, "/api/v1/networks/{network}/public/plans", public_plans::list, Public, [], [Vec<plans::PlanItem>], "The network's published plans, for anyone."),
    (GET, "/api/v1/networks/{network}/public/plans/{plan}", public_plans::get, Public, [], [views::PlanView], "A published plan, for anyone (without reasons and internal tasks)."),
    (GET, "/api/v1/networks/{network}/public/plans/{plan}/document", public_plans::document_page, Public, [], [], "A published plan's document, a printable Czech page for anyone."),
    (GET, "/api/v1/regions/{region}/plans", plans::list, RegionRead, [], [Vec<plans::PlanItem>], "The region's plans, newest period first."),
    (POST, "/api/v1/regions/{region}/plans", plan_edits::create, RegionRead, [plan_edits::PostPlan], [Written], "Start a region's plan for a period of years, with the standard's four sections."),
    (GET, "/api/v1/regions/{region}/plans/{plan}", plans::get, RegionRead, [], [views::PlanView], "A region's plan in full."),
    (GET, "/api/v1/regions/{region}/plans/{plan}/document", plans::document_page, RegionRead, [], [], "A region's plan document: a printable Czech page, the figures over the region's networks."),
    (GET, "/api/v1/regions/{region}/plans/{plan}/document.rtf", plans::document_rtf, RegionRead, [], [], "A region's plan document as RTF."),
    (GET, "/api/v1/regions/{region}/plans/{plan}/evaluations", evaluations::evaluations, RegionRead, [], [Vec<views::YearCounts>], "Every year of a region's plan so far in figures."),
    (GET, "/api/v1/regions/{region}/plans/{plan}/evaluations/{year}", evaluations::evaluation, RegionRead, [], [evaluations::YearAnswer], "A year's evaluation of a region's plan, with what changed in its networks that year."),
    (POST, "/api/v1/regions/{region}/plans/{plan}/evaluations", evaluations::evaluate, RegionRead, [evaluations::EvaluationBody], [Written], "Record the evaluation of a year of a region's plan."),
    (POST, "/api/v1/regions/{region}/plans/{plan}/steps/{step}/tasks", plan_edits::link_task, RegionRead, [plan_edits::TaskLink], [Written], "Link a task of a platform of the region's networks to the step it serves."),
    (POST, "/api/v1/regions/{region}/plans/{plan}/sections", plan_edits::add_section, RegionRead, [plan_edits::PostSection], [Written], "Add a section to a region's plan."),
    (PATCH, "/api/v1/regions/{region}/plans/{plan}/sections/{section}", plan_edits::change_section, RegionRead, [plan_edits::PatchSection], [Written], "Rewrite a section of a region's plan."),
    (POST, "/api/v1/regions/{region}/plans/{plan}/recommendations", plan_edits::recommend, RegionRead, [plan_edits::PostRecommendation], [Written], "Add a recommendation to a region's plan."),
    (POST, "/api/v1/regions/{region}/plans/{plan}/steps", plan_edits::add_step, RegionRead, [plan_edits::PostStep], [Written], "Add a step (responsible: actors and platforms of the region's networks)."),
    (PUT, "/api/v1/regions/{region}/plans/{plan}/steps/{step}/status", plan_edits::step_status, RegionRead, [plan_edits::StepStatusBody], [Written], "Move a step of a region's plan on."),
    (PUT, "/api/v1/regions/{region}/plans/{plan}/publication", plan_edits::publication, RegionRead, [plan_edits::Publication], [Written], "Publish a region's plan or take it back, saying why."),
    (GET, "/api/v1/regions/{region}/public/plans", public_plans::list, Public, [], [Vec<plans::PlanItem>], "The region's published plans, for anyone."),
    (GET, "/api/v1/regions/{region}/public/plans/{plan}", public_plans::get, Public, [], [views::PlanView], "A region's published plan, for anyone."),
    (GET, "/api/v1/regions/{region}/public/plans/{plan}/document", public_plans::document_page, Public, [], [], "A region's published plan document, for anyone."),
    (GET, "/api/v1/networks/{network}/revision", revision::list, NetworkPlanning, [], [crate::audit::revision::Revision], "Records due for the yearly revision: not reviewed in 12 months."),
    (POST, "/api/v1/networks/{network}/revision", revision::review, NetworkWrite, [revision::ReviewBody], [Written], "Mark actors, platforms and activities reviewed, many at once (one event)."),
    (GET, "/api/v1/networks/{network}/report", report::network, NetworkPlanning, [], [crate::audit::report::Report], "The network's yearly report (`?year=`): the change set summarised, chart figures."),
    (GET, "/api/v1/networks/{network}/report/page", report::network_page, NetworkPlanning, [], [], "The network's yearly report as a printable Czech page with its charts."),
    (GET, "/api/v1/networks/{network}/report/charts/{chart}", report::network_chart, NetworkPlanning, [], [], "One chart of the network's yearly report as SVG: capacity, need-areas or meetings."),
    (GET, "/api/v1/networks/{network}/changes", changes::network, NetworkPlanning, [], [crate::audit::changeset::ChangeSet], "What changed between two dates: actors, fields, coverage, capacity, platforms, tasks."),
    (GET, "/api/v1/networks/{network}/actors/{actor}/history", history::actor, NetworkPlanning, [], [Vec<crate::audit::history::Change>], "Every change of an actor, newest first: author, both dates, fields old and new."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/reviews", actors::review, NetworkWrite, [actors::Dated], [Written], "Mark an actor reviewed."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/notes", people::add_note, NetworkWrite, [people::NoteBody], [Written], "Add a note."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", people::edit_note, NetworkWrite, [people::NoteBody], [Written], "Edit a note."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", people::remove_note, NetworkWrite, [], [Written], "Remove a note."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts", people::add_contact, ActorWrite, [people::ContactBody], [Written], "Add a contact person."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", people::change_contact, ActorWrite, [people::ContactBody], [Written], "Change a contact person."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", people::remove_contact, ActorWrite, [], [Written], "Remove a contact person."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}/erasure", people::erase_contact, ActorWrite, [], [Written], "Erase a contact person's personal data for good."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/capacity", capacity::announce, ActorWrite, [capacity::CapacityBody], [Written], "Announce current capacity in one unit."),
    (GET, "/api/v1/networks/{network}/actors/{actor}/capacity", capacity::capacity_series, NetworkRead, [], [Vec<capacity::Announcement>], "Every capacity announcement of an actor, newest first."),
    (GET, "/api/v1/networks/{network}/capacities", capacity::capacities, NetworkRead, [], [], "Current capacity of every active actor."),
    (GET, "/api/v1/networks/{network}/platforms", platforms::list, NetworkPlanning, [], [Vec<platforms::PlatformItem>], "Platforms with meetings held against plan."),
    (POST, "/api/v1/networks/{network}/platforms", platforms::create, NetworkWrite, [platforms::PostPlatform], [Written], "Record a platform."),
    (GET, "/api/v1/networks/{network}/platforms/{platform}", platforms::get, NetworkPlanning, [], [views::PlatformView], "A platform with its meetings and outcomes."),
    (PATCH, "/api/v1/networks/{network}/platforms/{platform}", platforms::change, NetworkWrite, [platforms::PatchPlatform], [Written], "Change a platform's fields."),
    (GET, "/api/v1/networks/{network}/platforms/{platform}/history", history::platform, NetworkPlanning, [], [Vec<crate::audit::history::Change>], "Every change of a platform, newest first: author, both dates, fields old and new."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/evaluations", platforms::evaluate, NetworkWrite, [platforms::Evaluate], [Written], "Record an evaluation of a platform."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/end", platforms::end, NetworkWrite, [platforms::End], [Written], "Mark a platform ended."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings", platforms::schedule, NetworkWrite, [platforms::Schedule], [Written], "Schedule a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/held", platforms::held, NetworkWrite, [platforms::Held], [Written], "Record a meeting as held."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/cancellation", platforms::cancel, NetworkWrite, [platforms::Cancel], [Written], "Cancel a scheduled meeting."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/outcomes", platforms::record_outcome, NetworkWrite, [platforms::OutcomeBody], [Written], "Record a decision or task of a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/outcomes/{outcome}/status", platforms::task_status, NetworkWrite, [platforms::TaskStatusBody], [Written], "Move a task on."),
    (POST, "/api/v1/networks/{network}/board/posts", board::publish, NetworkRead, [crate::app::board::PostBody], [Written], "Post on the board: an event, a project, news or a place wanted."),
    (GET, "/api/v1/board/posts", board::history, SignedIn, [], [], "Board frames after `from` (or the current board), with the socket's filters."),
    (GET, "/api/v1/board/ws", crate::board::socket::ws, SignedIn, [], [], "The live board over a websocket (see docs/board.md)."),
    (POST, "/api/v1/board/posts/{post}/offers", board::offer, SignedIn, [crate::app::board::OfferBody], [Written], "Offer help on a place-wanted request (seen by the asker only)."),
    (POST, "/api/v1/board/posts/{post}/offers/{offer}/sharing", board::share, SignedIn, [], [Written], "Share an offer with the request's audience (the asker)."),
    (POST, "/api/v1/board/posts/{post}/resolution", board::resolve, SignedIn, [board::Note], [Written], "Mark a place-wanted request resolved (the asker)."),
    (POST, "/api/v1/board/posts/{post}/withdrawal", board::withdraw, SignedIn, [board::Note], [Written], "Withdraw a post."),
    (GET, "/api/v1/networks/{network}/needs", needs::get, NetworkPlanning, [], [], "The needs map: forms and activities per need area."),
    (POST, "/api/v1/networks/{network}/needs/forms", needs::add_form, NetworkWrite, [needs::FormBody], [Written], "Add a form in which a need is met."),
    (DELETE, "/api/v1/networks/{network}/needs/forms/{form}", needs::remove_form, NetworkWrite, [], [Written], "Remove a form."),
    (POST, "/api/v1/networks/{network}/needs/activities", needs::add_activity, NetworkWrite, [needs::ActivityBody], [Written], "Add an activity."),
    (PATCH, "/api/v1/networks/{network}/needs/activities/{activity}", needs::change_activity, NetworkWrite, [needs::ActivityBody], [Written], "Change an activity."),
    (DELETE, "/api/v1/networks/{network}/needs/activities/{activity}", needs::remove_activity, NetworkWrite, [], [Written], "Remove an activity."),
    (GET, "/api/v1/networks/{network}/coverage", needs::coverage, NetworkPlanning, [], [views::Coverage], "Coverage and gaps: need area × target group, prevention and intervention."),
}
