//! The REST delivery of events (occurrences in a window, one event with its coming dates) and the iCalendar feeds
//! of a council's events, all of them or one category's.
use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{EventDoc, EventState, recurrence};
use crate::{
    calendar::london,
    content::{
        delivery::{
            self, Mode,
            directory::Near,
            events::{EventFilter, event_occurrences},
        },
        kinds::ContentKind,
        rest::{DeliveredItem, ReadQuery, cached, read, single},
    },
    error::{ApiError, ErrorBody},
    formats::ical,
    pagination::page_size,
    publishing::PublishingError,
    state::AppState,
    tenancy,
};

/// What events are listed by.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// From this time or date (London time like `2026-12-01T09:00` or `2026-12-01`, or with an offset); now when
    /// absent. What has ended is never listed.
    pub from: Option<String>,
    /// Up to this time, or the end of this date (90 days after `from` when absent; at most two years after it).
    pub to: Option<String>,
    /// A category's key (`family`).
    #[param(max_length = 100)]
    pub category: Option<String>,
    /// Only events at this directory venue (a directory entry's id).
    pub venue: Option<Uuid>,
    /// A point as `latitude,longitude` (WGS 84): only events within `radius` metres.
    #[param(pattern = r"^-?[0-9]+(\.[0-9]+)?,-?[0-9]+(\.[0-9]+)?$")]
    pub near: Option<String>,
    #[param(minimum = 1, maximum = 1500000)]
    pub radius: Option<f64>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(min_length = 1)]
    pub after: Option<String>,
}

/// A time or a date (the date's start, or with `end`, the next day's start).
fn instant(field: &str, value: &str, end: bool) -> Result<DateTime<Utc>, PublishingError> {
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        crate::calendar::bounds::check_date(date)
            .map_err(|message| PublishingError::invalid(field, message))?;
        return Ok(london::start_of(if end {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        }));
    }
    london::parse_time(value).map_err(|message| PublishingError::invalid(field, message))
}

impl EventParams {
    fn filter(&self, now: DateTime<Utc>) -> Result<EventFilter, PublishingError> {
        let from = self
            .from
            .as_deref()
            .map(|v| instant("from", v, false))
            .transpose()?;
        let to = self
            .to
            .as_deref()
            .map(|v| instant("to", v, true))
            .transpose()?;
        let (from, to) = EventFilter::window(from, to, now)?;
        let near = Near::from_query(self.near.as_deref(), self.radius)?;
        if self
            .category
            .as_ref()
            .is_some_and(|c| c.chars().count() > 100)
        {
            return Err(PublishingError::invalid(
                "category",
                "at most 100 characters",
            ));
        }
        Ok(EventFilter {
            from,
            to,
            category: self.category.clone(),
            near,
            venue: self.venue,
            include_past: false,
        })
    }
}

/// One occurrence of an event as delivered.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveredOccurrence {
    #[serde(flatten)]
    pub item: DeliveredItem,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The whole London day (or days): show the date, not the times.
    pub all_day: bool,
    /// Metres from the point asked about (with `near`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_metres: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<DeliveredOccurrence>,
    pub total_count: u64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// When an event happens.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventTime {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub all_day: bool,
}

/// One event, with its coming dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveredEvent {
    #[serde(flatten)]
    pub item: DeliveredItem,
    /// Its next occurrences in the coming year (at most 20), soonest first.
    pub occurrences: Vec<EventTime>,
}

/// The council's events: each occurrence in the window, soonest first (repeating events expanded; what has ended
/// left out; cancelled events kept, marked `cancelled`).
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), EventParams, ReadQuery),
    responses((status = 200, body = EventList, headers(("ETag" = String), ("Cache-Control" = String))), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<EventParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let filter = params.filter(read.tenant.now())?;
    let size = page_size(params.limit.map(|l| l.min(i64::MAX as u64) as i64))?;
    let page = event_occurrences(
        &read.tenant,
        &state.db,
        read.mode,
        &read.locale,
        &filter,
        size,
        params.after.as_deref(),
    )
    .await?;
    let body = EventList {
        items: page
            .items
            .into_iter()
            .map(|o| DeliveredOccurrence {
                item: DeliveredItem::new(o.item, None),
                starts_at: o.starts_at,
                ends_at: o.ends_at,
                all_day: o.all_day,
                distance_metres: o.distance_metres.map(f64::round),
            })
            .collect(),
        total_count: page.total_count,
        next_cursor: page.next_cursor,
    };
    cached(&req, read.mode, &read.locale, &body)
}

