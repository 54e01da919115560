//! The second security round: one council cannot stop the shared machinery, links never come from the request,
//! every body is judged by the text rule whatever its type and encoding, throttles protect people without locking
//! them out, and only plain email addresses are taken. Each test reproduces a finding of the black-box test.
use std::io::Write;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, SmtpSink, TestApp, error_code, eventually, login_from, spawn_app, spawn_app_with,
    token_in,
};

fn page(title: &str, slug: &str) -> Value {
    json!({"translations": {"en": {"title": title, "slug": slug, "summary": format!("About {title}")}}})
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned()
}

/// Schedules an item's publication at `at` as `token`.
async fn schedule(
    app: &TestApp,
    token: &str,
    council: &str,
    collection: &str,
    id: &str,
    at: chrono::DateTime<Utc>,
) {
    let path = format!("/api/v1/councils/{council}/{collection}/{id}");
    let current = app.get(token, &path).await;
    let tag = etag(&current);
    let scheduled = app
        .put(
            token,
            &format!("{path}/schedule"),
            Some(&tag),
            &json!({"publish_at": at}),
        )
        .await;
    assert_eq!(
        scheduled.status(),
        StatusCode::OK,
        "schedule {collection} {id}"
    );
}

async fn is_live(app: &TestApp, council: &str, path: &str) -> bool {
    app.client
        .get(app.url(&format!(
            "/delivery/v1/councils/{council}/route?path={path}"
        )))
        .send()
        .await
        .expect("route")
        .status()
        == StatusCode::OK
}

/// Finding 1: dates far outside the calendar are refused at every door, naming the field.
#[tokio::test]
async fn dates_outside_1900_to_2200_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let event = |date: &str, until: &str| {
        json!({"content": {"date": date, "recurrence": {"frequency": "weekly", "until": until},
            "translations": {"en": {"title": "Fair", "slug": "fair"}}}})
    };
    for (body, field) in [
        (event("+262142-01-01", "2026-12-31"), "content.date"),
        (event("1899-12-31", "2026-12-31"), "content.date"),
        (
            event("2026-12-07", "2201-01-01"),
            "content.recurrence.until",
        ),
        (event("-262143-01-01", "2026-12-31"), "content.date"),
    ] {
        let refused = app
            .post(&admin, "/api/v1/councils/york/events", &body)
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: Value = refused.json().await.expect("json");
        assert_eq!(
            error["error"]["details"]["fields"][0]["field"], field,
            "{error}"
        );
        assert!(
            error["error"]["details"]["fields"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("1900-01-01 to 2200-12-31"))
        );
    }
    // The edges of the range are accepted.
    let accepted = app
        .post(
            &admin,
            "/api/v1/councils/york/events",
            &event("2200-12-01", "2200-12-31"),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::CREATED);
    // Query parameters too.
    let listed = app
        .client
        .get(app.url("/delivery/v1/councils/york/events?from=%2B262142-01-01"))
        .send()
        .await
        .expect("list");
    assert_eq!(listed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // And GraphQL's arguments.
    let answer = app
        .graphql_json(
            r#"{ council(slug: "york") { events(from: "9999-01-01T00:00:00Z") { totalCount } } }"#,
        )
        .await;
    assert!(
        answer["errors"]
            .to_string()
            .contains("1900-01-01 to 2200-12-31"),
        "{answer}"
    );
}

