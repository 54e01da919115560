use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

/// One precision for time: every stored timestamp is kept to the microsecond, as PostgreSQL keeps it. Townhall now
/// writes microseconds on both databases; this cuts the nanoseconds SQLite was given before (`.731680751` becomes
/// `.731680`), so that the same data answers alike on either database and after a move between them.
///
/// `down` leaves the values as they are: microseconds are what the earlier code reads too.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// A fraction of nine digits (nanoseconds) after the seconds.
const NANOSECONDS: &str = "*.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let columns = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT m.name AS table_name, p.name AS column_name \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND lower(p.type) LIKE '%timestamp%'",
            ))
            .await?;
        for row in columns {
            let table: String = row.try_get("", "table_name")?;
            let column: String = row.try_get("", "column_name")?;
            let (t, c) = (quoted(&table), quoted(&column));
            // Keep the seconds, the point and six digits, then whatever follows the nine (the offset).
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                format!(
                    "UPDATE {t} SET {c} = substr({c}, 1, instr({c}, '.') + 6) || substr({c}, instr({c}, '.') + 10) \
                     WHERE {c} GLOB ?"
                ),
                [NANOSECONDS.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

/// An SQLite identifier in double quotes (names come from the schema itself).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
