//! `/api/v1/councils/{council}/meetings/{id}/attendance` and `/motions`: recording what happened at a meeting.
use actix_web::{HttpResponse, get, post, put, web};
use sea_orm::ActiveValue::Set;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    model::{AttendanceStatus, MotionResult, VoteOption, attendance, motion, vote},
    store::{self, attendance_of, motions_of},
};
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::revisions::{RecordKind, RevisionAction, Write},
    democracy::{DemocracyError, agenda, meetings, people::store as people},
    error::{ApiError, ErrorBody},
    state::AppState,
    tenancy::replace_list,
};

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct AttendanceEntry {
    pub councillor_id: Uuid,
    pub status: AttendanceStatus,
    /// The member this councillor substituted for, if any.
    pub substitute_for: Option<Uuid>,
}

fn entries(rows: Vec<attendance::Model>) -> Vec<AttendanceEntry> {
    rows.into_iter()
        .map(|r| AttendanceEntry {
            councillor_id: r.councillor_id,
            status: AttendanceStatus::parse(&r.status).unwrap_or(AttendanceStatus::Present),
            substitute_for: r.substitute_for,
        })
        .collect()
}

/// A meeting's attendance.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, body = Vec<AttendanceEntry>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/meetings/{id}/attendance")]
pub async fn get_attendance(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<AttendanceEntry>>, ApiError> {
    meetings::store::get(&access.tenant, &state.db, path.1, false).await?;
    Ok(web::Json(entries(
        attendance_of(&access.tenant, &state.db, vec![path.1]).await?,
    )))
}

/// Replace a meeting's attendance (all or nothing).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    request_body = Vec<AttendanceEntry>,
    responses(
        (status = 200, body = Vec<AttendanceEntry>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/councils/{council}/meetings/{id}/attendance")]
pub async fn put_attendance(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<Vec<AttendanceEntry>>,
) -> Result<web::Json<Vec<AttendanceEntry>>, ApiError> {
    let tenant = &access.tenant;
    let meeting = path.1;
    let list = body.into_inner();
    meetings::store::get(tenant, &state.db, meeting, false).await?;
    let mut ids: Vec<Uuid> = list.iter().map(|a| a.councillor_id).collect();
    let before = ids.len();
    ids.sort();
    ids.dedup();
    if ids.len() != before {
        return Err(ApiError::validation(
            "councillor_id",
            "each councillor once",
        ));
    }
    ids.extend(list.iter().filter_map(|a| a.substitute_for));
    people::check_councillors(tenant, &state.db, &ids).await?;
    let write = Write::begin(&state, &access).await?;
    let txn = write.db();
    let rows = list
        .iter()
        .map(|a| attendance::ActiveModel {
            id: Set(Uuid::now_v7()),
            councillor_id: Set(a.councillor_id),
            status: Set(a.status.as_str().to_owned()),
            substitute_for: Set(a.substitute_for),
            ..Default::default()
        })
        .collect();
    replace_list::<attendance::Entity>(tenant, txn, attendance::Column::MeetingId, meeting, rows)
        .await
        .map_err(DemocracyError::from)?;
    let response = entries(attendance_of(tenant, txn, vec![meeting]).await?);
    let version = write.next_version(RecordKind::Attendance, meeting).await?;
    write
        .commit(
            RecordKind::Attendance,
            meeting,
            version,
            RevisionAction::Updated,
            &response,
        )
        .await?;
    Ok(web::Json(response))
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Default)]
pub struct VoteCounts {
    #[serde(rename = "for")]
    pub for_: i32,
    pub against: i32,
    pub abstain: i32,
    pub absent: i32,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct NamedVote {
    pub councillor_id: Uuid,
    pub option: VoteOption,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"motion_text": "That the recommendations be approved.", "result": "carried", "named_votes": []}))]
pub struct MotionRequest {
    pub motion_text: String,
    pub agenda_item_id: Option<Uuid>,
    pub proposer_id: Option<Uuid>,
    pub seconder_id: Option<Uuid>,
    pub result: MotionResult,
    /// Counts of an unrecorded vote; with named votes they are computed (and must agree if also given).
    pub counts: Option<VoteCounts>,
    #[serde(default)]
    pub named_votes: Vec<NamedVote>,
}

#[derive(Serialize, ToSchema)]
pub struct MotionResponse {
    pub id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub motion_text: String,
    pub proposer_id: Option<Uuid>,
    pub seconder_id: Option<Uuid>,
    pub result: MotionResult,
    pub counts: VoteCounts,
    pub named_votes: Vec<NamedVote>,
}

