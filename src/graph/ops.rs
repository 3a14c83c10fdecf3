//! Which operations a task allows now (spec §5.4), why not when it does not, and what each
//! one will do, in words for the confirmation.

use obshell_protocol::model::task::{node_caps, DagDetail, NodeDetail, TaskState};

/// A DAG-level operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DagOp {
    Cancel,
    Retry,
    Rollback,
    Pass,
}

impl DagOp {
    pub const ALL: [Self; 4] = [Self::Cancel, Self::Retry, Self::Rollback, Self::Pass];

    /// The agent's operator word.
    pub fn operator(self) -> &'static str {
        match self {
            Self::Cancel => "CANCEL",
            Self::Retry => "RETRY",
            Self::Rollback => "ROLLBACK",
            Self::Pass => "PASS",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Cancel => "Cancel",
            Self::Retry => "Retry",
            Self::Rollback => "Roll back",
            Self::Pass => "Pass",
        }
    }
}

fn nodes(dag: &DagDetail) -> &[NodeDetail] {
    dag.nodes.as_deref().unwrap_or_default()
}

fn stage_node(dag: &DagDetail) -> Option<&NodeDetail> {
    usize::try_from(dag.stage)
        .ok()
        .and_then(|s| nodes(dag).get(s.saturating_sub(1)))
}

/// `Ok` with what will happen, or `Err` with why not.
pub fn availability(dag: &DagDetail, op: DagOp) -> Result<String, String> {
    let failed = dag.state == TaskState::Failed;
    let caps = |n: &NodeDetail| node_caps(&dag.name, &n.name);
    let current = stage_node(dag).map(|n| n.name.clone()).unwrap_or_default();
    match op {
        DagOp::Cancel => {
            if dag.state.is_final() {
                return Err("only a task that is still running can be cancelled".into());
            }
            let first = nodes(dag)
                .iter()
                .position(|n| !n.state.is_final())
                .unwrap_or(0);
            if let Some(n) = nodes(dag).iter().take(first + 1).find(|n| !caps(n).cancel) {
                return Err(format!("step '{}' cannot be cancelled", n.name));
            }
            Ok(format!("Cancel interrupts '{current}' and ends the task as cancelled. Steps already done stay done."))
        }
        DagOp::Retry => {
            if !failed {
                return Err("only a failed task can be retried".into());
            }
            if stage_node(dag).is_some_and(|n| !caps(n).retry) {
                return Err(format!("step '{current}' cannot be retried"));
            }
            Ok(format!("Retry rolls back the failed attempt of '{current}', runs it again, and continues; finished steps are not repeated."))
        }
        DagOp::Rollback => {
            if !failed {
                return Err("only a failed task can be rolled back".into());
            }
            let upto = usize::try_from(dag.stage).unwrap_or(0);
            if let Some(n) = nodes(dag).iter().take(upto).find(|n| !caps(n).rollback) {
                return Err(format!("step '{}' cannot be rolled back", n.name));
            }
            Ok(format!("Roll back undoes stages {upto} to 1 in reverse order; the task ends as rolled back and the cluster is as before it."))
        }
        DagOp::Pass => {
            if !failed {
                return Err("only a failed task can be passed".into());
            }
            if let Some(n) = nodes(dag)
                .iter()
                .find(|n| n.state != TaskState::Succeed && !caps(n).pass)
            {
                return Err(format!("step '{}' cannot be passed", n.name));
            }
            Ok(format!("Pass marks '{current}' and every later step as passed WITHOUT running them; the task ends as passed and their changes are not made."))
        }
    }
}

/// What an operation does to each step, in the order it happens: the list a confirmation shows
/// (derived from the DAG and the rules of spec §5.4).
pub fn affected(dag: &DagDetail, op: DagOp) -> Vec<(String, &'static str)> {
    let all = nodes(dag);
    let stage = usize::try_from(dag.stage).unwrap_or(1).max(1);
    let named =
        |n: &NodeDetail, what: &'static str| (format!("{}. {}", position(all, n), n.name), what);
    match op {
        DagOp::Cancel => {
            let first = all
                .iter()
                .position(|n| !n.state.is_final())
                .unwrap_or(all.len());
            all.iter()
                .skip(first)
                .enumerate()
                .map(|(i, n)| named(n, if i == 0 { "stopped" } else { "not run" }))
                .collect()
        }
        DagOp::Retry => all
            .iter()
            .skip(stage - 1)
            .enumerate()
            .map(|(i, n)| {
                named(
                    n,
                    if i == 0 {
                        "runs again (its failed attempt is rolled back first)"
                    } else {
                        "then runs"
                    },
                )
            })
            .collect(),
        DagOp::Rollback => all
            .iter()
            .take(stage)
            .rev()
            .filter(|n| n.state != TaskState::Pending)
            .map(|n| named(n, "undone"))
            .collect(),
        DagOp::Pass => all
            .iter()
            .filter(|n| n.state != TaskState::Succeed)
            .map(|n| named(n, "skipped: marked passed without running"))
            .collect(),
    }
}

