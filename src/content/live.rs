//! One locale of an item as the delivery API serves it: the documents stored in the live projection (and made in
//! memory from the working copy for preview), and where each kind lives on the site.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    blocks::{Block, blocks_text},
    model::{
        AlertKind, Content, MenuItem, NewsImage, ServiceContact, ServiceState, TopTask,
        Translations,
    },
};

/// A published page in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PageDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub parent_id: Option<Uuid>,
    pub topics: Vec<Uuid>,
}

/// A published service in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ServiceDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub eligibility: Option<String>,
    pub top_tasks: Vec<TopTask>,
    pub status: ServiceState,
    pub status_message: Option<String>,
    pub contact: Option<ServiceContact>,
    pub lgsl: Vec<u32>,
    pub lgil: Vec<u32>,
    pub related_services: Vec<Uuid>,
    pub topics: Vec<Uuid>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// A published news article in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NewsDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub image: Option<NewsImage>,
    pub date: Option<DateTime<Utc>>,
    pub topics: Vec<Uuid>,
}

/// A published alert banner in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AlertDoc {
    pub kind: AlertKind,
    pub title: String,
    pub message: String,
    pub link: Option<String>,
    pub everywhere: bool,
    pub paths: Vec<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

/// A published topic in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TopicDoc {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
}

/// A published menu (labels in every locale; the reader picks one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MenuDoc {
    pub name: String,
    pub items: Vec<MenuItem>,
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
    pub data: Value,
}

fn pick<'a, T>(translations: &'a Translations<T>, locale: &str) -> Option<&'a T> {
    translations.get(locale)
}

/// Projects `content` into `locale`, or `None` when it has no translation in that locale.
pub fn project(content: &Content, locale: &str) -> Option<Projection> {
    let to = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    Some(match content {
        Content::Page(c) => {
            let t = pick(&c.translations, locale)?;
            let doc = PageDoc {
                title: t.title.clone(),
                slug: t.slug.clone(),
                summary: t.summary.clone(),
                body: t.body.clone(),
                seo_title: t.seo_title.clone(),
                seo_description: t.seo_description.clone(),
                parent_id: c.parent_id,
                topics: c.topics.clone(),
            };
            Projection {
                locale: locale.to_owned(),
                title: t.title.clone(),
                slug: Some(t.slug.clone()),
                summary: t.summary.clone(),
                date: None,
                starts_at: None,
                ends_at: None,
                data: to(serde_json::to_value(doc)),
            }
        }
        Content::Service(c) => {
            let t = pick(&c.translations, locale)?;
            let doc = ServiceDoc {
                title: t.title.clone(),
                slug: t.slug.clone(),
                summary: t.summary.clone(),
                body: t.body.clone(),
                eligibility: t.eligibility.clone(),
                top_tasks: t.top_tasks.clone(),
                status: c.status,
                status_message: t.status_message.clone(),
                contact: c.contact.clone(),
                lgsl: c.lgsl.clone(),
                lgil: c.lgil.clone(),
                related_services: c.related_services.clone(),
                topics: c.topics.clone(),
                seo_title: t.seo_title.clone(),
                seo_description: t.seo_description.clone(),
            };
            Projection {
                locale: locale.to_owned(),
                title: t.title.clone(),
                slug: Some(t.slug.clone()),
                summary: t.summary.clone(),
                date: None,
                starts_at: None,
                ends_at: None,
                data: to(serde_json::to_value(doc)),
            }
        }
        Content::News(c) => {
            let t = pick(&c.translations, locale)?;
            let doc = NewsDoc {
                title: t.title.clone(),
                slug: t.slug.clone(),
                summary: t.summary.clone(),
                body: t.body.clone(),
                image: c.image.clone(),
                date: c.date,
                topics: c.topics.clone(),
            };
            Projection {
                locale: locale.to_owned(),
                title: t.title.clone(),
                slug: Some(t.slug.clone()),
                summary: t.summary.clone(),
                date: c.date,
                starts_at: None,
                ends_at: None,
                data: to(serde_json::to_value(doc)),
            }
        }
        Content::Alert(c) => {
            let t = pick(&c.translations, locale)?;
            let doc = AlertDoc {
                kind: c.kind,
                title: t.title.clone(),
                message: t.message.clone(),
                link: c.link.clone(),
                everywhere: c.everywhere,
                paths: c.paths.clone(),
                starts_at: c.starts_at,
                ends_at: c.ends_at,
            };
            Projection {
                locale: locale.to_owned(),
                title: t.title.clone(),
                slug: None,
                summary: Some(t.message.clone()),
                date: None,
                starts_at: c.starts_at,
                ends_at: c.ends_at,
                data: to(serde_json::to_value(doc)),
            }
        }
        Content::Topic(c) => {
            let t = pick(&c.translations, locale)?;
            let doc = TopicDoc {
                name: t.name.clone(),
                slug: t.slug.clone(),
                description: t.description.clone(),
            };
            Projection {
                locale: locale.to_owned(),
                title: t.name.clone(),
                slug: Some(t.slug.clone()),
                summary: t.description.clone(),
                date: None,
                starts_at: None,
                ends_at: None,
                data: to(serde_json::to_value(doc)),
            }
        }
        Content::Menu(c) => {
            if locale != "en" {
                return None;
            }
            let doc = MenuDoc {
                name: c.name.clone(),
                items: c.items.clone(),
            };
            Projection {
                locale: locale.to_owned(),
                title: c.name.clone(),
                slug: Some(c.name.clone()),
                summary: None,
                date: None,
                starts_at: None,
                ends_at: None,
                data: to(serde_json::to_value(doc)),
            }
        }
    })
}

