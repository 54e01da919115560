//! The REST delivery API, alerts, menus, news, the national directory and the Local Links export.
use chrono::{Duration, Utc};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, titles};

fn header(response: &Response, name: &str) -> Option<String> {
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
async fn save_draft(
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

/// Changes a council's settings (`gss_code`, `website_url`, `name`), reading its ETag first.
async fn update_council(app: &TestApp, admin: &str, council: &str, changes: Value) {
    let path = format!("/api/v1/councils/{council}");
    let current = app.get(admin, &path).await;
    assert_eq!(current.status(), StatusCode::OK);
    let etag = header(&current, "etag").expect("etag");
    let updated = app.patch(admin, &path, Some(&etag), &changes).await;
    let status = updated.status();
    let body: Value = updated.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "update council {council}: {body}");
    for (field, value) in changes.as_object().expect("object") {
        assert_eq!(&body[field], value, "{body}");
    }
}

fn service(title: &str, slug: &str, lgsl: &[u32], lgil: &[u32]) -> Value {
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
async fn services_filter_by_lgsl_and_lgil_in_rest_and_graphql() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let mut ids = Vec::new();
    for content in [
        service("Report a missed bin", "report-a-missed-bin", &[524], &[8]),
        service("Apply for a parking permit", "parking-permit", &[527], &[6]),
        service("Bin collection days", "bin-collection-days", &[524], &[3]),
    ] {
        let id = app.published(&admin, "york", "services", content).await;
        ids.push(id);
    }
    // A draft with the same code is never listed.
    app.create_item(
        &admin,
        "york",
        "services",
        service("Draft bins", "draft-bins", &[524], &[8]),
    )
    .await;

    let sorted = |items: &Value| {
        let mut t = titles(items);
        t.sort();
        t
    };
    let parking = app.deliver_ok("york", "/services?lgsl=527").await;
    assert_eq!(parking["total_count"], 1, "{parking}");
    assert_eq!(titles(&parking["items"]), ["Apply for a parking permit"]);
    assert_eq!(parking["items"][0]["content"]["lgsl"], json!([527]));
    assert_eq!(parking["next_cursor"], Value::Null);

    let bins = app.deliver_ok("york", "/services?lgsl=524").await;
    assert_eq!(bins["total_count"], 2, "{bins}");
    assert_eq!(
        sorted(&bins["items"]),
        ["Bin collection days", "Report a missed bin"]
    );

    let narrowed = app.deliver_ok("york", "/services?lgsl=524&lgil=8").await;
    assert_eq!(narrowed["total_count"], 1, "{narrowed}");
    assert_eq!(titles(&narrowed["items"]), ["Report a missed bin"]);

    // LGIL 6 belongs to the parking service, not to one with LGSL 524.
    let none = app.deliver_ok("york", "/services?lgsl=524&lgil=6").await;
    assert_eq!(none["total_count"], 0, "{none}");
    assert_eq!(none["items"], json!([]));
    let unknown = app.deliver_ok("york", "/services?lgsl=99999").await;
    assert_eq!(unknown["total_count"], 0);

    let all = app.deliver_ok("york", "/services").await;
    assert_eq!(all["total_count"], 3, "{all}");

    let one = app
        .deliver_ok("york", "/services/report-a-missed-bin")
        .await;
    assert_eq!(one["id"], ids[0].as_str());
    assert_eq!(one["kind"], "service");
    assert_eq!(one["title"], "Report a missed bin");
    assert_eq!(one["path"], "/services/report-a-missed-bin");
    assert_eq!(one["content"]["lgsl"], json!([524]));
    assert_eq!(one["content"]["lgil"], json!([8]));
    let missing = app.delivery(None, "york", "/services/draft-bins").await;
    assert_eq!(
        error_code(missing, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let route = app
        .deliver_ok("york", "/route?path=/services/parking-permit")
        .await;
    assert_eq!(route["kind"], "service", "{route}");
    assert_eq!(route["item"]["title"], "Apply for a parking permit");

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") {
                bins: services(lgsl: 524) { totalCount edges { node { title lgsl lgil path } } }
                parking: services(lgsl: 527) { totalCount edges { node { title lgsl } } }
                narrowed: services(lgsl: 524, lgil: 8) { totalCount edges { node { title lgil } } }
                one: service(slug: "report-a-missed-bin") { title path lgsl }
                draft: service(slug: "draft-bins") { title }
            } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    let council = &body["data"]["council"];
    assert_eq!(council["bins"]["totalCount"], 2);
    let mut gql_bins: Vec<Value> = council["bins"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    gql_bins.sort_by_key(|n| n["title"].as_str().unwrap_or_default().to_owned());
    assert_eq!(
        gql_bins,
        [
            json!({"title": "Bin collection days", "lgsl": [524], "lgil": [3], "path": "/services/bin-collection-days"}),
            json!({"title": "Report a missed bin", "lgsl": [524], "lgil": [8], "path": "/services/report-a-missed-bin"}),
        ]
    );
    assert_eq!(council["parking"]["totalCount"], 1);
    assert_eq!(
        council["parking"]["edges"],
        json!([{"node": {"title": "Apply for a parking permit", "lgsl": [527]}}])
    );
    assert_eq!(council["narrowed"]["totalCount"], 1);
    assert_eq!(
        council["narrowed"]["edges"],
        json!([{"node": {"title": "Report a missed bin", "lgil": [8]}}])
    );
    assert_eq!(
        council["one"],
        json!({"title": "Report a missed bin", "path": "/services/report-a-missed-bin", "lgsl": [524]})
    );
    assert_eq!(council["draft"], Value::Null);

    // A draft that changes a live service's codes does not change what the filters find until it is published.
    save_draft(
        &app,
        &admin,
        "york",
        "services",
        &ids[1],
        service("Apply for a parking permit", "parking-permit", &[528], &[6]),
    )
    .await;
    let old_code = app.deliver_ok("york", "/services?lgsl=527").await;
    assert_eq!(
        titles(&old_code["items"]),
        ["Apply for a parking permit"],
        "{old_code}"
    );
    let new_code = app.deliver_ok("york", "/services?lgsl=528").await;
    assert_eq!(new_code["total_count"], 0, "{new_code}");
    app.publish(&admin, "york", "services", &ids[1]).await;
    let old_code = app.deliver_ok("york", "/services?lgsl=527").await;
    assert_eq!(old_code["total_count"], 0, "{old_code}");
    let new_code = app.deliver_ok("york", "/services?lgsl=528").await;
    assert_eq!(
        titles(&new_code["items"]),
        ["Apply for a parking permit"],
        "{new_code}"
    );
}

#[tokio::test]
async fn alerts_show_when_active_on_their_paths_most_severe_first() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let now = Utc::now();
    let at = |d: Duration| (now + d).to_rfc3339();
    let alert = |kind: &str, title: &str, extra: Value| {
        let mut content = json!({"kind": kind, "translations": {"en": {"title": title, "message": format!("{title}: details")}}});
        for (k, v) in extra.as_object().expect("object") {
            content[k] = v.clone();
        }
        content
    };
    let published = [
        alert(
            "emergency",
            "Flooding",
            json!({"everywhere": true, "starts_at": at(-Duration::hours(1)), "ends_at": at(Duration::days(1))}),
        ),
        alert(
            "announcement",
            "Bin rounds changed",
            json!({"everywhere": false, "paths": ["/bins"], "starts_at": at(-Duration::hours(1))}),
        ),
        alert(
            "minor",
            "Ended",
            json!({"everywhere": true, "starts_at": at(-Duration::days(2)), "ends_at": at(-Duration::days(1))}),
        ),
        alert(
            "notable_death",
            "Not yet",
            json!({"everywhere": true, "starts_at": at(Duration::days(1))}),
        ),
    ];
    for content in published {
        app.published(&admin, "york", "alerts", content).await;
    }
    app.create_item(
        &admin,
        "york",
        "alerts",
        alert("emergency", "Unpublished", json!({"everywhere": true})),
    )
    .await;

    let response = app
        .delivery(None, "york", "/alerts?path=/bins/missed")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(&response, "cache-control")
            .expect("cache-control")
            .starts_with("public")
    );
    let on_bins: Value = response.json().await.expect("json");
    assert_eq!(
        titles(&on_bins),
        ["Flooding", "Bin rounds changed"],
        "{on_bins}"
    );
    assert_eq!(on_bins[0]["kind"], "alert");
    assert_eq!(on_bins[0]["content"]["kind"], "emergency");
    assert_eq!(on_bins[1]["content"]["kind"], "announcement");
    assert_eq!(on_bins[1]["content"]["paths"], json!(["/bins"]));

    let on_bins_itself = app.deliver_ok("york", "/alerts?path=/bins").await;
    assert_eq!(titles(&on_bins_itself), ["Flooding", "Bin rounds changed"]);
    let on_parking = app.deliver_ok("york", "/alerts?path=/parking").await;
    assert_eq!(titles(&on_parking), ["Flooding"], "{on_parking}");
    // `/binsx` is not below `/bins`.
    let lookalike = app.deliver_ok("york", "/alerts?path=/binsx").await;
    assert_eq!(titles(&lookalike), ["Flooding"], "{lookalike}");

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") {
                bins: alerts(path: "/bins/missed") { kind title message }
                parking: alerts(path: "/parking") { kind title }
            } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["council"]["bins"],
        json!([
            {"kind": "EMERGENCY", "title": "Flooding", "message": "Flooding: details"},
            {"kind": "ANNOUNCEMENT", "title": "Bin rounds changed", "message": "Bin rounds changed: details"},
        ])
    );
    assert_eq!(
        body["data"]["council"]["parking"],
        json!([{"kind": "EMERGENCY", "title": "Flooding"}])
    );
}

