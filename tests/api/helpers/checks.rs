//! What tests look at besides answers: the rows of every table, and background work awaited.
use sea_orm::DatabaseConnection;

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
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    eventually_within(std::time::Duration::from_secs(5), what, check).await
}

/// [`eventually`] with another bound, for what takes longer by design (a pool reconnecting after an outage).
pub async fn eventually_within<T, F, Fut>(bound: std::time::Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + bound;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited {bound:?} for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
