//! One step of an OCP plan: an OCP call in data form, OCP's rule that checks it, and the tenant
//! once its task succeeded (docs/protocol/ocp.md §4.6).

use serde::{Deserialize, Serialize};

use crate::obshell::replica::Locality;
use crate::ocp::model::{Cluster, ResourcePool, Tenant, TenantZone, UnitConfig, UnitSpec};
use crate::ocp::request::{DeleteReplica, ModifyReplica, ReplicaSpec};
use crate::ocp::rules::{self, locality_of, OcpViolation};

/// An OCP call with its body, stored with the plan as `{"op": "add_replica", "args": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "args", rename_all = "snake_case")]
pub enum OcpOperation {
    /// `addReplica` with one element (OCP Express accepts only one; OCP's own rule is open).
    AddReplica(ReplicaSpec),
    /// `modifyReplica`: a type change alone in its call, spec and count changes batched.
    ModifyReplica(Vec<ModifyReplica>),
    /// `modifyPrimaryZone` with this primary zone: applied at once, no task.
    ModifyPrimaryZone(String),
    /// `deleteReplica` of these zones.
    DeleteReplica(Vec<DeleteReplica>),
}

impl OcpOperation {
    /// The zones the request names (none for a primary-zone change).
    pub fn zones(&self) -> Vec<&str> {
        match self {
            Self::AddReplica(r) => vec![r.zone_name.as_str()],
            Self::ModifyReplica(list) => list.iter().map(|r| r.zone_name.as_str()).collect(),
            Self::ModifyPrimaryZone(_) => Vec::new(),
            Self::DeleteReplica(list) => list.iter().map(|r| r.zone_name.as_str()).collect(),
        }
    }

    /// The name of the task OCP starts for it (`None`: no task).
    pub fn task_name(&self) -> Option<&'static str> {
        match self {
            Self::AddReplica(_) => Some("Add tenant replica"),
            Self::ModifyReplica(_) => Some("Modify tenant replica"),
            Self::ModifyPrimaryZone(_) => None,
            Self::DeleteReplica(_) => Some("Delete tenant replica"),
        }
    }

    /// OCP's refusals of this call against `tenant`, in OCP's order.
    pub fn check(
        &self,
        tenant: &Tenant,
        cluster: &Cluster,
        specs: &[UnitSpec],
    ) -> Vec<OcpViolation> {
        match self {
            Self::AddReplica(r) => {
                rules::check_add(tenant, cluster, specs, std::slice::from_ref(r))
            }
            Self::ModifyReplica(list) => rules::check_modify(tenant, cluster, specs, list),
            Self::ModifyPrimaryZone(pz) => rules::check_primary_zone(tenant, pz),
            Self::DeleteReplica(list) => rules::check_delete(tenant, list),
        }
    }
}

/// FULL and LOGONLY replicas: the Paxos members whose majority a step must keep.
pub fn paxos_count(locality: &Locality) -> usize {
    locality
        .iter()
        .filter(|(_, kind)| *kind == "FULL" || *kind == "LOGONLY")
        .count()
}

fn config_of(specs: &[UnitSpec], name: &str) -> Option<UnitConfig> {
    specs.iter().find(|s| s.name == name).map(|s| UnitConfig {
        max_cpu_core_count: s.max_cpu_core_count,
        min_cpu_core_count: s.min_cpu_core_count,
        max_memory_size: s.max_memory_size,
        min_memory_size: s.min_memory_size,
    })
}

/// The tenant once `op`'s task succeeded (NORMAL again), as OCP's detail would show it.
pub fn apply(tenant: &Tenant, op: &OcpOperation, specs: &[UnitSpec]) -> Tenant {
    let mut t = tenant.clone();
    let mut locality = locality_of(tenant);
    match op {
        OcpOperation::AddReplica(r) => {
            t.zones.push(TenantZone {
                name: r.zone_name.clone(),
                replica_type: r.replica_type.as_str().to_owned(),
                resource_pool: Some(ResourcePool {
                    unit_count: r.resource_pool.unit_count,
                    unit_config: config_of(specs, &r.resource_pool.unit_spec_name),
                    ..ResourcePool::default()
                }),
                units: Vec::new(),
            });
            locality.set(&r.zone_name, r.replica_type.as_str());
        }
        OcpOperation::ModifyReplica(list) => {
            for r in list {
                let Some(zone) = t.zones.iter_mut().find(|z| z.name == r.zone_name) else {
                    continue;
                };
                // OCP applies a type change only when the call modifies one zone (§4.4).
                if let Some(kind) = r.replica_type.filter(|_| list.len() == 1) {
                    zone.replica_type = kind.as_str().to_owned();
                    locality.set(&r.zone_name, kind.as_str());
                }
                if let (Some(change), Some(pool)) = (&r.resource_pool, zone.resource_pool.as_mut())
                {
                    if let Some(config) = change
                        .unit_spec_name
                        .as_deref()
                        .and_then(|n| config_of(specs, n))
                    {
                        pool.unit_config = Some(config);
                    }
                    if let Some(count) = change.unit_count {
                        pool.unit_count = count;
                    }
                }
            }
        }
        OcpOperation::ModifyPrimaryZone(pz) => t.primary_zone = pz.clone(),
        OcpOperation::DeleteReplica(list) => {
            for r in list {
                t.zones.retain(|z| z.name != r.zone_name);
                locality.remove(&r.zone_name);
            }
        }
    }
    t.locality = locality.to_ob_string();
    t.status = "NORMAL".to_owned();
    t
}
