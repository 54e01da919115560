//! `GET /files/{council}/documents/{id}/{name}`: downloading a meeting paper. A paper the caller may not see
//! (restricted, or not yet published) answers exactly like one that does not exist.
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use uuid::Uuid;

use super::{public, store};
use crate::{
    auth::extract::can_read_restricted,
    democracy::{DemocracyError, meetings},
    error::{ApiError, ErrorCode},
    state::AppState,
    tenancy,
};

pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id, _name) = path.into_inner();
    let not_found = || ApiError::not_found("Document");
    let tenant = tenancy::store::resolve(&state.db, &council)
        .await
        .map_err(|_| not_found())?;
    let doc = store::get_document(&tenant, &state.db, id)
        .await
        .map_err(|e| match e {
            DemocracyError::NotFound(_) => not_found(),
            other => other.into(),
        })?;
    let meeting = meetings::store::get(&tenant, &state.db, doc.meeting_id, true).await?;
    let items = store::items_of(&tenant, &state.db, vec![meeting.id]).await?;
    let public = public::document_visible(&meeting, &items, &doc);
    if !public && !can_read_restricted(&req, &state, &tenant).await {
        return Err(not_found());
    }
    let etag = format!("\"{}\"", doc.sha256);
    if crate::preconditions::not_modified(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let bytes = state
        .blobs
        .get(&doc.storage_key)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "The file is missing from storage."))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, doc.content_type.clone()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}\"", doc.file_name),
        ))
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CACHE_CONTROL,
            if public {
                "public, max-age=300"
            } else {
                "private, no-store"
            },
        ))
        .body(bytes))
}
