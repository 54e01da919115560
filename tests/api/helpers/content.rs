//! Web content: items created and moved through their workflow as a member would, and read back from the
//! delivery API (`/delivery/v1/councils/{council}...`) as a front end would.
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use super::TestApp;

impl TestApp {
    /// Creates a content item of `collection` as `token` and returns (id, ETag).
    pub async fn create_item(
        &self,
        token: &str,
        council: &str,
        collection: &str,
        content: Value,
    ) -> (String, String) {
        let response = self
            .post(
                token,
                &format!("/api/v1/councils/{council}/{collection}"),
                &json!({"content": content}),
            )
            .await;
        let status = response.status();
        let etag = response
            .headers()
            .get("etag")
            .map(|v| v.to_str().expect("etag").to_owned());
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "create {collection}: {body}");
        (
            body["id"].as_str().expect("id").to_owned(),
            etag.expect("etag"),
        )
    }

    /// Runs a workflow action (`publish`, `submit`, ...) on an item, reading its current ETag first; returns the
    /// response.
    pub async fn act(
        &self,
        token: &str,
        council: &str,
        collection: &str,
        id: &str,
        action: &str,
    ) -> Response {
        let path = format!("/api/v1/councils/{council}/{collection}/{id}");
        let current = self.get(token, &path).await;
        let etag = current
            .headers()
            .get("etag")
            .map(|v| v.to_str().expect("etag").to_owned())
            .unwrap_or_default();
        self.post_if_match(token, &format!("{path}/{action}"), &etag)
            .await
    }

    /// Publishes an item and asserts it worked.
    pub async fn publish(&self, token: &str, council: &str, collection: &str, id: &str) {
        let response = self.act(token, council, collection, id, "publish").await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "publish {collection} {id}: {body}");
    }

    /// Creates an item of `collection` as `token` and publishes it; returns its id.
    pub async fn published(
        &self,
        token: &str,
        council: &str,
        collection: &str,
        content: Value,
    ) -> String {
        let (id, _) = self.create_item(token, council, collection, content).await;
        self.publish(token, council, collection, &id).await;
        id
    }

    /// A GET of `/delivery/v1/councils/{council}{path}`, anonymous or with a bearer token: the whole response.
    pub async fn delivery(&self, token: Option<&str>, council: &str, path: &str) -> Response {
        let mut request = self
            .client
            .get(self.url(&format!("/delivery/v1/councils/{council}{path}")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request")
    }

    /// An anonymous delivery read: its status and JSON body (`Null` when the body is not JSON).
    pub async fn deliver(&self, council: &str, path: &str) -> (StatusCode, Value) {
        let response = self.delivery(None, council, path).await;
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// A delivery read with a bearer token: its status and JSON body (`Null` when the body is not JSON).
    pub async fn deliver_as(&self, token: &str, council: &str, path: &str) -> (StatusCode, Value) {
        let response = self.delivery(Some(token), council, path).await;
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// An anonymous delivery read that must answer `status`; its JSON body.
    pub async fn deliver_expecting(&self, council: &str, path: &str, status: StatusCode) -> Value {
        let response = self.delivery(None, council, path).await;
        let got = response.status();
        let text = response.text().await.expect("body");
        assert_eq!(got, status, "GET {path} in {council}: {text}");
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("GET {path} in {council}: not JSON ({e}): {text}"))
    }

    /// An anonymous delivery read that must answer 200; its JSON body.
    pub async fn deliver_ok(&self, council: &str, path: &str) -> Value {
        self.deliver_expecting(council, path, StatusCode::OK).await
    }
}

/// The `title` of each item of a JSON list.
pub fn titles(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list: {items}"))
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_owned())
        .collect()
}
