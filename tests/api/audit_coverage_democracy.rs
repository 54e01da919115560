//! The audit table's democratic records (see `audit_coverage.rs`): wards, parties, councillors and their
//! registers, committees and their members, deadline settings, meetings, agendas, papers, proceedings, decisions
//! and the forward plan, written by a democratic services officer; the ModernGov imports, one entry per run
//! with its counts.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::audit_coverage::{Coverage, etag, me, ok, written};
use crate::helpers::{TestApp, councillors_by_ward, spawn_app, upload_paper};

const YORK: &str = "/api/v1/councils/york";

/// Creates, renames, deletes and restores a record of `collection`, checking each entry's action and kind.
async fn lifecycle(
    app: &TestApp,
    cov: &mut Coverage<'_>,
    token: &str,
    (collection, kind, singular): (&str, &str, &str),
    create: Value,
    rename: Value,
) -> String {
    let (id, tag) = written(
        app.post(token, &format!("{YORK}/{collection}"), &create)
            .await,
        collection,
    )
    .await;
    let detail = format!("kind={kind}");
    let op = |verb: &str| -> &'static str {
        crate::audit_coverage::WRITES
            .iter()
            .find(|(o, ..)| *o == format!("{verb}_{singular}"))
            .map(|(o, ..)| *o)
            .unwrap_or_else(|| panic!("{verb}_{singular} is not in the table"))
    };
    assert_eq!(cov.check(op("create"), Some(&id)).await["detail"], detail);
    let path = format!("{YORK}/{collection}/{id}");
    ok(app.patch(token, &path, Some(&tag), &rename).await, "rename").await;
    assert_eq!(cov.check(op("update"), Some(&id)).await["detail"], detail);
    ok(app.delete(token, &path).await, "delete").await;
    assert_eq!(cov.check(op("delete"), Some(&id)).await["detail"], detail);
    ok(
        app.post(token, &format!("{path}/restore"), &json!({}))
            .await,
        "restore",
    )
    .await;
    assert_eq!(cov.check(op("restore"), Some(&id)).await["detail"], detail);
    id
}

fn totals(report: &Value, kinds: &[&str]) -> String {
    let sum = |what: &str| -> u64 {
        kinds
            .iter()
            .map(|k| report[*k][what].as_u64().expect("a count"))
            .sum()
    };
    format!(
        "created={} updated={} unchanged={}",
        sum("created"),
        sum("updated"),
        sum("unchanged")
    )
}

async fn import(app: &TestApp, token: &str, what: &str, xml: &str) -> Value {
    let response = app
        .client
        .post(app.url(&format!("{YORK}/imports/moderngov/{what}")))
        .bearer_auth(token)
        .header("content-type", "application/xml")
        .body(xml.to_owned())
        .send()
        .await
        .expect("request");
    ok(response, what).await
}

