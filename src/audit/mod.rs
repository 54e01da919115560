//! The audit log: an append-only record of security-relevant events (sign-ins, passwords, invitations,
//! memberships and roles, API tokens, council settings, webhooks, publishing and deleting, imports). Each entry
//! says who (a user, an API token, or the system), which council, what was done to what, when, and in which
//! request; never a secret or a body.
//!
//! Each council has its own hash chain, and the platform one more: an entry's hash covers its fields and the hash
//! of the entry before it, so that an altered, removed or inserted row is found by [`verify`] (`townhall audit
//! verify`). Entries older than the retention setting are removed from the start of a chain; the oldest entry
//! left then anchors it.
//!
//! Who acts and in which request is known from the request itself: the HTTP wiring runs every request [`within`]
//! a context holding its request id, and authentication names the actor in it ([`set_actor`]). Writers call
//! [`record`] after their change is committed; a failure to write the entry is logged as an error and does not
//! undo the change.
pub mod model;
pub mod rest;

use std::cell::RefCell;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, SqlErr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Who did something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Actor {
    /// Townhall itself (scheduled publishing, a command run on the server).
    #[default]
    System,
    /// Nobody signed in (a failed sign-in).
    Anonymous,
    User(Uuid),
    ApiToken(Uuid),
}

impl Actor {
    fn kind(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Anonymous => "anonymous",
            Self::User(_) => "user",
            Self::ApiToken(_) => "api_token",
        }
    }

    fn id(self) -> Option<Uuid> {
        match self {
            Self::User(id) | Self::ApiToken(id) => Some(id),
            _ => None,
        }
    }
}

/// What a request's entries share: its id and who is acting.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub request_id: Option<String>,
    pub actor: Actor,
}

tokio::task_local! {
    static CONTEXT: RefCell<Context>;
}

/// Runs `work` (a request) with `context` available to [`record`].
pub async fn within<F: std::future::Future>(context: Context, work: F) -> F::Output {
    CONTEXT.scope(RefCell::new(context), work).await
}

/// Names who is acting in the current request (done by authentication).
pub fn set_actor(actor: Actor) {
    let _ = CONTEXT.try_with(|c| c.borrow_mut().actor = actor);
}

fn current() -> Context {
    CONTEXT.try_with(|c| c.borrow().clone()).unwrap_or_default()
}

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// The council it concerns; `None` for the platform (sign-ins, passwords, councils created).
    pub council: Option<Uuid>,
    /// What was done, as `area.verb` (`auth.sign_in`, `content.published`, `api_token.created`).
    pub action: &'static str,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
    /// A short fact that is neither a secret nor personal data beyond what the log needs (`role=editor`).
    pub detail: Option<String>,
    /// The client's address, for sign-ins.
    pub client_addr: Option<String>,
    /// Who, when not the request's actor (a sign-in names the account that signed in).
    pub actor: Option<Actor>,
}

