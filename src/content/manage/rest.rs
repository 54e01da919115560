//! The management API of web content: `/api/v1/councils/{council}/{collection}` where the collection is
//! `pages`, `services`, `news`, `alerts`, `topics` or `menus`. Editors save drafts and submit them; publishers
//! (admins, or `write` tokens) publish, unpublish, archive, schedule, delete and restore.
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    auth::{AnyRole, CouncilAccess, EditorRole, PublisherRole},
    content::kinds::{Collection, Content, ContentBody, ContentKind},
    error::{ApiError, ErrorBody},
    pagination::{PageQuery, decode_cursor, encode_cursor},
    preconditions::{etag, expected_version},
    publishing::{
        Action, PublishingError, Status,
        diff::{Change, diff},
        model::{event, item, revision},
        store::{self, Actor, ItemFilter},
    },
    state::AppState,
};

/// An item as editors see it: workflow state and, when one item is read, its working copy.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemResponse {
    pub id: Uuid,
    pub kind: ContentKind,
    pub status: Status,
    pub version: i32,
    /// Whether some revision of it is on the public site now.
    pub live: bool,
    pub live_revision: Option<i32>,
    pub latest_revision: i32,
    /// The working copy differs from what is live.
    pub has_unpublished_changes: bool,
    pub title: String,
    pub parent_id: Option<Uuid>,
    pub publish_at: Option<DateTime<Utc>>,
    pub unpublish_at: Option<DateTime<Utc>>,
    pub first_published_at: Option<DateTime<Utc>>,
    pub last_published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The member of the council who owns the item.
    pub owner_id: Option<Uuid>,
    /// When the item is due for review.
    pub review_on: Option<chrono::NaiveDate>,
    /// The working copy (the newest revision), in the kind's shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ContentBody>)]
    pub content: Option<Value>,
}

impl ItemResponse {
    fn new(item: item::Model, content: Option<Value>) -> Self {
        let live = item.live_revision.is_some() && item.deleted_at.is_none();
        Self {
            id: item.id,
            kind: ContentKind::parse(&item.kind).unwrap_or(ContentKind::Page),
            status: Status::parse(&item.status).unwrap_or(Status::Draft),
            version: item.version,
            live,
            live_revision: item.live_revision,
            latest_revision: item.latest_revision,
            has_unpublished_changes: item.live_revision != Some(item.latest_revision),
            title: item.title,
            parent_id: item.parent_id,
            publish_at: item.publish_at,
            unpublish_at: item.unpublish_at,
            first_published_at: item.first_published_at,
            last_published_at: item.last_published_at,
            created_at: item.created_at,
            updated_at: item.updated_at,
            deleted_at: item.deleted_at,
            owner_id: item.owner_id,
            review_on: item.review_on,
            content,
        }
    }
}

/// A page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemList {
    pub items: Vec<ItemResponse>,
    pub next_cursor: Option<String>,
}

/// A save: the content in the kind's shape, and an optional note for the revision history.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    #[schema(value_type = ContentBody)]
    pub content: Value,
    /// Why this change was made (kept with the revision).
    #[serde(default)]
    pub note: Option<String>,
}

/// A workflow move with an optional note (a reviewer's reason for sending a draft back, say).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkflowRequest {
    #[serde(default)]
    pub note: Option<String>,
}

/// When an item goes live and comes down; `null` clears a time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    #[serde(default)]
    pub publish_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub unpublish_at: Option<DateTime<Utc>>,
}

/// Filters of an editor's list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub status: Option<Status>,
    pub topic: Option<Uuid>,
    /// Child pages of this page.
    pub parent: Option<Uuid>,
    /// Text in the English title (case-insensitive).
    pub q: Option<String>,
    /// `created` (oldest first, the default) or `-created` (newest first).
    pub sort: Option<String>,
    /// Only items whose review date has come (today or before, London time).
    #[serde(default)]
    pub review_due: bool,
    /// Only items the caller changed last ("my drafts"); a caller with an API token has none.
    #[serde(default)]
    pub mine: bool,
    /// List deleted items (to restore one) instead of the others.
    #[serde(default)]
    pub deleted: bool,
}

