//! `GetCommittees` and `GetMeetings` responses: flat records (`<committee>` or `<meeting>` elements with one text
//! child per field), read wherever they sit in the document, since the wrapper elements vary between councils.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use quick_xml::{Reader, events::Event};

use super::parse::tidy;
use crate::democracy::{
    DemocracyError, committees::model::CommitteeKind, meetings::model::MeetingStatus,
};

fn refused(message: impl Into<String>) -> DemocracyError {
    DemocracyError::ImportRefused(message.into())
}

/// Every `<record>` element's children as field name -> tidied text.
fn records(xml: &str, record: &str) -> Result<Vec<HashMap<String, String>>, DemocracyError> {
    let mut reader = Reader::from_str(xml.trim_start_matches('\u{feff}'));
    let mut out = Vec::new();
    let mut current: Option<HashMap<String, String>> = None;
    let mut field: Option<String> = None;
    let mut depth_in_record = 0usize;
    let mut root: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                root.get_or_insert_with(|| name.clone());
                if current.is_some() {
                    depth_in_record += 1;
                    if depth_in_record == 1 {
                        field = Some(name);
                    }
                } else if name == record {
                    current = Some(HashMap::new());
                    depth_in_record = 0;
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(map), Some(name)) = (current.as_mut(), field.as_ref())
                    && depth_in_record == 1
                {
                    let text = t
                        .decode()
                        .map_err(|_| refused("the file is not valid UTF-8 XML"))?;
                    map.entry(name.clone()).or_default().push_str(&text);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let (Some(map), Some(name)) = (current.as_mut(), field.as_ref())
                    && depth_in_record == 1
                {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match r
                            .decode()
                            .map_err(|_| refused("the file is not valid UTF-8 XML"))?
                            .as_ref()
                        {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => format!("&{other};"),
                        },
                    };
                    map.entry(name.clone()).or_default().push_str(&text);
                }
            }
            Ok(Event::End(e)) => {
                if current.is_some() {
                    if depth_in_record == 0 && e.local_name().as_ref() == record.as_bytes() {
                        if let Some(map) = current.take() {
                            out.push(
                                map.into_iter()
                                    .filter_map(|(k, v)| tidy(Some(&v)).map(|v| (k, v)))
                                    .collect(),
                            );
                        }
                    } else {
                        depth_in_record = depth_in_record.saturating_sub(1);
                        if depth_in_record == 0 {
                            field = None;
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(refused("the file is not well-formed XML")),
            Ok(_) => {}
        }
    }
    if root.as_deref() == Some("html") {
        return Err(refused(
            "this is an HTML page, not a ModernGov web service response",
        ));
    }
    Ok(out)
}

/// A committee from `GetCommittees`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCommittee {
    pub moderngov_id: String,
    pub title: String,
    pub kind: CommitteeKind,
}

/// A meeting from `GetMeetings`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMeeting {
    pub moderngov_id: String,
    pub committee_moderngov_id: String,
    pub committee_title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub status: MeetingStatus,
    pub venue: Option<String>,
}

/// The kind of body a committee title suggests.
pub fn kind_from_title(title: &str) -> CommitteeKind {
    let t = title.to_lowercase();
    if t == "council"
        || t.starts_with("full council")
        || t.starts_with("council meeting")
        || t == "county council"
    {
        CommitteeKind::FullCouncil
    } else if t.contains("cabinet") || t.contains("executive") {
        CommitteeKind::Executive
    } else if t.contains("scrutiny") {
        CommitteeKind::Scrutiny
    } else if t.contains("sub-committee")
        || t.contains("sub committee")
        || t.contains("subcommittee")
    {
        CommitteeKind::SubCommittee
    } else if t.contains("committee") || t.contains("panel") || t.contains("board") {
        CommitteeKind::Committee
    } else {
        CommitteeKind::Other
    }
}

fn flag(value: Option<&String>) -> bool {
    value.is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn check_unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str) -> Result<(), DemocracyError> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(refused(format!("{what} {id} appears more than once")));
        }
    }
    Ok(())
}

