//! A council admin of A can neither read nor change anything of council B, and cannot tell B's records exist.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn an_admin_of_one_council_cannot_reach_another() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "alpha", "england").await;
    app.create_council(&platform, "beta", "wales").await;
    let alpha_admin = app
        .member(&platform, "alpha", "admin@alpha.test", "admin")
        .await
        .access;
    let beta_admin = app
        .member(&platform, "beta", "admin@beta.test", "admin")
        .await
        .access;
    let beta_member: Value = app
        .post(&platform, "/api/v1/councils/beta/members", &json!({"email": "editor@beta.test", "role": "editor", "display_name": "B", "password": crate::helpers::PASSWORD}))
        .await
        .json()
        .await
        .unwrap();
    let beta_user = beta_member["user_id"].as_str().unwrap().to_owned();
    let beta_token: Value = app
        .post(
            &beta_admin,
            "/api/v1/councils/beta/api-tokens",
            &json!({"name": "b", "scopes": ["write"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let beta_token_id = beta_token["id"].as_str().unwrap().to_owned();

    // Beta looks exactly like a council that does not exist.
    let beta = app.get(&alpha_admin, "/api/v1/councils/beta").await;
    let nowhere = app.get(&alpha_admin, "/api/v1/councils/nowhere").await;
    assert_eq!(beta.status(), StatusCode::NOT_FOUND);
    let (beta, nowhere): (Value, Value) =
        (beta.json().await.unwrap(), nowhere.json().await.unwrap());
    assert_eq!(beta, nowhere);

    for path in [
        "/api/v1/councils/beta/members",
        "/api/v1/councils/beta/api-tokens",
    ] {
        assert_eq!(
            error_code(app.get(&alpha_admin, path).await, StatusCode::NOT_FOUND).await,
            "not_found",
            "{path}"
        );
    }
    let patch = app
        .patch(
            &alpha_admin,
            "/api/v1/councils/beta",
            Some("\"1\""),
            &json!({"name": "Taken"}),
        )
        .await;
    assert_eq!(patch.status(), StatusCode::NOT_FOUND);
    let add = app
        .post(
            &alpha_admin,
            "/api/v1/councils/beta/members",
            &json!({"email": "admin@alpha.test", "role": "admin"}),
        )
        .await;
    assert_eq!(add.status(), StatusCode::NOT_FOUND);
    let mint = app
        .post(
            &alpha_admin,
            "/api/v1/councils/beta/api-tokens",
            &json!({"name": "x", "scopes": ["write"]}),
        )
        .await;
    assert_eq!(mint.status(), StatusCode::NOT_FOUND);

    // Beta's ids used through Alpha's own paths find nothing either.
    let revoke = app
        .delete(
            &alpha_admin,
            &format!("/api/v1/councils/alpha/api-tokens/{beta_token_id}"),
        )
        .await;
    assert_eq!(error_code(revoke, StatusCode::NOT_FOUND).await, "not_found");
    let demote = app
        .patch(
            &alpha_admin,
            &format!("/api/v1/councils/alpha/members/{beta_user}"),
            None,
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(demote.status(), StatusCode::NOT_FOUND);
    let remove = app
        .delete(
            &alpha_admin,
            &format!("/api/v1/councils/alpha/members/{beta_user}"),
        )
        .await;
    assert_eq!(remove.status(), StatusCode::NOT_FOUND);

    // Beta's API token works in Beta only.
    let secret = beta_token["token"].as_str().unwrap();
    assert_eq!(
        app.get(secret, "/api/v1/councils/beta").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(secret, "/api/v1/councils/alpha").await.status(),
        StatusCode::NOT_FOUND
    );

    // Nothing of Beta changed.
    let beta_now: Value = app
        .get(&beta_admin, "/api/v1/councils/beta")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(beta_now["version"], 1);
    let beta_tokens: Value = app
        .get(&beta_admin, "/api/v1/councils/beta/api-tokens")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(beta_tokens["items"][0]["revoked_at"], Value::Null);
    let beta_members: Value = app
        .get(&beta_admin, "/api/v1/councils/beta/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(beta_members["items"].as_array().unwrap().len(), 2);
    let alpha_list: Value = app
        .get(&alpha_admin, "/api/v1/councils")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(alpha_list["items"].as_array().unwrap().len(), 1);
}
