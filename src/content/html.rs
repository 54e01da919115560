//! Server-rendered bodies (`bodyHtml`), shared by GraphQL and the REST delivery API.
use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    blocks::{self, Block, EmbedTarget, RenderLinks},
    delivery::{self, Mode},
};
use crate::{content::kinds::ContentKind, publishing::PublishingError, tenancy::Tenant};

/// The things of one kind a body embeds, at any depth.
pub fn embedded(blocks: &[Block], target: EmbedTarget, out: &mut Vec<Uuid>) {
    for block in blocks {
        match block {
            Block::Embed { target: t, id } if *t == target => out.push(*id),
            Block::Accordion { sections } => {
                for section in sections {
                    embedded(&section.body, target, out);
                }
            }
            _ => {}
        }
    }
}

/// The services a body embeds, at any depth.
pub fn embedded_services(blocks: &[Block], out: &mut Vec<Uuid>) {
    embedded(blocks, EmbedTarget::Service, out);
}

/// Title and download URL of the public documents (not restricted, not deleted) a body embeds.
pub async fn embedded_documents(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    body: &[Block],
) -> Result<HashMap<Uuid, (String, String)>, PublishingError> {
    let mut ids = Vec::new();
    embedded(body, EmbedTarget::Document, &mut ids);
    Ok(crate::media::graphql::public_files(tenant, db, ids)
        .await?
        .into_values()
        .map(|m| {
            let url = m.url(tenant.slug());
            (m.id, (m.title, url))
        })
        .collect())
}

/// Renders a body, linking embedded services and documents that are found in `services` and `documents`
/// (id -> title, URL) and images to the council's media URLs. Embeds of things not found are left out (meetings
/// have no page of their own on a council's site to link to).
pub fn render(
    body: &[Block],
    services: &HashMap<Uuid, (String, String)>,
    documents: &HashMap<Uuid, (String, String)>,
    council_slug: &str,
) -> String {
    let embed = |target: EmbedTarget, id: Uuid| match target {
        EmbedTarget::Service => services.get(&id).cloned(),
        EmbedTarget::Document => documents.get(&id).cloned(),
        EmbedTarget::Meeting => None,
    };
    let media_url = |id: Uuid| Some(format!("/media/{council_slug}/{id}"));
    blocks::render_html(
        body,
        &RenderLinks {
            embed: &embed,
            media_url: &media_url,
        },
    )
}

/// Renders a body, loading the services it embeds.
pub async fn body_html(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    body: &[Block],
) -> Result<String, PublishingError> {
    let mut ids = Vec::new();
    embedded_services(body, &mut ids);
    let services = delivery::by_ids(tenant, db, mode, locale, &ids)
        .await?
        .into_iter()
        .filter(|d| d.kind == ContentKind::Service)
        .filter_map(|d| Some((d.id, (d.title.clone(), d.path.clone()?))))
        .collect();
    let documents = embedded_documents(tenant, db, body).await?;
    Ok(render(body, &services, &documents, tenant.slug()))
}
