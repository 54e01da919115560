//! The one read path of the delivery API (GraphQL and REST). `Mode::Live` reads only the live projection, so a
//! draft, a deleted item or another council's content cannot appear; `Mode::Preview` (for callers allowed to
//! preview) builds the same documents from working copies.
mod alerts;
pub mod directory;
pub mod events;
mod list;
mod menu;
mod route;

pub use alerts::{alerts, service_status};
pub use list::{children_of, list};
pub use menu::{Menu, MenuLink, menu};
pub use route::{normalise_path, route};

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::{
    kinds::{Content, ContentKind},
    tables::{live, path_history, slug},
};
use crate::{
    publishing::{PublishingError, Status, model::item, store},
    tenancy::{Tenant, scoped},
};

/// Whether a read sees only what is published, or the working copies too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Live,
    Preview,
}

/// One item in one locale, as delivered.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub id: Uuid,
    pub kind: ContentKind,
    /// The locale of the text served.
    pub locale: String,
    /// The requested locale had no translation; this is the English text.
    pub is_fallback: bool,
    pub path: Option<String>,
    pub title: String,
    pub parent_id: Option<Uuid>,
    pub sort_at: DateTime<Utc>,
    /// When this version was published (`None` in preview for an unpublished draft).
    pub published_at: Option<DateTime<Utc>>,
    pub data: Value,
    /// The page of a guide (or publication) a path named, by its slug: `/guides/x/y` is guide `x` at page `y`.
    pub part: Option<String>,
}

impl Delivered {
    /// A live row as delivered in `requested` locale.
    /// A stored row that cannot be read is an error (logged, answered as a 500), never an empty document.
    pub fn from_live(row: live::Model, requested: &str) -> Result<Self, PublishingError> {
        Self::from_row(row, requested)
    }

    fn from_row(row: live::Model, requested: &str) -> Result<Self, PublishingError> {
        let data = serde_json::from_str(&row.data)
            .map_err(|e| PublishingError::unreadable("live document", row.item_id, e))?;
        Ok(Self {
            id: row.item_id,
            kind: ContentKind::parse(&row.kind).ok_or_else(|| {
                PublishingError::unreadable("live document's kind", row.item_id, &row.kind)
            })?,
            is_fallback: row.locale != requested,
            locale: row.locale,
            path: row.path,
            title: row.title,
            parent_id: row.parent_id,
            sort_at: row.sort_at,
            published_at: Some(row.published_at),
            data,
            part: None,
        })
    }

    /// The document in the kind's shape (`PageDoc`, `ServiceDoc`, ...).
    /// A stored document that does not read as its kind is an error (logged, answered as a 500).
    pub fn doc<T: serde::de::DeserializeOwned>(&self) -> Result<T, PublishingError> {
        serde_json::from_value(self.data.clone())
            .map_err(|e| PublishingError::unreadable("live document", self.id, e))
    }
}

/// What lives at a path.
#[derive(Debug, Clone)]
pub enum Route {
    Item(Delivered),
    /// The item moved (it lives at `to` now), or an editor redirected the path (no item: `to` may be another site).
    Redirect {
        to: String,
        item: Option<Uuid>,
    },
    /// Something lived here and was unpublished, archived or deleted.
    Gone,
    NotFound,
}

/// Filters of delivery lists.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// `Some(None)`: top-level pages only; `Some(Some(id))`: the children of a page.
    pub parent: Option<Option<Uuid>>,
    pub topic: Option<Uuid>,
    pub lgsl: Option<u32>,
    pub lgil: Option<u32>,
}

/// A page of a delivery list.
#[derive(Debug, Clone)]
pub struct DeliveredPage {
    pub items: Vec<Delivered>,
    pub total_count: u64,
    pub has_next: bool,
    /// The cursor of each item, in order.
    pub cursors: Vec<String>,
}

