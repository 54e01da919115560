//! `spawn_app()`: the real server on port 0 over a fresh database (a SQLite file, or a new PostgreSQL database
//! when `TOWNHALL_TEST_DATABASE_URL` is set, dropped afterwards), and helpers that talk HTTP to it.
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use reqwest::{Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use serde_json::{Value, json};
use townhall::{auth, config::Settings, startup::Application};
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

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
        workers: Some(2),
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

    /// PUT with an optional `If-Match`.
    pub async fn put(
        &self,
        token: &str,
        path: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut request = self
            .client
            .put(self.url(path))
            .bearer_auth(token)
            .json(body);
        if let Some(etag) = if_match {
            request = request.header("if-match", etag);
        }
        request.send().await.expect("request")
    }

    /// POST with an `If-Match` (workflow actions) and an optional body.
    pub async fn post_if_match(&self, token: &str, path: &str, if_match: &str) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("if-match", if_match)
            .send()
            .await
            .expect("request")
    }

    /// DELETE with an `If-Match`.
    pub async fn delete_if_match(&self, token: &str, path: &str, if_match: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .header("if-match", if_match)
            .send()
            .await
            .expect("request")
    }

    /// A GraphQL query with a bearer token; returns the whole response body.
    pub async fn graphql_as(&self, token: &str, query: &str) -> Value {
        self.client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .json(&json!({"query": query}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// A GraphQL query without a token; returns the whole response body.
    pub async fn graphql_json(&self, query: &str) -> Value {
        self.graphql(query).await.json().await.expect("json")
    }

    /// Creates a content item of `collection` as `token` and returns (id, ETag).
    pub async fn create_item(
        &self,
        token: &str,
        council: &str,
        collection: &str,
        content: Value,
    ) -> (String, String) {
        let response = self
            .post(
                token,
                &format!("/api/v1/councils/{council}/{collection}"),
                &json!({"content": content}),
            )
            .await;
        let status = response.status();
        let etag = response
            .headers()
            .get("etag")
            .map(|v| v.to_str().expect("etag").to_owned());
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "create {collection}: {body}");
        (
            body["id"].as_str().expect("id").to_owned(),
            etag.expect("etag"),
        )
    }

    /// Runs a workflow action (`publish`, `submit`, ...) on an item, reading its current ETag first; returns the
    /// response.
    pub async fn act(
        &self,
        token: &str,
        council: &str,
        collection: &str,
        id: &str,
        action: &str,
    ) -> Response {
        let path = format!("/api/v1/councils/{council}/{collection}/{id}");
        let current = self.get(token, &path).await;
        let etag = current
            .headers()
            .get("etag")
            .map(|v| v.to_str().expect("etag").to_owned())
            .unwrap_or_default();
        self.post_if_match(token, &format!("{path}/{action}"), &etag)
            .await
    }

    /// Publishes an item and asserts it worked.
    pub async fn publish(&self, token: &str, council: &str, collection: &str, id: &str) {
        let response = self.act(token, council, collection, id, "publish").await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "publish {collection} {id}: {body}");
    }
}

