//! HTTP conventions for front-ends and CDNs: route statuses, HEAD, compression, cacheable GraphQL GETs and
//! automatic persisted queries.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, spawn_app};

/// York with a published page at /bins; returns (admin token, page id).
async fn york_with_bins(app: &TestApp) -> (String, String) {
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let id = app
        .published(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins", "slug": "bins", "summary": "Collections", "body": [
                {"type": "paragraph", "content": [{"text": "Put your bin out by 7am."}]}
            ]}}}),
        )
        .await;
    (admin, id)
}

/// An anonymous delivery read of York's route to `path`: the whole response.
async fn route(app: &TestApp, path: &str) -> reqwest::Response {
    app.delivery(None, "york", &format!("/route?path={path}"))
        .await
}

#[tokio::test]
async fn the_rest_route_answers_with_the_status_a_crawler_should_see() {
    let app = spawn_app().await;
    let (admin, id) = york_with_bins(&app).await;

    let found = route(&app, "/bins").await;
    assert_eq!(found.status(), StatusCode::OK);
    let missing = route(&app, "/nowhere").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: Value = missing.json().await.expect("json");
    assert_eq!(body["kind"], "not_found");
    assert_eq!(body["status_code"], 404);

    // Moved: the old path answers 301, Location is the route of the new path, the body says where.
    let path = format!("/api/v1/councils/york/pages/{id}");
    let etag = app.get(&admin, &path).await.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let saved = app
        .put(
            &admin,
            &path,
            Some(&etag),
            &json!({"content": {"translations": {"en": {"title": "Bins", "slug": "waste", "summary": "Collections"}}}}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    app.publish(&admin, "york", "pages", &id).await;
    let moved = route(&app, "/bins").await;
    assert_eq!(moved.status(), StatusCode::MOVED_PERMANENTLY);
    let location = moved.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(location, "/delivery/v1/councils/york/route?path=%2Fwaste");
    let body: Value = moved.json().await.expect("json");
    assert_eq!(body["kind"], "redirect");
    assert_eq!(body["redirect_to"], "/waste");
    let followed = app
        .client
        .get(app.url(&location))
        .send()
        .await
        .expect("request");
    assert_eq!(followed.status(), StatusCode::OK);

    // Unpublished: gone.
    let unpublished = app.act(&admin, "york", "pages", &id, "unpublish").await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    let gone = route(&app, "/waste").await;
    assert_eq!(gone.status(), StatusCode::GONE);
    let body: Value = gone.json().await.expect("json");
    assert_eq!(body["kind"], "gone");
}

#[tokio::test]
async fn head_is_answered_wherever_get_is_with_the_same_headers_and_no_body() {
    let app = spawn_app().await;
    let (admin, _) = york_with_bins(&app).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"Opening hours: 9 to 5".to_vec()).file_name("hours.txt"),
    );
    let file: Value = app
        .client
        .post(app.url("/api/v1/councils/york/media"))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let file_url = file["url"].as_str().expect("url").to_owned();
    for path in [
        "/delivery/v1/councils/york/route?path=/bins",
        "/delivery/v1/councils/york/pages",
        "/graphql?query=%7Bcouncils%7Bslug%7D%7D",
        "/feeds/york/news.atom",
        "/feeds/york/meetings.ics",
        file_url.as_str(),
        "/healthz",
    ] {
        let get = app.client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(get.status(), StatusCode::OK, "GET {path}");
        let get_type = get.headers().get("content-type").cloned();
        let get_etag = get.headers().get("etag").cloned();
        let get_body = get.bytes().await.expect("body");
        let head = app
            .client
            .request(Method::HEAD, app.url(path))
            .send()
            .await
            .expect("HEAD");
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get_type.as_ref(),
            "{path}"
        );
        assert_eq!(head.headers().get("etag"), get_etag.as_ref(), "{path}");
        if let Some(length) = head.headers().get("content-length") {
            assert_eq!(
                length.to_str().expect("length"),
                get_body.len().to_string(),
                "{path}"
            );
        }
        assert!(
            head.bytes().await.expect("body").is_empty(),
            "HEAD {path} has no body"
        );
    }
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it_but_files_go_as_stored() {
    let app = spawn_app().await;
    let (admin, _) = york_with_bins(&app).await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        for path in [
            "/delivery/v1/councils/york/route?path=/bins",
            "/graphql?query=%7Bcouncils%7Bslug%20name%7D%7D",
            "/openapi.json",
        ] {
            let response = app
                .client
                .get(app.url(path))
                .header("accept-encoding", accept)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                response
                    .headers()
                    .get("content-encoding")
                    .map(|v| v.to_str().unwrap_or_default()),
                Some(expected),
                "{path} with {accept}"
            );
        }
    }
    let plain = app
        .client
        .get(app.url("/delivery/v1/councils/york/route?path=/bins"))
        .send()
        .await
        .expect("request");
    assert!(plain.headers().get("content-encoding").is_none());

    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"Opening hours: 9 to 5, every weekday".to_vec())
            .file_name("hours.txt"),
    );
    let file: Value = app
        .client
        .post(app.url("/api/v1/councils/york/media"))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let download = app
        .client
        .get(app.url(file["url"].as_str().expect("url")))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .expect("download");
    assert_eq!(download.status(), StatusCode::OK);
    let encoding = download
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    assert!(
        matches!(encoding.as_deref(), None | Some("identity")),
        "{encoding:?}"
    );
    assert_eq!(
        download.bytes().await.expect("body").as_ref(),
        b"Opening hours: 9 to 5, every weekday"
    );
}

