//! Webhooks: signed deliveries in the background, retries after a receiver failure, the delivery log and replay,
//! and refusal of addresses on private networks.
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{error_code, spawn_app, spawn_app_with};

/// What a test receiver got: (signature header, body).
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// A receiver on 127.0.0.1 that answers 500 to its first `failures` requests, then 200.
async fn receiver(failures: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let attempts = Arc::new(Mutex::new(0usize));
    let data = (received.clone(), attempts);
    let server = HttpServer::new(move || {
        let data = data.clone();
        App::new().default_service(web::to(move |req: HttpRequest, body: String| {
            let (received, attempts) = data.clone();
            async move {
                let mut n = attempts.lock().expect("lock");
                *n += 1;
                if *n <= failures {
                    return HttpResponse::InternalServerError().finish();
                }
                let signature = req
                    .headers()
                    .get("townhall-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                received.lock().expect("lock").push((signature, body));
                HttpResponse::Ok().finish()
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    (format!("http://127.0.0.1:{port}/hook"), received)
}

/// Checks a `t=...,v1=...` signature of `body` with `secret`.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut parts = header.split(',');
    let (Some(t), Some(v1)) = (
        parts.next().and_then(|p| p.strip_prefix("t=")),
        parts.next().and_then(|p| p.strip_prefix("v1=")),
    ) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{t}.{body}").as_bytes());
    hex::decode(v1).is_ok_and(|sig| mac.verify_slice(&sig).is_ok())
}

async fn wait_for(received: &Received, count: usize) -> Vec<(String, String)> {
    crate::helpers::eventually(&format!("{count} deliveries received"), || async {
        let got = received.lock().expect("lock").clone();
        (got.len() >= count).then_some(got)
    })
    .await
}

#[tokio::test]
async fn deliveries_are_signed_retried_logged_and_replayable() {
    let app = spawn_app_with(|s| {
        s.webhooks_allow_private = true;
        s.webhook_retry_base_ms = 200;
    })
    .await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let (url, received) = receiver(2).await;
    let created = app
        .post(
            &admin,
            "/api/v1/councils/york/webhooks",
            &json!({"url": url, "events": ["published", "deleted"], "kinds": ["page"]}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("json");
    let secret = created["secret"].as_str().expect("secret").to_owned();
    let hook = created["id"].as_str().expect("id").to_owned();
    let listed: Value = app
        .get(&admin, "/api/v1/councils/york/webhooks")
        .await
        .json()
        .await
        .expect("json");
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is shown once: {listed}"
    );

    let website = app
        .patch(
            &admin,
            "/api/v1/councils/york",
            Some("\"1\""),
            &json!({"website_url": "https://www.york.gov.uk"}),
        )
        .await;
    assert_eq!(website.status(), StatusCode::OK);

    // A news article is not a page: no delivery. The page's publication is delivered after two failures.
    app.published(
        &admin,
        "york",
        "news",
        json!({"translations": {"en": {"title": "N", "slug": "n"}}}),
    )
    .await;
    let page = app
        .published(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    let got = wait_for(&received, 1).await;
    assert_eq!(got.len(), 1, "one delivery, after retries");
    let (signature, body) = &got[0];
    assert!(
        verify(&secret, signature, body),
        "signature {signature} verifies"
    );
    assert!(!verify("whsec_wrong", signature, body));
    let payload: Value = serde_json::from_str(body).expect("json body");
    assert_eq!(payload["event"], "published");
    assert_eq!(payload["council"], "york");
    assert_eq!(payload["item"]["id"], json!(page));
    assert_eq!(payload["item"]["path"], "/bins");
    assert_eq!(payload["item"]["url"], "https://www.york.gov.uk/bins");

    // The receiver has the body before the runner records the response: wait for the record.
    let log: Value = crate::helpers::eventually("the delivery recorded as delivered", || async {
        let log: Value = app
            .get(
                &admin,
                &format!("/api/v1/councils/york/webhooks/{hook}/deliveries"),
            )
            .await
            .json()
            .await
            .expect("json");
        (log[0]["status"] == "delivered").then_some(log)
    })
    .await;
    assert_eq!(log.as_array().expect("log").len(), 1, "{log}");
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status"], 200);

    // Replay sends the same payload again.
    let delivery = log[0]["id"].as_str().expect("id");
    let replayed = app
        .post(
            &admin,
            &format!("/api/v1/councils/york/webhooks/{hook}/deliveries/{delivery}/replay"),
            &json!({}),
        )
        .await;
    assert_eq!(replayed.status(), StatusCode::ACCEPTED);
    let got = wait_for(&received, 2).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].1, got[0].1);
    assert!(verify(&secret, &got[1].0, &got[1].1));
}

#[tokio::test]
async fn a_receiver_that_is_down_never_blocks_or_fails_the_edit() {
    let app = spawn_app_with(|s| {
        s.webhooks_allow_private = true;
        s.webhook_retry_base_ms = 60_000;
    })
    .await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    // Nothing listens on this port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    drop(listener);
    let created = app
        .post(
            &admin,
            "/api/v1/councils/york/webhooks",
            &json!({"url": url, "events": ["published"]}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let hook: Value = created.json().await.expect("json");
    app.published(
        &admin,
        "york",
        "pages",
        json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
    )
    .await;
    let path = format!(
        "/api/v1/councils/york/webhooks/{}/deliveries",
        hook["id"].as_str().expect("id")
    );
    // The runner claims a delivery (attempts + 1) before it sends, and records the outcome after: wait for the
    // outcome.
    let log: Value = crate::helpers::eventually("the failed attempt recorded", || async {
        let log: Value = app.get(&admin, &path).await.json().await.expect("json");
        log[0]["last_error"].is_string().then_some(log)
    })
    .await;
    assert_eq!(log[0]["status"], "pending", "{log}");
    assert_eq!(log[0]["attempts"], 1);
    assert!(
        log[0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("could not reach")),
        "{log}"
    );
}

#[tokio::test]
async fn webhooks_to_private_or_loopback_addresses_are_refused() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "ftp://example.com/hook",
    ] {
        let refused = app
            .post(
                &admin,
                "/api/v1/councils/york/webhooks",
                &json!({"url": url, "events": ["published"]}),
            )
            .await;
        assert_eq!(
            error_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await,
            "validation_failed",
            "{url}"
        );
    }
    let listed: Value = app
        .get(&admin, "/api/v1/councils/york/webhooks")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed, json!([]));
}
