//! `/api/v1/councils/{council}/committees`: committees, managed by democratic services.
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    model::{self, CommitteeKind},
    store::{self, CommitteeFields},
};
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::revisions::{RecordKind, RevisionAction, Write},
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    preconditions::{etag, expected_version},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CommitteeResponse {
    pub id: Uuid,
    pub name: String,
    pub kind: CommitteeKind,
    pub parent_id: Option<Uuid>,
    pub purpose: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl From<model::Model> for CommitteeResponse {
    fn from(c: model::Model) -> Self {
        Self {
            id: c.id,
            kind: CommitteeKind::parse(&c.kind),
            name: c.name,
            parent_id: c.parent_id,
            purpose: c.purpose,
            version: c.version,
            updated_at: c.updated_at,
            deleted_at: c.deleted_at,
        }
    }
}

/// A committee as written by a client (create, or full replacement on update).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"name": "Planning Committee", "kind": "committee", "purpose": "Decides planning applications."}))]
pub struct CommitteeRequest {
    pub name: String,
    pub kind: CommitteeKind,
    pub parent_id: Option<Uuid>,
    pub purpose: Option<String>,
}

impl CommitteeRequest {
    fn validate(self) -> Result<CommitteeFields, ApiError> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 300 {
            return Err(ApiError::validation(
                "name",
                "give a name of 1 to 300 characters",
            ));
        }
        Ok(CommitteeFields {
            name: name.to_owned(),
            kind: self.kind,
            parent_id: self.parent_id,
            purpose: self
                .purpose
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
        })
    }
}

fn with_etag(mut builder: actix_web::HttpResponseBuilder, c: model::Model) -> HttpResponse {
    builder
        .insert_header((header::ETAG, etag(c.version)))
        .json(CommitteeResponse::from(c))
}

/// Answers a write, recording the committee's revision in the write's transaction.
async fn written(
    write: Write,
    c: model::Model,
    action: RevisionAction,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = (c.id, c.version);
    write
        .respond(
            RecordKind::Committee,
            id,
            version,
            action,
            CommitteeResponse::from(c),
        )
        .await
}

/// The council's committees.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), PageQuery),
    responses((status = 200, body = Page<CommitteeResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/committees")]
pub async fn list_committees(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<CommitteeResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = store::list(&access.tenant, &state.db, page).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |c| c.id,
        CommitteeResponse::from,
    )))
}

/// Create a committee.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = CommitteeRequest,
    responses(
        (status = 201, body = CommitteeResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/committees")]
pub async fn create_committee(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<CommitteeRequest>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let committee = store::create(&access.tenant, write.db(), fields).await?;
    written(write, committee, RevisionAction::Created).await
}

/// One committee.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CommitteeResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/committees/{id}")]
pub async fn get_committee(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let committee = store::get(&access.tenant, &state.db, path.1, false).await?;
    Ok(with_etag(HttpResponse::Ok(), committee))
}

/// Replace a committee's fields. Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = CommitteeRequest,
    responses(
        (status = 200, body = CommitteeResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/committees/{id}")]
pub async fn update_committee(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<CommitteeRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let committee = store::update(&access.tenant, write.db(), path.1, version, fields).await?;
    written(write, committee, RevisionAction::Updated).await
}

/// Delete a committee (soft: it can be restored).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CommitteeResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/committees/{id}")]
pub async fn delete_committee(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let committee = store::set_deleted(&access.tenant, write.db(), path.1, true).await?;
    written(write, committee, RevisionAction::Deleted).await
}

/// Restore a deleted committee.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CommitteeResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/committees/{id}/restore")]
pub async fn restore_committee(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let committee = store::set_deleted(&access.tenant, write.db(), path.1, false).await?;
    written(write, committee, RevisionAction::Restored).await
}
