//! The task API (docs/protocol/obshell.md §4.8): DAG, node and sub-task details, logs, lists and
//! operations.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::task::{AgentAddr, OperatorRequest};
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::{Capabilities, Feature};
use obshell_protocol::obshell::Contents;

use super::query::query_param;
use crate::obshell::engine::{GenericId, Lookup};
use crate::obshell::failure::Failure;
use crate::obshell::model::nil_when_empty;
use crate::obshell::model::Dag;
use crate::obshell::pipeline::{panic_response, ApiResult, Reply};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::state::AppState;

/// The routes of the configured version: node PASS from 4.3.1; every-task lists and sub-task
/// logs from 4.3.0 (before, the logs are inside the sub-task detail).
pub fn routes(caps: &Capabilities) -> Router<AppState> {
    let node = if caps.has(Feature::NodePass) {
        get(node).post(operate_node)
    } else {
        get(node)
    };
    let mut router = Router::new()
        .route("/task/dag/{id}", get(dag).post(operate_dag))
        .route("/task/node/{id}", node)
        .route("/task/sub_task/{id}", get(sub_task))
        .route("/task/dag/unfinish", get(all_unfinished))
        .route("/task/dag/ob/unfinish", get(cluster_unfinished))
        .route("/task/dag/agent/unfinish", get(local_unfinished))
        .route("/task/dag/maintain/ob", get(cluster_maintain))
        .route("/task/dag/maintain/agent", get(local_maintain))
        .route("/task/dag/maintain/agents", get(local_maintain_all));
    if caps.has(Feature::SubTaskLogs) {
        router = router.route("/task/sub_task/{id}/logs", get(sub_task_logs));
    }
    if caps.has(Feature::AllTaskLists) {
        router = router
            .route("/task/dags/ob", get(cluster_all))
            .route("/task/dags/agent", get(local_all))
            .route("/task/dag/agent/main_dags", get(local_all));
    }
    router
}

/// `show_details` as Go's `strconv.ParseBool`; the agent's default is true.
fn show_details(query: Option<&str>) -> Option<bool> {
    match query_param(query, "show_details").as_deref() {
        None => Some(true),
        Some("1" | "t" | "T" | "TRUE" | "true" | "True") => Some(true),
        Some("0" | "f" | "F" | "FALSE" | "false" | "False") => Some(false),
        Some(_) => None,
    }
}

fn not_found(reason: &str) -> Failure {
    Failure::from_spec(catalog::TASK_NOT_FOUND, &[reason.to_owned()])
}

/// Cluster tasks live in OceanBase: while it is down, a lookup of a cluster id fails with the
/// connection's error, wrapped as `WrapRetain(ErrTaskNotFound, …)` ("Task not found: …", the
/// inner code and status) by the detail and operation handlers, bare by the log handler.
fn cluster_tasks(state: &AppState, gid: &GenericId, wrapped: bool) -> Result<(), Failure> {
    if !matches!(gid, GenericId::Cluster(_)) {
        return Ok(());
    }
    state.sql().map_err(|f| {
        if wrapped {
            f.wrapped(catalog::TASK_NOT_FOUND_WRAPPER, &[])
        } else {
            f
        }
    })
}

fn found<T>(lookup: Lookup<T>, what: &str) -> Result<T, Failure> {
    match lookup {
        Lookup::Found(x) => Ok(x),
        Lookup::NotFound => Err(not_found("record not found")),
        Lookup::Mismatch => Err(not_found(&format!("{what} id not match"))),
    }
}

async fn dag(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let details = show_details(query.as_deref()).unwrap_or(true);
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, true)?;
    let caps = state.config().capabilities();
    state.read(|w| {
        found(w.tasks.find_dag(&id, &gid), "dag").map(|d| Reply::dags(&caps, &d.to_detail(details)))
    })
}

async fn node(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    if show_details(query.as_deref()) == Some(false) {
        // The agent's node handler dereferences the missing details and panics.
        return Ok(panic_response(&state));
    }
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, true)?;
    state.read(|w| {
        found(w.tasks.find_node(&id, &gid), "node")
            .map(|(d, n)| Reply::data(&d.node_detail(n)).into_response())
    })
}

async fn sub_task(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, true)?;
    state.read(|w| {
        found(w.tasks.find_task(&id, &gid), "task").map(|(d, n)| Reply::data(&d.task_detail(n)))
    })
}

/// `GetFullSubTaskLogs`: no canonical-id check, and an unknown id is an empty list (the
/// agent's query finds no rows), 200 `{"contents": []}`.
async fn sub_task_logs(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, false)?;
    let logs = state.read(|w| match w.tasks.find_task(&id, &gid) {
        Lookup::Found((d, n)) => d.task_logs(n),
        Lookup::NotFound | Lookup::Mismatch => Vec::new(),
    });
    Ok(Reply::data(&Contents::new(logs)))
}

pub(crate) static OPERATOR: StructSchema = StructSchema {
    go_name: "DagOperator",
    fields: &[Field {
        json: "operator",
        go: "Operator",
        schema: Schema::String,
        nullable: false,
        required: true,
    }],
};

/// The agent that owns a DAG named by `gid`: `None` for a cluster DAG. DAG and node operations on
/// a local id are forwarded to that agent (`DagHandler`, `NodeHandler`), so they work here.
fn owner_of(gid: &GenericId) -> Option<AgentAddr> {
    match gid {
        GenericId::Local { ip, port, .. } => Some(AgentAddr {
            ip: ip.clone(),
            port: *port,
        }),
        _ => None,
    }
}

