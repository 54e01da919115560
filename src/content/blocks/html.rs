//! A body rendered to HTML, every text and attribute escaped, so a stored body can be shown as it is.
use uuid::Uuid;

use super::{
    text_rules::{is_blank, link_allowed, looks_like_email},
    vocabulary::{Block, EmbedTarget, Inline, ListStyle},
};

/// What an embed or image points at, looked up by the caller (None: not available publicly -> the block is left out).
pub struct RenderLinks<'a> {
    /// The title and URL of a published service, document or meeting.
    pub embed: &'a dyn Fn(EmbedTarget, Uuid) -> Option<(String, String)>,
    /// A public image of the media library: its URL, size and renditions.
    pub image: &'a dyn Fn(Uuid) -> Option<ImageLinks>,
}

/// What an `<img>` needs of a library image.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageLinks {
    pub src: String,
    /// Width and height in pixels, when known: the browser reserves the space before the image loads.
    pub size: Option<(u32, u32)>,
    /// Renditions with their widths (`/media/...?w=320 320w, ...`), when there are any.
    pub srcset: Option<String>,
}

impl ImageLinks {
    /// An image known only by its address.
    pub fn plain(src: impl Into<String>) -> Self {
        Self {
            src: src.into(),
            size: None,
            srcset: None,
        }
    }
}

/// A heading of a body with its anchor (the `id` its `<h2>` to `<h4>` carries, for tables of contents and links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingAnchor {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// The anchors of a body's headings (its own, not those inside accordion sections), in order. An anchor is made
/// from its heading's own text (`Who can apply?` is `who-can-apply`), so it stays the same when text elsewhere
/// changes; a heading repeated in the same body gets `-2`, `-3`.
pub fn heading_anchors(blocks: &[Block]) -> Vec<HeadingAnchor> {
    let mut out: Vec<HeadingAnchor> = Vec::new();
    for block in blocks {
        if let Block::Heading { level, text } = block {
            let words: Vec<String> = text
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let base = if words.is_empty() {
                "section".to_owned()
            } else {
                words.join("-").chars().take(80).collect()
            };
            let mut anchor = base.clone();
            let mut n = 1;
            while out.iter().any(|h| h.anchor == anchor) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            out.push(HeadingAnchor {
                level: *level,
                text: text.clone(),
                anchor,
            });
        }
    }
    out
}

/// The anchors still to give, in order, to a body's own headings.
struct Anchors {
    list: Vec<HeadingAnchor>,
    next: usize,
}

/// Renders a body to HTML, one block a line, escaping every text and attribute; each of its own headings has its
/// anchor as `id` (see [`heading_anchors`]).
pub fn render_html(blocks: &[Block], links: &RenderLinks<'_>) -> String {
    let mut out = String::new();
    let mut anchors = Anchors {
        list: heading_anchors(blocks),
        next: 0,
    };
    render_blocks(&mut out, blocks, links, Some(&mut anchors));
    out
}

/// Renders sibling blocks, a newline between each two that appear.
fn render_blocks(
    out: &mut String,
    blocks: &[Block],
    links: &RenderLinks<'_>,
    mut anchors: Option<&mut Anchors>,
) {
    let mut first = true;
    for block in blocks {
        let mut html = String::new();
        render_block(&mut html, block, links, anchors.as_deref_mut());
        if html.is_empty() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&html);
    }
}

