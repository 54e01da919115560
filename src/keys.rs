//! One key policy: a single master secret (`TOWNHALL_SECRET_KEY`; see [`Settings::resolve_secret_key`]) from
//! which every key Townhall needs is derived with HKDF-SHA256, one label per use, so that no key is ever
//! stored in the database and a new use never needs a new setting:
//!
//! - [`AUDIT_MAC`]: the HMAC-SHA256 key the audit log's chains are written under;
//! - [`AUDIT_CHECKPOINT`]: the 32-byte seed of the Ed25519 key audit checkpoints are signed with (an auditor
//!   checks them with the public key alone);
//! - [`SSO_CLIENT_SECRETS`]: the key SSO client secrets are to be encrypted with;
//! - [`JWT`]: the access-token key, used only when `TOWNHALL_JWT_SECRET` is unset (a set JWT secret keeps
//!   signing tokens, so existing sessions live on).
//!
//! Rotation: the old master moves to `TOWNHALL_SECRET_KEY_PREVIOUS` and a new one takes its place. Each audit
//! entry names the key it was MAC'd under ([`AuditKey::id`]), so entries written under either verify; new entries
//! are written under the new key and link to the MAC of the last old one.
use ed25519_dalek::{SigningKey, VerifyingKey};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::config::{ConfigError, Settings};

/// The audit log's MAC key.
pub const AUDIT_MAC: &str = "townhall/audit-mac/v1";
/// The seed of the audit checkpoint signing key.
pub const AUDIT_CHECKPOINT: &str = "townhall/audit-checkpoint-ed25519/v1";
/// The key that encrypts SSO client secrets.
pub const SSO_CLIENT_SECRETS: &str = "townhall/sso-client-secrets/v1";
/// The access-token key, when no JWT secret is set.
pub const JWT: &str = "townhall/jwt/v1";

/// The 32-byte key for `label` derived from `master` (HKDF-SHA256, salt `townhall`).
pub fn derive(master: &SecretString, label: &str) -> [u8; 32] {
    let hkdf = Hkdf::<Sha256>::new(Some(b"townhall"), master.expose_secret().as_bytes());
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit of 255 blocks, so expanding cannot fail.
    let _ = hkdf.expand(label.as_bytes(), &mut key);
    key
}

/// A key audit entries are MAC'd under, with its id (the first 16 hex digits of the key's SHA-256), which each
/// entry stores so that verification knows which key to use after a rotation.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    id: String,
    key: [u8; 32],
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey").field("id", &self.id).finish()
    }
}

impl AuditKey {
    pub fn from_master(master: &SecretString) -> Self {
        let key = derive(master, AUDIT_MAC);
        let id = hex::encode(&Sha256::digest(key)[..8]);
        Self { id, key }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// HMAC-SHA256 of `data`, in hex.
    pub fn mac(&self, data: &[u8]) -> String {
        // HMAC takes a key of any length, so this cannot fail; an empty MAC would never verify.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(data);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Every key derived from the master secret (and from the previous one, after a rotation).
#[derive(Clone)]
pub struct Keys {
    audit: AuditKey,
    previous_audit: Option<AuditKey>,
    checkpoint: SigningKey,
    previous_checkpoint: Option<VerifyingKey>,
    sso_client_secrets: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("audit", &self.audit)
            .field("previous_audit", &self.previous_audit)
            .finish_non_exhaustive()
    }
}

impl Keys {
    /// The keys of the configured master secret (see [`Settings::resolve_secret_key`]).
    pub fn from_settings(settings: &Settings) -> Result<Self, ConfigError> {
        let master = settings.resolve_secret_key()?;
        Ok(Self::from_master(
            &master,
            settings.secret_key_previous.as_ref(),
        ))
    }

    pub fn from_master(master: &SecretString, previous: Option<&SecretString>) -> Self {
        Self {
            audit: AuditKey::from_master(master),
            previous_audit: previous.map(AuditKey::from_master),
            checkpoint: SigningKey::from_bytes(&derive(master, AUDIT_CHECKPOINT)),
            previous_checkpoint: previous
                .map(|p| SigningKey::from_bytes(&derive(p, AUDIT_CHECKPOINT)).verifying_key()),
            sso_client_secrets: derive(master, SSO_CLIENT_SECRETS),
        }
    }

    /// The key new audit entries are MAC'd under.
    pub fn audit(&self) -> &AuditKey {
        &self.audit
    }

    /// The audit key with this id: the current one, or the previous one after a rotation.
    pub fn audit_by_id(&self, id: &str) -> Option<&AuditKey> {
        std::iter::once(&self.audit)
            .chain(self.previous_audit.as_ref())
            .find(|k| k.id == id)
    }

    /// The key audit checkpoints are signed with.
    pub fn checkpoint_signing(&self) -> &SigningKey {
        &self.checkpoint
    }

    /// The public keys a checkpoint of this deployment may be signed with: the current one, then the previous.
    pub fn checkpoint_public_keys(&self) -> Vec<VerifyingKey> {
        std::iter::once(self.checkpoint.verifying_key())
            .chain(self.previous_checkpoint)
            .collect()
    }

    /// The key SSO client secrets are encrypted with.
    pub fn sso_client_secrets(&self) -> &[u8; 32] {
        &self.sso_client_secrets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_gives_its_own_key_and_the_same_master_the_same_keys() {
        let master = SecretString::from("a master secret of at least thirty-two characters");
        let labels = [AUDIT_MAC, AUDIT_CHECKPOINT, SSO_CLIENT_SECRETS, JWT];
        let keys: Vec<_> = labels.iter().map(|l| derive(&master, l)).collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(derive(&master, AUDIT_MAC), keys[0]);
        let other = SecretString::from("another master secret, also thirty-two characters");
        assert_ne!(derive(&other, AUDIT_MAC), keys[0]);
        let rotated = Keys::from_master(&other, Some(&master));
        let old = AuditKey::from_master(&master);
        assert_eq!(rotated.audit_by_id(old.id()), Some(&old));
        assert_ne!(rotated.audit().id(), old.id());
        assert_eq!(rotated.checkpoint_public_keys().len(), 2);
    }

    #[test]
    fn the_master_is_the_secret_key_else_the_jwt_secret_and_production_needs_one() {
        let secret = SecretString::from("the master secret, thirty-two characters or more");
        let jwt = SecretString::from("the jwt secret, also thirty-two characters or more");
        let settings = Settings {
            secret_key: Some(secret.clone()),
            jwt_secret: Some(jwt.clone()),
            production: true,
            ..Settings::default()
        };
        let master = settings.resolve_secret_key().expect("master");
        assert_eq!(master.expose_secret(), secret.expose_secret());
        // A set JWT secret keeps signing tokens.
        let token_key = settings.resolve_jwt_secret().expect("jwt");
        assert_eq!(token_key.expose_secret(), jwt.expose_secret());

        let jwt_only = Settings {
            secret_key: None,
            ..settings.clone()
        };
        let master = jwt_only.resolve_secret_key().expect("master");
        assert_eq!(master.expose_secret(), jwt.expose_secret());

        let master_only = Settings {
            jwt_secret: None,
            ..settings.clone()
        };
        let token_key = master_only.resolve_jwt_secret().expect("jwt");
        assert_eq!(token_key.expose_secret(), hex::encode(derive(&secret, JWT)));

        let neither = Settings {
            secret_key: None,
            jwt_secret: None,
            ..settings
        };
        assert!(neither.resolve_secret_key().is_err());
        assert!(neither.resolve_jwt_secret().is_err());
    }
}
