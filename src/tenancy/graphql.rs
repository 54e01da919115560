//! The kernel's part of the public `Council` GraphQL object: which council it stands for (a [`CouncilView`] that
//! each feature's fields read) and the council's own fields (`CouncilCore`). The wiring (`graphql/`) merges
//! these with the fields each feature contributes.
use async_graphql::Object;

use super::{Nation, Tenant, model};

/// The council a `Council` object stands for, and whether its content is read live or from working copies.
#[derive(Clone)]
pub struct CouncilView {
    pub tenant: Tenant,
    /// Web content is read from the working copies (checked by the caller: a token that may preview).
    pub preview: bool,
}

impl CouncilView {
    /// The published view of a council.
    pub fn live(tenant: Tenant) -> Self {
        Self {
            tenant,
            preview: false,
        }
    }

    /// The published view of a council row.
    pub fn of(model: &model::Model, clock: &crate::clock::Clock) -> Self {
        Self::live(Tenant::from_model(model, clock))
    }
}

/// A council's own fields: names, nation, codes and locales.
pub struct CouncilCore {
    pub view: CouncilView,
    pub model: model::Model,
}

impl CouncilCore {
    pub fn new(model: model::Model, clock: &crate::clock::Clock) -> Self {
        Self {
            view: CouncilView::of(&model, clock),
            model,
        }
    }
}

#[Object]
impl CouncilCore {
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    async fn nation(&self) -> Nation {
        self.view.tenant.nation()
    }

    /// The ONS GSS code, e.g. `E06000023`.
    async fn gss_code(&self) -> Option<&str> {
        self.model.gss_code.as_deref()
    }

    /// Locales the council publishes in; `en` first.
    async fn locales(&self) -> &[String] {
        self.view.tenant.locales()
    }

    /// The council's website (`https://www.cardiff.gov.uk`), which content paths are relative to.
    async fn website_url(&self) -> Option<&str> {
        self.model.website_url.as_deref()
    }
}
