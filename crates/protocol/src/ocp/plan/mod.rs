//! Change plans for a tenant's placement on OCP (docs/protocol/ocp.md §4.6): the shortest
//! sequence of OCP's replica and primary-zone calls that reaches a target placement, each checked
//! with OCP's rules ([`crate::ocp::rules`]) against the state the earlier steps leave, and a
//! majority of the Paxos members kept after every step. Pure, like the agent's planner; the
//! document frame is shared ([`crate::plan`]).

mod document;
mod planner;
mod step;
mod target;

pub use document::{after_task, task_end, OcpChange, OcpExpect, OcpGoal, OcpPlanDoc, OcpPlanStep};
pub use planner::{max_removed, plan_ocp, OcpPlanRefusal, OcpStep};
pub use step::{apply, paxos_count, OcpOperation};
pub use target::{spec_of, OcpTarget, OcpZoneTarget};
