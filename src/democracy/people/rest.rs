//! `/api/v1/councils/{council}/wards`, `/parties`, `/councillors`: reading the council's people and places.
use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    model::{councillor, party, ward},
    store::{self, CouncillorFilter, SeatView},
};
use crate::{
    auth::{AnyRole, CouncilAccess},
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct WardResponse {
    pub id: Uuid,
    pub name: String,
    pub gss_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Set while the ward is deleted (restorable).
    pub deleted_at: Option<DateTime<Utc>>,
    /// Send as `If-Match: "<version>"` when editing (it is also the ETag).
    pub version: i32,
}

impl From<ward::Model> for WardResponse {
    fn from(w: ward::Model) -> Self {
        Self {
            id: w.id,
            name: w.name,
            gss_code: w.gss_code,
            valid_from: w.valid_from,
            valid_to: w.valid_to,
            deleted_at: w.deleted_at,
            version: w.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PartyResponse {
    pub id: Uuid,
    pub name: String,
    pub short_name: Option<String>,
    pub colour: Option<String>,
    /// Set while the party is deleted (restorable).
    pub deleted_at: Option<DateTime<Utc>>,
    /// Send as `If-Match: "<version>"` when editing (it is also the ETag).
    pub version: i32,
}

impl From<party::Model> for PartyResponse {
    fn from(p: party::Model) -> Self {
        Self {
            id: p.id,
            name: p.name,
            short_name: p.short_name,
            colour: p.colour,
            deleted_at: p.deleted_at,
            version: p.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeatResponse {
    pub ward: WardResponse,
    pub party: Option<PartyResponse>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

impl From<SeatView> for SeatResponse {
    fn from(s: SeatView) -> Self {
        Self {
            ward: s.ward.into(),
            party: s.party.map(Into::into),
            start_date: s.seat.start_date,
            end_date: s.seat.end_date,
        }
    }
}

/// An identifier of the councillor in another system.
#[derive(Serialize, ToSchema)]
pub struct IdentifierResponse {
    pub scheme: String,
    pub identifier: String,
}

#[derive(Serialize, ToSchema)]
pub struct CouncillorResponse {
    pub id: Uuid,
    pub display_name: String,
    pub honorific_prefix: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub honorific_suffix: Option<String>,
    /// As stored: a whole address given by an editor or an import, or, for a photo from the media library, its
    /// path on this server (the public APIs give whole addresses).
    pub photo_url: Option<String>,
    /// The photo's media library id, when it comes from the library.
    pub photo_media_id: Option<Uuid>,
    pub photo_alt: Option<String>,
    pub biography: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub work_address: Option<String>,
    pub surgery_details: Option<String>,
    pub key_posts: Option<String>,
    pub identifiers: Vec<IdentifierResponse>,
    pub seats: Vec<SeatResponse>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    /// Set while the councillor is deleted (restorable).
    pub deleted_at: Option<DateTime<Utc>>,
}

pub fn councillor_response(c: councillor::Model, seats: &[SeatView]) -> CouncillorResponse {
    let seats = seats
        .iter()
        .filter(|s| s.seat.councillor_id == c.id)
        .cloned()
        .map(Into::into)
        .collect();
    CouncillorResponse {
        id: c.id,
        identifiers: c
            .moderngov_id
            .iter()
            .map(|id| IdentifierResponse {
                scheme: "moderngov:councillorid".into(),
                identifier: id.clone(),
            })
            .collect(),
        display_name: c.display_name,
        honorific_prefix: c.honorific_prefix,
        given_name: c.given_name,
        family_name: c.family_name,
        honorific_suffix: c.honorific_suffix,
        photo_url: c.photo_url,
        photo_media_id: c.photo_media_id,
        photo_alt: c.photo_alt,
        biography: c.biography,
        email: c.email,
        phone: c.phone,
        mobile: c.mobile,
        work_address: c.work_address,
        surgery_details: c.surgery_details,
        key_posts: c.key_posts,
        seats,
        version: c.version,
        updated_at: c.updated_at,
        deleted_at: c.deleted_at,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CouncillorQuery {
    /// Only councillors currently holding a seat in this ward.
    pub ward: Option<Uuid>,
    /// Only councillors currently sitting for this party.
    pub party: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

/// The council's wards.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), PageQuery),
    responses((status = 200, body = Page<WardResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/wards")]
pub async fn list_wards(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<WardResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = store::list_wards(&access.tenant, &state.db, page).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |w| w.id,
        WardResponse::from,
    )))
}

/// The council's parties and groups.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), PageQuery),
    responses((status = 200, body = Page<PartyResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/parties")]
pub async fn list_parties(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<PartyResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = store::list_parties(&access.tenant, &state.db, page).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |p| p.id,
        PartyResponse::from,
    )))
}

/// The council's councillors with their seats, optionally by ward or party.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), CouncillorQuery),
    responses((status = 200, body = Page<CouncillorResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/councillors")]
pub async fn list_councillors(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<CouncillorQuery>,
) -> Result<web::Json<Page<CouncillorResponse>>, ApiError> {
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        after: query.after,
    }
    .validate()?;
    let filter = CouncillorFilter {
        ward: query.ward,
        party: query.party,
    };
    let rows = store::list_councillors(&access.tenant, &state.db, filter, page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let seats = store::seats_of(&access.tenant, &state.db, &ids).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |c| c.id,
        |c| councillor_response(c, &seats),
    )))
}

/// One councillor with all their seats.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CouncillorResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/councillors/{id}")]
pub async fn get_councillor(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<CouncillorResponse>, ApiError> {
    let (_, id) = path.into_inner();
    let councillor = store::get_councillor(&access.tenant, &state.db, id).await?;
    let seats = store::seats_of(&access.tenant, &state.db, &[id]).await?;
    Ok(web::Json(councillor_response(councillor, &seats)))
}
