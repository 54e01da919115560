use sea_orm_migration::{prelude::*, schema::*};

/// Reminders of deadlines sent by email to a council's democratic services officers: one row per reminder, so that
/// each is sent once however many servers run (the unique index decides). Each council turns each kind on or off
/// in its deadline settings (on by default).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeadlineReminders::Table)
                    .col(pk_uuid(DeadlineReminders::Id))
                    .col(uuid(DeadlineReminders::CouncilId))
                    .col(string_len(DeadlineReminders::Kind, 40))
                    .col(uuid(DeadlineReminders::RecordId))
                    .col(date(DeadlineReminders::DueOn))
                    .col(timestamp_with_time_zone(DeadlineReminders::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeadlineReminders::Table, DeadlineReminders::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_deadline_reminders_once")
                    .table(DeadlineReminders::Table)
                    .col(DeadlineReminders::CouncilId)
                    .col(DeadlineReminders::Kind)
                    .col(DeadlineReminders::RecordId)
                    .col(DeadlineReminders::DueOn)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for column in [
            DeadlineSettings::RemindAgenda,
            DeadlineSettings::RemindForwardPlan,
            DeadlineSettings::RemindCallIn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(DeadlineSettings::Table)
                        .add_column(boolean(column).default(true))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            DeadlineSettings::RemindAgenda,
            DeadlineSettings::RemindForwardPlan,
            DeadlineSettings::RemindCallIn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(DeadlineSettings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(DeadlineReminders::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DeadlineReminders {
    Table,
    Id,
    CouncilId,
    Kind,
    RecordId,
    DueOn,
    SentAt,
}

#[derive(DeriveIden)]
enum DeadlineSettings {
    Table,
    RemindAgenda,
    RemindForwardPlan,
    RemindCallIn,
}

#[derive(DeriveIden)]
enum Councils {
    Table,
    Id,
}
