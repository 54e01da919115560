//! `spawn_app()`: the real server on port 0 over a fresh database (a SQLite file, or a new PostgreSQL database
//! when `TOWNHALL_TEST_DATABASE_URL` is set, dropped afterwards); a second server over the same database; the address
//! of a path on it.
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use reqwest::Client;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use townhall::{config::Settings, startup::Application};
use uuid::Uuid;

/// The secret the servers sign access tokens with.
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

/// A running server and what tests use to talk to it: its address, an HTTP client, its database and settings.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub db: DatabaseConnection,
    pub settings: Settings,
    _dir: tempfile::TempDir,
    postgres: Option<PgDatabase>,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(pg) = self.postgres.take() {
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(conn) = Database::connect(pg.admin_url.as_str()).await {
                        let _ = conn
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                                pg.name
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

/// Settings over a fresh database: the suite's (PostgreSQL when `TOWNHALL_TEST_DATABASE_URL` is set), or a
/// SQLite file whatever the suite runs on (`sqlite_only`). Each is a copy of a migrated template, made once per run
/// ([`pg_template`], [`sqlite_template`]), so no test runs the migrations itself.
async fn settings_on(
    dir: &tempfile::TempDir,
    sqlite_only: bool,
) -> (Settings, Option<(String, String)>) {
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        jwt_secret: Some(SecretString::from(JWT_SECRET)),
        // One worker: each builds its own router, and one is enough for a test's requests.
        workers: Some(1),
        db_max_connections: 5,
        upload_dir: dir.path().join("uploads"),
        jobs_interval_ms: 200,
        reminders_interval_ms: 200,
        // Test servers hash passwords with little work (Argon2id still, 256 KiB and one pass): the suite signs in
        // hundreds of times. Production mode refuses less than OWASP's parameters (tests/api/operations.rs).
        password_hash_memory_kib: 256,
        password_hash_iterations: 1,
        ..Settings::default()
    };
    let mut pg = None;
    match std::env::var("TOWNHALL_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() && !sqlite_only => {
            let template = pg_template(&admin_url).await;
            let name = format!("townhall_test_{}", Uuid::new_v4().simple());
            let admin = Database::connect(admin_url.as_str())
                .await
                .expect("TOWNHALL_TEST_DATABASE_URL must point at a reachable PostgreSQL server");
            admin
                .execute_unprepared(&format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                ))
                .await
                .expect("create the test database from the template");
            let _ = admin.close().await;
            settings.database_url = with_database(&admin_url, &name);
            pg = Some((admin_url, name));
        }
        _ => {
            let file = dir.path().join("townhall.db");
            std::fs::copy(sqlite_template().await, &file).expect("copy the SQLite template");
            settings.database_url = format!("sqlite://{}?mode=rwc", file.display());
        }
    }
    (settings, pg)
}

/// The name of this schema's PostgreSQL template: a database migrated once and copied for each test
/// (`CREATE DATABASE ... TEMPLATE`). Made once per schema (the name carries a hash of the migrations), under an
/// advisory lock so that concurrent runs do not make it twice; built under another name and renamed when done, so
/// a run that died half-way leaves nothing that looks finished. Kept between runs.
async fn pg_template(admin_url: &str) -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            use migration::MigratorTrait;
            let schema: Vec<String> = migration::Migrator::migrations()
                .iter()
                .map(|m| m.name().to_owned())
                .collect();
            let digest = townhall::auth::tokens::sha256_hex(&schema.join("\n"));
            let name = format!("townhall_tmpl_{}", &digest[..16]);
            // One connection, so that the session-level lock is taken and given back on it.
            let admin = townhall::db::connect_url(admin_url, 1)
                .await
                .expect("TOWNHALL_TEST_DATABASE_URL must point at a reachable PostgreSQL server");
            admin
                .execute_unprepared("SELECT pg_advisory_lock(20261207)")
                .await
                .expect("lock");
            let exists = admin
                .query_one_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .expect("look for the template")
                .is_some();
            if !exists {
                let building = format!("{name}_building");
                admin
                    .execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
                    ))
                    .await
                    .expect("drop a half-built template");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{building}\""))
                    .await
                    .expect("create the template");
                let db = townhall::db::connect_url(&with_database(admin_url, &building), 1)
                    .await
                    .expect("connect to the template");
                townhall::db::migrate(&db)
                    .await
                    .expect("migrate the template");
                db.close().await.expect("close the template");
                admin
                    .execute_unprepared(&format!(
                        "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
                    ))
                    .await
                    .expect("name the template");
            }
            admin
                .execute_unprepared("SELECT pg_advisory_unlock(20261207)")
                .await
                .expect("unlock");
            let _ = admin.close().await;
            name
        })
        .await
        .clone()
}

