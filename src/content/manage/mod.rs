//! Managing web content: the management REST API (`rest`), webhook subscriptions (`webhooks`), and what web
//! content does when the publishing mechanism saves, publishes, takes down, deletes or restores an item: the
//! [`Publishable`] implementation for [`Content`], with its working copy's holdings (`hold`) and its live
//! projection (`projection`).
mod hold;
mod notify;
mod projection;
pub mod rest;
pub mod review;
pub mod webhooks;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

use super::{
    kinds::{Content, ContentKind},
    tables::{live, path_history, slug},
};
use crate::{
    publishing::{Publishable, PublishingError, model::item},
    search,
    tenancy::{Tenant, scoped, scoped_delete},
};

#[async_trait]
impl Publishable for Content {
    type Kind = ContentKind;

    fn parse_kind(name: &str) -> Option<ContentKind> {
        ContentKind::parse(name)
    }

    fn from_stored(kind: ContentKind, json: &str) -> Result<Self, PublishingError> {
        Content::from_stored(kind, json)
    }

    fn to_json(&self) -> Value {
        Content::to_json(self)
    }

    fn kind(&self) -> ContentKind {
        Content::kind(self)
    }

    fn title(&self) -> String {
        Content::title(self)
    }

    fn parent_id(&self) -> Option<Uuid> {
        Content::parent_id(self)
    }

    fn topics(&self) -> Vec<Uuid> {
        Content::topics(self).to_vec()
    }

    async fn hold(
        &self,
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError> {
        hold::check_references(tenant, txn, item.id, self).await?;
        hold::claim_slugs(tenant, txn, item, self).await?;
        hold::index_draft(tenant, txn, item, self).await
    }

    async fn go_live(
        &self,
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
        revision: i32,
        now: DateTime<Utc>,
    ) -> Result<(), PublishingError> {
        projection::materialise(tenant, txn, item, self, revision, now).await
    }

    /// A live page with live child pages stays up until they are unpublished or moved.
    async fn check_take_down(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError> {
        if item.kind != ContentKind::Page.as_str() {
            return Ok(());
        }
        let live_children = scoped::<live::Entity>(tenant)
            .filter(live::Column::ParentId.eq(item.id))
            .one(txn)
            .await?;
        if live_children.is_some() {
            return Err(PublishingError::Conflict(
                "This page has live child pages: unpublish or move them first.".into(),
            ));
        }
        Ok(())
    }

    async fn take_down(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError> {
        projection::dematerialise(tenant, txn, item).await
    }

    /// A page with child pages (deleted ones aside) is not deleted.
    async fn check_delete(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError> {
        if item.kind != ContentKind::Page.as_str() {
            return Ok(());
        }
        let children = scoped::<item::Entity>(tenant)
            .filter(item::Column::ParentId.eq(item.id))
            .filter(item::Column::DeletedAt.is_null())
            .count(txn)
            .await?;
        if children > 0 {
            return Err(PublishingError::Conflict(
                "This page has child pages: move or delete them first.".into(),
            ));
        }
        Ok(())
    }

    /// Out of editors' search too, and its slugs free for other items.
    async fn release(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<(), PublishingError> {
        search::remove(tenant, txn, item.id, None).await?;
        scoped_delete::<slug::Entity>(tenant)
            .filter(slug::Column::ItemId.eq(item.id))
            .exec(txn)
            .await?;
        Ok(())
    }

    /// Its English live path, or the path it last had.
    async fn public_path(
        tenant: &Tenant,
        txn: &DatabaseTransaction,
        item: &item::Model,
    ) -> Result<Option<String>, PublishingError> {
        let live_path = scoped::<live::Entity>(tenant)
            .filter(live::Column::ItemId.eq(item.id))
            .filter(live::Column::Locale.eq("en"))
            .select_only()
            .column(live::Column::Path)
            .into_tuple::<Option<String>>()
            .one(txn)
            .await?
            .flatten();
        if live_path.is_some() {
            return Ok(live_path);
        }
        Ok(scoped::<path_history::Entity>(tenant)
            .filter(path_history::Column::ItemId.eq(item.id))
            .filter(path_history::Column::Locale.eq("en"))
            .one(txn)
            .await?
            .map(|h| h.path))
    }
}
