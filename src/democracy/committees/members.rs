//! Committee memberships: `GET`/`PUT /api/v1/councils/{council}/committees/{id}/members` (the whole list at once).
use actix_web::{get, put, web};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::store as committees;
use crate::{
    auth::{AnyRole, CouncilAccess, DemocraticServicesRole},
    democracy::revisions::{RecordKind, RevisionAction, Write},
    democracy::{DemocracyError, people::store as people},
    error::{ApiError, ErrorBody},
    state::AppState,
    tenancy::{replace_list, scoped},
};

/// The `committee_members` table.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "committee_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub committee_id: Uuid,
        pub councillor_id: Uuid,
        pub role: String,
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

/// A member's place on a committee.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeRole {
    Chair,
    ViceChair,
    Member,
    Substitute,
}

impl CommitteeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chair => "chair",
            Self::ViceChair => "vice_chair",
            Self::Member => "member",
            Self::Substitute => "substitute",
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "chair" => Self::Chair,
            "vice_chair" => Self::ViceChair,
            "substitute" => Self::Substitute,
            _ => Self::Member,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct CommitteeMember {
    pub councillor_id: Uuid,
    pub role: CommitteeRole,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct CommitteeMemberResponse {
    pub councillor_id: Uuid,
    pub display_name: String,
    pub role: CommitteeRole,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// A committee's members, every membership (ended ones too), unordered.
pub async fn list(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &crate::tenancy::Tenant,
    committee: Uuid,
) -> Result<Vec<CommitteeMemberResponse>, DemocracyError> {
    let rows = scoped::<entity::Entity>(tenant)
        .filter(entity::Column::CommitteeId.eq(committee))
        .all(db)
        .await?;
    let names = people::names(tenant, db, rows.iter().map(|r| r.councillor_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| CommitteeMemberResponse {
            display_name: names
                .iter()
                .find(|(id, _)| *id == r.councillor_id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            councillor_id: r.councillor_id,
            role: CommitteeRole::parse(&r.role),
            start_date: r.start_date,
            end_date: r.end_date,
        })
        .collect())
}

/// A committee's members, chair first.
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CommitteeMemberResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/committees/{id}/members")]
pub async fn get_members(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<CommitteeMemberResponse>>, ApiError> {
    committees::get(&access.tenant, &state.db, path.1, false).await?;
    let mut members = list(&state.db, &access.tenant, path.1).await?;
    members.sort_by_key(|m| (m.role as u8, m.display_name.clone()));
    Ok(web::Json(members))
}

/// Replace a committee's membership list (all or nothing).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    request_body = Vec<CommitteeMember>,
    responses(
        (status = 200, body = Vec<CommitteeMemberResponse>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/councils/{council}/committees/{id}/members")]
pub async fn put_members(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<Vec<CommitteeMember>>,
) -> Result<web::Json<Vec<CommitteeMemberResponse>>, ApiError> {
    let tenant = &access.tenant;
    let committee = path.1;
    let members = body.into_inner();
    if members.len() > 500 {
        return Err(ApiError::validation("members", "at most 500 members"));
    }
    if members
        .iter()
        .filter(|m| m.role == CommitteeRole::Chair && m.end_date.is_none())
        .count()
        > 1
    {
        return Err(ApiError::validation(
            "role",
            "a committee has one current chair",
        ));
    }
    committees::get(tenant, &state.db, committee, false).await?;
    let ids: Vec<Uuid> = members.iter().map(|m| m.councillor_id).collect();
    people::check_councillors(tenant, &state.db, &ids).await?;
    let write = Write::begin(&state, &access).await?;
    let txn = write.db();
    let rows = members
        .iter()
        .map(|m| entity::ActiveModel {
            id: Set(Uuid::now_v7()),
            councillor_id: Set(m.councillor_id),
            role: Set(m.role.as_str().to_owned()),
            start_date: Set(m.start_date),
            end_date: Set(m.end_date),
            ..Default::default()
        })
        .collect();
    replace_list::<entity::Entity>(tenant, txn, entity::Column::CommitteeId, committee, rows)
        .await
        .map_err(DemocracyError::from)?;
    let mut members = list(txn, tenant, committee).await?;
    members.sort_by_key(|m| (m.role as u8, m.display_name.clone()));
    let version = write
        .next_version(RecordKind::CommitteeMembers, committee)
        .await?;
    write
        .commit(
            RecordKind::CommitteeMembers,
            committee,
            version,
            RevisionAction::Updated,
            &members,
        )
        .await?;
    Ok(web::Json(members))
}
