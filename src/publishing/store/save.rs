//! Saving content: the first revision of a new item, the next revision of an existing one, and an old
//! revision saved again as the newest. A live item stays live as it was until the new revision is published.
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
};
use uuid::Uuid;

use super::{Actor, audit, bump, check_version, get, record, revision, status_of};
use crate::{
    publishing::{ItemKind, Publishable, PublishingError, Status, model::item},
    tenancy::Tenant,
};

/// Creates an item from validated content: its first revision, a draft.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), kind = content.kind().as_str()))]
pub async fn create<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    content: C,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let now = tenant.now();
    let id = Uuid::now_v7();
    let model = item::ActiveModel {
        id: Set(id),
        council_id: Set(tenant.id()),
        kind: Set(content.kind().as_str().to_owned()),
        status: Set(Status::Draft.as_str().to_owned()),
        version: Set(1),
        latest_revision: Set(1),
        live_revision: Set(None),
        title: Set(content.title()),
        search_title: Set(content.title().to_lowercase()),
        parent_id: Set(content.parent_id()),
        topic_ids: Set(topic_ids(&content)),
        publish_at: Set(None),
        unpublish_at: Set(None),
        first_published_at: Set(None),
        last_published_at: Set(None),
        deleted_at: Set(None),
        created_by: Set(actor.0),
        updated_by: Set(actor.0),
        created_at: Set(now),
        updated_at: Set(now),
        owner_id: Set(None),
        review_on: Set(None),
    };
    let item = item::Entity::insert(model)
        .exec_with_returning(&txn)
        .await?;
    content.hold(tenant, &txn, &item).await?;
    insert_revision(tenant, &txn, &item, 1, &content, note, actor).await?;
    record::<C>(tenant, &txn, &item, "created", Some(1), actor, None).await?;
    txn.commit().await?;
    audit(tenant, db, "content.created", &item).await;
    Ok(item)
}

/// Saves new content as the item's next revision, if the item is still at `expected` version.
/// A live item stays live as it was until the new revision is published.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
#[allow(clippy::too_many_arguments)]
pub async fn update<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    expected: i32,
    content: C,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let item = save_revision(tenant, &txn, item, &content, note, actor, "updated").await?;
    txn.commit().await?;
    audit(tenant, db, "content.updated", &item).await;
    Ok(item)
}

/// Saves an old revision's content, unchanged, as the newest revision.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id, number))]
pub async fn restore_revision<C: Publishable>(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: C::Kind,
    id: Uuid,
    number: i32,
    expected: i32,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let old = revision(tenant, &txn, id, number).await?;
    let content = C::from_stored(kind, &old.content)?;
    let note = Some(format!("Restored revision {number}"));
    let item = save_revision(
        tenant,
        &txn,
        item,
        &content,
        note,
        actor,
        "restored_revision",
    )
    .await?;
    txn.commit().await?;
    let event = crate::audit::Event::new(Some(tenant.id()), "content.revision_restored")
        .target("content", item.id)
        .detail(format!("kind={} revision={number}", item.kind));
    crate::audit::record(db, event).await;
    Ok(item)
}

async fn save_revision<C: Publishable>(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    item: item::Model,
    content: &C,
    note: Option<String>,
    actor: Actor,
    action: &str,
) -> Result<item::Model, PublishingError> {
    content.hold(tenant, txn, &item).await?;
    let number = item.latest_revision + 1;
    insert_revision(tenant, txn, &item, number, content, note, actor).await?;
    let status = match status_of(&item) {
        Status::Published => Status::Draft,
        other => other,
    };
    let mut active: item::ActiveModel = item.clone().into();
    active.latest_revision = Set(number);
    active.status = Set(status.as_str().to_owned());
    active.title = Set(content.title());
    active.search_title = Set(content.title().to_lowercase());
    active.parent_id = Set(content.parent_id());
    active.topic_ids = Set(topic_ids(content));
    active.updated_by = Set(actor.0);
    let item = bump(tenant, txn, active, item.version).await?;
    record::<C>(tenant, txn, &item, action, Some(number), actor, None).await?;
    Ok(item)
}

fn topic_ids<C: Publishable>(content: &C) -> String {
    content
        .topics()
        .iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[allow(clippy::too_many_arguments)]
async fn insert_revision(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    number: i32,
    content: &impl Publishable,
    note: Option<String>,
    actor: Actor,
) -> Result<(), PublishingError> {
    let note = note
        .map(|n| n.trim().chars().take(500).collect::<String>())
        .filter(|n| !n.is_empty());
    revision::Entity::insert(revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        item_id: Set(item.id),
        number: Set(number),
        content: Set(content.to_json().to_string()),
        note: Set(note),
        created_by: Set(actor.0),
        created_at: Set(tenant.now()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}
