//! The Popolo export validates against the Popolo JSON schemas in tests/fixtures/popolo-schemas (draft 03), checked by a small
//! draft-03 validator here (types, required, items, $ref to the local files, patterns, email/uri formats).
use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{councillors_by_ward, fixture, spawn_app};

struct Schemas(HashMap<String, Value>);

impl Schemas {
    fn load() -> Self {
        let dir = fixture("popolo-schemas");
        let mut map = HashMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                map.insert(
                    name,
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap(),
                );
            }
        }
        Schemas(map)
    }

    fn get(&self, reference: &str) -> &Value {
        let file = reference.trim_end_matches('#').rsplit('/').next().unwrap();
        self.0
            .get(file)
            .unwrap_or_else(|| panic!("no schema {file}"))
    }

    fn validate(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.validate(self.get(reference), value, at, errors);
        }
        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            let actual = match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            let ok = allowed
                .iter()
                .any(|t| *t == actual || (*t == "number" && actual == "integer") || *t == "any");
            if !ok {
                errors.push(format!("{at}: {actual} is not {allowed:?}"));
                return;
            }
        }
        if let (Some(pattern), Some(text)) = (
            schema.get("pattern").and_then(Value::as_str),
            value.as_str(),
        ) && !regex::Regex::new(pattern).unwrap().is_match(text)
        {
            errors.push(format!("{at}: {text:?} does not match {pattern}"));
        }
        if let (Some(format), Some(text)) =
            (schema.get("format").and_then(Value::as_str), value.as_str())
        {
            let ok = match format {
                "email" => text.contains('@') && !text.contains(char::is_whitespace),
                "uri" => text.contains(':') && !text.contains(char::is_whitespace),
                "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                _ => true,
            };
            if !ok {
                errors.push(format!("{at}: {text:?} is not a valid {format}"));
            }
        }
        if let (Some(props), Some(object)) = (
            schema.get("properties").and_then(Value::as_object),
            value.as_object(),
        ) {
            for (name, prop) in props {
                match object.get(name) {
                    Some(v) => self.validate(prop, v, &format!("{at}.{name}"), errors),
                    None if prop.get("required") == Some(&Value::Bool(true)) => {
                        errors.push(format!("{at}.{name} is required"))
                    }
                    None => {}
                }
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
            for (i, item) in array.iter().enumerate() {
                self.validate(items, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

#[test]
fn the_validator_catches_what_the_schemas_forbid() {
    let schemas = Schemas::load();
    let mut errors = Vec::new();
    let bad = serde_json::json!({"id": 5, "name": "x", "email": "not an email", "birth_date": "5 May", "identifiers": [{"scheme": "x"}]});
    schemas.validate(schemas.get("person.json"), &bad, "person", &mut errors);
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[tokio::test]
async fn popolo_exports_of_real_councils_validate_against_the_popolo_schemas() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    let schemas = Schemas::load();
    for (i, file) in [
        "cardiff.co.uk.xml",
        "kirklees.gov.uk.xml",
        "worcestershire.co.uk.xml",
        "london.gov.uk.xml",
        "argyll-bute.gov.uk.xml",
    ]
    .iter()
    .enumerate()
    {
        let slug = format!("council-{i}");
        app.create_council(&admin, &slug, "england").await;
        let xml = councillors_by_ward(file);
        let imported = app
            .client
            .post(app.url(&format!(
                "/api/v1/councils/{slug}/imports/moderngov/councillors-by-ward"
            )))
            .bearer_auth(&admin)
            .header("content-type", "application/xml")
            .body(xml.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(imported.status(), StatusCode::OK);
        app.post(
            &admin,
            &format!("/api/v1/councils/{slug}/committees"),
            &serde_json::json!({"name": "Cabinet", "kind": "executive"}),
        )
        .await;

        // Public: no token needed.
        let response = app
            .client
            .get(app.url(&format!("/api/v1/councils/{slug}/exports/popolo.json")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let export: Value = response.json().await.unwrap();
        let mut errors = Vec::new();
        for (key, schema) in [
            ("persons", "person.json"),
            ("organizations", "organization.json"),
            ("memberships", "membership.json"),
            ("posts", "post.json"),
            ("areas", "area.json"),
        ] {
            let items = export[key]
                .as_array()
                .unwrap_or_else(|| panic!("{file}: {key} is an array"));
            assert!(!items.is_empty(), "{file}: {key} is not empty");
            for (n, item) in items.iter().enumerate() {
                schemas.validate(
                    schemas.get(schema),
                    item,
                    &format!("{file} {key}[{n}]"),
                    &mut errors,
                );
            }
        }
        assert!(errors.is_empty(), "{errors:#?}");
        let people = xml.matches("<councillorid>").count();
        assert_eq!(
            export["persons"].as_array().unwrap().len(),
            people,
            "{file}"
        );
        assert!(
            export["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["classification"] == "executive")
        );
        // Every membership points at people, organizations, posts and areas that are in the document.
        for m in export["memberships"].as_array().unwrap() {
            assert!(
                export["persons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["id"] == m["person_id"])
            );
            assert!(
                export["posts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["id"] == m["post_id"])
            );
        }
    }
    assert_eq!(
        app.client
            .get(app.url("/api/v1/councils/nowhere/exports/popolo.json"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