/// Picks the requested locale's row of each item, else its English one, keeping the order of `ids`.
fn prefer_locale(
    rows: Vec<live::Model>,
    ids: &[Uuid],
    locale: &str,
) -> Result<Vec<Delivered>, PublishingError> {
    let mut by_item: HashMap<Uuid, live::Model> = HashMap::new();
    for row in rows {
        let keep = match by_item.get(&row.item_id) {
            Some(existing) => existing.locale != locale && row.locale == locale,
            None => row.locale == locale || row.locale == "en",
        };
        if keep {
            by_item.insert(row.item_id, row);
        }
    }
    ids.iter()
        .filter_map(|id| by_item.remove(id))
        .map(|row| Delivered::from_row(row, locale))
        .collect()
}

fn locales(locale: &str) -> Vec<String> {
    if locale == "en" {
        vec!["en".into()]
    } else {
        vec![locale.to_owned(), "en".into()]
    }
}

/// One published language version of an item, for `hreflang` links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
pub struct Alternate {
    /// `en` or `cy`.
    pub locale: String,
    /// The item's path in that language, e.g. `/biniau`.
    pub path: Option<String>,
    /// The address on the council's website (null until the council sets its `website_url`).
    pub url: Option<String>,
}

/// Every published language version of each item (the version asked for included), in locales the council
/// publishes in, English first.
pub async fn alternates(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Alternate>>, PublishingError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String, Option<String>)> = scoped::<live::Entity>(tenant)
        .select_only()
        .column(live::Column::ItemId)
        .column(live::Column::Locale)
        .column(live::Column::Path)
        .filter(live::Column::ItemId.is_in(ids.iter().copied()))
        .filter(live::Column::Locale.is_in(tenant.locales().iter().cloned()))
        .order_by_asc(live::Column::ItemId)
        .order_by_asc(live::Column::Locale)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<Alternate>> = HashMap::new();
    for (id, locale, path) in rows {
        let url = path.as_deref().and_then(|p| tenant.page_url(p));
        out.entry(id)
            .or_default()
            .push(Alternate { locale, path, url });
    }
    for list in out.values_mut() {
        list.sort_by_key(|a| (a.locale != "en", a.locale.clone()));
    }
    Ok(out)
}

/// Items by id in `locale` (falling back to English), in the order asked; missing ones are left out.
pub async fn by_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    ids: &[Uuid],
) -> Result<Vec<Delivered>, PublishingError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match mode {
        Mode::Live => {
            let rows = scoped::<live::Entity>(tenant)
                .filter(live::Column::ItemId.is_in(ids.iter().copied()))
                .filter(live::Column::Locale.is_in(locales(locale)))
                .all(db)
                .await?;
            prefer_locale(rows, ids, locale)
        }
        Mode::Preview => {
            let items = scoped::<item::Entity>(tenant)
                .filter(item::Column::Id.is_in(ids.iter().copied()))
                .filter(item::Column::DeletedAt.is_null())
                .filter(item::Column::Status.ne(Status::Archived.as_str()))
                .all(db)
                .await?;
            let mut found = preview_docs(tenant, db, &items, locale).await?;
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        }
    }
}

/// Working copies projected into `locale`, with the paths their slugs make.
async fn preview_docs(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    items: &[item::Model],
    locale: &str,
) -> Result<HashMap<Uuid, Delivered>, PublishingError> {
    let revisions = store::latest_revisions(tenant, db, items).await?;
    let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    let slugs = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.is_in(ids))
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for item in items {
        let Some(kind) = ContentKind::parse(&item.kind) else {
            continue;
        };
        let Some(rev) = revisions.iter().find(|r| r.item_id == item.id) else {
            continue;
        };
        let content = Content::from_stored(kind, &rev.content)?;
        let (projection, is_fallback) = match content.project(locale) {
            Some(p) => (p, false),
            None => match content.project("en") {
                Some(p) => (p, locale != "en"),
                None => continue,
            },
        };
        let path = slugs
            .iter()
            .find(|s| s.item_id == item.id && s.locale == projection.locale)
            .and_then(|s| s.path.clone());
        out.insert(
            item.id,
            Delivered {
                id: item.id,
                kind,
                locale: projection.locale.clone(),
                is_fallback,
                path,
                title: projection.title,
                parent_id: content.parent_id(),
                sort_at: projection
                    .date
                    .or(item.first_published_at)
                    .unwrap_or(item.created_at),
                published_at: item.last_published_at,
                data: projection.data,
                part: None,
            },
        );
    }
    Ok(out)
}

