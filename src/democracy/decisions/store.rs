//! Queries on decisions and forward plan entries; every function takes the council's `Tenant`.
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::model::{CallInStatus, NoticeException, decision, forward_plan_entry as entry};
use crate::{
    democracy::{
        DemocracyError, committees,
        deadlines::{Compliance, DeadlineRules, compliance},
        london,
    },
    pagination::{Cursor, PageError},
    tenancy::{Tenant, scoped, scoped_update, versioned_update},
};

/// A decision's editable fields.
#[derive(Debug, Clone)]
pub struct DecisionFields {
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
}

/// Which decisions to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecisionFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub key_only: bool,
    pub published_only: bool,
}

/// A position in the newest-first order of decisions.
#[derive(Debug, Clone, Copy)]
pub struct DecisionCursor {
    pub date_made: NaiveDate,
    pub id: Uuid,
}

impl DecisionCursor {
    /// The position of a decision in the list.
    pub fn of(decision: &decision::Model) -> Self {
        Self {
            date_made: decision.date_made,
            id: decision.id,
        }
    }

    pub fn encode(&self) -> String {
        Cursor::encode(&(self.date_made, self.id))
    }

    pub fn decode(value: &str) -> Result<Self, PageError> {
        let (date_made, id) = Cursor::decode(value)?;
        Ok(Self { date_made, id })
    }
}

