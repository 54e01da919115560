//! Redirects editors manage by hand, besides the automatic ones after a move: an old path of the council's site
//! and where it goes now (a path of the site, or another site's `https://` address). A council moving its site to
//! Townhall imports a CSV of old address to new path, all or nothing. Loops and chains are refused: a redirect
//! never leads to another redirect. A path where an item is live is the item's, so it cannot be redirected.
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{delivery::normalise_path, tables::live};
use crate::{
    auth::{AnyRole, CouncilAccess, EditorRole},
    error::{ApiError, ErrorBody},
    publishing::PublishingError,
    state::AppState,
    tenancy::{Tenant, scoped, scoped_update},
};

/// The table.
pub mod redirect {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "content_redirects")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub from_path: String,
        pub to_path: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

/// Most rows one CSV import may hold.
pub const MAX_IMPORT: usize = 5000;

/// Where an editor's redirect sends `path`, if there is one.
pub async fn target(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    path: &str,
) -> Result<Option<String>, PublishingError> {
    Ok(scoped::<redirect::Entity>(tenant)
        .filter(redirect::Column::FromPath.eq(path))
        .filter(redirect::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .map(|r| r.to_path))
}

#[derive(Serialize, ToSchema)]
pub struct RedirectResponse {
    pub id: Uuid,
    /// A path of the council's site, e.g. `/council-tax/pay.aspx`.
    pub from: String,
    /// A path of the council's site or another site's `https://` address.
    pub to: String,
    pub created_at: DateTime<Utc>,
}

impl From<redirect::Model> for RedirectResponse {
    fn from(m: redirect::Model) -> Self {
        Self {
            id: m.id,
            from: m.from_path,
            to: m.to_path,
            created_at: m.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "/council-tax/pay.aspx", "to": "/council-tax/pay"}))]
pub struct RedirectRequest {
    /// An old path, or an old full address of the council's site (its path is kept).
    pub from: String,
    pub to: String,
}

/// What an import did.
#[derive(Serialize, ToSchema)]
pub struct ImportResponse {
    pub created: usize,
}

/// An old address as a path: a full `http(s)://host/...` address keeps its path and query; the path is normalised.
fn from_path(from: &str) -> Option<String> {
    let from = from.trim();
    let path = match from
        .strip_prefix("https://")
        .or_else(|| from.strip_prefix("http://"))
    {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        // A path of the site starts with `/` (a bare word is more likely a mistake than an address).
        None if from.starts_with('/') => from,
        None => return None,
    };
    let path = normalise_path(path);
    let ok = path.len() <= 1000 && path != "/" && !path.chars().any(|c| c.is_control() || c == ' ');
    ok.then_some(path)
}

/// A new address: a path of the site (normalised) or an `https://` address.
fn to_path(to: &str) -> Option<String> {
    let to = to.trim();
    if to.starts_with("https://") || to.starts_with("http://") {
        let ok = to.len() <= 2000
            && crate::links::valid_public_url(to.split(['?', '#']).next().unwrap_or(""));
        return ok.then(|| to.to_owned());
    }
    if !to.starts_with('/') {
        return None;
    }
    let path = normalise_path(to);
    let ok = path.len() <= 1000 && !path.chars().any(|c| c.is_control() || c == ' ');
    ok.then_some(path)
}

