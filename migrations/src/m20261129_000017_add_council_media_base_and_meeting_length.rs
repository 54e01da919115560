use sea_orm_migration::{prelude::*, schema::*};

/// Two council settings for front-ends: the address its files are served from when a CDN stands in front of
/// Townhall (`media_base_url`, e.g. `https://cdn.example.gov.uk`; empty for Townhall's own address), and how long a
/// meeting lasts when its end is not recorded (`meeting_minutes`, for calendar feeds; empty to leave the end out).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .add_column(text_null(Councils::MediaBaseUrl))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .add_column(integer_null(Councils::MeetingMinutes))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .drop_column(Councils::MeetingMinutes)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Councils::Table)
                    .drop_column(Councils::MediaBaseUrl)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Councils {
    Table,
    MediaBaseUrl,
    MeetingMinutes,
}
