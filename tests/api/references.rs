//! Every reference in web content must be the council's own (issue 13, item 3): images, embedded documents,
//! services and meetings, a news item's image, menu links, parents, topics and related services. A reference
//! to another council's record, to a deleted one or to none is refused with 422 naming the field, when an item
//! is created and when it is saved again.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// The one-pixel PNG of the helpers, named here too for archive.rs, which takes it with [`upload`].
pub use crate::helpers::PNG;

/// The records of one council that content can refer to.
struct Records {
    media: String,
    deleted_media: String,
    page: String,
    service: String,
    topic: String,
    meeting: String,
}

/// Uploads a one-pixel PNG to a council's library and answers its id.
pub async fn upload(app: &TestApp, token: &str, council: &str) -> String {
    let file = app
        .uploaded(
            token,
            council,
            "pixel.png",
            PNG.to_vec(),
            &[("alt", "A pixel")],
        )
        .await;
    file["id"].as_str().expect("id").to_owned()
}

async fn records_of(app: &TestApp, token: &str, council: &str) -> Records {
    let media = upload(app, token, council).await;
    let deleted_media = upload(app, token, council).await;
    let deleted = app
        .delete(
            token,
            &format!("/api/v1/councils/{council}/media/{deleted_media}"),
        )
        .await;
    assert!(deleted.status().is_success(), "delete a file");
    let (page, _) = app
        .create_item(
            token,
            council,
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}}}),
        )
        .await;
    let (service, _) = app
        .create_item(
            token,
            council,
            "services",
            json!({"translations": {"en": {"title": "Pay council tax", "slug": "pay-council-tax"}}}),
        )
        .await;
    let (topic, _) = app
        .create_item(
            token,
            council,
            "topics",
            json!({"translations": {"en": {"name": "Waste", "slug": "waste"}}}),
        )
        .await;
    let meeting = app
        .meeting(
            token,
            council,
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": "2027-03-02T10:00"}),
        )
        .await;
    Records {
        media,
        deleted_media,
        page,
        service,
        topic,
        meeting,
    }
}

/// Every reference-bearing field of web content, filled from `r`: (collection, content, field named when `r`
/// is not the council's own).
fn every_reference(r: &Records) -> Vec<(&'static str, Value, &'static str)> {
    let page = |body: Value| json!({"translations": {"en": {"title": "Recycling", "slug": "recycling", "body": body}}});
    vec![
        (
            "pages",
            page(json!([{"type": "image", "media_id": r.media, "alt": "A bin"}])),
            "translations.en.body[0].media_id",
        ),
        (
            "pages",
            page(
                json!([{"type": "paragraph", "content": [{"text": "Before"}]}, {"type": "accordion", "sections": [
                {"heading": "One", "body": [{"type": "paragraph", "content": [{"text": "x"}]}]},
                {"heading": "Two", "body": [{"type": "image", "media_id": r.media, "alt": "A bin"}]}]}]),
            ),
            "translations.en.body[1].sections[1].body[0].media_id",
        ),
        (
            "pages",
            page(json!([{"type": "embed", "target": "document", "id": r.media}])),
            "translations.en.body[0].id",
        ),
        (
            "pages",
            page(json!([{"type": "embed", "target": "service", "id": r.service}])),
            "translations.en.body[0].id",
        ),
        (
            "pages",
            page(json!([{"type": "embed", "target": "meeting", "id": r.meeting}])),
            "translations.en.body[0].id",
        ),
        (
            "services",
            json!({"translations": {"en": {"title": "Report a missed bin", "slug": "missed-bin",
                "body": [{"type": "embed", "target": "meeting", "id": r.meeting}]}}}),
            "translations.en.body[0].id",
        ),
        (
            "news",
            json!({"translations": {"en": {"title": "Library reopens", "slug": "library"}},
                "image": {"media_id": r.media, "alt": "The library"}}),
            "image.media_id",
        ),
        (
            "news",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins-news",
                "body": [{"type": "image", "media_id": r.media, "decorative": true}]}}}),
            "translations.en.body[0].media_id",
        ),
        (
            "menus",
            json!({"name": "main", "items": [{"labels": {"en": "Home"}, "url": "/", "children": [
                {"labels": {"en": "Bins"}, "page_id": r.page}]}]}),
            "items[0].children[0].page_id",
        ),
        (
            "menus",
            json!({"name": "footer", "items": [{"labels": {"en": "Home"}, "url": "/"},
                {"labels": {"en": "Pay"}, "service_id": r.service}]}),
            "items[1].service_id",
        ),
        (
            "pages",
            json!({"parent_id": r.page, "translations": {"en": {"title": "Garden waste", "slug": "garden"}}}),
            "parent_id",
        ),
        (
            "pages",
            json!({"topics": [r.topic], "translations": {"en": {"title": "Garden waste", "slug": "garden"}}}),
            "topics",
        ),
        (
            "services",
            json!({"related_services": [r.service], "translations": {"en": {"title": "Pay for parking", "slug": "parking"}}}),
            "related_services",
        ),
    ]
}

