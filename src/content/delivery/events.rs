//! Events as residents find them: each occurrence in a window of dates (repeating events expanded there), by
//! category and distance from a point, soonest first; an occurrence that has ended is not listed. A cancelled
//! event is listed, marked cancelled.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use super::{
    Delivered, ListFilter, Mode, by_ids,
    directory::{Near, distance_metres},
    list::{PREVIEW_SCAN, preview_list},
};
use crate::{
    content::{
        kinds::{
            ContentKind,
            event::{
                EventDoc,
                recurrence::{self, MAX_WINDOW_DAYS},
            },
        },
        tables::{live, live_tag},
    },
    pagination::Cursor,
    publishing::PublishingError,
    tenancy::{Tenant, scoped},
};

/// Most events a listing considers (those that can fall in its window).
pub const EVENT_SCAN: u64 = 5_000;

/// What residents list events by.
#[derive(Debug, Clone)]
pub struct EventFilter {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// A category's key.
    pub category: Option<String>,
    pub near: Option<Near>,
    /// Only the events at this directory venue.
    pub venue: Option<Uuid>,
    /// Feeds list what ended in their window too; listings never do.
    pub include_past: bool,
}

impl EventFilter {
    /// The window from `from` (`now` when absent) to `to` (90 days later when absent), at most two years long.
    pub fn window(
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>), PublishingError> {
        let from = from.unwrap_or(now);
        for (field, value) in [("from", Some(from)), ("to", to)] {
            if let Some(value) = value {
                crate::calendar::bounds::check_instant(value)
                    .map_err(|message| PublishingError::invalid(field, message))?;
            }
        }
        let to = to.unwrap_or_else(|| from.checked_add_signed(Duration::days(90)).unwrap_or(from));
        if to <= from {
            return Err(PublishingError::invalid("to", "must be after from"));
        }
        if to - from > Duration::days(MAX_WINDOW_DAYS) {
            return Err(PublishingError::invalid(
                "to",
                "list at most two years of events at a time",
            ));
        }
        Ok((from, to))
    }
}

/// One occurrence of an event.
#[derive(Debug, Clone)]
pub struct EventOccurrence {
    pub item: Delivered,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub all_day: bool,
    pub distance_metres: Option<f64>,
}

/// A page of occurrences.
#[derive(Debug, Clone)]
pub struct OccurrencePage {
    pub items: Vec<EventOccurrence>,
    pub total_count: u64,
    pub next_cursor: Option<String>,
}

struct Found {
    id: Uuid,
    doc: EventDoc,
    delivered: Option<Delivered>,
}

/// The occurrences of the council's events that match `filter`, soonest first, `first` at a time.
#[allow(clippy::too_many_arguments)]
pub async fn event_occurrences(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    filter: &EventFilter,
    first: u64,
    after: Option<&str>,
) -> Result<OccurrencePage, PublishingError> {
    let offset: u64 = match after {
        Some(cursor) => Cursor::decode(cursor)
            .map_err(|_| PublishingError::invalid("after", "the cursor is not valid"))?,
        None => 0,
    };
    let events = match mode {
        Mode::Live => live_events(tenant, db, filter).await?,
        Mode::Preview => preview_events(tenant, db, locale, filter).await?,
    };
    // The places of directory venues, for distance.
    let mut places: HashMap<Uuid, (f64, f64)> = HashMap::new();
    if filter.near.is_some() {
        let entries: Vec<Uuid> = events
            .iter()
            .filter_map(|e| e.doc.venue.as_ref()?.entry)
            .collect();
        for d in by_ids(tenant, db, mode, "en", &entries).await? {
            if let Some(venue) = d.data.get("venue") {
                let lat = venue.get("latitude").and_then(|v| v.as_f64());
                let lon = venue.get("longitude").and_then(|v| v.as_f64());
                if let (Some(lat), Some(lon)) = (lat, lon) {
                    places.insert(d.id, (lat, lon));
                }
            }
        }
    }
    let now = tenant.now();
    let mut found: Vec<(usize, recurrence::Occurrence, Option<f64>)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let distance = match filter.near {
            Some(near) => {
                let place = event.doc.venue.as_ref().and_then(|v| match v.entry {
                    Some(entry) => places.get(&entry).copied(),
                    None => Some((v.latitude?, v.longitude?)),
                });
                match place {
                    Some(p) => {
                        let d = distance_metres((near.latitude, near.longitude), p);
                        if d > near.radius_metres {
                            continue;
                        }
                        Some(d)
                    }
                    None => continue,
                }
            }
            None => None,
        };
        let from = if filter.include_past {
            filter.from
        } else {
            filter.from.max(now)
        };
        for o in recurrence::occurrences(
            event.doc.date,
            event.doc.extra_days(),
            event.doc.times(),
            event.doc.recurrence.as_ref(),
            from,
            filter.to,
        ) {
            found.push((i, o, distance));
        }
    }
    found.sort_by(|a, b| {
        a.1.starts_at
            .cmp(&b.1.starts_at)
            .then(events[a.0].id.cmp(&events[b.0].id))
    });
    let total_count = found.len() as u64;
    let page: Vec<_> = found
        .into_iter()
        .skip(offset.min(usize::MAX as u64) as usize)
        .take(first as usize)
        .collect();
    let next = offset + page.len() as u64;
    let next_cursor = (next < total_count).then(|| Cursor::encode(&next));
    let delivered: HashMap<Uuid, Delivered> = match mode {
        Mode::Live => {
            let mut ids: Vec<Uuid> = page.iter().map(|(i, ..)| events[*i].id).collect();
            ids.sort();
            ids.dedup();
            by_ids(tenant, db, mode, locale, &ids)
                .await?
                .into_iter()
                .map(|d| (d.id, d))
                .collect()
        }
        Mode::Preview => events
            .iter()
            .filter_map(|e| Some((e.id, e.delivered.clone()?)))
            .collect(),
    };
    let items = page
        .into_iter()
        .filter_map(|(i, o, distance)| {
            let item = delivered.get(&events[i].id)?.clone();
            Some(EventOccurrence {
                item,
                starts_at: o.starts_at,
                ends_at: o.ends_at,
                all_day: o.all_day,
                distance_metres: distance,
            })
        })
        .collect();
    Ok(OccurrencePage {
        items,
        total_count,
        next_cursor,
    })
}

