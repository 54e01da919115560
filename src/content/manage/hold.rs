//! What a working copy of web content holds while it is saved: its references are checked, its slugs and paths
//! reserved, and its text indexed for editors' search.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::{
    content::{
        kinds::{Content, ContentKind, Link, LinkTarget, directory::entry::DirectoryEntryContent},
        tables::slug,
    },
    publishing::{PublishingError, model::item, store},
    search::{self, IndexDoc, Visibility},
    tenancy::{Tenant, scoped, scoped_delete},
};

/// Parents and the items content names (topics, related services) must be items of this council (and a page
/// cannot sit under itself).
pub(super) async fn check_references(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    id: Uuid,
    content: &Content,
) -> Result<(), PublishingError> {
    if let Some(parent) = content.parent_id() {
        let mut cursor = Some(parent);
        let mut steps = 0;
        while let Some(current) = cursor {
            if current == id {
                return Err(PublishingError::invalid(
                    "parent_id",
                    "a page cannot be placed under itself or one of its own child pages",
                ));
            }
            let row = store::get(tenant, txn, ContentKind::Page, current)
                .await
                .map_err(|_| PublishingError::invalid("parent_id", "no such page"))?;
            cursor = row.parent_id;
            steps += 1;
            if steps > 50 {
                return Err(PublishingError::invalid(
                    "parent_id",
                    "pages nest at most 50 deep",
                ));
            }
        }
    }
    for reference in content.references() {
        if reference.ids.is_empty() {
            continue;
        }
        let found = scoped::<item::Entity>(tenant)
            .filter(item::Column::Kind.eq(reference.kind.as_str()))
            .filter(item::Column::DeletedAt.is_null())
            .filter(item::Column::Id.is_in(reference.ids.iter().copied()))
            .count(txn)
            .await?;
        if found as usize != reference.ids.len() {
            return Err(PublishingError::invalid(reference.field, reference.missing));
        }
    }
    check_links(tenant, txn, &content.links()).await?;
    if let Content::DirectoryEntry(entry) = content {
        check_facets(tenant, txn, entry).await?;
    }
    Ok(())
}

/// A directory entry's facet values must be ones its directories offer (as their working copies define them).
async fn check_facets(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    entry: &DirectoryEntryContent,
) -> Result<(), PublishingError> {
    if entry.facets.is_empty() {
        return Ok(());
    }
    let channels = scoped::<item::Entity>(tenant)
        .filter(item::Column::Kind.eq(ContentKind::Directory.as_str()))
        .filter(item::Column::DeletedAt.is_null())
        .filter(item::Column::Id.is_in(entry.channels.iter().copied()))
        .all(txn)
        .await?;
    let mut offered: Vec<(String, String)> = Vec::new();
    for revision in store::latest_revisions(tenant, txn, &channels).await? {
        if let Content::Directory(channel) =
            Content::from_stored(ContentKind::Directory, &revision.content)?
        {
            for group in channel.facet_groups {
                for value in group.values {
                    offered.push((group.key.clone(), value.key));
                }
            }
        }
    }
    for (group, values) in &entry.facets {
        for (i, value) in values.iter().enumerate() {
            if !offered.iter().any(|(g, v)| g == group && v == value) {
                return Err(PublishingError::invalid(
                    format!("facets.{group}[{i}]"),
                    format!("none of the entry's directories offers {group}:{value}"),
                ));
            }
        }
    }
    Ok(())
}

/// Every image, embedded document, service or meeting must be the council's own and not deleted: a link to
/// another council's record, or to none, is refused like the other references, naming the field.
async fn check_links(
    tenant: &Tenant,
    txn: &DatabaseTransaction,
    links: &[Link],
) -> Result<(), PublishingError> {
    let mut targets: Vec<LinkTarget> = Vec::new();
    for link in links {
        if !targets.contains(&link.target) {
            targets.push(link.target);
        }
    }
    let mut present: Vec<(LinkTarget, Uuid)> = Vec::new();
    for target in targets {
        let ids: Vec<Uuid> = links
            .iter()
            .filter(|l| l.target == target)
            .map(|l| l.id)
            .collect();
        let found = match target {
            LinkTarget::Item(kind) => {
                scoped::<item::Entity>(tenant)
                    .filter(item::Column::Kind.eq(kind.as_str()))
                    .filter(item::Column::DeletedAt.is_null())
                    .filter(item::Column::Id.is_in(ids))
                    .select_only()
                    .column(item::Column::Id)
                    .into_tuple::<Uuid>()
                    .all(txn)
                    .await?
            }
            LinkTarget::Media => crate::media::store::present_ids(tenant, txn, &ids).await?,
            LinkTarget::Record(kind) => {
                crate::publishing::linked::present(kind, tenant, txn, &ids).await?
            }
        };
        present.extend(found.into_iter().map(|id| (target, id)));
    }
    match links.iter().find(|l| !present.contains(&(l.target, l.id))) {
        Some(link) => Err(PublishingError::invalid(
            link.field.clone(),
            match link.target {
                LinkTarget::Item(ContentKind::Page) => "no such page of this council",
                LinkTarget::Item(_) => "no such service of this council",
                LinkTarget::Media => "no such file in this council's media library",
                LinkTarget::Record(_) => "no such meeting of this council",
            },
        )),
        None => Ok(()),
    }
}

