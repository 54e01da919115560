//! The one read path of the delivery API (GraphQL and REST). `Mode::Live` reads only the live projection, so a
//! draft, a deleted item or another council's content cannot appear; `Mode::Preview` (for callers allowed to
//! preview) builds the same documents from working copies.
use std::collections::HashMap;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{ExprTrait, Query},
};
use serde_json::Value;
use uuid::Uuid;

use super::{
    kinds::ContentKind,
    live::project,
    model::{Content, MenuItem},
    tables::{live, live_tag, path_history, slug},
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
}

impl Delivered {
    /// A live row as delivered in `requested` locale.
    pub fn from_live(row: live::Model, requested: &str) -> Self {
        Self::from_row(row, requested)
    }

    fn from_row(row: live::Model, requested: &str) -> Self {
        Self {
            id: row.item_id,
            kind: ContentKind::parse(&row.kind).unwrap_or(ContentKind::Page),
            is_fallback: row.locale != requested,
            locale: row.locale,
            path: row.path,
            title: row.title,
            parent_id: row.parent_id,
            sort_at: row.sort_at,
            published_at: Some(row.published_at),
            data: serde_json::from_str(&row.data).unwrap_or(Value::Null),
        }
    }

    /// The document in the kind's shape (`PageDoc`, `ServiceDoc`, ...).
    pub fn doc<T: serde::de::DeserializeOwned>(&self) -> Result<T, PublishingError> {
        serde_json::from_value(self.data.clone())
            .map_err(|e| PublishingError::Conflict(format!("stored document unreadable: {e}")))
    }
}

