//! Web content's blocks: an invalid block is refused with the path of the bad block, a bad field inside one with its
//! own path and a plain reason.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::content::page;
use crate::helpers::spawn_app;

#[tokio::test]
async fn invalid_blocks_are_refused_with_the_path_of_the_bad_block() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let cases = [
        (
            json!([{"type": "paragraph", "content": [{"text": "ok"}]}, {"type": "heading", "level": 7, "text": "Too deep"}]),
            "translations.en.body[1].level",
        ),
        (
            json!([{"type": "video", "url": "https://example.com"}]),
            "translations.en.body[0].type",
        ),
        (
            json!([{"type": "image", "media_id": "01934b7e-1f00-7000-8000-000000000001"}]),
            "translations.en.body[0].alt",
        ),
        (
            json!([{"type": "paragraph", "content": [{"text": "x", "link": "javascript:alert(1)"}]}]),
            "translations.en.body[0].content[0].link",
        ),
    ];
    for (body, expected) in cases {
        let mut content = page("Blocks", "blocks");
        content["translations"]["en"]["body"] = body;
        let response = app
            .post(
                &editor,
                "/api/v1/councils/york/pages",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"]["code"], "validation_failed");
        assert_eq!(
            error["error"]["details"]["fields"][0]["field"], expected,
            "{error}"
        );
    }
    // Nothing was written.
    let list: Value = app
        .get(&editor, "/api/v1/councils/york/pages")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn a_bad_field_inside_a_block_is_refused_with_its_own_path_and_a_plain_reason() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("editor")
        .build()
        .await;
    let editor = york.token("editor");
    let intro = json!({"type": "paragraph", "content": [{"text": "Intro"}]});
    let cases = [
        (
            json!([intro, {"type": "heading", "level": "two", "text": "Bins"}]),
            "translations.en.body[1].level",
            Some("heading level must be 2, 3 or 4"),
        ),
        (
            json!([{"type": "heading", "text": "Bins"}]),
            "translations.en.body[0].level",
            Some("level is required"),
        ),
        (
            json!([{"type": "heading", "level": 2, "text": "Bins", "colour": "red"}]),
            "translations.en.body[0].colour",
            Some("unknown field \"colour\"; allowed: level, text"),
        ),
        (
            json!([{"type": "list", "style": "dotted", "items": [[{"text": "Glass"}]]}]),
            "translations.en.body[0].style",
            Some("unknown value \"dotted\"; use ordered or unordered"),
        ),
        (
            json!([intro, {"type": "paragraph", "content": [{"text": "ok"}, {"text": 5}]}]),
            "translations.en.body[1].content[1].text",
            None,
        ),
        (
            json!([{"type": "accordion", "sections": [
                {"heading": "Photos", "body": [intro, {"type": "image", "media_id": "not-a-uuid", "alt": "A bin"}]},
            ]}]),
            "translations.en.body[0].sections[0].body[1].media_id",
            None,
        ),
        (
            json!([{"level": 2, "text": "Bins"}]),
            "translations.en.body[0].type",
            Some(
                "block type is missing; use heading, paragraph, list, image, callout, accordion, table, contact or embed",
            ),
        ),
        (
            json!({"type": "paragraph"}),
            "translations.en.body",
            Some("a body must be a list of blocks"),
        ),
    ];
    for (body, field, message) in cases {
        let mut content = page("Blocks", "blocks");
        content["translations"]["en"]["body"] = body;
        let response = app
            .post(
                &editor,
                "/api/v1/councils/york/pages",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"]["code"], "validation_failed");
        let refused = &error["error"]["details"]["fields"][0];
        assert_eq!(refused["field"], field, "{error}");
        if let Some(message) = message {
            assert_eq!(refused["message"], message, "{error}");
        }
    }
    // A field outside the body keeps serde's own path.
    let mut content = page("Blocks", "blocks");
    content["translations"]["en"]["title"] = json!(5);
    let response = app
        .post(
            &editor,
            "/api/v1/councils/york/pages",
            &json!({"content": content}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.expect("json");
    assert_eq!(
        error["error"]["details"]["fields"][0]["field"], "translations.en.title",
        "{error}"
    );
}
