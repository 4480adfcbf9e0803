//! Building one demo network: the network and its taxonomies, its actors,
//! and the history of reviews and status changes.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::data::{self, AGE_BANDS, ActorSpec, LIFE_SITUATIONS, NetworkSpec, STANDARD};
use super::{Rng, demo_id, list, slug, text};
use crate::app::{App, AppError, Meta};
use crate::domain::actor::{ActorCommand, ContactPerson, Note, Status};
use crate::domain::ids::Slug;
use crate::domain::network::{CategoryKind, NetworkCommand, TermKind};
use crate::domain::value::{CapacityLimit, Value};
use std::collections::HashMap;

/// Builds one network's history; each command gets an idempotency key from
/// the network and a step number, so a second build writes nothing.
pub(super) struct Builder<'a> {
    pub(super) app: &'a App,
    pub(super) spec: &'a NetworkSpec,
    pub(super) network: Slug,
    pub(super) start: DateTime<Utc>,
    pub(super) now: DateTime<Utc>,
    pub(super) step: usize,
    pub(super) rng: Rng,
    pub(super) actors: HashMap<String, Uuid>,
    pub(super) ages: Vec<Uuid>,
    pub(super) places: Vec<Uuid>,
}

impl Builder<'_> {
    pub(super) fn meta(&mut self, at: DateTime<Utc>) -> Meta {
        self.step += 1;
        Meta {
            author: "system:demo".into(),
            effective_at: Some(at.min(self.now)),
            expected: None,
            idempotency_key: Some(demo_id(&["demo", self.spec.slug, &self.step.to_string()])),
            // The demo's history is recorded across its months too.
            recorded_at: Some(at.min(self.now)),
        }
    }

    pub(super) fn day(&self, days: i64) -> DateTime<Utc> {
        (self.start + Duration::days(days)).min(self.now)
    }

    /// The actor a platform or activity names: a role key or a name.
    pub(super) fn resolve(&self, name: &str) -> Option<Uuid> {
        self.actors
            .get(name)
            .copied()
            .or_else(|| data::standard_name(name, self.spec.town).and_then(|n| self.actors.get(&n).copied()))
    }

    pub(super) async fn network(&mut self) -> Result<(), AppError> {
        let (net, spec) = (self.network.clone(), self.spec);
        let register = NetworkCommand::Register {
            slug: net.clone(),
            name: spec.name.into(),
            orp_code: None,
            region: slug(spec.region),
        };
        let meta = self.meta(self.start);
        self.app.network(&net, register, &meta).await?;
        let mut terms = Vec::new();
        for band in AGE_BANDS {
            terms.push((TermKind::TargetGroup, band.to_owned()));
        }
        for situation in LIFE_SITUATIONS {
            terms.push((TermKind::LifeSituation, situation.to_owned()));
        }
        terms.push((TermKind::Place, spec.town.to_owned()));
        for locality in spec.localities {
            terms.push((TermKind::Place, (*locality).to_owned()));
        }
        for (kind, name) in terms {
            let id = demo_id(&[spec.slug, "term", &name]);
            let meta = self.meta(self.start);
            self.app.network(&net, NetworkCommand::AddTerm { id, kind, name }, &meta).await?;
            match kind {
                TermKind::TargetGroup => self.ages.push(id),
                TermKind::Place => self.places.push(id),
                TermKind::LifeSituation => {}
            }
        }
        let languages = demo_id(&[spec.slug, "category", "jazyky"]);
        let define = NetworkCommand::DefineCategory {
            id: languages,
            name: "Jazyky, ve kterých služba pracuje".into(),
            kind: CategoryKind::ManyOf,
            allowed: vec!["čeština".into(), "ukrajinština".into(), "vietnamština".into(), "romština".into()],
        };
        let meta = self.meta(self.start);
        self.app.network(&net, define, &meta).await?;
        let designated = [
            "name",
            "kind",
            "service_type",
            "need_areas",
            "places",
            "phone",
            "opening_hours",
            "crisis_network",
            "crisis_contact",
        ];
        let configure = NetworkCommand::Configure {
            designated_fields: Some(designated.iter().map(|s| (*s).to_owned()).collect()),
            capacity_stale_days: Some(14),
        };
        let meta = self.meta(self.start);
        self.app.network(&net, configure, &meta).await?;
        // The coordinator shares a view of the directory with case managers:
        // services for safety with free places now.
        let shared = NetworkCommand::SaveFilter {
            id: demo_id(&["filter", spec.slug, "volna-mista"]),
            name: "Volná místa – bezpečí a krize".into(),
            filter: Box::new(
                crate::domain::filter::DirectoryFilter::parse("need_area=safety&free_capacity=true")
                    .expect("the demo's filter parses"),
            ),
            audience: crate::domain::network::Audience::CaseManagers,
        };
        let meta = self.meta(self.start);
        self.app.network(&net, shared, &meta).await?;
        Ok(())
    }

    pub(super) async fn actor(
        &mut self,
        role: Option<&str>,
        spec: &ActorSpec,
        entered: DateTime<Utc>,
    ) -> Result<Uuid, AppError> {
        let name = spec.name.replace("{town}", self.spec.town);
        let id = demo_id(&[self.spec.slug, "actor", &name]);
        let mut places = vec![self.places[0]];
        if spec.forms.contains(&"field") {
            places.extend(self.places.iter().skip(1));
        }
        let mut fields = vec![
            ("name".to_owned(), text(&name)),
            ("kind".to_owned(), text(spec.kind)),
            ("service_type".to_owned(), text(spec.service_type)),
            ("founder".to_owned(), text(spec.founder)),
            ("sector".to_owned(), text(spec.sector)),
            ("need_areas".to_owned(), list(spec.areas)),
            ("focus".to_owned(), text(spec.focus)),
            ("forms".to_owned(), list(spec.forms)),
            ("target_groups".to_owned(), list(spec.ages.iter().map(|i| self.ages[*i]))),
            ("places".to_owned(), list(places)),
            (
                "opening_hours".to_owned(),
                text(if spec.forms.contains(&"residential") { "nonstop" } else { "Po–Pá 8–16" }),
            ),
            ("online".to_owned(), Value::Flag(self.rng.below(3) == 0)),
            ("crisis_network".to_owned(), Value::Flag(spec.crisis)),
            (format!("custom.{}", demo_id(&[self.spec.slug, "category", "jazyky"])), list(["čeština"])),
        ];
        if spec.crisis {
            fields.push(("crisis_contact".to_owned(), text("krizová linka služby (ukázková)")));
        }
        if let Some((unit, max)) = spec.capacity {
            fields
                .push(("capacities".to_owned(), Value::Capacities(vec![CapacityLimit { unit: unit.to_owned(), max }])));
            // Crisis services show their free places to the public.
            if spec.crisis {
                fields.push(("capacity_public".to_owned(), Value::Flag(true)));
            }
        }
        let meta = self.meta(entered);
        self.app
            .actor(&self.network, id, ActorCommand::Register { network: self.network.clone(), fields }, &meta)
            .await?;
        self.actors.insert(name.clone(), id);
        if !spec.note.is_empty() {
            let note = Note { text: spec.note.to_owned(), private: false };
            let meta = self.meta(entered + Duration::days(5));
            self.app
                .actor(&self.network, id, ActorCommand::AddNote { id: demo_id(&[&name, "note"]), note }, &meta)
                .await?;
        }
        if let Some(person) = role.and_then(|r| data::PLACEHOLDER_PEOPLE.iter().find(|(key, _)| *key == r)) {
            let contact = ContactPerson {
                name: person.1.to_owned(),
                email: Some(format!("kontakt.{}@priklad.example", self.spec.slug)),
                phone: None,
                role: "kontaktní osoba (ukázková)".into(),
                public: role != Some("ospod"),
                erased: false,
            };
            let meta = self.meta(entered + Duration::days(2));
            self.app
                .actor(
                    &self.network,
                    id,
                    ActorCommand::AddContact { id: demo_id(&[&name, "contact"]), person: contact },
                    &meta,
                )
                .await?;
        }
        Ok(id)
    }

    pub(super) async fn actors(&mut self) -> Result<(), AppError> {
        if self.spec.active {
            for (role, spec) in STANDARD {
                let offset = 1 + self.rng.below(20) as i64;
                let entered = self.day(offset);
                self.actor(Some(role), spec, entered).await?;
            }
        } else {
            // A network that did not take part has only its OSPOD and school.
            for (role, spec) in STANDARD.iter().filter(|(r, _)| matches!(*r, "ospod" | "school")) {
                self.actor(Some(role), spec, self.day(1)).await?;
            }
        }
        for spec in self.spec.actors {
            let offset = 3 + self.rng.below(25) as i64;
            let entered = self.day(offset);
            self.actor(None, spec, entered).await?;
        }
        if self.spec.active {
            let ospod = self.resolve("ospod").expect("every network has its OSPOD");
            let note = Note { text: format!("Témata síťování: {}.", self.spec.topics.join("; ")), private: true };
            let meta = self.meta(self.day(45));
            self.app
                .actor(
                    &self.network,
                    ospod,
                    ActorCommand::AddNote { id: demo_id(&[self.spec.slug, "topics"]), note },
                    &meta,
                )
                .await?;
        }
        Ok(())
    }

    pub(super) async fn history(&mut self) -> Result<(), AppError> {
        // The yearly revision: about half the entries were reviewed in the
        // summer; the rest are due.
        let names: Vec<(String, Uuid)> = {
            let mut v: Vec<_> = self.actors.iter().map(|(n, id)| (n.clone(), *id)).collect();
            v.sort();
            v
        };
        // Oldest first: the recording clock only moves forward.
        for (i, (_, id)) in names.iter().enumerate().rev() {
            if i % 2 == 0 {
                let meta = self.meta(self.now - Duration::days(100 + i as i64));
                self.app.actor(&self.network, *id, ActorCommand::MarkReviewed, &meta).await?;
            }
        }
        if self.spec.slug == "decin"
            && let Some(id) = self.resolve("MC Rákosníček")
        {
            let meta = self.meta(self.now - Duration::days(180));
            self.app.actor(&self.network, id, ActorCommand::SetStatus { status: Status::Ended }, &meta).await?;
        }
        if self.spec.slug == "most"
            && let Some(id) = self.resolve("Fokus Labe, z. s.")
        {
            let meta = self.meta(self.now - Duration::days(120));
            self.app
                .actor(&self.network, id, ActorCommand::SetStatus { status: Status::TemporarilyClosed }, &meta)
                .await?;
            let meta = self.meta(self.now - Duration::days(90));
            self.app.actor(&self.network, id, ActorCommand::SetStatus { status: Status::Active }, &meta).await?;
        }
        Ok(())
    }
}
