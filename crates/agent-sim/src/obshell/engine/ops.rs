//! DAG and node operations (docs/protocol/obshell-tasks.md §5.4): preconditions with the agent's
//! errors, then the state changes the scheduler continues from.

use obshell_protocol::obshell::catalog::{self as c, Violation};
use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator, TaskState};
use obshell_protocol::violation;

use super::GenericId;
use crate::obshell::model::{Dag, TaskStore, MAINTENANCE_TENANT};

impl TaskStore {
    /// A failed tenant DAG whose lock another DAG took since cannot run again (`Task.Expired`);
    /// otherwise it takes the lock back.
    fn retake_lock(&mut self, idx: usize) -> Result<(), Violation> {
        let dag = &self.dags[idx];
        if dag.holds_lock || dag.maintenance_type != MAINTENANCE_TENANT {
            return Ok(());
        }
        let owner = self
            .lock_owners
            .iter()
            .find(|(k, _)| *k == dag.maintenance_key)
            .map(|(_, d)| *d);
        if let Some(owner) = owner.filter(|o| *o != dag.id) {
            return Err(violation!(
                c::TASK_EXPIRED,
                dag.maintenance_key,
                GenericId::cluster(owner),
                GenericId::cluster(dag.id),
                dag.name
            ));
        }
        self.dags[idx].holds_lock = true;
        Ok(())
    }

    fn index(&self, dag_id: i64, owner: Option<&AgentAddr>) -> Option<usize> {
        self.dags
            .iter()
            .position(|d| d.id == dag_id && d.local_owner.as_ref() == owner)
    }

    /// `POST /api/v1/task/dag/:id` with `operator`, on a cluster DAG (`owner` `None`) or on
    /// the local DAG of the agent `owner` (the agent's `DagHandler` forwards it there).
    pub fn operate_dag(
        &mut self,
        dag_id: i64,
        owner: Option<&AgentAddr>,
        operator: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), Violation> {
        let Some(idx) = self.index(dag_id, owner) else {
            return Err(violation!(c::TASK_NOT_FOUND, "record not found"));
        };
        let op = TaskOperator::parse(operator).filter(|o| *o != TaskOperator::Run);
        match op {
            Some(TaskOperator::Rollback) => self.rollback(idx),
            Some(TaskOperator::Retry) => self.retry(idx),
            Some(TaskOperator::Cancel) => self.cancel(idx),
            Some(TaskOperator::Pass) => self.pass(idx, now),
            _ => Err(violation!(c::DAG_OPERATOR_NOT_SUPPORT, operator)),
        }
    }

    fn rollback(&mut self, idx: usize) -> Result<(), Violation> {
        let dag = &self.dags[idx];
        if dag.state != TaskState::Failed {
            return Err(violation!(c::DAG_ROLLBACK_NOT_FAILED));
        }
        if let Some(node) = dag.nodes[..dag.stage].iter().find(|n| !n.caps.rollback) {
            return Err(violation!(c::DAG_ROLLBACK_NOT_ALLOWED, node.name));
        }
        self.retake_lock(idx)?;
        let dag = &mut self.dags[idx];
        let stage = dag.stage;
        for node in dag.nodes[..stage].iter_mut().filter(|n| n.state.is_final()) {
            node.state = TaskState::Pending;
            node.operator = TaskOperator::Rollback;
            reset_node_times(node);
        }
        dag.state = TaskState::Ready;
        dag.operator = TaskOperator::Rollback;
        Self::reset_times(dag);
        Ok(())
    }

    fn retry(&mut self, idx: usize) -> Result<(), Violation> {
        let dag = &self.dags[idx];
        if dag.state != TaskState::Failed {
            return Err(violation!(c::DAG_RETRY_NOT_FAILED));
        }
        if let Some(node) = dag.current().filter(|n| !n.caps.retry) {
            return Err(violation!(c::DAG_RETRY_NOT_ALLOWED, node.name));
        }
        self.retake_lock(idx)?;
        let dag = &mut self.dags[idx];
        let stage = dag.stage;
        let node = &mut dag.nodes[stage - 1];
        node.state = TaskState::Pending;
        node.operator = TaskOperator::Retry;
        reset_node_times(node);
        dag.state = TaskState::Ready;
        dag.operator = TaskOperator::Run;
        Self::reset_times(dag);
        Ok(())
    }

