//! The authorization matrix: every route of the route table × every role ×
//! own and foreign network → the status this file expects, written out here
//! independently of the server's own rules. A route missing from the table
//! below fails the test. Every answer is also searched for the canaries (a
//! private note, a platform evaluation, a contact not marked public).

use std::collections::BTreeSet;

use serde_json::json;

use super::world::{self, EVALUATION, HIDDEN_CONTACT, PRIVATE_NOTE, Place, Role, World};
use crate::helpers::{As, spawn_app};

/// Who may use a route, as this test understands the product's rules.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in user.
    Signed,
    /// Admins only.
    Admins,
    /// Admins and the region's coordinators.
    Region,
    /// Every role in the network or its region.
    Reader,
    /// As `Reader`, but case managers are refused.
    Planner,
    /// The network's coordinators.
    Coordinators,
    /// The network's coordinators and the actor's own account.
    Keeper,
    /// The network's coordinators and its region's: findings, and plans
    /// not published (the own network's are not).
    Coordination,
    /// A published plan, for anyone: the foreign network's and region's
    /// plans are published, the own ones are not (so: not found).
    Published,
    /// Opened only by a key in the URL (a calendar token), never by a
    /// role: without the key, not found for everyone.
    KeyInPath,
}

/// The expected rule of every route.
fn rule(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    let n = "/api/v1/networks/{network}";
    Some(match (method, path) {
        ("GET", "/" | "/api/v1/openapi.json" | "/api/v1/docs" | "/assets/uzel.css" | "/healthz" | "/readyz") => Anyone,
        ("GET", "/assets/uzel.js" | "/kam-se-obratit") => Anyone,
        ("GET", "/board" | "/assets/board.js" | "/plany") => Anyone,
        // An admin's token, or an address named by --metrics-from (none here).
        ("GET", "/metrics") => Admins,
        // An admin's token, or the control file's key (none sent here).
        ("POST", "/api/v1/admin/backups") => Admins,
        // Pages: sign-in, language, password and sign-out for anyone (a page
        // answers those it does not serve with a redirect).
        (_, "/prihlaseni" | "/odhlaseni" | "/heslo" | "/jazyk") => Anyone,
        (_, p) if p.starts_with("/kalendar") => Anyone,
        ("GET", "/site/{network}") => Coordination,
        ("GET", p) if p.starts_with("/site/{network}/plan/{plan}/oddil") || p == "/site/{network}/plan/{plan}/krok" => {
            Coordinators
        }
        ("GET", p) if p.starts_with("/site/{network}/plan") || p == "/site/{network}/zjisteni" => Coordination,
        ("POST", p) if p.starts_with("/site/{network}/plan") => Coordinators,
        (_, p) if p.starts_with("/kraj/{region}/plan") => Region,
        ("GET", "/site/{network}/moje-platformy") => Reader,
        ("GET", "/kraj/{region}") => Region,
        ("GET", "/site/{network}/postupy") => Reader,
        (_, p) if p.starts_with("/site/{network}/zjisteni/") => Coordinators,
        (_, p) if p.starts_with("/site/{network}/postupy") => Coordinators,
        ("GET", "/site/{network}/akter/{actor}" | "/site/{network}/adresar") => Reader,
        ("GET", "/site/{network}/adresar.csv" | "/site/{network}/adresar.xlsx") => Reader,
        ("GET", "/api/v1/networks/{network}/export.xlsx") => Reader,
        ("POST", p) if p.starts_with("/site/{network}/adresar/filtry") => Coordinators,
        (_, "/site/{network}/akter/{actor}/upravit" | "/site/{network}/akter/{actor}/stav") => Keeper,
        (_, "/site/{network}/novy-akter" | "/site/{network}/import" | "/site/{network}/import/{job}") => Coordinators,
        (_, p) if p.starts_with("/site/{network}/poptavky") => Reader,
        (_, p) if p.starts_with("/site/{network}/sluzba/{actor}") => Keeper,
        (_, p) if p.starts_with("/site/{network}/nastaveni") => Coordinators,
        (_, p) if p.starts_with("/site/{network}/akter/{actor}/poznam") => Coordinators,
        (_, p) if p.starts_with("/site/{network}/akter/{actor}/kontakt") => Keeper,
        ("GET", p) if p.starts_with("/site/{network}/platform") || p == "/site/{network}/potreby" => Planner,
        ("GET", "/site/{network}/pokryti" | "/site/{network}/revize" | "/site/{network}/zmeny") => Planner,
        ("POST", "/site/{network}/revize") => Coordinators,
        ("GET", "/site/{network}/potreby/aktivita/{activity}") => Coordinators,
        ("POST", p) if p.starts_with("/site/{network}/potreby/") => Coordinators,
        ("POST", p) if p.starts_with("/site/{network}/platforma/") => Coordinators,
        ("GET", "/api/v1/board/posts" | "/api/v1/board/ws") => Signed,
        ("POST", p) if p.starts_with("/api/v1/board/posts/") => Signed,
        ("POST", p) if p == format!("{n}/board/posts") => Reader,
        ("POST", "/api/v1/auth/login" | "/api/v1/auth/logout" | "/api/v1/auth/token") => Anyone,
        ("GET", "/api/v1/public/networks") => Anyone,
        ("GET", p) if p.starts_with("/api/v1/networks/{network}/hsds/") => Anyone,
        ("GET", "/api/v1/networks/{network}/public/feed.atom") => Anyone,
        ("GET", "/api/v1/calendar/{token}") => KeyInPath,
        ("GET", p) if p.ends_with("/public/plans") => Anyone,
        ("GET", p) if p.contains("/public/plans/") => Published,
        (_, p) if p.starts_with("/api/v1/auth/") => Signed,
        (_, p) if p.starts_with("/api/v1/users") => Admins,
        ("GET", "/api/v1/regions" | "/api/v1/networks") => Signed,
        ("GET", p) if p.starts_with("/api/v1/regions/{region}") => Region,
        (_, p) if p.starts_with("/api/v1/regions/{region}/plans") => Region,
        ("PUT", "/api/v1/regions/{region}" | "/api/v1/networks/{network}") => Admins,
        ("GET", p) if p == format!("{n}/public") => Anyone,
        ("GET", p) if p == n || p == format!("{n}/template") => Reader,
        ("GET", p) if p == format!("{n}/filters/{{filter}}/actors") || p == format!("{n}/actors") => Reader,
        ("GET", p)
            if p == format!("{n}/actors/{{actor}}") || p.ends_with("/capacity") || p.ends_with("/capacities") =>
        {
            Reader
        }
        ("GET", p) if p == format!("{n}/grants") => Coordinators,
        ("GET", p) if p == format!("{n}/procedures") || p == format!("{n}/steps") => Reader,
        ("GET", p) if p == format!("{n}/plans") => Reader,
        ("GET", p) if p == format!("{n}/findings") || p.starts_with(&format!("{n}/plans/")) => Coordination,
        ("GET", p) if p.starts_with(n) => Planner,
        ("POST", p) if p.ends_with("/reviews") || p.contains("/notes") => Coordinators,
        (_, p) if p.contains("/notes") => Coordinators,
        ("PATCH", p) if p == format!("{n}/actors/{{actor}}") => Keeper,
        (_, p) if p.ends_with("/status") && p.contains("/actors/") => Keeper,
        (_, p) if p.contains("/contacts") || (p.ends_with("/capacity") && p.contains("/actors/")) => Keeper,
        (_, p) if p.starts_with(n) => Coordinators,
        _ => return None,
    })
}

