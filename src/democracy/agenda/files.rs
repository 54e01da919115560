//! `GET /files/{council}/documents/{id}/{name}`: downloading a meeting paper. Democracy decides who may see it
//! (the public only once its agenda is published, never an exempt or restricted one); the media library serves
//! it, with the same cache, range and disposition rules as its own files. A paper the caller may not see answers
//! exactly like one that does not exist.
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::{public, store};
use crate::{
    democracy::{DemocracyError, meetings},
    error::ApiError,
    media::download::{Access, Download, serve},
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
    let tenant = tenancy::store::resolve(&state.db, &state.clock, &council)
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
    // Public for now: publication can be withdrawn (an item made exempt hides its papers at once).
    let access = if public::document_visible(&meeting, &items, &doc) {
        Access::PublicUntilWithdrawn
    } else {
        Access::Restricted
    };
    let file = Download {
        key: &doc.storage_key,
        mime: &doc.content_type,
        file_name: &doc.file_name,
        size: doc.size_bytes.max(0) as u64,
        sha256: &doc.sha256,
        access,
        what: "Document",
    };
    serve(&state, &req, &tenant, &file).await
}
