//! Structured bodies of pages, services and news: a JSON array of blocks, validated on write, served over GraphQL
//! as the `Block` union and rendered to safe HTML.
//!
//! A body is parsed with [`parse_body`], which refuses it with the path of the first bad block and a reason
//! an editor can act on. [`render_html`] escapes every text, so a stored body can be shown as it is.
use async_graphql::{ID, SimpleObject, Union};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use serde_path_to_error::Segment;
use utoipa::ToSchema;
use uuid::Uuid;

/// The most blocks one body can hold, counting those inside accordions.
pub const MAX_BLOCKS: usize = 500;
/// The most characters any single text in a body can have.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The most characters a heading can have.
pub const MAX_HEADING_CHARS: usize = 300;

const BLOCK_TYPES: &str =
    "heading, paragraph, list, image, callout, accordion, table, contact or embed";
const LEVEL_MESSAGE: &str = "heading level must be 2, 3 or 4";
const ALT_MESSAGE: &str = "alt text is required unless the image is marked decorative";
const LINK_MESSAGE: &str =
    "a link must start with https://, http://, mailto:, tel: or / (a page on this site)";

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

// ---- parsing and validation ----

/// A body refused, with where (`body[3].level`, `body[2].sections[0].body[1].alt`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockError {
    pub path: String,
    pub message: String,
}

impl BlockError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
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

