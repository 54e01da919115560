//! London time: times are entered and shown in Europe/London and stored in UTC; legal dates are London dates.
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

/// Reads a time given with an offset (RFC 3339) or as London wall-clock time (`2026-07-14T18:00`).
/// A wall-clock time that does not exist (the spring clock change) is refused; an ambiguous one (autumn) takes
/// the earlier instant.
/// The error is a sentence for the person who gave the time.
pub fn parse_time(value: &str) -> Result<DateTime<Utc>, &'static str> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(value) {
        return Ok(with_offset.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .ok_or("give a time like 2026-07-14T18:00 (London time) or with an offset")?;
    London
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or("that time does not exist in London (the clocks go forward then)")
}

/// A stored time as London time with its offset.
pub fn show(time: DateTime<Utc>) -> DateTime<FixedOffset> {
    time.with_timezone(&London).fixed_offset()
}

/// The London calendar date of an instant.
pub fn date_of(time: DateTime<Utc>) -> NaiveDate {
    time.with_timezone(&London).date_naive()
}

/// The instant a London date begins.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_wall_clock_times_follow_summer_time() {
        assert_eq!(
            parse_time("2026-07-14T18:00").unwrap().to_rfc3339(),
            "2026-07-14T17:00:00+00:00"
        );
        assert_eq!(
            parse_time("2026-01-13T18:00").unwrap().to_rfc3339(),
            "2026-01-13T18:00:00+00:00"
        );
        assert_eq!(
            show(parse_time("2026-07-14T18:00").unwrap()).to_rfc3339(),
            "2026-07-14T18:00:00+01:00"
        );
        assert!(
            parse_time("2026-03-29T01:30").is_err(),
            "skipped by the clock change"
        );
        assert_eq!(
            parse_time("2026-07-14T18:00:00+01:00").unwrap(),
            parse_time("2026-07-14T18:00").unwrap()
        );
    }

    #[test]
    fn london_dates_begin_at_london_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 14).unwrap();
        assert_eq!(start_of(d).to_rfc3339(), "2026-07-13T23:00:00+00:00");
        assert_eq!(date_of(start_of(d)), d);
    }
}
