//! `/api/v1/councils/{council}/webhooks`: subscriptions (council admins), their delivery log, and replays.
use actix_web::{HttpResponse, delete, get, post, web};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    auth::{AdminRole, CouncilAccess},
    content::kinds::ContentKind,
    error::{ApiError, ErrorBody},
    publishing::webhooks::{
        EVENTS,
        model::{delivery, webhook},
        send::{AddressError, check_address},
        store::{self, NewWebhook},
    },
    state::AppState,
};

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://build.example.gov.uk/hooks/townhall", "events": ["published", "unpublished", "deleted"], "kinds": ["page", "news"]}))]
pub struct CreateWebhook {
    pub url: String,
    /// `published`, `unpublished` (also sent when an item is archived), `deleted`.
    pub events: Vec<String>,
    /// Content kinds to send; empty or absent for every kind.
    #[serde(default)]
    pub kinds: Vec<ContentKind>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookResponse {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    pub kinds: Vec<String>,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The signing secret: shown only in the answer to the creation. Verify each delivery's
    /// `Townhall-Signature: t=<unix>,v1=<hex>` as HMAC-SHA256 of `"<t>.<body>"` with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn split(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl WebhookResponse {
    fn new(m: webhook::Model, secret: Option<String>) -> Self {
        Self {
            id: m.id,
            events: split(&m.events),
            kinds: split(&m.kinds),
            url: m.url,
            description: m.description,
            created_at: m.created_at,
            secret,
        }
    }
}

/// One delivery of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    pub id: Uuid,
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// A delivery's stored payload; one that cannot be read is a fault on our side (logged, answered as a 500),
/// never an empty payload.
fn payload_of(d: &delivery::Model) -> Result<serde_json::Value, ApiError> {
    serde_json::from_str(&d.payload).map_err(|e| {
        ApiError::internal(&format_args!(
            "webhook delivery {}: unreadable payload: {e}",
            d.id
        ))
    })
}

impl TryFrom<delivery::Model> for DeliveryResponse {
    type Error = ApiError;

    fn try_from(d: delivery::Model) -> Result<Self, ApiError> {
        let payload = payload_of(&d)?;
        Ok(Self {
            id: d.id,
            payload,
            event: d.event,
            status: d.status,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            next_attempt_at: d.next_attempt_at,
            delivered_at: d.delivered_at,
            created_at: d.created_at,
        })
    }
}

/// Subscribe a URL to publishing events. Addresses on private, loopback or link-local networks are refused
/// unless the operator allows them. The answer carries the signing secret, once.
#[utoipa::path(
    tag = "webhooks",
    params(("council" = String, Path, description = "Council slug")),
    request_body = CreateWebhook,
    responses((status = 201, body = WebhookResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    body: web::Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if body.url.len() > 2000 {
        return Err(ApiError::validation("url", "at most 2000 characters"));
    }
    check_address(&body.url, state.settings.webhooks_allow_private)
        .await
        .map_err(|e: AddressError| ApiError::validation("url", e.to_string()))?;
    if body.events.is_empty() || body.events.iter().any(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ApiError::validation(
            "events",
            "choose from published, unpublished and deleted",
        ));
    }
    let mut events = body.events.clone();
    events.sort();
    events.dedup();
    let kinds: Vec<&str> = body.kinds.iter().map(|k| k.as_str()).collect();
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("whsec_{}", URL_SAFE_NO_PAD.encode(bytes));
    let new = NewWebhook {
        url: body.url,
        secret: secret.clone(),
        events,
        kinds: kinds.into_iter().map(str::to_owned).collect(),
        description: body.description.map(|d| d.chars().take(300).collect()),
    };
    let model = store::create(&access.tenant, &state.db, new).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "webhook.created")
        .target("webhook", model.id);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Created().json(WebhookResponse::new(model, Some(secret))))
}

/// The council's webhooks (without their secrets).
#[utoipa::path(
    tag = "webhooks",
    params(("council" = String, Path, description = "Council slug")),
    responses((status = 200, body = Vec<WebhookResponse>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
) -> Result<web::Json<Vec<WebhookResponse>>, ApiError> {
    let rows = store::list(&access.tenant, &state.db).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|m| WebhookResponse::new(m, None))
            .collect(),
    ))
}

async fn find(
    state: &AppState,
    access: &CouncilAccess<AdminRole>,
    id: Uuid,
) -> Result<webhook::Model, ApiError> {
    store::find(&access.tenant, &state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Webhook"))
}

/// Stop a webhook (its delivery log is kept).
#[utoipa::path(
    tag = "webhooks",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let hook = find(&state, &access, path.1).await?;
    store::stop(&access.tenant, &state.db, hook.id).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "webhook.deleted")
        .target("webhook", hook.id);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}

/// A webhook's deliveries, newest first (at most 100).
#[utoipa::path(
    tag = "webhooks",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DeliveryResponse>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<DeliveryResponse>>, ApiError> {
    let hook = find(&state, &access, path.1).await?;
    let rows = store::deliveries(&access.tenant, &state.db, hook.id).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(DeliveryResponse::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

/// Send a delivery again (as a new delivery with the same payload), e.g. after a receiver was fixed.
#[utoipa::path(
    tag = "webhooks",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ("delivery" = Uuid, Path)),
    responses((status = 202, body = DeliveryResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/councils/{council}/webhooks/{id}/deliveries/{delivery}/replay")]
pub async fn replay_delivery(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let hook = find(&state, &access, path.1).await?;
    let original = store::delivery(&access.tenant, &state.db, hook.id, path.2)
        .await?
        .ok_or_else(|| ApiError::not_found("Delivery"))?;
    payload_of(&original)?;
    let replayed = original.id;
    let copy = store::replay(&access.tenant, &state.db, original).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "webhook.replayed")
        .target("webhook_delivery", copy.id)
        .detail(format!("webhook={} of={replayed}", hook.id));
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Accepted().json(DeliveryResponse::try_from(copy)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(payload: &str) -> delivery::Model {
        let now = crate::clock::Clock::real().now();
        delivery::Model {
            id: Uuid::now_v7(),
            council_id: Uuid::now_v7(),
            webhook_id: Uuid::now_v7(),
            event: "published".into(),
            payload: payload.into(),
            status: "delivered".into(),
            attempts: 1,
            next_attempt_at: now,
            last_status: Some(200),
            last_error: None,
            delivered_at: Some(now),
            created_at: now,
        }
    }

    #[test]
    fn an_unreadable_stored_payload_is_an_internal_error_not_null() {
        let err = DeliveryResponse::try_from(delivery("{not json")).err();
        assert_eq!(
            err.map(|e| (e.code, e.message)),
            Some((
                crate::error::ErrorCode::Internal,
                "Something went wrong on our side.".to_owned()
            ))
        );
        let ok = DeliveryResponse::try_from(delivery(r#"{"event":"published"}"#));
        assert_eq!(
            ok.ok().map(|d| d.payload),
            Some(serde_json::json!({"event": "published"}))
        );
    }
}
