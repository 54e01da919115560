use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn bad_requests_get_the_one_error_shape_never_a_500() {
    let app = spawn_app().await;
    let login = app.url("/api/v1/auth/login");

    let malformed = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(malformed, StatusCode::BAD_REQUEST).await,
        "bad_request"
    );

    let wrong_type = app
        .client
        .post(&login)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(wrong_type, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );

    let huge = "x".repeat(2 * 1024 * 1024);
    let too_large = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body(json!({"email": huge, "password": "x"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(too_large, StatusCode::PAYLOAD_TOO_LARGE).await,
        "payload_too_large"
    );

    let wrong_shape = app
        .client
        .post(&login)
        .json(&json!({"email": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(wrong_shape, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );

    let no_route = app
        .client
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(no_route, StatusCode::NOT_FOUND).await,
        "not_found"
    );

    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    let bad_id = app
        .delete(&admin, "/api/v1/councils/leeds/api-tokens/not-a-uuid")
        .await;
    assert_eq!(error_code(bad_id, StatusCode::NOT_FOUND).await, "not_found");

    let put_graphql = app.client.put(app.url("/graphql")).send().await.unwrap();
    assert_eq!(
        error_code(put_graphql, StatusCode::METHOD_NOT_ALLOWED).await,
        "method_not_allowed"
    );
}

#[tokio::test]
async fn responses_carry_a_request_id_and_safe_headers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let other = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), id);
}