/// 1-based position of `n` in `all`.
fn position(all: &[NodeDetail], n: &NodeDetail) -> usize {
    all.iter().position(|x| x.id == n.id).map_or(0, |i| i + 1)
}

/// Whether a single failed node can be passed (`POST /task/node/:id`).
pub fn node_pass(dag: &DagDetail, node: &NodeDetail) -> Result<String, String> {
    if dag.state != TaskState::Failed {
        return Err("the task is not failed".into());
    }
    if node.state != TaskState::Failed {
        return Err("this step did not fail".into());
    }
    if !node_caps(&dag.name, &node.name).pass {
        return Err(format!("step '{}' cannot be passed", node.name));
    }
    Ok(format!("Pass marks '{}' as passed without running it, then the task continues with the next stage.", node.name))
}

#[cfg(test)]
mod tests {
    use obshell_protocol::model::task::TaskOperator;

    use super::*;
    use crate::graph::model::synthetic_dag;

    fn failed_at(name: &str, stage: usize) -> DagDetail {
        let mut dag = synthetic_dag(3, stage - 1);
        dag.name = name.into();
        dag.state = TaskState::Failed;
        dag.stage = i64::try_from(stage).unwrap_or_default();
        let nodes = dag.nodes.as_mut().expect("nodes");
        nodes[stage - 1].state = TaskState::Failed;
        nodes[0].name = "Create and attach resource pools".into();
        dag
    }

    #[test]
    fn a_running_task_can_only_be_cancelled() {
        let dag = synthetic_dag(3, 1);
        assert!(availability(&dag, DagOp::Cancel).is_ok());
        for op in [DagOp::Retry, DagOp::Rollback, DagOp::Pass] {
            assert!(availability(&dag, op)
                .expect_err("running")
                .contains("failed task"));
        }
    }

    #[test]
    fn capabilities_follow_the_dag() {
        let add = failed_at("Scale out tenant replicas", 2);
        assert!(availability(&add, DagOp::Retry).is_ok());
        assert!(availability(&add, DagOp::Rollback).is_ok());
        assert!(
            availability(&add, DagOp::Pass).is_ok(),
            "the pool step succeeded; the rest can pass"
        );
        let at_pools = failed_at("Scale out tenant replicas", 1);
        assert_eq!(
            availability(&at_pools, DagOp::Pass),
            Err("step 'Create and attach resource pools' cannot be passed".into())
        );
        let scale_out = failed_at("Cluster scale out", 2);
        assert!(availability(&scale_out, DagOp::Pass).is_err());
        let mut running = synthetic_dag(3, 1);
        running.name = "Cluster scale out".into();
        assert!(
            availability(&running, DagOp::Cancel).is_err(),
            "scale-out steps cannot be cancelled"
        );
        let node = add.nodes.as_ref().expect("nodes")[1].clone();
        assert!(node_pass(&add, &node).is_ok());
        let done = add.nodes.as_ref().expect("nodes")[0].clone();
        assert_eq!(node_pass(&add, &done), Err("this step did not fail".into()));
        let mut succeeded = add.clone();
        succeeded.state = TaskState::Succeed;
        succeeded.operator = TaskOperator::Run;
        assert!(availability(&succeeded, DagOp::Cancel).is_err());
    }

    #[test]
    fn the_confirmation_lists_what_happens_to_each_step() {
        let dag = failed_at("Scale out tenant replicas", 2);
        let retry = affected(&dag, DagOp::Retry);
        assert_eq!(retry.len(), dag.nodes.as_ref().map_or(0, Vec::len) - 1);
        assert!(retry[0].1.starts_with("runs again"));
        assert!(retry[0].0.starts_with("2. "));
        let rollback = affected(&dag, DagOp::Rollback);
        assert_eq!(
            rollback.iter().map(|(n, _)| &n[..2]).collect::<Vec<_>>(),
            ["2.", "1."],
            "from the failed stage down to 1"
        );
        let pass = affected(&dag, DagOp::Pass);
        assert!(pass.iter().all(|(_, w)| w.starts_with("skipped")));
        assert!(
            !pass.iter().any(|(n, _)| n.starts_with("1. ")),
            "a done step is not skipped"
        );
    }
}
