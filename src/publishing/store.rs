//! Saving, the workflow, soft delete and revisions, for every content kind. Every function takes the council's
//! `Tenant`; every change runs in one transaction and bumps the item's version.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Action, ContentKind, PublishingError, Status,
    model::{event, item, job, live, live_tag, path_history, revision, slug},
};
use crate::{
    content::{
        live::{path_of, project, search_text, tags},
        model::Content,
    },
    search::{self, IndexDoc, Visibility},
    tenancy::{Tenant, scoped},
};

/// Who made a change: a person, or nobody in particular (an API token or the scheduler).
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor(pub Option<Uuid>);

/// Which items an editor's list shows.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub status: Option<Status>,
    pub topic: Option<Uuid>,
    pub parent: Option<Uuid>,
    /// Case-insensitive text in the English title.
    pub text: Option<String>,
    pub deleted: bool,
    pub newest_first: bool,
}

fn status_of(item: &item::Model) -> Status {
    Status::parse(&item.status).unwrap_or(Status::Draft)
}

fn check_version(item: &item::Model, expected: i32) -> Result<(), PublishingError> {
    if item.version != expected {
        return Err(PublishingError::VersionMismatch {
            current: item.version,
        });
    }
    Ok(())
}

/// An item of `kind`, not deleted.
pub async fn get(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
) -> Result<item::Model, PublishingError> {
    get_any(tenant, db, kind, id)
        .await?
        .filter(|i| i.deleted_at.is_none())
        .ok_or(PublishingError::NotFound(kind.label()))
}

async fn get_any(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
) -> Result<Option<item::Model>, PublishingError> {
    Ok(scoped::<item::Entity>(tenant)
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Kind.eq(kind.as_str()))
        .one(db)
        .await?)
}

/// An item's revision by number.
pub async fn revision(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    number: i32,
) -> Result<revision::Model, PublishingError> {
    scoped::<revision::Entity>(tenant)
        .filter(revision::Column::ItemId.eq(item_id))
        .filter(revision::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(PublishingError::NotFound("Revision"))
}

/// The working copies of items (their newest revisions), for editors and for preview.
pub async fn latest_revisions(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    items: &[item::Model],
) -> Result<Vec<revision::Model>, PublishingError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut condition = sea_orm::Condition::any();
    for i in items {
        condition = condition.add(
            revision::Column::ItemId
                .eq(i.id)
                .and(revision::Column::Number.eq(i.latest_revision)),
        );
    }
    Ok(scoped::<revision::Entity>(tenant)
        .filter(condition)
        .all(db)
        .await?)
}

