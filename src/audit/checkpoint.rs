//! Signed checkpoints: what a database alone cannot show (its newest entries removed, a whole chain removed, the
//! database put back to an older copy) a checkpoint kept elsewhere does. A checkpoint names, for every chain, its
//! newest entry's number and MAC at the time, and is signed with Ed25519 (a key derived from the master secret),
//! so that an auditor with the public key alone (`townhall audit public-key`) can tell it is genuine.
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::{ChainReport, anchor, chain, model};
use crate::keys::Keys;

/// The format this module writes and reads.
pub const FORMAT: &str = "townhall-audit-checkpoint/v1";

/// A signed checkpoint, as written to its file (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub format: String,
    pub created_at: DateTime<Utc>,
    pub chains: Vec<ChainHead>,
    /// The Ed25519 public key it was signed with, in hex.
    pub public_key: String,
    /// The Ed25519 signature over [`Checkpoint::signed_bytes`], in hex.
    pub signature: String,
}

/// One chain at the time of a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    /// A council's id, or `platform`.
    pub chain: String,
    /// The council's slug then, for people.
    pub council: Option<String>,
    /// The number and MAC of the chain's newest entry.
    pub last_seq: i64,
    pub head_mac: String,
}

impl Checkpoint {
    /// What the signature covers: the format, the time, then one line per chain (chain, council, number, MAC,
    /// tab-separated), each line ending in a newline.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut text = format!(
            "{}\n{}\n",
            self.format,
            self.created_at.to_rfc3339_opts(SecondsFormat::Micros, true)
        );
        for head in &self.chains {
            text += &format!(
                "{}\t{}\t{}\t{}\n",
                head.chain,
                head.council.as_deref().unwrap_or_default(),
                head.last_seq,
                head.head_mac
            );
        }
        text.into_bytes()
    }
}

/// The public key checkpoints are signed with, in hex (what an auditor pins).
pub fn public_key_hex(keys: &Keys) -> String {
    hex::encode(keys.checkpoint_signing().verifying_key().as_bytes())
}

/// Why a checkpoint could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum TakeError {
    #[error("the audit log does not verify: {0} chain(s) broken; no checkpoint written")]
    Broken(usize),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A signed checkpoint of every chain, refused while any chain is broken.
pub async fn take(
    db: &DatabaseConnection,
    keys: &Keys,
    now: chrono::DateTime<Utc>,
) -> Result<Checkpoint, TakeError> {
    let reports = super::verify(db, None, keys).await?;
    let broken = reports.iter().filter(|r| r.broken.is_some()).count();
    if broken > 0 {
        return Err(TakeError::Broken(broken));
    }
    let labels = chain::labels(db).await?;
    let mut checkpoint = Checkpoint {
        format: FORMAT.into(),
        created_at: now.trunc_subsecs(6),
        chains: reports
            .into_iter()
            .map(|r| ChainHead {
                council: labels.get(&r.chain).filter(|l| *l != "platform").cloned(),
                chain: r.chain,
                last_seq: r.last_seq,
                head_mac: r.head_mac,
            })
            .collect(),
        public_key: public_key_hex(keys),
        signature: String::new(),
    };
    let signature = keys.checkpoint_signing().sign(&checkpoint.signed_bytes());
    checkpoint.signature = hex::encode(signature.to_bytes());
    Ok(checkpoint)
}

/// Whether the checkpoint is genuine: its signature holds under the public key it carries, and that key is
/// this deployment's (the current one, or the previous one after a rotation). `Err` says why not.
pub fn check_signature(checkpoint: &Checkpoint, keys: &Keys) -> Result<(), String> {
    if checkpoint.format != FORMAT {
        return Err(format!("not a {FORMAT} checkpoint"));
    }
    let key_bytes: [u8; 32] = hex::decode(&checkpoint.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("its public key is not 32 bytes of hex")?;
    let public_key =
        VerifyingKey::from_bytes(&key_bytes).map_err(|_| "its public key is not an Ed25519 key")?;
    let signature: [u8; 64] = hex::decode(&checkpoint.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("its signature is not 64 bytes of hex")?;
    public_key
        .verify_strict(
            &checkpoint.signed_bytes(),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| "its signature does not hold (the checkpoint was altered)")?;
    if !keys.checkpoint_public_keys().contains(&public_key) {
        return Err("it was signed with a key that is not this deployment's".into());
    }
    Ok(())
}

/// What the database lost since the checkpoint: for each chain in it, one line if the chain is gone, ends
/// before the checkpoint's newest entry, or holds another entry (or anchor) at that number. `reports` are the
/// current chains, from [`super::verify`].
pub async fn compare(
    db: &DatabaseConnection,
    checkpoint: &Checkpoint,
    reports: &[ChainReport],
) -> Result<Vec<String>, DbErr> {
    let mut problems = Vec::new();
    for head in &checkpoint.chains {
        let name = head.council.as_deref().unwrap_or(&head.chain);
        let Some(now) = reports.iter().find(|r| r.chain == head.chain) else {
            problems.push(format!(
                "{name}: the whole chain is gone (the checkpoint saw {} entries)",
                head.last_seq
            ));
            continue;
        };
        if now.last_seq < head.last_seq {
            problems.push(format!(
                "{name}: it ends at entry {} but the checkpoint saw entry {} (entries removed from the end, or the \
                 database put back to an older copy)",
                now.last_seq, head.last_seq
            ));
            continue;
        }
        let entry = model::Entity::find()
            .filter(model::Column::Chain.eq(head.chain.clone()))
            .filter(model::Column::Seq.eq(head.last_seq))
            .one(db)
            .await?;
        let mac_then = match entry {
            Some(entry) => Some(entry.hash),
            None => anchor::Entity::find_by_id(head.chain.clone())
                .one(db)
                .await?
                .and_then(|a| match a.last_seq {
                    // Pruned since: the anchor vouches for where the chain goes on.
                    s if s > head.last_seq => Some(head.head_mac.clone()),
                    s if s == head.last_seq => Some(a.last_mac),
                    _ => None,
                }),
        };
        if mac_then.as_deref() != Some(head.head_mac.as_str()) {
            problems.push(format!(
                "{name}: entry {} is not the one the checkpoint saw (the chain was rewritten, or the database put \
                 back to an older copy and written since)",
                head.last_seq
            ));
        }
    }
    Ok(problems)
}
