//! The audit table's accounts and councils (see `audit_coverage.rs`): sign-ins, sessions and passwords,
//! councils, members, API tokens, invitations and a council restored from its archive, each call followed by
//! the check of its entry and of who it names.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::audit_coverage::{Coverage, etag, me, ok};
use crate::helpers::{PASSWORD, spawn_app_with_mail, token_in};

#[tokio::test]
async fn accounts_and_councils() {
    let (app, sink) = spawn_app_with_mail().await;
    let platform = app.platform_admin().await;
    let platform_id = me(&app, &platform).await;
    let mut cov = Coverage::new(&app, "accounts_and_councils", &platform).await;

    // A council, made by a platform administrator, in the platform's log.
    cov.caller("user", &platform_id);
    let council = app.create_council(&platform, "york", "england").await;
    let council_id = council["id"].as_str().expect("id").to_owned();
    let entry = cov.check("create_council", Some(&council_id)).await;
    assert_eq!(entry["detail"], "slug=york");
    cov.council("york").await;
    let added = ok(
        app.post(
            &platform,
            "/api/v1/councils/york/members",
            &json!({"email": "admin@york.test", "role": "admin", "display_name": "Admin", "password": PASSWORD}),
        )
        .await,
        "add the administrator",
    )
    .await;
    let admin_id = added["user_id"].as_str().expect("user_id").to_owned();

    // Its administrator signs in, refreshes the session and changes the council's settings.
    cov.caller("user", &admin_id);
    let tokens = app.login("admin@york.test").await;
    cov.check("login", Some(&admin_id)).await;
    let refreshed = ok(
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": tokens.refresh}))
            .send()
            .await
            .expect("request"),
        "refresh",
    )
    .await;
    cov.check("refresh", Some(&admin_id)).await;
    let admin = refreshed["access_token"]
        .as_str()
        .expect("access")
        .to_owned();
    let refresh = refreshed["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();
    let council_etag = etag(&app, &admin, "/api/v1/councils/york").await;
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
    let entry = cov.check("update_council", Some(&council_id)).await;
    assert_eq!(entry["detail"], "fields=website_url");

    // Members and roles: a platform administrator adds an account; the council's administrator changes it.
    cov.caller("user", &platform_id);
    let editor = ok(
        app.post(
            &platform,
            "/api/v1/councils/york/members",
            &json!({"email": "editor@york.test", "role": "editor", "display_name": "Ed", "password": PASSWORD}),
        )
        .await,
        "add a member",
    )
    .await;
    let editor_id = editor["user_id"].as_str().expect("user_id").to_owned();
    let entry = cov.check("add_member", Some(&editor_id)).await;
    assert_eq!(entry["detail"], "role=editor");
    cov.caller("user", &admin_id);
    let member_path = format!("/api/v1/councils/york/members/{editor_id}");
    ok(
        app.patch(
            &admin,
            &member_path,
            None,
            &json!({"role": "democratic_services"}),
        )
        .await,
        "change a role",
    )
    .await;
    cov.check("update_member", Some(&editor_id)).await;
    let removed = app.delete(&admin, &member_path).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    cov.check("remove_member", Some(&editor_id)).await;

    // API tokens.
    let token = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/api-tokens",
            &json!({"name": "Front-end", "scopes": ["read"]}),
        )
        .await,
        "create a token",
    )
    .await;
    let token_id = token["id"].as_str().expect("id").to_owned();
    let entry = cov.check("create_api_token", Some(&token_id)).await;
    assert_eq!(entry["detail"], "scopes=read");
    let secret = token["token"].as_str().expect("token").to_owned();
    ok(
        app.delete(
            &admin,
            &format!("/api/v1/councils/york/api-tokens/{token_id}"),
        )
        .await,
        "revoke the token",
    )
    .await;
    cov.check("revoke_api_token", Some(&token_id)).await;

    // Invitations: one revoked, one accepted (by the account it makes).
    let invite = |email: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            ok(
                app.post(
                    admin,
                    "/api/v1/councils/york/invitations",
                    &json!({"email": email, "role": "editor"}),
                )
                .await,
                "invite",
            )
            .await["id"]
                .as_str()
                .expect("id")
                .to_owned()
        }
    };
    let revoked = invite("gone@york.test").await;
    cov.check("invite", Some(&revoked)).await;
    let response = app
        .delete(
            &admin,
            &format!("/api/v1/councils/york/invitations/{revoked}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    cov.check("revoke_invitation", Some(&revoked)).await;
    invite("new@york.test").await;
    let emails = sink.wait_for(2).await;
    let letter = emails
        .iter()
        .find(|e| e.contains("To: new@york.test"))
        .expect("the invitation email");
    let invitation = token_in(letter, "/admin/invitations/");
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/invitations/{invitation}/accept")))
        .json(&json!({"password": "a long new-member passphrase", "display_name": "New"}))
        .send()
        .await
        .expect("accept");
    ok(accepted, "accept the invitation").await;
    let newcomer = app
        .login_response("new@york.test", "a long new-member passphrase")
        .await;
    let newcomer: Value = ok(newcomer, "the newcomer signs in").await;
    let newcomer = newcomer["access_token"]
        .as_str()
        .expect("access")
        .to_owned();
    let newcomer_id = me(&app, &newcomer).await;
    cov.caller("user", &newcomer_id);
    let entry = cov.check("accept_invitation", Some(&newcomer_id)).await;
    assert_eq!(entry["detail"], "role=editor");

    // Passwords: changed while signed in; forgotten (asked for by nobody in particular) and reset.
    let changed = app
        .post(
            &newcomer,
            "/api/v1/auth/password",
            &json!({"current_password": "a long new-member passphrase", "new_password": "another long passphrase"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    cov.check("change_password", Some(&newcomer_id)).await;
    cov.caller("user", &admin_id);
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({"refresh_token": refresh}))
        .send()
        .await
        .expect("request");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    cov.check("logout", Some(&admin_id)).await;
    cov.caller_without_id("anonymous");
    let asked = app
        .client
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "admin@york.test"}))
        .send()
        .await
        .expect("request");
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    cov.check("request_reset", Some(&admin_id)).await;
    let emails = sink.wait_for(3).await;
    let letter = emails
        .iter()
        .find(|e| e.contains("To: admin@york.test"))
        .expect("the reset email");
    let reset = token_in(letter, "/admin/reset-password/");
    let set = app
        .client
        .post(app.url(&format!("/api/v1/auth/password-reset/{reset}")))
        .json(&json!({"password": "a brand new admin passphrase"}))
        .send()
        .await
        .expect("request");
    assert_eq!(set.status(), StatusCode::NO_CONTENT);
    cov.caller("user", &admin_id);
    cov.check("reset_password", Some(&admin_id)).await;

    // A restore from an archive: one entry for the run, with its counts.
    let archive = app.get(&platform, "/api/v1/councils/york/archive").await;
    assert_eq!(archive.status(), StatusCode::OK);
    let archive = archive.bytes().await.expect("archive").to_vec();
    let restored = app
        .client
        .post(app.url("/api/v1/archives?slug=york-copy"))
        .bearer_auth(&platform)
        .header("content-type", "application/gzip")
        .body(archive)
        .send()
        .await
        .expect("request");
    let restored = ok(restored, "restore the archive").await;
    let copy = restored["council_id"].as_str().expect("council_id");
    cov.caller("user", &platform_id);
    let entry = cov.check("import_archive", Some(copy)).await;
    let detail = entry["detail"].as_str().expect("detail");
    assert!(
        detail.starts_with("slug=york-copy rows=") && detail.contains(" files=0 "),
        "{detail}"
    );

    // No secret and no email address in either log.
    let logs = format!(
        "{}{}",
        app.get(&platform, "/api/v1/councils/york/audit?limit=100")
            .await
            .text()
            .await
            .expect("text"),
        app.get(&platform, "/api/v1/audit?limit=100")
            .await
            .text()
            .await
            .expect("text"),
    );
    for secret in [
        secret.as_str(),
        tokens.refresh.as_str(),
        invitation.as_str(),
        reset.as_str(),
        "@york.test",
    ] {
        assert!(!logs.contains(secret), "{secret} is in the log");
    }
    cov.finish();
}
