//! Per-request DataLoaders of delivered content, keyed by (council, mode, locale, id), so relations of a whole
//! list (parents, children, topics, related services, menu links) load in a fixed number of queries.
use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::delivery::{self, Alternate, Delivered, Mode};
use crate::{error::ApiError, publishing::PublishingError, tenancy::Tenant};

/// The council, mode and locale a read is made in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadScope {
    pub tenant: Tenant,
    pub mode: Mode,
    pub locale: String,
}

/// One item by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocKey(pub ReadScope, pub Uuid);

/// A topic by id. Topics have their own key so that a page's topics and its parent load in separate, fixed
/// batches, whatever the timing of the resolvers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TopicKey(pub ReadScope, pub Uuid);

/// The child pages of one page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChildrenKey(pub ReadScope, pub Uuid);

/// The published language versions of one item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlternatesKey(pub Tenant, pub Uuid);

/// A public file of the council's media library (an image a body shows).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaKey(pub Tenant, pub Uuid);

/// Loads delivered content in batches.
pub struct ContentLoader {
    db: DatabaseConnection,
}

/// The loader a request's resolvers share.
pub type ContentLoaders = Arc<DataLoader<ContentLoader, HashMapCache>>;

/// A new loader for one request (its cache lives as long as the request).
pub fn for_request(db: DatabaseConnection) -> ContentLoaders {
    Arc::new(
        DataLoader::with_cache(ContentLoader { db }, tokio::spawn, HashMapCache::default())
            .delay(std::time::Duration::from_millis(2)),
    )
}

fn group<K, F: Fn(&K) -> (&ReadScope, Uuid)>(
    keys: &[K],
    parts: F,
) -> HashMap<ReadScope, Vec<Uuid>> {
    let mut groups: HashMap<ReadScope, Vec<Uuid>> = HashMap::new();
    for key in keys {
        let (scope, id) = parts(key);
        groups.entry(scope.clone()).or_default().push(id);
    }
    groups
}

impl Loader<DocKey> for ContentLoader {
    type Value = Delivered;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[DocKey]) -> Result<HashMap<DocKey, Delivered>, Self::Error> {
        let mut out = HashMap::new();
        for (scope, ids) in group(keys, |k| (&k.0, k.1)) {
            let docs = delivery::by_ids(&scope.tenant, &self.db, scope.mode, &scope.locale, &ids)
                .await
                .map_err(|e| ApiError::from(e).into_graphql())?;
            for doc in docs {
                out.insert(DocKey(scope.clone(), doc.id), doc);
            }
        }
        Ok(out)
    }
}

impl Loader<TopicKey> for ContentLoader {
    type Value = Delivered;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[TopicKey]) -> Result<HashMap<TopicKey, Delivered>, Self::Error> {
        let mut out = HashMap::new();
        for (scope, ids) in group(keys, |k| (&k.0, k.1)) {
            let docs = delivery::by_ids(&scope.tenant, &self.db, scope.mode, &scope.locale, &ids)
                .await
                .map_err(|e| ApiError::from(e).into_graphql())?;
            for doc in docs {
                out.insert(TopicKey(scope.clone(), doc.id), doc);
            }
        }
        Ok(out)
    }
}

impl Loader<ChildrenKey> for ContentLoader {
    type Value = Vec<Delivered>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ChildrenKey],
    ) -> Result<HashMap<ChildrenKey, Vec<Delivered>>, Self::Error> {
        let mut out = HashMap::new();
        for (scope, parents) in group(keys, |k| (&k.0, k.1)) {
            let mut children =
                delivery::children_of(&scope.tenant, &self.db, scope.mode, &scope.locale, &parents)
                    .await
                    .map_err(|e| ApiError::from(e).into_graphql())?;
            for parent in parents {
                let list = children.remove(&parent).unwrap_or_default();
                out.insert(ChildrenKey(scope.clone(), parent), list);
            }
        }
        Ok(out)
    }
}

impl Loader<AlternatesKey> for ContentLoader {
    type Value = Vec<Alternate>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[AlternatesKey],
    ) -> Result<HashMap<AlternatesKey, Vec<Alternate>>, Self::Error> {
        let mut groups: HashMap<&Tenant, Vec<Uuid>> = HashMap::new();
        for AlternatesKey(tenant, id) in keys {
            groups.entry(tenant).or_default().push(*id);
        }
        let mut out = HashMap::new();
        for (tenant, ids) in groups {
            let mut found = delivery::alternates(tenant, &self.db, &ids)
                .await
                .map_err(|e| ApiError::from(e).into_graphql())?;
            for id in ids {
                let list = found.remove(&id).unwrap_or_default();
                out.insert(AlternatesKey(tenant.clone(), id), list);
            }
        }
        Ok(out)
    }
}

impl Loader<MediaKey> for ContentLoader {
    type Value = crate::media::model::Model;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[MediaKey],
    ) -> Result<HashMap<MediaKey, crate::media::model::Model>, Self::Error> {
        let mut groups: HashMap<&Tenant, Vec<Uuid>> = HashMap::new();
        for MediaKey(tenant, id) in keys {
            groups.entry(tenant).or_default().push(*id);
        }
        let mut out = HashMap::new();
        for (tenant, ids) in groups {
            let found = crate::media::graphql::public_files(tenant, &self.db, ids)
                .await
                .map_err(|e| ApiError::from(PublishingError::from(e)).into_graphql())?;
            for (id, file) in found {
                out.insert(MediaKey(tenant.clone(), id), file);
            }
        }
        Ok(out)
    }
}
