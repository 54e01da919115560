//! Connecting to SQLite (WAL, synchronous=FULL, foreign keys, busy timeout) or PostgreSQL (a pool), and migrating.
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbErr,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

use crate::config::Settings;

/// Opens the configured database.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    connect_with(
        &settings.database_url,
        settings.db_max_connections,
        Duration::from_millis(settings.db_acquire_timeout_ms.max(1)),
    )
    .await
}

/// Opens a database by URL with Townhall's connection settings and the default wait for a connection.
pub async fn connect_url(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, max_connections, Duration::from_secs(3)).await
}

/// Opens a database by URL; a request waits at most `acquire` for a connection (and for a new one to open).
pub async fn connect_with(
    url: &str,
    max_connections: u32,
    acquire: Duration,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(acquire)
        .acquire_timeout(acquire)
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        options
            .max_connections(max_connections.clamp(1, 8))
            .min_connections(1)
            .map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
    } else {
        options
            .max_connections(max_connections.max(1))
            .min_connections(1);
    }
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`, waiting
/// up to the busy timeout), so a transaction that reads before it writes cannot fail when another connection
/// commits in between; PostgreSQL ignores the mode.
pub async fn begin_write<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
