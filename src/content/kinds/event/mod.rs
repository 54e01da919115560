//! Events: what is on (a storytime, a consultation drop-in, a fireworks display), once or repeating, at a
//! directory venue or a free address, with a price, a booking link, categories and accessibility. An event lives
//! at `/events/{slug}`; one that is cancelled stays published and says so.
pub mod graphql;
pub mod recurrence;
pub mod rest;

use async_graphql::SimpleObject;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use self::recurrence::{Recurrence, Times, minutes};
use super::{
    ContentKind, Kind, Link, Projection, Reference, SlugClaim, Translations, body_links, claims_in,
    directory::entry::Address, locales_of, search_lines,
};
use crate::{
    content::{
        blocks::{Block, blocks_text},
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text, check_url},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// An event, once or repeating.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-12-05", "start_time": "10:30", "end_time": "11:15", "recurrence": {"frequency": "weekly", "until": "2027-03-27", "except": ["2026-12-26"]}, "venue": {"entry": "019a0000-0000-7000-8000-000000000002"}, "booking_url": "https://www.exploreyork.org.uk/events", "categories": ["Family", "Libraries"], "status": "scheduled", "translations": {"en": {"title": "Rhymetime", "slug": "rhymetime", "summary": "Songs and rhymes for under-fives.", "price": "Free"}}}))]
pub struct EventContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// The (first) date, in London.
    pub date: NaiveDate,
    /// `HH:MM`, London time; absent for an all-day event.
    #[serde(default)]
    pub start_time: Option<String>,
    /// The last day of an event over several days (the same day when absent).
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// `HH:MM`, London time, on the end date.
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
    #[serde(default)]
    pub venue: Option<EventVenue>,
    #[serde(default)]
    pub booking_url: Option<String>,
    /// What it is, for listings and feeds by category ("Family", "Sport").
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub status: EventState,
    pub translations: Translations<EventText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    /// What it costs ("Free", "£5, concessions £3").
    #[serde(default)]
    pub price: Option<String>,
    #[serde(default)]
    pub accessibility: Option<String>,
    /// Why it was cancelled, or what to do instead (shown while cancelled).
    #[serde(default)]
    pub cancellation_note: Option<String>,
}

/// Where an event is: a venue of the council's directory, or a place of its own.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventVenue {
    /// A directory entry with a venue.
    #[serde(default)]
    pub entry: Option<Uuid>,
    /// A place that is not in the directory: its name, address and (for distance) location.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    #[default]
    Scheduled,
    Cancelled,
}

/// A published event in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct EventDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub price: Option<String>,
    pub accessibility: Option<String>,
    pub cancellation_note: Option<String>,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub end_date: Option<NaiveDate>,
    pub end_time: Option<String>,
    pub recurrence: Option<Recurrence>,
    pub venue: Option<EventVenue>,
    pub booking_url: Option<String>,
    pub categories: Vec<EventCategory>,
    pub status: EventState,
    pub topics: Vec<Uuid>,
}

/// A category of events: its name and the key listings and feeds filter by.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, SimpleObject)]
pub struct EventCategory {
    pub key: String,
    pub name: String,
}

