//! The `decisions` and `forward_plan_entries` tables and their statuses.

/// A decision made by a committee, a councillor or an officer.
pub mod decision {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "decisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub title: String,
        /// Who made it, as published (e.g. "Cabinet", "Cllr Jane Smith, Cabinet Member for Housing").
        pub decision_maker: String,
        pub committee_id: Option<Uuid>,
        pub date_made: Date,
        pub key_decision: bool,
        pub decision_text: String,
        pub reasons: Option<String>,
        pub alternatives: Option<String>,
        pub interests_declared: Option<String>,
        pub agenda_item_id: Option<Uuid>,
        pub forward_plan_entry_id: Option<Uuid>,
        pub call_in_status: String,
        pub call_in_deadline: Option<Date>,
        pub published_at: Option<DateTimeUtc>,
        pub published_by: Option<Uuid>,
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

/// A key decision announced in the forward plan.
pub mod forward_plan_entry {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "forward_plan_entries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub title: String,
        pub decision_maker: String,
        pub expected_date: Date,
        pub ward_ids: String,
        /// Media library ids of the entry's documents, comma-separated.
        pub document_ids: String,
        /// To be taken in private (the notice says so, and why, 28 clear days ahead).
        pub private: bool,
        pub exception: String,
        pub exception_note: Option<String>,
        pub notice_published_at: Option<DateTimeUtc>,
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

string_enum!(
    /// Where a decision stands in its call-in period.
    CallInStatus {
        Open => "open",
        CalledIn => "called_in",
        Confirmed => "confirmed",
        Implemented => "implemented",
        ExemptUrgent => "exempt_urgent",
    }
);

string_enum!(
    /// How a key decision got its notice: the full 28 clear days, or one of the recorded exceptions.
    NoticeException {
        None => "none",
        GeneralException => "general_exception",
        SpecialUrgency => "special_urgency",
    }
);
