//! The `agenda_items` and `documents` tables.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An item on a meeting's agenda.
pub mod agenda_item {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "agenda_items")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub meeting_id: Uuid,
        pub parent_id: Option<Uuid>,
        pub position: i32,
        pub order_label: String,
        pub title: String,
        pub description: Option<String>,
        /// Schedule 12A paragraph (1-7) when the item is exempt from publication.
        pub exempt_paragraph: Option<i16>,
        pub key_decision: bool,
        /// Comma-separated ward ids; empty means all wards.
        pub ward_ids: String,
        pub minutes: Option<String>,
        pub resolution: Option<String>,
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
}

/// A paper attached to a meeting or an agenda item.
pub mod document {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub meeting_id: Uuid,
        pub agenda_item_id: Option<Uuid>,
        pub kind: String,
        pub title: String,
        pub file_name: String,
        pub content_type: String,
        pub size_bytes: i64,
        pub sha256: String,
        pub storage_key: String,
        /// Exempt papers: only signed-in users of the council may see them.
        pub restricted: bool,
        pub uploaded_by: Option<Uuid>,
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
}

/// The text of a paper (for search), kept in the `documents` table but read only when indexing, so that lists
/// of papers never load it.
pub mod document_text {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub text_content: Option<String>,
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

/// What a meeting document is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    AgendaPack,
    Report,
    Appendix,
    Supplement,
    Minutes,
    DecisionNotice,
    BackgroundPaper,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AgendaPack => "agenda_pack",
            Self::Report => "report",
            Self::Appendix => "appendix",
            Self::Supplement => "supplement",
            Self::Minutes => "minutes",
            Self::DecisionNotice => "decision_notice",
            Self::BackgroundPaper => "background_paper",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "agenda_pack" => Self::AgendaPack,
            "report" => Self::Report,
            "appendix" => Self::Appendix,
            "supplement" => Self::Supplement,
            "minutes" => Self::Minutes,
            "decision_notice" => Self::DecisionNotice,
            "background_paper" => Self::BackgroundPaper,
            _ => return None,
        })
    }
}