fn render_block(
    out: &mut String,
    block: &Block,
    links: &RenderLinks<'_>,
    anchors: Option<&mut Anchors>,
) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).clamp(2, 4);
            let id = anchors.and_then(|a| {
                let anchor = a.list.get(a.next).map(|h| h.anchor.clone());
                a.next += 1;
                anchor
            });
            match id {
                Some(id) => out.push_str(&format!(
                    "<h{level} id=\"{}\">",
                    html_escape::encode_double_quoted_attribute(&id)
                )),
                None => out.push_str(&format!("<h{level}>")),
            }
            push_text(out, text);
            out.push_str(&format!("</h{level}>"));
        }
        Block::Paragraph { content } => {
            out.push_str("<p>");
            push_inlines(out, content);
            out.push_str("</p>");
        }
        Block::List { style, items } => {
            let tag = match style {
                ListStyle::Ordered => "ol",
                ListStyle::Unordered => "ul",
            };
            out.push_str(&format!("<{tag}>"));
            for item in items {
                out.push_str("<li>");
                push_inlines(out, item);
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
        Block::Image {
            media_id,
            alt,
            decorative,
            caption,
        } => {
            let Some(image) = (links.image)(*media_id) else {
                return;
            };
            out.push_str("<figure><img src=\"");
            push_attribute(out, &image.src);
            out.push('"');
            if let Some(srcset) = &image.srcset {
                out.push_str(" srcset=\"");
                push_attribute(out, srcset);
                out.push('"');
                let widest = image.size.map_or(1280, |(w, _)| w);
                out.push_str(&format!(
                    " sizes=\"(max-width: {widest}px) 100vw, {widest}px\""
                ));
            }
            if let Some((width, height)) = image.size {
                out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
            }
            out.push_str(" loading=\"lazy\" alt=\"");
            if !decorative && let Some(alt) = alt {
                push_attribute(out, alt);
            }
            out.push_str("\">");
            if let Some(caption) = caption.as_deref().filter(|c| !is_blank(c)) {
                out.push_str("<figcaption>");
                push_text(out, caption);
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>");
        }
        Block::Callout {
            style,
            title,
            content,
        } => {
            out.push_str(&format!(
                "<div class=\"callout callout-{}\" role=\"note\">",
                style.as_str()
            ));
            if let Some(title) = title.as_deref().filter(|t| !is_blank(t)) {
                out.push_str("<p class=\"callout-title\">");
                push_text(out, title);
                out.push_str("</p>");
            }
            out.push_str("<p>");
            push_inlines(out, content);
            out.push_str("</p></div>");
        }
        Block::Accordion { sections } => {
            out.push_str("<div class=\"accordion\">");
            for section in sections {
                out.push_str("<details><summary>");
                push_text(out, &section.heading);
                out.push_str("</summary>");
                render_blocks(out, &section.body, links, None);
                out.push_str("</details>");
            }
            out.push_str("</div>");
        }
        Block::Table {
            caption,
            header,
            rows,
        } => {
            out.push_str("<table>");
            if let Some(caption) = caption.as_deref().filter(|c| !is_blank(c)) {
                out.push_str("<caption>");
                push_text(out, caption);
                out.push_str("</caption>");
            }
            out.push_str("<thead><tr>");
            for cell in header {
                out.push_str("<th scope=\"col\">");
                push_text(out, cell);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead><tbody>");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    push_text(out, cell);
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        Block::Contact {
            name,
            phone,
            email,
            address,
            opening_hours,
        } => render_contact(
            out,
            [name, phone, email, address, opening_hours].map(|field| {
                field
                    .as_deref()
                    .map(str::trim)
                    .filter(|value| !value.is_empty())
            }),
        ),
        Block::Embed { target, id } => {
            let Some((title, url)) = (links.embed)(*target, *id) else {
                return;
            };
            out.push_str(&format!(
                "<p class=\"embed embed-{}\"><a href=\"",
                target.as_str()
            ));
            push_attribute(out, &url);
            out.push_str("\">");
            push_text(out, &title);
            out.push_str("</a></p>");
        }
    }
}

/// Renders a contact as an address, a line for each field given: name, address lines, phone, email, opening hours.
fn render_contact(out: &mut String, [name, phone, email, address, hours]: [Option<&str>; 5]) {
    let mut lines: Vec<String> = Vec::new();
    if let Some(name) = name {
        lines.push(format!("<strong>{}</strong>", encode_text(name)));
    }
    if let Some(address) = address {
        lines.extend(
            address
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(encode_text),
        );
    }
    if let Some(phone) = phone {
        let shown = encode_text(phone);
        lines.push(match tel_href(phone) {
            Some(href) => format!("Telephone: <a href=\"tel:{href}\">{shown}</a>"),
            None => format!("Telephone: {shown}"),
        });
    }
    if let Some(email) = email {
        let shown = encode_text(email);
        lines.push(if looks_like_email(email) {
            format!(
                "Email: <a href=\"mailto:{}\">{shown}</a>",
                encode_attribute(email)
            )
        } else {
            format!("Email: {shown}")
        });
    }
    if let Some(hours) = hours {
        let hours: Vec<String> = hours
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(encode_text)
            .collect();
        lines.push(format!("Opening hours: {}", hours.join("<br>")));
    }
    out.push_str("<address class=\"contact\">");
    out.push_str(&lines.join("<br>"));
    out.push_str("</address>");
}

/// The number to dial, when the phone field is only a number (`01632 960 001`, `+44 (0)1632 960001`).
fn tel_href(phone: &str) -> Option<String> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let only_number = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-.".contains(c));
    if !only_number || digits < 3 {
        return None;
    }
    let international = phone.starts_with('+');
    // `+44 (0)1632` is dialled as +441632.
    let national = phone.replace("(0)", "");
    let number: String = national.chars().filter(char::is_ascii_digit).collect();
    Some(if international {
        format!("+{number}")
    } else {
        number
    })
}

fn push_inlines(out: &mut String, runs: &[Inline]) {
    for run in runs {
        // A link that would not pass validation is shown as plain text.
        let link = run.link.as_deref().filter(|link| link_allowed(link));
        if let Some(link) = link {
            out.push_str("<a href=\"");
            push_attribute(out, link);
            out.push_str("\">");
        }
        if run.bold {
            out.push_str("<strong>");
        }
        if run.italic {
            out.push_str("<em>");
        }
        push_text(out, &run.text);
        if run.italic {
            out.push_str("</em>");
        }
        if run.bold {
            out.push_str("</strong>");
        }
        if link.is_some() {
            out.push_str("</a>");
        }
    }
}

// Every writer of HTML drops what XML and HTML cannot carry (text stored before the text rule may hold it).
fn push_text(out: &mut String, text: &str) {
    html_escape::encode_text_to_string(crate::text::printable(text), out);
}

fn push_attribute(out: &mut String, value: &str) {
    html_escape::encode_double_quoted_attribute_to_string(crate::text::printable(value), out);
}

fn encode_text(text: &str) -> String {
    let mut out = String::new();
    push_text(&mut out, text);
    out
}

fn encode_attribute(value: &str) -> String {
    let mut out = String::new();
    push_attribute(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::blocks::{BlockGql, fixtures::*, to_gql};

    #[test]
    fn script_in_any_text_is_escaped() {
        let script = "<script>alert(\"x\")</script>";
        let body = json!([
            {"type": "heading", "level": 3, "text": script},
            {"type": "paragraph", "content": [{"text": script, "bold": true, "link": "/a"}]},
            {"type": "list", "style": "ordered", "items": [[{"text": script}]]},
            {"type": "image", "media_id": MEDIA, "alt": script, "caption": script},
            {"type": "callout", "style": "info", "title": script, "content": [{"text": script}]},
            {"type": "accordion", "sections": [{"heading": script, "body": [paragraph(script)]}]},
            {"type": "table", "caption": script, "header": [script], "rows": [[script]]},
            {"type": "contact", "name": script, "phone": script, "email": script, "address": script,
             "opening_hours": script},
            {"type": "embed", "target": "document", "id": SERVICE},
        ]);
        // The contact's email is refused on write; render what an older body might still hold.
        let err = parse(body.clone()).unwrap_err();
        assert_eq!(err.path, "body[7].email");
        let blocks: Vec<Block> = serde_json::from_value(body).unwrap();
        let html = render_html(
            &blocks,
            &RenderLinks {
                embed: &|_, _| Some((script.to_owned(), "/documents/\"><script>".to_owned())),
                image: &|_| Some(ImageLinks::plain("/media/\"><script>")),
            },
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains(
                "<h3 id=\"script-alert-x-script\">&lt;script&gt;alert(\"x\")&lt;/script&gt;</h3>"
            ),
            "{html}"
        );
        assert!(
            html.contains("src=\"/media/&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"/documents/&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
        assert!(
            html.contains("alt=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\""),
            "{html}"
        );
    }

    #[test]
    fn quotes_in_links_cannot_leave_the_attribute() {
        let blocks = parse(json!([{"type": "paragraph", "content": [
            {"text": "Pay", "link": "/pay\" onmouseover=\"alert(1)"},
        ]}]))
        .unwrap();
        let html = render_html(&blocks, &no_links());
        assert_eq!(
            html,
            "<p><a href=\"/pay&quot; onmouseover=&quot;alert(1)\">Pay</a></p>"
        );
    }

    #[test]
    fn unsafe_links_already_stored_render_as_text() {
        let blocks = vec![Block::Paragraph {
            content: vec![Inline {
                text: "Click".into(),
                bold: false,
                italic: false,
                link: Some("javascript:alert(1)".into()),
            }],
        }];
        assert_eq!(render_html(&blocks, &no_links()), "<p>Click</p>");
        let BlockGql::Paragraph(paragraph) = &to_gql(&blocks)[0] else {
            panic!("not a paragraph");
        };
        assert_eq!(paragraph.content[0].link, None);
    }

    #[test]
    fn a_sample_body_renders_to_the_expected_html() {
        let blocks = parse(every_block()).unwrap();
        let media = Uuid::parse_str(MEDIA).unwrap();
        let service = Uuid::parse_str(SERVICE).unwrap();
        let html = render_html(
            &blocks,
            &RenderLinks {
                embed: &|target, id| {
                    (target == EmbedTarget::Service && id == service).then(|| {
                        (
                            "Report a missed bin".to_owned(),
                            "/services/missed-bin".to_owned(),
                        )
                    })
                },
                image: &|id| {
                    (id == media).then(|| ImageLinks {
                        src: "https://cdn.example.gov.uk/bin.jpg?v=2&h=600".to_owned(),
                        size: Some((800, 600)),
                        srcset: Some("/media/york/bin?w=320 320w, /media/york/bin 800w".to_owned()),
                    })
                },
            },
        );
        let expected = [
            "<h2 id=\"bin-collections\">Bin collections</h2>",
            "<p>Put your bin out by <strong>7am</strong> on your \
             <a href=\"/bins/collection-days\"><em>collection day</em></a></p>",
            "<ul><li>Glass</li><li><strong><em>Paper and card</em></strong></li></ul>",
            "<figure><img src=\"https://cdn.example.gov.uk/bin.jpg?v=2&amp;h=600\" \
             srcset=\"/media/york/bin?w=320 320w, /media/york/bin 800w\" sizes=\"(max-width: 800px) 100vw, 800px\" \
             width=\"800\" height=\"600\" loading=\"lazy\" alt=\"A green recycling bin\">\
             <figcaption>Green bins are for recycling</figcaption></figure>",
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Bank holidays</p>\
             <p>Collections move a day later.</p></div>",
            "<div class=\"accordion\"><details><summary>Missed collections</summary>\
             <p>Report it within 2 working days.</p>\n\
             <p class=\"embed embed-service\"><a href=\"/services/missed-bin\">Report a missed bin</a></p>\
             </details></div>",
            "<table><caption>Charges</caption><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Price</th>\
             </tr></thead><tbody><tr><td>Sofa</td><td>£25</td></tr><tr><td>Fridge</td><td>£30</td></tr>\
             </tbody></table>",
            "<address class=\"contact\"><strong>Waste services</strong><br>Town Hall<br>High Street<br>\
             Telephone: <a href=\"tel:01632960001\">01632 960 001</a><br>\
             Email: <a href=\"mailto:waste@example.gov.uk\">waste@example.gov.uk</a><br>\
             Opening hours: Monday to Friday, 9am to 5pm</address>",
            // The meeting embed is not public, so it is left out.
        ]
        .join("\n");
        assert_eq!(html, expected);
    }

    #[test]
    fn small_body_renders_exactly() {
        let blocks = parse(json!([
            {"type": "heading", "level": 4, "text": "Fees & charges"},
            {"type": "list", "style": "ordered", "items": [[{"text": "One"}], [{"text": "Two"}]]},
            {"type": "image", "media_id": MEDIA, "decorative": true, "alt": "ignored"},
            {"type": "image", "media_id": MEDIA, "alt": "Not public"},
            {"type": "callout", "style": "info", "content": [{"text": "Note"}]},
            {"type": "contact", "phone": "+44 (0)1632 960001"},
        ]))
        .unwrap();
        let html = render_html(&blocks, &no_links());
        assert_eq!(
            html,
            "<h4 id=\"fees-charges\">Fees &amp; charges</h4>\n\
             <ol><li>One</li><li>Two</li></ol>\n\
             <div class=\"callout callout-info\" role=\"note\"><p>Note</p></div>\n\
             <address class=\"contact\">Telephone: <a href=\"tel:+441632960001\">+44 (0)1632 960001</a></address>"
        );

        let decorative = render_html(
            &blocks[2..3],
            &RenderLinks {
                embed: &|_, _| None,
                image: &|_| Some(ImageLinks::plain("/media/bin.jpg")),
            },
        );
        assert_eq!(
            decorative,
            "<figure><img src=\"/media/bin.jpg\" loading=\"lazy\" alt=\"\"></figure>"
        );
    }

    #[test]
    fn heading_anchors_come_from_their_own_text_and_repeat_with_a_number() {
        let heading = |text: &str| Block::Heading {
            level: 2,
            text: text.into(),
        };
        let body = vec![
            heading("Who can apply?"),
            heading("How to apply"),
            heading("How to apply"),
            heading("!!!"),
        ];
        let anchors: Vec<String> = heading_anchors(&body)
            .into_iter()
            .map(|h| h.anchor)
            .collect();
        assert_eq!(
            anchors,
            ["who-can-apply", "how-to-apply", "how-to-apply-2", "section"]
        );
        // Changing another heading leaves an anchor as it was.
        let mut edited = body.clone();
        edited[0] = heading("Who is eligible");
        assert_eq!(heading_anchors(&edited)[1].anchor, "how-to-apply");
        assert!(
            render_html(&body, &no_links()).contains("<h2 id=\"how-to-apply-2\">How to apply</h2>")
        );
    }
}
