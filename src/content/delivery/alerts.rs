//! Alert banners showing now, on a path or everywhere, most severe first.

use chrono::Utc;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    Delivered, ListFilter, Mode, by_ids,
    list::{PREVIEW_SCAN, preview_list},
    normalise_path,
};
use crate::content::{kinds::ContentKind, tables::live};
use crate::{
    publishing::PublishingError,
    tenancy::{Tenant, scoped},
};

/// Most alerts running at once that are considered.
const ACTIVE_ALERTS: u64 = 500;

/// Alerts showing now on `path` (every alert showing now when no path is given), most severe first.
pub async fn alerts(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: Option<&str>,
) -> Result<Vec<Delivered>, PublishingError> {
    let now = Utc::now();
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
    let path = path.map(normalise_path);
    let mut shown: Vec<(u8, Delivered)> = candidates
        .into_iter()
        .filter_map(|d| {
            let doc: crate::content::kinds::alert::AlertDoc = d.doc().ok()?;
            let active =
                doc.starts_at.is_none_or(|s| s <= now) && doc.ends_at.is_none_or(|e| e > now);
            let here = doc.everywhere
                || path.as_deref().is_none_or(|p| {
                    doc.paths.iter().any(|shown_on| {
                        let shown_on = normalise_path(shown_on);
                        shown_on == "/" || p == shown_on || p.starts_with(&format!("{shown_on}/"))
                    })
                });
            let rank = match doc.kind {
                crate::content::kinds::alert::AlertKind::Emergency => 0,
                crate::content::kinds::alert::AlertKind::NotableDeath => 1,
                crate::content::kinds::alert::AlertKind::Announcement => 2,
                crate::content::kinds::alert::AlertKind::Minor => 3,
            };
            (active && here).then_some((rank, d))
        })
        .collect();
    shown.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.sort_at.cmp(&a.1.sort_at)));
    Ok(shown.into_iter().map(|(_, d)| d).collect())
}