/// Holds the working copy's slugs (unique per council, locale and scope) and the paths they make.
pub(super) async fn claim_slugs(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    content: &Content,
) -> Result<(), PublishingError> {
    let before = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    scoped_delete::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item.id))
        .exec(txn)
        .await?;
    for claim in content.slug_claims() {
        let taken = scoped::<slug::Entity>(tenant)
            .filter(slug::Column::Locale.eq(&claim.locale))
            .filter(slug::Column::Scope.eq(&claim.scope))
            .filter(slug::Column::Slug.eq(&claim.slug))
            .one(txn)
            .await?;
        if taken.is_some() {
            return Err(PublishingError::Conflict(format!(
                "The slug {:?} ({}) is already used here; choose another.",
                claim.slug, claim.locale
            )));
        }
        let parent_path = match content.parent_id() {
            Some(parent) => working_path(tenant, txn, parent, &claim.locale).await?,
            None => None,
        };
        let path = content.path(&claim.slug, parent_path.as_deref());
        slug::Entity::insert(slug::ActiveModel {
            item_id: Set(item.id),
            locale: Set(claim.locale.clone()),
            council_id: Set(tenant.id()),
            scope: Set(claim.scope.clone()),
            slug: Set(claim.slug.clone()),
            path: Set(path.clone()),
        })
        .exec_without_returning(txn)
        .await?;
        // Child pages' working paths follow their parent's.
        let old = before
            .iter()
            .find(|b| b.locale == claim.locale)
            .and_then(|b| b.path.clone());
        if let (Some(old), Some(new)) = (old, path)
            && old != new
        {
            let children = scoped::<slug::Entity>(tenant)
                .filter(slug::Column::Locale.eq(&claim.locale))
                .filter(slug::Column::Path.starts_with(format!("{old}/")))
                .all(txn)
                .await?;
            for child in children {
                let Some(child_path) = child.path.clone() else {
                    continue;
                };
                let moved = format!("{new}{}", &child_path[old.len()..]);
                let mut active: slug::ActiveModel = child.into();
                active.path = Set(Some(moved));
                slug::Entity::update(active).exec(txn).await?;
            }
        }
    }
    Ok(())
}

/// The path of a page's working copy in `locale` (its English path when it has no such translation).
async fn working_path(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item_id: Uuid,
    locale: &str,
) -> Result<Option<String>, PublishingError> {
    let rows = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item_id))
        .all(txn)
        .await?;
    Ok(rows
        .iter()
        .find(|r| r.locale == locale)
        .or_else(|| rows.iter().find(|r| r.locale == "en"))
        .and_then(|r| r.path.clone()))
}

/// Indexes the working copy for editors' search (replacing what was indexed before).
pub(super) async fn index_draft(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    content: &Content,
) -> Result<(), PublishingError> {
    let Some(kind) = super::projection::search_kind(&item.kind) else {
        return Ok(());
    };
    search::remove(tenant, txn, item.id, Some(Visibility::Draft)).await?;
    let paths = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    for locale in content.locales() {
        if let Some((title, body)) = content.search_text(&locale) {
            let path = paths
                .iter()
                .find(|p| p.locale == locale)
                .and_then(|p| p.path.clone());
            search::upsert(
                tenant,
                txn,
                IndexDoc {
                    source_kind: kind,
                    source_id: item.id,
                    locale,
                    visibility: Visibility::Draft,
                    title,
                    body,
                    path,
                },
            )
            .await?;
        }
    }
    Ok(())
}
