//! What the publishing mechanism needs of the things it publishes. A feature's content type implements
//! [`Publishable`]; the mechanism decides when each step runs (always inside the write's transaction, so a
//! refused step leaves nothing behind) and keeps the workflow state, revisions and history itself.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;
use serde_json::Value;
use uuid::Uuid;

use super::{PublishingError, model::item};
use crate::tenancy::Tenant;

/// A kind of item as the mechanism knows it: the name stored with each item and what a person calls one.
pub trait ItemKind: Copy + Send + Sync + 'static {
    fn as_str(self) -> &'static str;
    fn label(self) -> &'static str;
}

/// An item's content, as one revision holds it, and the steps its kind takes when it is saved, goes live,
/// comes down, or is deleted or restored.
#[async_trait]
pub trait Publishable: Sized + Send + Sync {
    type Kind: ItemKind;

    /// The kind named by a stored item, if it is one of this type's kinds.
    fn parse_kind(name: &str) -> Option<Self::Kind>;
    /// Reads a stored revision back; a revision that cannot be read is an error, never empty content.
    fn from_stored(kind: Self::Kind, json: &str) -> Result<Self, PublishingError>;
    /// The revision as stored.
    fn to_json(&self) -> Value;
    fn kind(&self) -> Self::Kind;
    /// The title editors' lists show and search (in English).
    fn title(&self) -> String;
    /// The item this one sits under, for editors' lists filtered by parent.
    fn parent_id(&self) -> Option<Uuid>;
    /// The topics it is filed under, for editors' lists filtered by topic.
    fn topics(&self) -> Vec<Uuid>;

    /// Checks what the working copy refers to, and takes what it holds (slugs, paths, the editors' search
    /// index), replacing what an earlier working copy held.
    async fn hold(
        &self,
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError>;

    /// Puts this revision on the public side, replacing whatever of the item was there.
    async fn go_live(
        &self,
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
        revision: i32,
        now: DateTime<Utc>,
    ) -> Result<(), PublishingError>;

    /// Refuses to take a live item down while something live depends on it.
    async fn check_take_down(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError>;

    /// Takes the item off the public side.
    async fn take_down(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError>;

    /// Refuses to delete an item while something depends on it.
    async fn check_delete(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError>;

    /// Lets go of everything the item held (after [`Publishable::take_down`]): a deleted item is found
    /// nowhere until it is restored.
    async fn release(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError>;

    /// Where the item is (or last was) on the public site, for the notices sent to webhooks.
    async fn public_path(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<Option<String>, PublishingError>;
}
