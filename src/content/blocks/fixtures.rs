//! Bodies the block tests share: every block type with every field, and small helpers.
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Block, BlockError, RenderLinks, locate_refusal, validate_body};

pub(super) const MEDIA: &str = "0190a5a4-7c1e-7000-8000-000000000001";
pub(super) const SERVICE: &str = "0190a5a4-7c1e-7000-8000-000000000002";
pub(super) const MEETING: &str = "0190a5a4-7c1e-7000-8000-000000000003";

/// Every block type with every field given, in the form the API stores and returns.
pub(super) fn every_block() -> Value {
    json!([
        {"type": "heading", "level": 2, "text": "Bin collections"},
        {"type": "paragraph", "content": [
            {"text": "Put your bin out by "},
            {"text": "7am", "bold": true},
            {"text": " on your "},
            {"text": "collection day", "italic": true, "link": "/bins/collection-days"},
        ]},
        {"type": "list", "style": "unordered", "items": [
            [{"text": "Glass"}],
            [{"text": "Paper and card", "bold": true, "italic": true}],
        ]},
        {"type": "image", "media_id": MEDIA, "alt": "A green recycling bin", "decorative": false,
         "caption": "Green bins are for recycling"},
        {"type": "callout", "style": "warning", "title": "Bank holidays",
         "content": [{"text": "Collections move a day later."}]},
        {"type": "accordion", "sections": [
            {"heading": "Missed collections", "body": [
                {"type": "paragraph", "content": [{"text": "Report it within 2 working days."}]},
                {"type": "embed", "target": "service", "id": SERVICE},
            ]},
        ]},
        {"type": "table", "caption": "Charges", "header": ["Item", "Price"],
         "rows": [["Sofa", "£25"], ["Fridge", "£30"]]},
        {"type": "contact", "name": "Waste services", "phone": "01632 960 001",
         "email": "waste@example.gov.uk", "address": "Town Hall\nHigh Street",
         "opening_hours": "Monday to Friday, 9am to 5pm"},
        {"type": "embed", "target": "meeting", "id": MEETING},
    ])
}

/// Reads a body the way content is read on write: serde, the field at fault located if serde refuses, then the
/// rules. Paths start at `body`.
pub(super) fn parse(value: Value) -> Result<Vec<Block>, BlockError> {
    #[derive(Deserialize)]
    struct Holder {
        body: Vec<Block>,
    }
    let document = json!({ "body": value });
    match serde_path_to_error::deserialize::<_, Holder>(&document) {
        Ok(Holder { body }) => {
            validate_body("body", &body)?;
            Ok(body)
        }
        Err(err) => Err(locate_refusal(&document, err.path()).unwrap_or_else(|| {
            panic!(
                "serde refused {document} at {}, not located: {}",
                err.path(),
                err.inner()
            )
        })),
    }
}

pub(super) fn refused(value: Value) -> BlockError {
    match parse(value) {
        Ok(blocks) => panic!("accepted: {blocks:?}"),
        Err(err) => err,
    }
}

pub(super) fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "content": [{"text": text}]})
}

pub(super) fn heading(text: &str) -> Value {
    json!({"type": "heading", "level": 2, "text": text})
}

pub(super) fn no_links() -> RenderLinks<'static> {
    RenderLinks {
        embed: &|_, _| None,
        image: &|_| None,
    }
}
