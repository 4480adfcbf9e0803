//! `user.*` events.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, optional_id, slug_from};
use crate::domain::user::{Grant, TokenScope, UserEvent};
use crate::proto::events::v1 as pb;

/// Every `user.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "user.created",
    "user.granted",
    "user.revoked",
    "user.password_changed",
    "user.token_created",
    "user.token_revoked",
];

fn grant(g: &Grant) -> pb::Grant {
    let mut out = pb::Grant { role: g.role().to_owned(), ..pb::Grant::default() };
    match g {
        Grant::Admin => {}
        Grant::Coordinator { network } | Grant::CaseManager { network } => out.network = network.to_string(),
        Grant::Actor { network, actor } => {
            out.network = network.to_string();
            out.actor = id_bytes(actor);
        }
        Grant::PlatformMember { network, platform } => {
            out.network = network.to_string();
            out.platform = id_bytes(platform);
        }
        Grant::RegionalCoordinator { region } => out.region = region.to_string(),
    }
    out
}

fn grant_from(g: Option<pb::Grant>) -> Result<Grant, DecodeError> {
    let g = g.ok_or("a grant is missing")?;
    let network = || slug_from(&g.network, "network");
    Ok(match g.role.as_str() {
        "admin" => Grant::Admin,
        "coordinator" => Grant::Coordinator { network: network()? },
        "case_manager" => Grant::CaseManager { network: network()? },
        "actor" => Grant::Actor {
            network: network()?,
            actor: optional_id(&g.actor, "actor")?.ok_or("an actor grant names no actor")?,
        },
        "platform_member" => Grant::PlatformMember {
            network: network()?,
            platform: optional_id(&g.platform, "platform")?.ok_or("a platform grant names no platform")?,
        },
        "regional_coordinator" => Grant::RegionalCoordinator { region: slug_from(&g.region, "region")? },
        other => return Err(format!("unknown role {other:?}")),
    })
}

/// The type and payload of an event.
pub fn encode(event: &UserEvent) -> (&'static str, Vec<u8>) {
    use UserEvent as E;
    match event {
        E::Created { username, display_name } => {
            ("user.created", bytes(&pb::UserCreated { username: username.clone(), display_name: display_name.clone() }))
        }
        E::Granted { grant: g } => ("user.granted", bytes(&pb::UserGranted { grant: Some(grant(g)) })),
        E::Revoked { grant: g } => ("user.revoked", bytes(&pb::UserRevoked { grant: Some(grant(g)) })),
        E::PasswordChanged => ("user.password_changed", bytes(&pb::UserPasswordChanged {})),
        E::TokenCreated { id, name, hash, scope } => (
            "user.token_created",
            bytes(&pb::UserTokenCreated {
                id: id_bytes(id),
                name: name.clone(),
                hash: hash.to_vec().into(),
                scope: match scope {
                    TokenScope::Api => pb::TokenScope::Api,
                    TokenScope::Calendar => pb::TokenScope::Calendar,
                } as i32,
            }),
        ),
        E::TokenRevoked { id } => ("user.token_revoked", bytes(&pb::UserTokenRevoked { id: id_bytes(id) })),
    }
}

/// The event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<UserEvent, DecodeError> {
    use UserEvent as E;
    Ok(match t {
        "user.created" => {
            let m: pb::UserCreated = message(t, payload)?;
            E::Created { username: m.username, display_name: m.display_name }
        }
        "user.granted" => E::Granted { grant: grant_from(message::<pb::UserGranted>(t, payload)?.grant)? },
        "user.revoked" => E::Revoked { grant: grant_from(message::<pb::UserRevoked>(t, payload)?.grant)? },
        "user.password_changed" => {
            message::<pb::UserPasswordChanged>(t, payload)?;
            E::PasswordChanged
        }
        "user.token_created" => {
            let m: pb::UserTokenCreated = message(t, payload)?;
            let hash: [u8; 32] = m.hash.as_ref().try_into().map_err(|_| "a token hash is not 32 bytes".to_owned())?;
            let scope = match pb::TokenScope::try_from(m.scope) {
                Ok(pb::TokenScope::Api) => TokenScope::Api,
                Ok(pb::TokenScope::Calendar) => TokenScope::Calendar,
                Err(_) => return Err(format!("{} is not a token scope", m.scope)),
            };
            E::TokenCreated { id: id_from(&m.id, "id")?, name: m.name, hash, scope }
        }
        "user.token_revoked" => {
            E::TokenRevoked { id: id_from(&message::<pb::UserTokenRevoked>(t, payload)?.id, "id")? }
        }
        other => return Err(format!("{other} is not a user event")),
    })
}
