//! `GET /api/v1/councils/{council}/search`: the editors' search (working copies included), and the GraphQL
//! `search` field's shared argument handling.
use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Hit, KINDS, SearchQuery, search};
use crate::{
    auth::{AnyRole, CouncilAccess},
    error::{ApiError, ErrorBody},
    pagination::{Cursor, page_size},
    state::AppState,
    tenancy::{Tenant, check_locale},
};

/// Most results one search can page through.
pub const MAX_OFFSET: u64 = 1000;

pub fn encode_offset(offset: u64) -> String {
    Cursor::encode(&offset)
}

pub fn decode_offset(cursor: Option<&str>) -> Result<u64, ApiError> {
    let Some(cursor) = cursor else { return Ok(0) };
    Cursor::decode::<u64>(cursor)
        .ok()
        .filter(|n| *n <= MAX_OFFSET)
        .ok_or_else(|| ApiError::validation("after", "the cursor is not valid"))
}

/// Checks the query text, kinds and locale.
pub fn build_query(
    text: &str,
    kinds: Vec<String>,
    locale: Option<String>,
    drafts: bool,
) -> Result<SearchQuery, ApiError> {
    if text.trim().is_empty() || text.chars().count() > 200 {
        return Err(ApiError::validation(
            "query",
            "give 1 to 200 characters to search for",
        ));
    }
    if let Some(bad) = kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
        return Err(ApiError::validation(
            "types",
            format!("unknown type {bad:?}; use page, service, news, meeting, decision or document"),
        ));
    }
    let locale = check_locale("locale", locale.as_deref())?;
    Ok(SearchQuery {
        text: text.to_owned(),
        locale,
        kinds,
        drafts,
    })
}

/// Runs a search and returns the hits, the total and the next page's cursor.
pub async fn run(
    tenant: &Tenant,
    db: &sea_orm::DatabaseConnection,
    query: &SearchQuery,
    limit: u64,
    after: Option<&str>,
) -> Result<SearchResponse, ApiError> {
    let offset = decode_offset(after)?;
    let results = search(tenant, db, query, limit, offset).await?;
    let next = offset + results.hits.len() as u64;
    Ok(SearchResponse {
        next_cursor: (next < results.total && next < MAX_OFFSET).then(|| encode_offset(next)),
        total_count: results.total,
        items: results.hits,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find; `"a phrase"` in quotes, `recycl*` for a prefix.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: String,
    /// Comma-separated kinds: `page`, `service`, `news`, `meeting`, `decision`, `document`.
    pub types: Option<String>,
    /// `en` (default) or `cy`.
    #[param(pattern = "^(en|cy)$")]
    pub locale: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub items: Vec<Hit>,
    pub total_count: u64,
    pub next_cursor: Option<String>,
}

/// Search the council's content as an editor: working copies of web content (drafts included) and public
/// democratic records, ranked, with highlighted snippets.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), SearchParams),
    responses((status = 200, body = SearchResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/search")]
pub async fn editor_search(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    params: web::Query<SearchParams>,
) -> Result<web::Json<SearchResponse>, ApiError> {
    let params = params.into_inner();
    let kinds = params
        .types
        .map(|t| {
            t.split(',')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let query = build_query(&params.q, kinds, params.locale, true)?;
    let limit = page_size(params.limit.map(|l| l.min(1000) as i64))?;
    Ok(web::Json(
        run(
            &access.tenant,
            &state.db,
            &query,
            limit,
            params.after.as_deref(),
        )
        .await?,
    ))
}
