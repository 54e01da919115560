//! Moving items through the workflow (submit, withdraw, publish, unpublish, archive, unarchive), now or at a
//! scheduled time.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use super::{Actor, audit, bump, check_version, get, record, revision, status_of};
use crate::{
    publishing::{
        Action, Publishable, PublishingError, Status,
        model::{item, job},
    },
    tenancy::{Tenant, scoped, scoped_update},
};

/// Moves an item through the workflow (submit, withdraw, publish, unpublish, archive, unarchive).
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id, action = action.as_str()))]
#[allow(clippy::too_many_arguments)]
pub async fn transition<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    expected: i32,
    action: Action,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let item = apply::<C>(tenant, &txn, item, action, None, note, actor).await?;
    txn.commit().await?;
    let name = match action {
        Action::Submit => "content.submitted",
        Action::Withdraw => "content.withdrawn",
        Action::Publish => "content.published",
        Action::Unpublish => "content.unpublished",
        Action::Archive => "content.archived",
        Action::Unarchive => "content.unarchived",
    };
    let event = crate::audit::Event::new(Some(tenant.id()), name)
        .target("content", id)
        .detail(format!("kind={}", item.kind));
    crate::audit::record(db, event).await;
    Ok(item)
}

/// Sets (or clears) the times an item goes live and comes down. The publication carries the revision current
/// now, so later edits wait for their own review.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
#[allow(clippy::too_many_arguments)]
pub async fn schedule<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    expected: i32,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    if let (Some(p), Some(u)) = (publish_at, unpublish_at)
        && u <= p
    {
        return Err(PublishingError::invalid(
            "unpublish_at",
            "must be after publish_at",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    if status_of(&item) == Status::Archived {
        return Err(PublishingError::Transition {
            action: "scheduled",
            status: Status::Archived.as_str(),
        });
    }
    if unpublish_at.is_some() && publish_at.is_none() && item.live_revision.is_none() {
        return Err(PublishingError::invalid(
            "unpublish_at",
            "the item is not live; schedule a publication too",
        ));
    }
    cancel_jobs(tenant, &txn, id).await?;
    let now = tenant.now();
    for (kind, at, revision) in [
        ("publish", publish_at, Some(item.latest_revision)),
        ("unpublish", unpublish_at, None),
    ] {
        if let Some(at) = at {
            job::Entity::insert(job::ActiveModel {
                id: Set(Uuid::now_v7()),
                council_id: Set(tenant.id()),
                kind: Set(kind.to_owned()),
                item_id: Set(id),
                revision: Set(revision),
                run_at: Set(at),
                done_at: Set(None),
                cancelled_at: Set(None),
                attempts: Set(0),
                last_error: Set(None),
                done_by: Set(None),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    let mut active: item::ActiveModel = item.clone().into();
    active.publish_at = Set(publish_at);
    active.unpublish_at = Set(unpublish_at);
    active.updated_by = Set(actor.0);
    let item = bump(tenant, &txn, active, item.version).await?;
    let note = match (publish_at, unpublish_at) {
        (None, None) => "schedule cleared".to_owned(),
        (p, u) => format!(
            "publish at {}; unpublish at {}",
            p.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into()),
            u.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into())
        ),
    };
    record::<C>(tenant, &txn, &item, "scheduled", None, actor, Some(note)).await?;
    txn.commit().await?;
    audit(tenant, db, "content.scheduled", &item).await;
    Ok(item)
}

/// Sets (or clears) an item's owner and review date. The caller has checked that the owner is a member.
#[allow(clippy::too_many_arguments)]
pub async fn set_review<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    expected: i32,
    owner: Option<Uuid>,
    review_on: Option<chrono::NaiveDate>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let mut active: item::ActiveModel = item.clone().into();
    active.owner_id = Set(owner);
    active.review_on = Set(review_on);
    active.updated_by = Set(actor.0);
    let item = bump(tenant, &txn, active, item.version).await?;
    let note = format!(
        "owner {}; review by {}",
        owner.map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
        review_on
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    );
    record::<C>(tenant, &txn, &item, "review_set", None, actor, Some(note)).await?;
    txn.commit().await?;
    audit(tenant, db, "content.review_set", &item).await;
    Ok(item)
}

/// Applies a workflow action to an item already read in this transaction. `revision` publishes a chosen
/// revision (a scheduled one) instead of the newest.
async fn apply<C: Publishable>(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    item: item::Model,
    action: Action,
    revision_number: Option<i32>,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let from = status_of(&item);
    let live = item.live_revision.is_some();
    let Some(mut next) = action.next(from, live) else {
        return Err(PublishingError::Transition {
            action: action.as_str(),
            status: from.as_str(),
        });
    };
    let now = tenant.now();
    let mut active: item::ActiveModel = item.clone().into();
    let mut revision_recorded = None;
    match action {
        Action::Publish => {
            let number = revision_number.unwrap_or(item.latest_revision);
            let stored = revision(tenant, txn, item.id, number).await?;
            let kind = C::parse_kind(&item.kind).ok_or(PublishingError::NotFound("Item"))?;
            let content = C::from_stored(kind, &stored.content)?;
            content.go_live(tenant, txn, &item, number, now).await?;
            if number != item.latest_revision {
                next = from;
            }
            active.live_revision = Set(Some(number));
            active.first_published_at = Set(Some(item.first_published_at.unwrap_or(now)));
            active.last_published_at = Set(Some(now));
            active.publish_at = Set(None);
            revision_recorded = Some(number);
        }
        Action::Unpublish | Action::Archive => {
            if live {
                C::check_take_down(tenant, txn, &item).await?;
                C::take_down(tenant, txn, &item).await?;
            }
            active.live_revision = Set(None);
            active.unpublish_at = Set(None);
            active.publish_at = Set(None);
            cancel_jobs(tenant, txn, item.id).await?;
        }
        Action::Submit | Action::Withdraw | Action::Unarchive => {}
    }
    active.status = Set(next.as_str().to_owned());
    active.updated_by = Set(actor.0);
    let item = bump(tenant, txn, active, item.version).await?;
    record::<C>(
        tenant,
        txn,
        &item,
        action.as_str(),
        revision_recorded,
        actor,
        note,
    )
    .await?;
    Ok(item)
}

pub(super) async fn cancel_jobs(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    item_id: Uuid,
) -> Result<(), PublishingError> {
    scoped_update::<job::Entity>(tenant)
        .col_expr(job::Column::CancelledAt, Expr::value(tenant.now()))
        .filter(job::Column::ItemId.eq(item_id))
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::CancelledAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Carries out one claimed job inside the claiming transaction; answers the audit log's entry for what it did
/// (none when there was nothing to do: the item was deleted, or is already in the state asked for).
pub(crate) async fn run_job<C: Publishable>(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    job: &job::Model,
) -> Result<Option<crate::audit::Event>, PublishingError> {
    let Some(item) = scoped::<item::Entity>(tenant)
        .filter(item::Column::Id.eq(job.item_id))
        .filter(item::Column::DeletedAt.is_null())
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let kind = item.kind.clone();
    let actor = Actor(None);
    let note = Some("scheduled".to_owned());
    let done = match job.kind.as_str() {
        "publish" if !matches!(status_of(&item), Status::Published | Status::Archived) => {
            apply::<C>(
                tenant,
                txn,
                item,
                Action::Publish,
                job.revision,
                note,
                actor,
            )
            .await?;
            "content.published"
        }
        "unpublish" if item.live_revision.is_some() => {
            apply::<C>(tenant, txn, item, Action::Unpublish, None, note, actor).await?;
            "content.unpublished"
        }
        _ => return Ok(None),
    };
    Ok(Some(
        crate::audit::Event::new(Some(tenant.id()), done)
            .target("content", job.item_id)
            .detail(format!("kind={kind} scheduled=true job={}", job.id)),
    ))
}
