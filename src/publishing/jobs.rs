//! The background runner for scheduled publishing. Every server runs it; a job is claimed by a conditional update
//! in the same transaction that carries it out (and on PostgreSQL read with `FOR UPDATE SKIP LOCKED`), so with
//! several servers on one database each job runs exactly once, and a failure rolls back both.
use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
    sea_query::{Expr, LockBehavior, LockType},
};

use super::{Publishable, PublishingError, model::job, store};
use crate::tenancy;

/// Jobs taken in one pass.
const BATCH: u64 = 20;

/// Runs due jobs and webhook deliveries every `interval` until the process ends.
/// `C` is the content type whose items the jobs publish.
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
            if let Err(err) = run_due::<C>(&db, &worker).await {
                tracing::warn!(error = %err, "scheduled jobs could not run; retrying");
            }
            if let Err(err) = super::webhooks::send::run_due(&db, &settings).await {
                tracing::warn!(error = %err, "webhook deliveries could not run; retrying");
            }
        }
    });
}

/// Claims and runs the jobs that are due; returns how many this worker ran.
pub async fn run_due<C: Publishable>(
    db: &DatabaseConnection,
    worker: &str,
) -> Result<usize, PublishingError> {
    let now = Utc::now();
    // Deferred on SQLite: most runs find nothing due and take no write lock; one that loses a race to another
    // writer fails and runs again at the next interval.
    let txn = db.begin().await?;
    let mut query = job::Entity::find()
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::CancelledAt.is_null())
        .filter(job::Column::RunAt.lte(now))
        .order_by_asc(job::Column::RunAt)
        .limit(BATCH);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let due = query.all(&txn).await?;
    let mut ran = 0;
    let mut done = Vec::new();
    for job in due {
        let claimed = job::Entity::update_many()
            .col_expr(job::Column::DoneAt, Expr::value(now))
            .col_expr(job::Column::DoneBy, Expr::value(worker.to_owned()))
            .col_expr(job::Column::Attempts, Expr::value(job.attempts + 1))
            .filter(job::Column::Id.eq(job.id))
            .filter(job::Column::DoneAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let tenant = match tenancy::store::resolve_id(&txn, job.council_id).await {
            Ok(tenant) => tenant,
            Err(_) => continue,
        };
        // A job that fails (say, its path was taken meanwhile) is recorded and not retried; its item is unchanged.
        let savepoint = txn.begin().await?;
        match store::run_job::<C>(&tenant, &savepoint, &job).await {
            Ok(event) => {
                savepoint.commit().await?;
                done.extend(event);
                ran += 1;
            }
            Err(err) => {
                savepoint.rollback().await?;
                tracing::warn!(job = %job.id, error = %err, "scheduled job failed");
                let message: String = err.to_string().chars().take(500).collect();
                job::Entity::update_many()
                    .col_expr(job::Column::LastError, Expr::value(message))
                    .filter(job::Column::Id.eq(job.id))
                    .exec(&txn)
                    .await?;
            }
        }
    }
    txn.commit().await?;
    // Done by Townhall itself (the audit log's `system`), once the work is committed.
    for event in done {
        crate::audit::record(db, event).await;
    }
    Ok(ran)
}
