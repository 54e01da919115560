//! Lists of delivered items (pages, services, news, topics), paged by an opaque cursor, and pages' children.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{ExprTrait, Query},
};
use serde_json::Value;
use uuid::Uuid;

use super::{Delivered, DeliveredPage, ListFilter, Mode, by_ids, prefer_locale, preview_docs};
use crate::content::{
    kinds::ContentKind,
    tables::{live, live_tag},
};
use crate::{
    pagination::Cursor,
    publishing::{PublishingError, Status, model::item},
    tenancy::{Tenant, scoped},
};

fn encode(sort_at: Option<DateTime<Utc>>, id: Uuid) -> String {
    Cursor::encode(&(sort_at, id))
}

fn decode(cursor: &str) -> Result<(Option<DateTime<Utc>>, Uuid), PublishingError> {
    Cursor::decode(cursor).map_err(|_| PublishingError::invalid("after", "the cursor is not valid"))
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

pub(super) async fn live_list(
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
            .collect::<Result<_, _>>()?
    } else {
        let mut all = rows;
        all.extend(
            scoped::<live::Entity>(tenant)
                .filter(live::Column::ItemId.is_in(ids.clone()))
                .filter(live::Column::Locale.eq(locale))
                .all(db)
                .await?,
        );
        prefer_locale(all, &ids, locale)?
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
pub(super) const PREVIEW_SCAN: u64 = 1000;

pub(super) async fn preview_list(
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
