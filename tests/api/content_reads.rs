//! Reading web content: unique paths, redirects left by a moved page and gone for an unpublished one; Welsh falling
//! back to English (and saying so) with the report of missing translations; preview only for those allowed; one
//! council never seeing or using another's content; a list's cost in statements not growing with its length.
use std::sync::atomic::Ordering;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::content::{page, read_item};
use crate::helpers::{error_code, spawn_app, spawn_app_counting_statements};

#[tokio::test]
async fn paths_are_unique_and_a_moved_page_leaves_redirects_and_an_unpublished_one_is_gone() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (york.token("admin"), york.token("editor"));
    let (parent, _) = app
        .create_item(&editor, "york", "pages", page("Bins", "bins"))
        .await;
    let clash = app
        .post(
            &editor,
            "/api/v1/councils/york/pages",
            &json!({"content": page("Bins again", "bins")}),
        )
        .await;
    assert_eq!(error_code(clash, StatusCode::CONFLICT).await, "conflict");
    let reserved = app
        .post(
            &editor,
            "/api/v1/councils/york/pages",
            &json!({"content": page("Services", "services")}),
        )
        .await;
    assert_eq!(reserved.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let mut child = page("Missed bin", "missed-bin");
    child["parent_id"] = json!(parent);
    let (child, _) = app.create_item(&editor, "york", "pages", child).await;
    // A child cannot go live under a parent that is not.
    let early = app.act(&admin, "york", "pages", &child, "publish").await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    app.publish(&admin, "york", "pages", &parent).await;
    app.publish(&admin, "york", "pages", &child).await;
    let route = |path: &str| {
        format!(
            r#"{{ council(slug: "york") {{ route(path: "{path}") {{ kind statusCode redirectTo page {{ title path }} }} }} }}"#
        )
    };
    let body = app.graphql_json(&route("/bins/missed-bin/")).await;
    assert_eq!(
        body["data"]["council"]["route"]["page"]["title"], "Missed bin",
        "{body}"
    );

    // Rename the parent's slug and publish: both old paths redirect to the new ones.
    let (_, etag) = read_item(&app, &editor, "york", "pages", &parent).await;
    let renamed = app
        .put(
            &editor,
            &format!("/api/v1/councils/york/pages/{parent}"),
            Some(&etag),
            &json!({"content": page("Bins", "bins-and-recycling")}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    // Until it is published the old path is still live.
    let body = app.graphql_json(&route("/bins")).await;
    assert_eq!(body["data"]["council"]["route"]["kind"], "PAGE");
    app.publish(&admin, "york", "pages", &parent).await;
    let body = app.graphql_json(&route("/bins")).await;
    assert_eq!(
        body["data"]["council"]["route"]["kind"], "REDIRECT",
        "{body}"
    );
    assert_eq!(body["data"]["council"]["route"]["statusCode"], 301);
    assert_eq!(
        body["data"]["council"]["route"]["redirectTo"],
        "/bins-and-recycling"
    );
    let body = app.graphql_json(&route("/bins/missed-bin")).await;
    assert_eq!(
        body["data"]["council"]["route"]["redirectTo"], "/bins-and-recycling/missed-bin",
        "{body}"
    );
    let body = app
        .graphql_json(&route("/bins-and-recycling/missed-bin"))
        .await;
    assert_eq!(
        body["data"]["council"]["route"]["page"]["path"],
        "/bins-and-recycling/missed-bin"
    );

    // A parent cannot be taken down while a child page is live under it.
    let refused = app.act(&admin, "york", "pages", &parent, "unpublish").await;
    assert_eq!(error_code(refused, StatusCode::CONFLICT).await, "conflict");

    // Unpublished: its path is gone (410), and so is the path it had before.
    let unpublished = app.act(&admin, "york", "pages", &child, "unpublish").await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    for path in ["/bins-and-recycling/missed-bin", "/bins/missed-bin"] {
        let body = app.graphql_json(&route(path)).await;
        assert_eq!(
            body["data"]["council"]["route"]["kind"], "GONE",
            "{path}: {body}"
        );
        assert_eq!(body["data"]["council"]["route"]["statusCode"], 410);
    }
    let body = app.graphql_json(&route("/never-existed")).await;
    assert_eq!(body["data"]["council"]["route"]["kind"], "NOT_FOUND");
}

#[tokio::test]
async fn welsh_falls_back_to_english_and_says_so_and_the_report_lists_missing_translations() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (cardiff.token("admin"), cardiff.token("editor"));
    let both = json!({"translations": {
        "en": {"title": "Bins", "slug": "bins"},
        "cy": {"title": "Biniau", "slug": "biniau"}
    }});
    let (both, _) = app.create_item(&editor, "cardiff", "pages", both).await;
    let (english, _) = app
        .create_item(&editor, "cardiff", "pages", page("Parking", "parking"))
        .await;
    app.publish(&admin, "cardiff", "pages", &both).await;
    app.publish(&admin, "cardiff", "pages", &english).await;

    let body = app
        .graphql_json(r#"{ council(slug: "cardiff") { pages(locale: "cy") { edges { node { title locale isFallback path } } } } }"#)
        .await;
    assert_eq!(
        body["data"]["council"]["pages"]["edges"],
        json!([
            {"node": {"title": "Biniau", "locale": "cy", "isFallback": false, "path": "/biniau"}},
            {"node": {"title": "Parking", "locale": "en", "isFallback": true, "path": "/parking"}}
        ]),
        "{body}"
    );
    let body = app
        .graphql_json(r#"{ council(slug: "cardiff") { cy: page(path: "/biniau", locale: "cy") { title } en: route(path: "/bins", locale: "cy") { kind redirectTo } } }"#)
        .await;
    assert_eq!(body["data"]["council"]["cy"]["title"], "Biniau");
    assert_eq!(body["data"]["council"]["en"]["redirectTo"], "/biniau");

    let report: Value = app
        .get(
            &editor,
            "/api/v1/councils/cardiff/reports/missing-translations?locale=cy",
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        report,
        json!([{"id": english, "kind": "page", "title": "Parking", "path": "/parking"}])
    );

    // An English-only council cannot take Welsh text.
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let york_editor = york.token("editor");
    let refused = app
        .post(&york_editor, "/api/v1/councils/york/pages", &json!({"content": {"translations": {"en": {"title": "A", "slug": "a"}, "cy": {"title": "B", "slug": "b"}}}}))
        .await;
    let error: Value = refused.json().await.expect("json");
    assert_eq!(
        error["error"]["details"]["fields"][0]["field"],
        "translations.cy"
    );
}

#[tokio::test]
async fn preview_shows_drafts_only_to_those_allowed() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (york.token("admin"), york.token("editor"));
    let (id, _) = app
        .create_item(&editor, "york", "pages", page("Draft news", "draft-news"))
        .await;
    let token = |scopes: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let created: Value = app
                .post(
                    &admin,
                    "/api/v1/councils/york/api-tokens",
                    &json!({"name": "front-end", "scopes": scopes}),
                )
                .await
                .json()
                .await
                .expect("json");
            created["token"].as_str().expect("token").to_owned()
        }
    };
    let preview = token(json!(["preview"])).await;
    let read = token(json!(["read"])).await;
    let query = format!(
        r#"{{ council(slug: "york", preview: true) {{ page(id: "{id}") {{ title path publishedAt }} route(path: "/draft-news") {{ kind }} }} }}"#
    );

    let anonymous = app.graphql_json(&query).await;
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"], "unauthorized",
        "{anonymous}"
    );
    let reader = app.graphql_as(&read, &query).await;
    assert_eq!(
        reader["errors"][0]["extensions"]["code"], "forbidden",
        "{reader}"
    );
    for allowed in [&preview, &editor] {
        let body = app.graphql_as(allowed, &query).await;
        assert_eq!(
            body["data"]["council"]["page"]["title"], "Draft news",
            "{body}"
        );
        assert_eq!(body["data"]["council"]["page"]["path"], "/draft-news");
        assert_eq!(body["data"]["council"]["page"]["publishedAt"], Value::Null);
        assert_eq!(body["data"]["council"]["route"]["kind"], "PAGE");
    }
    // Without preview, the same token sees only what is published.
    let live = app
        .graphql_as(
            &preview,
            &format!(r#"{{ council(slug: "york") {{ page(id: "{id}") {{ title }} }} }}"#),
        )
        .await;
    assert_eq!(live["data"]["council"]["page"], Value::Null);
    // Another council's preview token previews nothing here.
    let leeds = app
        .council("leeds")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let other_admin = leeds.token("admin");
    let leeds: Value = app
        .post(
            &other_admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "x", "scopes": ["preview"]}),
        )
        .await
        .json()
        .await
        .expect("json");
    let body = app
        .graphql_as(leeds["token"].as_str().expect("token"), &query)
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "forbidden",
        "{body}"
    );
}

