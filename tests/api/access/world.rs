//! A world for access tests: network `tachov` (region `plzensky`) where every
//! role is held, and network `decin` (region `ustecky`) where none is; in
//! each an actor with a private note, a platform with an evaluation and a
//! held meeting, and saved filters for case managers and for coordinators.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use serde_json::json;
use uzel::app::Meta;
use uzel::domain::ids::Slug;
use uzel::domain::user::{Grant, UserCommand};

use crate::helpers::TestApp;

/// A string that only entitled readers may ever see.
pub const PRIVATE_NOTE: &str = "KANÁR-soukromá-poznámka-7f3a";
/// A platform evaluation only coordinators and members may ever see.
pub const EVALUATION: &str = "KANÁR-hodnocení-platformy-91c2";
/// A contact person not marked public.
pub const HIDDEN_CONTACT: &str = "Skrytá Kontaktní";
/// A contact person marked public.
pub const PUBLIC_CONTACT: &str = "Veřejná Kontaktní";

/// The roles of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Public,
    Admin,
    Coordinator,
    CaseManager,
    Actor,
    Member,
    Regional,
}

/// Every role.
pub const ROLES: [Role; 7] =
    [Role::Public, Role::Admin, Role::Coordinator, Role::CaseManager, Role::Actor, Role::Member, Role::Regional];

/// What one network holds.
#[derive(Clone, Debug, Default)]
pub struct Place {
    pub region: String,
    pub network: String,
    pub actor: String,
    pub other_actor: String,
    pub platform: String,
    pub meeting: String,
    pub outcome: String,
    pub shared_filter: String,
    pub coordinators_filter: String,
    pub note: String,
    pub person: String,
    pub term: String,
    pub category: String,
    pub form: String,
    pub activity: String,
    pub plan: String,
    /// The region's plan and one of its sections.
    pub region_plan: String,
    pub region_section: String,
    pub section: String,
    pub step: String,
    pub finding: String,
    pub procedure: String,
}

/// The world.
pub struct World {
    pub own: Place,
    pub foreign: Place,
    /// Tokens by role (none for the public).
    pub tokens: BTreeMap<Role, String>,
    /// Token ids by role.
    pub token_ids: BTreeMap<Role, String>,
    /// User ids by role.
    pub users: BTreeMap<Role, uuid::Uuid>,
}

