//! Where media library files are used: a councillor's photo, a forward plan entry's documents, documents embedded
//! in pages (restricted ones left out); the where-used list, and purging, which only an admin may do and never
//! while published content uses the file.
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{PDF, PNG, encoded_image, error_code, spawn_app, stored_files};

#[tokio::test]
async fn a_councillors_photo_comes_from_the_media_library() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let photo: Value = app
        .uploaded(
            &editor,
            "york",
            "jane.png",
            PNG.to_vec(),
            &[("alt", "Jane Smith")],
        )
        .await;
    let pdf: Value = app
        .uploaded(&editor, "york", "cv.pdf", PDF.to_vec(), &[])
        .await;
    let refused = app
        .post(&platform, "/api/v1/councils/york/councillors", &serde_json::json!({"display_name": "Jane Smith", "photo_media_id": pdf["id"], "photo_alt": "Jane"}))
        .await;
    assert_eq!(
        error_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let no_alt = app
        .post(
            &platform,
            "/api/v1/councils/york/councillors",
            &serde_json::json!({"display_name": "Jane Smith", "photo_media_id": photo["id"]}),
        )
        .await;
    assert_eq!(no_alt.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let created = app
        .post(&platform, "/api/v1/councils/york/councillors", &serde_json::json!({"display_name": "Jane Smith", "photo_media_id": photo["id"], "photo_alt": "Jane Smith, smiling"}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("json");
    let url = created["photo_url"].as_str().expect("photo url");
    assert_eq!(
        url,
        format!("/media/york/{}/jane.png", photo["id"].as_str().expect("id"))
    );
    assert_eq!(created["photo_media_id"], photo["id"]);
    let image = app.client.get(app.url(url)).send().await.expect("request");
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/png");
    // Another council's image is not in this council's library.
    app.create_council(&platform, "leeds", "england").await;
    let other = app
        .post(&platform, "/api/v1/councils/leeds/councillors", &serde_json::json!({"display_name": "Sam", "photo_media_id": photo["id"], "photo_alt": "Sam"}))
        .await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn forward_plan_entries_carry_documents_from_the_library() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let report: Value = app
        .uploaded(
            &editor,
            "york",
            "report.pdf",
            PDF.to_vec(),
            &[("title", "Cabinet report")],
        )
        .await;
    let body = serde_json::json!({"title": "Highways contract", "decision_maker": "Cabinet", "expected_date": "2027-03-09", "document_ids": [report["id"]]});
    let created = app
        .post(&platform, "/api/v1/councils/york/forward-plan", &body)
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("json");
    assert_eq!(created["document_ids"], serde_json::json!([report["id"]]));

    // Published, the entry lists its public documents in GraphQL; a restricted one is left out.
    let exempt: Value = app
        .uploaded(
            &editor,
            "york",
            "valuation.pdf",
            PDF.to_vec(),
            &[("title", "Valuation"), ("restricted", "true")],
        )
        .await;
    let with_both = serde_json::json!({"title": "Depot sale", "decision_maker": "Cabinet", "expected_date": "2027-03-10", "document_ids": [report["id"], exempt["id"]]});
    let second: Value = app
        .post(&platform, "/api/v1/councils/york/forward-plan", &with_both)
        .await
        .json()
        .await
        .expect("json");
    for entry in [&created, &second] {
        let published = app
            .post(
                &platform,
                &format!(
                    "/api/v1/councils/york/forward-plan/{}/publish",
                    entry["id"].as_str().expect("id")
                ),
                &serde_json::json!({}),
            )
            .await;
        assert_eq!(published.status(), StatusCode::OK);
    }
    let plan = app
        .graphql_json(r#"{ council(slug: "york") { forwardPlan { title documents { title url mimeType } } } }"#)
        .await;
    let entries = plan["data"]["council"]["forwardPlan"]
        .as_array()
        .unwrap_or_else(|| panic!("{plan}"));
    assert_eq!(entries.len(), 2, "{plan}");
    for entry in entries {
        assert_eq!(
            entry["documents"],
            serde_json::json!([{"title": "Cabinet report", "url": report["url"], "mimeType": "application/pdf"}]),
            "{plan}"
        );
    }
    let unknown = serde_json::json!({"title": "X", "decision_maker": "Cabinet", "expected_date": "2027-03-09", "document_ids": [uuid::Uuid::new_v4()]});
    let refused = app
        .post(&platform, "/api/v1/councils/york/forward-plan", &unknown)
        .await;
    assert_eq!(
        error_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
}

#[tokio::test]
async fn pages_link_embedded_public_documents_and_leave_out_restricted_ones() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let public: Value = app
        .uploaded(
            &editor,
            "york",
            "budget.pdf",
            PDF.to_vec(),
            &[("title", "Budget 2027")],
        )
        .await;
    let secret: Value = app
        .uploaded(
            &editor,
            "york",
            "exempt.pdf",
            PDF.to_vec(),
            &[("title", "Exempt valuation"), ("restricted", "true")],
        )
        .await;
    let content = serde_json::json!({"translations": {"en": {"title": "Budget", "slug": "budget", "body": [
        {"type": "embed", "target": "document", "id": public["id"]},
        {"type": "embed", "target": "document", "id": secret["id"]}
    ]}}});
    let (page, _) = app.create_item(&editor, "york", "pages", content).await;
    app.publish(&platform, "york", "pages", &page).await;
    let body = app
        .graphql_json(r#"{ council(slug: "york") { page(path: "/budget") { bodyHtml } } }"#)
        .await;
    let html = body["data"]["council"]["page"]["bodyHtml"]
        .as_str()
        .expect("html");
    assert!(
        html.contains(&format!(
            "/media/york/{}/budget.pdf",
            public["id"].as_str().expect("id")
        )),
        "{html}"
    );
    assert!(html.contains("Budget 2027"));
    assert!(
        !html.contains("Exempt valuation") && !html.contains(secret["id"].as_str().expect("id")),
        "{html}"
    );
}

#[tokio::test]
async fn a_deleted_file_is_purged_only_by_an_admin_and_never_while_published_content_uses_it() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let image: Value = app
        .uploaded(
            &editor,
            "york",
            "bins.png",
            encoded_image(400, 200, image::ImageFormat::Png),
            &[("alt", "A green bin")],
        )
        .await;
    let id = image["id"].as_str().expect("id").to_owned();
    let file = app.url(image["url"].as_str().expect("url"));
    // A rendition is made and kept beside the original.
    let rendition = app
        .client
        .get(format!("{file}?w=160"))
        .send()
        .await
        .expect("request");
    assert_eq!(rendition.status(), StatusCode::OK);
    let stored = || stored_files(&app);
    assert_eq!(stored(), 2, "the original and one rendition");

    let content = serde_json::json!({"translations": {"en": {"title": "Bins", "slug": "bins", "body": [
        {"type": "image", "media_id": id, "alt": "A green bin"}
    ]}}});
    let (page, _) = app.create_item(&editor, "york", "pages", content).await;
    app.publish(&platform, "york", "pages", &page).await;
    let usage: Value = app
        .get(&editor, &format!("/api/v1/councils/york/media/{id}/usage"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(usage.as_array().map(Vec::len), Some(1), "{usage}");
    assert_eq!(usage[0]["kind"], "page");
    assert_eq!(usage[0]["id"], page.as_str());

    let purge = format!("/api/v1/councils/york/media/{id}/purge");
    // Not deleted yet.
    assert_eq!(
        error_code(
            app.post(&platform, &purge, &serde_json::json!({})).await,
            StatusCode::CONFLICT
        )
        .await,
        "conflict"
    );
    let deleted = app
        .delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    // Editors delete softly; purging is for admins.
    assert_eq!(
        app.post(&editor, &purge, &serde_json::json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // The published page still uses it.
    let refused = app.post(&platform, &purge, &serde_json::json!({})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refused: Value = refused.json().await.expect("json");
    assert_eq!(refused["error"]["code"], "in_use", "{refused}");
    assert_eq!(
        refused["error"]["details"]["usages"][0]["id"],
        page.as_str()
    );
    assert_eq!(stored(), 2, "nothing was removed");
    // Restorable while it exists.
    let restored = app
        .post(
            &editor,
            &format!("/api/v1/councils/york/media/{id}/restore"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    app.delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;

    // Once the page is unpublished nothing published uses the file, and it can be purged: record, bytes and
    // renditions go.
    let unpublished = app
        .act(&platform, "york", "pages", &page, "unpublish")
        .await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    let purged = app.post(&platform, &purge, &serde_json::json!({})).await;
    assert_eq!(purged.status(), StatusCode::NO_CONTENT);
    assert_eq!(stored(), 0, "bytes and renditions removed");
    assert_eq!(
        app.get(&editor, &format!("/api/v1/councils/york/media/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let restore = app
        .post(
            &editor,
            &format!("/api/v1/councils/york/media/{id}/restore"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(restore.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.client
            .get(&file)
            .send()
            .await
            .expect("request")
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn where_used_lists_content_then_councillors_then_forward_plan_entries() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let image: Value = app
        .uploaded(
            &editor,
            "york",
            "town-hall.png",
            PNG.to_vec(),
            &[("alt", "The town hall")],
        )
        .await;
    let id = image["id"].as_str().expect("id").to_owned();
    let usage_path = format!("/api/v1/councils/york/media/{id}/usage");
    let unused: Value = app
        .get(&editor, &usage_path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(unused, serde_json::json!([]));

    // Registered in the opposite order of the answer, to show the answer does not follow creation.
    let entry: Value = app
        .post(
            &platform,
            "/api/v1/councils/york/forward-plan",
            &serde_json::json!({"title": "Town hall repairs", "decision_maker": "Cabinet", "expected_date": "2027-03-09", "document_ids": [id]}),
        )
        .await
        .json()
        .await
        .expect("json");
    let councillor: Value = app
        .post(
            &platform,
            "/api/v1/councils/york/councillors",
            &serde_json::json!({"display_name": "Jane Smith", "photo_media_id": id, "photo_alt": "Jane Smith"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let content = serde_json::json!({"translations": {"en": {"title": "Our town hall", "slug": "town-hall", "body": [
        {"type": "image", "media_id": id, "alt": "The town hall"}
    ]}}});
    let (page, _) = app.create_item(&editor, "york", "pages", content).await;
    app.publish(&platform, "york", "pages", &page).await;

    let usage: Value = app
        .get(&editor, &usage_path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        usage,
        serde_json::json!([
            {"kind": "page", "id": page, "title": "Our town hall"},
            {"kind": "councillor", "id": councillor["id"], "title": "Jane Smith"},
            {"kind": "forward_plan_entry", "id": entry["id"], "title": "Town hall repairs"},
        ])
    );
    // Deleted, the file is still used by all three, and the purge refusal lists the same places.
    let deleted = app
        .delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let refused = app
        .post(
            &platform,
            &format!("/api/v1/councils/york/media/{id}/purge"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refused: Value = refused.json().await.expect("json");
    assert_eq!(refused["error"]["code"], "in_use");
    assert_eq!(refused["error"]["details"]["usages"], usage);
}
