//! The cluster's DAGs: scale-out (and the new host's own DAG), scale-in, zone delete.

use obshell_protocol::obshell::dag_names as n;

use super::{log, node, NodePlan};
use crate::obshell::model::Effect;

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
    n::local_scale_out_nodes(false)
        .into_iter()
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

/// A server of a zone about to be deleted, and its agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneMember {
    pub ip: String,
    pub agent_port: u16,
}

/// `Delete zone`: the zone's agents set to SCALING IN, the zone stopped, each server deleted
/// and waited for, the zone deleted, then its agents removed and told to stop their observers.
/// A zone without servers has only the stop and the delete.
pub fn plan_delete_zone(
    zone: &str,
    members: &[ZoneMember],
    version: &str,
    ob_version: &str,
) -> Vec<NodePlan> {
    let dag = n::DELETE_ZONE;
    let mut nodes = Vec::new();
    if !members.is_empty() {
        let lines = members
            .iter()
            .map(|m| format!("Set agent {}:{} to 'SCALING IN'", m.ip, m.agent_port))
            .collect();
        nodes.push(node(
            dag,
            n::SET_AGENT_TO_SCALING_IN,
            2.0,
            Effect::Log(lines),
        ));
    }
    let stop = Effect::StopZone {
        zone: zone.to_owned(),
    };
    nodes.push(node(dag, &n::stop_zone(zone), 5.0, stop));
    for m in members {
        let mark = Effect::MarkServerDeleting {
            ip: m.ip.clone(),
            agent_port: m.agent_port,
        };
        nodes.push(node(dag, n::DELETE_OBSERVER, 3.0, mark));
        let wait = Effect::RemoveServer {
            ip: m.ip.clone(),
            agent_port: m.agent_port,
            removed: None,
        };
        nodes.push(node(dag, n::WAIT_DELETE_OBSERVER_SUCCESS, 10.0, wait));
    }
    let delete = Effect::RemoveZone {
        zone: zone.to_owned(),
        removed: None,
    };
    nodes.push(node(dag, &n::delete_zone(zone), 3.0, delete));
    if !members.is_empty() {
        let remove = members
            .iter()
            .map(|m| Effect::RemoveAgent {
                ip: m.ip.clone(),
                port: m.agent_port,
                version: version.to_owned(),
                ob_version: ob_version.to_owned(),
            })
            .collect();
        nodes.push(node(dag, n::DELETE_AGENT, 2.0, Effect::Steps(remove)));
        nodes.push(node(
            dag,
            n::TRY_TO_INFORM_TO_KILL_OBSERVERS,
            2.0,
            log(&["Inform the zone's agents to kill their observers"]),
        ));
    }
    nodes
}
