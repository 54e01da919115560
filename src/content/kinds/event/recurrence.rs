//! When an event happens: a date (and London times, or all day), and optionally a rule that repeats it weekly or
//! monthly until a date or for a number of times, with dates left out. Occurrences are worked out in London
//! wall-clock time, so an event at 10:00 is at 10:00 on both sides of a clock change, and only within a bounded
//! window.
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{content::kinds::directory::hours::Day, publishing::PublishingError};

/// The longest window occurrences are worked out in.
pub const MAX_WINDOW_DAYS: i64 = 731;
/// The most occurrences of one event in one window.
pub const MAX_OCCURRENCES: usize = 1000;

/// How an event repeats.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"frequency": "weekly", "interval": 1, "days": ["tuesday", "thursday"], "until": "2027-03-31", "except": ["2026-12-29"]}))]
pub struct Recurrence {
    pub frequency: Frequency,
    /// Every how many weeks or months (1 to 12).
    #[serde(default = "one")]
    pub interval: u32,
    /// Weekly: the days it happens on (the first date's day when empty).
    #[serde(default)]
    pub days: Vec<Day>,
    /// Monthly: on the same day of the month (`day_of_month`), or the same weekday of the month (`weekday`: the
    /// 2nd Tuesday; the last when the first date is in the month's last seven days).
    #[serde(default)]
    pub monthly_by: MonthlyBy,
    /// The last date it may happen on.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// How many times it happens (dates left out count).
    #[serde(default)]
    pub count: Option<u32>,
    /// Dates it does not happen on.
    #[serde(default)]
    pub except: Vec<NaiveDate>,
}

