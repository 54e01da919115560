//! Files of the media library as the public API shows them: only public ones (not restricted, not deleted).
use std::collections::HashMap;

use async_graphql::{ID, SimpleObject};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::model;
use crate::tenancy::Tenant;

/// A public file of the council's media library.
#[derive(SimpleObject, Clone)]
#[graphql(name = "MediaFile")]
pub struct MediaFileGql {
    pub id: ID,
    pub title: String,
    pub file_name: String,
    pub mime_type: String,
    pub size: i64,
    /// For PDFs.
    pub page_count: Option<i32>,
    pub language: Option<String>,
    /// Download path on this server.
    pub url: String,
}

impl MediaFileGql {
    pub fn new(tenant: &Tenant, m: model::Model) -> Self {
        Self {
            url: m.url(tenant.slug()),
            id: ID(m.id.to_string()),
            title: m.title,
            file_name: m.file_name,
            mime_type: m.mime_type,
            size: m.size,
            page_count: m.page_count,
            language: m.language,
        }
    }
}

/// The public files among `ids` (one query), by id; restricted, deleted and unknown ones are left out.
pub async fn public_files(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, model::Model>, DbErr> {
    super::store::public_files(tenant, db, ids).await
}
