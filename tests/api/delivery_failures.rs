//! Honest failures on the delivery path (issue 26, item 5): a stored row of an unknown kind, or a stored document
//! that does not read as its kind, is a logged 500 in the one error shape on REST and GraphQL, never a silent
//! default (a page), a 409 with the parser's words, an empty body or an entry dropped from a list.
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Overwrites a column of an item's live row, as a damaged database or a bad import would.
async fn corrupt(app: &TestApp, item: &str, column: &str, value: &str) {
    let backend = app.db.get_database_backend();
    let (sql, id): (String, sea_orm::Value) = match backend {
        sea_orm::DbBackend::Postgres => (
            format!("UPDATE content_live SET {column} = $1 WHERE item_id = $2"),
            uuid::Uuid::parse_str(item).expect("uuid").into(),
        ),
        _ => (
            format!("UPDATE content_live SET {column} = ? WHERE item_id = ?"),
            uuid::Uuid::parse_str(item).expect("uuid").into(),
        ),
    };
    let done = app
        .db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [value.into(), id],
        ))
        .await
        .expect("update");
    assert_eq!(done.rows_affected(), 1);
}

/// A 500 in the error shape, saying nothing of the parser or the row.
async fn internal(response: reqwest::Response, what: &str) {
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{what}: {text}");
    let body: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(body["error"]["code"], "internal", "{what}: {text}");
    for leak in [
        "invalid type",
        "expected",
        "unknown variant",
        "mystery",
        "live document",
    ] {
        assert!(!text.contains(leak), "{what} tells {leak}: {text}");
    }
}

#[tokio::test]
async fn an_unknown_kind_or_an_unreadable_document_is_a_500_never_a_default() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let admin = york.platform.clone();
    let page = app
        .published(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins", "body": [
                {"type": "paragraph", "content": [{"text": "Collected weekly."}]}]}}}),
        )
        .await;
    let alert = app
        .published(
            &admin,
            "york",
            "alerts",
            json!({"kind": "announcement", "everywhere": true,
                "translations": {"en": {"title": "Snow", "message": "Collections are late."}}}),
        )
        .await;
    assert_eq!(
        app.deliver("york", "/route?path=/bins").await.0,
        StatusCode::OK
    );
    let alerts = app.deliver_ok("york", "/alerts?path=/bins").await;
    assert!(alerts.to_string().contains("Snow"), "{alerts}");

    // A body that is not a list of blocks: REST answered it as an empty page before.
    corrupt(
        &app,
        &page,
        "data",
        r#"{"title": "Bins", "body": "not blocks"}"#,
    )
    .await;
    internal(
        app.delivery(None, "york", "/route?path=/bins").await,
        "a page whose body cannot be read",
    )
    .await;
    let graphql = app
        .graphql_json(r#"{ council(slug: "york") { page(path: "/bins") { title bodyHtml } } }"#)
        .await;
    assert_eq!(
        graphql["errors"][0]["extensions"]["code"], "internal",
        "{graphql}"
    );
    assert!(!graphql.to_string().contains("invalid type"), "{graphql}");

    // A kind Townhall does not know: it was delivered as a page before.
    corrupt(
        &app,
        &page,
        "data",
        r#"{"title": "Bins", "body": [{"type": "paragraph", "content": [{"text": "Collected weekly."}]}]}"#,
    )
    .await;
    assert_eq!(
        app.deliver("york", "/route?path=/bins").await.0,
        StatusCode::OK
    );
    corrupt(&app, &page, "kind", "mystery").await;
    internal(
        app.delivery(None, "york", "/route?path=/bins").await,
        "a row of an unknown kind",
    )
    .await;

    // An alert that does not read as one: it dropped out of the list unseen before (409 elsewhere).
    corrupt(&app, &alert, "data", r#"{"kind": 7}"#).await;
    internal(
        app.delivery(None, "york", "/alerts?path=/parking").await,
        "an alert list with an unreadable alert",
    )
    .await;
}
