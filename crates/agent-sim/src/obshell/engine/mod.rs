//! The task engine: DAGs of serial nodes, one sub-task each, run by a scheduler that ticks like
//! the agent's (docs/protocol/obshell-tasks.md §5). Time comes from the caller, so tests move a
//! fake clock instead of sleeping; a speed factor shortens every step for demos and the SDK suite.

mod create;
mod dto;
mod effects;
mod history;
pub mod hostile;
mod ids;
mod ops;
mod run;
mod templates;

pub use create::NewDag;
pub use dto::Lookup;
pub use ids::{GenericId, LOCAL_PREFIX_V4};
pub use templates::{
    plan_add_replicas, plan_delete_replicas, plan_delete_zone, plan_local_scale_out,
    plan_modify_primary_zone, plan_modify_replicas, plan_scale_in, plan_scale_out, NodePlan,
    ScaleOutTarget, ZoneMember,
};
