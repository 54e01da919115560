//! What every handler and resolver can reach: the application state, typed by kernel interfaces, so that the
//! layers above (shared mechanisms, features, wiring) depend on it and it depends on none of them.
use std::{io, path::Path, sync::Arc};

use async_trait::async_trait;
use sea_orm::DatabaseConnection;

use crate::{auth::tokens::JwtKeys, config::Settings};

/// What every handler can reach.
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub blobs: Arc<dyn BlobStore>,
    /// The time now (real; tests move it forward).
    pub clock: crate::clock::Clock,
}

/// What GraphQL resolvers read from the schema's data.
#[derive(Clone)]
pub struct GqlState {
    pub db: DatabaseConnection,
    /// The time now, as the rest of the server reads it.
    pub clock: crate::clock::Clock,
}

/// Stores and returns file bytes by server-generated key.
#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    /// `Ok(None)` when there is no such key.
    async fn get(&self, key: &str) -> io::Result<Option<Vec<u8>>>;

    /// Stores a file that is already on disk (an upload streamed to a temporary file), without reading it
    /// into memory where the backend allows; the file is consumed.
    async fn put_file(&self, key: &str, file: &Path) -> io::Result<()> {
        let bytes = tokio::fs::read(file).await?;
        self.put(key, &bytes).await?;
        tokio::fs::remove_file(file).await
    }

    /// Removes a stored file; removing one that is not there is not an error.
    async fn delete(&self, key: &str) -> io::Result<()>;

    /// Bytes `start..=end` of a stored file (`Ok(None)` when there is no such key).
    async fn get_range(&self, key: &str, start: u64, end: u64) -> io::Result<Option<Vec<u8>>> {
        Ok(self.get(key).await?.map(|bytes| {
            let end = (end as usize).min(bytes.len().saturating_sub(1));
            bytes
                .get(start as usize..=end)
                .map(<[u8]>::to_vec)
                .unwrap_or_default()
        }))
    }
}

/// Who is asking a GraphQL query, when the request carried a valid bearer token (set by the HTTP endpoint).
#[derive(Clone)]
pub struct Viewer(pub Option<crate::auth::Principal>);
