//! The revision history of democratic records. Every write of a ward, party, councillor, committee, meeting,
//! agenda item, paper, decision or forward plan entry through the management API keeps a snapshot of the record
//! as the API then shows it, with who and when, in the same transaction as the write: if the write stands, so
//! does its revision. Lists replaced as a whole (a committee's members, a councillor's roles and interests, a
//! meeting's attendance) and recorded motions are kept under the id of the committee, councillor, meeting or
//! motion. `GET /api/v1/councils/{council}/revisions/{record}` lists them, newest first.
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::DemocracyError;
use crate::{
    auth::{AnyRole, CouncilAccess},
    error::{ApiError, ErrorBody},
    pagination::{PageQuery, encode_cursor},
    preconditions::etag,
    state::AppState,
    tenancy::{Tenant, scoped},
};

pub mod model {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "record_revisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub record_kind: String,
        pub record_id: Uuid,
        pub version: i32,
        pub action: String,
        /// The record as the management API showed it after the write, as JSON.
        pub snapshot: String,
        pub actor_id: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

string_enum!(
    /// What kind of record a revision is of.
    RecordKind {
        Ward => "ward",
        Party => "party",
        Councillor => "councillor",
        Committee => "committee",
        Meeting => "meeting",
        AgendaItem => "agenda_item",
        Document => "document",
        Decision => "decision",
        ForwardPlanEntry => "forward_plan_entry",
        CommitteeMembers => "committee_members",
        CouncillorRoles => "councillor_roles",
        CouncillorInterests => "councillor_interests",
        Attendance => "attendance",
        Motion => "motion",
    }
);

string_enum!(
    /// What the write did.
    RevisionAction {
        Created => "created",
        Updated => "updated",
        Deleted => "deleted",
        Restored => "restored",
        AgendaPublished => "agenda_published",
        MinutesPublished => "minutes_published",
        Published => "published",
        Imported => "imported",
    }
);

/// A write in progress: the caller writes through [`Write::db`], then [`Write::commit`] records the revision and
/// commits both. Dropped without committing, nothing is written.
pub struct Write {
    txn: DatabaseTransaction,
    tenant: Tenant,
    actor: Option<Uuid>,
    /// For the audit log's entry, written once the change is committed.
    db: sea_orm::DatabaseConnection,
}

impl Write {
    pub async fn begin<R>(state: &AppState, access: &CouncilAccess<R>) -> Result<Self, ApiError> {
        Ok(Self {
            txn: crate::db::begin_write(&state.db)
                .await
                .map_err(DemocracyError::from)?,
            tenant: access.tenant.clone(),
            actor: access.principal.user_id(),
            db: state.db.clone(),
        })
    }

    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The council this write is in.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// For records without a version of their own (papers, and the lists kept under a committee, councillor or
    /// meeting): one more than the revisions of that kind recorded so far.
    pub async fn next_version(&self, kind: RecordKind, id: Uuid) -> Result<i32, ApiError> {
        let count = scoped::<model::Entity>(&self.tenant)
            .filter(model::Column::RecordId.eq(id))
            .filter(model::Column::RecordKind.eq(kind.as_str()))
            .count(&self.txn)
            .await
            .map_err(DemocracyError::from)?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX).saturating_add(1))
    }

    /// Commits with the record's revision, then answers with the record (`body`, the API's view of it) and its
    /// `ETag`: 201 for a creation, 200 otherwise.
    pub async fn respond<T: Serialize>(
        self,
        kind: RecordKind,
        id: Uuid,
        version: i32,
        action: RevisionAction,
        body: T,
    ) -> Result<HttpResponse, ApiError> {
        self.commit(kind, id, version, action, &body).await?;
        let mut builder = if action == RevisionAction::Created {
            HttpResponse::Created()
        } else {
            HttpResponse::Ok()
        };
        Ok(builder
            .insert_header((actix_web::http::header::ETAG, etag(version)))
            .json(body))
    }

    /// Records the revision of one of several records a write changes, without committing (then `finish`).
    pub async fn revision(
        &self,
        kind: RecordKind,
        id: Uuid,
        version: i32,
        action: RevisionAction,
        snapshot: &impl Serialize,
    ) -> Result<(), ApiError> {
        let revision = Revision {
            kind,
            id,
            version,
            action,
            actor: self.actor,
        };
        record(&self.tenant, &self.txn, revision, snapshot).await?;
        Ok(())
    }

    /// Commits a write whose revisions were recorded with `revision`, and records it in the audit log as one
    /// entry (`action`) about the record that holds them (`kind`, `id`), with `count` records changed.
    pub async fn finish(
        self,
        action: &'static str,
        kind: RecordKind,
        id: Uuid,
        count: usize,
    ) -> Result<(), ApiError> {
        self.txn.commit().await.map_err(DemocracyError::from)?;
        let event = crate::audit::Event::new(Some(self.tenant.id()), action)
            .target("record", id)
            .detail(format!("kind={} changed={count}", kind.as_str()));
        crate::audit::record(&self.db, event).await;
        Ok(())
    }

    /// Records the revision of one record (its snapshot: the API's view of it) and commits.
    pub async fn commit(
        self,
        kind: RecordKind,
        id: Uuid,
        version: i32,
        action: RevisionAction,
        snapshot: &impl Serialize,
    ) -> Result<(), ApiError> {
        let revision = Revision {
            kind,
            id,
            version,
            action,
            actor: self.actor,
        };
        record(&self.tenant, &self.txn, revision, snapshot).await?;
        self.txn.commit().await.map_err(DemocracyError::from)?;
        // Every write of a democratic record goes in the audit log; its history holds what changed.
        let name = match action {
            RevisionAction::Created => "record.created",
            RevisionAction::Updated => "record.updated",
            RevisionAction::Deleted => "record.deleted",
            RevisionAction::Restored => "record.restored",
            RevisionAction::AgendaPublished => "record.agenda_published",
            RevisionAction::MinutesPublished => "record.minutes_published",
            RevisionAction::Published => "record.published",
            RevisionAction::Imported => "record.imported",
        };
        let event = crate::audit::Event::new(Some(self.tenant.id()), name)
            .target("record", id)
            .detail(format!("kind={}", kind.as_str()));
        crate::audit::record(&self.db, event).await;
        Ok(())
    }
}