fn one() -> u32 {
    1
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
#[graphql(name = "RecurrenceFrequency")]
pub enum Frequency {
    Weekly,
    Monthly,
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
pub enum MonthlyBy {
    #[default]
    DayOfMonth,
    Weekday,
}

/// The London times of an event on its first date: `None` for an all-day event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    pub start: Option<u32>,
    pub end: Option<u32>,
}

/// Minutes after midnight of `HH:MM`.
pub fn minutes(value: &str) -> Option<u32> {
    let (h, m) = value.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// One time an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub all_day: bool,
}

/// The instant of a London wall-clock time; a time the spring change skips is the moment the clocks went forward.
fn london(date: NaiveDate, minute: u32) -> DateTime<Utc> {
    let naive = date
        .and_hms_opt(minute / 60, minute % 60, 0)
        .unwrap_or_default();
    London
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            naive
                .checked_add_signed(Duration::hours(1))
                .and_then(|later| London.from_local_datetime(&later).earliest())
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

impl Recurrence {
    pub fn validate(&self, path: &str, first: NaiveDate) -> Result<(), PublishingError> {
        if !(1..=12).contains(&self.interval) {
            return Err(PublishingError::invalid(
                format!("{path}.interval"),
                "repeat every 1 to 12 weeks or months",
            ));
        }
        if self.frequency == Frequency::Monthly && !self.days.is_empty() {
            return Err(PublishingError::invalid(
                format!("{path}.days"),
                "days are for weekly events; a monthly event repeats on its first date's day",
            ));
        }
        if self.until.is_some_and(|u| u < first) {
            return Err(PublishingError::invalid(
                format!("{path}.until"),
                "must not be before the event's date",
            ));
        }
        if self.count.is_some_and(|c| !(1..=500).contains(&c)) {
            return Err(PublishingError::invalid(
                format!("{path}.count"),
                "give 1 to 500 times",
            ));
        }
        if self.until.is_some() && self.count.is_some() {
            return Err(PublishingError::invalid(
                format!("{path}.count"),
                "give an end date or a number of times, not both",
            ));
        }
        if self.except.len() > 200 {
            return Err(PublishingError::invalid(
                format!("{path}.except"),
                "at most 200 dates left out",
            ));
        }
        Ok(())
    }

    /// The dates it happens on from `first`, between `from` and `to` inclusive (and within its own end), at most
    /// `limit` of them; dates left out are not given but count towards `count`.
    ///
    /// A rule without a count is expanded from the window asked for, not from its first date, so an event that
    /// began long ago still lists its dates; a rule with a count (at most 500) is counted from its first date. All
    /// date arithmetic is checked: a date past the calendar's end stops the expansion, it never panics.
    pub fn dates(
        &self,
        first: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Vec<NaiveDate> {
        let last = match self.until {
            Some(until) => until.min(to),
            None => to,
        };
        // Where to start looking: the first date, or (when nothing has to be counted) the window's start.
        let skip_to = if self.count.is_none() {
            from.max(first)
        } else {
            first
        };
        let mut out = Vec::new();
        let mut counted = 0u32;
        let mut push = |date: NaiveDate, out: &mut Vec<NaiveDate>| -> bool {
            if date > last || out.len() >= limit || self.count.is_some_and(|c| counted >= c) {
                return false;
            }
            counted += 1;
            if date >= from && !self.except.contains(&date) {
                out.push(date);
            }
            true
        };
        let interval = i64::from(self.interval.max(1));
        match self.frequency {
            Frequency::Weekly => {
                let mut days: Vec<u32> = if self.days.is_empty() {
                    vec![first.weekday().num_days_from_monday()]
                } else {
                    self.days
                        .iter()
                        .map(|d| d.weekday().num_days_from_monday())
                        .collect()
                };
                days.sort();
                days.dedup();
                let Some(monday) = first.checked_sub_signed(Duration::days(i64::from(
                    first.weekday().num_days_from_monday(),
                ))) else {
                    return out;
                };
                // The first week of the rule's rhythm that can hold `skip_to`.
                let weeks_before = (skip_to - monday).num_weeks().max(0);
                let mut week = weeks_before - weeks_before % interval;
                'weeks: while let Some(start) =
                    Duration::try_weeks(week).and_then(|w| monday.checked_add_signed(w))
                {
                    if start > last {
                        break;
                    }
                    for d in &days {
                        let Some(date) = start.checked_add_signed(Duration::days(i64::from(*d)))
                        else {
                            break 'weeks;
                        };
                        if date < first || date < skip_to {
                            continue;
                        }
                        if !push(date, &mut out) {
                            break 'weeks;
                        }
                    }
                    week += interval;
                }
            }
            Frequency::Monthly => {
                let nth = (first.day() - 1) / 7 + 1;
                let last_week = first
                    .checked_add_signed(Duration::days(7))
                    .is_none_or(|d| d > end_of_month(first));
                let months_before = (i64::from(skip_to.year()) - i64::from(first.year())) * 12
                    + i64::from(skip_to.month())
                    - i64::from(first.month());
                let months_before = months_before.max(0);
                let mut step = u32::try_from(months_before - months_before % interval).unwrap_or(0);
                while let Some(month) = first
                    .with_day(1)
                    .and_then(|m| m.checked_add_months(Months::new(step)))
                {
                    if month > last {
                        break;
                    }
                    let date = match self.monthly_by {
                        MonthlyBy::DayOfMonth => month.with_day(first.day()),
                        MonthlyBy::Weekday if last_week => {
                            let end = end_of_month(month);
                            let back = (7 + end.weekday().num_days_from_monday()
                                - first.weekday().num_days_from_monday())
                                % 7;
                            end.checked_sub_signed(Duration::days(i64::from(back)))
                        }
                        MonthlyBy::Weekday => {
                            let ahead = (7 + first.weekday().num_days_from_monday()
                                - month.weekday().num_days_from_monday())
                                % 7;
                            month
                                .checked_add_signed(Duration::days(i64::from(
                                    ahead + (nth - 1) * 7,
                                )))
                                .filter(|date| date.month() == month.month())
                        }
                    };
                    // A month without the day (the 31st) has no occurrence, as in RFC 5545.
                    if let Some(date) = date
                        && date >= first
                        && date >= skip_to
                        && !push(date, &mut out)
                    {
                        break;
                    }
                    let Some(next) = step.checked_add(self.interval.max(1)) else {
                        break;
                    };
                    step = next;
                }
            }
        }
        out
    }
}

fn end_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(date)
}

/// The occurrence of an event on `date`, lasting `extra_days` more days, at `times` (all day without a start).
pub fn occurrence_on(date: NaiveDate, extra_days: i64, times: Times) -> Occurrence {
    let end_date = date
        .checked_add_signed(Duration::days(extra_days.clamp(0, 31)))
        .unwrap_or(date);
    match times.start {
        Some(start) => {
            let starts_at = london(date, start);
            let ends_at = match times.end {
                Some(end) => london(end_date, end),
                None => starts_at,
            }
            .max(starts_at);
            Occurrence {
                date,
                starts_at,
                ends_at,
                all_day: false,
            }
        }
        None => Occurrence {
            date,
            starts_at: crate::calendar::london::start_of(date),
            ends_at: crate::calendar::london::start_of(end_date.succ_opt().unwrap_or(end_date)),
            all_day: true,
        },
    }
}

/// The occurrences of an event whose first date is `first` (lasting `extra_days` more days) at `times`, repeating
/// by `rule`, that end after `from` and start before `to`.
pub fn occurrences(
    first: NaiveDate,
    extra_days: i64,
    times: Times,
    rule: Option<&Recurrence>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    let to_date = crate::calendar::london::date_of(to);
    // An occurrence that starts before the window may still run into it.
    let from_date = crate::calendar::london::date_of(from)
        .checked_sub_signed(Duration::days(extra_days.clamp(0, 31) + 1))
        .unwrap_or(first);
    let dates = match rule {
        Some(rule) => rule.dates(first, from_date, to_date, MAX_OCCURRENCES * 4),
        None => vec![first],
    };
    dates
        .into_iter()
        .map(|date| occurrence_on(date, extra_days, times))
        .filter(|o| o.ends_at > from && o.starts_at < to)
        .take(MAX_OCCURRENCES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn weekly() -> Recurrence {
        Recurrence {
            frequency: Frequency::Weekly,
            interval: 1,
            days: vec![],
            monthly_by: MonthlyBy::DayOfMonth,
            until: None,
            count: None,
            except: vec![],
        }
    }

    #[test]
    fn a_weekly_event_keeps_its_london_time_across_both_clock_changes() {
        let times = Times {
            start: Some(10 * 60),
            end: Some(11 * 60 + 30),
        };
        let rule = Recurrence {
            count: Some(3),
            ..weekly()
        };
        // Thursday 19 March 2026: GMT, GMT, then BST after the clocks go forward on the 29th.
        let spring = occurrences(
            d("2026-03-19"),
            0,
            times,
            Some(&rule),
            t("2026-01-01T00:00:00Z"),
            t("2026-12-31T00:00:00Z"),
        );
        let starts: Vec<String> = spring.iter().map(|o| o.starts_at.to_rfc3339()).collect();
        assert_eq!(
            starts,
            [
                "2026-03-19T10:00:00+00:00",
                "2026-03-26T10:00:00+00:00",
                "2026-04-02T09:00:00+00:00"
            ]
        );
        assert_eq!(spring[2].ends_at.to_rfc3339(), "2026-04-02T10:30:00+00:00");
        // Thursday 22 October 2026 is BST; the clocks go back on the 25th.
        let autumn = occurrences(
            d("2026-10-22"),
            0,
            times,
            Some(&rule),
            t("2026-01-01T00:00:00Z"),
            t("2026-12-31T00:00:00Z"),
        );
        let starts: Vec<String> = autumn.iter().map(|o| o.starts_at.to_rfc3339()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-22T09:00:00+00:00",
                "2026-10-29T10:00:00+00:00",
                "2026-11-05T10:00:00+00:00"
            ]
        );
    }

    #[test]
    fn weekly_days_intervals_exceptions_and_the_window() {
        let rule = Recurrence {
            interval: 2,
            days: vec![Day::Tuesday, Day::Thursday],
            until: Some(d("2026-12-31")),
            except: vec![d("2026-12-15")],
            ..weekly()
        };
        // From Thursday 3 December: Thu 3rd, (fortnight) Tue 15th left out, Thu 17th, Tue 29th, Thu 31st.
        let dates = rule.dates(d("2026-12-03"), d("2026-12-03"), d("2027-06-01"), 100);
        assert_eq!(
            dates,
            [
                d("2026-12-03"),
                d("2026-12-17"),
                d("2026-12-29"),
                d("2026-12-31")
            ]
        );
        // The window bounds an open-ended rule.
        let open = weekly().dates(d("2026-01-01"), d("2026-01-01"), d("2026-01-31"), 100);
        assert_eq!(open.len(), 5);
        // Occurrences that ended before the window are not listed.
        let times = Times {
            start: Some(600),
            end: Some(660),
        };
        let listed = occurrences(
            d("2026-01-01"),
            0,
            times,
            Some(&weekly()),
            t("2026-01-20T00:00:00Z"),
            t("2026-01-31T00:00:00Z"),
        );
        assert_eq!(
            listed.iter().map(|o| o.date).collect::<Vec<_>>(),
            [d("2026-01-22"), d("2026-01-29")]
        );
    }

    #[test]
    fn monthly_by_day_of_month_and_by_weekday() {
        let by_day = Recurrence {
            frequency: Frequency::Monthly,
            count: Some(4),
            ..weekly()
        };
        // The 31st: months without one are skipped, and still the count is of real dates.
        assert_eq!(
            by_day.dates(d("2026-01-31"), d("2026-01-31"), d("2027-12-31"), 100),
            [
                d("2026-01-31"),
                d("2026-03-31"),
                d("2026-05-31"),
                d("2026-07-31")
            ]
        );
        let second_tuesday = Recurrence {
            frequency: Frequency::Monthly,
            monthly_by: MonthlyBy::Weekday,
            count: Some(3),
            ..weekly()
        };
        // 13 January 2026 is the second Tuesday; then 10 February and 10 March.
        assert_eq!(
            second_tuesday.dates(d("2026-01-13"), d("2026-01-13"), d("2027-12-31"), 100),
            [d("2026-01-13"), d("2026-02-10"), d("2026-03-10")]
        );
        // 27 January 2026 is the last Tuesday: then 24 February and 31 March.
        assert_eq!(
            second_tuesday.dates(d("2026-01-27"), d("2026-01-27"), d("2027-12-31"), 100),
            [d("2026-01-27"), d("2026-02-24"), d("2026-03-31")]
        );
    }

    #[test]
    fn all_day_events_cover_london_days() {
        let o = occurrences(
            d("2026-07-14"),
            1,
            Times {
                start: None,
                end: None,
            },
            None,
            t("2026-01-01T00:00:00Z"),
            t("2026-12-31T00:00:00Z"),
        );
        assert_eq!(o.len(), 1);
        assert!(o[0].all_day);
        assert_eq!(o[0].starts_at.to_rfc3339(), "2026-07-13T23:00:00+00:00");
        assert_eq!(o[0].ends_at.to_rfc3339(), "2026-07-15T23:00:00+00:00");
    }

    #[test]
    fn a_rule_that_began_long_ago_without_an_end_lists_the_window_asked_for() {
        // A weekly event since 1 January 1900 (a Monday): its 2026 dates, though 6,600 weeks have passed.
        let rule = weekly();
        let dates = rule.dates(d("1900-01-01"), d("2026-12-01"), d("2026-12-31"), 100);
        assert_eq!(
            dates,
            [
                d("2026-12-07"),
                d("2026-12-14"),
                d("2026-12-21"),
                d("2026-12-28")
            ]
        );
        // Every other week keeps its rhythm from the first date: 1900-01-01 + 2n weeks.
        let fortnightly = Recurrence {
            interval: 2,
            ..weekly()
        };
        let dates = fortnightly.dates(d("1900-01-01"), d("2026-12-01"), d("2026-12-31"), 100);
        assert_eq!(dates.len(), 2);
        assert!(
            dates
                .iter()
                .all(|date| (*date - d("1900-01-01")).num_weeks() % 2 == 0)
        );
        // Monthly on the 15th since 1950: this window's one date.
        let monthly = Recurrence {
            frequency: Frequency::Monthly,
            ..weekly()
        };
        assert_eq!(
            monthly.dates(d("1950-03-15"), d("2026-12-01"), d("2026-12-31"), 100),
            [d("2026-12-15")]
        );
        // Listed as occurrences too.
        let listed = occurrences(
            d("1900-01-01"),
            0,
            Times {
                start: Some(600),
                end: Some(660),
            },
            Some(&rule),
            t("2026-12-01T00:00:00Z"),
            t("2026-12-15T00:00:00Z"),
        );
        assert_eq!(listed.len(), 2);
    }

    #[test]
    fn the_calendar_s_last_dates_end_the_expansion_without_a_panic() {
        let last = NaiveDate::MAX;
        let rule = Recurrence {
            count: Some(1),
            ..weekly()
        };
        assert_eq!(rule.dates(last, last, last, 10), [last]);
        let monthly = Recurrence {
            frequency: Frequency::Monthly,
            monthly_by: MonthlyBy::Weekday,
            ..weekly()
        };
        assert!(monthly.dates(last, last, last, 10).len() <= 1);
        let o = occurrence_on(
            last,
            31,
            Times {
                start: None,
                end: None,
            },
        );
        assert!(o.ends_at >= o.starts_at);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn any_date() -> impl Strategy<Value = NaiveDate> {
            (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
                .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MIN))
        }

        fn accepted_date() -> impl Strategy<Value = NaiveDate> {
            let first = d("1900-01-01").num_days_from_ce();
            let last = d("2200-12-31").num_days_from_ce();
            (first..=last)
                .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MIN))
        }

        fn any_rule() -> impl Strategy<Value = Recurrence> {
            (
                any::<bool>(),
                1u32..=12,
                proptest::collection::vec(0u32..7, 0..4),
                any::<bool>(),
                proptest::option::of(accepted_date()),
                proptest::option::of(1u32..=500),
                proptest::collection::vec(accepted_date(), 0..5),
            )
                .prop_map(
                    |(weekly, interval, days, by_weekday, until, count, except)| Recurrence {
                        frequency: if weekly {
                            Frequency::Weekly
                        } else {
                            Frequency::Monthly
                        },
                        interval,
                        days: if weekly {
                            days.into_iter()
                                .filter_map(|n| chrono::Weekday::try_from(n as u8).ok())
                                .map(Day::of)
                                .collect()
                        } else {
                            Vec::new()
                        },
                        monthly_by: if by_weekday {
                            MonthlyBy::Weekday
                        } else {
                            MonthlyBy::DayOfMonth
                        },
                        until,
                        count: if until.is_some() { None } else { count },
                        except,
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(400))]

            /// Over the whole calendar (far beyond what is accepted), expansion never panics.
            #[test]
            fn expansion_never_panics(rule in any_rule(), first in any_date(), from in any_date(), span in 0i64..800) {
                let to = from.checked_add_signed(Duration::days(span)).unwrap_or(NaiveDate::MAX);
                let _ = rule.dates(first, from, to, 50);
                let _ = occurrences(first, span % 32, Times { start: Some(600), end: Some(660) }, Some(&rule),
                    crate::calendar::london::start_of(from), crate::calendar::london::start_of(to));
            }

            /// Over the accepted range, the dates are in order, in the window, on or after the first date, within
            /// the rule's end and count, never a date left out, and at most the limit.
            #[test]
            fn expansion_is_sane(rule in any_rule(), first in accepted_date(), offset in 0i64..40_000, span in 0i64..731) {
                let from = first.checked_add_signed(Duration::days(offset - 2000)).unwrap_or(first);
                let to = from.checked_add_signed(Duration::days(span)).unwrap_or(from);
                let dates = rule.dates(first, from, to, 100);
                prop_assert!(dates.len() <= 100);
                prop_assert!(dates.windows(2).all(|w| w[0] < w[1]));
                for date in &dates {
                    prop_assert!(*date >= first && *date >= from && *date <= to);
                    prop_assert!(rule.until.is_none_or(|u| *date <= u));
                    prop_assert!(!rule.except.contains(date));
                }
                if let Some(count) = rule.count {
                    prop_assert!(dates.len() <= count as usize);
                }
                // The window's dates are those of the whole expansion that fall in it.
                if rule.count.is_none() && offset < 6000 {
                    let whole: Vec<NaiveDate> = rule.dates(first, first, to, 100_000)
                        .into_iter().filter(|d| *d >= from).take(100).collect();
                    prop_assert_eq!(&dates, &whole);
                }
            }
        }
    }
}
