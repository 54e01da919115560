use sea_orm_migration::{prelude::*, schema::*};

/// Where a published item is on the map (a directory entry's venue), in WGS 84 degrees: indexed, so that "near a
/// point" reads only the items inside a bounding box (on both databases, with no spatial extension), and the exact
/// distance is then worked out in the application.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ContentLive::Table)
                    .add_column(double_null(ContentLive::Latitude))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ContentLive::Table)
                    .add_column(double_null(ContentLive::Longitude))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_live_location")
                    .table(ContentLive::Table)
                    .col(ContentLive::CouncilId)
                    .col(ContentLive::Kind)
                    .col(ContentLive::Latitude)
                    .col(ContentLive::Longitude)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_content_live_location")
                    .table(ContentLive::Table)
                    .to_owned(),
            )
            .await?;
        for column in [ContentLive::Longitude, ContentLive::Latitude] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContentLive::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ContentLive {
    Table,
    CouncilId,
    Kind,
    Latitude,
    Longitude,
}
