use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CouncillorRoles::Table)
                    .col(pk_uuid(CouncillorRoles::Id))
                    .col(uuid(CouncillorRoles::CouncilId))
                    .col(uuid(CouncillorRoles::CouncillorId))
                    .col(string_len(CouncillorRoles::Kind, 32))
                    .col(string_len(CouncillorRoles::Title, 300))
                    .col(string_len_null(CouncillorRoles::Portfolio, 300))
                    .col(date_null(CouncillorRoles::StartDate))
                    .col(date_null(CouncillorRoles::EndDate))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CouncillorRoles::Table, CouncillorRoles::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_councillor_roles_councillor")
                    .table(CouncillorRoles::Table)
                    .col(CouncillorRoles::CouncilId)
                    .col(CouncillorRoles::CouncillorId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Interests::Table)
                    .col(pk_uuid(Interests::Id))
                    .col(uuid(Interests::CouncilId))
                    .col(uuid(Interests::CouncillorId))
                    .col(string_len(Interests::Category, 100))
                    .col(text(Interests::Description))
                    .col(date_null(Interests::DateNotified))
                    .col(boolean(Interests::Sensitive).default(false))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Interests::Table, Interests::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_interests_councillor")
                    .table(Interests::Table)
                    .col(Interests::CouncilId)
                    .col(Interests::CouncillorId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Interests::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CouncillorRoles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CouncillorRoles {
    Table,
    Id,
    CouncilId,
    CouncillorId,
    Kind,
    Title,
    Portfolio,
    StartDate,
    EndDate,
}

#[derive(DeriveIden)]
enum Interests {
    Table,
    Id,
    CouncilId,
    CouncillorId,
    Category,
    Description,
    DateNotified,
    Sensitive,
}