impl Event {
    pub fn new(council: Option<Uuid>, action: &'static str) -> Self {
        Self {
            council,
            action,
            ..Self::default()
        }
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_kind = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn client(mut self, addr: impl Into<String>) -> Self {
        self.client_addr = Some(addr.into());
        self
    }

    pub fn by(mut self, actor: Actor) -> Self {
        self.actor = Some(actor);
        self
    }
}

/// The chain an entry belongs to.
fn chain_of(council: Option<Uuid>) -> String {
    council.map_or_else(|| "platform".to_owned(), |id| id.to_string())
}

/// The hash of an entry: SHA-256 over its fields, one per line, after the hash of the entry before it.
pub fn hash_of(row: &model::Model) -> String {
    let mut hasher = Sha256::new();
    let fields = [
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
    for field in fields {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Appends an event to its chain. Two servers appending at once both try the next number; the unique index
/// lets one win and the other tries again.
async fn append(db: &DatabaseConnection, event: &Event) -> Result<(), DbErr> {
    let context = current();
    let actor = event.actor.unwrap_or(context.actor);
    let chain = chain_of(event.council);
    let clip = |text: &Option<String>, max: usize| {
        text.as_ref().map(|t| {
            crate::text::printable(t)
                .chars()
                .take(max)
                .collect::<String>()
        })
    };
    for _ in 0..5 {
        let txn = crate::db::begin_write(db).await?;
        let last = model::Entity::find()
            .filter(model::Column::Chain.eq(chain.clone()))
            .order_by_desc(model::Column::Seq)
            .one(&txn)
            .await?;
        let (seq, prev_hash) = last.map_or((1, GENESIS.to_owned()), |l| (l.seq + 1, l.hash));
        let mut row = model::Model {
            id: Uuid::now_v7(),
            chain: chain.clone(),
            seq,
            council_id: event.council,
            occurred_at: Utc::now().trunc_subsecs(6),
            actor_kind: actor.kind().to_owned(),
            actor_id: actor.id(),
            action: event.action.to_owned(),
            target_kind: event.target_kind.map(str::to_owned),
            target_id: clip(&event.target_id, 100),
            detail: clip(&event.detail, 200),
            client_addr: clip(&event.client_addr, 64),
            request_id: clip(&context.request_id, 64),
            prev_hash,
            hash: String::new(),
        };
        row.hash = hash_of(&row);
        let active: model::ActiveModel = row.into();
        match model::Entity::insert(active).exec(&txn).await {
            Ok(_) => return txn.commit().await,
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                txn.rollback().await?;
            }
            Err(err) => return Err(err),
        }
    }
    Err(DbErr::Custom(
        "the audit chain stayed busy after five tries".into(),
    ))
}

/// Records an event. Called after the change it describes is committed; a failure is logged, not returned.
pub async fn record(db: &DatabaseConnection, event: Event) {
    if let Err(err) = append(db, &event).await {
        tracing::error!(error = %err, action = event.action, "could not write an audit log entry");
    }
}

/// What [`verify`] found in one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub chain: String,
    pub entries: u64,
    /// The first entry that does not hold: its number and why.
    pub broken: Option<(i64, String)>,
}

/// Checks every chain (or one council's): each entry's hash is recomputed, each links to the one before, and
/// the numbers have no gaps.
pub async fn verify(
    db: &DatabaseConnection,
    council: Option<Uuid>,
) -> Result<Vec<ChainReport>, DbErr> {
    let mut query = model::Entity::find()
        .order_by_asc(model::Column::Chain)
        .order_by_asc(model::Column::Seq);
    if let Some(id) = council {
        query = query.filter(model::Column::Chain.eq(id.to_string()));
    }
    let rows = query.all(db).await?;
    let mut reports: Vec<ChainReport> = Vec::new();
    let mut previous: Option<&model::Model> = None;
    for row in &rows {
        let same_chain = previous.is_some_and(|p| p.chain == row.chain);
        if !same_chain {
            reports.push(ChainReport {
                chain: row.chain.clone(),
                entries: 0,
                broken: None,
            });
        }
        let Some(report) = reports.last_mut() else {
            continue;
        };
        report.entries += 1;
        if report.broken.is_none() {
            let problem = if hash_of(row) != row.hash {
                Some("its hash does not match its contents")
            } else if let Some(before) = previous.filter(|_| same_chain) {
                if row.seq != before.seq + 1 {
                    Some("the entry before it is missing")
                } else if row.prev_hash != before.hash {
                    Some("it does not link to the entry before it")
                } else {
                    None
                }
            } else if row.seq == 1 && row.prev_hash != GENESIS {
                Some("the first entry does not start the chain")
            } else {
                None
            };
            report.broken = problem.map(|p| (row.seq, p.to_owned()));
        }
        previous = Some(row);
    }
    Ok(reports)
}

/// Prunes the log hourly, on every server (removing what another already removed does nothing).
pub fn spawn_pruning(db: DatabaseConnection, days: u32) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match prune(&db, days).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "audit log entries past retention removed"),
                Err(err) => tracing::warn!(error = %err, "could not prune the audit log"),
            }
        }
    });
}

/// Removes entries older than `days` from the start of every chain (the oldest left anchors its chain).
pub async fn prune(db: &DatabaseConnection, days: u32) -> Result<u64, DbErr> {
    let before: DateTime<Utc> = Utc::now() - chrono::Duration::days(i64::from(days));
    Ok(model::Entity::delete_many()
        .filter(model::Column::OccurredAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
