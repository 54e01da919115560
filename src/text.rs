//! The one rule for text that enters Townhall, whatever door it comes through (JSON bodies, GraphQL arguments,
//! path and query parameters, multipart fields, imported XML), and the cleaning of text that leaves it in XML,
//! HTML and iCalendar.
//!
//! Refused everywhere: NUL and the other C0 control characters except tab, CR and LF; DEL; the C1 controls;
//! the noncharacters U+FFFE and U+FFFF. Tab, CR and LF are allowed only in multi-line text: bodies, summaries,
//! messages, descriptions, addresses and the like ([`is_multi_line_field`]); elsewhere (titles, names, slugs,
//! emails, identifiers, paths, query parameters) they are refused too. PostgreSQL cannot store NUL in text,
//! XML 1.0 cannot carry most controls, and none of them is ever meant by a person typing.
pub mod boundary;

use std::borrow::Cow;

use serde_json::Value;

use crate::error::ApiError;

/// Whether `c` is refused in any text.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `c` is a line break or tab (allowed only in multi-line text).
fn is_layout(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// Why a text was refused: the first character that broke the rule, written for people (`U+0000`).
pub fn problem(text: &str, multi_line: bool) -> Option<String> {
    let c = text
        .chars()
        .find(|&c| is_forbidden(c) || (!multi_line && is_layout(c)))?;
    Some(if is_layout(c) {
        format!(
            "must be a single line: it holds {} (tab, CR and LF are allowed only in multi-line text)",
            code_point(c)
        )
    } else {
        format!(
            "holds the control character or noncharacter {}, which is not allowed in text",
            code_point(c)
        )
    })
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Checks one text: `Err` is a 422 naming `field`.
pub fn check(field: &str, text: &str, multi_line: bool) -> Result<(), ApiError> {
    match problem(text, multi_line) {
        Some(message) => Err(ApiError::validation(field, message)),
        None => Ok(()),
    }
}

/// The JSON keys whose text may span lines. Every other string, and every key, is one line.
const MULTI_LINE_FIELDS: &[&str] = &[
    "address",
    "alternatives",
    "biography",
    "body",
    "caption",
    "decision_text",
    "description",
    "eligibility",
    "exception_note",
    "interests_declared",
    "items",
    "key_posts",
    "late_reason",
    "message",
    "minutes",
    "motion_text",
    "note",
    "opening_hours",
    "purpose",
    "reasons",
    "resolution",
    "rows",
    "seo_description",
    "status_message",
    "summary",
    "surgery_details",
    "text",
    "venue",
    "work_address",
];

/// Whether text under the JSON key `key` may span lines.
pub fn is_multi_line_field(key: &str) -> bool {
    MULTI_LINE_FIELDS.contains(&key)
}

/// Walks a JSON document and answers the first string (or key) that breaks the rule, as a 422 naming its place
/// (`translations.en.title`, `content.blocks[2].items[0]`). Strings in an array are judged by the array's key.
pub fn check_json(value: &Value) -> Result<(), ApiError> {
    walk(value, "", false)
}

fn walk(value: &Value, place: &str, multi_line: bool) -> Result<(), ApiError> {
    match value {
        Value::String(text) => {
            check(field_name(place), text, multi_line)?;
            check_date_text(field_name(place), text)
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
            walk(item, &format!("{}[{i}]", field_name(place)), multi_line)
        }),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            let here = if place.is_empty() {
                key.clone()
            } else {
                format!("{place}.{key}")
            };
            check(&here, key, false)?;
            walk(item, &here, is_multi_line_field(key))
        }),
        _ => Ok(()),
    }
}

/// A text that reads as a date, or a date and time, must be in the range Townhall accepts
/// ([`crate::calendar::bounds`]): `Err` is a 422 naming `field`.
pub fn check_date_text(field: &str, text: &str) -> Result<(), ApiError> {
    match crate::calendar::bounds::text_in_range(text) {
        Some(false) => Err(ApiError::validation(
            field,
            crate::calendar::bounds::OUT_OF_RANGE,
        )),
        _ => Ok(()),
    }
}

/// A place for people: the whole body is `body`.
fn field_name(place: &str) -> &str {
    if place.is_empty() { "body" } else { place }
}

/// Text as XML 1.0 and iCalendar may carry it: the characters [`is_forbidden`] names are dropped (they cannot
/// enter any more, but text stored before the rule may hold them). Tab, CR and LF are kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_forbidden) {
        Cow::Owned(text.chars().filter(|&c| !is_forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_class_of_forbidden_character_is_found_and_ordinary_text_is_not() {
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{7F}', '\u{80}',
            '\u{85}', '\u{9F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(
                problem(&format!("a{c}b"), true).is_some(),
                "{}",
                code_point(c)
            );
        }
        for text in [
            "Council tax",
            "Treth gyngor — ŵ ŷ",
            "emoji 🏛",
            "\u{A0}non-breaking",
            "\u{FFFD}",
        ] {
            assert_eq!(problem(text, false), None, "{text}");
        }
        assert!(problem("two\nlines", false).is_some());
        assert!(problem("tab\there", false).is_some());
        assert_eq!(problem("two\r\nlines\tand a tab", true), None);
        assert_eq!(
            problem("\u{0}", true).as_deref(),
            Some(
                "holds the control character or noncharacter U+0000, which is not allowed in text"
            )
        );
    }

    #[test]
    fn a_json_body_is_refused_at_the_first_bad_string_with_its_place_named() {
        let body = json!({"translations": {"en": {"title": "Bins", "summary": "Two\nlines", "body": {
            "blocks": [{"type": "paragraph", "text": "ok\n"}, {"type": "list", "items": ["a", "b\u{7}"]}]}}}});
        let err = check_json(&body).expect_err("a bell in a list item");
        let details = err.details.expect("details");
        assert_eq!(
            details["fields"][0]["field"],
            "translations.en.body.blocks[1].items[1]"
        );

        let title = json!({"translations": {"en": {"title": "Bins\nday"}}});
        let err = check_json(&title).expect_err("a line break in a title");
        assert_eq!(
            err.details.expect("details")["fields"][0]["field"],
            "translations.en.title"
        );

        let key = json!({"labels": {"e\u{0}n": "x"}});
        assert!(check_json(&key).is_err());
        assert!(check_json(&json!("\u{0}")).is_err());
        assert!(
            check_json(&json!({"summary": "a\r\nb", "n": 1, "ok": true, "none": null})).is_ok()
        );
    }

    #[test]
    fn printable_text_drops_only_what_xml_cannot_carry() {
        assert_eq!(printable("News\u{0}\u{8} today\n\tok"), "News today\n\tok");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }
}
