//! Server-rendered bodies (`bodyHtml`), shared by GraphQL and the REST delivery API.
use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    blocks::{self, Block, EmbedTarget, RenderLinks},
    delivery::{self, Mode},
};
use crate::{
    publishing::{ContentKind, PublishingError},
    tenancy::Tenant,
};

/// The services a body embeds, at any depth.
pub fn embedded_services(blocks: &[Block], out: &mut Vec<Uuid>) {
    for block in blocks {
        match block {
            Block::Embed {
                target: EmbedTarget::Service,
                id,
            } => out.push(*id),
            Block::Accordion { sections } => {
                for section in sections {
                    embedded_services(&section.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Renders a body, linking embedded services that are found in `services` (id -> title, path) and images to
/// the council's media URLs. Embeds of things not found are left out.
pub fn render(
    body: &[Block],
    services: &HashMap<Uuid, (String, String)>,
    council_slug: &str,
) -> String {
    let embed = |target: EmbedTarget, id: Uuid| match target {
        EmbedTarget::Service => services.get(&id).cloned(),
        EmbedTarget::Document | EmbedTarget::Meeting => None,
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
    Ok(render(body, &services, tenant.slug()))
}
