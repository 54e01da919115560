//! A directory channel's entries as residents find them: filtered by facets (values of one group widen, groups
//! narrow), words, a point and radius, and opening at a time; with the count of each facet value for the current
//! filter (each group counted as if its own values were not chosen, so a choice never hides its alternatives).
//!
//! "Near a point" needs no spatial extension on either database: the live rows keep each venue's latitude and
//! longitude in an indexed pair of columns, the query reads only the rows inside the circle's bounding box, and the
//! exact great-circle distance is then worked out here.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    Delivered, ListFilter, Mode, by_ids,
    list::{PREVIEW_SCAN, preview_list},
};
use crate::{
    content::{
        kinds::{ContentKind, directory::hours::OpeningHours},
        tables::{live, live_tag},
    },
    pagination::Cursor,
    publishing::PublishingError,
    tenancy::Tenant,
    tenancy::scoped,
};

/// Most entries of one channel a query considers (a council's largest directories hold a few thousand).
pub const DIRECTORY_SCAN: u64 = 10_000;
/// The largest radius asked for, in metres (the length of Great Britain).
pub const MAX_RADIUS_METRES: f64 = 1_500_000.0;
/// The Earth's mean radius in metres (IUGG).
const EARTH_RADIUS_METRES: f64 = 6_371_008.8;

/// A point and a radius around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_metres: f64,
}

impl Near {
    /// Checks a point and radius a caller gave; errors name `field`.
    pub fn new(
        field: &str,
        latitude: f64,
        longitude: f64,
        radius_metres: Option<f64>,
    ) -> Result<Self, PublishingError> {
        if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
            return Err(PublishingError::invalid(
                field,
                "give a WGS 84 latitude (-90 to 90) and longitude (-180 to 180)",
            ));
        }
        let radius_metres = radius_metres.unwrap_or(10_000.0);
        if !(radius_metres > 0.0 && radius_metres <= MAX_RADIUS_METRES) {
            return Err(PublishingError::invalid(
                field,
                "give a radius from 1 to 1500000 metres",
            ));
        }
        Ok(Self {
            latitude,
            longitude,
            radius_metres,
        })
    }

    /// A REST listing's `near=latitude,longitude` and `radius=` (metres), both optional; errors name the parameter.
    pub fn from_query(
        near: Option<&str>,
        radius: Option<f64>,
    ) -> Result<Option<Self>, PublishingError> {
        match near {
            Some(point) => {
                let parsed = point
                    .split_once(',')
                    .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
                let Some((lat, lon)) = parsed else {
                    return Err(PublishingError::invalid(
                        "near",
                        "give a point as latitude,longitude, e.g. 53.96,-1.08",
                    ));
                };
                Ok(Some(Self::new("near", lat, lon, radius)?))
            }
            None if radius.is_some() => Err(PublishingError::invalid(
                "radius",
                "give near with the radius",
            )),
            None => Ok(None),
        }
    }

    /// The bounding box of the circle: (south, north, west, east), in degrees.
    fn bounds(&self) -> (f64, f64, f64, f64) {
        let dlat = (self.radius_metres / EARTH_RADIUS_METRES).to_degrees();
        let cos = self.latitude.to_radians().cos().max(0.01);
        let dlon = (self.radius_metres / (EARTH_RADIUS_METRES * cos)).to_degrees();
        (
            self.latitude - dlat,
            self.latitude + dlat,
            self.longitude - dlon,
            self.longitude + dlon,
        )
    }
}

/// The great-circle distance between two WGS 84 points, in metres (haversine).
pub fn distance_metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_METRES * h.sqrt().min(1.0).asin()
}

/// What residents filter a channel's entries by.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Chosen facet values as (group, value).
    pub facets: Vec<(String, String)>,
    pub text: Option<String>,
    pub near: Option<Near>,
    pub open_at: Option<DateTime<Utc>>,
}

impl EntryFilter {
    /// Reads `group:value` facets; errors name `field`.
    pub fn parse_facets(
        field: &str,
        facets: &[String],
    ) -> Result<Vec<(String, String)>, PublishingError> {
        if facets.len() > 50 {
            return Err(PublishingError::invalid(field, "at most 50 facets"));
        }
        facets
            .iter()
            .filter(|f| !f.is_empty())
            .map(|f| {
                f.split_once(':')
                    .filter(|(g, v)| !g.is_empty() && !v.is_empty())
                    .map(|(g, v)| (g.to_owned(), v.to_owned()))
                    .ok_or_else(|| {
                        PublishingError::invalid(
                            field,
                            "give facets as group:value, e.g. age-group:under-5",
                        )
                    })
            })
            .collect()
    }
}

/// One entry found, with its distance from the point asked about.
#[derive(Debug, Clone)]
pub struct EntryMatch {
    pub item: Delivered,
    pub distance_metres: Option<f64>,
}

