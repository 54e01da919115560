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
                    .table(ForwardPlanEntries::Table)
                    .col(pk_uuid(ForwardPlanEntries::Id))
                    .col(uuid(ForwardPlanEntries::CouncilId))
                    .col(string_len(ForwardPlanEntries::Title, 500))
                    .col(string_len(ForwardPlanEntries::DecisionMaker, 300))
                    .col(date(ForwardPlanEntries::ExpectedDate))
                    .col(text(ForwardPlanEntries::WardIds).default(""))
                    .col(boolean(ForwardPlanEntries::Private).default(false))
                    .col(string_len(ForwardPlanEntries::Exception, 32).default("none"))
                    .col(text_null(ForwardPlanEntries::ExceptionNote))
                    .col(timestamp_with_time_zone_null(
                        ForwardPlanEntries::NoticePublishedAt,
                    ))
                    .col(integer(ForwardPlanEntries::Version).default(1))
                    .col(timestamp_with_time_zone(ForwardPlanEntries::CreatedAt))
                    .col(timestamp_with_time_zone(ForwardPlanEntries::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ForwardPlanEntries::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ForwardPlanEntries::Table, ForwardPlanEntries::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decisions::Table)
                    .col(pk_uuid(Decisions::Id))
                    .col(uuid(Decisions::CouncilId))
                    .col(string_len(Decisions::Title, 500))
                    .col(string_len(Decisions::DecisionMaker, 300))
                    .col(uuid_null(Decisions::CommitteeId))
                    .col(date(Decisions::DateMade))
                    .col(boolean(Decisions::KeyDecision).default(false))
                    .col(text(Decisions::DecisionText))
                    .col(text_null(Decisions::Reasons))
                    .col(text_null(Decisions::Alternatives))
                    .col(text_null(Decisions::InterestsDeclared))
                    .col(uuid_null(Decisions::AgendaItemId))
                    .col(uuid_null(Decisions::ForwardPlanEntryId))
                    .col(string_len(Decisions::CallInStatus, 32).default("open"))
                    .col(date_null(Decisions::CallInDeadline))
                    .col(timestamp_with_time_zone_null(Decisions::PublishedAt))
                    .col(uuid_null(Decisions::PublishedBy))
                    .col(integer(Decisions::Version).default(1))
                    .col(timestamp_with_time_zone(Decisions::CreatedAt))
                    .col(timestamp_with_time_zone(Decisions::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Decisions::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decisions::Table, Decisions::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decisions::Table, Decisions::ForwardPlanEntryId)
                            .to(ForwardPlanEntries::Table, ForwardPlanEntries::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_decisions_council_date")
                    .table(Decisions::Table)
                    .col(Decisions::CouncilId)
                    .col(Decisions::DateMade)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Decisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ForwardPlanEntries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ForwardPlanEntries {
    Table,
    Id,
    CouncilId,
    Title,
    DecisionMaker,
    ExpectedDate,
    WardIds,
    Private,
    Exception,
    ExceptionNote,
    NoticePublishedAt,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    Id,
    CouncilId,
    Title,
    DecisionMaker,
    CommitteeId,
    DateMade,
    KeyDecision,
    DecisionText,
    Reasons,
    Alternatives,
    InterestsDeclared,
    AgendaItemId,
    ForwardPlanEntryId,
    CallInStatus,
    CallInDeadline,
    PublishedAt,
    PublishedBy,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}
