//! The media library: every accepted and refused type (small real files made here), the size limit, names that
//! look like paths, restricted downloads, 304 and 206, alt text, soft delete.
use reqwest::{
    StatusCode,
    multipart::{Form, Part},
};
use serde_json::Value;

use crate::helpers::{
    PDF, PNG, TestApp, encoded_image, error_code, pdf_with_text, spawn_app, stored_files, zip_of,
};

const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
const WEBP: &[u8] =
    b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";

#[tokio::test]
async fn accepted_types_are_decided_from_the_bytes_and_others_refused() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let docx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/_rels/document.xml.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    let xlsx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("xl/_rels/workbook.xml.rels", "<Relationships/>"),
        ("xl/workbook.xml", "<workbook/>"),
    ]);
    let odt = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office/>"),
    ]);
    let ods = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", "<office/>"),
    ]);
    let accepted: Vec<(&str, Vec<u8>, &str)> = vec![
        ("report.pdf", PDF.to_vec(), "application/pdf"),
        (
            "letter.docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "minutes.odt",
            odt,
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "figures.ods",
            ods,
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "wards.csv",
            b"ward,councillors\nMicklegate,3\n".to_vec(),
            "text/csv",
        ),
        (
            "notes.txt",
            "Welsh: Ailgylchu ♻".as_bytes().to_vec(),
            "text/plain",
        ),
        ("map.png", PNG.to_vec(), "image/png"),
        ("photo.jpg", JPEG.to_vec(), "image/jpeg"),
        ("banner.webp", WEBP.to_vec(), "image/webp"),
        ("icon.gif", GIF.to_vec(), "image/gif"),
    ];
    for (name, bytes, mime) in accepted {
        let response = app
            .upload(&editor, "york", name, bytes, &[("alt", "A description")])
            .await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
        assert_eq!(body["mime_type"], mime, "{name}");
    }
    // A PDF named .txt is a PDF; text named .pdf is text.
    let body: Value = app
        .uploaded(&editor, "york", "renamed.txt", PDF.to_vec(), &[])
        .await;
    assert_eq!(body["mime_type"], "application/pdf");
    assert_eq!(body["file_name"], "renamed.txt.pdf");

    let refused: Vec<(&str, Vec<u8>)> = vec![
        (
            "page.html",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec(),
        ),
        (
            "logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
        ),
        (
            "report.pdf",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec(),
        ),
        ("report.docx", zip_of(&[("payload.exe", "MZ")])),
        ("archive.pdf", b"\x1f\x8b\x08\0\0\0\0\0\0\x03".to_vec()),
        ("empty.pdf", Vec::new()),
    ];
    for (name, bytes) in refused {
        let response = app.upload(&editor, "york", name, bytes, &[]).await;
        assert_eq!(
            error_code(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
            "unsupported_media_type",
            "{name}"
        );
    }
    // Images need alt text unless decorative.
    let response = app
        .upload(&editor, "york", "map.png", PNG.to_vec(), &[])
        .await;
    assert_eq!(
        error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let response = app
        .upload(
            &editor,
            "york",
            "map.png",
            PNG.to_vec(),
            &[("decorative", "true")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn the_size_limit_is_enforced_and_names_never_become_paths() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    // Over 50 MiB: refused with 413 (the declared length is over the limit, so nothing is read).
    let big = vec![b'a'; 50 * 1024 * 1024 + 10];
    let response = app.upload(&editor, "york", "big.txt", big, &[]).await;
    assert_eq!(
        error_code(response, StatusCode::PAYLOAD_TOO_LARGE).await,
        "payload_too_large"
    );
    let leftovers = std::fs::read_dir(app.settings.upload_dir.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "no temporary file is left behind");

    for name in [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\system.pdf",
        "/etc/shadow.pdf",
    ] {
        let body: Value = app.uploaded(&editor, "york", name, PDF.to_vec(), &[]).await;
        let file_name = body["file_name"].as_str().expect("name");
        assert!(
            !file_name.contains('/') && !file_name.contains('\\') && !file_name.starts_with('.'),
            "{file_name}"
        );
        let url = body["url"].as_str().expect("url");
        let download = app.client.get(app.url(url)).send().await.expect("request");
        assert_eq!(download.status(), StatusCode::OK, "{url}");
        assert_eq!(download.bytes().await.expect("bytes").as_ref(), PDF);
    }
    assert!(!app.settings.upload_dir.join("../etc").exists());
}

#[tokio::test]
async fn downloads_have_the_right_headers_304_206_and_restricted_files_are_hidden() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let body: Value = app
        .uploaded(
            &editor,
            "york",
            "agenda pack.pdf",
            PDF.to_vec(),
            &[("title", "Agenda pack")],
        )
        .await;
    let url = app.url(body["url"].as_str().expect("url"));
    let response = app.client.get(&url).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(
        response.headers()["content-disposition"],
        "inline; filename=\"agenda-pack.pdf\""
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["accept-ranges"], "bytes");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .expect("cc")
            .contains("max-age=31536000")
    );
    let etag = response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    assert_eq!(
        etag,
        format!("\"{}\"", body["sha256"].as_str().expect("sha"))
    );

    let cached = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert!(cached.bytes().await.expect("bytes").is_empty());

    let part = app
        .client
        .get(&url)
        .header("range", "bytes=5-14")
        .send()
        .await
        .expect("request");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 5-14/{}", PDF.len())
    );
    assert_eq!(part.bytes().await.expect("bytes").as_ref(), &PDF[5..=14]);
    let tail = app
        .client
        .get(&url)
        .header("range", "bytes=-6")
        .send()
        .await
        .expect("request");
    assert_eq!(
        tail.bytes().await.expect("bytes").as_ref(),
        &PDF[PDF.len() - 6..]
    );
    let beyond = app
        .client
        .get(&url)
        .header("range", "bytes=9999-")
        .send()
        .await
        .expect("request");
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    // A restricted paper: 404 to the public and other councils, served to the council's users.
    let secret: Value = app
        .uploaded(
            &editor,
            "york",
            "exempt.pdf",
            PDF.to_vec(),
            &[("restricted", "true")],
        )
        .await;
    let secret_url = app.url(secret["url"].as_str().expect("url"));
    let anonymous = app.client.get(&secret_url).send().await.expect("request");
    assert_eq!(
        error_code(anonymous, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let platform = app.login("platform@townhall.test").await.access;
    app.create_council(&platform, "leeds", "england").await;
    let outsider = app
        .member(&platform, "leeds", "editor@leeds.test", "editor")
        .await
        .access;
    let other = app
        .client
        .get(&secret_url)
        .bearer_auth(&outsider)
        .send()
        .await
        .expect("request");
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let member = app
        .client
        .get(&secret_url)
        .bearer_auth(&editor)
        .send()
        .await
        .expect("request");
    assert_eq!(member.status(), StatusCode::OK);
    assert_eq!(member.headers()["cache-control"], "private, no-store");
    // Under another council's slug the file does not exist either.
    let wrong = app
        .client
        .get(app.url(&format!(
            "/media/leeds/{}/x.pdf",
            body["id"].as_str().expect("id")
        )))
        .send()
        .await
        .expect("request");
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);

    // Soft delete: gone from downloads at once, back after restore.
    let id = body["id"].as_str().expect("id");
    let deleted = app
        .delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    assert_eq!(
        app.client.get(&url).send().await.expect("request").status(),
        StatusCode::NOT_FOUND
    );
    let restored = app
        .post(
            &editor,
            &format!("/api/v1/councils/york/media/{id}/restore"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(
        app.client.get(&url).send().await.expect("request").status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn pdf_text_is_extracted_for_search_and_inaccessible_pdfs_are_flagged() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let report: Value = app
        .uploaded(
            &editor,
            "york",
            "flood.pdf",
            pdf_with_text("Mill Lane flood defence scheme", Some("Flood report")),
            &[("title", "Flood defence report")],
        )
        .await;
    assert_eq!(report["page_count"], 1, "{report}");
    assert_eq!(report["document_title"], "Flood report");
    assert_eq!(report["likely_inaccessible"], false);
    assert_eq!(report["missing_document_title"], false);

    let scanned: Value = app
        .uploaded(&editor, "york", "scan.pdf", PDF.to_vec(), &[])
        .await;
    assert_eq!(scanned["likely_inaccessible"], true, "{scanned}");
    assert_eq!(scanned["missing_document_title"], true);

    let search = r#"{ council(slug: "york") { search(query: "flood defence", types: ["document"]) { totalCount edges { node { title kind path snippet } } } } }"#;
    let body = app.graphql_json(search).await;
    let hits = &body["data"]["council"]["search"];
    assert_eq!(hits["totalCount"], 1, "{body}");
    assert_eq!(hits["edges"][0]["node"]["title"], "Flood defence report");
    assert_eq!(hits["edges"][0]["node"]["kind"], "document");
    assert!(
        hits["edges"][0]["node"]["snippet"]
            .as_str()
            .expect("snippet")
            .to_lowercase()
            .contains("<mark>flood</mark>")
    );

    // Restricted papers are never in the public index; deleted files leave it.
    app.upload(
        &editor,
        "york",
        "exempt.pdf",
        pdf_with_text("Confidential valuation of Secret Street", None),
        &[("restricted", "true")],
    )
    .await;
    let body = app
        .graphql_json(r#"{ council(slug: "york") { search(query: "valuation") { totalCount } } }"#)
        .await;
    assert_eq!(body["data"]["council"]["search"]["totalCount"], 0, "{body}");
    let id = report["id"].as_str().expect("id");
    app.delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    let body = app.graphql_json(search).await;
    assert_eq!(body["data"]["council"]["search"]["totalCount"], 0, "{body}");
}

#[tokio::test]
async fn images_have_width_limited_renditions_made_once() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let png: Value = app
        .uploaded(
            &editor,
            "york",
            "map.png",
            encoded_image(1000, 500, image::ImageFormat::Png),
            &[("alt", "Map of the ward")],
        )
        .await;
    let url = app.url(&format!("{}?w=640", png["url"].as_str().expect("url")));
    let first = app.client.get(&url).send().await.expect("request");
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["content-type"], "image/webp");
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    let bytes = first.bytes().await.expect("bytes");
    let decoded = image::load_from_memory(&bytes).expect("a real image");
    assert_eq!((decoded.width(), decoded.height()), (640, 320));
    // Made once and kept: the same bytes again, and 304 for the same ETag.
    let again = app
        .client
        .get(&url)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(again, bytes);
    let cached = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);

    // Photographs stay JPEG; small images are not enlarged; only the fixed widths are made.
    let jpeg: Value = app
        .uploaded(
            &editor,
            "york",
            "photo.jpg",
            encoded_image(200, 100, image::ImageFormat::Jpeg),
            &[("alt", "Town hall")],
        )
        .await;
    let small = app
        .client
        .get(app.url(&format!("{}?w=640", jpeg["url"].as_str().expect("url"))))
        .send()
        .await
        .expect("request");
    assert_eq!(small.headers()["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(&small.bytes().await.expect("bytes")).expect("image");
    assert_eq!(decoded.width(), 200);
    let odd = app
        .client
        .get(app.url(&format!("{}?w=641", jpeg["url"].as_str().expect("url"))))
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_code(odd, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let pdf: Value = app
        .uploaded(&editor, "york", "r.pdf", PDF.to_vec(), &[])
        .await;
    let not_image = app
        .client
        .get(app.url(&format!("{}?w=640", pdf["url"].as_str().expect("url"))))
        .send()
        .await
        .expect("request");
    assert_eq!(not_image.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

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

/// The S3-compatible backend, against a real S3-compatible server at `TOWNHALL_TEST_S3_ENDPOINT`. Ignored by a
/// plain `cargo test` (reported as ignored, never as passed); run it on purpose, as CI does once per database:
/// `TOWNHALL_TEST_S3_ENDPOINT=http://127.0.0.1:5077 cargo test --test api -- --ignored --exact
/// media::the_s3_backend_stores_serves_ranges_renditions_and_purges`. Run without the endpoint, it fails.
#[tokio::test]
#[ignore = "needs an S3-compatible server: TOWNHALL_TEST_S3_ENDPOINT=http://127.0.0.1:5077 cargo test --test api -- --ignored the_s3_backend"]
async fn the_s3_backend_stores_serves_ranges_renditions_and_purges() {
    let endpoint = std::env::var("TOWNHALL_TEST_S3_ENDPOINT").expect(
        "TOWNHALL_TEST_S3_ENDPOINT names the S3-compatible server this test runs against \
         (e.g. http://127.0.0.1:5077 with `moto_server -p 5077`)",
    );
    let bucket = format!("townhall-test-{}", uuid::Uuid::new_v4().simple());
    let client = reqwest::Client::new();
    let made = client
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("the S3 endpoint answers");
    assert!(
        made.status().is_success(),
        "bucket created: {}",
        made.status()
    );
    let app = crate::helpers::spawn_app_with(|s| {
        s.storage_backend = townhall::config::StorageBackend::S3;
        s.s3_bucket = Some(bucket.clone());
        s.s3_endpoint = Some(endpoint.clone());
        s.s3_region = "us-east-1".into();
        s.s3_allow_http = true;
        s.s3_access_key_id = Some("townhall".into());
        s.s3_secret_access_key = Some("townhall-secret".to_owned().into());
    })
    .await;
    let objects = || {
        let client = client.clone();
        let url = format!("{endpoint}/{bucket}?list-type=2");
        async move {
            let listing = client
                .get(url)
                .send()
                .await
                .expect("list")
                .text()
                .await
                .expect("text");
            listing.matches("<Key>").count()
        }
    };
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");

    // Larger than one part (8 MiB): sent as a multipart upload.
    let csv: Vec<u8> = "ward,bins collected\n"
        .bytes()
        .chain((0..900_000).flat_map(|i| format!("Ward {i},{}\n", i % 97).into_bytes()))
        .collect();
    assert!(csv.len() > 9 * 1024 * 1024);
    let uploaded = app
        .upload(&editor, "york", "collections.csv", csv.clone(), &[])
        .await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let uploaded: Value = uploaded.json().await.expect("json");
    assert_eq!(uploaded["size"], csv.len());
    let url = app.url(uploaded["url"].as_str().expect("url"));
    let whole = app.client.get(&url).send().await.expect("request");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.bytes().await.expect("bytes").as_ref(), &csv[..]);
    let part = app
        .client
        .get(&url)
        .header("range", "bytes=8388600-8388615")
        .send()
        .await
        .expect("request");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.bytes().await.expect("bytes").as_ref(),
        &csv[8_388_600..=8_388_615]
    );
    assert_eq!(objects().await, 1);

    let png: Value = app
        .uploaded(
            &editor,
            "york",
            "map.png",
            encoded_image(800, 400, image::ImageFormat::Png),
            &[("alt", "Ward map")],
        )
        .await;
    let rendition = app
        .client
        .get(app.url(&format!("{}?w=320", png["url"].as_str().expect("url"))))
        .send()
        .await
        .expect("request");
    assert_eq!(rendition.status(), StatusCode::OK);
    let decoded = image::load_from_memory(&rendition.bytes().await.expect("bytes")).expect("image");
    assert_eq!(decoded.width(), 320);
    assert_eq!(objects().await, 3, "two originals and a rendition");

    let platform = app.login("platform@townhall.test").await.access;
    let id = png["id"].as_str().expect("id");
    app.delete(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    let purged = app
        .post(
            &platform,
            &format!("/api/v1/councils/york/media/{id}/purge"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(purged.status(), StatusCode::NO_CONTENT);
    assert_eq!(objects().await, 1, "the image and its rendition are gone");

    // A council's archive carries its files between storage backends: from S3 to a local directory (another
    // instance), and back beside the original as a copy.
    let archive = app
        .get(&platform, "/api/v1/councils/york/archive")
        .await
        .bytes()
        .await
        .expect("the archive")
        .to_vec();
    let restore = |app: &TestApp, token: String, archive: Vec<u8>, query: &'static str| {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/archives{query}"));
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "application/gzip")
                .body(archive)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.expect("json")
        }
    };
    let local = spawn_app().await;
    let local_admin = local.platform_admin().await;
    let restored = restore(&local, local_admin, archive.clone(), "").await;
    assert_eq!(restored["files"], 1, "{restored}");
    let moved = local
        .client
        .get(
            local.url(
                &uploaded["url"]
                    .as_str()
                    .expect("url")
                    .replace(&app.address, ""),
            ),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(moved.status(), StatusCode::OK);
    assert_eq!(moved.bytes().await.expect("bytes").as_ref(), &csv[..]);

    let copy = restore(&app, platform.clone(), archive, "?slug=york-copy").await;
    assert_eq!(copy["rekeyed"], true, "{copy}");
    assert_eq!(objects().await, 2, "the copy's file is its own object");
    let listed: Value = app
        .get(&platform, "/api/v1/councils/york-copy/media")
        .await
        .json()
        .await
        .expect("json");
    let copied = listed["items"][0]["url"].as_str().expect("a file");
    let copied = app
        .client
        .get(app.url(copied))
        .send()
        .await
        .expect("request");
    assert_eq!(copied.bytes().await.expect("bytes").as_ref(), &csv[..]);
}

#[tokio::test]
async fn front_ends_get_images_with_their_size_renditions_and_alt_text() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let photo: Value = app
        .uploaded(
            &editor,
            "york",
            "bins.jpg",
            encoded_image(1400, 700, image::ImageFormat::Jpeg),
            &[("alt", "Three wheelie bins")],
        )
        .await;
    assert_eq!(photo["width"], 1400, "{photo}");
    assert_eq!(photo["height"], 700);
    let small: Value = app
        .uploaded(
            &editor,
            "york",
            "icon.png",
            encoded_image(100, 50, image::ImageFormat::Png),
            &[("decorative", "true")],
        )
        .await;
    app.published(
        &platform,
        "york",
        "pages",
        serde_json::json!({"translations": {"en": {"title": "Bins", "slug": "bins", "body": [
            {"type": "image", "media_id": photo["id"], "alt": "Bins out on collection day"},
            {"type": "image", "media_id": small["id"], "decorative": true},
        ]}}}),
    )
    .await;

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { page(path: "/bins") { bodyHtml body { ... on ImageBlock {
                image { url width height alt decorative mimeType srcset small: url(width: 320) } } } } } }"#,
        )
        .await;
    let page = &body["data"]["council"]["page"];
    let url = photo["url"].as_str().expect("url");
    let image = &page["body"][0]["image"];
    assert_eq!(image["url"], url, "{body}");
    assert_eq!(image["width"], 1400);
    assert_eq!(image["height"], 700);
    assert_eq!(
        image["alt"], "Bins out on collection day",
        "the block's alt text first"
    );
    assert_eq!(image["decorative"], false);
    assert_eq!(image["mimeType"], "image/jpeg");
    assert_eq!(image["small"], format!("{url}?w=320"));
    assert_eq!(
        image["srcset"],
        format!(
            "{url}?w=160 160w, {url}?w=320 320w, {url}?w=640 640w, {url}?w=960 960w, {url}?w=1280 1280w, {url} 1400w"
        )
    );
    let icon = &page["body"][1]["image"];
    assert_eq!(icon["alt"], "");
    assert_eq!(icon["decorative"], true);
    assert_eq!(
        icon["srcset"],
        Value::Null,
        "narrower than the smallest rendition"
    );

    let html = page["bodyHtml"].as_str().expect("html");
    assert!(
        html.contains(&format!(
            "<img src=\"{url}\" srcset=\"{url}?w=160 160w, {url}?w=320 320w, {url}?w=640 640w, {url}?w=960 960w, {url}?w=1280 1280w, {url} 1400w\" sizes=\"(max-width: 1400px) 100vw, 1400px\" width=\"1400\" height=\"700\" loading=\"lazy\" alt=\"Bins out on collection day\">"
        )),
        "{html}"
    );
    assert!(
        html.contains("width=\"100\" height=\"50\" loading=\"lazy\" alt=\"\""),
        "{html}"
    );

    // A rendition URL from srcset downloads as a JPEG no wider than asked.
    let rendition = app
        .client
        .get(app.url(&format!("{url}?w=320")))
        .send()
        .await
        .expect("rendition");
    assert_eq!(rendition.status(), StatusCode::OK);
    assert_eq!(rendition.headers()["content-type"], "image/jpeg");

    // A bad width names the argument.
    let bad = app
        .graphql_json(r#"{ council(slug: "york") { page(path: "/bins") { body { ... on ImageBlock { image { url(width: 333) } } } } } }"#)
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["details"]["fields"][0]["field"], "width",
        "{bad}"
    );
}

/// An RGBA PNG whose left half is transparent and right half opaque red.
fn half_transparent_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([255, 0, 0, 255])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

#[tokio::test]
async fn every_file_url_in_answers_is_whole_under_the_public_url_or_the_councils_cdn() {
    const PUBLIC: &str = "https://townhall.example.test";
    let app = crate::helpers::spawn_app_with(|s| s.public_url = Some(PUBLIC.into())).await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let photo: Value = app
        .uploaded(
            &editor,
            "york",
            "bins.jpg",
            encoded_image(1000, 500, image::ImageFormat::Jpeg),
            &[("alt", "Three wheelie bins")],
        )
        .await;
    let id = photo["id"].as_str().expect("id").to_owned();
    let own = format!("{PUBLIC}/media/york/{id}/bins.jpg");
    assert_eq!(photo["url"], own.as_str(), "{photo}");

    // Content: GraphQL image, srcset and bodyHtml.
    app.published(
        &platform,
        "york",
        "pages",
        serde_json::json!({"translations": {"en": {"title": "Bins", "slug": "bins", "body": [
            {"type": "image", "media_id": id, "alt": "Bins out"},
        ]}}}),
    )
    .await;
    let query = r#"{ council(slug: "york") { page(path: "/bins") { bodyHtml body { ... on ImageBlock { image { url srcset } } } }
        councillors { edges { node { photoUrl } } } } }"#;
    let body = app.graphql_json(query).await;
    let image = &body["data"]["council"]["page"]["body"][0]["image"];
    assert_eq!(image["url"], own.as_str(), "{body}");
    assert!(
        image["srcset"]
            .as_str()
            .expect("srcset")
            .starts_with(&format!("{own}?w=160 160w, ")),
        "{body}"
    );
    let html = body["data"]["council"]["page"]["bodyHtml"]
        .as_str()
        .expect("html");
    assert!(html.contains(&format!("<img src=\"{own}\"")), "{html}");

    // Democracy: a councillor's library photo (GraphQL and Popolo) and a meeting paper.
    let councillor = app
        .post(&platform, "/api/v1/councils/york/councillors", &serde_json::json!({"display_name": "Jane Smith", "photo_media_id": id, "photo_alt": "Jane Smith"}))
        .await;
    assert_eq!(councillor.status(), StatusCode::CREATED);
    let body = app.graphql_json(query).await;
    assert_eq!(
        body["data"]["council"]["councillors"]["edges"][0]["node"]["photoUrl"],
        own.as_str(),
        "{body}"
    );
    let popolo: Value = app
        .client
        .get(app.url("/api/v1/councils/york/exports/popolo.json"))
        .send()
        .await
        .expect("popolo")
        .json()
        .await
        .expect("json");
    assert_eq!(popolo["persons"][0]["image"], own.as_str(), "{popolo}");
    let meeting = app
        .meeting(
            &platform,
            "york",
            serde_json::json!({"name": "Executive", "kind": "executive"}),
            serde_json::json!({"start": "2027-06-15T18:00"}),
        )
        .await;
    let form = Form::new()
        .text("kind", "report")
        .text("title", "Budget report")
        .part("file", Part::bytes(PDF.to_vec()).file_name("budget.pdf"));
    let paper: Value = app
        .client
        .post(app.url(&format!(
            "/api/v1/councils/york/meetings/{meeting}/documents"
        )))
        .bearer_auth(&platform)
        .multipart(form)
        .send()
        .await
        .expect("paper")
        .json()
        .await
        .expect("json");
    let paper_path = format!(
        "/files/york/documents/{}/budget.pdf",
        paper["id"].as_str().expect("paper id")
    );
    assert_eq!(paper["url"], format!("{PUBLIC}{paper_path}"), "{paper}");

    // A council behind a CDN: its file URLs start with the CDN's address, which mirrors Townhall's paths.
    let bad = app
        .patch(
            &platform,
            "/api/v1/councils/york",
            Some("\"1\""),
            &serde_json::json!({"media_base_url": "cdn.example.test"}),
        )
        .await;
    let bad: Value = bad.json().await.expect("json");
    assert_eq!(
        bad["error"]["details"]["fields"][0]["field"], "media_base_url",
        "{bad}"
    );
    let changed = app
        .patch(
            &platform,
            "/api/v1/councils/york",
            Some("\"1\""),
            &serde_json::json!({"media_base_url": "https://cdn.example.test/york/"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.expect("json");
    assert_eq!(changed["media_base_url"], "https://cdn.example.test/york");
    let cdn = format!("https://cdn.example.test/york/media/york/{id}/bins.jpg");
    let listed: Value = app
        .get(&editor, &format!("/api/v1/councils/york/media/{id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed["url"], cdn.as_str());
    let body = app.graphql_json(query).await;
    assert_eq!(
        body["data"]["council"]["page"]["body"][0]["image"]["url"],
        cdn.as_str(),
        "{body}"
    );
    assert_eq!(
        body["data"]["council"]["councillors"]["edges"][0]["node"]["photoUrl"],
        cdn.as_str()
    );
    let agenda: Value = app
        .get(
            &platform,
            &format!("/api/v1/councils/york/meetings/{meeting}/agenda"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        agenda["documents"][0]["url"],
        format!("https://cdn.example.test/york{paper_path}")
    );
    // What the CDN fetches from Townhall is there under the same path.
    let origin = app
        .client
        .get(app.url(&format!("/media/york/{id}/bins.jpg")))
        .send()
        .await
        .expect("origin");
    assert_eq!(origin.status(), StatusCode::OK);

    // Without a public address, URLs are whole addresses on the host the caller asked.
    let plain = spawn_app().await;
    let york = plain.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let photo: Value = plain
        .uploaded(
            &editor,
            "york",
            "bins.jpg",
            encoded_image(100, 50, image::ImageFormat::Jpeg),
            &[("alt", "Bins")],
        )
        .await;
    assert!(
        photo["url"]
            .as_str()
            .expect("url")
            .starts_with(&format!("{}/media/york/", plain.address)),
        "{photo}"
    );
}

#[tokio::test]
async fn renditions_come_in_the_format_a_front_end_asks_for() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let (editor, platform) = (york.token("editor"), york.platform);
    let logo: Value = app
        .uploaded(
            &editor,
            "york",
            "logo.png",
            half_transparent_png(800, 400),
            &[("alt", "Council logo")],
        )
        .await;
    let url = logo["url"].as_str().expect("url").to_owned();
    let page = app
        .published(
            &platform,
            "york",
            "pages",
            serde_json::json!({"translations": {"en": {"title": "About", "slug": "about", "body": [
                {"type": "image", "media_id": logo["id"], "alt": "Council logo"},
            ]}}}),
        )
        .await;
    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { page(path: "/about") { body { ... on ImageBlock { image {
                jpeg: url(width: 320, format: JPEG) webp: url(width: 320, format: WEBP) png: url(width: 320, format: PNG) } } } } } }"#,
        )
        .await;
    let image = &body["data"]["council"]["page"]["body"][0]["image"];
    assert_eq!(image["jpeg"], format!("{url}?w=320&format=jpeg"), "{body}");
    assert_eq!(
        image["webp"],
        format!("{url}?w=320"),
        "the default format needs no parameter"
    );
    assert_eq!(image["png"], format!("{url}?w=320&format=png"));

    let fetch = |url: String| {
        let app = &app;
        async move {
            let response = app.client.get(app.url(&url)).send().await.expect("get");
            assert_eq!(response.status(), StatusCode::OK, "{url}");
            let mime = response.headers()["content-type"]
                .to_str()
                .expect("type")
                .to_owned();
            let bytes = response.bytes().await.expect("bytes");
            (mime, image::load_from_memory(&bytes).expect("an image"))
        }
    };
    let (mime, jpeg) = fetch(format!("{url}?w=320&format=jpeg")).await;
    assert_eq!(mime, "image/jpeg");
    assert_eq!((jpeg.width(), jpeg.height()), (320, 160));
    let left = jpeg.to_rgb8().get_pixel(20, 80).0;
    assert!(
        left.iter().all(|c| *c > 240),
        "transparency becomes white in JPEG, not black: {left:?}"
    );
    let right = jpeg.to_rgb8().get_pixel(300, 80).0;
    assert!(right[0] > 200 && right[1] < 60, "{right:?}");
    let (mime, png) = fetch(format!("{url}?w=320&format=png")).await;
    assert_eq!(mime, "image/png");
    assert_eq!(
        png.to_rgba8().get_pixel(20, 80).0[3],
        0,
        "PNG keeps transparency"
    );
    let (mime, _) = fetch(format!("{url}?w=320")).await;
    assert_eq!(mime, "image/webp");

    // Wrong formats and a format without a width name the parameter.
    for (query, field) in [
        ("w=320&format=gif", "format"),
        ("format=png", "format"),
        ("w=333&format=png", "w"),
    ] {
        let response = app
            .client
            .get(app.url(&format!("{url}?{query}")))
            .send()
            .await
            .expect("get");
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{query}"
        );
    }
    let bad = app
        .graphql_json(r#"{ council(slug: "york") { page(path: "/about") { body { ... on ImageBlock { image { url(format: PNG) } } } } } }"#)
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["details"]["fields"][0]["field"], "format",
        "{bad}"
    );

    // Purging the file removes its renditions in every format.
    let stored = || stored_files(&app);
    assert_eq!(stored(), 4, "the original and three renditions");
    let id = logo["id"].as_str().expect("id");
    app.delete(&platform, &format!("/api/v1/councils/york/media/{id}"))
        .await;
    // The page still shows it, so unpublish first.
    app.act(&platform, "york", "pages", &page, "unpublish")
        .await;
    let purged = app
        .post(
            &platform,
            &format!("/api/v1/councils/york/media/{id}/purge"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(purged.status(), StatusCode::NO_CONTENT);
    assert_eq!(stored(), 0, "nothing of the file is left");
}

#[tokio::test]
async fn the_library_lists_deleted_files_apart_and_finds_files_by_title_or_name() {
    let app = spawn_app().await;
    let york = app.council("york").with("editor").build().await;
    let editor = york.token("editor");
    let mut ids = Vec::new();
    for (name, title) in [
        ("budget.pdf", "Budget 2026_27 100%"),
        ("bins.pdf", "Bin collection days"),
        ("parks.pdf", "Parks strategy"),
        ("gwyl.pdf", "Ŵyl Fwyd"),
    ] {
        let res = app
            .upload(
                &editor,
                "york",
                name,
                pdf_with_text(title, Some(title)),
                &[("title", title)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{name}");
        let body: Value = res.json().await.expect("json");
        ids.push(body["id"].as_str().expect("id").to_owned());
    }
    let titles = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|m| m["title"].as_str().expect("title").to_owned())
            .collect()
    };
    let list = |query: &'static str| {
        let app = &app;
        let editor = editor.clone();
        async move {
            let res = app
                .get(&editor, &format!("/api/v1/councils/york/media{query}"))
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{query}");
            res.json::<Value>().await.expect("json")
        }
    };
    let deleted = app
        .delete(&editor, &format!("/api/v1/councils/york/media/{}", ids[1]))
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);

    // Live files only by default, deleted ones only when asked, newest first.
    assert_eq!(
        titles(&list("").await),
        ["Ŵyl Fwyd", "Parks strategy", "Budget 2026_27 100%"]
    );
    // Welsh letters beyond ASCII are found as typed on both databases.
    assert_eq!(titles(&list("?q=%C5%B4yl").await), ["Ŵyl Fwyd"]);
    let gone = list("?deleted=true").await;
    assert_eq!(titles(&gone), ["Bin collection days"]);
    assert!(gone["items"][0]["deleted_at"].is_string());

    // Text matches the title or the file name, in any case; LIKE's wildcards are plain characters.
    assert_eq!(titles(&list("?q=PARKS").await), ["Parks strategy"]);
    assert_eq!(
        titles(&list("?q=budget.pdf").await),
        ["Budget 2026_27 100%"]
    );
    assert_eq!(titles(&list("?q=26_27").await), ["Budget 2026_27 100%"]);
    assert!(titles(&list("?q=0_6").await).is_empty());
    assert_eq!(titles(&list("?q=100%25").await), ["Budget 2026_27 100%"]);
    assert!(titles(&list("?q=0%25b").await).is_empty());
    assert_eq!(
        titles(&list("?q=collection&deleted=true").await),
        ["Bin collection days"]
    );
    assert!(titles(&list("?q=collection").await).is_empty());

    // Restored, it is back among the live files.
    let restored = app
        .post(
            &editor,
            &format!("/api/v1/councils/york/media/{}/restore", ids[1]),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(titles(&list("").await).len(), 4);
    assert!(titles(&list("?deleted=true").await).is_empty());

    // A bad flag or an over-long text is refused, naming the parameter.
    let bad = app
        .get(&editor, "/api/v1/councils/york/media?deleted=maybe")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let long = app
        .get(
            &editor,
            &format!("/api/v1/councils/york/media?q={}", "a".repeat(201)),
        )
        .await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = long.json().await.expect("json");
    assert_eq!(body["error"]["details"]["fields"][0]["field"], "q");
}
