//! Menus: the site's navigation, named (`main`, `footer`) so front-ends can ask for them. A menu is published
//! once, with its labels in every locale; the reader picks one.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ContentKind, Kind, Link, LinkTarget, Projection, SlugClaim, Translations};
use crate::{
    content::validate::{check_locales, check_slug, check_text, check_url},
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A navigation menu: ordered, nested links to pages, services or URLs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "main", "items": [{"labels": {"en": "Bins and recycling", "cy": "Biniau ac ailgylchu"}, "page_id": "01934b7e-1f00-7000-8000-000000000001", "children": []}, {"labels": {"en": "Contact us"}, "url": "https://www.example.gov.uk/contact"}]}))]
pub struct MenuContent {
    /// The menu's name, used by front-ends to ask for it (`main`, `footer`).
    pub name: String,
    #[serde(default)]
    pub items: Vec<MenuItem>,
}

/// One link: exactly one of `page_id`, `service_id` or `url`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub labels: Translations<String>,
    #[serde(default)]
    pub page_id: Option<Uuid>,
    #[serde(default)]
    pub service_id: Option<Uuid>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    #[schema(no_recursion)]
    pub children: Vec<MenuItem>,
}

/// A published menu (labels in every locale; the reader picks one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MenuDoc {
    pub name: String,
    pub items: Vec<MenuItem>,
}

impl Kind for MenuContent {
    const NAME: &'static str = "menu";
    const COLLECTION: &'static str = "menus";
    const LABEL: &'static str = "Menu";

    fn title(&self) -> String {
        self.name.clone()
    }

    /// The pages and services its items link to, at any depth.
    fn links(&self) -> Vec<Link> {
        fn walk(path: &str, items: &[MenuItem], out: &mut Vec<Link>) {
            for (i, item) in items.iter().enumerate() {
                let at = format!("{path}[{i}]");
                if let Some(id) = item.page_id {
                    out.push(Link {
                        field: format!("{at}.page_id"),
                        target: LinkTarget::Item(ContentKind::Page),
                        id,
                    });
                }
                if let Some(id) = item.service_id {
                    out.push(Link {
                        field: format!("{at}.service_id"),
                        target: LinkTarget::Item(ContentKind::Service),
                        id,
                    });
                }
                walk(&format!("{at}.children"), &item.children, out);
            }
        }
        let mut links = Vec::new();
        walk("items", &self.items, &mut links);
        links
    }

    /// A menu is stored under English only.
    fn locales(&self) -> Vec<String> {
        vec!["en".to_owned()]
    }

    /// Its name is unique among the council's menus.
    fn slug_claims(&self) -> Vec<SlugClaim> {
        vec![SlugClaim {
            locale: "en".into(),
            scope: Self::NAME.into(),
            slug: self.name.clone(),
        }]
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_slug("name", &self.name)?;
        menu_items("items", &self.items, tenant, 1)
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        if locale != "en" {
            return None;
        }
        let doc = MenuDoc {
            name: self.name.clone(),
            items: self.items.clone(),
        };
        Some(Projection::new(
            locale,
            &self.name,
            Some(&self.name),
            None,
            &doc,
        ))
    }
}

fn menu_items(
    path: &str,
    items: &[MenuItem],
    tenant: &Tenant,
    depth: usize,
) -> Result<(), PublishingError> {
    if depth > 3 {
        return Err(PublishingError::invalid(
            path,
            "menus nest at most three levels",
        ));
    }
    if items.len() > 100 {
        return Err(PublishingError::invalid(path, "at most 100 links a level"));
    }
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        check_locales(&format!("{at}.labels"), &item.labels, tenant)?;
        for (locale, label) in &item.labels {
            check_text(&format!("{at}.labels.{locale}"), label, 200)?;
        }
        let targets = [
            item.page_id.is_some(),
            item.service_id.is_some(),
            item.url.is_some(),
        ];
        if targets.iter().filter(|t| **t).count() != 1 {
            return Err(PublishingError::invalid(
                at,
                "give exactly one of page_id, service_id or url",
            ));
        }
        if let Some(url) = &item.url {
            check_url(&format!("{at}.url"), url)?;
        }
        menu_items(&format!("{at}.children"), &item.children, tenant, depth + 1)?;
    }
    Ok(())
}