/// What a request should get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allowed,
    SignIn,
    Forbidden,
    Hidden,
}

fn expect(rule: Rule, role: Role, foreign: bool) -> Expect {
    use Expect::*;
    match rule {
        Rule::Anyone => Allowed,
        Rule::KeyInPath => Hidden,
        Rule::Published if foreign => Allowed,
        Rule::Published => Hidden,
        _ if role == Role::Public => SignIn,
        Rule::Signed => Allowed,
        _ if role == Role::Admin => Allowed,
        Rule::Admins => Forbidden,
        Rule::Region => {
            if role == Role::Regional && !foreign {
                Allowed
            } else {
                Hidden
            }
        }
        _ if foreign => Hidden,
        Rule::Reader => Allowed,
        Rule::Planner if role == Role::CaseManager => Forbidden,
        Rule::Planner => Allowed,
        Rule::Coordinators if role == Role::Coordinator => Allowed,
        Rule::Keeper if matches!(role, Role::Coordinator | Role::Actor) => Allowed,
        Rule::Coordination if matches!(role, Role::Coordinator | Role::Regional) => Allowed,
        Rule::Coordinators | Rule::Keeper | Rule::Coordination => Forbidden,
    }
}

fn fill(path: &str, place: &Place, world: &World, role: Role) -> String {
    let token = world.token_ids.get(&role).cloned().unwrap_or_else(|| "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a99".into());
    let user = world.users[&Role::Coordinator].to_string();
    let regional = path.starts_with("/api/v1/regions/") || path.starts_with("/kraj/");
    path.replace("{region}", &place.region)
        .replace("{network}", &place.network)
        .replace("{actor}", &place.actor)
        .replace("{platform}", &place.platform)
        .replace("{meeting}", &place.meeting)
        .replace("{outcome}", &place.outcome)
        .replace("{filter}", &place.shared_filter)
        .replace("{note}", &place.note)
        .replace("{person}", &place.person)
        .replace("{term}", &place.term)
        .replace("{category}", &place.category)
        .replace("{form}", &place.form)
        .replace("{activity}", &place.activity)
        .replace("{token}", &token)
        .replace("{user}", &user)
        .replace("{chart}", "meetings")
        .replace("{plan}", if regional { &place.region_plan } else { &place.plan })
        .replace("{section}", if regional { &place.region_section } else { &place.section })
        .replace("{step}", &place.step)
        .replace("{finding}", &place.finding)
        .replace("{procedure}", &place.procedure)
        .replace("{year}", "2026")
        .replace("{post}", "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a98")
        .replace("{offer}", "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a97")
}

