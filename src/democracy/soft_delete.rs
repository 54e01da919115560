//! Soft delete and restore, once for every democratic record: the record's `deleted_at` is set (or cleared), its
//! `updated_at` moves and, where it has one, its version moves on. Deleting a deleted record, or restoring one
//! that is not deleted, is the same 404 as a record that does not exist.
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::DemocracyError;
use crate::tenancy::{CouncilOwned, Tenant, scoped, scoped_update};

/// A table of records that are deleted softly.
pub trait SoftDelete: EntityTrait + CouncilOwned {
    /// What the record is called in a 404 ("Ward not found").
    const WHAT: &'static str;
    fn id() -> Self::Column;
    fn deleted_at() -> Self::Column;
    fn updated_at() -> Self::Column;
    /// The version column, for records edited with `If-Match`.
    fn version() -> Option<Self::Column>;
}

/// Implements [`SoftDelete`] for the entity of a model module with the usual column names.
macro_rules! soft_delete {
    ($module:path, $what:literal, versioned) => {
        soft_delete!(@impl $module, $what, Some(Column::Version));
    };
    ($module:path, $what:literal) => {
        soft_delete!(@impl $module, $what, None);
    };
    (@impl $module:path, $what:literal, $version:expr) => {
        const _: () = {
            use $module::{Column, Entity};
            impl $crate::democracy::soft_delete::SoftDelete for Entity {
                const WHAT: &'static str = $what;
                fn id() -> Column {
                    Column::Id
                }
                fn deleted_at() -> Column {
                    Column::DeletedAt
                }
                fn updated_at() -> Column {
                    Column::UpdatedAt
                }
                fn version() -> Option<Column> {
                    $version
                }
            }
        };
    };
}

soft_delete!(crate::democracy::people::model::ward, "Ward", versioned);
soft_delete!(crate::democracy::people::model::party, "Party", versioned);
soft_delete!(
    crate::democracy::people::model::councillor,
    "Councillor",
    versioned
);
soft_delete!(crate::democracy::committees::model, "Committee", versioned);
soft_delete!(crate::democracy::meetings::model, "Meeting", versioned);
soft_delete!(
    crate::democracy::agenda::model::agenda_item,
    "Agenda item",
    versioned
);
soft_delete!(crate::democracy::agenda::model::document, "Document");
soft_delete!(
    crate::democracy::decisions::model::decision,
    "Decision",
    versioned
);
soft_delete!(
    crate::democracy::decisions::model::forward_plan_entry,
    "Forward plan entry",
    versioned
);

/// Deletes (`deleted`) or restores the record `id` of the council, and gives it as it now is.
pub async fn set_deleted<E: SoftDelete>(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<E::Model, DemocracyError> {
    let in_state = if deleted {
        E::deleted_at().is_null()
    } else {
        E::deleted_at().is_not_null()
    };
    scoped::<E>(tenant)
        .filter(E::id().eq(id))
        .filter(in_state)
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound(E::WHAT))?;
    let now = tenant.now();
    let mut update = scoped_update::<E>(tenant)
        .col_expr(E::deleted_at(), Expr::value(deleted.then_some(now)))
        .col_expr(E::updated_at(), Expr::value(now));
    if let Some(version) = E::version() {
        update = update.col_expr(version, Expr::col(version).add(1));
    }
    update.filter(E::id().eq(id)).exec(db).await?;
    scoped::<E>(tenant)
        .filter(E::id().eq(id))
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound(E::WHAT))
}
