//! Guides: an overview and pages published together, one path per page, contents and previous/next that agree;
//! validation, drafts, Welsh, search and isolation.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "content": [{"text": text}]})
}

fn blue_badge() -> Value {
    json!({"translations": {
        "en": {"title": "Apply for a blue badge", "slug": "blue-badge", "summary": "Parking for disabled people.",
            "body": [paragraph("A blue badge lets you park closer to where you need to go.")],
            "pages": [
                {"title": "Who can apply", "slug": "who-can-apply", "body": [{"type": "heading", "level": 2, "text": "Automatic eligibility"}, paragraph("You get a badge automatically if you receive the higher rate mobility component.")]},
                {"title": "How to apply", "slug": "how-to-apply", "body": [paragraph("Apply online with a recent photograph.")]},
                {"title": "After you apply", "slug": "after-you-apply", "body": [paragraph("We decide within 12 weeks.")]}
            ]},
        "cy": {"title": "Gwneud cais am fathodyn glas", "slug": "bathodyn-glas",
            "pages": [{"title": "Pwy all wneud cais", "slug": "pwy-all-wneud-cais", "body": []}]}
    }})
}

#[tokio::test]
async fn a_guide_is_one_item_with_a_path_per_page_and_contents_that_agree() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "cardiff", "wales").await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "cardiff", "admin@cardiff.test", "admin")
        .await
        .access;
    let york = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;

    // A bad body is a 422 naming the field.
    let mut twice = blue_badge();
    twice["translations"]["en"]["pages"][2]["slug"] = json!("how-to-apply");
    let mut empty = blue_badge();
    empty["translations"]["en"]["pages"] = json!([]);
    for (content, field) in [
        (twice, "translations.en.pages[2].slug"),
        (empty, "translations.en.pages"),
    ] {
        let response = app
            .post(
                &admin,
                "/api/v1/councils/cardiff/guides",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{body}"
        );
    }

    let (id, _) = app
        .create_item(&admin, "cardiff", "guides", blue_badge())
        .await;
    // A draft is not delivered.
    let (status, _) = app.deliver("cardiff", "/guides/blue-badge").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.publish(&admin, "cardiff", "guides", &id).await;

    // Each page has its own path: the route names the page, and its body is the page's.
    let (status, page) = app
        .deliver("cardiff", "/route?path=/guides/blue-badge/who-can-apply")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["kind"], "guide");
    assert_eq!(page["item"]["part"], "who-can-apply");
    let html = page["item"]["body_html"].as_str().expect("html");
    assert!(html.contains("<h2 id=\"automatic-eligibility\">"), "{html}");
    assert!(
        !html.contains("park closer"),
        "the page's body, not the overview: {html}"
    );
    let (_, overview) = app
        .deliver("cardiff", "/route?path=/guides/blue-badge")
        .await;
    assert!(overview["item"].get("part").is_none());
    assert!(
        overview["item"]["body_html"]
            .as_str()
            .expect("html")
            .contains("park closer")
    );
    let (status, _) = app
        .deliver("cardiff", "/route?path=/guides/blue-badge/no-such-page")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, one) = app.deliver("cardiff", "/guides/blue-badge").await;
    assert_eq!(one["content"]["pages"].as_array().expect("pages").len(), 3);

    // GraphQL: the section the path named, with previous and next, and the contents list marking it.
    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") { route(path: "/guides/blue-badge/how-to-apply") { kind guide {
                title currentSection { number title path previous { title path } next { title path } bodyHtml }
                contents { number title path current } } } } }"#,
        )
        .await;
    let guide = &body["data"]["council"]["route"]["guide"];
    assert_eq!(body["data"]["council"]["route"]["kind"], "GUIDE", "{body}");
    let current = &guide["currentSection"];
    assert_eq!(current["number"], 2);
    assert_eq!(
        current["previous"],
        json!({"title": "Who can apply", "path": "/guides/blue-badge/who-can-apply"})
    );
    assert_eq!(
        current["next"],
        json!({"title": "After you apply", "path": "/guides/blue-badge/after-you-apply"})
    );
    let contents: Vec<(i64, &str, bool)> = guide["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .map(|c| {
            (
                c["number"].as_i64().expect("n"),
                c["path"].as_str().expect("path"),
                c["current"].as_bool().expect("current"),
            )
        })
        .collect();
    assert_eq!(
        contents,
        [
            (0, "/guides/blue-badge", false),
            (1, "/guides/blue-badge/who-can-apply", false),
            (2, "/guides/blue-badge/how-to-apply", true),
            (3, "/guides/blue-badge/after-you-apply", false),
        ]
    );
    let first_and_last = app
        .graphql_json(r#"{ council(slug: "cardiff") { guide(slug: "blue-badge") { sections { number previous { path } next { path } } } } }"#)
        .await;
    let sections = first_and_last["data"]["council"]["guide"]["sections"]
        .as_array()
        .expect("sections");
    assert_eq!(sections[0]["previous"], Value::Null);
    assert_eq!(sections[3]["next"], Value::Null);

    // Welsh: its own pages and paths.
    let (_, welsh) = app
        .deliver(
            "cardiff",
            "/route?path=/guides/bathodyn-glas/pwy-all-wneud-cais&locale=cy",
        )
        .await;
    assert_eq!(
        welsh["item"]["title"], "Gwneud cais am fathodyn glas",
        "{welsh}"
    );
    assert_eq!(welsh["item"]["part"], "pwy-all-wneud-cais");

    // Search finds a guide by the words of its pages.
    let found = app
        .graphql_json(r#"{ council(slug: "cardiff") { search(query: "mobility component") { edges { node { kind path } } } } }"#)
        .await;
    assert_eq!(
        found["data"]["council"]["search"]["edges"][0]["node"],
        json!({"kind": "guide", "path": "/guides/blue-badge"}),
        "{found}"
    );

    // Another council sees none of it.
    let (status, _) = app.deliver("york", "/guides/blue-badge").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.deliver("york", "/guides").await;
    assert_eq!(list["total_count"], 0);
    let _ = york;

    // A page removed in a new version is gone with it: one item, so contents and paths change together.
    let path = format!("/api/v1/councils/cardiff/guides/{id}");
    let current = app.get(&admin, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut item: Value = current.json().await.expect("json");
    item["content"]["translations"]["en"]["pages"]
        .as_array_mut()
        .expect("pages")
        .remove(2);
    let response = app
        .put(
            &admin,
            &path,
            Some(&etag),
            &json!({"content": item["content"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    // Until it is published, the public guide is the one they had.
    let (status, _) = app
        .deliver("cardiff", "/route?path=/guides/blue-badge/after-you-apply")
        .await;
    assert_eq!(status, StatusCode::OK);
    app.publish(&admin, "cardiff", "guides", &id).await;
    let (status, _) = app
        .deliver("cardiff", "/route?path=/guides/blue-badge/after-you-apply")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") { guide(slug: "blue-badge") { contents { path } } } }"#,
        )
        .await;
    assert_eq!(
        body["data"]["council"]["guide"]["contents"]
            .as_array()
            .expect("contents")
            .len(),
        3
    );
}
