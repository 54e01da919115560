//! Queries on attendance, motions and votes; every function takes the council's `Tenant`.
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};
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
