//! The content of each kind as editors send it (validated on write) and as one locale of it is published.
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    blocks::{Block, locate_refusal, validate_body},
    validate::{check_locales, check_opt_text, check_range, check_slug, check_text, check_url},
};
use crate::{content::kinds::ContentKind, publishing::PublishingError, tenancy::Tenant};

/// Translations keyed by locale (`en` required; `cy` where the council publishes in Welsh).
pub type Translations<T> = BTreeMap<String, T>;

/// A page of the council's website: one node of the page tree.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"parent_id": null, "topics": [], "translations": {"en": {"title": "Bins and recycling", "slug": "bins-and-recycling", "summary": "Collection days, missed bins and recycling centres.", "body": [{"type": "heading", "level": 2, "text": "Collection days"}, {"type": "paragraph", "content": [{"text": "Find your "}, {"text": "collection day", "link": "/bins-and-recycling/collection-days"}]}]}}}))]
pub struct PageContent {
    /// The parent page; none for a page at the top of the site.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    #[serde(default)]
    pub topics: Vec<Uuid>,
    pub translations: Translations<PageText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageText {
    pub title: String,
    /// One path segment: lowercase letters, digits and hyphens.
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default)]
    pub seo_title: Option<String>,
    #[serde(default)]
    pub seo_description: Option<String>,
}

/// A council service, classified by the national Local Government Service List.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lgsl": [524], "lgil": [8], "status": "normal", "contact": {"phone": "01234 567890", "opening_hours": "Monday to Friday, 9am to 5pm"}, "translations": {"en": {"title": "Report a missed bin", "slug": "report-a-missed-bin", "summary": "Tell us if we missed your bin collection.", "top_tasks": [{"label": "Report a missed bin", "url": "https://forms.example.gov.uk/missed-bin", "kind": "action"}]}}}))]
pub struct ServiceContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// LGSL service codes.
    #[serde(default)]
    pub lgsl: Vec<u32>,
    /// LGIL interaction codes.
    #[serde(default)]
    pub lgil: Vec<u32>,
    #[serde(default)]
    pub status: ServiceState,
    #[serde(default)]
    pub contact: Option<ServiceContact>,
    #[serde(default)]
    pub related_services: Vec<Uuid>,
    pub translations: Translations<ServiceText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default)]
    pub eligibility: Option<String>,
    #[serde(default)]
    pub top_tasks: Vec<TopTask>,
    /// What residents should know while the service is `limited` or `revised` (required then).
    #[serde(default)]
    pub status_message: Option<String>,
    #[serde(default)]
    pub seo_title: Option<String>,
    #[serde(default)]
    pub seo_description: Option<String>,
}

/// Whether a service runs as usual.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    #[default]
    Normal,
    Limited,
    Revised,
}

/// One of the things residents most often come to a service to do.
#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
pub struct TopTask {
    pub label: String,
    pub url: String,
    pub kind: TaskKind,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Action,
    Information,
}

/// How to reach the people who run a service.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
#[graphql(name = "ServiceContact")]
pub struct ServiceContact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub textphone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub opening_hours: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// A news article.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-11-20T09:00:00Z", "translations": {"en": {"title": "New recycling centre opens", "slug": "new-recycling-centre-opens", "summary": "The centre on Mill Lane opens on Monday."}}}))]
pub struct NewsContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    #[serde(default)]
    pub image: Option<NewsImage>,
    /// The date shown on the article; by default the time it was first published.
    #[serde(default)]
    pub date: Option<DateTime<Utc>>,
    pub translations: Translations<NewsText>,
}

#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
pub struct NewsImage {
    pub media_id: Uuid,
    /// Required unless the image is decorative.
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub decorative: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewsText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
}

/// A banner shown across the site or on chosen paths for a time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "emergency", "everywhere": true, "starts_at": "2026-11-22T06:00:00Z", "ends_at": "2026-11-23T18:00:00Z", "link": "/roads-and-travel/flooding", "translations": {"en": {"title": "Flooding", "message": "Several roads are closed because of flooding."}}}))]
pub struct AlertContent {
    pub kind: AlertKind,
    #[serde(default)]
    pub link: Option<String>,
    /// Shown on every page; otherwise only on `paths` (and the pages below them).
    #[serde(default = "yes")]
    pub everywhere: bool,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    pub translations: Translations<AlertText>,
}

