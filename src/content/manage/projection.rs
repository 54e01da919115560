//! The live projection: a published revision written into the rows the delivery API reads (one per locale),
//! with its tags, its paths (a moved path leaves a redirect, and the pages below move with it) and its public
//! search entries; and taken out again when the item comes down.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    content::{
        kinds::{Content, ContentKind},
        tables::{live, live_tag, path_history},
    },
    publishing::{PublishingError, model::item},
    search::{self, IndexDoc, Visibility},
    tenancy::{Tenant, scoped, scoped_delete, scoped_update},
};

/// The search index's name for a kind, when the kind is searched.
pub(super) fn search_kind(kind: &str) -> Option<&'static str> {
    ContentKind::parse(kind)
        .filter(|k| k.searched())
        .map(ContentKind::as_str)
}

/// Writes one revision of an item into the live projection, replacing what was live. A path that changes leaves
/// a redirect from the old one (and from the old paths of the pages below it).
pub(super) async fn materialise(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    content: &Content,
    number: i32,
    now: DateTime<Utc>,
) -> Result<(), PublishingError> {
    let old_rows = scoped::<live::Entity>(tenant)
        .filter(live::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    clear_live(tenant, txn, item.id).await?;
    search::remove(tenant, txn, item.id, Some(Visibility::Live)).await?;
    let parent_rows = match content.parent_id() {
        Some(parent) => {
            let rows = scoped::<live::Entity>(tenant)
                .filter(live::Column::ItemId.eq(parent))
                .all(txn)
                .await?;
            if rows.is_empty() {
                return Err(PublishingError::Conflict(
                    "Publish the parent page first: a page cannot be live under a page that is not."
                        .into(),
                ));
            }
            rows
        }
        None => Vec::new(),
    };
    let first_published = item.first_published_at.unwrap_or(now);
    for locale in content.locales() {
        let Some(projection) = content.project(&locale) else {
            continue;
        };
        let parent_path = parent_rows
            .iter()
            .find(|r| r.locale == locale)
            .or_else(|| parent_rows.iter().find(|r| r.locale == "en"))
            .and_then(|r| r.path.clone());
        let path = projection
            .slug
            .as_deref()
            .and_then(|slug| content.path(slug, parent_path.as_deref()));
        if let Some(path) = &path {
            let taken = scoped::<live::Entity>(tenant)
                .filter(live::Column::Locale.eq(&locale))
                .filter(live::Column::Path.eq(path))
                .one(txn)
                .await?;
            if taken.is_some() {
                return Err(PublishingError::Conflict(format!(
                    "Another item is live at {path} ({locale})."
                )));
            }
            scoped_delete::<path_history::Entity>(tenant)
                .filter(path_history::Column::Locale.eq(&locale))
                .filter(path_history::Column::Path.eq(path))
                .exec(txn)
                .await?;
        }
        let old_path = old_rows
            .iter()
            .find(|r| r.locale == locale)
            .and_then(|r| r.path.clone());
        if let (Some(old), Some(new)) = (&old_path, &path)
            && old != new
        {
            remember_path(tenant, txn, &locale, old, item.id).await?;
            move_descendants(tenant, txn, &locale, old, new).await?;
        }
        if let (Some(kind), Some((title, body))) =
            (search_kind(&item.kind), content.search_text(&locale))
        {
            search::upsert(
                tenant,
                txn,
                IndexDoc {
                    source_kind: kind,
                    source_id: item.id,
                    locale: locale.clone(),
                    visibility: Visibility::Live,
                    title,
                    body,
                    path: path.clone(),
                },
            )
            .await?;
        }
        live::Entity::insert(live::ActiveModel {
            item_id: Set(item.id),
            locale: Set(locale.clone()),
            council_id: Set(tenant.id()),
            kind: Set(item.kind.clone()),
            title: Set(projection.title),
            slug: Set(projection.slug),
            path: Set(path),
            parent_id: Set(content.parent_id()),
            summary: Set(projection.summary),
            sort_at: Set(projection.date.unwrap_or(first_published)),
            starts_at: Set(projection.starts_at),
            ends_at: Set(projection.ends_at),
            data: Set(projection.data.to_string()),
            revision: Set(number),
            published_at: Set(now),
            latitude: Set(projection.location.map(|(lat, _)| lat)),
            longitude: Set(projection.location.map(|(_, lon)| lon)),
        })
        .exec_without_returning(txn)
        .await?;
    }
    for old in &old_rows {
        if !content.locales().contains(&old.locale)
            && let Some(path) = &old.path
        {
            remember_path(tenant, txn, &old.locale, path, item.id).await?;
        }
    }
    for (scheme, value) in content.tags() {
        live_tag::Entity::insert(live_tag::ActiveModel {
            item_id: Set(item.id),
            scheme: Set(scheme.to_owned()),
            value: Set(value),
            council_id: Set(tenant.id()),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// Takes an item off the public site; its paths answer "gone" from now on.
pub(super) async fn dematerialise(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
) -> Result<(), PublishingError> {
    let rows = scoped::<live::Entity>(tenant)
        .filter(live::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    for row in &rows {
        if let Some(path) = &row.path {
            remember_path(tenant, txn, &row.locale, path, item.id).await?;
        }
    }
    search::remove(tenant, txn, item.id, Some(Visibility::Live)).await?;
    clear_live(tenant, txn, item.id).await
}

async fn clear_live(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item_id: Uuid,
) -> Result<(), PublishingError> {
    scoped_delete::<live::Entity>(tenant)
        .filter(live::Column::ItemId.eq(item_id))
        .exec(txn)
        .await?;
    scoped_delete::<live_tag::Entity>(tenant)
        .filter(live_tag::Column::ItemId.eq(item_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Records that `path` belonged to `item_id` (replacing an older owner of the same path).
async fn remember_path(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    locale: &str,
    path: &str,
    item_id: Uuid,
) -> Result<(), PublishingError> {
    scoped_delete::<path_history::Entity>(tenant)
        .filter(path_history::Column::Locale.eq(locale))
        .filter(path_history::Column::Path.eq(path))
        .exec(txn)
        .await?;
    path_history::Entity::insert(path_history::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        locale: Set(locale.to_owned()),
        path: Set(path.to_owned()),
        item_id: Set(item_id),
        created_at: Set(tenant.now()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Live pages below a page that moved move with it, each leaving a redirect.
async fn move_descendants(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    locale: &str,
    old: &str,
    new: &str,
) -> Result<(), PublishingError> {
    let rows = scoped::<live::Entity>(tenant)
        .filter(live::Column::Locale.eq(locale))
        .filter(live::Column::Path.starts_with(format!("{old}/")))
        .all(txn)
        .await?;
    for row in rows {
        let Some(path) = row.path.clone() else {
            continue;
        };
        let moved = format!("{new}{}", &path[old.len()..]);
        remember_path(tenant, txn, locale, &path, row.item_id).await?;
        scoped_update::<live::Entity>(tenant)
            .col_expr(live::Column::Path, Expr::value(moved))
            .filter(live::Column::ItemId.eq(row.item_id))
            .filter(live::Column::Locale.eq(locale))
            .exec(txn)
            .await?;
    }
    Ok(())
}
