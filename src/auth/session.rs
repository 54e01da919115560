//! Signing in, refreshing and signing out, with throttling of failed sign-ins across all nodes.
use chrono::{Duration, Utc};
use secrecy::SecretString;
use uuid::Uuid;

use super::{AuthError, normalize_email, password, store, tokens::sha256_hex};
use crate::state::AppState;

/// A fresh access token and refresh token.
pub struct TokenPair {
    /// Whose session it is.
    pub user_id: Uuid,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// Who is trying to sign in: the account (by email) and the client (by address), both only ever stored hashed.
pub struct SignInKeys {
    account: String,
    client: String,
}

impl SignInKeys {
    pub fn new(email: &str, client_addr: &str) -> Self {
        Self {
            account: sha256_hex(&format!("account:{}", normalize_email(email))),
            client: sha256_hex(&format!("client:{client_addr}")),
        }
    }
}

/// Seconds until a key with these failures (oldest first) drops below the limit, if it is at the limit now.
fn retry_after(failures: &[chrono::DateTime<Utc>], max: u32, window: Duration) -> Option<u64> {
    let max = max as usize;
    if failures.len() < max {
        return None;
    }
    let freeing = failures[failures.len() - max];
    let secs = (freeing + window - Utc::now()).num_seconds().max(1);
    Some(secs as u64)
}

/// Records this attempt as a failure first, then counts: parallel guesses cannot all slip in before any is
/// counted. A successful sign-in removes the account's failures, this attempt's included.
async fn record_and_check(state: &AppState, keys: &SignInKeys) -> Result<(), AuthError> {
    store::record_failure(&state.db, &keys.account, &keys.client).await?;
    let window = Duration::seconds(state.settings.login_window_secs as i64);
    let since = Utc::now() - window;
    // This attempt is one of the rows: more than `max` rows means `max` failures came before it.
    let limit = state.settings.login_max_failures + 1;
    let by_account = store::recent_failures(&state.db, true, &keys.account, since).await?;
    let by_client = store::recent_failures(&state.db, false, &keys.client, since).await?;
    let wait = [
        retry_after(&by_account, limit, window),
        retry_after(&by_client, limit, window),
    ]
    .into_iter()
    .flatten()
    .max();
    match wait {
        Some(retry_after_secs) => Err(AuthError::Throttled { retry_after_secs }),
        None => Ok(()),
    }
}

/// Checks an email and password. Unknown accounts and wrong passwords fail the same way, in similar time.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: SecretString,
    keys: SignInKeys,
) -> Result<TokenPair, AuthError> {
    let user = check_password(state, email, password, keys).await?;
    // A session is a family of refresh tokens; its id (a UUIDv7) also records when it began.
    let session = Uuid::now_v7();
    let access_token = state.jwt.issue(user.id, user.session_epoch, session)?;
    let refresh_token = store::issue_refresh_token(
        &state.db,
        user.id,
        session,
        state.settings.refresh_token_ttl_secs,
    )
    .await?;
    tracing::info!(user_id = %user.id, "signed in");
    Ok(TokenPair {
        user_id: user.id,
        access_token,
        refresh_token,
        expires_in: state.jwt.access_ttl_secs,
    })
}

/// The account of an email and password, checked and throttled as a sign-in is (for sign-in and for anything
/// else that takes a password, such as accepting an invitation), without starting a session.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: SecretString,
    keys: SignInKeys,
) -> Result<super::model::user::Model, AuthError> {
    record_and_check(state, &keys).await?;
    let user = store::find_user_by_email(&state.db, email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let valid = password::verify_password(password, stored).await?;
    let user = match (valid, user) {
        (true, Some(user)) => user,
        _ => {
            tracing::info!("sign-in failed");
            return Err(AuthError::InvalidCredentials);
        }
    };
    store::clear_account_failures(&state.db, &keys.account).await?;
    Ok(user)
}

/// Rotates a refresh token into a new pair.
pub async fn refresh(state: &AppState, presented: &str) -> Result<TokenPair, AuthError> {
    let (user, refresh_token, session) = store::rotate_refresh_token(
        &state.db,
        presented,
        state.settings.refresh_token_ttl_secs,
        state.settings.session_max_age_secs,
    )
    .await?;
    let access_token = state.jwt.issue(user.id, user.session_epoch, session)?;
    Ok(TokenPair {
        user_id: user.id,
        access_token,
        refresh_token,
        expires_in: state.jwt.access_ttl_secs,
    })
}

/// Changes a signed-in user's password after checking the current one; every session of the user ends.
pub async fn change_password(
    state: &AppState,
    user_id: Uuid,
    current: SecretString,
    new: SecretString,
) -> Result<(), AuthError> {
    password::validate_new_password(&new)?;
    let user = store::find_user(&state.db, user_id)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if !password::verify_password(current, Some(user.password_hash)).await? {
        return Err(AuthError::Validation {
            field: "current_password",
            message: "the current password is not correct".into(),
        });
    }
    let hash = password::hash_password(new).await?;
    store::set_password(&state.db, user_id, hash).await
}