/// Published events that can fall in the window: started before its end, and not ended before its start.
async fn live_events(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    filter: &EventFilter,
) -> Result<Vec<Found>, PublishingError> {
    let mut query = scoped::<live::Entity>(tenant)
        .filter(live::Column::Kind.eq(ContentKind::Event.as_str()))
        .filter(live::Column::Locale.eq("en"))
        .filter(live::Column::StartsAt.lt(filter.to))
        .filter(
            Condition::any()
                .add(live::Column::EndsAt.is_null())
                .add(live::Column::EndsAt.gt(filter.from)),
        );
    for (scheme, value) in [
        ("category", filter.category.clone()),
        ("venue", filter.venue.map(|v| v.to_string())),
    ] {
        if let Some(value) = value {
            query = query.filter(
                live::Column::ItemId.in_subquery(
                    Query::select()
                        .column(live_tag::Column::ItemId)
                        .from(live_tag::Entity)
                        .and_where(live_tag::Column::CouncilId.eq(tenant.id()))
                        .and_where(live_tag::Column::Scheme.eq(scheme))
                        .and_where(live_tag::Column::Value.eq(value))
                        .to_owned(),
                ),
            );
        }
    }
    let rows: Vec<(Uuid, String)> = query
        .select_only()
        .column(live::Column::ItemId)
        .column(live::Column::Data)
        .order_by_asc(live::Column::StartsAt)
        .limit(EVENT_SCAN)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, data)| {
            let doc = serde_json::from_str(&data)
                .map_err(|e| PublishingError::unreadable("live document", id, e))?;
            Ok(Found {
                id,
                doc,
                delivered: None,
            })
        })
        .collect()
}

/// Working copies of the council's events, for a preview.
async fn preview_events(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
    filter: &EventFilter,
) -> Result<Vec<Found>, PublishingError> {
    let all = preview_list(
        tenant,
        db,
        ContentKind::Event,
        locale,
        &ListFilter::default(),
        PREVIEW_SCAN,
        None,
    )
    .await?
    .items;
    all.into_iter()
        .map(|d| {
            let doc: EventDoc = d.doc()?;
            let category = filter
                .category
                .as_ref()
                .is_none_or(|key| doc.categories.iter().any(|c| &c.key == key));
            let venue = filter
                .venue
                .is_none_or(|v| doc.venue.as_ref().and_then(|x| x.entry) == Some(v));
            Ok((category && venue).then_some(Found {
                id: d.id,
                doc,
                delivered: Some(d),
            }))
        })
        .filter_map(Result::transpose)
        .collect::<Result<_, PublishingError>>()
}
