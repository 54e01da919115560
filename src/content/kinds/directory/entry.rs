//! A directory entry: a place or an offer residents look for ("Central Library", "Stay and play at Acomb"), in one
//! or more channels, with contact details, facets and, optionally, a venue with its address, location on the map,
//! accessibility and opening hours. It lives at `/directory/{slug}`.
use std::collections::BTreeMap;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    super::{
        ContentKind, Kind, Link, Projection, Reference, SlugClaim, Translations, body_links,
        claims_in, locales_of, search_lines, topic::TopicGql,
    },
    channel::DirectoryGql,
    hours::{OpeningHours, OpeningStatus},
};
use crate::{
    content::{
        blocks::{self, Block, BlockGql, blocks_text},
        delivery::{self, Delivered, directory::EntryFilter, directory::Near},
        graphql::{body_html, db, doc, gql, load_many, topics},
        loaders::ReadScope,
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text, check_url},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// An entry of one or more directory channels.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channels": ["019a0000-0000-7000-8000-000000000001"], "facets": {"age-group": ["under-5"]}, "contact": {"phone": "01904 552828", "email": "library@york.gov.uk", "website": "https://www.exploreyork.org.uk"}, "venue": {"address": {"lines": ["Library Square", "Museum Street"], "town": "York", "postcode": "YO1 7DS"}, "latitude": 53.9615, "longitude": -1.0868, "uprn": 10034765432_u64, "opening_hours": {"weekly": [{"day": "monday", "opens": "09:00", "closes": "17:00"}], "bank_holidays": "closed"}}, "translations": {"en": {"title": "York Explore Library", "slug": "york-explore-library", "summary": "The city's central library.", "accessibility": "Step-free access from Museum Street; a hearing loop at the desk."}}}))]
pub struct DirectoryEntryContent {
    /// The channels it is listed in (at least one).
    pub channels: Vec<Uuid>,
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// Its facet values by group key, as its channels define them (`{"age-group": ["under-5"]}`).
    #[serde(default)]
    pub facets: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub contact: Option<EntryContact>,
    #[serde(default)]
    pub venue: Option<Venue>,
    /// Who it is for, by age.
    #[serde(default)]
    pub ages: Option<Ages>,
    pub translations: Translations<DirectoryEntryText>,
}

/// Who an entry is for, by age in whole years; either end may be left open (a family hub's under-5s: `maximum: 4`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
    PartialEq,
    async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
#[graphql(name = "DirectoryAges")]
pub struct Ages {
    /// The youngest age, in years.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 130)]
    pub minimum: Option<u32>,
    /// The oldest age, in years.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 130)]
    pub maximum: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DirectoryEntryText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    /// Access for disabled visitors: step-free routes, hearing loops, toilets, parking.
    #[serde(default)]
    pub accessibility: Option<String>,
}

/// How to reach the people behind an entry.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
#[graphql(name = "DirectoryContact")]
pub struct EntryContact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

/// Where an entry is: its address, its place on the map and when it is open.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    pub address: Address,
    /// WGS 84 degrees.
    pub latitude: f64,
    pub longitude: f64,
    /// The Unique Property Reference Number of the building.
    #[serde(default)]
    pub uprn: Option<u64>,
    #[serde(default)]
    pub opening_hours: Option<OpeningHours>,
}

#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// The lines before the town (building, street).
    pub lines: Vec<String>,
    pub town: String,
    pub postcode: String,
}

/// A published entry in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DirectoryEntryDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub accessibility: Option<String>,
    pub channels: Vec<Uuid>,
    pub facets: BTreeMap<String, Vec<String>>,
    pub contact: Option<EntryContact>,
    pub venue: Option<Venue>,
    pub topics: Vec<Uuid>,
    /// Who it is for, by age.
    #[serde(default)]
    pub ages: Option<Ages>,
}

