//! The users and roles part of the network's settings: who holds which
//! role in the network, each taken back in place, and the form that grants
//! one by username (the rule is the application's, `App::network_role`).

use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf};
use super::fields::Sent;
use super::forms::Filled;
use super::i18n::{Lang, Msg};
use super::layout::Who;
use crate::domain::ids::Slug;
use crate::domain::user::Grant;
use crate::domain::value::Value;
use crate::projections::Model;

fn role_name(lang: Lang, model: &Model, grant: &Grant) -> String {
    match grant {
        Grant::Coordinator { .. } => lang.t(Msg::RoleCoordinator).to_owned(),
        Grant::CaseManager { .. } => lang.t(Msg::RoleCaseManager).to_owned(),
        Grant::Actor { actor, .. } => {
            format!("{} – {}", lang.t(Msg::RoleActor), super::platforms::actor_name(model, actor))
        }
        Grant::PlatformMember { platform, .. } => format!(
            "{} – {}",
            lang.t(Msg::RoleMember),
            model
                .platforms
                .get(platform)
                .and_then(|p| p.state.fields.get("name").and_then(Value::as_text).map(str::to_owned))
                .unwrap_or_default()
        ),
        Grant::Admin | Grant::RegionalCoordinator { .. } => grant.role().to_owned(),
    }
}

/// A grant's form fields (for taking it back).
fn grant_pairs(grant: &Grant) -> Vec<(&'static str, String)> {
    match grant {
        Grant::Coordinator { .. } => vec![("role", "coordinator".into())],
        Grant::CaseManager { .. } => vec![("role", "case_manager".into())],
        Grant::Actor { actor, .. } => vec![("role", "actor".into()), ("actor", actor.to_string())],
        Grant::PlatformMember { platform, .. } => {
            vec![("role", "platform_member".into()), ("platform", platform.to_string())]
        }
        Grant::Admin | Grant::RegionalCoordinator { .. } => Vec::new(),
    }
}

/// The grant a role form asks for, or why it cannot be read.
pub(super) fn grant_of(lang: Lang, slug: &Slug, sent: &Sent) -> Result<Grant, (&'static str, String)> {
    let network = slug.clone();
    let id = |field: &'static str| {
        Uuid::parse_str(sent.one(field)).map_err(|_| (field, lang.t(Msg::PickFromList).to_owned()))
    };
    match sent.one("role") {
        "coordinator" => Ok(Grant::Coordinator { network }),
        "case_manager" => Ok(Grant::CaseManager { network }),
        "actor" => Ok(Grant::Actor { network, actor: id("actor")? }),
        "platform_member" => Ok(Grant::PlatformMember { network, platform: id("platform")? }),
        _ => Err(("role", lang.t(Msg::PickFromList).to_owned())),
    }
}

/// Who holds which role in the network, each taken back in place, and the
/// form that grants one.
pub(super) fn roles(lang: Lang, model: &Model, slug: &Slug, me: &Who, base: &str, form: &Filled) -> Markup {
    let mut people: Vec<(String, String, Vec<Grant>)> = model
        .users
        .values()
        .filter_map(|u| {
            let grants: Vec<Grant> = u.state.grants.iter().filter(|g| g.network() == Some(slug)).cloned().collect();
            let username = u.state.username.clone()?;
            (!grants.is_empty()).then(|| (username, u.state.display_name.clone(), grants))
        })
        .collect();
    people.sort_by(|a, b| a.0.cmp(&b.0));
    let role_options: Vec<(String, String)> = [
        ("coordinator", Msg::RoleCoordinator),
        ("case_manager", Msg::RoleCaseManager),
        ("actor", Msg::RoleActor),
        ("platform_member", Msg::RoleMember),
    ]
    .iter()
    .map(|(code, msg)| ((*code).to_owned(), lang.t(*msg).to_owned()))
    .collect();
    let mut actors = super::needs::actor_options(model, slug);
    actors.insert(0, (String::new(), lang.t(Msg::NotSaid).to_owned()));
    let mut platforms: Vec<(String, String)> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            let name = model.platforms.get(id)?.state.fields.get("name").and_then(Value::as_text)?.to_owned();
            Some((id.to_string(), name))
        })
        .collect();
    platforms.sort_by_cached_key(|(_, n)| crate::projections::czech::sort_key(n));
    platforms.insert(0, (String::new(), lang.t(Msg::NotSaid).to_owned()));
    html! {
        section aria-labelledby="role" {
            h2 id="role" { (lang.t(Msg::UsersAndRoles)) }
            table {
                thead { tr { th scope="col" { (lang.t(Msg::Username)) } th scope="col" { (lang.t(Msg::Name)) } th scope="col" { (lang.t(Msg::Roles)) } } }
                tbody {
                    @for (username, name, grants) in &people {
                        tr {
                            td { (username) }
                            td { (name) }
                            td {
                                @for g in grants {
                                    div {
                                        (role_name(lang, model, g)) " "
                                        form method="post" action={ (base) "/role/odebrat" } class="vradku" {
                                            (csrf(&me.csrf))
                                            input type="hidden" name="username" value=(username);
                                            @for (k, v) in grant_pairs(g) { input type="hidden" name=(k) value=(v); }
                                            button type="submit" class="druhotne" aria-label={ (lang.t(Msg::TakeBack)) ": " (username) ", " (role_name(lang, model, g)) } { (lang.t(Msg::TakeBack)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 { (lang.t(Msg::GrantRole)) }
            (form.summary(lang, "role-formular"))
            form method="post" action={ (base) "/role" } class="formular" id="role-formular" {
                (csrf(&me.csrf))
                (Control::new("username", lang.t(Msg::Username), &form.errors).hint(lang.t(Msg::UsernameHint)).input("text", &form.sent))
                (Control::new("role", lang.t(Msg::Role), &form.errors).select(&role_options, &form.sent))
                (Control::new("actor", lang.t(Msg::RoleActorWhich), &form.errors).select(&actors, &form.sent))
                (Control::new("platform", lang.t(Msg::RoleMemberWhich), &form.errors).select(&platforms, &form.sent))
                button type="submit" { (lang.t(Msg::GrantRole)) }
            }
        }
    }
}
