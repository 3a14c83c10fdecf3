//! The tenant's DAGs: replicas added, deleted or modified, and the primary zone.

use obshell_protocol::obshell::dag_names as n;
use obshell_protocol::obshell::replica::{AddZone, ModifyPlan};

use super::{node, NodePlan};
use crate::obshell::model::Cluster;
use crate::obshell::model::{Effect, PoolSpec};

fn locality(dag: &str, tenant: &str, zone: &str, to: Option<&str>) -> NodePlan {
    let effect = Effect::AlterLocality {
        tenant: tenant.to_owned(),
        zone: zone.to_owned(),
        to: to.map(str::to_owned),
        prev: None,
    };
    node(dag, n::ALTER_TENANT_LOCALITY, 12.0, effect)
}

/// `Scale out tenant replicas`: pools first, then one locality change per zone, in request order.
pub fn plan_add_replicas(tenant: &str, zones: &[AddZone], ts: i64) -> Vec<NodePlan> {
    let pools = zones
        .iter()
        .map(|z| PoolSpec {
            zone: z.name.clone(),
            config: z.unit_config_name.clone(),
            unit_num: z.unit_num,
        })
        .collect();
    let mut nodes = vec![node(
        n::SCALE_OUT_TENANT_REPLICAS,
        n::CREATE_AND_ATTACH_RESOURCE_POOLS,
        3.0,
        Effect::CreatePools {
            tenant: tenant.to_owned(),
            pools,
            ts,
        },
    )];
    nodes.extend(zones.iter().map(|z| {
        locality(
            n::SCALE_OUT_TENANT_REPLICAS,
            tenant,
            &z.name,
            Some(&z.replica_type),
        )
    }));
    nodes
}

/// `Scale in tenant replicas`: one locality change per zone, a split when a multi-zone pool is
/// involved, then the pools of the removed zones are dropped.
pub fn plan_delete_replicas(cluster: &Cluster, tenant: &str, zones: &[String]) -> Vec<NodePlan> {
    let mut nodes: Vec<NodePlan> = zones
        .iter()
        .map(|z| locality(n::SCALE_IN_TENANT_REPLICAS, tenant, z, None))
        .collect();
    let tenant_id = cluster.tenant(tenant).map(|t| t.id);
    let split: Vec<String> = cluster
        .pools
        .iter()
        .filter(|p| {
            p.tenant_id == tenant_id
                && p.zones.len() > 1
                && p.zones.iter().any(|z| zones.contains(z))
        })
        .map(|p| p.name.clone())
        .collect();
    if !split.is_empty() {
        nodes.push(node(
            n::SCALE_IN_TENANT_REPLICAS,
            n::SPLIT_RESOURCE_POOL,
            4.0,
            Effect::SplitPools {
                tenant: tenant.to_owned(),
                pools: split,
            },
        ));
    }
    nodes.push(node(
        n::SCALE_IN_TENANT_REPLICAS,
        n::DROP_RESOURCE_POOLS,
        4.0,
        Effect::DropPools {
            tenant: tenant.to_owned(),
            zones: zones.to_vec(),
        },
    ));
    nodes
}

/// `Modify tenant replicas`: type changes (to FULL first), a split if needed, unit config,
/// unit number.
pub fn plan_modify_replicas(tenant: &str, plan: &ModifyPlan) -> Vec<NodePlan> {
    let mut nodes: Vec<NodePlan> = plan
        .type_changes
        .iter()
        .map(|(zone, kind)| locality(n::MODIFY_TENANT_REPLICAS, tenant, zone, Some(kind)))
        .collect();
    if !plan.split_pools.is_empty() {
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::SPLIT_RESOURCE_POOL,
            4.0,
            Effect::SplitPools {
                tenant: tenant.to_owned(),
                pools: plan.split_pools.clone(),
            },
        ));
    }
    if !plan.unit_config_changes.is_empty() {
        let effect = Effect::AlterUnitConfig {
            tenant: tenant.to_owned(),
            changes: plan.unit_config_changes.clone(),
            prev: Vec::new(),
        };
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::ALTER_RESOURCE_POOL_UNIT_CONFIG,
            6.0,
            effect,
        ));
    }
    if let Some(n) = plan.unit_num_change {
        nodes.push(node(
            n::MODIFY_TENANT_REPLICAS,
            n::ALTER_RESOURCE_POOL_UNIT_NUM,
            10.0,
            Effect::AlterUnitNum {
                tenant: tenant.to_owned(),
                to: n,
                prev: None,
            },
        ));
    }
    nodes
}

/// `Modify tenant primary zone`: one step, which finds the change the route already made.
pub fn plan_modify_primary_zone(tenant: &str, to: &str) -> Vec<NodePlan> {
    let effect = Effect::AlterPrimaryZone {
        tenant: tenant.to_owned(),
        to: to.to_owned(),
    };
    vec![node(
        n::MODIFY_TENANT_PRIMARY_ZONE,
        n::MODIFY_TENANT_PRIMARY_ZONE,
        3.0,
        effect,
    )]
}