#[tokio::test]
async fn menus_resolve_links_to_live_pages_and_use_welsh_labels() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .build()
        .await;
    let admin = cardiff.token("admin");
    let bins = app
        .published(
            &admin,
            "cardiff",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins"}, "cy": {"title": "Biniau", "slug": "biniau"}}}),
        )
        .await;
    let missed = app
        .published(
            &admin,
            "cardiff",
            "pages",
            json!({"parent_id": bins, "translations": {"en": {"title": "Missed bins", "slug": "missed-bins"}, "cy": {"title": "Biniau a gollwyd", "slug": "biniau-a-gollwyd"}}}),
        )
        .await;
    let (draft, _) = app
        .create_item(
            &admin,
            "cardiff",
            "pages",
            json!({"translations": {"en": {"title": "Parking", "slug": "parking"}}}),
        )
        .await;
    let menu = json!({"name": "main", "items": [
        {"labels": {"en": "Bins", "cy": "Biniau"}, "page_id": bins, "children": [
            {"labels": {"en": "Missed bins", "cy": "Biniau a gollwyd"}, "page_id": missed}
        ]},
        {"labels": {"en": "Parking"}, "page_id": draft},
        {"labels": {"en": "Contact us", "cy": "Cysylltu â ni"}, "url": "https://www.cardiff.gov.uk/contact", "children": [
            {"labels": {"en": "Parking permits"}, "page_id": draft},
            {"labels": {"en": "Complaints"}, "url": "/complaints"}
        ]}
    ]});
    let (menu_id, _) = app.create_item(&admin, "cardiff", "menus", menu).await;

    // Unpublished, the menu is not there.
    let unpublished = app.delivery(None, "cardiff", "/menus/main").await;
    assert_eq!(
        error_code(unpublished, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    app.publish(&admin, "cardiff", "menus", &menu_id).await;

    let english = app.deliver_ok("cardiff", "/menus/main").await;
    assert_eq!(
        english,
        json!({"name": "main", "items": [
            {"label": "Bins", "url": "/bins", "kind": "page", "target_id": bins, "children": [
                {"label": "Missed bins", "url": "/bins/missed-bins", "kind": "page", "target_id": missed, "children": []}
            ]},
            {"label": "Contact us", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "target_id": null, "children": [
                {"label": "Complaints", "url": "/complaints", "kind": "url", "target_id": null, "children": []}
            ]}
        ]})
    );

    let welsh = app.deliver_ok("cardiff", "/menus/main?locale=cy").await;
    assert_eq!(
        welsh,
        json!({"name": "main", "items": [
            {"label": "Biniau", "url": "/biniau", "kind": "page", "target_id": bins, "children": [
                {"label": "Biniau a gollwyd", "url": "/biniau/biniau-a-gollwyd", "kind": "page", "target_id": missed, "children": []}
            ]},
            {"label": "Cysylltu â ni", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "target_id": null, "children": [
                {"label": "Complaints", "url": "/complaints", "kind": "url", "target_id": null, "children": []}
            ]}
        ]})
    );

    let unknown = app.delivery(None, "cardiff", "/menus/footer").await;
    assert_eq!(
        error_code(unknown, StatusCode::NOT_FOUND).await,
        "not_found"
    );

    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") {
                menu(name: "main", locale: "cy") { name items { label url kind children { label url } } }
                none: menu(name: "footer") { name }
            } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["council"]["menu"],
        json!({"name": "main", "items": [
            {"label": "Biniau", "url": "/biniau", "kind": "page", "children": [{"label": "Biniau a gollwyd", "url": "/biniau/biniau-a-gollwyd"}]},
            {"label": "Cysylltu â ni", "url": "https://www.cardiff.gov.uk/contact", "kind": "url", "children": [{"label": "Complaints", "url": "/complaints"}]}
        ]})
    );
    assert_eq!(body["data"]["council"]["none"], Value::Null);
}

