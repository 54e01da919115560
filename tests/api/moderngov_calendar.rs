//! ModernGov `GetCommittees` and `GetMeetings` imports. The real ModernGov data (tests/fixtures) holds no responses
//! of these two methods, so these files follow the web service's documented elements (committeeid, committeetitle,
//! committeedeleted, meetingid, meetingdate, meetingtime, meetingstatus).
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, table_counts};

const COMMITTEES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<committees>
  <committeescount>4</committeescount>
  <committee><committeeid>1</committeeid><committeetitle>Council</committeetitle><committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired><committeecategory>Council</committeecategory></committee>
  <committee><committeeid>2</committeeid><committeetitle>Cabinet</committeetitle><committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired></committee>
  <committee><committeeid>3</committeeid><committeetitle>Planning &amp; Highways Committee</committeetitle><committeedeleted>False</committeedeleted></committee>
  <committee><committeeid>4</committeeid><committeetitle>Old Committee</committeetitle><committeedeleted>True</committeedeleted></committee>
</committees>"#;

const MEETINGS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<meetingsresult>
  <meetingscount>3</meetingscount>
  <meetings>
    <meeting><meetingid>101</meetingid><committeeid>3</committeeid><committeetitle>Planning &amp; Highways Committee</committeetitle><meetingdate>14/07/2027</meetingdate><meetingtime>18:30</meetingtime><meetingstatus>Confirmed</meetingstatus></meeting>
    <meeting><meetingid>102</meetingid><committeeid>2</committeeid><committeetitle>Cabinet</committeetitle><meetingdate>12/01/2027</meetingdate><meetingtime>10:00</meetingtime><meetingstatus>Cancelled</meetingstatus></meeting>
    <meeting><meetingid>103</meetingid><committeeid>9</committeeid><committeetitle>Licensing Sub-Committee</committeetitle><meetingdate>03/02/2027</meetingdate><meetingtime>14:00</meetingtime><meetingstatus>Provisional</meetingstatus></meeting>
  </meetings>
</meetingsresult>"#;

async fn post(app: &TestApp, token: &str, what: &str, xml: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/councils/york/imports/moderngov/{what}")))
        .bearer_auth(token)
        .header("content-type", "application/xml")
        .body(xml.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn committees_and_meetings_import_once_and_reimport_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;

    let report: Value = post(&app, &admin, "committees", COMMITTEES)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        report["committees"]["created"], 3,
        "the deleted committee is left out: {report}"
    );
    let report: Value = post(&app, &admin, "meetings", MEETINGS)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["meetings"]["created"], 3);
    assert_eq!(
        report["committees"]["created"], 1,
        "committee 9 came only with its meeting"
    );

    let again: Value = post(&app, &admin, "committees", COMMITTEES)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["committees"]["unchanged"], 3);
    let again: Value = post(&app, &admin, "meetings", MEETINGS)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            again["meetings"]["created"].as_u64(),
            again["meetings"]["updated"].as_u64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(again["meetings"]["unchanged"], 3);

    let committees: Value = app
        .get(&admin, "/api/v1/councils/york/committees")
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<(String, String)> = committees["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("Council".into(), "full_council".into())),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("Planning & Highways Committee".into(), "committee".into())));
    assert!(kinds.contains(&("Licensing Sub-Committee".into(), "sub_committee".into())));

    let meetings: Value = app
        .get(&admin, "/api/v1/councils/york/meetings?limit=10")
        .await
        .json()
        .await
        .unwrap();
    let items = meetings["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let planning = items
        .iter()
        .find(|m| m["committee"]["name"] == "Planning & Highways Committee")
        .unwrap();
    assert_eq!(
        planning["start"], "2027-07-14T18:30:00+01:00",
        "ModernGov times are London times"
    );
    assert_eq!(planning["status"], "confirmed");
    let cabinet = items
        .iter()
        .find(|m| m["committee"]["name"] == "Cabinet")
        .unwrap();
    assert_eq!(cabinet["status"], "cancelled");
    assert_eq!(cabinet["agenda_due_by"], Value::Null);

    // A rescheduled meeting updates in place.
    let moved = MEETINGS.replace(
        "<meetingdate>14/07/2027</meetingdate>",
        "<meetingdate>21/07/2027</meetingdate>",
    );
    let report: Value = post(&app, &admin, "meetings", &moved)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["meetings"]["updated"], 1);
    let meetings: Value = app
        .get(&admin, "/api/v1/councils/york/meetings?limit=10")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meetings["items"].as_array().unwrap().len(), 3);

    // Each import that wrote a record is one of its revisions: the planning meeting was imported, left alone by
    // the identical re-import, then moved.
    let planning = meetings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["committee"]["name"] == "Planning & Highways Committee")
        .unwrap();
    let history: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/york/revisions/{}",
                planning["id"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    assert!(items.iter().all(|r| r["action"] == "imported"));
    assert_eq!(items[0]["version"], 2);
    assert_eq!(items[0]["snapshot"]["start"], "2027-07-21T18:30:00+01:00");
    assert_eq!(items[1]["snapshot"]["start"], "2027-07-14T18:30:00+01:00");
    let committee: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/york/revisions/{}",
                planning["committee"]["id"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        committee["items"].as_array().unwrap().len(),
        1,
        "{committee}"
    );
}

