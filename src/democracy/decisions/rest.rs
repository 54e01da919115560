//! `/api/v1/councils/{council}/decisions` and `/forward-plan`: recording and publishing decisions and notices.
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, patch, post, web};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    model::{CallInStatus, NoticeException, decision, forward_plan_entry as entry},
    store::{self, DecisionCursor, DecisionFields, DecisionFilter, EntryFields},
};
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::clean,
    democracy::revisions::{RecordKind, RevisionAction, Write},
    democracy::{
        DemocracyError,
        deadlines::{Compliance, DeadlineRules, settings::rules_for},
        london,
    },
    error::{ApiError, ErrorBody},
    pagination::{MAX_LIMIT, page_size},
    preconditions::{etag, expected_version},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct DecisionResponse {
    pub id: Uuid,
    pub title: String,
    pub decision_maker: String,
    pub committee_id: Option<Uuid>,
    pub date_made: NaiveDate,
    pub key_decision: bool,
    pub decision_text: String,
    pub reasons: Option<String>,
    pub alternatives: Option<String>,
    pub interests_declared: Option<String>,
    pub agenda_item_id: Option<Uuid>,
    pub forward_plan_entry_id: Option<Uuid>,
    pub call_in_status: CallInStatus,
    /// Set when published: the last working day on which the decision can be called in.
    pub call_in_deadline: Option<NaiveDate>,
    pub published_at: Option<DateTime<FixedOffset>>,
    pub version: i32,
    /// Set while the decision is deleted (restorable).
    pub deleted_at: Option<DateTime<FixedOffset>>,
}

impl From<decision::Model> for DecisionResponse {
    fn from(d: decision::Model) -> Self {
        Self {
            id: d.id,
            call_in_status: CallInStatus::parse(&d.call_in_status).unwrap_or(CallInStatus::Open),
            published_at: d.published_at.map(london::show),
            title: d.title,
            decision_maker: d.decision_maker,
            committee_id: d.committee_id,
            date_made: d.date_made,
            key_decision: d.key_decision,
            decision_text: d.decision_text,
            reasons: d.reasons,
            alternatives: d.alternatives,
            interests_declared: d.interests_declared,
            agenda_item_id: d.agenda_item_id,
            forward_plan_entry_id: d.forward_plan_entry_id,
            call_in_deadline: d.call_in_deadline,
            version: d.version,
            deleted_at: d.deleted_at.map(london::show),
        }
    }
}

fn required(field: &'static str, value: &str, max: usize) -> Result<String, DemocracyError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(DemocracyError::Validation {
            field,
            message: format!("give 1 to {max} characters"),
        });
    }
    Ok(value.to_owned())
}

/// A decision as written by a client (create, or full replacement on update).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"title": "Local Plan: adoption", "decision_maker": "Cabinet", "date_made": "2027-01-12", "key_decision": true, "decision_text": "To adopt the Local Plan.", "reasons": "The inspector found the plan sound."}))]
pub struct DecisionRequest {
    pub title: String,
    pub decision_maker: String,
    pub committee_id: Option<Uuid>,
    pub date_made: NaiveDate,
    #[serde(default)]
    pub key_decision: bool,
    pub decision_text: String,
    pub reasons: Option<String>,
    pub alternatives: Option<String>,
    pub interests_declared: Option<String>,
    /// The agenda item the decision was taken under.
    pub agenda_item_id: Option<Uuid>,
    pub forward_plan_entry_id: Option<Uuid>,
    pub call_in_status: Option<CallInStatus>,
}

