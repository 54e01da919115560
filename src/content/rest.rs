//! The REST delivery API (`/delivery/v1/councils/{council}/...`): read-only, published content only, no token
//! needed; the same read path and rules as GraphQL (`?preview=true` with a preview token shows drafts).
//! Responses carry an `ETag` (a `304` answers a matching `If-None-Match`) and a `Cache-Control` a CDN can use.
//! Also here: the editors' report of untranslated items, and the national Local Links export.
use actix_web::{
    HttpRequest, HttpResponse, get,
    http::{StatusCode, header},
    web,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    blocks::Block,
    delivery::{self, Alternate, Delivered, ListFilter, Menu, Mode, Route},
    html,
};
use crate::{
    auth::{
        AnyRole, CouncilAccess,
        extract::{delivery_access, optional_principal},
    },
    content::kinds::ContentKind,
    error::{ApiError, ErrorBody},
    pagination::page_size,
    publishing::PublishingError,
    state::AppState,
    tenancy::{self, Tenant},
};

/// One item as delivered.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveredItem {
    pub id: Uuid,
    pub kind: ContentKind,
    /// The locale of the text served.
    pub locale: String,
    /// True when the requested locale has no translation and this is the English text.
    pub is_fallback: bool,
    pub path: Option<String>,
    pub title: String,
    pub published_at: Option<DateTime<Utc>>,
    /// The content in the kind's shape (see `PageDoc`, `ServiceDoc`, `NewsDoc`, `AlertDoc`, `TopicDoc`).
    #[schema(value_type = Object)]
    pub content: Value,
    /// The body rendered to HTML (single items only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    /// Every published language version of a page, service or news article, this one included (single items
    /// only): for `hreflang` links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternates: Option<Vec<Alternate>>,
    /// The page of a guide the path named (its slug); `body_html` is then that page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

impl DeliveredItem {
    pub(in crate::content) fn new(d: Delivered, body_html: Option<String>) -> Self {
        Self {
            id: d.id,
            kind: d.kind,
            locale: d.locale,
            is_fallback: d.is_fallback,
            path: d.path,
            title: d.title,
            published_at: d.published_at,
            content: d.data,
            body_html,
            alternates: None,
            part: d.part,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveredList {
    pub items: Vec<DeliveredItem>,
    pub total_count: u64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// What lives at a path: `status_code` is what the front-end should answer (200, 301, 410 or 404).
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteResponse {
    /// `page`, `service`, `news_article`, `directory`, `directory_entry`, `event`, `guide`, `step_by_step`,
    /// `publication`, `redirect`, `gone` or `not_found`.
    pub kind: String,
    pub status_code: u16,
    pub redirect_to: Option<String>,
    pub item: Option<DeliveredItem>,
}

/// Options every delivery request takes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadQuery {
    /// `en` (default) or `cy`; a missing translation falls back to English with `is_fallback: true`.
    #[param(pattern = "^(en|cy)$")]
    pub locale: Option<String>,
    /// Read drafts (needs a bearer token that may preview this council).
    #[serde(default)]
    pub preview: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Pages: children of this page (top-level pages when absent).
    pub parent: Option<Uuid>,
    pub topic: Option<Uuid>,
    /// Services: with this LGSL code.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295_u64)]
    pub lgsl: Option<u32>,
    /// Services: with this LGIL code.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295_u64)]
    pub lgil: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathParam {
    /// A path on the council's site, e.g. `/bins-and-recycling/missed-bin`.
    pub path: Option<String>,
}

pub(in crate::content) struct Read {
    pub tenant: Tenant,
    pub mode: Mode,
    pub locale: String,
}

pub(in crate::content) async fn read(
    state: &AppState,
    req: &HttpRequest,
    council: &str,
    query: &ReadQuery,
) -> Result<Read, ApiError> {
    let tenant = tenancy::store::resolve(&state.db, &state.clock, council)
        .await?
        .reached_at(&crate::links::Base::of(&state.settings));
    let locale = tenancy::check_locale("locale", query.locale.as_deref())?;
    let principal = if query.preview {
        optional_principal(req, state).await
    } else {
        None
    };
    let mode = if delivery_access(&state.db, principal.as_ref(), &tenant, query.preview).await? {
        Mode::Preview
    } else {
        Mode::Live
    };
    Ok(Read {
        tenant,
        mode,
        locale,
    })
}

/// Answers JSON with a strong ETag of the body, `304` when it matches `If-None-Match`, and caching headers:
/// public content may be cached by a CDN for a minute; previews never.
pub(in crate::content) fn cached<T: Serialize>(
    req: &HttpRequest,
    mode: Mode,
    language: &str,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    cached_as(req, mode, StatusCode::OK, language, body)
}

/// [`cached`] with another status (a route's 301, 404 or 410).
pub(in crate::content) fn cached_as<T: Serialize>(
    req: &HttpRequest,
    mode: Mode,
    status: StatusCode,
    language: &str,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(|e| ApiError::internal(&e))?;
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(&bytes)[..16]));
    let cache = match mode {
        Mode::Live => "public, max-age=60, stale-while-revalidate=300",
        Mode::Preview => "private, no-store",
    };
    let matches = crate::preconditions::not_modified(req, &tag);
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::build(status)
    };
    response
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::CONTENT_LANGUAGE, language))
        .insert_header((header::VARY, "Authorization"));
    Ok(if matches {
        response.finish()
    } else {
        response.content_type("application/json").body(bytes)
    })
}

