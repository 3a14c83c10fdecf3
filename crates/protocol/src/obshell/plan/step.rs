//! One step of a plan: an agent operation in data form, the shared rule that checks it, and what
//! the agent's DAG leaves behind once it succeeded (docs/protocol/obshell.md §4.13).

use crate::obshell::catalog::Violation;
use crate::obshell::dag_names;
use crate::obshell::replica::{
    check_add, check_delete, check_modify, check_primary_zone, preview, AddZone, Locality,
    ModifyZone, PoolView, Preview, TenantReplicas, Topology,
};

/// An operation of the agent, with its request as data: the console describes it in words and
/// the exporter writes the SDK call from it. Stored with the plan (docs/protocol/obshell.md
/// §4.13) as `{"op": "add_replicas", "args": …}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "op", content = "args", rename_all = "snake_case")]
pub enum Operation {
    /// `POST /api/v1/tenant/:name/replicas` with these `zone_list` entries.
    AddReplicas(Vec<AddZone>),
    /// `PATCH /api/v1/tenant/:name/replicas` with these `zone_list` entries.
    ModifyReplicas(Vec<ModifyZone>),
    /// `PUT /api/v1/tenant/:name/primary-zone` with this (normalised) `primary_zone`.
    SetPrimaryZone(String),
    /// `DELETE /api/v1/tenant/:name/replicas` with these `zones`.
    DeleteReplicas(Vec<String>),
}

impl Operation {
    /// The zones the request names (none for a primary-zone change).
    pub fn zones(&self) -> Vec<&str> {
        match self {
            Self::AddReplicas(list) => list.iter().map(|z| z.name.as_str()).collect(),
            Self::ModifyReplicas(list) => list.iter().map(|z| z.zone_name.as_str()).collect(),
            Self::SetPrimaryZone(_) => Vec::new(),
            Self::DeleteReplicas(zones) => zones.iter().map(String::as_str).collect(),
        }
    }

    /// The name of the DAG the agent starts for it.
    pub fn dag_name(&self) -> &'static str {
        match self {
            Self::AddReplicas(_) => dag_names::SCALE_OUT_TENANT_REPLICAS,
            Self::ModifyReplicas(_) => dag_names::MODIFY_TENANT_REPLICAS,
            Self::SetPrimaryZone(_) => dag_names::MODIFY_TENANT_PRIMARY_ZONE,
            Self::DeleteReplicas(_) => dag_names::SCALE_IN_TENANT_REPLICAS,
        }
    }
}

/// One step of a plan and the placement after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub operation: Operation,
    /// Locality before and after, FULL counts and whether the FULL replicas kept are a
    /// majority of those before (the same preview the forms show).
    pub preview: Preview,
    /// The tenant as the step leaves it (what the next step is checked against).
    pub after: TenantReplicas,
}

/// Checks `op` against `tenant` with the rule the form of that operation uses (resource and lock
/// checks excluded, as in those rules), and returns the locality it would leave.
pub fn check_step(
    tenant: &TenantReplicas,
    op: &Operation,
    topo: &impl Topology,
) -> Result<Locality, Violation> {
    match op {
        Operation::AddReplicas(zones) => check_add(tenant, &mut zones.clone(), topo),
        Operation::ModifyReplicas(entries) => {
            check_modify(tenant, entries, topo).map(|plan| plan.new_locality)
        }
        Operation::SetPrimaryZone(target) => {
            check_primary_zone(tenant, target, topo).map(|()| tenant.locality.clone())
        }
        Operation::DeleteReplicas(zones) => Ok(check_delete(tenant, zones, topo)?
            .map_or_else(|| tenant.locality.clone(), |(_, locality)| locality)),
    }
}

/// Checks `op` and, when it passes, builds the [`Step`] with its preview and the state after.
/// An add's entries are kept as the agent normalises them (an empty type is FULL, types
/// upper-cased).
pub fn make_step(
    tenant: &TenantReplicas,
    mut op: Operation,
    topo: &impl Topology,
) -> Result<Step, Violation> {
    let locality = match &mut op {
        Operation::AddReplicas(zones) => check_add(tenant, zones, topo)?,
        other => check_step(tenant, other, topo)?,
    };
    let after = apply(&op, tenant);
    debug_assert_eq!(
        after.locality, locality,
        "apply mirrors the rule's locality"
    );
    Ok(Step {
        preview: preview(tenant, &locality),
        operation: op,
        after,
    })
}

