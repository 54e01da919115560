//! Open Referral UK: a council's published services and directory entries through every endpoint of the API, each
//! answer validated against the standard's own JSON Schemas (tests/fixtures/openreferral-uk, checked by the
//! `jsonschema` crate with formats asserted); the filters and paging its API description gives; drafts, other
//! councils and unpublished items never shown. The filters, paging and the check of ages are in
//! `openreferral_filters.rs`.
use std::path::Path;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, fixture, spawn_app};

/// The standard's schemas, by the name of the answer they describe.
pub(crate) struct Schemas {
    dir: std::path::PathBuf,
}

impl Schemas {
    pub(crate) fn load() -> Self {
        Self {
            dir: fixture("openreferral-uk"),
        }
    }

    fn read(&self, file: &str) -> Value {
        let text = std::fs::read_to_string(self.dir.join(file))
            .unwrap_or_else(|e| panic!("read {file}: {e}"));
        let mut schema: Value = serde_json::from_str(&text).expect("schema json");
        // `taxonomy.json` names `taxonomy_term.json` by a relative `$ref`: put the file it names in its place.
        let base = Path::new(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.inline(&mut schema, &base);
        schema
    }

    fn inline(&self, value: &mut Value, base: &Path) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && reference.ends_with(".json")
                    && !reference.contains("://")
                {
                    let file = base.join(reference);
                    *value = self.read(file.to_str().expect("path"));
                    return;
                }
                for v in map.values_mut() {
                    self.inline(v, base);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.inline(v, base)),
            _ => {}
        }
    }

    /// A list answer: the API description's `Page`, every field required, with `contents` of `item`.
    pub(crate) fn page_of(&self, item: &str) -> Value {
        let api = self.read("openapi.json");
        let page = api["components"]["schemas"]["Page"].clone();
        let required: Vec<&String> = page["properties"]
            .as_object()
            .expect("Page")
            .keys()
            .collect();
        json!({
            "allOf": [page],
            "required": required.iter().map(|k| k.as_str()).chain(["contents"]).collect::<Vec<_>>(),
            "properties": {"contents": {"type": "array", "items": self.read(item)}}
        })
    }

    /// Asserts that `answer` is valid against `schema`, listing every error.
    pub(crate) fn check(&self, what: &str, schema: &Value, answer: &Value) {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .unwrap_or_else(|e| panic!("schema for {what}: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(answer)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} is not valid Open Referral UK:\n{}\n{answer:#}",
            errors.join("\n")
        );
    }
}

/// Sets a council's website and GSS code.
async fn settle_council(app: &TestApp, admin: &str, council: &str, changes: Value) {
    let path = format!("/api/v1/councils/{council}");
    let current = app.get(admin, &path).await;
    let etag = current
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("etag")
        .to_owned();
    let updated = app.patch(admin, &path, Some(&etag), &changes).await;
    assert_eq!(updated.status(), StatusCode::OK, "update {council}");
}

/// An Open Referral UK read (`path` under `/openreferral`) that must answer 200; its JSON body.
pub(crate) async fn oruk(app: &TestApp, council: &str, path: &str) -> Value {
    app.deliver_ok(council, &format!("/openreferral{path}"))
        .await
}

/// The status of an Open Referral UK read.
pub(crate) async fn oruk_status(app: &TestApp, council: &str, path: &str) -> StatusCode {
    app.deliver(council, &format!("/openreferral{path}"))
        .await
        .0
}

