//! The audit table's web content (see `audit_coverage.rs`): an item through every save and workflow move, a
//! webhook and a replayed delivery, then redirects and library files written with a `write` API token, each
//! call followed by the check of its entry and of who it names.
use reqwest::StatusCode;
use serde_json::json;

use crate::audit_coverage::{Coverage, etag, me, ok, written};
use crate::helpers::{PNG, spawn_app_with};

#[tokio::test]
async fn web_content() {
    let app = spawn_app_with(|s| s.webhooks_allow_private = true).await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let editor = app
        .member(&platform, "york", "editor@york.test", "editor")
        .await
        .access;
    let (admin_id, editor_id) = (me(&app, &admin).await, me(&app, &editor).await);
    let mut cov = Coverage::new(&app, "web_content", &platform).await;
    cov.council("york").await;

    // A webhook, so that publishing makes a delivery to replay.
    cov.caller("user", &admin_id);
    let (hook, _) = written(
        app.post(
            &admin,
            "/api/v1/councils/york/webhooks",
            &json!({"url": "http://127.0.0.1:9/townhall", "events": ["published"]}),
        )
        .await,
        "create a webhook",
    )
    .await;
    cov.check("create_webhook", Some(&hook)).await;

    // An editor drafts, saves, submits and withdraws a page.
    cov.caller("user", &editor_id);
    let page = |title: &str| json!({"translations": {"en": {"title": title, "slug": "bins"}}});
    let (id, first) = app
        .create_item(&editor, "york", "pages", page("Bins"))
        .await;
    let entry = cov.check("create_item", Some(&id)).await;
    assert_eq!(entry["detail"], "kind=page");
    let path = format!("/api/v1/councils/york/pages/{id}");
    ok(
        app.put(
            &editor,
            &path,
            Some(&first),
            &json!({"content": page("Bin collections")}),
        )
        .await,
        "save a draft",
    )
    .await;
    cov.check("update_item", Some(&id)).await;
    for (action, op) in [("submit", "submit_item"), ("withdraw", "withdraw_item")] {
        ok(app.act(&editor, "york", "pages", &id, action).await, action).await;
        cov.check(op, Some(&id)).await;
    }

    // The administrator publishes it; the delivery it made is replayed; the webhook goes.
    cov.caller("user", &admin_id);
    ok(
        app.act(&admin, "york", "pages", &id, "publish").await,
        "publish",
    )
    .await;
    cov.check("publish_item", Some(&id)).await;
    let deliveries = ok(
        app.get(
            &admin,
            &format!("/api/v1/councils/york/webhooks/{hook}/deliveries"),
        )
        .await,
        "deliveries",
    )
    .await;
    let delivery = deliveries[0]["id"].as_str().expect("a delivery");
    let (copy, _) = written(
        app.post(
            &admin,
            &format!("/api/v1/councils/york/webhooks/{hook}/deliveries/{delivery}/replay"),
            &json!({}),
        )
        .await,
        "replay",
    )
    .await;
    let entry = cov.check("replay_delivery", Some(&copy)).await;
    assert_eq!(entry["detail"], format!("webhook={hook} of={delivery}"));
    let gone = app
        .delete(&admin, &format!("/api/v1/councils/york/webhooks/{hook}"))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    cov.check("delete_webhook", Some(&hook)).await;

    // The rest of the workflow, a schedule, a review date, an old revision back, a delete and a restore.
    for (action, op) in [
        ("unpublish", "unpublish_item"),
        ("archive", "archive_item"),
        ("unarchive", "unarchive_item"),
    ] {
        ok(app.act(&admin, "york", "pages", &id, action).await, action).await;
        cov.check(op, Some(&id)).await;
    }
    let current = etag(&app, &admin, &path).await;
    ok(
        app.put(
            &admin,
            &format!("{path}/schedule"),
            Some(&current),
            &json!({"publish_at": "2030-01-01T09:00:00Z"}),
        )
        .await,
        "schedule",
    )
    .await;
    cov.check("schedule_item", Some(&id)).await;
    let current = etag(&app, &admin, &path).await;
    ok(
        app.put(
            &admin,
            &format!("{path}/review"),
            Some(&current),
            &json!({"owner_id": editor_id, "review_on": "2027-11-30"}),
        )
        .await,
        "set the review date",
    )
    .await;
    cov.check("set_review", Some(&id)).await;
    let current = etag(&app, &admin, &path).await;
    ok(
        app.post_if_match(&admin, &format!("{path}/revisions/1/restore"), &current)
            .await,
        "restore revision 1",
    )
    .await;
    let entry = cov.check("restore_revision", Some(&id)).await;
    assert_eq!(entry["detail"], "kind=page revision=1");
    let current = etag(&app, &admin, &path).await;
    ok(app.delete_if_match(&admin, &path, &current).await, "delete").await;
    cov.check("delete_item", Some(&id)).await;
    ok(
        app.post(&admin, &format!("{path}/restore"), &json!({}))
            .await,
        "restore",
    )
    .await;
    cov.check("restore_item", Some(&id)).await;

    // An API token with `write` keeps redirects and files; the log names the token.
    let token = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/api-tokens",
            &json!({"name": "Migration", "scopes": ["write"]}),
        )
        .await,
        "a write token",
    )
    .await;
    let token_id = token["id"].as_str().expect("id").to_owned();
    let token = token["token"].as_str().expect("token").to_owned();
    cov.caller("api_token", &token_id);
    let (redirect, _) = written(
        app.post(
            &token,
            "/api/v1/councils/york/redirects",
            &json!({"from": "/council-tax/pay.aspx", "to": "/council-tax/pay"}),
        )
        .await,
        "a redirect",
    )
    .await;
    cov.check("create_redirect", Some(&redirect)).await;
    let removed = app
        .delete(
            &token,
            &format!("/api/v1/councils/york/redirects/{redirect}"),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    cov.check("delete_redirect", Some(&redirect)).await;
    let imported = app
        .client
        .post(app.url("/api/v1/councils/york/redirects/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body("from,to\n/recycling.aspx,/recycling\n/parking.aspx,/parking\n/libraries.aspx,/libraries\n")
        .send()
        .await
        .expect("request");
    let imported = ok(imported, "import redirects").await;
    assert_eq!(imported["created"], 3);
    let entry = cov.check("import_redirects", None).await;
    assert_eq!(entry["detail"], "source=redirects created=3");
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("pixel.png"),
        )
        .text("alt", "A pixel");
    let uploaded = app
        .client
        .post(app.url("/api/v1/councils/york/media"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .expect("request");
    let (media, _) = written(uploaded, "upload").await;
    let entry = cov.check("upload_media", Some(&media)).await;
    assert_eq!(
        entry["detail"],
        format!("type=image/png size={}", PNG.len())
    );
    let media_path = format!("/api/v1/councils/york/media/{media}");
    ok(app.delete(&token, &media_path).await, "delete a file").await;
    cov.check("delete_media", Some(&media)).await;
    ok(
        app.post(&token, &format!("{media_path}/restore"), &json!({}))
            .await,
        "restore a file",
    )
    .await;
    cov.check("restore_media", Some(&media)).await;
    ok(app.delete(&token, &media_path).await, "delete it again").await;

    // Only an administrator purges.
    cov.caller("user", &admin_id);
    let purged = app
        .post(&admin, &format!("{media_path}/purge"), &json!({}))
        .await;
    assert_eq!(purged.status(), StatusCode::NO_CONTENT);
    cov.check("purge_media", Some(&media)).await;
    cov.finish();
}