#[actix_web::test]
async fn every_route_answers_every_role_as_the_rules_say_and_no_answer_leaks_a_canary() {
    let app = spawn_app().await;
    let world = world::build(&app).await;
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for route in uzel::http::ROUTES {
        let Some(rule) = rule(route.method, route.path) else {
            failures.push(format!("{} {} has no rule in this test's table", route.method, route.path));
            continue;
        };
        for role in world::ROLES {
            for (foreign, place) in [(false, &world.own), (true, &world.foreign)] {
                let path = fill(route.path, place, &world, role);
                let who = world.tokens.get(&role).map_or(As::Anonymous, |t| As::Token(t));
                let writes = route.method != "GET";
                // Writes carry a body no route accepts and an If-Match no entity
                // has: a write the guard lets through is refused by its handler,
                // so the matrix changes nothing.
                let body = writes.then(|| json!([]));
                let headers: &[(&str, &str)] = if writes { &[("if-match", "\"999999\"")] } else { &[] };
                let mut answer = app.send_as(who, route.method, &path, body, headers).await;
                // A workbook is read cell by cell: its zip hides its text.
                if answer.content_type.contains("spreadsheetml") {
                    answer.text = crate::interop::cells(&answer.bytes)
                        .into_iter()
                        .flat_map(|(_, rows)| rows.into_iter().flatten())
                        .collect::<Vec<_>>()
                        .join("\n");
                }
                let status = answer.status.as_u16();
                let wanted = expect(rule, role, foreign);
                // Pages send a visitor to sign in (303) rather than answer 401,
                // and are for sessions: a token's bearer is a visitor to them.
                let page = route.path.starts_with("/site/")
                    || route.path.starts_with("/kraj/")
                    || route.path.starts_with("/kalendar")
                    || matches!(route.path, "/prihlaseni" | "/odhlaseni" | "/heslo" | "/jazyk");
                // The client follows redirects: a page's "sign in first" ends on
                // the sign-in form.
                let sign_in_form = status == 200 && answer.text.contains("action=\"/prihlaseni\"");
                let ok = match wanted {
                    Expect::SignIn if page => sign_in_form,
                    Expect::Allowed if route.path == "/jazyk" => status == 400,
                    // No import was started: the page says there is no such one.
                    Expect::Allowed if route.path == "/site/{network}/import/{job}" => status == 404,
                    // Signing out (or not signed in) lands on the start page.
                    Expect::Allowed if route.path == "/odhlaseni" => {
                        status == 200 && answer.text.contains("<h1>Kam se obrátit</h1>")
                    }
                    // A person's own pages: a token's bearer is a visitor to them.
                    Expect::Allowed if matches!(route.path, "/heslo" | "/kalendar") && !writes => sign_in_form,
                    // A page's form refuses a JSON body.
                    Expect::Allowed if page && writes => status == 415,
                    // Not a websocket handshake: the handler says so.
                    Expect::Allowed if route.path == "/api/v1/board/ws" => status == 400,
                    // The post does not exist: the guard let the request through,
                    // the board's own rules (tests/api/board) answer.
                    Expect::Allowed if route.path.starts_with("/api/v1/board/posts/") => {
                        matches!(status, 400 | 404 | 409 | 422)
                    }
                    Expect::Allowed if !writes => status == 200 || (route.path == "/" && status == 302),
                    Expect::Allowed => {
                        matches!(status, 400 | 409 | 422) || (route.path == "/api/v1/auth/logout" && status == 204)
                    }
                    Expect::SignIn => status == 401,
                    Expect::Forbidden => status == 403,
                    Expect::Hidden => status == 404,
                };
                if !ok {
                    failures.push(format!(
                        "{role:?} {} {path}: expected {wanted:?}, got {status} {}",
                        route.method, answer.text
                    ));
                }
                let entitled_note = role == Role::Admin || (role == Role::Coordinator && !foreign);
                let entitled_evaluation =
                    role == Role::Admin || (matches!(role, Role::Coordinator | Role::Member) && !foreign);
                if answer.text.contains(PRIVATE_NOTE) {
                    seen.insert((role, "note"));
                    if !entitled_note {
                        failures.push(format!("{role:?} {} {path}: the private note leaked", route.method));
                    }
                }
                if answer.text.contains(EVALUATION) {
                    seen.insert((role, "evaluation"));
                    if !entitled_evaluation {
                        failures.push(format!("{role:?} {} {path}: the evaluation leaked", route.method));
                    }
                }
                if role == Role::Public && (answer.text.contains(HIDDEN_CONTACT) || answer.text.contains("tajné číslo"))
                {
                    failures.push(format!("public {} {path}: a non-public contact leaked", route.method));
                }
            }
        }
    }
    // The canaries are where they belong, so their absence elsewhere means something.
    for wanted in [(Role::Coordinator, "note"), (Role::Coordinator, "evaluation"), (Role::Member, "evaluation")] {
        assert!(seen.contains(&wanted), "{wanted:?} never saw the canary it is entitled to");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
