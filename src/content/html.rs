//! Server-rendered bodies (`bodyHtml`), shared by GraphQL and the REST delivery API.
use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    blocks::{self, Block, EmbedTarget, ImageLinks, RenderLinks},
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
            let url = m.url(tenant);
            (m.id, (m.title, url))
        })
        .collect())
}

/// The public images a body shows, at any depth: address, size and renditions, by media id. Restricted,
/// deleted and unknown files are left out (their blocks are not rendered).
pub async fn embedded_images(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    body: &[Block],
) -> Result<HashMap<Uuid, ImageLinks>, PublishingError> {
    let mut ids = Vec::new();
    images_in(body, &mut ids);
    Ok(crate::media::graphql::public_files(tenant, db, ids)
        .await?
        .into_values()
        .map(|m| {
            let src = m.url(tenant);
            let size = m
                .width
                .zip(m.height)
                .map(|(w, h)| (w.max(0) as u32, h.max(0) as u32));
            let srcset = size.and_then(|(w, _)| crate::media::renditions::srcset(&src, w));
            (m.id, ImageLinks { src, size, srcset })
        })
        .collect())
}

fn images_in(blocks: &[Block], out: &mut Vec<Uuid>) {
    for block in blocks {
        match block {
            Block::Image { media_id, .. } => out.push(*media_id),
            Block::Accordion { sections } => {
                for section in sections {
                    images_in(&section.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Renders a body, linking embedded services and documents that are found in `services` and `documents`
/// (id -> title, URL) and showing the images found in `images`. Embeds and images of things not found are left
/// out (meetings have no page of their own on a council's site to link to).
pub fn render(
    body: &[Block],
    services: &HashMap<Uuid, (String, String)>,
    documents: &HashMap<Uuid, (String, String)>,
    images: &HashMap<Uuid, ImageLinks>,
) -> String {
    let embed = |target: EmbedTarget, id: Uuid| match target {
        EmbedTarget::Service => services.get(&id).cloned(),
        EmbedTarget::Document => documents.get(&id).cloned(),
        EmbedTarget::Meeting => None,
    };
    let image = |id: Uuid| images.get(&id).cloned();
    blocks::render_html(
        body,
        &RenderLinks {
            embed: &embed,
            image: &image,
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
    let images = embedded_images(tenant, db, body).await?;
    Ok(render(body, &services, &documents, &images))
}
