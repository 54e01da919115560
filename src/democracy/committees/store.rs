//! Queries on committees; every function takes the council's `Tenant`.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::model::{self, Column, CommitteeKind, Entity};
use crate::{
    democracy::DemocracyError,
    pagination::PageRequest,
    tenancy::{Tenant, scoped, versioned_update},
};

/// A committee's editable fields.
#[derive(Debug, Clone)]
pub struct CommitteeFields {
    pub name: String,
    pub kind: CommitteeKind,
    pub parent_id: Option<Uuid>,
    pub purpose: Option<String>,
}

pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<model::Model>, DemocracyError> {
    let mut query = scoped::<Entity>(tenant)
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// A committee, deleted ones included when `with_deleted`.
pub async fn get(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    with_deleted: bool,
) -> Result<model::Model, DemocracyError> {
    let mut query = scoped::<Entity>(tenant).filter(Column::Id.eq(id));
    if !with_deleted {
        query = query.filter(Column::DeletedAt.is_null());
    }
    query
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Committee"))
}

/// Several committees by id, in one query.
pub async fn by_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<model::Model>, DemocracyError> {
    Ok(scoped::<Entity>(tenant)
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await?)
}

async fn check_parent(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    parent: Option<Uuid>,
    own: Option<Uuid>,
) -> Result<(), DemocracyError> {
    if let Some(parent) = parent {
        if Some(parent) == own {
            return Err(DemocracyError::Validation {
                field: "parent_id",
                message: "a committee cannot be its own parent".into(),
            });
        }
        get(tenant, db, parent, false)
            .await
            .map_err(|_| DemocracyError::Validation {
                field: "parent_id",
                message: "no such committee in this council".into(),
            })?;
    }
    Ok(())
}

pub async fn create(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    fields: CommitteeFields,
) -> Result<model::Model, DemocracyError> {
    check_parent(tenant, db, fields.parent_id, None).await?;
    let now = tenant.now();
    let row = model::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        name: Set(fields.name),
        kind: Set(fields.kind.as_str().to_owned()),
        parent_id: Set(fields.parent_id),
        purpose: Set(fields.purpose),
        moderngov_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

/// Replaces a committee's fields if it is still at `expected_version`.
pub async fn update(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    fields: CommitteeFields,
) -> Result<model::Model, DemocracyError> {
    check_parent(tenant, db, fields.parent_id, Some(id)).await?;
    let update = Entity::update_many()
        .col_expr(Column::Name, Expr::value(fields.name))
        .col_expr(Column::Kind, Expr::value(fields.kind.as_str()))
        .col_expr(Column::ParentId, Expr::value(fields.parent_id))
        .col_expr(Column::Purpose, Expr::value(fields.purpose))
        .filter(Column::DeletedAt.is_null());
    versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get(tenant, db, id, false),
    )
    .await
}

/// Soft-deletes (`deleted = true`) or restores a committee.
pub async fn set_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<model::Model, DemocracyError> {
    crate::democracy::soft_delete::set_deleted::<Entity>(tenant, db, id, deleted).await
}
