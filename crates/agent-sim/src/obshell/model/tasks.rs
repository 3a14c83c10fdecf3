//! The agent's task tables as the engine keeps them (docs/protocol/obshell-tasks.md §5): DAGs of
//! serial nodes, one sub-task each, with their logs, the id counters and the maintenance locks; and
//! the armed node failures.

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator, TaskState};
use serde::{Deserialize, Serialize};

use super::Effect;

/// Maintenance lock types (docs/protocol/obshell-tasks.md §5.5): 1 none, 2 global (cluster), 3
/// tenant.
pub const MAINTENANCE_NONE: i64 = 1;
pub const MAINTENANCE_GLOBAL: i64 = 2;
pub const MAINTENANCE_TENANT: i64 = 3;

/// What a node allows (shared with the console, which offers operations from it).
pub type Caps = obshell_protocol::obshell::model::task::NodeCaps;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub id: i64,
    pub execute_times: i64,
    pub content: String,
    pub at: DateTime<Utc>,
}

/// What a sub-task is doing inside one execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Undoing a failed attempt before a retry.
    RetryRollback,
    Forward,
    Backward,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubTask {
    pub id: i64,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: DateTime<Utc>,
    pub end_time: DateTime<Utc>,
    pub execute_times: i64,
    pub agent: AgentAddr,
    pub logs: Vec<LogLine>,
    /// When the current step started, and what it is.
    pub step: Option<(DateTime<Utc>, Phase)>,
    /// Failures still to inject (the fault switch).
    pub fail_times: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: DateTime<Utc>,
    pub end_time: DateTime<Utc>,
    pub caps: Caps,
    /// Seconds one execution takes at speed 1.
    pub duration: f64,
    pub effect: Effect,
    /// The effect is applied on the model (so a rollback must revert it).
    pub applied: bool,
    pub task: SubTask,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dag {
    pub id: i64,
    /// `Some` for a local DAG of another agent (its generic id starts with 2).
    pub local_owner: Option<AgentAddr>,
    pub name: String,
    pub stage: usize,
    pub maintenance_type: i64,
    pub maintenance_key: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub start_time: DateTime<Utc>,
    pub end_time: DateTime<Utc>,
    pub nodes: Vec<Node>,
    /// Nodes carry the "failure exits maintenance" flag.
    pub failure_exits_maintenance: bool,
    /// The DAG holds its maintenance lock now.
    pub holds_lock: bool,
    /// The agent's stored `is_finished` flag (docs/protocol/obshell.md §4.8).
    pub is_finished: bool,
    /// A cancel was requested and the scheduler has not acted yet.
    pub cancel_requested: bool,
    /// Links a cluster scale-out DAG to the local DAG it made on the new host.
    pub linked_local: Option<i64>,
    /// For a scale-out: the new host, whose local DAG node 2 creates.
    pub local_target: Option<AgentAddr>,
}

impl Dag {
    pub fn current(&self) -> Option<&Node> {
        self.nodes.get(self.stage.saturating_sub(1))
    }

    pub fn max_stage(&self) -> usize {
        self.nodes.len()
    }
}

/// All DAGs and the id counters of the three task tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskStore {
    pub dags: Vec<Dag>,
    pub next_dag: i64,
    pub next_node: i64,
    pub next_task: i64,
    pub next_log: i64,
    /// Local DAG counters per agent (`ip:port`): each agent numbers its own SQLite rows.
    pub next_local: Vec<(String, i64)>,
    /// Tenant lock name → the last DAG that took it (the agent's `partial_maintenance.dag_id`).
    pub lock_owners: Vec<(String, i64)>,
    /// How many of the next DAGs carry hostile text (the `/__sim/hostile` fault switch).
    #[serde(default)]
    pub hostile_next: u32,
}

impl TaskStore {
    pub fn dag(&self, id: i64) -> Option<&Dag> {
        self.dags
            .iter()
            .find(|d| d.id == id && d.local_owner.is_none())
    }

    pub fn dag_mut(&mut self, id: i64) -> Option<&mut Dag> {
        self.dags
            .iter_mut()
            .find(|d| d.id == id && d.local_owner.is_none())
    }

    pub(crate) fn new_log_id(&mut self) -> i64 {
        self.next_log += 1;
        self.next_log
    }
}
