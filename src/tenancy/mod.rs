//! Councils (tenants) and the `Tenant` scope: the one mechanism that scopes every query on council data.
//!
//! A `Tenant` can only be built here, from a council row read from the database. Store functions on council data
//! take `&Tenant` as their first argument and select, update and delete through [`scoped`], [`scoped_update`] and
//! [`scoped_delete`], so no query on council data can be written without naming the council it belongs to, and no
//! council id ever comes from a request body. Edits made with `If-Match` go through [`versioned_update`], and lists
//! edited as a whole (a committee's members) through [`replace_list`].
pub mod graphql;
pub mod model;
pub mod rest;
pub mod store;

use std::sync::Arc;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, DeleteMany, EntityTrait, QueryFilter,
    Select, UpdateMany,
    sea_query::{Expr, ExprTrait},
};
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

/// Whether Townhall publishes in `locale` at all (`en`, `cy`).
pub fn is_supported_locale(locale: &str) -> bool {
    SUPPORTED_LOCALES.contains(&locale)
}

/// A council resolved from the request path (or a token), with the settings queries need.
/// Two scopes are the same when they are of the same council.
#[derive(Debug, Clone)]
pub struct Tenant {
    id: Uuid,
    slug: String,
    nation: Nation,
    locales: Vec<String>,
    website_url: Option<String>,
    /// Townhall's address as this request's readers reach it ([`Tenant::reached_at`]); without it, Townhall's own
    /// URLs stay paths (`/media/...`).
    server_base: Option<Arc<str>>,
    /// The CDN address the council's files are served from, when it has one.
    media_base: Option<Arc<str>>,
    meeting_minutes: Option<i32>,
    /// The time for this council's work: the server's one clock.
    clock: crate::clock::Clock,
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
    fn from_model(model: &model::Model, clock: &crate::clock::Clock) -> Self {
        Self {
            clock: clock.clone(),
            id: model.id,
            slug: model.slug.clone(),
            nation: Nation::parse(&model.nation).unwrap_or(Nation::England),
            locales: model::split_locales(&model.locales),
            website_url: model.website_url.clone(),
            server_base: None,
            media_base: model.media_base_url.as_deref().map(Arc::from),
            meeting_minutes: model.meeting_minutes,
        }
    }

    /// The same council, read through a request that reaches Townhall at `base`: URLs to Townhall's own files and
    /// documents in answers become whole addresses.
    pub fn reached_at(mut self, base: &crate::links::Base) -> Self {
        self.server_base = Some(Arc::from(base.as_str()));
        self
    }

    /// The whole address of `path` (`/feeds/...`) on this server, or the path when no address is known.
    pub fn server_url(&self, path: &str) -> String {
        match &self.server_base {
            Some(base) => format!("{base}{path}"),
            None => path.to_owned(),
        }
    }

    /// The whole address of one of the council's files (`/media/...`, `/files/...`): under its CDN address when it
    /// has one, else on this server.
    pub fn file_url(&self, path: &str) -> String {
        match &self.media_base {
            Some(base) => format!("{base}{path}"),
            None => self.server_url(path),
        }
    }

    /// `url` as a whole address: one of Townhall's paths (`/media/...`) becomes [`Tenant::file_url`]; whole
    /// addresses stay as they are.
    pub fn whole_url(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            self.file_url(url)
        } else {
            url.to_owned()
        }
    }

    /// How long the council's meetings last when their end is not recorded (minutes), if it has said.
    pub fn meeting_minutes(&self) -> Option<i32> {
        self.meeting_minutes
    }

    /// The council's website (`https://www.example.gov.uk`), which content paths are relative to.
    pub fn website_url(&self) -> Option<&str> {
        self.website_url.as_deref()
    }

    /// The address of `path` on the council's website, when the council has set its website.
    pub fn page_url(&self, path: &str) -> Option<String> {
        self.website_url
            .as_deref()
            .map(|site| format!("{site}{path}"))
    }

    /// Now, by the server's clock (to the microsecond).
    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the UK, by the server's clock: the day deadlines and reminders count from.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today_in_london()
    }

    /// The server's clock, for work this council's request hands on.
    pub fn clock(&self) -> &crate::clock::Clock {
        &self.clock
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

    /// Whether the council has enabled `locale` (English always; Welsh where it publishes in Welsh).
    pub fn publishes_in(&self, locale: &str) -> bool {
        self.locales.iter().any(|enabled| enabled == locale)
    }
}

