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
                    .table(AgendaItems::Table)
                    .col(pk_uuid(AgendaItems::Id))
                    .col(uuid(AgendaItems::CouncilId))
                    .col(uuid(AgendaItems::MeetingId))
                    .col(uuid_null(AgendaItems::ParentId))
                    .col(integer(AgendaItems::Position).default(0))
                    .col(string_len(AgendaItems::OrderLabel, 20))
                    .col(string_len(AgendaItems::Title, 500))
                    .col(text_null(AgendaItems::Description))
                    .col(small_integer_null(AgendaItems::ExemptParagraph))
                    .col(boolean(AgendaItems::KeyDecision).default(false))
                    .col(text(AgendaItems::WardIds).default(""))
                    .col(text_null(AgendaItems::Minutes))
                    .col(text_null(AgendaItems::Resolution))
                    .col(integer(AgendaItems::Version).default(1))
                    .col(timestamp_with_time_zone(AgendaItems::CreatedAt))
                    .col(timestamp_with_time_zone(AgendaItems::UpdatedAt))
                    .col(timestamp_with_time_zone_null(AgendaItems::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaItems::Table, AgendaItems::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaItems::Table, AgendaItems::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaItems::Table, AgendaItems::ParentId)
                            .to(AgendaItems::Table, AgendaItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_agenda_items_meeting")
                    .table(AgendaItems::Table)
                    .col(AgendaItems::CouncilId)
                    .col(AgendaItems::MeetingId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .col(pk_uuid(Documents::Id))
                    .col(uuid(Documents::CouncilId))
                    .col(uuid(Documents::MeetingId))
                    .col(uuid_null(Documents::AgendaItemId))
                    .col(string_len(Documents::Kind, 32))
                    .col(string_len(Documents::Title, 500))
                    .col(string_len(Documents::FileName, 255))
                    .col(string_len(Documents::ContentType, 100))
                    .col(big_integer(Documents::SizeBytes))
                    .col(string_len(Documents::Sha256, 64))
                    .col(string_len(Documents::StorageKey, 200))
                    .col(boolean(Documents::Restricted).default(false))
                    .col(uuid_null(Documents::UploadedBy))
                    .col(timestamp_with_time_zone(Documents::CreatedAt))
                    .col(timestamp_with_time_zone(Documents::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Documents::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Documents::Table, Documents::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Documents::Table, Documents::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Documents::Table, Documents::AgendaItemId)
                            .to(AgendaItems::Table, AgendaItems::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_documents_meeting")
                    .table(Documents::Table)
                    .col(Documents::CouncilId)
                    .col(Documents::MeetingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AgendaItems::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    CouncilId,
    MeetingId,
    ParentId,
    Position,
    OrderLabel,
    Title,
    Description,
    ExemptParagraph,
    KeyDecision,
    WardIds,
    Minutes,
    Resolution,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    CouncilId,
    MeetingId,
    AgendaItemId,
    Kind,
    Title,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    Restricted,
    UploadedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}
