//! Soft delete and restore: a deleted item is off the public site and out of search, its slugs freed, and can
//! be brought back as it was.
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use uuid::Uuid;

use super::{Actor, bump, check_version, get, get_any, record, revision, workflow::cancel_jobs};
use crate::{
    publishing::{ItemKind, Publishable, PublishingError, model::item},
    tenancy::Tenant,
};

/// Soft-deletes an item: off the public site, its slugs freed; restorable.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
pub async fn delete<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    expected: i32,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    C::check_delete(tenant, &txn, &item).await?;
    C::take_down(tenant, &txn, &item).await?;
    C::release(tenant, &txn, &item).await?;
    cancel_jobs(tenant, &txn, id).await?;
    let mut active: item::ActiveModel = item.clone().into();
    active.deleted_at = Set(Some(tenant.now()));
    active.publish_at = Set(None);
    active.unpublish_at = Set(None);
    active.updated_by = Set(actor.0);
    let item = bump(tenant, &txn, active, item.version).await?;
    record::<C>(tenant, &txn, &item, "deleted", None, actor, None).await?;
    txn.commit().await?;
    let event = crate::audit::Event::new(Some(tenant.id()), "content.deleted")
        .target("content", id)
        .detail(format!("kind={}", item.kind));
    crate::audit::record(db, event).await;
    Ok(item)
}

/// Brings a deleted item back as it was: its slugs, and its live version if it had one.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
pub async fn restore<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get_any(tenant, &txn, kind.as_str(), id)
        .await?
        .filter(|i| i.deleted_at.is_some())
        .ok_or(PublishingError::NotFound(kind.label()))?;
    let latest = revision(tenant, &txn, id, item.latest_revision).await?;
    let content = C::from_stored(kind, &latest.content)?;
    content.hold(tenant, &txn, &item).await?;
    if let Some(number) = item.live_revision {
        let stored = revision(tenant, &txn, id, number).await?;
        let live_content = C::from_stored(kind, &stored.content)?;
        live_content
            .go_live(tenant, &txn, &item, number, tenant.now())
            .await?;
    }
    let mut active: item::ActiveModel = item.clone().into();
    active.deleted_at = Set(None);
    active.updated_by = Set(actor.0);
    let item = bump(tenant, &txn, active, item.version).await?;
    record::<C>(tenant, &txn, &item, "restored", None, actor, None).await?;
    txn.commit().await?;
    let event = crate::audit::Event::new(Some(tenant.id()), "content.restored")
        .target("content", id)
        .detail(format!("kind={}", item.kind));
    crate::audit::record(db, event).await;
    Ok(item)
}