/// A page of an editor's list of items of `kind`, newest or oldest first by creation.
pub async fn list(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    kind: ContentKind,
    filter: &ItemFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<item::Model>, PublishingError> {
    let mut query = scoped::<item::Entity>(tenant).filter(item::Column::Kind.eq(kind.as_str()));
    query = if filter.deleted {
        query.filter(item::Column::DeletedAt.is_not_null())
    } else {
        query.filter(item::Column::DeletedAt.is_null())
    };
    if let Some(status) = filter.status {
        query = query.filter(item::Column::Status.eq(status.as_str()));
    }
    if let Some(parent) = filter.parent {
        query = query.filter(item::Column::ParentId.eq(parent));
    }
    if let Some(topic) = filter.topic {
        query = query.filter(item::Column::TopicIds.contains(topic.to_string()));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        query = query.filter(item::Column::SearchTitle.contains(text.to_lowercase()));
    }
    if let Some(after) = after {
        query = if filter.newest_first {
            query.filter(item::Column::Id.lt(after))
        } else {
            query.filter(item::Column::Id.gt(after))
        };
    }
    query = if filter.newest_first {
        query.order_by_desc(item::Column::Id)
    } else {
        query.order_by_asc(item::Column::Id)
    };
    Ok(query.limit(limit + 1).all(db).await?)
}

/// Creates an item from validated content: its first revision, a draft.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), kind = content.kind().as_str()))]
pub async fn create(
    tenant: &Tenant,
    db: &DatabaseConnection,
    content: Content,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    check_references(tenant, &txn, id, &content).await?;
    let model = item::ActiveModel {
        id: Set(id),
        council_id: Set(tenant.id()),
        kind: Set(content.kind().as_str().to_owned()),
        status: Set(Status::Draft.as_str().to_owned()),
        version: Set(1),
        latest_revision: Set(1),
        live_revision: Set(None),
        title: Set(content.title()),
        search_title: Set(content.title().to_lowercase()),
        parent_id: Set(content.parent_id()),
        topic_ids: Set(topic_ids(&content)),
        publish_at: Set(None),
        unpublish_at: Set(None),
        first_published_at: Set(None),
        last_published_at: Set(None),
        deleted_at: Set(None),
        created_by: Set(actor.0),
        updated_by: Set(actor.0),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let item = item::Entity::insert(model)
        .exec_with_returning(&txn)
        .await?;
    claim_slugs(tenant, &txn, &item, &content).await?;
    index_draft(tenant, &txn, &item, &content).await?;
    insert_revision(tenant, &txn, &item, 1, &content, note, actor).await?;
    record(tenant, &txn, &item, "created", Some(1), actor, None).await?;
    txn.commit().await?;
    Ok(item)
}

/// Saves new content as the item's next revision, if the item is still at `expected` version.
/// A live item stays live as it was until the new revision is published.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
#[allow(clippy::too_many_arguments)]
pub async fn update(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    expected: i32,
    content: Content,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let item = save_revision(tenant, &txn, item, &content, note, actor, "updated").await?;
    txn.commit().await?;
    Ok(item)
}

async fn save_revision(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: item::Model,
    content: &Content,
    note: Option<String>,
    actor: Actor,
    action: &str,
) -> Result<item::Model, PublishingError> {
    check_references(tenant, txn, item.id, content).await?;
    claim_slugs(tenant, txn, &item, content).await?;
    index_draft(tenant, txn, &item, content).await?;
    let number = item.latest_revision + 1;
    insert_revision(tenant, txn, &item, number, content, note, actor).await?;
    let status = match status_of(&item) {
        Status::Published => Status::Draft,
        other => other,
    };
    let mut active: item::ActiveModel = item.clone().into();
    active.version = Set(item.version + 1);
    active.latest_revision = Set(number);
    active.status = Set(status.as_str().to_owned());
    active.title = Set(content.title());
    active.search_title = Set(content.title().to_lowercase());
    active.parent_id = Set(content.parent_id());
    active.topic_ids = Set(topic_ids(content));
    active.updated_by = Set(actor.0);
    active.updated_at = Set(Utc::now());
    let item = bump(txn, active, item.version).await?;
    record(tenant, txn, &item, action, Some(number), actor, None).await?;
    Ok(item)
}

/// Writes `active` if the row is still at `version` (another node may have changed it since it was read).
async fn bump(
    txn: &impl ConnectionTrait,
    active: item::ActiveModel,
    version: i32,
) -> Result<item::Model, PublishingError> {
    let id = match &active.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        _ => return Err(PublishingError::NotFound("Item")),
    };
    let result = item::Entity::update_many()
        .set(active)
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        let current = item::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|i| i.version)
            .unwrap_or(version);
        return Err(PublishingError::VersionMismatch { current });
    }
    item::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(PublishingError::NotFound("Item"))
}

