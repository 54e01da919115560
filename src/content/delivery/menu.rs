//! Navigation menus, with links to pages and services that are live (or previewed).
use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{Mode, by_ids, by_slug};
use crate::content::kinds::{ContentKind, menu::MenuItem};
use crate::{publishing::PublishingError, tenancy::Tenant};

/// A navigation menu in one locale.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
pub struct Menu {
    pub name: String,
    pub items: Vec<MenuLink>,
}

/// One link of a menu. Links to pages or services that are not live are left out (with their children).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, async_graphql::SimpleObject)]
pub struct MenuLink {
    pub label: String,
    pub url: String,
    /// What the link points at: `page`, `service` or `url`.
    pub kind: String,
    pub target_id: Option<Uuid>,
    #[schema(no_recursion)]
    pub children: Vec<MenuLink>,
}

fn menu_targets(items: &[MenuItem], out: &mut Vec<Uuid>) {
    for item in items {
        out.extend(item.page_id.iter().chain(item.service_id.iter()).copied());
        menu_targets(&item.children, out);
    }
}

fn menu_links(items: &[MenuItem], locale: &str, paths: &HashMap<Uuid, String>) -> Vec<MenuLink> {
    items
        .iter()
        .filter_map(|item| {
            let label = item
                .labels
                .get(locale)
                .or_else(|| item.labels.get("en"))?
                .clone();
            let (kind, url, target) = match (item.page_id, item.service_id, &item.url) {
                (Some(id), _, _) => ("page", paths.get(&id)?.clone(), Some(id)),
                (_, Some(id), _) => ("service", paths.get(&id)?.clone(), Some(id)),
                (_, _, Some(url)) => ("url", url.clone(), None),
                _ => return None,
            };
            Some(MenuLink {
                label,
                url,
                kind: kind.to_owned(),
                target_id: target,
                children: menu_links(&item.children, locale, paths),
            })
        })
        .collect()
}

/// A menu by name, its links resolved to the paths of live pages and services (in `locale`, else English).
pub async fn menu(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    name: &str,
) -> Result<Option<Menu>, PublishingError> {
    let Some(found) = by_slug(tenant, db, mode, ContentKind::Menu, "en", name).await? else {
        return Ok(None);
    };
    let doc: crate::content::kinds::menu::MenuDoc = found.doc()?;
    let mut targets = Vec::new();
    menu_targets(&doc.items, &mut targets);
    let paths: HashMap<Uuid, String> = by_ids(tenant, db, mode, locale, &targets)
        .await?
        .into_iter()
        .filter(|d| matches!(d.kind, ContentKind::Page | ContentKind::Service))
        .filter_map(|d| Some((d.id, d.path?)))
        .collect();
    Ok(Some(Menu {
        name: doc.name,
        items: menu_links(&doc.items, locale, &paths),
    }))
}
