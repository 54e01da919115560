//! One precision for time (issue 25, item 5): SQLite databases written before Townhall kept microseconds have
//! their nanoseconds cut by a migration, and times written now are microseconds on both databases (the move of a
//! council SQLite -> PostgreSQL -> SQLite that answers byte for byte alike is in `archive.rs`).
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use crate::helpers::spawn_app;

#[tokio::test]
async fn an_earlier_sqlite_database_keeps_its_times_to_the_microsecond_after_the_migration() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    let db = Database::connect(&url).await.expect("connect");
    // The schema as it was before the migration that cuts nanoseconds.
    let before = Migrator::migrations().len() as u32 - 1;
    Migrator::up(&db, Some(before)).await.expect("migrate");
    for (slug, created) in [
        ("york", "2026-12-07T23:36:17.731680751+00:00"),
        ("leeds", "2026-12-07T23:36:17.731680+00:00"),
        ("hull", "2026-12-07T23:36:17+00:00"),
    ] {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "INSERT INTO councils (id, slug, name, nation, locales, allowed_origins, version, created_at, updated_at) \
             VALUES (?, ?, ?, 'england', 'en', '', 1, ?, ?)",
            [
                uuid::Uuid::now_v7().into(),
                slug.into(),
                slug.into(),
                created.into(),
                "2026-12-08T01:02:03.999999999+00:00".into(),
            ],
        ))
        .await
        .expect("insert");
    }
    Migrator::up(&db, None).await.expect("migrate");
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT slug, created_at, updated_at FROM councils ORDER BY slug",
        ))
        .await
        .expect("read");
    let read: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "slug").expect("slug"),
                r.try_get("", "created_at").expect("created_at"),
                r.try_get("", "updated_at").expect("updated_at"),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "hull".to_owned(),
                "2026-12-07T23:36:17+00:00".to_owned(),
                "2026-12-08T01:02:03.999999+00:00".to_owned()
            ),
            (
                "leeds".to_owned(),
                "2026-12-07T23:36:17.731680+00:00".to_owned(),
                "2026-12-08T01:02:03.999999+00:00".to_owned()
            ),
            (
                "york".to_owned(),
                "2026-12-07T23:36:17.731680+00:00".to_owned(),
                "2026-12-08T01:02:03.999999+00:00".to_owned()
            ),
        ],
        "nanoseconds cut, nothing else changed"
    );
}

#[tokio::test]
async fn times_written_now_are_microseconds_on_either_database() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let (page, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            serde_json::json!({"translations": {"en": {"title": "Bins", "slug": "bins", "body": []}}}),
        )
        .await;
    app.publish(&admin, "york", "pages", &page).await;
    let item: serde_json::Value = app
        .get(&admin, &format!("/api/v1/councils/york/pages/{page}"))
        .await
        .json()
        .await
        .expect("json");
    let times = regex::Regex::new(r#""(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)""#)
        .expect("pattern");
    let text = item.to_string();
    let found: Vec<_> = times.captures_iter(&text).collect();
    assert!(found.len() >= 2, "times in {text}");
    for time in found {
        let fraction = time.get(2).map_or(0, |f| f.as_str().len() - 1);
        assert!(fraction <= 6, "{} has more than microseconds", &time[0]);
    }
}