pub(in crate::content) async fn single(
    state: &AppState,
    read: &Read,
    d: Delivered,
) -> Result<DeliveredItem, PublishingError> {
    // A guide's or publication's page named by the path: its body; otherwise the item's own.
    fn find_page<'a>(pages: Option<&'a Value>, part: &str) -> Option<&'a Value> {
        pages?.as_array()?.iter().find_map(|p| {
            if p.get("slug").and_then(|s| s.as_str()) == Some(part) {
                Some(p)
            } else {
                find_page(p.get("children"), part)
            }
        })
    }
    let part_body = d
        .part
        .as_ref()
        .and_then(|part| find_page(d.data.get("pages"), part)?.get("body").cloned());
    let body_value = part_body.or_else(|| d.data.get("body").cloned());
    let body: Vec<Block> = match body_value.clone() {
        Some(b) => serde_json::from_value(b)
            .map_err(|e| PublishingError::unreadable("live document's body", d.id, e))?,
        None => Vec::new(),
    };
    let rendered = if body_value.is_some() {
        Some(html::body_html(&read.tenant, &state.db, read.mode, &read.locale, &body).await?)
    } else {
        None
    };
    let alternates = match d.kind {
        ContentKind::Page
        | ContentKind::Service
        | ContentKind::News
        | ContentKind::Directory
        | ContentKind::DirectoryEntry
        | ContentKind::Event
        | ContentKind::Guide
        | ContentKind::StepByStep
        | ContentKind::Publication => Some(
            delivery::alternates(&read.tenant, &state.db, &[d.id])
                .await?
                .remove(&d.id)
                .unwrap_or_default(),
        ),
        _ => None,
    };
    let mut item = DeliveredItem::new(d, rendered);
    item.alternates = alternates;
    Ok(item)
}

