//! The delivery API's view of a body: a `Block` union mirroring the vocabulary, links already made safe.
use async_graphql::{ID, SimpleObject, Union};

use super::{
    text_rules::link_allowed,
    vocabulary::{Block, CalloutStyle, EmbedTarget, Inline, ListStyle},
};

/// One block of a body in the delivery API.
#[derive(Union, Clone, Debug, PartialEq)]
#[graphql(name = "Block")]
pub enum BlockGql {
    Heading(HeadingBlock),
    Paragraph(ParagraphBlock),
    List(ListBlock),
    Image(ImageBlock),
    Callout(CalloutBlock),
    Accordion(AccordionBlock),
    Table(TableBlock),
    Contact(ContactBlock),
    Embed(EmbedBlock),
}

/// A run of text with its formatting.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct InlineText {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// An `https:`, `http:`, `mailto:` or `tel:` URL, or a path on the council's site.
    pub link: Option<String>,
}

/// A section heading.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct HeadingBlock {
    /// 2, 3 or 4; the page title is level 1.
    pub level: i32,
    pub text: String,
}

/// A paragraph of text runs.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct ParagraphBlock {
    pub content: Vec<InlineText>,
}

/// A bulleted or numbered list; each item is a run of text.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct ListBlock {
    pub style: ListStyle,
    pub items: Vec<Vec<InlineText>>,
}

/// An image from the council's media library.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
#[graphql(complex)]
pub struct ImageBlock {
    pub media_id: ID,
    /// Text for those who cannot see the image; use an empty alt when `decorative` is true.
    pub alt: Option<String>,
    /// Whether the image is decoration only, to be hidden from screen readers.
    pub decorative: bool,
    pub caption: Option<String>,
    /// The council whose library holds the image (set when a body is delivered).
    #[graphql(skip)]
    pub council: Option<crate::tenancy::Tenant>,
}

#[async_graphql::ComplexObject]
impl ImageBlock {
    /// The image itself: its address, size, renditions and alt text; null when the file is not public
    /// (restricted or deleted).
    async fn image(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Option<crate::media::graphql::ImageGql>> {
        let (Some(council), Ok(id)) =
            (&self.council, uuid::Uuid::parse_str(self.media_id.as_str()))
        else {
            return Ok(None);
        };
        let key = crate::content::loaders::MediaKey(council.clone(), id);
        let found = ctx
            .data::<crate::content::loaders::ContentLoaders>()?
            .load_one(key)
            .await?;
        Ok(found.map(|m| {
            crate::media::graphql::ImageGql::new(council, m, self.alt.clone(), self.decorative)
        }))
    }
}

/// A highlighted note or warning.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct CalloutBlock {
    pub style: CalloutStyle,
    pub title: Option<String>,
    pub content: Vec<InlineText>,
}

/// Sections that open and close.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct AccordionBlock {
    pub sections: Vec<AccordionSectionGql>,
}

/// One section of an accordion; its body never holds another accordion.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
#[graphql(name = "AccordionSection")]
pub struct AccordionSectionGql {
    pub heading: String,
    pub body: Vec<BlockGql>,
}

/// A data table; every row has as many cells as the header.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct TableBlock {
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How to reach a team or office.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct ContactBlock {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Lines separated by newlines.
    pub address: Option<String>,
    pub opening_hours: Option<String>,
}

/// A link to a published service, document or meeting of the same council.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct EmbedBlock {
    pub target: EmbedTarget,
    pub id: ID,
}

impl From<&Inline> for InlineText {
    fn from(run: &Inline) -> Self {
        Self {
            text: run.text.clone(),
            bold: run.bold,
            italic: run.italic,
            link: run.link.clone().filter(|link| link_allowed(link)),
        }
    }
}

fn inline_gql(runs: &[Inline]) -> Vec<InlineText> {
    runs.iter().map(InlineText::from).collect()
}

