//! Creating DAGs and the scheduler tick (spec §5.3): one stage transition per tick, steps that
//! take their duration divided by the speed factor, effects applied as steps finish.

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::{self as c, Violation};
use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator, TaskState};
use obshell_protocol::violation;

use super::templates::{plan_local_scale_out, NodePlan};
use super::{
    Dag, LogLine, Node, Phase, SubTask, TaskStore, MAINTENANCE_GLOBAL, MAINTENANCE_NONE,
    MAINTENANCE_TENANT,
};
use crate::obshell::model::Cluster;

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

/// Injected failures: the next DAG with a node of this name fails there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FailRule {
    pub node: String,
    pub times: u32,
}

const CREATE_LOCAL_NODE: &str = "Create local scale out dag";

fn elapsed(from: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    (now - from).num_milliseconds() as f64 / 1000.0
}

/// Most log lines one sub-task keeps.
pub const MAX_LOG_LINES: usize = 2_000;

fn epoch() -> DateTime<Utc> {
    DateTime::UNIX_EPOCH
}

impl TaskStore {
    /// Adds a log line; a sub-task keeps its newest [`MAX_LOG_LINES`] (a step retried for days
    /// must not grow the agent without bound).
    fn log(&mut self, task: &mut SubTask, content: String, now: DateTime<Utc>) {
        if task.logs.len() >= MAX_LOG_LINES {
            let excess = task.logs.len() + 1 - MAX_LOG_LINES;
            task.logs.drain(..excess);
        }
        let id = self.new_log_id();
        task.logs.push(LogLine {
            id,
            execute_times: task.execute_times,
            content,
            at: now,
        });
    }

