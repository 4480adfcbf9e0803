//! The route table: every route of the API, once. [`register`] wires them
//! into actix; [`ROUTES`] lists them for the OpenAPI document and the
//! tests, so a route cannot exist without being described.

use actix_web::web;

use super::openapi;
use super::routes::{actors, capacity, health, needs, networks, people, platforms, regions};
use crate::app::Written;
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
    ($(($method:ident, $path:literal, $handler:path, [$($body:tt)*], [$($answer:tt)*], $summary:literal)),* $(,)?) => {
        /// Every route of the API.
        pub const ROUTES: &[Route] = &[
            $(Route {
                method: stringify!($method),
                path: $path,
                operation: stringify!($handler),
                summary: $summary,
                writes: table!(@writes $($answer)*),
                body: table!(@schema $($body)*),
                answer: table!(@schema $($answer)*),
            }),*
        ];

        /// Registers every route.
        pub fn register(cfg: &mut web::ServiceConfig) {
            $( table!(@one cfg, $method, $path, $handler); )*
        }
    };
    (@schema) => { None };
    (@schema $($t:tt)+) => { Some(|g: &mut schemars::SchemaGenerator| g.subschema_for::<$($t)+>()) };
    (@writes Written) => { true };
    (@writes $($t:tt)*) => { false };
    (@one $cfg:ident, GET, $path:literal, $handler:path) => { $cfg.route($path, web::get().to($handler)); };
    (@one $cfg:ident, POST, $path:literal, $handler:path) => { $cfg.route($path, web::post().to($handler)); };
    (@one $cfg:ident, PUT, $path:literal, $handler:path) => { $cfg.route($path, web::put().to($handler)); };
    (@one $cfg:ident, PATCH, $path:literal, $handler:path) => { $cfg.route($path, web::patch().to($handler)); };
    (@one $cfg:ident, DELETE, $path:literal, $handler:path) => { $cfg.route($path, web::delete().to($handler)); };
}

