//! The demo's users: an admin, and for each demo network one user per role
//! (coordinator, case manager, an actor's account, a platform member), and
//! one regional coordinator per region — all with the password `demo`.
//! Only `uzel demo` creates them; `serve` never creates a user with a known
//! password.

use uuid::Uuid;

use super::{demo_id, slug};
use crate::app::{App, AppError, Meta};
use crate::auth::credentials::Credentials;
use crate::domain::user::{Grant, UserCommand};

/// The password of every demo user.
pub const PASSWORD: &str = "demo";

/// One demo user, for the printed list.
#[derive(Clone, Debug)]
pub struct DemoUser {
    /// The username.
    pub username: String,
    /// What the role is bound to, in words.
    pub role: String,
}

/// Creates (or, if present, keeps) a user with `grants`.
async fn user(app: &App, phc: &str, username: &str, display: &str, grants: Vec<Grant>) -> Result<(), AppError> {
    let id = demo_id(&["user", username]);
    let meta = |what: &str| Meta {
        author: "system:demo".into(),
        idempotency_key: Some(demo_id(&["user", username, what])),
        ..Meta::default()
    };
    if app.user_named(username).is_none() {
        app.auth.credentials.set_hash(id, phc).await.map_err(AppError::Busy)?;
        let create = UserCommand::Create { username: username.into(), display_name: display.into() };
        app.user(id, create, &meta("create")).await?;
    }
    for grant in grants {
        let key = format!("{grant:?}");
        app.user(id, UserCommand::Grant { grant }, &meta(&key)).await?;
    }
    Ok(())
}

/// Creates the demo users; returns them in order.
pub async fn create(app: &App) -> Result<Vec<DemoUser>, String> {
    let phc = Credentials::hash(PASSWORD).await?;
    let mut made = Vec::new();
    let mut add = async |username: String, display: String, grants: Vec<Grant>, role: String| {
        user(app, &phc, &username, &display, grants).await.map_err(|e| format!("demo user {username}: {e}"))?;
        made.push(DemoUser { username, role });
        Ok::<(), String>(())
    };
    add("admin".into(), "Správce".into(), vec![Grant::Admin], "admin".into()).await?;
    for (region, name) in super::data::REGIONS {
        let grant = Grant::RegionalCoordinator { region: slug(region) };
        add(
            format!("{region}.kraj"),
            format!("Krajský koordinátor, {name}"),
            vec![grant],
            format!("regional_coordinator of {region}"),
        )
        .await?;
    }
    for spec in super::data::networks() {
        let network = slug(spec.slug);
        let (actor, platform) = {
            let model = app.models.read();
            // The service's account: an asylum house where there is one,
            // else a service with registered capacity (it announces free
            // places), never an ended actor.
            let active: Vec<(Uuid, &crate::domain::actor::ActorState)> = model
                .actors_by_network
                .get(&network)
                .into_iter()
                .flatten()
                .filter_map(|id| Some((*id, &model.actors.get(id)?.entry.state)))
                .filter(|(_, a)| a.status == crate::domain::actor::Status::Active)
                .collect();
            let has_capacity = |a: &crate::domain::actor::ActorState| matches!(a.fields.get("capacities"), Some(crate::domain::value::Value::Capacities(c)) if !c.is_empty());
            let actor = active
                .iter()
                .find(|(_, a)| has_capacity(a) && a.name().starts_with("Azylový dům"))
                .or_else(|| active.iter().find(|(_, a)| has_capacity(a)))
                .or_else(|| active.first())
                .map(|(id, a)| (*id, a.name().to_owned()));
            // The platform member: of a youth team where there is one.
            let platforms: Vec<(Uuid, String)> = model
                .platforms_by_network
                .get(&network)
                .into_iter()
                .flatten()
                .filter_map(|id| {
                    let p = &model.platforms.get(id)?.state;
                    let name = p.fields.get("name").and_then(|v| v.as_text()).unwrap_or("").to_owned();
                    p.ended_at.is_none().then_some((*id, name))
                })
                .collect();
            let platform =
                platforms.iter().find(|(_, name)| name.contains("mládež")).or_else(|| platforms.first()).cloned();
            (actor, platform)
        };
        let n = spec.slug;
        let coordinator = Grant::Coordinator { network: network.clone() };
        add(
            format!("{n}.koordinator"),
            format!("Koordinátor sítě {n}"),
            vec![coordinator],
            format!("coordinator of {n}"),
        )
        .await?;
        let case_manager = Grant::CaseManager { network: network.clone() };
        add(
            format!("{n}.casemanager"),
            format!("Case manažer {n}"),
            vec![case_manager],
            format!("case_manager in {n}"),
        )
        .await?;
        if let Some((actor, name)) = actor {
            let grant = Grant::Actor { network: network.clone(), actor };
            add(format!("{n}.akter"), name.clone(), vec![grant], format!("actor {name:?} in {n}")).await?;
        }
        if let Some((platform, name)) = platform {
            let grant = Grant::PlatformMember { network: network.clone(), platform };
            add(
                format!("{n}.clen"),
                format!("Člen platformy {name}"),
                vec![grant],
                format!("platform_member of {name:?} in {n}"),
            )
            .await?;
        }
    }
    Ok(made)
}
