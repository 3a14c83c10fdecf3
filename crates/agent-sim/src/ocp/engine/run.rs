//! Running a task: subtasks start when ready, log as they go, finish (or fail, or are
//! canceled) and release their downstreams; a rollback undoes what ran, latest first; the
//! task's status follows from its subtasks'.

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::ocp::{Operation, SubtaskStatus, TaskStatus};

use super::SHORT_STEP;
use crate::ocp::model::{log_time, ocp_time, OcpWorld, TaskRec};

impl TaskRec {
    fn class_short(&self, i: usize) -> String {
        self.task.subtasks[i]
            .class_name
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    pub(super) fn line(&mut self, i: usize, at: DateTime<Utc>, level: &str, text: &str) {
        let class = self.class_short(i);
        let thread = format!("task-executor-{}", self.task.subtasks[i].id % 8);
        self.steps[i].log.push((
            at,
            format!("{} {level:>5} [{thread}] {class}: {text}", log_time(at)),
        ));
    }

    pub(super) fn header(&mut self, i: usize, at: DateTime<Utc>, op: Operation) {
        self.steps[i].log.push((
            at,
            format!("############{{{op}}}{{{}}}############", ocp_time(at)),
        ));
    }

    /// Starts subtask `i` at `at`.
    pub(super) fn start(&mut self, world: &mut OcpWorld, i: usize, at: DateTime<Utc>, speed: f64) {
        let op = match self.task.subtasks[i].operation {
            Operation::Retry => Operation::Retry,
            _ => Operation::Execute,
        };
        let name = self.task.subtasks[i].name.clone();
        let failing = match world.fail_rules.iter_mut().find(|r| r.subtask == name) {
            Some(rule) => {
                rule.times = rule.times.saturating_sub(1);
                Some(name.clone())
            }
            None => None,
        };
        world.fail_rules.retain(|r| r.times > 0);
        let length = Duration::milliseconds((self.steps[i].nominal / speed * 1000.0) as i64);
        let end = at + length;
        {
            let s = &mut self.task.subtasks[i];
            s.status = SubtaskStatus::Running;
            s.start_time = Some(ocp_time(at));
            s.finish_time = None;
            s.executor = self.task.executor.clone();
        }
        self.steps[i].ends_at = Some(end);
        self.steps[i].failing = failing;
        self.header(i, at, op);
        self.line(i, at, "INFO", &format!("Start subtask: {name}"));
        let planned = self.planned_lines(world, i);
        let count = planned.len() as i32 + 1;
        for (k, text) in planned.into_iter().enumerate() {
            let when = at + length * (k as i32 + 1) / count;
            self.line(i, when, "INFO", &text);
        }
    }

    /// Finishes subtask `i` at `at`.
    pub(super) fn finish(&mut self, world: &mut OcpWorld, i: usize, at: DateTime<Utc>) {
        let status = self.task.subtasks[i].status;
        let name = self.task.subtasks[i].name.clone();
        self.steps[i].ends_at = None;
        self.task.subtasks[i].finish_time = Some(ocp_time(at));
        if self.task.subtasks[i].operation == Operation::Rollback
            && status != SubtaskStatus::Canceling
        {
            self.undo(world, i);
            self.line(i, at, "INFO", &format!("Rollback of subtask {name} done"));
            self.task.subtasks[i].status = SubtaskStatus::Successful;
            return;
        }
        if status == SubtaskStatus::Canceling {
            self.task.subtasks[i].status = SubtaskStatus::Failed;
            self.line(i, at, "ERROR", &format!("Subtask {name} canceled by admin"));
            return;
        }
        if let Some(reason) = self.steps[i].failing.take() {
            self.task.subtasks[i].status = SubtaskStatus::Failed;
            self.line(
                i,
                at,
                "ERROR",
                &format!(
                    "Subtask {reason} failed: ERROR 4012 (HY000): Timeout, the job did not finish in time \
                     (simulated fault armed by POST /__sim/ocp/fail)"
                ),
            );
            return;
        }
        match self.apply(world, i) {
            Ok(()) => {
                self.task.subtasks[i].status = SubtaskStatus::Successful;
                self.line(i, at, "INFO", &format!("Subtask {name} finished"));
                self.release(i, at);
            }
            Err(why) => {
                self.task.subtasks[i].status = SubtaskStatus::Failed;
                self.line(i, at, "ERROR", &format!("Subtask {name} failed: {why}"));
            }
        }
    }

    /// Makes the downstreams of `i` whose upstreams all succeeded READY.
    pub(super) fn release(&mut self, i: usize, at: DateTime<Utc>) {
        let downs = self.task.subtasks[i].downstreams.clone();
        for d in downs {
            let Some(di) = self.index(d) else { continue };
            let ups = self.task.subtasks[di].upstreams.clone();
            let all = ups.iter().all(|u| {
                self.subtask(*u)
                    .is_some_and(|s| s.status == SubtaskStatus::Successful)
            });
            if all && self.task.subtasks[di].status == SubtaskStatus::Pending {
                self.task.subtasks[di].status = SubtaskStatus::Ready;
                self.steps[di].ready_at = Some(at);
            }
        }
    }

    /// Runs the task up to `now`.
    pub fn advance(&mut self, world: &mut OcpWorld, now: DateTime<Utc>, speed: f64) {
        if self.task.status.is_terminal() {
            return;
        }
        let speed = speed.max(0.001);
        loop {
            if self.task.operation == Operation::Rollback {
                if !self.advance_rollback(world, now, speed) {
                    break;
                }
                continue;
            }
            for i in 0..self.task.subtasks.len() {
                if self.task.subtasks[i].status == SubtaskStatus::Ready {
                    let at = self.steps[i].ready_at.unwrap_or(now).min(now);
                    self.start(world, i, at, speed);
                }
            }
            let next = (0..self.steps.len())
                .filter_map(|i| self.steps[i].ends_at.map(|t| (t, i)))
                .filter(|(t, _)| *t <= now)
                .min();
            let Some((at, i)) = next else { break };
            self.finish(world, i, at);
        }
        self.settle(world, now);
    }

    /// One step of a rollback; false when there is nothing to do before `now`.
    fn advance_rollback(&mut self, world: &mut OcpWorld, now: DateTime<Utc>, speed: f64) -> bool {
        let running = (0..self.steps.len()).find(|&i| self.steps[i].ends_at.is_some());
        if let Some(i) = running {
            let Some(end) = self.steps[i].ends_at.filter(|t| *t <= now) else {
                return false;
            };
            self.finish(world, i, end);
            self.steps[i].ready_at = Some(end);
            if self.task.subtasks[i].status == SubtaskStatus::Failed {
                // A canceled rollback: the task's rollback failed (FAILED, operation ROLLBACK,
                // the tenant still MODIFYING).
                self.rollback.clear();
                self.task.status = TaskStatus::Failed;
                self.task.finish_time = Some(ocp_time(end));
                return false;
            }
            return self.start_next_rollback(world, end, speed);
        }
        let at = self
            .steps
            .iter()
            .filter_map(|s| s.ready_at)
            .max()
            .unwrap_or(now);
        self.start_next_rollback(world, at.min(now), speed)
    }

    fn start_next_rollback(&mut self, world: &mut OcpWorld, at: DateTime<Utc>, speed: f64) -> bool {
        if self.rollback.is_empty() {
            self.task.status = TaskStatus::Failed;
            self.task.finish_time = Some(ocp_time(at));
            if let Some(t) = self.task.tenant_id.and_then(|id| world.tenant_mut(id)) {
                t.status = "NORMAL".to_owned();
            }
            return false;
        }
        let id = self.rollback.remove(0);
        let Some(i) = self.index(id) else {
            return true;
        };
        let name = self.task.subtasks[i].name.clone();
        let length = Duration::milliseconds((SHORT_STEP / speed * 1000.0) as i64);
        {
            let s = &mut self.task.subtasks[i];
            s.status = SubtaskStatus::Running;
            s.operation = Operation::Rollback;
            s.start_time = Some(ocp_time(at));
            s.finish_time = None;
        }
        self.steps[i].ends_at = Some(at + length);
        self.header(i, at, Operation::Rollback);
        self.line(i, at, "INFO", &format!("Roll back subtask: {name}"));
        true
    }

    /// The task's status from its subtasks'.
    fn settle(&mut self, world: &mut OcpWorld, now: DateTime<Utc>) {
        if self.task.operation == Operation::Rollback || self.task.status.is_terminal() {
            return;
        }
        let statuses: Vec<SubtaskStatus> = self.task.subtasks.iter().map(|s| s.status).collect();
        let busy = statuses.iter().any(|s| {
            matches!(
                s,
                SubtaskStatus::Running | SubtaskStatus::Ready | SubtaskStatus::Canceling
            )
        });
        if busy {
            return;
        }
        let last = self
            .task
            .subtasks
            .iter()
            .filter_map(|s| s.finish_time.clone())
            .max()
            .unwrap_or_else(|| ocp_time(now));
        if statuses.contains(&SubtaskStatus::Failed) {
            self.task.status = TaskStatus::Failed;
            self.task.finish_time = Some(last);
        } else if statuses.iter().all(|s| *s == SubtaskStatus::Successful) {
            self.task.status = TaskStatus::Successful;
            self.task.finish_time = Some(last);
            if let Some(t) = self.task.tenant_id.and_then(|id| world.tenant_mut(id)) {
                t.status = "NORMAL".to_owned();
            }
        }
    }
}
