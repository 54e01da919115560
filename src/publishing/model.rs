//! The tables of the publishing mechanism: items (identity and workflow state), revisions, the change log and
//! scheduled jobs.

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

/// One content item: its identity, kind and workflow state. Its content lives in its revisions.
pub mod item {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_items")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub kind: String,
        pub status: String,
        pub version: i32,
        /// The number of the newest revision: the working copy.
        pub latest_revision: i32,
        /// The number of the revision that is live, if any.
        pub live_revision: Option<i32>,
        /// The English title of the working copy, for editors' lists.
        pub title: String,
        /// `title` lowercased, for case-insensitive filtering the same way on every database.
        pub search_title: String,
        pub parent_id: Option<Uuid>,
        /// Topic ids of the working copy, comma-separated.
        pub topic_ids: String,
        pub publish_at: Option<DateTimeUtc>,
        pub unpublish_at: Option<DateTimeUtc>,
        pub first_published_at: Option<DateTimeUtc>,
        pub last_published_at: Option<DateTimeUtc>,
        pub deleted_at: Option<DateTimeUtc>,
        pub created_by: Option<Uuid>,
        pub updated_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// The member of the council who owns the item.
        pub owner_id: Option<Uuid>,
        /// When the item is due for review.
        pub review_on: Option<Date>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
    crate::tenancy::versioned!(self);
}

/// A full JSON snapshot of an item's content, made by every save.
pub mod revision {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_revisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub item_id: Uuid,
        pub number: i32,
        pub content: String,
        pub note: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();

    impl Model {
        /// The revision's content as JSON; a revision that cannot be read is an error, never empty content.
        pub fn content_json(
            &self,
        ) -> Result<serde_json::Value, crate::publishing::PublishingError> {
            serde_json::from_str(&self.content)
                .map_err(|e| crate::publishing::PublishingError::unreadable("revision", self.id, e))
        }
    }
}

/// What happened to an item, when and by whom: the audit trail and the source of the change feed.
pub mod event {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub item_id: Uuid,
        pub kind: String,
        pub action: String,
        pub revision: Option<i32>,
        pub actor: Option<Uuid>,
        pub note: Option<String>,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}

/// Scheduled work (publish or unpublish at a time), claimed once by whichever server gets it first.
pub mod job {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub kind: String,
        pub item_id: Uuid,
        /// The revision to publish (the one current when the publication was scheduled).
        pub revision: Option<i32>,
        pub run_at: DateTimeUtc,
        pub done_at: Option<DateTimeUtc>,
        pub cancelled_at: Option<DateTimeUtc>,
        pub attempts: i32,
        pub last_error: Option<String>,
        pub done_by: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    council_owned!();
}
