//! The `attendance`, `motions` and `votes` tables.

/// A councillor's attendance at a meeting.
pub mod attendance {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "attendance")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub meeting_id: Uuid,
        pub councillor_id: Uuid,
        pub status: String,
        pub substitute_for: Option<Uuid>,
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

/// A motion put to a meeting, with its result and counts.
pub mod motion {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "motions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub meeting_id: Uuid,
        pub agenda_item_id: Option<Uuid>,
        pub motion_text: String,
        pub proposer_id: Option<Uuid>,
        pub seconder_id: Option<Uuid>,
        pub result: String,
        pub for_count: i32,
        pub against_count: i32,
        pub abstain_count: i32,
        pub absent_count: i32,
        pub created_at: DateTimeUtc,
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

/// One councillor's recorded vote on a motion.
pub mod vote {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "votes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub motion_id: Uuid,
        pub councillor_id: Uuid,
        pub option: String,
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
    /// How a councillor attended.
    AttendanceStatus { Present => "present", Apologies => "apologies", Absent => "absent", Remote => "remote" }
);

string_enum!(
    /// The outcome of a motion.
    MotionResult { Carried => "carried", Lost => "lost", Withdrawn => "withdrawn" }
);

string_enum!(
    /// A councillor's vote.
    VoteOption { For => "for", Against => "against", Abstain => "abstain", Absent => "absent" }
);