fn yes() -> bool {
    true
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Announcement,
    Minor,
    Emergency,
    NotableDeath,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertText {
    pub title: String,
    pub message: String,
}

/// A topic of the council's taxonomy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"translations": {"en": {"name": "Waste and recycling", "slug": "waste-and-recycling"}, "cy": {"name": "Gwastraff ac ailgylchu", "slug": "gwastraff-ac-ailgylchu"}}}))]
pub struct TopicContent {
    pub translations: Translations<TopicText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TopicText {
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A navigation menu: ordered, nested links to pages, services or URLs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "main", "items": [{"labels": {"en": "Bins and recycling", "cy": "Biniau ac ailgylchu"}, "page_id": "01934b7e-1f00-7000-8000-000000000001", "children": []}, {"labels": {"en": "Contact us"}, "url": "https://www.example.gov.uk/contact"}]}))]
pub struct MenuContent {
    /// The menu's name, used by front-ends to ask for it (`main`, `footer`).
    pub name: String,
    #[serde(default)]
    pub items: Vec<MenuItem>,
}

/// One link: exactly one of `page_id`, `service_id` or `url`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub labels: Translations<String>,
    #[serde(default)]
    pub page_id: Option<Uuid>,
    #[serde(default)]
    pub service_id: Option<Uuid>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    #[schema(no_recursion)]
    pub children: Vec<MenuItem>,
}

/// A content item of any kind, validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Page(PageContent),
    Service(ServiceContent),
    News(NewsContent),
    Alert(AlertContent),
    Topic(TopicContent),
    Menu(MenuContent),
}

/// The body of a create or update: the content of the item's kind (see each kind's schema).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ContentBody {
    Page(PageContent),
    Service(ServiceContent),
    News(NewsContent),
    Alert(AlertContent),
    Topic(TopicContent),
    Menu(MenuContent),
}

/// Where a slug must be unique, and the slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugClaim {
    pub locale: String,
    pub scope: String,
    pub slug: String,
}

/// Path segments kept for the site's own sections, so no top-level page can hide them.
pub const RESERVED_ROOT_SLUGS: [&str; 2] = ["services", "news"];

fn parse_as<T: DeserializeOwned>(value: Value) -> Result<T, PublishingError> {
    serde_path_to_error::deserialize::<_, T>(&value).map_err(|err| {
        // Serde's path stops at a block of a body; name the field inside it instead.
        if let Some(refusal) = locate_refusal(&value, err.path()) {
            return PublishingError::invalid(refusal.path, refusal.message);
        }
        let path = err.path().to_string();
        let path = if path == "." { "body".to_owned() } else { path };
        PublishingError::invalid(path, err.into_inner().to_string())
    })
}

impl Content {
    /// Parses and validates content of `kind` sent by an editor of `tenant`'s council.
    pub fn parse(
        kind: ContentKind,
        value: Value,
        tenant: &Tenant,
    ) -> Result<Self, PublishingError> {
        let content = match kind {
            ContentKind::Page => Self::Page(parse_as(value)?),
            ContentKind::Service => Self::Service(parse_as(value)?),
            ContentKind::News => Self::News(parse_as(value)?),
            ContentKind::Alert => Self::Alert(parse_as(value)?),
            ContentKind::Topic => Self::Topic(parse_as(value)?),
            ContentKind::Menu => Self::Menu(parse_as(value)?),
        };
        content.validated(tenant)
    }

