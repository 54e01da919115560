//! Queries on agenda items and documents; every function takes the council's `Tenant`.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use uuid::Uuid;

use super::model::{DocumentKind, agenda_item, document, document_text};
use crate::{
    democracy::{DemocracyError, meetings},
    media::upload::Kept,
    tenancy::{Tenant, scoped, scoped_update, versioned_update},
};

/// An agenda item's editable fields.
#[derive(Debug, Clone)]
pub struct ItemFields {
    pub parent_id: Option<Uuid>,
    pub position: i32,
    pub order_label: String,
    pub title: String,
    pub description: Option<String>,
    pub exempt_paragraph: Option<i16>,
    pub key_decision: bool,
    /// Empty: all wards.
    pub ward_ids: Vec<Uuid>,
    pub minutes: Option<String>,
    pub resolution: Option<String>,
}

/// The live items of some meetings, in agenda order.
pub async fn items_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_ids: Vec<Uuid>,
) -> Result<Vec<agenda_item::Model>, DemocracyError> {
    Ok(scoped::<agenda_item::Entity>(tenant)
        .filter(agenda_item::Column::MeetingId.is_in(meeting_ids))
        .filter(agenda_item::Column::DeletedAt.is_null())
        .order_by_asc(agenda_item::Column::Position)
        .order_by_asc(agenda_item::Column::OrderLabel)
        .all(db)
        .await?)
}

/// The live documents of some meetings.
pub async fn documents_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_ids: Vec<Uuid>,
) -> Result<Vec<document::Model>, DemocracyError> {
    Ok(scoped::<document::Entity>(tenant)
        .filter(document::Column::MeetingId.is_in(meeting_ids))
        .filter(document::Column::DeletedAt.is_null())
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?)
}