/// A UK postcode, in capitals with its space (`YO1 7DS`), or `None` when it is not one.
pub fn normal_postcode(value: &str) -> Option<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let re = regex::Regex::new(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$").ok()?;
    if !re.is_match(&compact) {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    Some(format!("{outward} {inward}"))
}

impl Kind for DirectoryEntryContent {
    const NAME: &'static str = "directory_entry";
    const COLLECTION: &'static str = "directory-entries";
    const LABEL: &'static str = "Directory entry";
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
        if self.channels.is_empty() || self.channels.len() > 20 {
            return Err(PublishingError::invalid(
                "channels",
                "list the entry in 1 to 20 directories",
            ));
        }
        if self.facets.len() > 20 {
            return Err(PublishingError::invalid(
                "facets",
                "at most 20 facet groups",
            ));
        }
        for (group, values) in &self.facets {
            check_slug(&format!("facets.{group}"), group)?;
            if values.is_empty() || values.len() > 100 {
                return Err(PublishingError::invalid(
                    format!("facets.{group}"),
                    "give 1 to 100 values",
                ));
            }
            for (i, value) in values.iter().enumerate() {
                check_slug(&format!("facets.{group}[{i}]"), value)?;
            }
        }
        if let Some(contact) = &self.contact {
            check_opt_text("contact.phone", &contact.phone, 50)?;
            check_opt_text("contact.email", &contact.email, 200)?;
            if contact.email.as_deref().is_some_and(|e| !e.contains('@')) {
                return Err(PublishingError::invalid(
                    "contact.email",
                    "give an email address",
                ));
            }
            if let Some(website) = &contact.website
                && !(website.starts_with("https://") || website.starts_with("http://"))
            {
                return Err(PublishingError::invalid(
                    "contact.website",
                    "give an https:// address",
                ));
            }
            if let Some(website) = &contact.website {
                check_url("contact.website", website)?;
            }
        }
        if let Some(venue) = &self.venue {
            if venue.address.lines.is_empty() || venue.address.lines.len() > 5 {
                return Err(PublishingError::invalid(
                    "venue.address.lines",
                    "give 1 to 5 address lines",
                ));
            }
            for (i, line) in venue.address.lines.iter().enumerate() {
                check_text(&format!("venue.address.lines[{i}]"), line, 200)?;
            }
            check_text("venue.address.town", &venue.address.town, 100)?;
            if normal_postcode(&venue.address.postcode).as_deref()
                != Some(venue.address.postcode.as_str())
            {
                return Err(PublishingError::invalid(
                    "venue.address.postcode",
                    match normal_postcode(&venue.address.postcode) {
                        Some(_) => "write the postcode in capitals with its space, e.g. YO1 7DS",
                        None => "give a UK postcode, e.g. YO1 7DS",
                    },
                ));
            }
            if !(49.0..=61.0).contains(&venue.latitude) {
                return Err(PublishingError::invalid(
                    "venue.latitude",
                    "give the WGS 84 latitude of a place in the UK (49 to 61)",
                ));
            }
            if !(-9.0..=2.0).contains(&venue.longitude) {
                return Err(PublishingError::invalid(
                    "venue.longitude",
                    "give the WGS 84 longitude of a place in the UK (-9 to 2)",
                ));
            }
            if venue
                .uprn
                .is_some_and(|u| !(1..=999_999_999_999).contains(&u))
            {
                return Err(PublishingError::invalid(
                    "venue.uprn",
                    "a UPRN has 1 to 12 digits",
                ));
            }
            if let Some(hours) = &venue.opening_hours {
                hours.validate("venue.opening_hours")?;
            }
        }
        if let Some(ages) = &self.ages {
            for (field, age) in [
                ("ages.minimum", ages.minimum),
                ("ages.maximum", ages.maximum),
            ] {
                if age.is_some_and(|a| a > 130) {
                    return Err(PublishingError::invalid(
                        field,
                        "give an age in years, 0 to 130",
                    ));
                }
            }
            if let (Some(minimum), Some(maximum)) = (ages.minimum, ages.maximum)
                && minimum > maximum
            {
                return Err(PublishingError::invalid(
                    "ages.maximum",
                    "the oldest age cannot be below the youngest",
                ));
            }
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_opt_text(&format!("{at}.accessibility"), &t.accessibility, 5000)?;
            check_body(&format!("{at}.body"), &t.body)?;
        }
        Ok(())
    }

    /// The live row keeps the venue's place on the map, so that "near a point" is an indexed read.
    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = DirectoryEntryDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            accessibility: t.accessibility.clone(),
            channels: self.channels.clone(),
            facets: self.facets.clone(),
            contact: self.contact.clone(),
            venue: self.venue.clone(),
            topics: self.topics.clone(),
            ages: self.ages,
        };
        Some(Projection {
            location: self.venue.as_ref().map(|v| (v.latitude, v.longitude)),
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
                field: "channels",
                kind: ContentKind::Directory,
                ids: &self.channels,
                missing: "a directory does not exist",
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

    /// Its channels and facets, which listings are filtered by.
    fn tags(&self) -> Vec<(&'static str, String)> {
        let channels = self.channels.iter().map(|c| ("channel", c.to_string()));
        let facets = self.facets.iter().flat_map(|(group, values)| {
            values
                .iter()
                .map(move |v| ("facet", format!("{group}:{v}")))
        });
        channels.chain(facets).collect()
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/directory/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let body = blocks_text(&t.body);
        let address = self.venue.as_ref().map(|v| {
            let mut parts = v.address.lines.clone();
            parts.push(v.address.town.clone());
            parts.push(v.address.postcode.clone());
            parts.join(", ")
        });
        Some((
            t.title.clone(),
            search_lines(&[t.summary.as_deref(), address.as_deref(), Some(&body)]),
        ))
    }
}

/// A point and a radius to find entries near.
#[derive(Debug, Clone, Copy, InputObject)]
pub struct NearInput {
    /// WGS 84 degrees.
    pub latitude: f64,
    pub longitude: f64,
    /// Metres (10,000 when absent; at most 1,500,000).
    pub radius_metres: Option<f64>,
}

/// A facet value with the number of entries that have it under the current filter.
#[derive(Debug, Clone, SimpleObject)]
pub struct DirectoryFacetCount {
    pub key: String,
    pub name: String,
    pub count: i32,
    /// Whether the filter chose it.
    pub selected: bool,
}

/// A facet group of a channel with the counts of its values.
#[derive(Debug, Clone, SimpleObject)]
pub struct DirectoryFacetCounts {
    pub key: String,
    pub name: String,
    pub values: Vec<DirectoryFacetCount>,
}

/// The facet groups of a channel in this locale, each value with its count under the current filter.
pub fn facet_counts(
    groups: &[super::channel::FacetGroupDoc],
    page: &delivery::directory::EntryPage,
    filter: &EntryFilter,
) -> Vec<DirectoryFacetCounts> {
    groups
        .iter()
        .map(|g| DirectoryFacetCounts {
            key: g.key.clone(),
            name: g.name.clone(),
            values: g
                .values
                .iter()
                .map(|v| DirectoryFacetCount {
                    key: v.key.clone(),
                    name: v.name.clone(),
                    count: page
                        .facet_counts
                        .get(&(g.key.clone(), v.key.clone()))
                        .copied()
                        .unwrap_or(0)
                        .min(i32::MAX as u64) as i32,
                    selected: filter
                        .facets
                        .iter()
                        .any(|(fg, fv)| *fg == g.key && *fv == v.key),
                })
                .collect(),
        })
        .collect()
}

/// One entry found, with its distance from the point asked about.
pub struct DirectoryEntryMatchGql {
    entry: DirectoryEntryGql,
    distance_metres: Option<f64>,
}

#[Object(name = "DirectoryEntryMatch")]
impl DirectoryEntryMatchGql {
    async fn entry(&self) -> &DirectoryEntryGql {
        &self.entry
    }
    /// Metres from the point asked about (with `near`).
    async fn distance_metres(&self) -> Option<f64> {
        self.distance_metres.map(|d| d.round())
    }
}

/// A page of a channel's entries, with facet counts for the current filter.
pub struct DirectoryEntryPageGql {
    items: Vec<DirectoryEntryMatchGql>,
    total_count: u64,
    end_cursor: Option<String>,
    facets: Vec<DirectoryFacetCounts>,
}

#[Object(name = "DirectoryEntryPage")]
impl DirectoryEntryPageGql {
    async fn items(&self) -> &[DirectoryEntryMatchGql] {
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
    /// The channel's facet groups with the count of each value for the current filter.
    async fn facets(&self) -> &[DirectoryFacetCounts] {
        &self.facets
    }
}

/// Answers `Directory.entries`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn entries_of(
    ctx: &Context<'_>,
    scope: &ReadScope,
    channel: &super::channel::DirectoryDoc,
    channel_id: Uuid,
    facets: Option<Vec<String>>,
    query: Option<String>,
    near: Option<NearInput>,
    open_at: Option<DateTime<Utc>>,
    open_now: Option<bool>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<DirectoryEntryPageGql> {
    let size = crate::pagination::first_arg(first)?;
    let invalid = |e: PublishingError| gql(e);
    let filter = EntryFilter {
        facets: EntryFilter::parse_facets("facets", &facets.unwrap_or_default())
            .map_err(invalid)?,
        text: query.filter(|q| !q.trim().is_empty()),
        near: near
            .map(|n| Near::new("near", n.latitude, n.longitude, n.radius_metres))
            .transpose()
            .map_err(invalid)?,
        open_at: open_at.or_else(|| open_now.unwrap_or(false).then(|| scope.tenant.now())),
    };
    let page = delivery::directory::directory_entries(
        &scope.tenant,
        db(ctx)?,
        scope.mode,
        &scope.locale,
        channel_id,
        &filter,
        size,
        after.as_deref(),
    )
    .await
    .map_err(gql)?;
    let facets = facet_counts(&channel.facet_groups, &page, &filter);
    let items = page
        .items
        .iter()
        .map(|m| {
            Ok(DirectoryEntryMatchGql {
                entry: DirectoryEntryGql::new(scope, m.item.clone())?,
                distance_metres: m.distance_metres,
            })
        })
        .collect::<async_graphql::Result<_>>()?;
    Ok(DirectoryEntryPageGql {
        items,
        total_count: page.total_count,
        end_cursor: page.next_cursor,
        facets,
    })
}

/// A directory entry, with its venue and whether it is open.
pub struct DirectoryEntryGql {
    scope: ReadScope,
    d: Delivered,
    doc: DirectoryEntryDoc,
}

impl DirectoryEntryGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

/// A facet value of an entry.
#[derive(Debug, Clone, SimpleObject)]
pub struct DirectoryEntryFacet {
    pub group: String,
    pub value: String,
}

/// Where an entry is.
pub struct VenueGql<'a>(&'a Venue);

#[Object(name = "Venue")]
impl VenueGql<'_> {
    async fn address(&self) -> &Address {
        &self.0.address
    }
    async fn latitude(&self) -> f64 {
        self.0.latitude
    }
    async fn longitude(&self) -> f64 {
        self.0.longitude
    }
    /// The Unique Property Reference Number, as text (it can exceed a GraphQL Int).
    async fn uprn(&self) -> Option<String> {
        self.0.uprn.map(|u| u.to_string())
    }
    /// The opening hours as entered, JSON in the shape of the management API's `OpeningHours`.
    async fn opening_hours(&self) -> Option<async_graphql::Json<&OpeningHours>> {
        self.0.opening_hours.as_ref().map(async_graphql::Json)
    }
}

