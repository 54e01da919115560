//! `/api/v1/auth/*`: sign in, refresh, sign out, who am I, change password.
//!
//! Two kinds of session. Tools keep both tokens themselves. A browser app (Townhall Admin) asks for a cookie
//! session: the refresh token then travels only in an `HttpOnly`, `SameSite=Strict` cookie scoped to
//! `/api/v1/auth`, the access token lives in the page's memory, and a refresh or sign-out by cookie must carry the
//! `X-Townhall-Session: cookie` header and come from this server's own origin (so no other site can use it).
use actix_web::{
    HttpRequest, HttpResponse,
    cookie::{Cookie, SameSite, time::Duration as CookieDuration},
    get, post, web,
};
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
    audit::{self, Actor, Event},
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
    /// `tokens` (the default): both tokens in the answer. `cookie`, for a browser app: the refresh token is set
    /// as the `HttpOnly` cookie `townhall_session` instead.
    #[serde(default)]
    pub session: SessionMode,
}

/// How a sign-in's refresh token is kept.
#[derive(Deserialize, ToSchema, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SessionMode {
    #[default]
    Tokens,
    Cookie,
}

/// The cookie that holds a browser session's refresh token.
pub const SESSION_COOKIE: &str = "townhall_session";
/// The header a cookie-authenticated call must carry (a page of another site cannot add it without CORS).
pub const SESSION_HEADER: &str = "x-townhall-session";

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; each refresh token works once. Absent for a cookie session,
    /// whose refresh token is in the `townhall_session` cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

impl From<TokenPair> for TokenResponse {
    fn from(pair: TokenPair) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: Some(pair.refresh_token),
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
pub(super) fn client_addr(req: &HttpRequest, state: &AppState) -> String {
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

/// Whether the request may use the session cookie: it carries [`SESSION_HEADER`] and comes from this server's own
/// origin (its `Origin` names the host the request was sent to, or the public address).
fn cookie_call_allowed(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    let refused = |why: &str| {
        Err(ApiError::new(
            crate::error::ErrorCode::Forbidden,
            format!("A call with the session cookie {why}."),
        ))
    };
    let header = req
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok());
    if header != Some("cookie") {
        return refused("must carry the header X-Townhall-Session: cookie");
    }
    let origin = req
        .headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::cors::parse_origin);
    if origin
        .is_some_and(|origin| crate::cors::is_own_origin(req.headers(), &state.settings, &origin))
    {
        Ok(())
    } else {
        refused("must come from this server's own pages")
    }
}

/// The session cookie holding `token` (an empty one that expires at once clears it).
/// It is `Secure` when the public address is `https://`: decided by configuration, never by a client-sent
/// `X-Forwarded-Proto`.
fn session_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    let secure = state
        .settings
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    let max_age = if token.is_empty() {
        0
    } else {
        state.settings.refresh_token_ttl_secs as i64
    };
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/api/v1/auth")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age))
        .finish()
}

/// A cookie session's answer: the access token in the body, the refresh token in the cookie.
fn cookie_session(state: &AppState, pair: TokenPair) -> HttpResponse {
    let cookie = session_cookie(state, &pair.refresh_token);
    let mut body = TokenResponse::from(pair);
    body.refresh_token = None;
    HttpResponse::Ok()
        .cookie(cookie)
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// Sign in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in. For a cookie session, the refresh token is set as the cookie `townhall_session` (HttpOnly, SameSite=Strict, Path=/api/v1/auth) and left out of the body", body = TokenResponse, headers(("Set-Cookie" = String, description = "`townhall_session`, for a cookie session"))),
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
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let addr = client_addr(&req, &state);
    let keys = SignInKeys::new(&body.email, &addr);
    let signed_in =
        session::sign_in(&state, &body.email, SecretString::from(body.password), keys).await;
    let pair = match signed_in {
        Ok(pair) => pair,
        Err(err) => {
            let why = match err {
                super::AuthError::InvalidCredentials => Some("wrong email or password"),
                super::AuthError::Throttled { .. } => Some("throttled"),
                _ => None,
            };
            if let Some(why) = why {
                // The email is not recorded: the log never says which addresses have accounts.
                let event = Event::new(None, "auth.sign_in_failed")
                    .by(Actor::Anonymous)
                    .client(addr)
                    .detail(why);
                audit::record(&state.db, event).await;
            }
            return Err(err.into());
        }
    };
    let event = Event::new(None, "auth.sign_in")
        .by(Actor::User(pair.user_id))
        .target("user", pair.user_id)
        .client(addr);
    audit::record(&state.db, event).await;
    Ok(match body.session {
        SessionMode::Tokens => HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .json(TokenResponse::from(pair)),
        SessionMode::Cookie => cookie_session(&state, pair),
    })
}

