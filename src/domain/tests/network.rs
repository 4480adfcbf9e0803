use uuid::Uuid;

use super::{network_when, slug, tachov};
use crate::domain::DomainError;
use crate::domain::filter::DirectoryFilter;
use crate::domain::network::*;

#[test]
fn a_network_registers_in_an_existing_region_with_a_four_digit_orp_code() {
    let state = NetworkState::default();
    let register = |code: &str, region_exists| {
        state.decide(
            NetworkCommand::Register {
                slug: slug("decin"),
                name: " ORP Děčín ".into(),
                orp_code: Some(code.into()),
                region: slug("ustecky"),
            },
            region_exists,
        )
    };
    assert_eq!(
        register("4202", true).unwrap(),
        vec![NetworkEvent::Registered {
            slug: slug("decin"),
            name: "ORP Děčín".into(),
            orp_code: Some("4202".into()),
            region: slug("ustecky")
        }]
    );
    let DomainError::Invalid(errors) = register("42", false).unwrap_err() else { panic!("invalid") };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["orp_code", "region"]);
}

#[test]
fn registering_twice_is_a_conflict_and_unregistered_networks_are_not_found() {
    let (state, ..) = tachov();
    let again =
        NetworkCommand::Register { slug: slug("tachov"), name: "x".into(), orp_code: None, region: slug("plzensky") };
    assert!(matches!(network_when(&state, again), Err(DomainError::Conflict(_))));
    let nothing = NetworkState::default();
    assert!(matches!(
        network_when(&nothing, NetworkCommand::RetireTerm { id: Uuid::nil() }),
        Err(DomainError::NotFound(_))
    ));
}

#[test]
fn terms_are_unique_per_taxonomy_and_retiring_twice_changes_nothing() {
    let (state, group, ..) = tachov();
    let dup =
        NetworkCommand::AddTerm { id: Uuid::from_u128(9), kind: TermKind::TargetGroup, name: "6–10 let".into() };
    assert!(matches!(network_when(&state, dup), Err(DomainError::Invalid(_))));
    let same_name_other_kind =
        NetworkCommand::AddTerm { id: Uuid::from_u128(9), kind: TermKind::Place, name: "6–10 let".into() };
    assert_eq!(network_when(&state, same_name_other_kind).unwrap().len(), 1);
    let mut retired = state.clone();
    for e in network_when(&state, NetworkCommand::RetireTerm { id: group }).unwrap() {
        retired.apply(&e);
    }
    assert!(network_when(&retired, NetworkCommand::RetireTerm { id: group }).unwrap().is_empty());
    assert!(retired.check_term(TermKind::TargetGroup, &group.to_string()).unwrap_err().contains("retired"));
}

#[test]
fn choice_categories_need_allowed_values_and_others_take_none() {
    let (state, ..) = tachov();
    let define = |kind, allowed: &[&str]| {
        network_when(
            &state,
            NetworkCommand::DefineCategory {
                id: Uuid::from_u128(7),
                name: "Jazyky".into(),
                kind,
                allowed: allowed.iter().map(|s| s.to_string()).collect(),
            },
        )
    };
    assert!(define(CategoryKind::ManyOf, &["čeština", "ukrajinština"]).is_ok());
    assert!(define(CategoryKind::OneOf, &[]).is_err());
    assert!(define(CategoryKind::Text, &["x"]).is_err());
    assert!(define(CategoryKind::ManyOf, &["a", "a"]).is_err());
}

#[test]
fn saved_filters_must_name_terms_of_the_network() {
    let (state, group, ..) = tachov();
    let save = |query: &str| {
        network_when(
            &state,
            NetworkCommand::SaveFilter {
                id: Uuid::from_u128(5),
                name: "Krizová pomoc".into(),
                filter: Box::new(DirectoryFilter::parse(query).unwrap()),
                audience: Audience::CaseManagers,
            },
        )
    };
    assert!(save(&format!("crisis=true&target_group={group}")).is_ok());
    let DomainError::Invalid(errors) = save(&format!("target_group={}", Uuid::from_u128(99))).unwrap_err() else {
        panic!()
    };
    assert_eq!(errors[0].field, "target_group");
}

#[test]
fn designated_fields_must_exist_and_stale_age_is_bounded() {
    let (state, ..) = tachov();
    let designate = |fields: &[&str]| {
        network_when(
            &state,
            NetworkCommand::Configure {
                designated_fields: Some(fields.iter().map(|s| s.to_string()).collect()),
                capacity_stale_days: None,
            },
        )
    };
    assert_eq!(
        designate(&["name", "phone"]).unwrap(),
        vec![NetworkEvent::FieldsDesignated { fields: vec!["name".into(), "phone".into()] }]
    );
    assert!(designate(&["name", "shoe_size"]).is_err());
    assert!(
        network_when(&state, NetworkCommand::Configure { designated_fields: None, capacity_stale_days: Some(0) })
            .is_err()
    );
    assert_eq!(state.stale_days(), DEFAULT_CAPACITY_STALE_DAYS);
}

#[test]
fn regions_register_once_and_renaming_to_the_same_name_changes_nothing() {
    let mut region = RegionState::default();
    let events = region.decide(RegionCommand::Register { slug: slug("ustecky"), name: "Ústecký kraj".into() }).unwrap();
    events.iter().for_each(|e| region.apply(e));
    assert!(region.decide(RegionCommand::Register { slug: slug("ustecky"), name: "x".into() }).is_err());
    assert!(region.decide(RegionCommand::Rename { name: "Ústecký kraj".into() }).unwrap().is_empty());
}
