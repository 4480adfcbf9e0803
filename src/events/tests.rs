//! Every domain event survives encoding and decoding; personal data is
//! sealed on the way in and reads as erased without its key.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;
use crate::domain::actor::{Capacity, ContactPerson, Note, Status};
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::network::{Audience, CategoryKind, TermKind};
use crate::domain::platform::{OutcomeKind, TaskStatus};
use crate::domain::value::{CapacityLimit, FieldChange, Value};
use crate::proto::events::v1 as pb;

/// Test keys: "sealing" reverses the text; erased people have no key.
#[derive(Default)]
pub(super) struct ReversingKeys(Mutex<HashMap<Uuid, bool>>);

impl PersonalData for ReversingKeys {
    fn seal(&self, person: Uuid, plaintext: &str) -> Result<pb::Sealed, String> {
        self.0.lock().unwrap().insert(person, true);
        Ok(pb::Sealed {
            nonce: vec![1].into(),
            ciphertext: plaintext.chars().rev().collect::<String>().into_bytes().into(),
        })
    }
    fn open(&self, person: Uuid, sealed: &pb::Sealed) -> Option<String> {
        self.0.lock().unwrap().get(&person).copied().filter(|alive| *alive)?;
        Some(String::from_utf8(sealed.ciphertext.to_vec()).ok()?.chars().rev().collect())
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub(super) fn samples() -> Vec<DomainEvent> {
    let id = Uuid::from_u128(7);
    let slug = Slug::parse("tachov").unwrap();
    let user_network = slug.clone();
    let change = FieldChange {
        field: "name".into(),
        old: Some(Value::Text("A".into())),
        new: Some(Value::List(vec!["x".into()])),
    };
    let cap = FieldChange {
        field: "capacities".into(),
        old: None,
        new: Some(Value::Capacities(vec![CapacityLimit { unit: "bed".into(), max: 4 }])),
    };
    let flags = FieldChange { field: "online".into(), old: Some(Value::Flag(false)), new: Some(Value::Number(-3)) };
    use crate::domain::actor::ActorEvent as A;
    use crate::domain::needs::NeedsEvent as N;
    use crate::domain::network::{NetworkEvent as W, RegionEvent as R};
    use crate::domain::platform::PlatformEvent as P;
    use crate::domain::post::{Draft, EventDetails, PostEvent, PostKind, Reach};
    use crate::domain::user::{Grant, TokenScope, UserEvent as U};
    vec![
        DomainEvent::Region(R::Registered { slug: Slug::parse("plzensky").unwrap(), name: "Plzeňský kraj".into() }),
        DomainEvent::Region(R::Renamed { name: "Plzeňský".into() }),
        DomainEvent::Network(W::Registered {
            slug: slug.clone(),
            name: "ORP Tachov".into(),
            orp_code: Some("3214".into()),
            region: Slug::parse("plzensky").unwrap(),
        }),
        DomainEvent::Network(W::Described { name: "Tachov".into(), orp_code: None }),
        DomainEvent::Network(W::TermAdded { id, kind: TermKind::Place, name: "Tachov".into() }),
        DomainEvent::Network(W::TermRenamed { id, name: "Tachov-město".into() }),
        DomainEvent::Network(W::TermRetired { id }),
        DomainEvent::Network(W::CategoryDefined {
            id,
            name: "Jazyky".into(),
            kind: CategoryKind::ManyOf,
            allowed: vec!["uk".into()],
        }),
        DomainEvent::Network(W::CategoryRemoved { id }),
        DomainEvent::Network(W::FilterSaved {
            id,
            name: "Krize".into(),
            filter: Box::new(DirectoryFilter::parse("crisis=true&need_area=safety").unwrap()),
            audience: Audience::CaseManagers,
        }),
        DomainEvent::Network(W::FilterRemoved { id }),
        DomainEvent::Network(W::FieldsDesignated { fields: vec!["name".into(), "phone".into()] }),
        DomainEvent::Network(W::CapacityStaleDaysSet { days: 7 }),
        DomainEvent::Network(W::RecordsReviewed {
            actors: vec![id, Uuid::from_u128(10)],
            platforms: vec![Uuid::from_u128(11)],
            activities: vec![],
        }),
        DomainEvent::Actor(A::Registered { network: slug.clone(), changes: vec![change.clone(), cap, flags] }),
        DomainEvent::Actor(A::Changed {
            changes: vec![FieldChange { field: "web".into(), old: Some(Value::Text("a".into())), new: None }],
        }),
        DomainEvent::Actor(A::StatusChanged { from: Status::Active, to: Status::TemporarilyClosed }),
        DomainEvent::Actor(A::Reviewed),
        DomainEvent::Actor(A::NoteAdded { id, note: Note { text: "n".into(), private: true } }),
        DomainEvent::Actor(A::NoteEdited { id, note: Note { text: "m".into(), private: false } }),
        DomainEvent::Actor(A::NoteRemoved { id }),
        DomainEvent::Actor(A::ContactAdded {
            id,
            person: ContactPerson {
                name: "Jana Vzorová".into(),
                email: Some("j@example.org".into()),
                phone: None,
                role: "ředitelka".into(),
                public: true,
                erased: false,
            },
        }),
        DomainEvent::Actor(A::ContactChanged {
            id,
            person: ContactPerson {
                name: "J. V.".into(),
                email: None,
                phone: Some("+420 777 000 111".into()),
                role: String::new(),
                public: false,
                erased: false,
            },
        }),
        DomainEvent::Actor(A::ContactRemoved { id }),
        DomainEvent::Actor(A::ContactErased { id }),
        DomainEvent::Actor(A::CapacityAnnounced {
            capacity: Capacity {
                unit: "bed".into(),
                free: 2,
                occupied: Some(2),
                waiting: None,
                valid_until: Some(at("2026-04-01T00:00:00Z")),
                note: "jen matky".into(),
            },
        }),
        DomainEvent::Needs(N::FormAdded { network: slug.clone(), id, area: NeedArea::Health, text: "t".into() }),
        DomainEvent::Needs(N::FormRemoved { id }),
        DomainEvent::Needs(N::ActivityAdded { network: slug.clone(), id, changes: vec![change.clone()] }),
        DomainEvent::Needs(N::ActivityChanged { id, changes: vec![change.clone()] }),
        DomainEvent::Needs(N::ActivityRemoved { id }),
        DomainEvent::Platform(P::Founded { network: slug, changes: vec![change.clone()] }),
        DomainEvent::Platform(P::Changed { changes: vec![change] }),
        DomainEvent::Platform(P::Evaluated { text: "funguje".into() }),
        DomainEvent::Platform(P::Ended),
        DomainEvent::Platform(P::MeetingScheduled {
            id,
            date: at("2026-03-01T10:00:00Z"),
            place: "MěÚ".into(),
            agenda: "a".into(),
        }),
        DomainEvent::Platform(P::MeetingHeld {
            id,
            date: at("2026-03-01T10:00:00Z"),
            place: "MěÚ".into(),
            agenda: "a".into(),
            attendees: vec![id, Uuid::from_u128(8)],
            others: 3,
            minutes: "m".into(),
        }),
        DomainEvent::Platform(P::MeetingCancelled { id, reason: "nemoc".into() }),
        DomainEvent::Platform(P::OutcomeRecorded {
            id,
            meeting: id,
            kind: OutcomeKind::Task,
            text: "t".into(),
            owner: Some(id),
            due: Some(at("2026-05-01T00:00:00Z")),
        }),
        DomainEvent::Platform(P::OutcomeRecorded {
            id,
            meeting: id,
            kind: OutcomeKind::Decision,
            text: "d".into(),
            owner: None,
            due: None,
        }),
        DomainEvent::Platform(P::TaskStatusChanged { id, from: TaskStatus::Open, to: TaskStatus::Dropped }),
        DomainEvent::Post(PostEvent::Published(Box::new(Draft {
            kind: PostKind::Event,
            network: Slug::parse("tachov").unwrap(),
            reach: Reach::Platform { platform: id },
            actor: Some(id),
            asker: None,
            title: "Den otevřených dveří".into(),
            text: "t".into(),
            need_areas: vec![NeedArea::Health, NeedArea::Learning],
            valid_until: Some(at("2026-05-01T00:00:00Z")),
            event: Some(EventDetails {
                starts_at: at("2026-04-01T09:00:00Z"),
                ends_at: Some(at("2026-04-01T12:00:00Z")),
                place: "MěÚ".into(),
                for_whom: "rodiče".into(),
            }),
        }))),
        DomainEvent::Post(PostEvent::Published(Box::new(Draft {
            kind: PostKind::PlaceWanted,
            network: Slug::parse("tachov").unwrap(),
            reach: Reach::Region,
            actor: None,
            asker: Some(id),
            title: "Respitní pobyt".into(),
            text: String::new(),
            need_areas: Vec::new(),
            valid_until: None,
            event: None,
        }))),
        DomainEvent::Post(PostEvent::Withdrawn { reason: "hotovo".into() }),
        DomainEvent::Finding(crate::domain::finding::FindingEvent::Recorded {
            network: Slug::parse("tachov").unwrap(),
            draft: crate::domain::finding::FindingDraft {
                title: "Informace a role".into(),
                text: "Chybí jasné role.".into(),
                sources: vec![
                    crate::domain::finding::Source::ActorNote { actor: Uuid::from_u128(20), note: Uuid::from_u128(21) },
                    crate::domain::finding::Source::PlatformOutcome {
                        platform: Uuid::from_u128(22),
                        outcome: Uuid::from_u128(23),
                    },
                    crate::domain::finding::Source::Gap { area: NeedArea::Safety, target_group: Uuid::from_u128(24) },
                ],
                need_areas: vec![NeedArea::Safety],
                target_groups: vec![Uuid::from_u128(24)],
            },
        }),
        DomainEvent::Finding(crate::domain::finding::FindingEvent::Revised {
            draft: crate::domain::finding::FindingDraft { title: "Role".into(), ..Default::default() },
        }),
        DomainEvent::Finding(crate::domain::finding::FindingEvent::StatusChanged {
            from: crate::domain::finding::FindingStatus::Open,
            to: crate::domain::finding::FindingStatus::SetAside,
            reason: "jinde".into(),
        }),
        DomainEvent::Procedure(crate::domain::procedure::ProcedureEvent::Agreed {
            network: Slug::parse("tachov").unwrap(),
            platform: Some(Uuid::from_u128(30)),
            wording: crate::domain::procedure::Wording {
                title: "Jak sdílet obavy o dítě".into(),
                text: "Škola volá OSPOD.".into(),
                actors: vec![Uuid::from_u128(31)],
                note: String::new(),
            },
        }),
        DomainEvent::Procedure(crate::domain::procedure::ProcedureEvent::Revised {
            wording: crate::domain::procedure::Wording { note: "nový kontakt".into(), ..Default::default() },
        }),
        DomainEvent::Procedure(crate::domain::procedure::ProcedureEvent::Withdrawn { reason: "nahrazen".into() }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::TaskLinked {
            step: Uuid::from_u128(41),
            platform: Uuid::from_u128(42),
            outcome: Uuid::from_u128(43),
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Evaluated {
            year: 2026,
            summary: "Rok splněných kroků.".into(),
            outcomes: vec![crate::domain::plan::StepOutcome {
                step: Uuid::from_u128(40), text: "Leták vyšel.".into()
            }],
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Created {
            owner: crate::domain::plan::Owner::Network(Slug::parse("tachov").unwrap()),
            title: "Plán rozvoje sítě".into(),
            from: 2026,
            to: 2028,
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Created {
            owner: crate::domain::plan::Owner::Region(Slug::parse("plzensky").unwrap()),
            title: "Krajský plán".into(),
            from: 2027,
            to: 2029,
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Published),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Unpublished { reason: "přepracovat".into() }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::SectionAdded {
            id,
            title: "Případová práce".into(),
            practice: "OSPOD koordinuje.".into(),
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::SectionChanged {
            id,
            title: "Případová práce".into(),
            practice: String::new(),
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::Recommended {
            id,
            section: Uuid::from_u128(12),
            number: 2,
            text: "Posílit".into(),
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::StepAdded {
            id,
            recommendation: Uuid::from_u128(13),
            step: crate::domain::plan::StepDraft {
                text: "Postup".into(),
                actors: vec![Uuid::from_u128(14)],
                platforms: vec![Uuid::from_u128(15)],
                deadline: Some(DateTime::from_timestamp(1_800_000_000, 0).unwrap()),
                need_areas: vec![NeedArea::Safety],
                findings: vec![Uuid::from_u128(16)],
                gaps: vec![crate::domain::plan::GapRef { area: NeedArea::Health, target_group: Uuid::from_u128(17) }],
            },
        }),
        DomainEvent::Plan(crate::domain::plan::PlanEvent::StepStatusChanged {
            id,
            from: crate::domain::plan::StepStatus::Done,
            to: crate::domain::plan::StepStatus::InProgress,
            reason: "znovu".into(),
        }),
        DomainEvent::Post(PostEvent::OfferMade {
            id,
            actor: id,
            author: Some(id),
            text: "máme místo".into(),
            hold_until: Some(at("2026-04-02T00:00:00Z")),
        }),
        DomainEvent::Post(PostEvent::OfferMade { id, actor: id, author: None, text: "o".into(), hold_until: None }),
        DomainEvent::Post(PostEvent::OfferShared { id }),
        DomainEvent::Post(PostEvent::Resolved { note: "n".into() }),
        DomainEvent::User(U::Created { username: "jana.v".into(), display_name: "Jana".into() }),
        DomainEvent::User(U::Granted { grant: Grant::Admin }),
        DomainEvent::User(U::Granted { grant: Grant::Coordinator { network: user_network.clone() } }),
        DomainEvent::User(U::Granted { grant: Grant::CaseManager { network: user_network.clone() } }),
        DomainEvent::User(U::Granted { grant: Grant::Actor { network: user_network.clone(), actor: id } }),
        DomainEvent::User(U::Revoked { grant: Grant::PlatformMember { network: user_network.clone(), platform: id } }),
        DomainEvent::User(U::Granted {
            grant: Grant::RegionalCoordinator { region: Slug::parse("plzensky").unwrap() },
        }),
        DomainEvent::User(U::PasswordChanged),
        DomainEvent::User(U::TokenCreated { id, name: "integrace".into(), hash: [7; 32], scope: TokenScope::Api }),
        DomainEvent::User(U::TokenCreated {
            id, name: "kalendář".into(), hash: [8; 32], scope: TokenScope::Calendar
        }),
        DomainEvent::User(U::TokenRevoked { id }),
    ]
}

#[test]
fn every_domain_event_survives_its_payload() {
    let keys = ReversingKeys::default();
    let mut seen_types = std::collections::HashSet::new();
    for event in samples() {
        let (event_type, payload) = encode(&event, &keys).unwrap();
        seen_types.insert(event_type);
        assert!(all_types().any(|(_, t)| t == event_type), "{event_type} is catalogued");
        assert_eq!(decode(event_type, 1, &payload, &keys).unwrap(), event, "{event_type}");
        assert_eq!(validate_payload(event_type, 1, &payload), Ok(()));
    }
    let catalogued: Vec<_> = all_types().map(|(_, t)| t).filter(|t| *t != LOG_PROBE).collect();
    let missing: Vec<_> = catalogued.iter().filter(|t| !seen_types.contains(*t)).collect();
    assert!(missing.is_empty(), "types without a sample: {missing:?}");
}

#[test]
fn sealed_contact_data_reads_as_erased_without_the_key() {
    let keys = ReversingKeys::default();
    let id = Uuid::from_u128(9);
    let person = ContactPerson {
        name: "Jana Vzorová".into(),
        email: Some("j@example.org".into()),
        phone: None,
        role: "ředitelka".into(),
        public: true,
        erased: false,
    };
    let event = DomainEvent::Actor(crate::domain::actor::ActorEvent::ContactAdded { id, person });
    let (t, payload) = encode(&event, &keys).unwrap();
    assert!(!String::from_utf8_lossy(&payload).contains("Jana"), "the name is not stored in the clear");
    let DomainEvent::Actor(crate::domain::actor::ActorEvent::ContactAdded { person, .. }) =
        decode(t, 1, &payload, &NoKeys).unwrap()
    else {
        panic!("contact")
    };
    assert!(person.erased);
    assert_eq!((person.name.as_str(), person.email, person.role.as_str()), ("", None, ""), "the role is sealed too");
    assert!(!String::from_utf8_lossy(&payload).contains("ředitelka"), "the role is not stored in the clear");
}

#[test]
fn unknown_types_schemas_and_garbage_are_refused_with_a_reason() {
    assert!(validate_payload("actor.danced", 1, &[]).unwrap_err().contains("not an actor event"));
    assert!(validate_payload("actor.reviewed", 2, &[]).unwrap_err().contains("schema 2"));
    assert!(validate_payload("mystery.event", 1, &[]).unwrap_err().contains("unknown"));
    assert!(validate_payload("network.term_added", 1, &[0xff, 0xff]).is_err());
    assert!(
        validate_payload(
            "network.term_added",
            1,
            &pb::TermAdded { id: vec![1, 2].into(), kind: 1, name: "x".into() }.encode_to_vec()
        )
        .is_err()
    );
}

use prost::Message;

/// `user.token_created` as recorded before tokens had a scope (fields 1–3
/// only), byte for byte: it still decodes, as an API token; with field 4
/// it is a calendar token.
#[test]
fn a_token_recorded_before_scopes_is_an_api_token() {
    use crate::domain::user::{TokenScope, UserEvent as U};
    let id = Uuid::from_u128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10);
    let mut v1 = vec![0x0a, 0x10];
    v1.extend(id.as_bytes());
    v1.extend([0x12, 0x06]);
    v1.extend(b"skript");
    v1.extend([0x1a, 0x20]);
    v1.extend([7; 32]);
    let keys = ReversingKeys::default();
    let old = decode("user.token_created", 1, &v1, &keys).unwrap();
    let api = U::TokenCreated { id, name: "skript".into(), hash: [7; 32], scope: TokenScope::Api };
    assert_eq!(old, DomainEvent::User(api.clone()));
    assert_eq!(encode(&DomainEvent::User(api), &keys).unwrap().1, v1, "an API token is written as before");
    let mut v2 = v1.clone();
    v2.extend([0x20, 0x01]);
    let calendar = U::TokenCreated { id, name: "skript".into(), hash: [7; 32], scope: TokenScope::Calendar };
    assert_eq!(decode("user.token_created", 1, &v2, &keys).unwrap(), DomainEvent::User(calendar));
    let mut unknown = v1;
    unknown.extend([0x20, 0x09]);
    assert!(decode("user.token_created", 1, &unknown, &keys).is_err(), "an unknown scope is not taken for any");
}
