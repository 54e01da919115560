//! RFC 5545 iCalendar writer for council meeting and event feeds.
//!
//! Produces a complete `VCALENDAR` with a `VTIMEZONE` for Europe/London.
//! Event times are written as local London wall-clock time with
//! `TZID=Europe/London`; `DTSTAMP` and `LAST-MODIFIED` are written in UTC.
//! Content lines end with CRLF and are folded at 75 octets without ever
//! splitting a multi-byte UTF-8 character.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;

/// The TZID used for every local time in the feed.
const TZID: &str = "Europe/London";

/// Maximum length of a physical line in octets, excluding the CRLF (RFC 5545 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The fixed `VTIMEZONE` block for Europe/London (GMT/BST, EU rules since 1996).
const VTIMEZONE: [&str; 16] = [
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
];

/// STATUS of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// The meeting is provisional (`STATUS:TENTATIVE`).
    Tentative,
    /// The meeting will take place (`STATUS:CONFIRMED`).
    Confirmed,
    /// The meeting has been cancelled (`STATUS:CANCELLED`).
    Cancelled,
}

impl EventStatus {
    /// The RFC 5545 value of the `STATUS` property.
    fn as_ical(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable across feeds and edits, e.g. "<meeting uuid>@<council-slug>.townhall" (the caller builds it).
    pub uid: String,
    /// Title of the meeting (`SUMMARY`).
    pub summary: String,
    /// Optional longer text (`DESCRIPTION`).
    pub description: Option<String>,
    /// Optional venue (`LOCATION`).
    pub location: Option<String>,
    /// Optional link to the meeting page (`URL`), written unescaped.
    pub url: Option<String>,
    /// Start of the meeting.
    pub start: DateTime<Utc>,
    /// The end, when known; with none, no `DTEND` is written (no end time is invented).
    pub end: Option<DateTime<Utc>>,
    /// A whole London day or days: `start` and `end` are written as DATE values (the end exclusive).
    pub all_day: bool,
    /// Whether the meeting is tentative, confirmed or cancelled.
    pub status: EventStatus,
    /// Last change of the meeting; also used for DTSTAMP.
    pub last_modified: DateTime<Utc>,
    /// Increases when the meeting changes (the caller passes its version).
    pub sequence: u32,
}

/// A whole VCALENDAR with a VTIMEZONE for Europe/London and the events, times written as local London time
/// with TZID=Europe/London. Lines end with CRLF and are folded at 75 octets (UTF-8 safe: never split a multi-byte character).
pub fn calendar(name: &str, product_id: &str, events: &[Event]) -> String {
    let mut out = String::with_capacity(1024 + events.len() * 512);
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, &format!("PRODID:{}", escape_text(product_id)));
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    push_line(&mut out, &format!("X-WR-TIMEZONE:{TZID}"));
    for line in VTIMEZONE {
        push_line(&mut out, line);
    }
    push_line(&mut out, "END:VTIMEZONE");
    for event in events {
        push_event(&mut out, event);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Appends one `VEVENT` component.
fn push_event(out: &mut String, event: &Event) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape_text(&event.uid)));
    push_line(out, &format!("DTSTAMP:{}", utc_stamp(event.last_modified)));
    push_line(
        out,
        &format!("LAST-MODIFIED:{}", utc_stamp(event.last_modified)),
    );
    push_line(out, &format!("SEQUENCE:{}", event.sequence));
    if event.all_day {
        push_line(
            out,
            &format!("DTSTART;VALUE=DATE:{}", london_date(event.start)),
        );
        if let Some(end) = event.end {
            push_line(out, &format!("DTEND;VALUE=DATE:{}", london_date(end)));
        }
    } else {
        push_line(
            out,
            &format!("DTSTART;TZID={TZID}:{}", london_local(event.start)),
        );
        if let Some(end) = event.end {
            push_line(out, &format!("DTEND;TZID={TZID}:{}", london_local(end)));
        }
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(&event.summary)));
    if let Some(description) = &event.description {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(description)));
    }
    if let Some(location) = &event.location {
        push_line(out, &format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(url) = &event.url {
        push_line(out, &format!("URL:{}", strip_controls(url)));
    }
    push_line(out, &format!("STATUS:{}", event.status.as_ical()));
    push_line(out, "END:VEVENT");
}

/// A UTC DATE-TIME value, `YYYYMMDDTHHMMSSZ`.
fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A local DATE-TIME value in Europe/London, `YYYYMMDDTHHMMSS`.
fn london_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&London)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// A DATE value of the London day an instant falls in, `YYYYMMDD`.
fn london_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%Y%m%d").to_string()
}

