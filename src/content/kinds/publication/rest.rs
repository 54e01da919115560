//! Publications in the REST delivery API. A publication's page is read by its path
//! (`/route?path=/publications/x/y`, with `part` naming the page and `body_html` its body) or from the publication's
//! `content.pages`.
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::{
    content::{
        kinds::ContentKind,
        rest::{PageParams, ReadQuery, one_by_slug, plain_list, read},
    },
    error::{ApiError, ErrorBody},
    state::AppState,
};

/// The council's HTML publications.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), PageParams, ReadQuery),
    responses((status = 200, body = crate::content::rest::DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/publications")]
pub async fn list_publications(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<PageParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    plain_list(
        &state,
        &req,
        &council,
        &params,
        &query,
        ContentKind::Publication,
    )
    .await
}

/// One publication by slug: its cover and its tree of pages (`content.pages`).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = crate::content::rest::DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/publications/{slug}")]
pub async fn get_publication(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::Publication, &path.1).await
}