/// One revision; `content` only when a single revision is read.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionResponse {
    pub number: i32,
    pub note: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Whether this revision is the one on the public site.
    pub live: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ContentBody>)]
    pub content: Option<Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionList {
    pub items: Vec<RevisionResponse>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The older revision's number.
    pub from: i32,
    /// The newer revision's number.
    pub to: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DiffResponse {
    pub from: i32,
    pub to: i32,
    pub changes: Vec<Change>,
}

/// One entry of an item's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventResponse {
    /// `created`, `updated`, `submitted`, `withdrawn`, `published`, `unpublished`, `archived`, `unarchived`,
    /// `scheduled`, `review_set`, `deleted`, `restored`, `restored_revision`.
    pub action: String,
    pub revision: Option<i32>,
    pub actor: Option<Uuid>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<event::Model> for EventResponse {
    fn from(e: event::Model) -> Self {
        Self {
            action: e.action,
            revision: e.revision,
            actor: e.actor,
            note: e.note,
            at: e.at,
        }
    }
}

pub(super) fn kind_of(collection: &str) -> Result<ContentKind, ApiError> {
    ContentKind::from_collection(collection).ok_or_else(|| ApiError::not_found("Route"))
}

pub(super) fn actor<R>(access: &CouncilAccess<R>) -> Actor {
    Actor(access.principal.user_id())
}

pub(super) fn with_etag(item: item::Model, content: Option<Value>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(item.version)))
        .json(ItemResponse::new(item, content))
}

async fn working_copy(
    state: &AppState,
    access_tenant: &crate::tenancy::Tenant,
    item: &item::Model,
) -> Result<Value, PublishingError> {
    let rev = store::revision(access_tenant, &state.db, item.id, item.latest_revision).await?;
    rev.content_json()
}

/// List a collection's items (drafts included), filtered and paginated.
#[utoipa::path(
    tag = "content",
    params(
        ("council" = String, Path, description = "Council slug"),
        ("collection" = inline(Collection), Path, description = "The kind of content"),
        ListQuery, PageQuery,
    ),
    responses((status = 200, body = ItemList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/{collection}", guard = "content_collection")]
pub async fn list_items(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String)>,
    query: web::Query<ListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<ItemList>, ApiError> {
    let kind = kind_of(&path.1)?;
    let page = page.validate()?;
    let query = query.into_inner();
    let newest_first = match query.sort.as_deref() {
        None | Some("created") => false,
        Some("-created") => true,
        Some(_) => return Err(ApiError::validation("sort", "use created or -created")),
    };
    let filter = ItemFilter {
        status: query.status,
        topic: query.topic,
        parent: query.parent,
        text: query.q,
        deleted: query.deleted,
        newest_first,
        review_by: query.review_due.then(|| access.tenant.today()),
        // An API token is nobody: `mine` then matches no item.
        changed_by: query
            .mine
            .then(|| access.principal.user_id().unwrap_or(Uuid::nil())),
    };
    let mut rows = store::list(
        &access.tenant,
        &state.db,
        kind,
        &filter,
        page.after,
        page.limit,
    )
    .await?;
    let more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| encode_cursor(r.id))
    } else {
        None
    };
    Ok(web::Json(ItemList {
        items: rows
            .into_iter()
            .map(|r| ItemResponse::new(r, None))
            .collect(),
        next_cursor,
    }))
}

