//! The one door to the webhook tables for their management: subscriptions and their delivery log, always within
//! the council's scope. (Enqueueing and sending are in `webhooks` and `send`.)
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::model::{delivery, webhook};
use crate::tenancy::{Tenant, scoped, scoped_update};

/// A new subscription, as checked by the caller.
pub struct NewWebhook {
    pub url: String,
    pub secret: String,
    pub events: Vec<String>,
    pub kinds: Vec<String>,
    pub description: Option<String>,
}

/// Subscribes a URL to the council's events.
pub async fn create(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    new: NewWebhook,
) -> Result<webhook::Model, DbErr> {
    webhook::Entity::insert(webhook::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        url: Set(new.url),
        secret: Set(new.secret),
        events: Set(new.events.join(",")),
        kinds: Set(new.kinds.join(",")),
        description: Set(new.description),
        created_at: Set(tenant.now()),
        deleted_at: Set(None),
    })
    .exec_with_returning(db)
    .await
}

/// The council's webhooks that are not stopped (at most 100), oldest first.
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<Vec<webhook::Model>, DbErr> {
    scoped::<webhook::Entity>(tenant)
        .filter(webhook::Column::DeletedAt.is_null())
        .order_by_asc(webhook::Column::Id)
        .limit(100)
        .all(db)
        .await
}

/// One of the council's webhooks that is not stopped.
pub async fn find(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<webhook::Model>, DbErr> {
    scoped::<webhook::Entity>(tenant)
        .filter(webhook::Column::Id.eq(id))
        .filter(webhook::Column::DeletedAt.is_null())
        .one(db)
        .await
}

/// Stops a webhook; its delivery log is kept.
pub async fn stop(tenant: &Tenant, db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    scoped_update::<webhook::Entity>(tenant)
        .col_expr(webhook::Column::DeletedAt, Expr::value(tenant.now()))
        .filter(webhook::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A webhook's deliveries, newest first (at most 100).
pub async fn deliveries(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    webhook_id: Uuid,
) -> Result<Vec<delivery::Model>, DbErr> {
    scoped::<delivery::Entity>(tenant)
        .filter(delivery::Column::WebhookId.eq(webhook_id))
        .order_by_desc(delivery::Column::Id)
        .limit(100)
        .all(db)
        .await
}

/// One delivery of a webhook.
pub async fn delivery(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    webhook_id: Uuid,
    id: Uuid,
) -> Result<Option<delivery::Model>, DbErr> {
    scoped::<delivery::Entity>(tenant)
        .filter(delivery::Column::Id.eq(id))
        .filter(delivery::Column::WebhookId.eq(webhook_id))
        .one(db)
        .await
}

/// Queues a delivery again, as a new delivery with the same event and payload.
pub async fn replay(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    original: delivery::Model,
) -> Result<delivery::Model, DbErr> {
    let now = tenant.now();
    delivery::Entity::insert(delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        webhook_id: Set(original.webhook_id),
        event: Set(original.event),
        payload: Set(original.payload),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_status: Set(None),
        last_error: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
    })
    .exec_with_returning(db)
    .await
}
