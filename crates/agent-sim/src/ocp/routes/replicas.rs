//! The three replica calls: each checked with OCP's rules, then with OceanBase's placement,
//! before its task is created.

use axum::body::Bytes;
use axum::extract::{Path, State};
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::request::{DeleteReplica, ModifyReplica, ReplicaSpec};
use obshell_protocol::ocp::rules;
use obshell_protocol::ocp::{OcpError, SubError};

use super::query::{body, id};
use super::tenants::find_tenant;
use crate::ocp::engine::replica::{self, Target};
use crate::ocp::model::{unit_config, OcpWorld, TaskRec};
use crate::ocp::pipeline::envelope::{data, violation, Answer, Out};
use crate::ocp::state::OcpState;

/// What OceanBase says when OCP creates or alters a pool the zone cannot hold.
fn ob_failed(what: &str, sub: SubError) -> Out {
    let code = codes::COMMON_OB_OPERATION_FAILED;
    Out::Error(
        code.status,
        OcpError {
            code: code.code,
            message: code.message(&format!("{what}: {}", sub.message)),
            sub_errors: vec![sub],
            ..OcpError::default()
        },
    )
}

/// Creates the task and marks the tenant MODIFYING; the answer is the new task.
fn submit(w: &mut OcpWorld, tenant_id: i64, make: impl FnOnce(&mut OcpWorld) -> TaskRec) -> Answer {
    let rec = make(w);
    let task = rec.task.clone();
    if let Some(t) = w.tenant_mut(tenant_id) {
        t.status = "MODIFYING".to_owned();
    }
    w.tasks.push(rec);
    data(&task)
}

fn target(state: &OcpState, cid: i64, tid: i64, zones: Vec<String>) -> Target {
    Target {
        cluster_id: cid,
        tenant_id: tid,
        zones,
        executor: state.config().server.clone(),
    }
}

pub(super) async fn add_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let request: Vec<ReplicaSpec> = body(&raw)?;
    let now = state.now();
    state.update(|w| {
        let (cluster, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_add(&tenant, &cluster, &w.specs, &request)
            .into_iter()
            .next()
        {
            return Err(violation(first));
        }
        for r in &request {
            let cfg = w
                .spec(&r.resource_pool.unit_spec_name)
                .map(unit_config)
                .unwrap_or_default();
            if let Err(sub) = w.place(
                cid,
                &r.zone_name,
                cfg,
                r.resource_pool.unit_count,
                None,
                &[],
            ) {
                return Err(ob_failed(
                    &format!("create resource pool {}_pool_{}", tenant.name, r.zone_name),
                    *sub,
                ));
            }
        }
        let zones = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones);
        submit(w, tid, |w| {
            replica::add_replica(w, &t, &tenant.name, &request, now)
        })
    })
}

pub(super) async fn delete_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let request: Vec<DeleteReplica> = body(&raw)?;
    let now = state.now();
    state.update(|w| {
        let (_, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_delete(&tenant, &request).into_iter().next() {
            return Err(violation(first));
        }
        let zones: Vec<String> = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones.clone());
        submit(w, tid, |w| {
            replica::delete_replica(w, &t, &tenant.name, &zones, now)
        })
    })
}

pub(super) async fn modify_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let mut request: Vec<ModifyReplica> = body(&raw)?;
    // OCP changes a replica's type only when the call modifies one zone; in a batch the type is
    // dropped without a word (docs/protocol/ocp.md §4.4).
    if request.len() > 1 {
        for r in &mut request {
            r.replica_type = None;
        }
    }
    let now = state.now();
    state.update(|w| {
        let (cluster, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_modify(&tenant, &cluster, &w.specs, &request)
            .into_iter()
            .next()
        {
            return Err(violation(first));
        }
        for r in &request {
            let Some(change) = &r.resource_pool else {
                continue;
            };
            let Some(zone) = tenant.zones.iter().find(|z| z.name == r.zone_name) else {
                continue;
            };
            let Some(pool) = &zone.resource_pool else {
                continue;
            };
            let cfg = change
                .unit_spec_name
                .as_deref()
                .and_then(|n| w.spec(n))
                .map(unit_config)
                .or(pool.unit_config)
                .unwrap_or_default();
            let count = change.unit_count.unwrap_or(pool.unit_count);
            let prefer: Vec<i64> = zone.units.iter().map(|u| u.server_id).collect();
            if let Err(sub) = w.place(cid, &r.zone_name, cfg, count, Some(pool.id), &prefer) {
                return Err(ob_failed(
                    &format!("alter resource pool {}", pool.name),
                    *sub,
                ));
            }
        }
        let zones = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones);
        submit(w, tid, |w| replica::modify_replica(w, &t, &request, now))
    })
}
