//! The events of the GraphQL delivery API: `Council.events` (occurrences in a window, by category, venue and
//! distance) and `Council.event(slug:)`.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{EventCategory, EventDoc, EventState, recurrence};
use crate::{
    content::{
        blocks::{self, BlockGql},
        delivery::{
            Delivered,
            directory::Near,
            events::{EventFilter, event_occurrences},
        },
        graphql::{
            body_html, council::one_by_slug, council::scope, db, doc, gql, load_many, parse_id,
            topics,
        },
        kinds::{
            ContentKind,
            directory::entry::{Address, DirectoryEntryGql, NearInput},
            topic::TopicGql,
        },
        loaders::ReadScope,
    },
    publishing::PublishingError,
    tenancy::graphql::CouncilView,
};

/// A council's events.
pub struct CouncilEvents(pub CouncilView);

#[Object]
impl CouncilEvents {
    /// Occurrences of the council's events from `from` (now when absent) to `to` (90 days on; at most two years),
    /// soonest first; repeating events are expanded, and what has ended is left out. Filter by a category's key,
    /// a directory venue, or a point and radius.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        category: Option<String>,
        venue: Option<ID>,
        near: Option<NearInput>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<EventOccurrencePage>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<EventOccurrencePage> = async {
            let scope = scope(&self.0, locale)?;
            let size = crate::pagination::first_arg(first)?;
            let (from, to) = EventFilter::window(from, to, scope.tenant.now()).map_err(gql)?;
            let near = near
                .map(|n| Near::new("near", n.latitude, n.longitude, n.radius_metres))
                .transpose()
                .map_err(gql)?;
            let filter = EventFilter {
                from,
                to,
                category,
                near,
                venue: venue.as_ref().map(parse_id).transpose()?,
                include_past: false,
            };
            let page = event_occurrences(
                &scope.tenant,
                db(ctx)?,
                scope.mode,
                &scope.locale,
                &filter,
                size,
                after.as_deref(),
            )
            .await
            .map_err(gql)?;
            let items = page
                .items
                .into_iter()
                .map(|o| {
                    Ok(EventOccurrenceGql {
                        event: EventGql::new(&scope, o.item)?,
                        starts_at: o.starts_at,
                        ends_at: o.ends_at,
                        all_day: o.all_day,
                        distance_metres: o.distance_metres,
                    })
                })
                .collect::<async_graphql::Result<_>>()?;
            Ok(EventOccurrencePage {
                items,
                total_count: page.total_count,
                end_cursor: page.next_cursor,
            })
        }
        .await;
        answer.map(Some)
    }

    /// An event by its slug.
    async fn event(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<EventGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(ctx, &scope, ContentKind::Event, &slug, EventGql::new).await
    }
}

/// One occurrence of an event.
pub struct EventOccurrenceGql {
    event: EventGql,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    all_day: bool,
    distance_metres: Option<f64>,
}

#[Object(name = "EventOccurrence")]
impl EventOccurrenceGql {
    async fn event(&self) -> &EventGql {
        &self.event
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
    /// The whole London day (or days): show the date, not the times.
    async fn all_day(&self) -> bool {
        self.all_day
    }
    /// Metres from the point asked about (with `near`).
    async fn distance_metres(&self) -> Option<f64> {
        self.distance_metres.map(f64::round)
    }
}

/// A page of event occurrences.
pub struct EventOccurrencePage {
    items: Vec<EventOccurrenceGql>,
    total_count: u64,
    end_cursor: Option<String>,
}

#[Object]
impl EventOccurrencePage {
    async fn items(&self) -> &[EventOccurrenceGql] {
        &self.items
    }
    async fn total_count(&self) -> i32 {
        self.total_count.min(i32::MAX as u64) as i32
    }
    async fn has_next_page(&self) -> bool {
        self.end_cursor.is_some()
    }
    /// Pass as `after` for the next page; null on the last page.
    async fn end_cursor(&self) -> Option<&str> {
        self.end_cursor.as_deref()
    }
}

/// When an event happens once: its start and end.
#[derive(async_graphql::SimpleObject)]
pub struct EventTime {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub all_day: bool,
}

/// An event.
pub struct EventGql {
    scope: ReadScope,
    d: Delivered,
    doc: EventDoc,
}

impl EventGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

/// Where an event is.
pub struct EventVenueGql<'a> {
    scope: &'a ReadScope,
    venue: &'a super::EventVenue,
}