impl DecisionRequest {
    fn validate(self) -> Result<DecisionFields, DemocracyError> {
        Ok(DecisionFields {
            title: required("title", &self.title, 500)?,
            decision_maker: required("decision_maker", &self.decision_maker, 300)?,
            committee_id: self.committee_id,
            date_made: self.date_made,
            key_decision: self.key_decision,
            decision_text: required("decision_text", &self.decision_text, 100_000)?,
            reasons: clean(self.reasons),
            alternatives: clean(self.alternatives),
            interests_declared: clean(self.interests_declared),
            agenda_item_id: self.agenda_item_id,
            forward_plan_entry_id: self.forward_plan_entry_id,
            call_in_status: self.call_in_status.unwrap_or(CallInStatus::Open),
        })
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only key decisions.
    #[serde(default)]
    pub key_only: bool,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionPage {
    pub items: Vec<DecisionResponse>,
    pub next_cursor: Option<String>,
}

fn with_etag(mut builder: actix_web::HttpResponseBuilder, d: decision::Model) -> HttpResponse {
    builder
        .insert_header((header::ETAG, etag(d.version)))
        .json(DecisionResponse::from(d))
}

/// Answers a write of a decision, recording its revision in the write's transaction.
async fn written(
    write: Write,
    d: decision::Model,
    action: RevisionAction,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = (d.id, d.version);
    write
        .respond(
            RecordKind::Decision,
            id,
            version,
            action,
            DecisionResponse::from(d),
        )
        .await
}

/// Records a forward plan entry's revision in the write's transaction and gives its response.
async fn entry_written(
    write: Write,
    rules: &DeadlineRules,
    e: entry::Model,
    action: RevisionAction,
) -> Result<ForwardPlanEntryResponse, ApiError> {
    let (id, version) = (e.id, e.version);
    let response = entry_response(rules, e, write.tenant().today());
    write
        .commit(RecordKind::ForwardPlanEntry, id, version, action, &response)
        .await?;
    Ok(response)
}

/// Decisions, newest first (drafts included).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), DecisionQuery),
    responses((status = 200, body = DecisionPage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/decisions")]
pub async fn list_decisions(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<DecisionQuery>,
) -> Result<web::Json<DecisionPage>, ApiError> {
    let q = query.into_inner();
    let limit = page_size(q.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
    let after = q.after.as_deref().map(DecisionCursor::decode).transpose()?;
    let filter = DecisionFilter {
        from: q.from,
        to: q.to,
        key_only: q.key_only,
        published_only: false,
    };
    let mut rows = store::list(&access.tenant, &state.db, filter, limit, after).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|d| DecisionCursor::of(d).encode()))
        .flatten();
    Ok(web::Json(DecisionPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Record a decision (a draft until published).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = DecisionRequest,
    responses(
        (status = 201, body = DecisionResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/decisions")]
pub async fn create_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<DecisionRequest>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let decision = store::create(&access.tenant, write.db(), fields).await?;
    written(write, decision, RevisionAction::Created).await
}

/// One decision.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = DecisionResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/decisions/{id}")]
pub async fn get_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let decision = store::get(&access.tenant, &state.db, path.1).await?;
    Ok(with_etag(HttpResponse::Ok(), decision))
}

/// Replace a decision's fields (including its call-in status). Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = DecisionResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/decisions/{id}")]
pub async fn update_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<DecisionRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let fields = body.into_inner().validate()?;
    let write = Write::begin(&state, &access).await?;
    let decision = store::update(&access.tenant, write.db(), path.1, version, fields).await?;
    written(write, decision, RevisionAction::Updated).await
}

/// Publish a decision: records who and when and starts its call-in period.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = DecisionResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/decisions/{id}/publish")]
pub async fn publish_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let decision = store::publish(
        &access.tenant,
        write.db(),
        &rules,
        path.1,
        access.principal.user_id(),
    )
    .await?;
    written(write, decision, RevisionAction::Published).await
}

/// Delete a decision (soft: it leaves the public lists, feed and search at once, and can be restored).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = DecisionResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/decisions/{id}")]
pub async fn delete_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let decision = store::set_deleted(&access.tenant, write.db(), path.1, true).await?;
    written(write, decision, RevisionAction::Deleted).await
}

/// Restore a deleted decision.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = DecisionResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/decisions/{id}/restore")]
pub async fn restore_decision(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let write = Write::begin(&state, &access).await?;
    let decision = store::set_deleted(&access.tenant, write.db(), path.1, false).await?;
    written(write, decision, RevisionAction::Restored).await
}

#[derive(Serialize, ToSchema)]
pub struct ForwardPlanEntryResponse {
    pub id: Uuid,
    pub title: String,
    pub decision_maker: String,
    pub expected_date: NaiveDate,
    pub ward_ids: Vec<Uuid>,
    /// Documents from the media library (reports, equality impact assessments), downloadable at
    /// `/media/{council}/{id}`.
    pub document_ids: Vec<Uuid>,
    pub private: bool,
    pub exception: NoticeException,
    pub exception_note: Option<String>,
    /// The last date the notice can be published: 28 clear days ahead, 5 under general exception, none under
    /// special urgency.
    pub notice_due_by: Option<NaiveDate>,
    pub notice_compliance: Option<Compliance>,
    pub notice_published_at: Option<DateTime<FixedOffset>>,
    pub version: i32,
}

/// An entry as the management API answers it, its notice deadline counted from `today` (the council's).
pub fn entry_response(
    rules: &DeadlineRules,
    e: entry::Model,
    today: NaiveDate,
) -> ForwardPlanEntryResponse {
    let (notice_due_by, notice_compliance) = store::notice_deadline(rules, &e, today);
    ForwardPlanEntryResponse {
        id: e.id,
        ward_ids: crate::democracy::agenda::store::parse_wards(&e.ward_ids),
        document_ids: crate::democracy::agenda::store::parse_wards(&e.document_ids),
        exception: NoticeException::parse(&e.exception).unwrap_or(NoticeException::None),
        notice_published_at: e.notice_published_at.map(london::show),
        title: e.title,
        decision_maker: e.decision_maker,
        expected_date: e.expected_date,
        private: e.private,
        exception_note: e.exception_note,
        notice_due_by,
        notice_compliance,
        version: e.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"title": "Award of the highways maintenance contract", "decision_maker": "Cabinet", "expected_date": "2027-03-09", "private": true}))]
pub struct ForwardPlanEntryRequest {
    pub title: String,
    pub decision_maker: String,
    pub expected_date: NaiveDate,
    #[serde(default)]
    pub ward_ids: Vec<Uuid>,
    /// Ids of documents in the council's media library.
    #[serde(default)]
    pub document_ids: Vec<Uuid>,
    #[serde(default)]
    pub private: bool,
    pub exception: Option<NoticeException>,
    /// Required with an exception: why it was needed, and (special urgency) the scrutiny chair's agreement.
    pub exception_note: Option<String>,
}

impl ForwardPlanEntryRequest {
    fn validate(self) -> Result<EntryFields, ApiError> {
        let exception = self.exception.unwrap_or(NoticeException::None);
        let exception_note = clean(self.exception_note);
        if exception != NoticeException::None && exception_note.is_none() {
            return Err(ApiError::validation(
                "exception_note",
                "record why the exception was needed (and, for special urgency, who agreed)",
            ));
        }
        Ok(EntryFields {
            title: required("title", &self.title, 500)?,
            decision_maker: required("decision_maker", &self.decision_maker, 300)?,
            expected_date: self.expected_date,
            ward_ids: self.ward_ids,
            document_ids: self.document_ids,
            private: self.private,
            exception,
            exception_note,
        })
    }
}

/// The forward plan: key decisions to be taken, drafts included.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    responses((status = 200, body = Vec<ForwardPlanEntryResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/forward-plan")]
pub async fn list_forward_plan(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
) -> Result<web::Json<Vec<ForwardPlanEntryResponse>>, ApiError> {
    let rules = rules_for(&access.tenant, &state.db).await?;
    let rows = store::list_entries(&access.tenant, &state.db, false, None, MAX_LIMIT).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|e| entry_response(&rules, e, access.tenant.today()))
            .collect(),
    ))
}

