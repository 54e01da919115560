//! Web content: items created and moved through their workflow as a member would.
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
}
