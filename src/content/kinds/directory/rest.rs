//! The REST delivery of directories: channels, a channel's entries (filtered by facets, words, a point and opening
//! times, with facet counts), its venues as GeoJSON for a map, and single entries with whether they are open now.
use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::{
    channel::DirectoryDoc,
    entry::{DirectoryEntryDoc, DirectoryFacetCounts, facet_counts},
    hours::OpeningStatus,
};
use crate::{
    calendar::london,
    content::{
        delivery::{
            self, Delivered,
            directory::{DIRECTORY_SCAN, EntryFilter, EntryPage, Near},
        },
        kinds::ContentKind,
        rest::{
            DeliveredItem, PageParams, Read, ReadQuery, cached, one_by_slug, plain_list, read,
            single,
        },
    },
    error::{ApiError, ErrorBody},
    pagination::page_size,
    publishing::PublishingError,
    state::AppState,
    tenancy::Nation,
};

/// What a channel's entries are filtered by.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryParams {
    /// Facet values as `group:value`, separated by commas (`age-group:under-5,support:childcare`): values of one
    /// group widen the list, groups narrow it.
    #[param(max_length = 2000)]
    pub facets: Option<String>,
    /// Words to find in the entries.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// A point as `latitude,longitude` (WGS 84): only entries within `radius`, nearest first.
    #[param(pattern = r"^-?[0-9]+(\.[0-9]+)?,-?[0-9]+(\.[0-9]+)?$")]
    pub near: Option<String>,
    /// Metres around `near` (10000 when absent).
    #[param(minimum = 1, maximum = 1500000)]
    pub radius: Option<f64>,
    /// Only entries open at this time (London time like `2026-12-24T10:00`, or with an offset).
    pub open_at: Option<String>,
    /// Only entries open now.
    #[serde(default)]
    pub open_now: bool,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

/// A directory entry as delivered, with whether it is open and how far it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveredEntry {
    #[serde(flatten)]
    pub item: DeliveredItem,
    /// Whether it is open at the time asked about (now when none was), when it closes or next opens; absent when
    /// it has no opening hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening: Option<OpeningStatus>,
    /// Metres from the point asked about (with `near`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_metres: Option<f64>,
}

/// A page of a channel's entries, with the count of each facet value for the current filter.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryEntryList {
    pub items: Vec<DeliveredEntry>,
    pub total_count: u64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// The channel's facet groups, each value with the number of entries that have it under the current filter
    /// (a group's own choice left out of its counts).
    #[schema(value_type = Vec<Object>)]
    pub facets: Vec<FacetCountsBody>,
}

/// A facet group with its counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountsBody {
    pub key: String,
    pub name: String,
    pub values: Vec<FacetCountBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountBody {
    pub key: String,
    pub name: String,
    pub count: i32,
    pub selected: bool,
}

impl From<DirectoryFacetCounts> for FacetCountsBody {
    fn from(g: DirectoryFacetCounts) -> Self {
        Self {
            key: g.key,
            name: g.name,
            values: g
                .values
                .into_iter()
                .map(|v| FacetCountBody {
                    key: v.key,
                    name: v.name,
                    count: v.count,
                    selected: v.selected,
                })
                .collect(),
        }
    }
}

/// Whether the entry is open at `at`; `None` without opening hours. An entry whose stored document cannot be read
/// is an error (a logged 500), never an entry shown without them.
fn opening(
    d: &Delivered,
    at: DateTime<Utc>,
    nation: Nation,
) -> Result<Option<OpeningStatus>, PublishingError> {
    let doc: DirectoryEntryDoc = d.doc()?;
    Ok(doc
        .venue
        .and_then(|v| v.opening_hours)
        .map(|h| h.status_at(at, nation)))
}

