//! The coordinator's first journey in a real browser (headless Chromium),
//! with the page's scripts on and off: sign in → the network's overview →
//! "free capacity now" and "records due for review", each item a link that
//! opens the actor's page. Screenshots go to `target/screenshots/` for
//! review.

use crate::browser::{Browser, shot};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_coordinator_signs_in_and_sees_free_capacity_and_records_due_for_review_with_scripts_on_and_off() {
    let app = spawn_app().await;
    uzel::demo::build(&app.app).await.expect("the demo builds");
    uzel::demo::users::create(&app.app).await.expect("the demo's users");
    for scripts in [true, false] {
        let browser = Browser::start_with(scripts).await;
        let suffix = if scripts { "" } else { "-bez-skriptu" };
        browser.open(&format!("{}/prihlaseni", app.address)).await;
        browser.type_into("#jmeno", "tachov.koordinator").await;
        browser.type_into("#heslo", "demo").await;
        browser.screenshot(&shot(&format!("prihlaseni{suffix}.png"))).await;
        browser.click("form.formular button").await;
        let mut landed = String::new();
        for _ in 0..100 {
            landed = browser.url().await;
            if landed.ends_with("/site/tachov") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(landed.ends_with("/site/tachov"), "signed in, the coordinator lands on the overview: {landed}");
        browser.screenshot(&shot(&format!("prehled-site{suffix}.png"))).await;
        let free = browser.elements("#volna-kapacita ~ ul a").await;
        let due = browser.elements("#k-revizi ~ ul a").await;
        assert!(!free.is_empty(), "free capacity now is listed");
        assert!(!due.is_empty(), "records due for review are listed");
        let first = browser.text(&free[0]).await;
        let href = browser.attribute(&free[0], "href").await;
        assert!(href.contains("/site/tachov/akter/"), "{href}");
        browser.click("#volna-kapacita ~ ul a").await;
        let heading = browser.elements("main h1").await;
        assert_eq!(browser.text(&heading[0]).await, first, "the link opens the actor's page");
        assert!(!browser.elements("#historie").await.is_empty(), "with its history");
        browser.screenshot(&shot(&format!("akter{suffix}.png"))).await;
        browser.quit().await;
    }
}