    /// Content as stored in a revision (already validated when it was saved).
    pub fn from_stored(kind: ContentKind, text: &str) -> Result<Self, PublishingError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| PublishingError::Conflict(format!("stored revision unreadable: {e}")))?;
        Ok(match kind {
            ContentKind::Page => Self::Page(parse_as(value)?),
            ContentKind::Service => Self::Service(parse_as(value)?),
            ContentKind::News => Self::News(parse_as(value)?),
            ContentKind::Alert => Self::Alert(parse_as(value)?),
            ContentKind::Topic => Self::Topic(parse_as(value)?),
            ContentKind::Menu => Self::Menu(parse_as(value)?),
        })
    }

    pub fn kind(&self) -> ContentKind {
        match self {
            Self::Page(_) => ContentKind::Page,
            Self::Service(_) => ContentKind::Service,
            Self::News(_) => ContentKind::News,
            Self::Alert(_) => ContentKind::Alert,
            Self::Topic(_) => ContentKind::Topic,
            Self::Menu(_) => ContentKind::Menu,
        }
    }

    pub fn to_json(&self) -> Value {
        let value = match self {
            Self::Page(c) => serde_json::to_value(c),
            Self::Service(c) => serde_json::to_value(c),
            Self::News(c) => serde_json::to_value(c),
            Self::Alert(c) => serde_json::to_value(c),
            Self::Topic(c) => serde_json::to_value(c),
            Self::Menu(c) => serde_json::to_value(c),
        };
        value.unwrap_or(Value::Null)
    }

    /// The English title (a menu's name), for editors' lists.
    pub fn title(&self) -> String {
        let en = |t: Option<&String>| t.cloned().unwrap_or_default();
        match self {
            Self::Page(c) => en(c.translations.get("en").map(|t| &t.title)),
            Self::Service(c) => en(c.translations.get("en").map(|t| &t.title)),
            Self::News(c) => en(c.translations.get("en").map(|t| &t.title)),
            Self::Alert(c) => en(c.translations.get("en").map(|t| &t.title)),
            Self::Topic(c) => en(c.translations.get("en").map(|t| &t.name)),
            Self::Menu(c) => c.name.clone(),
        }
    }

    pub fn parent_id(&self) -> Option<Uuid> {
        match self {
            Self::Page(c) => c.parent_id,
            _ => None,
        }
    }

    pub fn topics(&self) -> &[Uuid] {
        match self {
            Self::Page(c) => &c.topics,
            Self::Service(c) => &c.topics,
            Self::News(c) => &c.topics,
            _ => &[],
        }
    }

    /// The locales this content has a translation in.
    pub fn locales(&self) -> Vec<String> {
        fn keys<T>(t: &Translations<T>) -> Vec<String> {
            t.keys().cloned().collect()
        }
        match self {
            Self::Page(c) => keys(&c.translations),
            Self::Service(c) => keys(&c.translations),
            Self::News(c) => keys(&c.translations),
            Self::Alert(c) => keys(&c.translations),
            Self::Topic(c) => keys(&c.translations),
            Self::Menu(_) => vec!["en".to_owned()],
        }
    }

    /// The slugs this content holds, each unique within its scope and locale.
    pub fn slug_claims(&self) -> Vec<SlugClaim> {
        fn claims<T>(
            t: &Translations<T>,
            scope: &str,
            slug: impl Fn(&T) -> &String,
        ) -> Vec<SlugClaim> {
            t.iter()
                .map(|(locale, text)| SlugClaim {
                    locale: locale.clone(),
                    scope: scope.to_owned(),
                    slug: slug(text).clone(),
                })
                .collect()
        }
        match self {
            Self::Page(c) => {
                let scope = match c.parent_id {
                    Some(parent) => format!("page:{parent}"),
                    None => "page:root".to_owned(),
                };
                claims(&c.translations, &scope, |t| &t.slug)
            }
            Self::Service(c) => claims(&c.translations, "service", |t| &t.slug),
            Self::News(c) => claims(&c.translations, "news", |t| &t.slug),
            Self::Topic(c) => claims(&c.translations, "topic", |t| &t.slug),
            Self::Menu(c) => vec![SlugClaim {
                locale: "en".into(),
                scope: "menu".into(),
                slug: c.name.clone(),
            }],
            Self::Alert(_) => Vec::new(),
        }
    }

    fn validated(self, tenant: &Tenant) -> Result<Self, PublishingError> {
        match &self {
            Self::Page(c) => {
                check_locales("translations", &c.translations, tenant)?;
                for (locale, t) in &c.translations {
                    let at = format!("translations.{locale}");
                    check_text(&format!("{at}.title"), &t.title, 300)?;
                    check_slug(&format!("{at}.slug"), &t.slug)?;
                    if c.parent_id.is_none() && RESERVED_ROOT_SLUGS.contains(&t.slug.as_str()) {
                        return Err(PublishingError::invalid(
                            format!("{at}.slug"),
                            "this slug is kept for the site's own section; choose another",
                        ));
                    }
                    check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
                    check_opt_text(&format!("{at}.seo_title"), &t.seo_title, 200)?;
                    check_opt_text(&format!("{at}.seo_description"), &t.seo_description, 400)?;
                    body(&format!("{at}.body"), &t.body)?;
                }
            }
            Self::Service(c) => {
                check_locales("translations", &c.translations, tenant)?;
                for (i, code) in c.lgsl.iter().enumerate() {
                    check_range(&format!("lgsl[{i}]"), *code, 1, 99_999)?;
                }
                for (i, code) in c.lgil.iter().enumerate() {
                    check_range(&format!("lgil[{i}]"), *code, 0, 99)?;
                }
                if let Some(contact) = &c.contact {
                    check_opt_text("contact.phone", &contact.phone, 50)?;
                    check_opt_text("contact.textphone", &contact.textphone, 50)?;
                    check_opt_text("contact.email", &contact.email, 200)?;
                    if contact.email.as_deref().is_some_and(|e| !e.contains('@')) {
                        return Err(PublishingError::invalid(
                            "contact.email",
                            "give an email address",
                        ));
                    }
                    check_opt_text("contact.opening_hours", &contact.opening_hours, 1000)?;
                    check_opt_text("contact.address", &contact.address, 1000)?;
                }
                for (locale, t) in &c.translations {
                    let at = format!("translations.{locale}");
                    check_text(&format!("{at}.title"), &t.title, 300)?;
                    check_slug(&format!("{at}.slug"), &t.slug)?;
                    check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
                    check_opt_text(&format!("{at}.eligibility"), &t.eligibility, 5000)?;
                    check_opt_text(&format!("{at}.status_message"), &t.status_message, 1000)?;
                    if c.status != ServiceState::Normal && t.status_message.is_none() {
                        return Err(PublishingError::invalid(
                            format!("{at}.status_message"),
                            "say what residents should know while the service is limited or revised",
                        ));
                    }
                    check_opt_text(&format!("{at}.seo_title"), &t.seo_title, 200)?;
                    check_opt_text(&format!("{at}.seo_description"), &t.seo_description, 400)?;
                    for (i, task) in t.top_tasks.iter().enumerate() {
                        check_text(&format!("{at}.top_tasks[{i}].label"), &task.label, 200)?;
                        check_url(&format!("{at}.top_tasks[{i}].url"), &task.url)?;
                    }
                    body(&format!("{at}.body"), &t.body)?;
                }
            }
            Self::News(c) => {
                check_locales("translations", &c.translations, tenant)?;
                if let Some(image) = &c.image
                    && !image.decorative
                    && image.alt.as_deref().is_none_or(|a| a.trim().is_empty())
                {
                    return Err(PublishingError::invalid(
                        "image.alt",
                        "alt text is required unless the image is marked decorative",
                    ));
                }
                for (locale, t) in &c.translations {
                    let at = format!("translations.{locale}");
                    check_text(&format!("{at}.title"), &t.title, 300)?;
                    check_slug(&format!("{at}.slug"), &t.slug)?;
                    check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
                    body(&format!("{at}.body"), &t.body)?;
                }
            }
            Self::Alert(c) => {
                check_locales("translations", &c.translations, tenant)?;
                if let Some(link) = &c.link {
                    check_url("link", link)?;
                }
                if !c.everywhere && c.paths.is_empty() {
                    return Err(PublishingError::invalid(
                        "paths",
                        "give the paths the alert shows on, or set everywhere",
                    ));
                }
                for (i, path) in c.paths.iter().enumerate() {
                    if !path.starts_with('/') || path.len() > 1000 {
                        return Err(PublishingError::invalid(
                            format!("paths[{i}]"),
                            "a path starts with /",
                        ));
                    }
                }
                if let (Some(start), Some(end)) = (c.starts_at, c.ends_at)
                    && end <= start
                {
                    return Err(PublishingError::invalid(
                        "ends_at",
                        "must be after starts_at",
                    ));
                }
                for (locale, t) in &c.translations {
                    let at = format!("translations.{locale}");
                    check_text(&format!("{at}.title"), &t.title, 300)?;
                    check_text(&format!("{at}.message"), &t.message, 2000)?;
                }
            }
            Self::Topic(c) => {
                check_locales("translations", &c.translations, tenant)?;
                for (locale, t) in &c.translations {
                    let at = format!("translations.{locale}");
                    check_text(&format!("{at}.name"), &t.name, 200)?;
                    check_slug(&format!("{at}.slug"), &t.slug)?;
                    check_opt_text(&format!("{at}.description"), &t.description, 1000)?;
                }
            }
            Self::Menu(c) => {
                check_slug("name", &c.name)?;
                menu_items("items", &c.items, tenant, 1)?;
            }
        }
        Ok(self)
    }
}

