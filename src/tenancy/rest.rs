//! `/api/v1/councils`: platform administrators create councils; a council's admins read and update their own.
use actix_web::{HttpRequest, HttpResponse, get, http::header, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Nation,
    model::{self, split_locales},
    store::{self, CouncilChanges, NewCouncil},
};
use crate::{
    auth::{AdminRole, AnyRole, CouncilAccess, CurrentUser, PlatformAdmin, store as auth_store},
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    preconditions::{etag, expected_version},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CouncilResponse {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    pub gss_code: Option<String>,
    pub locales: Vec<String>,
    pub website_url: Option<String>,
    /// Web origins from which the council's front-ends and tools may call Townhall with a token (CORS).
    pub allowed_origins: Vec<String>,
    /// Where the council's files are served from when a CDN stands in front of Townhall; media and paper URLs in
    /// API answers start with it. Null for Townhall's own address.
    pub media_base_url: Option<String>,
    /// How long a meeting lasts when its end is not recorded, for calendar feeds; null to leave the end out.
    pub meeting_minutes: Option<i32>,
    /// Send as `If-Match: "<version>"` when updating (it is also the ETag).
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<model::Model> for CouncilResponse {
    fn from(m: model::Model) -> Self {
        Self {
            id: m.id,
            nation: Nation::parse(&m.nation).unwrap_or(Nation::England),
            locales: split_locales(&m.locales),
            slug: m.slug,
            name: m.name,
            gss_code: m.gss_code,
            website_url: m.website_url,
            allowed_origins: split_locales(&m.allowed_origins),
            media_base_url: m.media_base_url,
            meeting_minutes: m.meeting_minutes,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"slug": "cardiff", "name": "Cardiff Council", "nation": "wales", "gss_code": "W06000015", "locales": ["en", "cy"]}))]
pub struct CreateCouncilRequest {
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    pub gss_code: Option<String>,
    /// Defaults to `["en", "cy"]` for Welsh councils and `["en"]` elsewhere.
    pub locales: Option<Vec<String>>,
    /// The council's website, e.g. `https://www.cardiff.gov.uk`; content paths are relative to it.
    pub website_url: Option<String>,
    /// Web origins (`https://www.cardiff.gov.uk`, `http://localhost:3000`) from which the council's front-ends
    /// and tools may call Townhall with a token: preview and management from a browser (CORS). Public reads
    /// need none.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The address a CDN serves the council's files from (`https://cdn.example.gov.uk/townhall`), mirroring
    /// Townhall's `/media/...` and `/files/...` paths; media and paper URLs in API answers then start with it.
    pub media_base_url: Option<String>,
    /// How long a meeting lasts when its end is not recorded (minutes), so calendar feeds can give an end.
    pub meeting_minutes: Option<i32>,
}

/// Fields to change; absent fields stay as they are. An empty `gss_code` clears it.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"name": "Cardiff Council / Cyngor Caerdydd"}))]
pub struct UpdateCouncilRequest {
    pub name: Option<String>,
    pub nation: Option<Nation>,
    pub gss_code: Option<String>,
    pub locales: Option<Vec<String>>,
    /// An empty string clears it.
    pub website_url: Option<String>,
    /// Replaces the list; `[]` clears it.
    pub allowed_origins: Option<Vec<String>>,
    /// An empty string clears it.
    pub media_base_url: Option<String>,
    /// `0` clears it.
    pub meeting_minutes: Option<i32>,
}

fn with_etag(mut response: actix_web::HttpResponseBuilder, council: model::Model) -> HttpResponse {
    response
        .insert_header((header::ETAG, etag(council.version)))
        .json(CouncilResponse::from(council))
}

/// Create a council (platform administrators).
#[utoipa::path(
    tag = "councils",
    request_body = CreateCouncilRequest,
    responses(
        (status = 201, body = CouncilResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Slug taken", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils")]
pub async fn create_council(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    body: web::Json<CreateCouncilRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let new = NewCouncil {
        slug: model::validate_slug(&body.slug)?,
        name: model::validate_name(&body.name)?,
        nation: body.nation,
        gss_code: match body.gss_code.as_deref() {
            Some(code) => model::validate_gss_code(code)?,
            None => None,
        },
        locales: model::validate_locales(body.locales.as_deref(), body.nation)?,
        website_url: match body.website_url.as_deref() {
            Some(url) => model::validate_website_url(url)?,
            None => None,
        },
        allowed_origins: model::validate_allowed_origins(&body.allowed_origins)?,
        media_base_url: match body.media_base_url.as_deref() {
            Some(url) => model::validate_media_base_url(url)?,
            None => None,
        },
        meeting_minutes: match body.meeting_minutes {
            Some(minutes) => model::validate_meeting_minutes(minutes)?,
            None => None,
        },
    };
    let council = store::create(&state.db, &state.clock, new).await?;
    for chain in [None, Some(council.id)] {
        let event = crate::audit::Event::new(chain, "council.created")
            .target("council", council.id)
            .detail(format!("slug={}", council.slug));
        crate::audit::record(&state.db, event).await;
    }
    Ok(with_etag(HttpResponse::Created(), council))
}

/// The councils you can manage: every council for platform administrators, otherwise your memberships.
#[utoipa::path(
    tag = "councils",
    params(PageQuery),
    responses((status = 200, body = Page<CouncilResponse>), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils")]
pub async fn list_councils(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<CouncilResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = if user.platform_admin {
        store::list_all(&state.db, page).await?
    } else {
        let ids = auth_store::memberships_of(&state.db, user.user_id)
            .await?
            .into_iter()
            .map(|m| m.council_id)
            .collect();
        store::list_by_ids(&state.db, ids, page).await?
    };
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |c| c.id,
        CouncilResponse::from,
    )))
}

