//! Open Referral UK's filters and paging as its API description gives them, each page validated against the
//! standard's schemas (see `openreferral.rs`); ages checked when a directory entry is saved.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};
use crate::openreferral::{Schemas, names, oruk, oruk_status, york};

/// An Open Referral UK read refused with 422; the field the error names.
async fn oruk_error(app: &TestApp, council: &str, path: &str) -> String {
    let body = app
        .deliver_expecting(
            council,
            &format!("/openreferral{path}"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    body["error"]["details"]["fields"][0]["field"]
        .as_str()
        .expect("field")
        .to_owned()
}

#[tokio::test]
async fn the_filters_and_paging_of_the_api_description_work() {
    let app = spawn_app().await;
    let york_council = app.council("york").with("admin").build().await;
    let admin = york_council.token("admin");
    let (service, hub, online, _, _) = york(&app, &admin).await;
    let schemas = Schemas::load();
    let services_page = schemas.page_of("compiled/service_list.json");

    // Paging: one a page.
    let second = oruk(&app, "york", "/services?per_page=1&page=2").await;
    schemas.check("a second page", &services_page, &second);
    assert_eq!(
        (
            &second["total_items"],
            &second["total_pages"],
            &second["page_number"],
            &second["size"]
        ),
        (&json!(3), &json!(3), &json!(2), &json!(1))
    );
    assert_eq!(
        (
            &second["first_page"],
            &second["last_page"],
            &second["empty"]
        ),
        (&json!(false), &json!(false), &json!(false))
    );
    assert_eq!(names(&second), ["Report a missed bin"]);
    let beyond = oruk(&app, "york", "/services?per_page=2&page=5").await;
    schemas.check("a page past the end", &services_page, &beyond);
    assert_eq!(
        (&beyond["empty"], &beyond["last_page"], &beyond["size"]),
        (&json!(false), &json!(true), &json!(0))
    );

    // Words, through the search index.
    assert_eq!(
        names(&oruk(&app, "york", "/services?search=play").await),
        ["Tang Hall Family Hub"]
    );
    assert_eq!(
        names(&oruk(&app, "york", "/services?search=bin").await),
        ["Report a missed bin"]
    );

    // Taxonomies: a facet value's term, and every term of the LGSL.
    let taxonomies = oruk(&app, "york", "/taxonomies").await;
    let lgsl = taxonomies["contents"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(
        names(&oruk(&app, "york", &format!("/services?taxonomy_id={lgsl}")).await),
        ["Report a missed bin"]
    );
    let hub_full = oruk(&app, "york", &format!("/services/{hub}")).await;
    let wifi = hub_full["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .find(|a| a["taxonomy_term"]["name"] == "Free wifi")
        .expect("wifi")["taxonomy_term_id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(
        names(&oruk(&app, "york", &format!("/services?taxonomy_term_id={wifi}")).await),
        ["Tang Hall Family Hub"]
    );
    assert_eq!(
        oruk(&app, "york", "/services?taxonomy_term_id=not-a-term").await["total_items"],
        0
    );

    // Ages as GraphQL gives them, the lowest left open.
    let graphql = app
        .graphql_json(r#"{ council(slug: "york") { directoryEntry(slug: "tang-hall-family-hub") { ages { minimum maximum } } } }"#)
        .await;
    assert_eq!(
        graphql["data"]["council"]["directoryEntry"]["ages"],
        json!({"minimum": null, "maximum": 4}),
        "{graphql}"
    );
    // Ages: services for people at least 10 (the advice line, from 16), and up to 5 (the hub, to 4); no lowest age
    // is from birth, so every service is for people of at least 0.
    assert_eq!(
        names(&oruk(&app, "york", "/services?minimum_age=10").await),
        ["Advice line for young parents"]
    );
    assert_eq!(
        names(&oruk(&app, "york", "/services?maximum_age=5").await),
        ["Tang Hall Family Hub"]
    );
    assert_eq!(
        oruk(&app, "york", "/services?minimum_age=0").await["total_items"],
        3
    );

    // Times: a day, and opening at or after, closing at or before (weekly rules; free text never matches).
    assert_eq!(
        names(&oruk(&app, "york", "/services?day=SA").await),
        ["Tang Hall Family Hub"]
    );
    assert_eq!(
        names(
            &oruk(
                &app,
                "york",
                "/services?day=saturday&start_time=10:00&end_time=12:00"
            )
            .await
        ),
        ["Tang Hall Family Hub"]
    );
    assert_eq!(
        oruk(&app, "york", "/services?day=SA&start_time=10:30").await["total_items"],
        0
    );
    assert_eq!(
        oruk(&app, "york", "/services?day=SU").await["total_items"],
        0
    );
    // Wednesdays are the summer's, a month away: not today's week.
    assert_eq!(
        oruk(&app, "york", "/services?day=WE").await["total_items"],
        0
    );
    // An empty value is as if it were not given.
    assert_eq!(
        oruk(&app, "york", "/services?day=&taxonomy_term_id=&start_time=").await["total_items"],
        3
    );

    // Places: by postcode and district, and within metres of a postcode's centre.
    let at = schemas.page_of("compiled/service_at_location_list.json");
    for query in [
        "postcode=YO31%200PR",
        "postcode=yo310pr",
        "postcode=YO31",
        "postcode=YO31%200PR&proximity=500",
    ] {
        let page = oruk(&app, "york", &format!("/service_at_locations?{query}")).await;
        schemas.check(query, &at, &page);
        assert_eq!(names(&page), ["Tang Hall Family Hub"], "{query}");
    }
    assert_eq!(
        oruk(&app, "york", "/service_at_locations?postcode=YO1").await["total_items"],
        0
    );
    assert_eq!(
        oruk(&app, "york", "/service_at_locations?day=SU").await["total_items"],
        0
    );

    // Bad input: a clear error naming the parameter.
    for (query, field) in [
        ("/services?page=0", "page"),
        ("/services?per_page=5000", "per_page"),
        ("/services?day=funday", "day"),
        ("/services?start_time=9am", "start_time"),
        ("/services?minimum_age=200", "minimum_age"),
        ("/services?locale=fr", "locale"),
        ("/service_at_locations?proximity=500", "proximity"),
        (
            "/service_at_locations?postcode=YO1%207DS&proximity=500",
            "postcode",
        ),
        (
            "/service_at_locations?postcode=YO31%200PR&proximity=far",
            "proximity",
        ),
    ] {
        assert_eq!(oruk_error(&app, "york", query).await, field, "{query}");
    }

    // An answer carries an ETag; asked again with it, 304.
    let response = app
        .client
        .get(app.url("/delivery/v1/councils/york/openreferral/services"))
        .send()
        .await
        .expect("request");
    let etag = response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let again = app
        .client
        .get(app.url("/delivery/v1/councils/york/openreferral/services"))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // A new draft of a published entry changes nothing until it is published.
    let path = format!("/api/v1/councils/york/directory-entries/{hub}");
    let current = app.get(&admin, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut content = current.json::<Value>().await.expect("json")["content"].clone();
    content["translations"]["en"]["title"] = json!("Renamed in a draft");
    let saved = app
        .put(&admin, &path, Some(&etag), &json!({"content": content}))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        oruk(&app, "york", &format!("/services/{hub}")).await["name"],
        "Tang Hall Family Hub"
    );

    // Another council sees none of York's, and York's ids are unknown there; with nothing published, its lists are
    // empty.
    let leeds_council = app.council("leeds").with("admin").build().await;
    let leeds = leeds_council.token("admin");
    let nothing = oruk(&app, "leeds", "/services").await;
    schemas.check("an empty list", &services_page, &nothing);
    assert_eq!(
        (
            &nothing["total_items"],
            &nothing["total_pages"],
            &nothing["empty"],
            &nothing["first_page"],
            &nothing["last_page"]
        ),
        (
            &json!(0),
            &json!(0),
            &json!(true),
            &json!(true),
            &json!(true)
        )
    );
    let york_place = oruk(&app, "york", "/service_at_locations").await["contents"][0]["id"].clone();
    let york_term = oruk(&app, "york", "/taxonomy_terms").await["contents"][6]["id"].clone();
    for path in [
        format!("/service_at_locations/{}", york_place.as_str().unwrap()),
        format!("/taxonomy_terms/{}", york_term.as_str().unwrap()),
    ] {
        assert_eq!(
            oruk_status(&app, "leeds", &path).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    app.published(
        &leeds,
        "leeds",
        "services",
        json!({"lgsl": [524], "translations": {"en": {"title": "Leeds bins", "slug": "bins"}}}),
    )
    .await;
    assert_eq!(
        names(&oruk(&app, "leeds", "/services").await),
        ["Leeds bins"]
    );
    for id in [&service, &hub, &online] {
        assert_eq!(
            oruk_status(&app, "leeds", &format!("/services/{id}")).await,
            StatusCode::NOT_FOUND
        );
    }
    assert!(!names(&oruk(&app, "york", "/services").await).contains(&"Leeds bins".to_owned()));
    let york_org = oruk(&app, "york", "/organizations").await["contents"][0]["id"].clone();
    assert_eq!(
        oruk_status(
            &app,
            "leeds",
            &format!("/organizations/{}", york_org.as_str().unwrap())
        )
        .await,
        StatusCode::NOT_FOUND
    );

    // Unpublished, an entry leaves the API; an unknown council is a 404.
    let response = app
        .act(&admin, "york", "directory-entries", &hub, "unpublish")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        oruk_status(&app, "york", &format!("/services/{hub}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        oruk(&app, "york", "/service_at_locations").await["total_items"],
        0
    );
    let missing = app
        .client
        .get(app.url("/delivery/v1/councils/nowhere/openreferral/services"))
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_code(missing, StatusCode::NOT_FOUND).await,
        "not_found"
    );
}

#[tokio::test]
async fn ages_are_checked_when_an_entry_is_saved() {
    let app = spawn_app().await;
    let york_council = app.council("york").with("admin").build().await;
    let admin = york_council.token("admin");
    let (channel, _) = app
        .create_item(
            &admin,
            "york",
            "directories",
            json!({"translations": {"en": {"title": "Family support", "slug": "family-support"}}}),
        )
        .await;
    for (ages, field) in [
        (json!({"minimum": 131}), "ages.minimum"),
        (json!({"minimum": 5, "maximum": 4}), "ages.maximum"),
        (json!({"maximum": -1}), "ages.maximum"),
    ] {
        let response = app
            .post(
                &admin,
                "/api/v1/councils/york/directory-entries",
                &json!({"content": {"channels": [channel], "ages": ages, "translations": {"en": {"title": "Hub", "slug": "hub"}}}}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{ages}"
        );
        let body: Value = response.json().await.expect("json");
        let named = body["error"]["details"]["fields"][0]["field"]
            .as_str()
            .unwrap_or_default();
        assert!(named.starts_with(field), "{ages}: {body}");
    }
}
