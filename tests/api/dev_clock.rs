//! `POST /dev/clock` (TOWNHALL_DEV_CLOCK): browser tests move a server's clock instead of waiting. It exists only
//! when so configured, only platform administrators may use it, it only goes forward and production mode refuses
//! the setting.
use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn the_dev_clock_moves_time_for_platform_administrators_only_and_only_when_configured() {
    let app = spawn_app_with(|s| s.dev_clock = true).await;
    let admin = app.platform_admin().await;
    let before = app.settings.clock.now();
    let moved = app
        .post(&admin, "/dev/clock", &json!({"advance_secs": 3600}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    assert!(app.settings.clock.now() - before >= chrono::Duration::hours(1));
    // The administrator's own token (15 minutes) has now expired by the server's clock.
    let me = app.get(&admin, "/api/v1/auth/me").await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

    let admin = app.login("platform@townhall.test").await.access;
    for refused in [
        json!({"advance_secs": -5}),
        json!({"advance_secs": 40_000_000}),
    ] {
        let answer = app.post(&admin, "/dev/clock", &refused).await;
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{refused}"
        );
    }
    app.create_council(&admin, "york", "england").await;
    let editor = app
        .member(&admin, "york", "editor@york.test", "editor")
        .await
        .access;
    let answer = app
        .post(&editor, "/dev/clock", &json!({"advance_secs": 60}))
        .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let anonymous = app
        .client
        .post(app.url("/dev/clock"))
        .json(&json!({"advance_secs": 60}))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Without the setting there is no such address.
    let plain = spawn_app().await;
    let admin = plain.platform_admin().await;
    let answer = plain
        .post(&admin, "/dev/clock", &json!({"advance_secs": 60}))
        .await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn production_mode_refuses_the_dev_clock() {
    let dir = tempfile::tempdir().expect("dir");
    let output = Command::new(env!("CARGO_BIN_EXE_townhall"))
        .current_dir(dir.path())
        .env_clear()
        .env("TOWNHALL_PRODUCTION", "true")
        .env(
            "TOWNHALL_JWT_SECRET",
            "a-production-secret-of-at-least-32-chars",
        )
        .env("TOWNHALL_PUBLIC_URL", "https://townhall.example.gov.uk")
        .env("TOWNHALL_DEV_CLOCK", "true")
        .env("TOWNHALL_BIND", "127.0.0.1:0")
        .output()
        .expect("run townhall");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TOWNHALL_DEV_CLOCK"), "{stderr}");
}
