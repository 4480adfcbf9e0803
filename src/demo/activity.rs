//! What a demo network's actors and platforms did over the year: capacity
//! announced every fortnight, platform meetings with decisions and tasks, and
//! the Tachov needs map.

use chrono::Duration;
use uuid::Uuid;

use super::builder::Builder;
use super::data::{self, STANDARD, TACHOV_NEEDS};
use super::{demo_id, list, text};
use crate::app::AppError;
use crate::domain::actor::{ActorCommand, Capacity};
use crate::domain::needs::NeedsCommand;
use crate::domain::platform::{OutcomeKind, PlatformCommand, TaskStatus};
use crate::domain::value::Value;

impl Builder<'_> {
    pub(super) async fn capacity(&mut self) -> Result<(), AppError> {
        let mut with_capacity: Vec<(Uuid, &str, u32)> = Vec::new();
        for (role, spec) in
            STANDARD.iter().map(|(r, s)| (Some(*r), s)).chain(self.spec.actors.iter().map(|s| (None, s)))
        {
            let name =
                role.and_then(|r| data::standard_name(r, self.spec.town)).unwrap_or_else(|| spec.name.to_owned());
            if let (Some((unit, max)), Some(id)) = (spec.capacity, self.actors.get(&name)) {
                with_capacity.push((*id, unit, max));
            }
        }
        with_capacity.sort();
        for (index, (id, unit, max)) in with_capacity.into_iter().enumerate() {
            // Every fortnight from the second month; one in three services
            // stopped announcing a month ago, so its capacity is stale now.
            let stops = if index % 3 == 2 { 35 } else { 1 };
            let mut day = 30 + self.rng.below(7) as i64;
            while self.start + Duration::days(day) < self.now - Duration::days(stops) {
                let free = self.rng.below(u64::from(max) / 2 + 1) as u32;
                let capacity = Capacity {
                    unit: unit.to_owned(),
                    free,
                    occupied: Some(max - free),
                    waiting: Some(self.rng.below(6) as u32),
                    valid_until: None,
                    note: String::new(),
                };
                let meta = self.meta(self.day(day));
                match self.app.actor(&self.network, id, ActorCommand::AnnounceCapacity { capacity }, &meta).await {
                    // A service closed at that date announces nothing.
                    Err(AppError::Domain(crate::domain::DomainError::Conflict(_))) => {}
                    other => {
                        other?;
                    }
                }
                day += 14;
            }
        }
        Ok(())
    }

    pub(super) async fn platforms(&mut self) -> Result<usize, AppError> {
        for spec in self.spec.platforms {
            let id = demo_id(&[self.spec.slug, "platform", spec.name]);
            let coordinators: Vec<Uuid> = spec.coordinators.iter().filter_map(|n| self.resolve(n)).collect();
            let members: Vec<Uuid> =
                spec.members.iter().filter_map(|n| self.resolve(n)).filter(|m| !coordinators.contains(m)).collect();
            let founded = self.day(40);
            let fields = vec![
                ("name".to_owned(), text(spec.name)),
                ("platform_type".to_owned(), text(spec.platform_type)),
                ("coordinators".to_owned(), list(&coordinators)),
                ("members".to_owned(), list(&members)),
                ("frequency_per_year".to_owned(), Value::Number(spec.per_year)),
                ("topics".to_owned(), list(spec.topics)),
                ("goals".to_owned(), list(["sdílet informace a domlouvat společný postup"])),
                ("need_areas".to_owned(), list(spec.areas)),
                ("written_outputs".to_owned(), Value::Flag(true)),
                ("outputs_where".to_owned(), text("zápisy u koordinátora platformy")),
                ("composition".to_owned(), text(&format!("{} aktérů sítě", coordinators.len() + members.len()))),
            ];
            let meta = self.meta(founded);
            self.app
                .platform(&self.network, id, PlatformCommand::Found { network: self.network.clone(), fields }, &meta)
                .await?;
            let people: Vec<Uuid> = coordinators.iter().chain(&members).copied().collect();
            let span = (self.now - founded).num_days() - 7;
            let count = (spec.per_year * span / 365).max(1);
            for n in 0..count {
                let date = founded + Duration::days(7 + span * n / count) + Duration::hours(14);
                let meeting = demo_id(&[self.spec.slug, spec.name, "meeting", &n.to_string()]);
                let attendees: Vec<Uuid> = people.iter().filter(|_| self.rng.below(5) != 0).copied().collect();
                let hold = PlatformCommand::HoldMeeting {
                    id: meeting,
                    date,
                    place: format!("MěÚ {}", self.spec.town),
                    agenda: spec.topics.first().copied().unwrap_or("").to_owned(),
                    attendees,
                    others: self.rng.below(4) as u32,
                    minutes: format!("Zápis ze setkání č. {}.", n + 1),
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, hold, &meta).await?;
                let task = demo_id(&[self.spec.slug, spec.name, "task", &n.to_string()]);
                let owner = people.get(self.rng.below(people.len() as u64) as usize).copied();
                let record = PlatformCommand::RecordOutcome {
                    id: task,
                    meeting,
                    kind: OutcomeKind::Task,
                    text: format!("Připravit podklady k tématu: {}", spec.topics[(n as usize) % spec.topics.len()]),
                    owner,
                    due: Some(date + Duration::days(45)),
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, record, &meta).await?;
                let decision = PlatformCommand::RecordOutcome {
                    id: demo_id(&[self.spec.slug, spec.name, "decision", &n.to_string()]),
                    meeting,
                    kind: OutcomeKind::Decision,
                    text: "Příští setkání rozšířit o zástupce škol.".into(),
                    owner: None,
                    due: None,
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, decision, &meta).await?;
                if date + Duration::days(40) < self.now && self.rng.below(4) != 0 {
                    let meta = self.meta(date + Duration::days(30));
                    self.app
                        .platform(
                            &self.network,
                            id,
                            PlatformCommand::SetTaskStatus { id: task, status: TaskStatus::Done },
                            &meta,
                        )
                        .await?;
                }
            }
            let evaluate = PlatformCommand::Evaluate { text: spec.evaluation.to_owned() };
            let meta = self.meta(self.now - Duration::days(60));
            self.app.platform(&self.network, id, evaluate, &meta).await?;
            let next = PlatformCommand::ScheduleMeeting {
                id: demo_id(&[self.spec.slug, spec.name, "next"]),
                date: self.now + Duration::days(21),
                place: format!("MěÚ {}", self.spec.town),
                agenda: "plán na další období".into(),
            };
            let meta = self.meta(self.now);
            self.app.platform(&self.network, id, next, &meta).await?;
        }
        Ok(self.spec.platforms.len())
    }

    pub(super) async fn needs(&mut self) -> Result<(), AppError> {
        if self.spec.slug != "tachov" {
            return Ok(());
        }
        for area in TACHOV_NEEDS {
            for form in area.forms {
                let command = NeedsCommand::AddForm {
                    network: self.network.clone(),
                    id: demo_id(&["tachov", "form", form]),
                    area: area.area.parse().expect("demo areas are valid"),
                    text: (*form).to_owned(),
                };
                let meta = self.meta(self.day(60));
                self.app.needs(&self.network, command, &meta).await?;
            }
            for (activity, stage, kinds, practice, actors) in area.activities {
                let ids: Vec<Uuid> = actors.iter().filter_map(|a| self.resolve(a)).collect();
                let mut fields = vec![
                    ("text".to_owned(), text(activity)),
                    ("area".to_owned(), text(area.area)),
                    ("stage".to_owned(), text(stage)),
                    ("actor_kinds".to_owned(), list(*kinds)),
                    ("actors".to_owned(), list(ids)),
                ];
                if !practice.is_empty() {
                    fields.push(("local_practice".to_owned(), text(practice)));
                }
                let command = NeedsCommand::AddActivity {
                    network: self.network.clone(),
                    id: demo_id(&["tachov", "activity", activity]),
                    fields,
                };
                let meta = self.meta(self.day(60));
                self.app.needs(&self.network, command, &meta).await?;
            }
        }
        Ok(())
    }
}
