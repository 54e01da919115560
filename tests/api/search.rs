//! Full-text search: ranking, snippets, phrases, prefixes and stemming, locales, drafts for editors only, the
//! index kept current on unpublish and delete, democratic records, and councils kept apart.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, upload_paper};

fn page(title: &str, slug: &str, text: &str) -> Value {
    json!({"translations": {"en": {"title": title, "slug": slug, "body": [{"type": "paragraph", "content": [{"text": text}]}]}}})
}

/// The public search: (titles in order, total, first snippet).
async fn public(
    app: &TestApp,
    council: &str,
    query: &str,
    extra: &str,
) -> (Vec<String>, u64, String) {
    let q = serde_json::to_string(query).expect("quote");
    let body = app
        .graphql_json(&format!(
            r#"{{ council(slug: "{council}") {{ search(query: {q}{extra}) {{ totalCount edges {{ node {{ title kind snippet score path }} }} }} }} }}"#
        ))
        .await;
    let search = &body["data"]["council"]["search"];
    let edges = search["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    (
        edges
            .iter()
            .map(|e| e["node"]["title"].as_str().expect("title").to_owned())
            .collect(),
        search["totalCount"].as_u64().expect("total"),
        edges
            .first()
            .map(|e| e["node"]["snippet"].as_str().expect("snippet").to_owned())
            .unwrap_or_default(),
    )
}

#[tokio::test]
async fn search_ranks_stems_highlights_and_understands_phrases_and_prefixes() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    app.published(
        &admin,
        "york",
        "pages",
        page(
            "Recycling centres",
            "recycling-centres",
            "Opening times: Household waste & garden sites.",
        ),
    )
    .await;
    app.published(
        &admin,
        "york",
        "pages",
        page(
            "Bins",
            "bins",
            "Report a missed bin collection. We also recycle glass.",
        ),
    )
    .await;
    app.published(
        &admin,
        "york",
        "pages",
        page("Parking", "parking", "A bin was missed near the car park."),
    )
    .await;

    // Stemming: "recycled" finds "recycling" and "recycle"; the title match ranks first.
    let (titles, total, snippet) = public(&app, "york", "recycled", "").await;
    assert_eq!(titles, ["Recycling centres", "Bins"]);
    assert_eq!(total, 2);
    assert!(snippet.contains("<mark>"), "{snippet}");
    // Snippets are escaped text with only <mark> added.
    let (_, _, snippet) = public(&app, "york", "household", "").await;
    assert!(
        snippet.contains("<mark>Household</mark> waste &amp; garden"),
        "{snippet}"
    );

    // A phrase needs its words together; the words alone match both.
    let (titles, _, _) = public(&app, "york", "\"missed bin\"", "").await;
    assert_eq!(titles, ["Bins"]);
    let (titles, _, _) = public(&app, "york", "missed bin", "").await;
    assert_eq!(titles.len(), 2, "{titles:?}");
    // A prefix.
    let (titles, _, _) = public(&app, "york", "recyc*", "").await;
    assert_eq!(titles.len(), 2, "{titles:?}");
    // Query syntax cannot be injected: operators are just words or separators, and every word is required
    // (so this is not "bins or parking": the page about bins alone does not match).
    let (titles, _, _) = public(&app, "york", "bins) OR (parking", "").await;
    assert!(!titles.contains(&"Bins".to_owned()), "{titles:?}");
    // Types limit the kinds searched; pagination is bounded.
    let (titles, _, _) = public(&app, "york", "recycled", r#", types: ["news"]"#).await;
    assert!(titles.is_empty());
    let (titles, total, _) = public(&app, "york", "recycled", ", first: 1").await;
    assert_eq!((titles.len(), total), (1, 2));
}

