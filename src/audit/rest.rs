//! Reading the audit log: a council's administrators read their council's entries, platform administrators the
//! platform's (sign-ins, passwords, councils created). Newest first, filtered, in pages.
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::model;
use crate::{
    auth::extract::{AdminRole, CouncilAccess, PlatformAdmin},
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    state::AppState,
    tenancy::scoped,
};

/// One entry of the audit log.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    /// Its number in its council's (or the platform's) chain.
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `api_token`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// What was done, as `area.verb`: `auth.sign_in`, `member.role_changed`, `content.published`, ...
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: Option<String>,
    /// The client's address, for sign-ins.
    pub client_addr: Option<String>,
    pub request_id: Option<String>,
    pub hash: String,
}

impl From<model::Model> for AuditEntry {
    fn from(m: model::Model) -> Self {
        Self {
            id: m.id,
            seq: m.seq,
            occurred_at: m.occurred_at,
            actor_kind: m.actor_kind,
            actor_id: m.actor_id,
            action: m.action,
            target_kind: m.target_kind,
            target_id: m.target_id,
            detail: m.detail,
            client_addr: m.client_addr,
            request_id: m.request_id,
            hash: m.hash,
        }
    }
}

/// Filters of the audit log.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// An action (`content.published`), or an area with a dot (`auth.`, every action of that area).
    pub action: Option<String>,
    /// Entries by this user or API token.
    pub actor_id: Option<Uuid>,
    /// Entries about this record.
    pub target_id: Option<String>,
    /// From this time (inclusive).
    pub since: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
}

fn filtered(mut query: Select<model::Entity>, filter: &AuditFilter) -> Select<model::Entity> {
    if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
        query = if action.ends_with('.') {
            query.filter(model::Column::Action.starts_with(action))
        } else {
            query.filter(model::Column::Action.eq(action))
        };
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(model::Column::ActorId.eq(actor));
    }
    if let Some(target) = filter.target_id.as_deref() {
        query = query.filter(model::Column::TargetId.eq(target));
    }
    if let Some(since) = filter.since {
        query = query.filter(model::Column::OccurredAt.gte(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(model::Column::OccurredAt.lt(until));
    }
    query
}

async fn page_of(
    state: &AppState,
    query: Select<model::Entity>,
    page: &PageQuery,
    filter: &AuditFilter,
) -> Result<HttpResponse, ApiError> {
    let request = page.validate()?;
    let mut query = filtered(query, filter).order_by_desc(model::Column::Id);
    if let Some(after) = request.after {
        query = query.filter(model::Column::Id.lt(after));
    }
    let rows = query.limit(request.limit + 1).all(&state.db).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, request, |r| r.id, AuditEntry::from)))
}

/// The council's audit log (council administrators).
#[utoipa::path(
    tag = "audit",
    params(("council" = String, Path, description = "Council slug"), AuditFilter, PageQuery),
    responses(
        (status = 200, body = Page<AuditEntry>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}/audit")]
pub async fn council_log(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    page: web::Query<PageQuery>,
    filter: web::Query<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    page_of(
        &state,
        scoped::<model::Entity>(&access.tenant),
        &page,
        &filter,
    )
    .await
}

/// The platform's audit log: sign-ins, passwords, councils created (platform administrators).
#[utoipa::path(
    tag = "audit",
    params(AuditFilter, PageQuery),
    responses(
        (status = 200, body = Page<AuditEntry>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn platform_log(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    page: web::Query<PageQuery>,
    filter: web::Query<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    page_of(
        &state,
        model::Entity::find().filter(model::Column::Chain.eq("platform")),
        &page,
        &filter,
    )
    .await
}
