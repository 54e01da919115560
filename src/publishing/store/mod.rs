//! The one door to the publishing tables: reading items, revisions and history, and the pieces every write
//! shares (the version check, the guarded update, the history record). Writes are in `save`, `workflow` and
//! `trash`; each takes the council's `Tenant`, runs in one transaction and bumps the item's version.
mod save;
mod trash;
mod workflow;

pub use save::{create, restore_revision, update};
pub use trash::{delete, restore};
pub(super) use workflow::run_job;
pub use workflow::{schedule, set_review, transition};

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{
    ItemKind, Publishable, PublishingError, Status,
    model::{event, item, revision},
};
use crate::tenancy::{Tenant, scoped, versioned_update};

/// Who made a change: a person, or nobody in particular (an API token or the scheduler).
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor(pub Option<Uuid>);

/// Which items an editor's list shows.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub status: Option<Status>,
    pub topic: Option<Uuid>,
    pub parent: Option<Uuid>,
    /// Case-insensitive text in the English title.
    pub text: Option<String>,
    pub deleted: bool,
    pub newest_first: bool,
    /// Only items whose review date is on or before this day.
    pub review_by: Option<chrono::NaiveDate>,
    /// Only items this person changed last.
    pub changed_by: Option<Uuid>,
}

/// Records a committed write of an item in the audit log (`content.created`, `content.updated`, ...).
async fn audit(
    tenant: &Tenant,
    db: &sea_orm::DatabaseConnection,
    action: &'static str,
    item: &item::Model,
) {
    let event = crate::audit::Event::new(Some(tenant.id()), action)
        .target("content", item.id)
        .detail(format!("kind={}", item.kind));
    crate::audit::record(db, event).await;
}

pub(super) fn status_of(item: &item::Model) -> Status {
    Status::parse(&item.status).unwrap_or(Status::Draft)
}

pub(super) fn check_version(item: &item::Model, expected: i32) -> Result<(), PublishingError> {
    if item.version != expected && expected != crate::preconditions::ANY_VERSION {
        return Err(PublishingError::VersionMismatch {
            current: item.version,
        });
    }
    Ok(())
}

/// An item of `kind`, not deleted.
pub async fn get(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: impl ItemKind,
    id: Uuid,
) -> Result<item::Model, PublishingError> {
    get_any(tenant, db, kind.as_str(), id)
        .await?
        .filter(|i| i.deleted_at.is_none())
        .ok_or(PublishingError::NotFound(kind.label()))
}

pub(super) async fn get_any(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: &str,
    id: Uuid,
) -> Result<Option<item::Model>, PublishingError> {
    Ok(scoped::<item::Entity>(tenant)
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Kind.eq(kind))
        .one(db)
        .await?)
}

/// An item's revision by number.
pub async fn revision(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    number: i32,
) -> Result<revision::Model, PublishingError> {
    scoped::<revision::Entity>(tenant)
        .filter(revision::Column::ItemId.eq(item_id))
        .filter(revision::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(PublishingError::NotFound("Revision"))
}

/// The working copies of items (their newest revisions), for editors and for preview.
pub async fn latest_revisions(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    items: &[item::Model],
) -> Result<Vec<revision::Model>, PublishingError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut condition = sea_orm::Condition::any();
    for i in items {
        condition = condition.add(
            revision::Column::ItemId
                .eq(i.id)
                .and(revision::Column::Number.eq(i.latest_revision)),
        );
    }
    Ok(scoped::<revision::Entity>(tenant)
        .filter(condition)
        .all(db)
        .await?)
}

