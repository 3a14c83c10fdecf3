//! The node sequences of the four DAGs (docs/protocol/obshell-tasks.md §5.6), with step durations;
//! capabilities come from the table shared with the console.

use obshell_protocol::obshell::dag_names as n;
use obshell_protocol::obshell::model::task::node_caps;
use obshell_protocol::obshell::replica::{AddZone, ModifyPlan};

use crate::obshell::model::Cluster;
use crate::obshell::model::{Effect, PoolSpec};

/// One node of a DAG about to be created.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePlan {
    pub name: String,
    pub caps: crate::obshell::model::Caps,
    /// Seconds at speed 1. OceanBase jobs are polled every 10 s by the agent, so locality and
    /// unit changes take that long at least.
    pub duration: f64,
    pub effect: Effect,
}

fn node(dag: &str, name: &str, duration: f64, effect: Effect) -> NodePlan {
    NodePlan {
        name: name.to_owned(),
        caps: node_caps(dag, name),
        duration,
        effect,
    }
}

fn locality(dag: &str, tenant: &str, zone: &str, to: Option<&str>) -> NodePlan {
    let effect = Effect::AlterLocality {
        tenant: tenant.to_owned(),
        zone: zone.to_owned(),
        to: to.map(str::to_owned),
        prev: None,
    };
    node(dag, n::ALTER_TENANT_LOCALITY, 12.0, effect)
}

fn log(lines: &[&str]) -> Effect {
    Effect::Log(lines.iter().map(|l| (*l).to_owned()).collect())
}

/// `Scale out tenant replicas`: pools first, then one locality change per zone, in request order.
pub fn plan_add_replicas(tenant: &str, zones: &[AddZone], ts: i64) -> Vec<NodePlan> {
    let pools = zones
        .iter()
        .map(|z| PoolSpec {
            zone: z.name.clone(),
            config: z.unit_config_name.clone(),
            unit_num: z.unit_num,
        })
        .collect();
    let mut nodes = vec![node(
        n::SCALE_OUT_TENANT_REPLICAS,
        n::CREATE_AND_ATTACH_RESOURCE_POOLS,
        3.0,
        Effect::CreatePools {
            tenant: tenant.to_owned(),
            pools,
            ts,
        },
    )];
    nodes.extend(zones.iter().map(|z| {
        locality(
            n::SCALE_OUT_TENANT_REPLICAS,
            tenant,
            &z.name,
            Some(&z.replica_type),
        )
    }));
    nodes
}

/// `Scale in tenant replicas`: one locality change per zone, a split when a multi-zone pool is
/// involved, then the pools of the removed zones are dropped.
pub fn plan_delete_replicas(cluster: &Cluster, tenant: &str, zones: &[String]) -> Vec<NodePlan> {
    let mut nodes: Vec<NodePlan> = zones
        .iter()
        .map(|z| locality(n::SCALE_IN_TENANT_REPLICAS, tenant, z, None))
        .collect();
    let tenant_id = cluster.tenant(tenant).map(|t| t.id);
    let split: Vec<String> = cluster
        .pools
        .iter()
        .filter(|p| {
            p.tenant_id == tenant_id
                && p.zones.len() > 1
                && p.zones.iter().any(|z| zones.contains(z))
        })
        .map(|p| p.name.clone())
        .collect();
    if !split.is_empty() {
        nodes.push(node(
            n::SCALE_IN_TENANT_REPLICAS,
            n::SPLIT_RESOURCE_POOL,
            4.0,
            Effect::SplitPools {
                tenant: tenant.to_owned(),
                pools: split,
            },
        ));
    }
    nodes.push(node(
        n::SCALE_IN_TENANT_REPLICAS,
        n::DROP_RESOURCE_POOLS,
        4.0,
        Effect::DropPools {
            tenant: tenant.to_owned(),
            zones: zones.to_vec(),
        },
    ));
    nodes
}

/// `Modify tenant replicas`: type changes (to FULL first), a split if needed, unit config,
/// unit number.
pub fn plan_modify_replicas(tenant: &str, plan: &ModifyPlan) -> Vec<NodePlan> {
    let mut nodes: Vec<NodePlan> = plan
        .type_changes
        .iter()
        .map(|(zone, kind)| locality(n::MODIFY_TENANT_REPLICAS, tenant, zone, Some(kind)))
        .collect();
    if !plan.split_pools.is_empty() {
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::SPLIT_RESOURCE_POOL,
            4.0,
            Effect::SplitPools {
                tenant: tenant.to_owned(),
                pools: plan.split_pools.clone(),
            },
        ));
    }
    if !plan.unit_config_changes.is_empty() {
        let effect = Effect::AlterUnitConfig {
            tenant: tenant.to_owned(),
            changes: plan.unit_config_changes.clone(),
            prev: Vec::new(),
        };
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::ALTER_RESOURCE_POOL_UNIT_CONFIG,
            6.0,
            effect,
        ));
    }
    if let Some(n) = plan.unit_num_change {
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::ALTER_RESOURCE_POOL_UNIT_NUM,
            10.0,
            Effect::AlterUnitNum {
                tenant: tenant.to_owned(),
                to: n,
                prev: None,
            },
        ));
    }
    nodes
}

/// What `scale_out` adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleOutTarget {
    pub ip: String,
    pub agent_port: u16,
    pub zone: String,
    pub new_zone: bool,
    pub rpc_port: u16,
    pub sql_port: u16,
    /// A `targetAgentPassword` came with the request (the log says so, never what it is).
    pub with_agent_password: bool,
}

