//! Images of the media library as front ends get them: renditions of fixed widths made once, in the format asked
//! for; width, height, srcset and alt text in GraphQL and in body HTML; and every file address in answers whole,
//! under the public address or the council's CDN.
use reqwest::{
    StatusCode,
    multipart::{Form, Part},
};
use serde_json::Value;

use crate::helpers::{PDF, encoded_image, error_code, spawn_app, stored_files};

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
