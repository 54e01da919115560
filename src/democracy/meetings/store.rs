//! Queries on meetings and the deadline each one has; every function takes the council's `Tenant`.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::model::{self, Column, Entity, MeetingStatus};
use crate::{
    democracy::{
        DemocracyError,
        committees::{self, model as committee},
        deadlines::{Compliance, DeadlineRules, compliance},
        london,
    },
    pagination::{Cursor, PageError},
    tenancy::{Tenant, scoped, versioned_update},
};

/// A meeting's editable fields.
#[derive(Debug, Clone)]
pub struct MeetingFields {
    pub committee_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: Option<String>,
    pub status: MeetingStatus,
    pub webcast_url: Option<String>,
}

/// Which meetings to list.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub committee: Option<Uuid>,
    pub status: Option<MeetingStatus>,
}

/// A page position in the by-start-time order.
#[derive(Debug, Clone, Copy)]
pub struct MeetingCursor {
    pub starts_at: DateTime<Utc>,
    pub id: Uuid,
}

impl MeetingCursor {
    /// The position of a meeting in the list.
    pub fn of(meeting: &model::Model) -> Self {
        Self {
            starts_at: meeting.starts_at,
            id: meeting.id,
        }
    }

    pub fn encode(&self) -> String {
        Cursor::encode(&(self.starts_at, self.id))
    }

    pub fn decode(value: &str) -> Result<Self, PageError> {
        let (starts_at, id) = Cursor::decode(value)?;
        Ok(Self { starts_at, id })
    }
}

/// A meeting with its committee and its agenda deadline.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: model::Model,
    pub committee: committee::Model,
    /// None for cancelled meetings, which have no deadline.
    pub agenda_due_by: Option<NaiveDate>,
    pub agenda_compliance: Option<Compliance>,
    /// Who published the agenda and the minutes, by name.
    pub agenda_published_by: Option<String>,
    pub minutes_published_by: Option<String>,
}

/// The agenda deadline of a meeting under a council's rules, as of `today` (London).
pub fn agenda_deadline(
    rules: &DeadlineRules,
    meeting: &model::Model,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<Compliance>) {
    if MeetingStatus::parse(&meeting.status) == MeetingStatus::Cancelled {
        return (None, None);
    }
    let due = rules.agenda_due_by(london::date_of(meeting.starts_at));
    let status =
        due.map(|due| compliance(due, meeting.agenda_published_at.map(london::date_of), today));
    (due, status)
}

/// Joins meetings with their committees (one query) and their deadlines.
pub async fn views(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    meetings: Vec<model::Model>,
) -> Result<Vec<MeetingView>, DemocracyError> {
    let ids: Vec<Uuid> = meetings.iter().map(|m| m.committee_id).collect();
    let committees = committees::store::by_ids(tenant, db, ids).await?;
    let publishers: Vec<Uuid> = meetings
        .iter()
        .flat_map(|m| [m.agenda_published_by, m.minutes_published_by])
        .flatten()
        .collect();
    let names = crate::auth::store::display_names(db, publishers).await?;
    let name = |id: Option<Uuid>| id.and_then(|id| names.get(&id).cloned());
    let today = tenant.today();
    Ok(meetings
        .into_iter()
        .filter_map(|meeting| {
            let committee = committees
                .iter()
                .find(|c| c.id == meeting.committee_id)?
                .clone();
            let (agenda_due_by, agenda_compliance) = agenda_deadline(rules, &meeting, today);
            Some(MeetingView {
                agenda_published_by: name(meeting.agenda_published_by),
                minutes_published_by: name(meeting.minutes_published_by),
                meeting,
                committee,
                agenda_due_by,
                agenda_compliance,
            })
        })
        .collect())
}

/// The council's meetings with these ids that are not deleted.
pub async fn live_by_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<model::Model>, DemocracyError> {
    Ok(scoped::<Entity>(tenant)
        .filter(Column::Id.is_in(ids.to_vec()))
        .filter(Column::DeletedAt.is_null())
        .all(db)
        .await?)
}

/// Meetings in start order, `limit + 1` rows so the caller can tell whether there is more.
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    filter: &MeetingFilter,
    limit: u64,
    after: Option<MeetingCursor>,
) -> Result<Vec<model::Model>, DemocracyError> {
    let mut query = scoped::<Entity>(tenant)
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::StartsAt)
        .order_by_asc(Column::Id)
        .limit(limit + 1);
    if let Some(from) = filter.from {
        query = query.filter(Column::StartsAt.gte(london::start_of(from)));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        query = query.filter(Column::StartsAt.lt(london::start_of(to)));
    }
    if let Some(committee) = filter.committee {
        query = query.filter(Column::CommitteeId.eq(committee));
    }
    if let Some(status) = filter.status {
        query = query.filter(Column::Status.eq(status.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            Condition::any()
                .add(Column::StartsAt.gt(cursor.starts_at))
                .add(
                    Condition::all()
                        .add(Column::StartsAt.eq(cursor.starts_at))
                        .add(Column::Id.gt(cursor.id)),
                ),
        );
    }
    Ok(query.all(db).await?)
}

pub async fn get(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    with_deleted: bool,
) -> Result<model::Model, DemocracyError> {
    let mut query = scoped::<Entity>(tenant).filter(Column::Id.eq(id));
    if !with_deleted {
        query = query.filter(Column::DeletedAt.is_null());
    }
    query
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Meeting"))
}

