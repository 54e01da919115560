//! Service status: alerts that name the services they affect show on those services' pages and in the council's
//! service status list, most severe first, and leave by themselves at their end.
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn service(title: &str, slug: &str) -> Value {
    json!({"lgsl": [524], "translations": {"en": {"title": title, "slug": slug}}})
}

fn alert(kind: &str, title: &str, services: &[&str], ends_at: Option<String>) -> Value {
    json!({
        "kind": kind,
        "everywhere": false,
        "services": services,
        "ends_at": ends_at,
        "translations": {"en": {"title": title, "message": format!("{title}: more soon.")}}
    })
}

fn alert_titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|a| {
            a.get("alert").unwrap_or(a)["title"]
                .as_str()
                .expect("title")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn alerts_about_services_show_on_them_and_in_the_status_list_until_they_end() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    app.create_council(&platform, "leeds", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let leeds = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    let mut ids = Vec::new();
    for (title, slug) in [("Bin collections", "bins"), ("Libraries", "libraries")] {
        let id = app
            .published(&admin, "york", "services", service(title, slug))
            .await;
        ids.push(id);
    }
    let (bins, libraries) = (ids[0].as_str(), ids[1].as_str());
    let soon = (Utc::now() + Duration::minutes(5)).to_rfc3339();
    let alerts = [
        alert("minor", "Collections a day late", &[bins], Some(soon)),
        alert(
            "emergency",
            "Snow: services closed",
            &[bins, libraries],
            None,
        ),
        json!({"kind": "announcement", "everywhere": true, "translations": {"en": {"title": "New website", "message": "Tell us what you think."}}}),
    ];
    for content in alerts {
        app.published(&admin, "york", "alerts", content).await;
    }

    // The status list: alerts about services, most severe first, each with its services.
    let status = app.deliver_ok("york", "/service-status").await;
    assert_eq!(
        alert_titles(&status),
        ["Snow: services closed", "Collections a day late"]
    );
    let snow = &status[0];
    assert_eq!(snow["alert"]["content"]["kind"], "emergency");
    let services: Vec<&str> = snow["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["path"].as_str().expect("path"))
        .collect();
    assert_eq!(services, ["/services/bins", "/services/libraries"]);
    assert_eq!(
        alert_titles(
            &app.deliver_ok("york", &format!("/service-status?service={libraries}"))
                .await
        ),
        ["Snow: services closed"]
    );

    // On a service's page the alerts about it show, with the site-wide ones; elsewhere only the site-wide ones.
    assert_eq!(
        alert_titles(&app.deliver_ok("york", "/alerts?path=/services/bins").await),
        [
            "Snow: services closed",
            "New website",
            "Collections a day late"
        ]
    );
    assert_eq!(
        alert_titles(
            &app.deliver_ok("york", "/alerts?path=/services/libraries")
                .await
        ),
        ["Snow: services closed", "New website"]
    );
    assert_eq!(
        alert_titles(&app.deliver_ok("york", "/alerts?path=/council-tax").await),
        ["New website"]
    );

    // GraphQL: a service's alerts, and the council's status list with each alert's services.
    let body = app
        .graphql_json(
            r#"{ council(slug: "york") { service(slug: "bins") { alerts { title kind } }
                serviceStatus { title services { slug } } } }"#,
        )
        .await;
    let council = &body["data"]["council"];
    assert_eq!(
        council["service"]["alerts"][0]["kind"], "EMERGENCY",
        "{body}"
    );
    assert_eq!(
        council["service"]["alerts"]
            .as_array()
            .expect("alerts")
            .len(),
        2
    );
    assert_eq!(
        council["serviceStatus"][0]["services"][1]["slug"],
        "libraries"
    );

    // An alert names only the council's own services.
    let (leeds_service, _) = app
        .create_item(&leeds, "leeds", "services", service("Leeds bins", "bins"))
        .await;
    for services in [
        json!([leeds_service]),
        json!(["019a0000-0000-7000-8000-000000000000"]),
    ] {
        let mut content = alert("minor", "Elsewhere", &[], None);
        content["services"] = services;
        let response = app
            .post(
                &admin,
                "/api/v1/councils/york/alerts",
                &json!({"content": content}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], "services",
            "{body}"
        );
    }
    // An alert shown nowhere is refused.
    let response = app
        .post(
            &admin,
            "/api/v1/councils/york/alerts",
            &json!({"content": alert("minor", "Nowhere", &[], None)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.deliver_ok("leeds", "/service-status")
            .await
            .as_array()
            .expect("list")
            .is_empty()
    );

    // The minor alert ends by itself (the servers' clock is moved past its end).
    app.settings.clock.advance(Duration::minutes(6));
    assert_eq!(
        alert_titles(&app.deliver_ok("york", "/service-status").await),
        ["Snow: services closed"]
    );
    let body = app
        .graphql_json(r#"{ council(slug: "york") { service(slug: "bins") { alerts { title } } } }"#)
        .await;
    assert_eq!(
        body["data"]["council"]["service"]["alerts"],
        json!([{"title": "Snow: services closed"}])
    );
}
