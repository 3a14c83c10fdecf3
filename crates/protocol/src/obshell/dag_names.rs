//! The names of the DAGs the agent runs and of their nodes (docs/protocol/obshell-tasks.md §5.6,
//! and the new host's "Local scale out" DAG), spelled once: the simulator builds its DAGs from
//! them, the console's layout tests and benchmarks draw them, and
//! [`node_caps`](super::model::task::node_caps) reads a node's capabilities from them.

// DAGs.
pub const SCALE_OUT_TENANT_REPLICAS: &str = "Scale out tenant replicas";
pub const SCALE_IN_TENANT_REPLICAS: &str = "Scale in tenant replicas";
pub const MODIFY_TENANT_REPLICAS: &str = "Modify tenant replicas";
pub const CLUSTER_SCALE_OUT: &str = "Cluster scale out";
pub const LOCAL_SCALE_OUT: &str = "Local scale out";
pub const CLUSTER_SCALE_IN: &str = "Cluster scale in";
/// `PUT /api/v1/tenant/:name/primary-zone`: one node of the same name.
pub const MODIFY_TENANT_PRIMARY_ZONE: &str = "Modify tenant primary zone";
/// `DELETE /api/v1/zone/:name`.
pub const DELETE_ZONE: &str = "Delete zone";

// Nodes of the replica DAGs.
pub const CREATE_AND_ATTACH_RESOURCE_POOLS: &str = "Create and attach resource pools";
pub const ALTER_TENANT_LOCALITY: &str = "Alter tenant locality";
pub const SPLIT_RESOURCE_POOL: &str = "Split resource pool";
pub const DROP_RESOURCE_POOLS: &str = "Drop resource pools";
pub const ALTER_RESOURCE_POOL_UNIT_CONFIG: &str = "Alter resource pool unit config";
pub const ALTER_RESOURCE_POOL_UNIT_NUM: &str = "Alter resource pool unit num";

// Nodes of "Cluster scale out".
pub const INTEGRATE_SERVER_CONFIG: &str = "Integrate server config";
pub const CREATE_LOCAL_SCALE_OUT_DAG: &str = "Create local scale out dag";
pub const WAIT_SCALE_OUT_READY: &str = "Wait scale out ready";
pub const WAIT_REMOTE_DEPLOY_FINISH: &str = "Wait remote deploy finish";
pub const WAIT_REMOTE_START_FINISH: &str = "Wait remote start finish";
pub const PREV_CHECK_FOR_SCALE_OUT: &str = "Prev check for scale_out";
pub const ADD_NEW_ZONE_FOR_SCALE_OUT: &str = "Add new zone for scale_out";
pub const START_NEW_ZONE_FOR_SCALE_OUT: &str = "Start new zone for scale_out";
pub const ADD_SERVER_FOR_SCALE_OUT: &str = "Add server for scale_out";
pub const ADD_AGENT_FOR_SCALE_OUT: &str = "Add agent for scale_out";
pub const CHECK_CLUSTER_SCALE_OUT_WHETHER_FINISHED: &str =
    "Check cluster scale_out whether finished";

// Nodes of "Local scale out".
pub const BE_SCALING_AGENT: &str = "Be scaling agent";
pub const START_PREPARATIONS: &str = "Start preparations";
pub const CREATE_OBSERVER_WORKDIR: &str = "Create observer workdir";
pub const START_OBSERVER: &str = "Start observer";
pub const WATCH_CLUSTER_SCALE_OUT_DAG: &str = "Watch cluster scale_out dag";
pub const UPGRADE_TO_CLUSTER_AGENT_VERSION: &str = "Upgrade to cluster agent version";
pub const SYNC_FROM_OBSERVER: &str = "Sync from observer";

/// The nodes of "Local scale out" in order (docs/protocol/obshell-tasks.md §5.6): with
/// `upgrade`, a target of a lower version, "Upgrade to cluster agent version" before the last.
pub fn local_scale_out_nodes(upgrade: bool) -> Vec<&'static str> {
    let mut nodes = vec![
        BE_SCALING_AGENT,
        START_PREPARATIONS,
        CREATE_OBSERVER_WORKDIR,
        START_PREPARATIONS,
        START_OBSERVER,
        WATCH_CLUSTER_SCALE_OUT_DAG,
    ];
    if upgrade {
        nodes.push(UPGRADE_TO_CLUSTER_AGENT_VERSION);
    }
    nodes.push(SYNC_FROM_OBSERVER);
    nodes
}

// Nodes of "Cluster scale in".
pub const DELETE_OBSERVER: &str = "Delete observer";
pub const SET_AGENT_TO_SCALING_IN: &str = "Set agent to 'SCALING IN'";
pub const CHECK_MULTI_PAXOS_MEMBER_ALIVE: &str = "Check multi paxos member alive";
pub const TRY_TO_INFORM_TO_KILL_OBSERVER: &str = "Try to inform to kill observer";
pub const WAIT_DELETE_OBSERVER_SUCCESS: &str = "Wait delete observer success";
pub const DELETE_AGENT: &str = "Delete agent";

// Nodes of "Delete zone" (besides the scale-in ones it shares): the zone's name follows
// "Stop zone " and "Delete zone " (see [`stop_zone`], [`delete_zone`]).
pub const TRY_TO_INFORM_TO_KILL_OBSERVERS: &str = "Try to inform to kill observers";
pub const STOP_ZONE_PREFIX: &str = "Stop zone ";
pub const DELETE_ZONE_PREFIX: &str = "Delete zone ";

/// The node that stops `zone` before it is deleted.
pub fn stop_zone(zone: &str) -> String {
    format!("{STOP_ZONE_PREFIX}{zone}")
}

/// The node that deletes `zone` (`ALTER SYSTEM DELETE ZONE`).
pub fn delete_zone(zone: &str) -> String {
    format!("{DELETE_ZONE_PREFIX}{zone}")
}
