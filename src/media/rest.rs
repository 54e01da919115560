//! `/api/v1/councils/{council}/media`: upload (multipart, streamed), list, read, delete and restore.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    detect, model, renditions,
    store::{self, Found},
    upload::{self, sanitise_file_name},
    usage,
};
use crate::{
    auth::{AdminRole, AnyRole, CouncilAccess, extract::WriterRole},
    error::{ApiError, ErrorBody, ErrorCode},
    pagination::{PageQuery, encode_cursor},
    state::AppState,
    tenancy::{self, Tenant},
};

/// A file in the media library.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaResponse {
    pub id: Uuid,
    pub title: String,
    pub file_name: String,
    pub mime_type: String,
    pub size: i64,
    pub sha256: String,
    pub alt: Option<String>,
    pub decorative: bool,
    pub language: Option<String>,
    pub page_count: Option<i32>,
    /// An image's width and height in pixels (null for other files).
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// A PDF's own title, from its document information.
    pub document_title: Option<String>,
    /// A PDF with no extractable text: probably a scanned image that screen readers cannot read.
    pub likely_inaccessible: bool,
    /// A PDF without a document title (an accessibility check fails).
    pub missing_document_title: bool,
    pub restricted: bool,
    pub retention_date: Option<NaiveDate>,
    pub uploaded_by: Option<Uuid>,
    pub uploaded_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// Where it downloads from: a whole address (under the council's CDN address when it has one).
    pub url: String,
}

fn response(tenant: &Tenant, m: model::Model) -> MediaResponse {
    let missing_document_title = m.mime_type == "application/pdf" && m.document_title.is_none();
    MediaResponse {
        url: m.url(tenant),
        id: m.id,
        title: m.title,
        file_name: m.file_name,
        mime_type: m.mime_type,
        size: m.size,
        sha256: m.sha256,
        alt: m.alt,
        decorative: m.decorative,
        language: m.language,
        page_count: m.page_count,
        width: m.width,
        height: m.height,
        likely_inaccessible: m.text_extracted == Some(false),
        missing_document_title,
        document_title: m.document_title,
        restricted: m.restricted,
        retention_date: m.retention_date,
        uploaded_by: m.uploaded_by,
        uploaded_at: m.uploaded_at,
        deleted_at: m.deleted_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediaList {
    pub items: Vec<MediaResponse>,
    pub next_cursor: Option<String>,
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file. Its type is decided from its bytes: PDF, DOCX, XLSX, ODT, ODS, CSV, plain text, PNG, JPEG,
    /// WebP or GIF; anything else (HTML, SVG, executables, archives) is refused with 415.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Defaults to the file name.
    title: Option<String>,
    /// Required for images unless `decorative` is `true`.
    alt: Option<String>,
    decorative: Option<bool>,
    /// `en` or `cy`.
    language: Option<String>,
    /// Exempt papers: downloadable only by signed-in users of the council.
    restricted: Option<bool>,
    /// `YYYY-MM-DD`.
    retention_date: Option<String>,
}

fn flag(fields: &std::collections::HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match fields.get(name).map(|v| v.trim()) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::validation(name, "use true or false")),
    }
}

