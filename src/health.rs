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

/// The longest `/readyz` waits for the database: shorter than a load balancer's probe.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_millis(1500);

/// Readiness: the database answers within 1.5 s; 503 (with `Retry-After`) when it does not.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, body = HealthResponse), (status = 503, body = ErrorBody))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let answer = tokio::time::timeout(READY_WITHIN, state.db.ping()).await;
    match answer {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(HealthResponse {
            status: "ready".into(),
        })),
        failed => {
            match failed {
                Ok(Err(err)) => tracing::warn!(error = %err, "database not reachable"),
                _ => tracing::warn!("database did not answer within the readiness bound"),
            }
            Err(ApiError {
                retry_after_secs: Some(crate::error::UNAVAILABLE_RETRY_AFTER_SECS),
                ..ApiError::new(ErrorCode::Unavailable, "The database is not reachable.")
            })
        }
    }
}
