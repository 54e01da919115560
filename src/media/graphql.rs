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
    /// Where it downloads from: a whole address (under the council's CDN address when it has one).
    pub url: String,
}

impl MediaFileGql {
    pub fn new(tenant: &Tenant, m: model::Model) -> Self {
        Self {
            url: m.url(tenant),
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

/// An image of the council's media library, as a front-end shows it.
pub struct ImageGql {
    file: model::Model,
    url: String,
    alt: Option<String>,
    decorative: bool,
}

impl ImageGql {
    /// The image `file`, with the alt text and decorative flag of where it is shown (a block's own, else the
    /// library's).
    pub fn new(tenant: &Tenant, file: model::Model, alt: Option<String>, decorative: bool) -> Self {
        Self {
            url: file.url(tenant),
            alt: alt.or_else(|| file.alt.clone()),
            decorative: decorative || file.decorative,
            file,
        }
    }
}

#[async_graphql::Object(name = "Image")]
impl ImageGql {
    /// The original's whole address; with `width` (160, 320, 640, 960 or 1280), a rendition no wider than that,
    /// by default JPEG for photographs and lossless WebP for other images, or in `format` (which needs a width).
    async fn url(
        &self,
        width: Option<i32>,
        format: Option<super::renditions::Format>,
    ) -> async_graphql::Result<String> {
        match (width, format) {
            (None, None) => Ok(self.url.clone()),
            (None, Some(_)) => Err(crate::error::argument_error(
                "format",
                "give a width with a format: renditions have one of the widths",
            )),
            (Some(w), format) => match u32::try_from(w) {
                Ok(w) if super::renditions::WIDTHS.contains(&w) => Ok(format!(
                    "{}?{}",
                    self.url,
                    super::renditions::query(&self.file.mime_type, w, format)
                )),
                _ => Err(crate::error::argument_error(
                    "width",
                    "give one of 160, 320, 640, 960 or 1280",
                )),
            },
        }
    }
    /// In pixels (null for images uploaded before sizes were recorded).
    async fn width(&self) -> Option<i32> {
        self.file.width
    }
    async fn height(&self) -> Option<i32> {
        self.file.height
    }
    /// Text for those who cannot see the image (empty when it is decorative).
    async fn alt(&self) -> String {
        if self.decorative {
            String::new()
        } else {
            self.alt.clone().unwrap_or_default()
        }
    }
    /// Decoration only: hide it from screen readers (`alt=""`).
    async fn decorative(&self) -> bool {
        self.decorative
    }
    async fn mime_type(&self) -> &str {
        &self.file.mime_type
    }
    /// For `<img srcset>`: each rendition narrower than the image with its width, then the original; null when
    /// the image's width is unknown or it is narrower than the smallest rendition.
    async fn srcset(&self) -> Option<String> {
        let width = u32::try_from(self.file.width?).ok()?;
        super::renditions::srcset(&self.url, width)
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