#[tokio::test]
async fn people_and_committees() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("democratic_services")
        .build()
        .await;
    let (admin, officer) = (york.token("admin"), york.token("democratic_services"));
    let platform = york.platform;
    let officer_id = me(&app, &officer).await;
    let mut cov = Coverage::new(&app, "people_and_committees", &platform).await;
    cov.council("york").await;
    cov.caller("user", &officer_id);

    lifecycle(
        &app,
        &mut cov,
        &officer,
        ("wards", "ward", "ward"),
        json!({"name": "Micklegate"}),
        json!({"name": "Micklegate Ward"}),
    )
    .await;
    lifecycle(
        &app,
        &mut cov,
        &officer,
        ("parties", "party", "party"),
        json!({"name": "Green Party"}),
        json!({"name": "Green Party of England and Wales"}),
    )
    .await;
    let councillor = lifecycle(
        &app,
        &mut cov,
        &officer,
        ("councillors", "councillor", "councillor"),
        json!({"display_name": "Cllr Jo Bloggs"}),
        json!({"display_name": "Cllr Joanna Bloggs"}),
    )
    .await;
    let committee = lifecycle(
        &app,
        &mut cov,
        &officer,
        ("committees", "committee", "committee"),
        json!({"name": "Executive", "kind": "executive"}),
        json!({"name": "Executive Committee", "kind": "executive"}),
    )
    .await;

    // Lists replaced whole are kept under the councillor or committee: the entry names the list.
    ok(
        app.put(
            &officer,
            &format!("{YORK}/councillors/{councillor}/roles"),
            None,
            &json!([{"kind": "leader", "title": "Leader of the Council"}]),
        )
        .await,
        "roles",
    )
    .await;
    let entry = cov.check("put_roles", Some(&councillor)).await;
    assert_eq!(entry["detail"], "kind=councillor_roles");
    ok(
        app.put(
            &officer,
            &format!("{YORK}/councillors/{councillor}/interests"),
            None,
            &json!([{"category": "Employment", "description": "Teacher"}]),
        )
        .await,
        "interests",
    )
    .await;
    let entry = cov.check("put_interests", Some(&councillor)).await;
    assert_eq!(entry["detail"], "kind=councillor_interests");
    ok(
        app.put(
            &officer,
            &format!("{YORK}/committees/{committee}/members"),
            None,
            &json!([{"councillor_id": councillor, "role": "chair"}]),
        )
        .await,
        "committee members",
    )
    .await;
    let entry = cov.check("put_members", Some(&committee)).await;
    assert_eq!(entry["detail"], "kind=committee_members");

    // The import: one entry for the run, with its counts, whatever it touched.
    let report = import(
        &app,
        &officer,
        "councillors-by-ward",
        &councillors_by_ward("kirklees.gov.uk.xml"),
    )
    .await;
    let entry = cov.check("import_councillors_by_ward", None).await;
    let counts = totals(&report, &["wards", "parties", "councillors", "seats"]);
    assert_eq!(
        entry["detail"],
        format!("source=moderngov_councillors_by_ward {counts}")
    );
    assert!(!counts.starts_with("created=0"), "{counts}");
    let imports = ok(
        app.get(&platform, &format!("{YORK}/audit?action=import.completed"))
            .await,
        "imports",
    )
    .await;
    assert_eq!(
        imports["items"].as_array().map(Vec::len),
        Some(1),
        "{imports}"
    );

    // Deadline settings (administrators only).
    let admin_id = me(&app, &admin).await;
    cov.caller("user", &admin_id);
    let council = ok(app.get(&admin, YORK).await, "council").await;
    let current = etag(&app, &admin, &format!("{YORK}/deadline-settings")).await;
    ok(
        app.put(
            &admin,
            &format!("{YORK}/deadline-settings"),
            Some(&current),
            &json!({"exclude_christmas_eve": true, "exclude_christmas_and_easter_breaks": true, "closure_days": ["2027-09-03"], "call_in_working_days": 5, "key_decision_notice_calendar_days": true}),
        )
        .await,
        "deadline settings",
    )
    .await;
    let entry = cov.check("put_settings", council["id"].as_str()).await;
    assert_eq!(entry["detail"], "version=1");
    cov.finish();
}

const COMMITTEES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<committees>
  <committeescount>2</committeescount>
  <committee><committeeid>1</committeeid><committeetitle>Council</committeetitle><committeedeleted>False</committeedeleted></committee>
  <committee><committeeid>2</committeeid><committeetitle>Cabinet</committeetitle><committeedeleted>False</committeedeleted></committee>
</committees>"#;

const MEETINGS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<meetingsresult>
  <meetingscount>2</meetingscount>
  <meetings>
    <meeting><meetingid>101</meetingid><committeeid>2</committeeid><committeetitle>Cabinet</committeetitle><meetingdate>14/07/2027</meetingdate><meetingtime>18:30</meetingtime><meetingstatus>Confirmed</meetingstatus></meeting>
    <meeting><meetingid>102</meetingid><committeeid>9</committeeid><committeetitle>Licensing Sub-Committee</committeetitle><meetingdate>03/02/2027</meetingdate><meetingtime>14:00</meetingtime><meetingstatus>Provisional</meetingstatus></meeting>
  </meetings>
</meetingsresult>"#;

