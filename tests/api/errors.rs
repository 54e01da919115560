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
}

/// The GraphQL-over-HTTP error shape (`{"errors": [{"message", "extensions": {"code"}}]}`) with its status.
async fn graphql_error(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert!(body.get("error").is_none(), "not REST's shape: {body}");
    assert!(body["errors"][0]["message"].is_string(), "{body}");
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .expect("a code")
        .to_owned()
}

#[tokio::test]
async fn the_edges_of_http_answer_with_a_body_in_the_right_shape() {
    let app = spawn_app().await;

    // Percent-encoded bytes that are not UTF-8, in the path and in a query parameter.
    for path in [
        "/delivery/v1/councils/%FF/pages",
        "/delivery/v1/councils/york/pages?locale=%C3",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await,
            "bad_request",
            "{path}"
        );
    }

    // An address longer than the server reads: 414 with a body (20,000 and 60,000 characters).
    for length in [20_000, 60_000] {
        let long = format!("/delivery/v1/councils/york/pages?q={}", "a".repeat(length));
        let response = app.client.get(app.url(&long)).send().await.unwrap();
        assert_eq!(
            error_code(response, StatusCode::URI_TOO_LONG).await,
            "uri_too_long"
        );
    }

    // /graphql answers in GraphQL's shape: wrong type, too large, wrong method (with Allow).
    let graphql = app.url("/graphql");
    let wrong_type = app
        .client
        .post(&graphql)
        .header("content-type", "text/plain")
        .body("{ councils { slug } }")
        .send()
        .await
        .unwrap();
    assert_eq!(
        graphql_error(wrong_type, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );
    let huge =
        json!({"query": format!("{{ councils {{ slug }} }} #{}", "x".repeat(2 * 1024 * 1024))});
    let too_large = app.client.post(&graphql).json(&huge).send().await.unwrap();
    assert_eq!(
        graphql_error(too_large, StatusCode::PAYLOAD_TOO_LARGE).await,
        "payload_too_large"
    );
    let put = app.client.put(&graphql).send().await.unwrap();
    assert_eq!(put.headers()["allow"], "GET, POST");
    assert_eq!(
        graphql_error(put, StatusCode::METHOD_NOT_ALLOWED).await,
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

#[tokio::test]
async fn answers_that_depend_on_who_asks_are_never_cached() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    for path in [
        "/api/v1/auth/me",
        "/api/v1/councils",
        "/api/v1/councils/york",
        "/api/v1/councils/york/pages",
        "/api/v1/councils/york/media",
        "/api/v1/councils/york/wards",
    ] {
        let response = app.get(&admin, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
    }
    // Refusals too, with or without a token.
    let refused = app
        .client
        .get(app.url("/api/v1/councils/york/pages"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["cache-control"], "private, no-store");
    // A preview with a token is private; the public delivery of the same list may be cached.
    let preview = app
        .get(&admin, "/delivery/v1/councils/york/pages?preview=true")
        .await;
    assert_eq!(preview.headers()["cache-control"], "private, no-store");
    let public = app
        .client
        .get(app.url("/delivery/v1/councils/york/pages"))
        .send()
        .await
        .unwrap();
    let cache = public.headers()["cache-control"].to_str().unwrap();
    assert!(cache.starts_with("public"), "{cache}");
}

#[tokio::test]
async fn a_known_path_with_another_method_is_405_with_allow() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    for (method, path, allow) in [
        (
            reqwest::Method::DELETE,
            "/api/v1/councils/york/wards",
            "GET, POST",
        ),
        (reqwest::Method::PUT, "/healthz", "GET"),
        (reqwest::Method::PATCH, "/api/v1/councils", "GET, POST"),
        (reqwest::Method::POST, "/api/v1/councils/york", "GET, PATCH"),
        (
            reqwest::Method::PATCH,
            "/api/v1/councils/york/pages/01934b7e-1f00-7000-8000-000000000001",
            "GET, PUT, DELETE",
        ),
        (
            reqwest::Method::DELETE,
            "/delivery/v1/councils/york/pages",
            "GET",
        ),
        // Other resources' paths look like content's `{collection}/{id}`; they are not taken by content routes.
        (
            reqwest::Method::PUT,
            "/api/v1/councils/york/members/01934b7e-1f00-7000-8000-000000000001",
            "DELETE, PATCH",
        ),
        (
            reqwest::Method::PUT,
            "/api/v1/councils/york/pages",
            "GET, POST",
        ),
        (
            reqwest::Method::DELETE,
            "/api/v1/councils/york/redirects/import",
            "POST",
        ),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        assert_eq!(
            error_code(response, StatusCode::METHOD_NOT_ALLOWED).await,
            "method_not_allowed",
            "{method} {path}"
        );
    }
    // A body against the text rule does not change the answer: no handler would read it.
    let response = app
        .client
        .put(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&admin)
        .json(&json!({"title": "\u{1b}"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response, StatusCode::METHOD_NOT_ALLOWED).await,
        "method_not_allowed"
    );
    // A path nobody described is still 404.
    let nowhere = app
        .client
        .delete(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(nowhere, StatusCode::NOT_FOUND).await,
        "not_found"
    );
}

#[tokio::test]
async fn a_body_sent_is_judged_and_a_caller_without_credentials_is_told_to_sign_in_first() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let (page, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    // An optional body that is sent must be valid JSON: it is not silently dropped.
    let publish = app
        .client
        .post(app.url(&format!("/api/v1/councils/york/pages/{page}/publish")))
        .bearer_auth(&admin)
        .header("if-match", "*")
        .header("content-type", "application/json")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(publish, StatusCode::BAD_REQUEST).await,
        "bad_request"
    );
    let publish = app
        .client
        .post(app.url(&format!("/api/v1/councils/york/pages/{page}/publish")))
        .bearer_auth(&admin)
        .header("if-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(publish.status(), StatusCode::OK, "no body at all is fine");

    // Without a token, a route that needs one answers 401 whatever the body holds; with one, the body's fault.
    let body = json!({"content": {"translations": {"en": {"title": "\u{0}", "slug": "x"}}}});
    let anonymous = app
        .client
        .post(app.url("/api/v1/councils/york/pages"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(anonymous, StatusCode::UNAUTHORIZED).await,
        "unauthorized"
    );
    let signed_in = app.post(&admin, "/api/v1/councils/york/pages", &body).await;
    assert_eq!(
        error_code(signed_in, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    // Routes that take a body from people not signed in still judge it.
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "\u{0}@x.test", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(login, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
}
