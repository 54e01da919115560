//! `/media/{council}/{id}/{filename}`: downloads with the right headers, `ETag`/`If-None-Match` (304) and single
//! byte ranges (206) for large files on phones. A restricted or deleted file answers exactly like one that does
//! not exist, except to signed-in users (or tokens) of its council for restricted ones.
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use uuid::Uuid;

use super::{model, renditions, store};
use crate::{
    auth::extract::can_read_restricted, error::ApiError, preconditions::not_modified,
    state::AppState, tenancy,
};

/// A requested byte range, resolved against the file's size.
#[derive(Debug, PartialEq, Eq)]
pub enum Range {
    Whole,
    Part(u64, u64),
    Unsatisfiable,
}

/// Reads a `Range: bytes=...` header: one range (`a-b`, `a-`, `-n`); anything else is served whole.
pub fn parse_range(value: Option<&str>, size: u64) -> Range {
    let Some(spec) = value.and_then(|v| v.trim().strip_prefix("bytes=")) else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((start, end)) = spec.split_once('-') else {
        return Range::Whole;
    };
    let (start, end) = match (
        start.trim().parse::<u64>().ok(),
        end.trim().parse::<u64>().ok(),
    ) {
        (Some(s), Some(e)) => (s, e.min(size.saturating_sub(1))),
        (Some(s), None) if end.trim().is_empty() => (s, size.saturating_sub(1)),
        (None, Some(n)) if start.trim().is_empty() && n > 0 => {
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        _ => return Range::Whole,
    };
    if size == 0 || start > end || start >= size {
        Range::Unsatisfiable
    } else {
        Range::Part(start, end)
    }
}

fn disposition(m: &model::Model) -> String {
    let inline = m.mime_type.starts_with("image/") || m.mime_type == "application/pdf";
    format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        m.file_name.replace(['"', '\\'], "")
    )
}

pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id) = path.into_inner();
    let not_found = || ApiError::not_found("File");
    let tenant = tenancy::store::resolve(&state.db, &council)
        .await
        .map_err(|_| not_found())?;
    let m = store::find(&tenant, &state.db, id, store::Found::Live)
        .await?
        .ok_or_else(not_found)?;
    if m.restricted && !can_read_restricted(&req, &state, &tenant).await {
        return Err(not_found());
    }
    if let Some(width) = requested_width(&req)? {
        return rendition(&state, &req, &m, width).await;
    }
    let etag = format!("\"{}\"", m.sha256);
    let cache = if m.restricted {
        "private, no-store"
    } else {
        // A file's bytes never change under its id.
        "public, max-age=31536000, immutable"
    };
    if not_modified(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let size = m.size.max(0) as u64;
    let range = parse_range(
        req.headers()
            .get(header::RANGE)
            .and_then(|v| v.to_str().ok()),
        size,
    );
    let mut response = match range {
        Range::Unsatisfiable => {
            return Ok(HttpResponse::RangeNotSatisfiable()
                .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
                .finish());
        }
        Range::Whole => HttpResponse::Ok(),
        Range::Part(..) => HttpResponse::PartialContent(),
    };
    let (start, end) = match range {
        Range::Part(s, e) => (s, e),
        _ => (0, size.saturating_sub(1)),
    };
    let bytes = if size == 0 {
        Vec::new()
    } else {
        state
            .blobs
            .get_range(&m.storage_key, start, end)
            .await
            .map_err(|e| ApiError::internal(&e))?
            .ok_or_else(not_found)?
    };
    if let Range::Part(s, e) = range {
        response.insert_header((header::CONTENT_RANGE, format!("bytes {s}-{e}/{size}")));
    }
    Ok(response
        .insert_header((header::CONTENT_TYPE, m.mime_type.clone()))
        .insert_header((header::CONTENT_DISPOSITION, disposition(&m)))
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}

/// `?w=` when given: one of the rendition widths, and only for images.
fn requested_width(req: &HttpRequest) -> Result<Option<u32>, ApiError> {
    let Some(value) =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("w").cloned())
    else {
        return Ok(None);
    };
    match value.parse::<u32>() {
        Ok(w) if renditions::WIDTHS.contains(&w) => Ok(Some(w)),
        _ => Err(ApiError::validation(
            "w",
            format!("use one of the widths {:?}", renditions::WIDTHS),
        )),
    }
}

/// Serves (making it the first time) a width-limited rendition of an image.
async fn rendition(
    state: &AppState,
    req: &HttpRequest,
    m: &model::Model,
    width: u32,
) -> Result<HttpResponse, ApiError> {
    if !m.mime_type.starts_with("image/") {
        return Err(ApiError::validation(
            "w",
            "renditions are made of images only",
        ));
    }
    let etag = format!("\"{}-w{width}\"", m.sha256);
    let cache = if m.restricted {
        "private, no-store"
    } else {
        "public, max-age=31536000, immutable"
    };
    if not_modified(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let key = renditions::key(&m.storage_key, width);
    let mime = renditions::mime_for(&m.mime_type);
    let bytes = match state
        .blobs
        .get(&key)
        .await
        .map_err(|e| ApiError::internal(&e))?
    {
        Some(bytes) => bytes,
        None => {
            let original = state
                .blobs
                .get(&m.storage_key)
                .await
                .map_err(|e| ApiError::internal(&e))?
                .ok_or_else(|| ApiError::not_found("File"))?;
            let made = renditions::make(original, m.mime_type.clone(), width)
                .await
                .ok_or_else(|| {
                    ApiError::new(
                        crate::error::ErrorCode::UnsupportedMediaType,
                        "This image cannot be resized.",
                    )
                })?;
            state
                .blobs
                .put(&key, &made.bytes)
                .await
                .map_err(|e| ApiError::internal(&e))?;
            made.bytes
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}

/// `/media/{council}/{id}/{filename}`: the name is for people; the id decides.
pub async fn download_named(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id, _) = path.into_inner();
    download(state, req, web::Path::from((council, id))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range(None, 100), Range::Whole);
        assert_eq!(parse_range(Some("bytes=0-9"), 100), Range::Part(0, 9));
        assert_eq!(parse_range(Some("bytes=90-"), 100), Range::Part(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), Range::Part(90, 99));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), Range::Part(50, 99));
        assert_eq!(parse_range(Some("bytes=100-"), 100), Range::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), Range::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 100), Range::Whole);
    }
}
