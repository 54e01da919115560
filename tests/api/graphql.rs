use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn councils_and_council_by_slug_show_public_fields() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    app.create_council(&admin, "leeds", "england").await;

    let body: Value = app
        .graphql("{ councils { slug nation locales } council(slug: \"cardiff\") { name nation gssCode locales } missing: council(slug: \"nope\") { name } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["councils"],
        json!([{"slug": "cardiff", "nation": "WALES", "locales": ["en", "cy"]}, {"slug": "leeds", "nation": "ENGLAND", "locales": ["en"]}])
    );
    assert_eq!(body["data"]["council"]["name"], "cardiff council");
    assert_eq!(body["data"]["missing"], Value::Null);

    // Private fields are not part of the schema.
    let private: Value = app
        .graphql("{ councils { id version } }")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        private["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Unknown field")
    );
    assert_eq!(private["errors"][0]["extensions"]["code"], "bad_request");
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations_with_405() {
    let app = spawn_app().await;
    let ok = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ councils { slug } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["data"]["councils"], json!([]));

    let mutation = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "mutation { anything }")])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(mutation.headers()["allow"], "POST");
    let body: Value = mutation.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "method_not_allowed"
    );

    let named = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            ("query", "query A { councils { slug } } mutation B { x }"),
            ("operationName", "B"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn abusive_queries_are_refused_before_execution() {
    let app = spawn_app().await;

    // Depth: 13 levels through pages' parents.
    let deep_query = "{ council(slug: \"x\") { page(path: \"/a\") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { title } } } } } } } } } } } } }";
    let body: Value = app.graphql(deep_query).await.json().await.unwrap();
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "query_too_complex");

    let aliases: String = (0..31)
        .map(|i| format!("a{i}: councils {{ slug }} "))
        .collect();
    let body: Value = app
        .graphql(&format!("{{ {aliases} }}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"], Value::Null);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "query_too_complex",
        "{body}"
    );

    let within: String = (0..30)
        .map(|i| format!("a{i}: councils {{ slug }} "))
        .collect();
    let body: Value = app
        .graphql(&format!("{{ {within} }}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["errors"],
        Value::Null,
        "30 aliases are allowed: {body}"
    );

    // Complexity: four pages of 100 councillors with their seats: few aliases, shallow, but ~7,600 fields.
    let page = "councillors(first: 100) { edges { node { id displayName givenName familyName honorificPrefix email phone workAddress seats { startDate endDate ward { name gssCode } party { name colour } } } } }";
    let lists: String = (0..4).map(|i| format!("c{i}: {page} ")).collect();
    let body: Value = app
        .graphql(&format!("{{ council(slug: \"x\") {{ {lists} }} }}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complex"),
        "{body}"
    );

    let batch: Vec<Value> = (0..11)
        .map(|_| json!({"query": "{ councils { slug } }"}))
        .collect();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "batch_too_large");

    let batch: Vec<Value> = (0..3)
        .map(|_| json!({"query": "{ councils { slug } }"}))
        .collect();
    let body: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body.as_array().unwrap().len(), 3);

    let long = format!("{{ councils {{ slug }} }} # {}", "x".repeat(40 * 1024));
    let body: Value = app.graphql(&long).await.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "query_too_large");

    let not_json = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn graphiql_and_introspection_are_on_outside_production() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let text = page.text().await.unwrap();
    // Every script and stylesheet comes from this server.
    assert!(text.contains("/graphiql/assets/graphiql.min.js"), "{text}");
    assert!(!text.contains("https://"), "nothing from elsewhere: {text}");
    let asset = app
        .client
        .get(app.url("/graphiql/assets/graphiql.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    let etag = asset.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/graphiql/assets/graphiql.min.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let body: Value = app
        .graphql("{ __schema { queryType { name } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn production_mode_turns_off_graphiql_introspection_and_suggestions() {
    let app = spawn_app_with(|s| {
        s.production = true;
        s.public_url = Some("https://api.example.gov.uk".into());
    })
    .await;
    let page = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let text = page.text().await.unwrap();
    assert!(!text.contains("graphiql"), "no GraphiQL in production");
    let asset = app
        .client
        .get(app.url("/graphiql/assets/graphiql.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::NOT_FOUND, "nor its files");
    let body: Value = app
        .graphql("{ __schema { queryType { name } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["__schema"],
        Value::Null,
        "introspection answers nothing: {body}"
    );
    let full = app.graphql_json(TOOL_INTROSPECTION_QUERIES[0].1).await;
    assert_eq!(full["data"]["__schema"], Value::Null, "{full}");
    let body: Value = app
        .graphql("{ councilz { slug } }")
        .await
        .json()
        .await
        .unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "{message}");

    let explicit = spawn_app_with(|s| {
        s.production = true;
        s.public_url = Some("https://api.example.gov.uk".into());
        s.graphql_introspection = Some(true);
    })
    .await;
    let body: Value = explicit
        .graphql("{ __schema { queryType { name } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
}

/// The introspection query texts the common tools send (`tests/fixtures/introspection/`, see its README).
const TOOL_INTROSPECTION_QUERIES: [(&str, &str); 3] = [
    (
        "graphql-js 16, every option",
        include_str!("../fixtures/introspection/graphql-js-16.graphql"),
    ),
    (
        "graphql-js 16, default options",
        include_str!("../fixtures/introspection/graphql-js-16-default.graphql"),
    ),
    (
        "graphql-core 3, every option",
        include_str!("../fixtures/introspection/graphql-core-3.graphql"),
    ),
];

#[tokio::test]
async fn the_introspection_queries_of_graphql_tools_return_the_schema() {
    let app = spawn_app().await;
    for (tool, query) in TOOL_INTROSPECTION_QUERIES {
        let body = app.graphql_json(query).await;
        assert!(body.get("errors").is_none(), "{tool}: {body}");
        let schema = &body["data"]["__schema"];
        assert_eq!(schema["queryType"]["name"], "Query", "{tool}");
        let types = schema["types"].as_array().expect("types");
        let council = types
            .iter()
            .find(|t| t["name"] == "Council")
            .unwrap_or_else(|| panic!("{tool}: no Council type"));
        assert!(
            council["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .any(|f| f["name"] == "page"),
            "{tool}: Council has no page field"
        );
        // Types are unwrapped to their names through the nested ofType levels.
        let page = council["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .find(|f| f["name"] == "page")
            .expect("page");
        assert_eq!(page["type"]["kind"], "OBJECT", "{tool}: {page}");
        assert_eq!(page["type"]["name"], "Page", "{tool}");
        assert!(
            !schema["directives"]
                .as_array()
                .expect("directives")
                .is_empty(),
            "{tool}"
        );
        // GET, as GraphiQL and CDNs send it, gives the same answer.
        let got: Value = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", query)])
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("json");
        assert_eq!(got, body, "{tool}: GET differs from POST");
    }
}

#[tokio::test]
async fn introspection_queries_that_would_explode_are_refused() {
    let app = spawn_app().await;
    // Four lists inside one another: every type's fields' types' fields' types' fields.
    let lists =
        "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
    let body = app.graphql_json(lists).await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "query_too_complex",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("introspection lists"),
        "{body}"
    );
    // Sixteen levels: deeper than any tool's query.
    let deep = format!(
        "{{ __type(name: \"Page\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { ".repeat(12),
        "} ".repeat(12)
    );
    let body = app.graphql_json(&deep).await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nested too deep"),
        "{body}"
    );
    // A fragment that spreads itself is refused, not walked forever.
    let cycle = "query { __schema { ...A } } fragment A on __Schema { types { name } ...A }";
    let body = app.graphql_json(cycle).await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(
        body["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
}