/// What lives at a path.
#[derive(Debug, Clone)]
pub enum Route {
    Item(Delivered),
    /// The item moved; it lives at `to` now.
    Redirect {
        to: String,
        item: Uuid,
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
fn prefer_locale(rows: Vec<live::Model>, ids: &[Uuid], locale: &str) -> Vec<Delivered> {
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
            Ok(prefer_locale(rows, ids, locale))
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
        let (projection, is_fallback) = match project(&content, locale) {
            Some(p) => (p, false),
            None => match project(&content, "en") {
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
            },
        );
    }
    Ok(out)
}

/// What lives at `path` in `locale`.
pub async fn route(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: &str,
) -> Result<Route, PublishingError> {
    let path = normalise_path(path);
    if mode == Mode::Preview {
        let claims = scoped::<slug::Entity>(tenant)
            .filter(slug::Column::Path.eq(&path))
            .filter(slug::Column::Locale.is_in(locales(locale)))
            .all(db)
            .await?;
        let claim = claims
            .iter()
            .find(|c| c.locale == locale)
            .or_else(|| claims.first());
        if let Some(claim) = claim
            && let Some(found) = by_ids(tenant, db, mode, locale, &[claim.item_id])
                .await?
                .pop()
        {
            return Ok(Route::Item(found));
        }
    }
    for try_locale in locales(locale) {
        let row = scoped::<live::Entity>(tenant)
            .filter(live::Column::Locale.eq(&try_locale))
            .filter(live::Column::Path.eq(&path))
            .one(db)
            .await?;
        if let Some(row) = row {
            if try_locale != locale {
                // An English path asked for in Welsh: send the reader to the Welsh page when there is one.
                let own = scoped::<live::Entity>(tenant)
                    .filter(live::Column::ItemId.eq(row.item_id))
                    .filter(live::Column::Locale.eq(locale))
                    .one(db)
                    .await?;
                if let Some(own_path) = own.and_then(|o| o.path) {
                    return Ok(Route::Redirect {
                        to: own_path,
                        item: row.item_id,
                    });
                }
            }
            return Ok(Route::Item(Delivered::from_row(row, locale)));
        }
    }
    let history = scoped::<path_history::Entity>(tenant)
        .filter(path_history::Column::Path.eq(&path))
        .filter(path_history::Column::Locale.is_in(locales(locale)))
        .all(db)
        .await?;
    let Some(old) = history
        .iter()
        .find(|h| h.locale == locale)
        .or_else(|| history.first())
    else {
        return Ok(Route::NotFound);
    };
    let now_live = by_ids(tenant, db, Mode::Live, &old.locale, &[old.item_id]).await?;
    match now_live.into_iter().next().and_then(|d| d.path) {
        Some(to) if to != path => Ok(Route::Redirect {
            to,
            item: old.item_id,
        }),
        _ => Ok(Route::Gone),
    }
}

/// `/a/b/` and `a/b` both mean `/a/b`.
pub fn normalise_path(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
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

fn encode(sort_at: Option<DateTime<Utc>>, id: Uuid) -> String {
    let text = match sort_at {
        Some(at) => format!("{}|{id}", at.timestamp_micros()),
        None => id.to_string(),
    };
    URL_SAFE_NO_PAD.encode(text)
}

fn decode(cursor: &str) -> Result<(Option<DateTime<Utc>>, Uuid), PublishingError> {
    let invalid = || PublishingError::invalid("after", "the cursor is not valid");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    match text.split_once('|') {
        Some((micros, id)) => {
            let micros: i64 = micros.parse().map_err(|_| invalid())?;
            let at = DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?;
            Ok((Some(at), Uuid::parse_str(id).map_err(|_| invalid())?))
        }
        None => Ok((None, Uuid::parse_str(&text).map_err(|_| invalid())?)),
    }
}

/// News is newest first; everything else in the order it was created.
fn by_date(kind: ContentKind) -> bool {
    kind == ContentKind::News
}

/// A page of items of `kind`, filtered; `total_count` counts every match.
#[allow(clippy::too_many_arguments)]
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    kind: ContentKind,
    locale: &str,
    filter: &ListFilter,
    first: u64,
    after: Option<&str>,
) -> Result<DeliveredPage, PublishingError> {
    let after = after.map(decode).transpose()?;
    match mode {
        Mode::Live => live_list(tenant, db, kind, locale, filter, first, after).await,
        Mode::Preview => preview_list(tenant, db, kind, locale, filter, first, after).await,
    }
}

async fn live_list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: ContentKind,
    locale: &str,
    filter: &ListFilter,
    first: u64,
    after: Option<(Option<DateTime<Utc>>, Uuid)>,
) -> Result<DeliveredPage, PublishingError> {
    let mut query = scoped::<live::Entity>(tenant)
        .filter(live::Column::Kind.eq(kind.as_str()))
        .filter(live::Column::Locale.eq("en"));
    match filter.parent {
        Some(Some(parent)) => query = query.filter(live::Column::ParentId.eq(parent)),
        Some(None) => query = query.filter(live::Column::ParentId.is_null()),
        None => {}
    }
    for (scheme, value) in [
        ("topic", filter.topic.map(|t| t.to_string())),
        ("lgsl", filter.lgsl.map(|c| c.to_string())),
        ("lgil", filter.lgil.map(|c| c.to_string())),
    ] {
        if let Some(value) = value {
            query = query.filter(
                live::Column::ItemId.in_subquery(
                    Query::select()
                        .column(live_tag::Column::ItemId)
                        .from(live_tag::Entity)
                        .and_where(live_tag::Column::CouncilId.eq(tenant.id()))
                        .and_where(live_tag::Column::Scheme.eq(scheme))
                        .and_where(live_tag::Column::Value.eq(value))
                        .to_owned(),
                ),
            );
        }
    }
    let total_count = query.clone().count(db).await?;
    if let Some((at, id)) = after {
        query = match (by_date(kind), at) {
            (true, Some(at)) => query.filter(
                Condition::any()
                    .add(live::Column::SortAt.lt(at))
                    .add(live::Column::SortAt.eq(at).and(live::Column::ItemId.lt(id))),
            ),
            _ => query.filter(live::Column::ItemId.gt(id)),
        };
    }
    query = if by_date(kind) {
        query
            .order_by_desc(live::Column::SortAt)
            .order_by_desc(live::Column::ItemId)
    } else {
        query.order_by_asc(live::Column::ItemId)
    };
    let mut rows = query.limit(first + 1).all(db).await?;
    let has_next = rows.len() as u64 > first;
    rows.truncate(first as usize);
    let ids: Vec<Uuid> = rows.iter().map(|r| r.item_id).collect();
    let items = if locale == "en" {
        rows.into_iter()
            .map(|r| Delivered::from_row(r, locale))
            .collect()
    } else {
        let mut all = rows;
        all.extend(
            scoped::<live::Entity>(tenant)
                .filter(live::Column::ItemId.is_in(ids.clone()))
                .filter(live::Column::Locale.eq(locale))
                .all(db)
                .await?,
        );
        prefer_locale(all, &ids, locale)
    };
    let cursors = items
        .iter()
        .map(|d| encode(by_date(kind).then_some(d.sort_at), d.id))
        .collect();
    Ok(DeliveredPage {
        items,
        total_count,
        has_next,
        cursors,
    })
}

