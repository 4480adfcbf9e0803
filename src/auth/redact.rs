//! What of a view a principal may see. The route's access rule decides
//! whether a principal reads a network at all; these cut what a reader of
//! the network is not entitled to out of the answer:
//!
//! - private notes: the network's coordinators (and admins) only;
//! - case managers (when it is their only role in the network): the name
//!   and the fields the coordinator designated — in the actor's view, in
//!   the directory's summaries, facets and filters, and in search (names
//!   only); contact persons and shared notes only if `contacts` / `notes`
//!   are designated; free places, which the board shows them too;
//! - platform evaluations: the network's coordinators and the platform's
//!   members only; minutes, outcomes and open tasks also to the accounts
//!   of the platform's member actors (as on the board:
//!   `Principal::follows_platform`) and to the region's coordinators, not
//!   to other roles of the network.

use super::Principal;
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::projections::Model;
use crate::projections::views::{ActorView, PlatformView};

/// The pseudo-field that designates contact persons for case managers.
pub const CONTACTS: &str = "contacts";
/// The pseudo-field that designates shared notes for case managers.
pub const NOTES: &str = "notes";

/// The fields a case manager sees, if `principal` reads `network` as a case
/// manager only; `None` if it sees every field.
pub fn case_manager_fields(principal: &Principal, network: &Slug, model: &Model) -> Option<Vec<String>> {
    if !principal.only_case_manager(network, model) {
        return None;
    }
    let mut fields = model.networks.get(network).map(|n| n.state.designated_fields.clone()).unwrap_or_default();
    fields.push("name".to_owned());
    Some(fields)
}

/// The actor field behind a directory filter key (`None`: not a field —
/// status and free capacity, which case managers see on the board anyway —
/// or a platform key, which is never theirs).
fn filter_field(key: &str) -> Result<Option<&str>, ()> {
    Ok(Some(match key {
        "need_area" => "need_areas",
        "target_group" => "target_groups",
        "life_situation" => "life_situations",
        "place" => "places",
        "kind" => "kind",
        "service_type" => "service_type",
        "founder" => "founder",
        "sector" => "sector",
        "focus" => "focus",
        "crisis" => "crisis_network",
        "form" => "forms",
        "online" => "online",
        "status" | "free_capacity" | "q" => return Ok(None),
        "platform" | "in_no_platform" => return Err(()),
        custom => custom,
    }))
}

/// Whether a case manager who sees `fields` may filter the directory by
/// `filter`: only by the fields designated for them, by status and free
/// capacity, and by name (`q` searches names only for them).
pub fn case_manager_filter(filter: &DirectoryFilter, fields: &[String]) -> Result<(), String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&filter.to_query()).unwrap_or_default();
    let refused: Vec<&str> = pairs
        .iter()
        .map(|(key, _)| key.as_str())
        .filter(|key| match filter_field(key) {
            Ok(None) => false,
            Ok(Some(field)) => !fields.iter().any(|f| f == field),
            Err(()) => true,
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(format!(
        "case managers filter the directory by the fields the coordinator designated for them, by status, free \
         capacity and name; not by {}",
        refused.join(", ")
    ))
}

/// Whether a directory facet (a field) may be counted for a case manager
/// who sees `fields`.
pub fn facet_visible(facet: &str, fields: &[String]) -> bool {
    facet == "free_capacity" || fields.iter().any(|f| f == facet)
}

/// Cuts an actor's view down to what `principal` may see.
pub fn actor(view: &mut ActorView, principal: &Principal, network: &Slug, model: &Model) {
    if !principal.coordinates(network) {
        view.notes.retain(|n| !n.private);
    }
    if let Some(fields) = case_manager_fields(principal, network, model) {
        view.fields.retain(|code, _| fields.iter().any(|f| f == code));
        for change in &mut view.scheduled {
            change.changes.retain(|c| fields.contains(&c.field));
        }
        view.scheduled.retain(|c| !c.changes.is_empty() || c.status.is_some());
        // Nothing beyond the name and the designated fields: not the
        // platforms, the needs map's activities or the revision's dates.
        // (Free places stay: the board shows them to case managers too.)
        view.platforms.clear();
        view.activities.clear();
        view.reviewed_at = None;
        view.review_due = false;
        view.registered_at = None;
        view.status_since = None;
        if !fields.iter().any(|f| f == CONTACTS) {
            view.contacts.clear();
        }
        if !fields.iter().any(|f| f == NOTES) {
            view.notes.clear();
        }
    }
}

/// Cuts a platform's view down to what `principal` may see.
pub fn platform(view: &mut PlatformView, principal: &Principal, network: &Slug, model: &Model) {
    if !principal.platform_member(network, &view.id) {
        view.evaluations.clear();
    }
    // Minutes, outcomes and open tasks: the rule the board's platform
    // frames go by, and the region's coordinators.
    if principal.follows_platform(network, &view.id, model) || principal.regional_for(network, model) {
        return;
    }
    view.open_tasks_by_owner.clear();
    for meeting in &mut view.meetings {
        meeting.outcomes.clear();
        if let crate::domain::platform::MeetingState::Held { minutes, .. } = &mut meeting.meeting.state {
            minutes.clear();
        }
    }
}
