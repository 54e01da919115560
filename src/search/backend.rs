//! The two full-text backends behind `search`: PostgreSQL (`tsvector`, `ts_rank_cd`, `ts_headline`) and SQLite
//! (FTS5, `bm25`, `snippet`). Queries are built from parsed terms that hold only letters and digits.
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

use super::{Hit, Results, SearchQuery, Term, document, highlight};
use crate::tenancy::Tenant;

/// Private-use characters marking the start and end of a highlighted word in a snippet.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

fn fts_table(locale: &str) -> &'static str {
    if locale == "en" {
        "search_fts_en"
    } else {
        "search_fts_simple"
    }
}

/// Keeps SQLite's FTS5 table in step with a new document (PostgreSQL's column is generated).
pub async fn after_insert(db: &impl ConnectionTrait, row: &document::Model) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO {}(rowid, title, body) SELECT rowid, title, body FROM search_documents WHERE id = ?",
        fts_table(&row.locale)
    );
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        sql,
        [row.id.into()],
    ))
    .await?;
    Ok(())
}

/// Fills SQLite's FTS5 tables for every document of a council put back in bulk (a restored archive).
pub async fn after_bulk_insert(
    db: &impl ConnectionTrait,
    council: uuid::Uuid,
) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    for (table, locales) in [
        ("search_fts_en", "locale = 'en'"),
        ("search_fts_simple", "locale <> 'en'"),
    ] {
        let sql = format!(
            "INSERT INTO {table}(rowid, title, body) SELECT rowid, title, body FROM search_documents \
             WHERE council_id = ? AND {locales}"
        );
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            sql,
            [council.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Removes a document from SQLite's FTS5 table before the document goes.
pub async fn before_delete(db: &impl ConnectionTrait, row: &document::Model) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    let sql = format!(
        "DELETE FROM {} WHERE rowid = (SELECT rowid FROM search_documents WHERE id = ?)",
        fts_table(&row.locale)
    );
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        sql,
        [row.id.into()],
    ))
    .await?;
    Ok(())
}

fn fts5_query(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| match t {
            Term::Word(w) => format!("\"{w}\""),
            Term::Prefix(p) => format!("\"{p}\"*"),
            Term::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn tsquery(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| match t {
            Term::Word(w) => w.clone(),
            Term::Prefix(p) => format!("{p}:*"),
            Term::Phrase(ws) => format!("({})", ws.join(" <-> ")),
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The filters both backends share, as SQL with placeholders made by `next`.
fn filters(query: &SearchQuery, tenant: &Tenant, next: &mut dyn FnMut(Value) -> String) -> String {
    let mut sql = format!(
        " AND d.council_id = {} AND d.locale = {}",
        next(tenant.id().into()),
        next(query.locale.clone().into())
    );
    if query.drafts {
        let kinds: Vec<String> = super::RECORD_KINDS
            .iter()
            .map(|k| next((*k).into()))
            .collect();
        sql += &format!(
            " AND (d.visibility = 'draft' OR d.source_kind IN ({}))",
            kinds.join(", ")
        );
    } else {
        sql += " AND d.visibility = 'live'";
    }
    if !query.kinds.is_empty() {
        let kinds: Vec<String> = query.kinds.iter().map(|k| next(k.clone().into())).collect();
        sql += &format!(" AND d.source_kind IN ({})", kinds.join(", "));
    }
    sql
}

pub async fn search(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    terms: &[Term],
    limit: u64,
    offset: u64,
) -> Result<Results, DbErr> {
    let backend = db.get_database_backend();
    let mut values: Vec<Value> = Vec::new();
    // The count needs only the values of the FROM and WHERE parts.
    let (select, from_where, count_values) = match backend {
        DatabaseBackend::Postgres => {
            let mut next = |v: Value| {
                values.push(v);
                format!("${}", values.len())
            };
            let config = if query.locale == "en" {
                "english"
            } else {
                "simple"
            };
            let config = next(config.into());
            let text = next(tsquery(terms).into());
            let from_where = format!(
                " FROM search_documents d, to_tsquery({config}::regconfig, {text}) q WHERE d.tsv @@ q{}",
                filters(query, tenant, &mut next)
            );
            let options = next(
                format!("StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2")
                    .into(),
            );
            let select = format!(
                "SELECT d.source_kind, d.source_id, d.locale, d.title, d.path, \
                 ts_headline({config}::regconfig, d.title || '. ' || d.body, q, {options}) AS snippet, \
                 ts_rank_cd(d.tsv, q)::float8 AS score"
            );
            let count_values = values[..values.len() - 1].to_vec();
            (select, from_where, count_values)
        }
        _ => {
            let table = fts_table(&query.locale);
            let mut next = |v: Value| {
                values.push(v);
                "?".to_owned()
            };
            let start = next(MARK_START.to_string().into());
            let end = next(MARK_END.to_string().into());
            let select = format!(
                "SELECT d.source_kind, d.source_id, d.locale, d.title, d.path, \
                 snippet({table}, -1, {start}, {end}, '…', 24) AS snippet, \
                 -bm25({table}, 10.0, 1.0) AS score"
            );
            let text = next(fts5_query(terms).into());
            let from_where = format!(
                " FROM {table} JOIN search_documents d ON d.rowid = {table}.rowid WHERE {table} MATCH {text}{}",
                filters(query, tenant, &mut next)
            );
            let count_values = values[2..].to_vec();
            (select, from_where, count_values)
        }
    };
    let total = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT count(*) AS n{from_where}"),
            count_values,
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64;
    let order = format!(" ORDER BY score DESC, d.id LIMIT {limit} OFFSET {offset}");
    let sql = format!("{select}{from_where}{order}");
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        hits.push(Hit {
            kind: row.try_get("", "source_kind")?,
            id: row.try_get("", "source_id")?,
            locale: row.try_get("", "locale")?,
            title: row.try_get("", "title")?,
            path: row.try_get("", "path")?,
            url: None,
            snippet: highlight(&row.try_get::<String>("", "snippet")?),
            score: row.try_get("", "score")?,
        });
    }
    Ok(Results { hits, total })
}
