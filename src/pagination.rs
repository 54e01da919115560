//! Bounded, cursor-paginated lists: default 20 items, at most 100, opaque cursors over UUIDv7 ids.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// Why a page request was refused.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("limit out of range")]
    Limit,
    #[error("invalid cursor")]
    Cursor,
}

/// `?limit=&after=` as sent by a client.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 100 (default 20).
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub after: Option<String>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: u64,
    pub after: Option<Uuid>,
}

/// A page size as asked for (`limit` in REST, `first` in GraphQL): default 20, 1 to 100.
pub fn page_size(asked: Option<i64>) -> Result<u64, PageError> {
    let size = asked.unwrap_or(DEFAULT_LIMIT as i64);
    if !(1..=MAX_LIMIT as i64).contains(&size) {
        return Err(PageError::Limit);
    }
    Ok(size as u64)
}

impl PageQuery {
    pub fn validate(&self) -> Result<PageRequest, PageError> {
        let limit = page_size(self.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
        let after = self.after.as_deref().map(decode_cursor).transpose()?;
        Ok(PageRequest { limit, after })
    }
}

/// One page of a list, with the cursor of the next page when there is one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> Page<T> {
    /// Builds a page from rows fetched with `limit + 1`, so the extra row says whether there is more.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        request: PageRequest,
        id: impl Fn(&R) -> Uuid,
        map: impl Fn(R) -> T,
    ) -> Self {
        let more = rows.len() as u64 > request.limit;
        rows.truncate(request.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| encode_cursor(id(r)))
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}

pub fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

pub fn decode_cursor(cursor: &str) -> Result<Uuid, PageError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| PageError::Cursor)?;
    Uuid::from_slice(&bytes).map_err(|_| PageError::Cursor)
}

/// Extra fields of counted GraphQL connections (`totalCount`).
#[derive(async_graphql::SimpleObject)]
pub struct Counted {
    /// How many items match, on every page.
    total_count: u64,
}

impl Counted {
    pub fn new(total_count: u64) -> Self {
        Self { total_count }
    }
}
