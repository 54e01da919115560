//! Keeps the search index in step with the democratic records the public can read: a meeting once its agenda is
//! published (its public agenda items; exempt ones are never indexed), the text of the papers the public may
//! download (never restricted ones, nor those of exempt items), and a published decision.
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

use super::{
    DemocracyError,
    agenda::{
        model::{agenda_item, document, document_text},
        public,
    },
    committees,
    decisions::model::decision,
    london,
    meetings::model as meeting,
};
use crate::{
    search::{self, IndexDoc, Visibility},
    tenancy::{Tenant, scoped},
};

/// Indexes a meeting if its agenda is public, or takes it out of the index.
pub async fn index_meeting(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    m: &meeting::Model,
) -> Result<(), DemocracyError> {
    search::remove(tenant, db, m.id, None).await?;
    let papers = scoped::<document::Entity>(tenant)
        .filter(document::Column::MeetingId.eq(m.id))
        .all(db)
        .await?;
    for paper in &papers {
        search::remove(tenant, db, paper.id, None).await?;
    }
    let cancelled = meeting::MeetingStatus::parse(&m.status) == meeting::MeetingStatus::Cancelled;
    if m.deleted_at.is_some() || m.agenda_published_at.is_none() || cancelled {
        return Ok(());
    }
    let committee = scoped::<committees::model::Entity>(tenant)
        .filter(committees::model::Column::Id.eq(m.committee_id))
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let items = scoped::<agenda_item::Entity>(tenant)
        .filter(agenda_item::Column::MeetingId.eq(m.id))
        .filter(agenda_item::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let exempt: Vec<Uuid> = items
        .iter()
        .filter(|i| i.exempt_paragraph.is_some())
        .map(|i| i.id)
        .collect();
    let mut body = String::new();
    for item in &items {
        // Exempt items, and items under them, stay out of the public index.
        let hidden =
            item.exempt_paragraph.is_some() || item.parent_id.is_some_and(|p| exempt.contains(&p));
        if hidden {
            continue;
        }
        body.push_str(&format!("{} {}\n", item.order_label, item.title));
        if let Some(description) = &item.description {
            body.push_str(description);
            body.push('\n');
        }
        if m.minutes_published_at.is_some() {
            for text in [&item.minutes, &item.resolution].into_iter().flatten() {
                body.push_str(text);
                body.push('\n');
            }
        }
    }
    let date = london::date_of(m.starts_at).format("%-d %B %Y");
    index_papers(
        tenant,
        db,
        m,
        &items,
        &papers,
        &format!("{committee}, {date}"),
    )
    .await?;
    search::upsert(
        tenant,
        db,
        IndexDoc {
            source_kind: "meeting",
            source_id: m.id,
            locale: "en".into(),
            visibility: Visibility::Live,
            title: format!("{committee}, {date}"),
            body,
            path: None,
        },
    )
    .await?;
    Ok(())
}

/// Indexes the text of the papers of a public meeting that everyone may download.
async fn index_papers(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    items: &[agenda_item::Model],
    papers: &[document::Model],
    meeting_title: &str,
) -> Result<(), DemocracyError> {
    let visible: Vec<&document::Model> = papers
        .iter()
        .filter(|d| public::document_visible(m, items, d))
        .collect();
    if visible.is_empty() {
        return Ok(());
    }
    let texts = scoped::<document_text::Entity>(tenant)
        .filter(document_text::Column::Id.is_in(visible.iter().map(|d| d.id)))
        .filter(document_text::Column::TextContent.is_not_null())
        .all(db)
        .await?;
    for text in texts {
        let (Some(paper), Some(body)) =
            (visible.iter().find(|d| d.id == text.id), text.text_content)
        else {
            continue;
        };
        search::upsert(
            tenant,
            db,
            IndexDoc {
                source_kind: "document",
                source_id: paper.id,
                locale: "en".into(),
                visibility: Visibility::Live,
                title: format!("{} ({meeting_title})", paper.title),
                body,
                path: Some(super::agenda::rest::document_path(tenant.slug(), paper)),
            },
        )
        .await?;
    }
    Ok(())
}

/// Indexes the meeting of an agenda item again.
pub async fn index_meeting_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> Result<(), DemocracyError> {
    if let Some(m) = scoped::<meeting::Entity>(tenant)
        .filter(meeting::Column::Id.eq(meeting_id))
        .one(db)
        .await?
    {
        index_meeting(tenant, db, &m).await?;
    }
    Ok(())
}

/// Indexes a decision once published.
pub async fn index_decision(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    d: &decision::Model,
) -> Result<(), DemocracyError> {
    search::remove(tenant, db, d.id, None).await?;
    if d.published_at.is_none() || d.deleted_at.is_some() {
        return Ok(());
    }
    let body = [
        Some(d.decision_maker.as_str()),
        Some(d.decision_text.as_str()),
        d.reasons.as_deref(),
        d.alternatives.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    search::upsert(
        tenant,
        db,
        IndexDoc {
            source_kind: "decision",
            source_id: d.id,
            locale: "en".into(),
            visibility: Visibility::Live,
            title: d.title.clone(),
            body,
            path: None,
        },
    )
    .await?;
    Ok(())
}