/// The indexed values of an item: its topics and, for a service, its LGSL and LGIL codes.
pub fn tags(content: &Content) -> Vec<(&'static str, String)> {
    let mut tags: Vec<(&'static str, String)> = content
        .topics()
        .iter()
        .map(|t| ("topic", t.to_string()))
        .collect();
    if let Content::Service(c) = content {
        tags.extend(c.lgsl.iter().map(|code| ("lgsl", code.to_string())));
        tags.extend(c.lgil.iter().map(|code| ("lgil", code.to_string())));
    }
    tags.sort();
    tags.dedup();
    tags
}

/// Where an item of this content lives on the site, given its parent's path for a page.
/// `None` for kinds that have no page of their own (alerts, topics, menus).
pub fn path_of(content: &Content, slug: &str, parent_path: Option<&str>) -> Option<String> {
    match content {
        Content::Page(_) => Some(match parent_path {
            Some(parent) => format!("{}/{slug}", parent.trim_end_matches('/')),
            None => format!("/{slug}"),
        }),
        Content::Service(_) => Some(format!("/services/{slug}")),
        Content::News(_) => Some(format!("/news/{slug}")),
        _ => None,
    }
}

/// The title and text an item is found by in `locale`, for kinds that are searched (pages, services, news).
pub fn search_text(content: &Content, locale: &str) -> Option<(String, String)> {
    let join =
        |parts: Vec<Option<&str>>| parts.into_iter().flatten().collect::<Vec<_>>().join("\n");
    match content {
        Content::Page(c) => {
            let t = c.translations.get(locale)?;
            let body = blocks_text(&t.body);
            Some((
                t.title.clone(),
                join(vec![t.summary.as_deref(), Some(&body)]),
            ))
        }
        Content::Service(c) => {
            let t = c.translations.get(locale)?;
            let body = blocks_text(&t.body);
            let tasks: Vec<&str> = t.top_tasks.iter().map(|task| task.label.as_str()).collect();
            let tasks = tasks.join("\n");
            Some((
                t.title.clone(),
                join(vec![
                    t.summary.as_deref(),
                    Some(&tasks),
                    t.eligibility.as_deref(),
                    Some(&body),
                ]),
            ))
        }
        Content::News(c) => {
            let t = c.translations.get(locale)?;
            let body = blocks_text(&t.body);
            Some((
                t.title.clone(),
                join(vec![t.summary.as_deref(), Some(&body)]),
            ))
        }
        _ => None,
    }
}