#[Object(name = "EventVenue")]
impl EventVenueGql<'_> {
    /// The directory entry it is at (when published).
    async fn entry(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DirectoryEntryGql>> {
        let Some(id) = self.venue.entry else {
            return Ok(None);
        };
        load_many(ctx, self.scope, &[id], ContentKind::DirectoryEntry)
            .await?
            .into_iter()
            .next()
            .map(|d| DirectoryEntryGql::new(self.scope, d))
            .transpose()
    }
    async fn name(&self) -> Option<&str> {
        self.venue.name.as_deref()
    }
    async fn address(&self) -> Option<&Address> {
        self.venue.address.as_ref()
    }
    async fn latitude(&self) -> Option<f64> {
        self.venue.latitude
    }
    async fn longitude(&self) -> Option<f64> {
        self.venue.longitude
    }
}

#[Object(name = "Event")]
impl EventGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    /// Every published language version, this one included (English first): for `hreflang` links.
    async fn alternates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::content::delivery::Alternate>> {
        crate::content::graphql::alternates(ctx, &self.scope, self.d.id).await
    }
    async fn title(&self) -> &str {
        &self.doc.title
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    async fn path(&self) -> Option<&str> {
        self.d.path.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.doc.summary.as_deref()
    }
    async fn body(&self) -> Vec<BlockGql> {
        blocks::to_gql_in(&self.doc.body, &self.scope.tenant)
    }
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        body_html(ctx, &self.scope, &self.doc.body).await
    }
    /// `SCHEDULED`, or `CANCELLED` (it stays listed, marked).
    async fn status(&self) -> EventState {
        self.doc.status
    }
    async fn cancellation_note(&self) -> Option<&str> {
        self.doc.cancellation_note.as_deref()
    }
    async fn price(&self) -> Option<&str> {
        self.doc.price.as_deref()
    }
    async fn booking_url(&self) -> Option<&str> {
        self.doc.booking_url.as_deref()
    }
    async fn accessibility(&self) -> Option<&str> {
        self.doc.accessibility.as_deref()
    }
    async fn categories(&self) -> &[EventCategory] {
        &self.doc.categories
    }
    /// Its first date (London).
    async fn date(&self) -> NaiveDate {
        self.doc.date
    }
    /// `HH:MM` London time; null for an all-day event.
    async fn start_time(&self) -> Option<&str> {
        self.doc.start_time.as_deref()
    }
    async fn end_date(&self) -> Option<NaiveDate> {
        self.doc.end_date
    }
    async fn end_time(&self) -> Option<&str> {
        self.doc.end_time.as_deref()
    }
    async fn all_day(&self) -> bool {
        self.doc.start_time.is_none()
    }
    /// Whether it repeats.
    async fn repeats(&self) -> bool {
        self.doc.recurrence.is_some()
    }
    /// The rule it repeats by, as the management API's `Recurrence` (null when it does not repeat).
    async fn recurrence(&self) -> Option<async_graphql::Json<&recurrence::Recurrence>> {
        self.doc.recurrence.as_ref().map(async_graphql::Json)
    }
    /// When it happens from `from` (now when absent) to `to` (a year on; at most two years), at most `first` (20).
    async fn occurrences(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<EventTime>> {
        let size = crate::pagination::first_arg(first)?;
        let now = self.scope.tenant.now();
        let from = from.unwrap_or(now);
        let to = to.or_else(|| from.checked_add_signed(Duration::days(365)));
        let (from, to) =
            EventFilter::window(Some(from), to, now).map_err(|e: PublishingError| gql(e))?;
        Ok(recurrence::occurrences(
            self.doc.date,
            self.doc.extra_days(),
            self.doc.times(),
            self.doc.recurrence.as_ref(),
            from,
            to,
        )
        .into_iter()
        .take(size as usize)
        .map(|o| EventTime {
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            all_day: o.all_day,
        })
        .collect())
    }
    async fn venue(&self) -> Option<EventVenueGql<'_>> {
        self.doc.venue.as_ref().map(|venue| EventVenueGql {
            scope: &self.scope,
            venue,
        })
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.d.published_at
    }
}
