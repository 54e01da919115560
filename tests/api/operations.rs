use std::{
    io::{BufRead, BufReader, Write},
    process::{Command, Stdio},
    time::Duration,
};

use migration::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::{ConnectOptions, Database};
use serde_json::Value;
use townhall::startup::Application;

use crate::helpers::{PASSWORD, error_code, spawn_app};

const BIN: &str = env!("CARGO_BIN_EXE_townhall");

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = spawn_app().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test]
async fn readyz_is_503_without_internals_when_the_database_is_unreachable() {
    let settings = townhall::config::Settings {
        bind: "127.0.0.1:0".into(),
        jwt_secret: Some(secrecy::SecretString::from(crate::helpers::JWT_SECRET)),
        workers: Some(1),
        ..Default::default()
    };
    let mut options = ConnectOptions::new("postgres://townhall@127.0.0.1:9/unreachable");
    options
        .connect_lazy(true)
        .connect_timeout(Duration::from_millis(500))
        .acquire_timeout(Duration::from_millis(500));
    let db = Database::connect(options).await.unwrap();
    let app = Application::build_with_db(settings, db).unwrap();
    let url = format!("http://127.0.0.1:{}/readyz", app.port());
    tokio::spawn(app.run_until_stopped());
    let response = reqwest::get(&url).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = response.text().await.unwrap();
    assert!(
        !body.contains("127.0.0.1") && !body.contains("postgres"),
        "{body}"
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
}

/// `cargo run` with nothing configured: a SQLite file and a private JWT secret appear, migrations run, URLs print.
#[tokio::test]
async fn zero_config_start_creates_the_database_and_prints_the_urls() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("TOWNHALL_BIND", "127.0.0.1:0")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Read the banner, then keep draining stdout so the server never writes into a closed pipe.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let lines: Vec<String> = tokio::task::spawn_blocking(move || {
        rx.iter()
            .filter(|l| !l.contains(" INFO ") && !l.contains(" WARN "))
            .take(5)
            .collect()
    })
    .await
    .unwrap();
    let printed = lines.join("\n");
    assert!(printed.contains("SQLite (townhall.db)"), "{printed}");
    let graphql_url = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("GraphQL API:"))
        .map(|u| u.trim().to_owned())
        .unwrap_or_else(|| panic!("no GraphQL URL in {printed}"));
    assert!(
        printed.contains("/docs/") && printed.contains("/openapi.json"),
        "{printed}"
    );
    let base = graphql_url.trim_end_matches("/graphql");
    let health = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let body: Value = reqwest::Client::new()
        .post(&graphql_url)
        .json(&serde_json::json!({"query": "{ councils { slug } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["councils"], serde_json::json!([]));
    assert!(dir.path().join("townhall.db").exists());
    let secret = dir.path().join(".townhall-jwt-secret");
    assert!(secret.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn production_mode_refuses_to_start_without_a_jwt_secret() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("TOWNHALL_PRODUCTION", "true")
        .env("TOWNHALL_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TOWNHALL_JWT_SECRET"), "{stderr}");
}

/// Links in emails and answers are made from configuration: production mode will not guess them from requests.
#[tokio::test]
async fn production_mode_refuses_to_start_without_a_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("TOWNHALL_PRODUCTION", "true")
        .env(
            "TOWNHALL_JWT_SECRET",
            "a-production-secret-of-at-least-32-chars",
        )
        .env("TOWNHALL_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TOWNHALL_PUBLIC_URL"), "{stderr}");
}

fn cli(database_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("DATABASE_URL", database_url)
        // The server's secret, so that what the command records in the audit log is MAC'd under the same key.
        .env("TOWNHALL_JWT_SECRET", crate::helpers::JWT_SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// The CLI reads the server's settings: what it creates, the running server sees.
#[tokio::test]
async fn cli_creates_councils_and_users_in_the_servers_database() {
    let app = spawn_app().await;
    let url = app.settings.database_url.clone();
    let out = cli(
        &url,
        &[
            "create-council",
            "--slug",
            "swansea",
            "--name",
            "Swansea Council",
            "--nation",
            "wales",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = cli(
        &url,
        &[
            "create-council",
            "--slug",
            "x",
            "--name",
            "X",
            "--nation",
            "mars",
        ],
        None,
    );
    assert!(!bad.status.success());

    let out = cli(
        &url,
        &[
            "create-user",
            "--email",
            "clerk@swansea.test",
            "--password-stdin",
            "--council",
            "swansea",
            "--role",
            "democratic_services",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let weak = cli(
        &url,
        &[
            "create-user",
            "--email",
            "weak@swansea.test",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!weak.status.success());

    let token = app.login("clerk@swansea.test").await.access;
    let council: Value = app
        .get(&token, "/api/v1/councils/swansea")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(council["locales"], serde_json::json!(["en", "cy"]));
    let patch = app
        .patch(
            &token,
            "/api/v1/councils/swansea",
            Some("\"1\""),
            &serde_json::json!({"name": "x"}),
        )
        .await;
    assert_eq!(error_code(patch, StatusCode::FORBIDDEN).await, "forbidden");
}

#[tokio::test]
async fn every_migration_rolls_back_and_reapplies() {
    let app = spawn_app().await;
    Migrator::down(&app.db, None).await.expect("down");
    assert!(
        Migrator::get_applied_migrations(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    Migrator::up(&app.db, None).await.expect("up again");
    assert_eq!(
        Migrator::get_pending_migrations(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );
}

/// Passwords are hashed with at least OWASP's Argon2id parameters in production: the lighter work the test suite's
/// servers use is refused there.
#[tokio::test]
async fn production_mode_refuses_password_hashing_lighter_than_owasps() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("TOWNHALL_PRODUCTION", "true")
        .env(
            "TOWNHALL_JWT_SECRET",
            "a-production-secret-of-at-least-32-chars",
        )
        .env("TOWNHALL_PUBLIC_URL", "https://townhall.example.gov.uk")
        .env("TOWNHALL_PASSWORD_HASH_MEMORY_KIB", "256")
        .env("TOWNHALL_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("TOWNHALL_PASSWORD_HASH_MEMORY_KIB"),
        "{stderr}"
    );
}