async fn check(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    fields: &MeetingFields,
) -> Result<(), DemocracyError> {
    committees::store::get(tenant, db, fields.committee_id, false)
        .await
        .map_err(|_| DemocracyError::Validation {
            field: "committee_id",
            message: "no such committee in this council".into(),
        })?;
    if fields.ends_at.is_some_and(|end| end <= fields.starts_at) {
        return Err(DemocracyError::Validation {
            field: "end",
            message: "the end must be after the start".into(),
        });
    }
    Ok(())
}

pub async fn create(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    fields: MeetingFields,
) -> Result<model::Model, DemocracyError> {
    check(tenant, db, &fields).await?;
    let now = tenant.now();
    let row = model::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        committee_id: Set(fields.committee_id),
        starts_at: Set(fields.starts_at),
        ends_at: Set(fields.ends_at),
        venue: Set(fields.venue),
        status: Set(fields.status.as_str().to_owned()),
        webcast_url: Set(fields.webcast_url),
        agenda_published_at: Set(None),
        agenda_published_by: Set(None),
        agenda_late_reason: Set(None),
        minutes_published_at: Set(None),
        minutes_published_by: Set(None),
        moderngov_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

/// Runs a versioned update on one live meeting (412 when the version moved on); its search entries follow.
async fn versioned(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: sea_orm::UpdateMany<Entity>,
) -> Result<model::Model, DemocracyError> {
    let update = update.filter(Column::DeletedAt.is_null());
    let current = versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get(tenant, db, id, false),
    )
    .await?;
    crate::democracy::search_index::index_meeting(tenant, db, &current).await?;
    Ok(current)
}

pub async fn update(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    fields: MeetingFields,
) -> Result<model::Model, DemocracyError> {
    check(tenant, db, &fields).await?;
    let update = Entity::update_many()
        .col_expr(Column::CommitteeId, Expr::value(fields.committee_id))
        .col_expr(Column::StartsAt, Expr::value(fields.starts_at))
        .col_expr(Column::EndsAt, Expr::value(fields.ends_at))
        .col_expr(Column::Venue, Expr::value(fields.venue))
        .col_expr(Column::Status, Expr::value(fields.status.as_str()))
        .col_expr(Column::WebcastUrl, Expr::value(fields.webcast_url));
    versioned(tenant, db, id, expected_version, update).await
}

/// Records that the agenda was published, by whom and when; late publication needs a reason.
pub async fn publish_agenda(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    id: Uuid,
    by: Option<Uuid>,
    late_reason: Option<String>,
) -> Result<model::Model, DemocracyError> {
    let meeting = get(tenant, db, id, false).await?;
    if MeetingStatus::parse(&meeting.status) == MeetingStatus::Cancelled {
        return Err(DemocracyError::Conflict("The meeting is cancelled.".into()));
    }
    if meeting.agenda_published_at.is_some() {
        return Err(DemocracyError::Conflict(
            "The agenda is already published.".into(),
        ));
    }
    let now = tenant.now();
    let due = rules.agenda_due_by(london::date_of(meeting.starts_at));
    let late = due.is_some_and(|due| london::date_of(now) > due);
    let reason = late_reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if late && reason.is_none() {
        return Err(DemocracyError::Validation {
            field: "late_reason",
            message: format!(
                "the agenda was due by {}; publishing late is allowed but needs a reason on record",
                due.map(|d| d.to_string()).unwrap_or_default()
            ),
        });
    }
    let update = Entity::update_many()
        .col_expr(Column::AgendaPublishedAt, Expr::value(Some(now)))
        .col_expr(Column::AgendaPublishedBy, Expr::value(by))
        .col_expr(
            Column::AgendaLateReason,
            Expr::value(if late { reason } else { None }),
        )
        .filter(Column::AgendaPublishedAt.is_null());
    versioned(tenant, db, id, meeting.version, update).await
}

/// Records when an agenda and minutes were published before Townhall held the meeting (the demonstration data,
/// records brought from elsewhere): the times are taken as given, with no deadline check.
pub async fn record_past_publication(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    agenda_at: Option<DateTime<Utc>>,
    minutes_at: Option<DateTime<Utc>>,
) -> Result<model::Model, DemocracyError> {
    let meeting = get(tenant, db, id, false).await?;
    let update = Entity::update_many()
        .col_expr(Column::AgendaPublishedAt, Expr::value(agenda_at))
        .col_expr(Column::MinutesPublishedAt, Expr::value(minutes_at));
    let current = versioned(tenant, db, id, meeting.version, update).await?;
    crate::democracy::search_index::index_meeting(tenant, db, &current).await?;
    Ok(current)
}

/// Records that the minutes were published, by whom and when.
pub async fn publish_minutes(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    by: Option<Uuid>,
) -> Result<model::Model, DemocracyError> {
    let meeting = get(tenant, db, id, false).await?;
    if meeting.minutes_published_at.is_some() {
        return Err(DemocracyError::Conflict(
            "The minutes are already published.".into(),
        ));
    }
    let update = Entity::update_many()
        .col_expr(Column::MinutesPublishedAt, Expr::value(Some(tenant.now())))
        .col_expr(Column::MinutesPublishedBy, Expr::value(by))
        .filter(Column::MinutesPublishedAt.is_null());
    versioned(tenant, db, id, meeting.version, update).await
}

/// Soft-deletes or restores a meeting.
pub async fn set_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<model::Model, DemocracyError> {
    let current =
        crate::democracy::soft_delete::set_deleted::<Entity>(tenant, db, id, deleted).await?;
    crate::democracy::search_index::index_meeting(tenant, db, &current).await?;
    Ok(current)
}