fn body(path: &str, blocks: &[Block]) -> Result<(), PublishingError> {
    validate_body(path, blocks).map_err(|e| PublishingError::invalid(e.path, e.message))
}

fn menu_items(
    path: &str,
    items: &[MenuItem],
    tenant: &Tenant,
    depth: usize,
) -> Result<(), PublishingError> {
    if depth > 3 {
        return Err(PublishingError::invalid(
            path,
            "menus nest at most three levels",
        ));
    }
    if items.len() > 100 {
        return Err(PublishingError::invalid(path, "at most 100 links a level"));
    }
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        check_locales(&format!("{at}.labels"), &item.labels, tenant)?;
        for (locale, label) in &item.labels {
            check_text(&format!("{at}.labels.{locale}"), label, 200)?;
        }
        let targets = [
            item.page_id.is_some(),
            item.service_id.is_some(),
            item.url.is_some(),
        ];
        if targets.iter().filter(|t| **t).count() != 1 {
            return Err(PublishingError::invalid(
                at,
                "give exactly one of page_id, service_id or url",
            ));
        }
        if let Some(url) = &item.url {
            check_url(&format!("{at}.url"), url)?;
        }
        menu_items(&format!("{at}.children"), &item.children, tenant, depth + 1)?;
    }
    Ok(())
}
