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
                    .table(CommitteeMembers::Table)
                    .col(pk_uuid(CommitteeMembers::Id))
                    .col(uuid(CommitteeMembers::CouncilId))
                    .col(uuid(CommitteeMembers::CommitteeId))
                    .col(uuid(CommitteeMembers::CouncillorId))
                    .col(string_len(CommitteeMembers::Role, 32))
                    .col(date_null(CommitteeMembers::StartDate))
                    .col(date_null(CommitteeMembers::EndDate))
                    .foreign_key(&mut council_fk(
                        CommitteeMembers::Table,
                        CommitteeMembers::CouncilId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_committee_members_committee")
                    .table(CommitteeMembers::Table)
                    .col(CommitteeMembers::CouncilId)
                    .col(CommitteeMembers::CommitteeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(pk_uuid(Attendance::Id))
                    .col(uuid(Attendance::CouncilId))
                    .col(uuid(Attendance::MeetingId))
                    .col(uuid(Attendance::CouncillorId))
                    .col(string_len(Attendance::Status, 32))
                    .col(uuid_null(Attendance::SubstituteFor))
                    .foreign_key(&mut council_fk(Attendance::Table, Attendance::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_attendance_meeting_councillor")
                    .table(Attendance::Table)
                    .col(Attendance::MeetingId)
                    .col(Attendance::CouncillorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Motions::Table)
                    .col(pk_uuid(Motions::Id))
                    .col(uuid(Motions::CouncilId))
                    .col(uuid(Motions::MeetingId))
                    .col(uuid_null(Motions::AgendaItemId))
                    .col(text(Motions::MotionText))
                    .col(uuid_null(Motions::ProposerId))
                    .col(uuid_null(Motions::SeconderId))
                    .col(string_len(Motions::Result, 32))
                    .col(integer(Motions::ForCount))
                    .col(integer(Motions::AgainstCount))
                    .col(integer(Motions::AbstainCount))
                    .col(integer(Motions::AbsentCount))
                    .col(timestamp_with_time_zone(Motions::CreatedAt))
                    .foreign_key(&mut council_fk(Motions::Table, Motions::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Votes::Table)
                    .col(pk_uuid(Votes::Id))
                    .col(uuid(Votes::CouncilId))
                    .col(uuid(Votes::MotionId))
                    .col(uuid(Votes::CouncillorId))
                    .col(string_len(Votes::Option, 16))
                    .foreign_key(&mut council_fk(Votes::Table, Votes::CouncilId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Votes::Table, Votes::MotionId)
                            .to(Motions::Table, Motions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_votes_motion_councillor")
                    .table(Votes::Table)
                    .col(Votes::MotionId)
                    .col(Votes::CouncillorId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Votes::Table.into_iden(),
            Motions::Table.into_iden(),
            Attendance::Table.into_iden(),
            CommitteeMembers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum CommitteeMembers {
    Table,
    Id,
    CouncilId,
    CommitteeId,
    CouncillorId,
    Role,
    StartDate,
    EndDate,
}

#[derive(DeriveIden, Clone)]
enum Attendance {
    Table,
    Id,
    CouncilId,
    MeetingId,
    CouncillorId,
    Status,
    SubstituteFor,
}

#[derive(DeriveIden, Clone)]
enum Motions {
    Table,
    Id,
    CouncilId,
    MeetingId,
    AgendaItemId,
    MotionText,
    ProposerId,
    SeconderId,
    Result,
    ForCount,
    AgainstCount,
    AbstainCount,
    AbsentCount,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Votes {
    Table,
    Id,
    CouncilId,
    MotionId,
    CouncillorId,
    Option,
}
