//! Managing a meeting's agenda and papers: `/api/v1/councils/{council}/meetings/{id}/agenda`, `/agenda-items`,
//! `/documents`. Members of the council see everything here, drafts and exempt material included.
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    model::{DocumentKind, agenda_item, document},
    store::{self, ItemFields, NewDocument},
};
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    body::RawFile,
    democracy::clean,
    democracy::revisions::{RecordKind, RevisionAction, Write},
    democracy::{DemocracyError, meetings},
    error::{ApiError, ErrorBody},
    media::{pdf, upload},
    preconditions::expected_version,
    state::AppState,
    tenancy::Tenant,
};

#[derive(Serialize, ToSchema)]
pub struct AgendaItemResponse {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub position: i32,
    pub order_label: String,
    pub title: String,
    pub description: Option<String>,
    pub exempt_paragraph: Option<i16>,
    pub key_decision: bool,
    /// Empty means all wards.
    pub ward_ids: Vec<Uuid>,
    pub minutes: Option<String>,
    pub resolution: Option<String>,
    pub version: i32,
}

impl From<agenda_item::Model> for AgendaItemResponse {
    fn from(i: agenda_item::Model) -> Self {
        Self {
            id: i.id,
            parent_id: i.parent_id,
            position: i.position,
            ward_ids: store::parse_wards(&i.ward_ids),
            order_label: i.order_label,
            title: i.title,
            description: i.description,
            exempt_paragraph: i.exempt_paragraph,
            key_decision: i.key_decision,
            minutes: i.minutes,
            resolution: i.resolution,
            version: i.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DocumentResponse {
    pub id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub kind: DocumentKind,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub restricted: bool,
    /// Download address; restricted papers need a bearer token of this council.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

/// Where a paper downloads from on this server.
pub fn document_path(council: &str, d: &document::Model) -> String {
    format!("/files/{council}/documents/{}/{}", d.id, d.file_name)
}

/// A paper's whole address, for API answers: under the council's CDN address when it has one.
pub fn document_url(tenant: &Tenant, d: &document::Model) -> String {
    tenant.file_url(&document_path(tenant.slug(), d))
}

fn document_response(tenant: &Tenant, d: document::Model) -> DocumentResponse {
    DocumentResponse {
        url: document_url(tenant, &d),
        id: d.id,
        agenda_item_id: d.agenda_item_id,
        kind: DocumentKind::parse(&d.kind).unwrap_or(DocumentKind::BackgroundPaper),
        title: d.title,
        file_name: d.file_name,
        content_type: d.content_type,
        size_bytes: d.size_bytes,
        sha256: d.sha256,
        restricted: d.restricted,
        created_at: d.created_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaResponse {
    pub items: Vec<AgendaItemResponse>,
    pub documents: Vec<DocumentResponse>,
}

/// Where one item goes in a reordered agenda, at the version it was read at.
#[derive(Deserialize, ToSchema)]
pub struct AgendaPlace {
    pub id: Uuid,
    /// The item's version as read (its ETag's number).
    pub version: i32,
    /// The main item it sits under; none for a main item.
    pub parent_id: Option<Uuid>,
    pub position: i32,
    pub order_label: String,
}

/// A meeting's whole agenda in its new order: every item once.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "0190f5a2-0000-7000-8000-000000000001", "version": 3, "parent_id": null, "position": 1, "order_label": "1"}]}))]
pub struct AgendaOrderRequest {
    pub items: Vec<AgendaPlace>,
}

/// Reorder a meeting's agenda in one go: every item's parent, position and label. All or nothing: a stale item
/// (412) or an agenda listed other than whole (422) changes nothing. Each moved item gets a revision.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    request_body = AgendaOrderRequest,
    responses(
        (status = 200, body = AgendaResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/councils/{council}/meetings/{id}/agenda/order")]
pub async fn reorder_agenda(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<AgendaOrderRequest>,
) -> Result<web::Json<AgendaResponse>, ApiError> {
    let meeting = path.1;
    let places = body
        .into_inner()
        .items
        .into_iter()
        .map(|p| store::Place {
            id: p.id,
            version: p.version,
            parent_id: p.parent_id,
            position: p.position,
            order_label: p.order_label,
        })
        .collect();
    let write = Write::begin(&state, &access).await?;
    let moved = store::reorder(&access.tenant, write.db(), meeting, places).await?;
    let count = moved.len();
    for item in moved {
        let (id, version) = (item.id, item.version);
        write
            .revision(
                RecordKind::AgendaItem,
                id,
                version,
                RevisionAction::Updated,
                &AgendaItemResponse::from(item),
            )
            .await?;
    }
    write
        .finish(
            "record.agenda_reordered",
            RecordKind::Meeting,
            meeting,
            count,
        )
        .await?;
    Ok(web::Json(
        agenda_of(&access.tenant, &state.db, meeting).await?,
    ))
}

/// An agenda item as written by a client (create, or full replacement on update).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"order_label": "3.1", "title": "Land at Mill Lane: planning application 26/01234/FUL", "key_decision": false, "position": 31}))]
pub struct AgendaItemRequest {
    pub parent_id: Option<Uuid>,
    #[serde(default)]
    pub position: i32,
    pub order_label: String,
    pub title: String,
    pub description: Option<String>,
    /// Schedule 12A paragraph 1-7 for an exempt item.
    pub exempt_paragraph: Option<i16>,
    #[serde(default)]
    pub key_decision: bool,
    #[serde(default)]
    pub ward_ids: Vec<Uuid>,
    pub minutes: Option<String>,
    pub resolution: Option<String>,
}

impl AgendaItemRequest {
    fn validate(self) -> Result<ItemFields, DemocracyError> {
        let label = self.order_label.trim();
        let title = self.title.trim();
        if label.is_empty() || label.len() > 20 {
            return Err(DemocracyError::Validation {
                field: "order_label",
                message: "give a label of 1 to 20 characters, e.g. 3.1".into(),
            });
        }
        if title.is_empty() || title.chars().count() > 500 {
            return Err(DemocracyError::Validation {
                field: "title",
                message: "give a title of 1 to 500 characters".into(),
            });
        }
        Ok(ItemFields {
            parent_id: self.parent_id,
            position: self.position,
            order_label: label.to_owned(),
            title: title.to_owned(),
            description: clean(self.description),
            exempt_paragraph: self.exempt_paragraph,
            key_decision: self.key_decision,
            ward_ids: self.ward_ids,
            minutes: clean(self.minutes),
            resolution: clean(self.resolution),
        })
    }
}

/// A meeting's whole agenda and papers, as its members see them.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, body = AgendaResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/meetings/{id}/agenda")]
pub async fn get_agenda(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<AgendaResponse>, ApiError> {
    let (_, id) = path.into_inner();
    meetings::store::get(&access.tenant, &state.db, id, false).await?;
    Ok(web::Json(agenda_of(&access.tenant, &state.db, id).await?))
}

/// A meeting's live items and papers as its members see them.
async fn agenda_of(
    tenant: &Tenant,
    db: &sea_orm::DatabaseConnection,
    meeting: Uuid,
) -> Result<AgendaResponse, ApiError> {
    let items = store::items_of(tenant, db, vec![meeting]).await?;
    let documents = store::documents_of(tenant, db, vec![meeting]).await?;
    Ok(AgendaResponse {
        items: items.into_iter().map(Into::into).collect(),
        documents: documents
            .into_iter()
            .map(|d| document_response(tenant, d))
            .collect(),
    })
}

/// Add an item to a meeting's agenda.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    request_body = AgendaItemRequest,
    responses(
        (status = 201, body = AgendaItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/agenda-items")]
pub async fn create_agenda_item(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<AgendaItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let item = store::create_item(&access.tenant, write.db(), path.1, fields).await?;
    item_written(write, item, RevisionAction::Created).await
}

/// Replace an agenda item (including its minutes and resolution). Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = AgendaItemRequest,
    responses(
        (status = 200, body = AgendaItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/agenda-items/{id}")]
pub async fn update_agenda_item(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<AgendaItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let item = store::update_item(&access.tenant, write.db(), path.1, version, fields).await?;
    item_written(write, item, RevisionAction::Updated).await
}

/// Remove an agenda item (soft delete).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/agenda-items/{id}")]
pub async fn delete_agenda_item(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let item = store::set_item_deleted(&access.tenant, write.db(), path.1, true).await?;
    let snapshot = AgendaItemResponse::from(item.clone());
    write
        .commit(
            RecordKind::AgendaItem,
            item.id,
            item.version,
            RevisionAction::Deleted,
            &snapshot,
        )
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore a deleted agenda item.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = AgendaItemResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/agenda-items/{id}/restore")]
pub async fn restore_agenda_item(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let item = store::set_item_deleted(&access.tenant, write.db(), path.1, false).await?;
    item_written(write, item, RevisionAction::Restored).await
}

/// Answers a write of an agenda item, recording its revision in the write's transaction.
async fn item_written(
    write: Write,
    item: agenda_item::Model,
    action: RevisionAction,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = (item.id, item.version);
    write
        .respond(
            RecordKind::AgendaItem,
            id,
            version,
            action,
            AgendaItemResponse::from(item),
        )
        .await
}

/// The older form of a paper upload: the body is the file and these come in the query string. Kept, documented
/// as deprecated, for one release; new clients send `multipart/form-data` like the media library.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// (Raw-body uploads only.) What the paper is.
    pub kind: Option<DocumentKind>,
    /// (Raw-body uploads only.) The paper's title.
    pub title: Option<String>,
    /// (Raw-body uploads only.) The name to offer on download (sanitised); `.csv` makes a text file CSV.
    pub file_name: Option<String>,
    /// (Raw-body uploads only.) The agenda item the paper belongs to.
    pub agenda_item: Option<Uuid>,
    /// (Raw-body uploads only.) Exempt paper.
    #[serde(default)]
    pub restricted: bool,
}

/// The multipart form of a paper upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaperUploadForm {
    /// The file. Its type is decided from its bytes: PDF, DOCX, XLSX, ODT, ODS, CSV, plain text, PNG, JPEG,
    /// WebP or GIF; anything else (HTML, SVG, executables, archives) is refused with 415. The part's file name is
    /// the name offered on download (sanitised); `.csv` makes a text file CSV.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    kind: DocumentKind,
    /// 1 to 500 characters.
    title: String,
    /// The agenda item the paper belongs to.
    agenda_item: Option<Uuid>,
    /// Exempt paper: only signed-in users of the council see it. Papers of exempt items are always restricted.
    restricted: Option<bool>,
}

/// What a paper upload says about the paper, from either form.
struct PaperFields {
    kind: DocumentKind,
    title: String,
    file_name: String,
    agenda_item: Option<Uuid>,
    restricted: bool,
}

fn paper_title(title: &str) -> Result<String, ApiError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 500 {
        return Err(ApiError::validation(
            "title",
            "give a title of 1 to 500 characters",
        ));
    }
    Ok(title.to_owned())
}

/// Reads the form fields of a multipart paper upload.
fn multipart_fields(received: &upload::Received) -> Result<PaperFields, ApiError> {
    let field = |name: &str| {
        received
            .fields
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let kind =
        field("kind").ok_or_else(|| ApiError::validation("kind", "say what the paper is"))?;
    let kind = DocumentKind::parse(&kind).ok_or_else(|| {
        ApiError::validation(
            "kind",
            "use agenda_pack, report, appendix, supplement, minutes, decision_notice or background_paper",
        )
    })?;
    let title = paper_title(&field("title").unwrap_or_default())?;
    let agenda_item = field("agenda_item")
        .map(|id| {
            Uuid::parse_str(&id)
                .map_err(|_| ApiError::validation("agenda_item", "give an agenda item's id"))
        })
        .transpose()?;
    let restricted = match field("restricted").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::validation("restricted", "use true or false")),
    };
    Ok(PaperFields {
        kind,
        title,
        file_name: received.file_name.clone(),
        agenda_item,
        restricted,
    })
}

/// Reads the query string of a raw-body paper upload.
fn query_fields(query: UploadQuery) -> Result<PaperFields, ApiError> {
    Ok(PaperFields {
        kind: query
            .kind
            .ok_or_else(|| ApiError::validation("kind", "say what the paper is"))?,
        title: paper_title(query.title.as_deref().unwrap_or_default())?,
        file_name: query
            .file_name
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| ApiError::validation("file_name", "give the file's name"))?,
        agenda_item: query.agenda_item,
        restricted: query.restricted,
    })
}

/// Upload a paper for a meeting, as `multipart/form-data` like the media library (`file`, `kind`, `title`,
/// optional `agenda_item` and `restricted`). Its type is decided from its bytes.
///
/// The file is streamed; past the council's upload limit (50 MiB by default) it is refused with 413. As in the
/// media library, PDF, DOCX, XLSX, ODT, ODS, CSV, plain text, PNG, JPEG, WebP and GIF are accepted, whatever
/// the declared `Content-Type`; anything else (HTML, SVG, executables, archives) is refused with 415.
///
/// Deprecated, for one release: the file as the whole body (any other `Content-Type`) with `kind`, `title`,
/// `file_name`, `agenda_item` and `restricted` in the query string.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id"), UploadQuery),
    request_body(
        description = "The paper and what it is; or (deprecated) the file as the whole body, described in the query string",
        content(
            (PaperUploadForm = "multipart/form-data"),
            (RawFile = "application/octet-stream"),
        ),
    ),
    responses(
        (status = 201, body = DocumentResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/documents")]
pub async fn upload_document(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (_, meeting_id) = path.into_inner();
    let limit = upload::limit_of(&state.db, &access.tenant).await?;
    let (received, fields) = if upload::is_multipart(&req) {
        let received = upload::receive(&req, payload, &state.settings.upload_dir, limit).await?;
        match multipart_fields(&received) {
            Ok(fields) => (received, fields),
            Err(error) => {
                received.discard().await;
                return Err(error);
            }
        }
    } else {
        let query = web::Query::<UploadQuery>::from_query(req.query_string())
            .map_err(|e| ApiError::new(crate::error::ErrorCode::BadRequest, e.to_string()))?;
        let fields = query_fields(query.into_inner())?;
        let received = upload::receive_body(
            &req,
            payload,
            &state.settings.upload_dir,
            limit,
            &fields.file_name,
        )
        .await?;
        (received, fields)
    };
    let result = async {
        let content_type = received.accepted_type()?;
        let new = NewDocument {
            meeting_id,
            agenda_item_id: fields.agenda_item,
            kind: fields.kind,
            title: fields.title,
            file_name: upload::sanitise_file_name(&fields.file_name),
            content_type: content_type.to_owned(),
            restricted: fields.restricted,
            uploaded_by: access.principal.user_id(),
            text: pdf::text_of_file(content_type, &received.temp).await,
        };
        let kept = received.keep(state.blobs.as_ref(), &access.tenant).await?;
        let recorded = async {
            let write = Write::begin(&state, &access).await?;
            let doc = store::create_document(&access.tenant, write.db(), &kept, new).await?;
            document_written(write, &access.tenant, doc, RevisionAction::Created).await
        }
        .await;
        if recorded.is_err() {
            kept.discard(state.blobs.as_ref()).await;
        }
        recorded
    }
    .await;
    // Whatever happened, the temporary file does not outlive the request.
    received.discard().await;
    Ok(HttpResponse::Created().json(result?))
}

/// Delete a paper (soft: it stops downloading and leaves the public agenda and search at once; restorable).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("meeting" = Uuid, Path, description = "Meeting id"), ("id" = Uuid, Path, description = "Document id")),
    responses((status = 200, body = DocumentResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/meetings/{meeting}/documents/{id}")]
pub async fn delete_document(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid, Uuid)>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let (_, meeting, id) = path.into_inner();
    let write = Write::begin(&state, &access).await?;
    let doc = store::set_document_deleted(&access.tenant, write.db(), meeting, id, true).await?;
    Ok(web::Json(
        document_written(write, &access.tenant, doc, RevisionAction::Deleted).await?,
    ))
}

/// Restore a deleted paper.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("meeting" = Uuid, Path, description = "Meeting id"), ("id" = Uuid, Path, description = "Document id")),
    responses((status = 200, body = DocumentResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{meeting}/documents/{id}/restore")]
pub async fn restore_document(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid, Uuid)>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let (_, meeting, id) = path.into_inner();
    let write = Write::begin(&state, &access).await?;
    let doc = store::set_document_deleted(&access.tenant, write.db(), meeting, id, false).await?;
    Ok(web::Json(
        document_written(write, &access.tenant, doc, RevisionAction::Restored).await?,
    ))
}

/// Records a paper's revision in the write's transaction and gives its response. Papers have no version of
/// their own: each write counts as the next.
async fn document_written(
    write: Write,
    tenant: &Tenant,
    doc: document::Model,
    action: RevisionAction,
) -> Result<DocumentResponse, ApiError> {
    let id = doc.id;
    let version = write.next_version(RecordKind::Document, id).await?;
    // The revision keeps the paper's path, which does not depend on the address it was reached at.
    let path = document_path(tenant.slug(), &doc);
    let response = document_response(tenant, doc);
    let mut snapshot = serde_json::to_value(&response).map_err(|e| ApiError::internal(&e))?;
    snapshot["url"] = serde_json::Value::String(path);
    write
        .commit(RecordKind::Document, id, version, action, &snapshot)
        .await?;
    Ok(response)
}
