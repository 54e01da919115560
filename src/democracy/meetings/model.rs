//! The `meetings` table and meeting statuses.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub council_id: Uuid,
    pub committee_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    pub venue: Option<String>,
    pub status: String,
    pub webcast_url: Option<String>,
    pub agenda_published_at: Option<DateTimeUtc>,
    pub agenda_published_by: Option<Uuid>,
    pub agenda_late_reason: Option<String>,
    pub minutes_published_at: Option<DateTimeUtc>,
    pub minutes_published_by: Option<Uuid>,
    pub moderngov_id: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl crate::tenancy::CouncilOwned for Entity {
    fn council_column() -> Column {
        Column::CouncilId
    }
}

crate::tenancy::versioned!(self);

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    Confirmed,
    Rescheduled,
    Cancelled,
    Held,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Confirmed => "confirmed",
            Self::Rescheduled => "rescheduled",
            Self::Cancelled => "cancelled",
            Self::Held => "held",
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "confirmed" => Self::Confirmed,
            "rescheduled" => Self::Rescheduled,
            "cancelled" => Self::Cancelled,
            "held" => Self::Held,
            _ => Self::Scheduled,
        }
    }
}
