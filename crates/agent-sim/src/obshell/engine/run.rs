//! The scheduler tick (docs/protocol/obshell-tasks.md §5.3): one stage transition per tick, steps
//! that take their duration divided by the speed factor, effects applied as steps finish.

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::{self as c, Violation};
use obshell_protocol::obshell::dag_names::CREATE_LOCAL_SCALE_OUT_DAG as CREATE_LOCAL_NODE;
use obshell_protocol::obshell::model::task::{TaskOperator, TaskState};
use obshell_protocol::violation;

use crate::obshell::model::Cluster;
use crate::obshell::model::{Dag, LogLine, Node, Phase, SubTask, TaskStore};

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
