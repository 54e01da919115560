use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_councils::Councils;

/// Web content and the publishing machinery every content type shares: items (identity and workflow state),
/// revisions (full JSON snapshots), the live projection the delivery API reads, working-copy slug reservations,
/// path history (redirects and gone paths), the change log, and the jobs table for scheduled work.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn council_fk(
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Councils::Table, Councils::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CouncilsExtra::Councils)
                    .add_column(string_len_null(CouncilsExtra::WebsiteUrl, 300))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentItems::Table)
                    .col(pk_uuid(ContentItems::Id))
                    .col(uuid(ContentItems::CouncilId))
                    .col(string_len(ContentItems::Kind, 16))
                    .col(string_len(ContentItems::Status, 16))
                    .col(integer(ContentItems::Version))
                    .col(integer(ContentItems::LatestRevision))
                    .col(integer_null(ContentItems::LiveRevision))
                    .col(string_len(ContentItems::Title, 300))
                    .col(string_len(ContentItems::SearchTitle, 300))
                    .col(uuid_null(ContentItems::ParentId))
                    .col(text(ContentItems::TopicIds))
                    .col(timestamp_with_time_zone_null(ContentItems::PublishAt))
                    .col(timestamp_with_time_zone_null(ContentItems::UnpublishAt))
                    .col(timestamp_with_time_zone_null(
                        ContentItems::FirstPublishedAt,
                    ))
                    .col(timestamp_with_time_zone_null(ContentItems::LastPublishedAt))
                    .col(timestamp_with_time_zone_null(ContentItems::DeletedAt))
                    .col(uuid_null(ContentItems::CreatedBy))
                    .col(uuid_null(ContentItems::UpdatedBy))
                    .col(timestamp_with_time_zone(ContentItems::CreatedAt))
                    .col(timestamp_with_time_zone(ContentItems::UpdatedAt))
                    .foreign_key(&mut council_fk(
                        ContentItems::Table,
                        ContentItems::CouncilId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_content_items_kind")
                    .table(ContentItems::Table)
                    .col(ContentItems::CouncilId)
                    .col(ContentItems::Kind)
                    .col(ContentItems::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentRevisions::Table)
                    .col(pk_uuid(ContentRevisions::Id))
                    .col(uuid(ContentRevisions::CouncilId))
                    .col(uuid(ContentRevisions::ItemId))
                    .col(integer(ContentRevisions::Number))
                    .col(text(ContentRevisions::Content))
                    .col(string_len_null(ContentRevisions::Note, 500))
                    .col(uuid_null(ContentRevisions::CreatedBy))
                    .col(timestamp_with_time_zone(ContentRevisions::CreatedAt))
                    .foreign_key(&mut council_fk(
                        ContentRevisions::Table,
                        ContentRevisions::CouncilId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentRevisions::Table, ContentRevisions::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_content_revisions_number")
                    .table(ContentRevisions::Table)
                    .col(ContentRevisions::ItemId)
                    .col(ContentRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentLive::Table)
                    .col(uuid(ContentLive::ItemId))
                    .col(string_len(ContentLive::Locale, 8))
                    .col(uuid(ContentLive::CouncilId))
                    .col(string_len(ContentLive::Kind, 16))
                    .col(string_len(ContentLive::Title, 300))
                    .col(string_len_null(ContentLive::Slug, 200))
                    .col(string_len_null(ContentLive::Path, 1000))
                    .col(uuid_null(ContentLive::ParentId))
                    .col(text_null(ContentLive::Summary))
                    .col(timestamp_with_time_zone(ContentLive::SortAt))
                    .col(timestamp_with_time_zone_null(ContentLive::StartsAt))
                    .col(timestamp_with_time_zone_null(ContentLive::EndsAt))
                    .col(text(ContentLive::Data))
                    .col(integer(ContentLive::Revision))
                    .col(timestamp_with_time_zone(ContentLive::PublishedAt))
                    .primary_key(
                        Index::create()
                            .col(ContentLive::ItemId)
                            .col(ContentLive::Locale),
                    )
                    .foreign_key(&mut council_fk(ContentLive::Table, ContentLive::CouncilId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentLive::Table, ContentLive::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_content_live_path")
                    .table(ContentLive::Table)
                    .col(ContentLive::CouncilId)
                    .col(ContentLive::Locale)
                    .col(ContentLive::Path)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_content_live_kind")
                    .table(ContentLive::Table)
                    .col(ContentLive::CouncilId)
                    .col(ContentLive::Kind)
                    .col(ContentLive::Locale)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentLiveTags::Table)
                    .col(uuid(ContentLiveTags::ItemId))
                    .col(string_len(ContentLiveTags::Scheme, 16))
                    .col(string_len(ContentLiveTags::Value, 64))
                    .col(uuid(ContentLiveTags::CouncilId))
                    .primary_key(
                        Index::create()
                            .col(ContentLiveTags::ItemId)
                            .col(ContentLiveTags::Scheme)
                            .col(ContentLiveTags::Value),
                    )
                    .foreign_key(&mut council_fk(
                        ContentLiveTags::Table,
                        ContentLiveTags::CouncilId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentLiveTags::Table, ContentLiveTags::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_content_live_tags_value")
                    .table(ContentLiveTags::Table)
                    .col(ContentLiveTags::Scheme)
                    .col(ContentLiveTags::Value)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentSlugs::Table)
                    .col(uuid(ContentSlugs::ItemId))
                    .col(string_len(ContentSlugs::Locale, 8))
                    .col(uuid(ContentSlugs::CouncilId))
                    .col(string_len(ContentSlugs::Scope, 64))
                    .col(string_len(ContentSlugs::Slug, 200))
                    .col(string_len_null(ContentSlugs::Path, 1000))
                    .primary_key(
                        Index::create()
                            .col(ContentSlugs::ItemId)
                            .col(ContentSlugs::Locale),
                    )
                    .foreign_key(&mut council_fk(
                        ContentSlugs::Table,
                        ContentSlugs::CouncilId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentSlugs::Table, ContentSlugs::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_content_slugs_scope")
                    .table(ContentSlugs::Table)
                    .col(ContentSlugs::CouncilId)
                    .col(ContentSlugs::Locale)
                    .col(ContentSlugs::Scope)
                    .col(ContentSlugs::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentPathHistory::Table)
                    .col(pk_uuid(ContentPathHistory::Id))
                    .col(uuid(ContentPathHistory::CouncilId))
                    .col(string_len(ContentPathHistory::Locale, 8))
                    .col(string_len(ContentPathHistory::Path, 1000))
                    .col(uuid(ContentPathHistory::ItemId))
                    .col(timestamp_with_time_zone(ContentPathHistory::CreatedAt))
                    .foreign_key(&mut council_fk(
                        ContentPathHistory::Table,
                        ContentPathHistory::CouncilId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentPathHistory::Table, ContentPathHistory::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_content_path_history")
                    .table(ContentPathHistory::Table)
                    .col(ContentPathHistory::CouncilId)
                    .col(ContentPathHistory::Locale)
                    .col(ContentPathHistory::Path)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentEvents::Table)
                    .col(pk_uuid(ContentEvents::Id))
                    .col(uuid(ContentEvents::CouncilId))
                    .col(uuid(ContentEvents::ItemId))
                    .col(string_len(ContentEvents::Kind, 16))
                    .col(string_len(ContentEvents::Action, 32))
                    .col(integer_null(ContentEvents::Revision))
                    .col(uuid_null(ContentEvents::Actor))
                    .col(string_len_null(ContentEvents::Note, 500))
                    .col(timestamp_with_time_zone(ContentEvents::At))
                    .foreign_key(&mut council_fk(
                        ContentEvents::Table,
                        ContentEvents::CouncilId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContentEvents::Table, ContentEvents::ItemId)
                            .to(ContentItems::Table, ContentItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_content_events_item")
                    .table(ContentEvents::Table)
                    .col(ContentEvents::CouncilId)
                    .col(ContentEvents::ItemId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(uuid(Jobs::CouncilId))
                    .col(string_len(Jobs::Kind, 32))
                    .col(uuid(Jobs::ItemId))
                    .col(integer_null(Jobs::Revision))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(timestamp_with_time_zone_null(Jobs::DoneAt))
                    .col(timestamp_with_time_zone_null(Jobs::CancelledAt))
                    .col(integer(Jobs::Attempts).default(0))
                    .col(string_len_null(Jobs::LastError, 500))
                    .col(string_len_null(Jobs::DoneBy, 100))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .foreign_key(&mut council_fk(Jobs::Table, Jobs::CouncilId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_jobs_due")
                    .table(Jobs::Table)
                    .col(Jobs::DoneAt)
                    .col(Jobs::RunAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Jobs::Table.into_iden(),
            ContentEvents::Table.into_iden(),
            ContentPathHistory::Table.into_iden(),
            ContentSlugs::Table.into_iden(),
            ContentLiveTags::Table.into_iden(),
            ContentLive::Table.into_iden(),
            ContentRevisions::Table.into_iden(),
            ContentItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(CouncilsExtra::Councils)
                    .drop_column(CouncilsExtra::WebsiteUrl)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum CouncilsExtra {
    Councils,
    WebsiteUrl,
}

#[derive(DeriveIden)]
enum ContentItems {
    Table,
    Id,
    CouncilId,
    Kind,
    Status,
    Version,
    LatestRevision,
    LiveRevision,
    Title,
    SearchTitle,
    ParentId,
    TopicIds,
    PublishAt,
    UnpublishAt,
    FirstPublishedAt,
    LastPublishedAt,
    DeletedAt,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ContentRevisions {
    Table,
    Id,
    CouncilId,
    ItemId,
    Number,
    Content,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContentLive {
    Table,
    ItemId,
    Locale,
    CouncilId,
    Kind,
    Title,
    Slug,
    Path,
    ParentId,
    Summary,
    SortAt,
    StartsAt,
    EndsAt,
    Data,
    Revision,
    PublishedAt,
}

/// Indexed values of live items: topics, LGSL and LGIL codes.
#[derive(DeriveIden)]
enum ContentLiveTags {
    Table,
    ItemId,
    Scheme,
    Value,
    CouncilId,
}

#[derive(DeriveIden)]
enum ContentSlugs {
    Table,
    ItemId,
    Locale,
    CouncilId,
    Scope,
    Slug,
    Path,
}

#[derive(DeriveIden)]
enum ContentPathHistory {
    Table,
    Id,
    CouncilId,
    Locale,
    Path,
    ItemId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContentEvents {
    Table,
    Id,
    CouncilId,
    ItemId,
    Kind,
    Action,
    Revision,
    Actor,
    Note,
    At,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    CouncilId,
    Kind,
    ItemId,
    Revision,
    RunAt,
    DoneAt,
    CancelledAt,
    Attempts,
    LastError,
    DoneBy,
    CreatedAt,
}
