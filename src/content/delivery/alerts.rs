//! Alert banners showing now, on a path or everywhere, most severe first; and the service status list (the
//! alerts about services).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    Delivered, ListFilter, Mode, by_ids,
    list::{PREVIEW_SCAN, preview_list},
    normalise_path,
};
use crate::content::{
    kinds::{
        ContentKind,
        alert::{AlertDoc, AlertKind},
    },
    tables::live,
};
use crate::{
    publishing::PublishingError,
    tenancy::{Tenant, scoped},
};

/// Most alerts running at once that are considered.
const ACTIVE_ALERTS: u64 = 500;

/// Alerts showing now on `path` (every alert showing now when no path is given), most severe first. An alert
/// about services shows on the services' pages.
pub async fn alerts(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Delivered>, PublishingError> {
    let showing = showing_now(tenant, db, mode, locale, now).await?;
    let Some(path) = path.map(normalise_path) else {
        return Ok(showing.into_iter().map(|(_, d)| d).collect());
    };
    // The services whose pages the path is (in any locale), when alerts name services.
    let named: Vec<Uuid> = showing
        .iter()
        .flat_map(|(doc, _)| doc.services.iter().copied())
        .collect();
    let mut here_services: Vec<Uuid> = Vec::new();
    if !named.is_empty() {
        for l in ["en", locale] {
            for service in by_ids(tenant, db, mode, l, &named).await? {
                if service.path.as_deref().map(normalise_path).as_deref() == Some(path.as_str()) {
                    here_services.push(service.id);
                }
            }
        }
    }
    Ok(showing
        .into_iter()
        .filter(|(doc, _)| {
            doc.everywhere
                || doc.paths.iter().any(|shown_on| {
                    let shown_on = normalise_path(shown_on);
                    shown_on == "/" || path == shown_on || path.starts_with(&format!("{shown_on}/"))
                })
                || doc.services.iter().any(|s| here_services.contains(s))
        })
        .map(|(_, d)| d)
        .collect())
}

/// The council's service status: alerts showing now that affect services (only those affecting `service`, when
/// given), most severe first. An alert leaves the list by itself at its end.
pub async fn service_status(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    service: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<(AlertDoc, Delivered)>, PublishingError> {
    Ok(showing_now(tenant, db, mode, locale, now)
        .await?
        .into_iter()
        .filter(|(doc, _)| match service {
            Some(service) => doc.services.contains(&service),
            None => !doc.services.is_empty(),
        })
        .collect())
}

/// Every alert showing now, most severe first, then the newest.
async fn showing_now(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(AlertDoc, Delivered)>, PublishingError> {
    // Only alerts running now are read, so any number of ended ones cannot crowd out a new one.
    let candidates = match mode {
        Mode::Live => {
            let rows = scoped::<live::Entity>(tenant)
                .filter(live::Column::Kind.eq(ContentKind::Alert.as_str()))
                .filter(live::Column::Locale.eq("en"))
                .filter(
                    Condition::any()
                        .add(live::Column::StartsAt.is_null())
                        .add(live::Column::StartsAt.lte(now)),
                )
                .filter(
                    Condition::any()
                        .add(live::Column::EndsAt.is_null())
                        .add(live::Column::EndsAt.gt(now)),
                )
                .order_by_desc(live::Column::ItemId)
                .limit(ACTIVE_ALERTS)
                .all(db)
                .await?;
            let ids: Vec<Uuid> = rows.iter().map(|r| r.item_id).collect();
            if locale == "en" {
                rows.into_iter()
                    .map(|r| Delivered::from_row(r, locale))
                    .collect::<Result<_, _>>()?
            } else {
                by_ids(tenant, db, mode, locale, &ids).await?
            }
        }
        Mode::Preview => {
            preview_list(
                tenant,
                db,
                ContentKind::Alert,
                locale,
                &ListFilter::default(),
                PREVIEW_SCAN,
                None,
            )
            .await?
            .items
        }
    };
    let mut shown: Vec<(u8, AlertDoc, Delivered)> = candidates
        .into_iter()
        .map(|d| {
            let doc: AlertDoc = d.doc()?;
            let active =
                doc.starts_at.is_none_or(|s| s <= now) && doc.ends_at.is_none_or(|e| e > now);
            let rank = match doc.kind {
                AlertKind::Emergency => 0,
                AlertKind::NotableDeath => 1,
                AlertKind::Announcement => 2,
                AlertKind::Minor => 3,
            };
            Ok(active.then_some((rank, doc, d)))
        })
        .filter_map(Result::transpose)
        .collect::<Result<_, PublishingError>>()?;
    shown.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.sort_at.cmp(&a.2.sort_at)));
    Ok(shown.into_iter().map(|(_, doc, d)| (doc, d)).collect())
}
