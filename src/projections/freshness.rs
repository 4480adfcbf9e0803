//! When capacity is current: an announcement holds for the network's stale
//! age, or until its own valid-until if that comes first. One definition,
//! used by the directory index, its queries and every view.

use chrono::{DateTime, Duration, Utc};

use crate::domain::actor::ActorState;

/// Until when an announcement made at `at` holds (exclusive).
pub fn holds_until(valid_until: Option<DateTime<Utc>>, at: DateTime<Utc>, stale_days: u32) -> DateTime<Utc> {
    let stale = at + Duration::days(i64::from(stale_days));
    valid_until.map_or(stale, |until| until.min(stale))
}

/// Whether an announcement made at `at` still holds at `now`.
pub fn is_fresh(valid_until: Option<DateTime<Utc>>, at: DateTime<Utc>, stale_days: u32, now: DateTime<Utc>) -> bool {
    now < holds_until(valid_until, at, stale_days)
}

/// Until when the actor has fresh free places: the latest end of any of its
/// announcements with free places; `None` if it announced none.
pub fn free_until(actor: &ActorState, stale_days: u32) -> Option<DateTime<Utc>> {
    actor.capacity.values().filter(|(c, _)| c.free > 0).map(|(c, at)| holds_until(c.valid_until, *at, stale_days)).max()
}

/// Whether the actor has a fresh announcement of free places at `now`.
pub fn has_free_capacity(actor: &ActorState, stale_days: u32, now: DateTime<Utc>) -> bool {
    free_until(actor, stale_days).is_some_and(|until| now < until)
}

impl crate::projections::Model {
    /// The first instant after `now` at which one of `network`'s capacity
    /// announcements stops holding ([`holds_until`]): answers that count
    /// free places hold until then.
    pub fn next_capacity_change(
        &self,
        network: &crate::domain::ids::Slug,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let stale_days = self
            .networks
            .get(network)
            .map_or(crate::domain::network::DEFAULT_CAPACITY_STALE_DAYS, |n| n.state.stale_days());
        self.actors_by_network
            .get(network)
            .into_iter()
            .flatten()
            .filter_map(|id| self.actors.get(id))
            .flat_map(|actor| actor.entry.state.capacity.values())
            .map(|(capacity, at)| holds_until(capacity.valid_until, *at, stale_days))
            .filter(|t| *t > now)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_announcement_holds_for_the_stale_age_or_until_its_validity_whichever_is_sooner() {
        let made = at("2026-03-01T00:00:00Z");
        assert_eq!(holds_until(None, made, 14), at("2026-03-15T00:00:00Z"));
        assert_eq!(holds_until(Some(at("2026-03-05T00:00:00Z")), made, 14), at("2026-03-05T00:00:00Z"));
        assert!(is_fresh(None, made, 14, at("2026-03-14T23:59:59Z")));
        assert!(!is_fresh(None, made, 14, at("2026-03-15T00:00:00Z")), "the end is exclusive");
    }
}
