//! Where serde refused a body: serde stops at a tagged block, so the block is looked into field by field to
//! name the field at fault (`translations.en.body[3].level`) with a reason an editor can act on.
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::{Path, Segment};
use uuid::Uuid;

use super::{
    validate::{BlockError, LEVEL_MESSAGE},
    vocabulary::{CalloutStyle, EmbedTarget, Inline, ListStyle},
};

const BLOCK_TYPES: &str =
    "heading, paragraph, list, image, callout, accordion, table, contact or embed";

/// Names the field at fault when serde has refused `document`, content holding bodies (every field called `body`
/// holds blocks), at `path`. Serde buffers a tagged block before reading its fields, so the path it gives stops at
/// the block (`translations.en.body[3]`); this looks inside that block for the field serde would refuse
/// (`translations.en.body[3].level`) and says why in words an editor can act on. None when the refusal is not
/// in a body, or nothing in the block is found at fault (the caller then reports serde's own error).
pub fn locate_refusal(document: &Value, path: &Path) -> Option<BlockError> {
    let mut at = String::new();
    let mut value = document;
    let mut segments = path.iter().peekable();
    while let Some(segment) = segments.next() {
        match segment {
            Segment::Seq { index } => {
                at.push_str(&format!("[{index}]"));
                value = value.get(index)?;
            }
            Segment::Map { key } => {
                if !at.is_empty() {
                    at.push('.');
                }
                at.push_str(key);
                value = value.get(key)?;
                if key == "body" {
                    return match segments.peek() {
                        Some(Segment::Seq { index }) => {
                            locate_in_block(&format!("{at}[{index}]"), value.get(index)?)
                        }
                        None if !value.is_array() => {
                            Some(BlockError::new(at, "a body must be a list of blocks"))
                        }
                        _ => None,
                    };
                }
            }
            _ => return None,
        }
    }
    None
}

