//! The change feed (GraphQL and REST) and the Atom feed of news.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Reads the public change feed until it holds `want` changes (changes appear after a short settling time).
async fn public_changes(app: &TestApp, since: Option<&str>, want: usize) -> Value {
    let since = since
        .map(|s| format!(r#"(since: "{s}")"#))
        .unwrap_or_default();
    let query = format!(
        r#"{{ council(slug: "york") {{ changes{since} {{ cursor hasMore items {{ itemId kind change path }} }} }} }}"#
    );
    // A change is listed once it is two seconds old: move the servers' clock on instead of waiting.
    app.settings.clock.advance(chrono::Duration::seconds(3));
    crate::helpers::eventually(&format!("{want} changes"), || async {
        let last = app.graphql_json(&query).await;
        (last["data"]["council"]["changes"]["items"]
            .as_array()
            .map(Vec::len)
            == Some(want))
        .then(|| last["data"]["council"]["changes"].clone())
    })
    .await
}

#[tokio::test]
async fn the_change_feed_reports_publications_and_removals_including_deletions() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let (bins, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    let (parking, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Parking", "slug": "parking"}}}),
        )
        .await;
    app.publish(&admin, "york", "pages", &bins).await;
    app.publish(&admin, "york", "pages", &parking).await;

    let first = public_changes(&app, None, 2).await;
    assert_eq!(
        first["items"],
        json!([
            {"itemId": bins, "kind": "PAGE", "change": "published", "path": "/bins"},
            {"itemId": parking, "kind": "PAGE", "change": "published", "path": "/parking"}
        ])
    );
    let cursor = first["cursor"].as_str().expect("cursor").to_owned();

    // Drafts do not show publicly; deletion does.
    let (_, etag) = {
        let r = app
            .get(&admin, &format!("/api/v1/councils/york/pages/{parking}"))
            .await;
        let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
        (r, etag)
    };
    let deleted = app
        .delete_if_match(
            &admin,
            &format!("/api/v1/councils/york/pages/{parking}"),
            &etag,
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    app.create_item(
        &admin,
        "york",
        "pages",
        json!({"translations": {"en": {"title": "Draft", "slug": "draft"}}}),
    )
    .await;
    let next = public_changes(&app, Some(&cursor), 1).await;
    assert_eq!(
        next["items"],
        json!([{"itemId": parking, "kind": "PAGE", "change": "removed", "path": "/parking"}])
    );

    // Members see every action through REST.
    let all: Value = app
        .get(&admin, "/api/v1/councils/york/changes?limit=100")
        .await
        .json()
        .await
        .expect("json");
    let actions: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["change"].as_str().expect("change"))
        .collect();
    assert!(
        actions.starts_with(&["created", "created", "published", "published", "deleted"]),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_news_feed_carries_published_articles_only() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let live = app
        .published(&admin, "york", "news", json!({"translations": {"en": {"title": "Library reopens", "slug": "library-reopens", "summary": "Doors open <Monday>."}}}))
        .await;
    app.create_item(
        &admin,
        "york",
        "news",
        json!({"translations": {"en": {"title": "Secret draft", "slug": "secret"}}}),
    )
    .await;
    let feed = app
        .client
        .get(app.url("/feeds/york/news.atom"))
        .send()
        .await
        .expect("request");
    assert_eq!(feed.status(), StatusCode::OK);
    assert_eq!(
        feed.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = feed.text().await.expect("text");
    assert!(xml.contains("<title>Library reopens</title>"), "{xml}");
    assert!(xml.contains("Doors open &lt;Monday&gt;."), "{xml}");
    assert!(!xml.contains("Secret draft"));

    let unpublished = app.act(&admin, "york", "news", &live, "unpublish").await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    let xml = app
        .client
        .get(app.url("/feeds/york/news.atom"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(!xml.contains("Library reopens"), "{xml}");
}
