use sea_orm_migration::{prelude::*, schema::*};

/// The web origins (`https://www.example.gov.uk`) from which a council's front-ends and tools may call Townhall
/// with a token, comma-separated; empty for none.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .add_column(text(Councils::AllowedOrigins).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .drop_column(Councils::AllowedOrigins)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Councils {
    Table,
    AllowedOrigins,
}