/// Create an item (a draft, revision 1).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content")),
    request_body = SaveRequest,
    responses(
        (status = 201, body = ItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A slug is already used"),
        (status = 422, body = ErrorBody, description = "Invalid content; `details.fields[0].field` is the path, e.g. `translations.en.body[3].level`"),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/{collection}", guard = "content_collection")]
pub async fn create_item(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    path: web::Path<(String, String)>,
    body: web::Json<SaveRequest>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let body = body.into_inner();
    let content = Content::parse(kind, body.content, &access.tenant)?;
    let json = content.to_json();
    let item = store::create(
        &access.tenant,
        &state.db,
        content,
        body.note,
        actor(&access),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(item.version)))
        .insert_header((
            header::LOCATION,
            format!(
                "/api/v1/councils/{}/{}/{}",
                access.tenant.slug(),
                kind.collection(),
                item.id
            ),
        ))
        .json(ItemResponse::new(item, Some(json))))
}

/// Read an item with its working copy.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path)),
    responses((status = 200, body = ItemResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/{collection}/{id}", guard = "content_collection")]
pub async fn get_item(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let item = store::get(&access.tenant, &state.db, kind, path.2).await?;
    let content = working_copy(&state, &access.tenant, &item).await?;
    Ok(with_etag(item, Some(content)))
}

/// Save a new revision. Requires `If-Match`; what is live stays live until this revision is published.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = SaveRequest,
    responses(
        (status = 200, body = ItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/councils/{council}/{collection}/{id}", guard = "content_collection")]
pub async fn update_item(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    req: HttpRequest,
    path: web::Path<(String, String, Uuid)>,
    body: web::Json<SaveRequest>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(&req)?;
    let body = body.into_inner();
    let content = Content::parse(kind, body.content, &access.tenant)?;
    let json = content.to_json();
    let item = store::update(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        version,
        content,
        body.note,
        actor(&access),
    )
    .await?;
    Ok(with_etag(item, Some(json)))
}

/// Delete an item (soft: off the public site at once, restorable). Requires `If-Match`.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    responses(
        (status = 200, body = ItemResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/{collection}/{id}", guard = "content_collection")]
pub async fn delete_item(
    state: web::Data<AppState>,
    access: CouncilAccess<PublisherRole>,
    req: HttpRequest,
    path: web::Path<(String, String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(&req)?;
    let item = store::delete::<Content>(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        version,
        actor(&access),
    )
    .await?;
    Ok(with_etag(item, None))
}

/// Restore a deleted item as it was (live again if it was live).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path)),
    responses((status = 200, body = ItemResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post(
    "/councils/{council}/{collection}/{id}/restore",
    guard = "content_collection"
)]
pub async fn restore_item(
    state: web::Data<AppState>,
    access: CouncilAccess<PublisherRole>,
    path: web::Path<(String, String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let item =
        store::restore::<Content>(&access.tenant, &state.db, kind, path.2, actor(&access)).await?;
    Ok(with_etag(item, None))
}

async fn workflow<R>(
    state: &AppState,
    access: &CouncilAccess<R>,
    req: &HttpRequest,
    path: &(String, String, Uuid),
    body: Option<WorkflowRequest>,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(req)?;
    let note = body.and_then(|b| b.note);
    let item = store::transition::<Content>(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        version,
        action,
        note.clone(),
        actor(access),
    )
    .await?;
    super::notify::after(
        super::notify::Context {
            db: state.db.clone(),
            settings: state.settings.clone(),
            tenant: access.tenant.clone(),
            base: crate::links::Base::of(&state.settings),
            collection: path.1.clone(),
            actor: access.principal.user_id(),
        },
        item.clone(),
        action,
        note,
    )
    .await;
    Ok(with_etag(item, None))
}

/// Routes with a `{collection}` segment match only content collections (`pages`, `news`, ...): a request for
/// another resource (`members`, `wards`, ...) with a method it lacks falls through to the 405 answer instead of
/// reaching a content handler.
pub fn content_collection(ctx: &actix_web::guard::GuardContext) -> bool {
    let mut segments = ctx.head().uri.path().split('/');
    segments.by_ref().find(|s| *s == "councils");
    segments.next();
    segments
        .next()
        .is_some_and(|c| ContentKind::from_collection(c).is_some())
}

macro_rules! workflow_handler {
    ($(#[$doc:meta])* $name:ident, $route:literal, $role:ty, $action:expr) => {
        $(#[$doc])*
        #[utoipa::path(
            tag = "content",
            params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
            request_body(content = Option<WorkflowRequest>),
            responses(
                (status = 200, body = ItemResponse, headers(("ETag" = String))),
                (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                (status = 409, body = ErrorBody, description = "Not allowed from the item's state, or its path is taken"),
                (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
            ),
            security(("bearer" = []))
        )]
        #[post($route, guard = "content_collection")]
        pub async fn $name(
            state: web::Data<AppState>,
            access: CouncilAccess<$role>,
            req: HttpRequest,
            path: web::Path<(String, String, Uuid)>,
            body: Result<web::Json<WorkflowRequest>, actix_web::Error>,
        ) -> Result<HttpResponse, actix_web::Error> {
            // The body is optional; one that is sent must be valid (it is not silently dropped).
            let body = match body {
                Ok(json) => Some(json.into_inner()),
                Err(_) if crate::body::is_absent(&req) => None,
                Err(e) => return Err(e),
            };
            Ok(workflow(&state, &access, &req, &path, body, $action).await?)
        }
    };
}

workflow_handler!(
    /// Submit a draft for review (editors).
    submit_item, "/councils/{council}/{collection}/{id}/submit", EditorRole, Action::Submit
);
workflow_handler!(
    /// Send an item in review back to draft (its editor withdrawing it, or a publisher asking for changes).
    withdraw_item, "/councils/{council}/{collection}/{id}/withdraw", EditorRole, Action::Withdraw
);
workflow_handler!(
    /// Publish the working copy (publishers). The previous live version stays live until this succeeds.
    publish_item, "/councils/{council}/{collection}/{id}/publish", PublisherRole, Action::Publish
);
workflow_handler!(
    /// Take an item off the public site (publishers); its paths answer "gone".
    unpublish_item, "/councils/{council}/{collection}/{id}/unpublish", PublisherRole, Action::Unpublish
);
workflow_handler!(
    /// Archive an item (publishers): off the public site, kept for the record.
    archive_item, "/councils/{council}/{collection}/{id}/archive", PublisherRole, Action::Archive
);
workflow_handler!(
    /// Bring an archived item back as a draft (publishers).
    unarchive_item, "/councils/{council}/{collection}/{id}/unarchive", PublisherRole, Action::Unarchive
);

/// Schedule publication and/or unpublication (publishers). The scheduled publication publishes the revision
/// current now. Requires `If-Match`.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = ScheduleRequest,
    responses(
        (status = 200, body = ItemResponse, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put(
    "/councils/{council}/{collection}/{id}/schedule",
    guard = "content_collection"
)]
pub async fn schedule_item(
    state: web::Data<AppState>,
    access: CouncilAccess<PublisherRole>,
    req: HttpRequest,
    path: web::Path<(String, String, Uuid)>,
    body: web::Json<ScheduleRequest>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(&req)?;
    let body = body.into_inner();
    let item = store::schedule::<Content>(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        version,
        body.publish_at,
        body.unpublish_at,
        actor(&access),
    )
    .await?;
    Ok(with_etag(item, None))
}

fn revision_response(
    rev: revision::Model,
    live: Option<i32>,
    with_content: bool,
) -> Result<RevisionResponse, PublishingError> {
    let content = if with_content {
        Some(rev.content_json()?)
    } else {
        None
    };
    Ok(RevisionResponse {
        number: rev.number,
        note: rev.note,
        created_by: rev.created_by,
        created_at: rev.created_at,
        live: live == Some(rev.number),
        content,
    })
}

/// An item's revisions, newest first.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = RevisionList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get(
    "/councils/{council}/{collection}/{id}/revisions",
    guard = "content_collection"
)]
pub async fn list_revisions(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String, Uuid)>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<RevisionList>, ApiError> {
    let kind = kind_of(&path.1)?;
    let limit = crate::pagination::page_size(page.limit.map(|l| l.min(1000) as i64))?;
    let before = match page.after.as_deref() {
        Some(cursor) => Some(
            decode_cursor(cursor)
                .ok()
                .map(|u| u.as_u128() as i32)
                .ok_or_else(|| ApiError::validation("after", "the cursor is not valid"))?,
        ),
        None => None,
    };
    let item = store::get(&access.tenant, &state.db, kind, path.2).await?;
    let mut rows = store::revisions(&access.tenant, &state.db, item.id, before, limit).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last()
            .map(|r| encode_cursor(Uuid::from_u128(r.number as u128)))
    } else {
        None
    };
    Ok(web::Json(RevisionList {
        items: rows
            .into_iter()
            .map(|r| revision_response(r, item.live_revision, false))
            .collect::<Result<_, _>>()?,
        next_cursor,
    }))
}

/// One revision with its full content.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("number" = i32, Path)),
    responses((status = 200, body = RevisionResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get(
    "/councils/{council}/{collection}/{id}/revisions/{number}",
    guard = "content_collection"
)]
pub async fn get_revision(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String, Uuid, i32)>,
) -> Result<web::Json<RevisionResponse>, ApiError> {
    let kind = kind_of(&path.1)?;
    let item = store::get(&access.tenant, &state.db, kind, path.2).await?;
    let rev = store::revision(&access.tenant, &state.db, item.id, path.3).await?;
    Ok(web::Json(revision_response(rev, item.live_revision, true)?))
}

/// What changed between two revisions, value by value (JSON Pointer paths).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), DiffQuery),
    responses((status = 200, body = DiffResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get(
    "/councils/{council}/{collection}/{id}/diff",
    guard = "content_collection"
)]
pub async fn diff_revisions(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String, Uuid)>,
    query: web::Query<DiffQuery>,
) -> Result<web::Json<DiffResponse>, ApiError> {
    let kind = kind_of(&path.1)?;
    let item = store::get(&access.tenant, &state.db, kind, path.2).await?;
    let from = store::revision(&access.tenant, &state.db, item.id, query.from).await?;
    let to = store::revision(&access.tenant, &state.db, item.id, query.to).await?;
    let parse = |r: &revision::Model| r.content_json();
    Ok(web::Json(DiffResponse {
        from: query.from,
        to: query.to,
        changes: diff(&parse(&from)?, &parse(&to)?),
    }))
}

/// Make an old revision the working copy again: saved as a new revision with exactly its content. Requires `If-Match`.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path), ("number" = i32, Path), ("If-Match" = String, Header)),
    responses(
        (status = 200, body = ItemResponse, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post(
    "/councils/{council}/{collection}/{id}/revisions/{number}/restore",
    guard = "content_collection"
)]
pub async fn restore_revision(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    req: HttpRequest,
    path: web::Path<(String, String, Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let kind = kind_of(&path.1)?;
    let version = expected_version(&req)?;
    let item = store::restore_revision::<Content>(
        &access.tenant,
        &state.db,
        kind,
        path.2,
        path.3,
        version,
        actor(&access),
    )
    .await?;
    let content = working_copy(&state, &access.tenant, &item).await?;
    Ok(with_etag(item, Some(content)))
}

/// An item's history (saves, workflow moves, schedules, deletions), newest first, at most 100 entries.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("collection" = inline(Collection), Path, description = "The kind of content"), ("id" = Uuid, Path)),
    responses((status = 200, body = Vec<EventResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get(
    "/councils/{council}/{collection}/{id}/history",
    guard = "content_collection"
)]
pub async fn item_history(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    path: web::Path<(String, String, Uuid)>,
) -> Result<web::Json<Vec<EventResponse>>, ApiError> {
    let kind = kind_of(&path.1)?;
    let item = store::get(&access.tenant, &state.db, kind, path.2).await?;
    let rows = store::events(&access.tenant, &state.db, item.id, 100).await?;
    Ok(web::Json(
        rows.into_iter().map(EventResponse::from).collect(),
    ))
}
