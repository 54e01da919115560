use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DatabaseBackend},
};

use crate::m20261122_000001_create_councils::Councils;

/// The full-text search index: one row per searchable thing, locale and visibility (`live` for the public,
/// `draft` for editors), with the backend's own full-text structure: a generated `tsvector` column with a GIN
/// index on PostgreSQL (English stemming, Welsh without), FTS5 tables on SQLite keyed by the document's rowid
/// (Porter stemming for English, none for Welsh).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocuments::Table)
                    .col(pk_uuid(SearchDocuments::Id))
                    .col(uuid(SearchDocuments::CouncilId))
                    .col(string_len(SearchDocuments::SourceKind, 32))
                    .col(uuid(SearchDocuments::SourceId))
                    .col(string_len(SearchDocuments::Locale, 8))
                    .col(string_len(SearchDocuments::Visibility, 8))
                    .col(string_len(SearchDocuments::Title, 500))
                    .col(text(SearchDocuments::Body))
                    .col(string_len_null(SearchDocuments::Path, 1000))
                    .col(timestamp_with_time_zone(SearchDocuments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchDocuments::Table, SearchDocuments::CouncilId)
                            .to(Councils::Table, Councils::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_search_documents_source")
                    .table(SearchDocuments::Table)
                    .col(SearchDocuments::SourceId)
                    .col(SearchDocuments::Locale)
                    .col(SearchDocuments::Visibility)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector(CASE WHEN locale = 'cy' THEN 'simple'::regconfig ELSE 'english'::regconfig END, title), 'A') ||
                        setweight(to_tsvector(CASE WHEN locale = 'cy' THEN 'simple'::regconfig ELSE 'english'::regconfig END, body), 'B')
                    ) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (tsv)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts_en USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts_simple USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            let db = manager.get_connection();
            db.execute_unprepared("DROP TABLE IF EXISTS search_fts_en")
                .await?;
            db.execute_unprepared("DROP TABLE IF EXISTS search_fts_simple")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SearchDocuments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchDocuments {
    Table,
    Id,
    CouncilId,
    SourceKind,
    SourceId,
    Locale,
    Visibility,
    Title,
    Body,
    Path,
    UpdatedAt,
}
