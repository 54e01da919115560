//! `townhall demo`: two real councils with dated meetings and content, and a demo editor who can sign in.
use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_demo_seeds_real_councils_with_meetings_that_match_their_dates() {
    let app = spawn_app().await;
    let seeded = townhall::demo::councils::seed(&app.db, &app.settings.clock)
        .await
        .expect("seed")
        .expect("a first run seeds");
    assert_eq!(seeded.councils.len(), 2);
    assert!(seeded.councillors > 100, "{seeded:?}");
    assert!(
        seeded.held > 0 && seeded.agendas_due_this_week > 0,
        "{seeded:?}"
    );
    // Seeding again changes nothing.
    assert!(
        townhall::demo::councils::seed(&app.db, &app.settings.clock)
            .await
            .expect("seed")
            .is_none()
    );

    let body = app
        .graphql_json(
            r#"{ councils { slug name nation }
                cardiff: council(slug: "cardiff") { locales websiteUrl services(first: 3) { totalCount } }
                southwark: council(slug: "southwark") {
                  past: meetings(to: "2099-01-01", first: 100) { edges { node { start status agendaPublishedAt minutesPublishedAt end } } } } }"#,
        )
        .await;
    assert_eq!(
        body["data"]["councils"],
        serde_json::json!([
            {"slug": "cardiff", "name": "Cardiff Council", "nation": "WALES"},
            {"slug": "southwark", "name": "Southwark Council", "nation": "ENGLAND"},
        ]),
        "{body}"
    );
    assert_eq!(
        body["data"]["cardiff"]["locales"],
        serde_json::json!(["en", "cy"])
    );
    assert!(body["data"]["cardiff"]["services"]["totalCount"].as_u64() > Some(0));

    let now = Utc::now();
    let meetings = body["data"]["southwark"]["past"]["edges"]
        .as_array()
        .expect("meetings");
    assert!(meetings.len() >= 60, "{}", meetings.len());
    let (mut held, mut upcoming) = (0, 0);
    for edge in meetings {
        let m = &edge["node"];
        let start: chrono::DateTime<Utc> =
            m["start"].as_str().expect("start").parse().expect("time");
        if start < now {
            held += 1;
            assert_eq!(m["status"], "HELD", "{m}");
            assert!(
                m["agendaPublishedAt"].is_string(),
                "a held meeting had its agenda: {m}"
            );
            assert!(m["end"].is_string(), "{m}");
            let published: chrono::DateTime<Utc> = m["agendaPublishedAt"]
                .as_str()
                .expect("at")
                .parse()
                .expect("time");
            assert!(
                published < start,
                "the agenda went out before the meeting: {m}"
            );
            if start < now - Duration::days(11) {
                assert!(m["minutesPublishedAt"].is_string(), "{m}");
            }
        } else {
            upcoming += 1;
            assert_eq!(m["status"], "SCHEDULED", "{m}");
            assert!(m["minutesPublishedAt"].is_null(), "{m}");
            assert!(m["end"].is_null(), "no invented end time: {m}");
        }
    }
    assert!(
        held > 20 && upcoming > 40,
        "{held} held, {upcoming} upcoming"
    );
    let first = meetings[0]["node"]["start"].as_str().expect("start");
    let first: NaiveDate = first[..10].parse().expect("date");
    assert!(
        first <= (now - Duration::days(80)).date_naive(),
        "three months back: {first}"
    );

    // The council calendar has upcoming meetings.
    let ics = app
        .client
        .get(app.url("/feeds/southwark/meetings.ics"))
        .send()
        .await
        .expect("ics");
    assert_eq!(ics.status(), StatusCode::OK);
    assert!(
        ics.text()
            .await
            .expect("text")
            .matches("BEGIN:VEVENT")
            .count()
            > 40
    );

    // Held meetings' decisions are in the Atom feed, each linking to the council's website.
    assert!(seeded.decisions > 10, "{seeded:?}");
    let atom = app
        .client
        .get(app.url("/feeds/cardiff/decisions.atom"))
        .send()
        .await
        .expect("atom")
        .text()
        .await
        .expect("text");
    assert_eq!(
        atom.matches("<entry>").count(),
        atom.matches("<link href=\"https://www.cardiff.gov.uk\"/>")
            .count()
    );
    assert!(atom.matches("<entry>").count() > 5, "{atom}");

    // The demo editor signs in with the printed password and may edit Cardiff's content.
    let login = app
        .login_response(
            townhall::demo::councils::EDITOR_EMAIL,
            townhall::demo::councils::EDITOR_PASSWORD,
        )
        .await;
    assert_eq!(login.status(), StatusCode::OK);
    let token: Value = login.json().await.expect("json");
    let token = token["access_token"].as_str().expect("token");
    let pages = app.get(token, "/api/v1/councils/cardiff/pages").await;
    assert_eq!(pages.status(), StatusCode::OK);

    // The demo officer signs in with the printed password and is a democratic services officer of both councils.
    let officer: Value = app
        .login_response(
            townhall::demo::councils::OFFICER_EMAIL,
            townhall::demo::councils::OFFICER_PASSWORD,
        )
        .await
        .json()
        .await
        .expect("json");
    let officer = officer["access_token"].as_str().expect("token");
    let me: Value = app
        .get(officer, "/api/v1/auth/me")
        .await
        .json()
        .await
        .expect("json");
    let roles: Vec<&str> = me["memberships"]
        .as_array()
        .expect("memberships")
        .iter()
        .map(|m| m["role"].as_str().expect("role"))
        .collect();
    assert_eq!(roles, ["democratic_services", "democratic_services"]);
}