/// Preview lists read at most this many working copies (editors preview a few items, not a whole site).
const PREVIEW_SCAN: u64 = 1000;

async fn preview_list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: ContentKind,
    locale: &str,
    filter: &ListFilter,
    first: u64,
    after: Option<(Option<DateTime<Utc>>, Uuid)>,
) -> Result<DeliveredPage, PublishingError> {
    let mut query = scoped::<item::Entity>(tenant)
        .filter(item::Column::Kind.eq(kind.as_str()))
        .filter(item::Column::DeletedAt.is_null())
        .filter(item::Column::Status.ne(Status::Archived.as_str()));
    match filter.parent {
        Some(Some(parent)) => query = query.filter(item::Column::ParentId.eq(parent)),
        Some(None) => query = query.filter(item::Column::ParentId.is_null()),
        None => {}
    }
    if let Some(topic) = filter.topic {
        query = query.filter(item::Column::TopicIds.contains(topic.to_string()));
    }
    let items = query
        .order_by_asc(item::Column::Id)
        .limit(PREVIEW_SCAN)
        .all(db)
        .await?;
    let mut docs = preview_docs(tenant, db, &items, locale).await?;
    let mut list: Vec<Delivered> = items
        .iter()
        .filter_map(|i| docs.remove(&i.id))
        .filter(|d| {
            let codes = |field: &str| -> Vec<u64> {
                d.data
                    .get(field)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_u64).collect())
                    .unwrap_or_default()
            };
            filter
                .lgsl
                .is_none_or(|c| codes("lgsl").contains(&u64::from(c)))
                && filter
                    .lgil
                    .is_none_or(|c| codes("lgil").contains(&u64::from(c)))
        })
        .collect();
    if by_date(kind) {
        list.sort_by(|a, b| b.sort_at.cmp(&a.sort_at).then(b.id.cmp(&a.id)));
    }
    let total_count = list.len() as u64;
    if let Some((at, id)) = after {
        list.retain(|d| match (by_date(kind), at) {
            (true, Some(at)) => d.sort_at < at || (d.sort_at == at && d.id < id),
            _ => d.id > id,
        });
    }
    let has_next = list.len() as u64 > first;
    list.truncate(first as usize);
    let cursors = list
        .iter()
        .map(|d| encode(by_date(kind).then_some(d.sort_at), d.id))
        .collect();
    Ok(DeliveredPage {
        items: list,
        total_count,
        has_next,
        cursors,
    })
}

/// Children of pages (live or, in preview, working copies), for many parents in one query.
pub async fn children_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    parents: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Delivered>>, PublishingError> {
    let mut out: HashMap<Uuid, Vec<Delivered>> = HashMap::new();
    if parents.is_empty() {
        return Ok(out);
    }
    let ids: Vec<Uuid> = match mode {
        Mode::Live => scoped::<live::Entity>(tenant)
            .filter(live::Column::ParentId.is_in(parents.iter().copied()))
            .filter(live::Column::Locale.eq("en"))
            .order_by_asc(live::Column::ItemId)
            .limit(PREVIEW_SCAN)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.item_id)
            .collect(),
        Mode::Preview => scoped::<item::Entity>(tenant)
            .filter(item::Column::ParentId.is_in(parents.iter().copied()))
            .filter(item::Column::DeletedAt.is_null())
            .order_by_asc(item::Column::Id)
            .limit(PREVIEW_SCAN)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect(),
    };
    for doc in by_ids(tenant, db, mode, locale, &ids).await? {
        if let Some(parent) = doc.parent_id {
            out.entry(parent).or_default().push(doc);
        }
    }
    Ok(out)
}

/// Most alerts running at once that are considered.
const ACTIVE_ALERTS: u64 = 500;

