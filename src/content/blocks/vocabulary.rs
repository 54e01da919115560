//! The block vocabulary: what a body can hold, in the JSON form editors send and the API stores.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One block of a body; `type` says which kind.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A section heading; level 1 is the page title, so levels run from 2 to 4.
    Heading { level: u8, text: String },
    /// A paragraph of text runs.
    Paragraph { content: Vec<Inline> },
    /// A bulleted or numbered list; each item is a run of text.
    List {
        style: ListStyle,
        items: Vec<Vec<Inline>>,
    },
    /// An image from the media library; alt text is required unless the image is decorative.
    Image {
        media_id: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alt: Option<String>,
        #[serde(default)]
        decorative: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// A highlighted note or warning.
    Callout {
        style: CalloutStyle,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// Sections that open and close; they cannot hold another accordion.
    Accordion { sections: Vec<AccordionSection> },
    /// A data table with a header row; every row has as many cells as the header.
    Table {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// How to reach a team or office; at least one field is given.
    Contact {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        /// Lines separated by newlines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opening_hours: Option<String>,
    },
    /// A link to another published service, document or meeting of the council.
    Embed { target: EmbedTarget, id: Uuid },
}

/// A run of text with its formatting; `link` may be `https://`, `http://`, `mailto:`, `tel:` or a site path (`/…`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Inline {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// One section of an accordion: a heading that opens it and the blocks it holds.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccordionSection {
    pub heading: String,
    #[schema(no_recursion)]
    pub body: Vec<Block>,
}

/// Bullets or numbers.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    Ordered,
    Unordered,
}

/// How strongly a callout stands out.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum CalloutStyle {
    Info,
    Warning,
}

impl CalloutStyle {
    /// The name used in JSON and in the rendered class (`callout-info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
        }
    }
}

/// What an embed block points at.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum EmbedTarget {
    Service,
    Document,
    Meeting,
}

impl EmbedTarget {
    /// The name used in JSON and in the rendered class (`embed-service`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Document => "document",
            Self::Meeting => "meeting",
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::blocks::fixtures::*;

    #[test]
    fn every_block_type_parses_and_round_trips() {
        let blocks = parse(every_block()).unwrap();
        assert_eq!(blocks.len(), 9);
        assert!(matches!(blocks[0], Block::Heading { level: 2, .. }));
        assert!(matches!(
            &blocks[3],
            Block::Image { decorative: false, alt: Some(alt), .. } if alt == "A green recycling bin"
        ));
        let Block::Accordion { sections } = &blocks[5] else {
            panic!("not an accordion: {:?}", blocks[5]);
        };
        assert!(matches!(
            sections[0].body[1],
            Block::Embed {
                target: EmbedTarget::Service,
                ..
            }
        ));

        let stored = serde_json::to_value(&blocks).unwrap();
        assert_eq!(stored, every_block());
        assert_eq!(parse(stored).unwrap(), blocks);
    }

    #[test]
    fn defaults_fill_missing_flags() {
        let blocks = parse(json!([
            {"type": "image", "media_id": MEDIA, "decorative": true},
            {"type": "paragraph", "content": [{"text": "Plain"}]},
        ]))
        .unwrap();
        assert_eq!(
            blocks[1],
            Block::Paragraph {
                content: vec![Inline {
                    text: "Plain".into(),
                    bold: false,
                    italic: false,
                    link: None,
                }]
            }
        );
    }

    #[test]
    fn openapi_schema_handles_the_recursion() {
        let mut schemas = Vec::new();
        <Block as ToSchema>::schemas(&mut schemas);
        let names: Vec<&str> = schemas.iter().map(|(name, _)| name.as_str()).collect();
        for name in [
            "Inline",
            "AccordionSection",
            "ListStyle",
            "CalloutStyle",
            "EmbedTarget",
        ] {
            assert!(names.contains(&name), "{names:?}");
        }
        let block = serde_json::to_value(<Block as utoipa::PartialSchema>::schema()).unwrap();
        assert!(block.to_string().contains("\"accordion\""), "{block}");
    }
}