/// `Cluster scale out`: 9 nodes, or 11 when the zone is new. Only retry and rollback.
pub fn plan_scale_out(t: &ScaleOutTarget) -> Vec<NodePlan> {
    let mut nodes = vec![
        node(
            n::CLUSTER_SCALE_OUT,
            n::INTEGRATE_SERVER_CONFIG,
            2.0,
            log(&["Integrate observer configs of the new server"]),
        ),
        node(
            n::CLUSTER_SCALE_OUT,
            n::CREATE_LOCAL_SCALE_OUT_DAG,
            3.0,
            log(&[if t.with_agent_password {
                "Request the new agent to create its local scale out dag, with its agent password"
            } else {
                "Request the new agent to create its local scale out dag, without an agent password"
            }]),
        ),
        node(
            n::CLUSTER_SCALE_OUT,
            n::WAIT_SCALE_OUT_READY,
            5.0,
            log(&["Wait for the new agent to be ready"]),
        ),
        node(
            n::CLUSTER_SCALE_OUT,
            n::WAIT_REMOTE_DEPLOY_FINISH,
            10.0,
            log(&["Wait for the new agent to deploy the observer"]),
        ),
        node(
            n::CLUSTER_SCALE_OUT,
            n::WAIT_REMOTE_START_FINISH,
            10.0,
            log(&["Wait for the new agent to start the observer"]),
        ),
        node(
            n::CLUSTER_SCALE_OUT,
            n::PREV_CHECK_FOR_SCALE_OUT,
            2.0,
            log(&["Check the new server before adding it"]),
        ),
    ];
    if t.new_zone {
        nodes.push(node(
            n::CLUSTER_SCALE_OUT,
            n::ADD_NEW_ZONE_FOR_SCALE_OUT,
            3.0,
            Effect::AddZone {
                zone: t.zone.clone(),
                region: "sys_region".to_owned(),
            },
        ));
        nodes.push(node(
            n::CLUSTER_SCALE_OUT,
            n::START_NEW_ZONE_FOR_SCALE_OUT,
            3.0,
            log(&["Start the new zone"]),
        ));
    }
    let add_server = Effect::AddServer {
        zone: t.zone.clone(),
        ip: t.ip.clone(),
        rpc_port: t.rpc_port,
        sql_port: t.sql_port,
        agent_port: t.agent_port,
    };
    nodes.push(node(
        n::CLUSTER_SCALE_OUT,
        n::ADD_SERVER_FOR_SCALE_OUT,
        5.0,
        add_server,
    ));
    nodes.push(node(
        n::CLUSTER_SCALE_OUT,
        n::ADD_AGENT_FOR_SCALE_OUT,
        2.0,
        Effect::AddAgent {
            ip: t.ip.clone(),
            port: t.agent_port,
            taken: None,
        },
    ));
    nodes.push(node(
        n::CLUSTER_SCALE_OUT,
        n::CHECK_CLUSTER_SCALE_OUT_WHETHER_FINISHED,
        3.0,
        log(&["Cluster scale out finished"]),
    ));
    nodes
}

/// The new host's own DAG, which nodes 3–5 of the cluster DAG wait on.
pub fn plan_local_scale_out() -> Vec<NodePlan> {
    [
        n::BE_SCALING_AGENT,
        n::START_PREPARATIONS,
        n::CREATE_OBSERVER_WORKDIR,
        n::START_PREPARATIONS,
        n::START_OBSERVER,
        n::WATCH_CLUSTER_SCALE_OUT_DAG,
        n::SYNC_FROM_OBSERVER,
    ]
    .iter()
    .map(|name| {
        node(
            n::LOCAL_SCALE_OUT,
            name,
            1.0,
            Effect::Log(vec![format!("{name} done")]),
        )
    })
    .collect()
}

/// `Cluster scale in`.
pub fn plan_scale_in(
    ip: &str,
    agent_port: u16,
    force_kill: bool,
    version: &str,
    ob_version: &str,
) -> Vec<NodePlan> {
    let delete_observer = node(
        n::CLUSTER_SCALE_IN,
        n::DELETE_OBSERVER,
        3.0,
        Effect::MarkServerDeleting {
            ip: ip.to_owned(),
            agent_port,
        },
    );
    let set_scaling_in = node(
        n::CLUSTER_SCALE_IN,
        n::SET_AGENT_TO_SCALING_IN,
        2.0,
        log(&["Set agent identity to SCALING IN"]),
    );
    let wait_deleted = node(
        n::CLUSTER_SCALE_IN,
        n::WAIT_DELETE_OBSERVER_SUCCESS,
        10.0,
        Effect::RemoveServer {
            ip: ip.to_owned(),
            agent_port,
            removed: None,
        },
    );
    let remove_agent = Effect::RemoveAgent {
        ip: ip.to_owned(),
        port: agent_port,
        version: version.to_owned(),
        ob_version: ob_version.to_owned(),
    };
    let delete_agent = node(n::CLUSTER_SCALE_IN, n::DELETE_AGENT, 2.0, remove_agent);
    let inform = node(
        n::CLUSTER_SCALE_IN,
        n::TRY_TO_INFORM_TO_KILL_OBSERVER,
        2.0,
        log(&["Inform the agent to kill its observer"]),
    );
    if force_kill {
        let check = node(
            n::CLUSTER_SCALE_IN,
            n::CHECK_MULTI_PAXOS_MEMBER_ALIVE,
            2.0,
            log(&["Every log stream keeps a live majority"]),
        );
        vec![
            delete_observer,
            set_scaling_in,
            check,
            inform,
            wait_deleted,
            delete_agent,
        ]
    } else {
        vec![
            delete_observer,
            set_scaling_in,
            wait_deleted,
            delete_agent,
            inform,
        ]
    }
}
