//! Queries on users, memberships, refresh tokens, API tokens and failed sign-ins.
//! Membership and API-token queries take the council's `Tenant`.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    AuthError, Role, Scope,
    model::{api_token, membership, refresh_token, user},
    tokens::{self, REFRESH_PREFIX},
};
use crate::{
    pagination::PageRequest,
    tenancy::{Tenant, scoped, scoped_delete, scoped_update},
};

// ---- users ----

pub async fn find_user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, AuthError> {
    Ok(user::Entity::find()
        .filter(user::Column::EmailNormalized.eq(super::normalize_email(email)))
        .one(db)
        .await?)
}

pub async fn find_user(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<user::Model>, AuthError> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

/// These users (those found), in one query.
pub async fn find_users(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<user::Model>, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// The display names of these users (those found), to say who did something.
pub async fn display_names(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    Ok(find_users(db, ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Creates a user; the email must not be taken (case-insensitively).
pub async fn create_user(
    db: &impl ConnectionTrait,
    email: &str,
    display_name: &str,
    password_hash: String,
    platform_admin: bool,
    now: DateTime<Utc>,
) -> Result<user::Model, AuthError> {
    let row = user_row(
        Uuid::now_v7(),
        email,
        display_name,
        password_hash,
        platform_admin,
        (now, now),
    );
    user::Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                AuthError::Conflict("A user with that email already exists.".into())
            }
            _ => AuthError::Db(e),
        })
}

/// Creates a member's account from a council archive, with its id and times (never a platform administrator).
pub async fn restore_user(
    db: &impl ConnectionTrait,
    id: Uuid,
    email: &str,
    display_name: &str,
    password_hash: String,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
) -> Result<(), AuthError> {
    let row = user_row(
        id,
        email,
        display_name,
        password_hash,
        false,
        (created_at, updated_at),
    );
    user::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// A new account's row: no sessions yet.
fn user_row(
    id: Uuid,
    email: &str,
    display_name: &str,
    password_hash: String,
    platform_admin: bool,
    (created_at, updated_at): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        email_normalized: Set(super::normalize_email(email)),
        display_name: Set(display_name.to_owned()),
        password_hash: Set(password_hash),
        is_platform_admin: Set(platform_admin),
        session_epoch: Set(0),
        created_at: Set(created_at),
        updated_at: Set(updated_at),
    }
}

/// Sets a new password hash, ends every session (access tokens by epoch, refresh tokens by revocation).
pub async fn set_password(
    db: &impl TransactionTrait,
    user_id: Uuid,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    let txn = crate::db::begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(
            user::Column::SessionEpoch,
            Expr::col(user::Column::SessionEpoch).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- memberships ----

/// A member of a council as listed to its admins.
pub struct MemberRow {
    pub user: user::Model,
    pub membership: membership::Model,
}

/// The caller's role in a council, if any.
pub async fn role_in(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<Role>, AuthError> {
    let row = scoped::<membership::Entity>(tenant)
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?;
    Ok(row.and_then(|m| Role::parse(&m.role)))
}

/// The ids of the councils a user belongs to, with the role in each.
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<membership::Model>, AuthError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .order_by_asc(membership::Column::CouncilId)
        .limit(1000)
        .all(db)
        .await?)
}

pub async fn list_members(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<MemberRow>, AuthError> {
    let mut query = scoped::<membership::Entity>(tenant)
        .order_by_asc(membership::Column::UserId)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(membership::Column::UserId.gt(after));
    }
    let memberships = query.all(db).await?;
    let ids: Vec<Uuid> = memberships.iter().map(|m| m.user_id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(memberships
        .into_iter()
        .filter_map(|m| {
            users
                .iter()
                .find(|u| u.id == m.user_id)
                .cloned()
                .map(|user| MemberRow {
                    user,
                    membership: m,
                })
        })
        .collect())
}

pub async fn get_member(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<MemberRow, AuthError> {
    let membership = scoped::<membership::Entity>(tenant)
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AuthError::NotFound("Member"))?;
    let user = find_user(db, user_id)
        .await?
        .ok_or(AuthError::NotFound("Member"))?;
    Ok(MemberRow { user, membership })
}

pub async fn add_member(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
) -> Result<membership::Model, AuthError> {
    let now = tenant.now();
    let row = membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    };
    membership::Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                AuthError::Conflict("That user is already a member of this council.".into())
            }
            _ => AuthError::Db(e),
        })
}