/// A page of a channel's entries.
#[derive(Debug, Clone)]
pub struct EntryPage {
    pub items: Vec<EntryMatch>,
    pub total_count: u64,
    pub next_cursor: Option<String>,
    /// How many entries of the current filter have each (group, value), each group counted without its own choice.
    pub facet_counts: BTreeMap<(String, String), u64>,
}

/// What a query needs of an entry's document.
#[derive(Debug, Clone, Default, Deserialize)]
struct Filtered {
    #[serde(default)]
    channels: Vec<Uuid>,
    #[serde(default)]
    facets: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    venue: Option<FilteredVenue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct FilteredVenue {
    latitude: f64,
    longitude: f64,
    #[serde(default)]
    opening_hours: Option<OpeningHours>,
}

struct Candidate {
    id: Uuid,
    title: String,
    doc: Filtered,
    distance: Option<f64>,
    /// The preview's document, kept so that a preview page needs no second read.
    delivered: Option<Delivered>,
}

/// The entries of `channel` that match `filter`, `first` at a time after the cursor `after`.
#[allow(clippy::too_many_arguments)]
pub async fn directory_entries(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    channel: Uuid,
    filter: &EntryFilter,
    first: u64,
    after: Option<&str>,
) -> Result<EntryPage, PublishingError> {
    let offset: u64 = match after {
        Some(cursor) => Cursor::decode(cursor)
            .map_err(|_| PublishingError::invalid("after", "the cursor is not valid"))?,
        None => 0,
    };
    let mut candidates = match mode {
        Mode::Live => live_candidates(tenant, db, locale, channel, filter).await?,
        Mode::Preview => preview_candidates(tenant, db, locale, channel, filter).await?,
    };
    // The exact distance, then the circle.
    if let Some(near) = filter.near {
        for c in &mut candidates {
            c.distance = c.doc.venue.as_ref().map(|v| {
                distance_metres((near.latitude, near.longitude), (v.latitude, v.longitude))
            });
        }
        candidates.retain(|c| c.distance.is_some_and(|d| d <= near.radius_metres));
    }
    if let Some(at) = filter.open_at {
        let nation = tenant.nation();
        candidates.retain(|c| {
            c.doc
                .venue
                .as_ref()
                .and_then(|v| v.opening_hours.as_ref())
                .is_some_and(|h| h.status_at(at, nation).open)
        });
    }
    // Facets: groups narrow, values of one group widen.
    let mut chosen: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for (group, value) in &filter.facets {
        chosen.entry(group).or_default().insert(value);
    }
    let passes = |c: &Candidate, except: Option<&str>| {
        chosen.iter().all(|(group, values)| {
            Some(*group) == except
                || c.doc
                    .facets
                    .get(*group)
                    .is_some_and(|have| have.iter().any(|v| values.contains(v.as_str())))
        })
    };
    let mut facet_counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for c in &candidates {
        for (group, values) in &c.doc.facets {
            if passes(c, Some(group)) {
                let mut seen = HashSet::new();
                for value in values.iter().filter(|v| seen.insert(v.as_str())) {
                    *facet_counts
                        .entry((group.clone(), value.clone()))
                        .or_default() += 1;
                }
            }
        }
    }
    candidates.retain(|c| passes(c, None));
    candidates.sort_by(|a, b| {
        let by_distance = match (a.distance, b.distance) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => std::cmp::Ordering::Equal,
        };
        by_distance
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    let total_count = candidates.len() as u64;
    let page: Vec<Candidate> = candidates
        .into_iter()
        .skip(offset.min(usize::MAX as u64) as usize)
        .take(first as usize)
        .collect();
    let next = offset + page.len() as u64;
    let next_cursor = (next < total_count).then(|| Cursor::encode(&next));
    let items = match mode {
        Mode::Live => {
            let ids: Vec<Uuid> = page.iter().map(|c| c.id).collect();
            let mut found: HashMap<Uuid, Delivered> = by_ids(tenant, db, mode, locale, &ids)
                .await?
                .into_iter()
                .map(|d| (d.id, d))
                .collect();
            page.into_iter()
                .filter_map(|c| {
                    Some(EntryMatch {
                        item: found.remove(&c.id)?,
                        distance_metres: c.distance,
                    })
                })
                .collect()
        }
        Mode::Preview => page
            .into_iter()
            .filter_map(|c| {
                Some(EntryMatch {
                    item: c.delivered?,
                    distance_metres: c.distance,
                })
            })
            .collect(),
    };
    Ok(EntryPage {
        items,
        total_count,
        next_cursor,
        facet_counts,
    })
}

/// Published entries of the channel: by the channel's index, inside the bounding box, among the search's hits.
async fn live_candidates(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
    channel: Uuid,
    filter: &EntryFilter,
) -> Result<Vec<Candidate>, PublishingError> {
    let mut query = scoped::<live::Entity>(tenant)
        .filter(live::Column::Kind.eq(ContentKind::DirectoryEntry.as_str()))
        .filter(live::Column::Locale.eq("en"))
        .filter(
            live::Column::ItemId.in_subquery(
                Query::select()
                    .column(live_tag::Column::ItemId)
                    .from(live_tag::Entity)
                    .and_where(live_tag::Column::CouncilId.eq(tenant.id()))
                    .and_where(live_tag::Column::Scheme.eq("channel"))
                    .and_where(live_tag::Column::Value.eq(channel.to_string()))
                    .to_owned(),
            ),
        );
    if let Some(near) = filter.near {
        let (south, north, west, east) = near.bounds();
        query = query
            .filter(live::Column::Latitude.between(south, north))
            .filter(live::Column::Longitude.between(west, east));
    }
    if let Some(text) = filter.text.as_deref() {
        let ids = super::search_ids(
            tenant,
            db,
            locale,
            text,
            &[ContentKind::DirectoryEntry],
            DIRECTORY_SCAN,
        )
        .await?;
        query = query.filter(live::Column::ItemId.is_in(ids));
    }
    let rows: Vec<(Uuid, String, String)> = query
        .select_only()
        .column(live::Column::ItemId)
        .column(live::Column::Title)
        .column(live::Column::Data)
        .order_by_asc(live::Column::ItemId)
        .limit(DIRECTORY_SCAN)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, title, data)| {
            let doc: Filtered = serde_json::from_str(&data)
                .map_err(|e| PublishingError::unreadable("live document", id, e))?;
            Ok(Candidate {
                id,
                title,
                doc,
                distance: None,
                delivered: None,
            })
        })
        .collect()
}