pub fn motion_response(m: motion::Model, votes: &[vote::Model]) -> MotionResponse {
    MotionResponse {
        named_votes: votes
            .iter()
            .filter(|v| v.motion_id == m.id)
            .map(|v| NamedVote {
                councillor_id: v.councillor_id,
                option: VoteOption::parse(&v.option).unwrap_or(VoteOption::Absent),
            })
            .collect(),
        id: m.id,
        agenda_item_id: m.agenda_item_id,
        motion_text: m.motion_text,
        proposer_id: m.proposer_id,
        seconder_id: m.seconder_id,
        result: MotionResult::parse(&m.result).unwrap_or(MotionResult::Carried),
        counts: VoteCounts {
            for_: m.for_count,
            against: m.against_count,
            abstain: m.abstain_count,
            absent: m.absent_count,
        },
    }
}

/// A meeting's motions and votes.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, body = Vec<MotionResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/meetings/{id}/motions")]
pub async fn list_motions(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<MotionResponse>>, ApiError> {
    meetings::store::get(&access.tenant, &state.db, path.1, false).await?;
    let (motions, votes) = motions_of(&access.tenant, &state.db, vec![path.1]).await?;
    Ok(web::Json(
        motions
            .into_iter()
            .map(|m| motion_response(m, &votes))
            .collect(),
    ))
}

/// Record a motion, its result and its vote (counts, or named votes from which the counts follow).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path, description = "Meeting id")),
    request_body = MotionRequest,
    responses(
        (status = 201, body = MotionResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/meetings/{id}/motions")]
pub async fn create_motion(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<MotionRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant = &access.tenant;
    let meeting = path.1;
    let b = body.into_inner();
    let text = b.motion_text.trim();
    if text.is_empty() || text.chars().count() > 20_000 {
        return Err(ApiError::validation(
            "motion_text",
            "give the motion's text (at most 20,000 characters)",
        ));
    }
    meetings::store::get(tenant, &state.db, meeting, false).await?;
    if let Some(item) = b.agenda_item_id {
        let item = agenda::store::get_item(tenant, &state.db, item).await?;
        if item.meeting_id != meeting {
            return Err(ApiError::validation(
                "agenda_item_id",
                "the item belongs to another meeting",
            ));
        }
    }
    let mut people_ids: Vec<Uuid> = b.named_votes.iter().map(|v| v.councillor_id).collect();
    let before = people_ids.len();
    people_ids.sort();
    people_ids.dedup();
    if people_ids.len() != before {
        return Err(ApiError::validation(
            "named_votes",
            "each councillor votes once",
        ));
    }
    people_ids.extend(b.proposer_id);
    people_ids.extend(b.seconder_id);
    people::check_councillors(tenant, &state.db, &people_ids).await?;
    let counts = if b.named_votes.is_empty() {
        b.counts.unwrap_or_default()
    } else {
        let count = |o: VoteOption| b.named_votes.iter().filter(|v| v.option == o).count() as i32;
        let named = VoteCounts {
            for_: count(VoteOption::For),
            against: count(VoteOption::Against),
            abstain: count(VoteOption::Abstain),
            absent: count(VoteOption::Absent),
        };
        if let Some(given) = b.counts
            && (given.for_, given.against, given.abstain, given.absent)
                != (named.for_, named.against, named.abstain, named.absent)
        {
            return Err(ApiError::validation(
                "counts",
                "the counts do not match the named votes",
            ));
        }
        named
    };
    if [counts.for_, counts.against, counts.abstain, counts.absent]
        .iter()
        .any(|c| *c < 0)
    {
        return Err(ApiError::validation("counts", "counts cannot be negative"));
    }
    let write = Write::begin(&state, &access).await?;
    let txn = write.db();
    let row = motion::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        meeting_id: Set(meeting),
        agenda_item_id: Set(b.agenda_item_id),
        motion_text: Set(text.to_owned()),
        proposer_id: Set(b.proposer_id),
        seconder_id: Set(b.seconder_id),
        result: Set(b.result.as_str().to_owned()),
        for_count: Set(counts.for_),
        against_count: Set(counts.against),
        abstain_count: Set(counts.abstain),
        absent_count: Set(counts.absent),
        created_at: Set(tenant.now()),
    };
    let named: Vec<(Uuid, &str)> = b
        .named_votes
        .iter()
        .map(|v| (v.councillor_id, v.option.as_str()))
        .collect();
    let saved = store::insert_motion(tenant, txn, row, &named).await?;
    let (_, votes) = motions_of(tenant, txn, vec![meeting]).await?;
    let id = saved.id;
    let response = motion_response(saved, &votes);
    write
        .commit(
            RecordKind::Motion,
            id,
            1,
            RevisionAction::Created,
            &response,
        )
        .await?;
    Ok(HttpResponse::Created().json(response))
}
