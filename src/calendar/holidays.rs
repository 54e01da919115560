//! UK bank holidays by nation, computed from the standing rules plus a small
//! table of one-off changes made by royal proclamation.
//!
//! The rules are the modern ones (Early May bank holiday since 1978, St Andrew's
//! Day in Scotland since 2007); earlier years are computed with the same rules
//! and are not historically accurate.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::tenancy::Nation;

/// Every UK nation: most one-off holidays apply to all of them.
const ALL_UK: &[Nation] = &[
    Nation::England,
    Nation::Wales,
    Nation::Scotland,
    Nation::NorthernIreland,
];

/// A one-off change to the bank holidays of some nations, as `(year, month, day)`.
#[derive(Debug, Clone, Copy)]
struct OneOff {
    /// Nations the change applies to.
    nations: &'static [Nation],
    /// A rule-computed holiday that is not a holiday that year (it was moved).
    removed: Option<(i32, u32, u32)>,
    /// The date that is a holiday instead, or in addition.
    added: (i32, u32, u32),
}

/// One-off bank holiday changes. Add future one-off holidays (jubilees, royal
/// weddings, state funerals, moved holidays) here: a moved holiday has
/// `removed: Some(old date)`, an extra holiday has `removed: None`.
const ONE_OFFS: &[OneOff] = &[
    // VE Day 50th anniversary: Early May moved to 8 May.
    OneOff {
        nations: ALL_UK,
        removed: Some((1995, 5, 1)),
        added: (1995, 5, 8),
    },
    // Golden Jubilee: Spring bank holiday moved to 4 June, and 3 June added.
    OneOff {
        nations: ALL_UK,
        removed: Some((2002, 5, 27)),
        added: (2002, 6, 4),
    },
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2002, 6, 3),
    },
    // Royal Wedding.
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2011, 4, 29),
    },
    // Diamond Jubilee: Spring bank holiday moved to 4 June, and 5 June added.
    OneOff {
        nations: ALL_UK,
        removed: Some((2012, 5, 28)),
        added: (2012, 6, 4),
    },
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2012, 6, 5),
    },
    // VE Day 75th anniversary: Early May moved to Friday 8 May.
    OneOff {
        nations: ALL_UK,
        removed: Some((2020, 5, 4)),
        added: (2020, 5, 8),
    },
    // Platinum Jubilee: Spring bank holiday moved to 2 June, and 3 June added.
    OneOff {
        nations: ALL_UK,
        removed: Some((2022, 5, 30)),
        added: (2022, 6, 2),
    },
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2022, 6, 3),
    },
    // State Funeral of Queen Elizabeth II.
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2022, 9, 19),
    },
    // Coronation of King Charles III.
    OneOff {
        nations: ALL_UK,
        removed: None,
        added: (2023, 5, 8),
    },
];

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian, or
/// Meeus/Jones/Butcher, algorithm). `None` only for years chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // Euclidean division keeps every intermediate value non-negative and small.
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The bank holidays of `nation` in `year`, sorted and without duplicates.
///
/// England and Wales share one list; Northern Ireland adds St Patrick's Day
/// and the Battle of the Boyne; Scotland has 2 January, St Andrew's Day and a
/// first-Monday August holiday but no Easter Monday. Years chrono cannot
/// represent give an empty or partial list rather than panicking.
pub fn bank_holidays(nation: Nation, year: i32) -> Vec<NaiveDate> {
    let mut days = rule_holidays(nation, year);
    apply_one_offs(nation, year, &mut days);
    days.sort_unstable();
    days.dedup();
    days
}

/// The holidays given by the standing rules alone, before one-off changes.
fn rule_holidays(nation: Nation, year: i32) -> Vec<NaiveDate> {
    let ymd = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let first_monday = |month| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1);
    let last_monday = |month| {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
            .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
    };
    let easter = easter_sunday(year);
    let good_friday = easter.and_then(|e| e.checked_sub_days(chrono::Days::new(2)));
    let easter_monday = easter.and_then(|e| e.succ_opt());

    let mut days = match nation {
        Nation::England | Nation::Wales | Nation::NorthernIreland => {
            let mut days = with_substitutes(&[ymd(1, 1)]);
            let easter_and_mondays = [
                good_friday,
                easter_monday,
                first_monday(5),
                last_monday(5),
                last_monday(8),
            ];
            days.extend(easter_and_mondays.into_iter().flatten());
            if nation == Nation::NorthernIreland {
                days.extend(with_substitutes(&[ymd(3, 17)]));
                days.extend(with_substitutes(&[ymd(7, 12)]));
            }
            days
        }
        Nation::Scotland => {
            let mut days = with_substitutes(&[ymd(1, 1), ymd(1, 2)]);
            let easter_and_mondays = [
                good_friday,
                first_monday(5),
                last_monday(5),
                first_monday(8),
            ];
            days.extend(easter_and_mondays.into_iter().flatten());
            days.extend(with_substitutes(&[ymd(11, 30)]));
            days
        }
    };
    days.extend(with_substitutes(&[ymd(12, 25), ymd(12, 26)]));
    days
}