/// Finding 1: an event stored with a date at the calendar's end (as data from before the rule could be) made the
/// shared jobs runner panic and stop for every council. Now its job fails alone and the others run.
#[tokio::test]
async fn an_event_past_the_calendar_s_end_does_not_stop_anyone_s_scheduled_publishing() {
    let app = spawn_app_with(|s| s.jobs_interval_ms = 50).await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let york = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let leeds = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;

    let event = json!({"date": "2026-12-20", "recurrence": {"frequency": "weekly", "count": 1},
        "translations": {"en": {"title": "Far fair", "slug": "far-fair"}}});
    let (event_id, _) = app.create_item(&york, "york", "events", event).await;
    let (page_id, _) = app
        .create_item(&leeds, "leeds", "pages", page("Bins", "bins"))
        .await;
    let at = Utc::now() + Duration::hours(1);
    schedule(&app, &york, "york", "events", &event_id, at).await;
    schedule(
        &app,
        &leeds,
        "leeds",
        "pages",
        &page_id,
        at + Duration::seconds(1),
    )
    .await;
    // The event's stored revision now reaches the calendar's last year.
    let changed = app
        .db
        .execute_unprepared(
            "UPDATE content_revisions SET content = REPLACE(content, '\"date\":\"2026-12-20\"', '\"date\":\"+262142-01-01\"')",
        )
        .await
        .expect("update");
    assert!(changed.rows_affected() >= 1);

    app.settings.clock.advance(Duration::hours(2));
    eventually("Leeds's scheduled page to be published", || async {
        is_live(&app, "leeds", "/bins").await.then_some(())
    })
    .await;
    // The runner goes on: a page scheduled afterwards is published too. (Two hours on, the access token has
    // expired by the same clock: sign in again.)
    let leeds = app.login("admin@leeds.test").await.access;
    let york = app.login("admin@york.test").await.access;
    let (later_id, _) = app
        .create_item(&leeds, "leeds", "pages", page("Parking", "parking"))
        .await;
    schedule(
        &app,
        &leeds,
        "leeds",
        "pages",
        &later_id,
        Utc::now() + Duration::hours(3),
    )
    .await;
    app.settings.clock.advance(Duration::hours(2));
    eventually("the next scheduled page to be published", || async {
        is_live(&app, "leeds", "/parking").await.then_some(())
    })
    .await;
    // Every job is done: the event's (failed alone, or run), and both of Leeds's.
    let pending = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL",
        ))
        .await
        .expect("count")
        .expect("a row");
    assert_eq!(pending.try_get::<i64>("", "n").expect("n"), 0);
    // Publishing the event directly answers, never drops the connection.
    let direct = app.act(&york, "york", "events", &event_id, "publish").await;
    assert!(
        direct.status().is_success() || direct.status().is_client_error(),
        "{}",
        direct.status()
    );
}

/// Finding 3: with a forged `Host`, emails and answers still carry the configured address.
#[tokio::test]
async fn a_forged_host_never_makes_a_link() {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let app = spawn_app_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = townhall::config::SmtpSecurity::None;
    })
    .await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let forged = |request: reqwest::RequestBuilder| {
        request
            .header("host", "attacker.example")
            .header("x-forwarded-host", "attacker.example")
            .header("x-forwarded-proto", "https")
    };
    let reset = forged(app.client.post(app.url("/api/v1/auth/password-reset")))
        .json(&json!({"email": "admin@york.test"}))
        .send()
        .await
        .expect("reset");
    assert_eq!(reset.status(), StatusCode::ACCEPTED);
    let invite = forged(
        app.client
            .post(app.url("/api/v1/councils/york/invitations")),
    )
    .bearer_auth(&admin)
    .json(&json!({"email": "new@york.test", "role": "editor"}))
    .send()
    .await
    .expect("invite");
    assert_eq!(invite.status(), StatusCode::ACCEPTED);
    let emails = sink.wait_for(2).await;
    for email in &emails {
        assert!(!email.contains("attacker.example"), "{email}");
        assert!(
            email.contains(&format!("{}/admin/", app.address)),
            "{email}"
        );
    }
    let (id, _) = app
        .create_item(&admin, "york", "news", page("Bins", "bins"))
        .await;
    app.publish(&admin, "york", "news", &id).await;
    for path in [
        "/feeds/york/news.atom",
        "/delivery/v1/councils/york/openreferral/organizations",
        "/delivery/v1/councils/york/news",
    ] {
        let answer = forged(app.client.get(app.url(path)))
            .send()
            .await
            .expect("get");
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        let text = answer.text().await.expect("text");
        assert!(!text.contains("attacker.example"), "{path}: {text}");
    }
    let graphql = forged(app.client.post(app.url("/graphql")))
        .json(&json!({"query": r#"{ council(slug: "york") { newsArticle(slug: "bins") { alternates { url } } } }"#}))
        .send()
        .await
        .expect("graphql");
    assert!(
        !graphql
            .text()
            .await
            .expect("text")
            .contains("attacker.example")
    );
}

fn encode(encoding: &str, body: &[u8]) -> Vec<u8> {
    match encoding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(body).expect("gzip");
            e.finish().expect("gzip")
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(body).expect("deflate");
            e.finish().expect("deflate")
        }
        "br" => {
            let mut out = Vec::new();
            let mut e = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            e.write_all(body).expect("br");
            drop(e);
            out
        }
        "zstd" => zstd::encode_all(body, 3).expect("zstd"),
        _ => body.to_vec(),
    }
}

