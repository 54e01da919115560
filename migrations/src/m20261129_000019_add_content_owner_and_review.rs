use sea_orm_migration::{prelude::*, schema::*};

/// Who owns an item of web content (a member of its council) and when it is due for review: councils review
/// their service pages at least yearly. Indexed by review date for the dashboard's "due for review" list.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ContentItems::Table)
                    .add_column(uuid_null(ContentItems::OwnerId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ContentItems::Table)
                    .add_column(date_null(ContentItems::ReviewOn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_items_review")
                    .table(ContentItems::Table)
                    .col(ContentItems::CouncilId)
                    .col(ContentItems::ReviewOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_content_items_review")
                    .table(ContentItems::Table)
                    .to_owned(),
            )
            .await?;
        for column in [ContentItems::ReviewOn, ContentItems::OwnerId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContentItems::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ContentItems {
    Table,
    CouncilId,
    OwnerId,
    ReviewOn,
}