/// A category's key: its name in lower-case letters, digits and hyphens.
pub fn category_key(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl EventDoc {
    /// The London times of its first date.
    pub fn times(&self) -> Times {
        times(self.start_time.as_deref(), self.end_time.as_deref())
    }

    /// How many days after each start an occurrence ends.
    pub fn extra_days(&self) -> i64 {
        self.end_date
            .map_or(0, |end| (end - self.date).num_days().max(0))
    }
}

fn times(start: Option<&str>, end: Option<&str>) -> Times {
    Times {
        start: start.and_then(minutes),
        end: end.and_then(minutes),
    }
}

impl Kind for EventContent {
    const NAME: &'static str = "event";
    const COLLECTION: &'static str = "events";
    const LABEL: &'static str = "Event";
    const SEARCHED: bool = true;

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.title.clone()).unwrap_or_default()
    }

    fn locales(&self) -> Vec<String> {
        locales_of(&self.translations)
    }

    fn slug_claims(&self) -> Vec<SlugClaim> {
        claims_in(&self.translations, Self::NAME, |t| &t.slug)
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        let start = match &self.start_time {
            Some(time) => Some(minutes(time).ok_or_else(|| {
                PublishingError::invalid("start_time", "give a time as HH:MM, e.g. 10:30")
            })?),
            None => None,
        };
        let end = match &self.end_time {
            Some(time) => Some(minutes(time).ok_or_else(|| {
                PublishingError::invalid("end_time", "give a time as HH:MM, e.g. 12:00")
            })?),
            None => None,
        };
        if start.is_none() && end.is_some() {
            return Err(PublishingError::invalid(
                "start_time",
                "give the start time with the end time (or neither, for an all-day event)",
            ));
        }
        if let Some(end_date) = self.end_date {
            if end_date < self.date {
                return Err(PublishingError::invalid(
                    "end_date",
                    "must not be before the date",
                ));
            }
            if end_date - self.date > Duration::days(31) {
                return Err(PublishingError::invalid(
                    "end_date",
                    "an event lasts at most 31 days; repeat it instead",
                ));
            }
        }
        if let (Some(s), Some(e)) = (start, end)
            && self.end_date.is_none_or(|d| d == self.date)
            && e <= s
        {
            return Err(PublishingError::invalid(
                "end_time",
                "must be after the start time",
            ));
        }
        if let Some(rule) = &self.recurrence {
            rule.validate("recurrence", self.date)?;
        }
        if let Some(venue) = &self.venue {
            let own = venue.name.is_some() || venue.address.is_some();
            if venue.entry.is_some() == own {
                return Err(PublishingError::invalid(
                    "venue",
                    "give a directory venue (entry) or a name and address of its own",
                ));
            }
            check_opt_text("venue.name", &venue.name, 200)?;
            if let Some(address) = &venue.address {
                for (i, line) in address.lines.iter().enumerate() {
                    check_text(&format!("venue.address.lines[{i}]"), line, 200)?;
                }
                check_text("venue.address.town", &address.town, 100)?;
                if super::directory::entry::normal_postcode(&address.postcode).as_deref()
                    != Some(address.postcode.as_str())
                {
                    return Err(PublishingError::invalid(
                        "venue.address.postcode",
                        "give a UK postcode in capitals with its space, e.g. YO1 7DS",
                    ));
                }
            }
            match (venue.latitude, venue.longitude) {
                (None, None) => {}
                (Some(lat), Some(lon))
                    if (49.0..=61.0).contains(&lat) && (-9.0..=2.0).contains(&lon) && own => {}
                _ => {
                    return Err(PublishingError::invalid(
                        "venue.latitude",
                        "give the WGS 84 latitude and longitude of a place in the UK, with its address",
                    ));
                }
            }
        }
        if let Some(url) = &self.booking_url {
            check_url("booking_url", url)?;
        }
        if self.categories.len() > 10 {
            return Err(PublishingError::invalid(
                "categories",
                "at most 10 categories",
            ));
        }
        for (i, name) in self.categories.iter().enumerate() {
            check_text(&format!("categories[{i}]"), name, 50)?;
            if category_key(name).is_empty() {
                return Err(PublishingError::invalid(
                    format!("categories[{i}]"),
                    "a category needs letters or digits",
                ));
            }
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_opt_text(&format!("{at}.price"), &t.price, 200)?;
            check_opt_text(&format!("{at}.accessibility"), &t.accessibility, 5000)?;
            check_opt_text(
                &format!("{at}.cancellation_note"),
                &t.cancellation_note,
                1000,
            )?;
            check_body(&format!("{at}.body"), &t.body)?;
        }
        Ok(())
    }

    /// The live row keeps when the event first starts and (for one that ends) when it last ends, so that listings
    /// read only events that can fall in their window; and its own venue's place on the map.
    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = EventDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            price: t.price.clone(),
            accessibility: t.accessibility.clone(),
            cancellation_note: t.cancellation_note.clone(),
            date: self.date,
            start_time: self.start_time.clone(),
            end_date: self.end_date,
            end_time: self.end_time.clone(),
            recurrence: self.recurrence.clone(),
            venue: self.venue.clone(),
            booking_url: self.booking_url.clone(),
            categories: self
                .categories
                .iter()
                .map(|name| EventCategory {
                    key: category_key(name),
                    name: name.clone(),
                })
                .collect(),
            status: self.status,
            topics: self.topics.clone(),
        };
        let times = doc.times();
        let first = recurrence::occurrence_on(self.date, doc.extra_days(), times);
        // The last end: the first occurrence's for a one-off, the rule's last date's for a bounded rule.
        let ends_at = match &self.recurrence {
            None => Some(first.ends_at),
            Some(rule) if rule.until.is_some() || rule.count.is_some() => {
                let horizon = self
                    .date
                    .checked_add_signed(Duration::days(recurrence::MAX_WINDOW_DAYS * 10))
                    .unwrap_or(NaiveDate::MAX);
                // A rule to a date is read over its last stretch only (longer than any gap between its dates
                // and its dates left out); one of a number of times is counted from its first date.
                let from = rule
                    .until
                    .and_then(|until| until.checked_sub_signed(Duration::days(4000)))
                    .map_or(self.date, |from| from.max(self.date));
                let last = rule
                    .dates(self.date, from, horizon, usize::MAX)
                    .last()
                    .copied()
                    .unwrap_or(self.date);
                Some(recurrence::occurrence_on(last, doc.extra_days(), times).ends_at)
            }
            Some(_) => None,
        };
        let starts_at = Some(first.starts_at);
        let location = self
            .venue
            .as_ref()
            .and_then(|v| Some((v.latitude?, v.longitude?)));
        Some(Projection {
            date: starts_at,
            starts_at,
            ends_at,
            location,
            ..Projection::new(locale, &t.title, Some(&t.slug), t.summary.as_deref(), &doc)
        })
    }

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    fn references(&self) -> Vec<Reference<'_>> {
        vec![
            Reference::topics(&self.topics),
            Reference {
                field: "venue.entry",
                kind: ContentKind::DirectoryEntry,
                ids: self
                    .venue
                    .as_ref()
                    .and_then(|v| v.entry.as_ref())
                    .map(std::slice::from_ref)
                    .unwrap_or(&[]),
                missing: "the directory venue does not exist",
            },
        ]
    }

    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for (locale, t) in &self.translations {
            body_links(&format!("translations.{locale}.body"), &t.body, &mut links);
        }
        links
    }

    /// Its categories and its directory venue, which listings and feeds filter by.
    fn tags(&self) -> Vec<(&'static str, String)> {
        let categories = self
            .categories
            .iter()
            .map(|c| ("category", category_key(c)));
        let venue = self
            .venue
            .iter()
            .filter_map(|v| v.entry)
            .map(|id| ("venue", id.to_string()));
        categories.chain(venue).collect()
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/events/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let body = blocks_text(&t.body);
        let categories = self.categories.join(", ");
        let place = self.venue.as_ref().map(|v| {
            let mut parts: Vec<String> = v.name.iter().cloned().collect();
            if let Some(a) = &v.address {
                parts.extend(a.lines.iter().cloned());
                parts.push(a.town.clone());
            }
            parts.join(", ")
        });
        Some((
            t.title.clone(),
            search_lines(&[
                t.summary.as_deref(),
                Some(&categories),
                place.as_deref(),
                Some(&body),
            ]),
        ))
    }
}
