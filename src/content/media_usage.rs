//! The media library's where-used check for web content: published pages, services, news, alerts, topics and
//! menus whose live content names the file (an image, an embedded document, a news article's image).
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    content::tables::live,
    media::usage::{MAX_USAGES, Usage, UsageCheck},
    tenancy::{Tenant, scoped},
};

/// Published content using a library file.
pub struct PublishedContent;

#[async_trait]
impl UsageCheck for PublishedContent {
    async fn usages(
        &self,
        tenant: &Tenant,
        db: &DatabaseConnection,
        media_id: Uuid,
    ) -> Result<Vec<Usage>, DbErr> {
        // Ids are written into published documents in their hyphenated form; a UUID holds no LIKE wildcards.
        let needle = format!("%{media_id}%");
        let mut found: Vec<Usage> = scoped::<live::Entity>(tenant)
            .filter(live::Column::Data.like(&needle))
            .order_by_asc(live::Column::ItemId)
            .limit(MAX_USAGES as u64)
            .all(db)
            .await?
            .into_iter()
            .map(|l| Usage {
                kind: l.kind,
                id: l.item_id,
                title: l.title,
            })
            .collect();
        // One place per item, whatever its languages.
        found.dedup_by_key(|u| u.id);
        Ok(found)
    }
}
