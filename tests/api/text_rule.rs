//! The one text rule at every door (issue 13, item 1): NUL and other control characters, DEL, C1 controls and
//! noncharacters are refused with 422 naming the field, on SQLite and PostgreSQL alike (PostgreSQL cannot store
//! NUL, which once made these answers 500); line breaks only in multi-line text; nothing is written by a refused
//! request, not even a file's bytes; and what was stored before the rule never breaks a feed.
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{spawn_app, table_counts};

/// Asserts a 422 in the one shape whose first field is `field`.
async fn refused(response: reqwest::Response, field: &str, probe: &str) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{probe}: answered {status} {body}"
    );
    assert_eq!(
        body["error"]["code"], "validation_failed",
        "{probe}: {body}"
    );
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], field,
        "{probe}: {body}"
    );
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[tokio::test]
async fn control_characters_are_refused_at_every_door_and_nothing_is_written() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let before = table_counts(&app.db).await;
    let files_before = files_under(&app.settings.upload_dir).len();
    let mut probes = 0;

    // Without signing in: the sign-in itself, delivery lookups by path and by council slug.
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "admin\u{0}@york.test", "password": "x"}))
        .send()
        .await
        .expect("request");
    refused(login, "email", "NUL in the sign-in email").await;
    probes += 1;
    for (path, field, probe) in [
        (
            "/delivery/v1/councils/york/route?path=/bins%00",
            "path",
            "NUL in a delivery path",
        ),
        (
            "/delivery/v1/councils/york/route?path=/bins%0Aday",
            "path",
            "LF in a delivery path",
        ),
        (
            "/delivery/v1/councils/yo%00rk/pages",
            "path",
            "NUL in the council slug",
        ),
        (
            "/delivery/v1/councils/york/news/a%7Fb",
            "path",
            "DEL in a news slug",
        ),
        (
            "/delivery/v1/councils/york/pages?locale=e%C2%85n",
            "locale",
            "C1 (U+0085) in a locale",
        ),
        (
            "/api/v1/invitations/abc%00def",
            "path",
            "NUL in an invitation token",
        ),
    ] {
        refused(
            app.client.get(app.url(path)).send().await.expect("request"),
            field,
            probe,
        )
        .await;
        probes += 1;
    }

    // Signed in: every kind of write, and list searches.
    let writes: Vec<(&str, Value, &str, &str)> = vec![
        (
            "/api/v1/councils/york/pages",
            json!({"content": {"translations": {"en": {"title": "Bins\u{0}", "slug": "bins"}}}}),
            "content.translations.en.title",
            "NUL in a page title",
        ),
        (
            "/api/v1/councils/york/pages",
            json!({"content": {"translations": {"en": {"title": "Bins\nday", "slug": "bins"}}}}),
            "content.translations.en.title",
            "LF in a page title",
        ),
        (
            "/api/v1/councils/york/pages",
            json!({"content": {"translations": {"en": {"title": "Bins", "slug": "bins", "body": {"blocks": [
                {"type": "paragraph", "text": "fine\nhere"}, {"type": "list", "style": "bulleted", "items": ["ok", "bell\u{7}"]}]}}}}}),
            "content.translations.en.body.blocks[1].items[1]",
            "BEL in a list item",
        ),
        (
            "/api/v1/councils/york/news",
            json!({"content": {"translations": {"en": {"title": "Library\u{8} reopens", "slug": "library"}}}}),
            "content.translations.en.title",
            "backspace in a news title",
        ),
        (
            "/api/v1/councils/york/services",
            json!({"content": {"translations": {"en": {"title": "Pay \u{FFFF}", "slug": "pay"}}}}),
            "content.translations.en.title",
            "U+FFFF in a service title",
        ),
        (
            "/api/v1/councils/york/wards",
            json!({"name": "North\u{0}"}),
            "name",
            "NUL in a ward name",
        ),
        (
            "/api/v1/councils/york/parties",
            json!({"name": "Green\u{1B}[31m"}),
            "name",
            "ESC in a party name",
        ),
        (
            "/api/v1/councils/york/councillors",
            json!({"given_name": "Ann\u{0}", "family_name": "Lee"}),
            "given_name",
            "NUL in a councillor's name",
        ),
        (
            "/api/v1/councils/york/committees",
            json!({"name": "Cabinet\u{0}", "kind": "executive"}),
            "name",
            "NUL in a committee name",
        ),
        (
            "/api/v1/councils/york/decisions",
            json!({"title": "Budget\u{0}", "decision_maker": "Cabinet"}),
            "title",
            "NUL in a decision title",
        ),
        (
            "/api/v1/councils/york/api-tokens",
            json!({"name": "site\u{0}", "scopes": ["content:read"]}),
            "name",
            "NUL in an API token's name",
        ),
        (
            "/api/v1/councils/york/invitations",
            json!({"email": "new\u{0}@york.test", "role": "editor"}),
            "email",
            "NUL in an invitation's email",
        ),
        (
            "/api/v1/councils/york/members",
            json!({"email": "new@york.test\u{0}", "role": "editor", "display_name": "New", "password": "correct horse battery staple"}),
            "email",
            "NUL in a member's email",
        ),
        (
            "/api/v1/councils/york/webhooks",
            json!({"url": "https://hooks.example.org/\u{0}", "events": ["content.published"]}),
            "url",
            "NUL in a webhook address",
        ),
        (
            "/api/v1/councils/york/redirects",
            json!({"from": "/old\u{0}", "to": "/new"}),
            "from",
            "NUL in a redirect",
        ),
        (
            "/api/v1/auth/password-reset",
            json!({"email": "admin@york.test\u{0}"}),
            "email",
            "NUL in a password reset request",
        ),
    ];
    for (path, body, field, probe) in writes {
        refused(app.post(&admin, path, &body).await, field, probe).await;
        probes += 1;
    }
    let patch = app
        .patch(
            &admin,
            "/api/v1/councils/york",
            Some("\"1\""),
            &json!({"name": "York\u{0}"}),
        )
        .await;
    refused(patch, "name", "NUL in the council's name").await;
    probes += 1;
    for (path, field) in [
        ("/api/v1/councils/york/pages?q=bins%00", "q"),
        ("/api/v1/councils/york/media?q=%00", "q"),
        ("/api/v1/councils/york/search?q=bins%01", "q"),
        ("/api/v1/councils/york/councillors?q=%00", "q"),
    ] {
        refused(app.get(&admin, path).await, field, path).await;
        probes += 1;
    }

    // A multipart upload whose text field is refused after its file arrived keeps no bytes anywhere.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82".to_vec();
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(png).file_name("pixel.png"),
        )
        .text("alt", "A pixel\u{0}");
    let upload = app
        .client
        .post(app.url("/api/v1/councils/york/media"))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .expect("request");
    refused(upload, "alt", "NUL in a file's alternative text").await;
    probes += 1;

    // Redirects from a file, and a ModernGov import with a control character written as a reference.
    let csv = app
        .client
        .post(app.url("/api/v1/councils/york/redirects/import"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body("from,to\n/old\u{1},/new\n")
        .send()
        .await
        .expect("request");
    refused(csv, "rows[2].from", "SOH in a redirects file").await;
    let xml = std::fs::read_to_string(crate::helpers::fixture(
        "moderngov/councillors-by-ward/kirklees.gov.uk.xml",
    ))
    .expect("fixture")
    .replacen("<fullusername>", "<fullusername>&#x1B;", 1);
    let import = app
        .client
        .post(app.url("/api/v1/councils/york/imports/moderngov/councillors-by-ward"))
        .bearer_auth(&admin)
        .header("content-type", "application/xml")
        .body(xml)
        .send()
        .await
        .expect("request");
    let import_status = import.status();
    let import_body: Value = import.json().await.expect("json");
    assert_eq!(
        import_status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{import_body}"
    );
    assert_eq!(
        import_body["error"]["details"]["fields"][0]["field"],
        "body"
    );
    assert!(
        import_body["error"]["details"]["fields"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("U+001B") && m.contains("character reference")),
        "{import_body}"
    );
    probes += 2;

    // GraphQL: arguments written in the query and given as variables; the error is GraphQL's, with REST's code.
    for (body, field) in [
        (
            json!({"query": "{ council(slug: \"york\\u0000\") { name } }"}),
            "slug",
        ),
        (
            json!({"query": "query($s: String!) { council(slug: $s) { name } }", "variables": {"s": "york\u{0}"}}),
            "$s",
        ),
        (
            json!({"query": "{ council(slug: \"york\") { route(path: \"/bins\\nday\") { __typename } } }"}),
            "path",
        ),
    ] {
        let answer: Value = app
            .client
            .post(app.url("/graphql"))
            .json(&body)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        let error = &answer["errors"][0];
        assert_eq!(error["extensions"]["code"], "validation_failed", "{answer}");
        assert_eq!(
            error["extensions"]["details"]["fields"][0]["field"], field,
            "{answer}"
        );
        assert!(answer["data"].is_null(), "nothing ran: {answer}");
        probes += 1;
    }

    assert_eq!(
        table_counts(&app.db).await,
        before,
        "no refused request wrote a row"
    );
    assert_eq!(
        files_under(&app.settings.upload_dir).len(),
        files_before,
        "no refused upload left bytes in storage"
    );
    assert!(probes >= 33, "{probes} probes");

    // Text that is allowed: line breaks in a summary and a paragraph, Welsh and symbols in a title.
    let page = app
        .post(
            &admin,
            "/api/v1/councils/york/pages",
            &json!({"content": {"translations": {"en": {"title": "Treth gyngor — ŵ ŷ €", "slug": "treth",
                "summary": "Two\r\nlines\tand a tab"}}}}),
        )
        .await;
    assert_eq!(page.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn text_stored_before_the_rule_never_breaks_the_news_feed() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.published(
        &platform,
        "york",
        "news",
        json!({"translations": {"en": {"title": "Library MARK reopens", "slug": "library",
                "summary": "Doors MARK open"}}}),
    )
    .await;
    // As an older version of Townhall could have stored it: a backspace and an escape character.
    let sql = match app.db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            "UPDATE content_live SET title = REPLACE(title, 'MARK', chr(8)), \
             summary = REPLACE(summary, 'MARK', chr(27)), data = REPLACE(data, 'MARK', '\\u001b')"
        }
        _ => {
            "UPDATE content_live SET title = REPLACE(title, 'MARK', char(8)), \
             summary = REPLACE(summary, 'MARK', char(27)), data = REPLACE(data, 'MARK', '\\u001b')"
        }
    };
    app.db.execute_unprepared(sql).await.expect("update");

    let xml = app
        .client
        .get(app.url("/feeds/york/news.atom"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut texts = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(t)) => {
                texts.push(t.decode().expect("text").into_owned())
            }
            Ok(_) => {}
            Err(e) => panic!("the feed is not well-formed XML: {e}\n{xml}"),
        }
    }
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
        "no control character in the feed: {xml:?}"
    );
    assert!(texts.iter().any(|t| t == "Library  reopens"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "Doors  open"), "{texts:?}");
}
