//! The checked-in specs are what the binary exports: drift fails here (run `cargo run -- export-specs`).
use serde_json::Value;

use crate::helpers::spawn_app;

fn checked_in(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path} is missing ({e}); run `cargo run -- export-specs`"))
}

#[test]
fn openapi_json_matches_the_export() {
    assert!(
        checked_in(townhall::specs::OPENAPI_PATH) == townhall::specs::openapi_json(),
        "admin-spec/openapi.json is out of date: run `cargo run -- export-specs` and commit"
    );
}

#[test]
fn graphql_sdl_matches_the_export() {
    assert!(
        checked_in(townhall::specs::SDL_PATH) == townhall::specs::graphql_sdl(),
        "graphql/schema.graphql is out of date: run `cargo run -- export-specs` and commit"
    );
}

#[tokio::test]
async fn the_server_serves_the_exported_openapi_and_offline_docs() {
    let app = spawn_app().await;
    let served: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let exported: Value = serde_json::from_str(&checked_in(townhall::specs::OPENAPI_PATH)).unwrap();
    assert_eq!(served, exported);
    for path in [
        "/api/v1/auth/login",
        "/api/v1/councils/{council}",
        "/api/v1/councils/{council}/api-tokens/{id}",
    ] {
        assert!(served["paths"].get(path).is_some(), "{path} documented");
    }
    assert!(served["components"]["securitySchemes"]["bearer"].is_object());

    let redirect = app.client.get(app.url("/docs")).send().await.unwrap();
    assert!(redirect.status().is_redirection());
    let docs = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), reqwest::StatusCode::OK);
    // Never in another site's frame, and only its own files.
    assert_eq!(docs.headers()["x-frame-options"], "DENY");
    let policy = docs.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "the docs page loads nothing from the internet"
    );
    let bundle = app
        .client
        .get(app.url("/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        bundle.status(),
        reqwest::StatusCode::OK,
        "the Swagger UI assets are vendored"
    );
    // Every other answer says so too: GraphiQL, JSON and errors.
    for (path, accept) in [
        ("/graphql", "text/html"),
        ("/openapi.json", "application/json"),
        ("/no/such/page", "application/json"),
    ] {
        let answer = app
            .client
            .get(app.url(path))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn browsers_are_told_to_keep_to_https_only_when_tls_is_in_front() {
    let plain = spawn_app().await;
    let answer = plain
        .client
        .get(plain.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert!(answer.headers().get("strict-transport-security").is_none());
    let behind_tls =
        crate::helpers::spawn_app_with(|s| s.hsts_max_age_secs = Some(31_536_000)).await;
    for path in ["/healthz", "/docs/", "/no/such/page"] {
        let answer = behind_tls
            .client
            .get(behind_tls.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}
