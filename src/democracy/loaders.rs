//! Per-request DataLoaders of the democratic records' GraphQL relations, keyed by (council, id): a councillor's
//! seats, roles and public interests; a meeting's public agenda, papers, attendance and motions. However many
//! councillors or meetings a query lists, each relation loads in one batch, so the number of SQL statements does
//! not grow with the page size (the tests count them).
use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    meetings::graphql::{MeetingParts, meeting_parts},
    people::graphql::{CouncillorParts, councillor_parts},
};
use crate::tenancy::Tenant;

/// A councillor's seats, roles and public interests.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CouncillorKey(pub Tenant, pub Uuid);

/// A meeting's public agenda, papers, attendance and motions; with `true`, as the public will see its agenda once
/// published (a preview for the council's own people).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MeetingKey(pub Tenant, pub Uuid, pub bool);

/// Loads relations of democratic records in batches.
pub struct DemocracyLoader {
    db: DatabaseConnection,
}

/// The loader a request's resolvers share.
pub type DemocracyLoaders = Arc<DataLoader<DemocracyLoader, HashMapCache>>;

/// A new loader for one request (its cache lives as long as the request).
pub fn for_request(db: DatabaseConnection) -> DemocracyLoaders {
    Arc::new(
        DataLoader::with_cache(
            DemocracyLoader { db },
            tokio::spawn,
            HashMapCache::default(),
        )
        .delay(std::time::Duration::from_millis(2)),
    )
}

/// One key's value through the request's loader (empty when the record is gone).
pub async fn load<K>(
    ctx: &async_graphql::Context<'_>,
    key: K,
) -> async_graphql::Result<<DemocracyLoader as Loader<K>>::Value>
where
    K: Send + Sync + Clone + Eq + std::hash::Hash + 'static,
    DemocracyLoader: Loader<K, Error = async_graphql::Error>,
    <DemocracyLoader as Loader<K>>::Value: Default,
{
    Ok(ctx
        .data::<DemocracyLoaders>()?
        .load_one(key)
        .await?
        .unwrap_or_default())
}

/// Loads the relations a list's selection asks for (`fields` of its nodes) for all its items in one batch of
/// the request's DataLoader, before the items' resolvers ask for them one by one: the batch does not depend on
/// how the resolvers happen to be scheduled, so the statement count stays fixed.
pub async fn prefetch<K>(
    ctx: &async_graphql::Context<'_>,
    fields: &[&str],
    keys: impl Iterator<Item = K>,
) -> async_graphql::Result<()>
where
    K: Send + Sync + Clone + Eq + std::hash::Hash + 'static,
    DemocracyLoader: Loader<K, Error = async_graphql::Error>,
{
    let node = ctx.look_ahead().field("edges").field("node");
    if fields.iter().any(|f| node.field(f).exists()) {
        ctx.data::<DemocracyLoaders>()?.load_many(keys).await?;
    }
    Ok(())
}

/// Keys grouped by council: one batch per council.
fn by_council<'a>(keys: impl Iterator<Item = (&'a Tenant, Uuid)>) -> HashMap<Tenant, Vec<Uuid>> {
    let mut groups: HashMap<Tenant, Vec<Uuid>> = HashMap::new();
    for (tenant, id) in keys {
        groups.entry(tenant.clone()).or_default().push(id);
    }
    groups
}

impl Loader<CouncillorKey> for DemocracyLoader {
    type Value = CouncillorParts;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[CouncillorKey],
    ) -> Result<HashMap<CouncillorKey, CouncillorParts>, Self::Error> {
        let mut out = HashMap::new();
        for (tenant, ids) in by_council(keys.iter().map(|k| (&k.0, k.1))) {
            let mut parts = councillor_parts(&self.db, &tenant, &ids).await?;
            for id in ids {
                let value = parts.remove(&id).unwrap_or_default();
                out.insert(CouncillorKey(tenant.clone(), id), value);
            }
        }
        Ok(out)
    }
}

impl Loader<MeetingKey> for DemocracyLoader {
    type Value = MeetingParts;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[MeetingKey],
    ) -> Result<HashMap<MeetingKey, MeetingParts>, Self::Error> {
        let mut out = HashMap::new();
        for as_published in [false, true] {
            let these = keys.iter().filter(|k| k.2 == as_published);
            for (tenant, ids) in by_council(these.map(|k| (&k.0, k.1))) {
                let mut parts = meeting_parts(&self.db, &tenant, &ids, as_published).await?;
                for id in ids {
                    let value = parts.remove(&id).unwrap_or_default();
                    out.insert(MeetingKey(tenant.clone(), id, as_published), value);
                }
            }
        }
        Ok(out)
    }
}
