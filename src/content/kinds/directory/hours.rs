//! Opening hours of a venue: weekly times, seasonal periods with times of their own, and exceptions by date
//! (closures, special times), with bank holidays of the council's nation closed unless the venue says otherwise.
//! Times are London wall-clock times, so a venue that opens at 09:00 opens at 09:00 on both sides of a clock change.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{calendar::holidays::is_bank_holiday, publishing::PublishingError, tenancy::Nation};

/// When a venue is open.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"weekly": [{"day": "monday", "opens": "09:00", "closes": "17:00"}, {"day": "saturday", "opens": "10:00", "closes": "13:00"}], "seasons": [{"name": "Summer", "from": "2026-07-20", "to": "2026-08-31", "weekly": [{"day": "monday", "opens": "10:00", "closes": "16:00"}]}], "exceptions": [{"date": "2026-12-24", "sessions": [{"opens": "09:00", "closes": "12:00"}], "note": "Closing early"}], "bank_holidays": "closed"}))]
pub struct OpeningHours {
    /// The usual week.
    #[serde(default)]
    pub weekly: Vec<Session>,
    /// Periods with a week of their own (school holidays, winter), from one date to another inclusive.
    #[serde(default)]
    pub seasons: Vec<Season>,
    /// Dates with times of their own; no sessions means closed that day.
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    #[serde(default)]
    pub bank_holidays: BankHolidays,
}

/// A day's opening in the week.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub day: Day,
    /// `HH:MM`, London time.
    pub opens: String,
    /// `HH:MM`, London time, after `opens` (`24:00` for midnight).
    pub closes: String,
}

/// An opening on one date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Times {
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Season {
    #[serde(default)]
    pub name: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub weekly: Vec<Session>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub date: NaiveDate,
    /// The openings that day; empty when closed.
    #[serde(default)]
    pub sessions: Vec<Times>,
    /// What residents are told ("Closed for refurbishment").
    #[serde(default)]
    pub note: Option<String>,
}

/// Whether the venue keeps its usual times on bank holidays.
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
#[graphql(name = "BankHolidayOpening")]
pub enum BankHolidays {
    #[default]
    Closed,
    Normal,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    /// The chrono weekday.
    pub fn weekday(self) -> Weekday {
        match self {
            Self::Monday => Weekday::Mon,
            Self::Tuesday => Weekday::Tue,
            Self::Wednesday => Weekday::Wed,
            Self::Thursday => Weekday::Thu,
            Self::Friday => Weekday::Fri,
            Self::Saturday => Weekday::Sat,
            Self::Sunday => Weekday::Sun,
        }
    }

    pub fn of(weekday: Weekday) -> Self {
        match weekday {
            Weekday::Mon => Self::Monday,
            Weekday::Tue => Self::Tuesday,
            Weekday::Wed => Self::Wednesday,
            Weekday::Thu => Self::Thursday,
            Weekday::Fri => Self::Friday,
            Weekday::Sat => Self::Saturday,
            Weekday::Sun => Self::Sunday,
        }
    }
}

/// Whether a venue is open at a time, and when that changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema, async_graphql::SimpleObject)]
pub struct OpeningStatus {
    pub open: bool,
    /// When it closes, while it is open.
    pub closes_at: Option<DateTime<Utc>>,
    /// When it next opens, while it is closed (within the next year).
    pub opens_next_at: Option<DateTime<Utc>>,
}

