//! Forgotten passwords: a reset link by email. The answer to asking is the same whether or not the address has an
//! account; the link works once, for an hour, and setting a new password ends every other session.
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Duration;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AuthError, model::password_reset, password, store, throttle, tokens};
use crate::{
    error::{ApiError, ErrorBody},
    links, mail,
    state::AppState,
};

/// How long a reset link works.
pub const VALID_MINUTES: i64 = 60;
const PREFIX: &str = "thp_";

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "editor@example.gov.uk"}))]
pub struct ResetRequest {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewPasswordRequest {
    /// At least 12 characters.
    #[schema(format = Password)]
    pub password: String,
}

/// Ask for a reset link. The answer is 202 whether or not the address has an account; if it has, the link goes to
/// it by email, at most a few times an hour (more requests are answered alike and send nothing). Each new link
/// ends the ones sent before: only the newest works. Many requests from one client are slowed down (429).
#[utoipa::path(
    tag = "auth",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a reset link is on its way"),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many requests from this client; see Retry-After", body = ErrorBody),
    )
)]
#[post("/auth/password-reset")]
pub async fn request_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = super::validate_email(&body.email)?;
    let now = state.clock.now();
    // Slowed per client (a flood of requests from one address), capped per email address (its owner's inbox).
    let client = super::rest::client_addr(&req, &state);
    let per_client = throttle::Limit {
        scope: "reset_client",
        free: 20,
        window: Duration::hours(1),
    };
    let client_key = throttle::client_key(&client);
    if let Err(retry_after_secs) =
        throttle::attempt(&state.db, &per_client, &client_key, now).await?
    {
        return Err(AuthError::Throttled { retry_after_secs }.into());
    }
    let per_address = throttle::Limit {
        scope: "reset_address",
        free: state.settings.reset_max_per_hour,
        window: Duration::hours(1),
    };
    let address_key = tokens::sha256_hex(&format!("account:{}", super::normalize_email(&email)));
    if throttle::count(&state.db, &per_address, &address_key, now).await?
        >= u64::from(state.settings.reset_max_per_hour)
    {
        tracing::info!("password reset not sent: this address had its hourly share");
        return Ok(HttpResponse::Accepted().finish());
    }
    throttle::remember_hit(&state.db, per_address.scope, &address_key, now).await?;
    if let Some(user) = store::find_user_by_email(&state.db, &email).await? {
        let token = tokens::generate_opaque(PREFIX);
        // Only the newest link works: the ones sent before end now.
        password_reset::Entity::update_many()
            .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
            .filter(password_reset::Column::UserId.eq(user.id))
            .filter(password_reset::Column::UsedAt.is_null())
            .exec(&state.db)
            .await
            .map_err(AuthError::from)?;
        password_reset::Entity::insert(password_reset::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user.id),
            token_hash: Set(tokens::sha256_hex(&token)),
            created_at: Set(now),
            expires_at: Set(now + Duration::minutes(VALID_MINUTES)),
            used_at: Set(None),
        })
        .exec(&state.db)
        .await
        .map_err(AuthError::from)?;
        let link = format!(
            "{}/admin/reset-password/{token}",
            links::Base::of(&state.settings).as_str()
        );
        // Only an address with an account changes anything; the entry names the account, never the address.
        let event = crate::audit::Event::new(None, "auth.password_reset_requested")
            .by(crate::audit::Actor::Anonymous)
            .target("user", user.id);
        crate::audit::record(&state.db, event).await;
        mail::send_later(
            &state.settings,
            mail::Email {
                to: user.email,
                subject: "Reset your Townhall password".into(),
                body: format!(
                    "Someone asked to reset the password of your Townhall account.\n\nTo choose a new password, open \
                     this link within {VALID_MINUTES} minutes:\n\n{link}\n\nIf it was not you, ignore this email: \
                     your password stays as it is.\n"
                ),
            },
        );
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with a reset link's token. Every session of the account ends.
#[utoipa::path(
    tag = "auth",
    params(("token" = String, Path, description = "The token from the reset email")),
    request_body = NewPasswordRequest,
    responses(
        (status = 204, description = "Password set; sign in with it"),
        (status = 404, description = "No such link, or it was used or has expired", body = ErrorBody),
        (status = 422, description = "The password is too short", body = ErrorBody),
    )
)]
#[post("/auth/password-reset/{token}")]
pub async fn reset_password(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<NewPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let gone = || ApiError::not_found("Reset link");
    let token = path.into_inner();
    if !token.starts_with(PREFIX) {
        return Err(gone());
    }
    let secret = SecretString::from(body.into_inner().password);
    password::validate_new_password(&secret)?;
    let found = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(tokens::sha256_hex(&token)))
        .one(&state.db)
        .await
        .map_err(AuthError::from)?
        .ok_or_else(gone)?;
    let now = state.clock.now();
    if found.used_at.is_some() || found.expires_at < now {
        return Err(gone());
    }
    // Used once: only the first of two racing uses marks it.
    let marked = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::Id.eq(found.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(AuthError::from)?;
    if marked.rows_affected != 1 {
        return Err(gone());
    }
    // Any other link of the account ends with this one.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::UserId.eq(found.user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(AuthError::from)?;
    let hash = password::hash_password(password::HashCost::of(&state.settings), secret).await?;
    store::set_password(&state.db, found.user_id, hash, state.clock.now()).await?;
    let event = crate::audit::Event::new(None, "auth.password_reset")
        .by(crate::audit::Actor::User(found.user_id))
        .target("user", found.user_id);
    crate::audit::record(&state.db, event).await;
    tracing::info!(user_id = %found.user_id, "password reset");
    Ok(HttpResponse::NoContent().finish())
}
