//! Conditions over HTTP: optimistic concurrency (versions as strong ETags, `If-Match` required on updates) and
//! conditional GET (`If-None-Match`, answered `304` by every cached read).
use actix_web::{HttpRequest, http::header};

use crate::error::{ApiError, ErrorCode};

/// The ETag of a record at a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// What `If-Match: *` asks for: any current version (RFC 9110, 13.1.1: it matches whenever the record exists).
/// Every version check lets it through; the record must still exist.
pub const ANY_VERSION: i32 = i32::MIN;

/// The version an update expects, from `If-Match` ([`ANY_VERSION`] for `*`). Missing: 428. Not one of our ETags:
/// 412 (it cannot match).
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
    if value == "*" {
        return Ok(ANY_VERSION);
    }
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

/// Whether a conditional GET may be answered `304 Not Modified`: the request's `If-None-Match` (every line of
/// it) names the representation whose ETag is `etag`, or is `*`. Tags are compared weakly, as RFC 9110 asks
/// for `If-None-Match`: `W/"x"` and `"x"` are the same tag. A malformed list matches nothing (the full
/// response is sent).
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .any(|v| none_match_names(v, etag))
}

/// The opaque part of an entity tag (`W/"x"` or `"x"` give `x`); `None` when it is not one.
fn opaque(tag: &str) -> Option<&str> {
    let tag = tag.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    tag.strip_prefix('"')?.strip_suffix('"')
}

/// Whether one `If-None-Match` field value (`*` or a list of entity tags) names `etag`.
fn none_match_names(value: &str, etag: &str) -> bool {
    let value = value.trim();
    if value == "*" {
        return true;
    }
    let Some(wanted) = opaque(etag) else {
        return false;
    };
    // Entity tags may hold commas, so the list is read tag by tag rather than split.
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            return false;
        }
        rest = rest.strip_prefix("W/").unwrap_or(rest);
        let Some(quoted) = rest.strip_prefix('"') else {
            return false;
        };
        let Some(end) = quoted.find('"') else {
            return false;
        };
        if quoted.get(..end) == Some(wanted) {
            return true;
        }
        rest = quoted.get(end + 1..).unwrap_or_default();
        // Only whitespace may come before the next comma.
        let after = rest.trim_start_matches([' ', '\t']);
        if !(after.is_empty() || after.starts_with(',')) {
            return false;
        }
        rest = after;
    }
}

/// A public document (a feed, an export) answered with a strong `ETag` of its bytes, `Last-Modified` when the
/// caller knows it, and `Cache-Control`; `304 Not Modified` when `If-None-Match` names it (or, without one, when
/// `If-Modified-Since` is not older than `last_modified`).
pub fn cacheable_document(
    req: &HttpRequest,
    content_type: &str,
    cache_control: &str,
    last_modified: Option<chrono::DateTime<chrono::Utc>>,
    body: Vec<u8>,
) -> actix_web::HttpResponse {
    use sha2::{Digest, Sha256};
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    // HTTP dates have whole seconds.
    let modified = last_modified.map(|at| at.timestamp());
    let unchanged_since = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
        .zip(modified)
        .is_some_and(|(since, modified)| modified <= since.timestamp());
    let fresh = if req.headers().contains_key(header::IF_NONE_MATCH) {
        not_modified(req, &etag)
    } else {
        unchanged_since
    };
    let mut response = if fresh {
        actix_web::HttpResponse::NotModified()
    } else {
        actix_web::HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control));
    if let Some(at) =
        last_modified.and_then(|at| chrono::DateTime::from_timestamp(at.timestamp(), 0))
    {
        response.insert_header((
            header::LAST_MODIFIED,
            at.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        ));
    }
    if fresh {
        response.finish()
    } else {
        response
            .insert_header((header::CONTENT_TYPE, content_type))
            .body(body)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn if_none_match_compares_weakly_reads_lists_and_star() {
        let tag = "\"abc\"";
        for (value, expected) in [
            ("\"abc\"", true),
            ("W/\"abc\"", true),
            ("  \"abc\"  ", true),
            ("\"x\", \"abc\"", true),
            ("\"x\",W/\"abc\"", true),
            (",, \"x\" ,\t\"abc\",", true),
            ("*", true),
            (" * ", true),
            ("\"abcd\"", false),
            ("\"ab\"", false),
            ("abc", false),
            ("\"abc", false),
            ("\"a,bc\"", false),
            ("\"x\" \"abc\"", false),
            ("w/\"abc\"", false),
            ("", false),
            ("\"\"", false),
        ] {
            assert_eq!(none_match_names(value, tag), expected, "{value}");
        }
        // A tag holding a comma is one tag, not two.
        assert!(none_match_names("\"x\", \"a,b\"", "\"a,b\""));
        assert!(!none_match_names("\"a,b\"", "\"a\""));
        // Our own tag may be weak too.
        assert!(none_match_names("\"abc\"", "W/\"abc\""));
        assert!(!none_match_names("\"abc\"", "abc"));
    }

    #[test]
    fn every_if_none_match_line_counts() {
        let req = TestRequest::default()
            .append_header((header::IF_NONE_MATCH, "\"one\""))
            .append_header((header::IF_NONE_MATCH, "W/\"two\""))
            .to_http_request();
        assert!(not_modified(&req, "\"two\""));
        assert!(not_modified(&req, "\"one\""));
        assert!(!not_modified(&req, "\"three\""));
        assert!(!not_modified(
            &TestRequest::default().to_http_request(),
            "\"one\""
        ));
    }
}
