//! The simulated OCP's shared state: its configuration, clock, world, request log and rate
//! limiter.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::faults::Faults;
use crate::ocp::model::OcpWorld;

/// The OCP user clients authenticate as.
pub const USER: &str = "admin";
/// The documented default password of the simulated OCP (`make run`).
pub const DEFAULT_PASSWORD: &str = "Ocp#Demo1";

/// How the simulated OCP presents itself.
#[derive(Debug, Clone)]
pub struct OcpConfig {
    /// Password of `admin`.
    pub password: String,
    /// Task speed factor: 1 runs subtasks at their nominal length, 20 twenty times faster.
    pub speed: f64,
    /// Enables the admin API under `/__sim/ocp/`.
    pub faults_enabled: bool,
    /// Requests a second per user before 429 (`RateLimit-Limit`).
    pub rate_limit: u32,
    /// The address OCP reports in `server` and as task executor.
    pub server: String,
    /// `GET /api/v2/info`'s `buildVersion`.
    pub build_version: String,
}

impl Default for OcpConfig {
    fn default() -> Self {
        Self {
            password: DEFAULT_PASSWORD.to_owned(),
            speed: 1.0,
            faults_enabled: false,
            rate_limit: 50,
            server: "10.0.0.100".to_owned(),
            build_version: "4.3.5-20250101".to_owned(),
        }
    }
}

/// Cheap to clone; every handler gets one.
#[derive(Debug, Clone)]
pub struct OcpState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: OcpConfig,
    clock: Arc<dyn Clock>,
    world: Mutex<OcpWorld>,
    /// The request log (only its log is used).
    log: Faults,
    limiter: Mutex<Limiter>,
}

/// The per-second budget and the admin throttle.
#[derive(Debug)]
struct Limiter {
    window: std::time::Instant,
    used: u32,
    /// Next `times` authenticated requests are refused, announcing `reset` seconds.
    throttle: Option<(u32, u64)>,
}

/// What the limiter decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateVerdict {
    pub limit: u32,
    pub remaining: u32,
    pub reset: u64,
    pub refused: bool,
}

impl OcpState {
    pub fn new(config: OcpConfig, clock: Arc<dyn Clock>) -> Self {
        let world = OcpWorld::demo(clock.now());
        Self::with_world(config, clock, world)
    }

    pub fn with_world(config: OcpConfig, clock: Arc<dyn Clock>, world: OcpWorld) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                clock,
                world: Mutex::new(world),
                log: Faults::default(),
                limiter: Mutex::new(Limiter {
                    window: std::time::Instant::now(),
                    used: 0,
                    throttle: None,
                }),
            }),
        }
    }

    pub fn config(&self) -> &OcpConfig {
        &self.inner.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    pub fn requests(&self) -> &Faults {
        &self.inner.log
    }

    /// Reads the world.
    pub fn read<T>(&self, f: impl FnOnce(&OcpWorld) -> T) -> T {
        match self.inner.world.lock() {
            Ok(w) => f(&w),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// Changes the world.
    pub fn update<T>(&self, f: impl FnOnce(&mut OcpWorld) -> T) -> T {
        match self.inner.world.lock() {
            Ok(mut w) => f(&mut w),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// Runs every task up to the clock's now (done before every request).
    pub fn advance(&self) {
        let now = self.now();
        let speed = self.inner.config.speed;
        self.update(|w| {
            let mut tasks = std::mem::take(&mut w.tasks);
            for t in &mut tasks {
                t.advance(w, now, speed);
            }
            w.tasks = tasks;
        });
    }

    /// Makes the next `times` authenticated requests 429 with `RateLimit-Reset: reset`.
    pub fn throttle(&self, times: u32, reset: u64) {
        if let Ok(mut l) = self.inner.limiter.lock() {
            l.throttle = (times > 0).then_some((times, reset));
        }
    }

    /// Counts one request (when `counted`) against the budget.
    pub fn rate(&self, counted: bool) -> RateVerdict {
        let limit = self.inner.config.rate_limit;
        let Ok(mut l) = self.inner.limiter.lock() else {
            return RateVerdict {
                limit,
                remaining: limit,
                reset: 1,
                refused: false,
            };
        };
        let elapsed = l.window.elapsed();
        if elapsed >= std::time::Duration::from_secs(1) {
            l.window = std::time::Instant::now();
            l.used = 0;
        }
        let reset = 1;
        if counted {
            if let Some((times, reset)) = l.throttle {
                l.throttle = (times > 1).then_some((times - 1, reset));
                return RateVerdict {
                    limit,
                    remaining: 0,
                    reset,
                    refused: true,
                };
            }
            l.used = l.used.saturating_add(1);
        }
        RateVerdict {
            limit,
            remaining: limit.saturating_sub(l.used),
            reset,
            refused: counted && l.used > limit,
        }
    }
}
