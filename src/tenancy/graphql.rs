//! The public `Council` type and the `council(slug:)` / `councils` root fields of the delivery API.
use async_graphql::{Context, Object, SimpleObject};

use super::{Nation, model, store};
use crate::{error::ApiError, graphql::GqlState};

/// A council's public profile.
#[derive(SimpleObject)]
#[graphql(name = "Council")]
pub struct CouncilGql {
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    /// The ONS GSS code, e.g. `E06000023`.
    pub gss_code: Option<String>,
    /// Locales the council publishes in; `en` first.
    pub locales: Vec<String>,
}

impl From<model::Model> for CouncilGql {
    fn from(m: model::Model) -> Self {
        Self {
            nation: Nation::parse(&m.nation).unwrap_or(Nation::England),
            locales: model::split_locales(&m.locales),
            slug: m.slug,
            name: m.name,
            gss_code: m.gss_code,
        }
    }
}

#[derive(Default)]
pub struct CouncilQuery;

#[Object]
impl CouncilQuery {
    /// One council by its slug, or null.
    async fn council(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> async_graphql::Result<Option<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let found = store::find_public(&state.db, &slug)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        Ok(found.map(CouncilGql::from))
    }

    /// Every council on this platform, by name.
    async fn councils(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let rows = store::list_public(&state.db)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        Ok(rows.into_iter().map(CouncilGql::from).collect())
    }
}
