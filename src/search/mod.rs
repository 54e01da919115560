//! Full-text search per council and locale, over published web content and democratic records (and, for
//! editors, working copies). One interface here; the two backends differ only in `backend.rs`: PostgreSQL
//! `tsvector` + GIN, SQLite FTS5. The index is written in the same transaction as the change it reflects, so
//! a deleted or unpublished item is never found publicly.
mod backend;
pub mod graphql;
pub mod rest;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::tenancy::Tenant;

/// The `search_documents` table.
pub mod document {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "search_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub source_kind: String,
        pub source_id: Uuid,
        pub locale: String,
        pub visibility: String,
        pub title: String,
        pub body: String,
        pub path: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

/// Who a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Published: found by everyone.
    Live,
    /// A working copy: found by the council's editors.
    Draft,
}

impl Visibility {
    fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Draft => "draft",
        }
    }
}

/// Kinds of democratic records and documents, which are indexed only once public and are found by editors as they are.
pub const RECORD_KINDS: [&str; 3] = ["meeting", "decision", "document"];
/// Every kind a search can be limited to.
pub const KINDS: [&str; 12] = [
    "page",
    "service",
    "news",
    "directory",
    "directory_entry",
    "event",
    "guide",
    "step_by_step",
    "publication",
    "meeting",
    "decision",
    "document",
];

/// Something to index.
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub source_kind: &'static str,
    pub source_id: Uuid,
    pub locale: String,
    pub visibility: Visibility,
    pub title: String,
    pub body: String,
    pub path: Option<String>,
}

/// Adds or replaces a document.
pub async fn upsert(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    doc: IndexDoc,
) -> Result<(), sea_orm::DbErr> {
    remove_one(
        tenant,
        db,
        doc.source_id,
        Some(&doc.locale),
        Some(doc.visibility),
    )
    .await?;
    let title: String = clean(&doc.title).chars().take(500).collect();
    let body = clean(&doc.body);
    let row = document::Model {
        id: Uuid::now_v7(),
        council_id: tenant.id(),
        source_kind: doc.source_kind.to_owned(),
        source_id: doc.source_id,
        locale: doc.locale,
        visibility: doc.visibility.as_str().to_owned(),
        title,
        body,
        path: doc.path,
        updated_at: tenant.now(),
    };
    let active: document::ActiveModel = row.clone().into();
    document::Entity::insert(active)
        .exec_without_returning(db)
        .await?;
    backend::after_insert(db, &row).await
}

/// Makes a council's documents, put back in bulk by a restore, searchable (SQLite's full-text tables are kept
/// beside the documents; PostgreSQL's index is a generated column).
pub async fn after_restore(db: &impl ConnectionTrait, council: Uuid) -> Result<(), sea_orm::DbErr> {
    backend::after_bulk_insert(db, council).await
}

/// Removes a source's documents: all of them, or those of one locale and/or visibility.
pub async fn remove(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    source_id: Uuid,
    visibility: Option<Visibility>,
) -> Result<(), sea_orm::DbErr> {
    remove_one(tenant, db, source_id, None, visibility).await
}

async fn remove_one(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    source_id: Uuid,
    locale: Option<&str>,
    visibility: Option<Visibility>,
) -> Result<(), sea_orm::DbErr> {
    let mut query = crate::tenancy::scoped::<document::Entity>(tenant)
        .filter(document::Column::SourceId.eq(source_id));
    if let Some(locale) = locale {
        query = query.filter(document::Column::Locale.eq(locale));
    }
    if let Some(visibility) = visibility {
        query = query.filter(document::Column::Visibility.eq(visibility.as_str()));
    }
    let rows = query.all(db).await?;
    for row in rows {
        backend::before_delete(db, &row).await?;
        document::Entity::delete_by_id(row.id).exec(db).await?;
    }
    Ok(())
}

/// Text without the private-use characters that mark highlights in snippets.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| *c != backend::MARK_START && *c != backend::MARK_END)
        .collect()
}

/// One term of a query: a word, a word prefix (`recycl*`), or a phrase (`"missed bin"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word(String),
    Prefix(String),
    Phrase(Vec<String>),
}

/// Splits what a resident typed into terms; every character that is not a letter or digit separates words, so
/// nothing typed can reach the backend's query syntax. At most 16 terms.
pub fn parse_query(text: &str) -> Vec<Term> {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut terms = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase = words(part);
            match phrase.len() {
                0 => {}
                1 => terms.extend(phrase.into_iter().map(Term::Word)),
                _ => terms.push(Term::Phrase(phrase)),
            }
            continue;
        }
        for token in part.split_whitespace() {
            let prefix = token.ends_with('*');
            let mut found = words(token);
            let last = found.pop();
            terms.extend(found.into_iter().map(Term::Word));
            if let Some(last) = last {
                terms.push(if prefix {
                    Term::Prefix(last)
                } else {
                    Term::Word(last)
                });
            }
        }
    }
    terms.truncate(16);
    terms
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    pub locale: String,
    /// Limit to these kinds (see [`KINDS`]); empty for all.
    pub kinds: Vec<String>,
    /// Editors' search: working copies of web content instead of what is published.
    pub drafts: bool,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
#[graphql(name = "SearchHit")]
pub struct Hit {
    /// `page`, `service`, `news`, `meeting`, `decision` or `document`.
    pub kind: String,
    pub id: Uuid,
    pub locale: String,
    pub title: String,
    /// For web content, its path on the council's website; for a document, its path on Townhall.
    pub path: Option<String>,
    /// The whole address: web content on the council's website (when the council has set it), a document where it
    /// downloads from.
    pub url: Option<String>,
    /// A passage around the match, HTML-escaped, with the matched words in `<mark>`.
    pub snippet: String,
    /// Higher is better.
    pub score: f64,
}

/// A page of results, best first.
pub struct Results {
    pub hits: Vec<Hit>,
    pub total: u64,
}

/// Runs a search in the council's index.
pub async fn search(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    limit: u64,
    offset: u64,
) -> Result<Results, sea_orm::DbErr> {
    let terms = parse_query(&query.text);
    if terms.is_empty() {
        return Ok(Results {
            hits: Vec::new(),
            total: 0,
        });
    }
    let mut results = backend::search(tenant, db, query, &terms, limit, offset).await?;
    for hit in &mut results.hits {
        hit.url = hit.path.as_deref().and_then(|path| {
            if hit.kind == "document" {
                Some(tenant.file_url(path))
            } else {
                tenant.page_url(path)
            }
        });
    }
    Ok(results)
}

/// Turns backend highlight marks into `<mark>` around escaped text.
fn highlight(snippet: &str) -> String {
    html_escape::encode_text(&crate::text::printable(snippet))
        .replace(backend::MARK_START, "<mark>")
        .replace(backend::MARK_END, "</mark>")
}
