//! Events: occurrences of repeating events across both clock changes, listings by date range, category, venue and
//! distance, cancelled events kept and marked, past ones dropped; the iCalendar feeds read by a calendar library;
//! validation, drafts, revisions, Welsh, search and isolation between councils.
use std::io::BufReader;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// (title, starts_at) of each occurrence listed.
fn listed(list: &Value) -> Vec<(String, String)> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items: {list}"))
        .iter()
        .map(|o| {
            (
                o["title"].as_str().expect("title").to_owned(),
                o["starts_at"].as_str().expect("starts_at").to_owned(),
            )
        })
        .collect()
}

fn event(title: &str, slug: &str, extra: Value) -> Value {
    let mut content = json!({"translations": {"en": {"title": title, "slug": slug, "summary": format!("{title}: all welcome."), "price": "Free"}}});
    for (k, v) in extra.as_object().expect("object") {
        content[k] = v.clone();
    }
    content
}

struct York {
    admin: String,
    library: String,
}

/// York with a library in its directory, and its events: a weekly rhymetime there in spring and autumn 2027, an
/// all-day fireworks display in a park, a consultation at the library (cancelled), and one that is over.
async fn york_events(app: &TestApp) -> York {
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let channel = app
        .published(
            &admin,
            "york",
            "directories",
            json!({"translations": {"en": {"title": "Libraries", "slug": "libraries"}}}),
        )
        .await;
    let library = app
        .published(&admin, "york", "directory-entries", json!({
            "channels": [channel],
            "venue": {"address": {"lines": ["Museum Street"], "town": "York", "postcode": "YO1 7DS"}, "latitude": 53.9617, "longitude": -1.0862},
            "translations": {"en": {"title": "York Explore Library", "slug": "york-explore"}}
        }))
        .await;
    let events = [
        // Thursdays at 10:00 London time: 18 and 25 March 2027 are GMT, 1 April BST (the clocks go forward on 28 March).
        event(
            "Rhymetime",
            "rhymetime",
            json!({
                "date": "2027-03-18", "start_time": "10:00", "end_time": "10:45",
                "recurrence": {"frequency": "weekly", "until": "2027-11-30", "except": ["2027-04-15"]},
                "venue": {"entry": library}, "categories": ["Family", "Libraries"]
            }),
        ),
        event(
            "Fireworks",
            "fireworks",
            json!({
                "date": "2027-11-05",
                "venue": {"name": "Rowntree Park", "address": {"lines": ["Terry Avenue"], "town": "York", "postcode": "YO23 1JQ"}, "latitude": 53.9483, "longitude": -1.0817},
                "categories": ["Family"]
            }),
        ),
        event(
            "Budget consultation",
            "budget-consultation",
            json!({
                "date": "2027-01-12", "start_time": "14:00", "end_time": "16:00",
                "venue": {"entry": library}, "categories": ["Consultation"], "status": "cancelled"
            }),
        ),
        event(
            "Last year's fair",
            "last-years-fair",
            json!({"date": "2026-01-10", "start_time": "10:00", "end_time": "16:00"}),
        ),
    ];
    for content in events {
        app.published(&admin, "york", "events", content).await;
    }
    York { admin, library }
}