fn text(fields: &std::collections::HashMap<String, String>, name: &str) -> Option<String> {
    fields
        .get(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Upload a file (multipart/form-data, streamed; the council's size limit, 50 MiB by default, gives 413).
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = MediaResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/media")]
pub async fn upload_media(
    state: web::Data<AppState>,
    access: CouncilAccess<WriterRole>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let limit = upload::limit_of(&state.db, &access.tenant).await?;
    let received = upload::receive(&req, payload, &state.settings.upload_dir, limit).await?;
    let result = store_upload(&state, &access, &received).await;
    // Whatever happened, the temporary file does not outlive the request.
    received.discard().await;
    result
}

async fn store_upload(
    state: &AppState,
    access: &CouncilAccess<WriterRole>,
    received: &upload::Received,
) -> Result<HttpResponse, ApiError> {
    let fields = &received.fields;
    let mime = received.accepted_type()?;
    let decorative = flag(fields, "decorative")?;
    let alt = text(fields, "alt");
    if detect::is_image(mime) && !decorative && alt.is_none() {
        return Err(ApiError::validation(
            "alt",
            "alt text is required unless the image is marked decorative",
        ));
    }
    let language = text(fields, "language")
        .map(|l| tenancy::check_locale("language", Some(&l)))
        .transpose()?;
    let retention_date = text(fields, "retention_date")
        .map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| ApiError::validation("retention_date", "use YYYY-MM-DD"))
        })
        .transpose()?;
    let mut file_name = sanitise_file_name(&received.file_name);
    let extension = detect::extension(mime);
    if !file_name
        .to_ascii_lowercase()
        .ends_with(&format!(".{extension}"))
    {
        file_name = format!("{file_name}.{extension}");
    }
    let title: String = text(fields, "title")
        .unwrap_or_else(|| file_name.clone())
        .chars()
        .take(500)
        .collect();
    let facts = if mime == "application/pdf" {
        Some(super::pdf::inspect(&received.temp).await)
    } else {
        None
    };
    let size = if detect::is_image(mime) {
        super::renditions::dimensions(received.temp.clone()).await
    } else {
        None
    };
    let kept = received.keep(state.blobs.as_ref(), &access.tenant).await?;
    let row = model::ActiveModel {
        id: Set(kept.id),
        council_id: NotSet,
        title: Set(title),
        file_name: Set(file_name),
        mime_type: Set(mime.to_owned()),
        size: Set(kept.size as i64),
        sha256: Set(kept.sha256.clone()),
        storage_key: Set(kept.key.clone()),
        alt: Set(alt.map(|a| a.chars().take(1000).collect())),
        decorative: Set(decorative),
        language: Set(language),
        page_count: Set(facts.as_ref().and_then(|f| f.page_count)),
        width: Set(size.map(|(w, _)| w.min(i32::MAX as u32) as i32)),
        height: Set(size.map(|(_, h)| h.min(i32::MAX as u32) as i32)),
        document_title: Set(facts
            .as_ref()
            .and_then(|f| f.title.clone())
            .map(|t| t.chars().take(500).collect())),
        text_extracted: Set(facts.as_ref().map(|f| !f.text.is_empty())),
        text_content: Set(facts
            .as_ref()
            .map(|f| f.text.clone())
            .filter(|t| !t.is_empty())),
        restricted: Set(flag(fields, "restricted")?),
        retention_date: Set(retention_date),
        uploaded_by: Set(access.principal.user_id()),
        uploaded_at: Set(access.tenant.now()),
        version: Set(1),
        deleted_at: Set(None),
    };
    let saved = match store::insert(&access.tenant, &state.db, row).await {
        Ok(saved) => saved,
        Err(e) => {
            kept.discard(state.blobs.as_ref()).await;
            return Err(e.into());
        }
    };
    let event = crate::audit::Event::new(Some(access.tenant.id()), "media.uploaded")
        .target("media", saved.id)
        .detail(format!("type={} size={}", saved.mime_type, saved.size));
    crate::audit::record(&state.db, event).await;
    index(&access.tenant, &state.db, &saved).await?;
    Ok(HttpResponse::Created().json(response(&access.tenant, saved)))
}

/// Keeps a document's text in the public search index while it is downloadable by everyone.
async fn index(
    tenant: &Tenant,
    db: &sea_orm::DatabaseConnection,
    m: &model::Model,
) -> Result<(), ApiError> {
    crate::search::remove(tenant, db, m.id, None).await?;
    let Some(text) = &m.text_content else {
        return Ok(());
    };
    if m.restricted || m.deleted_at.is_some() {
        return Ok(());
    }
    crate::search::upsert(
        tenant,
        db,
        crate::search::IndexDoc {
            source_kind: "document",
            source_id: m.id,
            locale: m.language.clone().unwrap_or_else(|| "en".into()),
            visibility: crate::search::Visibility::Live,
            title: m.title.clone(),
            body: text.clone(),
            path: Some(m.path(tenant.slug())),
        },
    )
    .await?;
    Ok(())
}

/// A public (not restricted, not deleted) image of the council's library.
pub async fn library_image(
    tenant: &Tenant,
    db: &sea_orm::DatabaseConnection,
    id: Uuid,
) -> Result<Option<model::Model>, ApiError> {
    Ok(store::public_image(tenant, db, id).await?)
}

/// `?deleted=&q=` on the library's list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaListQuery {
    /// List the deleted files (to restore or purge them) instead of the live ones.
    #[serde(default)]
    pub deleted: bool,
    /// Text in the title or the file name (case-insensitive).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// The council's media, newest first; `deleted=true` lists the deleted files instead.
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), PageQuery, MediaListQuery),
    responses((status = 200, body = MediaList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/media")]
pub async fn list_media(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    page: web::Query<PageQuery>,
    filter: web::Query<MediaListQuery>,
) -> Result<web::Json<MediaList>, ApiError> {
    let page = page.validate()?;
    let filter = filter.into_inner();
    let text = filter
        .q
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    if text.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::validation(
            "q",
            "Search for at most 200 characters.",
        ));
    }
    let listing = store::Listing {
        deleted: filter.deleted,
        text,
    };
    let mut rows = store::page(
        &access.tenant,
        &state.db,
        &listing,
        page.after,
        page.limit + 1,
    )
    .await?;
    let more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| encode_cursor(r.id))
    } else {
        None
    };
    Ok(web::Json(MediaList {
        items: rows
            .into_iter()
            .map(|m| response(&access.tenant, m))
            .collect(),
        next_cursor,
    }))
}

