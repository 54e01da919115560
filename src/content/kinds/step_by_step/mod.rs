//! Step by step: a process residents go through in order ("Register a death", "Apply for a school place"), as on
//! GOV.UK: numbered steps, a step that goes with the one before ("and") or is instead of it ("or"), each with
//! links to the council's pages and services or to other sites. Any page or service can show which step by steps
//! it is part of. A step by step lives at `/step-by-step/{slug}`.
pub mod graphql;
pub mod rest;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    ContentKind, Kind, Link, LinkTarget, Projection, SlugClaim, Translations, claims_in,
    locales_of, search_lines,
};
use crate::{
    content::validate::{check_locales, check_opt_text, check_slug, check_text, check_url},
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A step by step navigation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"translations": {"en": {"title": "Register a death", "slug": "register-a-death", "summary": "What to do when someone dies.", "steps": [{"title": "Get a medical certificate", "links": [{"service": "019a0000-0000-7000-8000-000000000003"}]}, {"title": "Register the death", "links": [{"url": "https://www.gov.uk/register-a-death", "text": "Register a death on GOV.UK"}]}, {"title": "Tell Us Once", "logic": "and", "links": []}]}}}))]
pub struct StepByStepContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    pub translations: Translations<StepByStepText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StepByStepText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// The steps in order (1 to 30).
    pub steps: Vec<Step>,
}

/// One step.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// `and`: done with the step before (it shares its number); `or`: instead of the step before.
    #[serde(default)]
    pub logic: Option<StepLogic>,
    /// What to know about the step.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub links: Vec<StepLink>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum StepLogic {
    And,
    Or,
}

/// A link of a step: one of the council's pages or services, or another site (with its text).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StepLink {
    #[serde(default)]
    pub page: Option<Uuid>,
    #[serde(default)]
    pub service: Option<Uuid>,
    #[serde(default)]
    pub url: Option<String>,
    /// The link's text: required for another site; for a page or service, its title is used when absent.
    #[serde(default)]
    pub text: Option<String>,
    /// What it costs ("£11 a copy"), shown beside the link.
    #[serde(default)]
    pub cost: Option<String>,
}

/// A published step by step in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct StepByStepDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub steps: Vec<Step>,
    pub topics: Vec<Uuid>,
}

/// The number each step shows: a step with `and` or `or` shares the number of the one before.
pub fn step_numbers(steps: &[Step]) -> Vec<u32> {
    let mut n = 0;
    steps
        .iter()
        .map(|s| {
            if s.logic.is_none() || n == 0 {
                n += 1;
            }
            n
        })
        .collect()
}

impl StepByStepContent {
    /// Every page and service it links to, in any language.
    pub fn linked_items(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self
            .translations
            .values()
            .flat_map(|t| t.steps.iter())
            .flat_map(|s| s.links.iter())
            .filter_map(|l| l.page.or(l.service))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

impl Kind for StepByStepContent {
    const NAME: &'static str = "step_by_step";
    const COLLECTION: &'static str = "step-by-steps";
    const LABEL: &'static str = "Step by step";
    const SEARCHED: bool = true;

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.title.clone()).unwrap_or_default()
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
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            if t.steps.is_empty() || t.steps.len() > 30 {
                return Err(PublishingError::invalid(
                    format!("{at}.steps"),
                    "give 1 to 30 steps",
                ));
            }
            for (i, step) in t.steps.iter().enumerate() {
                let s = format!("{at}.steps[{i}]");
                check_text(&format!("{s}.title"), &step.title, 300)?;
                check_opt_text(&format!("{s}.text"), &step.text, 2000)?;
                if i == 0 && step.logic.is_some() {
                    return Err(PublishingError::invalid(
                        format!("{s}.logic"),
                        "the first step has no step before it to go with",
                    ));
                }
                if step.links.len() > 20 {
                    return Err(PublishingError::invalid(
                        format!("{s}.links"),
                        "at most 20 links a step",
                    ));
                }
                for (j, link) in step.links.iter().enumerate() {
                    let l = format!("{s}.links[{j}]");
                    let targets = [
                        link.page.is_some(),
                        link.service.is_some(),
                        link.url.is_some(),
                    ]
                    .iter()
                    .filter(|x| **x)
                    .count();
                    if targets != 1 {
                        return Err(PublishingError::invalid(
                            l,
                            "link to one page, one service or one address",
                        ));
                    }
                    if let Some(url) = &link.url {
                        check_url(&format!("{l}.url"), url)?;
                        if link.text.is_none() {
                            return Err(PublishingError::invalid(
                                format!("{l}.text"),
                                "say what a link to another site is",
                            ));
                        }
                    }
                    check_opt_text(&format!("{l}.text"), &link.text, 300)?;
                    check_opt_text(&format!("{l}.cost"), &link.cost, 100)?;
                }
            }
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = StepByStepDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            steps: t.steps.clone(),
            topics: self.topics.clone(),
        };
        Some(Projection::new(
            locale,
            &t.title,
            Some(&t.slug),
            t.summary.as_deref(),
            &doc,
        ))
    }

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    /// The pages and services its steps link to, which must be the council's own.
    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for (locale, t) in &self.translations {
            for (i, step) in t.steps.iter().enumerate() {
                for (j, link) in step.links.iter().enumerate() {
                    let at = format!("translations.{locale}.steps[{i}].links[{j}]");
                    if let Some(id) = link.page {
                        links.push(Link {
                            field: format!("{at}.page"),
                            target: LinkTarget::Item(ContentKind::Page),
                            id,
                        });
                    }
                    if let Some(id) = link.service {
                        links.push(Link {
                            field: format!("{at}.service"),
                            target: LinkTarget::Item(ContentKind::Service),
                            id,
                        });
                    }
                }
            }
        }
        links
    }

    /// The pages and services it links to, so that each can show the step by steps it is part of.
    fn tags(&self) -> Vec<(&'static str, String)> {
        self.linked_items()
            .into_iter()
            .map(|id| ("part_of", id.to_string()))
            .collect()
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/step-by-step/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let steps: Vec<String> = t
            .steps
            .iter()
            .flat_map(|s| [Some(s.title.clone()), s.text.clone()])
            .flatten()
            .collect();
        let steps = steps.join("\n");
        Some((
            t.title.clone(),
            search_lines(&[t.summary.as_deref(), Some(&steps)]),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_and_or_steps_share_the_number_of_the_step_before() {
        let step = |logic| Step {
            title: "x".into(),
            logic,
            text: None,
            links: vec![],
        };
        let steps = [
            step(None),
            step(None),
            step(Some(StepLogic::And)),
            step(Some(StepLogic::Or)),
            step(None),
        ];
        assert_eq!(step_numbers(&steps), [1, 2, 2, 2, 3]);
    }
}
