//! Tasks: the list, one task, its retry and rollback, a subtask's log and operations.

use axum::extract::{Path, RawQuery, State};
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::ops::{Refusal, SubtaskOp, TaskOp};
use obshell_protocol::ocp::{OcpError, Task};
use serde_json::{json, Value};

use super::query::{id, query_pairs, Query};
use crate::ocp::model::OcpWorld;
use crate::ocp::pipeline::envelope::{data, fail, no_code, Answer, Out};
use crate::ocp::state::OcpState;

/// A task as the list and the detail give it: `creator` as `{id, name}` (OCP's task-detail
/// sample), with the `cluster` and `tenant` objects of BasicTaskInstance.
fn task_view(w: &OcpWorld, task: &Task) -> Value {
    let mut t = task.clone();
    t.creator.id = Some(1);
    let mut v = serde_json::to_value(&t).unwrap_or(Value::Null);
    let cluster = task.cluster_id.and_then(|id| w.cluster(id));
    let tenant = task
        .tenant_id
        .and_then(|id| w.tenants.iter().find(|t| t.id == id));
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "cluster".to_owned(),
            cluster.map_or(Value::Null, |c| {
                json!({"id": c.id, "name": c.name, "obClusterId": c.ob_cluster_id, "type": c.kind})
            }),
        );
        obj.insert(
            "tenant".to_owned(),
            tenant.map_or(Value::Null, |t| {
                json!({"id": t.id, "name": t.name, "obTenantId": t.ob_tenant_id, "mode": t.mode})
            }),
        );
    }
    v
}

pub(super) async fn tasks(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let status = q.all("status");
    let cluster = q.number("clusterId")?;
    let tenant = q.number("tenantId")?;
    let name = q.one("name").map(str::to_lowercase);
    let list = state.read(|w| {
        let mut list: Vec<Value> = w
            .tasks
            .iter()
            .rev()
            .map(|r| &r.task)
            .filter(|t| status.is_empty() || status.iter().any(|s| s == t.status.as_str()))
            .filter(|t| cluster.is_none() || t.cluster_id == cluster)
            .filter(|t| tenant.is_none() || t.tenant_id == tenant)
            .filter(|t| {
                name.as_deref()
                    .is_none_or(|n| t.name.to_lowercase().contains(n))
            })
            .map(|t| task_view(w, t))
            .collect();
        list.shrink_to_fit();
        list
    });
    data(&q.page(list)?)
}

fn task_not_found(tid: i64) -> Out {
    fail(codes::TASK_NOT_EXISTS, &tid.to_string())
}

fn with_task<T>(
    state: &OcpState,
    tid: &str,
    f: impl FnOnce(&mut OcpWorld, usize) -> Result<T, Out>,
) -> Result<T, Out> {
    let tid = id(tid, "task id")?;
    state.update(|w| {
        let i = w
            .tasks
            .iter()
            .position(|t| t.task.id == tid)
            .ok_or_else(|| task_not_found(tid))?;
        f(w, i)
    })
}

pub(super) async fn task(State(state): State<OcpState>, Path(tid): Path<String>) -> Answer {
    with_task(&state, &tid, |w, i| {
        Ok(Out::Data(task_view(w, &w.tasks[i].task)))
    })
}

fn refused(r: Refusal) -> Out {
    Out::Error(
        r.code.status,
        OcpError {
            code: r.code.code,
            message: r.message,
            ..OcpError::default()
        },
    )
}

async fn task_op(state: OcpState, tid: String, op: TaskOp) -> Answer {
    let now = state.now();
    let speed = state.config().speed;
    with_task(&state, &tid, |w, i| {
        w.tasks[i].task_op(op, now).map_err(refused)?;
        let mut rec = w.tasks[i].clone();
        rec.advance(w, now, speed);
        w.tasks[i] = rec;
        Ok(Out::Data(task_view(w, &w.tasks[i].task)))
    })
}

pub(super) async fn task_retry(State(state): State<OcpState>, Path(tid): Path<String>) -> Answer {
    task_op(state, tid, TaskOp::Retry).await
}

pub(super) async fn task_rollback(
    State(state): State<OcpState>,
    Path(tid): Path<String>,
) -> Answer {
    task_op(state, tid, TaskOp::Rollback).await
}

pub(super) async fn subtask_log(
    State(state): State<OcpState>,
    Path((tid, sid)): Path<(String, String)>,
) -> Answer {
    let sid = id(&sid, "subtask id")?;
    let now = state.now();
    with_task(&state, &tid, |w, i| {
        let log = w.tasks[i]
            .log(sid, now)
            .ok_or_else(|| task_not_found(sid))?;
        Ok(Out::Data(json!({ "log": log })))
    })
}

pub(super) async fn subtask_op(
    State(state): State<OcpState>,
    Path((tid, sid, op)): Path<(String, String, String)>,
) -> Answer {
    let Some(op) = SubtaskOp::from_path(&op) else {
        return Err(no_code(
            404,
            &format!("No handler found for subtask operation {op}"),
        ));
    };
    let sid = id(&sid, "subtask id")?;
    let now = state.now();
    let speed = state.config().speed;
    with_task(&state, &tid, |w, i| {
        let mut rec = w.tasks[i].clone();
        rec.subtask_op(sid, op, now, speed).map_err(refused)?;
        w.tasks[i] = rec;
        match op {
            SubtaskOp::Retry => Ok(Out::Data(
                serde_json::to_value(w.tasks[i].subtask(sid)).unwrap_or(Value::Null),
            )),
            SubtaskOp::Skip | SubtaskOp::Cancel => Ok(Out::NoData),
        }
    })
}
