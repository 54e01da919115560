use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Councils::Table)
                    .col(pk_uuid(Councils::Id))
                    .col(string_len_uniq(Councils::Slug, 63))
                    .col(string_len(Councils::Name, 200))
                    .col(string_len(Councils::Nation, 32))
                    .col(string_len_null(Councils::GssCode, 9))
                    .col(string_len(Councils::Locales, 64))
                    .col(integer(Councils::Version).default(1))
                    .col(timestamp_with_time_zone(Councils::CreatedAt))
                    .col(timestamp_with_time_zone(Councils::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Councils::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Councils {
    Table,
    Id,
    Slug,
    Name,
    Nation,
    GssCode,
    Locales,
    Version,
    CreatedAt,
    UpdatedAt,
}
