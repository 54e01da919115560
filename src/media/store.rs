//! The one door to the `media` table: every query on the library's records is here, and every function takes
//! the council's `Tenant`, so no handler can reach another council's files.
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
};
use uuid::Uuid;

use super::model;
use crate::tenancy::{Tenant, scoped, scoped_delete, scoped_update};

/// Which records a lookup may find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Not deleted.
    Live,
    /// Deleted (softly), and so restorable or purgeable.
    Deleted,
    /// Either.
    Any,
}

/// The file `id` of the council, if it is in the state asked for.
pub async fn find(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    found: Found,
) -> Result<Option<model::Model>, DbErr> {
    let query = scoped::<model::Entity>(tenant).filter(model::Column::Id.eq(id));
    let query = match found {
        Found::Live => query.filter(model::Column::DeletedAt.is_null()),
        Found::Deleted => query.filter(model::Column::DeletedAt.is_not_null()),
        Found::Any => query,
    };
    query.one(db).await
}

/// Which files a library listing shows.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    /// The deleted files (to restore or purge) instead of the live ones.
    pub deleted: bool,
    /// Text in the title or the file name (case-insensitive).
    pub text: Option<String>,
}

/// Up to `limit` files, newest first, after the cursor `after` (an id) when given.
pub async fn page(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    listing: &Listing,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<model::Model>, DbErr> {
    let mut query = scoped::<model::Entity>(tenant);
    query = if listing.deleted {
        query.filter(model::Column::DeletedAt.is_not_null())
    } else {
        query.filter(model::Column::DeletedAt.is_null())
    };
    if let Some(text) = &listing.text {
        // Lower-cased on both sides; and as typed, since SQLite's lower() changes ASCII letters only ("Ŵyl").
        let lower = LikeExpr::new(format!("%{}%", escape_like(&text.to_lowercase()))).escape('\\');
        let typed = LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\');
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(model::Column::Title))).like(lower.clone()))
                .add(Expr::expr(Func::lower(Expr::col(model::Column::FileName))).like(lower))
                .add(Expr::col(model::Column::Title).like(typed.clone()))
                .add(Expr::col(model::Column::FileName).like(typed)),
        );
    }
    if let Some(after) = after {
        query = query.filter(model::Column::Id.lt(after));
    }
    query
        .order_by_desc(model::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// `text` with LIKE's wildcards and the escape character taken literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Records a new file of the council (whose bytes are stored); the row's council is always the tenant's.
pub async fn insert(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mut row: model::ActiveModel,
) -> Result<model::Model, DbErr> {
    row.council_id = Set(tenant.id());
    model::Entity::insert(row).exec_with_returning(db).await
}

/// Deletes (softly) or restores a file, moving its version on; `None` when no file of the council has that id.
pub async fn set_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<Option<model::Model>, DbErr> {
    scoped_update::<model::Entity>(tenant)
        .col_expr(
            model::Column::DeletedAt,
            Expr::value(deleted.then(|| tenant.now())),
        )
        .col_expr(
            model::Column::Version,
            Expr::col(model::Column::Version).add(1),
        )
        .filter(model::Column::Id.eq(id))
        .exec(db)
        .await?;
    find(tenant, db, id, Found::Any).await
}

/// How many of these ids are files of the council's library that are not deleted.
pub async fn count_present(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<u64, DbErr> {
    sea_orm::PaginatorTrait::count(
        scoped::<model::Entity>(tenant)
            .filter(model::Column::Id.is_in(ids.iter().copied()))
            .filter(model::Column::DeletedAt.is_null()),
        db,
    )
    .await
}

/// Which of these ids are files of the council's library that are not deleted.
pub async fn present_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, DbErr> {
    scoped::<model::Entity>(tenant)
        .filter(model::Column::Id.is_in(ids.iter().copied()))
        .filter(model::Column::DeletedAt.is_null())
        .select_only()
        .column(model::Column::Id)
        .into_tuple::<Uuid>()
        .all(db)
        .await
}

/// Removes a file's record for good (its bytes are the caller's to remove).
pub async fn purge(tenant: &Tenant, db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    scoped_delete::<model::Entity>(tenant)
        .filter(model::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The public files (not restricted, not deleted) among `ids`, in one query, by id; others are left out.
pub async fn public_files(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, model::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(scoped::<model::Entity>(tenant)
        .filter(model::Column::Id.is_in(ids))
        .filter(model::Column::DeletedAt.is_null())
        .filter(model::Column::Restricted.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// A public (not restricted, not deleted) image of the council's library.
pub async fn public_image(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<model::Model>, DbErr> {
    scoped::<model::Entity>(tenant)
        .filter(model::Column::Id.eq(id))
        .filter(model::Column::DeletedAt.is_null())
        .filter(model::Column::Restricted.eq(false))
        .filter(model::Column::MimeType.starts_with("image/"))
        .one(db)
        .await
}
