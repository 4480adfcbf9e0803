//! Users: accounts, grants and tokens.

use uuid::Uuid;

use super::{at, slug};
use crate::domain::DomainError;
use crate::domain::user::{Grant, TokenScope, UserCommand as C, UserCtx, UserEvent as E, UserState};

fn given(events: &[E]) -> UserState {
    let mut state = UserState::default();
    for event in events {
        state.apply(event, at("2026-01-01T00:00:00Z"));
    }
    state
}

fn when(state: &UserState, command: C) -> Result<Vec<E>, DomainError> {
    let taken = |name: &str| name == "jana";
    let grants = |grant: &Grant| match grant {
        Grant::Coordinator { network } if network.as_str() == "nikde" => Err("network nikde does not exist".into()),
        _ => Ok(()),
    };
    state.decide(command, &UserCtx { now: at("2026-02-01T00:00:00Z"), username_taken: &taken, check_grant: &grants })
}

fn created() -> E {
    E::Created { username: "petr".into(), display_name: "Petr".into() }
}

#[test]
fn a_username_is_checked_lowercased_and_unique() {
    let new = UserState::default();
    let made = when(&new, C::Create { username: " Petr.Novak ".into(), display_name: "Petr Novák".into() }).unwrap();
    assert_eq!(made, vec![E::Created { username: "petr.novak".into(), display_name: "Petr Novák".into() }]);
    for bad in ["pe", "petr novák", "petr@x", ""] {
        let refused = when(&new, C::Create { username: bad.into(), display_name: String::new() });
        assert!(matches!(refused, Err(DomainError::Invalid(_))), "{bad:?}");
    }
    let taken = when(&new, C::Create { username: "jana".into(), display_name: String::new() });
    assert!(matches!(taken, Err(DomainError::Invalid(e)) if e[0].reason.contains("taken")));
    let again = when(&given(&[created()]), C::Create { username: "petr2".into(), display_name: String::new() });
    assert!(matches!(again, Err(DomainError::Conflict(_))));
}

#[test]
fn grants_name_what_exists_and_are_granted_once() {
    let tachov = Grant::Coordinator { network: slug("tachov") };
    assert!(matches!(when(&UserState::default(), C::Grant { grant: tachov.clone() }), Err(DomainError::NotFound(_))));
    let user = given(&[created()]);
    assert_eq!(when(&user, C::Grant { grant: tachov.clone() }).unwrap(), vec![E::Granted { grant: tachov.clone() }]);
    let nowhere = when(&user, C::Grant { grant: Grant::Coordinator { network: slug("nikde") } });
    assert!(matches!(nowhere, Err(DomainError::Invalid(e)) if e[0].field == "grant"));
    let granted = given(&[created(), E::Granted { grant: tachov.clone() }]);
    assert_eq!(when(&granted, C::Grant { grant: tachov.clone() }).unwrap(), vec![], "granted already: nothing");
    assert_eq!(
        when(&granted, C::Revoke { grant: tachov.clone() }).unwrap(),
        vec![E::Revoked { grant: tachov.clone() }]
    );
    let revoked = given(&[created(), E::Granted { grant: tachov.clone() }, E::Revoked { grant: tachov.clone() }]);
    assert!(revoked.grants.is_empty());
    assert!(matches!(when(&revoked, C::Revoke { grant: tachov }), Err(DomainError::NotFound(_))));
}

#[test]
fn tokens_are_named_created_once_and_revoked_for_good() {
    let id = Uuid::from_u128(7);
    let user = given(&[created()]);
    let blank = when(&user, C::CreateToken { id, name: " ".into(), hash: [1; 32], scope: TokenScope::Api });
    assert!(matches!(blank, Err(DomainError::Invalid(_))));
    let made =
        when(&user, C::CreateToken { id, name: "skript".into(), hash: [1; 32], scope: TokenScope::Api }).unwrap();
    let with = given(&[created(), made[0].clone()]);
    assert!(!with.tokens[&id].revoked);
    assert!(matches!(
        when(&with, C::CreateToken { id, name: "x".into(), hash: [2; 32], scope: TokenScope::Api }),
        Err(DomainError::Conflict(_))
    ));
    assert_eq!(when(&with, C::RevokeToken { id }).unwrap(), vec![E::TokenRevoked { id }]);
    let revoked = given(&[created(), made[0].clone(), E::TokenRevoked { id }]);
    assert!(revoked.tokens[&id].revoked);
    assert_eq!(when(&revoked, C::RevokeToken { id }).unwrap(), vec![], "revoked already: nothing");
    let unknown = when(&revoked, C::RevokeToken { id: Uuid::from_u128(8) });
    assert!(matches!(unknown, Err(DomainError::NotFound(_))));
}

#[test]
fn a_password_change_is_recorded_with_its_time() {
    let user = given(&[created(), E::PasswordChanged]);
    assert_eq!(user.password_changed_at, Some(at("2026-01-01T00:00:00Z")));
    assert_eq!(when(&user, C::RecordPasswordChange).unwrap(), vec![E::PasswordChanged]);
}
