//! Statutory publication deadlines for council meetings and executive
//! decisions: agenda clear days, key decision and general exception notices,
//! and call-in periods.
//!
//! All dates are legal dates (the Europe/London calendar day), with no times.

pub use crate::calendar::holidays;
pub mod settings;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::tenancy::Nation;

/// How far any walk over the calendar may go before giving up, so settings
/// that exclude every day (or ask for absurd periods) return `None` quickly.
const MAX_WALK_DAYS: usize = 400;

/// Which days do not count as "clear days" / working days for a council, and
/// its notice periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRules {
    /// The nation whose bank holidays apply.
    pub nation: Nation,
    /// Clear days an agenda must be published before a meeting: 5 in England
    /// (LGA 1972 s100B; 2012 Executive Regulations), 3 in Wales (Local
    /// Government and Elections (Wales) Act 2021), 3 in Scotland (LG
    /// (Scotland) Act 1973 s50B), 3 in Northern Ireland (Local Government Act
    /// (NI) 2014).
    pub agenda_clear_days: u32,
    /// Saturdays and Sundays do not count (default true).
    pub exclude_weekends: bool,
    /// The nation's bank holidays do not count (default true).
    pub exclude_bank_holidays: bool,
    /// 24 December does not count (default false).
    pub exclude_christmas_eve: bool,
    /// The Christmas and Easter breaks as defined in LGA 1972 s243 do not
    /// count (default false). The Christmas break runs from the last week day
    /// before Christmas Day to the first week day after it that is not a bank
    /// holiday; the Easter break from the Thursday before to the Tuesday after
    /// Easter Day.
    pub exclude_christmas_and_easter_breaks: bool,
    /// The council's own closure days, which do not count (default empty).
    pub closure_days: Vec<NaiveDate>,
    /// Clear days' notice of a key decision in the forward plan (default 28).
    pub key_decision_notice_days: u32,
    /// Whether the key decision notice days are calendar days (default true)
    /// rather than counting days under these rules.
    pub key_decision_notice_calendar_days: bool,
    /// Clear counting days' notice under the general exception (default 5).
    pub general_exception_notice_days: u32,
    /// Working days after publication of a decision in which it may be called
    /// in (default 5).
    pub call_in_working_days: u32,
}

impl DeadlineRules {
    /// The default rules for a council in `nation`.
    pub fn for_nation(nation: Nation) -> Self {
        let agenda_clear_days = match nation {
            Nation::England => 5,
            Nation::Wales | Nation::Scotland | Nation::NorthernIreland => 3,
        };
        Self {
            nation,
            agenda_clear_days,
            exclude_weekends: true,
            exclude_bank_holidays: true,
            exclude_christmas_eve: false,
            exclude_christmas_and_easter_breaks: false,
            closure_days: Vec::new(),
            key_decision_notice_days: 28,
            key_decision_notice_calendar_days: true,
            general_exception_notice_days: 5,
            call_in_working_days: 5,
        }
    }

    /// Whether `day` counts as a clear day / working day under these rules.
    pub fn counts(&self, day: NaiveDate) -> bool {
        self.counts_in(&YearCalendar::new(self.nation, day.year()), day)
    }

    /// The number of counting days strictly after `published` and strictly
    /// before `meeting`: a clear day excludes both the day of publication and
    /// the day of the meeting (R v Swansea City Council ex p. Elitestone,
    /// 1993). Zero if the meeting is not at least two days after publication.
    /// Takes time proportional to the span between the two dates.
    pub fn clear_days_between(&self, published: NaiveDate, meeting: NaiveDate) -> u32 {
        let mut calendar = None;
        let mut clear = 0u32;
        for day in published
            .iter_days()
            .skip(1)
            .take_while(|day| *day < meeting)
        {
            if self.counts_cached(&mut calendar, day) {
                clear = clear.saturating_add(1);
            }
        }
        clear
    }

    /// The latest date an agenda can be published and still leave
    /// `agenda_clear_days` clear days before `meeting`. This may be a weekend
    /// or holiday: publishing then is in time. With zero clear days, the day
    /// of the meeting. `None` if the period cannot be found within 400 days
    /// (e.g. every day is excluded).
    pub fn agenda_due_by(&self, meeting: NaiveDate) -> Option<NaiveDate> {
        self.latest_with_clear_days(meeting, self.agenda_clear_days)
    }

