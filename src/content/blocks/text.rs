//! The plain text of a body, block after block, for the search index.
use super::vocabulary::{Block, Inline};

/// The plain text of a body, block after block.
pub fn blocks_text(blocks: &[Block]) -> String {
    fn inline(runs: &[Inline], out: &mut String) {
        for run in runs {
            out.push_str(&run.text);
        }
        out.push('\n');
    }
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { text, .. } => {
                out.push_str(text);
                out.push('\n');
            }
            Block::Paragraph { content } => inline(content, &mut out),
            Block::List { items, .. } => items.iter().for_each(|i| inline(i, &mut out)),
            Block::Image { alt, caption, .. } => {
                for text in [alt, caption].into_iter().flatten() {
                    out.push_str(text);
                    out.push('\n');
                }
            }
            Block::Callout { title, content, .. } => {
                if let Some(title) = title {
                    out.push_str(title);
                    out.push('\n');
                }
                inline(content, &mut out);
            }
            Block::Accordion { sections } => {
                for section in sections {
                    out.push_str(&section.heading);
                    out.push('\n');
                    out.push_str(&blocks_text(&section.body));
                }
            }
            Block::Table {
                caption,
                header,
                rows,
            } => {
                if let Some(caption) = caption {
                    out.push_str(caption);
                    out.push('\n');
                }
                out.push_str(&header.join(" "));
                out.push('\n');
                for row in rows {
                    out.push_str(&row.join(" "));
                    out.push('\n');
                }
            }
            Block::Contact {
                name,
                address,
                opening_hours,
                ..
            } => {
                for text in [name, address, opening_hours].into_iter().flatten() {
                    out.push_str(text);
                    out.push('\n');
                }
            }
            Block::Embed { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::blocks::fixtures::*;

    #[test]
    fn every_searchable_text_is_kept_and_links_and_embeds_are_not() {
        let blocks = parse(every_block()).unwrap();
        assert_eq!(
            blocks_text(&blocks),
            "Bin collections\n\
             Put your bin out by 7am on your collection day\n\
             Glass\n\
             Paper and card\n\
             A green recycling bin\n\
             Green bins are for recycling\n\
             Bank holidays\n\
             Collections move a day later.\n\
             Missed collections\n\
             Report it within 2 working days.\n\
             Charges\n\
             Item Price\n\
             Sofa £25\n\
             Fridge £30\n\
             Waste services\n\
             Town Hall\n\
             High Street\n\
             Monday to Friday, 9am to 5pm\n"
        );
    }
}