#[tokio::test]
async fn drafts_are_found_by_editors_only_and_the_index_follows_unpublish_and_delete() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let live = app
        .published(
            &admin,
            "york",
            "pages",
            page("Council tax", "council-tax", "Pay your council tax online."),
        )
        .await;
    let (draft, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            page(
                "Council tax discounts",
                "discounts",
                "Single person discount.",
            ),
        )
        .await;

    let (titles, _, _) = public(&app, "york", "council tax", "").await;
    assert_eq!(titles, ["Council tax"]);
    let editors: Value = app
        .get(&admin, "/api/v1/councils/york/search?q=council+tax")
        .await
        .json()
        .await
        .expect("json");
    let mut found: Vec<&str> = editors["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|h| h["title"].as_str().expect("title"))
        .collect();
    found.sort();
    assert_eq!(found, ["Council tax", "Council tax discounts"], "{editors}");

    // An unpublished page leaves the public index at once; a deleted one leaves the editors' too.
    let unpublished = app.act(&admin, "york", "pages", &live, "unpublish").await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    let (titles, total, _) = public(&app, "york", "council tax", "").await;
    assert!(titles.is_empty() && total == 0, "{titles:?}");
    let r = app
        .get(&admin, &format!("/api/v1/councils/york/pages/{draft}"))
        .await;
    let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
    app.delete_if_match(
        &admin,
        &format!("/api/v1/councils/york/pages/{draft}"),
        &etag,
    )
    .await;
    let editors: Value = app
        .get(&admin, "/api/v1/councils/york/search?q=discount")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(editors["items"], json!([]));
    assert_eq!(editors["total_count"], 0);

    // Editing a live page updates the editors' index now and the public one when published.
    let id = app
        .published(
            &admin,
            "york",
            "pages",
            page("Libraries", "libraries", "Borrow books."),
        )
        .await;
    let r = app
        .get(&admin, &format!("/api/v1/councils/york/pages/{id}"))
        .await;
    let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
    app.put(
        &admin,
        &format!("/api/v1/councils/york/pages/{id}"),
        Some(&etag),
        &json!({"content": page("Libraries", "libraries", "Borrow audiobooks.")}),
    )
    .await;
    let (titles, _, _) = public(&app, "york", "audiobooks", "").await;
    assert!(titles.is_empty());
    app.publish(&admin, "york", "pages", &id).await;
    let (titles, _, _) = public(&app, "york", "audiobooks", "").await;
    assert_eq!(titles, ["Libraries"]);
}

#[tokio::test]
async fn welsh_is_searched_in_welsh_and_councils_are_kept_apart() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .build()
        .await;
    let admin = cardiff.token("admin");
    app.published(&admin, "cardiff", "pages",
        json!({"translations": {
            "en": {"title": "Recycling", "slug": "recycling", "body": [{"type": "paragraph", "content": [{"text": "Recycle your waste."}]}]},
            "cy": {"title": "Ailgylchu", "slug": "ailgylchu", "body": [{"type": "paragraph", "content": [{"text": "Ailgylchwch eich gwastraff."}]}]}
        }}),
    )
    .await;
    let (titles, _, _) = public(&app, "cardiff", "gwastraff", r#", locale: "cy""#).await;
    assert_eq!(titles, ["Ailgylchu"]);
    let (titles, _, _) = public(&app, "cardiff", "gwastraff", "").await;
    assert!(titles.is_empty(), "English search does not see Welsh text");

    let york = app.council("york").with("admin").build().await;
    let other = york.token("admin");
    app.published(
        &other,
        "york",
        "pages",
        page("Recycling in York", "recycling", "Recycle."),
    )
    .await;
    let (titles, _, _) = public(&app, "cardiff", "recycling", "").await;
    assert_eq!(titles, ["Recycling"]);
}