#[tokio::test]
async fn anonymous_graphql_gets_are_cacheable_with_an_etag_and_304() {
    let app = spawn_app().await;
    let (admin, _) = york_with_bins(&app).await;
    let url = app.url("/graphql?query=%7Bcouncil(slug%3A%22york%22)%7Bpage(path%3A%22%2Fbins%22)%7Btitle%7D%7D%7D");
    let first = app.client.get(&url).send().await.expect("GET");
    assert_eq!(first.status(), StatusCode::OK);
    let cache = first.headers()["cache-control"]
        .to_str()
        .expect("cache")
        .to_owned();
    assert!(
        cache.starts_with("public") && cache.contains("max-age="),
        "{cache}"
    );
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    let body: Value = first.json().await.expect("json");
    assert_eq!(body["data"]["council"]["page"]["title"], "Bins");

    let again = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.expect("body").is_empty());

    // With a token the answer is the caller's own; with errors it is not kept.
    let private = app
        .client
        .get(&url)
        .bearer_auth(&admin)
        .send()
        .await
        .expect("GET");
    assert_eq!(private.headers()["cache-control"], "private, no-store");
    assert!(private.headers().get("etag").is_none());
    let failed = app
        .client
        .get(app.url("/graphql?query=%7Bnope%7D"))
        .send()
        .await
        .expect("GET");
    assert_eq!(failed.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn persisted_queries_turn_a_query_into_a_short_cacheable_get() {
    let app = spawn_app().await;
    york_with_bins(&app).await;
    let query = r#"query Bins { council(slug: "york") { page(path: "/bins") { title } } }"#;
    let hash = format!("{:x}", Sha256::digest(query.as_bytes()));
    let extensions = json!({"persistedQuery": {"version": 1, "sha256Hash": hash}}).to_string();
    let by_hash = || {
        app.client
            .get(app.url("/graphql"))
            .query(&[
                ("extensions", extensions.as_str()),
                ("operationName", "Bins"),
            ])
            .send()
    };

    // Not yet known: the client is told to send the text.
    let unknown: Value = by_hash().await.expect("GET").json().await.expect("json");
    assert_eq!(
        unknown["errors"][0]["message"], "PersistedQueryNotFound",
        "{unknown}"
    );

    // The text with its hash registers it.
    let registered: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": query, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}}))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    assert_eq!(
        registered["data"]["council"]["page"]["title"], "Bins",
        "{registered}"
    );

    // Now the hash alone is enough, as a GET with an ETag.
    let response = by_hash().await.expect("GET");
    assert!(response.headers().get("etag").is_some());
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["data"]["council"]["page"]["title"], "Bins", "{body}");

    // A hash that is not the text's is refused.
    let wrong: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ councils { slug } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}}))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    assert!(
        wrong["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("does not match"),
        "{wrong}"
    );
}