/// Minutes after midnight of `HH:MM` (`24:00` allowed as an end).
fn minutes(value: &str) -> Option<u32> {
    let (h, m) = value.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

fn check_times(path: &str, opens: &str, closes: &str) -> Result<(), PublishingError> {
    let open = minutes(opens).filter(|m| *m < 24 * 60).ok_or_else(|| {
        PublishingError::invalid(format!("{path}.opens"), "give a time as HH:MM, e.g. 09:00")
    })?;
    let close = minutes(closes).ok_or_else(|| {
        PublishingError::invalid(format!("{path}.closes"), "give a time as HH:MM, e.g. 17:30")
    })?;
    if close <= open {
        return Err(PublishingError::invalid(
            format!("{path}.closes"),
            "must be after the opening time",
        ));
    }
    Ok(())
}

impl OpeningHours {
    /// Checks the times, seasons and exceptions; errors name the field under `path`.
    pub fn validate(&self, path: &str) -> Result<(), PublishingError> {
        if self.weekly.len() > 50 || self.seasons.len() > 20 || self.exceptions.len() > 400 {
            return Err(PublishingError::invalid(
                path,
                "at most 50 weekly times, 20 seasons and 400 exceptions",
            ));
        }
        for (i, s) in self.weekly.iter().enumerate() {
            check_times(&format!("{path}.weekly[{i}]"), &s.opens, &s.closes)?;
        }
        for (i, season) in self.seasons.iter().enumerate() {
            let at = format!("{path}.seasons[{i}]");
            if season.to < season.from {
                return Err(PublishingError::invalid(
                    format!("{at}.to"),
                    "must not be before from",
                ));
            }
            if season
                .name
                .as_ref()
                .is_some_and(|n| n.chars().count() > 100)
            {
                return Err(PublishingError::invalid(
                    format!("{at}.name"),
                    "at most 100 characters",
                ));
            }
            for (j, s) in season.weekly.iter().enumerate() {
                check_times(&format!("{at}.weekly[{j}]"), &s.opens, &s.closes)?;
            }
        }
        for (i, exception) in self.exceptions.iter().enumerate() {
            let at = format!("{path}.exceptions[{i}]");
            if self.exceptions[..i]
                .iter()
                .any(|e| e.date == exception.date)
            {
                return Err(PublishingError::invalid(
                    format!("{at}.date"),
                    "another exception is for the same date",
                ));
            }
            for (j, s) in exception.sessions.iter().enumerate() {
                check_times(&format!("{at}.sessions[{j}]"), &s.opens, &s.closes)?;
            }
            if exception
                .note
                .as_ref()
                .is_some_and(|n| n.chars().count() > 300)
            {
                return Err(PublishingError::invalid(
                    format!("{at}.note"),
                    "at most 300 characters",
                ));
            }
        }
        Ok(())
    }

    /// The openings on a London date, as minutes after midnight, in order.
    pub fn sessions_on(&self, date: NaiveDate, nation: Nation) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> =
            if let Some(exception) = self.exceptions.iter().find(|e| e.date == date) {
                exception
                    .sessions
                    .iter()
                    .filter_map(|s| Some((minutes(&s.opens)?, minutes(&s.closes)?)))
                    .collect()
            } else if self.bank_holidays == BankHolidays::Closed && is_bank_holiday(nation, date) {
                Vec::new()
            } else {
                let week = self
                    .seasons
                    .iter()
                    .find(|s| s.from <= date && date <= s.to)
                    .map_or(&self.weekly, |s| &s.weekly);
                let day = Day::of(date.weekday());
                week.iter()
                    .filter(|s| s.day == day)
                    .filter_map(|s| Some((minutes(&s.opens)?, minutes(&s.closes)?)))
                    .collect()
            };
        out.sort();
        out
    }

    /// Whether the venue is open at `at`, when it closes, or when it next opens.
    pub fn status_at(&self, at: DateTime<Utc>, nation: Nation) -> OpeningStatus {
        let local = at.with_timezone(&London);
        let today = local.date_naive();
        let now = local.time().num_seconds_from_midnight_minutes();
        for (opens, closes) in self.sessions_on(today, nation) {
            if opens <= now && now < closes {
                return OpeningStatus {
                    open: true,
                    closes_at: Some(instant(today, closes)),
                    opens_next_at: None,
                };
            }
        }
        let mut date = today;
        for _ in 0..=366 {
            for (opens, _) in self.sessions_on(date, nation) {
                let start = instant(date, opens);
                if start > at {
                    return OpeningStatus {
                        open: false,
                        closes_at: None,
                        opens_next_at: Some(start),
                    };
                }
            }
            let Some(next) = date.succ_opt() else {
                break;
            };
            date = next;
        }
        OpeningStatus {
            open: false,
            closes_at: None,
            opens_next_at: None,
        }
    }
}

trait Minutes {
    fn num_seconds_from_midnight_minutes(&self) -> u32;
}

impl Minutes for chrono::NaiveTime {
    fn num_seconds_from_midnight_minutes(&self) -> u32 {
        chrono::Timelike::num_seconds_from_midnight(self) / 60
    }
}

