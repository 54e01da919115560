//! Agenda trees and what the public sees: nothing before publication, exempt items as stubs, restricted papers
//! never (404 exactly like a paper that does not exist); an agenda reordered in one go or not at all. Papers' types,
//! limits, downloads and forms are in `agenda_papers.rs`.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PDF, TestApp, error_code, spawn_app, upload_paper as upload};

async fn public_meeting(app: &TestApp, meeting: &str) -> Value {
    let query = format!(
        "{{ council(slug: \"york\") {{ meeting(id: \"{meeting}\") {{ agenda {{ orderLabel title description exempt exemptParagraph minutes documents {{ title url }} children {{ orderLabel title documents {{ title url }} }} }} documents {{ title url }} }} }} }}"
    );
    let body: Value = app.graphql(&query).await.json().await.unwrap();
    assert_eq!(body["errors"], Value::Null, "{body}");
    body["data"]["council"]["meeting"].clone()
}

#[tokio::test]
async fn the_public_sees_a_published_agenda_with_exempt_stubs_and_never_restricted_papers() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    app.create_council(&admin, "leeds", "england").await;
    let clerk = app
        .member(&admin, "york", "clerk@york.test", "democratic_services")
        .await
        .access;
    let leeds_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let m = app
        .meeting(
            &clerk,
            "york",
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": "2027-06-15T18:00"}),
        )
        .await;

    app.agenda_item(
        &clerk,
        "york",
        &m,
        json!({"order_label": "1", "title": "Apologies", "position": 1}),
    )
    .await;
    let planning = app.agenda_item(&clerk, "york", &m, json!({"order_label": "3", "title": "Planning", "position": 3, "minutes": "Members discussed the plan."})).await;
    let mill_lane = app.agenda_item(&clerk, "york", &m, json!({"order_label": "3.1", "title": "Mill Lane", "parent_id": planning, "position": 31, "key_decision": true})).await;
    let exempt = app.agenda_item(&clerk, "york", &m, json!({"order_label": "4", "title": "Purchase of 12 Secret Street", "description": "Offer of 450,000 pounds", "exempt_paragraph": 3, "position": 4})).await;
    app.agenda_item(&clerk, "york", &m, json!({"order_label": "4.1", "title": "Secret Street valuation detail", "parent_id": exempt, "position": 41})).await;
    let bad = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda-items"),
            &json!({"order_label": "5", "title": "x", "exempt_paragraph": 8}),
        )
        .await;
    assert_eq!(
        error_code(bad, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );

    let report = upload(&app, &clerk, &m, &format!("kind=report&title=Mill+Lane+report&file_name=../../mill-lane.pdf&agenda_item={mill_lane}"), "application/pdf", PDF).await;
    assert_eq!(report.status(), StatusCode::CREATED);
    let report: Value = report.json().await.unwrap();
    assert_eq!(report["file_name"], "mill-lane.pdf", "no path survives");
    assert_eq!(report["restricted"], false);
    let appendix: Value = upload(&app, &clerk, &m, &format!("kind=appendix&title=Confidential+appendix&file_name=appendix.pdf&agenda_item={mill_lane}&restricted=true"), "application/pdf", PDF)
        .await
        .json()
        .await
        .unwrap();
    let exempt_paper: Value = upload(
        &app,
        &clerk,
        &m,
        &format!("kind=report&title=Valuation&file_name=valuation.pdf&agenda_item={exempt}"),
        "application/pdf",
        PDF,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        exempt_paper["restricted"], true,
        "papers of exempt items are always restricted"
    );
    let pack: Value = upload(
        &app,
        &clerk,
        &m,
        "kind=agenda_pack&title=Agenda+pack&file_name=pack.pdf",
        "application/pdf",
        PDF,
    )
    .await
    .json()
    .await
    .unwrap();

    // Refused types: disguised, HTML, unknown.
    assert_eq!(
        upload(
            &app,
            &clerk,
            &m,
            "kind=report&title=x&file_name=x.pdf",
            "application/pdf",
            b"MZ\x90\x00 not a pdf"
        )
        .await
        .status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        upload(
            &app,
            &clerk,
            &m,
            "kind=report&title=x&file_name=x.html",
            "text/html",
            b"<script>alert(1)</script>"
        )
        .await
        .status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );

    // Before the agenda is published the public sees nothing, not even the public report.
    let before = public_meeting(&app, &m).await;
    assert_eq!(before["agenda"], json!([]));
    assert_eq!(before["documents"], json!([]));
    let anonymous = app
        .client
        .get(app.url(report["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);

    // The council's own people preview the agenda as the public will see it once published, through GraphQL:
    // the same rule, before publication.
    let preview_query = format!(
        "{{ council(slug: \"york\", preview: true) {{ meeting(id: \"{m}\") {{ agendaPublishedAt agenda {{ orderLabel title exempt exemptParagraph minutes documents {{ title }} children {{ orderLabel title documents {{ title }} }} }} documents {{ title }} }} }} }}"
    );
    let preview = app.graphql_as(&clerk, &preview_query).await;
    assert_eq!(preview["errors"], Value::Null, "{preview}");
    let seen = &preview["data"]["council"]["meeting"];
    assert_eq!(seen["agendaPublishedAt"], Value::Null, "still unpublished");
    let text = seen.to_string();
    for secret in [
        "Secret Street",
        "450,000",
        "Confidential appendix",
        "Valuation",
        "Members discussed",
    ] {
        assert!(!text.contains(secret), "{secret} in the preview: {text}");
    }
    let labels: Vec<&str> = seen["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["orderLabel"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["1", "3", "4"]);
    assert_eq!(seen["agenda"][2]["title"], "Exempt item");
    assert_eq!(seen["agenda"][2]["exemptParagraph"], 3);
    assert_eq!(
        seen["agenda"][1]["children"][0]["documents"],
        json!([{"title": "Mill Lane report"}])
    );
    assert_eq!(seen["documents"], json!([{"title": "Agenda pack"}]));
    // Without a token of the council there is no preview.
    let refused = app.graphql_json(&preview_query).await;
    assert_ne!(refused["errors"], Value::Null, "{refused}");
    assert_eq!(
        public_meeting(&app, &m).await["agenda"],
        json!([]),
        "the public still sees nothing"
    );

    assert_eq!(
        app.post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let after = public_meeting(&app, &m).await;
    let text = after.to_string();
    for secret in [
        "Secret Street",
        "450,000",
        "Confidential appendix",
        "Valuation",
        "Members discussed",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let agenda = after["agenda"].as_array().unwrap();
    let labels: Vec<&str> = agenda
        .iter()
        .map(|i| i["orderLabel"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["1", "3", "4"]);
    assert_eq!(agenda[1]["children"][0]["title"], "Mill Lane");
    assert_eq!(
        agenda[1]["children"][0]["documents"],
        json!([{"title": "Mill Lane report", "url": report["url"]}])
    );
    assert_eq!(agenda[2]["title"], "Exempt item");
    assert_eq!(
        agenda[2]["children"][0]["title"], "Exempt item",
        "items under an exempt item are exempt too"
    );
    assert_eq!(agenda[2]["exempt"], true);
    assert_eq!(agenda[2]["exemptParagraph"], 3);
    assert_eq!(agenda[2]["description"], Value::Null);
    assert_eq!(
        agenda[1]["minutes"],
        Value::Null,
        "minutes wait for the minutes to be published"
    );
    assert_eq!(
        after["documents"],
        json!([{"title": "Agenda pack", "url": pack["url"]}])
    );

    // Downloads: public paper for anyone; restricted ones only for this council's people, else 404.
    let public = app
        .client
        .get(app.url(report["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::OK);
    assert_eq!(public.headers()["content-type"], "application/pdf");
    assert_eq!(public.headers()["x-content-type-options"], "nosniff");
    let etag = public.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(public.bytes().await.unwrap().as_ref(), PDF);
    let cached = app
        .client
        .get(app.url(report["url"].as_str().unwrap()))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);

    let missing_url = format!("/files/york/documents/{}/x.pdf", uuid::Uuid::now_v7());
    let missing = app.client.get(app.url(&missing_url)).send().await.unwrap();
    let missing_body: Value = missing.json().await.unwrap();
    for url in [
        appendix["url"].as_str().unwrap(),
        exempt_paper["url"].as_str().unwrap(),
    ] {
        let anonymous = app.client.get(app.url(url)).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            anonymous.json::<Value>().await.unwrap(),
            missing_body,
            "same answer as a missing paper"
        );
        assert_eq!(
            app.get(&leeds_admin, url).await.status(),
            StatusCode::NOT_FOUND,
            "another council's admin"
        );
        let member = app.get(&clerk, url).await;
        assert_eq!(member.status(), StatusCode::OK);
        assert_eq!(member.headers()["cache-control"], "private, no-store");
    }
    // Another council's path never serves York's paper.
    let wrong_council = report["url"]
        .as_str()
        .unwrap()
        .replace("/files/york/", "/files/leeds/");
    assert_eq!(
        app.client
            .get(app.url(&wrong_council))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // Members see everything through the management API.
    let full: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(full.to_string().contains("Secret Street"));
    assert_eq!(full["documents"].as_array().unwrap().len(), 4);

    // Making an item exempt after publication hides its papers at once.
    let mill: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    let mill = mill["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Mill Lane")
        .unwrap()
        .clone();
    let etag = format!("\"{}\"", mill["version"]);
    let patched = app
        .patch(&clerk, &format!("/api/v1/councils/york/agenda-items/{mill_lane}"), Some(&etag), &json!({"order_label": "3.1", "title": "Mill Lane", "parent_id": planning, "position": 31, "exempt_paragraph": 5}))
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(
        app.client
            .get(app.url(report["url"].as_str().unwrap()))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let hidden = public_meeting(&app, &m).await;
    assert!(!hidden.to_string().contains("Mill Lane"), "{hidden}");

    // Minutes appear with the minutes.
    assert_eq!(
        app.post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/minutes/publish"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let minuted = public_meeting(&app, &m).await;
    assert_eq!(
        minuted["agenda"][1]["minutes"],
        "Members discussed the plan."
    );
    assert!(!minuted.to_string().contains("Secret Street"));
}

#[tokio::test]
async fn an_agenda_is_reordered_in_one_go_or_not_at_all() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    app.create_council(&admin, "leeds", "england").await;
    let clerk = app
        .member(&admin, "york", "clerk@york.test", "democratic_services")
        .await
        .access;
    let m = app
        .meeting(
            &clerk,
            "york",
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": "2027-06-15T18:00"}),
        )
        .await;
    let a = app
        .agenda_item(
            &clerk,
            "york",
            &m,
            json!({"order_label": "1", "title": "A", "position": 1}),
        )
        .await;
    let b = app
        .agenda_item(
            &clerk,
            "york",
            &m,
            json!({"order_label": "2", "title": "B", "position": 2}),
        )
        .await;
    let b1 = app
        .agenda_item(
            &clerk,
            "york",
            &m,
            json!({"order_label": "2.1", "title": "B1", "position": 1, "parent_id": b}),
        )
        .await;
    let c = app
        .agenda_item(
            &clerk,
            "york",
            &m,
            json!({"order_label": "3", "title": "C", "position": 3}),
        )
        .await;
    let path = format!("/api/v1/councils/york/meetings/{m}/agenda/order");
    let place = |id: &str, version: i64, parent: Option<&str>, position: i64, label: &str| json!({"id": id, "version": version, "parent_id": parent, "position": position, "order_label": label});

    // C first, A under B after B1.
    let moved = app
        .put(
            &clerk,
            &path,
            None,
            &json!({"items": [
                place(&c, 1, None, 1, "1"),
                place(&b, 1, None, 2, "2"),
                place(&b1, 1, Some(&b), 1, "2.1"),
                place(&a, 1, Some(&b), 2, "2.2"),
            ]}),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    assert_eq!(
        labels_of(&app, &clerk, &m).await,
        ["1 C", "2 B", "2.1 B1", "2.2 A"]
    );
    // Only the items that moved have a new version and a revision.
    let revisions: Value = app
        .get(&clerk, &format!("/api/v1/councils/york/revisions/{a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2);
    let unmoved: Value = app
        .get(&clerk, &format!("/api/v1/councils/york/revisions/{b1}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unmoved["items"].as_array().unwrap().len(), 1);

    // All or nothing: a stale version, a missing item, a third level or another council's item changes nothing.
    let stale = app
        .put(
            &clerk,
            &path,
            None,
            &json!({"items": [
                place(&c, 2, None, 2, "2"),
                place(&b, 1, None, 1, "1"),
                place(&b1, 1, Some(&b), 1, "1.1"),
                place(&a, 1, Some(&b), 2, "1.2"),
            ]}),
        )
        .await;
    assert_eq!(
        error_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "precondition_failed"
    );
    let missing = app
        .put(
            &clerk,
            &path,
            None,
            &json!({"items": [place(&c, 2, None, 1, "1"), place(&b, 1, None, 2, "2")]}),
        )
        .await;
    assert_eq!(
        error_code(missing, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let deep = app
        .put(
            &clerk,
            &path,
            None,
            &json!({"items": [
                place(&c, 2, None, 1, "1"),
                place(&b, 1, None, 2, "2"),
                place(&b1, 1, Some(&b), 1, "2.1"),
                place(&a, 2, Some(&b1), 1, "2.1.1"),
            ]}),
        )
        .await;
    assert_eq!(
        error_code(deep, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    assert_eq!(
        labels_of(&app, &clerk, &m).await,
        ["1 C", "2 B", "2.1 B1", "2.2 A"]
    );
    let other_council = app
        .put(
            &clerk,
            &format!("/api/v1/councils/leeds/meetings/{m}/agenda/order"),
            None,
            &json!({"items": []}),
        )
        .await;
    assert!(
        [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&other_council.status()),
        "{}",
        other_council.status()
    );
}

/// A meeting's agenda as "label title", sorted.
async fn labels_of(app: &TestApp, token: &str, meeting: &str) -> Vec<String> {
    let body: Value = app
        .get(
            token,
            &format!("/api/v1/councils/york/meetings/{meeting}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut labels: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["order_label"].as_str().unwrap(),
                i["title"].as_str().unwrap()
            )
        })
        .collect();
    labels.sort();
    labels
}
