//! Webhooks: a council subscribes URLs to publishing events; each event becomes a delivery row written in the
//! same transaction as the change (so the edit never waits for, or fails with, a receiver), and a background
//! runner posts it, signed with HMAC-SHA256, retrying with exponential backoff.
pub mod model;
pub mod send;
pub mod store;

use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{PublishingError, model::item};
use crate::tenancy::{Tenant, scoped};
use model::{delivery, webhook};

/// The events a webhook can subscribe to.
pub const EVENTS: [&str; 3] = ["published", "unpublished", "deleted"];

/// The webhook event a publishing action is, if any: archiving takes an item off the site like unpublishing.
pub fn event_of(action: &str) -> Option<&'static str> {
    match action {
        "published" => Some("published"),
        "unpublished" | "archived" => Some("unpublished"),
        "deleted" => Some("deleted"),
        _ => None,
    }
}

/// Queues a delivery of `action` on `item` to every webhook of the council that wants it.
pub async fn enqueue(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    action: &str,
    path: Option<String>,
) -> Result<(), PublishingError> {
    let Some(event) = event_of(action) else {
        return Ok(());
    };
    let hooks = scoped::<webhook::Entity>(tenant)
        .filter(webhook::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    let now = tenant.now();
    for hook in hooks {
        let wants_event = hook.events.split(',').any(|e| e == event);
        let wants_kind = hook.kinds.is_empty() || hook.kinds.split(',').any(|k| k == item.kind);
        if !(wants_event && wants_kind) {
            continue;
        }
        let id = Uuid::now_v7();
        let payload = json!({
            "id": id,
            "event": event,
            "council": tenant.slug(),
            "item": {
                "id": item.id,
                "kind": item.kind,
                "title": item.title,
                "path": path,
                // Its address on the council's website, when the council has set its website.
                "url": path.as_deref().and_then(|p| tenant.page_url(p)),
            },
            "occurred_at": now,
        });
        delivery::Entity::insert(delivery::ActiveModel {
            id: Set(id),
            council_id: Set(tenant.id()),
            webhook_id: Set(hook.id),
            event: Set(event.to_owned()),
            payload: Set(payload.to_string()),
            status: Set("pending".into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_status: Set(None),
            last_error: Set(None),
            delivered_at: Set(None),
            created_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}
