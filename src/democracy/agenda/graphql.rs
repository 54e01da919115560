//! GraphQL types for a meeting's public agenda (a tree) and papers, built from rows already filtered by
//! [`super::public`].
use async_graphql::{ID, SimpleObject};

use super::{
    model::{DocumentKind, agenda_item, document},
    rest::document_url,
    store::parse_wards,
};
use crate::tenancy::Tenant;

#[derive(SimpleObject, Clone)]
#[graphql(name = "Document")]
pub struct DocumentGql {
    pub id: ID,
    pub kind: DocumentKind,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Where it downloads from: a whole address (under the council's CDN address when it has one).
    pub url: String,
}

impl DocumentGql {
    pub fn new(tenant: &Tenant, d: &document::Model) -> Self {
        Self {
            id: ID(d.id.to_string()),
            kind: DocumentKind::parse(&d.kind).unwrap_or(DocumentKind::BackgroundPaper),
            title: d.title.clone(),
            file_name: d.file_name.clone(),
            content_type: d.content_type.clone(),
            size_bytes: d.size_bytes,
            url: document_url(tenant, d),
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "AgendaItem")]
pub struct AgendaItemGql {
    pub id: ID,
    pub order_label: String,
    /// "Exempt item" for exempt items.
    pub title: String,
    pub description: Option<String>,
    pub exempt: bool,
    /// Schedule 12A paragraph (1-7) of an exempt item.
    pub exempt_paragraph: Option<i16>,
    pub key_decision: bool,
    /// Empty means all wards.
    pub ward_ids: Vec<ID>,
    pub minutes: Option<String>,
    pub resolution: Option<String>,
    pub documents: Vec<DocumentGql>,
    pub children: Vec<AgendaItemGql>,
}

/// Builds the tree of one meeting's items (already public-filtered, in agenda order) with their papers.
pub fn tree(
    tenant: &Tenant,
    items: &[agenda_item::Model],
    docs: &[document::Model],
    parent: Option<uuid::Uuid>,
    depth: usize,
) -> Vec<AgendaItemGql> {
    if depth > 8 {
        return Vec::new();
    }
    items
        .iter()
        .filter(|i| i.parent_id == parent)
        .map(|i| AgendaItemGql {
            id: ID(i.id.to_string()),
            order_label: i.order_label.clone(),
            title: i.title.clone(),
            description: i.description.clone(),
            exempt: i.exempt_paragraph.is_some(),
            exempt_paragraph: i.exempt_paragraph,
            key_decision: i.key_decision,
            ward_ids: parse_wards(&i.ward_ids)
                .into_iter()
                .map(|w| ID(w.to_string()))
                .collect(),
            minutes: i.minutes.clone(),
            resolution: i.resolution.clone(),
            documents: docs
                .iter()
                .filter(|d| d.agenda_item_id == Some(i.id))
                .map(|d| DocumentGql::new(tenant, d))
                .collect(),
            children: tree(tenant, items, docs, Some(i.id), depth + 1),
        })
        .collect()
}
