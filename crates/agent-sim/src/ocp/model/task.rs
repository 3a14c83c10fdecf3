//! A task of the simulated OCP as its engine keeps it: OCP's task with, for each subtask, the
//! engine's side of it (its effect on the world, timing, armed fault, log and what to undo).

use chrono::{DateTime, Utc};
use obshell_protocol::ocp::model::TenantZone;
use obshell_protocol::ocp::request::ModifyReplica;
use obshell_protocol::ocp::{Subtask, Task};

use super::PoolPlan;

/// What a subtask does to the world when it succeeds (and undoes when rolled back).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// The zone joins the tenant's locality with its new pool and units.
    AddZone(PoolPlan),
    /// The zone leaves the tenant's locality (its pool goes with it).
    RemoveZone(String),
    /// Resource pools dropped (the world already lost them with the zone).
    DropPools(Vec<String>),
    /// The zone's replica type, unit spec or unit count changes.
    ModifyZone {
        change: ModifyReplica,
        config: Option<obshell_protocol::ocp::UnitConfig>,
    },
    /// The tenant is NORMAL again.
    TenantNormal,
}

/// The engine's side of one subtask.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: i64,
    pub effect: Effect,
    /// Seconds at speed 1.
    pub nominal: f64,
    pub ready_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// Why this execution will fail (an armed fault).
    pub failing: Option<String>,
    /// Timestamped log lines; those after "now" are not shown yet.
    pub log: Vec<(DateTime<Utc>, String)>,
    /// What the zone was before this subtask changed it (`None` inside: it did not exist).
    pub undo: Option<Option<TenantZone>>,
}

/// A task with its engine state.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRec {
    pub task: Task,
    /// One per subtask, same order as `task.subtasks`.
    pub steps: Vec<Step>,
    /// Subtasks still to roll back, next first.
    pub rollback: Vec<i64>,
}

impl TaskRec {
    pub(crate) fn index(&self, subtask: i64) -> Option<usize> {
        self.task.subtasks.iter().position(|s| s.id == subtask)
    }

    pub fn subtask(&self, id: i64) -> Option<&Subtask> {
        self.task.subtasks.iter().find(|s| s.id == id)
    }

    /// The subtask's whole log as of `now`: one header block per execution.
    pub fn log(&self, subtask: i64, now: DateTime<Utc>) -> Option<String> {
        let step = &self.steps[self.index(subtask)?];
        Some(
            step.log
                .iter()
                .filter(|(t, _)| *t <= now)
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
}
