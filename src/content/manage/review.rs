//! Content ownership and review dates: each item may name an owner (a member of the council) and the day it is
//! due for review; editors' lists filter on `review_due`. Councils review their service pages at least yearly.
use actix_web::{HttpRequest, HttpResponse, put, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::rest::{actor, kind_of, with_etag};
use crate::{
    auth::{CouncilAccess, EditorRole, store as people},
    content::kinds::{Collection, Content},
    error::{ApiError, ErrorBody},
    preconditions::expected_version,
    publishing::store,
    state::AppState,
};

/// An item's owner and review date; `null` clears either.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"owner_id": "01932c8e-8f4b-7cc2-9c3a-2f1e5d6a7b8c", "review_on": "2027-11-30"}))]
pub struct ReviewRequest {
    /// A member of the council.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub review_on: Option<NaiveDate>,
}

/// Set who owns an item and when it is due for review (editors).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = ReviewRequest,
    responses(
        (status = 200, body = super::rest::ItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, description = "The owner is not a member of the council", body = ErrorBody),
        (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put(
    "/councils/{council}/{collection}/{id}/review",
    guard = "super::rest::content_collection"
)]
pub async fn set_review(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    req: HttpRequest,
    path: web::Path<(String, String, Uuid)>,
    body: web::Json<ReviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(&req)?;
    let body = body.into_inner();
    if let Some(owner) = body.owner_id
        && people::role_in(&access.tenant, &state.db, owner)
            .await?
            .is_none()
    {
        return Err(ApiError::validation(
            "owner_id",
            "the owner must be a member of this council",
        ));
    }
    let item = store::set_review::<Content>(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        version,
        body.owner_id,
        body.review_on,
        actor(&access),
    )
    .await?;
    Ok(with_etag(item, None))
}