#[tokio::test]
async fn published_agendas_and_decisions_are_found_but_exempt_items_are_not() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let m = app
        .meeting(
            &admin,
            "york",
            json!({"name": "Planning Committee", "kind": "committee"}),
            json!({"start": "2027-06-15T18:00", "venue": "Council Chamber"}),
        )
        .await;
    for body in [
        json!({"order_label": "1", "title": "Mill Lane housing development", "position": 1}),
        json!({"order_label": "2", "title": "Purchase of Secret Street", "exempt_paragraph": 3, "position": 2}),
    ] {
        app.agenda_item(&admin, "york", &m, body).await;
    }
    let (titles, _, _) = public(&app, "york", "mill lane", "").await;
    assert!(titles.is_empty(), "not before the agenda is published");
    let published = app
        .post(
            &admin,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);
    let (titles, _, _) = public(&app, "york", "mill lane", r#", types: ["meeting"]"#).await;
    assert_eq!(titles, ["Planning Committee, 15 June 2027"]);
    let (titles, _, _) = public(&app, "york", "secret street", "").await;
    assert!(
        titles.is_empty(),
        "exempt items are never indexed: {titles:?}"
    );

    let decision: Value = app
        .post(&admin, "/api/v1/councils/york/decisions", &json!({"title": "Approve the library refurbishment", "decision_maker": "Cabinet", "date_made": "2026-11-20", "key_decision": false, "decision_text": "Refurbishment approved.", "call_in_status": "open"}))
        .await
        .json()
        .await
        .expect("json");
    let (titles, _, _) = public(&app, "york", "refurbishment", "").await;
    assert!(titles.is_empty(), "not before publication");
    let r = app
        .post(
            &admin,
            &format!(
                "/api/v1/councils/york/decisions/{}/publish",
                decision["id"].as_str().expect("id")
            ),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (titles, _, _) = public(&app, "york", "refurbishment", "").await;
    assert_eq!(titles, ["Approve the library refurbishment"]);
}

#[tokio::test]
async fn the_text_of_public_meeting_papers_is_found_and_restricted_or_deleted_papers_are_not() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let m = &app
        .meeting(
            &admin,
            "york",
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": "2027-07-06T17:30"}),
        )
        .await;
    let exempt = app
        .agenda_item(
            &admin,
            "york",
            m,
            json!({"order_label": "5", "title": "Land sale", "exempt_paragraph": 3, "position": 5}),
        )
        .await;
    let paper = |query: String, bytes: Vec<u8>| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let response = upload_paper(app, &admin, m, &query, "application/pdf", &bytes).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.expect("json")
        }
    };
    let report = paper(
        "kind=report&title=Bus%20lane%20report&file_name=bus.pdf".into(),
        crate::helpers::pdf_with_text("Proposed bus lane on Tadcaster Road", None),
    )
    .await;
    paper(
        "kind=report&title=Valuation&file_name=v.pdf&restricted=true".into(),
        crate::helpers::pdf_with_text("Tadcaster Road valuation confidential", None),
    )
    .await;
    paper(
        format!(
            "kind=appendix&title=Land%20appendix&file_name=a.pdf&agenda_item={}",
            exempt
        ),
        crate::helpers::pdf_with_text("Tadcaster Road land appendix", None),
    )
    .await;

    let (titles, _, _) = public(&app, "york", "tadcaster", "").await;
    assert!(
        titles.is_empty(),
        "not before the agenda is published: {titles:?}"
    );
    let published = app
        .post(
            &admin,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);
    let (titles, total, snippet) =
        public(&app, "york", "tadcaster road", r#", types: ["document"]"#).await;
    assert_eq!(total, 1, "only the public paper: {titles:?}");
    assert_eq!(titles, ["Bus lane report (Executive, 6 July 2027)"]);
    assert!(snippet.contains("<mark>"), "{snippet}");
    let hit = app
        .graphql_json(r#"{ council(slug: "york") { search(query: "tadcaster road", types: ["document"]) { edges { node { path url } } } } }"#)
        .await;
    let node = &hit["data"]["council"]["search"]["edges"][0]["node"];
    assert_eq!(
        node["url"], report["url"],
        "the hit's whole address is the paper's: {hit}"
    );
    assert_eq!(
        node["url"].as_str().expect("url"),
        app.url(node["path"].as_str().expect("path")),
        "{hit}"
    );
    assert!(
        !public(&app, "york", "confidential", "")
            .await
            .0
            .iter()
            .any(|t| t.contains("Valuation")),
        "restricted papers are never indexed"
    );

    // Deleting the paper takes it out of search; restoring brings it back.
    let path = format!(
        "/api/v1/councils/york/meetings/{m}/documents/{}",
        report["id"].as_str().expect("id")
    );
    assert_eq!(app.delete(&admin, &path).await.status(), StatusCode::OK);
    assert_eq!(public(&app, "york", "bus lane", "").await.1, 0);
    let file = app
        .client
        .get(app.url(report["url"].as_str().expect("url")))
        .send()
        .await
        .expect("request");
    assert_eq!(
        file.status(),
        StatusCode::NOT_FOUND,
        "a deleted paper does not download"
    );
    let restored = app
        .post(&admin, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(public(&app, "york", "bus lane", "").await.1, 1);
}
