//! Argon2id password hashing with OWASP parameters (m = 19456 KiB, t = 2, p = 1) unless configured higher (lower only
//! outside production mode: the test suite), always on the blocking pool.
use std::sync::{LazyLock, Mutex};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};
use secrecy::{ExposeSecret, SecretString};

use super::AuthError;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The work each new hash takes: Argon2id's memory (KiB) and passes, from the settings
/// (`TOWNHALL_PASSWORD_HASH_MEMORY_KIB`, `TOWNHALL_PASSWORD_HASH_ITERATIONS`). A stored hash is always checked with
/// the work it was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl HashCost {
    /// OWASP's minimum for Argon2id, the default, and the least production mode accepts.
    pub const OWASP: Self = Self {
        memory_kib: 19_456,
        iterations: 2,
    };

    pub fn of(settings: &crate::config::Settings) -> Self {
        Self {
            memory_kib: settings.password_hash_memory_kib,
            iterations: settings.password_hash_iterations,
        }
    }
}

fn hasher(cost: HashCost) -> Result<Argon2<'static>, AuthError> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
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

/// Hashes to verify against when the account does not exist, one per cost, so that an unknown user costs the same
/// time as a known one.
static DUMMY_HASHES: Mutex<Vec<(HashCost, String)>> = Mutex::new(Vec::new());

fn dummy_hash(cost: HashCost) -> Option<String> {
    let mut known = DUMMY_HASHES.lock().ok()?;
    if let Some((_, hash)) = known.iter().find(|(c, _)| *c == cost) {
        return Some(hash.clone());
    }
    let hash = hasher(cost)
        .ok()?
        .hash_password(b"townhall-timing-equaliser-password")
        .ok()?
        .to_string();
    known.push((cost, hash.clone()));
    Some(hash)
}

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
pub async fn hash_password(cost: HashCost, password: SecretString) -> Result<String, AuthError> {
    let _permit = permit().await?;
    tokio::task::spawn_blocking(move || {
        let argon2 = hasher(cost)?;
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
    cost: HashCost,
    password: SecretString,
    stored: Option<String>,
) -> Result<bool, AuthError> {
    let _permit = permit().await?;
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => match dummy_hash(cost) {
                Some(dummy) => (dummy, false),
                None => return Ok(false),
            },
        };
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| AuthError::Internal(format!("stored hash unreadable: {e}")))?;
        // The stored hash's own parameters are used to check it.
        let argon2 = hasher(cost)?;
        let ok = argon2
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(|e| AuthError::Internal(format!("verify task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_checked_with_the_work_it_was_made_with_whatever_the_cost_now() {
        let light = HashCost {
            memory_kib: 256,
            iterations: 1,
        };
        let secret = || SecretString::from("correct horse battery staple".to_owned());
        let strong = hash_password(HashCost::OWASP, secret())
            .await
            .expect("hash");
        assert!(strong.contains("m=19456,t=2,p=1"), "{strong}");
        let weak = hash_password(light, secret()).await.expect("hash");
        assert!(weak.contains("m=256,t=1,p=1"), "{weak}");
        for stored in [&strong, &weak] {
            for cost in [light, HashCost::OWASP] {
                assert!(
                    verify_password(cost, secret(), Some(stored.clone()))
                        .await
                        .expect("verify")
                );
                let wrong = SecretString::from("not the password at all".to_owned());
                assert!(
                    !verify_password(cost, wrong, Some(stored.clone()))
                        .await
                        .expect("verify")
                );
            }
        }
        // An unknown account is checked against a dummy hash of the same cost, and fails.
        assert!(
            !verify_password(light, secret(), None)
                .await
                .expect("verify")
        );
    }
}