async fn admin_count(tenant: &Tenant, db: &impl ConnectionTrait) -> Result<u64, AuthError> {
    Ok(scoped::<membership::Entity>(tenant)
        .filter(membership::Column::Role.eq(Role::Admin.as_str()))
        .count(db)
        .await?)
}

/// Changes a member's role; the council's last admin cannot be demoted.
pub async fn set_member_role(
    tenant: &Tenant,
    db: &impl TransactionTrait,
    user_id: Uuid,
    role: Role,
) -> Result<(), AuthError> {
    let txn = crate::db::begin_write(db).await?;
    let member = get_member(tenant, &txn, user_id).await?;
    if member.membership.role == Role::Admin.as_str()
        && role != Role::Admin
        && admin_count(tenant, &txn).await? <= 1
    {
        return Err(AuthError::Conflict(
            "A council keeps at least one admin; make another member admin first.".into(),
        ));
    }
    scoped_update::<membership::Entity>(tenant)
        .col_expr(membership::Column::Role, Expr::value(role.as_str()))
        .col_expr(membership::Column::UpdatedAt, Expr::value(tenant.now()))
        .filter(membership::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a member's access to the council; the council's last admin cannot be removed.
pub async fn remove_member(
    tenant: &Tenant,
    db: &impl TransactionTrait,
    user_id: Uuid,
) -> Result<(), AuthError> {
    let txn = crate::db::begin_write(db).await?;
    let member = get_member(tenant, &txn, user_id).await?;
    if member.membership.role == Role::Admin.as_str() && admin_count(tenant, &txn).await? <= 1 {
        return Err(AuthError::Conflict(
            "A council keeps at least one admin; make another member admin first.".into(),
        ));
    }
    scoped_delete::<membership::Entity>(tenant)
        .filter(membership::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- refresh tokens ----

/// Issues a refresh token in a family (a new family at sign-in) and returns its plain text.
pub async fn issue_refresh_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
    ttl_secs: u64,
    now: DateTime<Utc>,
) -> Result<String, AuthError> {
    let token = tokens::generate_opaque(REFRESH_PREFIX);
    let row = refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(tokens::sha256_hex(&token)),
        expires_at: Set(now + Duration::seconds(ttl_secs as i64)),
        revoked_at: Set(None),
        created_at: Set(now),
    };
    refresh_token::Entity::insert(row).exec(db).await?;
    Ok(token)
}

/// Exchanges a refresh token for a new one in the same family. A token used twice revokes its whole family,
/// since one of the two users of it is not its owner.
pub async fn rotate_refresh_token(
    db: &impl TransactionTrait,
    presented: &str,
    ttl_secs: u64,
    max_age_secs: u64,
    now: DateTime<Utc>,
) -> Result<(user::Model, String, Uuid), AuthError> {
    let txn = crate::db::begin_write(db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::sha256_hex(presented)))
        .one(&txn)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if row.revoked_at.is_some() {
        revoke_family(&txn, row.family_id, now).await?;
        txn.commit().await?;
        return Err(AuthError::InvalidToken);
    }
    if row.expires_at <= now {
        return Err(AuthError::InvalidToken);
    }
    if !session_within_age(row.family_id, max_age_secs, now) {
        // The session is over, however recently it was refreshed: the user signs in again.
        revoke_family(&txn, row.family_id, now).await?;
        txn.commit().await?;
        return Err(AuthError::InvalidToken);
    }
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        // Another request used this token at the same moment: one of the two is not its owner.
        revoke_family(&txn, row.family_id, now).await?;
        txn.commit().await?;
        return Err(AuthError::InvalidToken);
    }
    let user = find_user(&txn, row.user_id)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    let token = issue_refresh_token(&txn, user.id, row.family_id, ttl_secs, now).await?;
    txn.commit().await?;
    Ok((user, token, row.family_id))
}

