//! The background runner for scheduled publishing. Every server runs it; a job is claimed by a conditional update
//! in the same transaction that carries it out (and on PostgreSQL read with `FOR UPDATE SKIP LOCKED`), so with
//! several servers on one database each job runs exactly once, and a failure rolls back both. Each job has its own
//! transaction and is run in isolation: one council's failing or panicking job is marked failed and logged, and
//! never stops the runner or another council's jobs. Failed jobs are not retried.
use std::{panic::AssertUnwindSafe, time::Duration};

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, LockBehavior, LockType},
};

use super::{Publishable, PublishingError, model::job, store};
use crate::tenancy;

/// Jobs taken in one pass.
const BATCH: u64 = 20;

/// Runs due jobs and webhook deliveries every `interval` until the process ends.
/// `C` is the content type whose items the jobs publish. Nothing one job does (fail, or panic) stops the loop.
pub fn spawn_runner<C: Publishable + 'static>(
    db: DatabaseConnection,
    settings: std::sync::Arc<crate::config::Settings>,
) {
    let interval = Duration::from_millis(settings.jobs_interval_ms.max(50));
    let worker = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7());
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match AssertUnwindSafe(run_due::<C>(&db, &worker, &settings.clock))
                .catch_unwind()
                .await
            {
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, "scheduled jobs could not run; retrying")
                }
                Err(panic) => tracing::error!(
                    panic = %crate::error::panic_message(panic.as_ref()),
                    "the scheduled jobs pass panicked; the runner goes on"
                ),
                Ok(Ok(_)) => {}
            }
            match AssertUnwindSafe(super::webhooks::send::run_due(&db, &settings))
                .catch_unwind()
                .await
            {
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, "webhook deliveries could not run; retrying")
                }
                Err(panic) => tracing::error!(
                    panic = %crate::error::panic_message(panic.as_ref()),
                    "the webhook deliveries pass panicked; the runner goes on"
                ),
                Ok(Ok(_)) => {}
            }
        }
    });
}

/// Claims and runs the jobs due now by `clock`, each in its own transaction; returns how many this worker ran.
///
/// A job that fails, or panics, is marked done with its error (`last_error`) and not retried (its item is
/// unchanged; an editor schedules it again), and the other jobs, of this council or any other, go on.
pub async fn run_due<C: Publishable>(
    db: &DatabaseConnection,
    worker: &str,
    clock: &crate::clock::Clock,
) -> Result<usize, PublishingError> {
    let now = clock.now();
    // Read without a lock: each job is then claimed and run in a transaction of its own.
    let due = job::Entity::find()
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::CancelledAt.is_null())
        .filter(job::Column::RunAt.lte(now))
        .order_by_asc(job::Column::RunAt)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut ran = 0;
    for job in due {
        let id = job.id;
        let outcome = AssertUnwindSafe(run_one::<C>(db, worker, clock, now, job))
            .catch_unwind()
            .await;
        let failure = match outcome {
            Ok(Ok(Some(event))) => {
                ran += 1;
                // Done by Townhall itself (the audit log's `system`), once the work is committed.
                if let Some(event) = event {
                    crate::audit::record(db, event).await;
                }
                None
            }
            Ok(Ok(None)) => None,
            Ok(Err(err)) => Some(err.to_string()),
            Err(panic) => Some(format!(
                "the job failed unexpectedly: {}",
                crate::error::panic_message(panic.as_ref())
            )),
        };
        if let Some(message) = failure {
            tracing::warn!(job = %id, error = %message, "scheduled job failed");
            mark_failed(db, id, worker, now, &message).await?;
        }
    }
    Ok(ran)
}

/// Claims one job and runs it in one transaction: `Ok(None)` when another worker had it (or its council is
/// gone); `Ok(Some(event))` when it ran.
async fn run_one<C: Publishable>(
    db: &DatabaseConnection,
    worker: &str,
    clock: &crate::clock::Clock,
    now: DateTime<Utc>,
    job: job::Model,
) -> Result<Option<Option<crate::audit::Event>>, PublishingError> {
    let txn = crate::db::begin_write(db).await?;
    let mut query = job::Entity::find_by_id(job.id)
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::CancelledAt.is_null());
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let Some(job) = query.one(&txn).await? else {
        return Ok(None);
    };
    let claimed = job::Entity::update_many()
        .col_expr(job::Column::DoneAt, Expr::value(now))
        .col_expr(job::Column::DoneBy, Expr::value(worker.to_owned()))
        .col_expr(job::Column::Attempts, Expr::value(job.attempts + 1))
        .filter(job::Column::Id.eq(job.id))
        .filter(job::Column::DoneAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(None);
    }
    let Ok(tenant) = tenancy::store::resolve_id(&txn, clock, job.council_id).await else {
        txn.commit().await?;
        return Ok(None);
    };
    let event = store::run_job::<C>(&tenant, &txn, &job).await?;
    txn.commit().await?;
    Ok(Some(event))
}

/// Records a job that failed (its own transaction rolled back): done, with its error, by this worker.
async fn mark_failed(
    db: &DatabaseConnection,
    id: uuid::Uuid,
    worker: &str,
    now: DateTime<Utc>,
    message: &str,
) -> Result<(), PublishingError> {
    let message: String = message.chars().take(500).collect();
    job::Entity::update_many()
        .col_expr(job::Column::DoneAt, Expr::value(now))
        .col_expr(job::Column::DoneBy, Expr::value(worker.to_owned()))
        .col_expr(job::Column::LastError, Expr::value(message))
        .filter(job::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
