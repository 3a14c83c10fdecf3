//! An agent plan as the console keeps it in the browser's storage and the exporter reads it
//! (docs/protocol/obshell.md §4.14): what it is for, each step's change and what the read-back
//! must show after it. The document's frame and its progress are the same on both backends
//! ([`crate::plan`]).

use serde::{Deserialize, Serialize};

use super::placement::Placement;
use super::step::Operation;
use crate::obshell::dag_names;
use crate::obshell::replica::{Locality, TenantReplicas};
use crate::plan::{same_primary_zone, StepState};

/// What a plan was made for, so that "plan again from here" can plan the rest from the state
/// as it is then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// One tenant to a placement (reshape, or move a replica from `from` to `to`).
    Tenant {
        tenant: String,
        target: Placement,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        moved: Option<(String, String)>,
    },
    /// Servers added one after another.
    ScaleOuts,
    /// Every tenant with a replica in `zone` taken to its target (the replica moved or
    /// dropped), then, when asked, each of the zone's servers scaled in.
    Drain {
        zone: String,
        tenants: Vec<TenantTarget>,
        scale_in: bool,
    },
}

/// One tenant's target in a plan over several tenants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantTarget {
    pub tenant: String,
    pub target: Placement,
}

/// A change one step of a plan makes: one agent call that starts one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A replica or primary-zone operation on a tenant.
    Tenant {
        tenant: String,
        operation: Operation,
    },
    /// `POST /api/v1/ob/scale_out` for the agent at `ip:port` into `zone` (no target agent
    /// password: a host that needs one is added from the scale-out form).
    ScaleOut {
        ip: String,
        port: u16,
        zone: String,
        ob_configs: std::collections::BTreeMap<String, String>,
    },
    /// `POST /api/v1/ob/scale_in` (4.2.6+) for the server whose agent is `ip:port`, without
    /// force kill.
    ScaleIn { ip: String, port: u16 },
}

impl Change {
    /// The name of the DAG the agent starts for it.
    pub fn dag_name(&self) -> &'static str {
        match self {
            Self::Tenant { operation, .. } => operation.dag_name(),
            Self::ScaleOut { .. } => dag_names::CLUSTER_SCALE_OUT,
            Self::ScaleIn { .. } => dag_names::CLUSTER_SCALE_IN,
        }
    }

    /// The tenant it changes, or `None` for a change of the cluster.
    pub fn tenant(&self) -> Option<&str> {
        match self {
            Self::Tenant { tenant, .. } => Some(tenant),
            Self::ScaleOut { .. } | Self::ScaleIn { .. } => None,
        }
    }
}

/// What the backend must show once a step's task succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// The tenant's locality (agent's spelling), unit number, primary zone and each replica
    /// zone's unit config.
    Tenant {
        locality: String,
        unit_num: i64,
        primary_zone: String,
        #[serde(default)]
        unit_configs: std::collections::BTreeMap<String, String>,
    },
    /// A server at `ip` in `zone`.
    Server { ip: String, zone: String },
    /// No server at `ip` any more.
    ServerGone { ip: String },
}

impl Expect {
    /// What `tenant` must show after the step that leaves it as `after`.
    pub fn tenant(after: &TenantReplicas) -> Self {
        Self::Tenant {
            locality: after.locality.to_ob_string(),
            unit_num: after.unit_num,
            primary_zone: after.primary_zone.clone(),
            unit_configs: after
                .locality
                .zones()
                .filter_map(|z| Some((z.to_owned(), after.unit_config_of(z)?.to_owned())))
                .collect(),
        }
    }

    /// `now` shows exactly what this expects of a tenant: the locality zone by zone, the unit
    /// number, each unit config and the primary zone priority by priority. Stricter than the
    /// agent's own "reached" test (§4.6), which accepts a primary zone with one more priority
    /// after the one asked: a step that takes a zone out of the last priority must not read as
    /// done before it is sent.
    pub fn met_by_tenant(&self, now: &TenantReplicas) -> bool {
        match self {
            Self::Tenant {
                locality,
                unit_num,
                primary_zone,
                unit_configs,
            } => {
                Locality::parse(locality).is_ok_and(|l| l == now.locality)
                    && *unit_num == now.unit_num
                    && same_primary_zone(&now.primary_zone, primary_zone)
                    && unit_configs
                        .iter()
                        .all(|(zone, config)| now.unit_config_of(zone) == Some(config.as_str()))
            }
            Self::Server { .. } | Self::ServerGone { .. } => false,
        }
    }
}

/// One step of an agent plan.
pub type PlanStep = crate::plan::PlanStep<Change, Expect>;

/// An agent plan with its progress.
pub type PlanDoc = crate::plan::PlanDoc<Goal, Change, Expect>;

/// What a step whose task was last seen in `state` becomes once the agent has been asked
/// again ([`crate::plan::after_end`]).
pub fn after_task(
    task_id: &str,
    state: crate::obshell::model::task::TaskState,
    shows_change: impl FnOnce() -> bool,
) -> StepState {
    crate::plan::after_end(task_id, task_end(state), shows_change)
}

/// An agent task's state as a plan reads it.
pub fn task_end(state: crate::obshell::model::task::TaskState) -> crate::plan::TaskEnd {
    use crate::obshell::model::task::TaskState as T;
    match state {
        T::Succeed => crate::plan::TaskEnd::Succeeded,
        T::Failed => crate::plan::TaskEnd::Failed,
        _ => crate::plan::TaskEnd::Running,
    }
}
