//! Step by steps in the GraphQL delivery API: `Council.stepBySteps` and `Council.stepByStep(slug:)`, each step
//! numbered with its links resolved to the council's published pages and services; and, on a page or service,
//! the step by steps it is part of.
use async_graphql::{Context, ID, Object, connection::Connection};
use sea_orm::{
    ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use super::{Step, StepByStepDoc, StepLogic, step_numbers};
use crate::{
    content::{
        delivery::{Delivered, ListFilter, Mode, by_ids},
        graphql::{
            connection, council::one_by_slug, council::scope, db, doc, gql, load_many, topics,
        },
        kinds::{ContentKind, topic::TopicGql},
        loaders::ReadScope,
        tables::{live, live_tag},
    },
    pagination::Counted,
    publishing::PublishingError,
    tenancy::{Tenant, graphql::CouncilView, scoped},
};

/// The step by steps (published, or in preview the working copies) that link to `item`, by title.
pub async fn part_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    item: Uuid,
) -> Result<Vec<Delivered>, PublishingError> {
    let mut found = match mode {
        Mode::Live => {
            let ids: Vec<Uuid> = scoped::<live::Entity>(tenant)
                .select_only()
                .column(live::Column::ItemId)
                .filter(live::Column::Kind.eq(ContentKind::StepByStep.as_str()))
                .filter(live::Column::Locale.eq("en"))
                .filter(
                    live::Column::ItemId.in_subquery(
                        Query::select()
                            .column(live_tag::Column::ItemId)
                            .from(live_tag::Entity)
                            .and_where(live_tag::Column::CouncilId.eq(tenant.id()))
                            .and_where(live_tag::Column::Scheme.eq("part_of"))
                            .and_where(live_tag::Column::Value.eq(item.to_string()))
                            .to_owned(),
                    ),
                )
                .order_by_asc(live::Column::ItemId)
                .limit(100)
                .into_tuple()
                .all(db)
                .await?;
            by_ids(tenant, db, mode, locale, &ids).await?
        }
        Mode::Preview => crate::content::delivery::list(
            tenant,
            db,
            mode,
            ContentKind::StepByStep,
            locale,
            &ListFilter::default(),
            100,
            None,
        )
        .await?
        .items
        .into_iter()
        .filter(|d| {
            d.doc::<StepByStepDoc>().is_ok_and(|doc| {
                doc.steps
                    .iter()
                    .flat_map(|s| s.links.iter())
                    .any(|l| l.page == Some(item) || l.service == Some(item))
            })
        })
        .collect(),
    };
    found.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(found)
}

/// A council's step by steps.
pub struct CouncilStepBySteps(pub CouncilView);

#[Object]
impl CouncilStepBySteps {
    /// The council's step by step navigations.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn step_by_steps(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, StepByStepGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, StepByStepGql, Counted>> = async {
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::StepByStep,
                ListFilter::default(),
                first,
                after,
                StepByStepGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// A step by step by its slug.
    async fn step_by_step(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<StepByStepGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(
            ctx,
            &scope,
            ContentKind::StepByStep,
            &slug,
            StepByStepGql::new,
        )
        .await
    }
}

/// The step by steps an item is part of, as the page's or service's field answers them.
pub async fn part_of_gql(
    ctx: &Context<'_>,
    scope: &ReadScope,
    item: Uuid,
) -> async_graphql::Result<Vec<StepByStepGql>> {
    part_of(&scope.tenant, db(ctx)?, scope.mode, &scope.locale, item)
        .await
        .map_err(gql)?
        .into_iter()
        .map(|d| StepByStepGql::new(scope, d))
        .collect()
}

/// A step by step navigation.
pub struct StepByStepGql {
    scope: ReadScope,
    d: Delivered,
    doc: StepByStepDoc,
}

impl StepByStepGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

/// A link of a step, ready to show.
#[derive(async_graphql::SimpleObject)]
pub struct StepLinkGql {
    pub text: String,
    /// A path on the council's site (a page or service) or another site's address.
    pub url: String,
    /// `page`, `service` or `external`.
    pub kind: String,
    pub cost: Option<String>,
}

/// One step, numbered.
pub struct StepGql {
    number: u32,
    step: Step,
    links: Vec<StepLinkGql>,
}

#[Object(name = "Step")]
impl StepGql {
    /// Its number: a step that goes with the one before, or is instead of it, shares its number.
    async fn number(&self) -> i32 {
        self.number as i32
    }
    async fn title(&self) -> &str {
        &self.step.title
    }
    /// `AND` or `OR` the step before; null for a step of its own.
    async fn logic(&self) -> Option<StepLogic> {
        self.step.logic
    }
    async fn text(&self) -> Option<&str> {
        self.step.text.as_deref()
    }
    /// Its links; a page or service that is not published is left out.
    async fn links(&self) -> &[StepLinkGql] {
        &self.links
    }
}

#[Object(name = "StepByStep")]
impl StepByStepGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    /// Every published language version, this one included (English first): for `hreflang` links.
    async fn alternates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::content::delivery::Alternate>> {
        crate::content::graphql::alternates(ctx, &self.scope, self.d.id).await
    }
    async fn title(&self) -> &str {
        &self.doc.title
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    async fn path(&self) -> Option<&str> {
        self.d.path.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.doc.summary.as_deref()
    }
    async fn steps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<StepGql>> {
        let mut pages: Vec<Uuid> = Vec::new();
        let mut services: Vec<Uuid> = Vec::new();
        for link in self.doc.steps.iter().flat_map(|s| s.links.iter()) {
            pages.extend(link.page);
            services.extend(link.service);
        }
        let mut found = load_many(ctx, &self.scope, &pages, ContentKind::Page).await?;
        found.extend(load_many(ctx, &self.scope, &services, ContentKind::Service).await?);
        let numbers = step_numbers(&self.doc.steps);
        Ok(self
            .doc
            .steps
            .iter()
            .zip(numbers)
            .map(|(step, number)| StepGql {
                number,
                links: step
                    .links
                    .iter()
                    .filter_map(|link| match (link.page.or(link.service), &link.url) {
                        (Some(id), _) => {
                            let item = found.iter().find(|d| d.id == id)?;
                            Some(StepLinkGql {
                                text: link.text.clone().unwrap_or_else(|| item.title.clone()),
                                url: item.path.clone()?,
                                kind: if link.page.is_some() {
                                    "page"
                                } else {
                                    "service"
                                }
                                .into(),
                                cost: link.cost.clone(),
                            })
                        }
                        (None, Some(url)) => Some(StepLinkGql {
                            text: link.text.clone().unwrap_or_else(|| url.clone()),
                            url: url.clone(),
                            kind: "external".into(),
                            cost: link.cost.clone(),
                        }),
                        (None, None) => None,
                    })
                    .collect(),
                step: step.clone(),
            })
            .collect())
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.d.published_at
    }
}
