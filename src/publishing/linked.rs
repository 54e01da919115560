//! Records of other features that published content may link to (a meeting embedded in a page). Each feature
//! that owns such records says, once at start, how to find which of some ids are records of a council; web
//! content then checks its links through [`present`] without naming the feature that owns them. A kind nobody
//! registered has no records, so a link to it is refused rather than trusted.
use std::sync::OnceLock;

use sea_orm::{DatabaseTransaction, DbErr};
use uuid::Uuid;

use crate::tenancy::Tenant;

/// How a feature finds its records.
#[async_trait::async_trait]
pub trait LinkedRecords: Send + Sync {
    /// Which of `ids` are records of `tenant`'s council that are not deleted.
    async fn present(
        &self,
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        ids: &[Uuid],
    ) -> Result<Vec<Uuid>, DbErr>;
}

/// The registered kinds, by name (`"meeting"`).
pub struct Registry(Vec<(&'static str, Box<dyn LinkedRecords>)>);

impl Registry {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    pub fn register(mut self, kind: &'static str, records: impl LinkedRecords + 'static) -> Self {
        self.0.push((kind, Box::new(records)));
        self
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();

/// Installs the registry (the first call wins: every server of a process registers the same kinds).
pub fn install(make: impl FnOnce() -> Registry) {
    REGISTRY.get_or_init(make);
}

/// Which of `ids` are records of `kind` of the council; none when the kind was never registered.
pub async fn present(
    kind: &str,
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, DbErr> {
    let Some((_, records)) = REGISTRY
        .get()
        .and_then(|registry| registry.0.iter().find(|(name, _)| *name == kind))
    else {
        return Ok(Vec::new());
    };
    records.present(tenant, txn, ids).await
}
