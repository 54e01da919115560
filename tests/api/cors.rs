//! Cross-origin requests: public reads from any origin, requests with a token only from listed origins.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_with};

const FRONT_END: &str = "http://localhost:3000";
const ELSEWHERE: &str = "https://attacker.example";

async fn preflight(app: &TestApp, path: &str, origin: &str, headers: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", headers)
        .send()
        .await
        .expect("preflight")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A council whose admin lists `origins`, and that admin's token.
async fn council_listing(app: &TestApp, slug: &str, origins: &[&str]) -> String {
    let platform = app.platform_admin().await;
    app.create_council(&platform, slug, "england").await;
    let admin = app
        .member(&platform, slug, &format!("admin@{slug}.test"), "admin")
        .await
        .access;
    let council: Value = app
        .get(&admin, &format!("/api/v1/councils/{slug}"))
        .await
        .json()
        .await
        .expect("json");
    let response = app
        .patch(
            &admin,
            &format!("/api/v1/councils/{slug}"),
            Some(&format!("\"{}\"", council["version"])),
            &json!({"allowed_origins": origins}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["allowed_origins"], json!(origins));
    admin
}

#[tokio::test]
async fn public_reads_answer_any_origin_with_a_preflight_and_readable_headers() {
    let app = spawn_app().await;
    for path in ["/graphql", "/delivery/v1/councils/york/route"] {
        let response = preflight(&app, path, FRONT_END, "content-type").await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            FRONT_END,
            "{path}"
        );
        let methods = header(&response, "access-control-allow-methods");
        assert!(
            methods.contains("POST") && methods.contains("GET"),
            "{methods}"
        );
        let allowed = header(&response, "access-control-allow-headers").to_ascii_lowercase();
        for needed in ["authorization", "content-type", "if-match", "if-none-match"] {
            assert!(allowed.contains(needed), "{path}: {allowed}");
        }
        assert_eq!(header(&response, "access-control-max-age"), "7200");
        assert!(header(&response, "vary").contains("Origin"), "{path}");
    }

    let response = app
        .client
        .post(app.url("/graphql"))
        .header("origin", FRONT_END)
        .json(&json!({"query": "{ councils { slug } }"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    let exposed = header(&response, "access-control-expose-headers");
    for needed in ["ETag", "Location", "Retry-After"] {
        assert!(exposed.contains(needed), "{exposed}");
    }
    // A request without Origin (not from a browser) gets no CORS headers.
    let plain = app.graphql("{ councils { slug } }").await;
    assert!(plain.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn public_origins_can_be_narrowed() {
    let app = spawn_app_with(|s| s.cors_public = FRONT_END.into()).await;
    let listed = preflight(&app, "/graphql", FRONT_END, "content-type").await;
    assert_eq!(listed.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&listed, "access-control-allow-origin"), FRONT_END);
    let other = preflight(&app, "/graphql", ELSEWHERE, "content-type").await;
    assert_eq!(
        error_code(other, StatusCode::FORBIDDEN).await,
        "origin_not_allowed"
    );
    let read = app
        .client
        .get(app.url("/graphql?query=%7Bcouncils%7Bslug%7D%7D"))
        .header("origin", ELSEWHERE)
        .send()
        .await
        .expect("request");
    assert!(read.headers().get("access-control-allow-origin").is_none());
    assert!(header(&read, "vary").contains("Origin"));
}

#[tokio::test]
async fn requests_with_a_token_come_only_from_origins_the_council_lists() {
    let app = spawn_app().await;
    // Before the council lists it, a preflight asking to send a token is refused, on every kind of path.
    for path in ["/graphql", "/api/v1/councils/york/pages"] {
        let response = preflight(&app, path, FRONT_END, "authorization, content-type").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let york_admin = council_listing(&app, "york", &[FRONT_END]).await;
    let platform = app.login("platform@townhall.test").await.access;
    app.create_council(&platform, "leeds", "england").await;

    // York lists the front-end: preflights pass for York's paths and for /graphql, not for Leeds's paths.
    for path in ["/graphql", "/api/v1/councils/york/pages"] {
        let response = preflight(&app, path, FRONT_END, "authorization, content-type").await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(&response, "access-control-allow-origin"), FRONT_END);
    }
    let leeds = preflight(
        &app,
        "/api/v1/councils/leeds/pages",
        FRONT_END,
        "authorization",
    )
    .await;
    assert_eq!(leeds.status(), StatusCode::FORBIDDEN);

    // The request itself: York's admin from the listed origin is served and may read the answer.
    let response = app
        .client
        .get(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&york_admin)
        .header("origin", FRONT_END)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), FRONT_END);

    // From an origin York does not list, the same request is refused before it runs.
    let response = app
        .client
        .get(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&york_admin)
        .header("origin", ELSEWHERE)
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_code(response, StatusCode::FORBIDDEN).await,
        "origin_not_allowed"
    );

    // /graphql with a Leeds token from York's origin: Leeds does not list it, so the request is refused.
    let leeds_admin = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&leeds_admin)
        .header("origin", FRONT_END)
        .json(&json!({"query": "{ council(slug: \"leeds\") { name } }"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_code(response, StatusCode::FORBIDDEN).await,
        "origin_not_allowed"
    );
    // York's own token from the same origin is served.
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&york_admin)
        .header("origin", FRONT_END)
        .json(&json!({"query": "{ council(slug: \"york\") { name } }"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), FRONT_END);
}

#[tokio::test]
async fn origins_listed_for_every_council_and_bad_origins_are_refused() {
    let app = spawn_app_with(|s| s.cors_origins = "https://admin.example.gov.uk".into()).await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let response = preflight(
        &app,
        "/api/v1/councils/york/pages",
        "https://admin.example.gov.uk",
        "authorization",
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let council: Value = app
        .get(&platform, "/api/v1/councils/york")
        .await
        .json()
        .await
        .expect("json");
    for bad in ["www.york.gov.uk", "https://www.york.gov.uk/news", "*"] {
        let response = app
            .patch(
                &platform,
                "/api/v1/councils/york",
                Some(&format!("\"{}\"", council["version"])),
                &json!({"allowed_origins": [bad]}),
            )
            .await;
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "validation_failed", "{bad}: {body}");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], "allowed_origins",
            "{body}"
        );
    }
}