/// Turns serde's error into a `BlockError` whose path starts with `prefix`.
fn from_serde(prefix: &str, err: &serde_path_to_error::Error<serde_json::Error>) -> BlockError {
    let mut path = prefix.to_owned();
    let mut last_key = None;
    for segment in err.path().iter() {
        match segment {
            Segment::Seq { index } => {
                path.push_str(&format!("[{index}]"));
                last_key = None;
            }
            Segment::Map { key } => {
                path.push('.');
                path.push_str(key);
                last_key = Some(key.as_str());
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let message = err.inner().to_string();
    if last_key == Some("type") && message.starts_with("unknown variant") {
        let given = backticked(&message).first().copied().unwrap_or_default();
        return BlockError::new(path, unknown_type(given));
    }
    BlockError::new(path, humanise(&message))
}

fn unknown_type(given: &str) -> String {
    format!("unknown block type \"{given}\"; use {BLOCK_TYPES}")
}

/// The names serde quotes in backticks, in order: the one given first, then those it expected.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// Rewords serde's messages for people editing a page rather than writing Rust.
fn humanise(message: &str) -> String {
    let names = backticked(message);
    if let Some((given, options)) = names.split_first() {
        if message.starts_with("unknown variant") {
            return format!("unknown value \"{given}\"; use {}", either(options));
        }
        if message.starts_with("unknown field") {
            return if options.is_empty() {
                format!("unknown field \"{given}\"")
            } else {
                format!("unknown field \"{given}\"; allowed: {}", options.join(", "))
            };
        }
        if message.starts_with("missing field") {
            return format!("{given} is required");
        }
    }
    if let Some(at) = message.find("expected internally tagged enum") {
        return format!("{}expected a block with a \"type\"", &message[..at]);
    }
    if let Some(at) = message.find("expected struct") {
        return format!("{}expected an object", &message[..at]);
    }
    message
        .replace("expected u8", "expected a whole number")
        .replace("expected a sequence", "expected a list")
}

fn either(options: &[&str]) -> String {
    match options {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// How one field of a block (or accordion section) is checked when serde has refused the block.
struct Field {
    name: &'static str,
    required: bool,
    check: fn(&str, &Value) -> Option<BlockError>,
}

impl Field {
    const fn required(name: &'static str, check: fn(&str, &Value) -> Option<BlockError>) -> Self {
        Self {
            name,
            required: true,
            check,
        }
    }

    const fn optional(name: &'static str, check: fn(&str, &Value) -> Option<BlockError>) -> Self {
        Self {
            name,
            required: false,
            check,
        }
    }
}

const HEADING_FIELDS: &[Field] = &[
    Field::required("level", check_level),
    Field::required("text", typed::<String>),
];
const PARAGRAPH_FIELDS: &[Field] = &[Field::required("content", typed::<Vec<Inline>>)];
const LIST_FIELDS: &[Field] = &[
    Field::required("style", typed::<ListStyle>),
    Field::required("items", typed::<Vec<Vec<Inline>>>),
];
const IMAGE_FIELDS: &[Field] = &[
    Field::required("media_id", typed::<Uuid>),
    Field::optional("alt", typed::<Option<String>>),
    Field::optional("decorative", typed::<bool>),
    Field::optional("caption", typed::<Option<String>>),
];
const CALLOUT_FIELDS: &[Field] = &[
    Field::required("style", typed::<CalloutStyle>),
    Field::optional("title", typed::<Option<String>>),
    Field::required("content", typed::<Vec<Inline>>),
];
const ACCORDION_FIELDS: &[Field] = &[Field::required("sections", check_sections)];
const SECTION_FIELDS: &[Field] = &[
    Field::required("heading", typed::<String>),
    Field::required("body", locate_in_body),
];
const TABLE_FIELDS: &[Field] = &[
    Field::optional("caption", typed::<Option<String>>),
    Field::required("header", typed::<Vec<String>>),
    Field::required("rows", typed::<Vec<Vec<String>>>),
];
const CONTACT_FIELDS: &[Field] = &[
    Field::optional("name", typed::<Option<String>>),
    Field::optional("phone", typed::<Option<String>>),
    Field::optional("email", typed::<Option<String>>),
    Field::optional("address", typed::<Option<String>>),
    Field::optional("opening_hours", typed::<Option<String>>),
];
const EMBED_FIELDS: &[Field] = &[
    Field::required("target", typed::<EmbedTarget>),
    Field::required("id", typed::<Uuid>),
];

fn fields_of(block_type: &str) -> Option<&'static [Field]> {
    Some(match block_type {
        "heading" => HEADING_FIELDS,
        "paragraph" => PARAGRAPH_FIELDS,
        "list" => LIST_FIELDS,
        "image" => IMAGE_FIELDS,
        "callout" => CALLOUT_FIELDS,
        "accordion" => ACCORDION_FIELDS,
        "table" => TABLE_FIELDS,
        "contact" => CONTACT_FIELDS,
        "embed" => EMBED_FIELDS,
        _ => return None,
    })
}

fn typed<T: DeserializeOwned>(path: &str, value: &Value) -> Option<BlockError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|err| from_serde(path, &err))
}

fn check_level(path: &str, value: &Value) -> Option<BlockError> {
    match value.as_u64() {
        Some(level) if u8::try_from(level).is_ok() => None,
        _ => Some(BlockError::new(path, LEVEL_MESSAGE)),
    }
}

fn check_sections(path: &str, value: &Value) -> Option<BlockError> {
    let Some(sections) = value.as_array() else {
        return Some(BlockError::new(path, "sections must be a list"));
    };
    sections.iter().enumerate().find_map(|(j, section)| {
        let section_path = format!("{path}[{j}]");
        match section.as_object() {
            Some(object) => check_fields(&section_path, object, SECTION_FIELDS, None),
            None => Some(BlockError::new(
                section_path,
                "a section must be an object with a heading and a body",
            )),
        }
    })
}

/// Finds the first block under `path` that serde would refuse, naming the field at fault.
fn locate_in_body(path: &str, value: &Value) -> Option<BlockError> {
    let Some(items) = value.as_array() else {
        return Some(BlockError::new(
            path,
            "a section body must be a list of blocks",
        ));
    };
    items
        .iter()
        .enumerate()
        .find_map(|(i, item)| locate_in_block(&format!("{path}[{i}]"), item))
}

fn locate_in_block(path: &str, value: &Value) -> Option<BlockError> {
    let Some(object) = value.as_object() else {
        return Some(BlockError::new(
            path,
            "a block must be an object with a \"type\"",
        ));
    };
    let type_path = format!("{path}.type");
    let fields = match object.get("type") {
        None => {
            return Some(BlockError::new(
                type_path,
                format!("block type is missing; use {BLOCK_TYPES}"),
            ));
        }
        Some(Value::String(name)) => match fields_of(name) {
            Some(fields) => fields,
            None => return Some(BlockError::new(type_path, unknown_type(name))),
        },
        Some(_) => {
            return Some(BlockError::new(
                type_path,
                format!("block type must be text; use {BLOCK_TYPES}"),
            ));
        }
    };
    check_fields(path, object, fields, Some("type"))
}

fn check_fields(
    path: &str,
    object: &Map<String, Value>,
    fields: &[Field],
    tag: Option<&str>,
) -> Option<BlockError> {
    let unknown = object
        .keys()
        .find(|key| Some(key.as_str()) != tag && !fields.iter().any(|f| f.name == *key));
    if let Some(key) = unknown {
        let allowed: Vec<&str> = fields.iter().map(|f| f.name).collect();
        return Some(BlockError::new(
            format!("{path}.{key}"),
            format!("unknown field \"{key}\"; allowed: {}", allowed.join(", ")),
        ));
    }
    fields.iter().find_map(|field| {
        let field_path = format!("{path}.{}", field.name);
        match object.get(field.name) {
            Some(value) => (field.check)(&field_path, value),
            None if field.required => Some(BlockError::new(
                field_path,
                format!("{} is required", field.name),
            )),
            None => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::blocks::{Block, fixtures::*};

    #[test]
    fn unknown_block_type_names_the_block_and_the_types() {
        let err = refused(json!([
            heading("One"),
            paragraph("Two"),
            paragraph("Three"),
            {"type": "video", "url": "https://example.com/v"},
        ]));
        assert_eq!(err.path, "body[3].type");
        assert_eq!(
            err.message,
            "unknown block type \"video\"; use heading, paragraph, list, image, callout, accordion, table, \
             contact or embed"
        );
    }

    #[test]
    fn missing_or_odd_type_is_refused() {
        let err = refused(json!([{"level": 2, "text": "No type"}]));
        assert_eq!(err.path, "body[0].type");
        assert!(err.message.starts_with("block type is missing"), "{err}");

        let err = refused(json!([paragraph("Fine"), "just text"]));
        assert_eq!(err.path, "body[1]");

        let err = refused(json!({"type": "paragraph"}));
        assert_eq!(err.path, "body");
        assert_eq!(err.message, "a body must be a list of blocks");
    }

    #[test]
    fn unknown_fields_are_refused_where_they_are() {
        let err = refused(json!([{"type": "heading", "level": 2, "text": "Hi", "colour": "red"}]));
        assert_eq!(err.path, "body[0].colour");
        assert_eq!(
            err.message,
            "unknown field \"colour\"; allowed: level, text"
        );

        let err = refused(json!([
            {"type": "paragraph", "content": [{"text": "Hi", "underline": true}]},
        ]));
        assert_eq!(err.path, "body[0].content[0].underline");
        assert!(
            err.message.starts_with("unknown field \"underline\""),
            "{err}"
        );

        let err = refused(json!([
            paragraph("Intro"),
            {"type": "accordion", "sections": [
                {"heading": "One", "body": [paragraph("Fine")]},
                {"heading": "Two", "body": [paragraph("Fine"), {"type": "image", "media_id": MEDIA,
                  "alt": "A bin", "width": 300}]},
            ]},
        ]));
        assert_eq!(err.path, "body[1].sections[1].body[1].width");

        let err = refused(json!([
            {"type": "accordion", "sections": [{"heading": "One", "body": [], "open": true}]},
        ]));
        assert_eq!(err.path, "body[0].sections[0].open");
        assert_eq!(
            err.message,
            "unknown field \"open\"; allowed: heading, body"
        );
    }

    #[test]
    fn wrong_types_and_missing_fields_are_located() {
        let err = refused(json!([{"type": "heading", "level": "two", "text": "Hi"}]));
        assert_eq!(err.path, "body[0].level");
        assert_eq!(err.message, LEVEL_MESSAGE);

        let err =
            refused(json!([{"type": "list", "style": "bullets", "items": [[{"text": "a"}]]}]));
        assert_eq!(err.path, "body[0].style");
        assert_eq!(
            err.message,
            "unknown value \"bullets\"; use ordered or unordered"
        );

        let err = refused(json!([{"type": "embed", "target": "service"}]));
        assert_eq!(err.path, "body[0].id");
        assert_eq!(err.message, "id is required");

        let err = refused(json!([{"type": "list", "style": "ordered", "items": [[{"text": 5}]]}]));
        assert_eq!(err.path, "body[0].items[0][0].text");
    }

    #[test]
    fn refusals_are_located_under_the_path_of_the_body_in_the_content() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Translation {
            title: String,
            body: Vec<Block>,
        }
        type Content = std::collections::BTreeMap<String, Translation>;
        let refusal = |document: Value| {
            let err = serde_path_to_error::deserialize::<_, Content>(&document).unwrap_err();
            locate_refusal(&document, err.path())
        };

        let located = refusal(json!({
            "en": {"title": "Bins", "body": [paragraph("Fine")]},
            "cy": {"title": "Biniau", "body": [paragraph("Iawn"), {"type": "quote"}]},
        }));
        assert_eq!(
            located.map(|err| err.path),
            Some("cy.body[1].type".to_owned())
        );

        let located = refusal(json!({"en": {"title": "Bins", "body": "Text"}}));
        assert_eq!(
            located,
            Some(BlockError::new(
                "en.body",
                "a body must be a list of blocks"
            ))
        );

        // Outside a body serde's own error stands.
        assert_eq!(refusal(json!({"en": {"title": 5, "body": []}})), None);
        assert_eq!(refusal(json!(["not", "a", "map"])), None);
    }

    #[test]
    fn serde_errors_are_reworded() {
        assert_eq!(
            humanise("unknown variant `x`, expected one of `a`, `b`, `c`"),
            "unknown value \"x\"; use a, b or c"
        );
        assert_eq!(humanise("missing field `text`"), "text is required");
        assert_eq!(
            humanise("invalid type: string \"x\", expected struct Inline"),
            "invalid type: string \"x\", expected an object"
        );
    }

    #[test]
    fn field_tables_cover_every_field() {
        for block in every_block().as_array().unwrap() {
            let object = block.as_object().unwrap();
            let fields = fields_of(object["type"].as_str().unwrap()).unwrap();
            for key in object.keys().filter(|key| *key != "type") {
                assert!(fields.iter().any(|f| f.name == key), "{key} in {block}");
            }
            for field in fields.iter().filter(|f| f.required) {
                assert!(object.contains_key(field.name), "{} in {block}", field.name);
            }
        }
    }
}
