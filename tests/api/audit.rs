//! The audit log (issue 13, item 7): every kind of security-relevant event is recorded with who, which council,
//! what, when and the request; council administrators read their own council's entries only, platform
//! administrators the platform's; no entry holds a secret; and a tampered, removed entry is found by
//! `townhall audit verify`.
use std::collections::BTreeSet;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, spawn_app_with};

async fn entries(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let url = match &next {
            Some(cursor) => format!("{path}{}after={cursor}&limit=100", sep(path)),
            None => format!("{path}{}limit=100", sep(path)),
        };
        let response = app.get(token, &url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let page: Value = response.json().await.expect("json");
        all.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => next = Some(cursor.to_owned()),
            None => return all,
        }
    }
}

fn sep(path: &str) -> &'static str {
    if path.contains('?') { "&" } else { "?" }
}

fn actions(entries: &[Value]) -> BTreeSet<String> {
    entries
        .iter()
        .map(|e| e["action"].as_str().expect("action").to_owned())
        .collect()
}

async fn ok(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

async fn etag(app: &TestApp, token: &str, path: &str) -> String {
    app.get(token, path).await.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned()
}

/// Does one of every audited thing in York (and a little in Leeds), as the people who would.
async fn a_day_of_work(app: &TestApp) -> (String, String, Vec<String>) {
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
    let mut secrets = Vec::new();

    // Sign-ins: a failure and a success; a password change.
    let failed = app
        .login_response("admin@york.test", "not the password")
        .await;
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let editor = app
        .member(&platform, "york", "editor@york.test", "editor")
        .await;
    let me: Value = app
        .get(&editor.access, "/api/v1/auth/me")
        .await
        .json()
        .await
        .expect("json");
    let editor_id = me["id"].as_str().expect("id").to_owned();
    ok(
        app.post(
            &editor.access,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase 42"}),
        )
        .await,
        "change a password",
    )
    .await;
    secrets.push("a brand new passphrase 42".to_owned());
    secrets.push(PASSWORD.to_owned());

    // Invitations, members and roles.
    let invitation = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/invitations",
            &json!({"email": "new@york.test", "role": "editor"}),
        )
        .await,
        "invite",
    )
    .await;
    let invitation = invitation["id"].as_str().expect("id").to_owned();
    ok(
        app.delete(
            &admin,
            &format!("/api/v1/councils/york/invitations/{invitation}"),
        )
        .await,
        "revoke the invitation",
    )
    .await;
    ok(
        app.patch(
            &admin,
            &format!("/api/v1/councils/york/members/{editor_id}"),
            None,
            &json!({"role": "democratic_services"}),
        )
        .await,
        "change a role",
    )
    .await;
    ok(
        app.delete(
            &admin,
            &format!("/api/v1/councils/york/members/{editor_id}"),
        )
        .await,
        "remove a member",
    )
    .await;

    // API tokens, council settings, webhooks.
    let token = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/api-tokens",
            &json!({"name": "Front-end", "scopes": ["read", "preview"]}),
        )
        .await,
        "create a token",
    )
    .await;
    secrets.push(token["token"].as_str().expect("token").to_owned());
    let token_id = token["id"].as_str().expect("id").to_owned();
    ok(
        app.delete(
            &admin,
            &format!("/api/v1/councils/york/api-tokens/{token_id}"),
        )
        .await,
        "revoke the token",
    )
    .await;
    let council_etag = etag(app, &admin, "/api/v1/councils/york").await;
    ok(
        app.patch(
            &admin,
            "/api/v1/councils/york",
            Some(&council_etag),
            &json!({"website_url": "https://www.york.gov.uk"}),
        )
        .await,
        "council settings",
    )
    .await;
    let hook = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/webhooks",
            &json!({"url": "http://127.0.0.1:9/townhall", "events": ["published"]}),
        )
        .await,
        "create a webhook",
    )
    .await;
    secrets.push(hook["secret"].as_str().expect("secret").to_owned());
    let hook_id = hook["id"].as_str().expect("id").to_owned();
    ok(
        app.delete(&admin, &format!("/api/v1/councils/york/webhooks/{hook_id}"))
            .await,
        "delete the webhook",
    )
    .await;

    // Publishing, unpublishing, deleting and restoring content; a file deleted, restored and purged.
    let (page, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    for action in ["publish", "unpublish", "archive"] {
        let response = app.act(&admin, "york", "pages", &page, action).await;
        ok(response, action).await;
    }
    let page_path = format!("/api/v1/councils/york/pages/{page}");
    let page_etag = etag(app, &admin, &page_path).await;
    ok(
        app.delete_if_match(&admin, &page_path, &page_etag).await,
        "delete a page",
    )
    .await;
    ok(
        app.post(&admin, &format!("{page_path}/restore"), &json!({}))
            .await,
        "restore a page",
    )
    .await;
    let media = crate::references::upload(app, &admin, "york").await;
    let media_path = format!("/api/v1/councils/york/media/{media}");
    ok(app.delete(&admin, &media_path).await, "delete a file").await;
    ok(
        app.post(&admin, &format!("{media_path}/restore"), &json!({}))
            .await,
        "restore a file",
    )
    .await;
    ok(app.delete(&admin, &media_path).await, "delete a file").await;
    let purged = app
        .post(&admin, &format!("{media_path}/purge"), &json!({}))
        .await;
    assert_eq!(purged.status(), StatusCode::NO_CONTENT);

    // A democratic record deleted and restored; an import (its dry run is not recorded).
    let committee = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/committees",
            &json!({"name": "Executive", "kind": "executive"}),
        )
        .await,
        "committee",
    )
    .await;
    let committee = committee["id"].as_str().expect("id").to_owned();
    ok(
        app.delete(
            &admin,
            &format!("/api/v1/councils/york/committees/{committee}"),
        )
        .await,
        "delete a committee",
    )
    .await;
    ok(
        app.post(
            &admin,
            &format!("/api/v1/councils/york/committees/{committee}/restore"),
            &json!({}),
        )
        .await,
        "restore a committee",
    )
    .await;
    let xml = crate::helpers::councillors_by_ward("kirklees.gov.uk.xml");
    for dry_run in [true, false] {
        let response = app
            .client
            .post(app.url(&format!(
                "/api/v1/councils/york/imports/moderngov/councillors-by-ward?dry_run={dry_run}"
            )))
            .bearer_auth(&admin)
            .header("content-type", "application/xml")
            .body(xml.clone())
            .send()
            .await
            .expect("request");
        ok(response, "import").await;
    }

    // Leeds does something too.
    ok(
        app.post(
            &leeds,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "Leeds site", "scopes": ["read"]}),
        )
        .await,
        "a Leeds token",
    )
    .await;
    (platform, admin, secrets)
}

