//! Extractors that authenticate the caller and state in a handler's signature what it needs:
//! [`CurrentUser`] (a signed-in person), [`PlatformAdmin`], or [`CouncilAccess<R>`] (a role `R` in the council
//! named by the `{council}` path segment, which yields that council's `Tenant`).
use std::marker::PhantomData;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::{AuthError, Role, Scope, store, tokens::API_TOKEN_PREFIX};
use crate::{
    error::{ApiError, ErrorCode},
    state::AppState,
    tenancy::{self, Tenant},
};

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A person, with an access token.
    User { user_id: Uuid, platform_admin: bool },
    /// A council API token.
    ApiToken {
        token_id: Uuid,
        council_id: Uuid,
        scopes: Vec<Scope>,
    },
}

impl Principal {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Self::User { user_id, .. } => Some(*user_id),
            Self::ApiToken { .. } => None,
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<String, AuthError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(AuthError::MissingToken)?
        .to_str()
        .map_err(|_| AuthError::InvalidToken)?;
    let (scheme, token) = value.split_once(' ').ok_or(AuthError::InvalidToken)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthError::InvalidToken);
    }
    Ok(token.trim().to_owned())
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AuthError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AuthError::Internal("application state missing".into()))
}

/// Authenticates a bearer token: an API token by its prefix, otherwise an access JWT.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Principal, AuthError> {
    if token.starts_with(API_TOKEN_PREFIX) {
        let row = store::authenticate_api_token(&state.db, token, state.clock.now()).await?;
        crate::audit::set_actor(crate::audit::Actor::ApiToken(row.id));
        return Ok(Principal::ApiToken {
            token_id: row.id,
            council_id: row.council_id,
            scopes: Scope::parse_list(&row.scopes),
        });
    }
    let claims = state.jwt.verify(token)?;
    let user_id = Uuid::parse_str(&claims.sub).map_err(|_| AuthError::InvalidToken)?;
    // The token's session must still be open (signing out ends it at once) and within its absolute lifetime.
    let session = claims.sid.ok_or(AuthError::InvalidToken)?;
    if !store::session_within_age(
        session,
        state.settings.session_max_age_secs,
        state.clock.now(),
    ) {
        return Err(AuthError::InvalidToken);
    }
    let user = store::find_user_in_session(&state.db, user_id, session)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if user.session_epoch != claims.sep {
        return Err(AuthError::InvalidToken);
    }
    crate::audit::set_actor(crate::audit::Actor::User(user_id));
    Ok(Principal::User {
        user_id,
        platform_admin: user.is_platform_admin,
    })
}

/// Any authenticated caller, person or API token.
pub struct Authenticated(pub Principal);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let prepared = state(req).and_then(|s| Ok((s, bearer(req)?)));
        Box::pin(async move {
            let (state, token) = prepared?;
            Ok(Authenticated(authenticate(&state, &token).await?))
        })
    }
}

/// A signed-in person (not an API token).
#[derive(Debug, Clone, Copy)]
pub struct CurrentUser {
    pub user_id: Uuid,
    pub platform_admin: bool,
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let auth = Authenticated::from_request(req, payload);
        Box::pin(async move {
            match auth.await?.0 {
                Principal::User {
                    user_id,
                    platform_admin,
                } => Ok(CurrentUser {
                    user_id,
                    platform_admin,
                }),
                Principal::ApiToken { .. } => Err(AuthError::Forbidden.into()),
            }
        })
    }
}

/// A platform administrator (creates councils, sees every council).
#[derive(Debug, Clone, Copy)]
pub struct PlatformAdmin(pub CurrentUser);

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            if user.platform_admin {
                Ok(PlatformAdmin(user))
            } else {
                Err(AuthError::Forbidden.into())
            }
        })
    }
}

/// What a handler needs of the caller within a council.
pub trait Requirement {
    /// Whether a member with `role` may proceed.
    fn role_allows(role: Role) -> bool;
    /// Whether an API token with `scopes` may proceed.
    fn scopes_allow(scopes: &[Scope]) -> bool;
}

/// Any member of the council (viewer and up), or a token with `read` or `write`.
pub struct AnyRole;
/// The council's admins only; API tokens never manage users, tokens or settings.
pub struct AdminRole;
/// Web content editors (and admins), or a `write` token.
pub struct EditorRole;
/// Democratic services officers (and admins), or a `write` token.
pub struct DemocraticServicesRole;
/// Anyone who writes content or records (editors, democratic services officers, admins), or a `write` token:
/// the people who upload files.
pub struct WriterRole;

impl Requirement for WriterRole {
    fn role_allows(role: Role) -> bool {
        matches!(role, Role::Admin | Role::Editor | Role::DemocraticServices)
    }
    fn scopes_allow(scopes: &[Scope]) -> bool {
        scopes.contains(&Scope::Write)
    }
}

/// Those who may put web content live or take it down: the council's admins, or a `write` token.
pub struct PublisherRole;

impl Requirement for PublisherRole {
    fn role_allows(role: Role) -> bool {
        role == Role::Admin
    }
    fn scopes_allow(scopes: &[Scope]) -> bool {
        scopes.contains(&Scope::Write)
    }
}

