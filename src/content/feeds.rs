//! `/feeds/{council}/news.atom`: the council's published news articles, newest first (live rows only, so an
//! unpublished or deleted article leaves the feed at once).
use actix_web::{HttpRequest, HttpResponse, web};

use super::delivery::{self, ListFilter, Mode};
use crate::{
    content::kinds::ContentKind, error::ApiError, formats::atom, state::AppState, tenancy,
};

/// How many articles the feed carries.
const FEED_ARTICLES: u64 = 50;

pub async fn news_atom(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let council = path.into_inner();
    let model = tenancy::store::find_public(&state.db, &council)
        .await?
        .ok_or_else(|| ApiError::not_found("Council"))?;
    let tenant = tenancy::store::resolve(&state.db, &state.clock, &council).await?;
    let page = delivery::list(
        &tenant,
        &state.db,
        Mode::Live,
        ContentKind::News,
        "en",
        &ListFilter::default(),
        FEED_ARTICLES,
        None,
    )
    .await?;
    let entries: Vec<atom::Entry> = page
        .items
        .into_iter()
        .map(|d| {
            let summary = d
                .data
                .get("summary")
                .and_then(|s| s.as_str())
                .map(str::to_owned);
            let link = d
                .path
                .as_deref()
                .map(|p| format!("{}{p}", model.website_url.as_deref().unwrap_or("")));
            atom::Entry {
                id: format!("urn:uuid:{}", d.id),
                content: summary.clone().unwrap_or_else(|| d.title.clone()),
                title: d.title,
                updated: d.published_at.unwrap_or(d.sort_at),
                published: Some(d.sort_at),
                summary,
                link,
            }
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max();
    let body = atom::feed(
        &format!("urn:townhall:{}:news", tenant.id()),
        &format!("News: {}", model.name),
        &crate::links::absolute(&state.settings, &format!("/feeds/{council}/news.atom")),
        &entries,
    );
    Ok(crate::preconditions::cacheable_document(
        &req,
        "application/atom+xml; charset=utf-8",
        "public, max-age=300",
        updated,
        body.into_bytes(),
    ))
}
