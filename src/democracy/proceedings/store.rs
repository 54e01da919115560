//! Queries on attendance, motions and votes; every function takes the council's `Tenant`.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::model::{attendance, motion, vote};
use crate::{
    democracy::DemocracyError,
    tenancy::{Tenant, scoped},
};

/// The attendance of some meetings.
pub async fn attendance_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meetings: Vec<Uuid>,
) -> Result<Vec<attendance::Model>, DemocracyError> {
    Ok(scoped::<attendance::Entity>(tenant)
        .filter(attendance::Column::MeetingId.is_in(meetings))
        .all(db)
        .await?)
}

/// The motions of some meetings and their named votes.
pub async fn motions_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meetings: Vec<Uuid>,
) -> Result<(Vec<motion::Model>, Vec<vote::Model>), DemocracyError> {
    let motions = scoped::<motion::Entity>(tenant)
        .filter(motion::Column::MeetingId.is_in(meetings))
        .order_by_asc(motion::Column::Id)
        .all(db)
        .await?;
    let votes = scoped::<vote::Entity>(tenant)
        .filter(vote::Column::MotionId.is_in(motions.iter().map(|m| m.id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok((motions, votes))
}

/// Records a motion of the council's meeting with its named votes (councillor, option), in the caller's transaction.
pub async fn insert_motion(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mut row: motion::ActiveModel,
    named_votes: &[(Uuid, &str)],
) -> Result<motion::Model, DemocracyError> {
    row.council_id = Set(tenant.id());
    let saved = motion::Entity::insert(row).exec_with_returning(db).await?;
    for (councillor, option) in named_votes {
        vote::Entity::insert(vote::ActiveModel {
            id: Set(Uuid::now_v7()),
            council_id: Set(tenant.id()),
            motion_id: Set(saved.id),
            councillor_id: Set(*councillor),
            option: Set((*option).to_owned()),
        })
        .exec(db)
        .await?;
    }
    Ok(saved)
}