impl Requirement for AnyRole {
    fn role_allows(_: Role) -> bool {
        true
    }
    fn scopes_allow(scopes: &[Scope]) -> bool {
        scopes.contains(&Scope::Read) || scopes.contains(&Scope::Write)
    }
}

impl Requirement for AdminRole {
    fn role_allows(role: Role) -> bool {
        role == Role::Admin
    }
    fn scopes_allow(_: &[Scope]) -> bool {
        false
    }
}

impl Requirement for EditorRole {
    fn role_allows(role: Role) -> bool {
        matches!(role, Role::Admin | Role::Editor)
    }
    fn scopes_allow(scopes: &[Scope]) -> bool {
        scopes.contains(&Scope::Write)
    }
}

impl Requirement for DemocraticServicesRole {
    fn role_allows(role: Role) -> bool {
        matches!(role, Role::Admin | Role::DemocraticServices)
    }
    fn scopes_allow(scopes: &[Scope]) -> bool {
        scopes.contains(&Scope::Write)
    }
}

/// The caller holds what `R` requires in the council named by `{council}`.
/// A caller with no access to that council gets the same 404 as for a council that does not exist.
pub struct CouncilAccess<R> {
    pub tenant: Tenant,
    pub principal: Principal,
    _requirement: PhantomData<R>,
}

impl<R: Requirement + 'static> FromRequest for CouncilAccess<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let slug = req.match_info().get("council").map(str::to_owned);
        let prepared = state(req).and_then(|s| Ok((s, bearer(req)?)));
        let base = prepared
            .as_ref()
            .ok()
            .map(|(s, _)| crate::links::Base::of(&s.settings));
        Box::pin(async move {
            let (state, token) = prepared?;
            let principal = authenticate(&state, &token).await?;
            let slug = slug.ok_or(AuthError::NotFound("Council"))?;
            let mut tenant = tenancy::store::resolve(&state.db, &state.clock, &slug).await?;
            if let Some(base) = &base {
                tenant = tenant.reached_at(base);
            }
            let allowed = match &principal {
                Principal::User {
                    platform_admin: true,
                    ..
                } => true,
                Principal::User { user_id, .. } => {
                    match store::role_in(&tenant, &state.db, *user_id).await? {
                        Some(role) => R::role_allows(role),
                        None => return Err(ApiError::from(tenancy::TenancyError::NotFound)),
                    }
                }
                Principal::ApiToken {
                    council_id, scopes, ..
                } => {
                    if *council_id != tenant.id() {
                        return Err(ApiError::from(tenancy::TenancyError::NotFound));
                    }
                    R::scopes_allow(scopes)
                }
            };
            if !allowed {
                return Err(AuthError::Forbidden.into());
            }
            Ok(CouncilAccess {
                tenant,
                principal,
                _requirement: PhantomData,
            })
        })
    }
}

/// Whether the request carries a token that may read this council's restricted material: a platform
/// administrator, any member of the council, or one of the council's API tokens. No token, or any other, is no.
pub async fn can_read_restricted(req: &HttpRequest, state: &AppState, tenant: &Tenant) -> bool {
    let Ok(token) = bearer(req) else { return false };
    match authenticate(state, &token).await {
        Ok(Principal::User {
            platform_admin: true,
            ..
        }) => true,
        Ok(Principal::User { user_id, .. }) => {
            matches!(
                store::role_in(tenant, &state.db, user_id).await,
                Ok(Some(_))
            )
        }
        Ok(Principal::ApiToken { council_id, .. }) => council_id == tenant.id(),
        Err(_) => false,
    }
}

/// Whether `principal` may see this council's drafts (preview): a platform administrator, any member of the
/// council (every role reads drafts), or one of the council's API tokens with the `preview` or `write` scope.
pub async fn may_preview(
    db: &sea_orm::DatabaseConnection,
    principal: &Principal,
    tenant: &Tenant,
) -> bool {
    match principal {
        Principal::User {
            platform_admin: true,
            ..
        } => true,
        Principal::User { user_id, .. } => {
            matches!(store::role_in(tenant, db, *user_id).await, Ok(Some(_)))
        }
        Principal::ApiToken {
            council_id, scopes, ..
        } => {
            *council_id == tenant.id()
                && (scopes.contains(&Scope::Preview) || scopes.contains(&Scope::Write))
        }
    }
}

/// The delivery access rule, one for REST and GraphQL: a public read needs nothing; a preview (drafts) needs a
/// caller who [`may_preview`] the council: 401 without a token, 403 with one that may not. Gives whether the
/// read is a preview.
pub async fn delivery_access(
    db: &sea_orm::DatabaseConnection,
    principal: Option<&Principal>,
    tenant: &Tenant,
    preview: bool,
) -> Result<bool, ApiError> {
    if !preview {
        return Ok(false);
    }
    let Some(principal) = principal else {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "Preview needs a bearer token that may read this council's drafts.",
        ));
    };
    if !may_preview(db, principal, tenant).await {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "This token may not preview this council's drafts.",
        ));
    }
    Ok(true)
}

/// The caller of a delivery request, when it sent a valid bearer token.
pub async fn optional_principal(req: &HttpRequest, state: &AppState) -> Option<Principal> {
    let token = bearer(req).ok()?;
    authenticate(state, &token).await.ok()
}
