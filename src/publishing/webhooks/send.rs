//! Sending deliveries: claim due ones, post them signed, record the outcome, back off on failure. Addresses are
//! checked before every attempt (and the connection pinned to the checked address), so a name that later
//! resolves to a private address cannot be used to reach the server's own network.
use std::{
    net::{IpAddr, SocketAddr},
    time::Duration,
};

use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
    sea_query::{Expr, LockBehavior, LockType},
};
use sha2::Sha256;

use super::model::{delivery, webhook};
use crate::{config::Settings, publishing::PublishingError};

/// Deliveries taken in one pass.
const BATCH: u64 = 20;
/// How long a claimed delivery is held by the server sending it.
const LEASE_SECS: i64 = 60;
/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`.
pub const SIGNATURE_HEADER: &str = "townhall-signature";

/// Signs a body at a time.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Why a webhook address is refused.
#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error("give an http:// or https:// address")]
    Scheme,
    #[error("the address's host cannot be resolved")]
    Unresolvable,
    #[error("the address points at a private, loopback or link-local network")]
    Private,
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1])))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// Resolves a webhook URL and checks where it points; returns the host and the address to connect to.
pub async fn check_address(
    url: &str,
    allow_private: bool,
) -> Result<(String, SocketAddr), AddressError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| AddressError::Scheme)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(AddressError::Scheme);
    }
    let host = parsed.host_str().ok_or(AddressError::Scheme)?.to_owned();
    let port = parsed.port_or_known_default().ok_or(AddressError::Scheme)?;
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare.as_str(), port))
        .await
        .map_err(|_| AddressError::Unresolvable)?
        .collect();
    let first = *addrs.first().ok_or(AddressError::Unresolvable)?;
    if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(AddressError::Private);
    }
    Ok((bare, first))
}

/// Sends the deliveries that are due; returns how many succeeded.
pub async fn run_due(
    db: &DatabaseConnection,
    settings: &Settings,
) -> Result<usize, PublishingError> {
    let now = settings.clock.now();
    // Deferred, like the job runner: a poll that finds nothing takes no write lock.
    let txn = db.begin().await?;
    let mut query = delivery::Entity::find()
        .filter(delivery::Column::Status.eq("pending"))
        .filter(delivery::Column::NextAttemptAt.lte(now))
        .order_by_asc(delivery::Column::NextAttemptAt)
        .limit(BATCH);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let due = query.all(&txn).await?;
    let mut claimed = Vec::new();
    for d in due {
        let lease = now + chrono::Duration::seconds(LEASE_SECS);
        let result = delivery::Entity::update_many()
            .col_expr(delivery::Column::NextAttemptAt, Expr::value(lease))
            .col_expr(delivery::Column::Attempts, Expr::value(d.attempts + 1))
            .filter(delivery::Column::Id.eq(d.id))
            .filter(delivery::Column::Status.eq("pending"))
            .filter(delivery::Column::NextAttemptAt.eq(d.next_attempt_at))
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(delivery::Model {
                attempts: d.attempts + 1,
                ..d
            });
        }
    }
    txn.commit().await?;
    let mut sent = 0;
    for d in claimed {
        // Each delivery on its own: one that cannot be read or recorded is logged, and its lease runs out so
        // that it is tried again; the others go on.
        let hook = match webhook::Entity::find_by_id(d.webhook_id).one(db).await {
            Ok(hook) => hook,
            Err(err) => {
                tracing::warn!(delivery = %d.id, error = %err, "a webhook delivery could not be read");
                continue;
            }
        };
        let outcome = match &hook {
            Some(hook) if hook.deleted_at.is_none() => {
                send(
                    hook,
                    &d,
                    settings.webhooks_allow_private,
                    settings.clock.now(),
                )
                .await
            }
            _ => Err((None, "the webhook was deleted".to_owned())),
        };
        let mut update = delivery::Entity::update_many().filter(delivery::Column::Id.eq(d.id));
        match outcome {
            Ok(status) => {
                sent += 1;
                update = update
                    .col_expr(delivery::Column::Status, Expr::value("delivered"))
                    .col_expr(delivery::Column::LastStatus, Expr::value(i32::from(status)))
                    .col_expr(
                        delivery::Column::LastError,
                        Expr::value(Option::<String>::None),
                    )
                    .col_expr(
                        delivery::Column::DeliveredAt,
                        Expr::value(settings.clock.now()),
                    );
            }
            Err((status, error)) => {
                let gave_up = d.attempts >= settings.webhook_max_attempts || hook.is_none();
                let backoff = settings
                    .webhook_retry_base_ms
                    .saturating_mul(1u64 << (d.attempts - 1).clamp(0, 16));
                let next = settings.clock.now()
                    + chrono::Duration::milliseconds(backoff.min(86_400_000) as i64);
                let error: String = error.chars().take(500).collect();
                update = update
                    .col_expr(
                        delivery::Column::Status,
                        Expr::value(if gave_up { "failed" } else { "pending" }),
                    )
                    .col_expr(
                        delivery::Column::LastStatus,
                        Expr::value(status.map(i32::from)),
                    )
                    .col_expr(delivery::Column::LastError, Expr::value(error))
                    .col_expr(delivery::Column::NextAttemptAt, Expr::value(next));
            }
        }
        if let Err(err) = update.exec(db).await {
            tracing::warn!(delivery = %d.id, error = %err, "a webhook delivery's outcome could not be recorded");
        }
    }
    Ok(sent)
}

/// Posts one delivery; `Ok(status)` for a 2xx answer.
async fn send(
    hook: &webhook::Model,
    d: &delivery::Model,
    allow_private: bool,
    now: chrono::DateTime<Utc>,
) -> Result<u16, (Option<u16>, String)> {
    let (host, addr) = check_address(&hook.url, allow_private)
        .await
        .map_err(|e| (None, e.to_string()))?;
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, addr)
        .build()
        .map_err(|e| (None, e.to_string()))?;
    let timestamp = now.timestamp();
    let response = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("user-agent", "Townhall-Webhooks/1")
        .header("townhall-event", &d.event)
        .header("townhall-delivery", d.id.to_string())
        .header(
            SIGNATURE_HEADER,
            signature(&hook.secret, timestamp, &d.payload),
        )
        .body(d.payload.clone())
        .send()
        .await
        .map_err(|e| (None, format!("could not reach the receiver: {e}")))?;
    let status = response.status().as_u16();
    if response.status().is_success() {
        Ok(status)
    } else {
        Err((Some(status), format!("the receiver answered {status}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "151.101.0.1", "2a00:1450:4009:81a::200e"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_and_body() {
        // Known answer: HMAC-SHA256("secret", "1700000000.{}").
        let sig = signature("secret", 1_700_000_000, "{}");
        assert!(sig.starts_with("t=1700000000,v1="));
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").expect("key");
        mac.update(b"1700000000.{}");
        assert_eq!(
            sig,
            format!(
                "t=1700000000,v1={}",
                hex::encode(mac.finalize().into_bytes())
            )
        );
    }
}
