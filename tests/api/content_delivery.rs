//! The REST delivery API for pages: only published content, with ETags and cache headers; preview with a token
//! that may preview; one council's content never under another's; language versions for hreflang. Services, the
//! national directory and Local Links are in `content_delivery_services.rs`; alerts, menus and news in
//! `content_delivery_alerts_menus_news.rs`.
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, titles};

/// A response header's value as text, if it has one.
pub(crate) fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("header text").to_owned())
}

/// Creates an API token of a council with these scopes and returns the token itself.
async fn api_token(app: &TestApp, admin: &str, council: &str, scopes: &[&str]) -> String {
    let response = app
        .post(
            admin,
            &format!("/api/v1/councils/{council}/api-tokens"),
            &json!({"name": format!("{} token", scopes.join(" ")), "scopes": scopes}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::CREATED, "create api token: {body}");
    body["token"].as_str().expect("token").to_owned()
}

/// Updates an item's content (a new draft), reading its ETag first.
pub(crate) async fn save_draft(
    app: &TestApp,
    token: &str,
    council: &str,
    collection: &str,
    id: &str,
    content: Value,
) {
    let path = format!("/api/v1/councils/{council}/{collection}/{id}");
    let current = app.get(token, &path).await;
    let etag = header(&current, "etag").expect("etag");
    let saved = app
        .put(
            token,
            &path,
            Some(&etag),
            &json!({"content": content, "note": "edit"}),
        )
        .await;
    let status = saved.status();
    let body = saved.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "update {collection} {id}: {body}");
}

/// A service's content: title and slug, LGSL and LGIL codes, a summary.
pub(crate) fn service(title: &str, slug: &str, lgsl: &[u32], lgil: &[u32]) -> Value {
    json!({"lgsl": lgsl, "lgil": lgil, "translations": {"en": {"title": title, "slug": slug, "summary": format!("About {title}")}}})
}

