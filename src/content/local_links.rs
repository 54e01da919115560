//! Local links: the national directory of each council's published service for an LGSL code, across councils. These are the
//! only content reads that span councils; they go through `tenancy::scoped_many` with every council's scope.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    delivery::Delivered,
    kinds::ContentKind,
    tables::{live, live_tag},
};
use crate::{
    publishing::PublishingError,
    tenancy::{self, Tenant, model::Model as Council, scoped_many},
};

/// Most rows one directory read returns.
const MAX_ROWS: u64 = 200_000;

/// A council's service for a code, with its address on the council's website when that is known.
pub struct LocalService {
    pub council: Council,
    pub tenant: Tenant,
    pub service: Delivered,
    pub url: Option<String>,
}

async fn tenants(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
) -> Result<Vec<(Council, Tenant)>, PublishingError> {
    tenancy::store::public_tenants(db, clock)
        .await
        .map_err(|e| match e {
            tenancy::TenancyError::Db(db) => PublishingError::Db(db),
            other => PublishingError::Conflict(other.to_string()),
        })
}

fn url_of(council: &Council, path: Option<&str>) -> Option<String> {
    Some(format!("{}{}", council.website_url.as_deref()?, path?))
}

/// Every council's published services with LGSL code `lgsl` (and LGIL code `lgil`, when given).
pub async fn services_by_lgsl(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    lgsl: u32,
    lgil: Option<u32>,
) -> Result<Vec<LocalService>, PublishingError> {
    let councils = tenants(db, clock).await?;
    let scopes: Vec<Tenant> = councils.iter().map(|(_, t)| t.clone()).collect();
    let tagged = |scheme: &'static str, code: u32| {
        scoped_many::<live_tag::Entity>(&scopes)
            .filter(live_tag::Column::Scheme.eq(scheme))
            .filter(live_tag::Column::Value.eq(code.to_string()))
            .limit(MAX_ROWS)
    };
    let mut ids: Vec<Uuid> = tagged("lgsl", lgsl)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.item_id)
        .collect();
    if let Some(lgil) = lgil {
        let with_lgil: Vec<Uuid> = tagged("lgil", lgil)
            .all(db)
            .await?
            .into_iter()
            .map(|t| t.item_id)
            .collect();
        ids.retain(|id| with_lgil.contains(id));
    }
    let rows = scoped_many::<live::Entity>(&scopes)
        .filter(live::Column::ItemId.is_in(ids))
        .filter(live::Column::Kind.eq(ContentKind::Service.as_str()))
        .filter(live::Column::Locale.eq("en"))
        .order_by_asc(live::Column::CouncilId)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let by_id: HashMap<Uuid, &(Council, Tenant)> = councils.iter().map(|c| (c.0.id, c)).collect();
    let mut out = Vec::new();
    for row in rows {
        let Some((council, tenant)) = by_id.get(&row.council_id) else {
            continue;
        };
        let service = Delivered::from_live(row, "en")?;
        out.push(LocalService {
            url: url_of(council, service.path.as_deref()),
            council: council.clone(),
            tenant: tenant.clone(),
            service,
        });
    }
    out.sort_by(|a, b| a.council.name.cmp(&b.council.name));
    Ok(out)
}

/// One row of the Local Links export.
pub struct LocalLink {
    pub council_name: String,
    pub gss_code: String,
    pub lgsl: u32,
    pub lgil: Option<u32>,
    pub url: String,
}

/// Every published service with an LGSL code, of every council with a GSS code and a website address.
pub async fn local_links(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
) -> Result<Vec<LocalLink>, PublishingError> {
    let councils: Vec<(Council, Tenant)> = tenants(db, clock)
        .await?
        .into_iter()
        .filter(|(c, _)| c.gss_code.is_some() && c.website_url.is_some())
        .collect();
    let scopes: Vec<Tenant> = councils.iter().map(|(_, t)| t.clone()).collect();
    let services = scoped_many::<live::Entity>(&scopes)
        .filter(live::Column::Kind.eq(ContentKind::Service.as_str()))
        .filter(live::Column::Locale.eq("en"))
        .order_by_asc(live::Column::CouncilId)
        .order_by_asc(live::Column::ItemId)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let tags = scoped_many::<live_tag::Entity>(&scopes)
        .filter(live_tag::Column::Scheme.is_in(["lgsl", "lgil"]))
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let mut codes: HashMap<Uuid, (Vec<u32>, Vec<u32>)> = HashMap::new();
    for tag in tags {
        let Ok(code) = tag.value.parse::<u32>() else {
            continue;
        };
        let entry = codes.entry(tag.item_id).or_default();
        if tag.scheme == "lgsl" {
            entry.0.push(code);
        } else {
            entry.1.push(code);
        }
    }
    let by_id: HashMap<Uuid, &Council> = councils.iter().map(|(c, _)| (c.id, c)).collect();
    let mut out = Vec::new();
    for service in services {
        let (Some(council), Some((lgsl, lgil))) =
            (by_id.get(&service.council_id), codes.get(&service.item_id))
        else {
            continue;
        };
        let (Some(gss), Some(url)) = (&council.gss_code, url_of(council, service.path.as_deref()))
        else {
            continue;
        };
        let mut lgsl = lgsl.clone();
        lgsl.sort_unstable();
        let mut lgil: Vec<Option<u32>> = lgil.iter().copied().map(Some).collect();
        lgil.sort_unstable();
        if lgil.is_empty() {
            lgil.push(None);
        }
        for s in &lgsl {
            for i in &lgil {
                out.push(LocalLink {
                    council_name: council.name.clone(),
                    gss_code: gss.clone(),
                    lgsl: *s,
                    lgil: *i,
                    url: url.clone(),
                });
            }
        }
    }
    Ok(out)
}