    /// The latest date the forward plan notice of a key decision taken on
    /// `decision` may be published: `key_decision_notice_days` clear days
    /// before it, calendar days or counting days according to
    /// `key_decision_notice_calendar_days`. `None` if a counting-day period
    /// cannot be found within 400 days, or the date is out of range.
    pub fn key_decision_notice_by(&self, decision: NaiveDate) -> Option<NaiveDate> {
        let days = self.key_decision_notice_days;
        if self.key_decision_notice_calendar_days {
            // N clear days leave the day of the notice N + 1 days before.
            decision.checked_sub_days(Days::new(u64::from(days) + 1))
        } else {
            self.latest_with_clear_days(decision, days)
        }
    }

    /// The latest date a general exception notice for a decision taken on
    /// `decision` may be published: `general_exception_notice_days` clear
    /// counting days before it. `None` if the period cannot be found within
    /// 400 days.
    pub fn general_exception_notice_by(&self, decision: NaiveDate) -> Option<NaiveDate> {
        self.latest_with_clear_days(decision, self.general_exception_notice_days)
    }

    /// The last day for calling in a decision published on `published`: the
    /// `call_in_working_days`-th counting day after publication (the day of
    /// publication does not count). With zero days, the day of publication.
    /// `None` if the period cannot be found within 400 days.
    pub fn call_in_deadline(&self, published: NaiveDate) -> Option<NaiveDate> {
        let wanted = usize::try_from(self.call_in_working_days).ok()?;
        if wanted == 0 {
            return Some(published);
        }
        let mut calendar = None;
        published
            .iter_days()
            .skip(1)
            .take(MAX_WALK_DAYS)
            .filter(|day| self.counts_cached(&mut calendar, *day))
            .nth(wanted - 1)
    }

    /// The latest day from which `clear_days` counting days remain strictly
    /// before `event`: walking back from the day before `event`, the day
    /// before the N-th counting day. With zero clear days, `event` itself.
    fn latest_with_clear_days(&self, event: NaiveDate, clear_days: u32) -> Option<NaiveDate> {
        let wanted = usize::try_from(clear_days).ok()?;
        if wanted == 0 {
            return Some(event);
        }
        let mut calendar = None;
        let nth_counting_day = BackwardDays(event.pred_opt())
            .take(MAX_WALK_DAYS)
            .filter(|day| self.counts_cached(&mut calendar, *day))
            .nth(wanted - 1)?;
        nth_counting_day.pred_opt()
    }

    /// `counts`, reusing the calendar of the previous day while the year is
    /// the same so walks do not recompute holidays for every day.
    fn counts_cached(&self, calendar: &mut Option<YearCalendar>, day: NaiveDate) -> bool {
        let current = match calendar {
            Some(cal) if cal.year == day.year() => cal,
            _ => calendar.insert(YearCalendar::new(self.nation, day.year())),
        };
        self.counts_in(current, day)
    }

    fn counts_in(&self, calendar: &YearCalendar, day: NaiveDate) -> bool {
        let excluded = (self.exclude_weekends && is_weekend(day))
            || (self.exclude_bank_holidays && calendar.is_bank_holiday(day))
            || (self.exclude_christmas_eve && day.month() == 12 && day.day() == 24)
            || (self.exclude_christmas_and_easter_breaks && calendar.in_break(day))
            || self.closure_days.contains(&day);
        !excluded
    }
}

/// Whether an agenda (or notice) was, or still can be, published in time.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Published on or before the due date.
    OnTime,
    /// Published after the due date.
    Late,
    /// Not yet published, and the due date has not passed.
    NotYetDue,
    /// Not published, and the due date has passed.
    Overdue,
}