/// The instant of a London wall-clock time on a date (`24:00` being the next midnight). A time the spring clock
/// change skips is taken as the moment the clocks went forward.
fn instant(date: NaiveDate, minute: u32) -> DateTime<Utc> {
    let (date, minute) = if minute >= 24 * 60 {
        (date.succ_opt().unwrap_or(date), minute - 24 * 60)
    } else {
        (date, minute)
    };
    let naive = date
        .and_hms_opt(minute / 60, minute % 60, 0)
        .unwrap_or_default();
    match London.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // In the gap: the local time an hour later exists, and is the same instant as the gap's end.
        None => naive
            .checked_add_signed(Duration::hours(1))
            .and_then(|later| London.from_local_datetime(&later).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_nine_to_five() -> OpeningHours {
        OpeningHours {
            weekly: [
                Day::Monday,
                Day::Tuesday,
                Day::Wednesday,
                Day::Thursday,
                Day::Friday,
            ]
            .into_iter()
            .map(|day| Session {
                day,
                opens: "09:00".into(),
                closes: "17:00".into(),
            })
            .chain([Session {
                day: Day::Sunday,
                opens: "09:00".into(),
                closes: "12:00".into(),
            }])
            .collect(),
            ..OpeningHours::default()
        }
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn open_and_next_opening_follow_london_time_across_the_clock_changes() {
        let hours = weekdays_nine_to_five();
        // Saturday 24 October 2026 is British Summer Time; Sunday 25th is GMT.
        let sunday_gmt = hours.status_at(t("2026-10-25T08:30:00Z"), Nation::England);
        assert!(
            !sunday_gmt.open,
            "08:30 GMT is 08:30 in London: not yet open"
        );
        assert_eq!(sunday_gmt.opens_next_at, Some(t("2026-10-25T09:00:00Z")));
        let saturday = hours.status_at(t("2026-10-24T08:30:00Z"), Nation::England);
        assert!(!saturday.open, "closed on Saturdays");
        assert_eq!(saturday.opens_next_at, Some(t("2026-10-25T09:00:00Z")));
        // Friday 23rd, 16:30 UTC is 17:30 BST: closed; at 15:30 UTC (16:30 BST) open until 16:00 UTC.
        assert!(
            !hours
                .status_at(t("2026-10-23T16:30:00Z"), Nation::England)
                .open
        );
        let friday = hours.status_at(t("2026-10-23T15:30:00Z"), Nation::England);
        assert!(friday.open);
        assert_eq!(friday.closes_at, Some(t("2026-10-23T16:00:00Z")));
        // The March change: Sunday 29 March 2026 opens at 09:00 BST = 08:00 UTC.
        let spring = hours.status_at(t("2026-03-29T07:30:00Z"), Nation::England);
        assert_eq!(spring.opens_next_at, Some(t("2026-03-29T08:00:00Z")));
        assert!(
            hours
                .status_at(t("2026-03-29T08:10:00Z"), Nation::England)
                .open
        );
    }

    #[test]
    fn bank_holidays_close_unless_the_venue_keeps_its_times_and_exceptions_win() {
        let mut hours = weekdays_nine_to_five();
        // Friday 25 December 2026 and Monday 28th (Boxing Day's substitute) are bank holidays: closed on both,
        // open on Sunday 27th morning, then not until Tuesday 29th.
        let christmas = hours.status_at(t("2026-12-25T10:00:00Z"), Nation::England);
        assert!(!christmas.open);
        assert_eq!(christmas.opens_next_at, Some(t("2026-12-27T09:00:00Z")));
        let boxing_day_substitute = hours.status_at(t("2026-12-28T10:00:00Z"), Nation::England);
        assert!(!boxing_day_substitute.open);
        assert_eq!(
            boxing_day_substitute.opens_next_at,
            Some(t("2026-12-29T09:00:00Z"))
        );
        // 2 January is a bank holiday in Scotland only (a Saturday in 2027; 4 January 2027 Monday is the substitute).
        assert!(
            !hours
                .status_at(t("2027-01-04T10:00:00Z"), Nation::Scotland)
                .open
        );
        assert!(
            hours
                .status_at(t("2027-01-04T10:00:00Z"), Nation::England)
                .open
        );
        hours.bank_holidays = BankHolidays::Normal;
        assert!(
            hours
                .status_at(t("2026-12-25T10:00:00Z"), Nation::England)
                .open
        );
        hours.exceptions.push(Exception {
            date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
            sessions: vec![],
            note: Some("Closed for Christmas".into()),
        });
        hours.exceptions.push(Exception {
            date: NaiveDate::from_ymd_opt(2026, 12, 26).unwrap(),
            sessions: vec![Times {
                opens: "10:00".into(),
                closes: "12:00".into(),
            }],
            note: None,
        });
        let christmas = hours.status_at(t("2026-12-25T10:00:00Z"), Nation::England);
        assert!(!christmas.open);
        assert_eq!(christmas.opens_next_at, Some(t("2026-12-26T10:00:00Z")));
    }

    #[test]
    fn seasons_replace_the_usual_week_and_times_are_checked() {
        let mut hours = weekdays_nine_to_five();
        hours.seasons.push(Season {
            name: Some("Summer".into()),
            from: NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
            weekly: vec![Session {
                day: Day::Monday,
                opens: "12:00".into(),
                closes: "24:00".into(),
            }],
        });
        // Monday 10 August 2026, 10:00 BST: closed in the summer season, opens at noon.
        let summer = hours.status_at(t("2026-08-10T09:00:00Z"), Nation::England);
        assert!(!summer.open);
        assert_eq!(summer.opens_next_at, Some(t("2026-08-10T11:00:00Z")));
        let late = hours.status_at(t("2026-08-10T22:30:00Z"), Nation::England);
        assert!(late.open);
        assert_eq!(late.closes_at, Some(t("2026-08-10T23:00:00Z")));
        assert!(hours.validate("venue.opening_hours").is_ok());
        hours.weekly[0].closes = "08:00".into();
        let err = hours.validate("venue.opening_hours").unwrap_err();
        assert!(format!("{err:?}").contains("venue.opening_hours.weekly[0].closes"));
        hours.weekly[0].closes = "9am".into();
        assert!(hours.validate("venue.opening_hours").is_err());
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn time() -> impl Strategy<Value = String> {
            (0u32..=24, 0u32..60).prop_map(|(h, m)| {
                if h == 24 {
                    "24:00".to_owned()
                } else {
                    format!("{h:02}:{m:02}")
                }
            })
        }

        fn session() -> impl Strategy<Value = Session> {
            (0u8..7, time(), time()).prop_map(|(day, opens, closes)| Session {
                day: Day::of(chrono::Weekday::try_from(day).unwrap_or(chrono::Weekday::Mon)),
                opens,
                closes,
            })
        }

        fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
            (DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp())
                .prop_map(|secs| DateTime::from_timestamp(secs, 0).unwrap_or_default())
        }

        fn any_date() -> impl Strategy<Value = NaiveDate> {
            (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
                .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
        }

        fn any_hours() -> impl Strategy<Value = OpeningHours> {
            (
                proptest::collection::vec(session(), 0..8),
                proptest::collection::vec(
                    (
                        any_date(),
                        0i64..400,
                        proptest::collection::vec(session(), 0..4),
                    ),
                    0..3,
                ),
                proptest::collection::vec(
                    (
                        any_date(),
                        proptest::collection::vec((time(), time()), 0..3),
                    ),
                    0..3,
                ),
                any::<bool>(),
            )
                .prop_map(|(weekly, seasons, exceptions, open_on_holidays)| {
                    OpeningHours {
                        weekly,
                        seasons: seasons
                            .into_iter()
                            .map(|(from, days, weekly)| Season {
                                name: None,
                                from,
                                to: from
                                    .checked_add_signed(Duration::days(days))
                                    .unwrap_or(from),
                                weekly,
                            })
                            .collect(),
                        exceptions: exceptions
                            .into_iter()
                            .map(|(date, sessions)| Exception {
                                date,
                                sessions: sessions
                                    .into_iter()
                                    .map(|(opens, closes)| Times { opens, closes })
                                    .collect(),
                                note: None,
                            })
                            .collect(),
                        bank_holidays: if open_on_holidays {
                            BankHolidays::Normal
                        } else {
                            BankHolidays::Closed
                        },
                    }
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Whatever the hours and the moment, even at the calendar's ends, the status is worked out without a
            /// panic, and it is consistent: open means a closing time after now, closed a next opening after now.
            #[test]
            fn status_never_panics_and_is_consistent(hours in any_hours(), at in any_instant()) {
                let _ = hours.validate("opening_hours");
                let status = hours.status_at(at, Nation::England);
                if status.open {
                    prop_assert!(status.closes_at.is_some_and(|c| c >= at));
                } else if let Some(next) = status.opens_next_at {
                    prop_assert!(next > at || next.date_naive() == NaiveDate::MAX);
                }
            }
        }
    }
}