/// The name of each service in a page of services (or of services at locations).
pub(crate) fn names(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap_or_else(|| panic!("contents: {page}"))
        .iter()
        .map(|s| {
            s.get("service").unwrap_or(s)["name"]
                .as_str()
                .expect("name")
                .to_owned()
        })
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

/// York: a topic, a service (LGSL and LGIL codes, contact details, limited, with an alert about it), a directory
/// of family support with facets, a family hub at a venue with hours and ages, an online service without a venue,
/// and a draft entry. Returns (service, hub, online, draft, channel).
pub(crate) async fn york(app: &TestApp, admin: &str) -> (String, String, String, String, String) {
    let topic = app
        .published(admin, "york", "topics", json!({"translations": {"en": {"name": "Children and families", "slug": "children-and-families", "description": "Support for children and families."}}}))
        .await;
    app.create_item(
        admin,
        "york",
        "topics",
        json!({"translations": {"en": {"name": "Draft topic", "slug": "draft-topic"}}}),
    )
    .await;
    let service = app
        .published(admin, "york", "services", json!({
            "lgsl": [524], "lgil": [8], "topics": [topic], "status": "limited",
            "contact": {"phone": "01904 551551", "textphone": "18001 01904 551551", "email": "waste@york.test", "opening_hours": "Monday to Friday, 8am to 5pm"},
            "translations": {"en": {"title": "Report a missed bin", "slug": "missed-bin", "summary": "Tell us if we missed your bin collection.", "status_message": "Collections are a day late after the storm."}}
        }))
        .await;
    app
        .published(admin, "york", "alerts", json!({
            "kind": "announcement", "everywhere": false, "services": [service],
            "translations": {"en": {"title": "Crews short", "message": "Some streets wait until Friday."}}
        }))
        .await;
    let channel = app
        .published(admin, "york", "directories", json!({
            "topics": [topic],
            "facet_groups": [
                {"key": "support", "names": {"en": "Type of support"}, "values": [
                    {"key": "play", "names": {"en": "Play and learning"}},
                    {"key": "advice", "names": {"en": "Advice"}}
                ]},
                {"key": "facilities", "names": {"en": "Facilities"}, "values": [
                    {"key": "wifi", "names": {"en": "Free wifi"}}
                ]}
            ],
            "translations": {"en": {"title": "Family support", "slug": "family-support", "summary": "Family hubs and support for families in York."}}
        }))
        .await;
    let today = Utc::now().date_naive();
    let closed = today + Duration::days(10);
    let summer_from = today + Duration::days(30);
    let summer_to = today + Duration::days(60);
    let hub = app
        .published(admin, "york", "directory-entries", json!({
            "channels": [channel], "topics": [topic],
            "facets": {"support": ["play"], "facilities": ["wifi"]},
            "ages": {"maximum": 4},
            "contact": {"phone": "01904 555111", "email": "tanghall.hub@york.test"},
            "venue": {
                "address": {"lines": ["Tang Hall Community Centre", "Fifth Avenue"], "town": "York", "postcode": "YO31 0PR"},
                "latitude": 53.9627, "longitude": -1.0486, "uprn": 100050590000_u64,
                "opening_hours": {
                    "weekly": [
                        {"day": "monday", "opens": "09:00", "closes": "17:00"},
                        {"day": "tuesday", "opens": "09:00", "closes": "17:00"},
                        {"day": "saturday", "opens": "10:00", "closes": "12:00"}
                    ],
                    "seasons": [
                        {"name": "Summer holidays", "from": summer_from, "to": summer_to, "weekly": [{"day": "wednesday", "opens": "10:00", "closes": "15:00"}]},
                        {"name": "Playscheme week", "from": summer_from, "to": summer_from + Duration::days(6), "weekly": [{"day": "thursday", "opens": "10:00", "closes": "12:00"}]}
                    ],
                    "exceptions": [{"date": closed, "sessions": [], "note": "Staff training"}],
                    "bank_holidays": "closed"
                }
            },
            "translations": {"en": {"title": "Tang Hall Family Hub", "slug": "tang-hall-family-hub", "summary": "Stay and play, health visitors and parenting advice.", "accessibility": "Step-free entrance; baby changing."}}
        }))
        .await;
    let online = app
        .published(admin, "york", "directory-entries", json!({
            "channels": [channel], "facets": {"support": ["advice"]},
            "ages": {"minimum": 16},
            "contact": {"website": "https://www.example.org/teen-advice"},
            "translations": {"en": {"title": "Advice line for young parents", "slug": "young-parents-advice", "summary": "Advice for parents aged 16 and over, online and by chat."}}
        }))
        .await;
    let (draft, _) = app
        .create_item(admin, "york", "directory-entries", json!({
            "channels": [channel], "facets": {"support": ["play"]},
            "translations": {"en": {"title": "Acomb Family Hub (not yet open)", "slug": "acomb-family-hub"}}
        }))
        .await;
    (service, hub, online, draft, channel)
}

#[tokio::test]
async fn every_answer_validates_against_the_open_referral_uk_schemas() {
    let app = spawn_app().await;
    let york_council = app.council("york").with("admin").build().await;
    let admin = york_council.token("admin");
    settle_council(
        &app,
        &admin,
        "york",
        json!({"gss_code": "E06000014", "website_url": "https://www.york.gov.uk"}),
    )
    .await;
    let (service, hub, online, draft, channel) = york(&app, &admin).await;
    let schemas = Schemas::load();
    let mut checked = 0;

    // What the API is.
    let info = oruk(&app, "york", "").await;
    assert_eq!(info["version"], "3.0");
    assert!(
        info["openapi_url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/openapi.json"))
    );

    // Services: the service and the two published entries, by name; the draft is not there.
    let list = oruk(&app, "york", "/services").await;
    schemas.check(
        "/services",
        &schemas.page_of("compiled/service_list.json"),
        &list,
    );
    checked += 1;
    assert_eq!(
        names(&list),
        [
            "Advice line for young parents",
            "Report a missed bin",
            "Tang Hall Family Hub"
        ]
    );
    assert_eq!(list["total_items"], 3);
    assert!(!ids(&list).contains(&draft));

    for id in [&service, &hub, &online] {
        let full = oruk(&app, "york", &format!("/services/{id}")).await;
        schemas.check(
            &format!("/services/{id}"),
            &schemas.read("compiled/service.json"),
            &full,
        );
        checked += 1;
        assert_eq!(&full["id"], id.as_str());
        assert_eq!(full["organization"]["name"], "york council");
    }
    assert_eq!(
        oruk_status(&app, "york", &format!("/services/{draft}")).await,
        StatusCode::NOT_FOUND
    );

    // The council service: its page on the website, contacts, status and alert, area and classification.
    let bins = oruk(&app, "york", &format!("/services/{service}")).await;
    assert_eq!(bins["url"], "https://www.york.gov.uk/services/missed-bin");
    assert_eq!(bins["email"], "waste@york.test");
    let alert = bins["alert"].as_str().expect("alert");
    assert!(
        alert.contains("a day late after the storm") && alert.contains("Crews short"),
        "{alert}"
    );
    assert_eq!(bins["phones"][1]["description"], "Textphone");
    assert_eq!(
        bins["schedules"][0]["description"],
        "Monday to Friday, 8am to 5pm"
    );
    assert_eq!(
        bins["service_areas"][0]["uri"],
        "http://statistics.data.gov.uk/id/statistical-geography/E06000014"
    );
    let term_uris: Vec<&str> = bins["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .filter_map(|a| a["taxonomy_term"]["term_uri"].as_str())
        .collect();
    assert!(
        term_uris.contains(&"http://id.esd.org.uk/service/524"),
        "{term_uris:?}"
    );
    assert!(
        term_uris.contains(&"http://id.esd.org.uk/interaction/8"),
        "{term_uris:?}"
    );
    assert!(
        bins["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .any(|a| a["taxonomy_term"]["taxonomy"] == "Topics"
                && a["taxonomy_term"]["name"] == "Children and families"),
        "{bins}"
    );

    // The family hub: its venue as a location, its hours as schedules, its ages and facets.
    let family_hub = oruk(&app, "york", &format!("/services/{hub}")).await;
    assert_eq!(
        (
            family_hub["minimum_age"].as_f64(),
            family_hub["maximum_age"].as_f64()
        ),
        (None, Some(4.0))
    );
    let at = &family_hub["service_at_locations"][0];
    let location = &at["location"];
    assert_eq!(location["latitude"], 53.9627);
    assert_eq!(location["external_identifier"], "100050590000");
    assert_eq!(location["external_identifier_type"], "UPRN");
    let address = &location["addresses"][0];
    assert_eq!(
        (
            &address["address_1"],
            &address["city"],
            &address["postal_code"],
            &address["country"]
        ),
        (
            &json!("Tang Hall Community Centre, Fifth Avenue"),
            &json!("York"),
            &json!("YO31 0PR"),
            &json!("GB")
        )
    );
    assert_eq!(
        location["accessibility"][0]["description"],
        "Step-free entrance; baby changing."
    );
    let schedules = family_hub["schedules"].as_array().expect("schedules");
    let rules: Vec<(&str, &str, &str)> = schedules
        .iter()
        .filter(|s| s["valid_from"].is_null())
        .map(|s| {
            (
                s["byday"].as_str().unwrap(),
                s["opens_at"].as_str().unwrap(),
                s["closes_at"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [("MO,TU", "09:00", "17:00"), ("SA", "10:00", "12:00")]
    );
    assert!(
        schedules
            .iter()
            .all(|s| s["service_at_location_id"] == at["id"])
    );
    // The usual week holds until the summer starts, and again after it; the summer has a week of its own.
    let summer_from = Utc::now().date_naive() + Duration::days(30);
    assert!(
        schedules
            .iter()
            .filter(|s| s["valid_from"].is_null())
            .all(|s| s["valid_to"] == json!(summer_from - Duration::days(1)))
    );
    let summer = schedules
        .iter()
        .find(|s| s["byday"] == "WE")
        .expect("the summer rule");
    assert_eq!(summer["valid_from"], json!(summer_from));
    // A closure is no schedule (HSDS has none for closed): every rule's notes tell it.
    let notes = schedules[0]["notes"].as_str().expect("notes");
    assert!(
        notes.contains("Closed on bank holidays.") && notes.contains("(Staff training)."),
        "{notes}"
    );
    assert!(schedules.iter().all(|s| s["opens_at"].is_string()));
    // Every id in the service is its own, though two seasons start on one date.
    fn ids_in(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("id") {
                    found.push(id.clone());
                }
                for (key, v) in map {
                    if key != "organization" && key != "taxonomy_term" {
                        ids_in(v, found);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| ids_in(v, found)),
            _ => {}
        }
    }
    let mut all_ids = Vec::new();
    ids_in(&family_hub, &mut all_ids);
    let distinct: std::collections::HashSet<&String> = all_ids.iter().collect();
    assert_eq!(distinct.len(), all_ids.len(), "{all_ids:?}");
    assert!(all_ids.len() > 15, "{all_ids:?}");
    let facets: Vec<(&str, &str)> = family_hub["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .map(|a| {
            (
                a["taxonomy_term"]["taxonomy"].as_str().unwrap(),
                a["taxonomy_term"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        facets.contains(&("Directories", "Family support")),
        "{facets:?}"
    );
    assert!(
        facets.contains(&("Family support: Type of support", "Play and learning")),
        "{facets:?}"
    );
    assert!(
        facets.contains(&("Family support: Facilities", "Free wifi")),
        "{facets:?}"
    );
    assert!(
        facets.contains(&("Topics", "Children and families")),
        "{facets:?}"
    );
    let online_full = oruk(&app, "york", &format!("/services/{online}")).await;
    assert_eq!(online_full["url"], "https://www.example.org/teen-advice");
    assert_eq!(online_full["service_at_locations"], json!([]));

    // Services at locations: the hub only (the online service has no venue).
    let places = oruk(&app, "york", "/service_at_locations").await;
    schemas.check(
        "/service_at_locations",
        &schemas.page_of("compiled/service_at_location_list.json"),
        &places,
    );
    checked += 1;
    assert_eq!(names(&places), ["Tang Hall Family Hub"]);
    let at_id = places["contents"][0]["id"].as_str().expect("id").to_owned();
    let one = oruk(&app, "york", &format!("/service_at_locations/{at_id}")).await;
    schemas.check(
        "/service_at_locations/{id}",
        &schemas.read("compiled/service_at_location.json"),
        &one,
    );
    checked += 1;
    assert_eq!(one["service"]["schedules"], family_hub["schedules"]);
    assert_eq!(one["location"]["addresses"][0]["postal_code"], "YO31 0PR");

    // The council as the organization.
    let organizations = oruk(&app, "york", "/organizations").await;
    schemas.check(
        "/organizations",
        &schemas.page_of("compiled/organization_list.json"),
        &organizations,
    );
    checked += 1;
    let organization_id = organizations["contents"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let organization = oruk(&app, "york", &format!("/organizations/{organization_id}")).await;
    schemas.check(
        "/organizations/{id}",
        &schemas.read("compiled/organization.json"),
        &organization,
    );
    checked += 1;
    assert_eq!(organization["services"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        organization["organization_identifiers"][0]["identifier"],
        "E06000014"
    );

    // Taxonomies and their terms.
    let taxonomies = oruk(&app, "york", "/taxonomies").await;
    schemas.check(
        "/taxonomies",
        &schemas.page_of("taxonomy.json"),
        &taxonomies,
    );
    checked += 1;
    let taxonomy_names = names(&taxonomies);
    assert_eq!(
        taxonomy_names,
        [
            "LGSL",
            "LGIL",
            "Topics",
            "Directories",
            "Family support: Type of support",
            "Family support: Facilities"
        ]
    );
    for id in ids(&taxonomies) {
        let taxonomy = oruk(&app, "york", &format!("/taxonomies/{id}")).await;
        schemas.check(
            "/taxonomies/{id}",
            &schemas.read("taxonomy.json"),
            &taxonomy,
        );
        checked += 1;
    }
    let terms = oruk(&app, "york", "/taxonomy_terms").await;
    schemas.check(
        "/taxonomy_terms",
        &schemas.page_of("taxonomy_term.json"),
        &terms,
    );
    checked += 1;
    assert_eq!(
        terms["total_items"], 7,
        "LGSL 524, LGIL 8, a topic, a directory and three facet values"
    );
    for id in ids(&terms) {
        let term = oruk(&app, "york", &format!("/taxonomy_terms/{id}")).await;
        schemas.check(
            "/taxonomy_terms/{id}",
            &schemas.read("taxonomy_term.json"),
            &term,
        );
        checked += 1;
    }
    let facet_taxonomy = &taxonomies["contents"][4]["id"];
    let support = oruk(
        &app,
        "york",
        &format!(
            "/taxonomy_terms?taxonomy_id={}",
            facet_taxonomy.as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(names(&support), ["Play and learning", "Advice"]);
    assert!(!names(&terms).contains(&"Draft topic".to_owned()));
    println!("Open Referral UK: {checked} answers validated against the standard's schemas");
    assert_eq!(checked, 23);

    // The channel is a term too: filtering by it finds its entries.
    let in_channel = oruk(
        &app,
        "york",
        &format!("/services?taxonomy_term_id={channel}"),
    )
    .await;
    assert_eq!(
        names(&in_channel),
        ["Advice line for young parents", "Tang Hall Family Hub"]
    );
}

/// The checks above can fail: the schemas, as loaded here, refuse what the standard refuses.
#[test]
fn the_schemas_refuse_what_the_standard_refuses() {
    let schemas = Schemas::load();
    let errors = |schema: &Value, answer: &Value| -> Vec<String> {
        jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .expect("schema")
            .iter_errors(answer)
            .map(|e| e.to_string())
            .collect()
    };
    let service = schemas.read("compiled/service.json");
    let good =
        json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "Hub", "status": "active"});
    assert!(errors(&service, &good).is_empty());
    for (bad, why) in [
        (
            json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "Hub"}),
            "status",
        ),
        (
            json!({"id": "hub-1", "name": "Hub", "status": "active"}),
            "uuid",
        ),
        (
            json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "Hub", "status": "open"}),
            "enum",
        ),
        (
            json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "Hub", "status": "active", "email": "not an address"}),
            "email",
        ),
        (
            json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "Hub", "status": "active", "service_at_locations": [{"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "location": {"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "location_type": "physical", "addresses": [{"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "address_1": "1 High Street"}]}}]}),
            "city",
        ),
    ] {
        let found = errors(&service, &bad);
        assert!(!found.is_empty(), "{bad} should be refused ({why})");
    }
    // A taxonomy's terms are checked through the inlined `taxonomy_term.json`; a page needs every field.
    let taxonomy = schemas.read("taxonomy.json");
    let bad_terms = json!({"id": "0b5a1d1e-3f57-4a43-9c3e-0f6a1d2b7e41", "name": "T", "description": "T", "taxonomy_terms": [{"id": "x"}]});
    assert!(!errors(&taxonomy, &bad_terms).is_empty());
    let page = schemas.page_of("taxonomy.json");
    assert!(!errors(&page, &json!({"contents": []})).is_empty());
}

#[tokio::test]
async fn welsh_is_served_where_there_is_welsh() {
    let app = spawn_app().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "cardiff", "wales").await;
    let admin = app
        .member(&platform, "cardiff", "admin@cardiff.test", "admin")
        .await
        .access;
    let bilingual = app
        .published(&admin, "cardiff", "services", json!({"lgsl": [524], "translations": {
            "en": {"title": "Report a missed bin", "slug": "missed-bin", "summary": "Tell us if we missed your bin."},
            "cy": {"title": "Rhoi gwybod am fin a fethwyd", "slug": "bin-a-fethwyd", "summary": "Rhowch wybod i ni os methon ni eich bin."}
        }}))
        .await;
    app
        .published(&admin, "cardiff", "services", json!({"translations": {"en": {"title": "Apply for a parking permit", "slug": "parking-permit"}}}))
        .await;
    let schemas = Schemas::load();
    let welsh = oruk(&app, "cardiff", "/services?locale=cy").await;
    schemas.check(
        "Welsh services",
        &schemas.page_of("compiled/service_list.json"),
        &welsh,
    );
    // Welsh where there is Welsh, English where there is not; ordered by the name served.
    assert_eq!(
        names(&welsh),
        ["Apply for a parking permit", "Rhoi gwybod am fin a fethwyd"]
    );
    let one = oruk(&app, "cardiff", &format!("/services/{bilingual}?locale=cy")).await;
    assert_eq!(
        one["description"],
        "Rhowch wybod i ni os methon ni eich bin."
    );
    assert_eq!(
        names(&oruk(&app, "cardiff", "/services").await),
        ["Apply for a parking permit", "Report a missed bin"]
    );
    // Words are found in Welsh too.
    assert_eq!(
        names(&oruk(&app, "cardiff", "/services?locale=cy&search=fethwyd").await),
        ["Rhoi gwybod am fin a fethwyd"]
    );
}
