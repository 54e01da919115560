use sea_orm_migration::{prelude::*, schema::*};

/// Redirects editors manage by hand (and import from a CSV when a council moves its site to Townhall): an old path
/// of the council's site and where it goes now. One live redirect per old path; deleting is soft.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContentRedirects::Table)
                    .col(pk_uuid(ContentRedirects::Id))
                    .col(uuid(ContentRedirects::CouncilId))
                    .col(string_len(ContentRedirects::FromPath, 1000))
                    .col(string_len(ContentRedirects::ToPath, 2000))
                    .col(uuid_null(ContentRedirects::CreatedBy))
                    .col(timestamp_with_time_zone(ContentRedirects::CreatedAt))
                    .col(timestamp_with_time_zone_null(ContentRedirects::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentRedirects::Table, ContentRedirects::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_redirects_from")
                    .table(ContentRedirects::Table)
                    .col(ContentRedirects::CouncilId)
                    .col(ContentRedirects::FromPath)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContentRedirects::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContentRedirects {
    Table,
    Id,
    CouncilId,
    FromPath,
    ToPath,
    CreatedBy,
    CreatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Councils {
    Table,
    Id,
}
