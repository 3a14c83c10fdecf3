//! A simulated OCP (OceanBase Cloud Platform) serving API v2 (`docs/protocol/ocp.md`): HTTP
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

pub mod engine;
pub mod model;
pub mod pipeline;
pub mod routes;
pub mod state;

use axum::http::header;
use axum::routing::get;
use axum::Router;

pub use state::{OcpConfig, OcpState, DEFAULT_PASSWORD};

use pipeline::filter;
use routes::admin;

/// The simulated OCP: `/api/v2/…` behind Basic auth and the rate limiter, and with faults
/// enabled the admin routes under `/__sim/ocp`. Every task advances to the clock's now before
/// each request is answered.
pub fn app(state: OcpState) -> Router {
    let api = routes::api()
        .layer(axum::middleware::from_fn_with_state(state.clone(), filter))
        .with_state(state.clone());
    if state.config().faults_enabled {
        api.merge(admin(state))
    } else {
        api
    }
}

/// What `/console.json` says when the simulator serves the console beside OCP: both backends on
/// this origin (the built console's own file names the agent alone).
pub const CONSOLE_JSON: &str = r#"{"backends":[{"name":"demo","kind":"obshell","prefix":""},{"name":"ocp","kind":"ocp","prefix":""}]}"#;

/// The OCP beside the agent on one origin, as nginx maps it (`/api/v2/` to OCP, the rest to the
/// agent); with `dist`, `GET /console.json` names both backends.
pub fn with_agent(ocp: OcpState, agent: Router, dist: Option<&std::path::Path>) -> Router {
    let mut router = app(ocp);
    if dist.is_some() {
        router = router.route(
            "/console.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], CONSOLE_JSON) }),
        );
    }
    router.merge(agent)
}
