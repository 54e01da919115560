//! Requests to the server: each HTTP method with a bearer token, GraphQL, and the one error shape.
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use super::TestApp;

impl TestApp {
    /// GET with a bearer token.
    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// POST of a JSON body with a bearer token.
    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// PUT with an optional `If-Match`.
    pub async fn put(
        &self,
        token: &str,
        path: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        self.send_json(reqwest::Method::PUT, token, path, if_match, body)
            .await
    }

    /// PATCH of a JSON body with an optional `If-Match`.
    pub async fn patch(
        &self,
        token: &str,
        path: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        self.send_json(reqwest::Method::PATCH, token, path, if_match, body)
            .await
    }

    /// A JSON body by `method` with a bearer token and an optional `If-Match`.
    async fn send_json(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body);
        if let Some(etag) = if_match {
            request = request.header("if-match", etag);
        }
        request.send().await.expect("request")
    }

    /// DELETE with a bearer token.
    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// POST with an `If-Match` (workflow actions) and an optional body.
    pub async fn post_if_match(&self, token: &str, path: &str, if_match: &str) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("if-match", if_match)
            .send()
            .await
            .expect("request")
    }

    /// DELETE with an `If-Match`.
    pub async fn delete_if_match(&self, token: &str, path: &str, if_match: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .header("if-match", if_match)
            .send()
            .await
            .expect("request")
    }

    /// A GraphQL query without a token; the whole response.
    pub async fn graphql(&self, query: &str) -> Response {
        self.client
            .post(self.url("/graphql"))
            .json(&json!({"query": query}))
            .send()
            .await
            .expect("request")
    }

    /// A GraphQL query with a bearer token; returns the whole response body.
    pub async fn graphql_as(&self, token: &str, query: &str) -> Value {
        self.client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .json(&json!({"query": query}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// A GraphQL query without a token; returns the whole response body.
    pub async fn graphql_json(&self, query: &str) -> Value {
        self.graphql(query).await.json().await.expect("json")
    }
}

/// Asserts the one error shape and returns the code.
pub async fn error_code(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("error body is JSON");
    let error = body.get("error").expect("body has `error`");
    assert!(error["message"].is_string(), "error has a message: {body}");
    assert!(error.get("details").is_some(), "error has details: {body}");
    error["code"].as_str().expect("error has a code").to_owned()
}