/// A council's settings (any member).
#[utoipa::path(
    tag = "councils",
    params(("council" = String, Path, description = "Council slug")),
    responses(
        (status = 200, body = CouncilResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}")]
pub async fn get_council(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
) -> Result<HttpResponse, ApiError> {
    let council = store::get(&access.tenant, &state.db).await?;
    Ok(with_etag(HttpResponse::Ok(), council))
}

/// Update a council's settings (its admins). Requires `If-Match` with the current ETag.
#[utoipa::path(
    tag = "councils",
    params(
        ("council" = String, Path, description = "Council slug"),
        ("If-Match" = String, Header, description = "The ETag you last read"),
    ),
    request_body = UpdateCouncilRequest,
    responses(
        (status = 200, body = CouncilResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, description = "Changed since you read it; nothing was changed", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 428, description = "If-Match missing", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}")]
pub async fn update_council(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    req: HttpRequest,
    body: web::Json<UpdateCouncilRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let body = body.into_inner();
    let nation = body.nation.unwrap_or(access.tenant.nation());
    let changes = CouncilChanges {
        name: body.name.as_deref().map(model::validate_name).transpose()?,
        nation: body.nation,
        gss_code: body
            .gss_code
            .as_deref()
            .map(model::validate_gss_code)
            .transpose()?,
        locales: body
            .locales
            .as_deref()
            .map(|l| model::validate_locales(Some(l), nation))
            .transpose()?,
        website_url: body
            .website_url
            .as_deref()
            .map(model::validate_website_url)
            .transpose()?,
        allowed_origins: body
            .allowed_origins
            .as_deref()
            .map(model::validate_allowed_origins)
            .transpose()?,
        media_base_url: body
            .media_base_url
            .as_deref()
            .map(model::validate_media_base_url)
            .transpose()?,
        meeting_minutes: body
            .meeting_minutes
            .map(model::validate_meeting_minutes)
            .transpose()?,
    };
    let changed: Vec<&str> = [
        ("name", changes.name.is_some()),
        ("nation", changes.nation.is_some()),
        ("gss_code", changes.gss_code.is_some()),
        ("locales", changes.locales.is_some()),
        ("website_url", changes.website_url.is_some()),
        ("allowed_origins", changes.allowed_origins.is_some()),
        ("media_base_url", changes.media_base_url.is_some()),
        ("meeting_minutes", changes.meeting_minutes.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect();
    let council = store::update(&access.tenant, &state.db, version, changes).await?;
    let event = crate::audit::Event::new(Some(council.id), "council.updated")
        .target("council", council.id)
        .detail(format!("fields={}", changed.join(",")));
    crate::audit::record(&state.db, event).await;
    Ok(with_etag(HttpResponse::Ok(), council))
}