/// Parses a `GetCommittees` response; deleted committees are left out.
pub fn parse_committees(xml: &str) -> Result<Vec<ParsedCommittee>, DemocracyError> {
    let rows = records(xml, "committee")?;
    if rows.is_empty() {
        return Err(refused(
            "the response lists no committees, so there is nothing to import",
        ));
    }
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if flag(row.get("committeedeleted")) {
            continue;
        }
        let id = row
            .get("committeeid")
            .ok_or_else(|| refused(format!("committee {} has no committeeid", i + 1)))?;
        let title = row
            .get("committeetitle")
            .ok_or_else(|| refused(format!("committee {id} has no title")))?;
        if id.len() > 32 || title.chars().count() > 300 {
            return Err(refused(format!("committee {id}: a value is too long")));
        }
        out.push(ParsedCommittee {
            moderngov_id: id.clone(),
            title: title.clone(),
            kind: kind_from_title(title),
        });
    }
    check_unique(out.iter().map(|c| c.moderngov_id.as_str()), "committeeid")?;
    Ok(out)
}

fn status(value: Option<&String>) -> MeetingStatus {
    match value.map(|v| v.to_lowercase()).as_deref() {
        Some("confirmed") => MeetingStatus::Confirmed,
        Some("cancelled") | Some("canceled") => MeetingStatus::Cancelled,
        Some("rescheduled") | Some("moved") => MeetingStatus::Rescheduled,
        Some("held") => MeetingStatus::Held,
        _ => MeetingStatus::Scheduled,
    }
}

/// Parses a `GetMeetings` response: `meetingdate` is `dd/mm/yyyy`, `meetingtime` London `HH:MM` (10:00 if absent).
pub fn parse_meetings(xml: &str) -> Result<Vec<ParsedMeeting>, DemocracyError> {
    let rows = records(xml, "meeting")?;
    if rows.is_empty() {
        return Err(refused(
            "the response lists no meetings, so there is nothing to import",
        ));
    }
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let id = row
            .get("meetingid")
            .ok_or_else(|| refused(format!("meeting {} has no meetingid", i + 1)))?;
        let committee = row
            .get("committeeid")
            .ok_or_else(|| refused(format!("meeting {id} has no committeeid")))?;
        let date = row
            .get("meetingdate")
            .and_then(|d| NaiveDate::parse_from_str(d, "%d/%m/%Y").ok())
            .ok_or_else(|| {
                refused(format!(
                    "meeting {id}: meetingdate is not a dd/mm/yyyy date"
                ))
            })?;
        let time = match row.get("meetingtime") {
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                .or_else(|_| {
                    NaiveTime::parse_from_str(&t.to_lowercase().replace(' ', ""), "%I.%M%P")
                })
                .or_else(|_| {
                    NaiveTime::parse_from_str(&t.to_lowercase().replace(' ', ""), "%I:%M%P")
                })
                .map_err(|_| refused(format!("meeting {id}: meetingtime {t:?} is not a time")))?,
            None => NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        };
        let starts_at = London
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| refused(format!("meeting {id}: that time does not exist in London")))?;
        if id.len() > 32 || committee.len() > 32 {
            return Err(refused(format!("meeting {id}: an id is too long")));
        }
        let venue = row
            .get("meetinglocation")
            .or_else(|| row.get("location"))
            .cloned()
            .filter(|v| v.chars().count() <= 500);
        out.push(ParsedMeeting {
            moderngov_id: id.clone(),
            committee_moderngov_id: committee.clone(),
            committee_title: row.get("committeetitle").cloned(),
            starts_at,
            status: status(row.get("meetingstatus")),
            venue,
        });
    }
    check_unique(out.iter().map(|m| m.moderngov_id.as_str()), "meetingid")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_suggest_kinds() {
        assert_eq!(kind_from_title("Council"), CommitteeKind::FullCouncil);
        assert_eq!(kind_from_title("Cabinet"), CommitteeKind::Executive);
        assert_eq!(
            kind_from_title("Children's Services Scrutiny Committee"),
            CommitteeKind::Scrutiny
        );
        assert_eq!(
            kind_from_title("Licensing Sub-Committee"),
            CommitteeKind::SubCommittee
        );
        assert_eq!(
            kind_from_title("Planning Committee"),
            CommitteeKind::Committee
        );
    }

    #[test]
    fn meeting_times_are_london_times() {
        let xml = "<root><meetings><meeting><meetingid>1</meetingid><committeeid>9</committeeid>\
                   <meetingdate>14/07/2026</meetingdate><meetingtime>18:30</meetingtime>\
                   <meetingstatus>Confirmed</meetingstatus></meeting></meetings></root>";
        let m = parse_meetings(xml).unwrap();
        assert_eq!(m[0].starts_at.to_rfc3339(), "2026-07-14T17:30:00+00:00");
        assert_eq!(m[0].status, MeetingStatus::Confirmed);
    }
}
