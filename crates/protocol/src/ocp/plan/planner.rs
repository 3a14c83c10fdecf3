//! The order of an OCP plan (docs/protocol/ocp.md §4.6): each new replica in its own
//! `addReplica`, the primary zone, each type change alone in its `modifyReplica`, the deletes a
//! majority's worth at a time, then spec and count changes of the zones that stay in one call.

use super::step::{apply, paxos_count, OcpOperation};
use super::target::{spec_of, OcpTarget};
use crate::ocp::model::{Cluster, Tenant, UnitSpec};
use crate::ocp::request::{
    DeleteReplica, ModifyReplica, PoolChange, PoolSpec, ReplicaSpec, ReplicaType,
};
use crate::ocp::rules::{locality_of, tenant_unit_count, OcpViolation};
use crate::plan::primary_zone_zones;

/// One step and the tenant after it.
#[derive(Debug, Clone, PartialEq)]
pub struct OcpStep {
    pub operation: OcpOperation,
    /// Locality before and after (OceanBase's spelling) and the Paxos members (FULL, LOGONLY)
    /// before and after.
    pub locality_before: String,
    pub locality_after: String,
    pub paxos_before: usize,
    pub paxos_after: usize,
    pub after: Tenant,
}

/// Why a target cannot be reached safely, before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum OcpPlanRefusal {
    /// The target keeps no FULL replica.
    NoFullReplica,
    /// A zone of the target is not a zone of the cluster.
    UnknownZone(String),
    /// The primary zone names a zone the target keeps no replica in.
    PrimaryZoneOutside(String),
    /// A new replica has no unit spec.
    NoSpec(String),
    /// OCP's rule refuses step `step` (1-based) against the state the earlier steps leave.
    StepRefused {
        step: usize,
        operation: Box<OcpOperation>,
        violation: Box<OcpViolation>,
    },
    /// No step can take the Paxos member of `zones` away and keep a majority of `before`.
    MajorityLost { zones: Vec<String>, before: usize },
}

/// The most Paxos members one step may take away from `n` and keep a majority of them.
pub fn max_removed(n: usize) -> usize {
    n.saturating_sub(1) / 2
}

struct Builder<'a> {
    state: Tenant,
    steps: Vec<OcpStep>,
    cluster: &'a Cluster,
    specs: &'a [UnitSpec],
}

