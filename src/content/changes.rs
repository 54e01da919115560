//! The change feed: what changed on a council's site since a cursor, so a static front-end can rebuild only
//! what it must. Public readers see publications and removals; members (REST) see every save and move too.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    auth::{AnyRole, CouncilAccess},
    content::{delivery, kinds::ContentKind},
    error::{ApiError, ErrorBody},
    pagination::{decode_cursor, encode_cursor, page_size},
    publishing::{PublishingError, model::event, store},
    state::AppState,
    tenancy::Tenant,
};

/// One change.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[graphql(name = "Change")]
pub struct Change {
    /// Pass as `since` (GraphQL) or `after` (REST) to read the changes after this one.
    pub cursor: String,
    pub item_id: Uuid,
    pub kind: ContentKind,
    /// Public feed: `published` (new or updated on the site) or `removed` (unpublished, archived or deleted).
    /// Members' feed: the action itself (`created`, `updated`, `submitted`, `published`, `deleted`, ...).
    pub change: String,
    /// The item's English path: where it is now, or where it was when removed.
    pub path: Option<String>,
    pub at: DateTime<Utc>,
}

/// A page of changes.
#[derive(Debug, Serialize, ToSchema, async_graphql::SimpleObject)]
#[graphql(name = "Changes")]
pub struct ChangeList {
    pub items: Vec<Change>,
    /// The cursor to ask with next time (the last change's, or the one you sent when nothing changed).
    pub cursor: Option<String>,
    pub has_more: bool,
}

/// Reads changes after `since`.
pub async fn read(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    since: Option<&str>,
    limit: u64,
    public: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ChangeList, PublishingError> {
    let after = since
        .map(|c| {
            decode_cursor(c)
                .map_err(|_| PublishingError::invalid("since", "the cursor is not valid"))
        })
        .transpose()?;
    let mut rows = store::changes(tenant, db, after, limit, public, now).await?;
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let ids: Vec<Uuid> = rows.iter().map(|r| r.item_id).collect();
    let (live_paths, old_paths) = delivery::english_paths(tenant, db, ids).await?;
    let cursor = rows
        .last()
        .map(|r| encode_cursor(r.id))
        .or_else(|| since.map(str::to_owned));
    let items = rows
        .into_iter()
        .filter_map(|e: event::Model| {
            let is_live = live_paths.contains_key(&e.item_id);
            let change = if public {
                match e.action.as_str() {
                    "published" => "published",
                    "restored" if is_live => "published",
                    "restored" => return None,
                    _ => "removed",
                }
                .to_owned()
            } else {
                e.action.clone()
            };
            let path = live_paths
                .get(&e.item_id)
                .cloned()
                .flatten()
                .filter(|_| change != "removed")
                .or_else(|| old_paths.get(&e.item_id).cloned());
            Some(Change {
                cursor: encode_cursor(e.id),
                item_id: e.item_id,
                kind: ContentKind::parse(&e.kind)?,
                change,
                path,
                at: e.at,
            })
        })
        .collect();
    Ok(ChangeList {
        items,
        cursor,
        has_more,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `cursor` of the previous answer; absent for everything from the start.
    #[param(min_length = 1)]
    pub after: Option<String>,
    /// Changes per answer, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Every change to the council's web content (drafts included), oldest first, after a cursor. Changes appear
/// two seconds after they are made, so that none committed out of order is skipped.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ChangesQuery),
    responses((status = 200, body = ChangeList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<ChangesQuery>,
) -> Result<web::Json<ChangeList>, ApiError> {
    let limit = page_size(query.limit.map(|l| l.min(1000) as i64))?;
    let list = read(
        &access.tenant,
        &state.db,
        query.after.as_deref(),
        limit,
        false,
        state.clock.now(),
    )
    .await?;
    Ok(web::Json(list))
}