#[tokio::test]
async fn broken_calendar_files_are_refused_whole() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let bad_date = MEETINGS.replace(
        "<meetingdate>03/02/2027</meetingdate>",
        "<meetingdate>2027-02-03</meetingdate>",
    );
    let duplicate = MEETINGS.replace("<meetingid>103</meetingid>", "<meetingid>101</meetingid>");
    let html =
        "<!DOCTYPE html><html><head><title>Error</title></head><body>Runtime error</body></html>";
    for (what, xml) in [
        ("meetings", bad_date.as_str()),
        ("meetings", duplicate.as_str()),
        ("meetings", html),
        ("committees", "<committees></committees>"),
    ] {
        let response = post(&app, &admin, what, xml).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{xml}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"]["details"]["reason"].is_string());
    }
    let meetings: Value = app
        .get(&admin, "/api/v1/councils/york/meetings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meetings["items"], serde_json::json!([]), "nothing written");
    let committees: Value = app
        .get(&admin, "/api/v1/councils/york/committees")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(committees["items"], serde_json::json!([]));
}

#[tokio::test]
async fn committees_and_meetings_preview_with_a_dry_run_that_writes_nothing() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let before = table_counts(&app.db).await;
    let committees: Value = post(&app, &admin, "committees?dry_run=true", COMMITTEES)
        .await
        .json()
        .await
        .unwrap();
    let meetings: Value = post(&app, &admin, "meetings?dry_run=true", MEETINGS)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(table_counts(&app.db).await, before, "nothing written");
    assert_eq!(committees["dry_run"], true);
    assert_eq!(committees["committees"]["created"], 3);
    let names: Vec<&str> = committees["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Council", "Cabinet", "Planning & Highways Committee"]
    );
    // Previewed alone (the committees were not written), every meeting brings its committee.
    assert_eq!(meetings["meetings"]["created"], 3);
    assert_eq!(meetings["committees"]["created"], 3);
    let listed: Vec<(String, String)> = meetings["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(listed.contains(&(
        "meeting".to_owned(),
        "Planning & Highways Committee, 14 July 2027 18:30".to_owned()
    )));

    // Written for real, the same file then previews as unchanged.
    let written: Value = post(&app, &admin, "committees", COMMITTEES)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(written["dry_run"], false);
    assert_eq!(written["committees"], committees["committees"]);
    let after = table_counts(&app.db).await;
    let again: Value = post(&app, &admin, "committees?dry_run=true", COMMITTEES)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["committees"]["unchanged"], 3);
    assert_eq!(table_counts(&app.db).await, after);
}
