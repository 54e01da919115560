//! Web content: publishing workflow, revisions, concurrency, soft delete, paths and redirects, Welsh, preview, scheduling, tenancy, and query cost.
use std::sync::atomic::Ordering;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_counting_statements};

fn page(title: &str, slug: &str) -> Value {
    json!({"translations": {"en": {"title": title, "slug": slug, "summary": format!("About {title}")}}})
}

fn etag_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .expect("etag")
        .to_str()
        .expect("etag text")
        .to_owned()
}

async fn read_item(
    app: &TestApp,
    token: &str,
    council: &str,
    collection: &str,
    id: &str,
) -> (Value, String) {
    let response = app
        .get(
            token,
            &format!("/api/v1/councils/{council}/{collection}/{id}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = etag_of(&response);
    (response.json().await.expect("json"), etag)
}

#[tokio::test]
async fn drafts_are_never_public_and_the_live_version_stays_until_the_new_one_is_published() {
    let app = spawn_app().await;
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
    let mut content = page("Bins", "bins");
    content["topics"] = json!([topic]);
    let (id, _) = app.create_item(&editor, "york", "pages", content).await;

    // A draft: not by id, path, list, route, or as a relation.
    let query = format!(
        r#"{{ council(slug: "york") {{ byId: page(id: "{id}") {{ title }} byPath: page(path: "/bins") {{ title }}
            pages {{ totalCount edges {{ node {{ title }} }} }} route(path: "/bins") {{ kind statusCode }} topics {{ name }} }} }}"#
    );
    let body = app.graphql_json(&query).await;
    let council = &body["data"]["council"];
    assert_eq!(council["byId"], Value::Null, "{body}");
    assert_eq!(council["byPath"], Value::Null);
    assert_eq!(council["pages"]["totalCount"], 0);
    assert_eq!(council["route"]["kind"], "NOT_FOUND");
    assert_eq!(council["route"]["statusCode"], 404);
    assert_eq!(council["topics"], json!([]));

    // Editors cannot publish; admins can. The page's topic is still a draft, so the relation stays empty.
    let refused = app.act(&editor, "york", "pages", &id, "publish").await;
    assert_eq!(
        error_code(refused, StatusCode::FORBIDDEN).await,
        "forbidden"
    );
    app.publish(&admin, "york", "pages", &id).await;
    let relation =
        r#"{ council(slug: "york") { page(path: "/bins") { title topics { name } } } }"#.to_owned();
    let body = app.graphql_json(&relation).await;
    assert_eq!(body["data"]["council"]["page"]["title"], "Bins", "{body}");
    assert_eq!(body["data"]["council"]["page"]["topics"], json!([]));
    app.publish(&admin, "york", "topics", &topic).await;
    let body = app.graphql_json(&relation).await;
    assert_eq!(
        body["data"]["council"]["page"]["topics"],
        json!([{"name": "Waste"}])
    );

    // A new draft of a live page: the public still sees the published version.
    let (_, etag) = read_item(&app, &editor, "york", "pages", &id).await;
    let mut changed = page("Bins and recycling", "bins");
    changed["topics"] = json!([topic]);
    let saved = app
        .put(
            &editor,
            &format!("/api/v1/councils/york/pages/{id}"),
            Some(&etag),
            &json!({"content": changed}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.expect("json");
    assert_eq!(saved["status"], "draft");
    assert_eq!(saved["live"], true);
    assert_eq!(saved["has_unpublished_changes"], true);
    let body = app.graphql_json(&relation).await;
    assert_eq!(body["data"]["council"]["page"]["title"], "Bins", "{body}");

    // Review, then publish: the new title is live.
    let submitted = app.act(&editor, "york", "pages", &id, "submit").await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let submitted: Value = submitted.json().await.expect("json");
    assert_eq!(submitted["status"], "in_review");
    app.publish(&admin, "york", "pages", &id).await;
    let body = app.graphql_json(&relation).await;
    assert_eq!(
        body["data"]["council"]["page"]["title"],
        "Bins and recycling"
    );

    // A move that is not allowed from the current state is a 409 naming the state.
    let refused = app.act(&editor, "york", "pages", &id, "withdraw").await;
    assert_eq!(error_code(refused, StatusCode::CONFLICT).await, "conflict");

    // History records who did what.
    let history: Value = app
        .get(
            &editor,
            &format!("/api/v1/councils/york/pages/{id}/history"),
        )
        .await
        .json()
        .await
        .expect("json");
    let actions: Vec<&str> = history
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        ["published", "submitted", "updated", "published", "created"]
    );
}

