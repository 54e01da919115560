//! What the Open Referral UK API's requests ask for (paging and the filters its API description gives), checked,
//! and the stable identifiers of the parts Townhall keeps no id of its own for.
use chrono::NaiveTime;
use uuid::Uuid;

use crate::publishing::PublishingError;

/// The namespace of Townhall's name-based (v5) identifiers of Open Referral objects.
const NAMESPACE: Uuid = uuid::uuid!("5b0e6c1e-3f57-4a43-9c3e-0f6a1d2b7e41");

/// The stable identifier of `part` of `owner` (`owner`'s location, its third schedule, ...).
pub fn part_id(owner: Uuid, part: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{owner}/{part}").as_bytes())
}

/// The stable identifier of something every council shares (a national taxonomy or one of its terms).
pub fn national_id(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// Most a page holds.
pub const MAX_PER_PAGE: u64 = 1000;
/// What a page holds when the caller does not say.
pub const DEFAULT_PER_PAGE: u64 = 50;

/// Which page of a list, from `page` (from 1) and `per_page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self, PublishingError> {
        let page = page.unwrap_or(1);
        if page == 0 || page > 1_000_000 {
            return Err(PublishingError::invalid(
                "page",
                "give a page number from 1",
            ));
        }
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(PublishingError::invalid(
                "per_page",
                format!("give from 1 to {MAX_PER_PAGE} per page"),
            ));
        }
        Ok(Self { page, per_page })
    }

    /// The count of all, the count of pages, and this page's share of `all`.
    pub fn cut<T>(&self, all: Vec<T>) -> (u64, u64, Vec<T>) {
        let total = all.len() as u64;
        let pages = total.div_ceil(self.per_page);
        let skip = (self.page - 1).saturating_mul(self.per_page);
        let contents = all
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(self.per_page).unwrap_or(usize::MAX))
            .collect();
        (total, pages, contents)
    }
}

/// Reads a day of the week as RFC 5545 gives it (`MO`) or by its English name (`monday`, `Mon`).
pub fn parse_day(text: &str) -> Option<&'static str> {
    const DAYS: [(&str, &str); 7] = [
        ("MO", "monday"),
        ("TU", "tuesday"),
        ("WE", "wednesday"),
        ("TH", "thursday"),
        ("FR", "friday"),
        ("SA", "saturday"),
        ("SU", "sunday"),
    ];
    let text = text.trim().to_ascii_lowercase();
    DAYS.iter().find_map(|(code, name)| {
        (text == code.to_ascii_lowercase() || (text.len() >= 3 && name.starts_with(&text)))
            .then_some(*code)
    })
}

/// Reads a time of day as `HH:MM` or `HH:MM:SS`.
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime, PublishingError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M:%S"))
        .map_err(|_| PublishingError::invalid(field, "give a time as HH:MM, e.g. 09:30"))
}

/// What a list of services (or of services at locations) is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// The ids the words found, when words were given.
    pub found: Option<Vec<Uuid>>,
    pub taxonomy_term_id: Option<String>,
    pub taxonomy_id: Option<String>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    /// Day code (`MO`).
    pub day: Option<&'static str>,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    /// Services at locations only: a postcode, or an outward code (`YO1`).
    pub postcode: Option<String>,
}

impl ServiceFilter {
    /// Whether the filter asks about opening times.
    pub fn asks_times(&self) -> bool {
        self.day.is_some() || self.start_time.is_some() || self.end_time.is_some()
    }
}

/// `email` when it is an address as JSON Schema's `email` format reads one (RFC 5321: a dot-atom local part and a
/// domain of labels), else nothing: an address a consumer's validator would refuse is left out, not sent.
pub fn plain_email(email: Option<&str>) -> Option<String> {
    let email = email?.trim();
    let (local, domain) = email.rsplit_once('@')?;
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    let domain_ok = domain.contains('.')
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| email.to_owned())
}

/// `url` as an absolute `http(s)` URI, percent-encoded where it must be; nothing when it is not one.
pub fn plain_url(url: Option<&str>) -> Option<String> {
    let parsed = url::Url::parse(url?.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_cut_from_one() {
        let paging = Paging::new(Some(2), Some(3)).unwrap();
        assert_eq!(paging.cut((1..=7).collect()), (7, 3, vec![4, 5, 6]));
        let last = Paging::new(Some(3), Some(3)).unwrap();
        assert_eq!(last.cut((1..=7).collect()), (7, 3, vec![7]));
        let beyond = Paging::new(Some(9), Some(3)).unwrap();
        assert_eq!(beyond.cut((1..=7).collect()), (7, 3, Vec::<i32>::new()));
        assert_eq!(Paging::new(None, None).unwrap().cut(Vec::<i32>::new()).1, 0);
        assert!(Paging::new(Some(0), None).is_err());
        assert!(Paging::new(None, Some(0)).is_err());
        assert!(Paging::new(None, Some(MAX_PER_PAGE + 1)).is_err());
    }

    #[test]
    fn days_and_times_are_read() {
        assert_eq!(parse_day("MO"), Some("MO"));
        assert_eq!(parse_day("thursday"), Some("TH"));
        assert_eq!(parse_day("Sat"), Some("SA"));
        assert_eq!(parse_day("xx"), None);
        assert_eq!(parse_day("t"), None);
        assert_eq!(
            parse_time("start_time", "09:30").unwrap(),
            NaiveTime::from_hms_opt(9, 30, 0).unwrap()
        );
        assert!(parse_time("start_time", "09:30:15").is_ok());
        assert!(parse_time("start_time", "9.30am").is_err());
    }

    #[test]
    fn only_addresses_validators_accept_are_sent() {
        assert_eq!(
            plain_email(Some("library@york.gov.uk")).as_deref(),
            Some("library@york.gov.uk")
        );
        assert_eq!(plain_email(Some("a b@york.gov.uk")), None);
        assert_eq!(plain_email(Some("library@localhost")), None);
        assert_eq!(plain_email(Some("@york.gov.uk")), None);
        assert_eq!(
            plain_url(Some("https://www.york.gov.uk/a b")).as_deref(),
            Some("https://www.york.gov.uk/a%20b")
        );
        assert_eq!(plain_url(Some("mailto:x@y.z")), None);
        assert_eq!(plain_url(Some("/local")), None);
    }

    #[test]
    fn part_ids_are_stable_and_distinct() {
        let item = Uuid::from_u128(7);
        assert_eq!(part_id(item, "location"), part_id(item, "location"));
        assert_ne!(part_id(item, "location"), part_id(item, "address"));
        assert_ne!(
            part_id(item, "location"),
            part_id(Uuid::from_u128(8), "location")
        );
    }
}