/// The session cookie's refresh token, for a call allowed to use it.
fn cookie_token(req: &HttpRequest, state: &AppState) -> Result<String, ApiError> {
    cookie_call_allowed(req, state)?;
    req.cookie(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::from(super::AuthError::InvalidToken))
}

/// Exchange a refresh token for a new access token and refresh token. A cookie session sends no body: its
/// refresh token is the `townhall_session` cookie, and the call needs `X-Townhall-Session: cookie` and this
/// server's own `Origin`; the new refresh token replaces the cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "The refresh token; none for a cookie session"),
    params(("X-Townhall-Session" = Option<String>, Header, description = "`cookie` for a cookie session")),
    responses(
        (status = 200, description = "New tokens; the presented refresh token no longer works", body = TokenResponse, headers(("Set-Cookie" = String, description = "the new `townhall_session`, for a cookie session"))),
        (status = 401, description = "Refresh token invalid, expired, reused or revoked, or no session cookie", body = ErrorBody),
        (status = 403, description = "A cookie session's call without the header or from another origin", body = ErrorBody),
    ),
    security((), ("session_cookie" = []))
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse, ApiError> {
    let presented = match &body {
        Some(body) => body.refresh_token.clone(),
        None => cookie_token(&req, &state)?,
    };
    let pair = session::refresh(&state, &presented).await?;
    let event = Event::new(None, "auth.refreshed")
        .by(Actor::User(pair.user_id))
        .target("user", pair.user_id);
    audit::record(&state.db, event).await;
    Ok(match body {
        Some(_) => HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .json(TokenResponse::from(pair)),
        None => cookie_session(&state, pair),
    })
}

/// Sign out: revokes the refresh token and every token rotated from the same sign-in. A cookie session sends no
/// body (with `X-Townhall-Session: cookie` from this server's origin); its cookie is cleared.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "The refresh token; none for a cookie session"),
    params(("X-Townhall-Session" = Option<String>, Header, description = "`cookie` for a cookie session")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "A cookie session's call without the header or from another origin", body = ErrorBody),
    ),
    security((), ("session_cookie" = []))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse, ApiError> {
    let (signed_out, response) = match body {
        Some(body) => (
            store::revoke_refresh_token(&state.db, &body.refresh_token, state.clock.now()).await?,
            HttpResponse::NoContent().finish(),
        ),
        None => {
            cookie_call_allowed(&req, &state)?;
            let signed_out = match req.cookie(SESSION_COOKIE) {
                Some(cookie) => {
                    store::revoke_refresh_token(&state.db, cookie.value(), state.clock.now())
                        .await?
                }
                None => None,
            };
            let response = HttpResponse::NoContent()
                .cookie(session_cookie(&state, ""))
                .finish();
            (signed_out, response)
        }
    };
    // An unknown token changes nothing, so there is nothing to record.
    if let Some(user) = signed_out {
        let event = Event::new(None, "auth.sign_out")
            .by(Actor::User(user))
            .target("user", user);
        audit::record(&state.db, event).await;
    }
    Ok(response)
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
    let event = Event::new(None, "auth.password_changed").target("user", user.user_id);
    audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}
