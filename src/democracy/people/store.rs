//! Queries on wards, parties, councillors and seats; every function takes the council's `Tenant`.
use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::model::{councillor, party, seat, ward};
use crate::{
    democracy::DemocracyError,
    pagination::PageRequest,
    tenancy::{Tenant, scoped},
};

pub async fn list_wards(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<ward::Model>, DemocracyError> {
    let mut query = scoped::<ward::Entity>(tenant)
        .filter(ward::Column::DeletedAt.is_null())
        .order_by_asc(ward::Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(ward::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

pub async fn list_parties(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> Result<Vec<party::Model>, DemocracyError> {
    let mut query = scoped::<party::Entity>(tenant)
        .filter(party::Column::DeletedAt.is_null())
        .order_by_asc(party::Column::Id)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        query = query.filter(party::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// Filters for the councillor list: those currently holding a seat in a ward and/or for a party.
#[derive(Debug, Default, Clone, Copy)]
pub struct CouncillorFilter {
    pub ward: Option<Uuid>,
    pub party: Option<Uuid>,
}

fn current_seat() -> Condition {
    Condition::any()
        .add(seat::Column::EndDate.is_null())
        .add(seat::Column::EndDate.gte(Utc::now().date_naive()))
}

pub async fn list_councillors(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    filter: CouncillorFilter,
    page: PageRequest,
) -> Result<Vec<councillor::Model>, DemocracyError> {
    let mut query = scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::DeletedAt.is_null())
        .order_by_asc(councillor::Column::Id)
        .limit(page.limit + 1);
    if filter.ward.is_some() || filter.party.is_some() {
        let mut seats = scoped::<seat::Entity>(tenant).filter(current_seat());
        if let Some(ward) = filter.ward {
            seats = seats.filter(seat::Column::WardId.eq(ward));
        }
        if let Some(party) = filter.party {
            seats = seats.filter(seat::Column::PartyId.eq(party));
        }
        let ids: Vec<Uuid> = seats
            .all(db)
            .await?
            .into_iter()
            .map(|s| s.councillor_id)
            .collect();
        query = query.filter(councillor::Column::Id.is_in(ids));
    }
    if let Some(after) = page.after {
        query = query.filter(councillor::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

pub async fn get_councillor(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<councillor::Model, DemocracyError> {
    scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::Id.eq(id))
        .filter(councillor::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Councillor"))
}

/// A seat with its ward and party, for display.
#[derive(Debug, Clone)]
pub struct SeatView {
    pub seat: seat::Model,
    pub ward: ward::Model,
    pub party: Option<party::Model>,
}

/// The seats of several councillors with their wards and parties, in three queries whatever the number.
pub async fn seats_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    councillor_ids: &[Uuid],
) -> Result<Vec<SeatView>, DemocracyError> {
    if councillor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let seats = scoped::<seat::Entity>(tenant)
        .filter(seat::Column::CouncillorId.is_in(councillor_ids.to_vec()))
        .order_by_asc(seat::Column::StartDate)
        .all(db)
        .await?;
    let ward_ids: Vec<Uuid> = seats.iter().map(|s| s.ward_id).collect();
    let party_ids: Vec<Uuid> = seats.iter().filter_map(|s| s.party_id).collect();
    let wards = scoped::<ward::Entity>(tenant)
        .filter(ward::Column::Id.is_in(ward_ids))
        .all(db)
        .await?;
    let parties = if party_ids.is_empty() {
        Vec::new()
    } else {
        scoped::<party::Entity>(tenant)
            .filter(party::Column::Id.is_in(party_ids))
            .all(db)
            .await?
    };
    Ok(seats
        .into_iter()
        .filter_map(|seat| {
            let ward = wards.iter().find(|w| w.id == seat.ward_id)?.clone();
            let party = seat
                .party_id
                .and_then(|p| parties.iter().find(|x| x.id == p).cloned());
            Some(SeatView { seat, ward, party })
        })
        .collect())
}

pub async fn get_ward(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<ward::Model, DemocracyError> {
    scoped::<ward::Entity>(tenant)
        .filter(ward::Column::Id.eq(id))
        .filter(ward::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Ward"))
}

/// Checks that every id is a live ward of this council.
pub async fn check_wards(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), DemocracyError> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = scoped::<ward::Entity>(tenant)
        .filter(ward::Column::Id.is_in(ids.to_vec()))
        .filter(ward::Column::DeletedAt.is_null())
        .count(db)
        .await?;
    if found != ids.len() as u64 {
        return Err(DemocracyError::Validation {
            field: "ward_ids",
            message: "every ward must be one of this council's wards".into(),
        });
    }
    Ok(())
}

/// Checks that every id is a live councillor of this council.
pub async fn check_councillors(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), DemocracyError> {
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    if unique.is_empty() {
        return Ok(());
    }
    let found = scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::Id.is_in(unique.clone()))
        .filter(councillor::Column::DeletedAt.is_null())
        .count(db)
        .await?;
    if found != unique.len() as u64 {
        return Err(DemocracyError::Validation {
            field: "councillor_id",
            message: "every councillor must be one of this council's councillors".into(),
        });
    }
    Ok(())
}

/// Display names of councillors by id, in one query.
pub async fn names(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String)>, DemocracyError> {
    Ok(scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.display_name))
        .collect())
}