async fn operate_dag(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, true)?;
    let request: OperatorRequest = bind(&body, &OPERATOR)?;
    let now = state.now();
    state.update(|w| {
        let dag_id = found(w.tasks.find_dag(&id, &gid), "dag")?.id;
        if matches!(gid, GenericId::Other(_)) {
            return Err(not_found("record not found"));
        }
        w.tasks
            .operate_dag(dag_id, owner_of(&gid).as_ref(), &request.operator, now)
            .map_err(Failure::from)?;
        Ok(Reply::Empty)
    })
}

async fn operate_node(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let gid = GenericId::parse(&id)?;
    cluster_tasks(&state, &gid, true)?;
    let request: OperatorRequest = bind(&body, &OPERATOR)?;
    let now = state.now();
    state.update(|w| {
        let node_id = found(w.tasks.find_node(&id, &gid), "node")?.1.id;
        w.tasks
            .pass_node(node_id, owner_of(&gid).as_ref(), &request.operator, now)
            .map_err(Failure::from)?;
        Ok(Reply::Empty)
    })
}

fn list(state: &AppState, query: Option<&str>, keep: impl Fn(&Dag) -> bool) -> Reply {
    let details = show_details(query).unwrap_or(true);
    let rows: Vec<_> = state.read(|w| {
        w.tasks
            .dags
            .iter()
            .filter(|d| keep(d))
            .map(|d| d.to_detail(details))
            .collect()
    });
    Reply::dags(&state.config().capabilities(), &Contents::new(rows))
}

fn is_cluster(d: &Dag) -> bool {
    d.local_owner.is_none()
}

/// Local DAGs of the agent that answers (this simulator's own address).
fn is_mine(state: &AppState, d: &Dag) -> bool {
    d.local_owner
        .as_ref()
        .is_some_and(|o| o.ip == state.config().ip && o.port == state.config().port)
}

/// `GetUnfinishedDags`: on a cluster agent, the local DAGs of every agent in the local agent
/// table (a host being scaled out joins it at "Add agent for scale_out"; until then it is an
/// idle host here) and the cluster DAGs; nothing unfinished is `{"contents": null}` (Go
/// appends two empty lists to a nil one). Other agents list their own local DAGs (`[]`).
async fn all_unfinished(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    if state.config().identity != AgentIdentity::ClusterAgent {
        return Ok(list(&state, q.as_deref(), |d| {
            is_mine(&state, d) && !d.is_finished
        }));
    }
    let idle: Vec<(String, u16)> = state.read(|w| {
        w.cluster
            .idle_hosts
            .iter()
            .map(|h| (h.ip.clone(), h.port))
            .collect()
    });
    // The cluster DAGs' query fails while OceanBase is down; the agent logs it and lists the rest.
    let down = state.ob_down();
    let member = |d: &Dag| match &d.local_owner {
        None => !down,
        Some(o) => !idle.iter().any(|(ip, port)| *ip == o.ip && *port == o.port),
    };
    let mut reply = list(&state, q.as_deref(), |d| member(d) && !d.is_finished);
    if let Reply::Data(v) = &mut reply {
        nil_when_empty(v, "contents");
    }
    Ok(reply)
}

/// `GetClusterUnfinishDags` and `GetAllClusterDags` on an agent that is not a cluster agent
/// build their refusal but never send it, so the envelope writer finds no response body.
fn unsent_refusal(state: &AppState) -> Result<(), Failure> {
    if state.config().identity == AgentIdentity::ClusterAgent {
        return Ok(());
    }
    Err(Failure::from_spec(
        catalog::UNEXPECTED,
        &[catalog::NO_RESPONSE_BODY.to_owned()],
    ))
}

async fn cluster_unfinished(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    unsent_refusal(&state)?;
    // The handler passes its nil list beside the error: `"data": {"contents": null}`.
    if let Err(f) = state.sql() {
        return Err(f.with_data(serde_json::json!({ "contents": null })));
    }
    Ok(list(&state, q.as_deref(), |d| {
        is_cluster(d) && !d.is_finished
    }))
}

async fn local_unfinished(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    Ok(list(&state, q.as_deref(), |d| {
        is_mine(&state, d) && !d.is_finished
    }))
}

async fn cluster_all(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    unsent_refusal(&state)?;
    state.sql()?;
    Ok(list(&state, q.as_deref(), is_cluster))
}

async fn local_all(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    Ok(list(&state, q.as_deref(), |d| is_mine(&state, d)))
}

async fn cluster_maintain(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    state.sql()?;
    let details = show_details(q.as_deref()).unwrap_or(true);
    state.read(|w| {
        w.tasks
            .last_maintenance_dag()
            .map(|d| Reply::dags(&state.config().capabilities(), &d.to_detail(details)))
            .ok_or_else(|| not_found("Cluster is not under maintenance"))
    })
}

async fn local_maintain(State(_state): State<AppState>) -> ApiResult {
    Err(not_found("Agent is not under maintenance"))
}

async fn local_maintain_all(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult {
    Ok(list(&state, q.as_deref(), |d| {
        d.local_owner.is_some() && d.maintenance_type != 1
    }))
}
