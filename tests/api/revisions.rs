//! The revision history of democratic records: every write through the management API is a revision with who,
//! when and the record as written; a refused write leaves none; another council sees none.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, upload_paper};

async fn revisions(app: &TestApp, token: &str, council: &str, id: &str, query: &str) -> Value {
    let response = app
        .get(
            token,
            &format!("/api/v1/councils/{council}/revisions/{id}{query}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn actions(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["action"].as_str().expect("action").to_owned())
        .collect()
}

#[tokio::test]
async fn every_write_of_a_democratic_record_is_a_revision_with_who_when_and_what() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let clerk = app
        .member(&platform, "york", "clerk@york.test", "democratic_services")
        .await
        .access;
    let me: Value = app
        .get(&clerk, "/api/v1/auth/me")
        .await
        .json()
        .await
        .expect("json");

    // A councillor: created, edited, a stale edit refused, deleted, restored.
    let created = app
        .post(
            &clerk,
            "/api/v1/councils/york/councillors",
            &json!({"display_name": "Jane Smith", "email": "jane.smith@york.gov.uk"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let etag = created.headers()["etag"].to_str().expect("etag").to_owned();
    let jane: Value = created.json().await.expect("json");
    let id = jane["id"].as_str().expect("id");
    let path = format!("/api/v1/councils/york/councillors/{id}");
    let edited = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&clerk)
        .header("if-match", &etag)
        .json(&json!({"display_name": "Cllr Jane Smith", "email": "jane.smith@york.gov.uk"}))
        .send()
        .await
        .expect("request");
    assert_eq!(edited.status(), StatusCode::OK);
    let stale = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&clerk)
        .header("if-match", &etag)
        .json(&json!({"display_name": "Lost edit"}))
        .send()
        .await
        .expect("request");
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.delete(&clerk, &path).await.status(), StatusCode::OK);
    assert_eq!(
        app.post(&clerk, &format!("{path}/restore"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );

    let history = revisions(&app, &clerk, "york", id, "").await;
    assert_eq!(
        actions(&history),
        ["restored", "deleted", "updated", "created"],
        "newest first, and nothing for the refused edit: {history}"
    );
    let items = history["items"].as_array().expect("items");
    let created_rev = &items[3];
    assert_eq!(created_rev["record_kind"], "councillor");
    assert_eq!(created_rev["record_id"], id);
    assert_eq!(created_rev["version"], 1);
    assert_eq!(created_rev["actor_id"], me["id"], "{created_rev}");
    assert_eq!(created_rev["snapshot"]["display_name"], "Jane Smith");
    assert_eq!(items[2]["snapshot"]["display_name"], "Cllr Jane Smith");
    assert_eq!(items[2]["version"], 2);
    assert!(
        items[1]["snapshot"]["deleted_at"].is_string(),
        "{}",
        items[1]
    );
    assert!(
        !serde_json::to_string(&history)
            .expect("json")
            .contains("Lost edit")
    );
    // Bounded pages, newest first.
    let first = revisions(&app, &clerk, "york", id, "?limit=3").await;
    assert_eq!(actions(&first), ["restored", "deleted", "updated"]);
    let cursor = first["next_cursor"].as_str().expect("more");
    let rest = revisions(
        &app,
        &clerk,
        "york",
        id,
        &format!("?limit=3&after={cursor}"),
    )
    .await;
    assert_eq!(actions(&rest), ["created"]);
    assert!(rest["next_cursor"].is_null());

    // A meeting, its agenda and its papers.
    let committee: Value = app
        .post(
            &clerk,
            "/api/v1/councils/york/committees",
            &json!({"name": "Executive", "kind": "executive"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let meeting: Value = app
        .post(
            &clerk,
            "/api/v1/councils/york/meetings",
            &json!({"committee_id": committee["id"], "start": "2027-09-14T17:30"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let m = meeting["id"].as_str().expect("id");
    let item: Value = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda-items"),
            &json!({"order_label": "1", "title": "Minutes of the last meeting", "position": 1}),
        )
        .await
        .json()
        .await
        .expect("json");
    let item_id = item["id"].as_str().expect("id");
    assert_eq!(
        app.delete(
            &clerk,
            &format!("/api/v1/councils/york/agenda-items/{item_id}")
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.post(
            &clerk,
            &format!("/api/v1/councils/york/agenda-items/{item_id}/restore"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let item_history = revisions(&app, &clerk, "york", item_id, "").await;
    assert_eq!(actions(&item_history), ["restored", "deleted", "created"]);
    assert_eq!(
        item_history["items"][0]["snapshot"]["title"],
        "Minutes of the last meeting"
    );
    let paper: Value = upload_paper(
        &app,
        &clerk,
        m,
        "kind=agenda_pack&title=Agenda&file_name=agenda.txt",
        "text/plain",
        b"Agenda of the Executive",
    )
    .await
    .json()
    .await
    .expect("json");
    let published = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({"late_reason": "Urgent business"}),
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);
    let meeting_history = revisions(&app, &clerk, "york", m, "").await;
    assert_eq!(actions(&meeting_history), ["agenda_published", "created"]);
    assert!(meeting_history["items"][0]["snapshot"]["agenda_published_at"].is_string());
    let paper_history =
        revisions(&app, &clerk, "york", paper["id"].as_str().expect("id"), "").await;
    assert_eq!(actions(&paper_history), ["created"]);
    assert_eq!(paper_history["items"][0]["record_kind"], "document");
    let committee_history = revisions(
        &app,
        &clerk,
        "york",
        committee["id"].as_str().expect("id"),
        "",
    )
    .await;
    assert_eq!(actions(&committee_history), ["created"]);
    // Lists replaced as a whole are revisions too, kept under the committee, councillor or meeting.
    let committee_id = committee["id"].as_str().expect("id");
    let members = app
        .put(
            &clerk,
            &format!("/api/v1/councils/york/committees/{committee_id}/members"),
            None,
            &json!([{"councillor_id": id, "role": "chair"}]),
        )
        .await;
    assert_eq!(members.status(), StatusCode::OK);
    let attendance = app
        .put(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/attendance"),
            None,
            &json!([{"councillor_id": id, "status": "present"}]),
        )
        .await;
    assert_eq!(attendance.status(), StatusCode::OK);
    let committee_history = revisions(&app, &clerk, "york", committee_id, "").await;
    assert_eq!(actions(&committee_history), ["updated", "created"]);
    assert_eq!(
        committee_history["items"][0]["record_kind"],
        "committee_members"
    );
    assert_eq!(committee_history["items"][0]["version"], 1);
    assert_eq!(
        committee_history["items"][0]["snapshot"][0]["role"],
        "chair"
    );
    let meeting_history = revisions(&app, &clerk, "york", m, "").await;
    assert_eq!(meeting_history["items"][0]["record_kind"], "attendance");
    assert_eq!(
        meeting_history["items"][0]["snapshot"][0]["status"],
        "present"
    );

    // Another council's people see nothing of it; the public even less.
    let leeds = app
        .member(
            &platform,
            "leeds",
            "clerk@leeds.test",
            "democratic_services",
        )
        .await
        .access;
    let elsewhere = app
        .get(&leeds, &format!("/api/v1/councils/leeds/revisions/{id}"))
        .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
    let foreign = app
        .get(&leeds, &format!("/api/v1/councils/york/revisions/{id}"))
        .await;
    assert_eq!(
        foreign.status(),
        StatusCode::NOT_FOUND,
        "another council's records are not there for non-members"
    );
    let anonymous = app
        .client
        .get(app.url(&format!("/api/v1/councils/york/revisions/{id}")))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

/// `If-Match: *` matches any current version (RFC 9110, 13.1.1): the write goes through on content, democratic
/// records and council settings alike; a stale tag is still 412 and a missing one 428, and `*` on a record
/// that does not exist is 404, never a new record.
#[tokio::test]
async fn if_match_star_matches_the_current_version_of_an_existing_record() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let (page, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            serde_json::json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    let page_path = format!("/api/v1/councils/york/pages/{page}");
    let edited = serde_json::json!({"content": {"translations": {"en": {"title": "Bins and recycling", "slug": "bins"}}}});
    let stale = app.put(&admin, &page_path, Some("\"99\""), &edited).await;
    assert_eq!(stale.status(), reqwest::StatusCode::PRECONDITION_FAILED);
    let missing = app.put(&admin, &page_path, None, &edited).await;
    assert_eq!(missing.status(), reqwest::StatusCode::PRECONDITION_REQUIRED);
    let star = app.put(&admin, &page_path, Some("*"), &edited).await;
    assert_eq!(star.status(), reqwest::StatusCode::OK);
    assert_eq!(star.headers()["etag"], "\"2\"");

    let ward: serde_json::Value = app
        .post(
            &admin,
            "/api/v1/councils/york/wards",
            &serde_json::json!({"name": "Micklegate"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let ward_path = format!(
        "/api/v1/councils/york/wards/{}",
        ward["id"].as_str().expect("id")
    );
    let renamed = app
        .patch(
            &admin,
            &ward_path,
            Some("*"),
            &serde_json::json!({"name": "Micklegate Ward"}),
        )
        .await;
    assert_eq!(renamed.status(), reqwest::StatusCode::OK);
    let council = app
        .patch(
            &admin,
            "/api/v1/councils/york",
            Some("*"),
            &serde_json::json!({"website_url": "https://www.york.gov.uk"}),
        )
        .await;
    assert_eq!(council.status(), reqwest::StatusCode::OK);
    let workflow = app
        .post_if_match(&admin, &format!("{page_path}/publish"), "*")
        .await;
    assert_eq!(workflow.status(), reqwest::StatusCode::OK);
    let deleted = app.delete_if_match(&admin, &page_path, "*").await;
    assert_eq!(deleted.status(), reqwest::StatusCode::OK);

    let nowhere = format!("/api/v1/councils/york/pages/{}", uuid::Uuid::now_v7());
    let absent = app.put(&admin, &nowhere, Some("*"), &edited).await;
    assert_eq!(absent.status(), reqwest::StatusCode::NOT_FOUND);
    let absent_ward = format!("/api/v1/councils/york/wards/{}", uuid::Uuid::now_v7());
    let absent = app
        .patch(
            &admin,
            &absent_ward,
            Some("*"),
            &serde_json::json!({"name": "Nowhere"}),
        )
        .await;
    assert_eq!(absent.status(), reqwest::StatusCode::NOT_FOUND);
}
