//! An OCP plan as the console keeps it (docs/protocol/ocp.md §4.6): the goal, each step's call
//! and what the tenant must show after it. The frame and the progress are [`crate::plan`]'s.

use serde::{Deserialize, Serialize};

use super::step::OcpOperation;
use super::target::{spec_of, OcpTarget};
use crate::obshell::replica::Locality;
use crate::ocp::model::{TaskStatus, Tenant, UnitSpec};
use crate::ocp::rules::{locality_of, tenant_unit_count};
use crate::plan::{same_primary_zone, StepState};

/// What an OCP plan is for: one tenant to a target (a reshape, or a replica moved `from` → `to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcpGoal {
    pub cluster_id: i64,
    pub tenant_id: i64,
    pub tenant: String,
    pub target: OcpTarget,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<(String, String)>,
}

/// One step's call on one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcpChange {
    pub cluster_id: i64,
    pub tenant_id: i64,
    pub tenant: String,
    pub operation: OcpOperation,
}

/// What the tenant's detail must show once a step's task succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcpExpect {
    /// OceanBase's spelling, zone by zone.
    pub locality: String,
    pub unit_count: i64,
    pub primary_zone: String,
    /// Zone → the unit spec its pool matches, where one does.
    #[serde(default)]
    pub unit_specs: std::collections::BTreeMap<String, String>,
}

impl OcpExpect {
    /// What a step that leaves the tenant as `after` expects.
    pub fn of(after: &Tenant, specs: &[UnitSpec]) -> Self {
        Self {
            locality: locality_of(after).to_ob_string(),
            unit_count: tenant_unit_count(after).unwrap_or(0),
            primary_zone: after.primary_zone.clone(),
            unit_specs: after
                .zones
                .iter()
                .filter_map(|z| Some((z.name.clone(), spec_of(after, &z.name, specs)?.to_owned())))
                .collect(),
        }
    }

    /// `now` (NORMAL) shows exactly this.
    pub fn met_by(&self, now: &Tenant, specs: &[UnitSpec]) -> bool {
        now.is_normal()
            && Locality::parse(&self.locality).is_ok_and(|l| same_zones(&l, &locality_of(now)))
            && tenant_unit_count(now).unwrap_or(0) == self.unit_count
            && same_primary_zone(&now.primary_zone, &self.primary_zone)
            && self
                .unit_specs
                .iter()
                .all(|(zone, spec)| spec_of(now, zone, specs) == Some(spec.as_str()))
    }
}

/// The same zones with the same replica types, in any order (OCP lists them by name).
fn same_zones(a: &Locality, b: &Locality) -> bool {
    let map = |l: &Locality| -> std::collections::BTreeMap<String, String> {
        l.iter()
            .map(|(z, k)| (z.to_owned(), k.to_owned()))
            .collect()
    };
    map(a) == map(b)
}

/// One step of an OCP plan.
pub type OcpPlanStep = crate::plan::PlanStep<OcpChange, OcpExpect>;

/// An OCP plan with its progress.
pub type OcpPlanDoc = crate::plan::PlanDoc<OcpGoal, OcpChange, OcpExpect>;

/// What a step whose task was last seen in `status` becomes ([`crate::plan::after_end`]).
pub fn after_task(
    task_id: &str,
    status: TaskStatus,
    shows_change: impl FnOnce() -> bool,
) -> StepState {
    crate::plan::after_end(task_id, task_end(status), shows_change)
}

/// An OCP task's status as a plan reads it (a FAILED task may still be retried).
pub fn task_end(status: TaskStatus) -> crate::plan::TaskEnd {
    match status {
        TaskStatus::Successful => crate::plan::TaskEnd::Succeeded,
        TaskStatus::Failed => crate::plan::TaskEnd::Failed,
        _ => crate::plan::TaskEnd::Running,
    }
}
