//! An RFC 5545 iCalendar writer for meeting feeds: a VTIMEZONE for Europe/London, local times with TZID,
//! escaped TEXT values, CRLF line ends and lines folded at 75 octets.
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::London;

/// STATUS of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable across feeds and edits.
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub start: DateTime<Utc>,
    /// When None the event lasts one hour.
    pub end: Option<DateTime<Utc>>,
    pub status: EventStatus,
    /// Last change of the meeting; also DTSTAMP.
    pub last_modified: DateTime<Utc>,
    /// Rises with every change of the meeting.
    pub sequence: u32,
}

const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let normalised = value.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character, and ends it with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn london_stamp(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%Y%m%dT%H%M%S").to_string()
}

/// A whole VCALENDAR.
pub fn calendar(name: &str, product_id: &str, events: &[Event]) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{product_id}"),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        "X-WR-TIMEZONE:Europe/London".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    for e in events {
        let end = e.end.unwrap_or(e.start + Duration::hours(1));
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape_text(&e.uid)));
        lines.push(format!("DTSTAMP:{}", utc_stamp(e.last_modified)));
        lines.push(format!("LAST-MODIFIED:{}", utc_stamp(e.last_modified)));
        lines.push(format!("SEQUENCE:{}", e.sequence));
        lines.push(format!(
            "DTSTART;TZID=Europe/London:{}",
            london_stamp(e.start)
        ));
        lines.push(format!("DTEND;TZID=Europe/London:{}", london_stamp(end)));
        lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(d) = &e.description {
            lines.push(format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(l) = &e.location {
            lines.push(format!("LOCATION:{}", escape_text(l)));
        }
        if let Some(u) = &e.url {
            lines.push(format!("URL:{}", u.replace(['\r', '\n'], "")));
        }
        let status = match e.status {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        };
        lines.push(format!("STATUS:{status}"));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(start: DateTime<Utc>) -> Event {
        Event {
            uid: "abc@york.townhall".into(),
            summary: "Planning, Highways; and \\ Transport".into(),
            description: Some("Line one\nLine two".into()),
            location: None,
            url: Some("https://example.gov.uk/webcast".into()),
            start,
            end: None,
            status: EventStatus::Confirmed,
            last_modified: start,
            sequence: 2,
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_welsh_lines_fold_at_75_octets_and_unfold_to_the_original() {
        let line = format!("SUMMARY:{}", "Pwyllgor Cynllunio ŵ ŷ â ".repeat(10));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }

    #[test]
    fn times_are_london_local_with_summer_time() {
        let summer = Utc.with_ymd_and_hms(2026, 7, 14, 17, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 1, 13, 18, 0, 0).unwrap();
        let text = calendar(
            "Meetings",
            "-//Townhall//EN",
            &[event(summer), event(winter)],
        );
        assert!(text.contains("DTSTART;TZID=Europe/London:20260714T180000\r\n"));
        assert!(
            text.contains("DTEND;TZID=Europe/London:20260714T190000\r\n"),
            "one hour by default"
        );
        assert!(text.contains("DTSTART;TZID=Europe/London:20260113T180000\r\n"));
        assert!(text.contains("SUMMARY:Planning\\, Highways\\; and \\\\ Transport\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "no bare line feeds"
        );
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert_eq!(text.matches("END:VEVENT").count(), 2);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
