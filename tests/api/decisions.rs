//! Decisions (call-in), the forward plan (notice), and the public feeds: Atom of decisions, iCalendar of meetings.
use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use chrono_tz::Europe::London;
use quick_xml::{Reader, events::Event};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

fn today() -> NaiveDate {
    Utc::now().with_timezone(&London).date_naive()
}

/// The entries of an Atom document: (id, title), read with an XML parser.
fn atom_entries(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let (mut entries, mut path, mut id, mut title) = (
        Vec::new(),
        Vec::<String>::new(),
        String::new(),
        String::new(),
    );
    loop {
        match reader.read_event().expect("well-formed Atom") {
            Event::Start(e) => {
                path.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            Event::End(_) if path.last().map(String::as_str) == Some("entry") => {
                path.pop();
                entries.push((std::mem::take(&mut id), std::mem::take(&mut title)));
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                match path
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    ["feed", "entry", "id"] => id = text,
                    ["feed", "entry", "title"] => {
                        title = quick_xml::escape::unescape(&text).unwrap().into_owned()
                    }
                    _ => {}
                }
            }
            Event::Eof => return entries,
            _ => {}
        }
    }
}

/// Unfolded iCalendar content lines.
fn ical_lines(text: &str) -> Vec<String> {
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn published_decisions_get_a_call_in_deadline_and_appear_in_graphql_and_atom() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let clerk = app
        .member(&admin, "york", "clerk@york.test", "democratic_services")
        .await
        .access;

    let mut ids = Vec::new();
    for (title, status) in [
        ("Adopt the Local Plan", "open"),
        ("Emergency flood works", "exempt_urgent"),
        ("Draft: not yet published", "open"),
    ] {
        let created = app
            .post(&clerk, "/api/v1/councils/york/decisions", &json!({"title": title, "decision_maker": "Cabinet", "date_made": today().to_string(), "key_decision": true, "decision_text": "Agreed & resolved <as recommended>.", "call_in_status": status}))
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let published: Value = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/decisions/{}/publish", ids[0]),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let deadline =
        NaiveDate::parse_from_str(published["call_in_deadline"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
    assert!(
        deadline >= today().checked_add_days(Days::new(5)).unwrap(),
        "5 working days are at least 5 days"
    );
    assert!(deadline <= today().checked_add_days(Days::new(14)).unwrap());
    assert!(!matches!(deadline.weekday(), Weekday::Sat | Weekday::Sun));
    let urgent: Value = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/decisions/{}/publish", ids[1]),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        urgent["call_in_deadline"],
        Value::Null,
        "urgent decisions are not subject to call-in"
    );
    let again = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/decisions/{}/publish", ids[0]),
            &json!({}),
        )
        .await;
    assert_eq!(error_code(again, StatusCode::CONFLICT).await, "conflict");

    let body: Value = app
        .graphql("{ council(slug: \"york\") { decisions(keyOnly: true) { edges { node { title callInStatus callInDeadline } } } } }")
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = body["data"]["council"]["decisions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{body}");
    assert!(!titles.contains(&"Draft: not yet published"));

    let feed = app
        .client
        .get(app.url("/feeds/york/decisions.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let entries = atom_entries(&feed.text().await.unwrap());
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|(id, _)| id.starts_with("urn:uuid:")));
    assert!(entries.iter().any(|(_, t)| t == "Adopt the Local Plan"));
    assert!(entries.iter().all(|(_, t)| !t.starts_with("Draft")));
    assert_eq!(
        app.client
            .get(app.url("/feeds/nowhere/decisions.atom"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // A decision can point at the agenda item it was taken under, of this council only.
    let bad_item = app
        .patch(&clerk, &format!("/api/v1/councils/york/decisions/{}", ids[2]), Some("\"1\""), &json!({"title": "x", "decision_maker": "Cabinet", "date_made": today().to_string(), "decision_text": "x", "agenda_item_id": uuid::Uuid::now_v7()}))
        .await;
    assert_eq!(
        error_code(bad_item, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );

    // Optimistic concurrency on decisions too.
    let stale = app
        .patch(&clerk, &format!("/api/v1/councils/york/decisions/{}", ids[0]), Some("\"1\""), &json!({"title": "x", "decision_maker": "Cabinet", "date_made": today().to_string(), "decision_text": "x", "call_in_status": "called_in"}))
        .await;
    assert_eq!(
        error_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "precondition_failed"
    );

    // Deleting a published decision takes it out of GraphQL, the feed and search at once; restoring brings it back.
    let public_titles = || async {
        let body: Value = app
            .graphql("{ council(slug: \"york\") { decisions { edges { node { title } } } search(query: \"local plan\") { totalCount } } }")
            .await
            .json()
            .await
            .unwrap();
        let titles: Vec<String> = body["data"]["council"]["decisions"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
            .collect();
        let feed = app
            .client
            .get(app.url("/feeds/york/decisions.atom"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (
            titles,
            body["data"]["council"]["search"]["totalCount"]
                .as_u64()
                .unwrap(),
            feed.contains("Adopt the Local Plan"),
        )
    };
    let path = format!("/api/v1/councils/york/decisions/{}", ids[0]);
    let deleted = app.delete(&clerk, &path).await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let deleted: Value = deleted.json().await.unwrap();
    assert!(deleted["deleted_at"].is_string());
    let (titles, found, in_feed) = public_titles().await;
    assert_eq!(titles, ["Emergency flood works"]);
    assert_eq!(found, 0);
    assert!(!in_feed);
    assert_eq!(app.get(&clerk, &path).await.status(), StatusCode::NOT_FOUND);
    let restored = app
        .post(&clerk, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    let (titles, found, in_feed) = public_titles().await;
    assert_eq!(titles.len(), 2);
    assert_eq!(found, 1);
    assert!(in_feed);
    let history: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/revisions/{}", ids[0]),
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["restored", "deleted", "published", "created"]);
}

#[tokio::test]
async fn forward_plan_notices_have_a_28_clear_day_deadline_and_exceptions_are_recorded() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let expected = today().checked_add_days(Days::new(60)).unwrap();
    let created: Value = app
        .post(&admin, "/api/v1/councils/york/forward-plan", &json!({"title": "Highways contract", "decision_maker": "Cabinet", "expected_date": expected.to_string(), "private": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        created["notice_due_by"],
        expected
            .checked_sub_days(Days::new(29))
            .unwrap()
            .to_string(),
        "28 clear calendar days"
    );
    assert_eq!(created["notice_compliance"], "not_yet_due");

    let no_note = app
        .post(&admin, "/api/v1/councils/york/forward-plan", &json!({"title": "Urgent", "decision_maker": "Leader", "expected_date": expected.to_string(), "exception": "special_urgency"}))
        .await;
    assert_eq!(
        error_code(no_note, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let urgent: Value = app
        .post(&admin, "/api/v1/councils/york/forward-plan", &json!({"title": "Urgent", "decision_maker": "Leader", "expected_date": expected.to_string(), "exception": "special_urgency", "exception_note": "Agreed by the chair of scrutiny on 20 November."}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(urgent["notice_due_by"], Value::Null);

    let body: Value = app
        .graphql("{ council(slug: \"york\") { forwardPlan { title } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["council"]["forwardPlan"],
        json!([]),
        "unpublished notices are not public"
    );
    let published: Value = app
        .post(
            &admin,
            &format!(
                "/api/v1/councils/york/forward-plan/{}/publish",
                created["id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["notice_compliance"], "on_time");
    let body: Value = app
        .graphql("{ council(slug: \"york\") { forwardPlan { title private exception } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["council"]["forwardPlan"],
        json!([{"title": "Highways contract", "private": true, "exception": "NONE"}])
    );
}

#[tokio::test]
async fn meeting_calendars_are_valid_icalendar_with_stable_uids() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let committee: Value = app
        .post(
            &admin,
            "/api/v1/councils/york/committees",
            &json!({"name": "Planning, Highways; Transport", "kind": "committee"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let other: Value = app
        .post(
            &admin,
            "/api/v1/councils/york/committees",
            &json!({"name": "Cabinet", "kind": "executive"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let day = today().checked_add_days(Days::new(20)).unwrap();
    let summer = app
        .post(&admin, "/api/v1/councils/york/meetings", &json!({"committee_id": committee["id"], "start": format!("{day}T18:00"), "venue": "Council Chamber, West Offices"}))
        .await;
    assert_eq!(summer.status(), StatusCode::CREATED);
    app.post(&admin, "/api/v1/councils/york/meetings", &json!({"committee_id": other["id"], "start": format!("{day}T10:00"), "status": "cancelled"})).await;

    let fetch = |path: String| {
        let app = &app;
        async move {
            let response = app.client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/calendar")
            );
            ical_lines(&response.text().await.unwrap())
        }
    };
    let lines = fetch("/feeds/york/meetings.ics".into()).await;
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.contains(&"TZID:Europe/London".to_owned()));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 2);
    assert!(lines.iter().any(|l| l == "STATUS:CANCELLED"));
    assert!(
        lines
            .iter()
            .any(|l| l == "SUMMARY:Planning\\, Highways\\; Transport")
    );
    assert!(
        lines
            .iter()
            .any(|l| l == &format!("DTSTART;TZID=Europe/London:{}T180000", day.format("%Y%m%d")))
    );
    let again = fetch("/feeds/york/meetings.ics".into()).await;
    let uids_again: Vec<&String> = again.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids, uids_again, "UIDs are stable");

    let committee_lines = fetch(format!(
        "/feeds/york/committees/{}/meetings.ics",
        committee["id"].as_str().unwrap()
    ))
    .await;
    assert_eq!(
        committee_lines
            .iter()
            .filter(|l| *l == "BEGIN:VEVENT")
            .count(),
        1
    );
    assert_eq!(
        app.client
            .get(app.url(&format!(
                "/feeds/york/committees/{}/meetings.ics",
                uuid::Uuid::now_v7()
            )))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_ward_calendar_holds_the_meetings_whose_published_agenda_names_the_ward() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    let xml = crate::helpers::councillors_by_ward("cardiff.co.uk.xml");
    let imported = app
        .client
        .post(app.url("/api/v1/councils/cardiff/imports/moderngov/councillors-by-ward"))
        .bearer_auth(&admin)
        .header("content-type", "application/xml")
        .body(xml)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), StatusCode::OK);
    let wards: Value = app
        .get(&admin, "/api/v1/councils/cardiff/wards?limit=2")
        .await
        .json()
        .await
        .unwrap();
    let (ward_a, ward_b) = (
        wards["items"][0]["id"].as_str().unwrap().to_owned(),
        wards["items"][1]["id"].as_str().unwrap().to_owned(),
    );
    let committee: Value = app
        .post(
            &admin,
            "/api/v1/councils/cardiff/committees",
            &json!({"name": "Planning", "kind": "committee"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let day = today().checked_add_days(Days::new(30)).unwrap();
    let mut meetings = Vec::new();
    for (hour, ward) in [(10, &ward_a), (14, &ward_b), (18, &ward_a)] {
        let m: Value = app
            .post(
                &admin,
                "/api/v1/councils/cardiff/meetings",
                &json!({"committee_id": committee["id"], "start": format!("{day}T{hour}:00")}),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = m["id"].as_str().unwrap().to_owned();
        app.post(
            &admin,
            &format!("/api/v1/councils/cardiff/meetings/{id}/agenda-items"),
            &json!({"order_label": "1", "title": "Application", "ward_ids": [ward]}),
        )
        .await;
        meetings.push(id);
    }
    // Only published agendas count: publish the first two.
    for id in &meetings[..2] {
        let published = app
            .post(
                &admin,
                &format!("/api/v1/councils/cardiff/meetings/{id}/agenda/publish"),
                &json!({"late_reason": "test"}),
            )
            .await;
        assert_eq!(published.status(), StatusCode::OK);
    }
    let response = app
        .client
        .get(app.url(&format!("/feeds/cardiff/wards/{ward_a}/meetings.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let lines = ical_lines(&response.text().await.unwrap());
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 1, "{lines:?}");
    assert!(uids[0].contains(&meetings[0]));
    let unknown = app
        .client
        .get(app.url(&format!(
            "/feeds/cardiff/wards/{}/meetings.ics",
            uuid::Uuid::now_v7()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// The `<link href>` of each Atom entry, by entry id (`None` for an entry without one).
fn atom_entry_links(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut depth_path, mut id, mut link) = (
        Vec::new(),
        Vec::<String>::new(),
        String::new(),
        None::<String>,
    );
    loop {
        match reader.read_event().expect("well-formed Atom") {
            Event::Start(e) => {
                depth_path.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            Event::Empty(e)
                if e.local_name().as_ref() == b"link"
                    && depth_path.last().map(String::as_str) == Some("entry") =>
            {
                link = e
                    .try_get_attribute("href")
                    .expect("attribute")
                    .map(|a| a.unescape_value().expect("href").into_owned());
            }
            Event::End(_) if depth_path.last().map(String::as_str) == Some("entry") => {
                depth_path.pop();
                out.push((std::mem::take(&mut id), link.take()));
            }
            Event::End(_) => {
                depth_path.pop();
            }
            Event::Text(t) if depth_path.last().map(String::as_str) == Some("id") => {
                id = t.decode().expect("text").into_owned();
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

#[tokio::test]
async fn decision_entries_link_to_their_public_paper_or_else_the_councils_website() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    app.patch(
        &admin,
        "/api/v1/councils/york",
        Some("\"1\""),
        &json!({"website_url": "https://www.york.gov.uk"}),
    )
    .await;
    let day = today().checked_add_days(Days::new(30)).unwrap();
    let m = app
        .meeting(
            &admin,
            "york",
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": format!("{day}T18:00")}),
        )
        .await;
    let item = |title: &'static str, exempt: bool| {
        let (app, admin, m) = (&app, &admin, &m);
        async move {
            let mut body = json!({"order_label": title, "title": title, "position": 1});
            if exempt {
                body["exempt_paragraph"] = json!(3);
            }
            app.agenda_item(admin, "york", m, body).await
        }
    };
    let (plan, land, talk) = (
        item("Local Plan", false).await,
        item("Land sale", true).await,
        item("Talk", false).await,
    );
    let paper = |item: String, kind: &'static str, restricted: bool| {
        let (app, admin, m) = (&app, &admin, &m);
        async move {
            let response = crate::helpers::upload_paper(
                app,
                admin,
                m,
                &format!("kind={kind}&title={kind}&file_name={kind}.pdf&agenda_item={item}&restricted={restricted}"),
                "application/pdf",
                b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            )
            .await;
            assert_eq!(response.status(), StatusCode::CREATED);
            let body: Value = response.json().await.unwrap();
            body["url"].as_str().unwrap().to_owned()
        }
    };
    paper(plan.clone(), "appendix", false).await;
    let report = paper(plan.clone(), "report", false).await;
    paper(plan.clone(), "decision_notice", true).await;
    paper(land.clone(), "report", false).await;
    let published = app
        .post(
            &admin,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);

    let mut ids = Vec::new();
    for (title, item) in [
        ("Adopt the plan", Some(plan)),
        ("Sell the land", Some(land)),
        ("Noted", Some(talk)),
        ("Urgent works", None),
    ] {
        let created: Value = app
            .post(&admin, "/api/v1/councils/york/decisions", &json!({"title": title, "decision_maker": "Executive", "date_made": today().to_string(), "decision_text": "Agreed.", "agenda_item_id": item}))
            .await
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        let response = app
            .post(
                &admin,
                &format!("/api/v1/councils/york/decisions/{id}/publish"),
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        ids.push(format!("urn:uuid:{id}"));
    }
    let feed = app
        .client
        .get(app.url("/feeds/york/decisions.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let links = atom_entry_links(&feed);
    let link_of = |id: &str| {
        links
            .iter()
            .find(|(entry, _)| entry == id)
            .map(|(_, link)| link.clone())
            .expect("an entry")
    };
    assert!(report.starts_with(&app.address), "{report}");
    assert_eq!(
        link_of(&ids[0]).as_deref(),
        Some(report.as_str()),
        "the public report (the decision notice is restricted): {feed}"
    );
    let website = Some("https://www.york.gov.uk");
    assert_eq!(
        link_of(&ids[1]).as_deref(),
        website,
        "an exempt item's paper is never linked"
    );
    assert_eq!(
        link_of(&ids[2]).as_deref(),
        website,
        "an item without papers"
    );
    assert_eq!(
        link_of(&ids[3]).as_deref(),
        website,
        "a decision without an item"
    );
    let downloaded = app.client.get(app.url(&report)).send().await.unwrap();
    assert_eq!(downloaded.status(), StatusCode::OK, "the link works");
}

#[tokio::test]
async fn calendar_events_end_when_recorded_or_after_the_councils_usual_length() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let day = today().checked_add_days(Days::new(20)).unwrap();
    app.meeting(
        &admin,
        "york",
        json!({"name": "Executive", "kind": "executive"}),
        json!({"start": format!("{day}T18:00")}),
    )
    .await;
    let calendar = || {
        let app = &app;
        async move {
            let text = app
                .client
                .get(app.url("/feeds/york/meetings.ics"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            ical_lines(&text)
        }
    };
    let ends = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.starts_with("DTEND"))
            .cloned()
            .collect()
    };
    assert_eq!(
        ends(&calendar().await),
        Vec::<String>::new(),
        "no end is invented"
    );

    for (minutes, status) in [
        (0, StatusCode::OK),
        (-5, StatusCode::UNPROCESSABLE_ENTITY),
        (1441, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = app
            .patch(
                &admin,
                "/api/v1/councils/york",
                Some("\"1\""),
                &json!({"meeting_minutes": minutes}),
            )
            .await;
        assert_eq!(response.status(), status, "{minutes}");
    }
    let set = app
        .patch(
            &admin,
            "/api/v1/councils/york",
            Some("\"2\""),
            &json!({"meeting_minutes": 150}),
        )
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    let council: Value = set.json().await.unwrap();
    assert_eq!(council["meeting_minutes"], 150);
    assert_eq!(
        ends(&calendar().await),
        vec![format!(
            "DTEND;TZID=Europe/London:{}T203000",
            day.format("%Y%m%d")
        )],
        "the council's usual length"
    );
    app.patch(
        &admin,
        "/api/v1/councils/york",
        Some("\"3\""),
        &json!({"meeting_minutes": 0}),
    )
    .await;
    assert_eq!(ends(&calendar().await), Vec::<String>::new(), "cleared");
}
