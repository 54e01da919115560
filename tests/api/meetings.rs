//! Committees and meetings, the agenda deadline per meeting, and publishing agendas (late ones with a reason).
use chrono::{Days, Utc};
use chrono_tz::Europe::London;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_counting_statements};

async fn committee(app: &TestApp, token: &str, council: &str, name: &str) -> String {
    let response = app
        .post(
            token,
            &format!("/api/v1/councils/{council}/committees"),
            &json!({"name": name, "kind": "committee"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

async fn meeting(app: &TestApp, token: &str, council: &str, committee: &str, start: &str) -> Value {
    let response = app
        .post(
            token,
            &format!("/api/v1/councils/{council}/meetings"),
            &json!({"committee_id": committee, "start": start, "venue": "Council Chamber"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{start}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn agenda_deadlines_follow_the_nation_bank_holidays_and_council_settings() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    app.create_council(&admin, "conwy", "wales").await;
    let york = committee(&app, &admin, "york", "Planning").await;
    let conwy = committee(&app, &admin, "conwy", "Cabinet").await;

    // England, 5 clear days: Tuesday 15 June 2027 -> Monday 7 June.
    let m = meeting(&app, &admin, "york", &york, "2027-06-15T18:00").await;
    assert_eq!(m["agenda_due_by"], "2027-06-07");
    assert_eq!(m["agenda_compliance"], "not_yet_due");
    assert_eq!(
        m["start"], "2027-06-15T18:00:00+01:00",
        "shown in London time"
    );
    // Wales, 3 clear days, same meeting date -> Wednesday 9 June.
    let w = meeting(&app, &admin, "conwy", &conwy, "2027-06-15T18:00").await;
    assert_eq!(w["agenda_due_by"], "2027-06-09");
    // A Monday after the August bank holiday (30 Aug 2027 does not count) -> Thursday 26 August.
    let after_holiday = meeting(&app, &admin, "york", &york, "2027-09-06T10:00").await;
    assert_eq!(after_holiday["agenda_due_by"], "2027-08-26");

    // A council closure day on Friday 3 September moves it back a day more.
    let settings = app
        .client
        .get(app.url("/api/v1/councils/york/deadline-settings"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let settings: Value = settings.json().await.unwrap();
    assert_eq!(settings["agenda_clear_days"], 5);
    assert_eq!(settings["version"], 0);
    let body = json!({"exclude_christmas_eve": false, "exclude_christmas_and_easter_breaks": false, "closure_days": ["2027-09-03"], "call_in_working_days": 5, "key_decision_notice_calendar_days": true});
    let no_match = app
        .client
        .put(app.url("/api/v1/councils/york/deadline-settings"))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_match.status(), StatusCode::PRECONDITION_REQUIRED);
    let put = app
        .client
        .put(app.url("/api/v1/councils/york/deadline-settings"))
        .bearer_auth(&admin)
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let id = after_holiday["id"].as_str().unwrap();
    let again: Value = app
        .get(&admin, &format!("/api/v1/councils/york/meetings/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["agenda_due_by"], "2027-08-25");

    // Cancelled meetings have no deadline.
    let etag = format!("\"{}\"", m["version"]);
    let cancelled = app
        .patch(
            &admin,
            &format!(
                "/api/v1/councils/york/meetings/{}",
                m["id"].as_str().unwrap()
            ),
            Some(&etag),
            &json!({"committee_id": york, "start": "2027-06-15T18:00", "status": "cancelled"}),
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["agenda_due_by"], Value::Null);
    assert_eq!(cancelled["agenda_compliance"], Value::Null);
    let stale = app
        .patch(
            &admin,
            &format!(
                "/api/v1/councils/york/meetings/{}",
                m["id"].as_str().unwrap()
            ),
            Some(&etag),
            &json!({"committee_id": york, "start": "2027-06-16T18:00"}),
        )
        .await;
    assert_eq!(
        error_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "precondition_failed"
    );
}

#[tokio::test]
async fn publishing_an_agenda_records_who_and_when_and_late_needs_a_reason() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let clerk = app
        .member(&admin, "york", "clerk@york.test", "democratic_services")
        .await
        .access;
    let editor = app
        .member(&admin, "york", "editor@york.test", "editor")
        .await
        .access;
    let planning = committee(&app, &clerk, "york", "Planning").await;

    let in_time = meeting(&app, &clerk, "york", &planning, "2027-06-15T18:00").await;
    let path = format!(
        "/api/v1/councils/york/meetings/{}/agenda/publish",
        in_time["id"].as_str().unwrap()
    );
    assert_eq!(
        app.post(&editor, &path, &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    let published = app.post(&clerk, &path, &json!({})).await;
    assert_eq!(published.status(), StatusCode::OK);
    let published: Value = published.json().await.unwrap();
    assert_eq!(published["agenda_compliance"], "on_time");
    assert!(published["agenda_published_at"].is_string());
    // Who published it, by the display name the test helper gives members.
    assert_eq!(published["agenda_published_by"], "Member");
    assert_eq!(published["minutes_published_by"], Value::Null);
    assert_eq!(
        error_code(
            app.post(&clerk, &path, &json!({})).await,
            StatusCode::CONFLICT
        )
        .await,
        "conflict"
    );

    // A meeting tomorrow can no longer get its five clear days: overdue, and publishing needs a reason.
    let tomorrow = Utc::now()
        .with_timezone(&London)
        .date_naive()
        .checked_add_days(Days::new(1))
        .unwrap();
    let late = meeting(
        &app,
        &clerk,
        "york",
        &planning,
        &format!("{tomorrow}T19:00"),
    )
    .await;
    assert_eq!(late["agenda_compliance"], "overdue");
    let path = format!(
        "/api/v1/councils/york/meetings/{}/agenda/publish",
        late["id"].as_str().unwrap()
    );
    let refused = app.post(&clerk, &path, &json!({})).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(
        refused["error"]["details"]["fields"][0]["field"],
        "late_reason"
    );
    let published: Value = app
        .post(&clerk, &path, &json!({"late_reason": "Urgent item added after the report was delayed by the auditor."}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["agenda_compliance"], "late");
    assert_eq!(
        published["agenda_late_reason"],
        "Urgent item added after the report was delayed by the auditor."
    );
    // The public sees the reason with the meeting.
    let public = app
        .graphql_json(&format!(
            "{{ council(slug: \"york\") {{ meeting(id: \"{}\") {{ agendaCompliance agendaLateReason }} }} }}",
            late["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        public["data"]["council"]["meeting"],
        json!({"agendaCompliance": "LATE", "agendaLateReason": "Urgent item added after the report was delayed by the auditor."})
    );

    let minutes = app
        .post(
            &clerk,
            &format!(
                "/api/v1/councils/york/meetings/{}/minutes/publish",
                late["id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await;
    assert_eq!(minutes.status(), StatusCode::OK);
    let minutes: Value = minutes.json().await.unwrap();
    assert_eq!(minutes["minutes_published_by"], "Member");
}

#[tokio::test]
async fn meetings_list_by_date_committee_and_status_and_soft_delete_is_reversible() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let planning = committee(&app, &admin, "york", "Planning").await;
    let cabinet = committee(&app, &admin, "york", "Cabinet").await;
    for day in 1..=5 {
        meeting(
            &app,
            &admin,
            "york",
            &planning,
            &format!("2027-03-0{day}T18:00"),
        )
        .await;
        meeting(
            &app,
            &admin,
            "york",
            &cabinet,
            &format!("2027-03-0{day}T10:00"),
        )
        .await;
    }
    let page: Value = app
        .get(
            &admin,
            "/api/v1/councils/york/meetings?from=2027-03-02&to=2027-03-03&limit=3",
        )
        .await
        .json()
        .await
        .unwrap();
    let starts: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2027-03-02T10:00:00Z",
            "2027-03-02T18:00:00Z",
            "2027-03-03T10:00:00Z"
        ]
    );
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest: Value = app
        .get(&admin, &format!("/api/v1/councils/york/meetings?from=2027-03-02&to=2027-03-03&limit=3&after={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);

    let cabinet_only: Value = app
        .get(
            &admin,
            &format!("/api/v1/councils/york/meetings?committee={cabinet}&limit=100"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cabinet_only["items"].as_array().unwrap().len(), 5);
    assert!(
        cabinet_only["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["committee"]["name"] == "Cabinet")
    );

    let first = cabinet_only["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.delete(&admin, &format!("/api/v1/councils/york/meetings/{first}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&admin, &format!("/api/v1/councils/york/meetings/{first}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let body: Value = app
        .graphql(&format!(
            "{{ council(slug: \"york\") {{ meeting(id: \"{first}\") {{ id }} }} }}"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["council"]["meeting"],
        Value::Null,
        "deleted meetings are gone from the public API"
    );
    let restored = app
        .post(
            &admin,
            &format!("/api/v1/councils/york/meetings/{first}/restore"),
            &json!({}),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(
        app.get(&admin, &format!("/api/v1/councils/york/meetings/{first}"))
            .await
            .status(),
        StatusCode::OK
    );

    let bad = app
        .post(
            &admin,
            "/api/v1/councils/york/meetings",
            &json!({"committee_id": planning, "start": "2027-03-28T01:30"}),
        )
        .await;
    assert_eq!(
        error_code(bad, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed",
        "a time skipped by the clocks"
    );
    let other_council = app.create_council(&admin, "leeds", "england").await;
    let _ = other_council;
    let foreign = app
        .post(
            &admin,
            "/api/v1/councils/leeds/meetings",
            &json!({"committee_id": planning, "start": "2027-03-02T10:00"}),
        )
        .await;
    assert_eq!(
        foreign.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another council's committee cannot be used"
    );
}

#[tokio::test]
async fn graphql_meetings_load_committees_in_a_constant_number_of_statements() {
    let (app, statements) = spawn_app_counting_statements().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let mut committees = Vec::new();
    for i in 0..5 {
        committees.push(committee(&app, &admin, "york", &format!("Committee {i}")).await);
    }
    for day in 0..50u64 {
        let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 4)
            .unwrap()
            .checked_add_days(Days::new(day))
            .unwrap();
        meeting(
            &app,
            &admin,
            "york",
            &committees[day as usize % 5],
            &format!("{date}T18:00"),
        )
        .await;
    }
    let query = |n: usize| {
        format!(
            "{{ council(slug: \"york\") {{ meetings(first: {n}, from: \"2027-01-01\") {{ edges {{ node {{ id start status agendaDueBy agendaCompliance committee {{ name kind }} agenda {{ title children {{ title }} documents {{ url }} }} documents {{ title }} attendance {{ status }} motions {{ motionText votes {{ option }} }} }} }} pageInfo {{ hasNextPage endCursor }} }} }} }}"
        )
    };
    let mut counts = Vec::new();
    for n in [5, 50] {
        statements.store(0, std::sync::atomic::Ordering::SeqCst);
        let body: Value = app.graphql(&query(n)).await.json().await.unwrap();
        counts.push(statements.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(body["errors"], Value::Null, "{body}");
        let edges = body["data"]["council"]["meetings"]["edges"]
            .as_array()
            .unwrap();
        assert_eq!(edges.len(), n);
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["committee"]["name"].is_string()
                    && e["node"]["agendaDueBy"].is_string())
        );
    }
    assert_eq!(counts[0], counts[1], "{counts:?}");
}
