//! The media library's where-used checks for democratic records: councillors' photos and forward plan
//! entries' documents (deleted records too: they can be restored, and would then show the file again).
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    democracy::{decisions::model::forward_plan_entry, people::model::councillor},
    media::usage::{MAX_USAGES, Usage, UsageCheck},
    tenancy::{Tenant, scoped},
};

/// Councillors whose photo is the file.
pub struct CouncillorPhotos;

#[async_trait]
impl UsageCheck for CouncillorPhotos {
    async fn usages(
        &self,
        tenant: &Tenant,
        db: &DatabaseConnection,
        media_id: Uuid,
    ) -> Result<Vec<Usage>, DbErr> {
        Ok(scoped::<councillor::Entity>(tenant)
            .filter(councillor::Column::PhotoMediaId.eq(media_id))
            .limit(MAX_USAGES as u64)
            .all(db)
            .await?
            .into_iter()
            .map(|c| Usage {
                kind: "councillor".into(),
                id: c.id,
                title: c.display_name,
            })
            .collect())
    }
}

/// Forward plan entries listing the file among their documents.
pub struct ForwardPlanDocuments;

#[async_trait]
impl UsageCheck for ForwardPlanDocuments {
    async fn usages(
        &self,
        tenant: &Tenant,
        db: &DatabaseConnection,
        media_id: Uuid,
    ) -> Result<Vec<Usage>, DbErr> {
        // Ids are kept comma-separated in their hyphenated form; a UUID holds no LIKE wildcards.
        let needle = format!("%{media_id}%");
        Ok(scoped::<forward_plan_entry::Entity>(tenant)
            .filter(forward_plan_entry::Column::DocumentIds.like(&needle))
            .limit(MAX_USAGES as u64)
            .all(db)
            .await?
            .into_iter()
            .map(|e| Usage {
                kind: "forward_plan_entry".into(),
                id: e.id,
                title: e.title,
            })
            .collect())
    }
}
