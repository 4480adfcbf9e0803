//! The route table: every route of the API, once. [`register`] wires them
//! into actix; [`ROUTES`] lists them for the OpenAPI document and the
//! tests, so a route cannot exist without being described.

use actix_web::web;

use super::routes::{actors, health, needs, networks, platforms, regions};

/// One route of the API.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// The HTTP method.
    pub method: &'static str,
    /// The path, with `{parameters}`.
    pub path: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// Whether it writes (and so answers `{"id", "position", "version"}`).
    pub writes: bool,
}

macro_rules! table {
    ($(($method:ident, $path:literal, $handler:path, $writes:literal, $summary:literal)),* $(,)?) => {
        /// Every route of the API.
        pub const ROUTES: &[Route] = &[
            $(Route { method: stringify!($method), path: $path, summary: $summary, writes: $writes }),*
        ];

        /// Registers every route.
        pub fn register(cfg: &mut web::ServiceConfig) {
            $( table!(@one cfg, $method, $path, $handler); )*
        }
    };
    (@one $cfg:ident, GET, $path:literal, $handler:path) => { $cfg.route($path, web::get().to($handler)); };
    (@one $cfg:ident, POST, $path:literal, $handler:path) => { $cfg.route($path, web::post().to($handler)); };
    (@one $cfg:ident, PUT, $path:literal, $handler:path) => { $cfg.route($path, web::put().to($handler)); };
    (@one $cfg:ident, PATCH, $path:literal, $handler:path) => { $cfg.route($path, web::patch().to($handler)); };
    (@one $cfg:ident, DELETE, $path:literal, $handler:path) => { $cfg.route($path, web::delete().to($handler)); };
}

table! {
    (GET, "/healthz", health::healthz, false, "The process answers."),
    (GET, "/readyz", health::readyz, false, "The read models have caught up with the log."),
    (GET, "/api/v1/regions", regions::list, false, "Regions (kraje)."),
    (GET, "/api/v1/regions/{region}", regions::get, false, "A region's networks side by side."),
    (PUT, "/api/v1/regions/{region}", regions::put, true, "Register or rename a region."),
    (GET, "/api/v1/networks", networks::list, false, "Networks, in Czech name order."),
    (GET, "/api/v1/networks/{network}", networks::get, false, "A network with its taxonomies, categories, saved filters and settings."),
    (PUT, "/api/v1/networks/{network}", networks::put, true, "Register a network in a region, or rename it."),
    (GET, "/api/v1/networks/{network}/template", networks::template, false, "The actor template: built-in fields, custom categories, need areas."),
    (POST, "/api/v1/networks/{network}/terms", networks::add_term, true, "Add a target group, life situation or place."),
    (PATCH, "/api/v1/networks/{network}/terms/{term}", networks::rename_term, true, "Rename a term."),
    (DELETE, "/api/v1/networks/{network}/terms/{term}", networks::retire_term, true, "Retire a term."),
    (PUT, "/api/v1/networks/{network}/categories/{category}", networks::put_category, true, "Define a custom category of the actor template."),
    (DELETE, "/api/v1/networks/{network}/categories/{category}", networks::remove_category, true, "Remove a custom category."),
    (PUT, "/api/v1/networks/{network}/filters/{filter}", networks::put_filter, true, "Save a filter of the directory."),
    (DELETE, "/api/v1/networks/{network}/filters/{filter}", networks::remove_filter, true, "Remove a saved filter."),
    (GET, "/api/v1/networks/{network}/filters/{filter}/actors", actors::saved, false, "Run a saved filter."),
    (PUT, "/api/v1/networks/{network}/settings", networks::put_settings, true, "Designate fields for case managers; set when capacity goes stale."),
    (GET, "/api/v1/networks/{network}/actors", actors::list, false, "The directory: filters, search, facets, pages."),
    (POST, "/api/v1/networks/{network}/actors", actors::create, true, "Enter a new actor."),
    (GET, "/api/v1/networks/{network}/actors/{actor}", actors::get, false, "An actor in full."),
    (PATCH, "/api/v1/networks/{network}/actors/{actor}", actors::change, true, "Change an actor's fields."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/status", actors::status, true, "Set an actor's status."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/reviews", actors::review, true, "Mark an actor reviewed."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/notes", actors::add_note, true, "Add a note."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", actors::edit_note, true, "Edit a note."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/notes/{note}", actors::remove_note, true, "Remove a note."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts", actors::add_contact, true, "Add a contact person."),
    (PUT, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", actors::change_contact, true, "Change a contact person."),
    (DELETE, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}", actors::remove_contact, true, "Remove a contact person."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/contacts/{person}/erasure", actors::erase_contact, true, "Erase a contact person's personal data for good."),
    (POST, "/api/v1/networks/{network}/actors/{actor}/capacity", actors::announce, true, "Announce current capacity in one unit."),
    (GET, "/api/v1/networks/{network}/capacities", actors::capacities, false, "Current capacity of every active actor."),
    (GET, "/api/v1/networks/{network}/platforms", platforms::list, false, "Platforms with meetings held against plan."),
    (POST, "/api/v1/networks/{network}/platforms", platforms::create, true, "Record a platform."),
    (GET, "/api/v1/networks/{network}/platforms/{platform}", platforms::get, false, "A platform with its meetings and outcomes."),
    (PATCH, "/api/v1/networks/{network}/platforms/{platform}", platforms::change, true, "Change a platform's fields."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/evaluations", platforms::evaluate, true, "Record an evaluation of a platform."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/end", platforms::end, true, "Mark a platform ended."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings", platforms::schedule, true, "Schedule a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/held", platforms::held, true, "Record a meeting as held."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/cancellation", platforms::cancel, true, "Cancel a scheduled meeting."),
    (POST, "/api/v1/networks/{network}/platforms/{platform}/meetings/{meeting}/outcomes", platforms::record_outcome, true, "Record a decision or task of a meeting."),
    (PUT, "/api/v1/networks/{network}/platforms/{platform}/outcomes/{outcome}/status", platforms::task_status, true, "Move a task on."),
    (GET, "/api/v1/networks/{network}/needs", needs::get, false, "The needs map: forms and activities per need area."),
    (POST, "/api/v1/networks/{network}/needs/forms", needs::add_form, true, "Add a form in which a need is met."),
    (DELETE, "/api/v1/networks/{network}/needs/forms/{form}", needs::remove_form, true, "Remove a form."),
    (POST, "/api/v1/networks/{network}/needs/activities", needs::add_activity, true, "Add an activity."),
    (PATCH, "/api/v1/networks/{network}/needs/activities/{activity}", needs::change_activity, true, "Change an activity."),
    (DELETE, "/api/v1/networks/{network}/needs/activities/{activity}", needs::remove_activity, true, "Remove an activity."),
    (GET, "/api/v1/networks/{network}/coverage", needs::coverage, false, "Coverage and gaps: need area × target group, prevention and intervention."),
}
