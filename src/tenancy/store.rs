//! Queries on councils. Reading or changing one council goes through its `Tenant`.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    Nation, TenancyError, Tenant,
    model::{self, ActiveModel, Column, Entity},
    versioned_update,
};
use crate::{clock::Clock, pagination::PageRequest};

/// What it takes to create a council (validated by the caller with `model::validate_*`).
#[derive(Debug, Clone)]
pub struct NewCouncil {
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    pub gss_code: Option<String>,
    pub locales: String,
    pub website_url: Option<String>,
    pub allowed_origins: String,
    pub media_base_url: Option<String>,
    pub meeting_minutes: Option<i32>,
}

/// Changes to a council; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CouncilChanges {
    pub name: Option<String>,
    pub nation: Option<Nation>,
    pub gss_code: Option<Option<String>>,
    pub locales: Option<String>,
    pub website_url: Option<Option<String>>,
    pub allowed_origins: Option<String>,
    pub media_base_url: Option<Option<String>>,
    pub meeting_minutes: Option<Option<i32>>,
}

#[tracing::instrument(skip_all, fields(council = %new.slug))]
pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    new: NewCouncil,
) -> Result<model::Model, TenancyError> {
    let now = clock.now();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(new.slug),
        name: Set(new.name),
        nation: Set(new.nation.as_str().to_owned()),
        gss_code: Set(new.gss_code),
        locales: Set(new.locales),
        website_url: Set(new.website_url),
        allowed_origins: Set(new.allowed_origins),
        media_max_bytes: Set(None),
        media_base_url: Set(new.media_base_url),
        meeting_minutes: Set(new.meeting_minutes),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => TenancyError::SlugTaken,
            _ => TenancyError::Db(e),
        })
}

/// The council with this slug, if any (for the archive's export and import, which work on whole councils).
pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<model::Model>, sea_orm::DbErr> {
    Entity::find().filter(Column::Slug.eq(slug)).one(db).await
}

/// Puts back a council row exactly as an archive holds it (id, settings, version and times).
pub async fn restore(
    db: &impl ConnectionTrait,
    council: model::Model,
) -> Result<(), sea_orm::DbErr> {
    let row = sea_orm::ActiveModelTrait::reset_all(ActiveModel::from(council));
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// Resolves a council slug into its scope; the one constructor of `Tenant` outside tests.
pub async fn resolve(
    db: &impl ConnectionTrait,
    clock: &Clock,
    slug: &str,
) -> Result<Tenant, TenancyError> {
    let model = Entity::find()
        .filter(Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(TenancyError::NotFound)?;
    Ok(Tenant::from_model(&model, clock))
}

/// The council row behind a scope.
pub async fn get(tenant: &Tenant, db: &impl ConnectionTrait) -> Result<model::Model, TenancyError> {
    Entity::find_by_id(tenant.id())
        .one(db)
        .await?
        .ok_or(TenancyError::NotFound)
}

/// Applies changes if the council is still at `expected_version`; otherwise nothing changes and 412 follows.
#[tracing::instrument(skip_all, fields(council = %tenant.slug()))]
pub async fn update(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    expected_version: i32,
    changes: CouncilChanges,
) -> Result<model::Model, TenancyError> {
    let mut update = Entity::update_many();
    if let Some(name) = changes.name {
        update = update.col_expr(Column::Name, Expr::value(name));
    }
    if let Some(nation) = changes.nation {
        update = update.col_expr(Column::Nation, Expr::value(nation.as_str()));
    }
    if let Some(gss) = changes.gss_code {
        update = update.col_expr(Column::GssCode, Expr::value(gss));
    }
    if let Some(locales) = changes.locales {
        update = update.col_expr(Column::Locales, Expr::value(locales));
    }
    if let Some(url) = changes.website_url {
        update = update.col_expr(Column::WebsiteUrl, Expr::value(url));
    }
    if let Some(origins) = changes.allowed_origins {
        update = update.col_expr(Column::AllowedOrigins, Expr::value(origins));
    }
    if let Some(url) = changes.media_base_url {
        update = update.col_expr(Column::MediaBaseUrl, Expr::value(url));
    }
    if let Some(minutes) = changes.meeting_minutes {
        update = update.col_expr(Column::MeetingMinutes, Expr::value(minutes));
    }
    versioned_update(
        tenant,
        db,
        tenant.id(),
        expected_version,
        update,
        get(tenant, db),
    )
    .await
}

/// Every council, for platform administrators.
pub async fn list_all(
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<model::Model>, TenancyError> {
    let mut query = Entity::find()
        .order_by_asc(Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// The councils among `ids` (a user's memberships), paginated.
pub async fn list_by_ids(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    page: PageRequest,
) -> Result<Vec<model::Model>, TenancyError> {
    let mut query = Entity::find()
        .filter(Column::Id.is_in(ids))
        .order_by_asc(Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// Councils by slug for the public API, ordered by name; there are a few hundred UK councils, capped at 1,000.
pub async fn list_public(db: &impl ConnectionTrait) -> Result<Vec<model::Model>, TenancyError> {
    Ok(Entity::find()
        .order_by_asc(Column::Name)
        .limit(1000)
        .all(db)
        .await?)
}

/// One council by slug for the public API.
pub async fn find_public(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<model::Model>, TenancyError> {
    Ok(Entity::find().filter(Column::Slug.eq(slug)).one(db).await?)
}

/// The scope of a council known by id, for background work that was queued under that council.
pub async fn resolve_id(
    db: &impl ConnectionTrait,
    clock: &Clock,
    id: uuid::Uuid,
) -> Result<Tenant, TenancyError> {
    let model = Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(TenancyError::NotFound)?;
    Ok(Tenant::from_model(&model, clock))
}

/// Every council with its scope, for public reads that span councils.
pub async fn public_tenants(
    db: &impl ConnectionTrait,
    clock: &Clock,
) -> Result<Vec<(model::Model, Tenant)>, TenancyError> {
    Ok(list_public(db)
        .await?
        .into_iter()
        .map(|m| {
            let tenant = Tenant::from_model(&m, clock);
            (m, tenant)
        })
        .collect())
}

/// Whether `origin` is among the allowed origins of the council `slug`.
pub async fn council_allows_origin(
    db: &impl ConnectionTrait,
    slug: &str,
    origin: &str,
) -> Result<bool, TenancyError> {
    let listed: Option<String> = Entity::find()
        .select_only()
        .column(Column::AllowedOrigins)
        .filter(Column::Slug.eq(slug))
        .into_tuple()
        .one(db)
        .await?;
    Ok(listed.is_some_and(|list| lists(&list, origin)))
}

/// Whether any of the councils `ids` (every council when `ids` is `None`) lists `origin`.
pub async fn any_council_allows_origin(
    db: &impl ConnectionTrait,
    ids: Option<&[Uuid]>,
    origin: &str,
) -> Result<bool, TenancyError> {
    let mut query = Entity::find()
        .select_only()
        .column(Column::AllowedOrigins)
        .filter(Column::AllowedOrigins.contains(origin));
    if let Some(ids) = ids {
        query = query.filter(Column::Id.is_in(ids.iter().copied()));
    }
    let rows: Vec<String> = query.into_tuple().all(db).await?;
    Ok(rows.iter().any(|list| lists(list, origin)))
}

fn lists(list: &str, origin: &str) -> bool {
    list.split(',').any(|listed| listed == origin)
}