/// The locale a reader asked for in `field` (English when none), checked: one Townhall publishes in. A council that
/// has not enabled it answers in English, so a known locale is accepted for every council; an unknown one is a 422
/// on `field` ("use en or cy").
pub fn check_locale(field: &'static str, asked: Option<&str>) -> Result<String, TenancyError> {
    let locale = asked.unwrap_or("en");
    if is_supported_locale(locale) {
        Ok(locale.to_owned())
    } else {
        Err(TenancyError::Validation {
            field,
            message: "use en or cy".into(),
        })
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

/// The only way to update council data: every row changed belongs to `tenant`. Add the changes (`col_expr`,
/// `set`) and the rows (`filter`) as with `E::update_many()`.
pub fn scoped_update<E: CouncilOwned>(tenant: &Tenant) -> UpdateMany<E> {
    E::update_many().filter(E::council_column().eq(tenant.id()))
}

/// The only way to delete council data: every row deleted belongs to `tenant`.
pub fn scoped_delete<E: CouncilOwned>(tenant: &Tenant) -> DeleteMany<E> {
    E::delete_many().filter(E::council_column().eq(tenant.id()))
}

/// Selects rows of several councils at once, for the few public reads that span councils (the national
/// directory of services); every row returned belongs to one of `tenants`.
pub fn scoped_many<E: CouncilOwned>(tenants: &[Tenant]) -> Select<E> {
    E::find().filter(E::council_column().is_in(tenants.iter().map(Tenant::id)))
}

/// A council table whose rows are edited with `If-Match`: each row has an id and a version that moves on with
/// every write, and the time of its last write.
pub trait Versioned: CouncilOwned {
    /// The column that names one row (the council's own id for one-row-per-council tables).
    fn id_column() -> Self::Column;
    fn version_column() -> Self::Column;
    fn updated_at_column() -> Self::Column;
    fn version_of(model: &Self::Model) -> i32;
}

/// Implements [`Versioned`] for the `Entity` of a model module with the usual column names (`id`, `version`,
/// `updated_at`); `versioned!(path, id = Column::X)` names another id column.
macro_rules! versioned {
    ($module:path) => {
        $crate::tenancy::versioned!($module, id = Column::Id);
    };
    ($module:path, id = $id:expr) => {
        const _: () = {
            use $module::{Column, Entity, Model};
            impl $crate::tenancy::Versioned for Entity {
                fn id_column() -> Column {
                    $id
                }
                fn version_column() -> Column {
                    Column::Version
                }
                fn updated_at_column() -> Column {
                    Column::UpdatedAt
                }
                fn version_of(model: &Model) -> i32 {
                    model.version
                }
            }
        };
    };
}
pub(crate) use versioned;

/// The record was changed since the client read it: the write was refused, and `current` is the version it is
/// now at (answered as 412 with `current_version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("version mismatch (now at {current})")]
pub struct VersionMismatch {
    pub current: i32,
}

/// Refuses a write up front when the version read is not the one the client sent.
pub fn expect_version(current: i32, expected: i32) -> Result<(), VersionMismatch> {
    if current == expected || expected == crate::preconditions::ANY_VERSION {
        Ok(())
    } else {
        Err(VersionMismatch { current })
    }
}

/// Applies `changes` (an `E::update_many()` with the new values, and any extra conditions such as "not deleted")
/// to the row `id` of the council if it is still at `expected_version`, moving its version on and stamping
/// `updated_at`. Then gives the row as `reread` reads it; when nothing was written, that read decides the answer:
/// the row's own error (404) when it is gone, else [`VersionMismatch`] with the version it is now at.
pub async fn versioned_update<E, Err>(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    expected_version: i32,
    changes: UpdateMany<E>,
    reread: impl Future<Output = Result<E::Model, Err>>,
) -> Result<E::Model, Err>
where
    E: Versioned,
    Err: From<DbErr> + From<VersionMismatch>,
{
    let version = E::version_column();
    let mut changes = changes
        .col_expr(version, Expr::col(version).add(1))
        .col_expr(E::updated_at_column(), Expr::value(tenant.now()))
        .filter(E::council_column().eq(tenant.id()))
        .filter(E::id_column().eq(id));
    if expected_version != crate::preconditions::ANY_VERSION {
        changes = changes.filter(version.eq(expected_version));
    }
    let written = changes.exec(db).await?.rows_affected;
    let current = reread.await?;
    if written == 0 {
        return Err(VersionMismatch {
            current: E::version_of(&current),
        }
        .into());
    }
    Ok(current)
}

/// Rows inserted per statement by [`replace_list`] (well under every database's limit on bound values).
const LIST_CHUNK: usize = 100;

/// Replaces a list edited as a whole (a committee's members, a councillor's roles, a meeting's attendance): the
/// council's rows whose `parent_column` is `parent` are deleted and `rows` take their place, each stamped with the
/// council and the parent. Run it inside the write's transaction.
pub async fn replace_list<E>(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    parent_column: E::Column,
    parent: uuid::Uuid,
    rows: Vec<E::ActiveModel>,
) -> Result<(), DbErr>
where
    E: CouncilOwned,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    scoped_delete::<E>(tenant)
        .filter(parent_column.eq(parent))
        .exec(db)
        .await?;
    let mut rows = rows;
    for row in &mut rows {
        row.try_set(E::council_column(), tenant.id().into())?;
        row.try_set(parent_column, parent.into())?;
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows.by_ref().take(LIST_CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
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

impl From<VersionMismatch> for TenancyError {
    fn from(err: VersionMismatch) -> Self {
        Self::VersionMismatch {
            current: err.current,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn council(locales: &str) -> Tenant {
        let now = crate::clock::Clock::real().now();
        Tenant::from_model(
            &model::Model {
                id: uuid::Uuid::now_v7(),
                slug: "york".into(),
                name: "City of York Council".into(),
                nation: "england".into(),
                gss_code: None,
                locales: locales.into(),
                website_url: None,
                allowed_origins: String::new(),
                media_max_bytes: None,
                media_base_url: None,
                meeting_minutes: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
            &crate::clock::Clock::real(),
        )
    }

    #[test]
    fn a_known_locale_is_accepted_and_english_is_the_default() {
        assert_eq!(check_locale("locale", None).ok().as_deref(), Some("en"));
        assert_eq!(
            check_locale("locale", Some("cy")).ok().as_deref(),
            Some("cy")
        );
        assert!(matches!(
            check_locale("locale", Some("fr")),
            Err(TenancyError::Validation {
                field: "locale",
                ..
            })
        ));
        assert!(!council("en").publishes_in("cy"));
        assert!(council("en,cy").publishes_in("cy"));
    }

    #[test]
    fn a_write_is_refused_up_front_when_the_version_moved_on() {
        assert!(expect_version(3, 3).is_ok());
        assert_eq!(expect_version(4, 3), Err(VersionMismatch { current: 4 }));
    }
}
