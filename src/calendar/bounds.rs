//! The range of dates Townhall accepts: from 1 January 1900 to 31 December 2200, for every date and time of every
//! kind and record (events and their repeats, opening hours and seasons, publications, schedules, meetings,
//! deadlines, decisions, the forward plan, review dates). Far outside it no council record makes sense, and date
//! arithmetic near the calendar's ends would overflow.
//!
//! JSON bodies and query parameters are judged at the HTTP door ([`crate::text::check_json`]): any string that
//! reads as a date (`2026-12-07`) or a date and time (`2026-12-07T10:00:00Z`) must fall in the range, and a
//! refusal is a 422 naming the field. Other doors (GraphQL arguments, imports) call [`check_date`] and
//! [`check_instant`] where they read dates.
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The first year accepted.
pub const FIRST_YEAR: i32 = 1900;
/// The last year accepted.
pub const LAST_YEAR: i32 = 2200;

/// What a refusal says.
pub const OUT_OF_RANGE: &str = "must be a date from 1900-01-01 to 2200-12-31";

/// Whether a date is in the range.
pub fn date_in_range(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// `Err` with the refusal's text when `date` is outside the range.
pub fn check_date(date: NaiveDate) -> Result<(), &'static str> {
    if date_in_range(date) {
        Ok(())
    } else {
        Err(OUT_OF_RANGE)
    }
}

/// `Err` with the refusal's text when the instant's UTC date is outside the range.
pub fn check_instant(at: DateTime<Utc>) -> Result<(), &'static str> {
    check_date(at.date_naive())
}

/// When `text` reads as a whole date or date and time (as the API's dates are written), whether it is in the
/// range; `None` for any other text.
pub fn text_in_range(text: &str) -> Option<bool> {
    let text = text.trim();
    // Cheap first look: digits (with an optional sign), then `-MM-DD`.
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || body.as_bytes().get(digits) != Some(&b'-') {
        return None;
    }
    let date = if text.len() <= 17 {
        text.parse::<NaiveDate>().ok()
    } else {
        text.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.naive_utc().date())
            .or_else(|| text.parse::<NaiveDateTime>().ok().map(|t| t.date()))
            // A date and time in another spelling (`2026-12-07 10:00`): judged by its date, when a time follows.
            .or_else(|| {
                let time_follows = text.get(10..11).is_some_and(|c| c == "T" || c == " ")
                    && text
                        .get(11..13)
                        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit()))
                    && text.get(13..14) == Some(":");
                time_follows
                    .then(|| text.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()))
                    .flatten()
            })
    };
    date.map(date_in_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_judged_and_other_text_is_not() {
        assert_eq!(text_in_range("2026-12-07"), Some(true));
        assert_eq!(text_in_range("1900-01-01"), Some(true));
        assert_eq!(text_in_range("2200-12-31"), Some(true));
        assert_eq!(text_in_range("1899-12-31"), Some(false));
        assert_eq!(text_in_range("2201-01-01"), Some(false));
        assert_eq!(text_in_range("+262142-01-01"), Some(false));
        assert_eq!(text_in_range("-262143-01-01"), Some(false));
        assert_eq!(text_in_range("9999-12-31T23:00:00Z"), Some(false));
        assert_eq!(text_in_range("2026-12-07T10:00:00+01:00"), Some(true));
        assert_eq!(text_in_range("2026-12-07T10:00:00"), Some(true));
        for other in [
            "Council tax",
            "10:30",
            "2026",
            "YO1 7DS",
            "12-07",
            "2026-13-45 party",
        ] {
            assert_eq!(text_in_range(other), None, "{other}");
        }
    }
}