/// Alerts showing now on `path` (every alert showing now when no path is given), most severe first.
pub async fn alerts(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: Option<&str>,
) -> Result<Vec<Delivered>, PublishingError> {
    let now = Utc::now();
    // Only alerts running now are read, so any number of ended ones cannot crowd out a new one.
    let candidates = match mode {
        Mode::Live => {
            let rows = scoped::<live::Entity>(tenant)
                .filter(live::Column::Kind.eq(ContentKind::Alert.as_str()))
                .filter(live::Column::Locale.eq("en"))
                .filter(
                    Condition::any()
                        .add(live::Column::StartsAt.is_null())
                        .add(live::Column::StartsAt.lte(now)),
                )
                .filter(
                    Condition::any()
                        .add(live::Column::EndsAt.is_null())
                        .add(live::Column::EndsAt.gt(now)),
                )
                .order_by_desc(live::Column::ItemId)
                .limit(ACTIVE_ALERTS)
                .all(db)
                .await?;
            let ids: Vec<Uuid> = rows.iter().map(|r| r.item_id).collect();
            if locale == "en" {
                rows.into_iter()
                    .map(|r| Delivered::from_row(r, locale))
                    .collect()
            } else {
                by_ids(tenant, db, mode, locale, &ids).await?
            }
        }
        Mode::Preview => {
            preview_list(
                tenant,
                db,
                ContentKind::Alert,
                locale,
                &ListFilter::default(),
                PREVIEW_SCAN,
                None,
            )
            .await?
            .items
        }
    };
    let path = path.map(normalise_path);
    let mut shown: Vec<(u8, Delivered)> = candidates
        .into_iter()
        .filter_map(|d| {
            let doc: super::live::AlertDoc = d.doc().ok()?;
            let active =
                doc.starts_at.is_none_or(|s| s <= now) && doc.ends_at.is_none_or(|e| e > now);
            let here = doc.everywhere
                || path.as_deref().is_none_or(|p| {
                    doc.paths.iter().any(|shown_on| {
                        let shown_on = normalise_path(shown_on);
                        shown_on == "/" || p == shown_on || p.starts_with(&format!("{shown_on}/"))
                    })
                });
            let rank = match doc.kind {
                super::model::AlertKind::Emergency => 0,
                super::model::AlertKind::NotableDeath => 1,
                super::model::AlertKind::Announcement => 2,
                super::model::AlertKind::Minor => 3,
            };
            (active && here).then_some((rank, d))
        })
        .collect();
    shown.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.sort_at.cmp(&a.1.sort_at)));
    Ok(shown.into_iter().map(|(_, d)| d).collect())
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

/// A navigation menu in one locale.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
pub struct Menu {
    pub name: String,
    pub items: Vec<MenuLink>,
}

/// One link of a menu. Links to pages or services that are not live are left out (with their children).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
pub struct MenuLink {
    pub label: String,
    pub url: String,
    /// What the link points at: `page`, `service` or `url`.
    pub kind: String,
    pub target_id: Option<Uuid>,
    #[schema(no_recursion)]
    pub children: Vec<MenuLink>,
}

fn menu_targets(items: &[MenuItem], out: &mut Vec<Uuid>) {
    for item in items {
        out.extend(item.page_id.iter().chain(item.service_id.iter()).copied());
        menu_targets(&item.children, out);
    }
}

fn menu_links(items: &[MenuItem], locale: &str, paths: &HashMap<Uuid, String>) -> Vec<MenuLink> {
    items
        .iter()
        .filter_map(|item| {
            let label = item
                .labels
                .get(locale)
                .or_else(|| item.labels.get("en"))?
                .clone();
            let (kind, url, target) = match (item.page_id, item.service_id, &item.url) {
                (Some(id), _, _) => ("page", paths.get(&id)?.clone(), Some(id)),
                (_, Some(id), _) => ("service", paths.get(&id)?.clone(), Some(id)),
                (_, _, Some(url)) => ("url", url.clone(), None),
                _ => return None,
            };
            Some(MenuLink {
                label,
                url,
                kind: kind.to_owned(),
                target_id: target,
                children: menu_links(&item.children, locale, paths),
            })
        })
        .collect()
}

/// A menu by name, its links resolved to the paths of live pages and services (in `locale`, else English).
pub async fn menu(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    name: &str,
) -> Result<Option<Menu>, PublishingError> {
    let Some(found) = by_slug(tenant, db, mode, ContentKind::Menu, "en", name).await? else {
        return Ok(None);
    };
    let doc: super::live::MenuDoc = found.doc()?;
    let mut targets = Vec::new();
    menu_targets(&doc.items, &mut targets);
    let paths: HashMap<Uuid, String> = by_ids(tenant, db, mode, locale, &targets)
        .await?
        .into_iter()
        .filter(|d| matches!(d.kind, ContentKind::Page | ContentKind::Service))
        .filter_map(|d| Some((d.id, d.path?)))
        .collect();
    Ok(Some(Menu {
        name: doc.name,
        items: menu_links(&doc.items, locale, &paths),
    }))
}