/// Add a key decision to the forward plan.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    request_body = ForwardPlanEntryRequest,
    responses(
        (status = 201, body = ForwardPlanEntryResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/forward-plan")]
pub async fn create_forward_plan_entry(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    body: web::Json<ForwardPlanEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner().validate()?;
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let row = store::create_entry(&access.tenant, write.db(), fields).await?;
    let response = entry_written(write, &rules, row, RevisionAction::Created).await?;
    Ok(HttpResponse::Created().json(response))
}

/// Publish a forward plan entry's notice (records when).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = ForwardPlanEntryResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/forward-plan/{id}/publish")]
pub async fn publish_forward_plan_entry(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ForwardPlanEntryResponse>, ApiError> {
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let row = store::publish_entry(&access.tenant, write.db(), path.1).await?;
    Ok(web::Json(
        entry_written(write, &rules, row, RevisionAction::Published).await?,
    ))
}

/// Replace a forward plan entry (e.g. a new expected date). Requires `If-Match`.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = ForwardPlanEntryRequest,
    responses(
        (status = 200, body = ForwardPlanEntryResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/forward-plan/{id}")]
pub async fn update_forward_plan_entry(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: web::Json<ForwardPlanEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = expected_version(&req)?;
    let fields = body.into_inner().validate()?;
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let row = store::update_entry(&access.tenant, write.db(), path.1, version, fields).await?;
    let etag_value = etag(row.version);
    let response = entry_written(write, &rules, row, RevisionAction::Updated).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag_value))
        .json(response))
}

/// Withdraw a forward plan entry (soft delete: it can be restored, and leaves the public plan at once).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = ForwardPlanEntryResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/forward-plan/{id}")]
pub async fn delete_forward_plan_entry(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ForwardPlanEntryResponse>, ApiError> {
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let row = store::set_entry_deleted(&access.tenant, write.db(), path.1, true).await?;
    Ok(web::Json(
        entry_written(write, &rules, row, RevisionAction::Deleted).await?,
    ))
}

/// Restore a withdrawn forward plan entry.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = ForwardPlanEntryResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/forward-plan/{id}/restore")]
pub async fn restore_forward_plan_entry(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ForwardPlanEntryResponse>, ApiError> {
    let rules = rules_for(&access.tenant, &state.db).await?;
    let write = Write::begin(&state, &access).await?;
    let row = store::set_entry_deleted(&access.tenant, write.db(), path.1, false).await?;
    Ok(web::Json(
        entry_written(write, &rules, row, RevisionAction::Restored).await?,
    ))
}