async fn refused(response: reqwest::Response, field: &str, probe: &str) {
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{probe}: {status} {body}"
    );
    assert_eq!(body["error"]["code"], "validation_failed", "{probe}");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], field,
        "{probe}: {body}"
    );
}

#[tokio::test]
async fn every_reference_in_content_must_be_the_councils_own() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let york = records_of(&app, &platform, "york").await;
    let leeds = records_of(&app, &platform, "leeds").await;
    let missing = Records {
        media: uuid::Uuid::now_v7().to_string(),
        deleted_media: String::new(),
        page: uuid::Uuid::now_v7().to_string(),
        service: uuid::Uuid::now_v7().to_string(),
        topic: uuid::Uuid::now_v7().to_string(),
        meeting: uuid::Uuid::now_v7().to_string(),
    };
    let deleted = Records {
        media: york.deleted_media.clone(),
        deleted_media: String::new(),
        page: york.page.clone(),
        service: york.service.clone(),
        topic: york.topic.clone(),
        meeting: york.meeting.clone(),
    };

    let mut refusals = 0;
    for (whose, records) in [("another council's", &leeds), ("a missing", &missing)] {
        for (collection, content, field) in every_reference(records) {
            let response = app
                .post(
                    &platform,
                    &format!("/api/v1/councils/york/{collection}"),
                    &json!({"content": content}),
                )
                .await;
            refused(
                response,
                field,
                &format!("{whose} record in {collection}.{field}"),
            )
            .await;
            refusals += 1;
        }
    }
    // A deleted file is no longer the council's to show.
    let (collection, content, field) = every_reference(&deleted).remove(0);
    refused(
        app.post(
            &platform,
            &format!("/api/v1/councils/york/{collection}"),
            &json!({"content": content}),
        )
        .await,
        field,
        "a deleted file",
    )
    .await;
    refusals += 1;

    // The council's own records in the same fields are accepted; saving one again with another council's
    // record is refused too, and the item keeps its content.
    let mut made = Vec::new();
    for (collection, content, field) in every_reference(&york) {
        let response = app
            .post(
                &platform,
                &format!("/api/v1/councils/york/{collection}"),
                &json!({"content": content}),
            )
            .await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        // Slugs repeat across the list; only a conflict of slugs may refuse the council's own references.
        assert!(
            status == StatusCode::CREATED || body["error"]["code"] == "conflict",
            "{collection}.{field}: {status} {body}"
        );
        if status == StatusCode::CREATED {
            made.push((collection, body["id"].as_str().expect("id").to_owned()));
        }
    }
    assert!(made.len() >= 9, "{} items made", made.len());
    let (collection, id) = &made[0];
    let path = format!("/api/v1/councils/york/{collection}/{id}");
    let current = app.get(&platform, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let before: Value = current.json().await.expect("json");
    let (_, content, field) = every_reference(&leeds).remove(0);
    refused(
        app.put(&platform, &path, Some(&etag), &json!({"content": content}))
            .await,
        field,
        "a save with another council's image",
    )
    .await;
    let after: Value = app.get(&platform, &path).await.json().await.expect("json");
    assert_eq!(
        after["content"], before["content"],
        "nothing was overwritten"
    );
    assert_eq!(refusals, 27);
}
