//! Typed settings: defaults, then a TOML file, then `DATABASE_URL`, then `TOWNHALL_*` environment variables.
use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The embedded default database: a SQLite file in the working directory, created on first run.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://townhall.db?mode=rwc";
const MIN_SECRET_LEN: usize = 32;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Where file bytes (media and meeting papers) are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    /// The upload directory on this machine (one app node, or a shared file system).
    #[default]
    Local,
    /// An S3-compatible bucket, shared by every app node.
    S3,
}

/// Every setting the server and the CLI read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address the HTTP server binds (`TOWNHALL_BIND`).
    pub bind: String,
    /// `sqlite://...` or `postgres://...` (`DATABASE_URL` or `TOWNHALL_DATABASE_URL`).
    pub database_url: String,
    /// Database pool size (PostgreSQL; SQLite uses a small pool with one writer at a time).
    pub db_max_connections: u32,
    /// How long a request waits for a database connection before it answers 503 `unavailable` with
    /// `Retry-After` (`TOWNHALL_DB_ACQUIRE_TIMEOUT_MS`, default 3000): when the database is away, callers learn it
    /// at once instead of after a long wait. Opening a new connection is bounded by the same time.
    pub db_acquire_timeout_ms: u64,
    /// The one master secret (`TOWNHALL_SECRET_KEY`, at least 32 characters) from which every other key is
    /// derived (see [`crate::keys`]): the audit log's MAC key and checkpoint signing key, the key for SSO client
    /// secrets, and the JWT key when `jwt_secret` is unset. Unset, `jwt_secret` serves as the master; unset both
    /// outside production, one is generated and kept in `secret_key_file`.
    #[serde(skip_serializing)]
    pub secret_key: Option<SecretString>,
    /// The master secret before the last rotation (`TOWNHALL_SECRET_KEY_PREVIOUS`): audit entries MAC'd and
    /// checkpoints signed under it still verify.
    #[serde(skip_serializing)]
    pub secret_key_previous: Option<SecretString>,
    /// Where a generated master secret is kept when none is configured (outside production mode); default
    /// `.townhall-secret-key` beside the SQLite database.
    pub secret_key_file: Option<PathBuf>,
    /// HMAC key for access tokens (`TOWNHALL_JWT_SECRET`); unset, it is derived from `secret_key`, or generated
    /// and persisted for the embedded default.
    #[serde(skip_serializing)]
    pub jwt_secret: Option<SecretString>,
    /// Where a generated JWT secret is kept when none is configured (outside production mode).
    pub jwt_secret_file: Option<PathBuf>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    /// Lifetime of an access token in seconds (default 15 minutes).
    pub access_token_ttl_secs: u64,
    /// Lifetime of a refresh token in seconds (default 30 days); each use gives a new one.
    pub refresh_token_ttl_secs: u64,
    /// The longest a session lasts from its sign-in, however often it is refreshed (cookie sessions too), in
    /// seconds (`TOWNHALL_SESSION_MAX_AGE_SECS`, default 30 days). Then the user signs in again.
    pub session_max_age_secs: u64,
    /// The largest council archive the import endpoint takes, in bytes (`TOWNHALL_ARCHIVE_MAX_BYTES`, default
    /// 4 GiB); the command line has no limit.
    pub archive_max_bytes: u64,
    /// The most a council archive may unpack to, in bytes, counted while it is read (its records and files
    /// together; `TOWNHALL_ARCHIVE_MAX_UNPACKED_BYTES`, default 16 GiB): a restore past it is refused and its
    /// temporary files removed. The command line keeps to it too.
    pub archive_max_unpacked_bytes: u64,
    /// The most parts (record tables and files) a council archive may hold (`TOWNHALL_ARCHIVE_MAX_PARTS`, default
    /// 200000).
    pub archive_max_parts: usize,
    /// How long audit log entries are kept, in days (`TOWNHALL_AUDIT_RETENTION_DAYS`, default 730).
    pub audit_retention_days: u32,
    /// Failed sign-ins of one account from one client address within the window before each further attempt
    /// must wait (1 s, doubling up to the window; 429 with `Retry-After` meanwhile) (`TOWNHALL_LOGIN_MAX_FAILURES`).
    pub login_max_failures: u32,
    /// The same for one client address across accounts (`TOWNHALL_LOGIN_MAX_FAILURES_PER_CLIENT`); not applied to an
    /// account from an address it signed in from in the last 90 days, so one office's shared address does not
    /// hold everybody behind it up.
    pub login_max_failures_per_client: u32,
    /// The same for one account from every address (`TOWNHALL_LOGIN_MAX_FAILURES_PER_ACCOUNT`): a ceiling on
    /// guesses spread over many addresses; its owner, from an address they signed in from before, is not held up.
    pub login_max_failures_per_account: u32,
    /// How long failed attempts are remembered, in seconds (`TOWNHALL_LOGIN_WINDOW_SECS`, default 900).
    pub login_window_secs: u64,
    /// Password reset emails one address may be sent per hour (`TOWNHALL_RESET_MAX_PER_HOUR`); more requests are
    /// answered alike and send nothing.
    pub reset_max_per_hour: u32,
    /// Trust the first `X-Forwarded-For` address as the client (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// Where uploaded files live with the local storage backend (`TOWNHALL_UPLOAD_DIR`).
    pub upload_dir: PathBuf,
    /// `local` (default) or `s3` (`TOWNHALL_STORAGE_BACKEND`).
    pub storage_backend: StorageBackend,
    /// The bucket, with the s3 backend (`TOWNHALL_S3_BUCKET`).
    pub s3_bucket: Option<String>,
    /// `TOWNHALL_S3_REGION` (default `eu-west-2`, London).
    pub s3_region: String,
    /// The service's URL for S3-compatible stores other than AWS, e.g. `https://minio.internal:9000`
    /// (`TOWNHALL_S3_ENDPOINT`).
    pub s3_endpoint: Option<String>,
    /// `TOWNHALL_S3_ACCESS_KEY_ID`; with the secret below. Both unset: no credentials are sent.
    pub s3_access_key_id: Option<String>,
    /// `TOWNHALL_S3_SECRET_ACCESS_KEY`; never serialised or logged.
    #[serde(skip_serializing)]
    pub s3_secret_access_key: Option<SecretString>,
    /// Allow a plain `http://` endpoint (`TOWNHALL_S3_ALLOW_HTTP`); off by default.
    pub s3_allow_http: bool,
    /// `text` or `json` (`TOWNHALL_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// Production mode (`TOWNHALL_PRODUCTION`): requires a configured JWT secret and turns GraphQL introspection
    /// and GraphiQL off unless they are enabled explicitly.
    pub production: bool,
    pub graphql_introspection: Option<bool>,
    pub graphiql: Option<bool>,
    /// The address readers reach this server at (`TOWNHALL_PUBLIC_URL`, e.g. `https://api.example.gov.uk`), for
    /// every absolute link (emails, feeds, calendars, media URLs); required in production mode. Unset outside it:
    /// the address the server is bound to. Never taken from a request's `Host`.
    pub public_url: Option<String>,
    /// Seconds browsers keep to HTTPS for this host (`TOWNHALL_HSTS_MAX_AGE_SECS`), sent as
    /// `Strict-Transport-Security`; set it when TLS terminates in front of Townhall (unset: no header).
    pub hsts_max_age_secs: Option<u64>,
    /// Which web origins may read public, credential-free answers from a browser (`TOWNHALL_CORS_PUBLIC`): `*`
    /// (default) for any, `none`, or a comma-separated list such as `https://www.example.gov.uk`.
    pub cors_public: String,
    /// Origins allowed to call with a token (preview, management) for every council (`TOWNHALL_CORS_ORIGINS`),
    /// comma-separated; each council lists its own in `allowed_origins` as well.
    pub cors_origins: String,
    /// Largest JSON request body in bytes.
    pub max_json_body_bytes: usize,
    /// HTTP worker threads; defaults to the number of cores.
    pub workers: Option<usize>,
    /// Seconds in-flight requests get to finish on shutdown.
    pub shutdown_timeout_secs: u64,
    /// How often each server looks for scheduled publishing that is due, in milliseconds.
    pub jobs_interval_ms: u64,
    /// How often each server looks for deadline reminders to send, in milliseconds (a reminder goes once however
    /// many servers look).
    pub reminders_interval_ms: u64,
    /// Allow webhooks to private, loopback and link-local addresses (`TOWNHALL_WEBHOOKS_ALLOW_PRIVATE`); off by
    /// default so that a council's admin cannot make the server call into its own network.
    pub webhooks_allow_private: bool,
    /// Mounts `POST /dev/clock`, with which a platform administrator moves this server's clock forward
    /// (`TOWNHALL_DEV_CLOCK`): for browser tests of expiry, which then need not wait. Off by default; refused in
    /// production mode.
    pub dev_clock: bool,
    /// Argon2id's memory for each new password hash, in KiB (`TOWNHALL_PASSWORD_HASH_MEMORY_KIB`): 19456 (OWASP's
    /// minimum) unless set higher. Lower is accepted only outside production mode (the test suite's servers).
    pub password_hash_memory_kib: u32,
    /// Argon2id's passes for each new password hash (`TOWNHALL_PASSWORD_HASH_ITERATIONS`): 2 unless set higher;
    /// lower only outside production mode.
    pub password_hash_iterations: u32,
    /// The first retry of a failed webhook delivery waits this long; each next one twice as long.
    pub webhook_retry_base_ms: u64,
    /// Attempts before a delivery is given up as failed (it can still be replayed).
    pub webhook_max_attempts: i32,
    /// The SMTP server that sends invitations, password resets and notifications (`TOWNHALL_SMTP_HOST`). Unset:
    /// outside production mode each email is written to the log instead (links included, for development).
    pub smtp_host: Option<String>,
    /// `TOWNHALL_SMTP_PORT` (default 587).
    pub smtp_port: u16,
    /// `starttls` (default), `tls` (implicit TLS, usually port 465) or `none` (a local relay only)
    /// (`TOWNHALL_SMTP_SECURITY`).
    pub smtp_security: SmtpSecurity,
    /// `TOWNHALL_SMTP_USERNAME`; with the password below. Both unset: no authentication.
    pub smtp_username: Option<String>,
    /// `TOWNHALL_SMTP_PASSWORD`; never serialised or logged.
    #[serde(skip_serializing)]
    pub smtp_password: Option<SecretString>,
    /// The sender (`TOWNHALL_SMTP_FROM`), e.g. `Townhall <townhall@example.gov.uk>`.
    pub smtp_from: String,
    /// The clock every server of these settings reads (real; tests move a copy of it forward).
    #[serde(skip)]
    pub clock: crate::clock::Clock,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    Starttls,
    Tls,
    None,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: DEFAULT_DATABASE_URL.into(),
            db_max_connections: 10,
            db_acquire_timeout_ms: 3000,
            secret_key: None,
            secret_key_previous: None,
            secret_key_file: None,
            jwt_secret: None,
            jwt_secret_file: None,
            jwt_issuer: "townhall".into(),
            jwt_audience: "townhall-api".into(),
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            session_max_age_secs: 30 * 24 * 3600,
            audit_retention_days: 730,
            archive_max_bytes: 4 * 1024 * 1024 * 1024,
            archive_max_unpacked_bytes: 16 * 1024 * 1024 * 1024,
            archive_max_parts: 200_000,
            login_max_failures: 5,
            login_max_failures_per_client: 30,
            login_max_failures_per_account: 50,
            login_window_secs: 15 * 60,
            reset_max_per_hour: 3,
            trust_forwarded_for: false,
            upload_dir: PathBuf::from("uploads"),
            storage_backend: StorageBackend::Local,
            s3_bucket: None,
            s3_region: "eu-west-2".into(),
            s3_endpoint: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            log_format: LogFormat::Text,
            production: false,
            graphql_introspection: None,
            graphiql: None,
            public_url: None,
            hsts_max_age_secs: None,
            cors_public: "*".into(),
            cors_origins: String::new(),
            max_json_body_bytes: 1024 * 1024,
            workers: None,
            shutdown_timeout_secs: 30,
            jobs_interval_ms: 5000,
            reminders_interval_ms: 300_000,
            webhooks_allow_private: false,
            dev_clock: false,
            password_hash_memory_kib: 19_456,
            password_hash_iterations: 2,
            webhook_retry_base_ms: 30_000,
            webhook_max_attempts: 8,
            smtp_host: None,
            smtp_port: 587,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_password: None,
            smtp_from: "Townhall <townhall@localhost>".into(),
            clock: crate::clock::Clock::real(),
        }
    }
}

