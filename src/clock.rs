//! The one clock: what time it is for Townhall. Real by default; a test moves it forward instead of waiting
//! (throttle windows, token and link expiry, scheduled jobs), so no test sleeps on the wall clock to see time pass.
//!
//! It is carried in the application state and in the settings' owner, never read from a global, so that each
//! server a test starts has its own.
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Duration, SubsecRound as _, Utc};

/// The time now: the system's clock plus an offset that only tests set.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Microseconds added to the system clock.
    offset_us: Arc<AtomicI64>,
}

impl Clock {
    /// The system's clock.
    pub fn real() -> Self {
        Self::default()
    }

    /// Now, by this clock, to the microsecond: the precision both databases keep, so that a time written on one
    /// reads back the same on the other.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = Duration::microseconds(self.offset_us.load(Ordering::Relaxed));
        let real = Utc::now();
        real.checked_add_signed(offset)
            .unwrap_or(real)
            .trunc_subsecs(6)
    }

    /// Today in the UK (Europe/London), by this clock: the day deadlines, reminders and review dates count from.
    pub fn today_in_london(&self) -> chrono::NaiveDate {
        crate::calendar::london::date_of(self.now())
    }

    /// A new UUIDv7 whose time is this clock's now (ids that record when something began, such as a session's).
    pub fn uuid_v7(&self) -> uuid::Uuid {
        let now = self.now();
        let secs = u64::try_from(now.timestamp()).unwrap_or(0);
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, now.timestamp_subsec_nanos());
        uuid::Uuid::new_v7(ts)
    }

    /// Moves this clock (and every copy of it) forward by `by`: for tests. A negative `by` is ignored, so the
    /// clock never goes back.
    pub fn advance(&self, by: Duration) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX).max(0);
        let _ = self
            .offset_us
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |current| {
                Some(current.saturating_add(micros))
            });
    }
}

/// How far to move the clock (`POST /dev/clock`).
#[derive(Debug, serde::Deserialize)]
pub struct Advance {
    /// Seconds, 0 to a year.
    pub advance_secs: i64,
}

/// `POST /dev/clock`, mounted only with `TOWNHALL_DEV_CLOCK` outside production: a platform administrator moves
/// this server's clock forward, so that a browser test sees a token expire without waiting. Not part of the API
/// (the OpenAPI document does not list it). Answers the clock's new time.
pub async fn advance(
    state: actix_web::web::Data<crate::state::AppState>,
    _admin: crate::auth::PlatformAdmin,
    body: actix_web::web::Json<Advance>,
) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    if !(0..=366 * 86_400).contains(&body.advance_secs) {
        return Err(crate::error::ApiError::validation(
            "advance_secs",
            "give 0 to 31622400 seconds (a year)",
        ));
    }
    state.clock.advance(Duration::seconds(body.advance_secs));
    Ok(actix_web::HttpResponse::Ok().json(serde_json::json!({"now": state.clock.now()})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_copy_and_never_goes_back() {
        let clock = Clock::real();
        let copy = clock.clone();
        let before = clock.now();
        clock.advance(Duration::hours(2));
        assert!(copy.now() - before >= Duration::hours(2));
        assert_eq!(
            clock.now().timestamp_subsec_nanos() % 1_000,
            0,
            "microseconds"
        );
        let later = copy.now();
        clock.advance(Duration::hours(-5));
        assert!(copy.now() >= later);
    }
}
