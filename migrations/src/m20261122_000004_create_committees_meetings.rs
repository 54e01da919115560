use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn council_fk<T: IntoIden + Clone + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Councils::Table, Councils::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Committees::Table)
                    .col(pk_uuid(Committees::Id))
                    .col(uuid(Committees::CouncilId))
                    .col(string_len(Committees::Name, 300))
                    .col(string_len(Committees::Kind, 32))
                    .col(uuid_null(Committees::ParentId))
                    .col(text_null(Committees::Purpose))
                    .col(string_len_null(Committees::ModerngovId, 32))
                    .col(integer(Committees::Version).default(1))
                    .col(timestamp_with_time_zone(Committees::CreatedAt))
                    .col(timestamp_with_time_zone(Committees::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Committees::DeletedAt))
                    .foreign_key(&mut council_fk(Committees::Table, Committees::CouncilId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Committees::Table, Committees::ParentId)
                            .to(Committees::Table, Committees::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_committees_council_moderngov")
                    .table(Committees::Table)
                    .col(Committees::CouncilId)
                    .col(Committees::ModerngovId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(pk_uuid(Meetings::Id))
                    .col(uuid(Meetings::CouncilId))
                    .col(uuid(Meetings::CommitteeId))
                    .col(timestamp_with_time_zone(Meetings::StartsAt))
                    .col(timestamp_with_time_zone_null(Meetings::EndsAt))
                    .col(string_len_null(Meetings::Venue, 500))
                    .col(string_len(Meetings::Status, 32))
                    .col(text_null(Meetings::WebcastUrl))
                    .col(timestamp_with_time_zone_null(Meetings::AgendaPublishedAt))
                    .col(uuid_null(Meetings::AgendaPublishedBy))
                    .col(text_null(Meetings::AgendaLateReason))
                    .col(timestamp_with_time_zone_null(Meetings::MinutesPublishedAt))
                    .col(uuid_null(Meetings::MinutesPublishedBy))
                    .col(string_len_null(Meetings::ModerngovId, 32))
                    .col(integer(Meetings::Version).default(1))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Meetings::DeletedAt))
                    .foreign_key(&mut council_fk(Meetings::Table, Meetings::CouncilId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Meetings::Table, Meetings::CommitteeId)
                            .to(Committees::Table, Committees::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_meetings_council_start")
                    .table(Meetings::Table)
                    .col(Meetings::CouncilId)
                    .col(Meetings::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_meetings_committee")
                    .table(Meetings::Table)
                    .col(Meetings::CouncilId)
                    .col(Meetings::CommitteeId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeadlineSettings::Table)
                    .col(uuid(DeadlineSettings::CouncilId).primary_key())
                    .col(boolean(DeadlineSettings::ExcludeChristmasEve).default(false))
                    .col(boolean(DeadlineSettings::ExcludeChristmasAndEasterBreaks).default(false))
                    .col(text(DeadlineSettings::ClosureDays).default(""))
                    .col(integer(DeadlineSettings::CallInWorkingDays).default(5))
                    .col(boolean(DeadlineSettings::KeyDecisionNoticeCalendarDays).default(true))
                    .col(integer(DeadlineSettings::Version).default(1))
                    .col(timestamp_with_time_zone(DeadlineSettings::UpdatedAt))
                    .foreign_key(&mut council_fk(
                        DeadlineSettings::Table,
                        DeadlineSettings::CouncilId,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DeadlineSettings::Table.into_iden(),
            Meetings::Table.into_iden(),
            Committees::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Committees {
    Table,
    Id,
    CouncilId,
    Name,
    Kind,
    ParentId,
    Purpose,
    ModerngovId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum Meetings {
    Table,
    Id,
    CouncilId,
    CommitteeId,
    StartsAt,
    EndsAt,
    Venue,
    Status,
    WebcastUrl,
    AgendaPublishedAt,
    AgendaPublishedBy,
    AgendaLateReason,
    MinutesPublishedAt,
    MinutesPublishedBy,
    ModerngovId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum DeadlineSettings {
    Table,
    CouncilId,
    ExcludeChristmasEve,
    ExcludeChristmasAndEasterBreaks,
    ClosureDays,
    CallInWorkingDays,
    KeyDecisionNoticeCalendarDays,
    Version,
    UpdatedAt,
}
