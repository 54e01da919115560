//! Queries on wards, parties, councillors and seats; every function takes the council's `Tenant`.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::model::{councillor, party, seat, ward};
use crate::{
    democracy::DemocracyError,
    pagination::PageRequest,
    tenancy::{Tenant, expect_version, replace_list, scoped, versioned_update},
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

/// Seats not ended before the council's today.
fn current_seat(tenant: &Tenant) -> Condition {
    Condition::any()
        .add(seat::Column::EndDate.is_null())
        .add(seat::Column::EndDate.gte(tenant.today()))
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
        let mut seats = scoped::<seat::Entity>(tenant).filter(current_seat(tenant));
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

/// The councillors among `ids` that are not deleted, in one query.
pub async fn councillors_by_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<councillor::Model>, DemocracyError> {
    Ok(scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::Id.is_in(ids))
        .filter(councillor::Column::DeletedAt.is_null())
        .all(db)
        .await?)
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

/// A councillor's editable fields.
#[derive(Debug, Clone, Default)]
pub struct CouncillorFields {
    pub honorific_prefix: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub honorific_suffix: Option<String>,
    pub display_name: String,
    pub photo_url: Option<String>,
    pub photo_alt: Option<String>,
    pub photo_media_id: Option<Uuid>,
    pub biography: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub work_address: Option<String>,
    pub surgery_details: Option<String>,
    pub key_posts: Option<String>,
}

/// A seat as written by an editor.
#[derive(Debug, Clone, Copy)]
pub struct SeatFields {
    pub ward_id: Uuid,
    pub party_id: Option<Uuid>,
    pub start_date: Option<chrono::NaiveDate>,
    pub end_date: Option<chrono::NaiveDate>,
}

async fn check_seats(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    seats: &[SeatFields],
) -> Result<(), DemocracyError> {
    let wards: Vec<Uuid> = seats.iter().map(|s| s.ward_id).collect();
    let mut unique = wards.clone();
    unique.sort();
    unique.dedup();
    check_wards(tenant, db, &unique).await?;
    let mut parties: Vec<Uuid> = seats.iter().filter_map(|s| s.party_id).collect();
    parties.sort();
    parties.dedup();
    if !parties.is_empty() {
        let found = scoped::<party::Entity>(tenant)
            .filter(party::Column::Id.is_in(parties.clone()))
            .filter(party::Column::DeletedAt.is_null())
            .count(db)
            .await?;
        if found != parties.len() as u64 {
            return Err(DemocracyError::Validation {
                field: "party_id",
                message: "every party must be one of this council's parties".into(),
            });
        }
    }
    if seats
        .iter()
        .any(|s| matches!((s.start_date, s.end_date), (Some(a), Some(b)) if b < a))
    {
        return Err(DemocracyError::Validation {
            field: "end_date",
            message: "a seat cannot end before it starts".into(),
        });
    }
    Ok(())
}

async fn replace_seats(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    councillor: Uuid,
    seats: &[SeatFields],
) -> Result<(), DemocracyError> {
    let now = tenant.now();
    let rows = seats
        .iter()
        .map(|s| seat::ActiveModel {
            id: Set(Uuid::now_v7()),
            ward_id: Set(s.ward_id),
            party_id: Set(s.party_id),
            start_date: Set(s.start_date),
            end_date: Set(s.end_date),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    Ok(
        replace_list::<seat::Entity>(tenant, db, seat::Column::CouncillorId, councillor, rows)
            .await?,
    )
}

fn fields_into(model: &mut councillor::Model, f: CouncillorFields) {
    model.honorific_prefix = f.honorific_prefix;
    model.given_name = f.given_name;
    model.family_name = f.family_name;
    model.honorific_suffix = f.honorific_suffix;
    model.display_name = f.display_name;
    model.photo_url = f.photo_url;
    model.photo_alt = f.photo_alt;
    model.photo_media_id = f.photo_media_id;
    model.biography = f.biography;
    model.email = f.email;
    model.phone = f.phone;
    model.mobile = f.mobile;
    model.work_address = f.work_address;
    model.surgery_details = f.surgery_details;
    model.key_posts = f.key_posts;
}

/// Creates a councillor with their seats, in one transaction.
pub async fn create_councillor(
    tenant: &Tenant,
    db: &impl sea_orm::TransactionTrait,
    fields: CouncillorFields,
    seats: &[SeatFields],
) -> Result<councillor::Model, DemocracyError> {
    let txn = crate::db::begin_write(db).await?;
    check_seats(tenant, &txn, seats).await?;
    let now = tenant.now();
    let mut model = councillor::Model {
        id: Uuid::now_v7(),
        council_id: tenant.id(),
        honorific_prefix: None,
        given_name: None,
        family_name: None,
        honorific_suffix: None,
        display_name: String::new(),
        photo_url: None,
        photo_alt: None,
        photo_media_id: None,
        biography: None,
        email: None,
        phone: None,
        mobile: None,
        work_address: None,
        surgery_details: None,
        key_posts: None,
        moderngov_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    fields_into(&mut model, fields);
    let id = model.id;
    let model_after = model.clone();
    councillor::Entity::insert(sea_orm::IntoActiveModel::into_active_model(model).reset_all())
        .exec(&txn)
        .await?;
    replace_seats(tenant, &txn, id, seats).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(model_after)
}

/// Replaces a councillor's fields (and seats, when given) if still at `expected_version`.
pub async fn update_councillor(
    tenant: &Tenant,
    db: &(impl sea_orm::TransactionTrait + ConnectionTrait),
    id: Uuid,
    expected_version: i32,
    fields: CouncillorFields,
    seats: Option<&[SeatFields]>,
) -> Result<councillor::Model, DemocracyError> {
    let txn = crate::db::begin_write(db).await?;
    let current = get_councillor(tenant, &txn, id).await?;
    expect_version(current.version, expected_version)?;
    if let Some(seats) = seats {
        check_seats(tenant, &txn, seats).await?;
    }
    let mut next = current;
    fields_into(&mut next, fields);
    let mut changes = sea_orm::IntoActiveModel::into_active_model(next).reset_all();
    changes.not_set(councillor::Column::Version);
    changes.not_set(councillor::Column::UpdatedAt);
    versioned_update(
        tenant,
        &txn,
        id,
        expected_version,
        councillor::Entity::update_many().set(changes),
        get_councillor(tenant, &txn, id),
    )
    .await?;
    if let Some(seats) = seats {
        replace_seats(tenant, &txn, id, seats).await?;
    }
    sea_orm::TransactionSession::commit(txn).await?;
    get_councillor(tenant, db, id).await
}

/// Soft-deletes or restores a councillor.
pub async fn set_councillor_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<councillor::Model, DemocracyError> {
    crate::democracy::soft_delete::set_deleted::<councillor::Entity>(tenant, db, id, deleted).await
}

/// A ward's editable fields.
#[derive(Debug, Clone)]
pub struct WardFields {
    pub name: String,
    pub gss_code: Option<String>,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_to: Option<chrono::NaiveDate>,
}

/// A party's editable fields.
#[derive(Debug, Clone)]
pub struct PartyFields {
    pub name: String,
    pub short_name: Option<String>,
    pub colour: Option<String>,
}

/// A write refused because another ward or party of the council has the name, answered as 409.
fn name_taken(e: DemocracyError, what: &str) -> DemocracyError {
    match e {
        DemocracyError::Db(e) => conflict(e, what),
        other => other,
    }
}

fn conflict(e: sea_orm::DbErr, what: &str) -> DemocracyError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            DemocracyError::Conflict(format!("A {what} with that name already exists."))
        }
        _ => DemocracyError::Db(e),
    }
}

pub async fn create_ward(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    f: WardFields,
) -> Result<ward::Model, DemocracyError> {
    let now = tenant.now();
    let row = ward::Model {
        id: Uuid::now_v7(),
        council_id: tenant.id(),
        name: f.name,
        gss_code: f.gss_code,
        valid_from: f.valid_from,
        valid_to: f.valid_to,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    ward::Entity::insert(sea_orm::IntoActiveModel::into_active_model(row).reset_all())
        .exec_with_returning(db)
        .await
        .map_err(|e| conflict(e, "ward"))
}

pub async fn update_ward(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    f: WardFields,
) -> Result<ward::Model, DemocracyError> {
    let update = ward::Entity::update_many()
        .col_expr(ward::Column::Name, Expr::value(f.name))
        .col_expr(ward::Column::GssCode, Expr::value(f.gss_code))
        .col_expr(ward::Column::ValidFrom, Expr::value(f.valid_from))
        .col_expr(ward::Column::ValidTo, Expr::value(f.valid_to))
        .filter(ward::Column::DeletedAt.is_null());
    versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get_ward(tenant, db, id),
    )
    .await
    .map_err(|e| name_taken(e, "ward"))
}

pub async fn get_party(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<party::Model, DemocracyError> {
    scoped::<party::Entity>(tenant)
        .filter(party::Column::Id.eq(id))
        .filter(party::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Party"))
}

pub async fn create_party(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    f: PartyFields,
) -> Result<party::Model, DemocracyError> {
    let now = tenant.now();
    let row = party::Model {
        id: Uuid::now_v7(),
        council_id: tenant.id(),
        name: f.name,
        short_name: f.short_name,
        colour: f.colour,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    party::Entity::insert(sea_orm::IntoActiveModel::into_active_model(row).reset_all())
        .exec_with_returning(db)
        .await
        .map_err(|e| conflict(e, "party"))
}

pub async fn update_party(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    f: PartyFields,
) -> Result<party::Model, DemocracyError> {
    let update = party::Entity::update_many()
        .col_expr(party::Column::Name, Expr::value(f.name))
        .col_expr(party::Column::ShortName, Expr::value(f.short_name))
        .col_expr(party::Column::Colour, Expr::value(f.colour))
        .filter(party::Column::DeletedAt.is_null());
    versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get_party(tenant, db, id),
    )
    .await
    .map_err(|e| name_taken(e, "party"))
}