impl EntryParams {
    fn filter(&self, now: DateTime<Utc>) -> Result<EntryFilter, PublishingError> {
        let facets: Vec<String> = self
            .facets
            .as_deref()
            .map(|f| f.split(',').map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default();
        let near = Near::from_query(self.near.as_deref(), self.radius)?;
        let open_at = match self.open_at.as_deref() {
            Some(at) => Some(
                london::parse_time(at)
                    .map_err(|message| PublishingError::invalid("open_at", message))?,
            ),
            None => self.open_now.then_some(now),
        };
        if let Some(q) = &self.q
            && q.chars().count() > 200
        {
            return Err(PublishingError::invalid("q", "at most 200 characters"));
        }
        if self
            .facets
            .as_ref()
            .is_some_and(|f| f.chars().count() > 2000)
        {
            return Err(PublishingError::invalid(
                "facets",
                "at most 2000 characters",
            ));
        }
        Ok(EntryFilter {
            facets: EntryFilter::parse_facets("facets", &facets)?,
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            near,
            open_at,
        })
    }
}

/// The published directory channel with this slug.
async fn channel(
    state: &AppState,
    read: &Read,
    slug: &str,
) -> Result<(Delivered, DirectoryDoc), ApiError> {
    let found = delivery::by_slug(
        &read.tenant,
        &state.db,
        read.mode,
        ContentKind::Directory,
        &read.locale,
        slug,
    )
    .await?
    .ok_or_else(|| ApiError::not_found(ContentKind::Directory.label()))?;
    let doc = found.doc()?;
    Ok((found, doc))
}

/// The council's directory channels.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), PageParams, ReadQuery),
    responses((status = 200, body = crate::content::rest::DeliveredList), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/directories")]
pub async fn list_directories(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<PageParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    plain_list(
        &state,
        &req,
        &council,
        &params,
        &query,
        ContentKind::Directory,
    )
    .await
}

/// One directory channel by slug, with its facet groups.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = DeliveredItem), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/directories/{slug}")]
pub async fn get_directory(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    one_by_slug(&state, &req, read, ContentKind::Directory, &path.1).await
}

/// A directory channel's entries: filtered by facets, words, a point (nearest first) and opening times, with the
/// count of each facet value for the current filter.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path, description = "The directory's slug"), EntryParams, ReadQuery),
    responses((status = 200, body = DirectoryEntryList, headers(("ETag" = String), ("Cache-Control" = String))), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/directories/{slug}/entries")]
pub async fn list_directory_entries(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: web::Query<EntryParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    let filter = params.filter(read.tenant.now())?;
    let size = page_size(params.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
    let (found, doc) = channel(&state, &read, &path.1).await?;
    let page = delivery::directory::directory_entries(
        &read.tenant,
        &state.db,
        read.mode,
        &read.locale,
        found.id,
        &filter,
        size,
        params.after.as_deref(),
    )
    .await?;
    let facets = facet_counts(&doc.facet_groups, &page, &filter)
        .into_iter()
        .map(FacetCountsBody::from)
        .collect();
    let at = filter.open_at.unwrap_or_else(|| read.tenant.now());
    let EntryPage {
        items,
        total_count,
        next_cursor,
        ..
    } = page;
    let body = DirectoryEntryList {
        items: items
            .into_iter()
            .map(|m| {
                Ok(DeliveredEntry {
                    opening: opening(&m.item, at, read.tenant.nation())?,
                    distance_metres: m.distance_metres.map(f64::round),
                    item: DeliveredItem::new(m.item, None),
                })
            })
            .collect::<Result<_, PublishingError>>()?,
        total_count,
        next_cursor,
        facets,
    };
    cached(&req, read.mode, &read.locale, &body)
}

/// A directory channel's venues as a GeoJSON FeatureCollection of points (RFC 7946), for a map; the same filters
/// as the entries (at most 10,000 venues).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path, description = "The directory's slug"), EntryParams, ReadQuery),
    responses((status = 200, description = "A GeoJSON FeatureCollection: each feature a venue, with the entry's id, title, path, summary and whether it is open", content_type = "application/geo+json", body = Object), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/directories/{slug}/venues")]
pub async fn directory_venues(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: web::Query<EntryParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    let filter = params.filter(read.tenant.now())?;
    let (found, _) = channel(&state, &read, &path.1).await?;
    let page = delivery::directory::directory_entries(
        &read.tenant,
        &state.db,
        read.mode,
        &read.locale,
        found.id,
        &filter,
        DIRECTORY_SCAN,
        None,
    )
    .await?;
    let at = filter.open_at.unwrap_or_else(|| read.tenant.now());
    let features: Vec<Value> = page
        .items
        .iter()
        // Entries without a venue have no place on the map; one that cannot be read fails the answer.
        .map(|m| {
            let doc: DirectoryEntryDoc = m.item.doc()?;
            let Some(venue) = doc.venue else {
                return Ok(None);
            };
            let open = venue
                .opening_hours
                .as_ref()
                .map(|h| h.status_at(at, read.tenant.nation()).open);
            Ok(Some(json!({
                "type": "Feature",
                "id": m.item.id,
                // GeoJSON positions are longitude first.
                "geometry": {"type": "Point", "coordinates": [venue.longitude, venue.latitude]},
                "properties": {
                    "title": doc.title,
                    "path": m.item.path,
                    "summary": doc.summary,
                    "address": venue.address,
                    "open": open,
                    "distance_metres": m.distance_metres.map(f64::round),
                },
            })))
        })
        .filter_map(Result::transpose)
        .collect::<Result<_, PublishingError>>()?;
    let body = json!({"type": "FeatureCollection", "features": features});
    let mut response = cached(&req, read.mode, &read.locale, &body)?;
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/geo+json"),
        );
    }
    Ok(response)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpeningParams {
    /// Whether it is open at this time (London time like `2026-12-24T10:00`, or with an offset); now when absent.
    pub open_at: Option<String>,
}

/// One directory entry by slug, with whether it is open now (or at `open_at`).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), OpeningParams, ReadQuery),
    responses((status = 200, body = DeliveredEntry), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/directory-entries/{slug}")]
pub async fn get_directory_entry(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: web::Query<OpeningParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    let at = match params.open_at.as_deref() {
        Some(at) => london::parse_time(at).map_err(|m| ApiError::validation("open_at", m))?,
        None => read.tenant.now(),
    };
    let found = delivery::by_slug(
        &read.tenant,
        &state.db,
        read.mode,
        ContentKind::DirectoryEntry,
        &read.locale,
        &path.1,
    )
    .await?
    .ok_or_else(|| ApiError::not_found(ContentKind::DirectoryEntry.label()))?;
    let body = DeliveredEntry {
        opening: opening(&found, at, read.tenant.nation())?,
        distance_metres: None,
        item: single(&state, &read, found).await?,
    };
    cached(&req, read.mode, &body.item.locale, &body)
}