/// Access and refresh tokens from a sign-in.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
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

    /// Creates a user directly in the database (as `townhall create-user` does).
    pub async fn create_user(&self, email: &str, platform_admin: bool) -> Uuid {
        let cost = auth::password::HashCost::of(&self.settings);
        let hash = auth::password::hash_password(cost, SecretString::from(PASSWORD))
            .await
            .expect("hash");
        auth::store::create_user(
            &self.db,
            email,
            "Test User",
            hash,
            platform_admin,
            self.settings.clock.now(),
        )
        .await
        .expect("create user")
        .id
    }

    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, email: &str) -> Tokens {
        let response = self.login_response(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {email}");
        let body: Value = response.json().await.expect("json");
        Tokens {
            access: body["access_token"].as_str().expect("access").to_owned(),
            refresh: body["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// A signed-in platform administrator's access token.
    pub async fn platform_admin(&self) -> String {
        self.create_user("platform@townhall.test", true).await;
        self.login("platform@townhall.test").await.access
    }

    /// Creates a council through the API.
    pub async fn create_council(&self, admin_token: &str, slug: &str, nation: &str) -> Value {
        let response = self
            .post(
                admin_token,
                "/api/v1/councils",
                &json!({"slug": slug, "name": format!("{slug} council"), "nation": nation}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "create council {slug}"
        );
        response.json().await.expect("json")
    }

    /// Creates a user with a role in a council (through the API, as its admin would) and signs them in.
    pub async fn member(
        &self,
        admin_token: &str,
        council: &str,
        email: &str,
        role: &str,
    ) -> Tokens {
        let response = self
            .post(
                admin_token,
                &format!("/api/v1/councils/{council}/members"),
                &json!({"email": email, "role": role, "display_name": "Member", "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "add {email} to {council}"
        );
        self.login(email).await
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch(
        &self,
        token: &str,
        path: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut request = self
            .client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body);
        if let Some(etag) = if_match {
            request = request.header("if-match", etag);
        }
        request.send().await.expect("request")
    }

    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn graphql(&self, query: &str) -> Response {
        self.client
            .post(self.url("/graphql"))
            .json(&json!({"query": query}))
            .send()
            .await
            .expect("request")
    }
}

/// Asserts the one error shape and returns the code.
pub async fn error_code(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("error body is JSON");
    let error = body.get("error").expect("body has `error`");
    assert!(error["message"].is_string(), "error has a message: {body}");
    assert!(error.get("details").is_some(), "error has details: {body}");
    error["code"].as_str().expect("error has a code").to_owned()
}

/// Uploads a paper of one of York's meetings (`query`: kind, title, file name, ...), the body being the file.
pub async fn upload_paper(
    app: &TestApp,
    token: &str,
    meeting: &str,
    query: &str,
    content_type: &str,
    bytes: &[u8],
) -> Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/councils/york/meetings/{meeting}/documents?{query}"
        )))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(bytes.to_vec())
        .send()
        .await
        .expect("request")
}

/// A file or folder under `tests/fixtures/`: real data kept in the repository (origins in its README), so the
/// suite never reads outside it.
pub fn fixture(path: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    assert!(
        path.exists(),
        "the test fixture {} is missing",
        path.display()
    );
    path
}

/// One real ModernGov `GetCouncillorsByWard` response from `tests/fixtures/moderngov/councillors-by-ward/`.
pub fn councillors_by_ward(file: &str) -> String {
    std::fs::read_to_string(fixture(&format!("moderngov/councillors-by-ward/{file}")))
        .expect("a readable ModernGov fixture")
}

/// A small SMTP server for tests: it speaks enough of the protocol for a real client (EHLO, MAIL, RCPT, DATA,
/// QUIT) and keeps each message it receives, so tests read the emails Townhall really sent.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// A sink on a given port (0: any free one).
    pub async fn start_on(port: u16) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                kept.lock().expect("lock").push(std::mem::take(body));
                                data = None;
                                let _ = write.write_all(b"250 kept\r\n").await;
                            } else {
                                body.push_str(line.strip_prefix('.').unwrap_or(&line));
                                body.push('\n');
                            }
                            continue;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go on\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { port, messages }
    }

    /// The messages received so far, as text (headers and body, quoted-printable soft breaks joined).
    pub fn messages(&self) -> Vec<String> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .map(|m| m.replace("=\n", "").replace("=3D", "="))
            .collect()
    }

    /// Waits (up to five seconds) until `count` messages have arrived, and gives them.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..100 {
            let got = self.messages();
            if got.len() >= count {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{count} emails did not arrive: {:?}", self.messages());
    }
}

/// Starts the server with its email going to a new SMTP sink.
pub async fn spawn_app_with_mail() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let app = spawn_app_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = townhall::config::SmtpSecurity::None;
        s.smtp_from = "Townhall <townhall@example.gov.uk>".into();
    })
    .await;
    (app, sink)
}

/// The token at the end of the first link to `path` (`/admin/invitations/`) in an email.
pub fn token_in(email: &str, path: &str) -> String {
    let start = email
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in {email}"))
        + path.len();
    email[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Every table of the database with its number of rows (both backends), to show that something wrote nothing.
pub async fn table_counts(db: &DatabaseConnection) -> std::collections::BTreeMap<String, i64> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Sqlite => {
            "SELECT name AS name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
    };
    let tables = db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .expect("list tables");
    let mut counts = std::collections::BTreeMap::new();
    for row in tables {
        let name: String = row.try_get("", "name").expect("table name");
        let count = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{name}\""),
            ))
            .await
            .expect("count")
            .expect("a row");
        counts.insert(name, count.try_get::<i64>("", "n").expect("n"));
    }
    counts
}

/// Polls `check` every 20 ms until it gives `Some`, for at most five seconds, and returns what it gave; fails
/// saying what was awaited. The one way tests wait for background work.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited five seconds for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Signs in from client address `ip` (the server must trust `X-Forwarded-For`).
pub async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
}