fn topic_ids(content: &Content) -> String {
    content
        .topics()
        .iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[allow(clippy::too_many_arguments)]
async fn insert_revision(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    number: i32,
    content: &Content,
    note: Option<String>,
    actor: Actor,
) -> Result<(), PublishingError> {
    let note = note
        .map(|n| n.trim().chars().take(500).collect::<String>())
        .filter(|n| !n.is_empty());
    revision::Entity::insert(revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        item_id: Set(item.id),
        number: Set(number),
        content: Set(content.to_json().to_string()),
        note: Set(note),
        created_by: Set(actor.0),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The search index's name for a kind, when the kind is searched.
fn search_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "page" => Some("page"),
        "service" => Some("service"),
        "news" => Some("news"),
        _ => None,
    }
}

/// Indexes the working copy for editors' search (replacing what was indexed before).
async fn index_draft(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    content: &Content,
) -> Result<(), PublishingError> {
    let Some(kind) = search_kind(&item.kind) else {
        return Ok(());
    };
    search::remove(tenant, txn, item.id, Some(Visibility::Draft)).await?;
    let paths = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    for locale in content.locales() {
        if let Some((title, body)) = search_text(content, &locale) {
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

/// Adds an entry to the item's history (and the council's change feed).
async fn record(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    action: &str,
    revision: Option<i32>,
    actor: Actor,
    note: Option<String>,
) -> Result<(), PublishingError> {
    event::Entity::insert(event::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        item_id: Set(item.id),
        kind: Set(item.kind.clone()),
        action: Set(action.to_owned()),
        revision: Set(revision),
        actor: Set(actor.0),
        note: Set(note),
        at: Set(Utc::now()),
    })
    .exec_without_returning(txn)
    .await?;
    if super::webhooks::event_of(action).is_some() {
        let live_path = scoped::<live::Entity>(tenant)
            .filter(live::Column::ItemId.eq(item.id))
            .filter(live::Column::Locale.eq("en"))
            .one(txn)
            .await?
            .and_then(|r| r.path);
        let path = match live_path {
            Some(path) => Some(path),
            None => scoped::<path_history::Entity>(tenant)
                .filter(path_history::Column::ItemId.eq(item.id))
                .filter(path_history::Column::Locale.eq("en"))
                .one(txn)
                .await?
                .map(|h| h.path),
        };
        super::webhooks::enqueue(tenant, txn, item, action, path).await?;
    }
    Ok(())
}

/// Parents, topics and related services must be items of this council (and a page cannot sit under itself).
async fn check_references(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
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
            let row = get(tenant, txn, ContentKind::Page, current)
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
    let topics = content.topics();
    if !topics.is_empty() {
        let found = scoped::<item::Entity>(tenant)
            .filter(item::Column::Kind.eq(ContentKind::Topic.as_str()))
            .filter(item::Column::DeletedAt.is_null())
            .filter(item::Column::Id.is_in(topics.iter().copied()))
            .count_rows(txn)
            .await?;
        if found as usize != topics.len() {
            return Err(PublishingError::invalid("topics", "a topic does not exist"));
        }
    }
    if let Content::Service(service) = content
        && !service.related_services.is_empty()
    {
        let found = scoped::<item::Entity>(tenant)
            .filter(item::Column::Kind.eq(ContentKind::Service.as_str()))
            .filter(item::Column::DeletedAt.is_null())
            .filter(item::Column::Id.is_in(service.related_services.iter().copied()))
            .count_rows(txn)
            .await?;
        if found as usize != service.related_services.len() {
            return Err(PublishingError::invalid(
                "related_services",
                "a related service does not exist",
            ));
        }
    }
    Ok(())
}

trait CountRows {
    async fn count_rows(self, db: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr>;
}

impl CountRows for sea_orm::Select<item::Entity> {
    async fn count_rows(self, db: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
        sea_orm::PaginatorTrait::count(self, db).await
    }
}

/// Holds the working copy's slugs (unique per council, locale and scope) and the paths they make.
async fn claim_slugs(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: &item::Model,
    content: &Content,
) -> Result<(), PublishingError> {
    let before = scoped::<slug::Entity>(tenant)
        .filter(slug::Column::ItemId.eq(item.id))
        .all(txn)
        .await?;
    slug::Entity::delete_many()
        .filter(slug::Column::CouncilId.eq(tenant.id()))
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
        let path = path_of(content, &claim.slug, parent_path.as_deref());
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

/// Moves an item through the workflow (submit, withdraw, publish, unpublish, archive, unarchive).
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id, action = action.as_str()))]
#[allow(clippy::too_many_arguments)]
pub async fn transition(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    expected: i32,
    action: Action,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let item = apply(tenant, &txn, item, action, None, note, actor).await?;
    txn.commit().await?;
    Ok(item)
}

/// Applies a workflow action to an item already read in this transaction. `revision` publishes a chosen
/// revision (a scheduled one) instead of the newest.
async fn apply(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item: item::Model,
    action: Action,
    revision_number: Option<i32>,
    note: Option<String>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let from = status_of(&item);
    let live = item.live_revision.is_some();
    let Some(mut next) = action.next(from, live) else {
        return Err(PublishingError::Transition {
            action: action.as_str(),
            status: from.as_str(),
        });
    };
    let now = Utc::now();
    let mut active: item::ActiveModel = item.clone().into();
    let mut revision_recorded = None;
    match action {
        Action::Publish => {
            let number = revision_number.unwrap_or(item.latest_revision);
            let stored = revision(tenant, txn, item.id, number).await?;
            let kind = ContentKind::parse(&item.kind).ok_or(PublishingError::NotFound("Item"))?;
            let content = Content::from_stored(kind, &stored.content)?;
            materialise(tenant, txn, &item, &content, number, now).await?;
            if number != item.latest_revision {
                next = from;
            }
            active.live_revision = Set(Some(number));
            active.first_published_at = Set(Some(item.first_published_at.unwrap_or(now)));
            active.last_published_at = Set(Some(now));
            active.publish_at = Set(None);
            revision_recorded = Some(number);
        }
        Action::Unpublish | Action::Archive => {
            if live && item.kind == ContentKind::Page.as_str() {
                let live_children = scoped::<live::Entity>(tenant)
                    .filter(live::Column::ParentId.eq(item.id))
                    .one(txn)
                    .await?;
                if live_children.is_some() {
                    return Err(PublishingError::Conflict(
                        "This page has live child pages: unpublish or move them first.".into(),
                    ));
                }
            }
            if live {
                dematerialise(tenant, txn, &item).await?;
            }
            active.live_revision = Set(None);
            active.unpublish_at = Set(None);
            active.publish_at = Set(None);
            cancel_jobs(tenant, txn, item.id).await?;
        }
        Action::Submit | Action::Withdraw | Action::Unarchive => {}
    }
    active.status = Set(next.as_str().to_owned());
    active.version = Set(item.version + 1);
    active.updated_at = Set(now);
    active.updated_by = Set(actor.0);
    let item = bump(txn, active, item.version).await?;
    record(
        tenant,
        txn,
        &item,
        action.as_str(),
        revision_recorded,
        actor,
        note,
    )
    .await?;
    Ok(item)
}

/// Writes one revision of an item into the live projection, replacing what was live. A path that changes leaves
/// a redirect from the old one (and from the old paths of the pages below it).
async fn materialise(
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
        let Some(projection) = project(content, &locale) else {
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
            .and_then(|slug| path_of(content, slug, parent_path.as_deref()));
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
            path_history::Entity::delete_many()
                .filter(path_history::Column::CouncilId.eq(tenant.id()))
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
            (search_kind(&item.kind), search_text(content, &locale))
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
    for (scheme, value) in tags(content) {
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
async fn dematerialise(
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
    live::Entity::delete_many()
        .filter(live::Column::CouncilId.eq(tenant.id()))
        .filter(live::Column::ItemId.eq(item_id))
        .exec(txn)
        .await?;
    live_tag::Entity::delete_many()
        .filter(live_tag::Column::CouncilId.eq(tenant.id()))
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
    path_history::Entity::delete_many()
        .filter(path_history::Column::CouncilId.eq(tenant.id()))
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
        created_at: Set(Utc::now()),
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
        live::Entity::update_many()
            .col_expr(live::Column::Path, Expr::value(moved))
            .filter(live::Column::CouncilId.eq(tenant.id()))
            .filter(live::Column::ItemId.eq(row.item_id))
            .filter(live::Column::Locale.eq(locale))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Soft-deletes an item: off the public site, its slugs freed; restorable.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
pub async fn delete(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    expected: i32,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    if kind == ContentKind::Page {
        let children = scoped::<item::Entity>(tenant)
            .filter(item::Column::ParentId.eq(id))
            .filter(item::Column::DeletedAt.is_null())
            .count_rows(&txn)
            .await?;
        if children > 0 {
            return Err(PublishingError::Conflict(
                "This page has child pages: move or delete them first.".into(),
            ));
        }
    }
    dematerialise(tenant, &txn, &item).await?;
    search::remove(tenant, &txn, id, None).await?;
    slug::Entity::delete_many()
        .filter(slug::Column::CouncilId.eq(tenant.id()))
        .filter(slug::Column::ItemId.eq(id))
        .exec(&txn)
        .await?;
    cancel_jobs(tenant, &txn, id).await?;
    let mut active: item::ActiveModel = item.clone().into();
    active.deleted_at = Set(Some(Utc::now()));
    active.publish_at = Set(None);
    active.unpublish_at = Set(None);
    active.version = Set(item.version + 1);
    active.updated_by = Set(actor.0);
    let item = bump(&txn, active, item.version).await?;
    record(tenant, &txn, &item, "deleted", None, actor, None).await?;
    txn.commit().await?;
    Ok(item)
}

/// Brings a deleted item back as it was: its slugs, and its live version if it had one.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
pub async fn restore(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get_any(tenant, &txn, kind, id)
        .await?
        .filter(|i| i.deleted_at.is_some())
        .ok_or(PublishingError::NotFound(kind.label()))?;
    let latest = revision(tenant, &txn, id, item.latest_revision).await?;
    let content = Content::from_stored(kind, &latest.content)?;
    check_references(tenant, &txn, id, &content).await?;
    claim_slugs(tenant, &txn, &item, &content).await?;
    index_draft(tenant, &txn, &item, &content).await?;
    if let Some(number) = item.live_revision {
        let stored = revision(tenant, &txn, id, number).await?;
        let live_content = Content::from_stored(kind, &stored.content)?;
        materialise(tenant, &txn, &item, &live_content, number, Utc::now()).await?;
    }
    let mut active: item::ActiveModel = item.clone().into();
    active.deleted_at = Set(None);
    active.version = Set(item.version + 1);
    active.updated_by = Set(actor.0);
    active.updated_at = Set(Utc::now());
    let item = bump(&txn, active, item.version).await?;
    record(tenant, &txn, &item, "restored", None, actor, None).await?;
    txn.commit().await?;
    Ok(item)
}

/// Saves an old revision's content, unchanged, as the newest revision.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id, number))]
pub async fn restore_revision(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    number: i32,
    expected: i32,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    let old = revision(tenant, &txn, id, number).await?;
    let content = Content::from_stored(kind, &old.content)?;
    let note = Some(format!("Restored revision {number}"));
    let item = save_revision(
        tenant,
        &txn,
        item,
        &content,
        note,
        actor,
        "restored_revision",
    )
    .await?;
    txn.commit().await?;
    Ok(item)
}

/// An item's revisions, newest first.
pub async fn revisions(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<revision::Model>, PublishingError> {
    let mut query = scoped::<revision::Entity>(tenant).filter(revision::Column::ItemId.eq(item_id));
    if let Some(before) = before {
        query = query.filter(revision::Column::Number.lt(before));
    }
    Ok(query
        .order_by_desc(revision::Column::Number)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// An item's history: saves, workflow moves, deletions, newest first.
pub async fn events(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    item_id: Uuid,
    limit: u64,
) -> Result<Vec<event::Model>, PublishingError> {
    Ok(scoped::<event::Entity>(tenant)
        .filter(event::Column::ItemId.eq(item_id))
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Sets (or clears) the times an item goes live and comes down. The publication carries the revision current
/// now, so later edits wait for their own review.
#[tracing::instrument(skip_all, fields(council = %tenant.slug(), %id))]
#[allow(clippy::too_many_arguments)]
pub async fn schedule(
    tenant: &Tenant,
    db: &DatabaseConnection,
    kind: ContentKind,
    id: Uuid,
    expected: i32,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    actor: Actor,
) -> Result<item::Model, PublishingError> {
    if let (Some(p), Some(u)) = (publish_at, unpublish_at)
        && u <= p
    {
        return Err(PublishingError::invalid(
            "unpublish_at",
            "must be after publish_at",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let item = get(tenant, &txn, kind, id).await?;
    check_version(&item, expected)?;
    if status_of(&item) == Status::Archived {
        return Err(PublishingError::Transition {
            action: "scheduled",
            status: Status::Archived.as_str(),
        });
    }
    if unpublish_at.is_some() && publish_at.is_none() && item.live_revision.is_none() {
        return Err(PublishingError::invalid(
            "unpublish_at",
            "the item is not live; schedule a publication too",
        ));
    }
    cancel_jobs(tenant, &txn, id).await?;
    let now = Utc::now();
    for (kind, at, revision) in [
        ("publish", publish_at, Some(item.latest_revision)),
        ("unpublish", unpublish_at, None),
    ] {
        if let Some(at) = at {
            job::Entity::insert(job::ActiveModel {
                id: Set(Uuid::now_v7()),
                council_id: Set(tenant.id()),
                kind: Set(kind.to_owned()),
                item_id: Set(id),
                revision: Set(revision),
                run_at: Set(at),
                done_at: Set(None),
                cancelled_at: Set(None),
                attempts: Set(0),
                last_error: Set(None),
                done_by: Set(None),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    let mut active: item::ActiveModel = item.clone().into();
    active.publish_at = Set(publish_at);
    active.unpublish_at = Set(unpublish_at);
    active.version = Set(item.version + 1);
    active.updated_by = Set(actor.0);
    active.updated_at = Set(now);
    let item = bump(&txn, active, item.version).await?;
    let note = match (publish_at, unpublish_at) {
        (None, None) => "schedule cleared".to_owned(),
        (p, u) => format!(
            "publish at {}; unpublish at {}",
            p.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into()),
            u.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into())
        ),
    };
    record(tenant, &txn, &item, "scheduled", None, actor, Some(note)).await?;
    txn.commit().await?;
    Ok(item)
}

async fn cancel_jobs(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    item_id: Uuid,
) -> Result<(), PublishingError> {
    job::Entity::update_many()
        .col_expr(job::Column::CancelledAt, Expr::value(Utc::now()))
        .filter(job::Column::CouncilId.eq(tenant.id()))
        .filter(job::Column::ItemId.eq(item_id))
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::CancelledAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Carries out one claimed job inside the claiming transaction.
pub(super) async fn run_job(
    tenant: &Tenant,
    txn: &impl ConnectionTrait,
    job: &job::Model,
) -> Result<(), PublishingError> {
    let Some(item) = scoped::<item::Entity>(tenant)
        .filter(item::Column::Id.eq(job.item_id))
        .filter(item::Column::DeletedAt.is_null())
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let actor = Actor(None);
    let note = Some("scheduled".to_owned());
    match job.kind.as_str() {
        "publish" if !matches!(status_of(&item), Status::Published | Status::Archived) => {
            apply(
                tenant,
                txn,
                item,
                Action::Publish,
                job.revision,
                note,
                actor,
            )
            .await?;
        }
        "unpublish" if item.live_revision.is_some() => {
            apply(tenant, txn, item, Action::Unpublish, None, note, actor).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Changes are listed only once they are this old, so that a change committed a moment after a later-numbered
/// one (by another server) is not skipped by a reader who has already passed its number.
pub const CHANGES_SETTLE_SECS: i64 = 2;

/// The council's change log after `after` (an event id), oldest first. `public` keeps only what changes the
/// public site: publications, and removals by unpublishing, archiving or deleting (and restores).
pub async fn changes(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
    public: bool,
) -> Result<Vec<event::Model>, PublishingError> {
    let mut query = scoped::<event::Entity>(tenant)
        .filter(event::Column::At.lt(Utc::now() - chrono::Duration::seconds(CHANGES_SETTLE_SECS)));
    if public {
        query = query.filter(event::Column::Action.is_in([
            "published",
            "unpublished",
            "archived",
            "deleted",
            "restored",
        ]));
    }
    if let Some(after) = after {
        query = query.filter(event::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}
