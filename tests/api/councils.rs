use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn platform_admin_creates_councils_with_validated_fields() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    let created = app
        .post(&admin, "/api/v1/councils", &json!({"slug": "cardiff", "name": "Cardiff Council", "nation": "wales", "gss_code": "w06000015"}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["etag"], "\"1\"");
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["nation"], "wales");
    assert_eq!(body["gss_code"], "W06000015");
    assert_eq!(
        body["locales"],
        json!(["en", "cy"]),
        "Welsh councils get cy by default"
    );
    assert!(
        uuid::Uuid::parse_str(body["id"].as_str().unwrap())
            .unwrap()
            .get_version_num()
            == 7
    );

    let english = app.create_council(&admin, "leeds", "england").await;
    assert_eq!(english["locales"], json!(["en"]));

    let duplicate = app
        .post(
            &admin,
            "/api/v1/councils",
            &json!({"slug": "cardiff", "name": "Again", "nation": "wales"}),
        )
        .await;
    assert_eq!(
        error_code(duplicate, StatusCode::CONFLICT).await,
        "conflict"
    );

    for (body, field) in [
        (
            json!({"slug": "Bad Slug", "name": "X", "nation": "england"}),
            "slug",
        ),
        (
            json!({"slug": "ok-slug", "name": "  ", "nation": "england"}),
            "name",
        ),
        (
            json!({"slug": "ok-slug", "name": "X", "nation": "england", "gss_code": "123"}),
            "gss_code",
        ),
        (
            json!({"slug": "ok-slug", "name": "X", "nation": "england", "locales": ["fr"]}),
            "locales",
        ),
        (
            json!({"slug": "ok-slug", "name": "X", "nation": "england", "locales": ["cy"]}),
            "locales",
        ),
    ] {
        let response = app.post(&admin, "/api/v1/councils", &body).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}"
        );
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "validation_failed");
        assert_eq!(
            error["error"]["details"]["fields"][0]["field"], field,
            "{body}"
        );
    }
    let bad_nation = app
        .post(
            &admin,
            "/api/v1/councils",
            &json!({"slug": "x-y", "name": "X", "nation": "atlantis"}),
        )
        .await;
    assert_eq!(
        error_code(bad_nation, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
}

#[tokio::test]
async fn only_platform_admins_create_councils() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    let council_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await;
    let response = app
        .post(
            &council_admin.access,
            "/api/v1/councils",
            &json!({"slug": "york", "name": "York", "nation": "england"}),
        )
        .await;
    assert_eq!(
        error_code(response, StatusCode::FORBIDDEN).await,
        "forbidden"
    );
}

#[tokio::test]
async fn council_admin_updates_with_if_match_and_stale_edits_change_nothing() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    let council_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;

    let read = app.get(&council_admin, "/api/v1/councils/leeds").await;
    assert_eq!(read.status(), StatusCode::OK);
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();

    let missing = app
        .patch(
            &council_admin,
            "/api/v1/councils/leeds",
            None,
            &json!({"name": "Leeds City Council"}),
        )
        .await;
    assert_eq!(
        error_code(missing, StatusCode::PRECONDITION_REQUIRED).await,
        "precondition_required"
    );

    let updated = app
        .patch(
            &council_admin,
            "/api/v1/councils/leeds",
            Some(&etag),
            &json!({"name": "Leeds City Council", "gss_code": "E08000035"}),
        )
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(updated.headers()["etag"], "\"2\"");
    let body: Value = updated.json().await.unwrap();
    assert_eq!(body["name"], "Leeds City Council");
    assert_eq!(body["version"], 2);

    // A second editor still holding version 1 cannot overwrite.
    let stale = app
        .patch(
            &council_admin,
            "/api/v1/councils/leeds",
            Some(&etag),
            &json!({"name": "Overwritten"}),
        )
        .await;
    assert_eq!(
        error_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "precondition_failed"
    );
    let garbage = app
        .patch(
            &council_admin,
            "/api/v1/councils/leeds",
            Some("W/\"x\""),
            &json!({"name": "Overwritten"}),
        )
        .await;
    assert_eq!(garbage.status(), StatusCode::PRECONDITION_FAILED);
    let now: Value = app
        .get(&council_admin, "/api/v1/councils/leeds")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["name"], "Leeds City Council");
    assert_eq!(now["version"], 2);

    let welsh = app
        .patch(
            &council_admin,
            "/api/v1/councils/leeds",
            Some("\"2\""),
            &json!({"locales": ["en", "cy"], "gss_code": ""}),
        )
        .await;
    let welsh: Value = welsh.json().await.unwrap();
    assert_eq!(welsh["locales"], json!(["en", "cy"]));
    assert_eq!(welsh["gss_code"], Value::Null);
}

#[tokio::test]
async fn roles_decide_who_reads_and_who_changes_a_council() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    for role in ["viewer", "editor", "democratic_services"] {
        let token = app
            .member(&admin, "leeds", &format!("{role}@leeds.test"), role)
            .await
            .access;
        assert_eq!(
            app.get(&token, "/api/v1/councils/leeds").await.status(),
            StatusCode::OK,
            "{role} reads"
        );
        let patch = app
            .patch(
                &token,
                "/api/v1/councils/leeds",
                Some("\"1\""),
                &json!({"name": "Hijacked"}),
            )
            .await;
        assert_eq!(
            error_code(patch, StatusCode::FORBIDDEN).await,
            "forbidden",
            "{role} cannot update"
        );
        let members = app.get(&token, "/api/v1/councils/leeds/members").await;
        assert_eq!(
            members.status(),
            StatusCode::FORBIDDEN,
            "{role} cannot list members"
        );
        let tokens = app.get(&token, "/api/v1/councils/leeds/api-tokens").await;
        assert_eq!(
            tokens.status(),
            StatusCode::FORBIDDEN,
            "{role} cannot list API tokens"
        );
    }
}

#[tokio::test]
async fn council_lists_are_paginated_and_show_a_user_only_their_councils() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    for i in 0..5 {
        app.create_council(&admin, &format!("council-{i}"), "england")
            .await;
    }
    let first: Value = app
        .get(&admin, "/api/v1/councils?limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(&admin, &format!("/api/v1/councils?limit=2&after={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    let third: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils?limit=2&after={}",
                second["next_cursor"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let slugs: Vec<String> = [&first, &second, &third]
        .iter()
        .flat_map(|p| {
            p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["slug"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        slugs,
        (0..5).map(|i| format!("council-{i}")).collect::<Vec<_>>()
    );
    assert_eq!(third["next_cursor"], Value::Null);

    let too_many = app.get(&admin, "/api/v1/councils?limit=101").await;
    assert_eq!(
        error_code(too_many, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let bad_cursor = app.get(&admin, "/api/v1/councils?after=%%%").await;
    assert!(bad_cursor.status().is_client_error());

    let member = app
        .member(&admin, "council-3", "someone@test.gov.uk", "viewer")
        .await
        .access;
    let mine: Value = app
        .get(&member, "/api/v1/councils")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["slug"], "council-3");
}
