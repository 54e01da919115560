//! Which of a catalogue's services a request's filters let through: words, taxonomy terms, ages, today's weekly
//! schedules, and places by postcode.
use chrono::NaiveTime;
use uuid::Uuid;

use super::{
    OrukAttribute, OrukServiceFull, OrukTaxonomyTerm,
    catalogue::{Catalogue, Listed},
    model::{ServiceFilter, part_id},
};

/// Minutes since midnight of `HH:MM` (`24:00` is the end of the day).
fn minutes(time: &str) -> Option<u32> {
    let (h, m) = time.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h <= 24 && m < 60).then_some(h * 60 + m)
}

fn minutes_of(time: NaiveTime) -> u32 {
    use chrono::Timelike;
    time.hour() * 60 + time.minute()
}

/// The outward code of a postcode (`YO1` of `YO1 7DS`), upper case.
fn outward(postcode: &str) -> String {
    let compact: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.len() > 3 {
        compact[..compact.len() - 3].to_owned()
    } else {
        compact
    }
}

fn compact(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

impl Catalogue {
    /// The services `filter` lets through, by name.
    pub fn services<'a>(&'a self, filter: &ServiceFilter) -> Vec<&'a Listed> {
        self.services
            .iter()
            .filter(|l| self.passes(l, filter))
            .collect()
    }

    /// The service with its attributes.
    pub fn full(&self, listed: &Listed) -> OrukServiceFull {
        let item = listed.full.service.id;
        let mut full = listed.full.clone();
        full.attributes = listed
            .terms
            .iter()
            .filter_map(|n| self.terms.get(*n))
            .map(|term| OrukAttribute {
                id: part_id(item, &format!("attribute/{}", term.id)),
                link_id: item,
                link_entity: "service".to_owned(),
                taxonomy_term_id: term.id,
                taxonomy_term: term.clone(),
            })
            .collect();
        full
    }

    fn passes(&self, listed: &Listed, filter: &ServiceFilter) -> bool {
        let today = self.today;
        let service = &listed.full;
        if let Some(found) = &filter.found
            && !found.contains(&service.service.id)
        {
            return false;
        }
        let has = |matches: &dyn Fn(&OrukTaxonomyTerm) -> bool| {
            listed
                .terms
                .iter()
                .filter_map(|n| self.terms.get(*n))
                .any(matches)
        };
        if let Some(term) = &filter.taxonomy_term_id
            && !has(&|t| t.id.to_string().eq_ignore_ascii_case(term.trim()))
        {
            return false;
        }
        if let Some(taxonomy) = &filter.taxonomy_id
            && !has(&|t| {
                t.taxonomy_id
                    .to_string()
                    .eq_ignore_ascii_case(taxonomy.trim())
            })
        {
            return false;
        }
        // No lowest age is from birth; no highest age is no limit.
        if let Some(age) = filter.minimum_age
            && f64::from(service.service.minimum_age.unwrap_or(0)) < age
        {
            return false;
        }
        if let Some(age) = filter.maximum_age
            && !service
                .service
                .maximum_age
                .is_some_and(|m| f64::from(m) <= age)
        {
            return false;
        }
        if filter.asks_times() {
            // The weekly rules that hold today (not a season to come, nor another date's times).
            let fits = service.schedules.iter().any(|s| {
                if s.freq.as_deref() != Some("WEEKLY")
                    || s.valid_from.is_some_and(|from| from > today)
                    || s.valid_to.is_some_and(|to| to < today)
                {
                    return false;
                }
                let (Some(opens), Some(closes)) = (
                    s.opens_at.as_deref().and_then(minutes),
                    s.closes_at.as_deref().and_then(minutes),
                ) else {
                    return false;
                };
                filter.day.is_none_or(|day| {
                    s.byday
                        .as_deref()
                        .is_some_and(|days| days.split(',').any(|d| d == day))
                }) && filter
                    .start_time
                    .is_none_or(|start| opens >= minutes_of(start))
                    && filter.end_time.is_none_or(|end| closes <= minutes_of(end))
            });
            if !fits {
                return false;
            }
        }
        if let Some(asked) = &filter.postcode {
            let Some(postcode) = &listed.postcode else {
                return false;
            };
            let asked = compact(asked);
            if compact(postcode) != asked && outward(postcode) != asked {
                return false;
            }
        }
        true
    }

    /// The centre of the council's venues at `postcode` (a whole postcode), when it has any there.
    pub fn centre_of(&self, postcode: &str) -> Option<(f64, f64)> {
        let asked = compact(postcode);
        let points: Vec<(f64, f64)> = self
            .services
            .iter()
            .filter(|l| l.postcode.as_deref().is_some_and(|p| compact(p) == asked))
            .flat_map(|l| &l.full.service_at_locations)
            .map(|at| {
                (
                    at.location.location.latitude,
                    at.location.location.longitude,
                )
            })
            .collect();
        (!points.is_empty()).then(|| {
            let n = points.len() as f64;
            (
                points.iter().map(|p| p.0).sum::<f64>() / n,
                points.iter().map(|p| p.1).sum::<f64>() / n,
            )
        })
    }

    pub fn service(&self, id: Uuid) -> Option<&Listed> {
        self.services.iter().find(|l| l.full.service.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_compare_whole_or_by_outward_code() {
        assert_eq!(outward("YO1 7DS"), "YO1");
        assert_eq!(outward("sw1a1aa"), "SW1A");
        assert_eq!(compact(" yo1 7ds "), "YO17DS");
        assert_eq!(minutes("09:30"), Some(570));
        assert_eq!(minutes("24:00"), Some(1440));
        assert_eq!(minutes("9"), None);
    }
}
