//! The rules a body must follow beyond its shape, block by block: heading levels, alt text, table rows, no
//! accordion in an accordion, at most [`MAX_BLOCKS`] blocks. The rules for texts and links are in `text_rules.rs`.
use super::{
    text_rules::{
        heading_text, inline_content, is_blank, looks_like_email, optional_text, text_length,
    },
    vocabulary::Block,
};

/// The most blocks one body can hold, counting those inside accordions.
pub const MAX_BLOCKS: usize = 500;

pub(super) const LEVEL_MESSAGE: &str = "heading level must be 2, 3 or 4";
const ALT_MESSAGE: &str = "alt text is required unless the image is marked decorative";

/// A body refused, with where (`body[3].level`, `body[2].sections[0].body[1].alt`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockError {
    pub path: String,
    pub message: String,
}

impl BlockError {
    pub(super) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for BlockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for BlockError {}

/// Validates already-deserialised blocks (same rules), paths prefixed with `field`.
pub fn validate_body(field: &str, blocks: &[Block]) -> Result<(), BlockError> {
    let total = count_blocks(blocks);
    if total > MAX_BLOCKS {
        return Err(too_many(field, total));
    }
    validate_blocks(field, blocks, false)
}

fn too_many(field: &str, count: usize) -> BlockError {
    BlockError::new(
        field,
        format!(
            "a body can hold at most {MAX_BLOCKS} blocks, counting those inside accordions; this one has {count}"
        ),
    )
}

fn count_blocks(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Accordion { sections } => {
                1 + sections
                    .iter()
                    .map(|section| count_blocks(&section.body))
                    .sum::<usize>()
            }
            _ => 1,
        })
        .sum()
}

fn validate_blocks(path: &str, blocks: &[Block], in_accordion: bool) -> Result<(), BlockError> {
    blocks
        .iter()
        .enumerate()
        .try_for_each(|(i, block)| validate_block(&format!("{path}[{i}]"), block, in_accordion))
}

