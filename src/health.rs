//! `/healthz` (the process answers) and `/readyz` (the database answers).
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    error::{ApiError, ErrorBody, ErrorCode},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct HealthResponse {
    pub status: String,
}

/// Liveness: the process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = HealthResponse)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(HealthResponse {
        status: "ok".into(),
    })
}

/// Readiness: the database answers; 503 when it does not.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, body = HealthResponse), (status = 503, body = ErrorBody))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match state.db.ping().await {
        Ok(()) => Ok(HttpResponse::Ok().json(HealthResponse {
            status: "ready".into(),
        })),
        Err(err) => {
            tracing::warn!(error = %err, "database not reachable");
            Err(ApiError::new(
                ErrorCode::Unavailable,
                "The database is not reachable.",
            ))
        }
    }
}