#[tokio::test]
async fn updates_need_if_match_and_a_stale_one_changes_nothing() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let (id, etag) = app
        .create_item(&editor, "york", "pages", page("Parking", "parking"))
        .await;
    let path = format!("/api/v1/councils/york/pages/{id}");

    let missing = app
        .put(
            &editor,
            &path,
            None,
            &json!({"content": page("A", "parking")}),
        )
        .await;
    assert_eq!(
        error_code(missing, StatusCode::PRECONDITION_REQUIRED).await,
        "precondition_required"
    );

    let first = app
        .put(
            &editor,
            &path,
            Some(&etag),
            &json!({"content": page("Parking permits", "parking")}),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(etag_of(&first), "\"2\"");

    // A second editor still holding the old ETag.
    let stale = app
        .put(
            &editor,
            &path,
            Some(&etag),
            &json!({"content": page("Overwritten", "parking")}),
        )
        .await;
    assert_eq!(
        error_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "precondition_failed"
    );
    let stale_publish = app
        .post_if_match(&editor, &format!("{path}/submit"), &etag)
        .await;
    assert_eq!(stale_publish.status(), StatusCode::PRECONDITION_FAILED);

    let (item, current) = read_item(&app, &editor, "york", "pages", &id).await;
    assert_eq!(current, "\"2\"");
    assert_eq!(
        item["content"]["translations"]["en"]["title"],
        "Parking permits"
    );
    assert_eq!(item["latest_revision"], 2);
    assert_eq!(item["status"], "draft");
}

