//! Topics: the council's taxonomy, which pages, services and news are filed under.
use async_graphql::{ID, Object};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Kind, Projection, SlugClaim, Translations, claims_in, locales_of};
use crate::{
    content::{
        delivery::Delivered,
        graphql::doc,
        validate::{check_locales, check_opt_text, check_slug, check_text},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A topic of the council's taxonomy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"translations": {"en": {"name": "Waste and recycling", "slug": "waste-and-recycling"}, "cy": {"name": "Gwastraff ac ailgylchu", "slug": "gwastraff-ac-ailgylchu"}}}))]
pub struct TopicContent {
    pub translations: Translations<TopicText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TopicText {
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A published topic in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TopicDoc {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
}

impl Kind for TopicContent {
    const NAME: &'static str = "topic";
    const COLLECTION: &'static str = "topics";
    const LABEL: &'static str = "Topic";

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.name.clone()).unwrap_or_default()
    }

    fn locales(&self) -> Vec<String> {
        locales_of(&self.translations)
    }

    fn slug_claims(&self) -> Vec<SlugClaim> {
        claims_in(&self.translations, Self::NAME, |t| &t.slug)
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.name"), &t.name, 200)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.description"), &t.description, 1000)?;
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = TopicDoc {
            name: t.name.clone(),
            slug: t.slug.clone(),
            description: t.description.clone(),
        };
        Some(Projection::new(
            locale,
            &t.name,
            Some(&t.slug),
            t.description.as_deref(),
            &doc,
        ))
    }
}

/// A topic of the council's taxonomy.
pub struct TopicGql {
    d: Delivered,
    doc: TopicDoc,
}

impl TopicGql {
    pub(in crate::content) fn new(d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self { doc: doc(&d)?, d })
    }
}

#[Object(name = "Topic")]
impl TopicGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    async fn name(&self) -> &str {
        &self.doc.name
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    async fn description(&self) -> Option<&str> {
        self.doc.description.as_deref()
    }
}
