//! HTML publications: a tree of pages as one item, a table of contents with every page's headings and their
//! stable anchors, a cover with dates and downloadable alternatives, a path per page; validation and isolation.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::references::upload;

fn heading(text: &str) -> Value {
    json!({"type": "heading", "level": 2, "text": text})
}

fn plan(alternative: &str) -> Value {
    json!({
        "published_on": "2026-11-01", "updated_on": "2026-11-20", "alternatives": [alternative],
        "translations": {"en": {"title": "Local Plan 2026 to 2041", "slug": "local-plan", "summary": "Where homes, jobs and green spaces will go.",
            "pages": [
                {"title": "Introduction", "slug": "introduction", "body": [heading("Why a new plan"), heading("How we consulted")],
                    "children": [{"title": "How to read this plan", "slug": "how-to-read", "body": [heading("Policies and maps")]}]},
                {"title": "Housing", "slug": "housing", "body": [heading("Affordable homes"), heading("Affordable homes")]}
            ]}}
    })
}

#[tokio::test]
async fn a_publication_has_a_cover_a_table_of_contents_with_stable_anchors_and_a_path_per_page() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let leeds = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let pdf = upload(&app, &admin, "york").await;
    let leeds_file = upload(&app, &leeds, "leeds").await;

    // A bad body is a 422 naming the field.
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut deep = plan(&pdf);
    deep["translations"]["en"]["pages"][0]["children"][0]["children"] =
        json!([{"title": "A", "slug": "a", "children": [{"title": "B", "slug": "b"}]}]);
    cases.push((
        deep,
        "translations.en.pages[0].children[0].children[0].children",
    ));
    let mut twice = plan(&pdf);
    twice["translations"]["en"]["pages"][1]["slug"] = json!("how-to-read");
    cases.push((twice, "translations.en.pages[1].slug"));
    let mut dates = plan(&pdf);
    dates["updated_on"] = json!("2026-10-01");
    cases.push((dates, "updated_on"));
    cases.push((plan(&leeds_file), "alternatives[0]"));
    for (content, field) in cases {
        let response = app
            .post(
                &admin,
                "/api/v1/councils/york/publications",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{body}"
        );
    }

    let (id, _) = app
        .create_item(&admin, "york", "publications", plan(&pdf))
        .await;
    let (status, _) = app.deliver("york", "/publications/local-plan").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not delivered");
    app.publish(&admin, "york", "publications", &id).await;

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { publication(slug: "local-plan") {
                title path publishedOn updatedOn alternatives { title url mimeType }
                contents { title path depth headings { text anchor path } } } } }"#,
        )
        .await;
    let publication = &body["data"]["council"]["publication"];
    assert_eq!(publication["publishedOn"], "2026-11-01", "{body}");
    assert_eq!(publication["alternatives"][0]["mimeType"], "image/png");
    let contents: Vec<(String, i64, Vec<String>)> = publication["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .map(|c| {
            (
                c["path"].as_str().expect("path").to_owned(),
                c["depth"].as_i64().expect("depth"),
                c["headings"]
                    .as_array()
                    .expect("headings")
                    .iter()
                    .map(|h| h["path"].as_str().expect("path").to_owned())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        contents,
        [
            (
                "/publications/local-plan/introduction".to_owned(),
                1,
                vec![
                    "/publications/local-plan/introduction#why-a-new-plan".to_owned(),
                    "/publications/local-plan/introduction#how-we-consulted".to_owned()
                ]
            ),
            (
                "/publications/local-plan/how-to-read".to_owned(),
                2,
                vec!["/publications/local-plan/how-to-read#policies-and-maps".to_owned()]
            ),
            (
                "/publications/local-plan/housing".to_owned(),
                1,
                vec![
                    "/publications/local-plan/housing#affordable-homes".to_owned(),
                    "/publications/local-plan/housing#affordable-homes-2".to_owned()
                ]
            ),
        ]
    );

    // A page by its path: the route names it, its body carries the anchors, and previous and next follow reading order.
    let (status, route) = app
        .deliver("york", "/route?path=/publications/local-plan/how-to-read")
        .await;
    assert_eq!(status, StatusCode::OK, "{route}");
    assert_eq!(route["kind"], "publication");
    assert_eq!(route["item"]["part"], "how-to-read");
    assert!(
        route["item"]["body_html"]
            .as_str()
            .expect("html")
            .contains("<h2 id=\"policies-and-maps\">")
    );
    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { route(path: "/publications/local-plan/how-to-read") { kind publication {
                currentPage { title previous { path } next { path } bodyHtml } contents { path current } } } } }"#,
        )
        .await;
    let current = &body["data"]["council"]["route"]["publication"]["currentPage"];
    assert_eq!(
        current["previous"]["path"], "/publications/local-plan/introduction",
        "{body}"
    );
    assert_eq!(current["next"]["path"], "/publications/local-plan/housing");
    let marked: Vec<bool> = body["data"]["council"]["route"]["publication"]["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .map(|c| c["current"].as_bool().expect("current"))
        .collect();
    assert_eq!(marked, [false, true, false]);

    // Anchors stay when another heading's text changes.
    let path = format!("/api/v1/councils/york/publications/{id}");
    let current = app.get(&admin, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut item: Value = current.json().await.expect("json");
    item["content"]["translations"]["en"]["pages"][0]["body"][0] =
        heading("Why we need a new plan");
    let response = app
        .put(
            &admin,
            &path,
            Some(&etag),
            &json!({"content": item["content"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.publish(&admin, "york", "publications", &id).await;
    let body = app
        .graphql_json(r#"{ council(slug: "york") { publication(slug: "local-plan") { contents { headings { anchor } } } } }"#)
        .await;
    let anchors: Vec<&str> = body["data"]["council"]["publication"]["contents"][0]["headings"]
        .as_array()
        .expect("headings")
        .iter()
        .map(|h| h["anchor"].as_str().expect("anchor"))
        .collect();
    assert_eq!(anchors, ["why-we-need-a-new-plan", "how-we-consulted"]);

    // Search, REST, and another council.
    let found = app
        .graphql_json(r#"{ council(slug: "york") { search(query: "affordable homes") { edges { node { kind path } } } } }"#)
        .await;
    assert_eq!(
        found["data"]["council"]["search"]["edges"][0]["node"]["kind"], "publication",
        "{found}"
    );
    let (_, one) = app.deliver("york", "/publications/local-plan").await;
    assert_eq!(
        one["content"]["pages"][0]["children"][0]["slug"],
        "how-to-read"
    );
    let (status, _) = app.deliver("leeds", "/publications/local-plan").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .deliver("york", "/route?path=/publications/local-plan/no-such-page")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