#[tokio::test]
async fn repeating_events_keep_london_time_across_the_clock_changes_and_list_by_date_category_and_distance()
 {
    let app = spawn_app().await;
    let york = york_events(&app).await;

    // Spring: 10:00 GMT is 10:00 UTC; after the clocks go forward, 10:00 BST is 09:00 UTC.
    let spring = app
        .deliver_ok("york", "/events?from=2027-03-15&to=2027-04-05")
        .await;
    assert_eq!(
        listed(&spring),
        [
            ("Rhymetime".to_owned(), "2027-03-18T10:00:00Z".to_owned()),
            ("Rhymetime".to_owned(), "2027-03-25T10:00:00Z".to_owned()),
            ("Rhymetime".to_owned(), "2027-04-01T09:00:00Z".to_owned()),
        ]
    );
    assert_eq!(spring["items"][2]["ends_at"], "2027-04-01T09:45:00Z");
    // The date left out is not listed.
    let april = app
        .deliver_ok("york", "/events?from=2027-04-12&to=2027-04-19")
        .await;
    assert_eq!(april["total_count"], 0, "{april}");
    // Autumn: the clocks go back on 31 October 2027.
    let autumn = app
        .deliver_ok(
            "york",
            "/events?from=2027-10-27&to=2027-11-05&category=libraries",
        )
        .await;
    assert_eq!(
        listed(&autumn),
        [
            ("Rhymetime".to_owned(), "2027-10-28T09:00:00Z".to_owned()),
            ("Rhymetime".to_owned(), "2027-11-04T10:00:00Z".to_owned()),
        ]
    );
    // All day, and by category: the fireworks cover 5 November in London.
    let family = app
        .deliver_ok(
            "york",
            "/events?from=2027-11-05&to=2027-11-05&category=family",
        )
        .await;
    assert_eq!(
        listed(&family),
        [("Fireworks".to_owned(), "2027-11-05T00:00:00Z".to_owned())]
    );
    assert_eq!(family["items"][0]["all_day"], true);
    assert_eq!(family["items"][0]["ends_at"], "2027-11-06T00:00:00Z");

    // A cancelled event stays listed, marked; an event that is over is not listed at all.
    let january = app
        .deliver_ok("york", "/events?from=2026-01-01&to=2027-01-31")
        .await;
    let titles: Vec<String> = listed(&january).into_iter().map(|(t, _)| t).collect();
    assert_eq!(titles, ["Budget consultation"], "{january}");
    assert_eq!(january["items"][0]["content"]["status"], "cancelled");

    // By distance from the library (500 m): the park, 1.5 km away, is left out; by venue, the same two.
    let near = app
        .deliver_ok(
            "york",
            "/events?from=2027-01-01&to=2027-12-31&near=53.9617,-1.0862&radius=500&limit=100",
        )
        .await;
    assert!(
        listed(&near).iter().all(|(t, _)| t != "Fireworks"),
        "{near}"
    );
    assert!(
        near["items"][0]["distance_metres"]
            .as_f64()
            .expect("distance")
            < 1.0
    );
    let wide = app
        .deliver_ok(
            "york",
            "/events?from=2027-11-01&to=2027-11-30&near=53.9617,-1.0862&radius=2000",
        )
        .await;
    let fireworks = wide["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["title"] == "Fireworks")
        .expect("the fireworks within 2 km");
    let metres = fireworks["distance_metres"].as_f64().expect("distance");
    assert!((1_400.0..1_600.0).contains(&metres), "{metres}");
    let at_library = app
        .deliver_ok(
            "york",
            &format!(
                "/events?from=2027-01-01&to=2027-01-31&venue={}",
                york.library
            ),
        )
        .await;
    assert_eq!(at_library["total_count"], 1);

    // Paging through a year of a weekly event.
    let page = app
        .deliver_ok(
            "york",
            "/events?from=2027-03-01&to=2027-12-31&category=libraries&limit=10",
        )
        .await;
    assert_eq!(
        page["total_count"], 36,
        "Thursdays from 18 March to 25 November, less 15 April"
    );
    let next = page["next_cursor"].as_str().expect("next page");
    let second = app
        .deliver_ok(
            "york",
            &format!(
                "/events?from=2027-03-01&to=2027-12-31&category=libraries&limit=10&after={next}"
            ),
        )
        .await;
    // The first ten: 18 and 25 March, 1, 8, 22 and 29 April, 6, 13, 20 and 27 May.
    assert_eq!(listed(&second)[0].1, "2027-06-03T09:00:00Z");

    // GraphQL: the same listing, and one event with its dates and venue.
    let body = app
        .graphql_json(
            r#"{ council(slug: "york") {
                events(from: "2027-03-15T00:00:00Z", to: "2027-04-05T00:00:00Z") { totalCount items { startsAt allDay event { title } } }
                event(slug: "rhymetime") { title status price repeats categories { key name }
                    occurrences(from: "2027-10-20T00:00:00Z", to: "2027-11-10T00:00:00Z") { startsAt endsAt }
                    venue { entry { title venue { latitude } } } }
                route(path: "/events/fireworks") { kind event { allDay date venue { name address { postcode } } } } } }"#,
        )
        .await;
    let council = &body["data"]["council"];
    assert_eq!(council["events"]["totalCount"], 3, "{body}");
    assert_eq!(
        council["events"]["items"][2]["startsAt"],
        "2027-04-01T09:00:00+00:00"
    );
    let rhymetime = &council["event"];
    assert_eq!(rhymetime["repeats"], true);
    assert_eq!(rhymetime["categories"][0]["key"], "family");
    assert_eq!(rhymetime["venue"]["entry"]["title"], "York Explore Library");
    let starts: Vec<&str> = rhymetime["occurrences"]
        .as_array()
        .expect("occurrences")
        .iter()
        .map(|o| o["startsAt"].as_str().expect("start"))
        .collect();
    assert_eq!(
        starts,
        [
            "2027-10-21T09:00:00+00:00",
            "2027-10-28T09:00:00+00:00",
            "2027-11-04T10:00:00+00:00"
        ]
    );
    assert_eq!(council["route"]["kind"], "EVENT");
    assert_eq!(council["route"]["event"]["allDay"], true);

    // Bad listings are 422s naming the parameter.
    for (query, field) in [
        ("from=2027-02-01&to=2027-01-01", "to"),
        ("from=2027-01-01&to=2030-01-01", "to"),
        ("from=soon", "from"),
        ("near=1", "near"),
    ] {
        let (status, body) = app.deliver("york", &format!("/events?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{query}: {body}"
        );
    }
    let _ = york.admin;
}