/// Working copies of the channel's entries, for a preview: the words are matched in their titles and summaries.
async fn preview_candidates(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
    channel: Uuid,
    filter: &EntryFilter,
) -> Result<Vec<Candidate>, PublishingError> {
    let all = preview_list(
        tenant,
        db,
        ContentKind::DirectoryEntry,
        locale,
        &ListFilter::default(),
        PREVIEW_SCAN,
        None,
    )
    .await?
    .items;
    let words: Vec<String> = filter
        .text
        .as_deref()
        .map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    Ok(all
        .into_iter()
        .filter_map(|d| {
            let doc: Filtered = serde_json::from_value(d.data.clone()).ok()?;
            if !doc.channels.contains(&channel) {
                return None;
            }
            let text = format!(
                "{} {}",
                d.title,
                d.data.get("summary").and_then(|s| s.as_str()).unwrap_or("")
            )
            .to_lowercase();
            if !words.iter().all(|w| text.contains(w.as_str())) {
                return None;
            }
            Some(Candidate {
                id: d.id,
                title: d.title.clone(),
                doc,
                distance: None,
                delivered: Some(d),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_metres() {
        // York Minster to Leeds Town Hall: 0.1623° of latitude (18.05 km) and 0.4672° of longitude at 53.9°
        // (30.6 km), about 35.5 km as the crow flies.
        let york = (53.9623, -1.0819);
        let leeds = (53.8000, -1.5491);
        let d = distance_metres(york, leeds);
        assert!((35_300.0..35_800.0).contains(&d), "{d}");
        // A degree of latitude is 111.2 km everywhere.
        let degree = distance_metres((50.0, 0.0), (51.0, 0.0));
        assert!((111_150.0..111_250.0).contains(&degree), "{degree}");
        assert_eq!(distance_metres(york, york), 0.0);
    }

    #[test]
    fn the_bounding_box_holds_the_circle() {
        let near = Near::new("near", 53.96, -1.08, Some(5_000.0)).unwrap();
        let (south, north, west, east) = near.bounds();
        for (lat, lon) in [(south, -1.08), (north, -1.08), (53.96, west), (53.96, east)] {
            let d = distance_metres((53.96, -1.08), (lat, lon));
            assert!((d - 5_000.0).abs() < 25.0, "{d}");
        }
        assert!(Near::new("near", 91.0, 0.0, None).is_err());
        assert!(Near::new("near", 53.0, 0.0, Some(0.0)).is_err());
        assert!(Near::new("near", 53.0, 0.0, Some(f64::NAN)).is_err());
    }

    #[test]
    fn facets_are_read_as_group_and_value() {
        assert_eq!(
            EntryFilter::parse_facets("facets", &["age-group:under-5".into()]).unwrap(),
            vec![("age-group".into(), "under-5".into())]
        );
        assert!(EntryFilter::parse_facets("facets", &["nocolon".into()]).is_err());
        assert!(EntryFilter::parse_facets("facets", &[":x".into()]).is_err());
    }
}