/// The tenant once the DAG of `op` succeeded: the locality altered zone by zone in request order,
/// pools created, split, re-configured or dropped, the unit number and the primary zone set. A
/// new pool is named `<tenant>_<zone>` here; the agent's name also carries the task's timestamp
/// (§4.13), which is not known before the run.
pub fn apply(op: &Operation, tenant: &TenantReplicas) -> TenantReplicas {
    let mut t = tenant.clone();
    match op {
        Operation::AddReplicas(zones) => {
            for z in zones {
                t.locality.set(&z.name, &z.replica_type);
                t.pools
                    .push(new_pool(&t.name, &z.name, &z.unit_config_name));
            }
        }
        Operation::ModifyReplicas(entries) => {
            for e in entries {
                if let Some(kind) = &e.replica_type {
                    t.locality.set(&e.zone_name, kind);
                }
                if let Some(n) = e.unit_num {
                    t.unit_num = n;
                }
            }
            for e in entries {
                if let Some(config) = &e.unit_config_name {
                    if t.unit_config_of(&e.zone_name) != Some(config.as_str()) {
                        if let Some(at) = own_pool(&mut t, &e.zone_name) {
                            t.pools[at].unit_config.clone_from(config);
                        }
                    }
                }
            }
        }
        Operation::SetPrimaryZone(target) => t.primary_zone.clone_from(target),
        Operation::DeleteReplicas(zones) => {
            for z in zones {
                if t.locality.remove(z).is_some() {
                    if let Some(at) = own_pool(&mut t, z) {
                        t.pools.remove(at);
                    }
                }
            }
        }
    }
    t
}

fn new_pool(tenant: &str, zone: &str, config: &str) -> PoolView {
    PoolView {
        name: format!("{tenant}_{zone}"),
        zones: vec![zone.to_owned()],
        unit_config: config.to_owned(),
    }
}

/// The index of the pool that holds `zone` alone, splitting a pool over several zones first
/// into one pool per zone (`Split resource pool`); `None` when no pool holds `zone`.
fn own_pool(t: &mut TenantReplicas, zone: &str) -> Option<usize> {
    let at = t
        .pools
        .iter()
        .position(|p| p.zones.iter().any(|z| z == zone))?;
    if t.pools[at].zones.len() == 1 {
        return Some(at);
    }
    let pool = t.pools.remove(at);
    for z in &pool.zones {
        t.pools.push(new_pool(&t.name, z, &pool.unit_config));
    }
    t.pools.iter().position(|p| p.zones == [zone])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> TenantReplicas {
        TenantReplicas {
            name: "t1".into(),
            locality: Locality::parse("FULL{1}@z1, FULL{1}@z2, READONLY{1}@z3").expect("parses"),
            primary_zone: "z1".into(),
            unit_num: 1,
            enable_rebalance: true,
            pools: vec![
                PoolView {
                    name: "t1_z1_z2".into(),
                    zones: vec!["z1".into(), "z2".into()],
                    unit_config: "small".into(),
                },
                PoolView {
                    name: "t1_z3".into(),
                    zones: vec!["z3".into()],
                    unit_config: "small".into(),
                },
            ],
        }
    }

    #[test]
    fn a_delete_splits_a_shared_pool_and_drops_the_zones_part() {
        let after = apply(&Operation::DeleteReplicas(vec!["z2".into()]), &tenant());
        assert_eq!(after.locality.to_alter_string(), "FULL@z1,READONLY@z3");
        let zones: Vec<&[String]> = after.pools.iter().map(|p| p.zones.as_slice()).collect();
        assert_eq!(zones, [&["z3".to_owned()][..], &["z1".to_owned()][..]]);
    }

    #[test]
    fn a_modify_sets_types_configs_and_the_unit_number() {
        let op = Operation::ModifyReplicas(vec![
            ModifyZone {
                zone_name: "z2".into(),
                replica_type: Some("READONLY".into()),
                unit_config_name: Some("large".into()),
                unit_num: Some(2),
            },
            ModifyZone {
                zone_name: "z3".into(),
                replica_type: Some("FULL".into()),
                unit_num: Some(2),
                ..ModifyZone::default()
            },
        ]);
        let after = apply(&op, &tenant());
        assert_eq!(
            after.locality.to_alter_string(),
            "FULL@z1,READONLY@z2,FULL@z3"
        );
        assert_eq!(after.unit_num, 2);
        assert_eq!(after.unit_config_of("z2"), Some("large"));
        assert_eq!(after.unit_config_of("z1"), Some("small"));
        assert_eq!(op.dag_name(), dag_names::MODIFY_TENANT_REPLICAS);
        assert_eq!(op.zones(), ["z2", "z3"]);
    }

    #[test]
    fn an_add_and_a_primary_zone_change() {
        let add = Operation::AddReplicas(vec![AddZone {
            name: "z4".into(),
            replica_type: "FULL".into(),
            unit_config_name: "small".into(),
            unit_num: 1,
        }]);
        let after = apply(&add, &tenant());
        assert_eq!(after.locality.get("z4"), Some("FULL"));
        assert_eq!(after.unit_config_of("z4"), Some("small"));
        let moved = apply(&Operation::SetPrimaryZone("z4;z1".into()), &after);
        assert_eq!(moved.primary_zone, "z4;z1");
        assert_eq!(moved.locality, after.locality);
    }
}