#[tokio::test]
async fn fifty_pages_with_parents_and_topics_take_as_many_statements_as_five() {
    let (app, statements) = spawn_app_counting_statements().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (york.token("admin"), york.token("editor"));
    let (topic, _) = app
        .create_item(
            &editor,
            "york",
            "topics",
            json!({"translations": {"en": {"name": "Waste", "slug": "waste"}}}),
        )
        .await;
    app.publish(&admin, "york", "topics", &topic).await;
    let (parent, _) = app
        .create_item(&editor, "york", "pages", page("Guides", "guides"))
        .await;
    app.publish(&admin, "york", "pages", &parent).await;
    for i in 0..50 {
        let mut content = page(&format!("Guide {i}"), &format!("guide-{i}"));
        content["parent_id"] = json!(parent);
        content["topics"] = json!([topic]);
        let (id, _) = app.create_item(&editor, "york", "pages", content).await;
        app.publish(&admin, "york", "pages", &id).await;
    }
    let count = async |first: usize| {
        let query = format!(
            r#"{{ council(slug: "york") {{ pages(parent: "{parent}", first: {first}) {{ totalCount edges {{ node {{ title path parent {{ title }} topics {{ name }} }} }} }} }} }}"#
        );
        let before = statements.load(Ordering::SeqCst);
        let body = app.graphql_json(&query).await;
        let after = statements.load(Ordering::SeqCst);
        let edges = body["data"]["council"]["pages"]["edges"]
            .as_array()
            .expect("edges")
            .clone();
        assert_eq!(edges.len(), first, "{body}");
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["parent"]["title"] == "Guides"
                    && e["node"]["topics"][0]["name"] == "Waste")
        );
        after - before
    };
    let five = count(5).await;
    let fifty = count(50).await;
    assert_eq!(
        five, fifty,
        "statements for 5 pages: {five}, for 50: {fifty}"
    );
    assert!(five <= 10, "{five} statements");
}

