//! `/api/v1/councils/{council}/meetings`: meetings, their agenda deadline, and publishing agendas and minutes.
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, patch, post, web};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    model::MeetingStatus,
    store::{self, MeetingCursor, MeetingFields, MeetingFilter, MeetingView},
};
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::revisions::{RecordKind, RevisionAction, Write},
    democracy::{
        DemocracyError,
        deadlines::{Compliance, settings::rules_for},
        london,
    },
    error::{ApiError, ErrorBody},
    pagination::page_size,
    preconditions::{etag, expected_version},
    state::AppState,
    tenancy::Tenant,
};

#[derive(Serialize, ToSchema)]
pub struct CommitteeRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingResponse {
    pub id: Uuid,
    pub committee: CommitteeRef,
    /// London time with its offset.
    pub start: DateTime<FixedOffset>,
    pub end: Option<DateTime<FixedOffset>>,
    pub venue: Option<String>,
    pub status: MeetingStatus,
    pub webcast_url: Option<String>,
    /// The last date the agenda can be published with the statutory clear days left (none when cancelled).
    pub agenda_due_by: Option<NaiveDate>,
    pub agenda_compliance: Option<Compliance>,
    pub agenda_published_at: Option<DateTime<FixedOffset>>,
    /// Who published the agenda (their name), for the council's own people.
    pub agenda_published_by: Option<String>,
    pub agenda_late_reason: Option<String>,
    pub minutes_published_at: Option<DateTime<FixedOffset>>,
    /// Who published the minutes (their name).
    pub minutes_published_by: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl From<MeetingView> for MeetingResponse {
    fn from(v: MeetingView) -> Self {
        let m = v.meeting;
        Self {
            id: m.id,
            committee: CommitteeRef {
                id: v.committee.id,
                name: v.committee.name,
            },
            start: london::show(m.starts_at),
            end: m.ends_at.map(london::show),
            venue: m.venue,
            status: MeetingStatus::parse(&m.status),
            webcast_url: m.webcast_url,
            agenda_due_by: v.agenda_due_by,
            agenda_compliance: v.agenda_compliance,
            agenda_published_at: m.agenda_published_at.map(london::show),
            agenda_published_by: v.agenda_published_by,
            agenda_late_reason: m.agenda_late_reason,
            minutes_published_at: m.minutes_published_at.map(london::show),
            minutes_published_by: v.minutes_published_by,
            version: m.version,
            updated_at: m.updated_at,
            deleted_at: m.deleted_at,
        }
    }
}

/// A meeting as written by a client (create, or full replacement on update).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"committee_id": "0190f5a2-0000-7000-8000-000000000000", "start": "2026-07-14T18:00", "venue": "Council Chamber, County Hall", "status": "scheduled"}))]
pub struct MeetingRequest {
    pub committee_id: Uuid,
    /// London wall-clock time (`2026-07-14T18:00`) or RFC 3339 with an offset.
    pub start: String,
    pub end: Option<String>,
    pub venue: Option<String>,
    pub status: Option<MeetingStatus>,
    pub webcast_url: Option<String>,
}

impl MeetingRequest {
    fn validate(self) -> Result<MeetingFields, DemocracyError> {
        let webcast_url = self
            .webcast_url
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty());
        if webcast_url
            .as_ref()
            .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")))
        {
            return Err(DemocracyError::Validation {
                field: "webcast_url",
                message: "use an http(s) URL".into(),
            });
        }
        if self.venue.as_ref().is_some_and(|v| v.chars().count() > 500) {
            return Err(DemocracyError::Validation {
                field: "venue",
                message: "use at most 500 characters".into(),
            });
        }
        if webcast_url.as_ref().is_some_and(|u| u.len() > 2000) {
            return Err(DemocracyError::Validation {
                field: "webcast_url",
                message: "use at most 2000 characters".into(),
            });
        }
        Ok(MeetingFields {
            committee_id: self.committee_id,
            starts_at: london::parse_time("start", &self.start)?,
            ends_at: self
                .end
                .as_deref()
                .map(|e| london::parse_time("end", e))
                .transpose()?,
            venue: self
                .venue
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            status: self.status.unwrap_or(MeetingStatus::Scheduled),
            webcast_url,
        })
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    /// First London date to include.
    pub from: Option<NaiveDate>,
    /// Last London date to include.
    pub to: Option<NaiveDate>,
    pub committee: Option<Uuid>,
    pub status: Option<MeetingStatus>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<MeetingResponse>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PublishAgendaRequest {
    /// Required when publishing after the statutory deadline; kept on record.
    pub late_reason: Option<String>,
}

async fn view(
    tenant: &Tenant,
    db: &impl sea_orm::ConnectionTrait,
    meeting: super::model::Model,
) -> Result<MeetingResponse, ApiError> {
    let rules = rules_for(tenant, db).await?;
    let view = store::views(tenant, db, &rules, vec![meeting])
        .await?
        .pop()
        .ok_or(DemocracyError::NotFound("Meeting"))?;
    Ok(MeetingResponse::from(view))
}

fn reply(response: MeetingResponse, created: bool) -> HttpResponse {
    let mut builder = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    builder
        .insert_header((header::ETAG, etag(response.version)))
        .json(response)
}

/// Answers a write, recording the meeting's revision in the write's transaction.
async fn respond(
    write: Write,
    tenant: &Tenant,
    meeting: super::model::Model,
    action: RevisionAction,
) -> Result<HttpResponse, ApiError> {
    let response = view(tenant, write.db(), meeting).await?;
    let (id, version) = (response.id, response.version);
    write
        .respond(RecordKind::Meeting, id, version, action, response)
        .await
}

/// Meetings in start order, filtered by London dates, committee and status.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), MeetingQuery),
    responses((status = 200, body = MeetingPage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/meetings")]
pub async fn list_meetings(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<MeetingQuery>,
) -> Result<web::Json<MeetingPage>, ApiError> {
    let q = query.into_inner();
    let limit = page_size(q.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
    let after = q.after.as_deref().map(MeetingCursor::decode).transpose()?;
    let filter = MeetingFilter {
        from: q.from,
        to: q.to,
        committee: q.committee,
        status: q.status,
    };
    let mut rows = store::list(&access.tenant, &state.db, &filter, limit, after).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|m| MeetingCursor::of(m).encode()))
        .flatten();
    let rules = rules_for(&access.tenant, &state.db).await?;
    let views = store::views(&access.tenant, &state.db, &rules, rows).await?;
    Ok(web::Json(MeetingPage {
        items: views.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Create a meeting.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = MeetingRequest,
    responses(
        (status = 201, body = MeetingResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings")]
pub async fn create_meeting(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<MeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let meeting = store::create(&access.tenant, write.db(), fields).await?;
    respond(write, &access.tenant, meeting, RevisionAction::Created).await
}

/// One meeting with its agenda deadline.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MeetingResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/meetings/{id}")]
pub async fn get_meeting(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let meeting = store::get(&access.tenant, &state.db, path.1, false).await?;
    Ok(reply(
        view(&access.tenant, &state.db, meeting).await?,
        false,
    ))
}

/// Replace a meeting's fields (reschedule, cancel, mark held). Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = MeetingRequest,
    responses(
        (status = 200, body = MeetingResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/meetings/{id}")]
pub async fn update_meeting(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<MeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let meeting = store::update(&access.tenant, write.db(), path.1, version, fields).await?;
    respond(write, &access.tenant, meeting, RevisionAction::Updated).await
}

/// Publish the agenda: records who and when. After the deadline it needs `late_reason`, which is kept.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    request_body = PublishAgendaRequest,
    responses(
        (status = 200, body = MeetingResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already published, or the meeting is cancelled", body = ErrorBody),
        (status = 422, description = "Late without a reason", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/agenda/publish")]
pub async fn publish_agenda(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: Option<web::Json<PublishAgendaRequest>>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.and_then(|b| b.into_inner().late_reason);
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let meeting = store::publish_agenda(
        &access.tenant,
        write.db(),
        &rules,
        path.1,
        access.principal.user_id(),
        reason,
    )
    .await?;
    respond(
        write,
        &access.tenant,
        meeting,
        RevisionAction::AgendaPublished,
    )
    .await
}

/// Publish the minutes: records who and when.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = MeetingResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/minutes/publish")]
pub async fn publish_minutes(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let meeting = store::publish_minutes(
        &access.tenant,
        write.db(),
        path.1,
        access.principal.user_id(),
    )
    .await?;
    respond(
        write,
        &access.tenant,
        meeting,
        RevisionAction::MinutesPublished,
    )
    .await
}

/// Delete a meeting (soft: it can be restored).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MeetingResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/meetings/{id}")]
pub async fn delete_meeting(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let meeting = store::set_deleted(&access.tenant, write.db(), path.1, true).await?;
    respond(write, &access.tenant, meeting, RevisionAction::Deleted).await
}

/// Restore a deleted meeting.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = MeetingResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/restore")]
pub async fn restore_meeting(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let meeting = store::set_deleted(&access.tenant, write.db(), path.1, false).await?;
    respond(write, &access.tenant, meeting, RevisionAction::Restored).await
}
