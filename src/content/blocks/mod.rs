//! Structured bodies of pages, services and news: a JSON array of blocks, validated on write, served over GraphQL
//! as the `Block` union and rendered to safe HTML.
//!
//! - `vocabulary.rs`: the blocks and runs of text, as editors send them and the API stores them.
//! - `locate.rs`: [`locate_refusal`]: when serde refuses content, the path of the field at fault inside a block
//!   (`translations.en.body[3].level`) and a reason an editor can act on.
//! - `validate.rs` and `text_rules.rs`: the rules a body follows beyond its shape ([`validate_body`]).
//! - `html.rs`: [`render_html`], which escapes every text, so a stored body can be shown as it is.
//! - `graphql.rs`: [`to_gql`], the delivery API's view of a body.
//! - `text.rs`: [`blocks_text`], the plain text of a body for the search index.
mod graphql;
mod html;
mod locate;
mod text;
mod text_rules;
mod validate;
mod vocabulary;

#[cfg(test)]
mod fixtures;

pub use graphql::{
    AccordionBlock, AccordionSectionGql, BlockGql, CalloutBlock, ContactBlock, EmbedBlock,
    HeadingBlock, ImageBlock, InlineText, ListBlock, ParagraphBlock, TableBlock, to_gql, to_gql_in,
};
pub use html::{HeadingAnchor, ImageLinks, RenderLinks, heading_anchors, render_html};
pub use locate::locate_refusal;
pub use text::blocks_text;
pub use text_rules::{MAX_HEADING_CHARS, MAX_TEXT_CHARS};
pub use validate::{BlockError, MAX_BLOCKS, validate_body};
pub use vocabulary::{AccordionSection, Block, CalloutStyle, EmbedTarget, Inline, ListStyle};