fn validate_block(path: &str, block: &Block, in_accordion: bool) -> Result<(), BlockError> {
    match block {
        Block::Heading { level, text } => {
            if !(2..=4).contains(level) {
                return Err(BlockError::new(format!("{path}.level"), LEVEL_MESSAGE));
            }
            heading_text(&format!("{path}.text"), text)
        }
        Block::Paragraph { content } => inline_content(
            &format!("{path}.content"),
            content,
            "a paragraph needs some text",
        ),
        Block::List { items, .. } => {
            if items.is_empty() {
                return Err(BlockError::new(
                    format!("{path}.items"),
                    "a list needs at least one item",
                ));
            }
            items.iter().enumerate().try_for_each(|(k, item)| {
                inline_content(
                    &format!("{path}.items[{k}]"),
                    item,
                    "a list item needs some text",
                )
            })
        }
        Block::Image {
            alt,
            decorative,
            caption,
            ..
        } => {
            let alt_path = format!("{path}.alt");
            if !decorative && alt.as_deref().is_none_or(is_blank) {
                return Err(BlockError::new(alt_path, ALT_MESSAGE));
            }
            optional_text(&alt_path, alt.as_deref())?;
            optional_text(&format!("{path}.caption"), caption.as_deref())
        }
        Block::Callout { title, content, .. } => {
            optional_text(&format!("{path}.title"), title.as_deref())?;
            inline_content(
                &format!("{path}.content"),
                content,
                "a callout needs some text",
            )
        }
        Block::Accordion { sections } => {
            if in_accordion {
                return Err(BlockError::new(
                    path,
                    "an accordion cannot go inside another accordion",
                ));
            }
            if sections.is_empty() {
                return Err(BlockError::new(
                    format!("{path}.sections"),
                    "an accordion needs at least one section",
                ));
            }
            sections.iter().enumerate().try_for_each(|(j, section)| {
                let section_path = format!("{path}.sections[{j}]");
                heading_text(&format!("{section_path}.heading"), &section.heading)?;
                let body_path = format!("{section_path}.body");
                if section.body.is_empty() {
                    return Err(BlockError::new(
                        body_path,
                        "a section needs at least one block",
                    ));
                }
                validate_blocks(&body_path, &section.body, true)
            })
        }
        Block::Table {
            caption,
            header,
            rows,
        } => {
            optional_text(&format!("{path}.caption"), caption.as_deref())?;
            if header.is_empty() {
                return Err(BlockError::new(
                    format!("{path}.header"),
                    "a table needs a header row",
                ));
            }
            for (c, cell) in header.iter().enumerate() {
                let cell_path = format!("{path}.header[{c}]");
                if is_blank(cell) {
                    return Err(BlockError::new(
                        cell_path,
                        "a column heading must not be blank",
                    ));
                }
                text_length(&cell_path, cell)?;
            }
            for (r, row) in rows.iter().enumerate() {
                let row_path = format!("{path}.rows[{r}]");
                if row.len() != header.len() {
                    return Err(BlockError::new(
                        row_path,
                        format!(
                            "each row needs {} cells, as the header has; this one has {}",
                            header.len(),
                            row.len()
                        ),
                    ));
                }
                for (c, cell) in row.iter().enumerate() {
                    text_length(&format!("{row_path}[{c}]"), cell)?;
                }
            }
            Ok(())
        }
        Block::Contact {
            name,
            phone,
            email,
            address,
            opening_hours,
        } => {
            let fields = [
                ("name", name),
                ("phone", phone),
                ("email", email),
                ("address", address),
                ("opening_hours", opening_hours),
            ];
            if fields
                .iter()
                .all(|(_, value)| value.as_deref().is_none_or(is_blank))
            {
                return Err(BlockError::new(
                    path,
                    "a contact needs at least one of name, phone, email, address or opening hours",
                ));
            }
            for (name, value) in fields {
                optional_text(&format!("{path}.{name}"), value.as_deref())?;
            }
            if let Some(email) = email
                && !is_blank(email)
                && !looks_like_email(email)
            {
                return Err(BlockError::new(
                    format!("{path}.email"),
                    "email must be an email address, like name@example.gov.uk",
                ));
            }
            Ok(())
        }
        Block::Embed { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::content::blocks::fixtures::*;

    #[test]
    fn heading_level_outside_two_to_four_is_refused() {
        let err =
            refused(json!([paragraph("Intro"), {"type": "heading", "level": 7, "text": "Deep"}]));
        assert_eq!(err.path, "body[1].level");
        assert_eq!(err.message, "heading level must be 2, 3 or 4");

        let err = refused(json!([{"type": "heading", "level": 1, "text": "Title"}]));
        assert_eq!(err.path, "body[0].level");

        let err = refused(json!([{"type": "heading", "level": 300, "text": "Title"}]));
        assert_eq!(
            err,
            BlockError::new("body[0].level", "heading level must be 2, 3 or 4")
        );
    }

    #[test]
    fn image_needs_alt_text_unless_decorative() {
        let err = refused(json!([paragraph("Intro"), {"type": "image", "media_id": MEDIA}]));
        assert_eq!(err.path, "body[1].alt");
        assert_eq!(
            err.message,
            "alt text is required unless the image is marked decorative"
        );

        let err = refused(json!([{"type": "image", "media_id": MEDIA, "alt": "   "}]));
        assert_eq!(err.path, "body[0].alt");

        assert!(parse(json!([{"type": "image", "media_id": MEDIA, "decorative": true}])).is_ok());

        let err = refused(json!([
            {"type": "accordion", "sections": [{"heading": "Photos", "body": [
                paragraph("Before"),
                {"type": "image", "media_id": MEDIA, "caption": "The new library"},
            ]}]},
        ]));
        assert_eq!(err.path, "body[0].sections[0].body[1].alt");
    }

    #[test]
    fn accordion_inside_accordion_is_refused_with_its_path() {
        let inner = json!({"type": "accordion", "sections": [{"heading": "Inner", "body": [paragraph("x")]}]});
        let err = refused(json!([
            paragraph("Intro"),
            {"type": "accordion", "sections": [
                {"heading": "First", "body": [paragraph("Fine")]},
                {"heading": "Second", "body": [paragraph("Fine"), inner]},
            ]},
        ]));
        assert_eq!(err.path, "body[1].sections[1].body[1]");
        assert_eq!(
            err.message,
            "an accordion cannot go inside another accordion"
        );
    }

    #[test]
    fn accordion_needs_sections_with_blocks() {
        let err = refused(json!([{"type": "accordion", "sections": []}]));
        assert_eq!(err.path, "body[0].sections");
        let err =
            refused(json!([{"type": "accordion", "sections": [{"heading": "Empty", "body": []}]}]));
        assert_eq!(err.path, "body[0].sections[0].body");
    }

    #[test]
    fn table_rows_must_match_the_header() {
        let err = refused(json!([{"type": "table", "header": ["Item", "Price"],
            "rows": [["Sofa", "£25"], ["Fridge"]]}]));
        assert_eq!(err.path, "body[0].rows[1]");
        assert_eq!(
            err.message,
            "each row needs 2 cells, as the header has; this one has 1"
        );

        let err = refused(json!([{"type": "table", "header": [], "rows": []}]));
        assert_eq!(err.path, "body[0].header");
    }

    #[test]
    fn contact_needs_a_field_and_a_real_email() {
        let err = refused(json!([paragraph("Intro"), {"type": "contact", "name": " "}]));
        assert_eq!(err.path, "body[1]");
        let err = refused(json!([{"type": "contact", "email": "not an address"}]));
        assert_eq!(err.path, "body[0].email");
        assert!(parse(json!([{"type": "contact", "phone": "0300 123 4567"}])).is_ok());
    }

    #[test]
    fn too_many_blocks_are_refused_counting_nested_ones() {
        let blocks: Vec<Value> = (0..MAX_BLOCKS)
            .map(|i| paragraph(&format!("Paragraph {i}")))
            .collect();
        assert!(parse(Value::Array(blocks.clone())).is_ok());

        let mut over = blocks.clone();
        over.push(paragraph("One too many"));
        let err = refused(Value::Array(over));
        assert_eq!(err.path, "body");
        assert!(err.message.contains("this one has 501"), "{err}");

        let mut nested = blocks[..MAX_BLOCKS - 2].to_vec();
        nested.push(json!({"type": "accordion", "sections": [
            {"heading": "A", "body": [paragraph("x"), paragraph("y")]},
        ]}));
        let err = refused(Value::Array(nested));
        assert_eq!(err.path, "body");
        assert!(err.message.contains("this one has 501"), "{err}");
    }

    #[test]
    fn validate_body_prefixes_paths_with_the_field() {
        let blocks = vec![Block::Heading {
            level: 5,
            text: "Too deep".into(),
        }];
        let err = validate_body("translations.cy.body", &blocks).unwrap_err();
        assert_eq!(err.path, "translations.cy.body[0].level");
        assert_eq!(
            err.to_string(),
            "translations.cy.body[0].level: heading level must be 2, 3 or 4"
        );
    }
}
