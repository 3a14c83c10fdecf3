//! OCP's task engine, simulated: tasks of subtasks joined by upstream/downstream edges, run on
//! the shared clock (catching up on every request, so a [`crate::ManualClock`] drives them in
//! tests), their logs growing while they run, and the task and subtask operations.
//!
//! Semantics chosen where OCP's docs leave room (docs/protocol/ocp.md §2.4):
//! - a failed task leaves its tenant MODIFYING (so further changes are refused with 60003)
//!   until it is retried to success or rolled back;
//! - task retry re-runs every FAILED subtask (`runTime` + 1, operation RETRY, a `{RETRY}` log
//!   block) and continues downstream; subtask retry does the same for one subtask;
//! - task rollback rolls back every subtask that ran, latest first, one at a time (each becomes
//!   SUCCESSFUL with operation ROLLBACK, with a `{ROLLBACK}` log block, and its effect undone);
//!   the task then ends FAILED with operation ROLLBACK and the tenant is NORMAL again;
//! - skip marks a FAILED subtask SUCCESSFUL (operation SKIP) without its effect and continues;
//! - cancel turns a RUNNING subtask CANCELING for one nominal second, then FAILED (operation
//!   CANCEL); the task fails once nothing else runs. Canceling a subtask's rollback fails the
//!   rollback: the task ends FAILED with operation ROLLBACK ("rollback failed": retry refused,
//!   rollback may be run again and picks up what is left).
//! - a task that ends SUCCESSFUL leaves its tenant NORMAL even when "Update tenant status" was
//!   skipped.

mod effects;
mod ops;
pub mod replica;
mod run;

/// Nominal length of one rollback or cancel step, in seconds at speed 1.
const SHORT_STEP: f64 = 1.0;