#[tokio::test]
async fn news_lists_newest_first_and_pages_with_a_cursor() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let article = |title: &str, slug: &str, date: &str| json!({"date": date, "translations": {"en": {"title": title, "slug": slug, "summary": format!("{title}.")}}});
    // Created in an order that is neither newest nor oldest first.
    for content in [
        article("January news", "january-news", "2026-01-10T09:00:00Z"),
        article("March news", "march-news", "2026-03-05T09:00:00Z"),
        article("February news", "february-news", "2026-02-01T09:00:00Z"),
    ] {
        app.published(&admin, "york", "news", content).await;
    }
    app.create_item(
        &admin,
        "york",
        "news",
        article("Draft news", "draft-news", "2026-04-01T09:00:00Z"),
    )
    .await;

    let all = app.deliver_ok("york", "/news").await;
    assert_eq!(all["total_count"], 3, "{all}");
    assert_eq!(
        titles(&all["items"]),
        ["March news", "February news", "January news"]
    );
    assert_eq!(all["next_cursor"], Value::Null);

    let first = app.deliver_ok("york", "/news?limit=2").await;
    assert_eq!(first["total_count"], 3);
    assert_eq!(titles(&first["items"]), ["March news", "February news"]);
    let cursor = first["next_cursor"]
        .as_str()
        .unwrap_or_else(|| panic!("a next cursor: {first}"))
        .to_owned();
    let second = app
        .deliver_ok("york", &format!("/news?limit=2&after={cursor}"))
        .await;
    assert_eq!(second["total_count"], 3);
    assert_eq!(titles(&second["items"]), ["January news"], "{second}");
    assert_eq!(second["next_cursor"], Value::Null);

    let one = app.deliver_ok("york", "/news/february-news").await;
    assert_eq!(one["kind"], "news");
    assert_eq!(one["title"], "February news");
    assert_eq!(one["path"], "/news/february-news");
    assert_eq!(one["content"]["slug"], "february-news");
    let date = one["content"]["date"].as_str().expect("date");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(date).expect("a date"),
        chrono::DateTime::parse_from_rfc3339("2026-02-01T09:00:00Z").expect("a date")
    );
    let draft = app.delivery(None, "york", "/news/draft-news").await;
    assert_eq!(error_code(draft, StatusCode::NOT_FOUND).await, "not_found");

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { newsArticles(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage } } } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    let news = &body["data"]["council"]["newsArticles"];
    assert_eq!(news["totalCount"], 3);
    assert_eq!(
        news["edges"],
        json!([{"node": {"title": "March news"}}, {"node": {"title": "February news"}}])
    );
    assert_eq!(news["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn national_directory_and_local_links_export_list_published_services_across_councils() {
    let app = spawn_app().await;
    let york_council = app.council("york").with("admin").build().await;
    let york = york_council.token("admin");
    let leeds_council = app.council("leeds").with("admin").build().await;
    let leeds = leeds_council.token("admin");
    let bristol_council = app.council("bristol").with("admin").build().await;
    let bristol = bristol_council.token("admin");
    update_council(
        &app,
        &york,
        "york",
        json!({"gss_code": "E06000014", "website_url": "https://www.york.gov.uk"}),
    )
    .await;
    // A name with a comma and quotes must be quoted in the CSV.
    update_council(
        &app,
        &leeds,
        "leeds",
        json!({"gss_code": "E08000035", "website_url": "https://www.leeds.gov.uk", "name": "Leeds \"City\" Council, West Yorkshire"}),
    )
    .await;
    // Bristol has its directory fields too, so only the draft status keeps its service out.
    update_council(
        &app,
        &bristol,
        "bristol",
        json!({"gss_code": "E06000023", "website_url": "https://www.bristol.gov.uk"}),
    )
    .await;

    let york_service = app
        .published(
            &york,
            "york",
            "services",
            service("Report a missed bin", "missed-bin", &[524], &[8, 3]),
        )
        .await;
    app.published(
        &leeds,
        "leeds",
        "services",
        service("Missed bin collections", "missed-bins", &[524], &[]),
    )
    .await;
    app.create_item(
        &bristol,
        "bristol",
        "services",
        service("Bristol missed bins", "missed-bins", &[524], &[8]),
    )
    .await;

    let body = app
        .graphql_json(
            r#"{ all: servicesByLgsl(lgsl: 524) { council { slug } service { title } url }
                 eight: servicesByLgsl(lgsl: 524, lgil: 8) { council { slug } service { title } url }
                 none: servicesByLgsl(lgsl: 527) { url } }"#,
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["all"],
        json!([
            {"council": {"slug": "leeds"}, "service": {"title": "Missed bin collections"}, "url": "https://www.leeds.gov.uk/services/missed-bins"},
            {"council": {"slug": "york"}, "service": {"title": "Report a missed bin"}, "url": "https://www.york.gov.uk/services/missed-bin"},
        ])
    );
    assert_eq!(
        body["data"]["eight"],
        json!([
            {"council": {"slug": "york"}, "service": {"title": "Report a missed bin"}, "url": "https://www.york.gov.uk/services/missed-bin"},
        ])
    );
    assert_eq!(body["data"]["none"], json!([]));

    let response = app
        .client
        .get(app.url("/api/v1/exports/local-links.csv"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = header(&response, "content-type").expect("content-type");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let csv = response.text().await.expect("body");
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("Authority Name,GSS,LGSL,LGIL,URL"),
        "{csv}"
    );
    let mut rows = lines.split_off(1);
    rows.sort_unstable();
    assert_eq!(
        rows,
        [
            "\"Leeds \"\"City\"\" Council, West Yorkshire\",E08000035,524,,https://www.leeds.gov.uk/services/missed-bins",
            "york council,E06000014,524,3,https://www.york.gov.uk/services/missed-bin",
            "york council,E06000014,524,8,https://www.york.gov.uk/services/missed-bin",
        ],
        "{csv}"
    );
    assert!(!csv.contains("bristol"), "{csv}");
    assert!(csv.ends_with("\r\n"), "{csv:?}");

    // Unpublished, York's service leaves the directory and the export.
    let unpublished = app
        .act(&york, "york", "services", &york_service, "unpublish")
        .await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    let body = app
        .graphql_json(r#"{ servicesByLgsl(lgsl: 524) { council { slug } url } }"#)
        .await;
    assert_eq!(
        body["data"]["servicesByLgsl"],
        json!([{"council": {"slug": "leeds"}, "url": "https://www.leeds.gov.uk/services/missed-bins"}]),
        "{body}"
    );
    let csv = app
        .client
        .get(app.url("/api/v1/exports/local-links.csv"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(!csv.contains("york"), "{csv}");
    assert_eq!(csv.lines().count(), 2, "{csv}");
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

/// `delivery::alerts` reads the first 100 live alerts in id order and filters them by time afterwards, so once a
/// council has 100 published alerts that have ended (nothing takes them down), a new one never shows.
#[tokio::test]
async fn a_new_alert_shows_even_after_a_hundred_ended_ones() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let starts = (Utc::now() - Duration::days(3)).to_rfc3339();
    let ends = (Utc::now() - Duration::days(2)).to_rfc3339();
    for i in 0..100 {
        app.published(
            &admin,
            "york",
            "alerts",
            json!({"kind": "minor", "starts_at": starts, "ends_at": ends,
                    "translations": {"en": {"title": format!("Ended {i}"), "message": "Over."}}}),
        )
        .await;
    }
    app
        .published(
            &admin,
            "york",
            "alerts",
            json!({"kind": "emergency", "translations": {"en": {"title": "Flooding", "message": "Roads closed."}}}),
        )
        .await;

    let everywhere = app.deliver_ok("york", "/alerts").await;
    assert_eq!(titles(&everywhere), ["Flooding"], "{everywhere}");
    let on_path = app.deliver_ok("york", "/alerts?path=/bins").await;
    assert_eq!(titles(&on_path), ["Flooding"], "{on_path}");
    let body = app
        .graphql_json(r#"{ council(slug: "york") { alerts(path: "/bins") { title } } }"#)
        .await;
    assert_eq!(
        body["data"]["council"]["alerts"],
        json!([{"title": "Flooding"}]),
        "{body}"
    );
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