    /// Whether a new DAG with this maintenance may start (spec §5.5), as the agent words it.
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
    /// lock. Arms a pending injected failure on the first matching node.
    pub fn create(&mut self, new: NewDag, now: DateTime<Utc>, faults: &mut Vec<FailRule>) -> i64 {
        self.next_dag += 1;
        let id = self.next_dag;
        let mut nodes = Vec::with_capacity(new.nodes.len());
        for plan in new.nodes {
            self.next_node += 1;
            self.next_task += 1;
            let mut fail_times = 0;
            if let Some(rule) = faults
                .iter_mut()
                .find(|r| r.node == plan.name && r.times > 0)
            {
                rule.times -= 1;
                fail_times = 1;
            }
            faults.retain(|r| r.times > 0);
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
                    fail_times,
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

    fn create_local(&mut self, owner: AgentAddr, now: DateTime<Utc>) -> i64 {
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
                // The new host's own (agent) lock, spec §10; it never locks the cluster.
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

    /// One scheduler tick. Returns whether anything changed (so the caller persists).
    pub fn tick(&mut self, cluster: &mut Cluster, now: DateTime<Utc>, speed: f64) -> bool {
        self.tick_with(cluster, now, speed, true)
    }

    /// One tick; with `cluster_dags` false only local DAGs move (the cluster scheduler keeps
    /// its DAGs in OceanBase, so they wait while it is down; local DAGs are in SQLite).
    pub fn tick_with(
        &mut self,
        cluster: &mut Cluster,
        now: DateTime<Utc>,
        speed: f64,
        cluster_dags: bool,
    ) -> bool {
        let mut changed = false;
        for i in 0..self.dags.len() {
            if cluster_dags || self.dags[i].local_owner.is_some() {
                changed |= self.step(i, cluster, now, speed.max(0.001));
            }
        }
        changed
    }

    fn step(&mut self, i: usize, cluster: &mut Cluster, now: DateTime<Utc>, speed: f64) -> bool {
        let mut dag = self.dags[i].clone();
        let changed = if dag.cancel_requested {
            self.finish_cancel(&mut dag, now);
            true
        } else {
            match dag.state {
                TaskState::Ready => {
                    dag.state = TaskState::Running;
                    dag.start_time = now;
                    true
                }
                TaskState::Running if dag.operator == TaskOperator::Rollback => {
                    self.step_backward(&mut dag, cluster, now, speed)
                }
                TaskState::Running => self.step_forward(&mut dag, cluster, now, speed),
                _ => false,
            }
        };
        self.dags[i] = dag;
        changed
    }

    fn finish_cancel(&mut self, dag: &mut Dag, now: DateTime<Utc>) {
        dag.cancel_requested = false;
        let idx = dag
            .nodes
            .iter()
            .position(|n| !n.state.is_final())
            .unwrap_or(dag.stage.saturating_sub(1));
        if let Some(node) = dag.nodes.get_mut(idx) {
            node.state = TaskState::Failed;
            node.operator = TaskOperator::Cancel;
            node.end_time = now;
            if !node.task.state.is_final() {
                node.task.state = TaskState::Failed;
                node.task.end_time = now;
                node.task.step = None;
                let mut task = node.task.clone();
                self.log(&mut task, "sub task cancelled".to_owned(), now);
                node.task = task;
            }
            dag.stage = idx + 1;
        }
        dag.state = TaskState::Failed;
        dag.operator = TaskOperator::Cancel;
        dag.end_time = now;
        if dag.failure_exits_maintenance {
            dag.holds_lock = false;
        }
    }

    fn fail(&mut self, dag: &mut Dag, idx: usize, error: &Violation, now: DateTime<Utc>) {
        let node = &mut dag.nodes[idx];
        let mut task = node.task.clone();
        task.state = TaskState::Failed;
        task.end_time = now;
        task.step = None;
        self.log(
            &mut task,
            format!("ERROR: [{}]: {}", error.code(), error.message()),
            now,
        );
        node.task = task;
        node.state = TaskState::Failed;
        node.end_time = now;
        dag.state = TaskState::Failed;
        dag.end_time = now;
        if dag.failure_exits_maintenance {
            dag.holds_lock = false;
        }
    }

    fn succeed_dag(dag: &mut Dag, now: DateTime<Utc>) {
        dag.state = TaskState::Succeed;
        dag.end_time = now;
        dag.holds_lock = false;
        dag.is_finished = true;
    }

    /// Reverts what `node` did to the model, if anything, and logs it on `task`.
    fn undo(
        &mut self,
        node: &mut Node,
        task: &mut SubTask,
        cluster: &mut Cluster,
        now: DateTime<Utc>,
    ) {
        let lines = if node.applied {
            node.effect.revert(cluster, now)
        } else {
            vec!["Nothing to roll back".to_owned()]
        };
        node.applied = false;
        for line in lines {
            self.log(task, line, now);
        }
    }

    /// The node at `stage` is done: on to the next one, or the DAG succeeds.
    fn advance(dag: &mut Dag, now: DateTime<Utc>) {
        if dag.stage >= dag.nodes.len() {
            Self::succeed_dag(dag, now);
        } else {
            dag.stage += 1;
        }
    }

    /// The node at `stage` is rolled back: down to the previous one, or the rollback is done.
    fn retreat(dag: &mut Dag, now: DateTime<Utc>) {
        if dag.stage <= 1 {
            dag.stage = 1;
            Self::succeed_dag(dag, now);
        } else {
            dag.stage -= 1;
        }
    }

    fn step_forward(
        &mut self,
        dag: &mut Dag,
        cluster: &mut Cluster,
        now: DateTime<Utc>,
        speed: f64,
    ) -> bool {
        if dag.stage > dag.nodes.len() {
            dag.stage = dag.nodes.len();
            Self::succeed_dag(dag, now);
            return true;
        }
        let idx = dag.stage - 1;
        let duration = dag.nodes[idx].duration / speed;
        match dag.nodes[idx].state {
            TaskState::Pending | TaskState::Ready => {
                let node = &mut dag.nodes[idx];
                node.state = TaskState::Running;
                node.start_time = now;
                node.end_time = DateTime::UNIX_EPOCH;
                let mut task = node.task.clone();
                if task.state == TaskState::Failed {
                    task.state = TaskState::Running;
                    task.operator = TaskOperator::Rollback;
                    task.execute_times += 1;
                    task.step = Some((now, Phase::RetryRollback));
                    self.log(
                        &mut task,
                        "Roll back the failed attempt before retrying".to_owned(),
                        now,
                    );
                } else if task.state != TaskState::Succeed {
                    task.state = TaskState::Running;
                    task.operator = TaskOperator::Run;
                    task.start_time = now;
                    task.execute_times += 1;
                    task.step = Some((now, Phase::Forward));
                    self.log(&mut task, format!("Start {}", node.name), now);
                }
                dag.nodes[idx].task = task;
                true
            }
            TaskState::Running => {
                let node = &mut dag.nodes[idx];
                match node.task.step {
                    Some((t0, Phase::RetryRollback))
                        if elapsed(t0, now) >= (duration / 2.0).min(1.0 / speed) =>
                    {
                        let mut task = node.task.clone();
                        self.undo(node, &mut task, cluster, now);
                        task.operator = TaskOperator::Run;
                        task.execute_times += 1;
                        task.step = Some((now, Phase::Forward));
                        self.log(&mut task, format!("Start {}", node.name), now);
                        node.task = task;
                        true
                    }
                    Some((t0, Phase::Forward)) if elapsed(t0, now) >= duration => {
                        if node.task.fail_times > 0 {
                            node.task.fail_times -= 1;
                            let injected = violation!(
                                c::UNEXPECTED,
                                format!(
                                    "injected failure of '{}' (simulator fault switch)",
                                    node.name
                                )
                            );
                            self.fail(dag, idx, &injected, now);
                            return true;
                        }
                        match node.effect.apply(cluster, now) {
                            Err(error) => self.fail(dag, idx, &error, now),
                            Ok(lines) => {
                                let mut task = node.task.clone();
                                for line in lines {
                                    self.log(&mut task, line, now);
                                }
                                node.applied = true;
                                if node.name == CREATE_LOCAL_NODE {
                                    if let Some(target) = dag.local_target.clone() {
                                        let raw = self.create_local(target.clone(), now);
                                        dag.linked_local = Some(raw);
                                        let gid =
                                            super::GenericId::local(&target.ip, target.port, raw);
                                        self.log(&mut task, format!("create local scale out dag success, genericID:{gid}"), now);
                                    }
                                }
                                task.state = TaskState::Succeed;
                                task.end_time = now;
                                task.step = None;
                                node.task = task;
                                node.state = TaskState::Succeed;
                                node.end_time = now;
                                Self::advance(dag, now);
                            }
                        }
                        true
                    }
                    None if node.task.state == TaskState::Succeed => {
                        node.state = TaskState::Succeed;
                        node.end_time = now;
                        Self::advance(dag, now);
                        true
                    }
                    _ => false,
                }
            }
            TaskState::Succeed => {
                Self::advance(dag, now);
                true
            }
            // The engine only writes the agent's five states.
            TaskState::Failed | TaskState::Other(_) => false,
        }
    }

    fn step_backward(
        &mut self,
        dag: &mut Dag,
        cluster: &mut Cluster,
        now: DateTime<Utc>,
        speed: f64,
    ) -> bool {
        let idx = dag.stage.max(1) - 1;
        let duration = (dag.nodes[idx].duration / 2.0).max(1.0) / speed;
        let node = &mut dag.nodes[idx];
        match node.state {
            TaskState::Pending | TaskState::Ready | TaskState::Failed => {
                node.state = TaskState::Running;
                node.start_time = now;
                let mut task = node.task.clone();
                task.state = TaskState::Running;
                task.operator = TaskOperator::Rollback;
                task.execute_times += 1;
                task.step = Some((now, Phase::Backward));
                self.log(&mut task, format!("Roll back {}", node.name), now);
                node.task = task;
                true
            }
            TaskState::Running => match node.task.step {
                Some((t0, _)) if elapsed(t0, now) >= duration => {
                    let mut task = node.task.clone();
                    self.undo(node, &mut task, cluster, now);
                    task.state = TaskState::Succeed;
                    task.end_time = now;
                    task.step = None;
                    node.task = task;
                    node.state = TaskState::Succeed;
                    node.operator = TaskOperator::Rollback;
                    node.end_time = now;
                    Self::retreat(dag, now);
                    true
                }
                Some(_) => false,
                None => {
                    node.task.step = Some((now, Phase::Backward));
                    true
                }
            },
            TaskState::Succeed => {
                Self::retreat(dag, now);
                true
            }
            TaskState::Other(_) => false,
        }
    }

    /// Resets a DAG's times as the agent's operations do.
    pub(super) fn reset_times(dag: &mut Dag) {
        dag.start_time = epoch();
        dag.end_time = epoch();
    }
}
