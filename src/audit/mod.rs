//! The audit log: an append-only record of security-relevant events (sign-ins, passwords, invitations,
//! memberships and roles, API tokens, council settings, webhooks, publishing and deleting, imports). Each entry
//! says who (a user, an API token, or the system), which council, what was done to what, when, and in which
//! request; never a secret or a body.
//!
//! Each council has its own chain, and the platform one more. An entry's `hash` is an HMAC-SHA256, under a key
//! derived from the master secret ([`crate::keys`]; never in the database), over its fields and the MAC of the
//! entry before it, so that someone who can write the database but lacks the key can neither alter, remove,
//! insert nor append an entry without [`verify`] (`townhall audit verify`) finding it. Entries older than the
//! retention setting are pruned from the start of a chain; an anchor, MAC'd too, keeps the number and MAC of the
//! last one removed, so the chain still verifies from it and a start cut off otherwise does not. What a
//! database alone cannot show (the newest entries removed, a whole chain removed, the database put back to an
//! older copy) a signed [`checkpoint`] kept elsewhere shows.
//!
//! Who acts and in which request is known from the request itself: the HTTP wiring runs every request [`within`]
//! a context holding its request id and the MAC key, and authentication names the actor in it ([`set_actor`]).
//! Writers call [`record`] after their change is committed; a failure to write the entry is logged as an error
//! and does not undo the change.
//!
//! Why the key travels this way: [`record`] is called from many places with only a database connection, so the
//! key cannot be an argument. A request finds it in its task-local [`Context`] (set by the server that was built
//! with it); work outside a request (scheduled jobs, commands) uses the key installed for the process by
//! [`install_key`] when the server or command started. Several servers in one process (the tests) each pass
//! their own key to their requests; the process key is the first one installed.
pub mod anchor;
pub mod chain;
pub mod checkpoint;
pub mod model;
pub mod rest;
pub mod seal;

use std::{cell::RefCell, sync::OnceLock};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    SqlErr,
};
use uuid::Uuid;

pub use anchor::{prune, spawn_pruning};
pub use chain::{ChainReport, GENESIS, mac_of, verify};

use crate::keys::AuditKey;

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

/// What a request's entries share: its id, who is acting, and the key they are MAC'd under.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub request_id: Option<String>,
    pub actor: Actor,
    /// The server's audit key; `None` falls back to the process's ([`install_key`]).
    pub key: Option<AuditKey>,
    /// The server's clock: entries are dated by it (outside a request, the system's).
    pub clock: crate::clock::Clock,
}

static PROCESS_KEY: OnceLock<AuditKey> = OnceLock::new();

/// Installs the key entries written outside a request are MAC'd under (done when the server or a command
/// starts). The first key installed stays; another is refused with a warning (in one process only the tests
/// start several servers, and they share a secret).
pub fn install_key(key: &AuditKey) {
    let installed = PROCESS_KEY.get_or_init(|| key.clone());
    if installed.id() != key.id() {
        tracing::warn!(
            installed = installed.id(),
            refused = key.id(),
            "another audit key is already installed in this process; entries outside requests use the first"
        );
    }
}

fn key_in_use(context: &Context) -> Option<AuditKey> {
    context.key.clone().or_else(|| PROCESS_KEY.get().cloned())
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
pub(crate) fn chain_of(council: Option<Uuid>) -> String {
    council.map_or_else(|| "platform".to_owned(), |id| id.to_string())
}

/// Where the next entry of `chain` goes: the number and MAC after its newest entry, else after its anchor, else
/// the start.
pub(crate) async fn next_in<C: ConnectionTrait>(
    db: &C,
    chain: &str,
) -> Result<(i64, String), DbErr> {
    let last = model::Entity::find()
        .filter(model::Column::Chain.eq(chain))
        .order_by_desc(model::Column::Seq)
        .one(db)
        .await?;
    if let Some(last) = last {
        return Ok((last.seq + 1, last.hash));
    }
    Ok(anchor::Entity::find_by_id(chain.to_owned())
        .one(db)
        .await?
        .map_or((1, GENESIS.to_owned()), |a| (a.last_seq + 1, a.last_mac)))
}

/// Appends an event to its chain. Two servers appending at once both try the next number; the unique index
/// lets one win and the other tries again.
async fn append(db: &DatabaseConnection, event: &Event) -> Result<(), DbErr> {
    let context = current();
    let Some(key) = key_in_use(&context) else {
        return Err(DbErr::Custom("no audit key is installed".into()));
    };
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
        let (seq, prev_hash) = next_in(&txn, &chain).await?;
        let mut row = model::Model {
            id: Uuid::now_v7(),
            chain: chain.clone(),
            seq,
            council_id: event.council,
            occurred_at: context.clock.now(),
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
            key_id: Some(key.id().to_owned()),
        };
        row.hash = mac_of(&row, &key);
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
