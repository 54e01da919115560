//! Access tokens (HS256 JWTs with `iss`, `aud`, `exp`, `sub` checked and the algorithm pinned) and the opaque
//! random tokens (refresh and API tokens) that are shown once and stored only as SHA-256 hashes.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::AuthError;

pub const REFRESH_PREFIX: &str = "thr_";
pub const API_TOKEN_PREFIX: &str = "tht_";

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// The user's session epoch when the token was issued.
    pub sep: i32,
    /// The session (refresh-token family) it belongs to: signing out ends the session, and with it this token.
    #[serde(default)]
    pub sid: Option<Uuid>,
}

/// Keys and rules for access tokens.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    pub access_ttl_secs: u64,
    /// Expiry is judged by Townhall's clock (which tests move), not the library's reading of the system time.
    clock: crate::clock::Clock,
}

/// Seconds an access token is still taken after its expiry (clocks of several servers drift a little).
const LEEWAY_SECS: i64 = 5;

impl JwtKeys {
    pub fn new(
        secret: &SecretString,
        issuer: &str,
        audience: &str,
        access_ttl_secs: u64,
        clock: crate::clock::Clock,
    ) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 0;
        // `exp` is required above and checked against the clock in `verify`.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            access_ttl_secs,
            clock,
        }
    }

    /// Issues an access token for a user at their current session epoch, in a session.
    pub fn issue(
        &self,
        user_id: Uuid,
        session_epoch: i32,
        session: Uuid,
    ) -> Result<String, AuthError> {
        let now = self.clock.now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            iat: now,
            exp: now + self.access_ttl_secs as i64,
            jti: Uuid::new_v4().to_string(),
            sep: session_epoch,
            sid: Some(session),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AuthError::Internal(format!("signing failed: {e}")))
    }

    /// Verifies signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| AuthError::InvalidToken)?;
        if claims.exp.saturating_add(LEEWAY_SECS) < self.clock.now().timestamp() {
            return Err(AuthError::InvalidToken);
        }
        Ok(claims)
    }
}

/// A new random token with a recognisable prefix: 256 bits of randomness, URL-safe.
pub fn generate_opaque(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of an opaque token or a throttling key.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}
