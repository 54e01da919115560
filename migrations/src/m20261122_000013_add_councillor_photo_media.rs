use sea_orm_migration::{prelude::*, schema::*};

/// A councillor's photo from the media library (an image file of the council), beside the external URL that
/// imports bring; and the documents of a forward plan entry, from the same library.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Councillors::Table)
                    .add_column(uuid_null(Councillors::PhotoMediaId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ForwardPlanEntries::Table)
                    .add_column(text(ForwardPlanEntries::DocumentIds).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ForwardPlanEntries::Table)
                    .drop_column(ForwardPlanEntries::DocumentIds)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Councillors::Table)
                    .drop_column(Councillors::PhotoMediaId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ForwardPlanEntries {
    Table,
    DocumentIds,
}

#[derive(DeriveIden)]
enum Councillors {
    Table,
    PhotoMediaId,
}
