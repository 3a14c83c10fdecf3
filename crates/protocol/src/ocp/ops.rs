//! Task and subtask operations and when OCP allows them (docs/protocol/ocp.md §2.4, from the task
//! engine of the OCP Express lineage). The console disables an operation with the same reason OCP
//! would refuse it with; the simulated OCP refuses with it.

use super::codes::{self, OcpCode};
use super::model::{Operation, Subtask, SubtaskStatus, Task, TaskStatus};

/// An operation on a whole task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOp {
    /// Roll back the failed subtasks, then run again from there.
    Retry,
    /// Roll back from the failed subtask to the first (OCP's UI also calls it "give up").
    Rollback,
}

/// An operation on one subtask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubtaskOp {
    /// Roll back then run this subtask again.
    Retry,
    /// Mark it successful and go on ("set as successful").
    Skip,
    /// Stop it while it runs: it fails, and so does the task.
    Cancel,
}

impl TaskOp {
    pub const ALL: [Self; 2] = [Self::Retry, Self::Rollback];

    pub fn label(self) -> &'static str {
        match self {
            Self::Retry => "Retry task",
            Self::Rollback => "Roll back task",
        }
    }
}

impl SubtaskOp {
    pub const ALL: [Self; 3] = [Self::Retry, Self::Skip, Self::Cancel];

    /// The last segment of its path.
    pub fn path(self) -> &'static str {
        match self {
            Self::Retry => "retry",
            Self::Skip => "skip",
            Self::Cancel => "cancel",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Retry => "Retry subtask",
            Self::Skip => "Skip subtask",
            Self::Cancel => "Cancel subtask",
        }
    }

    pub fn from_path(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.path() == text)
    }
}

/// Why OCP refuses an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: OcpCode,
    pub message: String,
}

fn refuse(code: OcpCode, arg: String) -> Refusal {
    Refusal {
        message: code.message(&arg),
        code,
    }
}

/// Whether OCP allows `op` on `task` now.
pub fn check_task_op(task: &Task, op: TaskOp) -> Result<(), Refusal> {
    if task.status != TaskStatus::Failed {
        return Err(refuse(
            codes::TASK_STATE_INVALID,
            format!(
                "{} needs the task FAILED, it is {}",
                op.label(),
                task.status
            ),
        ));
    }
    match op {
        TaskOp::Retry if task.operation == Operation::Rollback => Err(refuse(
            codes::TASK_STATE_INVALID,
            "a task whose rollback failed cannot be retried".to_owned(),
        )),
        TaskOp::Rollback if task.prohibit_rollback => {
            Err(refuse(codes::TASK_PROHIBIT_ROLLBACK, task.id.to_string()))
        }
        _ => Ok(()),
    }
}

/// Whether OCP allows `op` on `subtask` now.
pub fn check_subtask_op(subtask: &Subtask, op: SubtaskOp) -> Result<(), Refusal> {
    let need = match op {
        SubtaskOp::Retry | SubtaskOp::Skip => SubtaskStatus::Failed,
        SubtaskOp::Cancel => SubtaskStatus::Running,
    };
    if subtask.status != need {
        return Err(refuse(
            codes::TASK_STATE_INVALID,
            format!(
                "{} needs the subtask {need}, it is {}",
                op.label(),
                subtask.status
            ),
        ));
    }
    if op == SubtaskOp::Retry && subtask.operation == Operation::Rollback {
        return Err(refuse(
            codes::TASK_STATE_INVALID,
            "a subtask whose rollback failed cannot be retried".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: TaskStatus, operation: Operation, prohibit: bool) -> Task {
        Task {
            id: 7,
            status,
            operation,
            prohibit_rollback: prohibit,
            ..Task::default()
        }
    }

    #[test]
    fn task_ops_follow_the_engine() {
        let failed = task(TaskStatus::Failed, Operation::Execute, false);
        assert!(check_task_op(&failed, TaskOp::Retry).is_ok());
        assert!(check_task_op(&failed, TaskOp::Rollback).is_ok());
        let running = task(TaskStatus::Running, Operation::Execute, false);
        assert_eq!(
            check_task_op(&running, TaskOp::Retry).map_err(|r| r.code),
            Err(codes::TASK_STATE_INVALID)
        );
        let rollback_failed = task(TaskStatus::Failed, Operation::Rollback, false);
        assert!(check_task_op(&rollback_failed, TaskOp::Retry).is_err());
        let prohibited = task(TaskStatus::Failed, Operation::Execute, true);
        assert_eq!(
            check_task_op(&prohibited, TaskOp::Rollback).map_err(|r| r.code),
            Err(codes::TASK_PROHIBIT_ROLLBACK)
        );
    }

    #[test]
    fn subtask_ops_follow_the_engine() {
        let mut s = Subtask {
            status: SubtaskStatus::Failed,
            ..Subtask::default()
        };
        assert!(check_subtask_op(&s, SubtaskOp::Retry).is_ok());
        assert!(check_subtask_op(&s, SubtaskOp::Skip).is_ok());
        let refused = check_subtask_op(&s, SubtaskOp::Cancel).unwrap_err();
        assert!(
            refused
                .message
                .contains("needs the subtask RUNNING, it is FAILED"),
            "{}",
            refused.message
        );
        s.status = SubtaskStatus::Running;
        assert!(check_subtask_op(&s, SubtaskOp::Cancel).is_ok());
        assert!(check_subtask_op(&s, SubtaskOp::Skip).is_err());
    }
}