/// Whether `date` is a bank holiday in `nation`.
pub fn is_bank_holiday(nation: Nation, date: NaiveDate) -> bool {
    bank_holidays(nation, date.year())
        .binary_search(&date)
        .is_ok()
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Applies substitute days to a group of consecutive holidays: each one on a
/// weekday stays; each one on a weekend moves to the next weekday that is not
/// already taken by the group. Taking the weekday ones first gives the
/// official result when Christmas is a Sunday (Boxing Day stays on Monday 26,
/// Christmas moves to Tuesday 27).
/// Dates that do not exist (years out of range) are skipped.
fn with_substitutes(group: &[Option<NaiveDate>]) -> Vec<NaiveDate> {
    let mut taken: Vec<NaiveDate> = group
        .iter()
        .flatten()
        .copied()
        .filter(|day| !is_weekend(*day))
        .collect();
    for day in group.iter().flatten().filter(|day| is_weekend(**day)) {
        let substitute = day
            .iter_days()
            .skip(1)
            .take(7)
            .find(|d| !is_weekend(*d) && !taken.contains(d));
        taken.extend(substitute);
    }
    taken
}

fn apply_one_offs(nation: Nation, year: i32, days: &mut Vec<NaiveDate>) {
    let to_date = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    for one_off in ONE_OFFS.iter().filter(|o| o.nations.contains(&nation)) {
        if let Some(removed) = one_off.removed.and_then(to_date)
            && removed.year() == year
        {
            days.retain(|d| *d != removed);
        }
        if let Some(added) = to_date(one_off.added)
            && added.year() == year
        {
            days.push(added);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn dates(year: i32, month_days: &[(u32, u32)]) -> Vec<NaiveDate> {
        month_days.iter().map(|&(m, day)| d(year, m, day)).collect()
    }

    fn assert_list(nation: Nation, year: i32, expected: &[(u32, u32)]) {
        assert_eq!(
            bank_holidays(nation, year),
            dates(year, expected),
            "{nation:?} {year}"
        );
    }

    fn assert_england_and_wales(year: i32, expected: &[(u32, u32)]) {
        assert_list(Nation::England, year, expected);
        assert_list(Nation::Wales, year, expected);
    }

    #[test]
    fn easter_sundays() {
        assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter_sunday(2038), Some(d(2038, 4, 25)));
        assert_eq!(easter_sunday(2008), Some(d(2008, 3, 23)));
        assert_eq!(easter_sunday(2019), Some(d(2019, 4, 21)));
        assert_eq!(easter_sunday(2285), Some(d(2285, 3, 22)));
        for year in 1900..2200 {
            assert_eq!(easter_sunday(year).unwrap().weekday(), Weekday::Sun);
        }
    }

    #[test]
    fn england_and_wales_2020_ve_day() {
        #[rustfmt::skip]
        let expected = [(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)];
        assert_england_and_wales(2020, &expected);
    }

    #[test]
    fn england_and_wales_2021_christmas_on_saturday() {
        #[rustfmt::skip]
        let expected = [(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)];
        assert_england_and_wales(2021, &expected);
    }

    #[test]
    fn england_and_wales_2022_jubilee_funeral_christmas_on_sunday() {
        #[rustfmt::skip]
        let expected = [
            (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27),
        ];
        assert_england_and_wales(2022, &expected);
    }

    #[test]
    fn england_and_wales_2023_coronation() {
        #[rustfmt::skip]
        let expected = [
            (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26),
        ];
        assert_england_and_wales(2023, &expected);
    }

    #[test]
    fn england_and_wales_2024_to_2026() {
        #[rustfmt::skip]
        let y2024 = [(1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)];
        #[rustfmt::skip]
        let y2025 = [(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)];
        #[rustfmt::skip]
        let y2026 = [(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)];
        assert_england_and_wales(2024, &y2024);
        assert_england_and_wales(2025, &y2025);
        assert_england_and_wales(2026, &y2026);
    }

    #[test]
    fn earlier_one_offs() {
        #[rustfmt::skip]
        let y1995 = [(1, 2), (4, 14), (4, 17), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)];
        #[rustfmt::skip]
        let y2002 = [
            (1, 1), (3, 29), (4, 1), (5, 6), (6, 3), (6, 4), (8, 26), (12, 25), (12, 26),
        ];
        #[rustfmt::skip]
        let y2011 = [
            (1, 3), (4, 22), (4, 25), (4, 29), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27),
        ];
        #[rustfmt::skip]
        let y2012 = [
            (1, 2), (4, 6), (4, 9), (5, 7), (6, 4), (6, 5), (8, 27), (12, 25), (12, 26),
        ];
        assert_england_and_wales(1995, &y1995);
        assert_england_and_wales(2002, &y2002);
        assert_england_and_wales(2011, &y2011);
        assert_england_and_wales(2012, &y2012);
    }

    #[test]
    fn scotland_2022_new_year_substitutes() {
        #[rustfmt::skip]
        let expected = [
            (1, 3), (1, 4), (4, 15), (5, 2), (6, 2), (6, 3), (8, 1), (9, 19), (11, 30), (12, 26),
            (12, 27),
        ];
        assert_list(Nation::Scotland, 2022, &expected);
    }

    #[test]
    fn scotland_2026() {
        #[rustfmt::skip]
        let expected = [
            (1, 1), (1, 2), (4, 3), (5, 4), (5, 25), (8, 3), (11, 30), (12, 25), (12, 28),
        ];
        assert_list(Nation::Scotland, 2026, &expected);
    }

    #[test]
    fn scotland_new_year_and_st_andrews_substitutes() {
        // 2 Jan 2021 was a Saturday; 1 Jan 2023 a Sunday; 30 Nov 2025 a Sunday.
        assert!(is_bank_holiday(Nation::Scotland, d(2021, 1, 4)));
        assert!(is_bank_holiday(Nation::Scotland, d(2023, 1, 2)));
        assert!(is_bank_holiday(Nation::Scotland, d(2023, 1, 3)));
        assert!(is_bank_holiday(Nation::Scotland, d(2025, 12, 1)));
        assert!(!is_bank_holiday(Nation::Scotland, d(2025, 11, 30)));
        assert!(!is_bank_holiday(Nation::England, d(2025, 12, 1)));
    }

    #[test]
    fn northern_ireland_2026() {
        #[rustfmt::skip]
        let expected = [
            (1, 1), (3, 17), (4, 3), (4, 6), (5, 4), (5, 25), (7, 13), (8, 31), (12, 25), (12, 28),
        ];
        assert_list(Nation::NorthernIreland, 2026, &expected);
    }

    #[test]
    fn weekday_checks_of_expected_dates() {
        // Facts the expected lists above rely on.
        assert_eq!(d(2021, 12, 25).weekday(), Weekday::Sat);
        assert_eq!(d(2022, 12, 25).weekday(), Weekday::Sun);
        assert_eq!(d(2022, 1, 1).weekday(), Weekday::Sat);
        assert_eq!(d(2022, 11, 30).weekday(), Weekday::Wed);
        assert_eq!(d(2026, 7, 12).weekday(), Weekday::Sun);
        assert_eq!(d(2026, 3, 17).weekday(), Weekday::Tue);
        assert_eq!(d(2026, 12, 25).weekday(), Weekday::Fri);
        assert_eq!(d(2020, 5, 8).weekday(), Weekday::Fri);
        assert_eq!(d(2022, 6, 2).weekday(), Weekday::Thu);
    }

    #[test]
    fn holidays_are_sorted_unique_weekdays() {
        let nations = [Nation::England, Nation::Scotland, Nation::NorthernIreland];
        for nation in nations {
            for year in 1990..2100 {
                let days = bank_holidays(nation, year);
                assert!(days.windows(2).all(|w| w[0] < w[1]), "{nation:?} {year}");
                assert!(
                    days.iter().all(|day| !is_weekend(*day)),
                    "{nation:?} {year}"
                );
                assert!(days.iter().all(|day| day.year() == year));
            }
        }
    }

    #[test]
    fn one_off_table_is_valid() {
        let to_date = |(y, m, day): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, day);
        for one_off in ONE_OFFS {
            let added = to_date(one_off.added).unwrap();
            assert!(!is_weekend(added), "{one_off:?}");
            if let Some(removed) = one_off.removed {
                let removed = to_date(removed).unwrap();
                // A removed date must be one the rules would otherwise produce.
                for &nation in one_off.nations {
                    let year = removed.year();
                    assert!(
                        rule_holidays(nation, year).contains(&removed),
                        "{one_off:?}"
                    );
                    assert!(!bank_holidays(nation, year).contains(&removed));
                }
            }
            for &nation in one_off.nations {
                assert!(bank_holidays(nation, added.year()).contains(&added));
            }
        }
    }

    #[test]
    fn extreme_years_do_not_panic() {
        for year in [i32::MIN, -262_144, -262_143, 0, 262_142, 262_143, i32::MAX] {
            let _ = bank_holidays(Nation::Scotland, year);
            let _ = bank_holidays(Nation::NorthernIreland, year);
            let _ = easter_sunday(year);
        }
        // 31 December is never a holiday; 1 January (NaiveDate::MIN) may be.
        assert!(!is_bank_holiday(Nation::England, NaiveDate::MAX));
        let _ = is_bank_holiday(Nation::Wales, NaiveDate::MIN);
    }
}
