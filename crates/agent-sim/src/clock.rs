//! Time as the agent sees it, injectable so tests can move it without sleeping.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Local, Utc};

/// The agent's notion of "now".
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    /// Moves the agent's clock away from the true time (the fault switch).
    fn set_offset(&self, offset: Duration);
}

/// Wall-clock time, optionally shifted (to simulate an agent whose clock is off).
#[derive(Debug, Default)]
pub struct SystemClock {
    offset: Mutex<Duration>,
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.lock().map(|o| *o).unwrap_or_default();
        Utc::now() + offset
    }

    fn set_offset(&self, offset: Duration) {
        if let Ok(mut slot) = self.offset.lock() {
            *slot = offset;
        }
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut now) = self.now.lock() {
            *now += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.now.lock().map(|n| *n).unwrap_or_else(|_| Utc::now())
    }

    fn set_offset(&self, offset: Duration) {
        self.advance(offset);
    }
}

/// Go's `time.Time` JSON form (RFC 3339 with fractional seconds and the local offset).
pub fn go_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
