//! A venue's opening hours as Open Referral schedules. HSDS has no "closed" schedule and no override, so:
//! - each set of days with the same times becomes one weekly rule (`freq: WEEKLY`, `byday: MO,TU`), valid in the
//!   stretches between the seasons still to come (`valid_from`/`valid_to`), so that no two rules cover one date;
//! - a season's week becomes rules valid from its first to its last date (a season with no times is a closure);
//! - an exception with times of its own becomes a schedule for its one date, its times with their exact UTC offset;
//! - closures (exceptions with no times, seasons with none) and the bank holiday rule are told in every rule's
//!   `notes`, as are the exceptions' times.
//!
//! Weekly times are London wall-clock times (`HH:MM`, the offset changing with the clocks, as the notes say), so a
//! venue that opens at 09:00 opens at 09:00 on both sides of a clock change; `24:00` is sent as `23:59`.
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Europe::London;
use uuid::Uuid;

use super::{OrukSchedule, model::part_id};
use crate::content::kinds::directory::hours::{BankHolidays, Day, OpeningHours, Session};

/// Most exceptions told: the next ones to come.
const MAX_EXCEPTIONS: usize = 60;

fn code(day: Day) -> &'static str {
    match day {
        Day::Monday => "MO",
        Day::Tuesday => "TU",
        Day::Wednesday => "WE",
        Day::Thursday => "TH",
        Day::Friday => "FR",
        Day::Saturday => "SA",
        Day::Sunday => "SU",
    }
}

fn plural(day: Day) -> &'static str {
    match day {
        Day::Monday => "Mondays",
        Day::Tuesday => "Tuesdays",
        Day::Wednesday => "Wednesdays",
        Day::Thursday => "Thursdays",
        Day::Friday => "Fridays",
        Day::Saturday => "Saturdays",
        Day::Sunday => "Sundays",
    }
}

/// A time as sent: `24:00` (the end of the day) as `23:59`, which every parser reads.
fn sent(time: &str) -> String {
    if time == "24:00" {
        "23:59".to_owned()
    } else {
        time.to_owned()
    }
}

/// A time as told: `24:00` as midnight.
fn told(time: &str) -> &str {
    if time == "24:00" { "midnight" } else { time }
}

