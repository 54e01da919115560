use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{JWT_SECRET, PASSWORD, error_code, login_from, spawn_app, spawn_app_with};

#[tokio::test]
async fn login_returns_bearer_tokens_and_me_describes_the_user() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "leeds", "england").await;
    app.member(&admin, "leeds", "Editor@Leeds.gov.uk", "editor")
        .await;

    // Email is case-insensitive.
    let response = app.login_response("editor@leeds.GOV.uk", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().starts_with("thr_"));
    let access = body["access_token"].as_str().unwrap();

    let me: Value = app
        .get(access, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "Editor@Leeds.gov.uk");
    assert_eq!(me["platform_admin"], false);
    assert_eq!(
        me["memberships"],
        json!([{"council": "leeds", "council_name": "leeds council", "role": "editor"}])
    );
}

#[tokio::test]
async fn unknown_user_and_wrong_password_answer_identically() {
    let app = spawn_app().await;
    app.create_user("known@townhall.test", false).await;
    let wrong = app
        .login_response("known@townhall.test", "not the password at all")
        .await;
    let unknown = app
        .login_response("nobody@townhall.test", "not the password at all")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_revokes_the_session() {
    let app = spawn_app().await;
    app.create_user("user@townhall.test", false).await;
    let first = app.login("user@townhall.test").await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": first.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let second: Value = response.json().await.unwrap();
    let second_refresh = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, first.refresh);
    let me = app
        .get(second["access_token"].as_str().unwrap(), "/api/v1/auth/me")
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    // The first token was used: using it again is theft or a bug, and ends the whole session.
    let reuse = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": first.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(reuse, StatusCode::UNAUTHORIZED).await,
        "unauthorized"
    );
    let after = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": second_refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = spawn_app().await;
    app.create_user("user@townhall.test", false).await;
    let tokens = app.login("user@townhall.test").await;
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({"refresh_token": tokens.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": tokens.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn password_change_ends_every_session() {
    let app = spawn_app().await;
    app.create_user("user@townhall.test", false).await;
    let tokens = app.login("user@townhall.test").await;
    let other_session = app.login("user@townhall.test").await;

    let too_short = app
        .post(
            &tokens.access,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(
        error_code(too_short, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let wrong_current = app
        .post(
            &tokens.access,
            "/api/v1/auth/password",
            &json!({"current_password": "wrong wrong wrong", "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(wrong_current.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let changed = app
        .post(
            &tokens.access,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);

    assert_eq!(
        app.get(&tokens.access, "/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&other_session.access, "/api/v1/auth/me")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": other_session.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login_response("user@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_response("user@townhall.test", "a brand new passphrase")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn ten_failures_for_an_account_throttle_it_from_new_clients_with_retry_after() {
    // Each attempt from a different address (behind a trusted proxy), so only the account count rises.
    let app = spawn_app_with(|s| {
        s.trust_forwarded_for = true;
        s.login_max_failures_per_account = 10;
    })
    .await;
    app.create_user("target@townhall.test", false).await;
    for i in 0..10 {
        let r = login_from(
            &app,
            &format!("192.0.2.{i}"),
            "target@townhall.test",
            "guess guess guess",
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Even the right password from an address the account never signed in from waits while it is throttled.
    let throttled = login_from(&app, "198.51.100.7", "target@townhall.test", PASSWORD).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=900).contains(&retry_after),
        "Retry-After {retry_after}"
    );
    assert_eq!(
        error_code(throttled, StatusCode::TOO_MANY_REQUESTS).await,
        "rate_limited"
    );
    // Another account is not affected.
    app.create_user("other@townhall.test", false).await;
    assert_eq!(
        login_from(&app, "198.51.100.8", "other@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn failures_from_one_client_across_accounts_throttle_the_client() {
    let app = spawn_app_with(|s| s.login_max_failures_per_client = 4).await;
    app.create_user("real@townhall.test", false).await;
    for i in 0..4 {
        let r = app
            .login_response(&format!("nobody{i}@townhall.test"), "guess guess guess")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = app.login_response("real@townhall.test", PASSWORD).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_account_failures() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.trust_forwarded_for = true;
    })
    .await;
    app.create_user("user@townhall.test", false).await;
    for i in 0..2 {
        login_from(
            &app,
            &format!("192.0.2.{i}"),
            "user@townhall.test",
            "guess guess guess",
        )
        .await;
    }
    assert_eq!(
        login_from(&app, "192.0.2.10", "user@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    for i in 20..22 {
        login_from(
            &app,
            &format!("192.0.2.{i}"),
            "user@townhall.test",
            "guess guess guess",
        )
        .await;
    }
    // Four failures in all, but only two since the last success.
    assert_eq!(
        login_from(&app, "192.0.2.30", "user@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

fn forge(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        signature
    )
}

fn claims(sub: &str, iss: &str, aud: &str, exp_offset: i64, sid: &Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"iss": iss, "aud": aud, "sub": sub, "iat": now, "exp": now + exp_offset, "jti": "x", "sep": 0, "sid": sid})
}

#[tokio::test]
async fn forged_and_expired_tokens_are_refused() {
    let app = spawn_app().await;
    let user = app
        .create_user("user@townhall.test", true)
        .await
        .to_string();
    // The session of a real sign-in (an access token names its session, which must be open).
    let signed_in = app.login("user@townhall.test").await.access;
    let payload = signed_in.split('.').nth(1).expect("payload");
    let payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json");
    let sid = payload["sid"].clone();
    assert!(sid.is_string(), "{payload}");
    let good_claims = claims(&user, "townhall", "townhall-api", 600, &sid);

    // A correctly signed token works: the checks below fail for the reason they name.
    let key = EncodingKey::from_secret(JWT_SECRET.as_bytes());
    let good = encode(&Header::new(Algorithm::HS256), &good_claims, &key).unwrap();
    assert_eq!(
        app.get(&good, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );

    let alg_none = forge(&json!({"alg": "none", "typ": "JWT"}), &good_claims, "");
    let wrong_key = encode(
        &Header::new(Algorithm::HS256),
        &good_claims,
        &EncodingKey::from_secret(b"another-secret-another-secret-another-secret"),
    )
    .unwrap();
    let other_alg = encode(&Header::new(Algorithm::HS512), &good_claims, &key).unwrap();
    let expired = encode(
        &Header::new(Algorithm::HS256),
        &claims(&user, "townhall", "townhall-api", -3600, &sid),
        &key,
    )
    .unwrap();
    let wrong_aud = encode(
        &Header::new(Algorithm::HS256),
        &claims(&user, "townhall", "someone-else", 600, &sid),
        &key,
    )
    .unwrap();
    let wrong_iss = encode(
        &Header::new(Algorithm::HS256),
        &claims(&user, "evil", "townhall-api", 600, &sid),
        &key,
    )
    .unwrap();
    let mut no_exp = good_claims.clone();
    no_exp.as_object_mut().unwrap().remove("exp");
    let no_exp = encode(&Header::new(Algorithm::HS256), &no_exp, &key).unwrap();
    let unknown_user = encode(
        &Header::new(Algorithm::HS256),
        &claims(
            &uuid::Uuid::now_v7().to_string(),
            "townhall",
            "townhall-api",
            600,
            &sid,
        ),
        &key,
    )
    .unwrap();
    let mut no_session = good_claims.clone();
    no_session.as_object_mut().unwrap().remove("sid");
    let no_session = encode(&Header::new(Algorithm::HS256), &no_session, &key).unwrap();
    let made_up_session = encode(
        &Header::new(Algorithm::HS256),
        &claims(
            &user,
            "townhall",
            "townhall-api",
            600,
            &json!(uuid::Uuid::now_v7()),
        ),
        &key,
    )
    .unwrap();

    for (name, token) in [
        ("no session", no_session),
        ("a session never opened", made_up_session),
        ("alg none", alg_none),
        ("wrong key", wrong_key),
        ("HS512", other_alg),
        ("expired", expired),
        ("wrong aud", wrong_aud),
        ("wrong iss", wrong_iss),
        ("no exp", no_exp),
        ("unknown user", unknown_user),
        ("garbage", "not.a.jwt".to_owned()),
    ] {
        let response = app.get(&token, "/api/v1/councils").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(
            error_code(response, StatusCode::UNAUTHORIZED).await,
            "unauthorized",
            "{name}"
        );
    }
    let missing = app
        .client
        .get(app.url("/api/v1/councils"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        error_code(missing, StatusCode::UNAUTHORIZED).await,
        "unauthorized"
    );
}

#[tokio::test]
async fn passwords_are_argon2id_with_owasp_parameters() {
    // With the default settings (the suite's servers otherwise hash with less work).
    let defaults = townhall::config::Settings::default();
    let app = crate::helpers::spawn_app_with(|s| {
        s.password_hash_memory_kib = defaults.password_hash_memory_kib;
        s.password_hash_iterations = defaults.password_hash_iterations;
    })
    .await;
    let id = app.create_user("user@townhall.test", false).await;
    let user = townhall::auth::store::find_user(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        user.password_hash
    );
}

#[tokio::test]
async fn signing_out_ends_the_access_token_at_once_and_only_that_session() {
    let app = spawn_app().await;
    app.create_user("user@townhall.test", false).await;
    let laptop = app.login("user@townhall.test").await;
    let phone = app.login("user@townhall.test").await;
    for tokens in [&laptop, &phone] {
        let me = app.get(&tokens.access, "/api/v1/auth/me").await;
        assert_eq!(me.status(), StatusCode::OK);
    }
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({"refresh_token": laptop.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    // The laptop's access token, minutes from expiry, no longer works; the phone's session goes on.
    let me = app.get(&laptop.access, "/api/v1/auth/me").await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let me = app.get(&phone.access, "/api/v1/auth/me").await;
    assert_eq!(me.status(), StatusCode::OK);

    // A refresh token used twice ends its session's access tokens too.
    let renewed: Value = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": phone.refresh}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = renewed["access_token"].as_str().expect("access").to_owned();
    assert_eq!(
        app.get(&access, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );
    let replay = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": phone.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get(&access, "/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_often_it_is_refreshed() {
    // Sessions last an hour from their sign-in; access tokens half an hour, so that the last one given is still
    // within its own lifetime when the session ends. The servers' clock is moved, not waited for.
    let app = crate::helpers::spawn_app_with(|s| {
        s.session_max_age_secs = 3600;
        s.access_token_ttl_secs = 1800;
    })
    .await;
    app.create_user("user@townhall.test", false).await;
    let own = app.address.clone();
    let mut bearer = app.login("user@townhall.test").await.refresh;
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "user@townhall.test", "password": crate::helpers::PASSWORD, "session": "cookie"}))
        .send()
        .await
        .unwrap();
    let session_cookie = |response: &reqwest::Response| {
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let mut cookie = session_cookie(&login);
    let refresh_bearer = |token: String| {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": token}))
            .send()
    };
    let refresh_cookie = |cookie: String| {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .header("cookie", cookie)
            .header("origin", own.clone())
            .header("x-townhall-session", "cookie")
            .send()
    };
    let mut last_access = String::new();
    // Refreshed every quarter of an hour: three times within the hour.
    for _ in 0..3 {
        app.settings.clock.advance(chrono::Duration::minutes(15));
        let by_body = refresh_bearer(bearer.clone()).await.unwrap();
        assert_eq!(by_body.status(), StatusCode::OK);
        let body: Value = by_body.json().await.unwrap();
        bearer = body["refresh_token"].as_str().unwrap().to_owned();
        last_access = body["access_token"].as_str().unwrap().to_owned();
        let by_cookie = refresh_cookie(cookie.clone()).await.unwrap();
        assert_eq!(by_cookie.status(), StatusCode::OK);
        cookie = session_cookie(&by_cookie);
    }
    assert_eq!(
        app.get(&last_access, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );
    // An hour and a minute after signing in, both sessions are over, however recently refreshed.
    app.settings.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(
        refresh_bearer(bearer).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh_cookie(cookie).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // The access token the session last gave is over too, though its own half hour is not.
    assert_eq!(
        app.get(&last_access, "/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Signing in again starts a new session.
    let again = app.login("user@townhall.test").await;
    assert_eq!(
        app.get(&again.access, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );
}
