//! The node sequences of the agent's DAGs (docs/protocol/obshell-tasks.md §5.6), with step
//! durations; capabilities come from the table shared with the console. The tenant's DAGs are in
//! `tenant.rs`, the cluster's in `cluster.rs`.

mod cluster;
mod tenant;

use obshell_protocol::obshell::model::task::node_caps;

use crate::obshell::model::Effect;

pub use cluster::{
    plan_delete_zone, plan_local_scale_out, plan_scale_in, plan_scale_out, ScaleOutTarget,
    ZoneMember,
};
pub use tenant::{
    plan_add_replicas, plan_delete_replicas, plan_modify_primary_zone, plan_modify_replicas,
};

/// One node of a DAG about to be created.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePlan {
    pub name: String,
    pub caps: crate::obshell::model::Caps,
    /// Seconds at speed 1. OceanBase jobs are polled every 10 s by the agent, so locality and
    /// unit changes take that long at least.
    pub duration: f64,
    pub effect: Effect,
}

fn node(dag: &str, name: &str, duration: f64, effect: Effect) -> NodePlan {
    NodePlan {
        name: name.to_owned(),
        caps: node_caps(dag, name),
        duration,
        effect,
    }
}

fn log(lines: &[&str]) -> Effect {
    Effect::Log(lines.iter().map(|l| (*l).to_owned()).collect())
}
