//! Web content's workflow: drafts never public while the live version stays, If-Match on updates, revisions listed,
//! compared and restored, soft delete and restore, a scheduled publication run once with two servers, owners and
//! review dates. Blocks are checked in `content_blocks.rs`; paths, Welsh, preview, tenancy and query cost are in
//! `content_reads.rs`.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

/// A page's content: title, slug and a summary.
pub(crate) fn page(title: &str, slug: &str) -> Value {
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

/// An item and its ETag, read as `token`.
pub(crate) async fn read_item(
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