/// The item of `kind` whose slug is `slug` in `locale` (or in English).
pub async fn by_slug(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    kind: ContentKind,
    locale: &str,
    slug_value: &str,
) -> Result<Option<Delivered>, PublishingError> {
    let id = match mode {
        Mode::Live => scoped::<live::Entity>(tenant)
            .filter(live::Column::Kind.eq(kind.as_str()))
            .filter(live::Column::Slug.eq(slug_value))
            .filter(live::Column::Locale.is_in(locales(locale)))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.item_id)
            .next(),
        Mode::Preview => {
            let scope = match kind {
                ContentKind::Page => return Ok(None),
                other => other.as_str(),
            };
            scoped::<slug::Entity>(tenant)
                .filter(slug::Column::Scope.eq(scope))
                .filter(slug::Column::Slug.eq(slug_value))
                .filter(slug::Column::Locale.is_in(locales(locale)))
                .all(db)
                .await?
                .into_iter()
                .map(|r| r.item_id)
                .next()
        }
    };
    match id {
        Some(id) => Ok(by_ids(tenant, db, mode, locale, &[id]).await?.pop()),
        None => Ok(None),
    }
}
/// Published items with no translation in `locale`, for the translation report.
pub async fn missing_translations(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
) -> Result<Vec<live::Model>, PublishingError> {
    let translated = Query::select()
        .column(live::Column::ItemId)
        .from(live::Entity)
        .and_where(live::Column::CouncilId.eq(tenant.id()))
        .and_where(live::Column::Locale.eq(locale))
        .to_owned();
    Ok(scoped::<live::Entity>(tenant)
        .filter(live::Column::Locale.eq("en"))
        .filter(live::Column::ItemId.not_in_subquery(translated))
        .order_by_asc(live::Column::Kind)
        .order_by_asc(live::Column::ItemId)
        .limit(10_000)
        .all(db)
        .await?)
}

/// For the change feed: the English live path of each item that is live (`None` for an item live without a
/// path), and the English path each item last had.
pub async fn english_paths(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<(HashMap<Uuid, Option<String>>, HashMap<Uuid, String>), PublishingError> {
    let live_paths = scoped::<live::Entity>(tenant)
        .filter(live::Column::ItemId.is_in(ids.clone()))
        .filter(live::Column::Locale.eq("en"))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.item_id, r.path))
        .collect();
    let mut old_paths = HashMap::new();
    for row in scoped::<path_history::Entity>(tenant)
        .filter(path_history::Column::ItemId.is_in(ids))
        .filter(path_history::Column::Locale.eq("en"))
        .all(db)
        .await?
    {
        old_paths.insert(row.item_id, row.path);
    }
    Ok((live_paths, old_paths))
}

/// The published items of `kinds` that `text` finds (at most `limit` for each locale), in `locale` and in English,
/// so that an item shown in English as a fallback is found by its English words.
pub async fn search_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    locale: &str,
    text: &str,
    kinds: &[ContentKind],
    limit: u64,
) -> Result<Vec<Uuid>, PublishingError> {
    let mut ids = Vec::new();
    let locales: &[&str] = if locale == "en" {
        &["en"]
    } else {
        &[locale, "en"]
    };
    for l in locales {
        let query = crate::search::SearchQuery {
            text: text.to_owned(),
            locale: (*l).to_owned(),
            kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            drafts: false,
        };
        let found = crate::search::search(tenant, db, &query, limit, 0).await?;
        ids.extend(found.hits.into_iter().map(|h| h.id));
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}