/// One event by slug, with its next occurrences.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ("slug" = String, Path), ReadQuery),
    responses((status = 200, body = DeliveredEvent), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/events/{slug}")]
pub async fn get_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &path.0, &query).await?;
    let found = delivery::by_slug(
        &read.tenant,
        &state.db,
        read.mode,
        ContentKind::Event,
        &read.locale,
        &path.1,
    )
    .await?
    .ok_or_else(|| ApiError::not_found(ContentKind::Event.label()))?;
    let doc: EventDoc = found.doc()?;
    let now = read.tenant.now();
    let occurrences = recurrence::occurrences(
        doc.date,
        doc.extra_days(),
        doc.times(),
        doc.recurrence.as_ref(),
        now,
        now + Duration::days(365),
    )
    .into_iter()
    .take(20)
    .map(|o| EventTime {
        starts_at: o.starts_at,
        ends_at: o.ends_at,
        all_day: o.all_day,
    })
    .collect();
    let body = DeliveredEvent {
        item: single(&state, &read, found).await?,
        occurrences,
    };
    cached(&req, read.mode, &body.item.locale, &body)
}

/// `/feeds/{council}/events.ics`: the council's events from 30 days ago to a year ahead, each occurrence a VEVENT.
pub async fn council_events(
    state: web::Data<AppState>,
    council: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    events_feed(&state, &council, None).await
}

/// `/feeds/{council}/events/{category}.ics`: one category's events.
pub async fn category_events(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let category = path.1.strip_suffix(".ics").unwrap_or(&path.1).to_owned();
    events_feed(&state, &path.0, Some(category)).await
}

async fn events_feed(
    state: &AppState,
    council: &str,
    category: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let tenant = tenancy::store::resolve(&state.db, &state.clock, council).await?;
    let now = tenant.now();
    let filter = EventFilter {
        from: now - Duration::days(30),
        to: now + Duration::days(365),
        category: category.clone(),
        near: None,
        venue: None,
        include_past: true,
    };
    let page = event_occurrences(
        &tenant,
        &state.db,
        Mode::Live,
        "en",
        &filter,
        u64::from(u32::MAX),
        None,
    )
    .await?;
    let events: Vec<ical::Event> = page
        .items
        .into_iter()
        // A stored event that cannot be read fails the feed (a logged 500), never drops out of it unseen.
        .map(|o| {
            let doc: EventDoc = o.item.doc()?;
            let location = doc.venue.as_ref().map(|v| {
                let mut parts: Vec<String> = v.name.iter().cloned().collect();
                if let Some(a) = &v.address {
                    parts.extend(a.lines.iter().cloned());
                    parts.push(a.town.clone());
                    parts.push(a.postcode.clone());
                }
                parts.join(", ")
            });
            Ok(ical::Event {
                uid: format!(
                    "{}-{}@{}.townhall",
                    o.item.id,
                    o.starts_at.format("%Y%m%d"),
                    tenant.slug()
                ),
                summary: doc.title.clone(),
                description: doc.summary.clone(),
                location: location.filter(|l| !l.is_empty()),
                url: o.item.path.as_deref().and_then(|p| tenant.page_url(p)),
                start: o.starts_at,
                end: Some(o.ends_at),
                all_day: o.all_day,
                status: match doc.status {
                    EventState::Scheduled => ical::EventStatus::Confirmed,
                    EventState::Cancelled => ical::EventStatus::Cancelled,
                },
                last_modified: o.item.published_at.unwrap_or(now).min(now),
                sequence: 0,
            })
        })
        .collect::<Result<_, PublishingError>>()?;
    let council_name = tenancy::store::get(&tenant, &state.db).await?.name;
    let name = match &category {
        Some(key) => format!("{council_name}: {key} events"),
        None => format!("{council_name}: events"),
    };
    let body = ical::calendar(&name, "-//Townhall//Council events//EN", &events);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body))
}
