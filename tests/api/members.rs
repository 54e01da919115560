use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, error_code, spawn_app};

#[tokio::test]
async fn members_are_added_by_platform_admins_and_changed_and_removed_by_council_admins() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    app.create_council(&admin, "york", "england").await;
    let leeds_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;

    // A council's own admin invites people instead: adding by email would tell them about accounts elsewhere.
    let direct = app
        .post(
            &leeds_admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "new@leeds.test", "role": "editor", "display_name": "New", "password": PASSWORD}),
        )
        .await;
    assert_eq!(error_code(direct, StatusCode::FORBIDDEN).await, "forbidden");

    // A platform administrator adds directly: a new account needs a name and a password; an existing one is added
    // by email.
    let no_password = app
        .post(
            &admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "new@leeds.test", "role": "editor"}),
        )
        .await;
    assert_eq!(
        error_code(no_password, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let bad_email = app
        .post(
            &admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "not-an-email", "role": "editor"}),
        )
        .await;
    assert_eq!(bad_email.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_role = app
        .post(
            &admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "a@b.test", "role": "overlord"}),
        )
        .await;
    assert_eq!(bad_role.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.member(&admin, "york", "shared@councils.test", "editor")
        .await;
    let added = app
        .post(
            &admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "SHARED@councils.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["role"], "viewer");
    let user_id = added["user_id"].as_str().unwrap().to_owned();
    let again = app
        .post(
            &admin,
            "/api/v1/councils/leeds/members",
            &json!({"email": "shared@councils.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(error_code(again, StatusCode::CONFLICT).await, "conflict");

    // One user, two councils, two roles.
    let shared = app.login("shared@councils.test").await.access;
    let me: Value = app
        .get(&shared, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 2);

    let listed: Value = app
        .get(&leeds_admin, "/api/v1/councils/leeds/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);

    let promoted = app
        .patch(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/members/{user_id}"),
            None,
            &json!({"role": "editor"}),
        )
        .await;
    assert_eq!(promoted.status(), StatusCode::OK);
    let promoted: Value = promoted.json().await.unwrap();
    assert_eq!(promoted["role"], "editor");

    let removed = app
        .delete(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/members/{user_id}"),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&shared, "/api/v1/councils/leeds").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&shared, "/api/v1/councils/york").await.status(),
        StatusCode::OK,
        "York membership stays"
    );
    assert_eq!(
        app.login_response("shared@councils.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    let leeds_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let me: Value = app
        .get(&leeds_admin, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    let id = me["id"].as_str().unwrap();
    let demote = app
        .patch(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/members/{id}"),
            None,
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(error_code(demote, StatusCode::CONFLICT).await, "conflict");
    let remove = app
        .delete(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/members/{id}"),
        )
        .await;
    assert_eq!(remove.status(), StatusCode::CONFLICT);

    app.member(&admin, "leeds", "second@leeds.test", "admin")
        .await;
    let demote = app
        .patch(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/members/{id}"),
            None,
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(demote.status(), StatusCode::OK);
    assert_eq!(
        app.get(&leeds_admin, "/api/v1/councils/leeds/members")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