    fn cancel(&mut self, idx: usize) -> Result<(), Violation> {
        let dag = &self.dags[idx];
        if dag.state.is_final() {
            return Err(violation!(c::DAG_CANCEL_FINISHED));
        }
        let first_unfinished = dag
            .nodes
            .iter()
            .position(|n| !n.state.is_final())
            .unwrap_or(dag.nodes.len() - 1);
        if let Some(node) = dag.nodes[..=first_unfinished]
            .iter()
            .find(|n| !n.caps.cancel)
        {
            return Err(violation!(c::DAG_CANCEL_NOT_ALLOWED, node.name));
        }
        let dag = &mut self.dags[idx];
        dag.operator = TaskOperator::Cancel;
        dag.state = TaskState::Ready;
        dag.cancel_requested = true;
        Self::reset_times(dag);
        let node = &mut dag.nodes[first_unfinished];
        node.state = TaskState::Pending;
        node.operator = TaskOperator::Cancel;
        reset_node_times(node);
        Ok(())
    }

    fn pass(&mut self, idx: usize, now: chrono::DateTime<chrono::Utc>) -> Result<(), Violation> {
        let dag = &self.dags[idx];
        if dag.state != TaskState::Failed {
            return Err(violation!(c::DAG_PASS_NOT_FAILED));
        }
        if let Some(node) = dag
            .nodes
            .iter()
            .find(|n| n.state != TaskState::Succeed && !n.caps.pass)
        {
            return Err(violation!(c::DAG_PASS_NOT_ALLOWED, node.name));
        }
        let dag = &mut self.dags[idx];
        let stage = dag.stage;
        for node in dag.nodes[stage - 1..].iter_mut() {
            pass_node(node, now);
        }
        // `txForPassDag` leaves `stage` at the failed node.
        dag.state = TaskState::Succeed;
        dag.operator = TaskOperator::Pass;
        dag.end_time = now;
        dag.holds_lock = false;
        dag.is_finished = true;
        Ok(())
    }

    /// `POST /api/v1/task/node/:id` with `PASS` (a local node's on its owner's DAG).
    pub fn pass_node(
        &mut self,
        node_id: i64,
        owner: Option<&AgentAddr>,
        operator: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), Violation> {
        let Some((idx, pos)) = self
            .dags
            .iter()
            .enumerate()
            .filter(|(_, d)| d.local_owner.as_ref() == owner)
            .find_map(|(i, d)| d.nodes.iter().position(|n| n.id == node_id).map(|p| (i, p)))
        else {
            return Err(violation!(c::TASK_NOT_FOUND, "record not found"));
        };
        if TaskOperator::parse(operator) != Some(TaskOperator::Pass) {
            return Err(violation!(c::NODE_OPERATOR_NOT_SUPPORT, operator));
        }
        let dag: &Dag = &self.dags[idx];
        let node = &dag.nodes[pos];
        if dag.state != TaskState::Failed {
            return Err(violation!(c::NODE_PASS_NOT_FAILED_DAG));
        }
        if node.state != TaskState::Failed {
            return Err(violation!(c::NODE_PASS_NOT_FAILED_NODE, node.name));
        }
        if !node.caps.pass {
            return Err(violation!(c::NODE_PASS_NOT_ALLOWED, node.name));
        }
        self.retake_lock(idx)?;
        let dag = &mut self.dags[idx];
        pass_node(&mut dag.nodes[pos], now);
        // `PassNode` re-runs the DAG (`updateDagOperator` RUN: times reset) and leaves `stage`
        // to the scheduler, which moves past the passed node.
        dag.state = TaskState::Ready;
        dag.operator = TaskOperator::Run;
        Self::reset_times(dag);
        Ok(())
    }
}

/// `updateNodeOperator` for CANCEL, ROLLBACK and RETRY: start and end back to the epoch.
fn reset_node_times(node: &mut crate::obshell::model::Node) {
    node.start_time = chrono::DateTime::UNIX_EPOCH;
    node.end_time = chrono::DateTime::UNIX_EPOCH;
}

fn pass_node(node: &mut crate::obshell::model::Node, now: chrono::DateTime<chrono::Utc>) {
    if node.state != TaskState::Succeed {
        node.state = TaskState::Succeed;
        node.operator = TaskOperator::Pass;
        node.end_time = now;
    }
    if node.task.state != TaskState::Succeed {
        node.task.state = TaskState::Succeed;
        node.task.operator = TaskOperator::Pass;
        node.task.end_time = now;
        node.task.step = None;
    }
}
