use sea_orm_migration::{prelude::*, schema::*};

/// The audit log's chains are MAC'd (HMAC-SHA256 under a key derived from the master secret, never stored
/// here): `key_id` names the key an entry's `hash` was made with (NULL: a plain SHA-256 entry from before keys,
/// which the server seals under the key when it starts). `audit_anchors` keeps, per chain, where pruning
/// stopped: the number and MAC of the last entry removed, and a MAC over the anchor itself, so that a chain
/// whose start was pruned still verifies from its anchor and one whose start was cut off does not.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(string_len_null(AuditEvents::KeyId, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditAnchors::Table)
                    .col(string_len(AuditAnchors::Chain, 40).primary_key())
                    .col(big_integer(AuditAnchors::LastSeq))
                    .col(string_len(AuditAnchors::LastMac, 64))
                    .col(string_len(AuditAnchors::KeyId, 16))
                    .col(timestamp_with_time_zone(AuditAnchors::CreatedAt))
                    .col(string_len(AuditAnchors::Mac, 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditAnchors::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(AuditEvents::KeyId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    KeyId,
}

#[derive(DeriveIden)]
enum AuditAnchors {
    Table,
    Chain,
    LastSeq,
    LastMac,
    KeyId,
    CreatedAt,
    Mac,
}
