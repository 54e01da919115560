//! Townhall Admin's door: the embedded app under `/admin/` with its security headers, and the cookie session a
//! browser app signs in with (refresh token only in an HttpOnly cookie, usable only from this server's pages).
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn the_admin_app_is_served_from_the_binary_with_a_strict_policy() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let moved = client.get(app.url("/admin")).send().await.expect("admin");
    assert_eq!(moved.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(moved.headers()[header::LOCATION], "/admin/");

    // The app's page, also for the addresses it routes itself (a reload on any screen works).
    for path in ["/admin/", "/admin/c/york/pages", "/admin/c/york/pages/new"] {
        let page = app.client.get(app.url(path)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        let headers = page.headers().clone();
        let policy = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("csp");
        assert!(policy.contains("script-src 'self'"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let html = page.text().await.expect("html");
        assert!(
            html.contains("<script type=\"module\" src=\"/admin/app.js\">"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "no inline script");
    }
    let script = app
        .client
        .get(app.url("/admin/app.js"))
        .send()
        .await
        .expect("js");
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/javascript")
    );
    let etag = script.headers()[header::ETAG].clone();
    let again = app
        .client
        .get(app.url("/admin/app.js"))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("js");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let css = app
        .client
        .get(app.url("/admin/app.css"))
        .send()
        .await
        .expect("css");
    let css = css.text().await.expect("text");
    assert!(css.contains(".govuk-button"), "GOV.UK Frontend's styles");
    assert!(
        !css.contains("GDS Transport"),
        "GOV.UK's typeface is for GOV.UK only"
    );
    // A missing file is a 404, not the app's page.
    let missing = app
        .client
        .get(app.url("/admin/missing.js"))
        .send()
        .await
        .expect("missing");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cookie_session_keeps_the_refresh_token_out_of_reach_of_scripts_and_other_sites() {
    let app = spawn_app().await;
    app.create_user("editor@york.test", false).await;
    let own = app.address.clone();
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "editor@york.test", "password": PASSWORD, "session": "cookie"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = login.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    for part in [
        "townhall_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP here: {cookie}");
    let body: Value = login.json().await.expect("json");
    assert!(body["access_token"].is_string());
    assert!(
        body.get("refresh_token").is_none(),
        "not in the body: {body}"
    );
    let session = cookie.split(';').next().expect("pair").to_owned();

    let refresh = |origin: Option<String>, header_value: Option<&'static str>, cookie: String| {
        let app = &app;
        async move {
            let mut request = app
                .client
                .post(app.url("/api/v1/auth/refresh"))
                .header(header::COOKIE, cookie);
            if let Some(origin) = origin {
                request = request.header(header::ORIGIN, origin);
            }
            if let Some(value) = header_value {
                request = request.header("x-townhall-session", value);
            }
            request.send().await.expect("refresh")
        }
    };
    // Without the header, from another site, or with no origin: refused, and the session still works after.
    for (origin, value) in [
        (Some(own.clone()), None),
        (Some("https://evil.example".to_owned()), Some("cookie")),
        (None, Some("cookie")),
    ] {
        let refused = refresh(origin.clone(), value, session.clone()).await;
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {value:?}"
        );
    }
    let renewed = refresh(Some(own.clone()), Some("cookie"), session.clone()).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let next = renewed.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    assert_ne!(next, session, "the refresh token rotates");
    let body: Value = renewed.json().await.expect("json");
    let access = body["access_token"].as_str().expect("access").to_owned();
    let me = app.get(&access, "/api/v1/auth/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    // The old cookie is spent; replaying it ends the whole session (reuse detection).
    let replay = refresh(Some(own.clone()), Some("cookie"), session.clone()).await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);

    // Signing out clears the cookie and revokes it.
    let fresh = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "editor@york.test", "password": PASSWORD, "session": "cookie"}))
        .send()
        .await
        .expect("login");
    let fresh = fresh.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header(header::COOKIE, fresh.clone())
        .header(header::ORIGIN, own.clone())
        .header("x-townhall-session", "cookie")
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared = out.headers()[header::SET_COOKIE].to_str().expect("cookie");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let after = refresh(Some(own), Some("cookie"), fresh).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_admin_apps_own_pages_may_call_the_api_with_a_token_without_being_listed() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    // Same origin (the Origin names the host asked): not a cross-origin call, so no list applies.
    let own = app
        .client
        .post(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&admin)
        .header(header::ORIGIN, app.address.clone())
        .json(&json!({"content": {"translations": {"en": {"title": "Bins", "slug": "bins"}}}}))
        .send()
        .await
        .expect("create");
    assert_eq!(own.status(), StatusCode::CREATED);
    let other = app
        .client
        .post(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&admin)
        .header(header::ORIGIN, "http://localhost:9")
        .json(&json!({"content": {"translations": {"en": {"title": "Bins", "slug": "bins-2"}}}}))
        .send()
        .await
        .expect("create");
    assert_eq!(
        other.status(),
        StatusCode::FORBIDDEN,
        "other origins still need listing"
    );
}
