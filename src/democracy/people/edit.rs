//! Editing councillors and their seats by hand (`POST`/`PATCH`/`DELETE /api/v1/councils/{council}/councillors`,
//! restore), for councils without ModernGov or for what an import does not carry.
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    model::{councillor, party, ward},
    rest::{CouncillorResponse, councillor_response},
    store::{self, CouncillorFields, SeatFields},
};
use crate::{
    auth::{CouncilAccess, DemocraticServicesRole},
    democracy::DemocracyError,
    democracy::revisions::{RecordKind, RevisionAction, Write},
    error::{ApiError, ErrorBody},
    preconditions::expected_version,
    state::AppState,
    tenancy::Tenant,
};

#[derive(Deserialize, ToSchema, Clone, Copy)]
pub struct SeatRequest {
    pub ward_id: Uuid,
    pub party_id: Option<Uuid>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// A councillor as written by an editor (create, or full replacement on update; `seats` replaces the seats when
/// given and leaves them as they are when absent).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"display_name": "Jane Smith", "given_name": "Jane", "family_name": "Smith", "email": "jane.smith@example.gov.uk", "seats": [{"ward_id": "0190f5a2-0000-7000-8000-000000000001", "start_date": "2026-05-07"}]}))]
pub struct CouncillorRequest {
    pub display_name: String,
    pub honorific_prefix: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub honorific_suffix: Option<String>,
    pub photo_url: Option<String>,
    /// An image from the council's media library (preferred over `photo_url`).
    pub photo_media_id: Option<Uuid>,
    /// Required with a photo.
    pub photo_alt: Option<String>,
    pub biography: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub work_address: Option<String>,
    pub surgery_details: Option<String>,
    pub key_posts: Option<String>,
    pub seats: Option<Vec<SeatRequest>>,
}

fn text(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, DemocracyError> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(DemocracyError::Validation {
            field,
            message: format!("use at most {max} characters"),
        });
    }
    Ok(value)
}

impl CouncillorRequest {
    fn validate(self) -> Result<(CouncillorFields, Option<Vec<SeatFields>>), DemocracyError> {
        let display_name = text("display_name", Some(self.display_name), 200)?.ok_or(
            DemocracyError::Validation {
                field: "display_name",
                message: "give the councillor's name".into(),
            },
        )?;
        let email = text("email", self.email, 320)?;
        if email
            .as_ref()
            .is_some_and(|e| crate::auth::validate_email(e).is_err())
        {
            return Err(DemocracyError::Validation {
                field: "email",
                message: "give a valid email address".into(),
            });
        }
        let photo_url = text("photo_url", self.photo_url, 2000)?;
        let photo_alt = text("photo_alt", self.photo_alt, 300)?;
        if (photo_url.is_some() || self.photo_media_id.is_some()) && photo_alt.is_none() {
            return Err(DemocracyError::Validation {
                field: "photo_alt",
                message: "a photo needs alt text".into(),
            });
        }
        let fields = CouncillorFields {
            honorific_prefix: text("honorific_prefix", self.honorific_prefix, 50)?,
            given_name: text("given_name", self.given_name, 100)?,
            family_name: text("family_name", self.family_name, 100)?,
            honorific_suffix: text("honorific_suffix", self.honorific_suffix, 50)?,
            display_name,
            photo_url,
            photo_alt,
            photo_media_id: self.photo_media_id,
            biography: text("biography", self.biography, 50_000)?,
            email,
            phone: text("phone", self.phone, 50)?,
            mobile: text("mobile", self.mobile, 50)?,
            work_address: text("work_address", self.work_address, 1000)?,
            surgery_details: text("surgery_details", self.surgery_details, 5000)?,
            key_posts: text("key_posts", self.key_posts, 2000)?,
        };
        let seats = self.seats.map(|seats| {
            seats
                .into_iter()
                .map(|s| SeatFields {
                    ward_id: s.ward_id,
                    party_id: s.party_id,
                    start_date: s.start_date,
                    end_date: s.end_date,
                })
                .collect()
        });
        Ok((fields, seats))
    }
}

