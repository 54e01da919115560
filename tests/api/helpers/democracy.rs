//! Meetings: a committee and its meeting, agenda items, papers.
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use super::TestApp;

/// Uploads a paper of one of York's meetings (`query`: kind, title, file name, ...), the body being the file.
pub async fn upload_paper(
    app: &TestApp,
    token: &str,
    meeting: &str,
    query: &str,
    content_type: &str,
    bytes: &[u8],
) -> Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/councils/york/meetings/{meeting}/documents?{query}"
        )))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(bytes.to_vec())
        .send()
        .await
        .expect("request")
}

impl TestApp {
    /// Creates a committee (name, kind) and a meeting of it (start, venue, ...) as `token`; returns the meeting's id.
    pub async fn meeting(
        &self,
        token: &str,
        council: &str,
        committee: Value,
        mut meeting: Value,
    ) -> String {
        let committee = self
            .post(
                token,
                &format!("/api/v1/councils/{council}/committees"),
                &committee,
            )
            .await;
        meeting["committee_id"] = json!(created_id(committee, "committee").await);
        let response = self
            .post(
                token,
                &format!("/api/v1/councils/{council}/meetings"),
                &meeting,
            )
            .await;
        created_id(response, "meeting").await
    }

    /// Adds an item (`item`: order label, title, position, ...) to a meeting's agenda as `token`; returns its id.
    pub async fn agenda_item(
        &self,
        token: &str,
        council: &str,
        meeting: &str,
        item: Value,
    ) -> String {
        let response = self
            .post(
                token,
                &format!("/api/v1/councils/{council}/meetings/{meeting}/agenda-items"),
                &item,
            )
            .await;
        created_id(response, &format!("agenda item {item}")).await
    }
}

/// The id of what a POST created, asserting it answered 201.
async fn created_id(response: Response, what: &str) -> String {
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::CREATED, "create {what}: {body}");
    body["id"].as_str().expect("id").to_owned()
}
