//! The kinds of web content a council publishes. Each kind has its own module: the content editors send (checked
//! on write), the document one locale of it is published as, where it lives on the site, what search finds it by,
//! and its GraphQL object. [`Kind`] is what every kind says about itself; [`Content`] holds an item of any kind
//! and hands each question to the item's kind.
//!
//! Adding a kind: its module here, with a content type implementing [`Kind`], and one line in the `kinds!` list
//! below (plus a migration when it needs indexed columns of its own).
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    publishing::{ItemKind, PublishingError},
    tenancy::Tenant,
};

pub mod alert;
pub mod directory;
pub mod event;
pub mod guide;
pub mod menu;
pub mod news;
pub mod page;
pub mod publication;
pub mod service;
pub mod step_by_step;
pub mod topic;

use self::{
    alert::AlertContent,
    directory::{channel::DirectoryContent, entry::DirectoryEntryContent},
    event::EventContent,
    guide::GuideContent,
    menu::MenuContent,
    news::NewsContent,
    page::PageContent,
    publication::PublicationContent,
    service::ServiceContent,
    step_by_step::StepByStepContent,
    topic::TopicContent,
};

/// Makes, from the one list of kinds, [`ContentKind`], [`Content`] and [`ContentBody`] with a variant for each
/// kind, and the methods that hand each question to the kind.
macro_rules! kinds {
    ($($kind:ident($content:ident)),+ $(,)?) => {
        /// The kinds of content a council publishes.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, async_graphql::Enum,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum ContentKind {
            $($kind),+
        }

        impl ContentKind {
            pub const ALL: &'static [ContentKind] = &[$(Self::$kind),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$kind => <$content as Kind>::NAME),+
                }
            }

            /// The collection name in REST paths (`/pages`, `/services`, `/news`, ...).
            pub fn collection(self) -> &'static str {
                match self {
                    $(Self::$kind => <$content as Kind>::COLLECTION),+
                }
            }

            /// What a user calls one of these.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$kind => <$content as Kind>::LABEL),+
                }
            }

            /// Whether editors' and the public search find items of this kind.
            pub fn searched(self) -> bool {
                match self {
                    $(Self::$kind => <$content as Kind>::SEARCHED),+
                }
            }
        }

        /// A content item of any kind, validated.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Content {
            $($kind($content)),+
        }

        /// The body of a create or update: the content of the item's kind (see each kind's schema).
        #[derive(Serialize, Deserialize, ToSchema)]
        #[serde(untagged)]
        pub enum ContentBody {
            $($kind($content)),+
        }

        /// Hands `$body` the content of an item, whatever its kind, as `$c`.
        macro_rules! each_kind {
            ($value:expr, $c:ident => $body:expr) => {
                match $value {
                    $(Content::$kind($c) => $body),+
                }
            };
        }

        impl Content {
            fn from_value(kind: ContentKind, value: Value) -> Result<Self, PublishingError> {
                Ok(match kind {
                    $(ContentKind::$kind => Self::$kind(parse_as(value)?)),+
                })
            }

            pub fn kind(&self) -> ContentKind {
                match self {
                    $(Self::$kind(_) => ContentKind::$kind),+
                }
            }

            pub fn to_json(&self) -> Value {
                each_kind!(self, c => serde_json::to_value(c)).unwrap_or(Value::Null)
            }

            /// The English title (a menu's name), for editors' lists.
            pub fn title(&self) -> String {
                each_kind!(self, c => c.title())
            }

            pub fn parent_id(&self) -> Option<Uuid> {
                each_kind!(self, c => c.parent_id())
            }

            pub fn topics(&self) -> &[Uuid] {
                each_kind!(self, c => c.topics())
            }

            /// The locales this content has a translation in.
            pub fn locales(&self) -> Vec<String> {
                each_kind!(self, c => c.locales())
            }

            /// The slugs this content holds, each unique within its scope and locale.
            pub fn slug_claims(&self) -> Vec<SlugClaim> {
                each_kind!(self, c => c.slug_claims())
            }

            fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
                each_kind!(self, c => c.validate(tenant))
            }

            /// Projects the content into `locale`, or `None` when it has no translation in that locale.
            pub fn project(&self, locale: &str) -> Option<Projection> {
                each_kind!(self, c => c.project(locale))
            }

            /// The items this content names, which must be the council's own.
            pub fn references(&self) -> Vec<Reference<'_>> {
                each_kind!(self, c => c.references())
            }

            /// The records its bodies and images link to, each with the field it is written in.
            pub fn links(&self) -> Vec<Link> {
                each_kind!(self, c => c.links())
            }

            fn kind_tags(&self) -> Vec<(&'static str, String)> {
                each_kind!(self, c => c.tags())
            }

            /// Where an item of this content lives on the site, given its parent's path for a page.
            /// `None` for kinds that have no page of their own (alerts, topics, menus).
            pub fn path(&self, slug: &str, parent_path: Option<&str>) -> Option<String> {
                each_kind!(self, c => c.path(slug, parent_path))
            }

            /// The title and text an item is found by in `locale`, for kinds that are searched.
            pub fn search_text(&self, locale: &str) -> Option<(String, String)> {
                each_kind!(self, c => c.search_text(locale))
            }
        }
    };
}

