//! Creating DAGs (docs/protocol/obshell-tasks.md §5.3, §5.5): the maintenance lock a new DAG takes,
//! its nodes and sub-tasks, and the local DAG a scale-out makes on the new host.

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::{self as c, Violation};
use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator, TaskState};
use obshell_protocol::violation;

use super::templates::{plan_local_scale_out, NodePlan};
use crate::obshell::model::{
    fail_rule, Dag, FailRule, Node, SubTask, TaskStore, MAINTENANCE_GLOBAL, MAINTENANCE_NONE,
    MAINTENANCE_TENANT,
};

/// A DAG about to be created.
#[derive(Debug, Clone)]
pub struct NewDag {
    pub name: String,
    pub maintenance_type: i64,
    pub maintenance_key: String,
    pub failure_exits_maintenance: bool,
    pub nodes: Vec<NodePlan>,
    /// The agent that executes the sub-tasks.
    pub agent: AgentAddr,
    /// Set for a scale-out: the host whose local DAG node 2 creates.
    pub local_target: Option<AgentAddr>,
}

impl TaskStore {
    /// Whether a new DAG with this maintenance may start (docs/protocol/obshell-tasks.md §5.5), as
    /// the agent words it.
    pub fn lock_conflict(&self, maintenance_type: i64, key: &str) -> Option<Violation> {
        if maintenance_type == MAINTENANCE_NONE {
            return None;
        }
        let holders: Vec<&Dag> = self
            .dags
            .iter()
            .filter(|d| d.holds_lock && d.local_owner.is_none())
            .collect();
        let global = holders
            .iter()
            .any(|d| d.maintenance_type == MAINTENANCE_GLOBAL);
        let tenant = holders
            .iter()
            .any(|d| d.maintenance_type == MAINTENANCE_TENANT);
        let status_taken = if maintenance_type == MAINTENANCE_GLOBAL {
            global || tenant
        } else {
            global
        };
        if status_taken {
            return Some(match self.last_maintenance_dag() {
                Some(d) => violation!(c::CLUSTER_UNDER_MAINTENANCE_WITH_DAG, d.name),
                None => violation!(c::CLUSTER_UNDER_MAINTENANCE),
            });
        }
        if maintenance_type == MAINTENANCE_TENANT
            && holders
                .iter()
                .any(|d| d.maintenance_type == MAINTENANCE_TENANT && d.maintenance_key == key)
        {
            return Some(violation!(c::TENANT_UNDER_MAINTENANCE, key));
        }
        None
    }

    /// The newest cluster DAG that took a maintenance lock, finished or not.
    pub fn last_maintenance_dag(&self) -> Option<&Dag> {
        self.dags
            .iter()
            .filter(|d| d.local_owner.is_none() && d.maintenance_type != MAINTENANCE_NONE)
            .max_by_key(|d| d.id)
    }

    /// Creates a DAG (`READY`/`RUN`, stage 1, every node and sub-task `PENDING`) and takes its
    /// lock. Arms the injected failures whose rules match it (`fail_rule::arm`).
    pub fn create(&mut self, new: NewDag, now: DateTime<Utc>, faults: &mut Vec<FailRule>) -> i64 {
        self.next_dag += 1;
        let id = self.next_dag;
        let names: Vec<&str> = new.nodes.iter().map(|p| p.name.as_str()).collect();
        let failing = fail_rule::arm(faults, &new.name, &new.maintenance_key, &names);
        let mut nodes = Vec::with_capacity(new.nodes.len());
        for (plan, fails) in new.nodes.into_iter().zip(failing) {
            self.next_node += 1;
            self.next_task += 1;
            nodes.push(Node {
                id: self.next_node,
                name: plan.name,
                state: TaskState::Pending,
                operator: TaskOperator::Run,
                start_time: now,
                end_time: now,
                caps: plan.caps,
                duration: plan.duration,
                effect: plan.effect,
                applied: false,
                task: SubTask {
                    id: self.next_task,
                    state: TaskState::Pending,
                    operator: TaskOperator::Run,
                    start_time: now,
                    end_time: now,
                    execute_times: 0,
                    agent: new.agent.clone(),
                    logs: Vec::new(),
                    step: None,
                    fail_times: u32::from(fails),
                },
            });
        }
        let mut dag = Dag {
            id,
            local_owner: None,
            name: new.name,
            stage: 1,
            maintenance_type: new.maintenance_type,
            maintenance_key: new.maintenance_key.clone(),
            state: TaskState::Ready,
            operator: TaskOperator::Run,
            start_time: now,
            end_time: now,
            nodes,
            failure_exits_maintenance: new.failure_exits_maintenance,
            holds_lock: new.maintenance_type != MAINTENANCE_NONE,
            is_finished: false,
            cancel_requested: false,
            linked_local: None,
            local_target: new.local_target,
        };
        if self.hostile_next > 0 {
            self.hostile_next -= 1;
            crate::obshell::engine::hostile::taint(&mut dag, &mut self.next_log, now);
        }
        self.dags.push(dag);
        if new.maintenance_type == MAINTENANCE_TENANT {
            self.set_lock_owner(&new.maintenance_key, id);
        }
        id
    }

    fn set_lock_owner(&mut self, key: &str, dag: i64) {
        match self.lock_owners.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = dag,
            None => self.lock_owners.push((key.to_owned(), dag)),
        }
    }

    pub(super) fn create_local(&mut self, owner: AgentAddr, now: DateTime<Utc>) -> i64 {
        let key = format!("{}:{}", owner.ip, owner.port);
        let raw = match self.next_local.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                self.next_local.push((key, 1));
                1
            }
        };
        let id = self.create(
            NewDag {
                name: obshell_protocol::obshell::dag_names::LOCAL_SCALE_OUT.to_owned(),
                // The new host's own (agent) lock, docs/protocol/obshell-tasks.md §5.5; it never
                // locks the cluster.
                maintenance_type: MAINTENANCE_GLOBAL,
                maintenance_key: String::new(),
                failure_exits_maintenance: false,
                nodes: plan_local_scale_out(),
                agent: owner.clone(),
                local_target: None,
            },
            now,
            &mut Vec::new(),
        );
        // Local DAGs live in the new agent's own id space.
        self.next_dag -= 1;
        if let Some(dag) = self
            .dags
            .iter_mut()
            .find(|d| d.id == id && d.local_owner.is_none())
        {
            dag.id = raw;
            dag.local_owner = Some(owner);
        }
        raw
    }
}