#[tokio::test]
async fn revisions_can_be_listed_compared_and_restored_exactly() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let media = crate::references::upload(&app, &editor, "york").await;
    let mut first = page("Council tax", "council-tax");
    first["translations"]["en"]["body"] = json!([
        {"type": "heading", "level": 2, "text": "Bands"},
        {"type": "table", "header": ["Band", "Value"], "rows": [["A", "up to £40,000"]]},
        {"type": "image", "media_id": media, "decorative": true}
    ]);
    let (id, etag) = app
        .create_item(&editor, "york", "pages", first.clone())
        .await;
    let path = format!("/api/v1/councils/york/pages/{id}");
    let mut second = first.clone();
    second["translations"]["en"]["title"] = json!("Council Tax bands");
    let saved = app
        .put(
            &editor,
            &path,
            Some(&etag),
            &json!({"content": second, "note": "Title case"}),
        )
        .await;
    let etag = etag_of(&saved);
    let third = page("Council tax", "council-tax-bands");
    let saved = app
        .put(&editor, &path, Some(&etag), &json!({"content": third}))
        .await;
    let etag = etag_of(&saved);

    let list: Value = app
        .get(&editor, &format!("{path}/revisions"))
        .await
        .json()
        .await
        .expect("json");
    let numbers: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["number"].as_i64().expect("n"))
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(list["items"][1]["note"], "Title case");

    let diff: Value = app
        .get(&editor, &format!("{path}/diff?from=1&to=2"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        diff["changes"],
        json!([{"path": "/translations/en/title", "from": "Council tax", "to": "Council Tax bands"}])
    );

    let restored = app
        .post_if_match(&editor, &format!("{path}/revisions/1/restore"), &etag)
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    let restored: Value = restored.json().await.expect("json");
    assert_eq!(restored["latest_revision"], 4);
    let one: Value = app
        .get(&editor, &format!("{path}/revisions/1"))
        .await
        .json()
        .await
        .expect("json");
    let four: Value = app
        .get(&editor, &format!("{path}/revisions/4"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        four["content"], one["content"],
        "restoring makes an exact copy"
    );
    assert_eq!(four["note"], "Restored revision 1");
    let none: Value = app
        .get(&editor, &format!("{path}/diff?from=1&to=4"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(none["changes"], json!([]));
}

#[tokio::test]
async fn invalid_blocks_are_refused_with_the_path_of_the_bad_block() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let cases = [
        (
            json!([{"type": "paragraph", "content": [{"text": "ok"}]}, {"type": "heading", "level": 7, "text": "Too deep"}]),
            "translations.en.body[1].level",
        ),
        (
            json!([{"type": "video", "url": "https://example.com"}]),
            "translations.en.body[0].type",
        ),
        (
            json!([{"type": "image", "media_id": "01934b7e-1f00-7000-8000-000000000001"}]),
            "translations.en.body[0].alt",
        ),
        (
            json!([{"type": "paragraph", "content": [{"text": "x", "link": "javascript:alert(1)"}]}]),
            "translations.en.body[0].content[0].link",
        ),
    ];
    for (body, expected) in cases {
        let mut content = page("Blocks", "blocks");
        content["translations"]["en"]["body"] = body;
        let response = app
            .post(
                &editor,
                "/api/v1/councils/york/pages",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"]["code"], "validation_failed");
        assert_eq!(
            error["error"]["details"]["fields"][0]["field"], expected,
            "{error}"
        );
    }
    // Nothing was written.
    let list: Value = app
        .get(&editor, "/api/v1/councils/york/pages")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn a_bad_field_inside_a_block_is_refused_with_its_own_path_and_a_plain_reason() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let intro = json!({"type": "paragraph", "content": [{"text": "Intro"}]});
    let cases = [
        (
            json!([intro, {"type": "heading", "level": "two", "text": "Bins"}]),
            "translations.en.body[1].level",
            Some("heading level must be 2, 3 or 4"),
        ),
        (
            json!([{"type": "heading", "text": "Bins"}]),
            "translations.en.body[0].level",
            Some("level is required"),
        ),
        (
            json!([{"type": "heading", "level": 2, "text": "Bins", "colour": "red"}]),
            "translations.en.body[0].colour",
            Some("unknown field \"colour\"; allowed: level, text"),
        ),
        (
            json!([{"type": "list", "style": "dotted", "items": [[{"text": "Glass"}]]}]),
            "translations.en.body[0].style",
            Some("unknown value \"dotted\"; use ordered or unordered"),
        ),
        (
            json!([intro, {"type": "paragraph", "content": [{"text": "ok"}, {"text": 5}]}]),
            "translations.en.body[1].content[1].text",
            None,
        ),
        (
            json!([{"type": "accordion", "sections": [
                {"heading": "Photos", "body": [intro, {"type": "image", "media_id": "not-a-uuid", "alt": "A bin"}]},
            ]}]),
            "translations.en.body[0].sections[0].body[1].media_id",
            None,
        ),
        (
            json!([{"level": 2, "text": "Bins"}]),
            "translations.en.body[0].type",
            Some(
                "block type is missing; use heading, paragraph, list, image, callout, accordion, table, contact or embed",
            ),
        ),
        (
            json!({"type": "paragraph"}),
            "translations.en.body",
            Some("a body must be a list of blocks"),
        ),
    ];
    for (body, field, message) in cases {
        let mut content = page("Blocks", "blocks");
        content["translations"]["en"]["body"] = body;
        let response = app
            .post(
                &editor,
                "/api/v1/councils/york/pages",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"]["code"], "validation_failed");
        let refused = &error["error"]["details"]["fields"][0];
        assert_eq!(refused["field"], field, "{error}");
        if let Some(message) = message {
            assert_eq!(refused["message"], message, "{error}");
        }
    }
    // A field outside the body keeps serde's own path.
    let mut content = page("Blocks", "blocks");
    content["translations"]["en"]["title"] = json!(5);
    let response = app
        .post(
            &editor,
            "/api/v1/councils/york/pages",
            &json!({"content": content}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.expect("json");
    assert_eq!(
        error["error"]["details"]["fields"][0]["field"], "translations.en.title",
        "{error}"
    );
}

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
async fn deleting_is_soft_and_restoring_brings_the_item_back_as_it_was() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (york.token("admin"), york.token("editor"));
    let service = json!({"lgsl": [524], "translations": {"en": {"title": "Report a missed bin", "slug": "missed-bin"}}});
    let (id, _) = app.create_item(&editor, "york", "services", service).await;
    app.publish(&admin, "york", "services", &id).await;
    let query = r#"{ council(slug: "york") { service(slug: "missed-bin") { title } services { totalCount } route(path: "/services/missed-bin") { kind } } }"#;
    let body = app.graphql_json(query).await;
    assert_eq!(
        body["data"]["council"]["service"]["title"],
        "Report a missed bin"
    );

    let path = format!("/api/v1/councils/york/services/{id}");
    let (_, etag) = read_item(&app, &admin, "york", "services", &id).await;
    let refused = app.delete_if_match(&editor, &path, &etag).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let deleted = app.delete_if_match(&admin, &path, &etag).await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let body = app.graphql_json(query).await;
    assert_eq!(body["data"]["council"]["service"], Value::Null, "{body}");
    assert_eq!(body["data"]["council"]["services"]["totalCount"], 0);
    assert_eq!(body["data"]["council"]["route"]["kind"], "GONE");
    assert_eq!(app.get(&admin, &path).await.status(), StatusCode::NOT_FOUND);
    let bin: Value = app
        .get(&admin, "/api/v1/councils/york/services?deleted=true")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(bin["items"][0]["id"], json!(id));
    // Its slug is free meanwhile.
    let (other, _) = app
        .create_item(
            &editor,
            "york",
            "services",
            json!({"translations": {"en": {"title": "Other", "slug": "missed-bin"}}}),
        )
        .await;
    let blocked = app
        .post(&admin, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(error_code(blocked, StatusCode::CONFLICT).await, "conflict");
    let (_, other_etag) = read_item(&app, &admin, "york", "services", &other).await;
    app.delete_if_match(
        &admin,
        &format!("/api/v1/councils/york/services/{other}"),
        &other_etag,
    )
    .await;

    let restored = app
        .post(&admin, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    let body = app.graphql_json(query).await;
    assert_eq!(
        body["data"]["council"]["service"]["title"], "Report a missed bin",
        "{body}"
    );
    assert_eq!(body["data"]["council"]["route"]["kind"], "SERVICE");
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
async fn a_scheduled_publication_runs_once_with_two_servers_on_one_database() {
    let app = spawn_app().await;
    let second = app.another_instance().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let (admin, editor) = (york.token("admin"), york.token("editor"));
    let (id, etag) = app
        .create_item(
            &editor,
            "york",
            "news",
            json!({"translations": {"en": {"title": "Road closures", "slug": "road-closures"}}}),
        )
        .await;
    let path = format!("/api/v1/councils/york/news/{id}");
    // In five minutes, for five minutes: the test moves the servers' clock instead of waiting.
    let at = chrono::Utc::now() + chrono::Duration::minutes(5);
    let until = at + chrono::Duration::minutes(5);
    let refused = app
        .put(
            &editor,
            &format!("{path}/schedule"),
            Some(&etag),
            &json!({"publish_at": at, "unpublish_at": until}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let scheduled = app
        .put(
            &admin,
            &format!("{path}/schedule"),
            Some(&etag),
            &json!({"publish_at": at, "unpublish_at": until}),
        )
        .await;
    assert_eq!(scheduled.status(), StatusCode::OK);
    let scheduled: Value = scheduled.json().await.expect("json");
    assert_eq!(scheduled["live"], false);
    assert!(scheduled["publish_at"].is_string());

    let query = r#"{ council(slug: "york") { newsArticle(slug: "road-closures") { title } } }"#;
    // Both servers answer from the same database; the article appears on either.
    let second_sees = || {
        let client = app.client.clone();
        let url = format!("{second}/graphql");
        async move {
            let body: Value = client
                .post(url)
                .json(&json!({"query": query}))
                .send()
                .await
                .expect("request")
                .json()
                .await
                .expect("json");
            body["data"]["council"]["newsArticle"]["title"] == "Road closures"
        }
    };
    assert!(!second_sees().await, "not before its time");
    app.settings.clock.advance(chrono::Duration::minutes(6));
    crate::helpers::eventually("published on time", || async {
        second_sees().await.then_some(())
    })
    .await;

    // And unpublished at its end.
    app.settings.clock.advance(chrono::Duration::minutes(5));
    crate::helpers::eventually("unpublished on time", || async {
        app.graphql_json(query).await["data"]["council"]["newsArticle"]
            .is_null()
            .then_some(())
    })
    .await;
    let history: Value = app
        .get(&admin, &format!("{path}/history"))
        .await
        .json()
        .await
        .expect("json");
    let count = |action: &str| {
        history
            .as_array()
            .expect("list")
            .iter()
            .filter(|e| e["action"] == action)
            .count()
    };
    assert_eq!(count("published"), 1, "{history}");
    assert_eq!(count("unpublished"), 1, "{history}");

    // The audit log has both, done by Townhall itself, once each (two servers ran the scheduler).
    let by_the_system = |entries: &Value, action: &str| {
        entries["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| {
                e["action"] == action
                    && e["target_id"] == id.as_str()
                    && e["actor_kind"] == "system"
            })
            .count()
    };
    crate::helpers::eventually("scheduled publishing in the audit log", || async {
        let entries: Value = app
            .get(&admin, "/api/v1/councils/york/audit?action=content.")
            .await
            .json()
            .await
            .expect("json");
        (by_the_system(&entries, "content.published") == 1
            && by_the_system(&entries, "content.unpublished") == 1)
            .then_some(())
    })
    .await;
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

#[tokio::test]
async fn items_have_an_owner_who_is_a_member_and_a_review_date_that_lists_them_when_due() {
    let app = crate::helpers::spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let editor = app
        .member(&platform, "york", "editor@york.test", "editor")
        .await
        .access;
    let outsider = app
        .member(&platform, "leeds", "editor@leeds.test", "editor")
        .await
        .access;
    let me = |token: String| {
        let app = &app;
        async move {
            let body: serde_json::Value = app
                .get(&token, "/api/v1/auth/me")
                .await
                .json()
                .await
                .expect("json");
            body["id"].as_str().expect("id").to_owned()
        }
    };
    let (editor_id, outsider_id) = (me(editor.clone()).await, me(outsider).await);
    let mut ids = Vec::new();
    for (slug, review_on) in [("due", "2020-01-31"), ("later", "2099-01-31")] {
        let (id, etag) = app
            .create_item(
                &editor,
                "york",
                "services",
                serde_json::json!({"translations": {"en": {"title": slug, "slug": slug}}}),
            )
            .await;
        let path = format!("/api/v1/councils/york/services/{id}/review");
        let foreign = app
            .client
            .put(app.url(&path))
            .bearer_auth(&editor)
            .header("if-match", &etag)
            .json(&serde_json::json!({"owner_id": outsider_id, "review_on": review_on}))
            .send()
            .await
            .expect("put");
        assert_eq!(
            crate::helpers::error_code(foreign, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await,
            "validation_failed",
            "an owner from another council"
        );
        let set = app
            .client
            .put(app.url(&path))
            .bearer_auth(&editor)
            .header("if-match", &etag)
            .json(&serde_json::json!({"owner_id": editor_id, "review_on": review_on}))
            .send()
            .await
            .expect("put");
        assert_eq!(set.status(), reqwest::StatusCode::OK);
        let body: serde_json::Value = set.json().await.expect("json");
        assert_eq!(body["owner_id"], editor_id.as_str());
        assert_eq!(body["review_on"], review_on);
        let stale = app
            .client
            .put(app.url(&path))
            .bearer_auth(&editor)
            .header("if-match", &etag)
            .json(&serde_json::json!({"review_on": null}))
            .send()
            .await
            .expect("put");
        assert_eq!(stale.status(), reqwest::StatusCode::PRECONDITION_FAILED);
        ids.push(id);
    }
    let due: serde_json::Value = app
        .get(&editor, "/api/v1/councils/york/services?review_due=true")
        .await
        .json()
        .await
        .expect("json");
    let titles: Vec<&str> = due["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["due"]);

    // "My drafts": the items the caller changed last.
    let (theirs, _) = app
        .create_item(
            &platform,
            "york",
            "services",
            serde_json::json!({"translations": {"en": {"title": "theirs", "slug": "theirs"}}}),
        )
        .await;
    let mine: serde_json::Value = app
        .get(&editor, "/api/v1/councils/york/services?mine=true")
        .await
        .json()
        .await
        .expect("json");
    let mine: Vec<&str> = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(mine.len(), 2, "the editor's two");
    assert!(!mine.contains(&theirs.as_str()));
}