#[tokio::test]
async fn rest_delivery_serves_only_published_content_with_etags_and_cache_headers() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let content = |title: &str| {
        json!({"translations": {"en": {"title": title, "slug": "bins", "summary": "Collections", "body": [
            {"type": "heading", "level": 2, "text": "<script>alert(1)</script> Collection days"},
            {"type": "paragraph", "content": [{"text": "Put your bin out by 7am & wait."}]}
        ]}}})
    };
    let (id, _) = app
        .create_item(&admin, "york", "pages", content("Bins"))
        .await;

    // A draft: not by id, not at its path, not in the list.
    let missing = app.delivery(None, "york", &format!("/pages/{id}")).await;
    assert_eq!(
        error_code(missing, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let route = app
        .deliver_expecting("york", "/route?path=/bins", StatusCode::NOT_FOUND)
        .await;
    assert_eq!(route["kind"], "not_found", "{route}");
    assert_eq!(route["status_code"], 404);
    assert_eq!(route["item"], Value::Null);
    let list = app.deliver_ok("york", "/pages").await;
    assert_eq!(list["total_count"], 0, "{list}");
    assert_eq!(list["items"], json!([]));

    // Published: by id with the body rendered and escaped, cacheable, with an ETag.
    app.publish(&admin, "york", "pages", &id).await;
    let response = app.delivery(None, "york", &format!("/pages/{id}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cache = header(&response, "cache-control").expect("cache-control");
    assert!(cache.starts_with("public"), "{cache}");
    assert!(cache.contains("max-age="), "{cache}");
    let etag = header(&response, "etag").expect("etag");
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let page: Value = response.json().await.expect("json");
    assert_eq!(page["id"], id.as_str());
    assert_eq!(page["kind"], "page");
    assert_eq!(page["title"], "Bins");
    assert_eq!(page["path"], "/bins");
    assert_eq!(page["locale"], "en");
    assert_eq!(page["is_fallback"], false);
    assert!(page["published_at"].is_string(), "{page}");
    let html = page["body_html"].as_str().expect("body_html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Collection days"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("<h2 id="), "{html}");
    assert!(html.contains("7am &amp; wait."), "{html}");

    // The same request with the ETag: 304 and no body.
    let not_modified = app
        .client
        .get(app.url(&format!("/delivery/v1/councils/york/pages/{id}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        header(&not_modified, "etag").as_deref(),
        Some(etag.as_str())
    );
    assert_eq!(not_modified.text().await.expect("body"), "");

    // The route and the list see it too.
    let route = app.deliver_ok("york", "/route?path=/bins").await;
    assert_eq!(route["kind"], "page", "{route}");
    assert_eq!(route["status_code"], 200);
    assert_eq!(route["item"]["id"], id.as_str());
    assert_eq!(route["item"]["title"], "Bins");
    assert!(
        route["item"]["body_html"]
            .as_str()
            .expect("body_html")
            .contains("&lt;script&gt;")
    );
    let list = app.deliver_ok("york", "/pages").await;
    assert_eq!(list["total_count"], 1, "{list}");
    assert_eq!(titles(&list["items"]), ["Bins"]);

    // A child page lives under its parent's path and is listed under `parent`, not at the top.
    let child = app
        .published(
            &admin,
            "york",
            "pages",
            json!({"parent_id": id, "translations": {"en": {"title": "Missed bins", "slug": "missed"}}}),
        )
        .await;
    let route = app.deliver_ok("york", "/route?path=/bins/missed/").await;
    assert_eq!(route["kind"], "page", "{route}");
    assert_eq!(route["item"]["id"], child.as_str());
    assert_eq!(route["item"]["path"], "/bins/missed");
    let children = app.deliver_ok("york", &format!("/pages?parent={id}")).await;
    assert_eq!(children["total_count"], 1, "{children}");
    assert_eq!(titles(&children["items"]), ["Missed bins"]);
    let top = app.deliver_ok("york", "/pages").await;
    assert_eq!(titles(&top["items"]), ["Bins"], "{top}");

    // A draft edit of the live page changes nothing delivered: same title, same ETag.
    save_draft(
        &app,
        &admin,
        "york",
        "pages",
        &id,
        content("Bins and recycling"),
    )
    .await;
    let response = app.delivery(None, "york", &format!("/pages/{id}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "etag").as_deref(), Some(etag.as_str()));
    let page: Value = response.json().await.expect("json");
    assert_eq!(page["title"], "Bins");
    let route = app.deliver_ok("york", "/route?path=/bins").await;
    assert_eq!(route["item"]["title"], "Bins");

    // Published: the new title, a new ETag, and the old ETag no longer matches.
    app.publish(&admin, "york", "pages", &id).await;
    let response = app
        .client
        .get(app.url(&format!("/delivery/v1/councils/york/pages/{id}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let new_etag = header(&response, "etag").expect("etag");
    assert_ne!(new_etag, etag);
    let page: Value = response.json().await.expect("json");
    assert_eq!(page["title"], "Bins and recycling");
}

#[tokio::test]
async fn rest_preview_needs_a_token_that_may_preview() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let (id, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Draft parking", "slug": "parking"}}}),
        )
        .await;
    let by_id = format!("/pages/{id}?preview=true");

    let anonymous = app.delivery(None, "york", &by_id).await;
    assert_eq!(
        error_code(anonymous, StatusCode::UNAUTHORIZED).await,
        "unauthorized"
    );

    let read = api_token(&app, &admin, "york", &["read"]).await;
    let refused = app.delivery(Some(&read), "york", &by_id).await;
    assert_eq!(
        error_code(refused, StatusCode::FORBIDDEN).await,
        "forbidden"
    );

    let preview = api_token(&app, &admin, "york", &["preview"]).await;
    let response = app.delivery(Some(&preview), "york", &by_id).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("private, no-store")
    );
    assert!(header(&response, "etag").is_some());
    let page: Value = response.json().await.expect("json");
    assert_eq!(page["id"], id.as_str());
    assert_eq!(page["title"], "Draft parking");
    assert_eq!(page["published_at"], Value::Null, "{page}");

    // Route and list in preview see the draft; live reads with the same token still do not.
    let route = app
        .delivery(Some(&preview), "york", "/route?path=/parking&preview=true")
        .await;
    assert_eq!(route.status(), StatusCode::OK);
    assert_eq!(
        header(&route, "cache-control").as_deref(),
        Some("private, no-store")
    );
    let route: Value = route.json().await.expect("json");
    assert_eq!(route["kind"], "page", "{route}");
    assert_eq!(route["item"]["title"], "Draft parking");
    let list: Value = app
        .delivery(Some(&preview), "york", "/pages?preview=true")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["total_count"], 1, "{list}");
    assert_eq!(titles(&list["items"]), ["Draft parking"]);
    let live = app
        .delivery(Some(&preview), "york", &format!("/pages/{id}"))
        .await;
    assert_eq!(error_code(live, StatusCode::NOT_FOUND).await, "not_found");
}

#[tokio::test]
async fn delivery_never_shows_one_councils_content_under_another() {
    let app = spawn_app().await;
    let york_council = app.council("york").with("admin").build().await;
    let york = york_council.token("admin");
    let leeds_council = app.council("leeds").with("admin").build().await;
    let leeds = leeds_council.token("admin");
    let york_page = app
        .published(
            &york,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "York bins", "slug": "bins"}}}),
        )
        .await;
    let (york_draft, _) = app
        .create_item(
            &york,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "York draft", "slug": "draft"}}}),
        )
        .await;

    // In its own council the page is live.
    let own = app.deliver_ok("york", &format!("/pages/{york_page}")).await;
    assert_eq!(own["title"], "York bins");

    // Under Leeds: not by id, not at its path, not in lists.
    let foreign = app
        .delivery(None, "leeds", &format!("/pages/{york_page}"))
        .await;
    assert_eq!(
        error_code(foreign, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let route = app
        .deliver_expecting("leeds", "/route?path=/bins", StatusCode::NOT_FOUND)
        .await;
    assert_eq!(route["kind"], "not_found", "{route}");
    assert_eq!(route["status_code"], 404);
    let list = app.deliver_ok("leeds", "/pages").await;
    assert_eq!(list["total_count"], 0, "{list}");

    // Leeds's own page at the same path does not leak into York.
    let leeds_page = app
        .published(
            &leeds,
            "leeds",
            "pages",
            json!({"translations": {"en": {"title": "Leeds bins", "slug": "bins"}}}),
        )
        .await;
    let york_route = app.deliver_ok("york", "/route?path=/bins").await;
    assert_eq!(york_route["item"]["title"], "York bins");
    let leeds_route = app.deliver_ok("leeds", "/route?path=/bins").await;
    assert_eq!(leeds_route["item"]["title"], "Leeds bins");

    // A Leeds preview token cannot preview York, and previewing Leeds does not reach York's items.
    let leeds_preview = api_token(&app, &leeds, "leeds", &["preview"]).await;
    let refused = app
        .delivery(
            Some(&leeds_preview),
            "york",
            &format!("/pages/{york_draft}?preview=true"),
        )
        .await;
    let status = refused.status();
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let body: Value = refused.json().await.expect("json");
    assert!(body["error"]["code"].is_string(), "{body}");
    assert!(!body.to_string().contains("York draft"), "{body}");
    let refused_route = app
        .delivery(
            Some(&leeds_preview),
            "york",
            "/route?path=/draft&preview=true",
        )
        .await;
    assert!(
        matches!(
            refused_route.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "{}",
        refused_route.status()
    );
    for id in [&york_draft, &york_page] {
        let cross = app
            .delivery(
                Some(&leeds_preview),
                "leeds",
                &format!("/pages/{id}?preview=true"),
            )
            .await;
        assert_eq!(error_code(cross, StatusCode::NOT_FOUND).await, "not_found");
    }
    let own_preview: Value = app
        .delivery(Some(&leeds_preview), "leeds", "/pages?preview=true")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        titles(&own_preview["items"]),
        ["Leeds bins"],
        "{own_preview}"
    );

    // A Leeds member (not of York) cannot preview York either.
    let leeds_editor = app
        .member(
            &app.login("platform@townhall.test").await.access,
            "leeds",
            "editor@leeds.test",
            "editor",
        )
        .await
        .access;
    let refused = app
        .delivery(
            Some(&leeds_editor),
            "york",
            &format!("/pages/{york_draft}?preview=true"),
        )
        .await;
    assert!(
        matches!(
            refused.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "{}",
        refused.status()
    );
    assert!(!refused.text().await.expect("body").contains("York draft"));

    // Leeds content cannot point at York's items by id: a menu link and a service embed.
    let york_service = app
        .published(
            &york,
            "york",
            "services",
            service("York missed bins", "missed-bins", &[524], &[]),
        )
        .await;
    let leeds_service = app
        .published(
            &leeds,
            "leeds",
            "services",
            service("Leeds missed bins", "missed-bins", &[524], &[]),
        )
        .await;
    // They are refused when saved (issue 13: every reference is the council's own), naming the field.
    for (collection, content, field) in [
        (
            "menus",
            json!({"name": "main", "items": [
                {"labels": {"en": "Ours"}, "page_id": leeds_page},
                {"labels": {"en": "Theirs"}, "page_id": york_page}
            ]}),
            "items[1].page_id",
        ),
        (
            "menus",
            json!({"name": "main", "items": [{"labels": {"en": "Their service"}, "service_id": york_service}]}),
            "items[0].service_id",
        ),
        (
            "pages",
            json!({"translations": {"en": {"title": "Embeds", "slug": "embeds", "body": [
                {"type": "embed", "target": "service", "id": york_service}]}}}),
            "translations.en.body[0].id",
        ),
    ] {
        let refused = app
            .post(
                &leeds,
                &format!("/api/v1/councils/leeds/{collection}"),
                &json!({"content": content}),
            )
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = refused.json().await.expect("json");
        assert_eq!(body["error"]["details"]["fields"][0]["field"], field);
        assert!(!body.to_string().contains("York"), "{body}");
    }
    app.published(
        &leeds,
        "leeds",
        "menus",
        json!({"name": "main", "items": [
            {"labels": {"en": "Ours"}, "page_id": leeds_page}
        ]}),
    )
    .await;
    let menu = app.deliver_ok("leeds", "/menus/main").await;
    assert_eq!(
        menu["items"],
        json!([{"label": "Ours", "url": "/bins", "kind": "page", "target_id": leeds_page, "children": []}])
    );
    let embedding = app
        .published(
            &leeds,
            "leeds",
            "pages",
            json!({"translations": {"en": {"title": "Embeds", "slug": "embeds", "body": [
                {"type": "embed", "target": "service", "id": leeds_service}
            ]}}}),
        )
        .await;
    let page = app
        .deliver_ok("leeds", &format!("/pages/{embedding}"))
        .await;
    let html = page["body_html"].as_str().expect("body_html");
    assert!(
        html.contains("href=\"/services/missed-bins\">Leeds missed bins</a>"),
        "{html}"
    );
    assert!(!html.contains("York"), "{html}");
    let york_in_leeds = app.delivery(None, "leeds", "/services?lgsl=524").await;
    let york_in_leeds: Value = york_in_leeds.json().await.expect("json");
    assert_eq!(
        titles(&york_in_leeds["items"]),
        ["Leeds missed bins"],
        "{york_in_leeds}"
    );

    // The same in GraphQL.
    let body = app
        .graphql_as(
            &leeds_preview,
            &format!(r#"{{ council(slug: "york", preview: true) {{ page(id: "{york_draft}") {{ title }} }} }}"#),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "forbidden",
        "{body}"
    );
    assert!(!body.to_string().contains("York draft"), "{body}");
    let body = app
        .graphql_json(&format!(
            r#"{{ council(slug: "leeds") {{ page(id: "{york_page}") {{ title }} }} }}"#
        ))
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(body["data"]["council"]["page"], Value::Null);
}

#[tokio::test]
async fn pages_services_and_news_list_their_language_versions_for_hreflang() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .build()
        .await;
    let admin = cardiff.token("admin");
    let council: Value = app
        .get(&admin, "/api/v1/councils/cardiff")
        .await
        .json()
        .await
        .expect("json");
    let response = app
        .patch(
            &admin,
            "/api/v1/councils/cardiff",
            Some(&format!("\"{}\"", council["version"])),
            &json!({"website_url": "https://www.cardiff.gov.uk"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app
        .published(
            &admin,
            "cardiff",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}, "cy": {"title": "Biniau", "slug": "biniau"}}}),
        )
        .await;
    app.published(
        &admin,
        "cardiff",
        "services",
        service("Parking permits", "parking-permits", &[], &[]),
    )
    .await;

    let expected = json!([
        {"locale": "en", "path": "/bins", "url": "https://www.cardiff.gov.uk/bins"},
        {"locale": "cy", "path": "/biniau", "url": "https://www.cardiff.gov.uk/biniau"},
    ]);
    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") {
                en: page(path: "/bins") { alternates { locale path url } }
                cy: page(path: "/biniau", locale: "cy") { title alternates { locale path url } }
                service(slug: "parking-permits") { alternates { locale path } } } }"#,
        )
        .await;
    assert_eq!(
        body["data"]["council"]["en"]["alternates"], expected,
        "{body}"
    );
    assert_eq!(body["data"]["council"]["cy"]["title"], "Biniau");
    assert_eq!(
        body["data"]["council"]["cy"]["alternates"], expected,
        "{body}"
    );
    assert_eq!(
        body["data"]["council"]["service"]["alternates"],
        json!([{"locale": "en", "path": "/services/parking-permits"}]),
        "{body}"
    );

    // REST: the same list on single items, and the language of the answer in Content-Language.
    let welsh = app
        .delivery(None, "cardiff", "/route?path=/biniau&locale=cy")
        .await;
    assert_eq!(welsh.status(), StatusCode::OK);
    assert_eq!(header(&welsh, "content-language").as_deref(), Some("cy"));
    let welsh: Value = welsh.json().await.expect("json");
    assert_eq!(welsh["item"]["alternates"], expected, "{welsh}");
    let fallback = app
        .delivery(None, "cardiff", "/services/parking-permits?locale=cy")
        .await;
    assert_eq!(
        header(&fallback, "content-language").as_deref(),
        Some("en"),
        "an English fallback says it is English"
    );
    let list = app.delivery(None, "cardiff", "/pages?locale=cy").await;
    assert_eq!(header(&list, "content-language").as_deref(), Some("cy"));
}
