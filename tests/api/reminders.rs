//! Deadline reminders by email: the council's democratic services officers hear of an agenda due soon and of a
//! call-in period ending today, once each, and not when the council turned that kind off.
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with_mail};

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let response = app.post(token, path, &body).await;
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

/// Runs a reminders pass now, beside the server's own, and says how many emails it sent: a pass that sends
/// nothing shows that what was due went already (or is turned off), without waiting for the server's next pass.
async fn pass(app: &TestApp) -> usize {
    let settings = std::sync::Arc::new(app.settings.clone());
    townhall::democracy::reminders::run_due(
        &app.db,
        &settings,
        app.settings.clock.today_in_london(),
    )
    .await
    .expect("a reminders pass")
}

#[tokio::test]
async fn officers_are_reminded_of_near_deadlines_once_and_a_council_can_turn_a_kind_off() {
    let (app, sink) = spawn_app_with_mail().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let officer = app
        .member(&admin, "york", "officer@york.test", "democratic_services")
        .await
        .access;
    app.member(&admin, "york", "editor@york.test", "editor")
        .await;
    let today = app.settings.clock.today_in_london();

    // The meeting whose agenda is due soonest (from today on) is within two working days of its deadline; one
    // a month on is not. Meetings are tried a day at a time until the first whose agenda is not yet overdue.
    let near = created(
        &app,
        &officer,
        "/api/v1/councils/york/committees",
        json!({"name": "Near Committee", "kind": "committee"}),
    )
    .await;
    let mut near_meeting = None;
    for k in 1..=20u64 {
        let day = today.checked_add_days(Days::new(k)).unwrap();
        let m = created(
            &app,
            &officer,
            "/api/v1/councils/york/meetings",
            json!({"committee_id": near["id"], "start": format!("{day}T18:00")}),
        )
        .await;
        let due =
            NaiveDate::parse_from_str(m["agenda_due_by"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let id = m["id"].as_str().unwrap().to_owned();
        if due >= today {
            near_meeting = Some((id, due));
            break;
        }
        // An overdue agenda gets no reminder: this meeting is not wanted.
        assert_eq!(
            app.delete(&officer, &format!("/api/v1/councils/york/meetings/{id}"))
                .await
                .status(),
            200
        );
    }
    let (_, near_due) = near_meeting.expect("a meeting whose agenda is not yet overdue");
    let far = created(
        &app,
        &officer,
        "/api/v1/councils/york/committees",
        json!({"name": "Far Committee", "kind": "committee"}),
    )
    .await;
    let far_day = today.checked_add_days(Days::new(40)).unwrap();
    created(
        &app,
        &officer,
        "/api/v1/councils/york/meetings",
        json!({"committee_id": far["id"], "start": format!("{far_day}T18:00")}),
    )
    .await;

    // A decision published today with no call-in days: its period ends today.
    let settings = app
        .get(&officer, "/api/v1/councils/york/deadline-settings")
        .await;
    let etag = settings.headers()["etag"].to_str().unwrap().to_owned();
    let put = app
        .put(&admin, "/api/v1/councils/york/deadline-settings", Some(&etag), &json!({"exclude_christmas_eve": false, "exclude_christmas_and_easter_breaks": false, "closure_days": [], "call_in_working_days": 0, "key_decision_notice_calendar_days": false}))
        .await;
    assert_eq!(put.status(), 200);
    let put: Value = put.json().await.unwrap();
    assert_eq!(
        (put["remind_agenda"].clone(), put["remind_call_in"].clone()),
        (json!(true), json!(true)),
        "on unless turned off"
    );
    let decision = created(&app, &officer, "/api/v1/councils/york/decisions", json!({"title": "Parking charges", "decision_maker": "Cabinet", "date_made": today.to_string(), "decision_text": "To set the charges."})).await;
    created(
        &app,
        &officer,
        &format!(
            "/api/v1/councils/york/decisions/{}/publish",
            decision["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;

    let mail = sink.wait_for(2).await;
    let agenda = mail
        .iter()
        .find(|m| m.contains("Near Committee"))
        .expect("the agenda reminder");
    let stage = if near_due == today {
        "Agenda due today"
    } else {
        "Agenda due by"
    };
    assert!(agenda.contains(stage), "{agenda}");
    assert!(agenda.contains("To: officer@york.test"), "{agenda}");
    assert!(agenda.contains("/admin/c/york/desk"), "{agenda}");
    let call_in = mail
        .iter()
        .find(|m| m.contains("Parking charges"))
        .expect("the call-in reminder");
    assert!(call_in.contains("Call-in period ends today"), "{call_in}");
    // Sent once, only to the officer, and nothing about the meeting a month on.
    assert_eq!(pass(&app).await, 0, "nothing more is due");
    let mail = sink.messages();
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert!(
        mail.iter()
            .all(|m| !m.contains("Far Committee") && !m.contains("editor@york.test"))
    );

    // Call-in reminders turned off: the next decision's period ends today with no email.
    let settings = app
        .get(&admin, "/api/v1/councils/york/deadline-settings")
        .await;
    let etag = settings.headers()["etag"].to_str().unwrap().to_owned();
    let put = app
        .put(&admin, "/api/v1/councils/york/deadline-settings", Some(&etag), &json!({"exclude_christmas_eve": false, "exclude_christmas_and_easter_breaks": false, "closure_days": [], "call_in_working_days": 0, "key_decision_notice_calendar_days": false, "remind_call_in": false}))
        .await;
    let put: Value = put.json().await.unwrap();
    assert_eq!(put["remind_call_in"], false);
    assert_eq!(put["remind_agenda"], true);
    let second = created(&app, &officer, "/api/v1/councils/york/decisions", json!({"title": "Bus lanes", "decision_maker": "Cabinet", "date_made": today.to_string(), "decision_text": "To add bus lanes."})).await;
    let published = created(
        &app,
        &officer,
        &format!(
            "/api/v1/councils/york/decisions/{}/publish",
            second["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(published["call_in_deadline"], today.to_string());
    assert_eq!(pass(&app).await, 0, "turned off");
    assert!(
        sink.messages().iter().all(|m| !m.contains("Bus lanes")),
        "turned off"
    );
}

#[tokio::test]
async fn a_reminder_that_reaches_nobody_is_tried_again_later() {
    use sea_orm::{ConnectionTrait, Statement};
    // A mail server that is not there: the port is held by a socket that does not listen, so connections to it
    // are refused and no other test's server can be given it meanwhile.
    let reserved = tokio::net::TcpSocket::new_v4().unwrap();
    reserved.bind(([127, 0, 0, 1], 0).into()).unwrap();
    let port = reserved.local_addr().unwrap().port();
    let app = crate::helpers::spawn_app_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = townhall::config::SmtpSecurity::None;
        s.smtp_from = "Townhall <townhall@example.gov.uk>".into();
    })
    .await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let officer = app
        .member(&admin, "york", "officer@york.test", "democratic_services")
        .await
        .access;
    let today = app.settings.clock.today_in_london();
    let settings = app
        .get(&officer, "/api/v1/councils/york/deadline-settings")
        .await;
    let etag = settings.headers()["etag"].to_str().unwrap().to_owned();
    app.put(&admin, "/api/v1/councils/york/deadline-settings", Some(&etag), &json!({"exclude_christmas_eve": false, "exclude_christmas_and_easter_breaks": false, "closure_days": [], "call_in_working_days": 0, "key_decision_notice_calendar_days": false}))
        .await;
    let decision = created(&app, &officer, "/api/v1/councils/york/decisions", json!({"title": "Parking charges", "decision_maker": "Cabinet", "date_made": today.to_string(), "decision_text": "To set the charges."})).await;
    created(
        &app,
        &officer,
        &format!(
            "/api/v1/councils/york/decisions/{}/publish",
            decision["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    // A pass tries it and reaches nobody: nothing is sent.
    assert_eq!(pass(&app).await, 0);
    // A reminder is recorded (claimed) just before each attempt and let go when the attempt reaches nobody; the
    // server's own pass may be inside an attempt at any look, so it must be seen let go. Were it kept, the count
    // would stay 1 and this fails.
    let backend = app.db.get_database_backend();
    crate::helpers::eventually("the reminder to be let go", || async {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT COUNT(*) AS n FROM deadline_reminders",
            ))
            .await
            .unwrap()
            .unwrap();
        (row.try_get::<i64>("", "n").unwrap() == 0).then_some(())
    })
    .await;
    // The mail server comes back: the reminder goes, once.
    drop(reserved);
    let sink = crate::helpers::SmtpSink::start_on(port).await;
    let mail = sink.wait_for(1).await;
    assert!(
        mail[0].contains("Call-in period ends today: Parking charges"),
        "{}",
        mail[0]
    );
    assert_eq!(pass(&app).await, 0, "sent once");
    assert_eq!(sink.messages().len(), 1);
}
