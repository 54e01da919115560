//! `/api/v1/auth/*`: sign in, refresh, sign out, who am I, change password.
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    CurrentUser, Role,
    session::{self, SignInKeys, TokenPair},
    store,
};
use crate::{
    error::{ApiError, ErrorBody},
    pagination::PageRequest,
    state::AppState,
    tenancy,
};

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "editor@example.gov.uk", "password": "correct horse battery staple"}))]
pub struct LoginRequest {
    pub email: String,
    #[schema(format = Password)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; each refresh token works once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

impl From<TokenPair> for TokenResponse {
    fn from(pair: TokenPair) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer".into(),
            expires_in: pair.expires_in,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    #[schema(format = Password)]
    pub current_password: String,
    #[schema(format = Password)]
    pub new_password: String,
}

#[derive(Serialize, ToSchema)]
pub struct MembershipSummary {
    pub council: String,
    pub council_name: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub platform_admin: bool,
    pub memberships: Vec<MembershipSummary>,
}

/// The client's address: the peer, or behind a trusted proxy the right-most `X-Forwarded-For` entry (the one the
/// proxy itself added; entries to its left are whatever the client sent).
fn client_addr(req: &HttpRequest, state: &AppState) -> String {
    if state.settings.trust_forwarded_for
        && let Some(last) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return last.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Sign in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Email or password is incorrect", body = ErrorBody),
        (status = 422, description = "Malformed request", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let body = body.into_inner();
    let keys = SignInKeys::new(&body.email, &client_addr(&req, &state));
    let pair =
        session::sign_in(&state, &body.email, SecretString::from(body.password), keys).await?;
    Ok(web::Json(pair.into()))
}

/// Exchange a refresh token for a new access token and refresh token.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the presented refresh token no longer works", body = TokenResponse),
        (status = 401, description = "Refresh token invalid, expired, reused or revoked", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let pair = session::refresh(&state, &body.refresh_token).await?;
    Ok(web::Json(pair.into()))
}

/// Sign out: revokes the refresh token and every token rotated from the same sign-in.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out")),
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    store::revoke_refresh_token(&state.db, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user and their councils.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = MeResponse),
        (status = 401, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/auth/me")]
pub async fn me(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<web::Json<MeResponse>, ApiError> {
    let account = store::find_user(&state.db, user.user_id)
        .await?
        .ok_or(super::AuthError::InvalidToken)?;
    let memberships = store::memberships_of(&state.db, user.user_id).await?;
    let councils = tenancy::store::list_by_ids(
        &state.db,
        memberships.iter().map(|m| m.council_id).collect(),
        PageRequest {
            limit: 1000,
            after: None,
        },
    )
    .await?;
    let memberships = memberships
        .into_iter()
        .filter_map(|m| {
            let council = councils.iter().find(|c| c.id == m.council_id)?;
            Some(MembershipSummary {
                council: council.slug.clone(),
                council_name: council.name.clone(),
                role: Role::parse(&m.role)?,
            })
        })
        .collect();
    Ok(web::Json(MeResponse {
        id: account.id,
        email: account.email,
        display_name: account.display_name,
        platform_admin: account.is_platform_admin,
        memberships,
    }))
}

/// Change your password. Every session ends: existing access and refresh tokens stop working.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Password changed; sign in again"),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Current password wrong or new password too short", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    session::change_password(
        &state,
        user.user_id,
        SecretString::from(body.current_password),
        SecretString::from(body.new_password),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
