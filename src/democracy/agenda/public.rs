//! The one place that decides what of an agenda the public sees. Before the agenda is published: nothing.
//! Exempt items, and everything under them: a stub ("Exempt item" and the Schedule 12A paragraph). Minutes and
//! resolutions: only once the minutes are published. Papers: never restricted ones, never those of an exempt or
//! deleted item (or of an item under one), minutes papers only with the minutes. Decided when read, so making an
//! item exempt later hides its papers at once.
use uuid::Uuid;

use super::model::{DocumentKind, agenda_item, document};
use crate::democracy::meetings::model as meeting;

/// The title the public sees for an exempt item.
pub const EXEMPT_TITLE: &str = "Exempt item";

/// The Schedule 12A paragraph that makes an item exempt: its own or that of an item above it. An item missing
/// from `items` (deleted) or a parent chain that loops counts as exempt too (paragraph 0: unknown).
fn exempt_paragraph(items: &[agenda_item::Model], id: Uuid) -> Option<i16> {
    let mut current = Some(id);
    for _ in 0..=items.len() {
        let id = current?;
        let Some(item) = items.iter().find(|i| i.id == id) else {
            return Some(0);
        };
        if item.exempt_paragraph.is_some() {
            return item.exempt_paragraph;
        }
        current = item.parent_id;
    }
    Some(0)
}

/// Items as the public may see them (`items`: the meeting's live items, in agenda order).
pub fn items(meeting: &meeting::Model, items: Vec<agenda_item::Model>) -> Vec<agenda_item::Model> {
    if meeting.agenda_published_at.is_none() || meeting.deleted_at.is_some() {
        return Vec::new();
    }
    let minutes_out = meeting.minutes_published_at.is_some();
    let hidden: Vec<(Uuid, Option<i16>)> = items
        .iter()
        .map(|i| (i.id, exempt_paragraph(&items, i.id)))
        .collect();
    items
        .into_iter()
        .map(|mut item| {
            let paragraph = hidden
                .iter()
                .find(|(id, _)| *id == item.id)
                .and_then(|(_, p)| *p);
            if paragraph.is_some() {
                item.title = EXEMPT_TITLE.to_owned();
                item.exempt_paragraph = paragraph;
                item.description = None;
                item.minutes = None;
                item.resolution = None;
            } else if !minutes_out {
                item.minutes = None;
                item.resolution = None;
            }
            item
        })
        .collect()
}

/// Whether the public may see (and download) a paper (`items`: the meeting's live items).
pub fn document_visible(
    meeting: &meeting::Model,
    items: &[agenda_item::Model],
    doc: &document::Model,
) -> bool {
    if doc.restricted || doc.deleted_at.is_some() || meeting.deleted_at.is_some() {
        return false;
    }
    if doc
        .agenda_item_id
        .is_some_and(|item| exempt_paragraph(items, item).is_some())
    {
        return false;
    }
    match DocumentKind::parse(&doc.kind) {
        Some(DocumentKind::Minutes) => meeting.minutes_published_at.is_some(),
        _ => meeting.agenda_published_at.is_some(),
    }
}