/// Escapes a TEXT value per RFC 5545 3.3.11.
///
/// Backslash, semicolon and comma are backslash-escaped; CRLF, CR and LF each
/// become `\n`. Other control characters (not allowed in values) are dropped,
/// except horizontal tab.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let value = crate::text::printable(value);
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Removes control characters from a non-TEXT value (e.g. a URI), so it
/// cannot break the line structure.
fn strip_controls(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Appends a content line, folded at 75 octets per RFC 5545 3.1, plus CRLF.
///
/// Continuation lines start with a single space, which counts towards their
/// 75 octets. Splits happen only at character boundaries.
fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for ch in line.chars() {
        let width = ch.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(ch);
        octets += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn event(uid: &str, start: DateTime<Utc>) -> Event {
        Event {
            uid: uid.to_string(),
            summary: "Full Council".to_string(),
            description: None,
            location: None,
            url: None,
            start,
            end: None,
            all_day: false,
            status: EventStatus::Confirmed,
            last_modified: utc(2026, 1, 2, 9, 30),
            sequence: 3,
        }
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    /// Unfolded content lines, without their CRLF.
    fn lines(text: &str) -> Vec<String> {
        let unfolded = unfold(text);
        let body = unfolded.strip_suffix("\r\n").unwrap();
        body.split("\r\n").map(str::to_string).collect()
    }

    fn has_line(text: &str, wanted: &str) -> bool {
        lines(text).iter().any(|l| l == wanted)
    }

    /// Property name of an unfolded content line (before the first `;` or `:`).
    fn property_name(line: &str) -> &str {
        let end = line.find([';', ':']).unwrap();
        &line[..end]
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\rf\ng"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("Ystafell: 1\u{7}"), "Ystafell: 1");
        assert_eq!(escape_text("\r\n\r\n"), "\\n\\n");
    }

    #[test]
    fn folds_long_utf8_line_safely() {
        let line = format!(
            "SUMMARY:{}",
            "Cyfarfod y Cyngor Sir: ŵyr a ŷd, Pwyllgor Craffu ar Addysg ac Iaith Gymraeg "
                .repeat(4)
        );
        let mut out = String::new();
        push_line(&mut out, &line);
        let physical: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert!(physical.len() > 3);
        for (i, p) in physical.iter().enumerate() {
            assert!(
                p.len() <= MAX_LINE_OCTETS,
                "line {i} has {} octets",
                p.len()
            );
            if i > 0 {
                assert!(p.starts_with(' '), "continuation {i} lacks leading space");
            }
        }
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folds_only_past_75_octets() {
        let mut exact = String::new();
        push_line(&mut exact, &"x".repeat(75));
        assert_eq!(exact, format!("{}\r\n", "x".repeat(75)));
        let mut over = String::new();
        push_line(&mut over, &"x".repeat(76));
        assert_eq!(over, format!("{}\r\n x\r\n", "x".repeat(75)));
        // A two-octet char that would straddle octet 75 moves whole to the next line.
        let mut straddle = String::new();
        push_line(&mut straddle, &format!("{}ŵ", "x".repeat(74)));
        assert_eq!(straddle, format!("{}\r\n ŵ\r\n", "x".repeat(74)));
    }

    #[test]
    fn summer_meeting_is_written_in_bst() {
        let cal = calendar("C", "-//T//EN", &[event("a@x", utc(2026, 7, 14, 17, 0))]);
        assert!(has_line(&cal, "DTSTART;TZID=Europe/London:20260714T180000"));
        assert!(!cal.contains("DTEND"), "no end is invented");
        assert!(has_line(&cal, "DTSTAMP:20260102T093000Z"));
        assert!(has_line(&cal, "LAST-MODIFIED:20260102T093000Z"));
        assert!(has_line(&cal, "SEQUENCE:3"));
    }

    #[test]
    fn winter_meeting_is_written_in_gmt() {
        let cal = calendar("C", "-//T//EN", &[event("a@x", utc(2026, 1, 13, 18, 0))]);
        assert!(has_line(&cal, "DTSTART;TZID=Europe/London:20260113T180000"));
    }

    #[test]
    fn end_across_spring_forward() {
        // 00:30Z on 29 March 2026 is 00:30 GMT; an hour later is 02:30 BST.
        let mut e = event("a@x", utc(2026, 3, 29, 0, 30));
        e.end = Some(utc(2026, 3, 29, 1, 30));
        let cal = calendar("C", "P", &[e]);
        assert!(has_line(&cal, "DTSTART;TZID=Europe/London:20260329T003000"));
        assert!(has_line(&cal, "DTEND;TZID=Europe/London:20260329T023000"));
    }

    #[test]
    fn explicit_end_is_used() {
        let mut e = event("a@x", utc(2026, 1, 13, 18, 0));
        e.end = Some(utc(2026, 1, 13, 20, 45));
        let cal = calendar("C", "P", &[e]);
        assert!(has_line(&cal, "DTEND;TZID=Europe/London:20260113T204500"));
    }

    #[test]
    fn statuses_are_written() {
        let mut cancelled = event("c@x", utc(2026, 2, 1, 10, 0));
        cancelled.status = EventStatus::Cancelled;
        let mut tentative = event("t@x", utc(2026, 2, 1, 10, 0));
        tentative.status = EventStatus::Tentative;
        let cal = calendar("C", "P", &[cancelled, tentative]);
        assert!(has_line(&cal, "STATUS:CANCELLED"));
        assert!(has_line(&cal, "STATUS:TENTATIVE"));
        assert!(!has_line(&cal, "STATUS:CONFIRMED"));
    }

    #[test]
    fn optional_properties_and_url_is_not_escaped() {
        let mut e = event("a@x", utc(2026, 2, 1, 10, 0));
        e.summary = "Planning; Licensing, & more".to_string();
        e.description = Some("Agenda:\n1. Apologies\\Minutes".to_string());
        e.location = Some("Council Chamber, County Hall".to_string());
        e.url = Some("https://example.gov.uk/m?a=1;b=2,3".to_string());
        let cal = calendar("Cyngor, Sir", "-//Townhall//EN", &[e]);
        assert!(has_line(&cal, "SUMMARY:Planning\\; Licensing\\, & more"));
        assert!(has_line(
            &cal,
            "DESCRIPTION:Agenda:\\n1. Apologies\\\\Minutes"
        ));
        assert!(has_line(&cal, "LOCATION:Council Chamber\\, County Hall"));
        assert!(has_line(&cal, "URL:https://example.gov.uk/m?a=1;b=2,3"));
        assert!(has_line(&cal, "X-WR-CALNAME:Cyngor\\, Sir"));
        let bare = calendar("C", "P", &[event("b@x", utc(2026, 2, 1, 10, 0))]);
        for name in ["DESCRIPTION", "LOCATION", "URL"] {
            assert!(!lines(&bare).iter().any(|l| property_name(l) == name));
        }
    }

    #[test]
    fn header_and_timezone() {
        let cal = calendar("Meetings", "-//Townhall//EN", &[]);
        let got = lines(&cal);
        let mut expected = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            "PRODID:-//Townhall//EN".to_string(),
            "CALSCALE:GREGORIAN".to_string(),
            "METHOD:PUBLISH".to_string(),
            "X-WR-CALNAME:Meetings".to_string(),
            "X-WR-TIMEZONE:Europe/London".to_string(),
        ];
        expected.extend(VTIMEZONE.iter().map(|l| l.to_string()));
        expected.push("END:VTIMEZONE".to_string());
        expected.push("END:VCALENDAR".to_string());
        assert_eq!(got, expected);
        assert!(!cal.contains("VEVENT"));
    }

    #[test]
    fn crlf_only_and_no_bare_lf() {
        let mut e = event("a@x", utc(2026, 7, 14, 17, 0));
        e.description = Some("Line one\nLine two\r\nLine three\r".repeat(10));
        let cal = calendar("C", "P", &[e]);
        assert!(cal.ends_with("\r\n"));
        let bytes = cal.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
            }
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        for physical in cal.split("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS);
        }
    }

    #[test]
    fn begin_end_balanced() {
        let events = [
            event("a@x", utc(2026, 1, 13, 18, 0)),
            event("b@x", utc(2026, 7, 14, 17, 0)),
        ];
        let cal = calendar("C", "P", &events);
        let mut stack: Vec<String> = Vec::new();
        for line in lines(&cal) {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                stack.push(name.to_string());
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(stack.pop().as_deref(), Some(name));
            }
        }
        assert!(stack.is_empty());
    }

    #[test]
    fn parse_back_one_uid_per_event_in_order() {
        let mut long = event(
            "ŵ-long-uid-ŷ@cyngor-sir-ynys-mon.townhall",
            utc(2026, 3, 3, 18, 0),
        );
        long.summary = "Pwyllgor Cynllunio a Gorchmynion, gyda chyfieithu ŵ ŷ ".repeat(5);
        let events = [
            event("first@x", utc(2026, 1, 13, 18, 0)),
            long,
            event("third@x", utc(2026, 7, 14, 17, 0)),
        ];
        let cal = calendar("C", "P", &events);
        let mut uids_per_event: Vec<Vec<String>> = Vec::new();
        let mut in_event = false;
        for line in lines(&cal) {
            match line.as_str() {
                "BEGIN:VEVENT" => {
                    in_event = true;
                    uids_per_event.push(Vec::new());
                }
                "END:VEVENT" => in_event = false,
                _ if property_name(&line) == "UID" => {
                    assert!(in_event, "UID outside VEVENT");
                    let value = line.split_once(':').unwrap().1.to_string();
                    uids_per_event.last_mut().unwrap().push(value);
                }
                _ => {}
            }
        }
        let expected: Vec<Vec<String>> = events.iter().map(|e| vec![e.uid.clone()]).collect();
        assert_eq!(uids_per_event, expected);
    }
}
