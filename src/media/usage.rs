//! Where a file of the media library is used. Media knows none of the records that use its files: each feature
//! that can use one registers a [`UsageCheck`] (content: published pages, services, news, alerts, topics and
//! menus; democracy: councillors' photos and forward plan entries' documents, deleted ones too since they can
//! be restored), the wiring collects them in [`UsageChecks`] (actix `app_data`), and the where-used answer and
//! the purge guard ask every check, in the order registered. A file in use cannot be purged.
use async_trait::async_trait;
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::tenancy::Tenant;

/// The most places reported (and each check's own limit).
pub const MAX_USAGES: usize = 50;

/// One place a file is used.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Usage {
    /// `page`, `service`, `news`, `alert`, `topic`, `menu`, `councillor` or `forward_plan_entry`.
    pub kind: String,
    pub id: Uuid,
    pub title: String,
}

/// One kind of record that may use library files.
#[async_trait]
pub trait UsageCheck: Send + Sync {
    /// The places of the council using the file `media_id`, at most [`MAX_USAGES`].
    async fn usages(
        &self,
        tenant: &Tenant,
        db: &DatabaseConnection,
        media_id: Uuid,
    ) -> Result<Vec<Usage>, DbErr>;
}

/// Every registered check, in the order their answers are listed.
#[derive(Default)]
pub struct UsageChecks {
    checks: Vec<Box<dyn UsageCheck>>,
}

impl UsageChecks {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a check; its places are listed after those of the checks registered before it.
    pub fn register(mut self, check: impl UsageCheck + 'static) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Everything of the council that uses the file `id` (at most [`MAX_USAGES`] places).
    pub async fn usages(
        &self,
        tenant: &Tenant,
        db: &DatabaseConnection,
        id: Uuid,
    ) -> Result<Vec<Usage>, DbErr> {
        let mut found = Vec::new();
        for check in &self.checks {
            if found.len() >= MAX_USAGES {
                break;
            }
            found.extend(check.usages(tenant, db, id).await?);
        }
        found.truncate(MAX_USAGES);
        Ok(found)
    }
}