/// A page of an editor's list of items of `kind`, newest or oldest first by creation.
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: impl ItemKind,
    filter: &ItemFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<item::Model>, PublishingError> {
    let mut query = scoped::<item::Entity>(tenant).filter(item::Column::Kind.eq(kind.as_str()));
    query = if filter.deleted {
        query.filter(item::Column::DeletedAt.is_not_null())
    } else {
        query.filter(item::Column::DeletedAt.is_null())
    };
    if let Some(status) = filter.status {
        query = query.filter(item::Column::Status.eq(status.as_str()));
    }
    if let Some(person) = filter.changed_by {
        query = query.filter(item::Column::UpdatedBy.eq(person));
    }
    if let Some(day) = filter.review_by {
        query = query.filter(item::Column::ReviewOn.lte(day));
    }
    if let Some(parent) = filter.parent {
        query = query.filter(item::Column::ParentId.eq(parent));
    }
    if let Some(topic) = filter.topic {
        query = query.filter(item::Column::TopicIds.contains(topic.to_string()));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        query = query.filter(item::Column::SearchTitle.contains(text.to_lowercase()));
    }
    if let Some(after) = after {
        query = if filter.newest_first {
            query.filter(item::Column::Id.lt(after))
        } else {
            query.filter(item::Column::Id.gt(after))
        };
    }
    query = if filter.newest_first {
        query.order_by_desc(item::Column::Id)
    } else {
        query.order_by_asc(item::Column::Id)
    };
    Ok(query.limit(limit + 1).all(db).await?)
}

/// An item's revisions, newest first.
pub async fn revisions(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<revision::Model>, PublishingError> {
    let mut query = scoped::<revision::Entity>(tenant).filter(revision::Column::ItemId.eq(item_id));
    if let Some(before) = before {
        query = query.filter(revision::Column::Number.lt(before));
    }
    Ok(query
        .order_by_desc(revision::Column::Number)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// An item's history: saves, workflow moves, deletions, newest first.
pub async fn events(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    limit: u64,
) -> Result<Vec<event::Model>, PublishingError> {
    Ok(scoped::<event::Entity>(tenant)
        .filter(event::Column::ItemId.eq(item_id))
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Changes are listed only once they are this old, so that a change committed a moment after a later-numbered
/// one (by another server) is not skipped by a reader who has already passed its number.
pub const CHANGES_SETTLE_SECS: i64 = 2;

/// The council's change log after `after` (an event id), oldest first. `public` keeps only what changes the
/// public site: publications, and removals by unpublishing, archiving or deleting (and restores).
pub async fn changes(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
    public: bool,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<event::Model>, PublishingError> {
    let settled = now
        .checked_sub_signed(chrono::Duration::seconds(CHANGES_SETTLE_SECS))
        .unwrap_or(now);
    let mut query = scoped::<event::Entity>(tenant).filter(event::Column::At.lt(settled));
    if public {
        query = query.filter(event::Column::Action.is_in([
            "published",
            "unpublished",
            "archived",
            "deleted",
            "restored",
        ]));
    }
    if let Some(after) = after {
        query = query.filter(event::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// Writes `active` if the item, in this council, is still at `version` (another node may have changed it since
/// it was read).
async fn bump(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    mut active: item::ActiveModel,
    version: i32,
) -> Result<item::Model, PublishingError> {
    let id = match &active.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        _ => return Err(PublishingError::NotFound("Item")),
    };
    // The version moves on and `updated_at` is stamped by the versioned update itself, whatever `active` says.
    active.version = sea_orm::ActiveValue::NotSet;
    active.updated_at = sea_orm::ActiveValue::NotSet;
    let reread = async {
        scoped::<item::Entity>(tenant)
            .filter(item::Column::Id.eq(id))
            .one(txn)
            .await?
            .ok_or(PublishingError::NotFound("Item"))
    };
    versioned_update(
        tenant,
        txn,
        id,
        version,
        item::Entity::update_many().set(active),
        reread,
    )
    .await
}

/// Adds an entry to the item's history (and the council's change feed).
async fn record<C: Publishable>(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    item: &item::Model,
    action: &str,
    revision: Option<i32>,
    actor: Actor,
    note: Option<String>,
) -> Result<(), PublishingError> {
    event::Entity::insert(event::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        item_id: Set(item.id),
        kind: Set(item.kind.clone()),
        action: Set(action.to_owned()),
        revision: Set(revision),
        actor: Set(actor.0),
        note: Set(note),
        at: Set(tenant.now()),
    })
    .exec_without_returning(txn)
    .await?;
    if crate::publishing::webhooks::event_of(action).is_some() {
        let path = C::public_path(tenant, txn, item).await?;
        crate::publishing::webhooks::enqueue(tenant, txn, item, action, path).await?;
    }
    Ok(())
}