/// Parses and validates a body given as JSON; `field` is the name of the field holding it (e.g. "body" or
/// "translations.cy.body").
pub fn parse_body(field: &str, value: Value) -> Result<Vec<Block>, BlockError> {
    let Some(items) = value.as_array() else {
        return Err(BlockError::new(field, "a body must be a list of blocks"));
    };
    if items.len() > MAX_BLOCKS {
        return Err(too_many(field, items.len()));
    }
    match serde_path_to_error::deserialize::<_, Vec<Block>>(&value) {
        Ok(blocks) => {
            validate_body(field, &blocks)?;
            Ok(blocks)
        }
        Err(err) => {
            // Serde buffers a tagged block before reading its fields, so its path stops at the block; look inside
            // that block for the field at fault.
            let located = match err.path().iter().next() {
                Some(Segment::Seq { index }) => items
                    .get(*index)
                    .and_then(|item| locate_in_block(&format!("{field}[{index}]"), item)),
                _ => None,
            };
            Err(located.unwrap_or_else(|| from_serde(field, &err)))
        }
    }
}

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

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn text_length(path: &str, text: &str) -> Result<(), BlockError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(BlockError::new(
            path,
            format!("text can be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

fn optional_text(path: &str, text: Option<&str>) -> Result<(), BlockError> {
    text.map_or(Ok(()), |text| text_length(path, text))
}

fn heading_text(path: &str, text: &str) -> Result<(), BlockError> {
    if is_blank(text) {
        return Err(BlockError::new(path, "a heading must not be blank"));
    }
    if text.chars().count() > MAX_HEADING_CHARS {
        return Err(BlockError::new(
            path,
            format!("a heading can be at most {MAX_HEADING_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Checks runs of text at `path` (`body[0].content`), refusing them when there is no text at all.
fn inline_content(path: &str, runs: &[Inline], empty_message: &str) -> Result<(), BlockError> {
    for (k, run) in runs.iter().enumerate() {
        let run_path = format!("{path}[{k}]");
        text_length(&format!("{run_path}.text"), &run.text)?;
        if let Some(link) = &run.link {
            let link_path = format!("{run_path}.link");
            text_length(&link_path, link)?;
            if !link_allowed(link) {
                return Err(BlockError::new(link_path, LINK_MESSAGE));
            }
            if is_blank(&run.text) {
                return Err(BlockError::new(
                    format!("{run_path}.text"),
                    "a link needs some text",
                ));
            }
        }
    }
    if runs.iter().all(|run| is_blank(&run.text)) {
        return Err(BlockError::new(path, empty_message));
    }
    Ok(())
}

/// Whether a link is one a body may carry: web, email and telephone links, and paths on this site. Anything
/// else (`javascript:`, `data:`, `//other.host`) could run script or leave the site unannounced.
fn link_allowed(link: &str) -> bool {
    if link.chars().any(char::is_control) {
        return false;
    }
    for scheme in ["https://", "http://", "mailto:", "tel:"] {
        if link
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        {
            return link.len() > scheme.len();
        }
    }
    // Browsers read `/\host` as `//host`, another site.
    link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\")
}

fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.contains('.')
        && !domain.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\".contains(c))
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

// ---- HTML ----

/// What an embed or image points at, looked up by the caller (None: not available publicly -> the block is left out).
pub struct RenderLinks<'a> {
    /// The title and URL of a published service, document or meeting.
    pub embed: &'a dyn Fn(EmbedTarget, Uuid) -> Option<(String, String)>,
    /// The public URL of an image in the media library.
    pub media_url: &'a dyn Fn(Uuid) -> Option<String>,
}

/// Renders a body to HTML, one block a line, escaping every text and attribute.
pub fn render_html(blocks: &[Block], links: &RenderLinks<'_>) -> String {
    let mut out = String::new();
    render_blocks(&mut out, blocks, links);
    out
}

/// Renders sibling blocks, a newline between each two that appear.
fn render_blocks(out: &mut String, blocks: &[Block], links: &RenderLinks<'_>) {
    let mut first = true;
    for block in blocks {
        let mut html = String::new();
        render_block(&mut html, block, links);
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

fn render_block(out: &mut String, block: &Block, links: &RenderLinks<'_>) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).clamp(2, 4);
            out.push_str(&format!("<h{level}>"));
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
            let Some(src) = (links.media_url)(*media_id) else {
                return;
            };
            out.push_str("<figure><img src=\"");
            push_attribute(out, &src);
            out.push_str("\" alt=\"");
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
                render_blocks(out, &section.body, links);
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
        lines.push(format!(
            "<strong>{}</strong>",
            html_escape::encode_text(name)
        ));
    }
    if let Some(address) = address {
        lines.extend(
            address
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(|line| html_escape::encode_text(line).into_owned()),
        );
    }
    if let Some(phone) = phone {
        let shown = html_escape::encode_text(phone);
        lines.push(match tel_href(phone) {
            Some(href) => format!("Telephone: <a href=\"tel:{href}\">{shown}</a>"),
            None => format!("Telephone: {shown}"),
        });
    }
    if let Some(email) = email {
        let shown = html_escape::encode_text(email);
        lines.push(if looks_like_email(email) {
            format!(
                "Email: <a href=\"mailto:{}\">{shown}</a>",
                html_escape::encode_double_quoted_attribute(email)
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
            .map(|line| html_escape::encode_text(line).into_owned())
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

fn push_text(out: &mut String, text: &str) {
    html_escape::encode_text_to_string(text, out);
}

fn push_attribute(out: &mut String, value: &str) {
    html_escape::encode_double_quoted_attribute_to_string(value, out);
}

// ---- GraphQL ----

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
pub struct ImageBlock {
    pub media_id: ID,
    /// Text for those who cannot see the image; use an empty alt when `decorative` is true.
    pub alt: Option<String>,
    /// Whether the image is decoration only, to be hidden from screen readers.
    pub decorative: bool,
    pub caption: Option<String>,
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const MEDIA: &str = "0190a5a4-7c1e-7000-8000-000000000001";
    const SERVICE: &str = "0190a5a4-7c1e-7000-8000-000000000002";
    const MEETING: &str = "0190a5a4-7c1e-7000-8000-000000000003";

    /// Every block type with every field given, in the form the API stores and returns.
    fn every_block() -> Value {
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

    fn parse(value: Value) -> Result<Vec<Block>, BlockError> {
        parse_body("body", value)
    }

    fn refused(value: Value) -> BlockError {
        match parse(value) {
            Ok(blocks) => panic!("accepted: {blocks:?}"),
            Err(err) => err,
        }
    }

    fn paragraph(text: &str) -> Value {
        json!({"type": "paragraph", "content": [{"text": text}]})
    }

    fn heading(text: &str) -> Value {
        json!({"type": "heading", "level": 2, "text": text})
    }

    fn no_links() -> RenderLinks<'static> {
        RenderLinks {
            embed: &|_, _| None,
            media_url: &|_| None,
        }
    }

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
    fn heading_text_must_be_short_and_not_blank() {
        let err = refused(json!([heading("  ")]));
        assert_eq!(err.path, "body[0].text");
        assert!(parse(json!([heading(&"a".repeat(300))])).is_ok());
        let err = refused(json!([heading(&"a".repeat(301))]));
        assert_eq!(err.path, "body[0].text");
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
    fn only_safe_links_are_accepted() {
        let link = |href: &str| {
            json!([{"type": "paragraph", "content": [
                {"text": "Before "},
                {"text": "link", "link": href},
            ]}])
        };
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " https://example.com",
            "data:text/html;base64,PHNjcmlwdD4=",
            "//elsewhere.example.com",
            "/\\elsewhere.example.com",
            "vbscript:msgbox",
            "ftp://files.example.com",
            "bins",
            "https://",
            "/bins\n",
        ] {
            let err = refused(link(bad));
            assert_eq!(err.path, "body[0].content[1].link", "{bad}");
            assert_eq!(err.message, LINK_MESSAGE);
        }
        for good in [
            "https://www.gov.uk/council-tax",
            "HTTPS://www.gov.uk",
            "http://example.com",
            "mailto:waste@example.gov.uk",
            "tel:01632960001",
            "/bins/collection-days?street=High%20Street#when",
            "/",
        ] {
            assert!(parse(link(good)).is_ok(), "{good}");
        }

        let err = refused(
            json!([{"type": "paragraph", "content": [{"text": " ", "link": "/bins"}, {"text": "x"}]}]),
        );
        assert_eq!(err.path, "body[0].content[0].text");
    }

    #[test]
    fn text_content_must_not_be_empty() {
        let err = refused(json!([{"type": "paragraph", "content": []}]));
        assert_eq!(err.path, "body[0].content");
        let err = refused(json!([{"type": "list", "style": "ordered", "items": []}]));
        assert_eq!(err.path, "body[0].items");
        let err =
            refused(json!([{"type": "list", "style": "ordered", "items": [[{"text": "a"}], []]}]));
        assert_eq!(err.path, "body[0].items[1]");
    }

    #[test]
    fn any_text_is_capped() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let err = refused(json!([paragraph(&long)]));
        assert_eq!(err.path, "body[0].content[0].text");
        assert!(parse(json!([paragraph(&"é".repeat(MAX_TEXT_CHARS))])).is_ok());
        let err = refused(json!([{"type": "table", "header": ["A"], "rows": [[long]]}]));
        assert_eq!(err.path, "body[0].rows[0][0]");
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

        let err = parse_body("translations.cy.body", json!([{"type": "quote"}])).unwrap_err();
        assert_eq!(err.path, "translations.cy.body[0].type");
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
                media_url: &|_| Some("/media/\"><script>".to_owned()),
            },
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("<h3>&lt;script&gt;alert(\"x\")&lt;/script&gt;</h3>"),
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
                media_url: &|id| {
                    (id == media)
                        .then(|| "https://cdn.example.gov.uk/bin.jpg?w=800&h=600".to_owned())
                },
            },
        );
        let expected = [
            "<h2>Bin collections</h2>",
            "<p>Put your bin out by <strong>7am</strong> on your \
             <a href=\"/bins/collection-days\"><em>collection day</em></a></p>",
            "<ul><li>Glass</li><li><strong><em>Paper and card</em></strong></li></ul>",
            "<figure><img src=\"https://cdn.example.gov.uk/bin.jpg?w=800&amp;h=600\" alt=\"A green recycling bin\">\
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
            "<h4>Fees &amp; charges</h4>\n\
             <ol><li>One</li><li>Two</li></ol>\n\
             <div class=\"callout callout-info\" role=\"note\"><p>Note</p></div>\n\
             <address class=\"contact\">Telephone: <a href=\"tel:+441632960001\">+44 (0)1632 960001</a></address>"
        );

        let decorative = render_html(
            &blocks[2..3],
            &RenderLinks {
                embed: &|_, _| None,
                media_url: &|_| Some("/media/bin.jpg".to_owned()),
            },
        );
        assert_eq!(
            decorative,
            "<figure><img src=\"/media/bin.jpg\" alt=\"\"></figure>"
        );
    }

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
                to_gql(&parse_body("body", every_block()).unwrap_or_default())
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