#[tokio::test]
async fn one_council_cannot_see_or_use_another_councils_content() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (york_admin, york_editor) = (york.token("admin"), york.token("editor"));
    let leeds = app
        .council("leeds")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let leeds_admin = leeds.token("admin");
    let (topic, _) = app
        .create_item(
            &york_editor,
            "york",
            "topics",
            json!({"translations": {"en": {"name": "Waste", "slug": "waste"}}}),
        )
        .await;
    app.publish(&york_admin, "york", "topics", &topic).await;
    let (id, _) = app
        .create_item(&york_editor, "york", "pages", page("Bins", "bins"))
        .await;
    app.publish(&york_admin, "york", "pages", &id).await;

    // Leeds's admin: York's item answers 404 under York and under Leeds alike.
    for path in [
        format!("/api/v1/councils/york/pages/{id}"),
        format!("/api/v1/councils/leeds/pages/{id}"),
    ] {
        assert_eq!(
            error_code(app.get(&leeds_admin, &path).await, StatusCode::NOT_FOUND).await,
            "not_found"
        );
    }
    let publish = app
        .post_if_match(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/pages/{id}/publish"),
            "\"2\"",
        )
        .await;
    assert_eq!(publish.status(), StatusCode::NOT_FOUND);
    // York's topic cannot be used in Leeds.
    let mut content = page("Leeds bins", "bins");
    content["topics"] = json!([topic]);
    let refused = app
        .post(
            &leeds_admin,
            "/api/v1/councils/leeds/pages",
            &json!({"content": content}),
        )
        .await;
    let error: Value = refused.json().await.expect("json");
    assert_eq!(
        error["error"]["details"]["fields"][0]["field"], "topics",
        "{error}"
    );
    // Nor does York's page show under Leeds in GraphQL.
    let body = app
        .graphql_json(&format!(r#"{{ council(slug: "leeds") {{ page(id: "{id}") {{ title }} byPath: page(path: "/bins") {{ title }} pages {{ totalCount }} }} }}"#))
        .await;
    assert_eq!(body["data"]["council"]["page"], Value::Null, "{body}");
    assert_eq!(body["data"]["council"]["byPath"], Value::Null);
    assert_eq!(body["data"]["council"]["pages"]["totalCount"], 0);
}
