//! Alerts, menus and news through delivery: alerts shown while active on their paths, most severe first, even after
//! a hundred ended ones; menus resolving links to live pages with Welsh labels; news newest first, paged by cursor.
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::content_delivery::header;
use crate::helpers::{error_code, spawn_app, titles};

#[tokio::test]
async fn alerts_show_when_active_on_their_paths_most_severe_first() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let now = Utc::now();
    let at = |d: Duration| (now + d).to_rfc3339();
    let alert = |kind: &str, title: &str, extra: Value| {
        let mut content = json!({"kind": kind, "translations": {"en": {"title": title, "message": format!("{title}: details")}}});
        for (k, v) in extra.as_object().expect("object") {
            content[k] = v.clone();
        }
        content
    };
    let published = [
        alert(
            "emergency",
            "Flooding",
            json!({"everywhere": true, "starts_at": at(-Duration::hours(1)), "ends_at": at(Duration::days(1))}),
        ),
        alert(
            "announcement",
            "Bin rounds changed",
            json!({"everywhere": false, "paths": ["/bins"], "starts_at": at(-Duration::hours(1))}),
        ),
        alert(
            "minor",
            "Ended",
            json!({"everywhere": true, "starts_at": at(-Duration::days(2)), "ends_at": at(-Duration::days(1))}),
        ),
        alert(
            "notable_death",
            "Not yet",
            json!({"everywhere": true, "starts_at": at(Duration::days(1))}),
        ),
    ];
    for content in published {
        app.published(&admin, "york", "alerts", content).await;
    }
    app.create_item(
        &admin,
        "york",
        "alerts",
        alert("emergency", "Unpublished", json!({"everywhere": true})),
    )
    .await;

    let response = app
        .delivery(None, "york", "/alerts?path=/bins/missed")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(&response, "cache-control")
            .expect("cache-control")
            .starts_with("public")
    );
    let on_bins: Value = response.json().await.expect("json");
    assert_eq!(
        titles(&on_bins),
        ["Flooding", "Bin rounds changed"],
        "{on_bins}"
    );
    assert_eq!(on_bins[0]["kind"], "alert");
    assert_eq!(on_bins[0]["content"]["kind"], "emergency");
    assert_eq!(on_bins[1]["content"]["kind"], "announcement");
    assert_eq!(on_bins[1]["content"]["paths"], json!(["/bins"]));

    let on_bins_itself = app.deliver_ok("york", "/alerts?path=/bins").await;
    assert_eq!(titles(&on_bins_itself), ["Flooding", "Bin rounds changed"]);
    let on_parking = app.deliver_ok("york", "/alerts?path=/parking").await;
    assert_eq!(titles(&on_parking), ["Flooding"], "{on_parking}");
    // `/binsx` is not below `/bins`.
    let lookalike = app.deliver_ok("york", "/alerts?path=/binsx").await;
    assert_eq!(titles(&lookalike), ["Flooding"], "{lookalike}");

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") {
                bins: alerts(path: "/bins/missed") { kind title message }
                parking: alerts(path: "/parking") { kind title }
            } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["council"]["bins"],
        json!([
            {"kind": "EMERGENCY", "title": "Flooding", "message": "Flooding: details"},
            {"kind": "ANNOUNCEMENT", "title": "Bin rounds changed", "message": "Bin rounds changed: details"},
        ])
    );
    assert_eq!(
        body["data"]["council"]["parking"],
        json!([{"kind": "EMERGENCY", "title": "Flooding"}])
    );
}

#[tokio::test]
async fn menus_resolve_links_to_live_pages_and_use_welsh_labels() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .build()
        .await;
    let admin = cardiff.token("admin");
    let bins = app
        .published(
            &admin,
            "cardiff",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}, "cy": {"title": "Biniau", "slug": "biniau"}}}),
        )
        .await;
    let missed = app
        .published(
            &admin,
            "cardiff",
            "pages",
            json!({"parent_id": bins, "translations": {"en": {"title": "Missed bins", "slug": "missed-bins"}, "cy": {"title": "Biniau a gollwyd", "slug": "biniau-a-gollwyd"}}}),
        )
        .await;
    let (draft, _) = app
        .create_item(
            &admin,
            "cardiff",
            "pages",
            json!({"translations": {"en": {"title": "Parking", "slug": "parking"}}}),
        )
        .await;
    let menu = json!({"name": "main", "items": [
        {"labels": {"en": "Bins", "cy": "Biniau"}, "page_id": bins, "children": [
            {"labels": {"en": "Missed bins", "cy": "Biniau a gollwyd"}, "page_id": missed}
        ]},
        {"labels": {"en": "Parking"}, "page_id": draft},
        {"labels": {"en": "Contact us", "cy": "Cysylltu â ni"}, "url": "https://www.cardiff.gov.uk/contact", "children": [
            {"labels": {"en": "Parking permits"}, "page_id": draft},
            {"labels": {"en": "Complaints"}, "url": "/complaints"}
        ]}
    ]});
    let (menu_id, _) = app.create_item(&admin, "cardiff", "menus", menu).await;

    // Unpublished, the menu is not there.
    let unpublished = app.delivery(None, "cardiff", "/menus/main").await;
    assert_eq!(
        error_code(unpublished, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    app.publish(&admin, "cardiff", "menus", &menu_id).await;

    let english = app.deliver_ok("cardiff", "/menus/main").await;
    assert_eq!(
        english,
        json!({"name": "main", "items": [
            {"label": "Bins", "url": "/bins", "kind": "page", "target_id": bins, "children": [
                {"label": "Missed bins", "url": "/bins/missed-bins", "kind": "page", "target_id": missed, "children": []}
            ]},
            {"label": "Contact us", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "target_id": null, "children": [
                {"label": "Complaints", "url": "/complaints", "kind": "url", "target_id": null, "children": []}
            ]}
        ]})
    );

    let welsh = app.deliver_ok("cardiff", "/menus/main?locale=cy").await;
    assert_eq!(
        welsh,
        json!({"name": "main", "items": [
            {"label": "Biniau", "url": "/biniau", "kind": "page", "target_id": bins, "children": [
                {"label": "Biniau a gollwyd", "url": "/biniau/biniau-a-gollwyd", "kind": "page", "target_id": missed, "children": []}
            ]},
            {"label": "Cysylltu â ni", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "target_id": null, "children": [
                {"label": "Complaints", "url": "/complaints", "kind": "url", "target_id": null, "children": []}
            ]}
        ]})
    );

    let unknown = app.delivery(None, "cardiff", "/menus/footer").await;
    assert_eq!(
        error_code(unknown, StatusCode::NOT_FOUND).await,
        "not_found"
    );

    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") {
                menu(name: "main", locale: "cy") { name items { label url kind children { label url } } }
                none: menu(name: "footer") { name }
            } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["council"]["menu"],
        json!({"name": "main", "items": [
            {"label": "Biniau", "url": "/biniau", "kind": "page", "children": [{"label": "Biniau a gollwyd", "url": "/biniau/biniau-a-gollwyd"}]},
            {"label": "Cysylltu â ni", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "children": [{"label": "Complaints", "url": "/complaints"}]}
        ]})
    );
    assert_eq!(body["data"]["council"]["none"], Value::Null);
}