table! {
    (GET, "/", openapi::index, [], [], "To the API's page."),
    (GET, "/api/v1/openapi.json", openapi::json, [], [], "This API, as an OpenAPI 3.1 document."),
    (GET, "/api/v1/docs", openapi::page, [], [], "This API, as a page for people (no scripts, works offline)."),
    (GET, "/healthz", health::healthz, [], [], "The process answers."),
    (GET, "/readyz", health::readyz, [], [], "The read models have caught up with the log."),
    (GET, "/api/v1/regions", regions::list, [], [Vec<regions::RegionItem>], "Regions (kraje)."),
    (GET, "/api/v1/regions/{region}", regions::get, [], [views::RegionView], "A region's networks side by side."),
    (PUT, "/api/v1/regions/{region}", regions::put, [regions::PutRegion], [Written], "Register or rename a region."),
    (GET, "/api/v1/networks", networks::list, [], [Vec<networks::NetworkItem>], "Networks, in Czech name order."),
    (GET, "/api/v1/networks/{network}", networks::get, [], [], "A network with its taxonomies, categories, saved filters and settings."),
    (PUT, "/api/v1/networks/{network}", networks::put, [networks::PutNetwork], [Written], "Register a network in a region, or rename it."),
    (GET, "/api/v1/networks/{network}/template", networks::template, [], [], "The actor template: built-in fields, custom categories, need areas."),
    (POST, "/api/v1/networks/{network}/terms", networks::add_term, [networks::PostTerm], [Written], "Add a target group, life situation or place."),
    (PATCH, "/api/v1/networks/{network}/terms/{term}", networks::rename_term, [networks::PatchTerm], [Written], "Rename a term."),
    (DELETE, "/api/v1/networks/{network}/terms/{term}", networks::retire_term, [], [Written], "Retire a term."),
    (PUT, "/api/v1/networks/{network}/categories/{category}", networks::put_category, [networks::PutCategory], [Written], "Define a custom category of the actor template."),
    (DELETE, "/api/v1/networks/{network}/categories/{category}", networks::remove_category, [], [Written], "Remove a custom category."),
    (PUT, "/api/v1/networks/{network}/filters/{filter}", networks::put_filter, [networks::PutFilter], [Written], "Save a filter of the directory."),
    (DELETE, "/api/v1/networks/{network}/filters/{filter}", networks::remove_filter, [], [Written], "Remove a saved filter."),
    (GET, "/api/v1/networks/{network}/filters/{filter}/actors", actors::saved, [], [actors::DirectoryAnswer], "Run a saved filter."),
    (PUT, "/api/v1/networks/{network}/settings", networks::put_settings, [networks::PutSettings], [Written], "Designate fields for case managers; set when capacity goes stale."),
    (GET, "/api/v1/networks/{network}/actors", actors::list, [], [actors::DirectoryAnswer], "The directory: filters, search, facets, pages."),
    (POST, "/api/v1/networks/{network}/actors", actors::create, [actors::PostActor], [Written], "Enter a new actor."),
    (GET, "/api/v1/networks/{network}/actors/{actor}", actors::get, [], [views::ActorView], "An actor in full."),
    (PATCH, "/api/v1/networks/{network}/actors/{actor}", actors::change, [actors::PatchActor], [Written], "Change an actor's fields."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/status", actors::status, [actors::PutStatus], [Written], "Set an actor's status."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/reviews", actors::review, [actors::Dated], [Written], "Mark an actor reviewed."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/notes", people::add_note, [people::NoteBody], [Written], "Add a note."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", people::edit_note, [people::NoteBody], [Written], "Edit a note."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", people::remove_note, [], [Written], "Remove a note."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts", people::add_contact, [people::ContactBody], [Written], "Add a contact person."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", people::change_contact, [people::ContactBody], [Written], "Change a contact person."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", people::remove_contact, [], [Written], "Remove a contact person."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}/erasure", people::erase_contact, [], [Written], "Erase a contact person's personal data for good."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/capacity", capacity::announce, [capacity::CapacityBody], [Written], "Announce current capacity in one unit."),
    (GET, "/api/v1/networks/{network}/actors/{actor}/capacity", capacity::capacity_series, [], [Vec<capacity::Announcement>], "Every capacity announcement of an actor, newest first."),
    (GET, "/api/v1/networks/{network}/capacities", capacity::capacities, [], [], "Current capacity of every active actor."),
    (GET, "/api/v1/networks/{network}/platforms", platforms::list, [], [Vec<platforms::PlatformItem>], "Platforms with meetings held against plan."),
    (POST, "/api/v1/networks/{network}/platforms", platforms::create, [platforms::PostPlatform], [Written], "Record a platform."),
    (GET, "/api/v1/networks/{network}/platforms/{platform}", platforms::get, [], [views::PlatformView], "A platform with its meetings and outcomes."),
    (PATCH, "/api/v1/networks/{network}/platforms/{platform}", platforms::change, [platforms::PatchPlatform], [Written], "Change a platform's fields."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/evaluations", platforms::evaluate, [platforms::Evaluate], [Written], "Record an evaluation of a platform."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/end", platforms::end, [platforms::End], [Written], "Mark a platform ended."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings", platforms::schedule, [platforms::Schedule], [Written], "Schedule a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/held", platforms::held, [platforms::Held], [Written], "Record a meeting as held."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/cancellation", platforms::cancel, [platforms::Cancel], [Written], "Cancel a scheduled meeting."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/outcomes", platforms::record_outcome, [platforms::OutcomeBody], [Written], "Record a decision or task of a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/outcomes/{outcome}/status", platforms::task_status, [platforms::TaskStatusBody], [Written], "Move a task on."),
    (GET, "/api/v1/networks/{network}/needs", needs::get, [], [], "The needs map: forms and activities per need area."),
    (POST, "/api/v1/networks/{network}/needs/forms", needs::add_form, [needs::FormBody], [Written], "Add a form in which a need is met."),
    (DELETE, "/api/v1/networks/{network}/needs/forms/{form}", needs::remove_form, [], [Written], "Remove a form."),
    (POST, "/api/v1/networks/{network}/needs/activities", needs::add_activity, [needs::ActivityBody], [Written], "Add an activity."),
    (PATCH, "/api/v1/networks/{network}/needs/activities/{activity}", needs::change_activity, [needs::ActivityBody], [Written], "Change an activity."),
    (DELETE, "/api/v1/networks/{network}/needs/activities/{activity}", needs::remove_activity, [], [Written], "Remove an activity."),
    (GET, "/api/v1/networks/{network}/coverage", needs::coverage, [], [views::Coverage], "Coverage and gaps: need area × target group, prevention and intervention."),
}
