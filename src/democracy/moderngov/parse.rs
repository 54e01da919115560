//! Reading a `GetCouncillorsByWard` response into plain values, tidying what real files contain: whitespace-only
//! elements, `dd/mm/yyyy` or `unspecified` dates, titles HTML-encoded once or twice, honorifics in names.
use chrono::NaiveDate;
use quick_xml::{Reader, events::Event};
use serde::Deserialize;

use crate::democracy::DemocracyError;

/// One ward and its councillors, as the file lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedWard {
    pub name: String,
    pub councillors: Vec<ParsedCouncillor>,
}

/// A councillor with the public contact details the file gives. Home address lines are dropped on purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCouncillor {
    pub moderngov_id: String,
    pub display_name: String,
    pub honorific_prefix: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub honorific_suffix: Option<String>,
    pub party: Option<String>,
    pub photo_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub work_address: Option<String>,
    pub surgery_details: Option<String>,
    pub key_posts: Option<String>,
    pub terms: Vec<(Option<NaiveDate>, Option<NaiveDate>)>,
}

#[derive(Deserialize)]
struct RootXml {
    wards: Option<WardsXml>,
}

#[derive(Deserialize)]
struct WardsXml {
    #[serde(default)]
    ward: Vec<WardXml>,
}

#[derive(Deserialize)]
struct WardXml {
    wardtitle: Option<String>,
    councillors: Option<CouncillorsXml>,
}

#[derive(Deserialize)]
struct CouncillorsXml {
    #[serde(default)]
    councillor: Vec<CouncillorXml>,
}

#[derive(Deserialize, Default)]
struct LinesXml {
    line1: Option<String>,
    line2: Option<String>,
    line3: Option<String>,
    line4: Option<String>,
    line5: Option<String>,
    postcode: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct TermsXml {
    #[serde(default)]
    termofoffice: Vec<TermXml>,
}

#[derive(Deserialize)]
struct TermXml {
    startdate: Option<String>,
    enddate: Option<String>,
}

#[derive(Deserialize)]
struct CouncillorXml {
    councillorid: Option<String>,
    fullusername: Option<String>,
    photobigurl: Option<String>,
    photosmallurl: Option<String>,
    politicalpartytitle: Option<String>,
    keyposts: Option<String>,
    workaddress: Option<LinesXml>,
    surgerydetails: Option<LinesXml>,
    termsofoffice: Option<TermsXml>,
}

fn refused(message: impl Into<String>) -> DemocracyError {
    DemocracyError::ImportRefused(message.into())
}

/// Text with surrounding whitespace removed and HTML entities decoded (twice-encoded ones too); `None` when empty.
pub fn tidy(value: Option<&str>) -> Option<String> {
    let mut text = value?.trim().to_owned();
    for _ in 0..3 {
        let decoded = html_escape::decode_html_entities(&text).into_owned();
        if decoded == text {
            break;
        }
        text = decoded;
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The address in an email field that may carry notes ("a@b.gov.uk (ward issues)").
fn email(value: Option<&str>) -> Option<String> {
    tidy(value)?
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .map(|w| w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '"' | '\'')))
        .find(|w| w.contains('@') && w.len() <= 320)
        .map(str::to_owned)
}

fn join_lines(lines: &LinesXml, with_postcode: bool) -> Option<String> {
    let mut parts: Vec<String> = [
        &lines.line1,
        &lines.line2,
        &lines.line3,
        &lines.line4,
        &lines.line5,
    ]
    .into_iter()
    .filter_map(|l| tidy(l.as_deref()))
    .collect();
    if with_postcode && let Some(pc) = tidy(lines.postcode.as_deref()) {
        parts.push(pc);
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

fn parse_date(
    value: Option<&str>,
    what: &str,
    who: &str,
) -> Result<Option<NaiveDate>, DemocracyError> {
    match tidy(value) {
        None => Ok(None),
        Some(text) if text.eq_ignore_ascii_case("unspecified") => Ok(None),
        Some(text) => NaiveDate::parse_from_str(&text, "%d/%m/%Y")
            .map(Some)
            .map_err(|_| {
                refused(format!(
                    "councillor {who}: {what} {text:?} is not a dd/mm/yyyy date"
                ))
            }),
    }
}

const PREFIX_DROP: [&str; 4] = ["councillor", "cllr", "cllr.", "county"];
const TITLES: [&str; 16] = [
    "mr",
    "mrs",
    "mrs.",
    "ms",
    "miss",
    "dr",
    "dr.",
    "sir",
    "dame",
    "lord",
    "lady",
    "professor",
    "prof",
    "rev",
    "reverend",
    "baroness",
];

/// Splits "Councillor Mrs Jane Q Smith MBE JP" into ("Mrs", "Jane Q", "Smith", "MBE JP", "Jane Q Smith").
fn split_name(
    full: &str,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
) {
    let mut words: Vec<&str> = full.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| PREFIX_DROP.contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    let mut prefix = Vec::new();
    while words.len() > 1
        && words
            .first()
            .is_some_and(|w| TITLES.contains(&w.to_lowercase().as_str()))
    {
        prefix.push(words.remove(0));
    }
    let mut suffix = Vec::new();
    while words.len() > 2
        && words.last().is_some_and(|w| {
            let letters = w.trim_matches(|c| c == '(' || c == ')');
            (w.len() <= 5 && letters.chars().all(|c| c.is_ascii_uppercase()) && letters.len() >= 2)
                || w.starts_with('(')
        })
    {
        if let Some(w) = words.pop() {
            suffix.insert(0, w);
        }
    }
    let join = |v: &[&str]| (!v.is_empty()).then(|| v.join(" "));
    let display = words.join(" ");
    let (given, family) = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => (join(rest), Some((*last).to_owned())),
        Some((last, _)) => (None, Some((*last).to_owned())),
        None => (None, None),
    };
    (join(&prefix), given, family, join(&suffix), display)
}

fn root_element(xml: &str) -> Result<String, DemocracyError> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                return Ok(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
            }
            Ok(Event::Eof) => return Err(refused("the file is empty")),
            Err(_) => return Err(refused("the file is not well-formed XML")),
            Ok(_) => {}
        }
    }
}

