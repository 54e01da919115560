//! Councils (tenants) and the `Tenant` scope: the one mechanism that scopes every query on council data.
//!
//! A `Tenant` can only be built here, from a council row read from the database. Store functions on council data
//! take `&Tenant` as their first argument and select through [`scoped`], so no query on council data can be written
//! without naming the council it belongs to, and no council id ever comes from a request body.
pub mod graphql;
pub mod model;
pub mod rest;
pub mod store;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The four UK nations; a council's nation decides its statutory rules and bank holidays.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Nation {
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::England => "england",
            Self::Wales => "wales",
            Self::Scotland => "scotland",
            Self::NorthernIreland => "northern_ireland",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "england" => Some(Self::England),
            "wales" => Some(Self::Wales),
            "scotland" => Some(Self::Scotland),
            "northern_ireland" => Some(Self::NorthernIreland),
            _ => None,
        }
    }
}

/// Locales a council can publish in: English always, Welsh where the council enables it.
pub const SUPPORTED_LOCALES: [&str; 2] = ["en", "cy"];

/// A council resolved from the request path (or a token), with the settings queries need.
/// Two scopes are the same when they are of the same council.
#[derive(Debug, Clone)]
pub struct Tenant {
    id: Uuid,
    slug: String,
    nation: Nation,
    locales: Vec<String>,
}

impl PartialEq for Tenant {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Tenant {}

impl std::hash::Hash for Tenant {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl Tenant {
    /// Only the tenancy layer turns a council row into a scope.
    fn from_model(model: &model::Model) -> Self {
        Self {
            id: model.id,
            slug: model.slug.clone(),
            nation: Nation::parse(&model.nation).unwrap_or(Nation::England),
            locales: model::split_locales(&model.locales),
        }
    }

    pub fn id(&self) -> Uuid {
        self.id
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    pub fn nation(&self) -> Nation {
        self.nation
    }

    pub fn locales(&self) -> &[String] {
        &self.locales
    }
}

/// An entity whose rows belong to one council.
pub trait CouncilOwned: EntityTrait {
    /// The column holding the owning council's id.
    fn council_column() -> Self::Column;
}

/// The only way to select council data: every row returned belongs to `tenant`.
pub fn scoped<E: CouncilOwned>(tenant: &Tenant) -> Select<E> {
    E::find().filter(E::council_column().eq(tenant.id()))
}

/// Selects rows of several councils at once, for the few public reads that span councils (the national
/// directory of services); every row returned belongs to one of `tenants`.
pub fn scoped_many<E: CouncilOwned>(tenants: &[Tenant]) -> Select<E> {
    E::find().filter(E::council_column().is_in(tenants.iter().map(Tenant::id)))
}

/// Errors of the councils module.
#[derive(Debug, thiserror::Error)]
pub enum TenancyError {
    #[error("council not found")]
    NotFound,
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    #[error("slug taken")]
    SlugTaken,
    #[error("If-Match missing")]
    PreconditionRequired,
    #[error("version mismatch")]
    VersionMismatch { current: i32 },
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}
