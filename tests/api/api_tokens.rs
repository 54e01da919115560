use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn api_tokens_are_shown_once_scoped_and_revocable() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    let leeds_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;

    let created = app
        .post(
            &leeds_admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "Front-end", "scopes": ["read", "preview"]}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("tht_"));
    assert_eq!(created["scopes"], json!(["preview", "read"]));
    let id = created["id"].as_str().unwrap().to_owned();

    // Listed without the secret; stored only as a hash.
    let listed: Value = app
        .get(&leeds_admin, "/api/v1/councils/leeds/api-tokens")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(listed["items"][0].get("token").is_none());
    assert!(!listed.to_string().contains(&token));

    // A read token reads its council but cannot manage it or act as a person.
    assert_eq!(
        app.get(&token, "/api/v1/councils/leeds").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&token, "/api/v1/councils/leeds/members")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let patch = app
        .patch(
            &token,
            "/api/v1/councils/leeds",
            Some("\"1\""),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(patch.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&token, "/api/v1/auth/me").await.status(),
        StatusCode::FORBIDDEN
    );

    let listed: Value = app
        .get(&leeds_admin, "/api/v1/councils/leeds/api-tokens")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed["items"][0]["last_used_at"].is_string(),
        "use is recorded"
    );

    let revoked = app
        .delete(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/api-tokens/{id}"),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let revoked: Value = revoked.json().await.unwrap();
    assert!(revoked["revoked_at"].is_string());
    let after = app.get(&token, "/api/v1/councils/leeds").await;
    assert_eq!(
        error_code(after, StatusCode::UNAUTHORIZED).await,
        "unauthorized"
    );
}

#[tokio::test]
async fn expired_tokens_stop_working_and_bad_requests_are_refused() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;

    let past = app
        .post(
            &admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "x", "scopes": ["read"], "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        error_code(past, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let no_scopes = app
        .post(
            &admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "x", "scopes": []}),
        )
        .await;
    assert_eq!(no_scopes.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_scope = app
        .post(
            &admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "x", "scopes": ["root"]}),
        )
        .await;
    assert_eq!(bad_scope.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let soon = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    let created: Value = app
        .post(
            &admin,
            "/api/v1/councils/leeds/api-tokens",
            &json!({"name": "short", "scopes": ["write"], "expires_at": soon}),
        )
        .await
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap();
    assert_eq!(
        app.get(token, "/api/v1/councils/leeds").await.status(),
        StatusCode::OK
    );
    // Its expiry passes on the servers' clock.
    app.settings.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(
        app.get(token, "/api/v1/councils/leeds").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
