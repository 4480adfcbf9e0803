//! Posts on the board: what a post must say, how long it holds, and the
//! life of a "place wanted" request.

use uuid::Uuid;

use super::{at, slug};
use crate::domain::DomainError;
use crate::domain::actor::Ctx;
use crate::domain::post::{Draft, EventDetails, PostCommand, PostEvent, PostKind, PostState, Reach};

fn ctx() -> Ctx {
    Ctx { now: at("2026-03-01T12:00:00Z"), effective_at: at("2026-03-01T12:00:00Z") }
}

fn draft(kind: PostKind) -> Draft {
    Draft {
        kind,
        network: slug("tachov"),
        reach: Reach::Network,
        actor: None,
        asker: Some(Uuid::from_u128(9)),
        title: "Respitní pobyt, sourozenci 6–10 let".into(),
        text: String::new(),
        need_areas: Vec::new(),
        valid_until: None,
        event: None,
    }
}

fn given(events: &[PostEvent]) -> PostState {
    let mut state = PostState::default();
    events.iter().for_each(|e| state.apply(e));
    state
}

fn fields(error: DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn published(kind: PostKind) -> PostEvent {
    PostEvent::Published(Box::new(Draft { valid_until: Some(at("2026-03-31T12:00:00Z")), ..draft(kind) }))
}

#[test]
fn a_post_holds_thirty_days_unless_said_and_never_more_than_a_year() {
    let events = PostState::default().decide(PostCommand::Publish(Box::new(draft(PostKind::News))), ctx()).unwrap();
    let [PostEvent::Published(d)] = events.as_slice() else { panic!("{events:?}") };
    assert_eq!(d.valid_until, Some(at("2026-03-31T12:00:00Z")));
    for (until, ok) in
        [("2026-03-01T11:00:00Z", false), ("2027-03-03T12:00:00Z", false), ("2027-02-28T12:00:00Z", true)]
    {
        let command = PostCommand::Publish(Box::new(Draft { valid_until: Some(at(until)), ..draft(PostKind::News) }));
        let result = PostState::default().decide(command, ctx());
        assert_eq!(result.is_ok(), ok, "{until}: {result:?}");
    }
}

#[test]
fn an_event_needs_its_date_and_only_events_have_one() {
    let error = PostState::default().decide(PostCommand::Publish(Box::new(draft(PostKind::Event))), ctx()).unwrap_err();
    assert_eq!(fields(error), vec!["event"]);
    let event = EventDetails {
        starts_at: at("2026-04-01T09:00:00Z"),
        ends_at: Some(at("2026-04-01T08:00:00Z")),
        place: "Tachov".into(),
        for_whom: String::new(),
    };
    let command = PostCommand::Publish(Box::new(Draft { event: Some(event.clone()), ..draft(PostKind::Event) }));
    assert_eq!(fields(PostState::default().decide(command, ctx()).unwrap_err()), vec!["event.ends_at"]);
    let command = PostCommand::Publish(Box::new(Draft { event: Some(event), ..draft(PostKind::News) }));
    assert_eq!(fields(PostState::default().decide(command, ctx()).unwrap_err()), vec!["event"]);
}

#[test]
fn a_place_wanted_request_needs_an_asker_and_no_identifying_data() {
    let command = PostCommand::Publish(Box::new(Draft { asker: None, ..draft(PostKind::PlaceWanted) }));
    assert_eq!(fields(PostState::default().decide(command, ctx()).unwrap_err()), vec!["asker"]);
    let command =
        PostCommand::Publish(Box::new(Draft { text: "volejte 603 123 456".into(), ..draft(PostKind::PlaceWanted) }));
    assert_eq!(fields(PostState::default().decide(command, ctx()).unwrap_err()), vec!["text"]);
    // The same text on news is not checked: news is about services, not families.
    let command = PostCommand::Publish(Box::new(Draft { text: "volejte 603 123 456".into(), ..draft(PostKind::News) }));
    assert!(PostState::default().decide(command, ctx()).is_ok());
}

#[test]
fn offers_go_to_open_requests_only() {
    let offer = |id: u128| PostCommand::Offer {
        id: Uuid::from_u128(id),
        actor: Uuid::from_u128(5),
        author: None,
        text: "máme místo".into(),
        hold_until: None,
    };
    let news = given(&[published(PostKind::News)]);
    assert!(matches!(news.decide(offer(1), ctx()), Err(DomainError::Conflict(_))));
    let open = given(&[published(PostKind::PlaceWanted)]);
    assert_eq!(open.decide(offer(1), ctx()).unwrap().len(), 1);
    let offered = given(&[
        published(PostKind::PlaceWanted),
        PostEvent::OfferMade {
            id: Uuid::from_u128(1),
            actor: Uuid::from_u128(5),
            author: None,
            text: "x".into(),
            hold_until: None,
        },
    ]);
    assert!(matches!(offered.decide(offer(1), ctx()), Err(DomainError::Conflict(_))), "the same offer twice");
    assert!(matches!(
        offered.decide(PostCommand::ShareOffer { id: Uuid::from_u128(2) }, ctx()),
        Err(DomainError::NotFound(_))
    ));
    let shared = offered.decide(PostCommand::ShareOffer { id: Uuid::from_u128(1) }, ctx()).unwrap();
    assert_eq!(shared, vec![PostEvent::OfferShared { id: Uuid::from_u128(1) }]);
    let resolved = given(&[published(PostKind::PlaceWanted), PostEvent::Resolved { note: String::new() }]);
    assert!(matches!(resolved.decide(offer(2), ctx()), Err(DomainError::Conflict(_))));
    assert!(matches!(
        resolved.decide(PostCommand::Resolve { note: String::new() }, ctx()),
        Err(DomainError::Conflict(_))
    ));
    let expired = Ctx { now: at("2026-04-01T00:00:00Z"), ..ctx() };
    assert!(matches!(open.decide(offer(3), expired), Err(DomainError::Conflict(_))), "an expired request");
}

#[test]
fn withdrawing_twice_writes_once_and_a_post_is_published_once() {
    let withdrawn = given(&[published(PostKind::News), PostEvent::Withdrawn { reason: String::new() }]);
    assert_eq!(withdrawn.decide(PostCommand::Withdraw { reason: "znovu".into() }, ctx()).unwrap(), vec![]);
    assert!(matches!(
        withdrawn.decide(PostCommand::Publish(Box::new(draft(PostKind::News))), ctx()),
        Err(DomainError::Conflict(_))
    ));
    assert!(matches!(
        PostState::default().decide(PostCommand::Withdraw { reason: String::new() }, ctx()),
        Err(DomainError::NotFound(_))
    ));
}
