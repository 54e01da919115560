use sea_orm_migration::{prelude::*, schema::*};

/// An image's width and height in pixels, read at upload, so that front-ends can reserve its space (`width`
/// and `height` on `<img>`) and choose renditions; null for other files and for images uploaded before.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .add_column(integer_null(Media::Width))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .add_column(integer_null(Media::Height))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .drop_column(Media::Height)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Media::Table)
                    .drop_column(Media::Width)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Width,
    Height,
}