/// Parses a whole response. Anything that is not a usable `GetCouncillorsByWard` response is refused, with a
/// message saying why, before anything is written.
pub fn parse_councillors_by_ward(xml: &str) -> Result<Vec<ParsedWard>, DemocracyError> {
    let xml = xml.trim_start_matches('\u{feff}');
    let root = root_element(xml)?;
    if root != "councillorsbyward" {
        return Err(refused(format!(
            "this is not a ModernGov GetCouncillorsByWard response: its root element is <{root}>, not <councillorsbyward> (an error page saved instead of the data?)"
        )));
    }
    let parsed: RootXml = quick_xml::de::from_str(xml).map_err(|e| {
        refused(format!(
            "the XML does not have the GetCouncillorsByWard shape: {e}"
        ))
    })?;
    let wards = parsed.wards.map(|w| w.ward).unwrap_or_default();
    if wards.is_empty() {
        return Err(refused(
            "the response lists no wards, so there is nothing to import",
        ));
    }
    let wards: Vec<ParsedWard> = wards
        .into_iter()
        .enumerate()
        .map(|(i, ward)| parse_ward(i, ward))
        .collect::<Result<_, _>>()?;
    let mut seen = std::collections::HashSet::new();
    for c in wards.iter().flat_map(|w| &w.councillors) {
        if !seen.insert(c.moderngov_id.as_str()) {
            return Err(refused(format!(
                "councillorid {} appears more than once",
                c.moderngov_id
            )));
        }
    }
    Ok(wards)
}

/// Refuses a value longer than the field holds, naming the councillor or ward.
fn fits(what: &str, whose: &str, value: &Option<String>, max: usize) -> Result<(), DemocracyError> {
    match value {
        Some(v) if v.chars().count() > max => Err(refused(format!(
            "{whose}: {what} is longer than {max} characters"
        ))),
        _ => Ok(()),
    }
}

fn parse_ward(index: usize, ward: WardXml) -> Result<ParsedWard, DemocracyError> {
    let name = tidy(ward.wardtitle.as_deref())
        .ok_or_else(|| refused(format!("ward {} has no title", index + 1)))?;
    let councillors = ward
        .councillors
        .map(|c| c.councillor)
        .unwrap_or_default()
        .into_iter()
        .map(|c| parse_councillor(&name, c))
        .collect::<Result<_, _>>()?;
    fits("ward title", &name, &Some(name.clone()), 200)?;
    Ok(ParsedWard { name, councillors })
}