fn properties<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> Vec<&'a ical::property::Property> {
    event.properties.iter().filter(|p| p.name == name).collect()
}

fn value<'a>(event: &'a ical::parser::ical::component::IcalEvent, name: &str) -> &'a str {
    properties(event, name)
        .first()
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("{name} in {event:?}"))
}

#[tokio::test]
async fn the_event_feeds_are_read_by_a_calendar_library() {
    let app = spawn_app().await;
    let york = york_events(&app).await;
    // A one-off event next month, so the feed (30 days back to a year ahead) has a timed event in it whatever today is.
    let soon = (chrono::Utc::now() + chrono::Duration::days(20)).date_naive();
    app
        .published(&york.admin, "york", "events", event("Christmas market", "christmas-market", json!({
            "date": soon, "start_time": "11:00", "end_time": "18:00", "categories": ["Markets"],
            "venue": {"name": "Parliament Street", "address": {"lines": ["Parliament Street"], "town": "York", "postcode": "YO1 8RS"}}
        })))
        .await;

    let text = app
        .client
        .get(app.url("/feeds/york/events.ics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("a calendar the library reads");
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let market = events
        .iter()
        .find(|e| value(e, "SUMMARY") == "Christmas market")
        .expect("the market");
    let start = properties(market, "DTSTART")[0];
    assert_eq!(
        start.params.as_ref().expect("params")[0],
        ("TZID".to_owned(), vec!["Europe/London".to_owned()])
    );
    assert_eq!(
        start.value.as_deref(),
        Some(format!("{}T110000", soon.format("%Y%m%d")).as_str())
    );
    assert!(value(market, "LOCATION").starts_with("Parliament Street"));
    assert_eq!(value(market, "STATUS"), "CONFIRMED");
    // A UID per occurrence, each unique.
    let mut uids: Vec<&str> = events.iter().map(|e| value(e, "UID")).collect();
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n);

    // One category's feed: only its events.
    let text = app
        .client
        .get(app.url("/feeds/york/events/markets.ics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("a calendar");
    let summaries: Vec<&str> = calendars[0]
        .events
        .iter()
        .map(|e| value(e, "SUMMARY"))
        .collect();
    assert_eq!(summaries, ["Christmas market"]);
    let unknown = app
        .client
        .get(app.url("/feeds/nowhere/events.ics"))
        .send()
        .await
        .expect("request");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_all_day_and_a_cancelled_event_are_written_for_calendars() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "leeds", "england").await;
    let admin = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let day = (chrono::Utc::now() + chrono::Duration::days(10)).date_naive();
    for content in [
        event(
            "Open day",
            "open-day",
            json!({"date": day, "end_date": day + chrono::Duration::days(1)}),
        ),
        event(
            "Cancelled talk",
            "cancelled-talk",
            json!({"date": day, "start_time": "19:00", "status": "cancelled"}),
        ),
    ] {
        app.published(&admin, "leeds", "events", content).await;
    }
    let text = app
        .client
        .get(app.url("/feeds/leeds/events.ics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("a calendar");
    let events = &calendars[0].events;
    let open = events
        .iter()
        .find(|e| value(e, "SUMMARY") == "Open day")
        .expect("open day");
    let start = properties(open, "DTSTART")[0];
    assert_eq!(
        start.params.as_ref().expect("params")[0],
        ("VALUE".to_owned(), vec!["DATE".to_owned()])
    );
    assert_eq!(
        start.value.as_deref(),
        Some(day.format("%Y%m%d").to_string().as_str())
    );
    // Two days: the end is the day after the second, exclusive.
    assert_eq!(
        value(open, "DTEND"),
        (day + chrono::Duration::days(2))
            .format("%Y%m%d")
            .to_string()
    );
    let talk = events
        .iter()
        .find(|e| value(e, "SUMMARY") == "Cancelled talk")
        .expect("talk");
    assert_eq!(value(talk, "STATUS"), "CANCELLED");
}

#[tokio::test]
async fn an_event_is_checked_drafted_revised_found_in_welsh_and_kept_to_its_council() {
    let app = spawn_app().await;
    let york = york_events(&app).await;
    let platform = app.login("platform@townhall.test").await.access;
    app.create_council(&platform, "cardiff", "wales").await;
    let cardiff = app
        .member(&platform, "cardiff", "admin@cardiff.test", "admin")
        .await
        .access;

    // A bad body is a 422 naming the field.
    let good = event(
        "Walk",
        "walk",
        json!({"date": "2027-06-01", "start_time": "10:00", "end_time": "12:00"}),
    );
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut c = good.clone();
                c["end_time"] = json!("09:00");
                c
            },
            "end_time",
        ),
        (
            {
                let mut c = good.clone();
                c["start_time"] = json!("10am");
                c
            },
            "start_time",
        ),
        (
            {
                let mut c = good.clone();
                c["end_date"] = json!("2027-05-01");
                c
            },
            "end_date",
        ),
        (
            {
                let mut c = good.clone();
                c["recurrence"] = json!({"frequency": "weekly", "interval": 0});
                c
            },
            "recurrence.interval",
        ),
        (
            {
                let mut c = good.clone();
                c["recurrence"] = json!({"frequency": "fortnightly"});
                c
            },
            "recurrence.frequency",
        ),
        (
            {
                let mut c = good.clone();
                c["recurrence"] = json!({"frequency": "weekly", "until": "2027-01-01"});
                c
            },
            "recurrence.until",
        ),
        (
            {
                let mut c = good.clone();
                c["venue"] = json!({"entry": york.library, "name": "Also here"});
                c
            },
            "venue",
        ),
        (
            {
                let mut c = good.clone();
                c["booking_url"] = json!("javascript:alert(1)");
                c
            },
            "booking_url",
        ),
    ];
    for (content, field) in cases {
        let response = app
            .post(
                &york.admin,
                "/api/v1/councils/york/events",
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
    // Another council cannot hold an event at York's library, nor see York's events.
    let mut foreign = good.clone();
    foreign["venue"] = json!({"entry": york.library});
    let response = app
        .post(
            &cardiff,
            "/api/v1/councils/cardiff/events",
            &json!({"content": foreign}),
        )
        .await;
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "venue.entry",
        "{body}"
    );
    assert_eq!(
        app.deliver_ok("cardiff", "/events?from=2027-01-01&to=2027-12-31")
            .await["total_count"],
        0
    );
    let (status, _) = app.deliver("cardiff", "/events/rhymetime").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Welsh, with fallback: one event translated, one not.
    app.published(&cardiff, "cardiff", "events", {
        let mut c = good.clone();
        c["translations"]["cy"] =
            json!({"title": "Taith gerdded", "slug": "taith-gerdded", "price": "Am ddim"});
        c
    })
    .await;
    let (talk, _) = app
        .create_item(
            &cardiff,
            "cardiff",
            "events",
            event(
                "Talk",
                "talk",
                json!({"date": "2027-06-02", "start_time": "19:00"}),
            ),
        )
        .await;
    // A draft is not delivered; in preview it is.
    assert_eq!(
        app.deliver_ok("cardiff", "/events?from=2027-06-01&to=2027-06-30")
            .await["total_count"],
        1
    );
    let preview: Value = app
        .get(
            &cardiff,
            "/delivery/v1/councils/cardiff/events?from=2027-06-01&to=2027-06-30&preview=true",
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(preview["total_count"], 2, "{preview}");
    app.publish(&cardiff, "cardiff", "events", &talk).await;
    let welsh = app
        .deliver_ok("cardiff", "/events?from=2027-06-01&to=2027-06-30&locale=cy")
        .await;
    assert_eq!(welsh["items"][0]["title"], "Taith gerdded");
    assert_eq!(welsh["items"][0]["content"]["price"], "Am ddim");
    assert_eq!(welsh["items"][1]["title"], "Talk");
    assert_eq!(welsh["items"][1]["is_fallback"], true);
    let one = app
        .deliver_ok("cardiff", "/events/taith-gerdded?locale=cy")
        .await;
    assert_eq!(one["path"], "/events/taith-gerdded");
    assert_eq!(one["occurrences"][0]["starts_at"], "2027-06-01T09:00:00Z");

    // Search finds published events.
    let found = app
        .graphql_json(r#"{ council(slug: "york") { search(query: "fireworks") { edges { node { kind path } } } } }"#)
        .await;
    assert_eq!(
        found["data"]["council"]["search"]["edges"][0]["node"]["kind"], "event",
        "{found}"
    );
    assert_eq!(
        found["data"]["council"]["search"]["edges"][0]["node"]["path"],
        "/events/fireworks"
    );

    // A revision, restored; then unpublished, its path is gone.
    let path = format!("/api/v1/councils/cardiff/events/{talk}");
    let current = app.get(&cardiff, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut item: Value = current.json().await.expect("json");
    item["content"]["status"] = json!("cancelled");
    item["content"]["translations"]["en"]["cancellation_note"] = json!("The speaker is ill.");
    let response = app
        .put(
            &cardiff,
            &path,
            Some(&etag),
            &json!({"content": item["content"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.publish(&cardiff, "cardiff", "events", &talk).await;
    let cancelled = app.deliver_ok("cardiff", "/events/talk").await;
    assert_eq!(cancelled["content"]["status"], "cancelled");
    assert_eq!(
        cancelled["content"]["cancellation_note"],
        "The speaker is ill."
    );
    let current = app.get(&cardiff, &path).await;
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let restored = app
        .post_if_match(&cardiff, &format!("{path}/revisions/1/restore"), &etag)
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    app.publish(&cardiff, "cardiff", "events", &talk).await;
    assert_eq!(
        app.deliver_ok("cardiff", "/events/talk").await["content"]["status"],
        "scheduled"
    );
    let response = app
        .act(&cardiff, "cardiff", "events", &talk, "unpublish")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let (status, route) = app.deliver("cardiff", "/route?path=/events/talk").await;
    assert_eq!(status, StatusCode::GONE, "{route}");
}