pub(in crate::content) async fn list(
    state: &AppState,
    req: &HttpRequest,
    read: Read,
    kind: ContentKind,
    filter: ListFilter,
    params: &ListParams,
) -> Result<HttpResponse, ApiError> {
    let size = page_size(params.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
    let found = delivery::list(
        &read.tenant,
        &state.db,
        read.mode,
        kind,
        &read.locale,
        &filter,
        size,
        params.after.as_deref(),
    )
    .await?;
    let next_cursor = if found.has_next {
        found.cursors.last().cloned()
    } else {
        None
    };
    let body = DeliveredList {
        items: found
            .items
            .into_iter()
            .map(|d| DeliveredItem::new(d, None))
            .collect(),
        total_count: found.total_count,
        next_cursor,
    };
    cached(req, read.mode, &read.locale, &body)
}

/// Paging of a list with no filters of its own.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

/// A page of the council's published items of `kind`, in the order they were created.
pub(in crate::content) async fn plain_list(
    state: &AppState,
    req: &HttpRequest,
    council: &str,
    params: &PageParams,
    query: &ReadQuery,
    kind: ContentKind,
) -> Result<HttpResponse, ApiError> {
    let read = read(state, req, council, query).await?;
    let params = ListParams {
        parent: None,
        topic: None,
        lgsl: None,
        lgil: None,
        limit: params.limit,
        after: params.after.clone(),
    };
    list(state, req, read, kind, ListFilter::default(), &params).await
}

/// What lives at a path of the council's site.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), PathParam, ReadQuery),
    responses(
        (status = 200, description = "An item lives at the path", body = RouteResponse, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 301, description = "The item moved: `redirect_to` is its path now, and `Location` this request for that path", body = RouteResponse, headers(("Location" = String), ("ETag" = String), ("Cache-Control" = String))),
        (status = 304),
        (status = 404, description = "Nothing lives at the path (`kind` `not_found`), or no such council (an error body)", body = RouteResponse),
        (status = 410, description = "Something lived at the path and was taken down on purpose (`kind` `gone`)", body = RouteResponse),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/councils/{council}/route")]
pub async fn get_route(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    path: web::Query<PathParam>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let Some(path) = path.path.as_deref() else {
        return Err(ApiError::validation("path", "give the path to look up"));
    };
    let found = delivery::route(&read.tenant, &state.db, read.mode, &read.locale, path).await?;
    let body = match found {
        Route::Item(d) => {
            let kind = match d.kind {
                ContentKind::Page => "page",
                ContentKind::Service => "service",
                ContentKind::Directory => "directory",
                ContentKind::DirectoryEntry => "directory_entry",
                ContentKind::Event => "event",
                ContentKind::Guide => "guide",
                ContentKind::StepByStep => "step_by_step",
                ContentKind::Publication => "publication",
                _ => "news_article",
            };
            RouteResponse {
                kind: kind.into(),
                status_code: 200,
                redirect_to: None,
                item: Some(single(&state, &read, d).await?),
            }
        }
        Route::Redirect { to, .. } => RouteResponse {
            kind: "redirect".into(),
            status_code: 301,
            redirect_to: Some(to),
            item: None,
        },
        Route::Gone => RouteResponse {
            kind: "gone".into(),
            status_code: 410,
            redirect_to: None,
            item: None,
        },
        Route::NotFound => RouteResponse {
            kind: "not_found".into(),
            status_code: 404,
            redirect_to: None,
            item: None,
        },
    };
    let status = StatusCode::from_u16(body.status_code as u16).unwrap_or(StatusCode::OK);
    let language = body
        .item
        .as_ref()
        .map_or(read.locale.as_str(), |i| i.locale.as_str());
    let mut response = cached_as(&req, read.mode, status, language, &body)?;
    if let Some(to) = &body.redirect_to {
        // Where the moved item is now, as this same request for the new path: `fetch` following the redirect
        // gets the item; a client that reads redirects itself (`redirect: "manual"`) has `redirect_to`.
        let mut next = form_urlencoded::Serializer::new(String::new());
        next.append_pair("path", to);
        if let Some(locale) = &query.locale {
            next.append_pair("locale", locale);
        }
        if query.preview {
            next.append_pair("preview", "true");
        }
        // A redirect to another site (an editor's) goes there.
        let location = if to.starts_with("https://") || to.starts_with("http://") {
            to.clone()
        } else {
            format!("{}?{}", req.path(), next.finish())
        };
        if let Ok(value) = header::HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    Ok(response)
}

/// Pages: top-level ones, or the children of `parent`.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ListParams, ReadQuery),
    responses((status = 200, body = DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/pages")]
pub async fn list_pages(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ListParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let filter = ListFilter {
        parent: Some(params.parent),
        topic: params.topic,
        ..ListFilter::default()
    };
    list(&state, &req, read, ContentKind::Page, filter, &params).await
}

async fn one_by_id(
    state: &AppState,
    req: &HttpRequest,
    read: Read,
    kind: ContentKind,
    id: Uuid,
) -> Result<HttpResponse, ApiError> {
    let found = delivery::by_ids(&read.tenant, &state.db, read.mode, &read.locale, &[id])
        .await?
        .into_iter()
        .find(|d| d.kind == kind)
        .ok_or_else(|| ApiError::not_found(kind.label()))?;
    let item = single(state, &read, found).await?;
    cached(req, read.mode, &item.locale, &item)
}

pub(in crate::content) async fn one_by_slug(
    state: &AppState,
    req: &HttpRequest,
    read: Read,
    kind: ContentKind,
    slug: &str,
) -> Result<HttpResponse, ApiError> {
    let found = delivery::by_slug(&read.tenant, &state.db, read.mode, kind, &read.locale, slug)
        .await?
        .ok_or_else(|| ApiError::not_found(kind.label()))?;
    let item = single(state, &read, found).await?;
    cached(req, read.mode, &item.locale, &item)
}

/// One page by id.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), ReadQuery),
    responses((status = 200, body = DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/pages/{id}")]
pub async fn get_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_id(&state, &req, read, ContentKind::Page, path.1).await
}

/// Services, optionally by LGSL/LGIL code or topic.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ListParams, ReadQuery),
    responses((status = 200, body = DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/services")]
pub async fn list_services(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ListParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let filter = ListFilter {
        topic: params.topic,
        lgsl: params.lgsl,
        lgil: params.lgil,
        ..ListFilter::default()
    };
    list(&state, &req, read, ContentKind::Service, filter, &params).await
}

/// One service by slug.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/services/{slug}")]
pub async fn get_service(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::Service, &path.1).await
}

/// News articles, newest first.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ListParams, ReadQuery),
    responses((status = 200, body = DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/news")]
pub async fn list_news(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ListParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let filter = ListFilter {
        topic: params.topic,
        ..ListFilter::default()
    };
    list(&state, &req, read, ContentKind::News, filter, &params).await
}

/// One news article by slug.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/news/{slug}")]
pub async fn get_news_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::News, &path.1).await
}

/// Alert banners showing now (on `path`, when given), most severe first.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), PathParam, ReadQuery),
    responses((status = 200, body = Vec<DeliveredItem>), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/alerts")]
pub async fn list_alerts(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    path: web::Query<PathParam>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let shown = delivery::alerts(
        &read.tenant,
        &state.db,
        read.mode,
        &read.locale,
        path.path.as_deref(),
        state.clock.now(),
    )
    .await?;
    let body: Vec<DeliveredItem> = shown
        .into_iter()
        .map(|d| DeliveredItem::new(d, None))
        .collect();
    cached(&req, read.mode, &read.locale, &body)
}

/// The council's topics (at most 100).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ReadQuery),
    responses((status = 200, body = DeliveredList), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/topics")]
pub async fn list_topics(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let params = ListParams {
        parent: None,
        topic: None,
        lgsl: None,
        lgil: None,
        limit: Some(100),
        after: None,
    };
    list(
        &state,
        &req,
        read,
        ContentKind::Topic,
        ListFilter::default(),
        &params,
    )
    .await
}

/// A navigation menu by name, its links resolved to live pages and services.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("name" = String, Path), ReadQuery),
    responses((status = 200, body = Menu), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/menus/{name}")]
pub async fn get_menu(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    let menu = delivery::menu(&read.tenant, &state.db, read.mode, &read.locale, &path.1)
        .await?
        .ok_or_else(|| ApiError::not_found("Menu"))?;
    cached(&req, read.mode, &read.locale, &menu)
}

/// A published item without a translation.
#[derive(Debug, Serialize, ToSchema)]
pub struct UntranslatedItem {
    pub id: Uuid,
    pub kind: ContentKind,
    pub title: String,
    pub path: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The locale to check (default `cy`).
    #[param(pattern = "^(en|cy)$")]
    pub locale: Option<String>,
}

/// Published items that have no translation in a locale (Welsh by default), for the council's translators.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ReportQuery),
    responses((status = 200, body = Vec<UntranslatedItem>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/reports/missing-translations")]
pub async fn missing_translations(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
    query: web::Query<ReportQuery>,
) -> Result<web::Json<Vec<UntranslatedItem>>, ApiError> {
    let locale = tenancy::check_locale("locale", Some(query.locale.as_deref().unwrap_or("cy")))?;
    if locale == "en" {
        return Err(ApiError::validation("locale", "use cy"));
    }
    let rows = delivery::missing_translations(&access.tenant, &state.db, &locale).await?;
    Ok(web::Json(
        rows.into_iter()
            .filter_map(|r| {
                let kind = ContentKind::parse(&r.kind)?;
                // Menus carry their labels in every locale; they are not translated as items.
                (kind != ContentKind::Menu).then_some(UntranslatedItem {
                    id: r.item_id,
                    kind,
                    title: r.title,
                    path: r.path,
                })
            })
            .collect(),
    ))
}

/// Every council's published services with their LGSL and LGIL codes, as CSV in the shape GOV.UK's Local
/// Links Manager imports: `Authority Name,GSS,LGSL,LGIL,URL`. One row per LGSL and LGIL pair (LGIL empty when a
/// service has none); councils without a GSS code or website address are left out.
#[utoipa::path(
    tag = "exports",
    responses((status = 200, content_type = "text/csv", body = String))
)]
#[get("/exports/local-links.csv")]
pub async fn local_links_csv(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = super::local_links::local_links(&state.db, &state.clock).await?;
    let mut csv = String::from("Authority Name,GSS,LGSL,LGIL,URL\r\n");
    for row in rows {
        csv.push_str(&format!(
            "{},{},{},{},{}\r\n",
            csv_field(&row.council_name),
            csv_field(&row.gss_code),
            row.lgsl,
            row.lgil.map(|c| c.to_string()).unwrap_or_default(),
            csv_field(&row.url)
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"local-links.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(csv))
}

/// Quotes a CSV field when it needs it, and defuses text a spreadsheet would run as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}