/// Whether publication against `due_by` is compliant.
///
/// `published_on`: the (Europe/London) date the agenda was published, if it
/// has been; `today`: the current London date. Cancelled meetings have no
/// deadline: callers should not call this for them.
pub fn compliance(
    due_by: NaiveDate,
    published_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Compliance {
    match published_on {
        Some(published) if published <= due_by => Compliance::OnTime,
        Some(_) => Compliance::Late,
        None if today <= due_by => Compliance::NotYetDue,
        None => Compliance::Overdue,
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Days walking backwards from (and including) the given day.
struct BackwardDays(Option<NaiveDate>);

impl Iterator for BackwardDays {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        let day = self.0?;
        self.0 = day.pred_opt();
        Some(day)
    }
}

/// One year's bank holidays and LGA 1972 s243 breaks for a nation.
struct YearCalendar {
    year: i32,
    bank_holidays: Vec<NaiveDate>,
    easter_break: Option<(NaiveDate, NaiveDate)>,
    christmas_break: Option<(NaiveDate, NaiveDate)>,
}

impl YearCalendar {
    fn new(nation: Nation, year: i32) -> Self {
        let bank_holidays = holidays::bank_holidays(nation, year);
        let easter_break = holidays::easter_sunday(year).and_then(|easter| {
            let start = easter.checked_sub_days(Days::new(3))?;
            let end = easter.checked_add_days(Days::new(2))?;
            Some((start, end))
        });
        let christmas_break = christmas_break(year, &bank_holidays);
        Self {
            year,
            bank_holidays,
            easter_break,
            christmas_break,
        }
    }

    fn is_bank_holiday(&self, day: NaiveDate) -> bool {
        self.bank_holidays.binary_search(&day).is_ok()
    }

    fn in_break(&self, day: NaiveDate) -> bool {
        [self.easter_break, self.christmas_break]
            .into_iter()
            .flatten()
            .any(|(start, end)| start <= day && day <= end)
    }
}

/// The s243 Christmas break of `year`: from the last week day (Monday to
/// Friday) before Christmas Day to the first week day after Christmas Day
/// that is not a bank holiday. It always ends by 29 December, so it never
/// reaches into the next year.
fn christmas_break(year: i32, bank_holidays: &[NaiveDate]) -> Option<(NaiveDate, NaiveDate)> {
    let christmas = NaiveDate::from_ymd_opt(year, 12, 25)?;
    let start = BackwardDays(christmas.pred_opt())
        .take(7)
        .find(|day| !is_weekend(*day))?;
    let end = christmas
        .iter_days()
        .skip(1)
        .take(7)
        .find(|day| !is_weekend(*day) && !bank_holidays.contains(day))?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn england() -> DeadlineRules {
        DeadlineRules::for_nation(Nation::England)
    }

    /// Checks the due date and that it is exactly the latest in-time date.
    fn assert_agenda_due(rules: &DeadlineRules, meeting: NaiveDate, expected: NaiveDate) {
        let due = rules.agenda_due_by(meeting).unwrap();
        assert_eq!(due, expected, "meeting {meeting}");
        assert_in_time_boundary(rules, due, meeting, rules.agenda_clear_days);
    }

    fn assert_in_time_boundary(rules: &DeadlineRules, due: NaiveDate, event: NaiveDate, n: u32) {
        assert_eq!(
            rules.clear_days_between(due, event),
            n,
            "due {due}, event {event}"
        );
        let day_later = due.succ_opt().unwrap();
        assert!(
            rules.clear_days_between(day_later, event) < n,
            "event {event}"
        );
    }

    #[test]
    fn defaults_by_nation() {
        assert_eq!(england().agenda_clear_days, 5);
        for nation in [Nation::Wales, Nation::Scotland, Nation::NorthernIreland] {
            let rules = DeadlineRules::for_nation(nation);
            assert_eq!(rules.agenda_clear_days, 3);
            assert_eq!(rules.nation, nation);
        }
        let rules = england();
        assert!(rules.exclude_weekends && rules.exclude_bank_holidays);
        assert!(!rules.exclude_christmas_eve && !rules.exclude_christmas_and_easter_breaks);
        assert!(rules.closure_days.is_empty());
        assert_eq!(rules.key_decision_notice_days, 28);
        assert!(rules.key_decision_notice_calendar_days);
        assert_eq!(rules.general_exception_notice_days, 5);
        assert_eq!(rules.call_in_working_days, 5);
    }

    #[test]
    fn counts_weekends_holidays_and_closures() {
        let mut rules = england();
        assert!(rules.counts(d(2026, 4, 2)));
        assert!(!rules.counts(d(2026, 4, 4))); // Saturday
        assert!(!rules.counts(d(2026, 4, 6))); // Easter Monday
        assert!(DeadlineRules::for_nation(Nation::Scotland).counts(d(2026, 4, 6)));
        assert!(rules.counts(d(2025, 12, 24)));
        rules.exclude_christmas_eve = true;
        assert!(!rules.counts(d(2025, 12, 24)));
        rules.closure_days.push(d(2026, 4, 2));
        assert!(!rules.counts(d(2026, 4, 2)));
        rules.exclude_weekends = false;
        rules.exclude_bank_holidays = false;
        assert!(rules.counts(d(2026, 4, 4)));
        assert!(rules.counts(d(2026, 4, 6)));
    }

    #[test]
    fn christmas_and_easter_breaks() {
        let mut rules = england();
        rules.exclude_christmas_and_easter_breaks = true;
        let excluded = |rules: &DeadlineRules, day| !rules.counts(day);
        // Easter 2026: Thursday 2 April to Tuesday 7 April.
        assert!(rules.counts(d(2026, 4, 1)));
        assert!(excluded(&rules, d(2026, 4, 2)));
        assert!(excluded(&rules, d(2026, 4, 7)));
        assert!(rules.counts(d(2026, 4, 8)));
        // Christmas 2025 (Thursday): Wednesday 24 to Monday 29 December.
        assert!(rules.counts(d(2025, 12, 23)));
        assert!(excluded(&rules, d(2025, 12, 24)));
        assert!(excluded(&rules, d(2025, 12, 29)));
        assert!(rules.counts(d(2025, 12, 30)));
        // Christmas 2021 (Saturday): Friday 24 to Wednesday 29 December.
        assert!(rules.counts(d(2021, 12, 23)));
        assert!(excluded(&rules, d(2021, 12, 24)));
        assert!(excluded(&rules, d(2021, 12, 29)));
        assert!(rules.counts(d(2021, 12, 30)));
        // Christmas 2022 (Sunday): Friday 23 to Wednesday 28 December.
        assert!(excluded(&rules, d(2022, 12, 23)));
        assert!(excluded(&rules, d(2022, 12, 28)));
        assert!(rules.counts(d(2022, 12, 29)));
        // Christmas 2023 (Monday): Friday 22 to Wednesday 27 December.
        assert!(rules.counts(d(2023, 12, 21)));
        assert!(excluded(&rules, d(2023, 12, 22)));
        assert!(excluded(&rules, d(2023, 12, 27)));
        assert!(rules.counts(d(2023, 12, 28)));
    }

    #[test]
    fn clear_days_exclude_both_ends() {
        let rules = england();
        assert_eq!(rules.clear_days_between(d(2024, 12, 2), d(2024, 12, 10)), 5);
        assert_eq!(rules.clear_days_between(d(2024, 12, 9), d(2024, 12, 10)), 0);
        assert_eq!(
            rules.clear_days_between(d(2024, 12, 10), d(2024, 12, 10)),
            0
        );
        assert_eq!(
            rules.clear_days_between(d(2024, 12, 12), d(2024, 12, 10)),
            0
        );
        assert_eq!(rules.clear_days_between(d(2024, 12, 8), d(2024, 12, 10)), 1);
    }

    #[test]
    fn agenda_england_tuesday_meeting() {
        assert_agenda_due(&england(), d(2024, 12, 10), d(2024, 12, 2));
    }

    #[test]
    fn agenda_after_spring_bank_holiday() {
        // Monday 26 May 2025 is a bank holiday; the due date is Sunday 18 May.
        assert_agenda_due(&england(), d(2025, 5, 27), d(2025, 5, 18));
        assert_eq!(d(2025, 5, 18).weekday(), Weekday::Sun);
    }

    #[test]
    fn agenda_monday_meeting_week_after_bank_holiday() {
        assert_agenda_due(&england(), d(2025, 6, 2), d(2025, 5, 22));
    }

    #[test]
    fn agenda_wales_three_days_vs_england_five() {
        let wales = DeadlineRules::for_nation(Nation::Wales);
        assert_agenda_due(&wales, d(2024, 12, 10), d(2024, 12, 4));
        assert_agenda_due(&england(), d(2024, 12, 10), d(2024, 12, 2));
    }

    #[test]
    fn agenda_over_easter() {
        let mut rules = england();
        assert_agenda_due(&rules, d(2026, 4, 9), d(2026, 3, 30));
        rules.exclude_christmas_and_easter_breaks = true;
        assert_agenda_due(&rules, d(2026, 4, 9), d(2026, 3, 26));
    }

    #[test]
    fn agenda_over_christmas() {
        let mut rules = england();
        assert_agenda_due(&rules, d(2026, 1, 5), d(2025, 12, 23));
        rules.exclude_christmas_eve = true;
        assert_agenda_due(&rules, d(2026, 1, 5), d(2025, 12, 22));
        rules.exclude_christmas_eve = false;
        rules.exclude_christmas_and_easter_breaks = true;
        assert_agenda_due(&rules, d(2026, 1, 5), d(2025, 12, 21));
    }

    #[test]
    fn agenda_with_closure_days() {
        let mut rules = england();
        rules.closure_days = vec![d(2024, 12, 6)];
        assert_agenda_due(&rules, d(2024, 12, 10), d(2024, 12, 1));
    }

    #[test]
    fn agenda_boundary_holds_for_every_meeting() {
        let mut variants = Vec::new();
        for nation in [Nation::England, Nation::Scotland, Nation::NorthernIreland] {
            let mut rules = DeadlineRules::for_nation(nation);
            variants.push(rules.clone());
            rules.exclude_christmas_eve = true;
            rules.exclude_christmas_and_easter_breaks = true;
            variants.push(rules);
        }
        for rules in &variants {
            for meeting in d(2024, 1, 1).iter_days().take(3 * 366) {
                let due = rules.agenda_due_by(meeting).unwrap();
                assert_in_time_boundary(rules, due, meeting, rules.agenda_clear_days);
            }
        }
    }

    #[test]
    fn key_decision_notice() {
        let mut rules = england();
        assert_eq!(
            rules.key_decision_notice_by(d(2026, 1, 30)),
            Some(d(2026, 1, 1))
        );
        rules.key_decision_notice_calendar_days = false;
        let due = rules.key_decision_notice_by(d(2026, 1, 30)).unwrap();
        assert_eq!(due, d(2025, 12, 17));
        assert_in_time_boundary(&rules, due, d(2026, 1, 30), 28);
    }

    #[test]
    fn general_exception_notice() {
        let rules = england();
        let due = rules.general_exception_notice_by(d(2026, 1, 30)).unwrap();
        assert_eq!(due, d(2026, 1, 22));
        assert_in_time_boundary(&rules, due, d(2026, 1, 30), 5);
    }

    #[test]
    fn call_in_deadlines() {
        let rules = england();
        assert_eq!(
            rules.call_in_deadline(d(2025, 12, 4)),
            Some(d(2025, 12, 11))
        );
        // Over Christmas: 24, 29, 30, 31 December, then Friday 2 January.
        assert_eq!(rules.call_in_deadline(d(2025, 12, 23)), Some(d(2026, 1, 2)));
        // Scotland also has 2 January off.
        let scotland = DeadlineRules::for_nation(Nation::Scotland);
        assert_eq!(
            scotland.call_in_deadline(d(2025, 12, 23)),
            Some(d(2026, 1, 5))
        );
        // Published on a Saturday: Monday is the first working day.
        assert_eq!(
            rules.call_in_deadline(d(2025, 12, 6)),
            Some(d(2025, 12, 12))
        );
    }

    #[test]
    fn zero_day_periods() {
        let mut rules = england();
        rules.agenda_clear_days = 0;
        rules.call_in_working_days = 0;
        rules.key_decision_notice_days = 0;
        assert_eq!(rules.agenda_due_by(d(2026, 1, 5)), Some(d(2026, 1, 5)));
        assert_eq!(rules.call_in_deadline(d(2026, 1, 5)), Some(d(2026, 1, 5)));
        assert_eq!(
            rules.key_decision_notice_by(d(2026, 1, 5)),
            Some(d(2026, 1, 4))
        );
    }

    #[test]
    fn walks_are_bounded() {
        let mut rules = england();
        rules.closure_days = d(2025, 1, 1).iter_days().take(800).collect();
        assert_eq!(rules.agenda_due_by(d(2027, 1, 1)), None);
        assert_eq!(rules.general_exception_notice_by(d(2027, 1, 1)), None);
        assert_eq!(rules.call_in_deadline(d(2025, 1, 1)), None);
        rules.key_decision_notice_calendar_days = false;
        assert_eq!(rules.key_decision_notice_by(d(2027, 1, 1)), None);

        let mut rules = england();
        rules.agenda_clear_days = u32::MAX;
        rules.call_in_working_days = u32::MAX;
        rules.key_decision_notice_days = u32::MAX;
        assert_eq!(rules.agenda_due_by(d(2026, 1, 5)), None);
        assert_eq!(rules.call_in_deadline(d(2026, 1, 5)), None);
        assert_eq!(rules.key_decision_notice_by(d(2026, 1, 5)), None);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let rules = england();
        assert_eq!(rules.agenda_due_by(NaiveDate::MIN), None);
        assert_eq!(rules.key_decision_notice_by(NaiveDate::MIN), None);
        assert_eq!(rules.call_in_deadline(NaiveDate::MAX), None);
        assert_eq!(rules.clear_days_between(NaiveDate::MAX, NaiveDate::MAX), 0);
        let _ = rules.counts(NaiveDate::MIN);
        let _ = rules.counts(NaiveDate::MAX);
    }

    #[test]
    fn compliance_states() {
        let due = d(2024, 12, 2);
        let today = d(2024, 12, 5);
        assert_eq!(compliance(due, Some(due), today), Compliance::OnTime);
        assert_eq!(
            compliance(due, Some(d(2024, 11, 28)), today),
            Compliance::OnTime
        );
        assert_eq!(
            compliance(due, Some(d(2024, 12, 3)), today),
            Compliance::Late
        );
        assert_eq!(compliance(due, None, d(2024, 12, 1)), Compliance::NotYetDue);
        assert_eq!(compliance(due, None, due), Compliance::NotYetDue);
        assert_eq!(compliance(due, None, d(2024, 12, 3)), Compliance::Overdue);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn any_date() -> impl Strategy<Value = NaiveDate> {
            (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
                .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
        }

        fn accepted_date() -> impl Strategy<Value = NaiveDate> {
            (d(1900, 1, 1).num_days_from_ce()..=d(2200, 12, 31).num_days_from_ce())
                .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
        }

        fn any_rules() -> impl Strategy<Value = DeadlineRules> {
            (
                0usize..4,
                0u32..=30,
                any::<bool>(),
                any::<bool>(),
                0u32..=60,
                any::<bool>(),
                0u32..=20,
            )
                .prop_map(
                    |(nation, clear, weekends, holidays, notice, calendar, call_in)| {
                        let nation = [
                            Nation::England,
                            Nation::Wales,
                            Nation::Scotland,
                            Nation::NorthernIreland,
                        ][nation];
                        DeadlineRules {
                            agenda_clear_days: clear,
                            exclude_weekends: weekends,
                            exclude_bank_holidays: holidays,
                            key_decision_notice_days: notice,
                            key_decision_notice_calendar_days: calendar,
                            call_in_working_days: call_in,
                            ..DeadlineRules::for_nation(nation)
                        }
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Over the whole calendar, no deadline sum panics.
            #[test]
            fn deadlines_never_panic(rules in any_rules(), day in any_date()) {
                let _ = rules.agenda_due_by(day);
                let _ = rules.key_decision_notice_by(day);
                let _ = rules.general_exception_notice_by(day);
                let _ = rules.call_in_deadline(day);
                let _ = rules.counts(day);
            }

            /// Over the accepted range, an agenda due date leaves exactly the clear days the rules ask for, and a
            /// day later would not; a call-in deadline falls after publication.
            #[test]
            fn deadlines_are_sane(rules in any_rules(), day in accepted_date()) {
                if let Some(due) = rules.agenda_due_by(day) {
                    prop_assert!(due <= day);
                    if rules.agenda_clear_days > 0 {
                        prop_assert_eq!(rules.clear_days_between(due, day), rules.agenda_clear_days);
                        if let Some(later) = due.succ_opt() {
                            prop_assert!(rules.clear_days_between(later, day) < rules.agenda_clear_days);
                        }
                    }
                }
                if let Some(notice) = rules.key_decision_notice_by(day) {
                    prop_assert!(notice < day || rules.key_decision_notice_days == 0 && notice <= day);
                }
                if rules.call_in_working_days > 0
                    && let Some(deadline) = rules.call_in_deadline(day)
                {
                    prop_assert!(deadline > day);
                }
            }
        }
    }
}