/// A photo from the media library must be one of the council's public images; its download URL becomes the
/// councillor's photo URL.
async fn photo_from_library(
    state: &AppState,
    tenant: &Tenant,
    fields: &mut CouncillorFields,
) -> Result<(), ApiError> {
    let Some(id) = fields.photo_media_id else {
        return Ok(());
    };
    let image = crate::media::rest::library_image(tenant, &state.db, id)
        .await?
        .ok_or_else(|| {
            ApiError::validation(
                "photo_media_id",
                "not an image in this council's media library",
            )
        })?;
    fields.photo_url = Some(image.path(tenant.slug()));
    Ok(())
}

/// Answers a write of a councillor, recording its revision (with its seats) in the write's transaction.
async fn respond(
    write: Write,
    tenant: &Tenant,
    c: councillor::Model,
    action: RevisionAction,
) -> Result<HttpResponse, ApiError> {
    let seats = store::seats_of(tenant, write.db(), &[c.id]).await?;
    let (id, version) = (c.id, c.version);
    write
        .respond(
            RecordKind::Councillor,
            id,
            version,
            action,
            councillor_response(c, &seats),
        )
        .await
}

/// Add a councillor (with seats).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = CouncillorRequest,
    responses(
        (status = 201, body = CouncillorResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/councillors")]
pub async fn create_councillor(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<CouncillorRequest>,
) -> Result<HttpResponse, ApiError> {
    let (mut fields, seats) = body.into_inner().validate()?;
    photo_from_library(&state, &access.tenant, &mut fields).await?;
    let write = Write::begin(&state, &access).await?;
    let c = store::create_councillor(
        &access.tenant,
        write.db(),
        fields,
        &seats.unwrap_or_default(),
    )
    .await?;
    respond(write, &access.tenant, c, RevisionAction::Created).await
}

/// Replace a councillor's details (and seats when given). Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = CouncillorRequest,
    responses(
        (status = 200, body = CouncillorResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/councillors/{id}")]
pub async fn update_councillor(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<CouncillorRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let (mut fields, seats) = body.into_inner().validate()?;
    photo_from_library(&state, &access.tenant, &mut fields).await?;
    let write = Write::begin(&state, &access).await?;
    let c = store::update_councillor(
        &access.tenant,
        write.db(),
        path.1,
        version,
        fields,
        seats.as_deref(),
    )
    .await?;
    respond(write, &access.tenant, c, RevisionAction::Updated).await
}

/// Delete a councillor (soft: restorable; gone from the public API at once).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CouncillorResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/councillors/{id}")]
pub async fn delete_councillor(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let c = store::set_councillor_deleted(&access.tenant, write.db(), path.1, true).await?;
    respond(write, &access.tenant, c, RevisionAction::Deleted).await
}

/// Restore a deleted councillor.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = CouncillorResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/councillors/{id}/restore")]
pub async fn restore_councillor(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let c = store::set_councillor_deleted(&access.tenant, write.db(), path.1, false).await?;
    respond(write, &access.tenant, c, RevisionAction::Restored).await
}

/// A ward as written by an editor.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"name": "Guildhall", "gss_code": "E05014226", "valid_from": "2023-05-04"}))]
pub struct WardRequest {
    pub name: String,
    pub gss_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl WardRequest {
    fn validate(self) -> Result<store::WardFields, ApiError> {
        let name = text("name", Some(self.name), 200)?
            .ok_or_else(|| ApiError::validation("name", "give the ward's name"))?;
        let gss_code = match self.gss_code.as_deref() {
            Some(code) => crate::tenancy::model::validate_gss_code(code)?,
            None => None,
        };
        if matches!((self.valid_from, self.valid_to), (Some(a), Some(b)) if b < a) {
            return Err(ApiError::validation(
                "valid_to",
                "a ward cannot end before it starts",
            ));
        }
        Ok(store::WardFields {
            name,
            gss_code,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
        })
    }
}

/// A party as written by an editor.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"name": "Green Party", "short_name": "Green", "colour": "#02A95B"}))]
pub struct PartyRequest {
    pub name: String,
    pub short_name: Option<String>,
    /// `#RRGGBB`.
    pub colour: Option<String>,
}

impl PartyRequest {
    fn validate(self) -> Result<store::PartyFields, ApiError> {
        let name = text("name", Some(self.name), 200)?
            .ok_or_else(|| ApiError::validation("name", "give the party's name"))?;
        let colour = text("colour", self.colour, 7)?;
        if colour.as_ref().is_some_and(|c| {
            !(c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit()))
        }) {
            return Err(ApiError::validation("colour", "use #RRGGBB"));
        }
        Ok(store::PartyFields {
            name,
            short_name: text("short_name", self.short_name, 50)?,
            colour,
        })
    }
}

/// Add a ward.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = WardRequest,
    responses(
        (status = 201, body = super::rest::WardResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/wards")]
pub async fn create_ward(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<WardRequest>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let w = store::create_ward(&access.tenant, write.db(), body.into_inner().validate()?).await?;
    write
        .respond(
            RecordKind::Ward,
            w.id,
            w.version,
            RevisionAction::Created,
            super::rest::WardResponse::from(w),
        )
        .await
}

/// Replace a ward's fields. Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = WardRequest,
    responses(
        (status = 200, body = super::rest::WardResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/wards/{id}")]
pub async fn update_ward(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<WardRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let write = Write::begin(&state, &access).await?;
    let w = store::update_ward(
        &access.tenant,
        write.db(),
        path.1,
        version,
        body.into_inner().validate()?,
    )
    .await?;
    write
        .respond(
            RecordKind::Ward,
            w.id,
            w.version,
            RevisionAction::Updated,
            super::rest::WardResponse::from(w),
        )
        .await
}

/// Add a party or group.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = PartyRequest,
    responses(
        (status = 201, body = super::rest::PartyResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/parties")]
pub async fn create_party(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<PartyRequest>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let p = store::create_party(&access.tenant, write.db(), body.into_inner().validate()?).await?;
    write
        .respond(
            RecordKind::Party,
            p.id,
            p.version,
            RevisionAction::Created,
            super::rest::PartyResponse::from(p),
        )
        .await
}

/// Replace a party's fields. Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = PartyRequest,
    responses(
        (status = 200, body = super::rest::PartyResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/parties/{id}")]
pub async fn update_party(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<PartyRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let write = Write::begin(&state, &access).await?;
    let p = store::update_party(
        &access.tenant,
        write.db(),
        path.1,
        version,
        body.into_inner().validate()?,
    )
    .await?;
    write
        .respond(
            RecordKind::Party,
            p.id,
            p.version,
            RevisionAction::Updated,
            super::rest::PartyResponse::from(p),
        )
        .await
}

/// Delete a ward (soft: it leaves the ward lists at once and can be restored; seats in it stay as history).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = super::rest::WardResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/wards/{id}")]
pub async fn delete_ward(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    set_deleted::<ward::Entity, _>(state, access, path.1, true, RecordKind::Ward, ward_view).await
}

/// Restore a deleted ward.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = super::rest::WardResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/wards/{id}/restore")]
pub async fn restore_ward(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    set_deleted::<ward::Entity, _>(state, access, path.1, false, RecordKind::Ward, ward_view).await
}

/// Deletes or restores a ward or party, recording the revision.
async fn set_deleted<E, T>(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    id: Uuid,
    deleted: bool,
    kind: RecordKind,
    view: fn(E::Model) -> (i32, T),
) -> Result<HttpResponse, ApiError>
where
    E: crate::democracy::soft_delete::SoftDelete,
    T: serde::Serialize,
{
    let write = Write::begin(&state, &access).await?;
    let model =
        crate::democracy::soft_delete::set_deleted::<E>(&access.tenant, write.db(), id, deleted)
            .await?;
    let action = if deleted {
        RevisionAction::Deleted
    } else {
        RevisionAction::Restored
    };
    let (version, body) = view(model);
    write.respond(kind, id, version, action, body).await
}

fn ward_view(w: ward::Model) -> (i32, super::rest::WardResponse) {
    (w.version, w.into())
}

fn party_view(p: party::Model) -> (i32, super::rest::PartyResponse) {
    (p.version, p.into())
}

/// Delete a party (soft: it leaves the party lists at once and can be restored; seats keep it as history).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = super::rest::PartyResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/parties/{id}")]
pub async fn delete_party(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    set_deleted::<party::Entity, _>(state, access, path.1, true, RecordKind::Party, party_view)
        .await
}

/// Restore a deleted party.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = super::rest::PartyResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/parties/{id}/restore")]
pub async fn restore_party(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    set_deleted::<party::Entity, _>(state, access, path.1, false, RecordKind::Party, party_view)
        .await
}
