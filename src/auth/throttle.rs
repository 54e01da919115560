//! Throttles that protect people without locking them out. Each limited thing (a scope: failed sign-ins of one
//! account from one client, failures from one client, failures of one account from everywhere, reset requests,
//! refused invitations) counts its attempts within a window; past a number that are free, each further attempt
//! must wait twice as long after the last one as the one before (1 s, 2 s, 4 s ... up to the window). An attempt
//! refused for waiting is not counted, so nobody can keep a limit closed by trying on: it opens again as the
//! waits run out, and the window forgets.
//!
//! Keys are hashes ([`super::tokens::sha256_hex`]): the table never holds an address or an email in clear. The
//! time is the application's [`crate::clock::Clock`], so tests move it instead of waiting.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::AuthError;

/// The `throttle_hits` table.
pub mod hit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "throttle_hits")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub scope: String,
        pub key: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The stored key of a client address (hashed: the table never holds an address in clear).
pub fn client_key(addr: &str) -> String {
    super::tokens::sha256_hex(&format!("client:{addr}"))
}

/// How much of something is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What is limited, as stored (`sign_in_pair`).
    pub scope: &'static str,
    /// Attempts within the window that need no wait.
    pub free: u32,
    /// How long an attempt is remembered.
    pub window: Duration,
}

/// The wait after `counted` attempts in the window: none while they are free, then 1 s doubling up to the window.
pub fn wait_after(limit: &Limit, counted: u32) -> Duration {
    if counted < limit.free {
        return Duration::zero();
    }
    let doublings = (counted - limit.free).min(30);
    let secs = 1i64 << doublings;
    Duration::seconds(secs).min(limit.window)
}

/// An attempt that was counted: [`forget`] takes it back (a sign-in that succeeded was no failure).
#[derive(Debug, Clone, Copy)]
pub struct Counted(pub Uuid);

/// Counts an attempt of `key` against `limit` at `now`: `Ok` when it may go ahead (and is counted), else the
/// seconds to wait (and it is not counted). The attempt is written first and judged among those before it, so
/// parallel attempts cannot all slip in before any is counted.
pub async fn attempt(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<Counted, u64>, AuthError> {
    let id = Uuid::now_v7();
    hit::Entity::insert(hit::ActiveModel {
        id: Set(id),
        scope: Set(limit.scope.to_owned()),
        key: Set(key.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    let since = now - limit.window;
    let earlier = hit::Entity::find()
        .filter(hit::Column::Scope.eq(limit.scope))
        .filter(hit::Column::Key.eq(key))
        .filter(hit::Column::At.gt(since))
        .filter(hit::Column::Id.ne(id))
        .filter(hit::Column::Id.lt(id))
        .order_by_desc(hit::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let counted = u32::try_from(earlier.len()).unwrap_or(u32::MAX);
    let wait = wait_after(limit, counted);
    let last = earlier.iter().map(|h| h.at).max();
    if let Some(last) = last
        && now < last + wait
    {
        forget(db, Counted(id)).await?;
        let secs = (last + wait - now).num_seconds().max(1);
        return Ok(Err(u64::try_from(secs).unwrap_or(1)));
    }
    Ok(Ok(Counted(id)))
}

/// How many attempts of `key` the window holds at `now`.
pub async fn count(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<u64, AuthError> {
    use sea_orm::PaginatorTrait;
    Ok(hit::Entity::find()
        .filter(hit::Column::Scope.eq(limit.scope))
        .filter(hit::Column::Key.eq(key))
        .filter(hit::Column::At.gt(now - limit.window))
        .count(db)
        .await?)
}

/// Takes back one counted attempt.
pub async fn forget(db: &impl ConnectionTrait, counted: Counted) -> Result<(), AuthError> {
    hit::Entity::delete_by_id(counted.0).exec(db).await?;
    Ok(())
}

/// Forgets every attempt of `key` in `scope` (an account's failures from a client after it signs in there).
pub async fn clear(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<(), AuthError> {
    hit::Entity::delete_many()
        .filter(hit::Column::Scope.eq(scope))
        .filter(hit::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Records that `key` happened at `now`, once (the place an account signed in from): the previous record goes.
pub async fn remember(
    db: &impl ConnectionTrait,
    scope: &'static str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    clear(db, scope, key).await?;
    remember_hit(db, scope, key, now).await
}

/// Records one hit of `key` at `now`, alongside the others (a reset email sent to an address).
pub async fn remember_hit(
    db: &impl ConnectionTrait,
    scope: &'static str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    hit::Entity::insert(hit::ActiveModel {
        id: Set(Uuid::now_v7()),
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whether `key` was remembered in `scope` since `since`.
pub async fn remembered(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    since: DateTime<Utc>,
) -> Result<bool, AuthError> {
    Ok(hit::Entity::find()
        .filter(hit::Column::Scope.eq(scope))
        .filter(hit::Column::Key.eq(key))
        .filter(hit::Column::At.gt(since))
        .one(db)
        .await?
        .is_some())
}

/// Removes attempts older than a day, and remembered places older than `keep` (done now and then by sign-ins).
pub async fn prune(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    remembered_scope: &str,
    keep: Duration,
) -> Result<(), AuthError> {
    hit::Entity::delete_many()
        .filter(hit::Column::Scope.ne(remembered_scope))
        .filter(hit::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    hit::Entity::delete_many()
        .filter(hit::Column::Scope.eq(remembered_scope))
        .filter(hit::Column::At.lt(now - keep))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_attempts_and_stop_at_the_window() {
        let limit = Limit {
            scope: "t",
            free: 3,
            window: Duration::minutes(15),
        };
        let waits: Vec<i64> = (0..16)
            .map(|n| wait_after(&limit, n).num_seconds())
            .collect();
        assert_eq!(&waits[..8], [0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(waits[15], 900);
        assert_eq!(wait_after(&limit, u32::MAX).num_seconds(), 900);
    }
}