#[tokio::test]
async fn meetings_and_decisions() {
    let app = spawn_app().await;
    let york = app
        .council("york")
        .with("admin")
        .with("democratic_services")
        .build()
        .await;
    let officer = york.token("democratic_services");
    let platform = york.platform;
    let officer_id = me(&app, &officer).await;
    let (committee, _) = written(
        app.post(
            &officer,
            &format!("{YORK}/committees"),
            &json!({"name": "Executive", "kind": "executive"}),
        )
        .await,
        "committee",
    )
    .await;
    let (councillor, _) = written(
        app.post(
            &officer,
            &format!("{YORK}/councillors"),
            &json!({"display_name": "Cllr Jo Bloggs"}),
        )
        .await,
        "councillor",
    )
    .await;
    let mut cov = Coverage::new(&app, "meetings_and_decisions", &platform).await;
    cov.council("york").await;
    cov.caller("user", &officer_id);

    // A meeting and its agenda.
    let (meeting, tag) = written(
        app.post(
            &officer,
            &format!("{YORK}/meetings"),
            &json!({"committee_id": committee, "start": "2027-06-15T18:00"}),
        )
        .await,
        "meeting",
    )
    .await;
    cov.check("create_meeting", Some(&meeting)).await;
    let meeting_path = format!("{YORK}/meetings/{meeting}");
    ok(
        app.patch(
            &officer,
            &meeting_path,
            Some(&tag),
            &json!({"committee_id": committee, "start": "2027-06-15T18:00", "venue": "West Offices"}),
        )
        .await,
        "update the meeting",
    )
    .await;
    cov.check("update_meeting", Some(&meeting)).await;
    let mut items = Vec::new();
    for (label, title) in [("1", "Apologies"), ("2", "Minutes")] {
        let (item, tag) = written(
            app.post(
                &officer,
                &format!("{meeting_path}/agenda-items"),
                &json!({"order_label": label, "title": title}),
            )
            .await,
            "agenda item",
        )
        .await;
        assert_eq!(
            cov.check("create_agenda_item", Some(&item)).await["detail"],
            "kind=agenda_item"
        );
        items.push((item, tag));
    }
    let (first, first_tag) = items[0].clone();
    let (second, _) = items[1].clone();
    let item_path = format!("{YORK}/agenda-items/{first}");
    ok(
        app.patch(
            &officer,
            &item_path,
            Some(&first_tag),
            &json!({"order_label": "1", "title": "Apologies for absence"}),
        )
        .await,
        "update an agenda item",
    )
    .await;
    cov.check("update_agenda_item", Some(&first)).await;
    ok(
        app.delete(&officer, &item_path).await,
        "delete an agenda item",
    )
    .await;
    cov.check("delete_agenda_item", Some(&first)).await;
    let restored = ok(
        app.post(&officer, &format!("{item_path}/restore"), &json!({}))
            .await,
        "restore an agenda item",
    )
    .await;
    cov.check("restore_agenda_item", Some(&first)).await;
    let second_version: i64 = items[1].1.trim_matches('"').parse().expect("a version");
    let order = json!({"items": [
        {"id": second, "version": second_version, "parent_id": null, "position": 1, "order_label": "1"},
        {"id": first, "version": restored["version"], "parent_id": null, "position": 2, "order_label": "2"},
    ]});
    ok(
        app.put(
            &officer,
            &format!("{meeting_path}/agenda/order"),
            None,
            &order,
        )
        .await,
        "reorder",
    )
    .await;
    let entry = cov.check("reorder_agenda", Some(&meeting)).await;
    assert_eq!(entry["detail"], "kind=meeting changed=2");

    // A paper, deleted and restored; the agenda published; the proceedings; the minutes.
    let paper = upload_paper(
        &app,
        &officer,
        &meeting,
        "kind=report&title=Budget&file_name=budget.txt",
        "text/plain",
        b"The budget report.",
    )
    .await;
    let (paper, _) = written(paper, "a paper").await;
    assert_eq!(
        cov.check("upload_document", Some(&paper)).await["detail"],
        "kind=document"
    );
    let paper_path = format!("{meeting_path}/documents/{paper}");
    ok(app.delete(&officer, &paper_path).await, "delete a paper").await;
    cov.check("delete_document", Some(&paper)).await;
    ok(
        app.post(&officer, &format!("{paper_path}/restore"), &json!({}))
            .await,
        "restore a paper",
    )
    .await;
    cov.check("restore_document", Some(&paper)).await;
    ok(
        app.post(
            &officer,
            &format!("{meeting_path}/agenda/publish"),
            &json!({}),
        )
        .await,
        "publish the agenda",
    )
    .await;
    cov.check("publish_agenda", Some(&meeting)).await;
    ok(
        app.put(
            &officer,
            &format!("{meeting_path}/attendance"),
            None,
            &json!([{"councillor_id": councillor, "status": "present"}]),
        )
        .await,
        "attendance",
    )
    .await;
    let entry = cov.check("put_attendance", Some(&meeting)).await;
    assert_eq!(entry["detail"], "kind=attendance");
    let (motion, _) = written(
        app.post(
            &officer,
            &format!("{meeting_path}/motions"),
            &json!({"motion_text": "That the budget be agreed.", "result": "carried"}),
        )
        .await,
        "a motion",
    )
    .await;
    let entry = cov.check("create_motion", Some(&motion)).await;
    assert_eq!(entry["detail"], "kind=motion");
    ok(
        app.post(
            &officer,
            &format!("{meeting_path}/minutes/publish"),
            &json!({}),
        )
        .await,
        "publish the minutes",
    )
    .await;
    cov.check("publish_minutes", Some(&meeting)).await;
    ok(
        app.delete(&officer, &meeting_path).await,
        "delete the meeting",
    )
    .await;
    cov.check("delete_meeting", Some(&meeting)).await;
    ok(
        app.post(&officer, &format!("{meeting_path}/restore"), &json!({}))
            .await,
        "restore the meeting",
    )
    .await;
    cov.check("restore_meeting", Some(&meeting)).await;

    // A decision and a forward plan entry, each written, published, deleted and restored.
    for (collection, kind, op, body) in [
        (
            "decisions",
            "decision",
            "decision",
            json!({"title": "Budget", "decision_maker": "Cabinet", "date_made": "2026-11-30", "decision_text": "Agreed."}),
        ),
        (
            "forward-plan",
            "forward_plan_entry",
            "forward_plan_entry",
            json!({"title": "Highways contract", "decision_maker": "Cabinet", "expected_date": "2027-09-01"}),
        ),
    ] {
        let (id, tag) = written(
            app.post(&officer, &format!("{YORK}/{collection}"), &body)
                .await,
            collection,
        )
        .await;
        let detail = format!("kind={kind}");
        let path = format!("{YORK}/{collection}/{id}");
        let mut renamed = body.clone();
        renamed["title"] = json!("Renamed");
        let ops = ["create", "update", "publish", "delete", "restore"].map(|verb| {
            crate::audit_coverage::WRITES
                .iter()
                .find(|(o, ..)| *o == format!("{verb}_{op}"))
                .map(|(o, ..)| *o)
                .unwrap_or_else(|| panic!("{verb}_{op}"))
        });
        assert_eq!(cov.check(ops[0], Some(&id)).await["detail"], detail);
        ok(
            app.patch(&officer, &path, Some(&tag), &renamed).await,
            "update",
        )
        .await;
        assert_eq!(cov.check(ops[1], Some(&id)).await["detail"], detail);
        ok(
            app.post(&officer, &format!("{path}/publish"), &json!({}))
                .await,
            "publish",
        )
        .await;
        assert_eq!(cov.check(ops[2], Some(&id)).await["detail"], detail);
        ok(app.delete(&officer, &path).await, "delete").await;
        assert_eq!(cov.check(ops[3], Some(&id)).await["detail"], detail);
        ok(
            app.post(&officer, &format!("{path}/restore"), &json!({}))
                .await,
            "restore",
        )
        .await;
        assert_eq!(cov.check(ops[4], Some(&id)).await["detail"], detail);
    }

    // The calendar imports: one entry per run, with its counts; a dry run writes none.
    let report = import(&app, &officer, "committees", COMMITTEES).await;
    let entry = cov.check("import_committees", None).await;
    assert_eq!(
        entry["detail"],
        format!(
            "source=moderngov_committees {}",
            totals(&report, &["committees", "meetings"])
        )
    );
    let report = import(&app, &officer, "meetings", MEETINGS).await;
    let entry = cov.check("import_meetings", None).await;
    assert_eq!(
        entry["detail"],
        format!(
            "source=moderngov_meetings {}",
            totals(&report, &["committees", "meetings"])
        )
    );
    assert_eq!(report["meetings"]["created"], 2, "{report}");
    import(&app, &officer, "meetings?dry_run=true", MEETINGS).await;
    let imports = ok(
        app.get(&platform, &format!("{YORK}/audit?action=import.completed"))
            .await,
        "imports",
    )
    .await;
    assert_eq!(
        imports["items"].as_array().map(Vec::len),
        Some(2),
        "{imports}"
    );
    assert_eq!(
        app.get(&officer, &format!("{YORK}/audit")).await.status(),
        StatusCode::FORBIDDEN,
        "only administrators read the log"
    );
    cov.finish();
}
