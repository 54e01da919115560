//! Every council website kind of issue 14 through the same life, one after another: an editor creates it and
//! submits it, the draft is seen only in preview, an administrator publishes it, it is read through REST and
//! GraphQL and found by search, an edit is published and the first revision restored, Welsh falls back to
//! English, and another council sees none of it.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

struct Case {
    collection: &'static str,
    /// The REST delivery path of one item by slug, under `/delivery/v1/councils/{council}`.
    rest: &'static str,
    /// The GraphQL field of one item by slug under `council`.
    field: &'static str,
    /// The kind as search names it.
    search_kind: &'static str,
    content: Value,
}

fn paragraph(text: &str) -> Value {
    json!([{"type": "paragraph", "content": [{"text": text}]}])
}

fn cases(directory: &str) -> Vec<Case> {
    vec![
        Case {
            collection: "directories",
            rest: "/directories/",
            field: "directory",
            search_kind: "directory",
            content: json!({"translations": {"en": {"title": "Find a Zanzibar club", "slug": "clubs", "body": paragraph("Clubs.")}}}),
        },
        Case {
            collection: "directory-entries",
            rest: "/directory-entries/",
            field: "directoryEntry",
            search_kind: "directory_entry",
            content: json!({"channels": [directory], "translations": {"en": {"title": "The Zanzibar club", "slug": "club", "body": paragraph("A club.")}}}),
        },
        Case {
            collection: "events",
            rest: "/events/",
            field: "event",
            search_kind: "event",
            content: json!({"date": "2027-05-01", "start_time": "10:00", "translations": {"en": {"title": "Zanzibar day", "slug": "day", "body": paragraph("A day.")}}}),
        },
        Case {
            collection: "guides",
            rest: "/guides/",
            field: "guide",
            search_kind: "guide",
            content: json!({"translations": {"en": {"title": "Zanzibar guide", "slug": "guide", "pages": [{"title": "Start", "slug": "start", "body": paragraph("Begin.")}]}}}),
        },
        Case {
            collection: "step-by-steps",
            rest: "/step-by-step/",
            field: "stepByStep",
            search_kind: "step_by_step",
            content: json!({"translations": {"en": {"title": "Zanzibar steps", "slug": "steps", "steps": [{"title": "First", "links": []}]}}}),
        },
        Case {
            collection: "publications",
            rest: "/publications/",
            field: "publication",
            search_kind: "publication",
            content: json!({"translations": {"en": {"title": "Zanzibar report", "slug": "report", "pages": [{"title": "Summary", "slug": "summary", "body": paragraph("In short.")}]}}}),
        },
    ]
}

#[tokio::test]
async fn every_new_kind_is_drafted_submitted_published_revised_restored_and_kept_to_its_council() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "cardiff", "wales").await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "cardiff", "admin@cardiff.test", "admin")
        .await
        .access;
    let editor = app
        .member(&platform, "cardiff", "editor@cardiff.test", "editor")
        .await
        .access;
    let directory = app
        .published(
            &admin,
            "cardiff",
            "directories",
            json!({"translations": {"en": {"title": "Entries' home", "slug": "home"}}}),
        )
        .await;

    for case in cases(&directory) {
        let c = case.collection;
        let slug = case.content["translations"]["en"]["slug"]
            .as_str()
            .expect("slug")
            .to_owned();
        let title = case.content["translations"]["en"]["title"]
            .as_str()
            .expect("title")
            .to_owned();
        let one = format!("{}{slug}", case.rest);

        // An editor creates and submits; a draft is seen only in preview.
        let (id, _) = app
            .create_item(&editor, "cardiff", c, case.content.clone())
            .await;
        let submitted = app.act(&editor, "cardiff", c, &id, "submit").await;
        assert_eq!(submitted.status(), StatusCode::OK, "{c}");
        let submitted: Value = submitted.json().await.expect("json");
        assert_eq!(submitted["status"], "in_review", "{c}");
        let refused = app.act(&editor, "cardiff", c, &id, "publish").await;
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "{c}: editors do not publish"
        );
        let (status, _) = app.deliver("cardiff", &one).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{c}: draft");
        let (status, preview) = app
            .deliver_as(&admin, "cardiff", &format!("{one}?preview=true"))
            .await;
        assert_eq!(status, StatusCode::OK, "{c}: preview {preview}");
        assert_eq!(preview["title"], title.as_str());

        // Published: REST, GraphQL and search.
        app.publish(&admin, "cardiff", c, &id).await;
        let (status, live) = app.deliver("cardiff", &one).await;
        assert_eq!(status, StatusCode::OK, "{c}: {live}");
        assert_eq!(live["title"], title.as_str());
        let body = app
            .graphql_json(&format!(
                r#"{{ council(slug: "cardiff") {{ {}(slug: "{slug}") {{ title path }} search(query: "zanzibar", types: ["{}"]) {{ edges {{ node {{ kind title }} }} }} }} }}"#,
                case.field, case.search_kind
            ))
            .await;
        let council = &body["data"]["council"];
        assert_eq!(council[case.field]["title"], title.as_str(), "{c}: {body}");
        assert_eq!(council[case.field]["path"], live["path"], "{c}");
        assert_eq!(
            council["search"]["edges"][0]["node"]["kind"], case.search_kind,
            "{c}: {body}"
        );

        // An edit, published, then revision 1 restored and published.
        let path = format!("/api/v1/councils/cardiff/{c}/{id}");
        let current = app.get(&editor, &path).await;
        let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
        let mut item: Value = current.json().await.expect("json");
        item["content"]["translations"]["en"]["title"] = json!(format!("{title} (revised)"));
        let response = app
            .put(
                &editor,
                &path,
                Some(&etag),
                &json!({"content": item["content"]}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{c}");
        app.publish(&admin, "cardiff", c, &id).await;
        assert_eq!(
            app.deliver("cardiff", &one).await.1["title"],
            format!("{title} (revised)")
        );
        let history: Value = app
            .get(&editor, &format!("{path}/revisions"))
            .await
            .json()
            .await
            .expect("json");
        assert!(
            history["items"].as_array().is_some_and(|r| r.len() >= 2),
            "{c}: {history}"
        );
        let current = app.get(&admin, &path).await;
        let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
        let restored = app
            .post_if_match(&admin, &format!("{path}/revisions/1/restore"), &etag)
            .await;
        assert_eq!(restored.status(), StatusCode::OK, "{c}");
        app.publish(&admin, "cardiff", c, &id).await;
        assert_eq!(
            app.deliver("cardiff", &one).await.1["title"],
            title.as_str(),
            "{c}"
        );

        // Welsh falls back to English; York sees nothing of Cardiff's.
        let (_, welsh) = app.deliver("cardiff", &format!("{one}?locale=cy")).await;
        assert_eq!(welsh["is_fallback"], true, "{c}");
        assert_eq!(welsh["title"], title.as_str());
        let (status, _) = app.deliver("york", &one).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{c}: York");
        let york = app
            .graphql_json(&format!(
                r#"{{ council(slug: "york") {{ {}(slug: "{slug}") {{ title }} }} }}"#,
                case.field
            ))
            .await;
        assert_eq!(
            york["data"]["council"][case.field],
            Value::Null,
            "{c}: {york}"
        );
    }
}