/// Whether a session (a refresh-token family, whose UUIDv7 id records when it began at sign-in) is younger
/// than `max_age_secs` at `now`. An id that records no time is too old.
pub fn session_within_age(session: Uuid, max_age_secs: u64, now: DateTime<Utc>) -> bool {
    let Some(began) = session.get_timestamp().map(|t| t.to_unix().0) else {
        return false;
    };
    let now = Ord::max(now.timestamp(), 0) as u64;
    now.saturating_sub(began) < max_age_secs
}

/// The user of an access token, if the session it belongs to is still open (not signed out, not ended for
/// reuse of a refresh token): one query.
pub async fn find_user_in_session(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    session: Uuid,
) -> Result<Option<user::Model>, AuthError> {
    let open = sea_orm::sea_query::Query::select()
        .expr(Expr::val(1))
        .from(refresh_token::Entity)
        .and_where(refresh_token::Column::FamilyId.eq(session))
        .and_where(refresh_token::Column::UserId.eq(user_id))
        .and_where(refresh_token::Column::RevokedAt.is_null())
        .to_owned();
    Ok(user::Entity::find_by_id(user_id)
        .filter(Expr::exists(open))
        .one(db)
        .await?)
}

async fn revoke_family(
    db: &impl ConnectionTrait,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Signs out the session a refresh token belongs to. Unknown tokens are ignored (logout is idempotent).
pub async fn revoke_refresh_token(
    db: &impl ConnectionTrait,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, AuthError> {
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::sha256_hex(presented)))
        .one(db)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    revoke_family(db, row.family_id, now).await?;
    Ok(Some(row.user_id))
}

// ---- API tokens ----

/// A new API token's row and its plain text, shown once.
pub struct CreatedApiToken {
    pub row: api_token::Model,
    pub token: String,
}

pub async fn create_api_token(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    name: &str,
    scopes: &[Scope],
    expires_at: Option<DateTime<Utc>>,
    created_by: Option<Uuid>,
) -> Result<CreatedApiToken, AuthError> {
    let token = tokens::generate_opaque(tokens::API_TOKEN_PREFIX);
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let row = api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        name: Set(name.to_owned()),
        scopes: Set(scopes.join(",")),
        prefix: Set(token.chars().take(10).collect()),
        token_hash: Set(tokens::sha256_hex(&token)),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
        created_by: Set(created_by),
        created_at: Set(tenant.now()),
    };
    let row = api_token::Entity::insert(row)
        .exec_with_returning(db)
        .await?;
    Ok(CreatedApiToken { row, token })
}

pub async fn list_api_tokens(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<api_token::Model>, AuthError> {
    let mut query = scoped::<api_token::Entity>(tenant)
        .order_by_asc(api_token::Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(api_token::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// Revokes a token of this council; a token of another council is not found.
pub async fn revoke_api_token(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<api_token::Model, AuthError> {
    let row = scoped::<api_token::Entity>(tenant)
        .filter(api_token::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AuthError::NotFound("API token"))?;
    if row.revoked_at.is_none() {
        scoped_update::<api_token::Entity>(tenant)
            .col_expr(
                api_token::Column::RevokedAt,
                Expr::value(Some(tenant.now())),
            )
            .filter(api_token::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    scoped::<api_token::Entity>(tenant)
        .filter(api_token::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AuthError::NotFound("API token"))
}

/// Finds a live API token by its plain text and notes its use (at most once a minute).
pub async fn authenticate_api_token(
    db: &impl ConnectionTrait,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<api_token::Model, AuthError> {
    let row = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(tokens::sha256_hex(presented)))
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if row.revoked_at.is_some() || row.expires_at.is_some_and(|at| at <= now) {
        return Err(AuthError::InvalidToken);
    }
    if row
        .last_used_at
        .is_none_or(|at| now - at > Duration::minutes(1))
    {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(now)))
            .filter(api_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(row)
}
