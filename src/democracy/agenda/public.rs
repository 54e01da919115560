//! The one place that decides what of an agenda the public sees. Before the agenda is published: nothing.
//! Exempt items: a stub ("Exempt item" and the Schedule 12A paragraph). Minutes and resolutions: only once the
//! minutes are published. Restricted papers: never; minutes papers only with the minutes.
use super::model::{DocumentKind, agenda_item, document};
use crate::democracy::meetings::model as meeting;

/// The title the public sees for an exempt item.
pub const EXEMPT_TITLE: &str = "Exempt item";

/// Items as the public may see them (already ordered by the caller).
pub fn items(meeting: &meeting::Model, items: Vec<agenda_item::Model>) -> Vec<agenda_item::Model> {
    if meeting.agenda_published_at.is_none() {
        return Vec::new();
    }
    let minutes_out = meeting.minutes_published_at.is_some();
    items
        .into_iter()
        .map(|mut item| {
            if item.exempt_paragraph.is_some() {
                item.title = EXEMPT_TITLE.to_owned();
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

/// Whether the public may see (and download) a document of a meeting.
pub fn document_visible(meeting: &meeting::Model, doc: &document::Model) -> bool {
    if doc.restricted || doc.deleted_at.is_some() || meeting.deleted_at.is_some() {
        return false;
    }
    match DocumentKind::parse(&doc.kind) {
        Some(DocumentKind::Minutes) => meeting.minutes_published_at.is_some(),
        _ => meeting.agenda_published_at.is_some(),
    }
}
