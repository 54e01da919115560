//! `/api/v1/councils/{council}/api-tokens`: named, scoped, optionally expiring tokens for machines.
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AdminRole, CouncilAccess, Scope, model::api_token, store};
use crate::{
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ApiTokenResponse {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<api_token::Model> for ApiTokenResponse {
    fn from(row: api_token::Model) -> Self {
        Self {
            id: row.id,
            name: row.name,
            scopes: Scope::parse_list(&row.scopes),
            prefix: row.prefix,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            last_used_at: row.last_used_at,
            created_at: row.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedApiTokenResponse {
    #[serde(flatten)]
    pub token_info: ApiTokenResponse,
    /// The token itself. It is shown only now; store it safely.
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"name": "Website front-end preview", "scopes": ["read", "preview"], "expires_at": "2027-03-31T23:59:59Z"}))]
pub struct CreateApiTokenRequest {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// List the council's API tokens (never the tokens themselves).
#[utoipa::path(
    tag = "api-tokens",
    params(("council" = String, Path, description = "Council slug"), PageQuery),
    responses(
        (status = 200, body = Page<ApiTokenResponse>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}/api-tokens")]
pub async fn list_api_tokens(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<ApiTokenResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = store::list_api_tokens(&access.tenant, &state.db, page).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |r| r.id,
        ApiTokenResponse::from,
    )))
}

/// Create an API token. The response holds the token once; only its hash is kept.
#[utoipa::path(
    tag = "api-tokens",
    params(("council" = String, Path, description = "Council slug")),
    request_body = CreateApiTokenRequest,
    responses(
        (status = 201, body = CreatedApiTokenResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/api-tokens")]
pub async fn create_api_token(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    body: web::Json<CreateApiTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::validation(
            "name",
            "give a name of 1 to 200 characters",
        ));
    }
    if body.scopes.is_empty() {
        return Err(ApiError::validation(
            "scopes",
            "give at least one of read, preview, write",
        ));
    }
    if body.expires_at.is_some_and(|at| at <= state.clock.now()) {
        return Err(ApiError::validation(
            "expires_at",
            "the expiry must be in the future",
        ));
    }
    let mut scopes = body.scopes;
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    let created = store::create_api_token(
        &access.tenant,
        &state.db,
        name,
        &scopes,
        body.expires_at,
        access.principal.user_id(),
    )
    .await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "api_token.created")
        .target("api_token", created.row.id)
        .detail(format!(
            "scopes={}",
            scopes
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ));
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Created().json(CreatedApiTokenResponse {
        token_info: created.row.into(),
        token: created.token,
    }))
}

/// Revoke an API token; it stops working at once. The record stays for audit.
#[utoipa::path(
    tag = "api-tokens",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Revoked", body = ApiTokenResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/api-tokens/{id}")]
pub async fn revoke_api_token(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ApiTokenResponse>, ApiError> {
    let (_, id) = path.into_inner();
    let row = store::revoke_api_token(&access.tenant, &state.db, id).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "api_token.revoked")
        .target("api_token", id);
    crate::audit::record(&state.db, event).await;
    Ok(web::Json(row.into()))
}