/// Finding 4: `text/json`, `+json` types and compressed bodies passed control characters through (500 on
/// PostgreSQL, stored on SQLite). Now each combination is judged as the handler reads it: 422, never 500, never
/// stored.
#[tokio::test]
async fn every_json_type_and_content_encoding_meets_the_text_rule() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let sign_in = json!({"email": "admin@york.test\u{0}", "password": PASSWORD}).to_string();
    let create =
        json!({"content": {"translations": {"en": {"title": "Bins\u{0}day", "slug": "bins"}}}})
            .to_string();
    let rename = json!({"name": "York\r\nBcc: victim@b.test"}).to_string();
    for content_type in [
        "application/json",
        "text/json",
        "application/vnd.townhall+json",
        "application/json; charset=utf-8",
    ] {
        for encoding in ["identity", "gzip", "deflate", "br", "zstd"] {
            for (path, body, token) in [
                ("/api/v1/auth/login", &sign_in, None),
                ("/api/v1/councils/york/pages", &create, Some(&admin)),
            ] {
                let mut request = app
                    .client
                    .post(app.url(path))
                    .header("content-type", content_type)
                    .body(encode(encoding, body.as_bytes()));
                if encoding != "identity" {
                    request = request.header("content-encoding", encoding);
                }
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let answer = request.send().await.expect("send");
                let status = answer.status();
                let text = answer.text().await.expect("text");
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path} {content_type} {encoding}: {text}"
                );
                assert!(text.contains("U+0000"), "{text}");
            }
            let renamed = app
                .client
                .patch(app.url("/api/v1/councils/york"))
                .bearer_auth(&platform)
                .header("content-type", content_type)
                .header("content-encoding", encoding)
                .header("if-match", "*")
                .body(encode(encoding, rename.as_bytes()))
                .send()
                .await
                .expect("rename");
            assert_eq!(
                renamed.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{content_type} {encoding}"
            );
        }
    }
    // A compressed body that is good JSON is read decoded by the handler, as it was judged.
    let good = json!({"content": page("Bins", "bins")}).to_string();
    let created = app
        .client
        .post(app.url("/api/v1/councils/york/pages"))
        .bearer_auth(&admin)
        .header("content-type", "text/json")
        .header("content-encoding", "gzip")
        .body(encode("gzip", good.as_bytes()))
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);
    let pages: Value = app
        .get(&admin, "/api/v1/councils/york/pages")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(pages["items"].as_array().map(Vec::len), Some(1), "{pages}");
    let council: Value = app
        .get(&platform, "/api/v1/councils/york")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(council["name"], "york council");
    // A body that claims an encoding it does not have is a 400, not a 500.
    let broken = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(sign_in.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
}

