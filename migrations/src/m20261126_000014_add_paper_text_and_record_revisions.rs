use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

/// The text of meeting papers (for search), and the revision history of democratic records: every write of a
/// ward, party, councillor, committee, meeting, agenda item, paper, decision or forward plan entry keeps a
/// snapshot of the record as written, with who and when.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .add_column(text_null(Documents::TextContent))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecordRevisions::Table)
                    .col(pk_uuid(RecordRevisions::Id))
                    .col(uuid(RecordRevisions::CouncilId))
                    .col(string_len(RecordRevisions::RecordKind, 32))
                    .col(uuid(RecordRevisions::RecordId))
                    .col(integer(RecordRevisions::Version))
                    .col(string_len(RecordRevisions::Action, 32))
                    .col(text(RecordRevisions::Snapshot))
                    .col(uuid_null(RecordRevisions::ActorId))
                    .col(timestamp_with_time_zone(RecordRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecordRevisions::Table, RecordRevisions::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_record_revisions_record")
                    .table(RecordRevisions::Table)
                    .col(RecordRevisions::CouncilId)
                    .col(RecordRevisions::RecordId)
                    .col(RecordRevisions::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecordRevisions::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .drop_column(Documents::TextContent)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    TextContent,
}

#[derive(DeriveIden)]
enum RecordRevisions {
    Table,
    Id,
    CouncilId,
    RecordKind,
    RecordId,
    Version,
    Action,
    Snapshot,
    ActorId,
    CreatedAt,
}