/// The live items with these ids.
pub async fn items_by_ids(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<agenda_item::Model>, DemocracyError> {
    Ok(scoped::<agenda_item::Entity>(tenant)
        .filter(agenda_item::Column::Id.is_in(ids))
        .filter(agenda_item::Column::DeletedAt.is_null())
        .all(db)
        .await?)
}

pub async fn get_item(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<agenda_item::Model, DemocracyError> {
    scoped::<agenda_item::Entity>(tenant)
        .filter(agenda_item::Column::Id.eq(id))
        .filter(agenda_item::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Agenda item"))
}

async fn check(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    own: Option<Uuid>,
    fields: &ItemFields,
) -> Result<(), DemocracyError> {
    let invalid = |field, message: &str| DemocracyError::Validation {
        field,
        message: message.into(),
    };
    if let Some(parent) = fields.parent_id {
        let parent_item = get_item(tenant, db, parent)
            .await
            .map_err(|_| invalid("parent_id", "no such agenda item"))?;
        if parent_item.meeting_id != meeting_id || Some(parent) == own {
            return Err(invalid(
                "parent_id",
                "the parent must be another item of the same meeting",
            ));
        }
    }
    if fields
        .exempt_paragraph
        .is_some_and(|p| !(1..=7).contains(&p))
    {
        return Err(invalid(
            "exempt_paragraph",
            "Schedule 12A has paragraphs 1 to 7",
        ));
    }
    crate::democracy::people::store::check_wards(tenant, db, &fields.ward_ids).await?;
    Ok(())
}

fn ward_list(ids: &[Uuid]) -> String {
    ids.iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub fn parse_wards(value: &str) -> Vec<Uuid> {
    value
        .split(',')
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect()
}

pub async fn create_item(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    fields: ItemFields,
) -> Result<agenda_item::Model, DemocracyError> {
    meetings::store::get(tenant, db, meeting_id, false).await?;
    check(tenant, db, meeting_id, None, &fields).await?;
    let now = tenant.now();
    let row = agenda_item::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        meeting_id: Set(meeting_id),
        parent_id: Set(fields.parent_id),
        position: Set(fields.position),
        order_label: Set(fields.order_label),
        title: Set(fields.title),
        description: Set(fields.description),
        exempt_paragraph: Set(fields.exempt_paragraph),
        key_decision: Set(fields.key_decision),
        ward_ids: Set(ward_list(&fields.ward_ids)),
        minutes: Set(fields.minutes),
        resolution: Set(fields.resolution),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    let item = agenda_item::Entity::insert(row)
        .exec_with_returning(db)
        .await?;
    crate::democracy::search_index::index_meeting_of(tenant, db, meeting_id).await?;
    Ok(item)
}

pub async fn update_item(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    fields: ItemFields,
) -> Result<agenda_item::Model, DemocracyError> {
    let current = get_item(tenant, db, id).await?;
    check(tenant, db, current.meeting_id, Some(id), &fields).await?;
    let update = agenda_item::Entity::update_many()
        .col_expr(agenda_item::Column::ParentId, Expr::value(fields.parent_id))
        .col_expr(agenda_item::Column::Position, Expr::value(fields.position))
        .col_expr(
            agenda_item::Column::OrderLabel,
            Expr::value(fields.order_label),
        )
        .col_expr(agenda_item::Column::Title, Expr::value(fields.title))
        .col_expr(
            agenda_item::Column::Description,
            Expr::value(fields.description),
        )
        .col_expr(
            agenda_item::Column::ExemptParagraph,
            Expr::value(fields.exempt_paragraph),
        )
        .col_expr(
            agenda_item::Column::KeyDecision,
            Expr::value(fields.key_decision),
        )
        .col_expr(
            agenda_item::Column::WardIds,
            Expr::value(ward_list(&fields.ward_ids)),
        )
        .col_expr(agenda_item::Column::Minutes, Expr::value(fields.minutes))
        .col_expr(
            agenda_item::Column::Resolution,
            Expr::value(fields.resolution),
        );
    let now = versioned_update(
        tenant,
        db,
        id,
        expected_version,
        update,
        get_item(tenant, db, id),
    )
    .await?;
    crate::democracy::search_index::index_meeting_of(tenant, db, now.meeting_id).await?;
    Ok(now)
}

/// Where an item goes in a reordered agenda, at the version it was read at.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: Uuid,
    pub version: i32,
    pub parent_id: Option<Uuid>,
    pub position: i32,
    pub order_label: String,
}

/// Reorders a meeting's whole agenda at once: `places` names every live item once. Agendas have two levels (a
/// parent is a main item). Each item must be at the version it was read at (else nothing changes: 412). Returns
/// the items whose place changed, as they are now.
pub async fn reorder(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    places: Vec<Place>,
) -> Result<Vec<agenda_item::Model>, DemocracyError> {
    let invalid = |message: &str| DemocracyError::Validation {
        field: "items",
        message: message.into(),
    };
    meetings::store::get(tenant, db, meeting_id, false).await?;
    let items = items_of(tenant, db, vec![meeting_id]).await?;
    let mut named: Vec<Uuid> = places.iter().map(|p| p.id).collect();
    named.sort();
    let mut live: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    live.sort();
    if named != live {
        return Err(invalid("list every item of the meeting's agenda once"));
    }
    for place in &places {
        let label = place.order_label.trim();
        if label.is_empty() || label.len() > 20 {
            return Err(invalid("give each item a label of 1 to 20 characters"));
        }
        if let Some(parent) = place.parent_id {
            let above = places.iter().find(|p| p.id == parent);
            match above {
                Some(p) if p.id != place.id && p.parent_id.is_none() => {}
                _ => {
                    return Err(invalid(
                        "a sub-item's parent is a main item of the same agenda",
                    ));
                }
            }
        }
    }
    let mut changed = Vec::new();
    for place in places {
        let Some(current) = items.iter().find(|i| i.id == place.id) else {
            continue;
        };
        if current.version != place.version {
            return Err(DemocracyError::VersionMismatch {
                current: current.version,
            });
        }
        let label = place.order_label.trim().to_owned();
        if current.parent_id == place.parent_id
            && current.position == place.position
            && current.order_label == label
        {
            continue;
        }
        let update = agenda_item::Entity::update_many()
            .col_expr(agenda_item::Column::ParentId, Expr::value(place.parent_id))
            .col_expr(agenda_item::Column::Position, Expr::value(place.position))
            .col_expr(agenda_item::Column::OrderLabel, Expr::value(label));
        changed.push(
            versioned_update(
                tenant,
                db,
                place.id,
                place.version,
                update,
                get_item(tenant, db, place.id),
            )
            .await?,
        );
    }
    if !changed.is_empty() {
        crate::democracy::search_index::index_meeting_of(tenant, db, meeting_id).await?;
    }
    Ok(changed)
}

/// Deletes (softly) or restores an agenda item; its version moves on and the meeting's search entries follow.
pub async fn set_item_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    deleted: bool,
) -> Result<agenda_item::Model, DemocracyError> {
    let item =
        crate::democracy::soft_delete::set_deleted::<agenda_item::Entity>(tenant, db, id, deleted)
            .await?;
    crate::democracy::search_index::index_meeting_of(tenant, db, item.meeting_id).await?;
    Ok(item)
}

/// A new document's description; its bytes are stored first ([`Kept`]).
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub meeting_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub kind: DocumentKind,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub restricted: bool,
    pub uploaded_by: Option<Uuid>,
    /// Its text, for search (PDF, plain text, CSV).
    pub text: Option<String>,
}

/// Records a paper whose bytes are stored. A paper of an exempt item is always restricted.
pub async fn create_document(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    stored: &Kept,
    new: NewDocument,
) -> Result<document::Model, DemocracyError> {
    meetings::store::get(tenant, db, new.meeting_id, false).await?;
    let mut restricted = new.restricted;
    if let Some(item_id) = new.agenda_item_id {
        let item = get_item(tenant, db, item_id)
            .await
            .map_err(|_| DemocracyError::Validation {
                field: "agenda_item",
                message: "no such agenda item".into(),
            })?;
        if item.meeting_id != new.meeting_id {
            return Err(DemocracyError::Validation {
                field: "agenda_item",
                message: "the item belongs to another meeting".into(),
            });
        }
        restricted |= item.exempt_paragraph.is_some();
    }
    let now = tenant.now();
    let row = document::ActiveModel {
        id: Set(stored.id),
        council_id: Set(tenant.id()),
        meeting_id: Set(new.meeting_id),
        agenda_item_id: Set(new.agenda_item_id),
        kind: Set(new.kind.as_str().to_owned()),
        title: Set(new.title),
        file_name: Set(new.file_name),
        content_type: Set(new.content_type),
        size_bytes: Set(stored.size as i64),
        sha256: Set(stored.sha256.clone()),
        storage_key: Set(stored.key.clone()),
        restricted: Set(restricted),
        uploaded_by: Set(new.uploaded_by),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    let doc = document::Entity::insert(row)
        .exec_with_returning(db)
        .await?;
    if new.text.is_some() {
        scoped_update::<document_text::Entity>(tenant)
            .col_expr(document_text::Column::TextContent, Expr::value(new.text))
            .filter(document_text::Column::Id.eq(doc.id))
            .exec(db)
            .await?;
    }
    crate::democracy::search_index::index_meeting_of(tenant, db, doc.meeting_id).await?;
    Ok(doc)
}

/// Deletes (softly) or restores a paper; the meeting's search entries follow.
pub async fn set_document_deleted(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    id: Uuid,
    deleted: bool,
) -> Result<document::Model, DemocracyError> {
    // The paper must belong to the meeting of the path.
    scoped::<document::Entity>(tenant)
        .filter(document::Column::Id.eq(id))
        .filter(document::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Document"))?;
    let doc =
        crate::democracy::soft_delete::set_deleted::<document::Entity>(tenant, db, id, deleted)
            .await?;
    crate::democracy::search_index::index_meeting_of(tenant, db, meeting_id).await?;
    Ok(doc)
}

pub async fn get_document(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<document::Model, DemocracyError> {
    scoped::<document::Entity>(tenant)
        .filter(document::Column::Id.eq(id))
        .filter(document::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Document"))
}