kinds! {
    Page(PageContent),
    Service(ServiceContent),
    News(NewsContent),
    Alert(AlertContent),
    Topic(TopicContent),
    Menu(MenuContent),
    Directory(DirectoryContent),
    DirectoryEntry(DirectoryEntryContent),
    Event(EventContent),
    Guide(GuideContent),
    StepByStep(StepByStepContent),
    Publication(PublicationContent),
}

/// What a kind of content is and does. The defaults suit a kind with no parent, no topics, no page of its own on
/// the site and no search entry.
pub trait Kind: Serialize + DeserializeOwned {
    /// Its name in the database and the APIs (`page`, `news`); also the scope of its slugs unless it says otherwise.
    const NAME: &'static str;
    /// The collection name in REST paths (`pages`, `news`).
    const COLLECTION: &'static str;
    /// What a user calls one of these.
    const LABEL: &'static str;
    /// Whether editors' and the public search find items of this kind (by [`Kind::search_text`]).
    const SEARCHED: bool = false;

    /// The English title (a menu's name), for editors' lists.
    fn title(&self) -> String;

    /// The locales it has a translation in.
    fn locales(&self) -> Vec<String>;

    /// The slugs it holds, each unique within its scope and locale.
    fn slug_claims(&self) -> Vec<SlugClaim>;

    /// Checks content an editor of `tenant`'s council sent, once it has the kind's shape.
    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError>;

    /// Projects it into `locale`, or `None` when it has no translation in that locale.
    fn project(&self, locale: &str) -> Option<Projection>;

    /// The page it sits under.
    fn parent_id(&self) -> Option<Uuid> {
        None
    }

    fn topics(&self) -> &[Uuid] {
        &[]
    }

    /// The items it names, which must be the council's own when it is saved: by default its topics.
    fn references(&self) -> Vec<Reference<'_>> {
        vec![Reference::topics(self.topics())]
    }

    /// The records it links to one by one (images, embeds), which must be the council's own when it is saved.
    fn links(&self) -> Vec<Link> {
        Vec::new()
    }

    /// Its indexed values besides its topics (a service's LGSL and LGIL codes).
    fn tags(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Where it lives on the site with `slug`, given its parent's path; `None` when it has no page of its own.
    fn path(&self, _slug: &str, _parent_path: Option<&str>) -> Option<String> {
        None
    }

    /// The title and text it is found by in `locale`, for a kind that is searched.
    fn search_text(&self, _locale: &str) -> Option<(String, String)> {
        None
    }
}

/// Translations keyed by locale (`en` required; `cy` where the council publishes in Welsh).
pub type Translations<T> = BTreeMap<String, T>;

/// Where a slug must be unique, and the slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugClaim {
    pub locale: String,
    pub scope: String,
    pub slug: String,
}

/// What a link in content points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget {
    /// An item of web content (an embedded service).
    Item(ContentKind),
    /// A file of the council's media library (an image, an embedded document).
    Media,
    /// A record of another feature, by the name it registered ([`crate::publishing::linked`]).
    Record(&'static str),
}

/// One link in content: the field it is written in (`translations.en.body[2].media_id`) and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub field: String,
    pub target: LinkTarget,
    pub id: Uuid,
}

