//! The tables of web content's public side: the live projection the delivery API reads, its indexed tags, the
//! slugs the working copies hold, and the history of paths (for redirects and "gone").

/// Implements `CouncilOwned` for an entity module's `Entity`.
macro_rules! council_owned {
    () => {
        impl crate::tenancy::CouncilOwned for Entity {
            fn council_column() -> Column {
                Column::CouncilId
            }
        }
    };
}

/// The published content, one row per item and locale: the only rows the delivery API reads.
pub mod live {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
    #[sea_orm(table_name = "content_live")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub item_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub locale: String,
        pub council_id: Uuid,
        pub kind: String,
        pub title: String,
        pub slug: Option<String>,
        pub path: Option<String>,
        pub parent_id: Option<Uuid>,
        pub summary: Option<String>,
        /// The date lists sort by (a news article's date, otherwise the first publication).
        pub sort_at: DateTimeUtc,
        pub starts_at: Option<DateTimeUtc>,
        pub ends_at: Option<DateTimeUtc>,
        /// The translation and the item's shared fields, as JSON.
        pub data: String,
        pub revision: i32,
        pub published_at: DateTimeUtc,
        /// Where it is on the map (a directory entry's venue), WGS 84 degrees.
        #[serde(default)]
        pub latitude: Option<f64>,
        #[serde(default)]
        pub longitude: Option<f64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}

/// Indexed values of live items (`topic` ids, `lgsl` and `lgil` codes).
pub mod live_tag {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_live_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub item_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub scheme: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub value: String,
        pub council_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}

/// The slug (and path) each item's working copy holds per locale, unique within its scope.
pub mod slug {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_slugs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub item_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub locale: String,
        pub council_id: Uuid,
        pub scope: String,
        pub slug: String,
        pub path: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}

/// Paths an item was once live at: a redirect while it is live elsewhere, gone when it is not live.
pub mod path_history {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_path_history")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub locale: String,
        pub path: String,
        pub item_id: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}
