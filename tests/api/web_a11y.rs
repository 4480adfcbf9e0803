//! Accessibility of every page of the coordinator's web application, with
//! the demo network's real content: axe-core (vendored under
//! `tests/fixtures/axe-core`) runs in headless Chromium on each page —
//! signed out and in, a form showing its problems, Czech and English — and
//! finds no serious or critical violation (every input labelled, contrast,
//! landmarks, names of links and buttons…), and on a phone's screen (390
//! CSS pixels) nothing on it reaches past the edge. Each page, with its one
//! stylesheet and one script, stays under 100 KB. Screenshots:
//! `a11y-*.png` on a desktop, `a11y-telefon-*.png` on the phone.

use crate::browser::{Browser, shot};
use crate::helpers::spawn_app;
use crate::pages::send;

const AXE: &str = include_str!("../fixtures/axe-core/axe.min.js");

/// The serious and critical violations axe finds on the open page.
async fn violations(browser: &Browser) -> Vec<String> {
    let script = format!(
        "{AXE}\nvar done = arguments[arguments.length - 1];\
         axe.run(document, {{resultTypes: ['violations']}}).then(function (r) {{\
           done(r.violations.filter(function (v) {{ return v.impact === 'serious' || v.impact === 'critical'; }})\
             .map(function (v) {{ return v.id + ' (' + v.impact + '): ' + v.help + ' at ' +\
               v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' '); }}).join(' | '); }}));\
         }}).catch(function (e) {{ done(['axe failed: ' + e]); }});"
    );
    let found = browser.run_async(&script).await;
    found.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

#[actix_web::test]
async fn every_page_has_no_serious_accessibility_violation_and_stays_small() {
    let app = spawn_app().await;
    uzel::demo::build(&app.app).await.expect("the demo builds");
    uzel::demo::users::create(&app.app).await.expect("the demo's users");
    let base = app.address.clone();
    let browser = Browser::start_with(true).await;
    let (mut failures, mut too_wide) = (Vec::new(), Vec::new());
    let mut check = async |browser: &Browser, path: &str, name: &str| {
        let found = violations(browser).await;
        if !found.is_empty() {
            failures.push(format!("{path}:\n  {}", found.join("\n  ")));
        }
        browser.screenshot(&shot(&format!("a11y-{name}.png"))).await;
        // The same page on a phone: nothing past the screen's edge.
        browser.phone().await;
        let seen = browser.overflow().await;
        let (width, page) = (seen["width"].as_u64().unwrap_or(0), seen["page"].as_u64().unwrap_or(u64::MAX));
        if page > width || seen["wide"].as_array().is_none_or(|wide| !wide.is_empty()) {
            too_wide.push(format!("{path}: {seen}"));
        }
        browser.screenshot(&shot(&format!("a11y-telefon-{name}.png"))).await;
        browser.desktop().await;
    };
    // The check can fail: an input without a label is caught.
    browser.open(&format!("{base}/")).await;
    browser
        .run("var i = document.createElement('input'); document.querySelector('main').appendChild(i); return 1")
        .await;
    let caught = violations(&browser).await;
    assert!(caught.iter().any(|v| v.starts_with("label ")), "axe runs and catches an unlabelled input: {caught:?}");
    for path in ["/", "/?sit=tachov&oblast=safety", "/prihlaseni"] {
        browser.open(&format!("{base}{path}")).await;
        let name = if path.len() > 1 {
            path.trim_start_matches('/').replace(['?', '&', '='], "-")
        } else {
            "kam-se-obratit".into()
        };
        check(&browser, path, &name).await;
    }
    browser.open(&format!("{base}/prihlaseni")).await;
    browser.type_into("#jmeno", "tachov.koordinator").await;
    browser.type_into("#heslo", "spatne").await;
    browser.click("form.formular button").await;
    browser.wait_until("return !!document.querySelector('.chyby')", 10, "the sign-in problem").await;
    check(&browser, "/prihlaseni (wrong password)", "prihlaseni-chyba").await;
    browser.replace("#jmeno", "tachov.koordinator").await;
    browser.type_into("#heslo", "demo").await;
    browser.click("form.formular button").await;
    browser.wait_for_url("/site/tachov").await;

    // The pages, found from the overview's and the lists' own links.
    let link = async |browser: &Browser, page: &str, css: &str| -> String {
        browser.open(&format!("{base}{page}")).await;
        let found = browser.elements(css).await;
        let first = found.first().unwrap_or_else(|| panic!("{page} links {css}"));
        browser.attribute(first, "href").await
    };
    let actor = link(&browser, "/site/tachov/adresar", "a[href^='/site/tachov/akter/']").await;
    let platform = link(&browser, "/site/tachov/platformy", "a[href^='/site/tachov/platforma/']").await;
    let meeting = link(&browser, &platform, "a[href*='/schuzka/']").await;
    let activity = link(&browser, "/site/tachov/potreby", "a[href^='/site/tachov/potreby/aktivita/']").await;
    let plan = link(&browser, "/site/tachov/plan", "a[href^='/site/tachov/plan/']").await;
    let section = link(&browser, &plan, "a[href*='/oddil/']").await;
    let finding = link(&browser, "/site/tachov/zjisteni", "article a[href*='/zjisteni/']").await;
    let procedure = link(&browser, "/site/tachov/postupy", "article a[href^='/site/tachov/postupy/']").await;
    let year = link(&browser, &format!("{plan}/hodnoceni"), "a[href*='/hodnoceni/']").await;
    let pages: Vec<(String, &str)> = vec![
        ("/site/tachov".into(), "prehled"),
        ("/site/tachov/adresar".into(), "adresar"),
        ("/site/tachov/adresar?need_area=safety&k=2026-06-05".into(), "adresar-k-datu"),
        (actor.clone(), "akter"),
        (format!("{actor}/upravit"), "akter-upravit"),
        (format!("{actor}/kontakty"), "akter-kontakty"),
        ("/site/tachov/novy-akter".into(), "novy-akter"),
        ("/site/tachov/potreby".into(), "potreby"),
        (activity, "aktivita"),
        ("/site/tachov/pokryti".into(), "pokryti"),
        ("/site/tachov/platformy".into(), "platformy"),
        (platform, "platforma"),
        (meeting, "schuzka"),
        ("/site/tachov/nastaveni".into(), "nastaveni"),
        ("/site/tachov/revize".into(), "revize"),
        ("/site/tachov/plan".into(), "plany"),
        ("/site/tachov/zjisteni".into(), "zjisteni"),
        ("/site/tachov/postupy".into(), "postupy"),
        (procedure, "postup-verze"),
        ("/site/tachov/zjisteni/nove".into(), "zjisteni-nove"),
        (finding, "zjisteni-upravit"),
        (plan.clone(), "plan"),
        (section, "plan-oddil"),
        (format!("{plan}/oddil"), "plan-novy-oddil"),
        (format!("{plan}/krok"), "plan-novy-krok"),
        (format!("{plan}/hodnoceni"), "plan-hodnoceni"),
        (year, "plan-hodnoceni-roku"),
        ("/site/tachov/zmeny".into(), "zmeny"),
        ("/site/tachov/poptavky".into(), "poptavky"),
        ("/heslo".into(), "heslo"),
        ("/kalendar".into(), "kalendar"),
    ];
    for (path, name) in &pages {
        browser.open(&format!("{base}{path}")).await;
        check(&browser, path, name).await;
    }
    // A form showing its problems: a new actor without a name.
    browser.open(&format!("{base}/site/tachov/novy-akter")).await;
    browser.type_into("#email", "nikdo").await;
    browser.click("#formular button[type=submit]").await;
    browser.wait_until("return !!document.querySelector('.chyby')", 10, "the form's problems").await;
    check(&browser, "/site/tachov/novy-akter (problems)", "novy-akter-chyby").await;
    // And in English.
    browser.open(&format!("{base}/jazyk?l=en&zpet=/site/tachov")).await;
    check(&browser, "/site/tachov (English)", "prehled-en").await;
    browser.quit().await;

    // Every other role's home (where `/` leads them) and pages.
    for (user, pages) in [
        ("tachov.akter", vec!["/"]),
        ("tachov.casemanager", vec!["/", "/site/tachov/adresar", "/site/tachov/poptavky"]),
        ("tachov.clen", vec!["/"]),
        ("plzensky.kraj", vec!["/", "/kraj/plzensky/plan"]),
    ] {
        let browser = Browser::start_with(true).await;
        browser.open(&format!("{base}/prihlaseni")).await;
        browser.type_into("#jmeno", user).await;
        browser.type_into("#heslo", "demo").await;
        browser.click("form.formular button").await;
        browser.wait_until("return !document.getElementById('heslo')", 10, "signed in").await;
        for path in pages {
            browser.open(&format!("{base}{path}")).await;
            let landed = browser.url().await;
            let name = format!("{user}-{}", path.trim_matches('/').replace('/', "-"));
            check(&browser, &format!("{user} {landed}"), &name).await;
        }
        browser.quit().await;
    }
    assert!(failures.is_empty(), "axe found serious or critical violations:\n{}", failures.join("\n"));
    assert!(too_wide.is_empty(), "on a phone (390 px) these reach past the screen:\n{}", too_wide.join("\n"));

    // Each page with its stylesheet and script: under 100 KB.
    let cookie = crate::pages::sign_in_as(&app, "tachov.koordinator", "demo").await;
    let mut assets = 0;
    for asset in ["/assets/uzel.css", "/assets/uzel.js"] {
        assets += send(&app, "GET", asset, "", None).await.bytes.len();
    }
    for (path, _) in &pages {
        let page = send(&app, "GET", path, &cookie, None).await;
        let total = page.bytes.len() + assets;
        assert!(total <= 100 * 1024, "{path} weighs {total} bytes with its assets");
    }
}