/// Settings that could not be loaded or are unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0}")]
    Invalid(String),
    #[error("could not read or write the secret file {path}: {source}")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Settings {
    /// Loads settings from defaults, an optional TOML file (`townhall.toml` when present, or the given path),
    /// `DATABASE_URL`, and `TOWNHALL_*` variables, in rising priority.
    pub fn load(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config_file {
            Some(path) => {
                if !path.exists() {
                    return Err(ConfigError::Invalid(format!(
                        "config file {} does not exist",
                        path.display()
                    )));
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("townhall.toml")),
        }
        figment = figment
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .merge(Env::prefixed("TOWNHALL_").ignore(&["CONFIG", "TEST_DATABASE_URL"]));
        let settings: Settings = figment
            .extract()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid(
                "database_url must start with sqlite:, postgres:// or postgresql://".into(),
            ));
        }
        for (name, secret) in [
            ("jwt_secret", &self.jwt_secret),
            ("secret_key", &self.secret_key),
            ("secret_key_previous", &self.secret_key_previous),
        ] {
            if let Some(secret) = secret
                && secret.expose_secret().len() < MIN_SECRET_LEN
            {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be at least {MIN_SECRET_LEN} characters"
                )));
            }
        }
        if self.production && self.jwt_secret.is_none() && self.secret_key.is_none() {
            return Err(ConfigError::Invalid(
                "production mode needs TOWNHALL_SECRET_KEY or TOWNHALL_JWT_SECRET (at least 32 characters)"
                    .into(),
            ));
        }
        if self.password_hash_memory_kib < 8 || self.password_hash_iterations < 1 {
            return Err(ConfigError::Invalid(
                "password hashing needs at least 8 KiB and one pass".into(),
            ));
        }
        if self.production
            && (self.password_hash_memory_kib < 19_456 || self.password_hash_iterations < 2)
        {
            return Err(ConfigError::Invalid(
                "production mode hashes passwords with at least 19456 KiB and 2 passes (OWASP): raise \
                 TOWNHALL_PASSWORD_HASH_MEMORY_KIB or TOWNHALL_PASSWORD_HASH_ITERATIONS"
                    .into(),
            ));
        }
        if self.production && self.dev_clock {
            return Err(ConfigError::Invalid(
                "TOWNHALL_DEV_CLOCK moves the server's clock for tests: it is refused in production mode".into(),
            ));
        }
        if self.production && self.public_url.is_none() {
            return Err(ConfigError::Invalid(
                "production mode needs TOWNHALL_PUBLIC_URL (the https:// address readers reach Townhall at): links in \
                 emails, feeds and answers are made from it, never from a request's Host"
                    .into(),
            ));
        }
        if self.storage_backend == StorageBackend::S3 && self.s3_bucket.is_none() {
            return Err(ConfigError::Invalid(
                "the s3 storage backend needs TOWNHALL_S3_BUCKET".into(),
            ));
        }
        crate::cors::Policy::from_settings(self).map_err(ConfigError::Invalid)?;
        if let Some(url) = &self.public_url
            && !crate::links::valid_public_url(url)
        {
            return Err(ConfigError::Invalid(
                "public_url must be an http:// or https:// address, e.g. https://api.example.gov.uk".into(),
            ));
        }
        if self.access_token_ttl_secs == 0
            || self.refresh_token_ttl_secs == 0
            || self.session_max_age_secs == 0
        {
            return Err(ConfigError::Invalid(
                "token lifetimes must be positive".into(),
            ));
        }
        Ok(())
    }

    /// Whether GraphQL introspection is on: explicit setting, else off in production.
    pub fn introspection_enabled(&self) -> bool {
        self.graphql_introspection.unwrap_or(!self.production)
    }

    /// Whether GraphiQL is served: explicit setting, else off in production.
    pub fn graphiql_enabled(&self) -> bool {
        self.graphiql.unwrap_or(!self.production)
    }

    /// The configured JWT secret; else one derived from `secret_key`; else (outside production) one generated
    /// on first run and kept in a file beside the SQLite database (or in the working directory), readable only
    /// by its owner.
    pub fn resolve_jwt_secret(&self) -> Result<SecretString, ConfigError> {
        if let Some(secret) = &self.jwt_secret {
            return Ok(secret.clone());
        }
        if let Some(master) = &self.secret_key {
            return Ok(SecretString::from(hex::encode(crate::keys::derive(
                master,
                crate::keys::JWT,
            ))));
        }
        if self.production {
            return Err(ConfigError::Invalid(
                "production mode needs TOWNHALL_SECRET_KEY or TOWNHALL_JWT_SECRET".into(),
            ));
        }
        let path = self
            .jwt_secret_file
            .clone()
            .unwrap_or_else(|| self.beside_database(".townhall-jwt-secret"));
        generated_secret(&path)
    }

    /// The master secret keys are derived from: `secret_key`; else `jwt_secret` (so that a deployment that set
    /// only the JWT secret keeps working); else (outside production) one generated on first run and kept in
    /// `secret_key_file` (default `.townhall-secret-key` beside the SQLite database), readable only by its owner.
    pub fn resolve_secret_key(&self) -> Result<SecretString, ConfigError> {
        if let Some(secret) = self.secret_key.as_ref().or(self.jwt_secret.as_ref()) {
            return Ok(secret.clone());
        }
        if self.production {
            return Err(ConfigError::Invalid(
                "production mode needs TOWNHALL_SECRET_KEY or TOWNHALL_JWT_SECRET".into(),
            ));
        }
        let path = self
            .secret_key_file
            .clone()
            .unwrap_or_else(|| self.beside_database(".townhall-secret-key"));
        generated_secret(&path)
    }

    fn beside_database(&self, name: &str) -> PathBuf {
        let dir = sqlite_file(&self.database_url)
            .and_then(|file| file.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        dir.join(name)
    }
}

/// The secret kept in `path`, or a new random one written there (mode 0600) when the file does not exist.
fn generated_secret(path: &Path) -> Result<SecretString, ConfigError> {
    let io = |source| ConfigError::SecretFile {
        path: path.to_path_buf(),
        source,
    };
    if path.exists() {
        let secret = std::fs::read_to_string(path).map_err(io)?;
        let secret = secret.trim().to_owned();
        if secret.len() < MIN_SECRET_LEN {
            return Err(ConfigError::Invalid(format!(
                "the secret in {} is too short",
                path.display()
            )));
        }
        return Ok(SecretString::from(secret));
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    write_private_file(path, &secret).map_err(io)?;
    Ok(SecretString::from(secret))
}

/// The file path of a `sqlite://` URL, if it names a file.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(PathBuf::from(path))
}

fn write_private_file(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())
}
