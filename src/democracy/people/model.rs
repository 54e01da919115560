//! Wards, parties, councillors and seats (terms of office), following Popolo where it fits:
//! a ward is an area, a party an organization, a councillor a person, a seat a membership of a ward for a party.

/// An electoral ward (Popolo area).
pub mod ward {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "wards")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub name: String,
        pub gss_code: Option<String>,
        pub valid_from: Option<Date>,
        pub valid_to: Option<Date>,
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

/// A political party or group.
pub mod party {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "parties")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub name: String,
        pub short_name: Option<String>,
        pub colour: Option<String>,
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

/// A councillor (Popolo person). Contact details are the public ones a council publishes; home addresses are
/// never stored.
pub mod councillor {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "councillors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub honorific_prefix: Option<String>,
        pub given_name: Option<String>,
        pub family_name: Option<String>,
        pub honorific_suffix: Option<String>,
        pub display_name: String,
        pub photo_url: Option<String>,
        pub photo_alt: Option<String>,
        /// A photo from the council's media library (preferred over `photo_url`).
        pub photo_media_id: Option<Uuid>,
        pub biography: Option<String>,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub mobile: Option<String>,
        pub work_address: Option<String>,
        pub surgery_details: Option<String>,
        pub key_posts: Option<String>,
        /// The `councillorid` in the council's ModernGov system (`moderngov:councillorid`).
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
}

/// A term of office: a councillor's seat in a ward, for a party, from a start date to an end date.
pub mod seat {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "seats")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub councillor_id: Uuid,
        pub ward_id: Uuid,
        pub party_id: Option<Uuid>,
        pub start_date: Option<Date>,
        pub end_date: Option<Date>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
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
