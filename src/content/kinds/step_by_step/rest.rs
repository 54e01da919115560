//! Step by steps in the REST delivery API.
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{
    content::{
        kinds::ContentKind,
        rest::{
            DeliveredItem, DeliveredList, PageParams, ReadQuery, cached, one_by_slug, plain_list,
            read,
        },
    },
    error::{ApiError, ErrorBody},
    state::AppState,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StepByStepParams {
    /// Only the step by steps that link to this page or service (those it is part of), all of them, by title.
    pub part_of: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

/// The council's step by steps, or those a page or service is part of (`part_of`).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), StepByStepParams, ReadQuery),
    responses((status = 200, body = DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/step-by-step")]
pub async fn list_step_by_steps(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<StepByStepParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let Some(item) = params.part_of else {
        let page = PageParams {
            limit: params.limit,
            after: params.after.clone(),
        };
        return plain_list(
            &state,
            &req,
            &council,
            &page,
            &query,
            ContentKind::StepByStep,
        )
        .await;
    };
    let read = read(&state, &req, &council, &query).await?;
    let found =
        super::graphql::part_of(&read.tenant, &state.db, read.mode, &read.locale, item).await?;
    let body = DeliveredList {
        total_count: found.len() as u64,
        items: found
            .into_iter()
            .map(|d| DeliveredItem::new(d, None))
            .collect(),
        next_cursor: None,
    };
    cached(&req, read.mode, &read.locale, &body)
}

/// One step by step by slug.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/step-by-step/{slug}")]
pub async fn get_step_by_step(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::StepByStep, &path.1).await
}
