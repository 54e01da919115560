//! Services through delivery: filtered by LGSL and LGIL codes in REST and GraphQL; the national directory and the
//! Local Links export, listing published services across councils.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::content_delivery::{header, save_draft, service};
use crate::helpers::{TestApp, error_code, spawn_app, titles};

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
