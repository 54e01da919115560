//! A councillor's roles (leader, cabinet portfolio holder, mayor, ...) and register of interests:
//! `GET`/`PUT /api/v1/councils/{council}/councillors/{id}/roles` and `/interests` (the whole list at once).
//! Sensitive interests (withheld under the Localism Act 2011 s32) are never shown publicly.
use actix_web::{get, put, web};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::store;
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::DemocracyError,
    democracy::revisions::{RecordKind, RevisionAction, Write},
    error::{ApiError, ErrorBody},
    state::AppState,
    tenancy::{Tenant, replace_list, scoped},
};

/// The `councillor_roles` table.
pub mod role {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "councillor_roles")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub councillor_id: Uuid,
        pub kind: String,
        pub title: String,
        pub portfolio: Option<String>,
        pub start_date: Option<Date>,
        pub end_date: Option<Date>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

/// The `interests` table (register of interests).
pub mod interest {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "interests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub councillor_id: Uuid,
        pub category: String,
        pub description: String,
        pub date_notified: Option<Date>,
        pub sensitive: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

string_enum!(
    /// What kind of office a role is.
    RoleKind {
        Leader => "leader",
        DeputyLeader => "deputy_leader",
        CabinetMember => "cabinet_member",
        Mayor => "mayor",
        DeputyMayor => "deputy_mayor",
        ChairOfCouncil => "chair_of_council",
        OppositionLeader => "opposition_leader",
        Other => "other",
    }
);

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct RoleEntry {
    pub kind: RoleKind,
    /// As published, e.g. "Cabinet Member for Housing".
    pub title: String,
    pub portfolio: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct InterestEntry {
    /// e.g. "Employment", "Land", "Securities", "Sponsorship".
    pub category: String,
    pub description: String,
    pub date_notified: Option<NaiveDate>,
    /// Withheld from the public register (disclosure could lead to violence or intimidation).
    #[serde(default)]
    pub sensitive: bool,
}

/// Roles of some councillors.
pub async fn roles_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<role::Model>, DemocracyError> {
    Ok(scoped::<role::Entity>(tenant)
        .filter(role::Column::CouncillorId.is_in(ids))
        .all(db)
        .await?)
}

/// Interests of some councillors; `public` leaves the sensitive ones out.
pub async fn interests_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    public: bool,
) -> Result<Vec<interest::Model>, DemocracyError> {
    let mut query =
        scoped::<interest::Entity>(tenant).filter(interest::Column::CouncillorId.is_in(ids));
    if public {
        query = query.filter(interest::Column::Sensitive.eq(false));
    }
    Ok(query.all(db).await?)
}

/// The sensitive interests of some councillors as the public register may show them: whose, and when notified;
/// never their category or description (they are not even read).
pub async fn withheld_interests_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, Option<chrono::NaiveDate>)>, DemocracyError> {
    Ok(scoped::<interest::Entity>(tenant)
        .select_only()
        .column(interest::Column::CouncillorId)
        .column(interest::Column::DateNotified)
        .filter(interest::Column::CouncillorId.is_in(ids))
        .filter(interest::Column::Sensitive.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

fn role_entries(rows: Vec<role::Model>) -> Vec<RoleEntry> {
    rows.into_iter()
        .map(|r| RoleEntry {
            kind: RoleKind::parse(&r.kind).unwrap_or(RoleKind::Other),
            title: r.title,
            portfolio: r.portfolio,
            start_date: r.start_date,
            end_date: r.end_date,
        })
        .collect()
}

fn interest_entries(rows: Vec<interest::Model>) -> Vec<InterestEntry> {
    rows.into_iter()
        .map(|i| InterestEntry {
            category: i.category,
            description: i.description,
            date_notified: i.date_notified,
            sensitive: i.sensitive,
        })
        .collect()
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<(), DemocracyError> {
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(DemocracyError::Validation {
            field,
            message: format!("give 1 to {max} characters"),
        });
    }
    Ok(())
}

/// A councillor's roles.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RoleEntry>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/councillors/{id}/roles")]
pub async fn get_roles(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<RoleEntry>>, ApiError> {
    store::get_councillor(&access.tenant, &state.db, path.1).await?;
    Ok(web::Json(role_entries(
        roles_of(&access.tenant, &state.db, vec![path.1]).await?,
    )))
}

/// Replace a councillor's roles.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    request_body = Vec<RoleEntry>,
    responses((status = 200, body = Vec<RoleEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[put("/councils/{council}/councillors/{id}/roles")]
pub async fn put_roles(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<Vec<RoleEntry>>,
) -> Result<web::Json<Vec<RoleEntry>>, ApiError> {
    let (tenant, id, roles) = (&access.tenant, path.1, body.into_inner());
    store::get_councillor(tenant, &state.db, id).await?;
    for r in &roles {
        check_text("title", &r.title, 300)?;
        if r.portfolio
            .as_ref()
            .is_some_and(|p| p.chars().count() > 300)
        {
            return Err(ApiError::validation(
                "portfolio",
                "use at most 300 characters",
            ));
        }
    }
    let write = Write::begin(&state, &access).await?;
    let txn = write.db();
    let rows = roles
        .iter()
        .map(|r| role::ActiveModel {
            id: Set(Uuid::now_v7()),
            kind: Set(r.kind.as_str().to_owned()),
            title: Set(r.title.trim().to_owned()),
            portfolio: Set(r.portfolio.clone()),
            start_date: Set(r.start_date),
            end_date: Set(r.end_date),
            ..Default::default()
        })
        .collect();
    replace_list::<role::Entity>(tenant, txn, role::Column::CouncillorId, id, rows)
        .await
        .map_err(DemocracyError::from)?;
    let response = role_entries(roles_of(tenant, txn, vec![id]).await?);
    let version = write.next_version(RecordKind::CouncillorRoles, id).await?;
    write
        .commit(
            RecordKind::CouncillorRoles,
            id,
            version,
            RevisionAction::Updated,
            &response,
        )
        .await?;
    Ok(web::Json(response))
}

/// A councillor's register of interests, sensitive entries included (members only).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<InterestEntry>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/councillors/{id}/interests")]
pub async fn get_interests(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<InterestEntry>>, ApiError> {
    store::get_councillor(&access.tenant, &state.db, path.1).await?;
    Ok(web::Json(interest_entries(
        interests_of(&access.tenant, &state.db, vec![path.1], false).await?,
    )))
}

/// Replace a councillor's register of interests.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    request_body = Vec<InterestEntry>,
    responses((status = 200, body = Vec<InterestEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[put("/councils/{council}/councillors/{id}/interests")]
pub async fn put_interests(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<Vec<InterestEntry>>,
) -> Result<web::Json<Vec<InterestEntry>>, ApiError> {
    let (tenant, id, entries) = (&access.tenant, path.1, body.into_inner());
    store::get_councillor(tenant, &state.db, id).await?;
    for e in &entries {
        check_text("category", &e.category, 100)?;
        check_text("description", &e.description, 10_000)?;
    }
    let write = Write::begin(&state, &access).await?;
    let txn = write.db();
    let rows = entries
        .iter()
        .map(|e| interest::ActiveModel {
            id: Set(Uuid::now_v7()),
            category: Set(e.category.trim().to_owned()),
            description: Set(e.description.trim().to_owned()),
            date_notified: Set(e.date_notified),
            sensitive: Set(e.sensitive),
            ..Default::default()
        })
        .collect();
    replace_list::<interest::Entity>(tenant, txn, interest::Column::CouncillorId, id, rows)
        .await
        .map_err(DemocracyError::from)?;
    let response = interest_entries(interests_of(tenant, txn, vec![id], false).await?);
    let version = write
        .next_version(RecordKind::CouncillorInterests, id)
        .await?;
    write
        .commit(
            RecordKind::CouncillorInterests,
            id,
            version,
            RevisionAction::Updated,
            &response,
        )
        .await?;
    Ok(web::Json(response))
}