async fn find(
    state: &AppState,
    tenant: &Tenant,
    id: Uuid,
    found: Found,
) -> Result<model::Model, ApiError> {
    store::find(tenant, &state.db, id, found)
        .await?
        .ok_or_else(|| ApiError::not_found("Media"))
}

/// One file's metadata.
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MediaResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/media/{id}")]
pub async fn get_media(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<MediaResponse>, ApiError> {
    let m = find(&state, &access.tenant, path.1, Found::Live).await?;
    Ok(web::Json(response(&access.tenant, m)))
}

async fn set_deleted(
    state: &AppState,
    access: &CouncilAccess<WriterRole>,
    id: Uuid,
    deleted: bool,
) -> Result<model::Model, ApiError> {
    let before = if deleted { Found::Live } else { Found::Deleted };
    find(state, &access.tenant, id, before).await?;
    let m = store::set_deleted(&access.tenant, &state.db, id, deleted)
        .await?
        .ok_or_else(|| ApiError::not_found("Media"))?;
    index(&access.tenant, &state.db, &m).await?;
    let action = if deleted {
        "media.deleted"
    } else {
        "media.restored"
    };
    let event = crate::audit::Event::new(Some(access.tenant.id()), action).target("media", m.id);
    crate::audit::record(&state.db, event).await;
    Ok(m)
}

/// Delete a file (soft: it stops downloading at once and can be restored; the bytes are kept).
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MediaResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/media/{id}")]
pub async fn delete_media(
    state: web::Data<AppState>,
    access: CouncilAccess<WriterRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<MediaResponse>, ApiError> {
    let m = set_deleted(&state, &access, path.1, true).await?;
    Ok(web::Json(response(&access.tenant, m)))
}

/// Restore a deleted file.
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MediaResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/media/{id}/restore")]
pub async fn restore_media(
    state: web::Data<AppState>,
    access: CouncilAccess<WriterRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<MediaResponse>, ApiError> {
    let m = set_deleted(&state, &access, path.1, false).await?;
    Ok(web::Json(response(&access.tenant, m)))
}

/// Where a file is used: published pages, services, news and alerts, councillors' photos and forward plan
/// entries (at most 50 places). A file in use can still be deleted (softly), but not purged.
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<usage::Usage>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/media/{id}/usage")]
pub async fn media_usage(
    state: web::Data<AppState>,
    checks: web::Data<usage::UsageChecks>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<usage::Usage>>, ApiError> {
    let m = find(&state, &access.tenant, path.1, Found::Any).await?;
    Ok(web::Json(
        checks.usages(&access.tenant, &state.db, m.id).await?,
    ))
}

/// Purge a deleted file for good: its record, its bytes and its renditions (admins only). Only a file that
/// has been deleted first can be purged (409 `conflict` otherwise), and never one that published content,
/// a councillor or a forward plan entry uses (409 `in_use`, with the places in `details.usages`).
#[utoipa::path(
    tag = "media",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/media/{id}/purge")]
pub async fn purge_media(
    state: web::Data<AppState>,
    checks: web::Data<usage::UsageChecks>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let tenant = &access.tenant;
    let m = find(&state, tenant, path.1, Found::Any).await?;
    if m.deleted_at.is_none() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "Only a deleted file can be purged: delete it first.",
        ));
    }
    let used = checks.usages(tenant, &state.db, m.id).await?;
    if !used.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InUse,
            format!(
                "This file is used in {} place(s) and cannot be purged.",
                used.len()
            ),
        )
        .with_details(serde_json::json!({ "usages": used })));
    }
    crate::search::remove(tenant, &state.db, m.id, None).await?;
    store::purge(tenant, &state.db, m.id).await?;
    // The record is gone, so the bytes are unreachable: a failure to remove them leaves garbage, not a file
    // anybody can download; it is logged (by key, which holds no personal data) for the operator.
    let keys =
        std::iter::once(m.storage_key.clone()).chain(renditions::WIDTHS.iter().flat_map(|w| {
            [
                renditions::Format::Jpeg,
                renditions::Format::Webp,
                renditions::Format::Png,
            ]
            .map(|format| renditions::key(&m.storage_key, &m.mime_type, *w, format))
        }));
    for key in keys {
        if let Err(e) = state.blobs.delete(&key).await {
            tracing::warn!(key = %key, error = %e, "could not remove a purged file's bytes");
        }
    }
    tracing::info!(media = %m.id, council = %tenant.slug(), "media purged");
    let event = crate::audit::Event::new(Some(tenant.id()), "media.purged").target("media", m.id);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}
