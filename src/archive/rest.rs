//! Council archives over HTTP, for platform administrators: download a council's archive (streamed), and upload
//! one to restore it (streamed to a temporary file, within `archive_max_bytes`).
use std::io::{Seek, SeekFrom, Write};

use actix_web::{HttpResponse, get, http::header, post, web};
use futures_util::StreamExt;
use serde::Deserialize;
use tokio::io::AsyncReadExt;
use utoipa::IntoParams;

use super::{ArchiveError, Restored};
use crate::{
    auth::PlatformAdmin,
    body::RawFile,
    error::{ApiError, ErrorBody, ErrorCode},
    state::AppState,
};

impl From<ArchiveError> for ApiError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::NoCouncil(_) => ApiError::not_found("council"),
            ArchiveError::Damaged(_)
            | ArchiveError::Unsupported(_)
            | ArchiveError::Unreadable(_) => ApiError::validation("archive", e.to_string()),
            ArchiveError::Reaches(_) | ArchiveError::Invalid(_) => {
                ApiError::validation("archive", e.to_string())
            }
            ArchiveError::TooLarge(_) => ApiError::new(ErrorCode::PayloadTooLarge, e.to_string()),
            ArchiveError::InvalidSlug(message) => ApiError::validation("slug", message),
            ArchiveError::SlugTaken(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
            ArchiveError::Db(db) => db.into(),
            ArchiveError::MissingFile { .. } | ArchiveError::Internal(_) => ApiError::internal(&e),
        }
    }
}

/// Download a council's archive: every record (with revisions), media and papers with their bytes, settings,
/// members (without password hashes) and webhooks (without secrets), with a manifest of SHA-256s (platform
/// administrators).
#[utoipa::path(
    tag = "councils",
    params(("council" = String, Path, description = "Council slug")),
    responses(
        (status = 200, description = "The archive (a gzip-compressed tar)", content_type = "application/gzip",
         body = RawFile, headers(("Content-Disposition" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}/archive")]
pub async fn export_archive(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    // Written to an unnamed temporary file (gone when closed), then streamed from it.
    let mut file = tempfile::tempfile().map_err(|e| ApiError::internal(&e))?;
    let writer = file.try_clone().map_err(|e| ApiError::internal(&e))?;
    let manifest = super::export_council(
        &state.db,
        state.blobs.as_ref(),
        &slug,
        writer,
        state.clock.now(),
    )
    .await?;
    file.flush().map_err(|e| ApiError::internal(&e))?;
    let length = file
        .seek(SeekFrom::End(0))
        .map_err(|e| ApiError::internal(&e))?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| ApiError::internal(&e))?;
    let event = crate::audit::Event::new(Some(manifest.council.id), "council.exported")
        .target("council", manifest.council.id)
        .detail(format!("parts={}", manifest.parts.len()));
    crate::audit::record(&state.db, event).await;
    let file = tokio::fs::File::from_std(file);
    let body = futures_util::stream::unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(web::Bytes::from(buf)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    let name = format!(
        "{slug}-{}.townhall.tar.gz",
        state.clock.today_in_london().format("%Y%m%d")
    );
    Ok(HttpResponse::Ok()
        .content_type("application/gzip")
        .insert_header((header::CONTENT_LENGTH, length))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .streaming(body))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Restore under this slug instead of the archive's (required when that slug is taken here).
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 2, max_length = 63)]
    pub slug: Option<String>,
}

/// Restore a council from its archive (platform administrators). The archive is checked whole against its
/// manifest first: a damaged or altered one is refused (422) and nothing is written. Ids are kept, unless the
/// council's id is already used here (a copy beside its original), when all are given anew.
#[utoipa::path(
    tag = "councils",
    params(ImportQuery),
    request_body(
        description = "A council archive, as written by `GET /api/v1/councils/{council}/archive` or `townhall export-council`",
        content((RawFile = "application/gzip"), (RawFile = "application/octet-stream")),
    ),
    responses(
        (status = 201, body = Restored),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "The slug is taken here", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/archives")]
pub async fn import_archive(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    query: web::Query<ImportQuery>,
    request: actix_web::HttpRequest,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !["application/gzip", "application/octet-stream"].contains(&essence) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the archive as application/gzip",
        ));
    }
    let limit = state.settings.archive_max_bytes;
    let mut file = tempfile::tempfile().map_err(|e| ApiError::internal(&e))?;
    let mut received: u64 = 0;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("archives are limited to {limit} bytes here"),
            ));
        }
        file.write_all(&chunk).map_err(|e| ApiError::internal(&e))?;
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| ApiError::internal(&e))?;
    let restored = super::restore(
        &state.db,
        state.blobs.as_ref(),
        file,
        query.slug.as_deref(),
        super::pack::Limits::from_settings(&state.settings),
    )
    .await?;
    Ok(HttpResponse::Created().json(restored))
}
