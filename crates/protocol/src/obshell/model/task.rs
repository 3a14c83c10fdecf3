//! Task (DAG) payloads (docs/protocol/obshell-tasks.md §5.1), flat as the agent's embedded Go
//! structs.

use serde::{Deserialize, Serialize};

crate::open_enum! {
    /// `PENDING` `READY` `RUNNING` `FAILED` `SUCCEED`.
    pub enum TaskState {
        Pending = "PENDING",
        Ready = "READY",
        Running = "RUNNING",
        Failed = "FAILED",
        Succeed = "SUCCEED",
    }
}

impl TaskState {
    /// `SUCCEED` or `FAILED`: the agent's only terminal states.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeed | Self::Failed)
    }
}

crate::open_enum! {
    /// `RUN` `RETRY` `ROLLBACK` `CANCEL` `PASS`.
    pub enum TaskOperator {
        Run = "RUN",
        Retry = "RETRY",
        Rollback = "ROLLBACK",
        Cancel = "CANCEL",
        Pass = "PASS",
    }
}

impl TaskOperator {
    /// Parses an operator case-insensitively, as the agent does for DAG operations.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "RUN" => Some(Self::Run),
            "RETRY" => Some(Self::Retry),
            "ROLLBACK" => Some(Self::Rollback),
            "CANCEL" => Some(Self::Cancel),
            "PASS" => Some(Self::Pass),
            _ => None,
        }
    }
}

/// `{ip, port}` of the agent that ran a sub-task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentAddr {
    pub ip: String,
    pub port: u16,
}

/// A sub-task (`TaskDetailDTO`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubTaskDetail {
    pub id: String,
    pub task_id: i64,
    pub name: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: String,
    pub end_time: String,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    pub execute_times: i64,
    pub execute_agent: AgentAddr,
    /// Every log line of every execution; `null` while pending or ready.
    #[serde(default)]
    pub task_logs: Option<Vec<String>>,
}

/// A node (`NodeDetailDTO`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDetail {
    pub id: String,
    pub node_id: i64,
    pub name: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: String,
    pub end_time: String,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub sub_tasks: Option<Vec<SubTaskDetail>>,
}

/// A DAG (`DagDetailDTO`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DagDetail {
    pub id: String,
    pub dag_id: i64,
    pub name: String,
    pub stage: i64,
    pub max_stage: i64,
    #[serde(default)]
    pub maintenance_type: i64,
    #[serde(default)]
    pub maintenance_key: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: String,
    pub end_time: String,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub nodes: Option<Vec<NodeDetail>>,
}

/// One row of `GET /api/v1/task/sub_task/:id/logs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubTaskLog {
    pub id: i64,
    pub sub_task_id: i64,
    pub execute_times: i64,
    pub log_content: String,
    pub is_sync: bool,
    pub create_time: String,
    pub update_time: String,
}

/// Body of `POST /api/v1/task/dag/:id` and `POST /api/v1/task/node/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorRequest {
    pub operator: String,
}

/// What a node allows (docs/protocol/obshell-tasks.md §5.6). The agent does not send this; it
/// follows from the DAG's and the node's names, which the console and the simulator both read from
/// here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeCaps {
    pub cancel: bool,
    pub retry: bool,
    pub rollback: bool,
    pub pass: bool,
}

impl NodeCaps {
    pub const ALL: Self = Self {
        cancel: true,
        retry: true,
        rollback: true,
        pass: true,
    };
    pub const NO_PASS: Self = Self {
        cancel: true,
        retry: true,
        rollback: true,
        pass: false,
    };
    pub const NO_ROLLBACK: Self = Self {
        cancel: true,
        retry: true,
        rollback: false,
        pass: true,
    };
    pub const RETRY_ROLLBACK: Self = Self {
        cancel: false,
        retry: true,
        rollback: true,
        pass: false,
    };
}

/// Capabilities of `node` in a DAG named `dag` (the DAGs of docs/protocol/obshell-tasks.md §5.6
/// and the new host's "Local scale out" DAG; anything else
/// is assumed to allow every operation and left to the agent to refuse).
pub fn node_caps(dag: &str, node: &str) -> NodeCaps {
    use crate::obshell::dag_names as n;
    match (dag, node) {
        (n::SCALE_OUT_TENANT_REPLICAS, n::CREATE_AND_ATTACH_RESOURCE_POOLS) => NodeCaps::NO_PASS,
        (_, n::SPLIT_RESOURCE_POOL | n::DROP_RESOURCE_POOLS) => NodeCaps::NO_ROLLBACK,
        // The two waits on the cluster DAG's stage and the observer start can be cancelled and
        // passed; creating the work directories can be cancelled but not passed.
        (n::LOCAL_SCALE_OUT, n::START_PREPARATIONS | n::START_OBSERVER) => NodeCaps::ALL,
        (n::LOCAL_SCALE_OUT, n::CREATE_OBSERVER_WORKDIR) => NodeCaps::NO_PASS,
        (n::CLUSTER_SCALE_OUT | n::LOCAL_SCALE_OUT, _) => NodeCaps::RETRY_ROLLBACK,
        (n::CLUSTER_SCALE_IN, n::DELETE_AGENT) => NodeCaps::NO_ROLLBACK,
        // Deleting the zone, its agents and telling them to stop cannot be rolled back.
        (n::DELETE_ZONE, n::DELETE_AGENT | n::TRY_TO_INFORM_TO_KILL_OBSERVERS) => {
            NodeCaps::NO_ROLLBACK
        }
        (n::DELETE_ZONE, node) if node.starts_with(n::DELETE_ZONE_PREFIX) => NodeCaps::NO_ROLLBACK,
        _ => NodeCaps::ALL,
    }
}

