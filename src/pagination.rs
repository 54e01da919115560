//! Bounded, cursor-paginated lists: default 20 items, at most 100, opaque cursors over UUIDv7 ids.
//!
//! Every cursor Townhall hands out is made by [`Cursor`]: the position's parts (a sort key and an id, an id alone,
//! an offset) written as fixed-size big-endian bytes, in base64url without padding. Clients treat cursors as
//! opaque; a cursor that does not decode to the position a list expects is refused as [`PageError::Cursor`].
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, NaiveDate, Utc};
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
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    #[param(min_length = 1)]
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

/// A GraphQL `first:` argument, checked like REST's `limit` (1 to 100, default 20); the error names `first`.
pub fn first_arg(first: Option<i32>) -> async_graphql::Result<u64> {
    page_size(first.map(i64::from))
        .map_err(|_| crate::error::argument_error("first", "give a number from 1 to 100"))
}

/// A GraphQL `after:` argument read with `decode`; the error names `after`.
pub fn after_arg<T>(
    after: Option<&str>,
    decode: impl Fn(&str) -> Result<T, PageError>,
) -> async_graphql::Result<Option<T>> {
    after.map(decode).transpose().map_err(|_| {
        crate::error::argument_error("after", "give the endCursor of the previous page")
    })
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

/// The cursor of a list ordered by id alone.
pub fn encode_cursor(id: Uuid) -> String {
    Cursor::encode(&id)
}

/// Reads the cursor of a list ordered by id alone.
pub fn decode_cursor(cursor: &str) -> Result<Uuid, PageError> {
    Cursor::decode(cursor)
}

/// The one codec of cursors: `Cursor::encode(&(starts_at, id))` gives the opaque text,
/// `Cursor::decode::<(DateTime<Utc>, Uuid)>(text)` the position back.
pub struct Cursor;

impl Cursor {
    pub fn encode<K: CursorKey>(key: &K) -> String {
        let mut bytes = Vec::with_capacity(32);
        key.write(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position in `cursor`; anything else (bad base64, too short or too long, a value out of range) is
    /// [`PageError::Cursor`].
    pub fn decode<K: CursorKey>(cursor: &str) -> Result<K, PageError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| PageError::Cursor)?;
        let mut input = bytes.as_slice();
        let key = K::read(&mut input).ok_or(PageError::Cursor)?;
        if input.is_empty() {
            Ok(key)
        } else {
            Err(PageError::Cursor)
        }
    }
}

/// A part of a cursor, written as fixed-size bytes.
pub trait CursorKey: Sized {
    fn write(&self, out: &mut Vec<u8>);
    /// Reads the part from the front of `input`, moving past it; `None` when it is not there.
    fn read(input: &mut &[u8]) -> Option<Self>;
}

fn take<const N: usize>(input: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = input.split_first_chunk::<N>()?;
    *input = rest;
    Some(*head)
}

impl CursorKey for Uuid {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        take::<16>(input).map(Uuid::from_bytes)
    }
}

impl CursorKey for i64 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        take::<8>(input).map(i64::from_be_bytes)
    }
}

/// An offset into a ranked list (search results).
impl CursorKey for u64 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        take::<8>(input).map(u64::from_be_bytes)
    }
}

/// A date, as days since 1 January of year 1.
impl CursorKey for NaiveDate {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&chrono::Datelike::num_days_from_ce(self).to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        take::<4>(input)
            .map(i32::from_be_bytes)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    }
}

/// A time, to the microsecond (as the databases store it).
impl CursorKey for DateTime<Utc> {
    fn write(&self, out: &mut Vec<u8>) {
        self.timestamp_micros().write(out);
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        i64::read(input).and_then(DateTime::from_timestamp_micros)
    }
}

/// A sort key that may be absent, after a one-byte tag (0 absent, 1 present).
impl<T: CursorKey> CursorKey for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.write(out);
            }
        }
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        match take::<1>(input)? {
            [0] => Some(None),
            [1] => T::read(input).map(Some),
            _ => None,
        }
    }
}

/// A sort key and the id that breaks its ties.
impl<A: CursorKey, B: CursorKey> CursorKey for (A, B) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
    }
    fn read(input: &mut &[u8]) -> Option<Self> {
        Some((A::read(input)?, B::read(input)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_cursors_keep_their_format() {
        let id = Uuid::now_v7();
        assert_eq!(encode_cursor(id), URL_SAFE_NO_PAD.encode(id.as_bytes()));
        assert_eq!(decode_cursor(&encode_cursor(id)).ok(), Some(id));
    }

    #[test]
    fn positions_round_trip() {
        let id = Uuid::now_v7();
        let at = DateTime::from_timestamp_micros(1_767_225_600_123_456).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 5, 7).unwrap();
        let text = Cursor::encode(&(at, id));
        assert_eq!(
            Cursor::decode::<(DateTime<Utc>, Uuid)>(&text).ok(),
            Some((at, id))
        );
        let text = Cursor::encode(&(day, id));
        assert_eq!(
            Cursor::decode::<(NaiveDate, Uuid)>(&text).ok(),
            Some((day, id))
        );
        for key in [(None, id), (Some(at), id)] {
            let text = Cursor::encode(&key);
            assert_eq!(
                Cursor::decode::<(Option<DateTime<Utc>>, Uuid)>(&text).ok(),
                Some(key)
            );
        }
        assert_eq!(
            Cursor::decode::<u64>(&Cursor::encode(&40u64)).ok(),
            Some(40)
        );
    }

    #[test]
    fn anything_else_is_an_invalid_cursor() {
        let id = Uuid::now_v7();
        let day = NaiveDate::from_ymd_opt(2026, 5, 7).unwrap();
        // Not base64, too short, too long, another list's cursor, a bad tag.
        for text in [
            "not a cursor!".to_owned(),
            URL_SAFE_NO_PAD.encode([1, 2, 3]),
            URL_SAFE_NO_PAD.encode([0u8; 17]),
            Cursor::encode(&(day, id)),
            URL_SAFE_NO_PAD.encode([7u8; 17]),
        ] {
            assert!(matches!(
                Cursor::decode::<(DateTime<Utc>, Uuid)>(&text),
                Err(PageError::Cursor)
            ));
        }
        assert!(matches!(
            Cursor::decode::<(Option<DateTime<Utc>>, Uuid)>(&URL_SAFE_NO_PAD.encode([7u8; 17])),
            Err(PageError::Cursor)
        ));
        assert!(matches!(
            decode_cursor(&Cursor::encode(&(day, id))),
            Err(PageError::Cursor)
        ));
    }
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