#[tokio::test]
async fn every_kind_of_event_is_recorded_for_its_own_council_and_readable_only_there() {
    let app = spawn_app_with(|s| s.webhooks_allow_private = true).await;
    let (platform, admin, secrets) = a_day_of_work(&app).await;

    let york = entries(&app, &admin, "/api/v1/councils/york/audit").await;
    let expected: BTreeSet<String> = [
        "council.created",
        "member.added",
        "invitation.created",
        "invitation.revoked",
        "member.role_changed",
        "member.removed",
        "api_token.created",
        "api_token.revoked",
        "council.updated",
        "webhook.created",
        "webhook.deleted",
        "content.created",
        "content.published",
        "content.unpublished",
        "content.archived",
        "content.deleted",
        "content.restored",
        "media.uploaded",
        "media.deleted",
        "media.restored",
        "media.purged",
        "record.created",
        "record.deleted",
        "record.restored",
        "import.completed",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(actions(&york), expected, "York's log");
    let imports = york
        .iter()
        .filter(|e| e["action"] == "import.completed")
        .count();
    assert_eq!(imports, 1, "the dry run is not recorded");
    // Newest first, numbered without gaps, each naming who and in which request.
    let seqs: Vec<i64> = york
        .iter()
        .map(|e| e["seq"].as_i64().expect("seq"))
        .collect();
    let mut ascending = seqs.clone();
    ascending.sort();
    assert_eq!(ascending, (1..=seqs.len() as i64).collect::<Vec<_>>());
    assert_eq!(seqs.first(), ascending.last(), "newest first");
    let role_change = york
        .iter()
        .find(|e| e["action"] == "member.role_changed")
        .expect("role change");
    assert_eq!(role_change["actor_kind"], "user");
    assert_eq!(role_change["detail"], "role=democratic_services");
    assert!(
        role_change["request_id"]
            .as_str()
            .is_some_and(|r| r.len() == 36)
    );
    let updated = york
        .iter()
        .find(|e| e["action"] == "council.updated")
        .expect("council.updated");
    assert_eq!(updated["detail"], "fields=website_url");

    // The platform's log: councils created, sign-ins with the client's address, the password change.
    let platform_log = entries(&app, &platform, "/api/v1/audit").await;
    let platform_actions = actions(&platform_log);
    for action in [
        "council.created",
        "auth.sign_in",
        "auth.sign_in_failed",
        "auth.password_changed",
    ] {
        assert!(
            platform_actions.contains(action),
            "{action}: {platform_actions:?}"
        );
    }
    let failed = platform_log
        .iter()
        .find(|e| e["action"] == "auth.sign_in_failed")
        .expect("failure");
    assert_eq!(failed["client_addr"], "127.0.0.1");
    assert_eq!(failed["actor_kind"], "anonymous");
    let signed_in = platform_log
        .iter()
        .find(|e| e["action"] == "auth.sign_in")
        .expect("sign-in");
    assert_eq!(signed_in["actor_kind"], "user");
    assert_eq!(signed_in["client_addr"], "127.0.0.1");

    // No secret and no email address is ever in the log.
    let everything = format!("{york:?}{platform_log:?}");
    for secret in &secrets {
        assert!(!everything.contains(secret.as_str()), "a secret in the log");
    }
    assert!(
        !everything.contains("@york.test"),
        "no email address in the log"
    );

    // Filters and pages.
    let published = entries(
        &app,
        &admin,
        "/api/v1/councils/york/audit?action=content.published",
    )
    .await;
    assert_eq!(
        actions(&published),
        BTreeSet::from(["content.published".to_owned()])
    );
    let media = entries(&app, &admin, "/api/v1/councils/york/audit?action=media.").await;
    assert_eq!(media.len(), 5, "uploaded, deleted twice, restored, purged");
    let first: Value = app
        .get(&admin, "/api/v1/councils/york/audit?limit=2")
        .await
        .json()
        .await
        .expect("json");
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second: Value = app
        .get(
            &admin,
            &format!("/api/v1/councils/york/audit?limit=2&after={cursor}"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        second["items"][0]["seq"].as_i64(),
        first["items"][1]["seq"].as_i64().map(|s| s - 1)
    );

    // Isolation: Leeds sees only Leeds; nobody but a council's admins reads its log; only platform admins
    // read the platform's.
    let leeds_admin = app.login("admin@leeds.test").await.access;
    let leeds = entries(&app, &leeds_admin, "/api/v1/councils/leeds/audit").await;
    assert_eq!(
        actions(&leeds),
        ["api_token.created", "council.created", "member.added"]
            .into_iter()
            .map(str::to_owned)
            .collect::<BTreeSet<_>>()
    );
    let crossed = app.get(&leeds_admin, "/api/v1/councils/york/audit").await;
    assert!(
        matches!(
            crossed.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "{}",
        crossed.status()
    );
    let viewer = app
        .member(&platform, "york", "viewer@york.test", "viewer")
        .await
        .access;
    assert_eq!(
        app.get(&viewer, "/api/v1/councils/york/audit")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&admin, "/api/v1/audit").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_tampered_or_removed_entry_is_found_by_audit_verify() {
    let app = spawn_app_with(|s| s.webhooks_allow_private = true).await;
    a_day_of_work(&app).await;
    let verify = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args(["audit", "verify"])
            .env("TOWNHALL_DATABASE_URL", &app.settings.database_url)
            .env("TOWNHALL_JWT_SECRET", crate::helpers::JWT_SECRET)
            .output()
            .expect("run townhall audit verify")
    };
    let intact = verify();
    let said = String::from_utf8_lossy(&intact.stdout).into_owned();
    assert!(intact.status.success(), "{said}");
    assert_eq!(
        said.matches("intact").count(),
        3,
        "York, Leeds and the platform: {said}"
    );

    // Someone with database access makes a role change look different.
    app.db
        .execute_unprepared(
            "UPDATE audit_events SET detail = 'role=viewer' WHERE action = 'member.role_changed'",
        )
        .await
        .expect("tamper");
    let tampered = verify();
    let said = String::from_utf8_lossy(&tampered.stdout).into_owned();
    assert!(!tampered.status.success(), "{said}");
    assert!(
        said.contains("BROKEN") && said.contains("its MAC does not match"),
        "{said}"
    );
    let keys = townhall::keys::Keys::from_master(
        &secrecy::SecretString::from(crate::helpers::JWT_SECRET),
        None,
    );
    let reports = townhall::audit::verify(&app.db, None, &keys)
        .await
        .expect("verify");
    let broken: Vec<_> = reports.iter().filter(|r| r.broken.is_some()).collect();
    assert_eq!(broken.len(), 1, "{reports:?}");

    // Put back as it was, the chain holds again; an entry removed from the middle is found too.
    app.db
        .execute_unprepared(
            "UPDATE audit_events SET detail = 'role=democratic_services' WHERE action = 'member.role_changed'",
        )
        .await
        .expect("undo");
    assert!(verify().status.success());
    app.db
        .execute_unprepared("DELETE FROM audit_events WHERE action = 'invitation.revoked'")
        .await
        .expect("remove");
    let removed = verify();
    let said = String::from_utf8_lossy(&removed.stdout).into_owned();
    assert!(!removed.status.success(), "{said}");
    assert!(said.contains("the entry before it is missing"), "{said}");
}
