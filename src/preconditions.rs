//! Optimistic concurrency over HTTP: versions as strong ETags, `If-Match` required on updates.
use actix_web::{HttpRequest, http::header};

use crate::error::{ApiError, ErrorCode};

/// The ETag of a record at a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version an update expects, from `If-Match`. Missing: 428. Not one of our ETags: 412 (it cannot match).
pub fn expected_version(req: &HttpRequest) -> Result<i32, ApiError> {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag you last read, so that edits never overwrite each other.",
            )
        })?
        .to_str()
        .unwrap_or_default()
        .trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse::<i32>().ok())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionFailed,
                "If-Match does not match the current version; read the record again.",
            )
        })
}
