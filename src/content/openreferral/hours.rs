//! A venue's opening hours as Open Referral schedules: each set of days with the same times becomes one weekly rule
//! (`freq: WEEKLY`, `byday: MO,TU`); a season's week becomes rules valid from its first to its last date; each
//! exception still to come becomes a schedule for its one date (with its times, or none when closed). Times are
//! London wall-clock times (`HH:MM`), as the venue keeps them, so they hold on both sides of a clock change.
use chrono::NaiveDate;
use uuid::Uuid;

use super::{OrukSchedule, model::part_id};
use crate::content::kinds::directory::hours::{BankHolidays, Day, OpeningHours, Session};

/// Most exceptions listed: the next ones to come.
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
    let bank_holidays = match hours.bank_holidays {
        BankHolidays::Closed => "Closed on bank holidays.",
        BankHolidays::Normal => "Open as usual on bank holidays.",
    };
    let seasons: Vec<_> = hours.seasons.iter().filter(|s| s.to >= today).collect();
    let mut notes = format!("Times are UK local time. {bank_holidays}");
    if !seasons.is_empty() {
        let named: Vec<String> = seasons
            .iter()
            .map(|s| {
                format!(
                    "{} ({} to {})",
                    s.name.as_deref().unwrap_or("a season"),
                    s.from,
                    s.to
                )
            })
            .collect();
        notes.push_str(&format!(" Other times apply during {}.", named.join(", ")));
    }
    let mut out = Vec::new();
    let mut weekly = |key: String,
                      week: &[Session],
                      from: Option<NaiveDate>,
                      to: Option<NaiveDate>,
                      lead: &str,
                      notes: &str| {
        for (n, (opens, closes, days)) in grouped(week).into_iter().enumerate() {
            let names: Vec<&str> = days.iter().map(|d| plural(*d)).collect();
            out.push(OrukSchedule {
                valid_from: from,
                valid_to: to,
                freq: Some("WEEKLY".to_owned()),
                interval: Some(1),
                byday: Some(days.iter().map(|d| code(*d)).collect::<Vec<_>>().join(",")),
                description: Some(format!("{lead}{}: {opens} to {closes}", names.join(", "))),
                opens_at: Some(opens),
                closes_at: Some(closes),
                notes: Some(notes.to_owned()),
                ..blank(part_id(service, &format!("schedule/{key}/{n}")))
            });
        }
    };
    weekly("weekly".into(), &hours.weekly, None, None, "", &notes);
    for season in &seasons {
        let lead = format!(
            "{} ({} to {}): ",
            season.name.as_deref().unwrap_or("Season"),
            season.from,
            season.to
        );
        weekly(
            format!("season/{}", season.from),
            &season.weekly,
            Some(season.from),
            Some(season.to),
            &lead,
            &format!("Times are UK local time. {bank_holidays}"),
        );
    }
    let mut exceptions: Vec<_> = hours
        .exceptions
        .iter()
        .filter(|e| e.date >= today)
        .collect();
    exceptions.sort_by_key(|e| e.date);
    for e in exceptions.into_iter().take(MAX_EXCEPTIONS) {
        let day = Day::of(chrono::Datelike::weekday(&e.date));
        let on = e.date.format("%A %-d %B %Y");
        if e.sessions.is_empty() {
            out.push(OrukSchedule {
                valid_from: Some(e.date),
                valid_to: Some(e.date),
                description: Some(format!("Closed on {on}")),
                notes: e.note.clone(),
                ..blank(part_id(service, &format!("schedule/exception/{}", e.date)))
            });
        }
        for (n, s) in e.sessions.iter().enumerate() {
            out.push(OrukSchedule {
                valid_from: Some(e.date),
                valid_to: Some(e.date),
                freq: Some("WEEKLY".to_owned()),
                interval: Some(1),
                byday: Some(code(day).to_owned()),
                opens_at: Some(s.opens.clone()),
                closes_at: Some(s.closes.clone()),
                description: Some(format!("Open {} to {} on {on}", s.opens, s.closes)),
                notes: e.note.clone(),
                ..blank(part_id(
                    service,
                    &format!("schedule/exception/{}/{n}", e.date),
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

    #[test]
    fn days_with_the_same_times_share_a_rule() {
        let hours = OpeningHours {
            weekly: vec![
                session(Day::Saturday, "10:00", "13:00"),
                session(Day::Monday, "09:00", "17:00"),
                session(Day::Tuesday, "09:00", "17:00"),
                session(Day::Thursday, "09:00", "17:00"),
            ],
            seasons: vec![Season {
                name: Some("Summer".into()),
                from: NaiveDate::from_ymd_opt(2027, 7, 20).unwrap(),
                to: NaiveDate::from_ymd_opt(2027, 8, 31).unwrap(),
                weekly: vec![session(Day::Monday, "10:00", "16:00")],
            }],
            exceptions: vec![
                Exception {
                    date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                    sessions: vec![Times {
                        opens: "09:00".into(),
                        closes: "13:00".into(),
                    }],
                    note: Some("Closing early".into()),
                },
                Exception {
                    date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
                    sessions: vec![],
                    note: None,
                },
            ],
            bank_holidays: BankHolidays::Closed,
        };
        let service = Uuid::from_u128(1);
        let at = Uuid::from_u128(2);
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let s = schedules(service, at, &hours, today);
        // Two weekly rules, one summer rule, one exception to come (the one in January 2026 is past).
        assert_eq!(s.len(), 4, "{s:#?}");
        assert_eq!(s[0].byday.as_deref(), Some("MO,TU,TH"));
        assert_eq!(s[0].opens_at.as_deref(), Some("09:00"));
        assert_eq!(
            s[0].description.as_deref(),
            Some("Mondays, Tuesdays, Thursdays: 09:00 to 17:00")
        );
        assert!(
            s[0].notes
                .as_deref()
                .is_some_and(|n| n.contains("Closed on bank holidays")
                    && n.contains("Summer (2027-07-20 to 2027-08-31)"))
        );
        assert_eq!(s[1].byday.as_deref(), Some("SA"));
        assert_eq!(s[2].valid_from, NaiveDate::from_ymd_opt(2027, 7, 20));
        assert_eq!(s[2].valid_to, NaiveDate::from_ymd_opt(2027, 8, 31));
        assert_eq!(s[3].byday.as_deref(), Some("TH"));
        assert_eq!(s[3].closes_at.as_deref(), Some("13:00"));
        assert_eq!(
            s[3].description.as_deref(),
            Some("Open 09:00 to 13:00 on Thursday 24 December 2026")
        );
        assert!(s.iter().all(|x| x.service_at_location_id == Some(at)));
        let ids: std::collections::HashSet<Uuid> = s.iter().map(|x| x.id).collect();
        assert_eq!(ids.len(), 4);
        // The same hours give the same ids.
        assert_eq!(schedules(service, at, &hours, today)[0].id, s[0].id);
    }
}
