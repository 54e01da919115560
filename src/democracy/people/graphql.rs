//! GraphQL types for wards, parties and councillors, and the resolvers `Council` delegates to.
//! A councillor's seats, roles and interests load through the request's DataLoader, for every councillor of a
//! page in one batch (seats, then their wards and parties), so the number of SQL statements does not grow with
//! the number of councillors.
use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, SimpleObject,
    connection::{Connection, Edge},
};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    model::{councillor, party, ward},
    register::{self, RoleKind},
    store::{self, CouncillorFilter},
};
use crate::{
    democracy::loaders::{self, CouncillorKey},
    error::{ApiError, gql},
    pagination::{self},
    tenancy::Tenant,
};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Ward", complex)]
pub struct WardGql {
    pub id: ID,
    pub name: String,
    /// The ONS code of the ward (e.g. `E05001234`), for joining with other open data.
    pub gss_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    #[graphql(skip)]
    pub tenant: Tenant,
}

impl WardGql {
    pub fn new(tenant: &Tenant, w: ward::Model) -> Self {
        Self {
            id: ID(w.id.to_string()),
            name: w.name,
            gss_code: w.gss_code,
            valid_from: w.valid_from,
            valid_to: w.valid_to,
            tenant: tenant.clone(),
        }
    }
}

#[ComplexObject]
impl WardGql {
    /// The councillors sitting for this ward now.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn councillors(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, CouncillorGql>>> {
        let db = &ctx.data::<crate::state::GqlState>()?.db;
        councillors(db, &self.tenant, Some(self.id.clone()), None, first, after)
            .await
            .map(Some)
    }
}

