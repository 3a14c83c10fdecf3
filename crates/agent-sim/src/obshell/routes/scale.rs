//! Cluster scale-out and scale-in (docs/protocol/obshell.md §4.7).

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{delete, post};
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::task::AgentAddr;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::{Capabilities, Feature};
use serde::Deserialize;

use super::guards::require_cluster_agent;
use crate::obshell::engine::{plan_scale_in, plan_scale_out, NewDag, NodePlan, ScaleOutTarget};
use crate::obshell::failure::Failure;
use crate::obshell::model::world::World;
use crate::obshell::model::MAINTENANCE_GLOBAL;
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::state::AppState;

/// The oldest obshell that can still be scaled into a cluster.
const AGENT_V4241: &str = "4.2.4.1";

/// Scale-in from 4.2.6.
pub fn routes(caps: &Capabilities) -> Router<AppState> {
    let router = Router::new().route("/ob/scale_out", post(scale_out));
    if !caps.has(Feature::ScaleIn) {
        return router;
    }
    router
        .route("/ob/scale_in", post(scale_in))
        .route("/observer", delete(scale_in))
}

#[derive(Deserialize, Default)]
struct AgentInfoIn {
    #[serde(default)]
    ip: String,
    #[serde(default)]
    port: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScaleOutParam {
    agent_info: AgentInfoIn,
    zone: String,
    ob_configs: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    target_agent_password: String,
}

pub(crate) static AGENT_INFO: StructSchema = StructSchema {
    go_name: "AgentInfo",
    fields: &[
        Field {
            json: "ip",
            go: "Ip",
            schema: Schema::String,
            nullable: false,
            required: true,
        },
        Field {
            json: "port",
            go: "Port",
            schema: Schema::Int,
            nullable: false,
            required: true,
        },
    ],
};

pub(crate) static SCALE_OUT: StructSchema = StructSchema {
    go_name: "ClusterScaleOutParam",
    fields: &[
        Field {
            json: "agentInfo",
            go: "AgentInfo",
            schema: Schema::Struct(&AGENT_INFO),
            nullable: false,
            required: true,
        },
        Field {
            json: "zone",
            go: "Zone",
            schema: Schema::String,
            nullable: false,
            required: true,
        },
        Field {
            json: "obConfigs",
            go: "ObConfigs",
            schema: Schema::Map(&Schema::String),
            nullable: true,
            required: true,
        },
        Field {
            json: "targetAgentPassword",
            go: "TargetAgentPassword",
            schema: Schema::String,
            nullable: false,
            required: false,
        },
    ],
};

#[derive(Deserialize)]
struct ScaleInParam {
    agent_info: AgentInfoIn,
    #[serde(default)]
    force_kill: bool,
}

pub(crate) static SCALE_IN: StructSchema = StructSchema {
    go_name: "ClusterScaleInParam",
    fields: &[
        Field {
            json: "agent_info",
            go: "AgentInfo",
            schema: Schema::Struct(&AGENT_INFO),
            nullable: false,
            required: true,
        },
        Field {
            json: "force_kill",
            go: "ForceKill",
            schema: Schema::Bool,
            nullable: false,
            required: false,
        },
    ],
};

/// The validator also walks nested structs: an `AgentInfo` with an empty member fails.
fn check_agent_info(parent: &str, info: &AgentInfoIn) -> Result<(), Failure> {
    let missing = if info.ip.is_empty() {
        Some("Ip")
    } else if info.port == 0 {
        Some("Port")
    } else {
        None
    };
    match missing {
        Some(field) => Err(Failure::from_spec(
            catalog::BIND_JSON_FAILED,
            &[format!("Key: '{parent}.AgentInfo.{field}' Error:Field validation for '{field}' failed on the 'required' tag")],
        )),
        None => Ok(()),
    }
}

/// Compares dotted versions numerically (`4.2.10` > `4.2.9`).
fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parse = |v: &str| -> Vec<u64> {
        v.split('-')
            .next()
            .unwrap_or(v)
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    parse(a).cmp(&parse(b))
}

/// `rpc_port`/`rpcPort` (and `mysql_port`/`mysqlPort`) are aliases; both given and different is
/// refused. Returns the effective value.
fn alias(
    configs: &std::collections::BTreeMap<String, String>,
    snake: &str,
    camel: &str,
) -> Result<Option<String>, Failure> {
    match (configs.get(snake), configs.get(camel)) {
        (Some(a), Some(b)) if a != b => Err(Failure::from_spec(
            catalog::ILLEGAL_ARGUMENT_WITH_MESSAGE,
            &[
                "observerConfig".to_owned(),
                format!("You cannot set both {snake} and {camel}, use {snake} instead."),
            ],
        )),
        (Some(a), _) | (None, Some(a)) => Ok(Some(a.clone())),
        (None, None) => Ok(None),
    }
}

fn parse_port(text: Option<String>, default: u16) -> Result<u16, Failure> {
    match text {
        None => Ok(default),
        // The range (1025–65535) is enforced later, inside the DAG; here only the number.
        Some(t) => t
            .parse::<i64>()
            .map(|p| u16::try_from(p).unwrap_or(0))
            .map_err(|_| Failure::from_spec(catalog::INVALID_PORT, &[t])),
    }
}

pub(super) fn start_global_dag(
    state: &AppState,
    world: &mut World,
    name: &str,
    nodes: Vec<NodePlan>,
    local_target: Option<AgentAddr>,
) -> ApiResult {
    if let Some(conflict) = world.tasks.lock_conflict(MAINTENANCE_GLOBAL, "") {
        return Err(
            Failure::from(conflict).wrapped(catalog::TASK_CREATE_FAILED, &[name.to_owned()])
        );
    }
    let config = state.config();
    let new = NewDag {
        name: name.to_owned(),
        maintenance_type: MAINTENANCE_GLOBAL,
        maintenance_key: String::new(),
        failure_exits_maintenance: false,
        nodes,
        agent: AgentAddr {
            ip: config.ip.clone(),
            port: config.port,
        },
        local_target,
    };
    let id = world.tasks.create(new, state.now(), &mut world.fail_rules);
    Ok(Reply::dags(
        &config.capabilities(),
        &world.tasks.dag(id).map(|d| d.to_detail(false)),
    ))
}

/// Refusals after the body is bound come from `HandleClusterScaleOut`, whose nil DAG the
/// handler still passes: `"data": null` beside the error.
async fn scale_out(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let param: ScaleOutParam = bind(&body, &SCALE_OUT)?;
    check_agent_info("ClusterScaleOutParam.ScaleOutParam", &param.agent_info)?;
    handle_scale_out(&state, param).map_err(Failure::with_null_data)
}

fn handle_scale_out(state: &AppState, param: ScaleOutParam) -> ApiResult {
    require_cluster_agent(state)?;
    state.sql()?;
    let me = format!("{}:{}", state.config().ip, state.config().port);
    let my_version = state.config().version.clone();
    let port = u16::try_from(param.agent_info.port).unwrap_or(0);
    let target = format!("{}:{}", param.agent_info.ip, port);
    state.update(|w| {
        let cluster = &w.cluster;
        let host = cluster
            .idle_hosts
            .iter()
            .find(|h| h.ip == param.agent_info.ip && h.port == port)
            .cloned();
        let Some(host) = host else {
            if cluster
                .servers()
                .any(|(_, s)| s.ip == param.agent_info.ip && s.agent_port == port)
            {
                return Err(Failure::from_spec(
                    catalog::AGENT_NOT_CLUSTER,
                    &[
                        target.clone(),
                        AgentIdentity::ClusterAgent.as_str().to_owned(),
                        AgentIdentity::Single.as_str().to_owned(),
                    ],
                ));
            }
            return Err(Failure::from_spec(
                catalog::AGENT_RPC_REQUEST_FAILED,
                // `lib/http` `SendGetRequest`: method, agent, then URI.
                &[
                    "GET".into(),
                    target.clone(),
                    "/api/v1/info".into(),
                    format!(
                        "Get \"http://{target}/api/v1/info\": dial tcp {target}: connect: connection refused"
                    ),
                ],
            )
            .annotated(&format!("get {target} status failed")));
        };
        if host.ob_version != cluster.ob_version {
            return Err(Failure::from_spec(
                catalog::AGENT_OB_VERSION_INCONSISTENT,
                &[
                    target.clone(),
                    host.ob_version.clone(),
                    me.clone(),
                    cluster.ob_version.clone(),
                ],
            ));
        }
        let theirs = host
            .version
            .split('-')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mine = my_version.split('-').next().unwrap_or_default().to_owned();
        match compare_versions(&mine, &theirs) {
            std::cmp::Ordering::Less => {
                return Err(Failure::from_spec(
                    catalog::SCALE_OUT_HIGHER_VERSION,
                    &[target.clone(), theirs, me.clone(), mine],
                ));
            }
            std::cmp::Ordering::Greater
                if compare_versions(&theirs, AGENT_V4241) == std::cmp::Ordering::Less =>
            {
                return Err(Failure::from_spec(
                    catalog::SCALE_OUT_LOWER_VERSION,
                    &[theirs, AGENT_V4241.to_owned(), mine],
                ));
            }
            _ => {}
        }
        let rpc_port = parse_port(alias(&param.ob_configs, "rpc_port", "rpcPort")?, 2882)?;
        let sql_port = parse_port(alias(&param.ob_configs, "mysql_port", "mysqlPort")?, 2881)?;
        let server = format!("{}:{rpc_port}", param.agent_info.ip);
        if cluster.servers().any(|(_, s)| s.addr() == server) {
            return Err(Failure::from_spec(catalog::AGENT_ALREADY_EXISTS, &[server]));
        }
        let plan = ScaleOutTarget {
            ip: host.ip.clone(),
            agent_port: host.port,
            zone: param.zone.clone(),
            new_zone: cluster.zone(&param.zone).is_none(),
            rpc_port,
            sql_port,
            with_agent_password: !param.target_agent_password.is_empty(),
        };
        let local = AgentAddr {
            ip: host.ip.clone(),
            port: host.port,
        };
        start_global_dag(
            state,
            w,
            obshell_protocol::obshell::dag_names::CLUSTER_SCALE_OUT,
            plan_scale_out(&plan),
            Some(local),
        )
    })
}

async fn scale_in(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let param: ScaleInParam = bind(&body, &SCALE_IN)?;
    check_agent_info("ClusterScaleInParam", &param.agent_info)?;
    let config = state.config().clone();
    let port = u16::try_from(param.agent_info.port).unwrap_or(0);
    if param.agent_info.ip == config.ip && port == config.port {
        if config.identity == AgentIdentity::Single {
            return Ok(Reply::NoContent);
        }
        return Err(Failure::from_spec(catalog::SERVER_DELETE_SELF, &[]));
    }
    require_cluster_agent(&state)?;
    state.sql()?;
    state.update(|w| {
        let Some(_) = w
            .cluster
            .servers()
            .find(|(_, s)| s.ip == param.agent_info.ip && s.agent_port == port)
        else {
            return Ok(Reply::NoContent);
        };
        let (version, ob_version) = (
            w.cluster.agent_version.clone(),
            w.cluster.ob_version.clone(),
        );
        let nodes = plan_scale_in(
            &param.agent_info.ip,
            port,
            param.force_kill,
            &version,
            &ob_version,
        );
        start_global_dag(
            &state,
            w,
            obshell_protocol::obshell::dag_names::CLUSTER_SCALE_IN,
            nodes,
            None,
        )
    })
}