impl Builder<'_> {
    fn push(&mut self, operation: OcpOperation) -> Result<(), OcpPlanRefusal> {
        if let Some(violation) = operation
            .check(&self.state, self.cluster, self.specs)
            .into_iter()
            .next()
        {
            return Err(OcpPlanRefusal::StepRefused {
                step: self.steps.len() + 1,
                operation: Box::new(operation),
                violation: Box::new(violation),
            });
        }
        let before = locality_of(&self.state);
        let after = apply(&self.state, &operation, self.specs);
        let after_locality = locality_of(&after);
        let (paxos_before, paxos_after) = (paxos_count(&before), paxos_count(&after_locality));
        if paxos_before - paxos_after.min(paxos_before) > max_removed(paxos_before) {
            let zones = operation.zones().into_iter().map(str::to_owned).collect();
            return Err(OcpPlanRefusal::MajorityLost {
                zones,
                before: paxos_before,
            });
        }
        self.steps.push(OcpStep {
            operation,
            locality_before: before.to_ob_string(),
            locality_after: after_locality.to_ob_string(),
            paxos_before,
            paxos_after,
            after: after.clone(),
        });
        self.state = after;
        Ok(())
    }

    fn adds(&mut self, target: &OcpTarget) -> Result<(), OcpPlanRefusal> {
        let count = tenant_unit_count(&self.state).unwrap_or(target.unit_count);
        let locality = locality_of(&self.state);
        for z in target.zones.iter().filter(|z| !locality.contains(&z.zone)) {
            let spec = z
                .unit_spec
                .clone()
                .ok_or_else(|| OcpPlanRefusal::NoSpec(z.zone.clone()))?;
            self.push(OcpOperation::AddReplica(ReplicaSpec {
                zone_name: z.zone.clone(),
                replica_type: ReplicaType::from_wire(&z.replica_type),
                resource_pool: PoolSpec {
                    unit_spec_name: spec,
                    unit_count: count,
                },
            }))?;
        }
        Ok(())
    }

    fn primary_zone(&mut self, target: &OcpTarget) -> Result<(), OcpPlanRefusal> {
        if crate::plan::same_primary_zone(&self.state.primary_zone, &target.primary_zone) {
            return Ok(());
        }
        self.push(OcpOperation::ModifyPrimaryZone(
            target.normalised_primary_zone(),
        ))
    }

    /// Each type change alone (OCP ignores a type in a batch); promotions first, so that a
    /// demotion finds the most Paxos members there are.
    fn type_changes(&mut self, target: &OcpTarget) -> Result<(), OcpPlanRefusal> {
        let locality = locality_of(&self.state);
        let mut changes: Vec<(String, String)> = locality
            .iter()
            .filter_map(|(zone, kind)| {
                let want = target.get(zone)?;
                (want.replica_type != kind).then(|| (zone.to_owned(), want.replica_type.clone()))
            })
            .collect();
        crate::sort::by_key(&mut changes, |(_, kind)| kind == "READONLY");
        for (zone, kind) in changes {
            self.push(OcpOperation::ModifyReplica(vec![ModifyReplica {
                zone_name: zone,
                replica_type: Some(ReplicaType::from_wire(&kind)),
                resource_pool: None,
            }]))?;
        }
        Ok(())
    }

    /// READONLY replicas go with the first call; Paxos members a majority's worth at a time.
    fn deletes(&mut self, target: &OcpTarget) -> Result<(), OcpPlanRefusal> {
        let locality = locality_of(&self.state);
        let leaving = locality
            .iter()
            .filter(|(zone, _)| target.get(zone).is_none());
        let (mut paxos, mut others): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (zone, kind) in leaving {
            let list = if kind == "READONLY" {
                &mut others
            } else {
                &mut paxos
            };
            list.push(zone.to_owned());
        }
        while !paxos.is_empty() || !others.is_empty() {
            let n = paxos_count(&locality_of(&self.state));
            let take = max_removed(n).min(paxos.len());
            if take == 0 && others.is_empty() {
                return Err(OcpPlanRefusal::MajorityLost {
                    zones: paxos,
                    before: n,
                });
            }
            let mut zones = std::mem::take(&mut others);
            zones.extend(paxos.drain(..take));
            self.push(OcpOperation::DeleteReplica(
                zones
                    .into_iter()
                    .map(|zone_name| DeleteReplica { zone_name })
                    .collect(),
            ))?;
        }
        Ok(())
    }

    /// Spec changes of the zones that stay, and the unit count (given for every zone: OCP wants
    /// it so), in one call.
    fn pools(&mut self, target: &OcpTarget) -> Result<(), OcpPlanRefusal> {
        let count_changes = tenant_unit_count(&self.state) != Some(target.unit_count);
        let mut list = Vec::new();
        for (zone, _) in locality_of(&self.state).iter() {
            let spec = target
                .get(zone)
                .and_then(|z| z.unit_spec.clone())
                .filter(|s| spec_of(&self.state, zone, self.specs) != Some(s.as_str()));
            if spec.is_none() && !count_changes {
                continue;
            }
            list.push(ModifyReplica {
                zone_name: zone.to_owned(),
                replica_type: None,
                resource_pool: Some(PoolChange {
                    unit_spec_name: spec,
                    unit_count: count_changes.then_some(target.unit_count),
                }),
            });
        }
        if list.is_empty() {
            return Ok(());
        }
        self.push(OcpOperation::ModifyReplica(list))
    }
}

/// The shortest sequence of OCP calls that takes `tenant` to `target`, each checked with OCP's
/// rules against the state the earlier steps leave, a majority of the Paxos members kept after
/// every step, and the primary zone changed before a delete of a zone it names.
pub fn plan_ocp(
    tenant: &Tenant,
    target: &OcpTarget,
    cluster: &Cluster,
    specs: &[UnitSpec],
) -> Result<Vec<OcpStep>, OcpPlanRefusal> {
    if target.is_reached_by(tenant, specs) {
        return Ok(Vec::new());
    }
    if !target.zones.iter().any(|z| z.replica_type == "FULL") {
        return Err(OcpPlanRefusal::NoFullReplica);
    }
    if let Some(z) = target
        .zones
        .iter()
        .find(|z| !cluster.zones.iter().any(|c| c.name == z.zone))
    {
        return Err(OcpPlanRefusal::UnknownZone(z.zone.clone()));
    }
    if let Some(zone) = primary_zone_zones(&target.primary_zone)
        .into_iter()
        .find(|z| target.get(z).is_none())
    {
        return Err(OcpPlanRefusal::PrimaryZoneOutside(zone.to_owned()));
    }
    let mut b = Builder {
        state: tenant.clone(),
        steps: Vec::new(),
        cluster,
        specs,
    };
    b.adds(target)?;
    b.primary_zone(target)?;
    b.type_changes(target)?;
    b.deletes(target)?;
    b.pools(target)?;
    Ok(b.steps)
}