impl From<&Block> for BlockGql {
    fn from(block: &Block) -> Self {
        match block {
            Block::Heading { level, text } => Self::Heading(HeadingBlock {
                level: i32::from(*level),
                text: text.clone(),
            }),
            Block::Paragraph { content } => Self::Paragraph(ParagraphBlock {
                content: inline_gql(content),
            }),
            Block::List { style, items } => Self::List(ListBlock {
                style: *style,
                items: items.iter().map(|item| inline_gql(item)).collect(),
            }),
            Block::Image {
                media_id,
                alt,
                decorative,
                caption,
            } => Self::Image(ImageBlock {
                media_id: ID(media_id.to_string()),
                alt: alt.clone(),
                decorative: *decorative,
                caption: caption.clone(),
                council: None,
            }),
            Block::Callout {
                style,
                title,
                content,
            } => Self::Callout(CalloutBlock {
                style: *style,
                title: title.clone(),
                content: inline_gql(content),
            }),
            Block::Accordion { sections } => Self::Accordion(AccordionBlock {
                sections: sections
                    .iter()
                    .map(|section| AccordionSectionGql {
                        heading: section.heading.clone(),
                        body: to_gql(&section.body),
                    })
                    .collect(),
            }),
            Block::Table {
                caption,
                header,
                rows,
            } => Self::Table(TableBlock {
                caption: caption.clone(),
                header: header.clone(),
                rows: rows.clone(),
            }),
            Block::Contact {
                name,
                phone,
                email,
                address,
                opening_hours,
            } => Self::Contact(ContactBlock {
                name: name.clone(),
                phone: phone.clone(),
                email: email.clone(),
                address: address.clone(),
                opening_hours: opening_hours.clone(),
            }),
            Block::Embed { target, id } => Self::Embed(EmbedBlock {
                target: *target,
                id: ID(id.to_string()),
            }),
        }
    }
}

/// A body as the delivery API serves it.
pub fn to_gql(blocks: &[Block]) -> Vec<BlockGql> {
    blocks.iter().map(BlockGql::from).collect()
}

/// A body of `council` as the delivery API serves it: its images can load their files.
pub fn to_gql_in(blocks: &[Block], council: &crate::tenancy::Tenant) -> Vec<BlockGql> {
    let mut out = to_gql(blocks);
    set_council(&mut out, council);
    out
}

fn set_council(blocks: &mut [BlockGql], council: &crate::tenancy::Tenant) {
    for block in blocks {
        match block {
            BlockGql::Image(image) => image.council = Some(council.clone()),
            BlockGql::Accordion(accordion) => {
                for section in &mut accordion.sections {
                    set_council(&mut section.body, council);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::blocks::fixtures::*;

    #[test]
    fn graphql_mirrors_the_blocks() {
        let blocks = parse(every_block()).unwrap();
        let gql = to_gql(&blocks);
        assert_eq!(gql.len(), 9);
        assert_eq!(
            gql[0],
            BlockGql::Heading(HeadingBlock {
                level: 2,
                text: "Bin collections".into()
            })
        );
        let BlockGql::Accordion(accordion) = &gql[5] else {
            panic!("not an accordion: {:?}", gql[5]);
        };
        assert_eq!(
            accordion.sections[0].body[1],
            BlockGql::Embed(EmbedBlock {
                target: EmbedTarget::Service,
                id: ID(SERVICE.to_owned())
            })
        );
    }

    #[tokio::test]
    async fn graphql_schema_serves_the_union() {
        struct Query;

        #[async_graphql::Object]
        impl Query {
            async fn body(&self) -> Vec<BlockGql> {
                to_gql(&parse(every_block()).unwrap_or_default())
            }
        }

        let schema = async_graphql::Schema::new(
            Query,
            async_graphql::EmptyMutation,
            async_graphql::EmptySubscription,
        );
        let sdl = schema.sdl();
        assert!(sdl.contains("union Block ="), "{sdl}");
        assert!(sdl.contains("type AccordionSection"), "{sdl}");
        assert!(sdl.contains("type InlineText"), "{sdl}");
        assert!(sdl.contains("enum EmbedTarget"), "{sdl}");

        let response = schema
            .execute(
                "{ body { __typename
                    ... on HeadingBlock { level text }
                    ... on ImageBlock { mediaId alt decorative }
                    ... on AccordionBlock { sections { heading body { __typename
                        ... on EmbedBlock { target id } } } } } }",
            )
            .await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap();
        assert_eq!(
            data["body"][0],
            json!({"__typename": "HeadingBlock", "level": 2, "text": "Bin collections"})
        );
        assert_eq!(data["body"][3]["mediaId"], json!(MEDIA));
        assert_eq!(
            data["body"][5]["sections"][0]["body"][1],
            json!({"__typename": "EmbedBlock", "target": "SERVICE", "id": SERVICE})
        );
    }
}
