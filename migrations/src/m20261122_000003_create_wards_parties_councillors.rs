use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn council_fk(table: impl IntoIden + Clone, column: impl IntoIden) -> ForeignKeyCreateStatement {
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
                    .table(Wards::Table)
                    .col(pk_uuid(Wards::Id))
                    .col(uuid(Wards::CouncilId))
                    .col(string_len(Wards::Name, 200))
                    .col(string_len_null(Wards::GssCode, 9))
                    .col(date_null(Wards::ValidFrom))
                    .col(date_null(Wards::ValidTo))
                    .col(integer(Wards::Version).default(1))
                    .col(timestamp_with_time_zone(Wards::CreatedAt))
                    .col(timestamp_with_time_zone(Wards::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Wards::DeletedAt))
                    .foreign_key(&mut council_fk(Wards::Table, Wards::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_wards_council_name")
                    .table(Wards::Table)
                    .col(Wards::CouncilId)
                    .col(Wards::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Parties::Table)
                    .col(pk_uuid(Parties::Id))
                    .col(uuid(Parties::CouncilId))
                    .col(string_len(Parties::Name, 200))
                    .col(string_len_null(Parties::ShortName, 50))
                    .col(string_len_null(Parties::Colour, 7))
                    .col(integer(Parties::Version).default(1))
                    .col(timestamp_with_time_zone(Parties::CreatedAt))
                    .col(timestamp_with_time_zone(Parties::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Parties::DeletedAt))
                    .foreign_key(&mut council_fk(Parties::Table, Parties::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_parties_council_name")
                    .table(Parties::Table)
                    .col(Parties::CouncilId)
                    .col(Parties::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Councillors::Table)
                    .col(pk_uuid(Councillors::Id))
                    .col(uuid(Councillors::CouncilId))
                    .col(string_len_null(Councillors::HonorificPrefix, 50))
                    .col(string_len_null(Councillors::GivenName, 100))
                    .col(string_len_null(Councillors::FamilyName, 100))
                    .col(string_len_null(Councillors::HonorificSuffix, 50))
                    .col(string_len(Councillors::DisplayName, 200))
                    .col(text_null(Councillors::PhotoUrl))
                    .col(string_len_null(Councillors::PhotoAlt, 300))
                    .col(text_null(Councillors::Biography))
                    .col(string_len_null(Councillors::Email, 320))
                    .col(string_len_null(Councillors::Phone, 50))
                    .col(string_len_null(Councillors::Mobile, 50))
                    .col(text_null(Councillors::WorkAddress))
                    .col(text_null(Councillors::SurgeryDetails))
                    .col(text_null(Councillors::KeyPosts))
                    .col(string_len_null(Councillors::ModerngovId, 32))
                    .col(integer(Councillors::Version).default(1))
                    .col(timestamp_with_time_zone(Councillors::CreatedAt))
                    .col(timestamp_with_time_zone(Councillors::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Councillors::DeletedAt))
                    .foreign_key(&mut council_fk(Councillors::Table, Councillors::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_councillors_council_moderngov")
                    .table(Councillors::Table)
                    .col(Councillors::CouncilId)
                    .col(Councillors::ModerngovId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Seats::Table)
                    .col(pk_uuid(Seats::Id))
                    .col(uuid(Seats::CouncilId))
                    .col(uuid(Seats::CouncillorId))
                    .col(uuid(Seats::WardId))
                    .col(uuid_null(Seats::PartyId))
                    .col(date_null(Seats::StartDate))
                    .col(date_null(Seats::EndDate))
                    .col(timestamp_with_time_zone(Seats::CreatedAt))
                    .col(timestamp_with_time_zone(Seats::UpdatedAt))
                    .foreign_key(&mut council_fk(Seats::Table, Seats::CouncilId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seats::Table, Seats::CouncillorId)
                            .to(Councillors::Table, Councillors::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seats::Table, Seats::WardId)
                            .to(Wards::Table, Wards::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seats::Table, Seats::PartyId)
                            .to(Parties::Table, Parties::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_seats_councillor", Seats::CouncillorId),
            ("ix_seats_ward", Seats::WardId),
            ("ix_seats_party", Seats::PartyId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Seats::Table)
                        .col(Seats::CouncilId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Seats::Table.into_iden(),
            Councillors::Table.into_iden(),
            Parties::Table.into_iden(),
            Wards::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Wards {
    Table,
    Id,
    CouncilId,
    Name,
    GssCode,
    ValidFrom,
    ValidTo,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum Parties {
    Table,
    Id,
    CouncilId,
    Name,
    ShortName,
    Colour,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum Councillors {
    Table,
    Id,
    CouncilId,
    HonorificPrefix,
    GivenName,
    FamilyName,
    HonorificSuffix,
    DisplayName,
    PhotoUrl,
    PhotoAlt,
    Biography,
    Email,
    Phone,
    Mobile,
    WorkAddress,
    SurgeryDetails,
    KeyPosts,
    ModerngovId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum Seats {
    Table,
    Id,
    CouncilId,
    CouncillorId,
    WardId,
    PartyId,
    StartDate,
    EndDate,
    CreatedAt,
    UpdatedAt,
}