/// `{ip, port}` as the scale-out body spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTarget {
    pub ip: String,
    pub port: u16,
}

/// Body of `POST /api/v1/ob/scale_out` (camelCase keys, as the agent reads them).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleOutRequest {
    pub agent_info: AgentTarget,
    pub zone: String,
    /// Every value a string: the agent refuses numbers.
    pub ob_configs: std::collections::BTreeMap<String, String>,
    /// The new host's own agent password (4.2.6+), for a target whose `/api/v1/info` says
    /// `security: true`; left out of the body when empty. `Debug` does not show it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_agent_password: String,
}

impl std::fmt::Debug for ScaleOutRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let password = if self.target_agent_password.is_empty() {
            "(none)"
        } else {
            "(set)"
        };
        f.debug_struct("ScaleOutRequest")
            .field("agent_info", &self.agent_info)
            .field("zone", &self.zone)
            .field("ob_configs", &self.ob_configs)
            .field("target_agent_password", &password)
            .finish()
    }
}

impl Drop for ScaleOutRequest {
    /// The target agent password is wiped with the request.
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.target_agent_password);
    }
}

/// Body of `POST /api/v1/ob/scale_in` (4.2.6+; snake_case keys, unlike scale-out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleInRequest {
    /// The agent of the OBServer to remove.
    pub agent_info: AgentTarget,
    /// Kill the observer before waiting for OceanBase to finish deleting it.
    #[serde(default)]
    pub force_kill: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(c: &str) -> NodeCaps {
        NodeCaps {
            cancel: c.contains('C'),
            retry: c.contains('R'),
            rollback: c.contains('B'),
            pass: c.contains('P'),
        }
    }

    #[test]
    fn the_local_scale_out_dag_has_the_agents_capabilities() {
        // ob/agent/executor/ob/scale_out.go, deploy.go, start_obsvr.go
        // (docs/protocol/obshell-tasks.md §5.6).
        for (node, expected) in [
            ("Be scaling agent", "RB"),
            ("Start preparations", "CRBP"),
            ("Create observer workdir", "CRB"),
            ("Start observer", "CRBP"),
            ("Watch cluster scale_out dag", "RB"),
            ("Upgrade to cluster agent version", "RB"),
            ("Sync from observer", "RB"),
        ] {
            assert_eq!(node_caps("Local scale out", node), caps(expected), "{node}");
        }
        // The cluster DAG's nodes keep retry and rollback only, whatever their names.
        assert_eq!(node_caps("Cluster scale out", "Start observer"), caps("RB"));
        assert_eq!(node_caps("Cluster scale in", "Delete agent"), caps("CRP"));
        assert_eq!(
            node_caps("Cluster scale in", "Delete observer"),
            caps("CRBP")
        );
    }

    #[test]
    fn the_delete_zone_dag_rolls_back_only_what_can_be_restored() {
        // ob/agent/executor/ob/delete_zone.go, scale_in.go, upgrade_stop_zone.go.
        for (node, expected) in [
            ("Set agent to 'SCALING IN'", "CRBP"),
            ("Stop zone zone4", "CRBP"),
            ("Delete observer", "CRBP"),
            ("Wait delete observer success", "CRBP"),
            ("Delete zone zone4", "CRP"),
            ("Delete agent", "CRP"),
            ("Try to inform to kill observers", "CRP"),
        ] {
            assert_eq!(node_caps("Delete zone", node), caps(expected), "{node}");
        }
        assert_eq!(
            node_caps("Modify tenant primary zone", "Modify tenant primary zone"),
            caps("CRBP")
        );
    }

    #[test]
    fn scale_bodies_are_spelled_as_the_agent_reads_them() {
        let mut out = ScaleOutRequest {
            agent_info: AgentTarget {
                ip: "10.0.4.1".into(),
                port: 2886,
            },
            zone: "zone4".into(),
            ob_configs: Default::default(),
            target_agent_password: String::new(),
        };
        let json = serde_json::to_string(&out).expect("json");
        assert!(!json.contains("targetAgentPassword"), "{json}");
        out.target_agent_password = "s3cret".into();
        let json = serde_json::to_string(&out).expect("json");
        assert!(json.contains(r#""targetAgentPassword":"s3cret""#), "{json}");
        assert!(!format!("{out:?}").contains("s3cret"));

        let scale_in = ScaleInRequest {
            agent_info: AgentTarget {
                ip: "10.0.3.2".into(),
                port: 2886,
            },
            force_kill: true,
        };
        assert_eq!(
            serde_json::to_string(&scale_in).expect("json"),
            r#"{"agent_info":{"ip":"10.0.3.2","port":2886},"force_kill":true}"#
        );
    }
}