#[Object(name = "DirectoryEntry")]
impl DirectoryEntryGql {
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
    async fn accessibility(&self) -> Option<&str> {
        self.doc.accessibility.as_deref()
    }
    async fn contact(&self) -> Option<&EntryContact> {
        self.doc.contact.as_ref()
    }
    /// Who it is for, by age.
    async fn ages(&self) -> Option<Ages> {
        self.doc.ages
    }
    async fn venue(&self) -> Option<VenueGql<'_>> {
        self.doc.venue.as_ref().map(VenueGql)
    }
    async fn facets(&self) -> Vec<DirectoryEntryFacet> {
        self.doc
            .facets
            .iter()
            .flat_map(|(group, values)| {
                values.iter().map(move |value| DirectoryEntryFacet {
                    group: group.clone(),
                    value: value.clone(),
                })
            })
            .collect()
    }
    /// Whether it is open at `at` (now when absent), when it closes or next opens; null without opening hours.
    async fn opening_status(&self, at: Option<DateTime<Utc>>) -> Option<OpeningStatus> {
        let hours = self.doc.venue.as_ref()?.opening_hours.as_ref()?;
        Some(hours.status_at(
            at.unwrap_or_else(|| self.scope.tenant.now()),
            self.scope.tenant.nation(),
        ))
    }
    /// The published directories it is listed in.
    async fn channels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DirectoryGql>> {
        load_many(ctx, &self.scope, &self.doc.channels, ContentKind::Directory)
            .await?
            .into_iter()
            .map(|d| DirectoryGql::new(&self.scope, d))
            .collect()
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.d.published_at
    }
}