#[tokio::test]
async fn news_lists_newest_first_and_pages_with_a_cursor() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let article = |title: &str, slug: &str, date: &str| json!({"date": date, "translations": {"en": {"title": title, "slug": slug, "summary": format!("{title}.")}}});
    // Created in an order that is neither newest nor oldest first.
    for content in [
        article("January news", "january-news", "2026-01-10T09:00:00Z"),
        article("March news", "march-news", "2026-03-05T09:00:00Z"),
        article("February news", "february-news", "2026-02-01T09:00:00Z"),
    ] {
        app.published(&admin, "york", "news", content).await;
    }
    app.create_item(
        &admin,
        "york",
        "news",
        article("Draft news", "draft-news", "2026-04-01T09:00:00Z"),
    )
    .await;

    let all = app.deliver_ok("york", "/news").await;
    assert_eq!(all["total_count"], 3, "{all}");
    assert_eq!(
        titles(&all["items"]),
        ["March news", "February news", "January news"]
    );
    assert_eq!(all["next_cursor"], Value::Null);

    let first = app.deliver_ok("york", "/news?limit=2").await;
    assert_eq!(first["total_count"], 3);
    assert_eq!(titles(&first["items"]), ["March news", "February news"]);
    let cursor = first["next_cursor"]
        .as_str()
        .unwrap_or_else(|| panic!("a next cursor: {first}"))
        .to_owned();
    let second = app
        .deliver_ok("york", &format!("/news?limit=2&after={cursor}"))
        .await;
    assert_eq!(second["total_count"], 3);
    assert_eq!(titles(&second["items"]), ["January news"], "{second}");
    assert_eq!(second["next_cursor"], Value::Null);

    let one = app.deliver_ok("york", "/news/february-news").await;
    assert_eq!(one["kind"], "news");
    assert_eq!(one["title"], "February news");
    assert_eq!(one["path"], "/news/february-news");
    assert_eq!(one["content"]["slug"], "february-news");
    let date = one["content"]["date"].as_str().expect("date");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(date).expect("a date"),
        chrono::DateTime::parse_from_rfc3339("2026-02-01T09:00:00Z").expect("a date")
    );
    let draft = app.delivery(None, "york", "/news/draft-news").await;
    assert_eq!(error_code(draft, StatusCode::NOT_FOUND).await, "not_found");

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { newsArticles(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage } } } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    let news = &body["data"]["council"]["newsArticles"];
    assert_eq!(news["totalCount"], 3);
    assert_eq!(
        news["edges"],
        json!([{"node": {"title": "March news"}}, {"node": {"title": "February news"}}])
    );
    assert_eq!(news["pageInfo"]["hasNextPage"], true);
}

/// `delivery::alerts` reads the first 100 live alerts in id order and filters them by time afterwards, so once a
/// council has 100 published alerts that have ended (nothing takes them down), a new one never shows.
#[tokio::test]
async fn a_new_alert_shows_even_after_a_hundred_ended_ones() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let starts = (Utc::now() - Duration::days(3)).to_rfc3339();
    let ends = (Utc::now() - Duration::days(2)).to_rfc3339();
    for i in 0..100 {
        app.published(
            &admin,
            "york",
            "alerts",
            json!({"kind": "minor", "starts_at": starts, "ends_at": ends,
                    "translations": {"en": {"title": format!("Ended {i}"), "message": "Over."}}}),
        )
        .await;
    }
    app
        .published(
            &admin,
            "york",
            "alerts",
            json!({"kind": "emergency", "translations": {"en": {"title": "Flooding", "message": "Roads closed."}}}),
        )
        .await;

    let everywhere = app.deliver_ok("york", "/alerts").await;
    assert_eq!(titles(&everywhere), ["Flooding"], "{everywhere}");
    let on_path = app.deliver_ok("york", "/alerts?path=/bins").await;
    assert_eq!(titles(&on_path), ["Flooding"], "{on_path}");
    let body = app
        .graphql_json(r#"{ council(slug: "york") { alerts(path: "/bins") { title } } }"#)
        .await;
    assert_eq!(
        body["data"]["council"]["alerts"],
        json!([{"title": "Flooding"}]),
        "{body}"
    );
}
