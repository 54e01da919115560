//! Meetings and their papers.
use reqwest::Response;

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
