//! The `committees` table and the kinds of committee.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "committees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub council_id: Uuid,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub purpose: Option<String>,
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

/// What sort of body a committee is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeKind {
    FullCouncil,
    Executive,
    Committee,
    SubCommittee,
    Scrutiny,
    Other,
}

impl CommitteeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FullCouncil => "full_council",
            Self::Executive => "executive",
            Self::Committee => "committee",
            Self::SubCommittee => "sub_committee",
            Self::Scrutiny => "scrutiny",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "full_council" => Self::FullCouncil,
            "executive" => Self::Executive,
            "committee" => Self::Committee,
            "sub_committee" => Self::SubCommittee,
            "scrutiny" => Self::Scrutiny,
            _ => Self::Other,
        }
    }
}
