//! The task and subtask operations (retry, rollback; retry, skip, cancel), when OCP allows them.

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::ocp::codes::TASK_NOT_EXISTS;
use obshell_protocol::ocp::ops::{self, Refusal, SubtaskOp, TaskOp};
use obshell_protocol::ocp::{Operation, SubtaskStatus, TaskStatus};

use super::SHORT_STEP;
use crate::ocp::model::{ocp_time, TaskRec};

impl TaskRec {
    fn rerun(&mut self, i: usize, now: DateTime<Utc>) {
        let s = &mut self.task.subtasks[i];
        s.status = SubtaskStatus::Ready;
        s.operation = Operation::Retry;
        s.run_time += 1;
        self.steps[i].ready_at = Some(now);
    }

    /// Task retry or rollback, if OCP allows it now.
    pub fn task_op(&mut self, op: TaskOp, now: DateTime<Utc>) -> Result<(), Refusal> {
        ops::check_task_op(&self.task, op)?;
        self.task.finish_time = None;
        self.task.status = TaskStatus::Running;
        match op {
            TaskOp::Retry => {
                self.task.operation = Operation::Retry;
                for i in 0..self.task.subtasks.len() {
                    if self.task.subtasks[i].status == SubtaskStatus::Failed {
                        self.rerun(i, now);
                    }
                }
            }
            TaskOp::Rollback => {
                self.task.operation = Operation::Rollback;
                let mut ran: Vec<(String, i64)> = self
                    .task
                    .subtasks
                    .iter()
                    .filter(|s| {
                        // What ran and was not rolled back yet (a failed rollback is tried again).
                        !(s.operation == Operation::Rollback
                            && s.status == SubtaskStatus::Successful)
                            && matches!(s.status, SubtaskStatus::Successful | SubtaskStatus::Failed)
                    })
                    .map(|s| (s.finish_time.clone().unwrap_or_default(), s.id))
                    .collect();
                ran.sort();
                ran.reverse();
                self.rollback = ran.into_iter().map(|(_, id)| id).collect();
                for s in &mut self.steps {
                    s.ready_at = Some(now);
                    s.ends_at = None;
                }
            }
        }
        Ok(())
    }

    /// Subtask retry, skip or cancel, if OCP allows it now.
    pub fn subtask_op(
        &mut self,
        subtask: i64,
        op: SubtaskOp,
        now: DateTime<Utc>,
        speed: f64,
    ) -> Result<(), Refusal> {
        let Some(i) = self.index(subtask) else {
            return Err(Refusal {
                code: TASK_NOT_EXISTS,
                message: TASK_NOT_EXISTS.message(&format!("{} subtask {subtask}", self.task.id)),
            });
        };
        ops::check_subtask_op(&self.task.subtasks[i], op)?;
        match op {
            SubtaskOp::Retry => {
                self.rerun(i, now);
                self.task.operation = Operation::Retry;
            }
            SubtaskOp::Skip => {
                let s = &mut self.task.subtasks[i];
                s.status = SubtaskStatus::Successful;
                s.operation = Operation::Skip;
                s.finish_time = Some(ocp_time(now));
                let name = s.name.clone();
                self.line(
                    i,
                    now,
                    "WARN",
                    &format!("Subtask {name} set as successful (skipped) by admin"),
                );
                self.release(i, now);
            }
            SubtaskOp::Cancel => {
                let s = &mut self.task.subtasks[i];
                s.status = SubtaskStatus::Canceling;
                // A rollback being canceled stays a rollback (its retry is then refused).
                if s.operation != Operation::Rollback {
                    s.operation = Operation::Cancel;
                }
                let name = s.name.clone();
                self.steps[i].failing = None;
                self.steps[i].log.retain(|(t, _)| *t <= now);
                self.steps[i].ends_at = Some(
                    now + Duration::milliseconds((SHORT_STEP / speed.max(0.001) * 1000.0) as i64),
                );
                self.line(
                    i,
                    now,
                    "WARN",
                    &format!("Cancel subtask {name} requested by admin"),
                );
            }
        }
        if self.task.status.is_terminal() {
            self.task.status = TaskStatus::Running;
            self.task.finish_time = None;
        }
        Ok(())
    }
}
