//! Change plans for a tenant's placement on the OBShell agent (docs/protocol/obshell.md §4.13):
//! the shortest sequence of the agent's own replica and primary-zone operations that reaches a
//! target placement, each step checked with the forms' rules
//! ([`crate::obshell::replica`]) against the state the earlier steps leave, and a majority of the
//! FULL replicas kept after every step. Pure: no I/O, the same on the console and natively.

mod document;
mod export;
mod placement;
mod planner;
mod refusal;
mod step;

pub use crate::plan::{same_primary_zone, Progress, StepState, FORMAT};
pub use document::{after_task, task_end, Change, Expect, Goal, PlanDoc, PlanStep, TenantTarget};
pub use export::{export_python, ExportTarget, SDK_VERSION};
pub use placement::{Placement, ZonePlacement};
pub use planner::{max_full_removed, plan, Plan};
pub use refusal::PlanRefusal;
pub use step::{apply, check_step, make_step, Operation, Step};
