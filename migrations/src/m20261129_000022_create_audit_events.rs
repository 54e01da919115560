use sea_orm_migration::{prelude::*, schema::*};

/// The audit log: an append-only record of security-relevant events, one hash chain per council (`chain` is the
/// council's id) and one for the platform (`chain` = `platform`). `seq` numbers a chain's entries without gaps
/// (the unique index keeps two servers from writing the same number) and `hash` covers the entry and the hash
/// before it, so that an altered, removed or inserted row is found by `townhall audit verify`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(string_len(AuditEvents::Chain, 40))
                    .col(big_integer(AuditEvents::Seq))
                    .col(uuid_null(AuditEvents::CouncilId))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(string_len(AuditEvents::ActorKind, 16))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::Action, 60))
                    .col(string_len_null(AuditEvents::TargetKind, 40))
                    .col(string_len_null(AuditEvents::TargetId, 100))
                    .col(string_len_null(AuditEvents::Detail, 200))
                    .col(string_len_null(AuditEvents::ClientAddr, 64))
                    .col(string_len_null(AuditEvents::RequestId, 64))
                    .col(string_len(AuditEvents::PrevHash, 64))
                    .col(string_len(AuditEvents::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_chain_seq")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Chain)
                    .col(AuditEvents::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_occurred")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    Chain,
    Seq,
    CouncilId,
    OccurredAt,
    ActorKind,
    ActorId,
    Action,
    TargetKind,
    TargetId,
    Detail,
    ClientAddr,
    RequestId,
    PrevHash,
    Hash,
}
