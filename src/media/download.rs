//! Downloading stored files, one way for the media library (`/media/{council}/{id}/{filename}`) and meeting
//! papers (`/files/{council}/documents/{id}/{name}`, whose access democracy decides): the right headers,
//! `ETag`/`If-None-Match` (304) and single byte ranges (206) for large files on phones. A restricted or deleted
//! file answers exactly like one that does not exist, except to signed-in users (or tokens) of its council for
//! restricted ones.
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use uuid::Uuid;

use super::{model, renditions, store};
use crate::{
    auth::extract::can_read_restricted,
    error::ApiError,
    preconditions::not_modified,
    state::AppState,
    tenancy::{self, Tenant},
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

/// Who may download a file, decided by the feature that owns it; the caching that follows is decided here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, for as long as the file exists: shared caches may keep it for a year (the bytes never change
    /// under their id).
    Public,
    /// Anyone for now, but its owner may withdraw it at any time (a meeting paper whose item becomes exempt):
    /// shared caches keep it five minutes.
    PublicUntilWithdrawn,
    /// Signed-in users (or tokens) of the council only; never cached. To anyone else it answers exactly like a
    /// file that does not exist.
    Restricted,
}

impl Access {
    fn cache_control(self) -> &'static str {
        match self {
            Access::Public => "public, max-age=31536000, immutable",
            Access::PublicUntilWithdrawn => "public, max-age=300",
            Access::Restricted => "private, no-store",
        }
    }

    /// Whether the request may download a file of the council with this access.
    pub async fn permits(self, state: &AppState, req: &HttpRequest, tenant: &Tenant) -> bool {
        self != Access::Restricted || can_read_restricted(req, state, tenant).await
    }
}

/// A stored file as it is downloaded: a file of the media library or a meeting paper.
#[derive(Debug, Clone)]
pub struct Download<'a> {
    /// Its storage key.
    pub key: &'a str,
    pub mime: &'a str,
    /// The (sanitised) name offered to the browser.
    pub file_name: &'a str,
    pub size: u64,
    /// The SHA-256 of its bytes, hex: its ETag.
    pub sha256: &'a str,
    pub access: Access,
    /// What it is called in a 404 (`File`, `Document`).
    pub what: &'static str,
}

fn disposition(mime: &str, file_name: &str) -> String {
    let inline = mime.starts_with("image/") || mime == "application/pdf";
    format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        file_name.replace(['"', '\\'], "")
    )
}

/// Serves a stored file of the council: its access checked (404 otherwise), `ETag`/`If-None-Match` (304), one
/// byte range (206, or 416 beyond the end), `Content-Disposition` inline for PDFs and images and attachment
/// for the rest, and caching by its access.
pub async fn serve(
    state: &AppState,
    req: &HttpRequest,
    tenant: &Tenant,
    file: &Download<'_>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found(file.what);
    if !file.access.permits(state, req, tenant).await {
        return Err(not_found());
    }
    let etag = format!("\"{}\"", file.sha256);
    let cache = file.access.cache_control();
    if not_modified(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let size = file.size;
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
        match state
            .blobs
            .get_range(file.key, start, end)
            .await
            .map_err(|e| ApiError::internal(&e))?
        {
            Some(bytes) => bytes,
            None => {
                // A record without its bytes: the operator must know; the client sees no file.
                tracing::error!(key = %file.key, "a stored file's bytes are missing");
                return Err(not_found());
            }
        }
    };
    if let Range::Part(s, e) = range {
        response.insert_header((header::CONTENT_RANGE, format!("bytes {s}-{e}/{size}")));
    }
    Ok(response
        .insert_header((header::CONTENT_TYPE, file.mime.to_owned()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            disposition(file.mime, file.file_name),
        ))
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        // Files go as they are: byte ranges and ETags refer to the stored bytes, and most formats are packed.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}

/// `/media/{council}/{id}`: a file of the library, or (`?w=`) a rendition of an image.
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id) = path.into_inner();
    let not_found = || ApiError::not_found("File");
    let tenant = tenancy::store::resolve(&state.db, &state.clock, &council)
        .await
        .map_err(|_| not_found())?;
    let m = store::find(&tenant, &state.db, id, store::Found::Live)
        .await?
        .ok_or_else(not_found)?;
    let file = Download {
        key: &m.storage_key,
        mime: &m.mime_type,
        file_name: &m.file_name,
        size: m.size.max(0) as u64,
        sha256: &m.sha256,
        access: if m.restricted {
            Access::Restricted
        } else {
            Access::Public
        },
        what: "File",
    };
    match requested_rendition(&req) {
        Ok(None) => serve(&state, &req, &tenant, &file).await,
        asked => {
            // Nothing, not even a wrong width, is told about a file the caller may not see.
            if !file.access.permits(&state, &req, &tenant).await {
                return Err(not_found());
            }
            match asked? {
                Some((width, format)) => {
                    let format = format.unwrap_or(renditions::Format::default_for(&m.mime_type));
                    rendition(&state, &req, &m, file.access, width, format).await
                }
                None => serve(&state, &req, &tenant, &file).await,
            }
        }
    }
}

/// `?w=` (one of the rendition widths) and `&format=` (`jpeg`, `webp` or `png`, only with a width) when given.
fn requested_rendition(
    req: &HttpRequest,
) -> Result<Option<(u32, Option<renditions::Format>)>, ApiError> {
    let query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .map(web::Query::into_inner)
            .unwrap_or_default();
    let format = match query.get("format") {
        None => None,
        Some(name) => Some(
            renditions::Format::parse(name)
                .ok_or_else(|| ApiError::validation("format", "use jpeg, webp or png"))?,
        ),
    };
    let Some(value) = query.get("w") else {
        return match format {
            None => Ok(None),
            Some(_) => Err(ApiError::validation(
                "format",
                "give a width (w) with a format: renditions have one of the widths",
            )),
        };
    };
    match value.parse::<u32>() {
        Ok(w) if renditions::WIDTHS.contains(&w) => Ok(Some((w, format))),
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
    access: Access,
    width: u32,
    format: renditions::Format,
) -> Result<HttpResponse, ApiError> {
    if !m.mime_type.starts_with("image/") {
        return Err(ApiError::validation(
            "w",
            "renditions are made of images only",
        ));
    }
    let etag = if format == renditions::Format::default_for(&m.mime_type) {
        format!("\"{}-w{width}\"", m.sha256)
    } else {
        format!("\"{}-w{width}.{}\"", m.sha256, format.as_str())
    };
    let cache = access.cache_control();
    if not_modified(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let key = renditions::key(&m.storage_key, &m.mime_type, width, format);
    let mime = format.mime();
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
            let made = renditions::make(original, width, format)
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