/// Decisions newest first, `limit + 1` rows.
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    filter: DecisionFilter,
    limit: u64,
    after: Option<DecisionCursor>,
) -> Result<Vec<decision::Model>, DemocracyError> {
    let mut query = scoped::<decision::Entity>(tenant)
        .filter(decision::Column::DeletedAt.is_null())
        .order_by_desc(decision::Column::DateMade)
        .order_by_desc(decision::Column::Id)
        .limit(limit + 1);
    if filter.published_only {
        query = query.filter(decision::Column::PublishedAt.is_not_null());
    }
    if filter.key_only {
        query = query.filter(decision::Column::KeyDecision.eq(true));
    }
    if let Some(from) = filter.from {
        query = query.filter(decision::Column::DateMade.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(decision::Column::DateMade.lte(to));
    }
    if let Some(cursor) = after {
        query = query.filter(
            Condition::any()
                .add(decision::Column::DateMade.lt(cursor.date_made))
                .add(
                    Condition::all()
                        .add(decision::Column::DateMade.eq(cursor.date_made))
                        .add(decision::Column::Id.lt(cursor.id)),
                ),
        );
    }
    Ok(query.all(db).await?)
}

/// The most recently published decisions, for feeds.
pub async fn recently_published(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<decision::Model>, DemocracyError> {
    Ok(scoped::<decision::Entity>(tenant)
        .filter(decision::Column::DeletedAt.is_null())
        .filter(decision::Column::PublishedAt.is_not_null())
        .order_by_desc(decision::Column::PublishedAt)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn get(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<decision::Model, DemocracyError> {
    scoped::<decision::Entity>(tenant)
        .filter(decision::Column::Id.eq(id))
        .filter(decision::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Decision"))
}

/// Soft-deletes or restores a decision; it leaves (or rejoins) the public lists, feed and search at once.
pub async fn set_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<decision::Model, DemocracyError> {
    let changed =
        crate::democracy::soft_delete::set_deleted::<decision::Entity>(tenant, db, id, deleted)
            .await?;
    crate::democracy::search_index::index_decision(tenant, db, &changed).await?;
    Ok(changed)
}

async fn check(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    fields: &DecisionFields,
) -> Result<(), DemocracyError> {
    if let Some(committee) = fields.committee_id {
        committees::store::get(tenant, db, committee, false)
            .await
            .map_err(|_| DemocracyError::Validation {
                field: "committee_id",
                message: "no such committee in this council".into(),
            })?;
    }
    if let Some(item) = fields.agenda_item_id {
        crate::democracy::agenda::store::get_item(tenant, db, item)
            .await
            .map_err(|_| DemocracyError::Validation {
                field: "agenda_item_id",
                message: "no such agenda item".into(),
            })?;
    }
    if let Some(entry) = fields.forward_plan_entry_id {
        get_entry(tenant, db, entry)
            .await
            .map_err(|_| DemocracyError::Validation {
                field: "forward_plan_entry_id",
                message: "no such forward plan entry".into(),
            })?;
    }
    Ok(())
}

pub async fn create(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    f: DecisionFields,
) -> Result<decision::Model, DemocracyError> {
    check(tenant, db, &f).await?;
    let now = tenant.now();
    let row = decision::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        title: Set(f.title),
        decision_maker: Set(f.decision_maker),
        committee_id: Set(f.committee_id),
        date_made: Set(f.date_made),
        key_decision: Set(f.key_decision),
        decision_text: Set(f.decision_text),
        reasons: Set(f.reasons),
        alternatives: Set(f.alternatives),
        interests_declared: Set(f.interests_declared),
        agenda_item_id: Set(f.agenda_item_id),
        forward_plan_entry_id: Set(f.forward_plan_entry_id),
        call_in_status: Set(f.call_in_status.as_str().to_owned()),
        call_in_deadline: Set(None),
        published_at: Set(None),
        published_by: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    Ok(decision::Entity::insert(row)
        .exec_with_returning(db)
        .await?)
}

async fn versioned_decision(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: sea_orm::UpdateMany<decision::Entity>,
) -> Result<decision::Model, DemocracyError> {
    let update = update.filter(decision::Column::DeletedAt.is_null());
    let current = versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get(tenant, db, id),
    )
    .await?;
    crate::democracy::search_index::index_decision(tenant, db, &current).await?;
    Ok(current)
}

pub async fn update(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    f: DecisionFields,
) -> Result<decision::Model, DemocracyError> {
    check(tenant, db, &f).await?;
    let update = decision::Entity::update_many()
        .col_expr(decision::Column::Title, Expr::value(f.title))
        .col_expr(
            decision::Column::DecisionMaker,
            Expr::value(f.decision_maker),
        )
        .col_expr(decision::Column::CommitteeId, Expr::value(f.committee_id))
        .col_expr(decision::Column::DateMade, Expr::value(f.date_made))
        .col_expr(decision::Column::KeyDecision, Expr::value(f.key_decision))
        .col_expr(decision::Column::DecisionText, Expr::value(f.decision_text))
        .col_expr(decision::Column::Reasons, Expr::value(f.reasons))
        .col_expr(decision::Column::Alternatives, Expr::value(f.alternatives))
        .col_expr(
            decision::Column::InterestsDeclared,
            Expr::value(f.interests_declared),
        )
        .col_expr(
            decision::Column::AgendaItemId,
            Expr::value(f.agenda_item_id),
        )
        .col_expr(
            decision::Column::ForwardPlanEntryId,
            Expr::value(f.forward_plan_entry_id),
        )
        .col_expr(
            decision::Column::CallInStatus,
            Expr::value(f.call_in_status.as_str()),
        );
    versioned_decision(tenant, db, id, expected_version, update).await
}

/// Publishes a decision: records who and when, and starts the call-in period (none for urgent decisions).
pub async fn publish(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    id: Uuid,
    by: Option<Uuid>,
) -> Result<decision::Model, DemocracyError> {
    let current = get(tenant, db, id).await?;
    if current.published_at.is_some() {
        return Err(DemocracyError::Conflict(
            "The decision is already published.".into(),
        ));
    }
    let urgent = CallInStatus::parse(&current.call_in_status) == Some(CallInStatus::ExemptUrgent);
    let deadline = if urgent {
        None
    } else {
        rules.call_in_deadline(tenant.today())
    };
    let update = decision::Entity::update_many()
        .col_expr(
            decision::Column::PublishedAt,
            Expr::value(Some(tenant.now())),
        )
        .col_expr(decision::Column::PublishedBy, Expr::value(by))
        .col_expr(decision::Column::CallInDeadline, Expr::value(deadline))
        .filter(decision::Column::PublishedAt.is_null());
    versioned_decision(tenant, db, id, current.version, update).await
}

// ---- forward plan ----

/// A forward plan entry's editable fields.
#[derive(Debug, Clone)]
pub struct EntryFields {
    pub title: String,
    pub decision_maker: String,
    pub expected_date: NaiveDate,
    pub ward_ids: Vec<Uuid>,
    pub document_ids: Vec<Uuid>,
    pub private: bool,
    pub exception: NoticeException,
    pub exception_note: Option<String>,
}

/// When the notice is due and whether it was given in time (special urgency has no notice period).
pub fn notice_deadline(
    rules: &DeadlineRules,
    e: &entry::Model,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<Compliance>) {
    let due = match NoticeException::parse(&e.exception) {
        Some(NoticeException::SpecialUrgency) => None,
        Some(NoticeException::GeneralException) => {
            rules.general_exception_notice_by(e.expected_date)
        }
        _ => rules.key_decision_notice_by(e.expected_date),
    };
    (
        due,
        due.map(|due| compliance(due, e.notice_published_at.map(london::date_of), today)),
    )
}

pub async fn list_entries(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    published_only: bool,
    from: Option<NaiveDate>,
    limit: u64,
) -> Result<Vec<entry::Model>, DemocracyError> {
    let mut query = scoped::<entry::Entity>(tenant)
        .filter(entry::Column::DeletedAt.is_null())
        .order_by_asc(entry::Column::ExpectedDate)
        .order_by_asc(entry::Column::Id)
        .limit(limit);
    if published_only {
        query = query.filter(entry::Column::NoticePublishedAt.is_not_null());
    }
    if let Some(from) = from {
        query = query.filter(entry::Column::ExpectedDate.gte(from));
    }
    Ok(query.all(db).await?)
}

pub async fn get_entry(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<entry::Model, DemocracyError> {
    scoped::<entry::Entity>(tenant)
        .filter(entry::Column::Id.eq(id))
        .filter(entry::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Forward plan entry"))
}

/// Every document must be a file of this council's media library that is not deleted.
async fn check_documents(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), DemocracyError> {
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > 50 {
        return Err(DemocracyError::Validation {
            field: "document_ids",
            message: "at most 50 documents".into(),
        });
    }
    let found = crate::media::store::count_present(tenant, db, ids).await?;
    if found != ids.len() as u64 {
        return Err(DemocracyError::Validation {
            field: "document_ids",
            message: "a document is not in this council's media library".into(),
        });
    }
    Ok(())
}

fn id_list(ids: &[Uuid]) -> String {
    ids.iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn create_entry(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    f: EntryFields,
) -> Result<entry::Model, DemocracyError> {
    crate::democracy::people::store::check_wards(tenant, db, &f.ward_ids).await?;
    check_documents(tenant, db, &f.document_ids).await?;
    let now = tenant.now();
    let row = entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        title: Set(f.title),
        decision_maker: Set(f.decision_maker),
        expected_date: Set(f.expected_date),
        ward_ids: Set(f
            .ward_ids
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>()
            .join(",")),
        document_ids: Set(id_list(&f.document_ids)),
        private: Set(f.private),
        exception: Set(f.exception.as_str().to_owned()),
        exception_note: Set(f.exception_note),
        notice_published_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    Ok(entry::Entity::insert(row).exec_with_returning(db).await?)
}

/// Publishes an entry's notice, recording when.
pub async fn publish_entry(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<entry::Model, DemocracyError> {
    let current = get_entry(tenant, db, id).await?;
    if current.notice_published_at.is_some() {
        return Err(DemocracyError::Conflict(
            "The notice is already published.".into(),
        ));
    }
    scoped_update::<entry::Entity>(tenant)
        .col_expr(
            entry::Column::NoticePublishedAt,
            Expr::value(Some(tenant.now())),
        )
        .col_expr(
            entry::Column::Version,
            Expr::col(entry::Column::Version).add(1),
        )
        .col_expr(entry::Column::UpdatedAt, Expr::value(tenant.now()))
        .filter(entry::Column::Id.eq(id))
        .filter(entry::Column::NoticePublishedAt.is_null())
        .exec(db)
        .await?;
    get_entry(tenant, db, id).await
}

/// Replaces a forward plan entry's fields if it is still at `expected_version`.
pub async fn update_entry(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    f: EntryFields,
) -> Result<entry::Model, DemocracyError> {
    crate::democracy::people::store::check_wards(tenant, db, &f.ward_ids).await?;
    check_documents(tenant, db, &f.document_ids).await?;
    let update = entry::Entity::update_many()
        .col_expr(entry::Column::Title, Expr::value(f.title))
        .col_expr(entry::Column::DecisionMaker, Expr::value(f.decision_maker))
        .col_expr(entry::Column::ExpectedDate, Expr::value(f.expected_date))
        .col_expr(
            entry::Column::WardIds,
            Expr::value(
                f.ward_ids
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        )
        .col_expr(
            entry::Column::DocumentIds,
            Expr::value(id_list(&f.document_ids)),
        )
        .col_expr(entry::Column::Private, Expr::value(f.private))
        .col_expr(entry::Column::Exception, Expr::value(f.exception.as_str()))
        .col_expr(entry::Column::ExceptionNote, Expr::value(f.exception_note))
        .filter(entry::Column::DeletedAt.is_null());
    versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get_entry(tenant, db, id),
    )
    .await
}

/// Soft-deletes or restores a forward plan entry.
pub async fn set_entry_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<entry::Model, DemocracyError> {
    crate::democracy::soft_delete::set_deleted::<entry::Entity>(tenant, db, id, deleted).await
}