async fn place(app: &TestApp, region: &str, network: &str, published: bool) -> Place {
    app.put(&format!("/api/v1/regions/{region}"), json!({"name": format!("Kraj {region}")})).await.expect(201);
    app.put(&format!("/api/v1/networks/{network}"), json!({"name": format!("ORP {network}"), "region": region}))
        .await
        .expect(201);
    let n = format!("/api/v1/networks/{network}");
    let term = app.post(&format!("{n}/terms"), json!({"kind": "place", "name": "Centrum"})).await.expect(201).id();
    let category = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a01";
    app.put(&format!("{n}/categories/{category}"), json!({"name": "Spolupráce", "kind": "yes_no"})).await.expect(201);
    let actor = app
        .post(&format!("{n}/actors"), json!({"fields": {"name": "Poradna Slunce", "need_areas": ["safety"], "description": "Pomáhá rodinám", "crisis_contact": "tajné číslo 111"}}))
        .await
        .expect(201)
        .id();
    let other_actor =
        app.post(&format!("{n}/actors"), json!({"fields": {"name": "Škola Luční"}})).await.expect(201).id();
    let a = format!("{n}/actors/{actor}");
    let note = app.post(&format!("{a}/notes"), json!({"text": PRIVATE_NOTE, "private": true})).await.expect(201).id();
    app.post(&format!("{a}/notes"), json!({"text": "Sdílená poznámka", "private": false})).await.expect(201);
    let person = app
        .post(&format!("{a}/contacts"), json!({"name": HIDDEN_CONTACT, "email": "skryta@example.org"}))
        .await
        .expect(201)
        .id();
    app.post(&format!("{a}/contacts"), json!({"name": PUBLIC_CONTACT, "phone": "+420 777 000 111", "public": true}))
        .await
        .expect(201);
    let platform = app
        .post(&format!("{n}/platforms"), json!({"fields": {"name": "Platforma pro bezpečnost", "platform_type": "formal", "coordinators": [actor], "members": [other_actor]}, "effective_at": (Utc::now() - Duration::days(30)).to_rfc3339()}))
        .await
        .expect(201)
        .id();
    let p = format!("{n}/platforms/{platform}");
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a02";
    app.put(&format!("{p}/meetings/{meeting}/held"), json!({"date": (Utc::now() - Duration::days(2)).to_rfc3339(), "attendees": [actor], "minutes": "zápis z jednání"}))
        .await
        .expect(200);
    let outcome = app
        .post(&format!("{p}/meetings/{meeting}/outcomes"), json!({"kind": "task", "text": "Leták", "owner": actor}))
        .await
        .expect(201)
        .id();
    app.post(&format!("{p}/evaluations"), json!({"text": EVALUATION})).await.expect(201);
    let shared_filter = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a03";
    app.put(
        &format!("{n}/filters/{shared_filter}"),
        json!({"name": "Bezpečí", "query": "need_area=safety", "audience": "case_managers"}),
    )
    .await
    .expect(201);
    let coordinators_filter = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a04";
    app.put(
        &format!("{n}/filters/{coordinators_filter}"),
        json!({"name": "Vše", "query": "", "audience": "coordinators"}),
    )
    .await
    .expect(201);
    app.put(&format!("{n}/settings"), json!({"designated_fields": ["need_areas", "description"]})).await.expect(200);
    let form = app
        .post(&format!("{n}/needs/forms"), json!({"area": "learning", "text": "Dítě chodí rádo do školy"}))
        .await
        .expect(201)
        .id();
    let activity = app
        .post(
            &format!("{n}/needs/activities"),
            json!({"fields": {"text": "Kroužek", "area": "learning", "stage": "prevention"}}),
        )
        .await
        .expect(201)
        .id();
    let plan = app
        .post(&format!("{n}/plans"), json!({"title": "Plán rozvoje sítě", "from": 2026, "to": 2028}))
        .await
        .expect(201)
        .id();
    let sections = app.get(&format!("{n}/plans/{plan}")).await.expect(200).body;
    let section = sections["sections"][1]["id"].as_str().unwrap().to_owned();
    let recommendation = app
        .post(&format!("{n}/plans/{plan}/recommendations"), json!({"section": section, "text": "Posílit spolupráci"}))
        .await
        .expect(201)
        .id();
    let step = app
        .post(&format!("{n}/plans/{plan}/steps"), json!({"recommendation": recommendation, "text": "Postup"}))
        .await
        .expect(201)
        .id();
    let region_plan = app
        .post(&format!("/api/v1/regions/{region}/plans"), json!({"title": "Krajský plán", "from": 2026, "to": 2028}))
        .await
        .expect(201)
        .id();
    let region_view = app.get(&format!("/api/v1/regions/{region}/plans/{region_plan}")).await.expect(200).body;
    let region_section = region_view["sections"][0]["id"].as_str().unwrap().to_owned();
    if published {
        let publish = json!({"published": true});
        app.put(&format!("{n}/plans/{plan}/publication"), publish.clone()).await.expect(200);
        app.put(&format!("/api/v1/regions/{region}/plans/{region_plan}/publication"), publish).await.expect(200);
    }
    let finding = app.post(&format!("{n}/findings"), json!({"title": "Informace a role"})).await.expect(201).id();
    let procedure = app
        .post(&format!("{n}/procedures"), json!({"title": "Jak sdílet obavy", "text": "Škola volá OSPOD."}))
        .await
        .expect(201)
        .id();
    Place {
        region: region.into(),
        network: network.into(),
        actor,
        other_actor,
        platform,
        meeting: meeting.into(),
        outcome,
        shared_filter: shared_filter.into(),
        coordinators_filter: coordinators_filter.into(),
        note,
        person,
        term,
        category: category.into(),
        form,
        activity,
        plan,
        region_plan,
        region_section,
        section,
        step,
        finding,
        procedure,
    }
}

/// Builds the world: both places and a user with a token per role.
pub async fn build(app: &TestApp) -> World {
    // The own network's plans are not published, the foreign network's are.
    let own = place(app, "plzensky", "tachov", false).await;
    let foreign = place(app, "ustecky", "decin", true).await;
    let tachov = Slug::parse("tachov").unwrap();
    let uuid = |s: &str| uuid::Uuid::parse_str(s).unwrap();
    let grants = [
        (Role::Coordinator, Grant::Coordinator { network: tachov.clone() }),
        (Role::CaseManager, Grant::CaseManager { network: tachov.clone() }),
        (Role::Actor, Grant::Actor { network: tachov.clone(), actor: uuid(&own.actor) }),
        (Role::Member, Grant::PlatformMember { network: tachov.clone(), platform: uuid(&own.platform) }),
        (Role::Regional, Grant::RegionalCoordinator { region: Slug::parse("plzensky").unwrap() }),
        (Role::Admin, Grant::Admin),
    ];
    let meta = Meta { author: "system:test".into(), ..Meta::default() };
    let mut tokens = BTreeMap::new();
    let mut token_ids = BTreeMap::new();
    let mut users = BTreeMap::new();
    for (role, grant) in grants {
        let name = format!("{role:?}").to_lowercase();
        let id = uuid::Uuid::now_v7();
        app.app.create_user(id, &name, &name, "password-of-test", &meta).await.expect("a user");
        app.app.user(id, UserCommand::Grant { grant }, &meta).await.expect("a grant");
        let issued = app.app.issue_token(id, "matrix", &meta).await.expect("a token");
        tokens.insert(role, issued.token);
        token_ids.insert(role, issued.id.to_string());
        users.insert(role, id);
    }
    World { own, foreign, tokens, token_ids, users }
}