#[tokio::test]
async fn feeds_and_the_popolo_export_are_cacheable_absolute_and_named_after_the_council() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.public_url = Some("https://api.example.gov.uk".into());
    })
    .await;
    york_with_bins(&app).await;
    // A meeting with no end time: the calendar does not invent one.
    let clerk = app
        .member(
            &app.login("platform@townhall.test").await.access,
            "york",
            "clerk@york.test",
            "democratic_services",
        )
        .await
        .access;
    let committee: Value = app
        .post(
            &clerk,
            "/api/v1/councils/york/committees",
            &json!({"name": "Planning Committee", "kind": "committee"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let start = (chrono::Utc::now() + chrono::Duration::days(20))
        .format("%Y-%m-%dT18:00")
        .to_string();
    let meeting = app
        .post(
            &clerk,
            "/api/v1/councils/york/meetings",
            &json!({"committee_id": committee["id"], "start": start}),
        )
        .await;
    assert_eq!(meeting.status(), StatusCode::CREATED);

    for (path, title) in [
        ("/feeds/york/news.atom", "<title>News: york council</title>"),
        (
            "/feeds/york/decisions.atom",
            "<title>Decisions: york council</title>",
        ),
        (
            "/feeds/york/meetings.ics",
            "X-WR-CALNAME:Meetings: york council",
        ),
        ("/api/v1/councils/york/exports/popolo.json", "york council"),
    ] {
        let response = app.client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap_or_default()
                .starts_with("public"),
            "{path}"
        );
        let etag = response.headers()["etag"]
            .to_str()
            .expect("etag")
            .to_owned();
        let last_modified = response
            .headers()
            .get("last-modified")
            .map(|v| v.to_str().expect("date").to_owned());
        let text = response.text().await.expect("text");
        assert!(text.contains(title), "{path}: {text}");
        if path.ends_with(".atom") {
            assert!(
                text.contains(&format!(
                    "<link rel=\"self\" href=\"https://api.example.gov.uk{path}\"/>"
                )),
                "{path}: an absolute self link: {text}"
            );
        }
        if path.ends_with(".ics") {
            assert!(text.contains("DTSTART;TZID=Europe/London:"), "{text}");
            assert!(!text.contains("DTEND"), "no invented end time: {text}");
            assert!(last_modified.is_some(), "{path}");
        }
        let again = app
            .client
            .get(app.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        if let Some(date) = last_modified {
            let since = app
                .client
                .get(app.url(path))
                .header("if-modified-since", &date)
                .send()
                .await
                .expect("GET");
            assert_eq!(since.status(), StatusCode::NOT_MODIFIED, "{path}");
        }
    }
}

#[tokio::test]
async fn editors_redirect_old_addresses_by_hand_or_by_csv_without_loops_chains_or_taking_live_paths()
 {
    let app = spawn_app().await;
    let (admin, _) = york_with_bins(&app).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let add = |from: &'static str, to: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.post(
                &admin,
                "/api/v1/councils/york/redirects",
                &json!({"from": from, "to": to}),
            )
            .await
        }
    };
    let made = add("https://www.york.gov.uk/waste/bins.aspx", "/bins").await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.expect("json");
    assert_eq!(
        made["from"], "/waste/bins.aspx",
        "a full old address keeps its path"
    );
    let moved = client
        .get(app.url("/delivery/v1/councils/york/route?path=/waste/bins.aspx"))
        .send()
        .await
        .expect("route");
    assert_eq!(moved.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        moved.headers()["location"],
        "/delivery/v1/councils/york/route?path=%2Fbins"
    );
    let away = add("/libraries/ebooks", "https://ebooks.example.org/york").await;
    assert_eq!(away.status(), StatusCode::CREATED);
    let away = client
        .get(app.url("/delivery/v1/councils/york/route?path=/libraries/ebooks"))
        .send()
        .await
        .expect("route");
    assert_eq!(
        away.headers()["location"],
        "https://ebooks.example.org/york",
        "another site"
    );
    let graphql = app
        .graphql_json(
            r#"{ council(slug: "york") { route(path: "/waste/bins.aspx") { kind redirectTo } } }"#,
        )
        .await;
    assert_eq!(
        graphql["data"]["council"]["route"]["redirectTo"], "/bins",
        "{graphql}"
    );

    for (from, to, field) in [
        ("/bins", "/elsewhere", "from"),         // a live item's address
        ("/old/bins", "/waste/bins.aspx", "to"), // a chain: the target is itself redirected
        ("/bins-old", "/waste/bins.aspx", "to"), // the same
        ("/waste/bins.aspx", "/other", "from"),  // already redirected
        ("/x", "/x", "to"),                      // a loop of one
    ] {
        let refused = add(from, to).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{from} -> {to}"
        );
        let body: Value = refused.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{from}: {body}"
        );
    }
    // A path of the site starts with `/`: a bare word is refused, not guessed at.
    for (from, to) in [("older-page", "/bins"), ("/older-page", "bins")] {
        let bare = add(from, to).await;
        assert_eq!(
            bare.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{from} -> {to}"
        );
    }
    let into_chain = add("/older", "/anything").await;
    assert_eq!(into_chain.status(), StatusCode::CREATED);
    let leads_here = add("/anything", "/bins").await;
    assert_eq!(
        leads_here.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another redirect leads to /anything: a chain"
    );

    // A CSV is all or nothing.
    let import = |csv: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.client
                .post(app.url("/api/v1/councils/york/redirects/import"))
                .bearer_auth(&admin)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
                .expect("import")
        }
    };
    let bad = import("from,to\n/a.aspx,/bins\n/b.aspx,/bins\n/c.aspx,not a path\n").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "rows[4].to",
        "{body}"
    );
    let looped = import("/p.aspx,/q.aspx\n/q.aspx,/p.aspx\n").await;
    assert_eq!(
        looped.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a loop within the file"
    );
    let listed: Value = app
        .get(&admin, "/api/v1/councils/york/redirects")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        listed.as_array().expect("list").len(),
        3,
        "nothing imported: {listed}"
    );
    let good = import("from,to\n/a.aspx,/bins\n\"/b.aspx\",/bins\n").await;
    assert_eq!(good.status(), StatusCode::CREATED);
    let good: Value = good.json().await.expect("json");
    assert_eq!(good["created"], 2);

    // Removing one: the old address is unknown again.
    let id = made["id"].as_str().expect("id");
    assert_eq!(
        app.delete(&admin, &format!("/api/v1/councils/york/redirects/{id}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        route(&app, "/waste/bins.aspx").await.status(),
        StatusCode::NOT_FOUND
    );
}
