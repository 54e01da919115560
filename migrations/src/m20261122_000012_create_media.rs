use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

/// The media library: uploaded documents and images with their metadata, and each council's upload limit.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CouncilsMedia::Councils)
                    .add_column(big_integer_null(CouncilsMedia::MediaMaxBytes))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(pk_uuid(Media::Id))
                    .col(uuid(Media::CouncilId))
                    .col(string_len(Media::Title, 500))
                    .col(string_len(Media::FileName, 200))
                    .col(string_len(Media::MimeType, 100))
                    .col(big_integer(Media::Size))
                    .col(string_len(Media::Sha256, 64))
                    .col(string_len(Media::StorageKey, 200))
                    .col(string_len_null(Media::Alt, 1000))
                    .col(boolean(Media::Decorative).default(false))
                    .col(string_len_null(Media::Language, 8))
                    .col(integer_null(Media::PageCount))
                    .col(string_len_null(Media::DocumentTitle, 500))
                    .col(boolean_null(Media::TextExtracted))
                    .col(text_null(Media::TextContent))
                    .col(boolean(Media::Restricted).default(false))
                    .col(date_null(Media::RetentionDate))
                    .col(uuid_null(Media::UploadedBy))
                    .col(timestamp_with_time_zone(Media::UploadedAt))
                    .col(integer(Media::Version))
                    .col(timestamp_with_time_zone_null(Media::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Media::Table, Media::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_media_council")
                    .table(Media::Table)
                    .col(Media::CouncilId)
                    .col(Media::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Media::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CouncilsMedia::Councils)
                    .drop_column(CouncilsMedia::MediaMaxBytes)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum CouncilsMedia {
    Councils,
    MediaMaxBytes,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    CouncilId,
    Title,
    FileName,
    MimeType,
    Size,
    Sha256,
    StorageKey,
    Alt,
    Decorative,
    Language,
    PageCount,
    DocumentTitle,
    TextExtracted,
    TextContent,
    Restricted,
    RetentionDate,
    UploadedBy,
    UploadedAt,
    Version,
    DeletedAt,
}
