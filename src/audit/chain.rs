//! An entry's MAC, and checking chains: every MAC under a known key, every link, no gap, a start that is the
//! genesis or the chain's anchor.
use std::collections::{BTreeMap, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{anchor, model};
use crate::keys::{AuditKey, Keys};

/// The link a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's fields, each as its length, `:`, itself and a newline, after the MAC of the entry before it.
fn encoded(row: &model::Model, with_key_id: bool) -> Vec<u8> {
    let mut fields = vec![
        row.prev_hash.clone(),
        row.chain.clone(),
        row.seq.to_string(),
        row.council_id.map(|id| id.to_string()).unwrap_or_default(),
        row.occurred_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        row.actor_kind.clone(),
        row.actor_id.map(|id| id.to_string()).unwrap_or_default(),
        row.action.clone(),
        row.target_kind.clone().unwrap_or_default(),
        row.target_id.clone().unwrap_or_default(),
        row.detail.clone().unwrap_or_default(),
        row.client_addr.clone().unwrap_or_default(),
        row.request_id.clone().unwrap_or_default(),
    ];
    if with_key_id {
        fields.push(row.key_id.clone().unwrap_or_default());
    }
    let mut out = Vec::new();
    for field in fields {
        out.extend_from_slice(field.len().to_string().as_bytes());
        out.push(b':');
        out.extend_from_slice(field.as_bytes());
        out.push(b'\n');
    }
    out
}

/// An entry's MAC under `key` (its `key_id` included).
pub fn mac_of(row: &model::Model, key: &AuditKey) -> String {
    key.mac(&encoded(row, true))
}

/// The plain SHA-256 of an entry written before keys (no `key_id`), as those entries were hashed.
pub fn legacy_hash_of(row: &model::Model) -> String {
    hex::encode(Sha256::digest(encoded(row, false)))
}

/// What [`verify`] found in one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// A council's id, or `platform`.
    pub chain: String,
    /// The entries in the database.
    pub entries: u64,
    /// The number of the last entry pruned, when the chain starts from an anchor.
    pub anchored_at: Option<i64>,
    /// The number and MAC of its newest entry (the anchor's when every entry was pruned).
    pub last_seq: i64,
    pub head_mac: String,
    /// The first thing that does not hold: the entry's number and why.
    pub broken: Option<(i64, String)>,
}

/// Checks every chain (or one council's): the anchor's MAC, and for each entry its MAC under the key it names,
/// its number (one after the entry before, the first one after the anchor or 1) and its link to the entry
/// before (the first to the anchor's MAC or the genesis).
pub async fn verify(
    db: &DatabaseConnection,
    council: Option<Uuid>,
    keys: &Keys,
) -> Result<Vec<ChainReport>, DbErr> {
    verify_chains(db, council.map(|id| id.to_string()), keys).await
}

/// [`verify`] over every chain, or the one named.
pub(crate) async fn verify_chains<C: ConnectionTrait>(
    db: &C,
    only: Option<String>,
    keys: &Keys,
) -> Result<Vec<ChainReport>, DbErr> {
    let mut rows = model::Entity::find()
        .order_by_asc(model::Column::Chain)
        .order_by_asc(model::Column::Seq);
    let mut anchors = anchor::Entity::find();
    if let Some(chain) = only {
        rows = rows.filter(model::Column::Chain.eq(chain.clone()));
        anchors = anchors.filter(anchor::Column::Chain.eq(chain));
    }
    let mut chains: BTreeMap<String, (Option<anchor::Model>, Vec<model::Model>)> = BTreeMap::new();
    for a in anchors.all(db).await? {
        let name = a.chain.clone();
        chains.entry(name).or_default().0 = Some(a);
    }
    for row in rows.all(db).await? {
        chains.entry(row.chain.clone()).or_default().1.push(row);
    }
    Ok(chains
        .into_iter()
        .map(|(chain, (anchor, rows))| verify_chain(chain, anchor.as_ref(), &rows, keys))
        .collect())
}

fn verify_chain(
    chain: String,
    anchor: Option<&anchor::Model>,
    rows: &[model::Model],
    keys: &Keys,
) -> ChainReport {
    let mut report = ChainReport {
        chain,
        entries: rows.len() as u64,
        anchored_at: anchor.map(|a| a.last_seq),
        last_seq: 0,
        head_mac: GENESIS.to_owned(),
        broken: None,
    };
    if let Some(a) = anchor {
        report.last_seq = a.last_seq;
        report.head_mac = a.last_mac.clone();
        if let Some(why) = anchor::check(a, keys) {
            report.broken = Some((a.last_seq, why.to_owned()));
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let first = i == 0;
        let key = row.key_id.as_deref().and_then(|id| keys.audit_by_id(id));
        let problem = if row.key_id.is_none() {
            Some("it has no MAC (written before keys and never sealed, or put there by hand)")
        } else if key.is_none() {
            Some(
                "it names a key this deployment does not know (after a rotation, set TOWNHALL_SECRET_KEY_PREVIOUS)",
            )
        } else if key.is_some_and(|k| mac_of(row, k) != row.hash) {
            Some("its MAC does not match its contents")
        } else if row.seq > report.last_seq + 1 && first {
            Some("the entries before it are missing (the start of the chain was removed)")
        } else if row.seq > report.last_seq + 1 {
            Some("the entry before it is missing")
        } else if row.seq <= report.last_seq {
            Some("it is out of order")
        } else if row.prev_hash != report.head_mac && first && anchor.is_some() {
            Some("it does not link to the chain's anchor")
        } else if row.prev_hash != report.head_mac && first {
            Some("it does not start the chain")
        } else if row.prev_hash != report.head_mac {
            Some("it does not link to the entry before it")
        } else {
            None
        };
        if report.broken.is_none()
            && let Some(why) = problem
        {
            report.broken = Some((row.seq, why.to_owned()));
        }
        report.last_seq = row.seq;
        report.head_mac = row.hash.clone();
    }
    report
}

/// How to name each chain to a person: the council's slug, or `platform` (a chain whose council is gone keeps
/// its id).
pub async fn labels(db: &DatabaseConnection) -> Result<HashMap<String, String>, DbErr> {
    let councils = crate::tenancy::model::Entity::find().all(db).await?;
    let mut labels: HashMap<String, String> = councils
        .into_iter()
        .map(|c| (c.id.to_string(), c.slug))
        .collect();
    labels.insert("platform".into(), "platform".into());
    Ok(labels)
}