/// The links of a body, at any depth (accordion sections hold bodies of their own).
pub fn body_links(path: &str, blocks: &[crate::content::blocks::Block], out: &mut Vec<Link>) {
    use crate::content::blocks::{Block, EmbedTarget};
    for (i, block) in blocks.iter().enumerate() {
        let at = format!("{path}[{i}]");
        match block {
            Block::Image { media_id, .. } => out.push(Link {
                field: format!("{at}.media_id"),
                target: LinkTarget::Media,
                id: *media_id,
            }),
            Block::Embed { target, id } => out.push(Link {
                field: format!("{at}.id"),
                target: match target {
                    EmbedTarget::Service => LinkTarget::Item(ContentKind::Service),
                    EmbedTarget::Document => LinkTarget::Media,
                    EmbedTarget::Meeting => LinkTarget::Record("meeting"),
                },
                id: *id,
            }),
            Block::Accordion { sections } => {
                for (j, section) in sections.iter().enumerate() {
                    body_links(&format!("{at}.sections[{j}].body"), &section.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Items of one kind that content names (in `field`); each must be an item of the council, not deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    pub field: &'static str,
    pub kind: ContentKind,
    pub ids: &'a [Uuid],
    /// What the editor is told when one of them does not exist.
    pub missing: &'static str,
}

impl<'a> Reference<'a> {
    /// The topics content is filed under.
    pub fn topics(ids: &'a [Uuid]) -> Self {
        Self {
            field: "topics",
            kind: ContentKind::Topic,
            ids,
            missing: "a topic does not exist",
        }
    }
}

/// One locale of an item, ready to be stored as a live row (or served as a preview).
#[derive(Debug, Clone)]
pub struct Projection {
    pub locale: String,
    pub title: String,
    pub slug: Option<String>,
    pub summary: Option<String>,
    /// The date lists sort by when the content has one (a news article's date).
    pub date: Option<DateTime<Utc>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// Where it is on the map, as WGS 84 latitude and longitude (a directory entry's venue).
    pub location: Option<(f64, f64)>,
    pub data: Value,
}

impl Projection {
    /// One locale of content without dates, `doc` being the kind's document.
    pub fn new(
        locale: &str,
        title: &str,
        slug: Option<&str>,
        summary: Option<&str>,
        doc: &impl Serialize,
    ) -> Self {
        Self {
            locale: locale.to_owned(),
            title: title.to_owned(),
            slug: slug.map(str::to_owned),
            summary: summary.map(str::to_owned),
            date: None,
            starts_at: None,
            ends_at: None,
            location: None,
            data: serde_json::to_value(doc).unwrap_or(Value::Null),
        }
    }
}

/// The locales of translated content.
pub fn locales_of<T>(translations: &Translations<T>) -> Vec<String> {
    translations.keys().cloned().collect()
}

/// The slugs of translated content, one a locale, all in `scope`.
pub fn claims_in<T>(
    translations: &Translations<T>,
    scope: &str,
    slug: impl Fn(&T) -> &String,
) -> Vec<SlugClaim> {
    translations
        .iter()
        .map(|(locale, text)| SlugClaim {
            locale: locale.clone(),
            scope: scope.to_owned(),
            slug: slug(text).clone(),
        })
        .collect()
}

/// The parts of a search text that are there, one a line.
pub fn search_lines(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_as<T: DeserializeOwned>(value: Value) -> Result<T, PublishingError> {
    serde_path_to_error::deserialize::<_, T>(&value).map_err(|err| {
        // Serde's path stops at a block of a body; name the field inside it instead.
        if let Some(refusal) = super::blocks::locate_refusal(&value, err.path()) {
            return PublishingError::invalid(refusal.path, refusal.message);
        }
        let path = err.path().to_string();
        let path = if path == "." { "body".to_owned() } else { path };
        PublishingError::invalid(path, err.into_inner().to_string())
    })
}

impl ContentKind {
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == value)
    }

    pub fn from_collection(value: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.collection() == value)
    }
}

impl ItemKind for ContentKind {
    fn as_str(self) -> &'static str {
        ContentKind::as_str(self)
    }

    fn label(self) -> &'static str {
        ContentKind::label(self)
    }
}

impl Content {
    /// Parses and validates content of `kind` sent by an editor of `tenant`'s council.
    pub fn parse(
        kind: ContentKind,
        value: Value,
        tenant: &Tenant,
    ) -> Result<Self, PublishingError> {
        let content = Self::from_value(kind, value)?;
        content.validate(tenant)?;
        Ok(content)
    }

    /// Content as stored in a revision (already validated when it was saved).
    pub fn from_stored(kind: ContentKind, text: &str) -> Result<Self, PublishingError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| PublishingError::Conflict(format!("stored revision unreadable: {e}")))?;
        Self::from_value(kind, value)
    }

    /// The indexed values of an item: its topics and what its kind adds.
    pub fn tags(&self) -> Vec<(&'static str, String)> {
        let mut tags: Vec<(&'static str, String)> = self
            .topics()
            .iter()
            .map(|t| ("topic", t.to_string()))
            .collect();
        tags.extend(self.kind_tags());
        tags.sort();
        tags.dedup();
        tags
    }
}

/// A collection in REST paths (`pages`, `services`, `news`, `alerts`, `topics`, `menus`), for the OpenAPI
/// document: a string enum made from [`ContentKind::ALL`], so the spec lists exactly the kinds there are.
pub struct Collection;

impl utoipa::PartialSchema for Collection {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(ContentKind::ALL.iter().map(|kind| kind.collection())))
            .into()
    }
}

impl ToSchema for Collection {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind's name is how the APIs write it, so it can be read back from either.
    #[test]
    fn names_match_the_serialised_kinds() {
        for kind in ContentKind::ALL.iter().copied() {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                Value::String(kind.as_str().to_owned())
            );
            assert_eq!(ContentKind::parse(kind.as_str()), Some(kind));
            assert_eq!(ContentKind::from_collection(kind.collection()), Some(kind));
        }
    }
}
