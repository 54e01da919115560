//! Guides in the REST delivery API. A guide's page is read by its path (`/route?path=/guides/x/y`, with `part`
//! naming the page and `body_html` its body) or from the guide's `content.pages`.
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::{
    content::{
        kinds::ContentKind,
        rest::{PageParams, ReadQuery, one_by_slug, plain_list, read},
    },
    error::{ApiError, ErrorBody},
    state::AppState,
};

/// The council's guides.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), PageParams, ReadQuery),
    responses((status = 200, body = crate::content::rest::DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/guides")]
pub async fn list_guides(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<PageParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    plain_list(&state, &req, &council, &params, &query, ContentKind::Guide).await
}

/// One guide by slug: its overview (`body_html`) and its pages (`content.pages`).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = crate::content::rest::DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/guides/{slug}")]
pub async fn get_guide(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::Guide, &path.1).await
}