/// `time` on `date` with its UTC offset in London that day (`09:00+01:00`).
fn with_offset(date: NaiveDate, time: &str) -> String {
    let plain = sent(time);
    let offset = NaiveTime::parse_from_str(&plain, "%H:%M")
        .ok()
        .and_then(|t| London.from_local_datetime(&date.and_time(t)).earliest())
        .map(|at| at.offset().fix().local_minus_utc());
    match offset {
        Some(seconds) => {
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.abs() / 60;
            format!("{plain}{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
        None => plain,
    }
}

/// The week's sessions grouped by their times, in the order of the week: (opens, closes, days).
fn grouped(week: &[Session]) -> Vec<(String, String, Vec<Day>)> {
    let mut sessions: Vec<&Session> = week.iter().collect();
    sessions.sort_by_key(|s| (s.day.weekday().num_days_from_monday(), s.opens.clone()));
    let mut groups: Vec<(String, String, Vec<Day>)> = Vec::new();
    for s in sessions {
        match groups
            .iter_mut()
            .find(|(opens, closes, _)| *opens == s.opens && *closes == s.closes)
        {
            Some((_, _, days)) if !days.contains(&s.day) => days.push(s.day),
            Some(_) => {}
            None => groups.push((s.opens.clone(), s.closes.clone(), vec![s.day])),
        }
    }
    groups
}

/// The stretches of time the usual week holds, between the seasons still to come: (from, to), open-ended where
/// `None`.
fn usual_stretches(
    seasons: &[(NaiveDate, NaiveDate)],
    today: NaiveDate,
) -> Vec<(Option<NaiveDate>, Option<NaiveDate>)> {
    let mut stretches = Vec::new();
    let mut from: Option<NaiveDate> = None;
    for (start, end) in seasons {
        if let Some(before) = start.checked_sub_days(Days::new(1))
            && before >= today
            && from.is_none_or(|f| f <= before)
        {
            stretches.push((from, Some(before)));
        }
        let after = end.checked_add_days(Days::new(1));
        if after.is_some_and(|a| from.is_none_or(|f| a > f)) {
            from = after;
        }
    }
    stretches.push((from, None));
    stretches
}

/// The schedules of `hours`, the hours of `service` at the location `at`, from `today` on.
pub fn schedules(
    service: Uuid,
    at: Uuid,
    hours: &OpeningHours,
    today: NaiveDate,
) -> Vec<OrukSchedule> {
    let blank = |id: Uuid| OrukSchedule {
        id,
        service_id: service,
        service_at_location_id: Some(at),
        valid_from: None,
        valid_to: None,
        freq: None,
        interval: None,
        byday: None,
        opens_at: None,
        closes_at: None,
        description: None,
        notes: None,
    };
    let mut seasons: Vec<(usize, &crate::content::kinds::directory::hours::Season)> = hours
        .seasons
        .iter()
        .enumerate()
        .filter(|(_, s)| s.to >= today)
        .collect();
    seasons.sort_by_key(|(_, s)| (s.from, s.to));
    let mut exceptions: Vec<_> = hours
        .exceptions
        .iter()
        .filter(|e| e.date >= today)
        .collect();
    exceptions.sort_by_key(|e| e.date);
    exceptions.truncate(MAX_EXCEPTIONS);

    // What every rule's notes tell.
    let mut notes = vec![
        "Times are UK local time (GMT in winter, BST in summer).".to_owned(),
        match hours.bank_holidays {
            BankHolidays::Closed => "Closed on bank holidays.".to_owned(),
            BankHolidays::Normal => "Open as usual on bank holidays.".to_owned(),
        },
    ];
    for (_, season) in &seasons {
        let name = season.name.as_deref().unwrap_or("a season");
        if season.weekly.is_empty() {
            notes.push(format!(
                "Closed during {name} ({} to {}).",
                season.from, season.to
            ));
        } else {
            notes.push(format!(
                "Other times during {name} ({} to {}).",
                season.from, season.to
            ));
        }
    }
    for e in &exceptions {
        let on = e.date.format("%A %-d %B %Y");
        let why = e
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        if e.sessions.is_empty() {
            notes.push(format!("Closed on {on}{why}."));
        } else {
            let times: Vec<String> = e
                .sessions
                .iter()
                .map(|s| format!("{} to {}", s.opens, told(&s.closes)))
                .collect();
            notes.push(format!("On {on}: {}{why}.", times.join(", ")));
        }
    }
    let notes = notes.join(" ");

    let mut out = Vec::new();
    let mut weekly = |key: &str, week: &[Session], from, to, lead: &str| {
        for (opens, closes, days) in grouped(week) {
            let names: Vec<&str> = days.iter().map(|d| plural(*d)).collect();
            out.push(OrukSchedule {
                valid_from: from,
                valid_to: to,
                freq: Some("WEEKLY".to_owned()),
                interval: Some(1),
                byday: Some(days.iter().map(|d| code(*d)).collect::<Vec<_>>().join(",")),
                description: Some(format!(
                    "{lead}{}: {opens} to {}",
                    names.join(", "),
                    told(&closes)
                )),
                opens_at: Some(sent(&opens)),
                closes_at: Some(sent(&closes)),
                notes: Some(notes.clone()),
                ..blank(part_id(
                    service,
                    &format!("schedule/{key}/{opens}-{closes}"),
                ))
            });
        }
    };
    let spans: Vec<(NaiveDate, NaiveDate)> = seasons.iter().map(|(_, s)| (s.from, s.to)).collect();
    for (from, to) in usual_stretches(&spans, today) {
        let key = match from {
            Some(from) => format!("weekly/{from}"),
            None => "weekly".to_owned(),
        };
        weekly(&key, &hours.weekly, from, to, "");
    }
    for (n, season) in &seasons {
        let lead = format!(
            "{} ({} to {}): ",
            season.name.as_deref().unwrap_or("Season"),
            season.from,
            season.to
        );
        weekly(
            &format!("season/{n}/{}/{}", season.from, season.to),
            &season.weekly,
            Some(season.from),
            Some(season.to),
            &lead,
        );
    }
    for e in &exceptions {
        let on = e.date.format("%A %-d %B %Y");
        for s in &e.sessions {
            out.push(OrukSchedule {
                valid_from: Some(e.date),
                valid_to: Some(e.date),
                freq: Some("WEEKLY".to_owned()),
                interval: Some(1),
                byday: Some(code(Day::of(e.date.weekday())).to_owned()),
                opens_at: Some(with_offset(e.date, &s.opens)),
                closes_at: Some(with_offset(e.date, &s.closes)),
                description: Some(format!("Open {} to {} on {on}", s.opens, told(&s.closes))),
                notes: e.note.clone(),
                ..blank(part_id(
                    service,
                    &format!("schedule/exception/{}/{}-{}", e.date, s.opens, s.closes),
                ))
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::directory::hours::{Exception, Season, Times};

    fn session(day: Day, opens: &str, closes: &str) -> Session {
        Session {
            day,
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    /// A schedule as (valid from, valid to, days, opens, closes).
    type Rule<'a> = (
        Option<NaiveDate>,
        Option<NaiveDate>,
        &'a str,
        &'a str,
        &'a str,
    );

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_with_the_same_times_share_a_rule_and_no_two_rules_cover_a_date() {
        let hours = OpeningHours {
            weekly: vec![
                session(Day::Saturday, "10:00", "13:00"),
                session(Day::Monday, "09:00", "17:00"),
                session(Day::Tuesday, "09:00", "17:00"),
                session(Day::Thursday, "09:00", "24:00"),
            ],
            seasons: vec![
                Season {
                    name: Some("Summer".into()),
                    from: date(2027, 7, 20),
                    to: date(2027, 8, 31),
                    weekly: vec![session(Day::Monday, "10:00", "16:00")],
                },
                Season {
                    name: Some("Refit".into()),
                    from: date(2027, 2, 1),
                    to: date(2027, 2, 14),
                    weekly: vec![],
                },
                Season {
                    name: Some("Last year".into()),
                    from: date(2026, 2, 1),
                    to: date(2026, 2, 14),
                    weekly: vec![session(Day::Friday, "10:00", "11:00")],
                },
            ],
            exceptions: vec![
                Exception {
                    date: date(2026, 12, 24),
                    sessions: vec![Times {
                        opens: "09:00".into(),
                        closes: "13:00".into(),
                    }],
                    note: Some("Closing early".into()),
                },
                Exception {
                    date: date(2027, 1, 2),
                    sessions: vec![],
                    note: Some("Stocktaking".into()),
                },
                Exception {
                    date: date(2026, 1, 2),
                    sessions: vec![],
                    note: None,
                },
            ],
            bank_holidays: BankHolidays::Closed,
        };
        let service = Uuid::from_u128(1);
        let at = Uuid::from_u128(2);
        let today = date(2026, 11, 30);
        let s = schedules(service, at, &hours, today);
        let rules: Vec<Rule> = s
            .iter()
            .map(|x| {
                (
                    x.valid_from,
                    x.valid_to,
                    x.byday.as_deref().unwrap(),
                    x.opens_at.as_deref().unwrap(),
                    x.closes_at.as_deref().unwrap(),
                )
            })
            .collect();
        let d = |y, m, day| Some(date(y, m, day));
        assert_eq!(
            rules,
            [
                // The usual week until the refit, between the refit and the summer, and after the summer.
                (None, d(2027, 1, 31), "MO,TU", "09:00", "17:00"),
                (None, d(2027, 1, 31), "TH", "09:00", "23:59"),
                (None, d(2027, 1, 31), "SA", "10:00", "13:00"),
                (d(2027, 2, 15), d(2027, 7, 19), "MO,TU", "09:00", "17:00"),
                (d(2027, 2, 15), d(2027, 7, 19), "TH", "09:00", "23:59"),
                (d(2027, 2, 15), d(2027, 7, 19), "SA", "10:00", "13:00"),
                (d(2027, 9, 1), None, "MO,TU", "09:00", "17:00"),
                (d(2027, 9, 1), None, "TH", "09:00", "23:59"),
                (d(2027, 9, 1), None, "SA", "10:00", "13:00"),
                // The summer's own week (the refit has none: it is a closure).
                (d(2027, 7, 20), d(2027, 8, 31), "MO", "10:00", "16:00"),
                // Christmas Eve's times, with the offset of that day (GMT).
                (
                    d(2026, 12, 24),
                    d(2026, 12, 24),
                    "TH",
                    "09:00+00:00",
                    "13:00+00:00"
                ),
            ]
        );
        assert_eq!(
            s[1].description.as_deref(),
            Some("Thursdays: 09:00 to midnight")
        );
        let notes = s[0].notes.as_deref().unwrap();
        for told in [
            "Closed on bank holidays.",
            "Closed during Refit (2027-02-01 to 2027-02-14).",
            "Other times during Summer (2027-07-20 to 2027-08-31).",
            "Closed on Saturday 2 January 2027 (Stocktaking).",
            "On Thursday 24 December 2026: 09:00 to 13:00 (Closing early).",
        ] {
            assert!(notes.contains(told), "{told} in {notes}");
        }
        assert!(!notes.contains("Last year") && !notes.contains("2026-01-02"));
        assert!(s.iter().all(|x| x.service_at_location_id == Some(at)));
        let ids: std::collections::HashSet<Uuid> = s.iter().map(|x| x.id).collect();
        assert_eq!(ids.len(), s.len());
        // The same hours give the same ids.
        assert_eq!(schedules(service, at, &hours, today)[4].id, s[4].id);
    }

    #[test]
    fn times_on_a_date_carry_that_days_offset() {
        assert_eq!(with_offset(date(2027, 7, 1), "09:00"), "09:00+01:00");
        assert_eq!(with_offset(date(2027, 1, 1), "24:00"), "23:59+00:00");
    }

    #[test]
    fn the_usual_week_runs_between_seasons() {
        let today = date(2026, 11, 30);
        // A season under way now: the usual week starts the day after it.
        assert_eq!(
            usual_stretches(&[(date(2026, 11, 1), date(2026, 12, 5))], today),
            [(Some(date(2026, 12, 6)), None)]
        );
        // Seasons back to back leave no stretch between them.
        assert_eq!(
            usual_stretches(
                &[
                    (date(2027, 1, 1), date(2027, 1, 10)),
                    (date(2027, 1, 11), date(2027, 1, 20))
                ],
                today
            ),
            [
                (None, Some(date(2026, 12, 31))),
                (Some(date(2027, 1, 21)), None)
            ]
        );
        assert_eq!(usual_stretches(&[], today), [(None, None)]);
    }
}
