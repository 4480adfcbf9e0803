//! What of a view a principal may see. The route's access rule decides
//! whether a principal reads a network at all; these cut what a reader of
//! the network is not entitled to out of the answer:
//!
//! - private notes: the network's coordinators (and admins) only;
//! - case managers (when it is their only role in the network): the name
//!   and the fields the coordinator designated; contact persons and shared
//!   notes only if `contacts` / `notes` are designated;
//! - platform evaluations: the network's coordinators and the platform's
//!   members only; minutes, outcomes and open tasks also to the region's
//!   coordinators, not to other roles of the network.

use super::Principal;
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
    if principal.follows_platform(network, &view.id) {
        return;
    }
    view.evaluations.clear();
    if principal.regional_for(network, model) {
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
