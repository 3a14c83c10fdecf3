//! A simulated OCP (OceanBase Cloud Platform) serving API v2 (`shared/spec/ocp-api.md`): HTTP
//! Basic auth (user `admin`), OCP's envelope and error codes, rate-limit headers, two OB
//! clusters, their tenants and the unit specs, the replica calls refused synchronously with the
//! first of OCP's rules (`obshell_protocol::ocp::rules`) or run as tasks of subtasks whose logs
//! grow while they run, and the task operations with OCP's preconditions. It shares the agent
//! simulator's [`Clock`] and speed factor, and its `/__sim` admin convention (`--faults`).
//!
//! # The world (ids are stable)
//!
//! Cluster **1** `demo` (obClusterId 1732500000, OceanBase 4.3.5.2) mirrors the agent
//! simulator's demo cluster: zones `zone1`, `zone2` (region hangzhou), `zone3` (shanghai), two
//! RUNNING servers each (16 cores, 64 GB): ids 1, 2 (`10.0.1.1`, `10.0.1.2`), 3, 4 (zone2),
//! 5, 6 (zone3). Tenants (OCP id, name, locality, pool config, unit count):
//!
//! | id | tenant | locality | unit | units |
//! |---|---|---|---|---|
//! | 1 | `sys` | FULL zone1, zone2, zone3 | 1c/4G | 1 |
//! | 2 | `orders` | FULL zone1, zone2 | 4c/16G | 1 |
//! | 3 | `billing` (ORACLE) | FULL zone1, zone2, zone3 | 2c/8G | 2 |
//! | 4 | `logs` | FULL zone1 | 2c/8G | 1 |
//! | 5 | `analytics` | FULL zone1, READONLY zone2 | 2c/8G | 1 |
//!
//! Cluster **2** `obcluster-east` (obClusterId 1732600000): `zone1` (shenzhen, servers 11, 12 on
//! small hosts: 8 cores, 16 GB), `zone2` (13, 14) and `zone3` (guangzhou, 15, 16) with 32 cores,
//! 128 GB, and `zone4` (17 RUNNING, 18 `10.1.4.2` STOPPED). Tenants: 11 `sys` (all four zones,
//! 1c/4G), 12 `payments` (FULL zone2, zone3, zone4; 4c/16G, 1 unit), 13 `inventory` (ORACLE,
//! FULL zone2, zone3; 2c/8G, 2 units).
//!
//! Unit specs (`GET /api/v2/ob/unitSpecs`): 1 `S0` 1c/4G, 2 `S1` 2c/8G, 3 `S2` 4c/16G, 4 `S3`
//! 8c/32G, 5 `S4` 16c/64G (SYSTEM), 6 `C_2C6G` 2c/6G (CUSTOM). Tasks are numbered from 1,
//! subtasks from 10001; pools and units share one counter from 1001 (seed order), new ones
//! follow it.
//!
//! # Endpoints
//!
//! `GET /api/v2/time` (open, plain text), `GET /api/v2/info`, `GET /api/v2/ob/clusters[/{id}]`,
//! `GET …/clusters/{id}/zones`, `GET /api/v2/ob/tenants`, `GET …/clusters/{id}/tenants[/{tid}]`,
//! `GET /api/v2/ob/unitSpecs`, `POST …/tenants/{tid}/addReplica|deleteReplica|modifyReplica`,
//! `GET /api/v2/tasks/instances[/{id}]`, `POST …/{id}/retry|rollback`,
//! `GET …/{id}/subtasks/{sid}/log`, `POST …/{id}/subtasks/{sid}/retry|skip|cancel`. Lists take
//! `page` (from 1) and `size` (default 10); the task list also `status` (repeated or
//! comma-separated), `clusterId`, `tenantId`, `name`, newest first. Tasks advance to the shared
//! clock's now before every request is answered (no scheduler needed).
//!
//! # Requests that show each answer
//!
//! - the seed's request (`zone1`, FULL, S0, 1 unit) to `POST /api/v2/ob/clusters/2/tenants/12/addReplica`
//!   → task "Add tenant replica" of the seed's four subtasks, SUCCESSFUL after ~12 s at speed 1;
//!   to `…/clusters/1/tenants/2/addReplica` (the seed's own path) → 60007 (zone1 has a replica);
//! - `zone3`, S1, 1 to `…/clusters/1/tenants/2/addReplica` → a task (the agent demo's scale-out);
//! - any change to a tenant while its task runs (or after it failed) → 60003;
//! - unitCount 0 → 60010; `zone4`, 2 units to tenant 13 of cluster 2 → 60011 (a STOPPED server);
//! - `zone9` → 50004; unitSpecName `S9` → 10002; cluster 9 → 10002 (404); tenant 99 → 60002;
//! - `zone1`, S3, 1 to `…/clusters/2/tenants/12/addReplica` → 500 10011 with OceanBase error 4733
//!   (zone1's hosts have 16 GB); `zone3`, S0, 2 units to tenant 2 → 10011 with 4179 (unit count
//!   differs from the tenant's);
//! - `deleteReplica` of `zone3` from tenant 2 → 60008; of `zone1` from tenant 4 (its only zone) →
//!   60006; `modifyReplica` of tenant 3 with unitCount 1 for zone1 only → 60012;
//! - `modifyReplica` of tenant 3 with `S2` for zone1, zone2, zone3 → three parallel subtasks;
//! - `deleteReplica` of `zone4` from tenant 12 → a task with `prohibitRollback` (rollback → 20004).
//!
//! # Admin (`--faults`, no auth)
//!
//! `POST /__sim/ocp/fail {"subtask":"Wait alter locality","times":1}`, `POST /__sim/ocp/throttle
//! {"times":N,"reset":S}`, `GET|DELETE /__sim/ocp/requests`, `POST /__sim/ocp/reset`.

mod engine;
mod routes;
mod world;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

pub use engine::{ocp_time, TaskRec};
pub use routes::{app, with_agent, CONSOLE_JSON};
pub use world::{FailRule, OcpWorld};

use crate::clock::Clock;
use crate::faults::Faults;

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
