//! Meetings as web content finds them when a page embeds one (registered with
//! [`crate::publishing::linked`] by the wiring).
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DbErr, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::model as meeting;
use crate::tenancy::{Tenant, scoped};

/// Meetings, for web content that embeds one (checked when the content is saved).
pub struct Meetings;

#[async_trait]
impl crate::publishing::linked::LinkedRecords for Meetings {
    async fn present(
        &self,
        tenant: &Tenant,
        txn: &sea_orm::DatabaseTransaction,
        ids: &[Uuid],
    ) -> Result<Vec<Uuid>, DbErr> {
        scoped::<meeting::Entity>(tenant)
            .filter(meeting::Column::Id.is_in(ids.iter().copied()))
            .filter(meeting::Column::DeletedAt.is_null())
            .select_only()
            .column(meeting::Column::Id)
            .into_tuple::<Uuid>()
            .all(txn)
            .await
    }
}
