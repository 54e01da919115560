//! Directories: channels with facet groups, entries with venues and opening hours; delivery by facets (with counts),
//! words, distance from a point and opening times, in REST, GraphQL and GeoJSON; drafts, revisions, Welsh and
//! isolation between councils.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, titles};

/// `count` of facet value `group:value` in a list's `facets`.
fn count(list: &Value, group: &str, value: &str) -> i64 {
    list["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|g| g["key"] == group)
        .and_then(|g| g["values"].as_array())
        .and_then(|vs| vs.iter().find(|v| v["key"] == value))
        .and_then(|v| v["count"].as_i64())
        .unwrap_or_else(|| panic!("no count for {group}:{value} in {list}"))
}

fn libraries_channel() -> Value {
    json!({
        "facet_groups": [
            {"key": "facilities", "names": {"en": "Facilities"}, "values": [
                {"key": "wifi", "names": {"en": "Free wifi"}},
                {"key": "cafe", "names": {"en": "Café"}},
                {"key": "study-space", "names": {"en": "Study space"}}
            ]},
            {"key": "age-group", "names": {"en": "Age group"}, "values": [
                {"key": "children", "names": {"en": "Children"}},
                {"key": "adults", "names": {"en": "Adults"}}
            ]}
        ],
        "translations": {"en": {"title": "Find a library", "slug": "libraries", "summary": "Libraries and Explore centres in York."}}
    })
}

fn week(days: &[&str], opens: &str, closes: &str) -> Vec<Value> {
    days.iter()
        .map(|d| json!({"day": d, "opens": opens, "closes": closes}))
        .collect()
}

/// An entry of `channel` at a point, with facets and opening hours.
#[allow(clippy::too_many_arguments)]
fn entry(
    channel: &str,
    title: &str,
    slug: &str,
    lat: f64,
    lon: f64,
    facets: Value,
    hours: Option<Value>,
) -> Value {
    let mut venue = json!({
        "address": {"lines": [format!("{title} building")], "town": "York", "postcode": "YO1 7DS"},
        "latitude": lat,
        "longitude": lon,
        "uprn": 100050535000_u64
    });
    if let Some(hours) = hours {
        venue["opening_hours"] = hours;
    }
    json!({
        "channels": [channel],
        "facets": facets,
        "contact": {"phone": "01904 552828", "email": "library@york.test", "website": "https://www.exploreyork.org.uk"},
        "venue": venue,
        "translations": {"en": {"title": title, "slug": slug, "summary": format!("{title}: books, computers and events."), "accessibility": "Step-free entrance."}}
    })
}

/// York's libraries: a channel and four entries around the Minster, published; and a draft fifth.
async fn york_libraries(app: &TestApp, admin: &str) -> (String, Vec<String>) {
    let channel = app
        .published(admin, "york", "directories", libraries_channel())
        .await;
    let library_week = [
        week(
            &["monday", "tuesday", "wednesday", "thursday", "friday"],
            "09:00",
            "20:00",
        ),
        week(&["saturday"], "09:00", "17:00"),
    ]
    .concat();
    let library_hours = json!({
        "weekly": library_week,
        "exceptions": [{"date": "2026-12-24", "sessions": [{"opens": "09:00", "closes": "13:00"}], "note": "Closing early for Christmas"}],
        "bank_holidays": "closed"
    });
    let acomb_hours = json!({"weekly": week(&["monday", "wednesday", "friday"], "10:00", "17:00"), "bank_holidays": "normal"});
    let haxby_hours = json!({"weekly": week(&["tuesday", "thursday"], "14:00", "18:00")});
    let entries = [
        entry(
            &channel,
            "York Explore Library",
            "york-explore",
            53.9617,
            -1.0862,
            json!({"facilities": ["wifi", "cafe", "study-space"], "age-group": ["children", "adults"]}),
            Some(library_hours),
        ),
        entry(
            &channel,
            "Acomb Explore",
            "acomb-explore",
            53.9540,
            -1.1310,
            json!({"facilities": ["wifi"], "age-group": ["children"]}),
            Some(acomb_hours),
        ),
        entry(
            &channel,
            "Tang Hall Explore",
            "tang-hall-explore",
            53.9640,
            -1.0530,
            json!({"facilities": ["wifi", "cafe"], "age-group": ["adults"]}),
            None,
        ),
        entry(
            &channel,
            "Haxby Explore",
            "haxby-explore",
            54.0150,
            -1.0750,
            json!({"facilities": ["study-space"], "age-group": ["children"]}),
            Some(haxby_hours),
        ),
    ];
    let mut ids = Vec::new();
    for content in entries {
        let id = app
            .published(admin, "york", "directory-entries", content)
            .await;
        ids.push(id);
    }
    // A draft is never delivered.
    app.create_item(
        admin,
        "york",
        "directory-entries",
        entry(
            &channel,
            "Draft Explore",
            "draft-explore",
            53.9620,
            -1.0820,
            json!({"facilities": ["wifi"]}),
            None,
        ),
    )
    .await;
    (channel, ids)
}

#[tokio::test]
async fn a_directory_lists_its_entries_by_facets_with_counts_words_and_distance() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    york_libraries(&app, &admin).await;

    // Every published entry, by title, with counts of every facet value; the draft is not there.
    let all = app
        .deliver_ok("york", "/directories/libraries/entries")
        .await;
    assert_eq!(all["total_count"], 4, "{all}");
    assert_eq!(
        titles(&all["items"]),
        [
            "Acomb Explore",
            "Haxby Explore",
            "Tang Hall Explore",
            "York Explore Library"
        ]
    );
    for (group, value, n) in [
        ("facilities", "wifi", 3),
        ("facilities", "cafe", 2),
        ("facilities", "study-space", 2),
        ("age-group", "children", 3),
        ("age-group", "adults", 2),
    ] {
        assert_eq!(count(&all, group, value), n, "{group}:{value}");
    }
    assert_eq!(all["facets"][0]["name"], "Facilities");
    assert_eq!(all["facets"][0]["values"][1]["name"], "Café");

    // One value: the group's own counts ignore its choice; the other group counts within it.
    let wifi = app
        .deliver_ok(
            "york",
            "/directories/libraries/entries?facets=facilities:wifi",
        )
        .await;
    assert_eq!(wifi["total_count"], 3);
    assert_eq!(count(&wifi, "facilities", "study-space"), 2);
    assert_eq!(count(&wifi, "age-group", "children"), 2);
    assert_eq!(count(&wifi, "age-group", "adults"), 2);
    assert_eq!(wifi["facets"][0]["values"][0]["selected"], true);
    // Values of one group widen; groups narrow.
    let either = app
        .deliver_ok(
            "york",
            "/directories/libraries/entries?facets=facilities:wifi,facilities:study-space",
        )
        .await;
    assert_eq!(either["total_count"], 4);
    let both = app
        .deliver_ok(
            "york",
            "/directories/libraries/entries?facets=facilities:wifi,age-group:adults",
        )
        .await;
    assert_eq!(
        titles(&both["items"]),
        ["Tang Hall Explore", "York Explore Library"]
    );
    assert_eq!(count(&both, "facilities", "cafe"), 2);
    assert_eq!(count(&both, "facilities", "study-space"), 1);
    assert_eq!(count(&both, "age-group", "children"), 2);

    // Near York Minster: nearest first, with distances; the radius leaves Haxby (5.9 km) out.
    let near = app
        .deliver_ok(
            "york",
            "/directories/libraries/entries?near=53.9623,-1.0819&radius=4000",
        )
        .await;
    assert_eq!(
        titles(&near["items"]),
        ["York Explore Library", "Tang Hall Explore", "Acomb Explore"],
        "{near}"
    );
    let distances: Vec<f64> = near["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["distance_metres"].as_f64().expect("distance"))
        .collect();
    assert!((250.0..350.0).contains(&distances[0]), "{distances:?}");
    assert!((1_800.0..2_000.0).contains(&distances[1]), "{distances:?}");
    assert!((3_200.0..3_500.0).contains(&distances[2]), "{distances:?}");
    let wide = app
        .deliver_ok(
            "york",
            "/directories/libraries/entries?near=53.9623,-1.0819&radius=10000",
        )
        .await;
    assert_eq!(wide["total_count"], 4);
    assert_eq!(wide["items"][3]["title"], "Haxby Explore");
    // Distance and facets together, paged.
    let paged = app.deliver_ok("york", "/directories/libraries/entries?near=53.9623,-1.0819&radius=10000&facets=age-group:children&limit=2").await;
    assert_eq!(
        titles(&paged["items"]),
        ["York Explore Library", "Acomb Explore"]
    );
    let cursor = paged["next_cursor"].as_str().expect("a next page");
    let rest = app.deliver_ok("york", &format!("/directories/libraries/entries?near=53.9623,-1.0819&radius=10000&facets=age-group:children&limit=2&after={cursor}")).await;
    assert_eq!(titles(&rest["items"]), ["Haxby Explore"]);
    assert_eq!(rest["next_cursor"], Value::Null);

    // Words, through the search index.
    let cafe = app
        .deliver_ok("york", "/directories/libraries/entries?q=tang")
        .await;
    assert_eq!(titles(&cafe["items"]), ["Tang Hall Explore"]);

    // GeoJSON of the venues: longitude first.
    let response = app
        .delivery(None, "york", "/directories/libraries/venues")
        .await;
    assert_eq!(
        response.headers()["content-type"].to_str().expect("type"),
        "application/geo+json"
    );
    let geo: Value = response.json().await.expect("json");
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"].as_array().expect("features").len(), 4);
    let haxby = geo["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["title"] == "Haxby Explore")
        .expect("Haxby");
    assert_eq!(haxby["geometry"]["coordinates"], json!([-1.075, 54.015]));
    assert_eq!(haxby["properties"]["path"], "/directory/haxby-explore");

    // Bad filters are 422s that name the parameter.
    for (query, field) in [
        ("facets=wifi", "facets"),
        ("near=north", "near"),
        ("near=95,0", "near"),
        ("radius=100", "radius"),
        ("open_at=christmas", "open_at"),
    ] {
        let body = app
            .deliver_expecting(
                "york",
                &format!("/directories/libraries/entries?{query}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{query}: {body}"
        );
    }
    app.deliver_expecting(
        "york",
        "/directories/nowhere/entries",
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn opening_hours_answer_open_now_across_a_bank_holiday_and_the_clock_change() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    york_libraries(&app, &admin).await;
    let open_at = |at: &str| format!("/directories/libraries/entries?open_at={at}");

    // Christmas Day (a bank holiday, a Friday): the library is closed, Acomb keeps its Friday hours.
    let christmas = app.deliver_ok("york", &open_at("2026-12-25T10:00")).await;
    assert_eq!(
        titles(&christmas["items"]),
        ["Acomb Explore"],
        "{christmas}"
    );
    // Christmas Eve: the library's exception (09:00 to 13:00) wins over its usual Thursday.
    assert_eq!(
        titles(&app.deliver_ok("york", &open_at("2026-12-24T12:00")).await["items"]),
        ["York Explore Library"]
    );
    assert_eq!(
        titles(&app.deliver_ok("york", &open_at("2026-12-24T14:30")).await["items"]),
        ["Haxby Explore"]
    );
    // An entry says whether it is open and when it next opens: on the Boxing Day substitute (Monday 28th), the
    // library is closed and opens on Tuesday at 09:00.
    let library = app
        .deliver_ok(
            "york",
            "/directory-entries/york-explore?open_at=2026-12-28T10:00",
        )
        .await;
    assert_eq!(library["opening"]["open"], false, "{library}");
    assert_eq!(library["opening"]["opens_next_at"], "2026-12-29T09:00:00Z");
    assert_eq!(library["path"], "/directory/york-explore");
    assert!(library["body_html"].is_string());

    // The October clock change: Saturday 24th at 17:30 BST is after closing; it next opens on Monday at 09:00
    // GMT, which is 09:00 UTC. The Friday before, 20:30 BST, it next opens on Saturday at 09:00 BST (08:00 UTC).
    let saturday = app
        .deliver_ok(
            "york",
            "/directory-entries/york-explore?open_at=2026-10-24T17:30",
        )
        .await;
    assert_eq!(saturday["opening"]["opens_next_at"], "2026-10-26T09:00:00Z");
    let friday = app
        .deliver_ok(
            "york",
            "/directory-entries/york-explore?open_at=2026-10-23T20:30",
        )
        .await;
    assert_eq!(friday["opening"]["opens_next_at"], "2026-10-24T08:00:00Z");
    // 16:30 London time on the Saturday is 15:30 UTC; on the Monday after, 16:30 London is 16:30 UTC.
    let before = app
        .deliver_ok("york", &open_at("2026-10-24T15:30:00Z"))
        .await;
    assert!(titles(&before["items"]).contains(&"York Explore Library".to_owned()));
    let library = &before["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["title"] == "York Explore Library")
        .expect("library")["opening"];
    assert_eq!(library["closes_at"], "2026-10-24T16:00:00Z");
    let monday = app
        .deliver_ok(
            "york",
            "/directory-entries/york-explore?open_at=2026-10-26T19:30:00Z",
        )
        .await;
    assert_eq!(monday["opening"]["open"], true);
    assert_eq!(monday["opening"]["closes_at"], "2026-10-26T20:00:00Z");

    // GraphQL: entries open at a time, near a point, with each one's status.
    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { directory(slug: "libraries") {
                title facetGroups { key name values { key name } }
                entries(openAt: "2026-12-25T10:00:00Z", near: {latitude: 53.9623, longitude: -1.0819, radiusMetres: 10000}) {
                    totalCount items { distanceMetres entry { title path venue { address { postcode } latitude uprn }
                    openingStatus(at: "2026-12-25T10:00:00Z") { open closesAt opensNextAt } } }
                    facets { key values { key count selected } } } } } }"#,
        )
        .await;
    let directory = &body["data"]["council"]["directory"];
    assert_eq!(directory["title"], "Find a library", "{body}");
    let entries = &directory["entries"];
    assert_eq!(entries["totalCount"], 1, "{body}");
    let acomb = &entries["items"][0];
    assert_eq!(acomb["entry"]["title"], "Acomb Explore");
    assert_eq!(acomb["entry"]["openingStatus"]["open"], true);
    assert_eq!(
        acomb["entry"]["openingStatus"]["closesAt"],
        "2026-12-25T17:00:00+00:00"
    );
    assert_eq!(acomb["entry"]["venue"]["uprn"], "100050535000");
    assert!(acomb["distanceMetres"].as_f64().expect("distance") > 3000.0);
}

#[tokio::test]
async fn a_directory_entry_is_checked_published_revised_found_and_kept_to_its_council() {
    let app = spawn_app().await;
    let york = app.council("york").with("admin").build().await;
    let admin = york.token("admin");
    let leeds_council = app.council("leeds").with("admin").build().await;
    let leeds = leeds_council.token("admin");
    let (channel, ids) = york_libraries(&app, &admin).await;

    // A bad body is a 422 naming the field.
    let good = entry(
        &channel,
        "Dringhouses Explore",
        "dringhouses",
        53.94,
        -1.11,
        json!({"facilities": ["wifi"]}),
        None,
    );
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut c = good.clone();
                c["venue"]["address"]["postcode"] = json!("not a postcode");
                c
            },
            "venue.address.postcode",
        ),
        (
            {
                let mut c = good.clone();
                c["venue"]["latitude"] = json!(40.7);
                c
            },
            "venue.latitude",
        ),
        (
            {
                let mut c = good.clone();
                c["facets"] = json!({"facilities": ["swimming-pool"]});
                c
            },
            "facets.facilities[0]",
        ),
        (
            {
                let mut c = good.clone();
                c["channels"] = json!([]);
                c
            },
            "channels",
        ),
        (
            {
                let mut c = good.clone();
                c["venue"]["opening_hours"] =
                    json!({"weekly": [{"day": "monday", "opens": "17:00", "closes": "09:00"}]});
                c
            },
            "venue.opening_hours.weekly[0].closes",
        ),
        (
            {
                let mut c = good.clone();
                c["venue"]["opening_hours"] =
                    json!({"weekly": [{"day": "someday", "opens": "09:00", "closes": "17:00"}]});
                c
            },
            "venue.opening_hours.weekly[0].day",
        ),
        (
            {
                let mut c = good.clone();
                c["contact"]["email"] = json!("nobody");
                c
            },
            "contact.email",
        ),
    ];
    for (content, field) in cases {
        let response = app
            .post(
                &admin,
                "/api/v1/councils/york/directory-entries",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{body}"
        );
    }
    let bad_channel = app
        .post(&admin, "/api/v1/councils/york/directories", &json!({"content": {"facet_groups": [{"key": "Bad Key", "names": {"en": "x"}, "values": [{"key": "a", "names": {"en": "A"}}]}], "translations": {"en": {"title": "T", "slug": "t"}}}}))
        .await;
    let body: Value = bad_channel.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "facet_groups[0].key",
        "{body}"
    );

    // Another council cannot list an entry in York's directory, nor read it.
    let mut foreign = good.clone();
    foreign["facets"] = json!({});
    let response = app
        .post(
            &leeds,
            "/api/v1/councils/leeds/directory-entries",
            &json!({"content": foreign}),
        )
        .await;
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "channels",
        "{body}"
    );
    app.deliver_expecting("leeds", "/directories/libraries", StatusCode::NOT_FOUND)
        .await;
    app.deliver_expecting(
        "leeds",
        "/directory-entries/york-explore",
        StatusCode::NOT_FOUND,
    )
    .await;
    let leeds_graph = app
        .graphql_json(r#"{ council(slug: "leeds") { directory(slug: "libraries") { title } directoryEntry(slug: "york-explore") { title } } }"#)
        .await;
    assert_eq!(leeds_graph["data"]["council"]["directory"], Value::Null);
    assert_eq!(
        leeds_graph["data"]["council"]["directoryEntry"],
        Value::Null
    );

    // Routes: a channel and an entry each have a path.
    let route = app
        .deliver_ok("york", "/route?path=/directory/acomb-explore")
        .await;
    assert_eq!(route["kind"], "directory_entry", "{route}");
    let route = app
        .deliver_ok("york", "/route?path=/directories/libraries")
        .await;
    assert_eq!(route["kind"], "directory");
    let graph = app
        .graphql_json(r#"{ council(slug: "york") { route(path: "/directory/acomb-explore") { kind directoryEntry { title channels { title } facets { group value } contact { phone } } } directories { totalCount edges { node { title path } } } search(query: "haxby") { edges { node { kind title path } } } } }"#)
        .await;
    let council = &graph["data"]["council"];
    assert_eq!(council["route"]["kind"], "DIRECTORY_ENTRY", "{graph}");
    assert_eq!(
        council["route"]["directoryEntry"]["channels"][0]["title"],
        "Find a library"
    );
    assert_eq!(council["directories"]["totalCount"], 1);
    assert_eq!(
        council["directories"]["edges"][0]["node"]["path"],
        "/directories/libraries"
    );
    // Search finds published entries, by name and by what they say.
    assert_eq!(
        council["search"]["edges"][0]["node"]["kind"], "directory_entry",
        "{graph}"
    );
    assert_eq!(
        council["search"]["edges"][0]["node"]["path"],
        "/directory/haxby-explore"
    );

    // A revision, then the first restored: delivery follows once it is published again.
    let acomb = &ids[1];
    let path = format!("/api/v1/councils/york/directory-entries/{acomb}");
    let current = app.get(&admin, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut item: Value = current.json().await.expect("json");
    item["content"]["translations"]["en"]["title"] = json!("Acomb Explore and Library");
    let response = app
        .put(
            &admin,
            &path,
            Some(&etag),
            &json!({"content": item["content"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.publish(&admin, "york", "directory-entries", acomb)
        .await;
    let renamed = app
        .deliver_ok("york", "/directory-entries/acomb-explore")
        .await;
    assert_eq!(renamed["title"], "Acomb Explore and Library");
    let current = app.get(&admin, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let restored = app
        .post_if_match(&admin, &format!("{path}/revisions/1/restore"), &etag)
        .await;
    assert_eq!(
        restored.status(),
        StatusCode::OK,
        "{}",
        restored.text().await.unwrap_or_default()
    );
    app.publish(&admin, "york", "directory-entries", acomb)
        .await;
    assert_eq!(
        app.deliver_ok("york", "/directory-entries/acomb-explore")
            .await["title"],
        "Acomb Explore"
    );

    // The change feed tells a static front-end what to rebuild: the channel and every entry, by path (a change
    // appears two seconds after it is made, so that none committed out of order is skipped).
    app.settings.clock.advance(chrono::Duration::seconds(3));
    let feed = app
        .graphql_json(
            r#"{ council(slug: "york") { changes(first: 100) { items { kind change path } } } }"#,
        )
        .await;
    let changes = feed["data"]["council"]["changes"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{feed}"));
    assert!(
        changes.contains(
            &json!({"kind": "DIRECTORY", "change": "published", "path": "/directories/libraries"})
        ),
        "{feed}"
    );
    assert!(changes.contains(&json!({"kind": "DIRECTORY_ENTRY", "change": "published", "path": "/directory/acomb-explore"})));

    // Unpublished, it leaves the directory and its path is gone.
    let response = app
        .act(&admin, "york", "directory-entries", acomb, "unpublish")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let all = app
        .deliver_ok("york", "/directories/libraries/entries")
        .await;
    assert_eq!(all["total_count"], 3);
    app.settings.clock.advance(chrono::Duration::seconds(3));
    let feed = app
        .graphql_json(
            r#"{ council(slug: "york") { changes(first: 100) { items { kind change path } } } }"#,
        )
        .await;
    let last = feed["data"]["council"]["changes"]["items"]
        .as_array()
        .and_then(|items| items.last().cloned())
        .expect("a change");
    assert_eq!(
        last,
        json!({"kind": "DIRECTORY_ENTRY", "change": "removed", "path": "/directory/acomb-explore"})
    );
    let gone = app
        .deliver_expecting(
            "york",
            "/route?path=/directory/acomb-explore",
            StatusCode::GONE,
        )
        .await;
    assert_eq!(gone["kind"], "gone");
    assert_eq!(
        error_code(
            app.delivery(None, "york", "/directory-entries/acomb-explore")
                .await,
            StatusCode::NOT_FOUND
        )
        .await,
        "not_found"
    );
}

#[tokio::test]
async fn a_welsh_directory_falls_back_to_english_entry_by_entry_and_previews_drafts() {
    let app = spawn_app().await;
    let cardiff = app
        .council("cardiff")
        .nation("wales")
        .with("admin")
        .build()
        .await;
    let admin = cardiff.token("admin");
    let channel = app
        .published(
            &admin,
            "cardiff",
            "directories",
            json!({
                "facet_groups": [{"key": "age-group", "names": {"en": "Age group", "cy": "Grŵp oedran"}, "values": [
                    {"key": "under-5", "names": {"en": "Under 5", "cy": "Dan 5"}}]}],
                "translations": {
                    "en": {"title": "Family hubs", "slug": "family-hubs"},
                    "cy": {"title": "Hybiau teulu", "slug": "hybiau-teulu"}
                }
            }),
        )
        .await;
    let hub = |title: &str, slug: &str, cy: Option<(&str, &str)>| {
        let mut content = json!({
            "channels": [channel],
            "facets": {"age-group": ["under-5"]},
            "venue": {"address": {"lines": ["Ely Hub", "Cowbridge Road West"], "town": "Cardiff", "postcode": "CF5 4BQ"}, "latitude": 51.4809, "longitude": -3.2509},
            "translations": {"en": {"title": title, "slug": slug}}
        });
        if let Some((t, s)) = cy {
            content["translations"]["cy"] = json!({"title": t, "slug": s});
        }
        content
    };
    let ely = app
        .published(
            &admin,
            "cardiff",
            "directory-entries",
            hub(
                "Ely and Caerau Hub",
                "ely-hub",
                Some(("Hyb Trelái a Chaerau", "hyb-trelai")),
            ),
        )
        .await;
    let llanishen = app
        .published(
            &admin,
            "cardiff",
            "directory-entries",
            hub("Llanishen Hub", "llanishen-hub", None),
        )
        .await;

    let welsh = app
        .deliver_ok("cardiff", "/directories/family-hubs/entries?locale=cy")
        .await;
    let items = welsh["items"].as_array().expect("items");
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).expect("entry");
    assert_eq!(by_id(&ely)["title"], "Hyb Trelái a Chaerau");
    assert_eq!(by_id(&ely)["is_fallback"], false);
    assert_eq!(by_id(&llanishen)["title"], "Llanishen Hub");
    assert_eq!(by_id(&llanishen)["is_fallback"], true);
    assert_eq!(welsh["facets"][0]["name"], "Grŵp oedran");
    assert_eq!(welsh["facets"][0]["values"][0]["name"], "Dan 5");
    assert_eq!(welsh["facets"][0]["values"][0]["count"], 2);
    let channel_cy = app
        .deliver_ok("cardiff", "/directories/hybiau-teulu?locale=cy")
        .await;
    assert_eq!(channel_cy["title"], "Hybiau teulu");
    assert_eq!(channel_cy["path"], "/directories/hybiau-teulu");

    // A draft entry is seen only in preview, with a token that may preview.
    app.create_item(
        &admin,
        "cardiff",
        "directory-entries",
        hub("Draft Hub", "draft-hub", None),
    )
    .await;
    assert_eq!(
        app.deliver_ok("cardiff", "/directories/family-hubs/entries")
            .await["total_count"],
        2
    );
    let preview: Value = app
        .get(
            &admin,
            "/delivery/v1/councils/cardiff/directories/family-hubs/entries?preview=true",
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(preview["total_count"], 3, "{preview}");
    assert!(titles(&preview["items"]).contains(&"Draft Hub".to_owned()));
    let anonymous = app
        .delivery(
            None,
            "cardiff",
            "/directories/family-hubs/entries?preview=true",
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