fn parse_councillor(ward: &str, c: CouncillorXml) -> Result<ParsedCouncillor, DemocracyError> {
    let id = tidy(c.councillorid.as_deref())
        .ok_or_else(|| refused(format!("a councillor in ward {ward:?} has no councillorid")))?;
    let full = tidy(c.fullusername.as_deref())
        .ok_or_else(|| refused(format!("councillor {id} has no name")))?;
    let (honorific_prefix, given_name, family_name, honorific_suffix, display_name) =
        split_name(&full);
    // Home address, home phone and home email are the councillor's private details: never read.
    let work = c.workaddress.unwrap_or_default();
    let terms = c
        .termsofoffice
        .map(|t| t.termofoffice)
        .unwrap_or_default()
        .into_iter()
        .map(|t| {
            Ok((
                parse_date(t.startdate.as_deref(), "start date", &id)?,
                parse_date(t.enddate.as_deref(), "end date", &id)?,
            ))
        })
        .collect::<Result<Vec<_>, DemocracyError>>()?;
    let parsed = ParsedCouncillor {
        display_name: if display_name.is_empty() {
            full.clone()
        } else {
            display_name
        },
        honorific_prefix,
        given_name,
        family_name,
        honorific_suffix,
        party: tidy(c.politicalpartytitle.as_deref()),
        photo_url: tidy(c.photobigurl.as_deref()).or_else(|| tidy(c.photosmallurl.as_deref())),
        email: email(work.email.as_deref()),
        phone: tidy(work.phone.as_deref()),
        mobile: tidy(work.mobile.as_deref()),
        work_address: join_lines(&work, true),
        surgery_details: c.surgerydetails.as_ref().and_then(|s| join_lines(s, false)),
        key_posts: tidy(c.keyposts.as_deref()),
        terms,
        moderngov_id: id,
    };
    let who = format!("councillor {}", parsed.moderngov_id);
    fits("councillorid", &who, &Some(parsed.moderngov_id.clone()), 32)?;
    fits("name", &who, &Some(parsed.display_name.clone()), 200)?;
    fits("given name", &who, &parsed.given_name, 100)?;
    fits("family name", &who, &parsed.family_name, 100)?;
    fits("title", &who, &parsed.honorific_prefix, 50)?;
    fits("honours", &who, &parsed.honorific_suffix, 50)?;
    fits("party", &who, &parsed.party, 200)?;
    fits("email", &who, &parsed.email, 320)?;
    fits("phone", &who, &parsed.phone, 50)?;
    fits("mobile", &who, &parsed.mobile, 50)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_office_and_keep_titles_and_honours_apart() {
        let (p, g, f, s, d) = split_name("Councillor Mrs Jane Q Smith MBE JP");
        assert_eq!(
            (
                p.as_deref(),
                g.as_deref(),
                f.as_deref(),
                s.as_deref(),
                d.as_str()
            ),
            (
                Some("Mrs"),
                Some("Jane Q"),
                Some("Smith"),
                Some("MBE JP"),
                "Jane Q Smith"
            )
        );
        let (_, g, f, s, d) = split_name("Cllr John Doe");
        assert_eq!(
            (g.as_deref(), f.as_deref(), s, d.as_str()),
            (Some("John"), Some("Doe"), None, "John Doe")
        );
    }

    #[test]
    fn text_is_trimmed_and_decoded_even_when_encoded_twice() {
        assert_eq!(
            tidy(Some("  Labour &amp;amp; Co-operative  ")).as_deref(),
            Some("Labour & Co-operative")
        );
        assert_eq!(tidy(Some("\r\n   \r\n")), None);
    }

    #[test]
    fn dates_are_day_month_year_or_unspecified() {
        assert_eq!(
            parse_date(Some("03/05/2012"), "start", "1").unwrap(),
            NaiveDate::from_ymd_opt(2012, 5, 3)
        );
        assert_eq!(parse_date(Some("unspecified"), "end", "1").unwrap(), None);
        assert!(parse_date(Some("2012-05-03"), "start", "1").is_err());
    }

    #[test]
    fn emails_lose_their_notes() {
        assert_eq!(
            email(Some(" a.b@c.gov.uk (for ward issues) ")).as_deref(),
            Some("a.b@c.gov.uk")
        );
        assert_eq!(email(Some("no address here")), None);
    }
}
