//! The demo's notice board in Tachov, written by the demo users after they
//! exist: news from the coordinator, an event of the actor's account, a
//! region-wide project, and a case manager's "place wanted" request with an
//! offer. Capacity announcements and meeting outcomes are on the board
//! already (they come from the demo's history). Fixed idempotency keys:
//! building twice writes nothing the second time.

use chrono::Duration;
use uuid::Uuid;

use super::demo_id;
use crate::app::board::{OfferBody, PostBody};
use crate::app::{App, Meta};
use crate::auth::{Principal, Via};
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::post::{EventDetails, PostKind};

fn principal(app: &App, username: &str) -> Option<Principal> {
    let model = app.models.read();
    let id = *model.usernames.get(username)?;
    Some(Principal::user(&model, id, Via::Token))
}

fn meta(principal: &Principal, what: &str) -> Meta {
    Meta { author: principal.author(), idempotency_key: Some(demo_id(&["board", what])), ..Meta::default() }
}

fn body(kind: PostKind, title: &str, text: &str, areas: Vec<NeedArea>) -> PostBody {
    PostBody {
        id: Some(demo_id(&["post", title])),
        kind,
        reach: None,
        platform: None,
        actor: None,
        title: title.into(),
        text: text.into(),
        need_areas: areas,
        valid_until: None,
        event: None,
    }
}

/// Writes the demo posts of Tachov; returns how many were asked for.
pub async fn posts(app: &App) -> Result<usize, String> {
    let tachov = Slug::parse("tachov").map_err(|e| e.to_string())?;
    let (Some(coordinator), Some(manager), Some(actor)) =
        (principal(app, "tachov.koordinator"), principal(app, "tachov.casemanager"), principal(app, "tachov.akter"))
    else {
        return Ok(0);
    };
    let now = app.now();
    let fail = |e: crate::app::AppError| format!("demo board: {e}");
    let news = body(
        PostKind::News,
        "Aktualizovaný leták sítě: kam se obrátit",
        "Leták s kontakty na služby sítě je k vyzvednutí na OSPOD a ve školách.",
        vec![NeedArea::Safety, NeedArea::Relationships],
    );
    app.publish(&coordinator, &tachov, news, &meta(&coordinator, "news")).await.map_err(fail)?;
    let mut project = body(
        PostKind::Project,
        "Krajský projekt podpory pěstounských rodin",
        "Vzdělávání a doprovázení pěstounů v celém kraji; zájemci se hlásí u koordinátora sítě.",
        vec![NeedArea::Relationships],
    );
    project.reach = Some("region".into());
    app.publish(&coordinator, &tachov, project, &meta(&coordinator, "project")).await.map_err(fail)?;
    let mut event = body(
        PostKind::Event,
        "Den otevřených dveří",
        "Představíme naše služby rodinám i odborníkům.",
        vec![NeedArea::Learning, NeedArea::Relationships],
    );
    let starts = (now + Duration::days(10)).date_naive().and_hms_opt(9, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    event.event = Some(EventDetails {
        starts_at: starts,
        ends_at: Some(starts + Duration::hours(4)),
        place: "Tachov".into(),
        for_whom: "rodiče, odborníci".into(),
    });
    event.valid_until = Some(starts + Duration::days(1));
    app.publish(&actor, &tachov, event, &meta(&actor, "event")).await.map_err(fail)?;
    let request = body(
        PostKind::PlaceWanted,
        "Respitní pobyt, dva sourozenci 6–10 let",
        "Od příštího týdne, na 14 dní, ORP Tachov.",
        vec![NeedArea::Relationships, NeedArea::Safety],
    );
    let post: Uuid = request.id.unwrap_or_default();
    app.publish(&manager, &tachov, request, &meta(&manager, "place-wanted")).await.map_err(fail)?;
    let offer = OfferBody {
        id: None,
        actor: None,
        text: "Máme volné místo pro oba sourozence od pondělí.".into(),
        hold_until: Some(now + Duration::days(3)),
    };
    app.offer(&actor, post, offer, &meta(&actor, "offer")).await.map_err(fail)?;
    Ok(5)
}
