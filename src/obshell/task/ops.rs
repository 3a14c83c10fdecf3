//! Which operations a task allows now (docs/protocol/obshell-tasks.md §5.4), why not when it does
//! not, and what each one will do, in words for the confirmation.

use obshell_protocol::obshell::model::task::{node_caps, DagDetail, NodeDetail, TaskState};

use crate::core::i18n::fill;

crate::texts! {
    /// Operation names, what each does and why one is not possible.
    pub(crate) mod tx {
        cancel: "Cancel" => "取消",
        retry: "Retry" => "重试",
        rollback: "Roll back" => "回滚",
        pass: "Pass" => "跳过",
        cancel_final: "only a task that is still running can be cancelled" => "只有仍在执行的任务可以取消",
        cancel_step: "step '{0}' cannot be cancelled" => "步骤“{0}”不可取消",
        cancel_does: "Cancel interrupts '{0}' and ends the task as cancelled. Steps already done stay done." => "取消将中断“{0}”，任务以已取消结束。已完成的步骤保持完成。",
        retry_not_failed: "only a failed task can be retried" => "只有失败的任务可以重试",
        retry_step: "step '{0}' cannot be retried" => "步骤“{0}”不可重试",
        retry_does: "Retry rolls back the failed attempt of '{0}', runs it again, and continues; finished steps are not repeated." => "重试将先回滚“{0}”失败的执行，再重新执行并继续；已完成的步骤不会重复执行。",
        rollback_not_failed: "only a failed task can be rolled back" => "只有失败的任务可以回滚",
        rollback_step: "step '{0}' cannot be rolled back" => "步骤“{0}”不可回滚",
        rollback_does: "Roll back undoes stages {0} to 1 in reverse order; the task ends as rolled back and the cluster is as before it." => "回滚将按倒序撤销第 {0} 到第 1 阶段；任务以已回滚结束，集群恢复到任务之前的状态。",
        pass_not_failed: "only a failed task can be passed" => "只有失败的任务可以跳过",
        pass_step: "step '{0}' cannot be passed" => "步骤“{0}”不可跳过",
        pass_does: "Pass marks '{0}' and every later step as passed WITHOUT running them; the task ends as passed and their changes are not made." => "跳过将把“{0}”及其后所有步骤标记为已跳过，但不会执行它们；任务以已跳过结束，这些步骤的变更不会生效。",
        stopped: "stopped" => "被中断",
        not_run: "not run" => "不执行",
        runs_again: "runs again (its failed attempt is rolled back first)" => "重新执行（先回滚其失败的执行）",
        then_runs: "then runs" => "随后执行",
        undone: "undone" => "被撤销",
        skipped: "skipped: marked passed without running" => "跳过：标记为已跳过，不执行",
        node_not_failed_task: "the task is not failed" => "任务未失败",
        node_not_failed: "this step did not fail" => "此步骤未失败",
        node_pass_does: "Pass marks '{0}' as passed without running it, then the task continues with the next stage." => "跳过将把“{0}”标记为已跳过且不执行，任务随后继续执行下一阶段。",
    }
}

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

    /// The operation's name in the current language.
    pub fn label(self) -> &'static str {
        self.label_in(tx::t())
    }

    /// The operation's name in the language of `t`.
    pub fn label_in(self, t: &tx::Texts) -> &'static str {
        match self {
            Self::Cancel => t.cancel,
            Self::Retry => t.retry,
            Self::Rollback => t.rollback,
            Self::Pass => t.pass,
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
    let t = tx::t();
    match op {
        DagOp::Cancel => {
            if dag.state.is_final() {
                return Err(t.cancel_final.into());
            }
            let first = nodes(dag)
                .iter()
                .position(|n| !n.state.is_final())
                .unwrap_or(0);
            if let Some(n) = nodes(dag).iter().take(first + 1).find(|n| !caps(n).cancel) {
                return Err(fill(t.cancel_step, &[&n.name]));
            }
            Ok(fill(t.cancel_does, &[&current]))
        }
        DagOp::Retry => {
            if !failed {
                return Err(t.retry_not_failed.into());
            }
            if stage_node(dag).is_some_and(|n| !caps(n).retry) {
                return Err(fill(t.retry_step, &[&current]));
            }
            Ok(fill(t.retry_does, &[&current]))
        }
        DagOp::Rollback => {
            if !failed {
                return Err(t.rollback_not_failed.into());
            }
            let upto = usize::try_from(dag.stage).unwrap_or(0);
            if let Some(n) = nodes(dag).iter().take(upto).find(|n| !caps(n).rollback) {
                return Err(fill(t.rollback_step, &[&n.name]));
            }
            Ok(fill(t.rollback_does, &[&upto]))
        }
        DagOp::Pass => {
            if !failed {
                return Err(t.pass_not_failed.into());
            }
            if let Some(n) = nodes(dag)
                .iter()
                .find(|n| n.state != TaskState::Succeed && !caps(n).pass)
            {
                return Err(fill(t.pass_step, &[&n.name]));
            }
            Ok(fill(t.pass_does, &[&current]))
        }
    }
}

/// What an operation does to each step, in the order it happens: the list a confirmation shows
/// (derived from the DAG and the rules of docs/protocol/obshell-tasks.md §5.4).
pub fn affected(dag: &DagDetail, op: DagOp) -> Vec<(String, &'static str)> {
    let all = nodes(dag);
    let stage = usize::try_from(dag.stage).unwrap_or(1).max(1);
    let t = tx::t();
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
                .map(|(i, n)| named(n, if i == 0 { t.stopped } else { t.not_run }))
                .collect()
        }
        DagOp::Retry => all
            .iter()
            .skip(stage - 1)
            .enumerate()
            .map(|(i, n)| named(n, if i == 0 { t.runs_again } else { t.then_runs }))
            .collect(),
        DagOp::Rollback => all
            .iter()
            .take(stage)
            .rev()
            .filter(|n| n.state != TaskState::Pending)
            .map(|n| named(n, t.undone))
            .collect(),
        DagOp::Pass => all
            .iter()
            .filter(|n| n.state != TaskState::Succeed)
            .map(|n| named(n, t.skipped))
            .collect(),
    }
}

/// 1-based position of `n` in `all`.
fn position(all: &[NodeDetail], n: &NodeDetail) -> usize {
    all.iter().position(|x| x.id == n.id).map_or(0, |i| i + 1)
}

/// Whether a single failed node can be passed (`POST /task/node/:id`).
pub fn node_pass(dag: &DagDetail, node: &NodeDetail) -> Result<String, String> {
    let t = tx::t();
    if dag.state != TaskState::Failed {
        return Err(t.node_not_failed_task.into());
    }
    if node.state != TaskState::Failed {
        return Err(t.node_not_failed.into());
    }
    if !node_caps(&dag.name, &node.name).pass {
        return Err(fill(t.pass_step, &[&node.name]));
    }
    Ok(fill(t.node_pass_does, &[&node.name]))
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::model::task::TaskOperator;

    use super::*;
    use crate::ui::graph::model::synthetic_dag;

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