/// A migrated SQLite file, made once per run and copied for each test (a copy takes a millisecond; running the
/// migrations, about a tenth of a second).
async fn sqlite_template() -> std::path::PathBuf {
    static TEMPLATE: tokio::sync::OnceCell<std::path::PathBuf> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("temp dir").keep();
            let file = dir.join("template.db");
            let url = format!("sqlite://{}?mode=rwc", file.display());
            let db = townhall::db::connect_url(&url, 1).await.expect("connect");
            townhall::db::migrate(&db)
                .await
                .expect("migrate the template");
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .expect("checkpoint");
            db.close().await.expect("close the template");
            file
        })
        .await
        .clone()
}

/// Starts the server with the suite's settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the server with adjusted settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(adjust, None).await
}

/// Starts the server over SQLite even when the suite runs on PostgreSQL (for moves between the two).
pub async fn spawn_app_sqlite_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_on(adjust, None, true).await
}

/// Starts the server with a counter of the SQL statements its connection runs (sea-orm's metric callback).
pub async fn spawn_app_counting_statements() -> (TestApp, Arc<AtomicUsize>) {
    let counter = Arc::new(AtomicUsize::new(0));
    // The scheduler's own queries would be counted too: let it run once, at start, only.
    // Background work would add its own statements: it waits an hour.
    let app = spawn(
        |s| {
            s.jobs_interval_ms = 3_600_000;
            s.reminders_interval_ms = 3_600_000;
        },
        Some(counter.clone()),
    )
    .await;
    (app, counter)
}

async fn spawn(adjust: impl FnOnce(&mut Settings), counter: Option<Arc<AtomicUsize>>) -> TestApp {
    spawn_on(adjust, counter, false).await
}

async fn spawn_on(
    adjust: impl FnOnce(&mut Settings),
    counter: Option<Arc<AtomicUsize>>,
    sqlite_only: bool,
) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        townhall::telemetry::init(townhall::config::LogFormat::Text);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut settings, pg) = settings_on(&dir, sqlite_only).await;
    adjust(&mut settings);
    let mut server_db = townhall::db::connect(&settings).await.expect("connect");
    townhall::db::migrate(&server_db).await.expect("migrate");
    if let Some(counter) = counter {
        server_db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
    }
    let app = Application::build_with_db(settings.clone(), server_db).expect("build the app");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    let db = townhall::db::connect_url(&settings.database_url, 2)
        .await
        .expect("connect");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        db,
        settings,
        _dir: dir,
        postgres: pg.map(|(admin_url, name)| PgDatabase { admin_url, name }),
    }
}

impl TestApp {
    /// Starts another server over the same database (another node of the same deployment) and returns its
    /// address.
    pub async fn another_instance(&self) -> String {
        let mut settings = self.settings.clone();
        settings.bind = "127.0.0.1:0".into();
        let db = townhall::db::connect(&settings).await.expect("connect");
        let app = Application::build_with_db(settings, db).expect("build the second app");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        format!("http://127.0.0.1:{port}")
    }

    /// The address of `path` on this server; a whole address from an answer is checked to be on this server.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            assert!(
                path.starts_with(&format!("{}/", self.address)),
                "{path} is not an address on this server ({})",
                self.address
            );
            return path.to_owned();
        }
        format!("{}{}", self.address, path)
    }
}
