//! What the replica rules read (the cluster's topology, the tenant with its pools, the
//! request's entries) and what a modify request plans.

use super::locality::Locality;

/// What the rules need to know about the cluster.
pub trait Topology {
    fn zone_exists(&self, zone: &str) -> bool;
    /// Number of servers in `zone` (0 for an unknown zone).
    fn server_count(&self, zone: &str) -> usize;
    /// Region of `zone`; `""` when unknown.
    fn region_of(&self, zone: &str) -> String;
    fn unit_config_exists(&self, name: &str) -> bool;
}

/// One resource pool of the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolView {
    pub name: String,
    /// Zones the pool has units in.
    pub zones: Vec<String>,
    pub unit_config: String,
}

/// The tenant as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantReplicas {
    pub name: String,
    pub locality: Locality,
    /// e.g. `RANDOM` or `z1;z2,z3`.
    pub primary_zone: String,
    /// Tenant-wide unit number (all pools share it).
    pub unit_num: i64,
    /// Tenant parameter `enable_rebalance` is exactly `True`.
    pub enable_rebalance: bool,
    pub pools: Vec<PoolView>,
}

impl TenantReplicas {
    pub(super) fn has_pool_on(&self, zone: &str) -> bool {
        self.pools.iter().any(|p| p.zones.iter().any(|z| z == zone))
    }

    /// The unit config of the pool that holds `zone`.
    pub fn unit_config_of(&self, zone: &str) -> Option<&str> {
        self.pools
            .iter()
            .find(|p| p.zones.iter().any(|z| z == zone))
            .map(|p| p.unit_config.as_str())
    }
}

/// One entry of `POST …/replicas` (`zone_list[]`) and of `PATCH …/replicas` (keyed
/// `zone_name`; `None` = unchanged): the request bodies' own entries.
pub use crate::obshell::model::tenant::{
    AddReplicaZone as AddZone, ModifyReplicaZone as ModifyZone,
};

/// What a modify request will change, in DAG order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModifyPlan {
    /// Zones whose type changes: those becoming FULL first, then those becoming READONLY.
    pub type_changes: Vec<(String, String)>,
    /// Pools that must be split because only part of them changes unit config.
    pub split_pools: Vec<String>,
    /// Zone → new unit config, for zones whose config changes.
    pub unit_config_changes: Vec<(String, String)>,
    /// New tenant unit number, when it changes.
    pub unit_num_change: Option<i64>,
    /// The locality once all type changes are done.
    pub new_locality: Locality,
}

impl ModifyPlan {
    /// Nothing changes: the agent answers 204.
    pub fn is_empty(&self) -> bool {
        self.type_changes.is_empty()
            && self.split_pools.is_empty()
            && self.unit_config_changes.is_empty()
            && self.unit_num_change.is_none()
    }
}
