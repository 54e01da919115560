//! Signing in, refreshing and signing out, with throttling of failed sign-ins across all nodes ([`throttle`]).
use chrono::Duration;
use secrecy::SecretString;
use uuid::Uuid;

use super::{
    AuthError, normalize_email, password, store,
    throttle::{self, Counted, Limit},
    tokens::sha256_hex,
};
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
    pair: String,
}

impl SignInKeys {
    pub fn new(email: &str, client_addr: &str) -> Self {
        let email = normalize_email(email);
        Self {
            account: sha256_hex(&format!("account:{email}")),
            client: throttle::client_key(client_addr),
            pair: sha256_hex(&format!("pair:{email}\n{client_addr}")),
        }
    }
}

/// Places (account and client) that signed in with the right password, kept this long: from them, failures
/// elsewhere do not slow the account's owner down.
const KNOWN_FOR_DAYS: i64 = 90;
const KNOWN: &str = "sign_in_known";
const PAIR: &str = "sign_in_pair";

/// The three limits on failed sign-ins: one account from one client (the owner mistyping, or a guesser at one
/// address), one client across accounts (guessing many accounts from one address), and one account from every
/// client (a ceiling on guesses spread over many addresses). The last two do not apply to a client the account
/// has signed in from before, so neither failures elsewhere nor an office's shared address hold its owner up.
fn limits(state: &AppState) -> [Limit; 3] {
    let window = Duration::seconds(i64::try_from(state.settings.login_window_secs).unwrap_or(900));
    [
        Limit {
            scope: PAIR,
            free: state.settings.login_max_failures,
            window,
        },
        Limit {
            scope: "sign_in_client",
            free: state.settings.login_max_failures_per_client,
            window,
        },
        Limit {
            scope: "sign_in_account",
            free: state.settings.login_max_failures_per_account,
            window,
        },
    ]
}

/// Counts this attempt against the limits (each as a failure until the password proves right); `Err` with the
/// wait when one of them says to wait, and then nothing is counted.
async fn count_attempt(state: &AppState, keys: &SignInKeys) -> Result<Vec<Counted>, AuthError> {
    let now = state.clock.now();
    let since = now - Duration::days(KNOWN_FOR_DAYS);
    let known = throttle::remembered(&state.db, KNOWN, &keys.pair, since).await?;
    let [pair, client, account] = limits(state);
    let mut checks = vec![(pair, &keys.pair)];
    if !known {
        checks.push((client, &keys.client));
        checks.push((account, &keys.account));
    }
    let mut counted = Vec::new();
    let mut wait = None;
    for (limit, key) in checks {
        match throttle::attempt(&state.db, &limit, key, now).await? {
            Ok(hit) => counted.push(hit),
            Err(secs) => wait = wait.max(Some(secs)),
        }
    }
    if let Some(retry_after_secs) = wait {
        for hit in counted {
            throttle::forget(&state.db, hit).await?;
        }
        return Err(AuthError::Throttled { retry_after_secs });
    }
    Ok(counted)
}

/// After the right password: this attempt was no failure, the account's failures from this client are
/// forgotten, and the client is remembered as one the account signs in from.
async fn signed_in_from(
    state: &AppState,
    keys: &SignInKeys,
    counted: Vec<Counted>,
) -> Result<(), AuthError> {
    for hit in counted {
        throttle::forget(&state.db, hit).await?;
    }
    let now = state.clock.now();
    throttle::clear(&state.db, PAIR, &keys.pair).await?;
    throttle::remember(&state.db, KNOWN, &keys.pair, now).await?;
    throttle::prune(&state.db, now, KNOWN, Duration::days(KNOWN_FOR_DAYS)).await
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
    let session = state.clock.uuid_v7();
    let access_token = state.jwt.issue(user.id, user.session_epoch, session)?;
    let refresh_token = store::issue_refresh_token(
        &state.db,
        user.id,
        session,
        state.settings.refresh_token_ttl_secs,
        state.clock.now(),
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
    let counted = count_attempt(state, &keys).await?;
    let user = store::find_user_by_email(&state.db, email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let valid =
        password::verify_password(password::HashCost::of(&state.settings), password, stored)
            .await?;
    let user = match (valid, user) {
        (true, Some(user)) => user,
        _ => {
            tracing::info!("sign-in failed");
            return Err(AuthError::InvalidCredentials);
        }
    };
    signed_in_from(state, &keys, counted).await?;
    Ok(user)
}

/// Rotates a refresh token into a new pair.
pub async fn refresh(state: &AppState, presented: &str) -> Result<TokenPair, AuthError> {
    let (user, refresh_token, session) = store::rotate_refresh_token(
        &state.db,
        presented,
        state.settings.refresh_token_ttl_secs,
        state.settings.session_max_age_secs,
        state.clock.now(),
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
    if !password::verify_password(
        password::HashCost::of(&state.settings),
        current,
        Some(user.password_hash),
    )
    .await?
    {
        return Err(AuthError::Validation {
            field: "current_password",
            message: "the current password is not correct".into(),
        });
    }
    let hash = password::hash_password(password::HashCost::of(&state.settings), new).await?;
    store::set_password(&state.db, user_id, hash, state.clock.now()).await
}
