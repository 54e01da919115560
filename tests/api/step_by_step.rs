//! Step by step: numbered steps with "and" and "or", links to the council's pages and services (resolved, drafts
//! left out) and to other sites; pages and services show the step by steps they are part of; validation, Welsh
//! fallback, drafts, search and isolation.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_step_by_step_numbers_its_steps_resolves_its_links_and_shows_on_what_it_links_to() {
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
    let certificate = app
        .published(&admin, "york", "services", json!({"translations": {"en": {"title": "Order a death certificate", "slug": "death-certificate"}}}))
        .await;
    let page = app
        .published(&admin, "york", "pages", json!({"translations": {"en": {"title": "When someone dies", "slug": "when-someone-dies"}}}))
        .await;
    let (draft, _) = app
        .create_item(
            &admin,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Draft help", "slug": "draft-help"}}}),
        )
        .await;
    let content = json!({"translations": {"en": {
    "title": "What to do when someone dies", "slug": "when-someone-dies", "summary": "Register the death, arrange the funeral, tell the council.",
    "steps": [
        {"title": "Get a medical certificate", "text": "The doctor gives it to you.", "links": [{"page": page}]},
        {"title": "Register the death", "links": [{"url": "https://www.gov.uk/register-a-death", "text": "Register a death on GOV.UK"}, {"service": certificate, "cost": "£11 a copy"}]},
        {"title": "Tell Us Once", "logic": "and", "links": [{"page": draft}]},
        {"title": "Arrange the funeral", "links": []}
    ]}}});

    // A bad body is a 422 naming the field.
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut first_and = content.clone();
    first_and["translations"]["en"]["steps"][0]["logic"] = json!("or");
    cases.push((first_and, "translations.en.steps[0].logic"));
    let mut untitled = content.clone();
    untitled["translations"]["en"]["steps"][1]["links"][0]["text"] = Value::Null;
    cases.push((untitled, "translations.en.steps[1].links[0].text"));
    let mut both = content.clone();
    both["translations"]["en"]["steps"][0]["links"][0]["service"] = json!(certificate);
    cases.push((both, "translations.en.steps[0].links[0]"));
    let mut foreign = content.clone();
    let (leeds_page, _) = app
        .create_item(
            &leeds,
            "leeds",
            "pages",
            json!({"translations": {"en": {"title": "Leeds", "slug": "leeds"}}}),
        )
        .await;
    foreign["translations"]["en"]["steps"][0]["links"][0]["page"] = json!(leeds_page);
    cases.push((foreign, "translations.en.steps[0].links[0].page"));
    for (body, field) in cases {
        let response = app
            .post(
                &admin,
                "/api/v1/councils/york/step-by-steps",
                &json!({"content": body}),
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

    let (id, _) = app
        .create_item(&admin, "york", "step-by-steps", content)
        .await;
    let (status, _) = app.deliver("york", "/step-by-step/when-someone-dies").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not delivered");
    app.publish(&admin, "york", "step-by-steps", &id).await;

    let body = app
        .graphql_json(
            r#"{ council(slug: "york") {
                stepByStep(slug: "when-someone-dies") { title path steps { number title logic text links { text url kind cost } } }
                page(path: "/when-someone-dies") { stepBySteps { title path } }
                service(slug: "death-certificate") { stepBySteps { title } }
                route(path: "/step-by-step/when-someone-dies") { kind stepByStep { title } }
                search(query: "funeral") { edges { node { kind path } } } } }"#,
        )
        .await;
    let council = &body["data"]["council"];
    let steps = council["stepByStep"]["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    let numbers: Vec<i64> = steps
        .iter()
        .map(|s| s["number"].as_i64().expect("n"))
        .collect();
    assert_eq!(
        numbers,
        [1, 2, 2, 3],
        "\"and\" shares the number of the step before"
    );
    assert_eq!(steps[2]["logic"], "AND");
    assert_eq!(
        steps[0]["links"],
        json!([{"text": "When someone dies", "url": "/when-someone-dies", "kind": "page", "cost": null}])
    );
    assert_eq!(
        steps[1]["links"],
        json!([
            {"text": "Register a death on GOV.UK", "url": "https://www.gov.uk/register-a-death", "kind": "external", "cost": null},
            {"text": "Order a death certificate", "url": "/services/death-certificate", "kind": "service", "cost": "£11 a copy"}
        ])
    );
    assert_eq!(steps[2]["links"], json!([]), "a draft page is left out");
    assert_eq!(
        council["page"]["stepBySteps"],
        json!([{"title": "What to do when someone dies", "path": "/step-by-step/when-someone-dies"}])
    );
    assert_eq!(
        council["service"]["stepBySteps"][0]["title"],
        "What to do when someone dies"
    );
    assert_eq!(council["route"]["kind"], "STEP_BY_STEP");
    assert_eq!(
        council["search"]["edges"][0]["node"]["kind"], "step_by_step",
        "{body}"
    );

    // REST: the step by step, and those a page is part of.
    let (_, one) = app.deliver("york", "/step-by-step/when-someone-dies").await;
    assert_eq!(one["content"]["steps"].as_array().expect("steps").len(), 4);
    let (_, part_of) = app
        .deliver("york", &format!("/step-by-step?part_of={certificate}"))
        .await;
    assert_eq!(part_of["total_count"], 1);
    let (_, none) = app
        .deliver("york", &format!("/step-by-step?part_of={leeds_page}"))
        .await;
    assert_eq!(none["total_count"], 0);
    // Welsh falls back to English; another council sees nothing.
    let (_, welsh) = app
        .deliver("york", "/step-by-step/when-someone-dies?locale=cy")
        .await;
    assert_eq!(welsh["is_fallback"], true);
    let (status, _) = app
        .deliver("leeds", "/step-by-step/when-someone-dies")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Unpublished, the page no longer shows it.
    let response = app
        .act(&admin, "york", "step-by-steps", &id, "unpublish")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = app
        .graphql_json(r#"{ council(slug: "york") { page(path: "/when-someone-dies") { stepBySteps { title } } } }"#)
        .await;
    assert_eq!(body["data"]["council"]["page"]["stepBySteps"], json!([]));
}