/// Checks new redirects against each other and those already there: no loop or chain, no live item's path, one
/// redirect per old path. `rows` are (from, to), already read; errors name `field`.
async fn check(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rows: &[(String, String)],
    field: &dyn Fn(usize, &'static str) -> String,
) -> Result<(), ApiError> {
    let existing = scoped::<redirect::Entity>(tenant)
        .filter(redirect::Column::DeletedAt.is_null())
        .all(db)
        .await
        .map_err(PublishingError::from)?;
    let froms: Vec<&str> = existing
        .iter()
        .map(|r| r.from_path.as_str())
        .chain(rows.iter().map(|(f, _)| f.as_str()))
        .collect();
    let tos: Vec<&str> = existing
        .iter()
        .map(|r| r.to_path.as_str())
        .chain(rows.iter().map(|(_, t)| t.as_str()))
        .collect();
    for (i, (from, to)) in rows.iter().enumerate() {
        let refuse =
            |name: &'static str, message: &str| Err(ApiError::validation(&field(i, name), message));
        if from == to {
            return refuse("to", "a redirect cannot lead to itself");
        }
        if froms.iter().filter(|f| **f == from).count() > 1 {
            return refuse("from", "this old address already has a redirect");
        }
        if froms.contains(&to.as_str()) {
            return refuse(
                "to",
                "that address is itself redirected: point at where it finally goes (no chains or loops)",
            );
        }
        if tos.contains(&from.as_str()) {
            return refuse(
                "from",
                "another redirect leads here: it would make a chain; point that one at the new address instead",
            );
        }
        let live_here = scoped::<live::Entity>(tenant)
            .filter(live::Column::Path.eq(from.as_str()))
            .one(db)
            .await
            .map_err(PublishingError::from)?;
        if live_here.is_some() {
            return refuse("from", "a published item lives at this address");
        }
    }
    Ok(())
}

async fn insert(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rows: Vec<(String, String)>,
    by: Option<Uuid>,
) -> Result<Vec<redirect::Model>, ApiError> {
    let now = tenant.now();
    let mut out = Vec::new();
    for (from, to) in rows {
        let row = redirect::Entity::insert(redirect::ActiveModel {
            id: Set(Uuid::now_v7()),
            council_id: Set(tenant.id()),
            from_path: Set(from),
            to_path: Set(to),
            created_by: Set(by),
            created_at: Set(now),
            deleted_at: Set(None),
        })
        .exec_with_returning(db)
        .await
        .map_err(PublishingError::from)?;
        out.push(row);
    }
    Ok(out)
}

/// The council's redirects, by old address.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug")),
    responses((status = 200, body = Vec<RedirectResponse>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/redirects")]
pub async fn list_redirects(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
) -> Result<web::Json<Vec<RedirectResponse>>, ApiError> {
    let rows = scoped::<redirect::Entity>(&access.tenant)
        .filter(redirect::Column::DeletedAt.is_null())
        .order_by_asc(redirect::Column::FromPath)
        .all(&state.db)
        .await
        .map_err(PublishingError::from)?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Add a redirect (editors).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug")),
    request_body = RedirectRequest,
    responses(
        (status = 201, body = RedirectResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "Not an address, a loop or chain, a live item's address, or already redirected", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/redirects")]
pub async fn create_redirect(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    body: web::Json<RedirectRequest>,
) -> Result<HttpResponse, ApiError> {
    let from = from_path(&body.from).ok_or_else(|| {
        ApiError::validation(
            "from",
            "give a path of the council's site, e.g. /council-tax/pay.aspx",
        )
    })?;
    let to = to_path(&body.to).ok_or_else(|| {
        ApiError::validation(
            "to",
            "give a path of the site (starting with /) or an https:// address",
        )
    })?;
    let rows = vec![(from, to)];
    let txn = crate::db::begin_write(&state.db)
        .await
        .map_err(PublishingError::from)?;
    check(&access.tenant, &txn, &rows, &|_, name| name.to_owned()).await?;
    let mut made = insert(&access.tenant, &txn, rows, access.principal.user_id()).await?;
    txn.commit().await.map_err(PublishingError::from)?;
    let made = made.pop().ok_or_else(|| ApiError::not_found("Redirect"))?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "redirect.created")
        .target("redirect", made.id);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Created().json(RedirectResponse::from(made)))
}

/// `{id}` is a redirect's id: other last segments (`import`) are left to the routes that name them, so that a
/// method they lack is answered 405, not 404.
fn id_is_uuid(ctx: &actix_web::guard::GuardContext) -> bool {
    ctx.head()
        .uri
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|id| Uuid::parse_str(id).is_ok())
}

/// Remove a redirect (editors): the old address answers as if it had none.
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/redirects/{id}", guard = "id_is_uuid")]
pub async fn delete_redirect(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let changed = scoped_update::<redirect::Entity>(&access.tenant)
        .col_expr(
            redirect::Column::DeletedAt,
            Expr::value(Some(access.tenant.now())),
        )
        .filter(redirect::Column::Id.eq(path.1))
        .filter(redirect::Column::DeletedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(PublishingError::from)?;
    if changed.rows_affected == 0 {
        return Err(ApiError::not_found("Redirect"));
    }
    let event = crate::audit::Event::new(Some(access.tenant.id()), "redirect.deleted")
        .target("redirect", path.1);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Import redirects from a CSV (`text/csv`): one `old address,new address` per line, an optional header line
/// (`from,to`). All or nothing: any bad row refuses the whole file, naming the row (`rows[3].to`, 1-based).
#[utoipa::path(
    tag = "content",
    params(("council" = String, Path, description = "Council slug")),
    request_body(content = String, content_type = "text/csv", description = "old address,new address per line"),
    responses(
        (status = 201, body = ImportResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "A bad row; nothing was imported", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/redirects/import")]
pub async fn import_redirects(
    state: web::Data<AppState>,
    access: CouncilAccess<EditorRole>,
    body: String,
) -> Result<HttpResponse, ApiError> {
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    for (i, record) in reader.records().enumerate() {
        let row = |name: &str| format!("rows[{}].{name}", i + 1);
        let record = record.map_err(|_| ApiError::validation(&row("from"), "not a CSV row"))?;
        let (Some(from), Some(to)) = (record.get(0), record.get(1)) else {
            return Err(ApiError::validation(
                &row("to"),
                "give two columns: old address, new address",
            ));
        };
        if i == 0 && from.eq_ignore_ascii_case("from") {
            continue;
        }
        crate::text::check(&row("from"), from, false)?;
        crate::text::check(&row("to"), to, false)?;
        let from = from_path(from).ok_or_else(|| {
            ApiError::validation(
                &row("from"),
                "not a path of the site (starting with /) or its whole address",
            )
        })?;
        let to = to_path(to).ok_or_else(|| {
            ApiError::validation(
                &row("to"),
                "not a path of the site (starting with /) or an https:// address",
            )
        })?;
        rows.push((i + 1, from, to));
    }
    if rows.is_empty() || rows.len() > MAX_IMPORT {
        return Err(ApiError::validation(
            "rows",
            format!("give 1 to {MAX_IMPORT} rows"),
        ));
    }
    let numbers: Vec<usize> = rows.iter().map(|(n, _, _)| *n).collect();
    let pairs: Vec<(String, String)> = rows.into_iter().map(|(_, f, t)| (f, t)).collect();
    let txn = crate::db::begin_write(&state.db)
        .await
        .map_err(PublishingError::from)?;
    check(&access.tenant, &txn, &pairs, &|i, name| {
        format!("rows[{}].{name}", numbers.get(i).copied().unwrap_or(0))
    })
    .await?;
    let made = insert(&access.tenant, &txn, pairs, access.principal.user_id()).await?;
    txn.commit().await.map_err(PublishingError::from)?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "import.completed")
        .detail(format!("source=redirects created={}", made.len()));
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Created().json(ImportResponse {
        created: made.len(),
    }))
}