/// What a revision is of, and by whom.
pub struct Revision {
    pub kind: RecordKind,
    pub id: Uuid,
    pub version: i32,
    pub action: RevisionAction,
    pub actor: Option<Uuid>,
}

/// Records one revision on `db` (the write's own transaction), for writes that are not a single API call
/// (imports).
pub async fn record(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    revision: Revision,
    snapshot: &impl Serialize,
) -> Result<(), DemocracyError> {
    let snapshot = serde_json::to_string(snapshot)
        .map_err(|e| DemocracyError::Storage(format!("revision snapshot: {e}")))?;
    model::Entity::insert(model::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        record_kind: Set(revision.kind.as_str().to_owned()),
        record_id: Set(revision.id),
        version: Set(revision.version),
        action: Set(revision.action.as_str().to_owned()),
        snapshot: Set(snapshot),
        actor_id: Set(revision.actor),
        created_at: Set(tenant.now()),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// One revision of a record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordRevision {
    pub id: Uuid,
    pub record_kind: RecordKind,
    pub record_id: Uuid,
    /// The record's version after the write.
    pub version: i32,
    pub action: RevisionAction,
    /// The user who wrote it (none for an API token).
    pub actor_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// The record as the management API showed it after the write.
    #[schema(value_type = Object)]
    pub snapshot: serde_json::Value,
}

/// A stored revision as the API shows it; a snapshot that cannot be read is a fault on our side (logged, answered
/// as a 500), never an empty record.
impl TryFrom<model::Model> for RecordRevision {
    type Error = ApiError;

    fn try_from(r: model::Model) -> Result<Self, ApiError> {
        let snapshot = serde_json::from_str(&r.snapshot).map_err(|e| {
            ApiError::internal(&format_args!("revision {}: unreadable snapshot: {e}", r.id))
        })?;
        Ok(Self {
            id: r.id,
            record_kind: RecordKind::parse(&r.record_kind).unwrap_or(RecordKind::Meeting),
            record_id: r.record_id,
            version: r.version,
            action: RevisionAction::parse(&r.action).unwrap_or(RevisionAction::Updated),
            actor_id: r.actor_id,
            created_at: r.created_at,
            snapshot,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordRevisionList {
    pub items: Vec<RecordRevision>,
    pub next_cursor: Option<String>,
}

/// The revisions of one democratic record (ward, party, councillor, committee, meeting, agenda item, paper,
/// decision or forward plan entry), newest first: who wrote what, when, and the record as it then was. Deleted
/// records keep their history.
#[utoipa::path(
    tag = "democracy",
    operation_id = "list_record_revisions",
    params(("council" = String, Path, description = "Council slug"), ("record" = Uuid, Path, description = "The record's id"), PageQuery),
    responses((status = 200, body = RecordRevisionList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/revisions/{record}")]
pub async fn list_revisions(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<RecordRevisionList>, ApiError> {
    let page = page.validate()?;
    let mut query =
        scoped::<model::Entity>(&access.tenant).filter(model::Column::RecordId.eq(path.1));
    if let Some(after) = page.after {
        query = query.filter(model::Column::Id.lt(after));
    }
    let mut rows = query
        .order_by_desc(model::Column::Id)
        .limit(page.limit + 1)
        .all(&state.db)
        .await
        .map_err(DemocracyError::from)?;
    if rows.is_empty() && page.after.is_none() {
        return Err(ApiError::not_found("Record"));
    }
    let more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| encode_cursor(r.id)))
        .flatten();
    let items = rows
        .into_iter()
        .map(RecordRevision::try_from)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(RecordRevisionList { items, next_cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(snapshot: &str) -> model::Model {
        model::Model {
            id: Uuid::now_v7(),
            council_id: Uuid::now_v7(),
            record_kind: "ward".into(),
            record_id: Uuid::now_v7(),
            version: 2,
            action: "updated".into(),
            snapshot: snapshot.into(),
            actor_id: None,
            created_at: crate::clock::Clock::real().now(),
        }
    }

    #[test]
    fn an_unreadable_stored_snapshot_is_an_internal_error_not_null() {
        let err = RecordRevision::try_from(revision("{\"name\": ")).err();
        assert_eq!(
            err.map(|e| (e.code, e.message)),
            Some((
                crate::error::ErrorCode::Internal,
                "Something went wrong on our side.".to_owned()
            ))
        );
        let ok = RecordRevision::try_from(revision(r#"{"name":"Acomb"}"#));
        assert_eq!(
            ok.ok().map(|r| r.snapshot),
            Some(serde_json::json!({"name": "Acomb"}))
        );
    }
}
