//! Argon2id password hashing with OWASP parameters (m = 19456 KiB, t = 2, p = 1), always on the blocking pool.
use std::sync::LazyLock;

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};
use secrecy::{ExposeSecret, SecretString};

use super::AuthError;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

fn hasher() -> Result<Argon2<'static>, AuthError> {
    let params = Params::new(19_456, 2, 1, None)
        .map_err(|e| AuthError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Argon2 runs use 19 MiB each: at most this many at once, so a flood of sign-ins cannot exhaust memory.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| tokio::sync::Semaphore::new(4));

async fn permit() -> Result<tokio::sync::SemaphorePermit<'static>, AuthError> {
    HASHING
        .acquire()
        .await
        .map_err(|_| AuthError::Internal("hashing pool closed".into()))
}

/// A hash to verify against when the account does not exist, so that an unknown user costs the same time.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let argon2 = hasher().ok()?;
    argon2
        .hash_password(b"townhall-timing-equaliser-password")
        .ok()
        .map(|h| h.to_string())
});

/// Checks length rules (NCSC/OWASP: long passphrases, no composition rules).
pub fn validate_new_password(password: &SecretString) -> Result<(), AuthError> {
    let chars = password.expose_secret().chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
        return Err(AuthError::Validation {
            field: "password",
            message: format!(
                "use {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters; a few random words work well"
            ),
        });
    }
    Ok(())
}

/// Hashes a password into a PHC string.
pub async fn hash_password(password: SecretString) -> Result<String, AuthError> {
    let _permit = permit().await?;
    tokio::task::spawn_blocking(move || {
        let argon2 = hasher()?;
        argon2
            .hash_password(password.expose_secret().as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AuthError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AuthError::Internal(format!("hashing task failed: {e}")))?
}

/// Verifies a password against a stored hash; with no hash (unknown user) it spends the same time and fails.
pub async fn verify_password(
    password: SecretString,
    stored: Option<String>,
) -> Result<bool, AuthError> {
    let _permit = permit().await?;
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => match DUMMY_HASH.as_ref() {
                Some(dummy) => (dummy.clone(), false),
                None => return Ok(false),
            },
        };
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| AuthError::Internal(format!("stored hash unreadable: {e}")))?;
        let argon2 = hasher()?;
        let ok = argon2
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(|e| AuthError::Internal(format!("verify task failed: {e}")))?
}
