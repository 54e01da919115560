//! Where a file of the media library is used: published content (images, embedded documents, a news
//! article's image), councillors' photos and forward plan entries' documents (deleted councillors and entries
//! too: they can be restored). A file in use cannot be purged.
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    content::tables::live,
    democracy::{decisions::model::forward_plan_entry, people::model::councillor},
    tenancy::{Tenant, scoped},
};

/// One place a file is used.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Usage {
    /// `page`, `service`, `news`, `alert`, `topic`, `menu`, `councillor` or `forward_plan_entry`.
    pub kind: String,
    pub id: Uuid,
    pub title: String,
}

/// Everything of the council that uses the file `id` (at most 50 places).
pub async fn usages(
    tenant: &Tenant,
    db: &DatabaseConnection,
    id: Uuid,
) -> Result<Vec<Usage>, sea_orm::DbErr> {
    // Ids are written into published documents in their hyphenated form; a UUID holds no LIKE wildcards.
    let needle = format!("%{id}%");
    let mut found: Vec<Usage> = scoped::<live::Entity>(tenant)
        .filter(live::Column::Data.like(&needle))
        .order_by_asc(live::Column::ItemId)
        .limit(50)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Usage {
            kind: l.kind,
            id: l.item_id,
            title: l.title,
        })
        .collect();
    found.dedup_by_key(|u| u.id);
    found.extend(
        scoped::<councillor::Entity>(tenant)
            .filter(councillor::Column::PhotoMediaId.eq(id))
            .limit(50)
            .all(db)
            .await?
            .into_iter()
            .map(|c| Usage {
                kind: "councillor".into(),
                id: c.id,
                title: c.display_name,
            }),
    );
    found.extend(
        scoped::<forward_plan_entry::Entity>(tenant)
            .filter(forward_plan_entry::Column::DocumentIds.like(&needle))
            .limit(50)
            .all(db)
            .await?
            .into_iter()
            .map(|e| Usage {
                kind: "forward_plan_entry".into(),
                id: e.id,
                title: e.title,
            }),
    );
    found.truncate(50);
    Ok(found)
}