/// A ward of the council by id or by GSS code, or null.
pub async fn ward(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    id: Option<ID>,
    gss_code: Option<String>,
) -> async_graphql::Result<Option<WardGql>> {
    if id.is_none() == gss_code.is_none() {
        return Err(crate::error::argument_error(
            "id",
            "give either id or gssCode",
        ));
    }
    let gss_code = gss_code.map(|c| c.trim().to_ascii_uppercase());
    Ok(wards(db, tenant)
        .await?
        .into_iter()
        .find(|w| match (&id, &gss_code) {
            (Some(id), _) => w.id == *id,
            (_, Some(code)) => w.gss_code.as_deref() == Some(code.as_str()),
            _ => false,
        }))
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Party")]
pub struct PartyGql {
    pub id: ID,
    pub name: String,
    pub short_name: Option<String>,
    pub colour: Option<String>,
}

impl From<party::Model> for PartyGql {
    fn from(p: party::Model) -> Self {
        Self {
            id: ID(p.id.to_string()),
            name: p.name,
            short_name: p.short_name,
            colour: p.colour,
        }
    }
}

/// A term of office in a ward.
#[derive(SimpleObject, Clone)]
#[graphql(name = "Seat")]
pub struct SeatGql {
    pub ward: WardGql,
    pub party: Option<PartyGql>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Identifier")]
pub struct IdentifierGql {
    pub scheme: String,
    pub identifier: String,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Councillor", complex)]
pub struct CouncillorGql {
    pub id: ID,
    pub display_name: String,
    pub honorific_prefix: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub honorific_suffix: Option<String>,
    /// The photo's whole address.
    pub photo_url: Option<String>,
    pub photo_alt: Option<String>,
    pub biography: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub work_address: Option<String>,
    pub surgery_details: Option<String>,
    pub key_posts: Option<String>,
    pub identifiers: Vec<IdentifierGql>,
    #[graphql(skip)]
    pub key: CouncillorKey,
}

impl CouncillorGql {
    async fn parts(&self, ctx: &Context<'_>) -> async_graphql::Result<CouncillorParts> {
        loaders::load(ctx, self.key.clone()).await
    }
}

#[ComplexObject]
impl CouncillorGql {
    /// Terms of office, with ward and party.
    async fn seats(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SeatGql>> {
        Ok(self.parts(ctx).await?.seats)
    }

    /// Offices held: leader, cabinet portfolio, mayor...
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CouncillorRoleGql>> {
        Ok(self.parts(ctx).await?.roles)
    }

    /// The public register of interests; a sensitive entry is listed with its details withheld (`withheld`).
    async fn interests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InterestGql>> {
        Ok(self.parts(ctx).await?.interests)
    }
}

/// A councillor's seats, roles and public interests.
#[derive(Clone, Default)]
pub struct CouncillorParts {
    pub seats: Vec<SeatGql>,
    pub roles: Vec<CouncillorRoleGql>,
    pub interests: Vec<InterestGql>,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "CouncillorRole")]
pub struct CouncillorRoleGql {
    pub kind: RoleKind,
    pub title: String,
    pub portfolio: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Interest")]
pub struct InterestGql {
    pub category: String,
    pub description: String,
    pub date_notified: Option<NaiveDate>,
    /// A sensitive interest: the register says there is one, and withholds its details (Localism Act 2011, s32).
    pub withheld: bool,
}

/// What the public register shows of a sensitive interest.
pub const WITHHELD_CATEGORY: &str = "Sensitive interest";
pub const WITHHELD_DESCRIPTION: &str = "The councillor has an interest whose details are withheld under section 32(2) of the Localism Act 2011.";

/// The seats, roles and public interests of some councillors (one batch of the councillors' DataLoader), in one
/// query each.
pub async fn councillor_parts(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    ids: &[Uuid],
) -> async_graphql::Result<HashMap<Uuid, CouncillorParts>> {
    let seats = store::seats_of(tenant, db, ids).await.map_err(gql)?;
    let roles = register::roles_of(tenant, db, ids.to_vec())
        .await
        .map_err(gql)?;
    let interests = register::interests_of(tenant, db, ids.to_vec(), true)
        .await
        .map_err(gql)?;
    let mut out: HashMap<Uuid, CouncillorParts> = HashMap::new();
    for s in seats {
        out.entry(s.seat.councillor_id)
            .or_default()
            .seats
            .push(SeatGql {
                ward: WardGql::new(tenant, s.ward),
                party: s.party.map(Into::into),
                start_date: s.seat.start_date,
                end_date: s.seat.end_date,
            });
    }
    for r in roles {
        out.entry(r.councillor_id)
            .or_default()
            .roles
            .push(CouncillorRoleGql {
                kind: RoleKind::parse(&r.kind).unwrap_or(RoleKind::Other),
                title: r.title,
                portfolio: r.portfolio,
                start_date: r.start_date,
                end_date: r.end_date,
            });
    }
    for i in interests {
        out.entry(i.councillor_id)
            .or_default()
            .interests
            .push(InterestGql {
                category: i.category,
                description: i.description,
                date_notified: i.date_notified,
                withheld: false,
            });
    }
    // Sensitive interests are listed as withheld, after the others.
    let withheld = register::withheld_interests_of(tenant, db, ids.to_vec())
        .await
        .map_err(gql)?;
    for (councillor, date_notified) in withheld {
        out.entry(councillor)
            .or_default()
            .interests
            .push(InterestGql {
                category: WITHHELD_CATEGORY.to_owned(),
                description: WITHHELD_DESCRIPTION.to_owned(),
                date_notified,
                withheld: true,
            });
    }
    Ok(out)
}

fn to_gql(tenant: &Tenant, c: councillor::Model) -> CouncillorGql {
    CouncillorGql {
        key: CouncillorKey(tenant.clone(), c.id),
        id: ID(c.id.to_string()),
        identifiers: c
            .moderngov_id
            .iter()
            .map(|id| IdentifierGql {
                scheme: "moderngov:councillorid".into(),
                identifier: id.clone(),
            })
            .collect(),
        display_name: c.display_name,
        honorific_prefix: c.honorific_prefix,
        given_name: c.given_name,
        family_name: c.family_name,
        honorific_suffix: c.honorific_suffix,
        photo_url: c.photo_url.as_deref().map(|url| tenant.whole_url(url)),
        photo_alt: c.photo_alt,
        biography: c.biography,
        email: c.email,
        phone: c.phone,
        work_address: c.work_address,
        surgery_details: c.surgery_details,
        key_posts: c.key_posts,
    }
}

fn parse_id(id: &ID, what: &str) -> async_graphql::Result<Uuid> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| ApiError::validation("id", format!("not a valid {what} id")).into_graphql())
}

/// At most this many wards or parties are listed (a council has far fewer).
const MAX_AREAS: u64 = 100;

pub async fn wards(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
) -> async_graphql::Result<Vec<WardGql>> {
    let page = pagination::PageRequest {
        limit: MAX_AREAS,
        after: None,
    };
    let rows = store::list_wards(tenant, db, page).await.map_err(gql)?;
    Ok(rows
        .into_iter()
        .take(MAX_AREAS as usize)
        .map(|w| WardGql::new(tenant, w))
        .collect())
}

pub async fn parties(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
) -> async_graphql::Result<Vec<PartyGql>> {
    let page = pagination::PageRequest {
        limit: MAX_AREAS,
        after: None,
    };
    let rows = store::list_parties(tenant, db, page).await.map_err(gql)?;
    Ok(rows
        .into_iter()
        .take(MAX_AREAS as usize)
        .map(Into::into)
        .collect())
}

pub async fn councillors(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    ward: Option<ID>,
    party: Option<ID>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<String, CouncillorGql>> {
    let page = crate::pagination::PageRequest {
        limit: crate::pagination::first_arg(first)?,
        after: crate::pagination::after_arg(after.as_deref(), pagination::decode_cursor)?,
    };
    let filter = CouncillorFilter {
        ward: ward.as_ref().map(|w| parse_id(w, "ward")).transpose()?,
        party: party.as_ref().map(|p| parse_id(p, "party")).transpose()?,
    };
    let mut rows = store::list_councillors(tenant, db, filter, page)
        .await
        .map_err(gql)?;
    let has_next = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let mut connection = Connection::new(page.after.is_some(), has_next);
    connection.edges.extend(
        rows.into_iter()
            .map(|c| Edge::new(pagination::encode_cursor(c.id), to_gql(tenant, c))),
    );
    Ok(connection)
}

/// The councillors among `ids` that are not deleted, by id, in one query.
pub async fn councillors_by_ids(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    ids: Vec<Uuid>,
) -> async_graphql::Result<HashMap<Uuid, CouncillorGql>> {
    Ok(store::councillors_by_ids(tenant, db, ids)
        .await
        .map_err(gql)?
        .into_iter()
        .map(|c| (c.id, to_gql(tenant, c)))
        .collect())
}

pub async fn councillor(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    id: ID,
) -> async_graphql::Result<Option<CouncillorGql>> {
    let Ok(id) = Uuid::parse_str(id.as_str()) else {
        return Ok(None);
    };
    match store::get_councillor(tenant, db, id).await {
        Ok(c) => Ok(Some(to_gql(tenant, c))),
        Err(crate::democracy::DemocracyError::NotFound(_)) => Ok(None),
        Err(e) => Err(gql(e)),
    }
}
