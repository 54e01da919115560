use sea_orm_migration::{prelude::*, schema::*};

/// Throttles that protect people without locking them out: one row per counted attempt (a failed sign-in, a reset
/// request, a refused invitation), by what is limited (`scope`) and whose (`key`, a hash: never an address or an
/// email in clear), and the places each account signed in from (`known`), kept longer.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ThrottleHits::Table)
                    .if_not_exists()
                    .col(uuid(ThrottleHits::Id).primary_key())
                    .col(string_len(ThrottleHits::Scope, 32))
                    .col(string_len(ThrottleHits::Key, 64))
                    .col(timestamp_with_time_zone(ThrottleHits::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_throttle_hits_scope_key_at")
                    .table(ThrottleHits::Table)
                    .col(ThrottleHits::Scope)
                    .col(ThrottleHits::Key)
                    .col(ThrottleHits::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_throttle_hits_at")
                    .table(ThrottleHits::Table)
                    .col(ThrottleHits::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ThrottleHits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ThrottleHits {
    Table,
    Id,
    Scope,
    Key,
    At,
}