/// Finding 8: guesses from many addresses used to lock the owner out for as long as they went on. The owner, at
/// an address they signed in from before, still gets in; the ceiling holds the guessers (and new addresses).
#[tokio::test]
async fn guesses_from_other_addresses_do_not_keep_the_owner_out() {
    let app = spawn_app_with(|s| {
        s.trust_forwarded_for = true;
        s.login_max_failures_per_account = 8;
    })
    .await;
    app.create_user("owner@townhall.test", false).await;
    assert_eq!(
        login_from(&app, "10.0.0.1", "owner@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    let mut throttled = 0;
    for i in 0..14 {
        let guess = login_from(
            &app,
            &format!("192.0.2.{i}"),
            "owner@townhall.test",
            "guess guess guess",
        )
        .await;
        match guess.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("guess {i}: {other}"),
        }
    }
    assert!(
        throttled >= 5,
        "the account's ceiling held {throttled} guesses"
    );
    assert_eq!(
        login_from(&app, "10.0.0.1", "owner@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    // An address the owner never used meets the ceiling while the guessing lasts.
    let fresh = login_from(&app, "198.51.100.7", "owner@townhall.test", PASSWORD).await;
    assert_eq!(fresh.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        error_code(fresh, StatusCode::TOO_MANY_REQUESTS).await,
        "rate_limited"
    );
}

/// Finding 8: twelve wrong guesses from one office address locked out everybody behind it.
#[tokio::test]
async fn wrong_guesses_from_an_office_address_do_not_lock_out_the_colleagues_behind_it() {
    let app = spawn_app_with(|s| {
        s.trust_forwarded_for = true;
        s.login_max_failures_per_client = 6;
    })
    .await;
    app.create_user("colleague@townhall.test", false).await;
    app.create_user("newcomer@townhall.test", false).await;
    let office = "203.0.113.10";
    assert_eq!(
        login_from(&app, office, "colleague@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    for i in 0..12 {
        login_from(
            &app,
            office,
            &format!("someone{i}@townhall.test"),
            "guess guess guess",
        )
        .await;
    }
    assert_eq!(
        login_from(&app, office, "colleague@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    // One who never signed in from the office meets the office's limit until the waits run out.
    assert_eq!(
        login_from(&app, office, "newcomer@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// Finding 8: waits grow after the free failures, and trying on while waiting neither counts nor renews them.
#[tokio::test]
async fn waits_double_after_the_free_failures_and_trying_on_does_not_renew_them() {
    let app = spawn_app_with(|s| {
        s.trust_forwarded_for = true;
        s.login_max_failures = 3;
    })
    .await;
    app.create_user("typist@townhall.test", false).await;
    let ip = "10.1.1.1";
    for _ in 0..3 {
        assert_eq!(
            login_from(&app, ip, "typist@townhall.test", "wrong wrong wrong")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let retry_after = |r: &reqwest::Response| -> i64 {
        r.headers()["retry-after"]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds")
    };
    let first = login_from(&app, ip, "typist@townhall.test", PASSWORD).await;
    assert_eq!(first.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&first), 1);
    app.settings.clock.advance(Duration::seconds(2));
    assert_eq!(
        login_from(&app, ip, "typist@townhall.test", "wrong wrong wrong")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Four failures: the next wait is two seconds; twenty tries meanwhile do not make it longer.
    for _ in 0..20 {
        let waiting = login_from(&app, ip, "typist@townhall.test", "wrong wrong wrong").await;
        assert_eq!(waiting.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&waiting) <= 2);
    }
    app.settings.clock.advance(Duration::seconds(3));
    assert_eq!(
        login_from(&app, ip, "typist@townhall.test", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    // Signed in: the slate is clean.
    for _ in 0..3 {
        assert_eq!(
            login_from(&app, ip, "typist@townhall.test", "wrong wrong wrong")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

async fn app_with_mail(
    adjust: impl FnOnce(&mut townhall::config::Settings),
) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let app = spawn_app_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = townhall::config::SmtpSecurity::None;
        adjust(s);
    })
    .await;
    (app, sink)
}

async fn ask_reset(app: &TestApp, ip: &str, email: &str) -> StatusCode {
    app.client
        .post(app.url("/api/v1/auth/password-reset"))
        .header("x-forwarded-for", ip)
        .json(&json!({"email": email}))
        .send()
        .await
        .expect("reset")
        .status()
}

async fn set_password(app: &TestApp, token: &str) -> StatusCode {
    app.client
        .post(app.url(&format!("/api/v1/auth/password-reset/{token}")))
        .json(&json!({"password": "a brand new passphrase"}))
        .send()
        .await
        .expect("set")
        .status()
}

/// Finding 6 and 9: 41 reset requests sent 41 emails, and an older link still worked after a newer one. Now one
/// address gets a few emails an hour (the answer stays 202), and only the newest link works.
#[tokio::test]
async fn reset_emails_are_capped_per_address_and_only_the_newest_link_works() {
    let (app, sink) = app_with_mail(|s| s.trust_forwarded_for = true).await;
    app.create_user("person@townhall.test", false).await;
    for i in 0..10 {
        assert_eq!(
            ask_reset(&app, &format!("192.0.2.{i}"), "person@townhall.test").await,
            StatusCode::ACCEPTED
        );
    }
    // Each email is a reset link made: three links, so three emails and no fourth on its way.
    assert_eq!(
        crate::helpers::table_counts(&app.db).await["password_resets"],
        3
    );
    let emails = sink.wait_for(3).await;
    assert_eq!(sink.messages().len(), 3, "{:?}", sink.messages());
    let tokens: Vec<String> = emails
        .iter()
        .map(|e| token_in(e, "/admin/reset-password/"))
        .collect();
    // The emails go out side by side and may arrive in any order: the newest link is the one whose reset is
    // still open (links are kept as SHA-256 hashes).
    use sea_orm::{ConnectionTrait, Statement};
    let open = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT token_hash FROM password_resets WHERE used_at IS NULL",
        ))
        .await
        .expect("read");
    assert_eq!(open.len(), 1, "one link open");
    let open_hash: String = open[0].try_get("", "token_hash").expect("hash");
    let newest = tokens
        .iter()
        .find(|t| crate::archive::sha256_hex(t.as_bytes()) == open_hash)
        .expect("the newest link is among the emails")
        .clone();
    for older in tokens.iter().filter(|t| **t != newest) {
        assert_eq!(set_password(&app, older).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(set_password(&app, &newest).await, StatusCode::NO_CONTENT);
    assert_eq!(set_password(&app, &newest).await, StatusCode::NOT_FOUND);
    // An hour on, the address may be sent a link again.
    app.settings.clock.advance(Duration::minutes(61));
    assert_eq!(
        ask_reset(&app, "192.0.2.99", "person@townhall.test").await,
        StatusCode::ACCEPTED
    );
    sink.wait_for(4).await;
}

/// Finding 6: a flood of reset requests from one client is slowed down.
#[tokio::test]
async fn a_flood_of_reset_requests_from_one_client_is_slowed_down() {
    let app = spawn_app_with(|s| s.trust_forwarded_for = true).await;
    let mut statuses = Vec::new();
    for i in 0..41 {
        statuses.push(ask_reset(&app, "198.51.100.1", &format!("p{i}@townhall.test")).await);
    }
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::ACCEPTED));
    assert!(
        statuses[20..]
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count()
            >= 15,
        "{statuses:?}"
    );
}

/// Finding 9: an address with a display name or quotes passed validation, and mail went to another mailbox.
#[tokio::test]
async fn only_plain_email_addresses_are_taken() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    for email in [
        "\"x\"<victim@b.test>",
        "Someone <victim@b.test>",
        "a@b.test, c@d.test",
        "a(x)@b.test",
    ] {
        let reset = app
            .client
            .post(app.url("/api/v1/auth/password-reset"))
            .json(&json!({"email": email}))
            .send()
            .await
            .expect("reset");
        assert_eq!(reset.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        let invite = app
            .post(
                &platform,
                "/api/v1/councils/york/invitations",
                &json!({"email": email, "role": "editor"}),
            )
            .await;
        assert_eq!(invite.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
    }
}

async fn cookie_sign_in(app: &TestApp, forwarded_proto: Option<&str>) -> reqwest::Response {
    app.create_user("cookie@townhall.test", false).await;
    let mut request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "cookie@townhall.test", "password": PASSWORD, "session": "cookie"}));
    if let Some(proto) = forwarded_proto {
        request = request.header("x-forwarded-proto", proto);
    }
    request.send().await.expect("login")
}

/// Finding 9: the cookie origin check ignored the scheme, and `Secure` followed a client-sent
/// `X-Forwarded-Proto`.
#[tokio::test]
async fn the_session_cookie_needs_the_exact_origin_and_secure_follows_configuration() {
    let app = spawn_app().await;
    let signed_in = cookie_sign_in(&app, Some("https")).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(!cookie.contains("Secure"), "{cookie}");
    let session = cookie.split(';').next().expect("pair").to_owned();
    let refresh = |origin: String| {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .header("cookie", session.clone())
            .header("x-townhall-session", "cookie")
            .header("origin", origin)
            .send()
    };
    let port = app.address.rsplit(':').next().expect("port").to_owned();
    for origin in [
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", 1),
        "http://127.0.0.1".to_owned(),
    ] {
        let refused = refresh(origin.clone()).await.expect("refresh");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    assert_eq!(
        refresh(app.address.clone())
            .await
            .expect("refresh")
            .status(),
        StatusCode::OK
    );

    let secure =
        spawn_app_with(|s| s.public_url = Some("https://townhall.example.gov.uk".into())).await;
    let signed_in = cookie_sign_in(&secure, None).await;
    let cookie = signed_in.headers()["set-cookie"].to_str().expect("cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}
