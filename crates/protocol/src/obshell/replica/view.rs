//! Building the rules' inputs from what the agent's endpoints return (the console's side), and
//! the preview of a change.

use std::collections::BTreeSet;

use super::locality::{Locality, FULL};
use super::resources::ServerRoom;
use super::rules::first_priority_full_zones;
use super::types::{PoolView, TenantReplicas, Topology};
use crate::obshell::model::cluster_info::ClusterInfo;
use crate::obshell::model::tenant::{TenantInfo, UnitConfig};
use crate::obshell::model::ObInfo;

impl TenantReplicas {
    /// The tenant as `GET /api/v1/tenant/:name` shows it, with `enable_rebalance` read from
    /// `GET …/parameter/enable_rebalance`.
    pub fn from_info(info: &TenantInfo, enable_rebalance: bool) -> Self {
        let pools = info
            .pools
            .iter()
            .map(|p| PoolView {
                name: p.pool_name.clone(),
                zones: p
                    .zone_list
                    .split(';')
                    .map(str::trim)
                    .filter(|z| !z.is_empty())
                    .map(str::to_owned)
                    .collect(),
                unit_config: p.unit_config.name.clone(),
            })
            .collect();
        Self {
            name: info.tenant_name.clone(),
            locality: Locality::parse(&info.locality).unwrap_or_default(),
            primary_zone: info.primary_zone.clone(),
            unit_num: info.pools.first().map_or(0, |p| p.unit_num),
            enable_rebalance,
            pools,
        }
    }
}

/// Zones, regions, server counts and unit config names as the console last read them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopologySnapshot {
    pub zones: Vec<(String, String, usize)>,
    pub unit_configs: Vec<String>,
}

impl TopologySnapshot {
    pub fn from_cluster_info(info: &ClusterInfo, configs: &[UnitConfig]) -> Self {
        Self {
            zones: info
                .zones
                .iter()
                .map(|z| (z.name.clone(), z.region_name.clone(), z.servers.len()))
                .collect(),
            unit_configs: configs.iter().map(|c| c.name.clone()).collect(),
        }
    }

    /// From `ob/info` on agents before 4.3.0, which have no `obcluster/info`: zones and their
    /// servers, but no regions (every region reads as unknown, so the region rule is left to
    /// the agent).
    pub fn from_ob_info(info: &ObInfo, configs: &[UnitConfig]) -> Self {
        Self {
            zones: info
                .obcluster_info
                .iter()
                .flat_map(|c| c.topology.iter())
                .map(|(zone, servers)| (zone.clone(), String::new(), servers.len()))
                .collect(),
            unit_configs: configs.iter().map(|c| c.name.clone()).collect(),
        }
    }

    /// Every zone's region is known (not so on agents before 4.3.0).
    pub fn regions_known(&self) -> bool {
        self.zones.iter().all(|(_, region, _)| !region.is_empty())
    }

    /// Zones with no server at all (after a scale-in, or a half-failed new-zone scale-out):
    /// no unit can be placed there.
    pub fn zones_without_servers(&self) -> Vec<String> {
        self.zones
            .iter()
            .filter(|(_, _, n)| *n == 0)
            .map(|(z, _, _)| z.clone())
            .collect()
    }

    /// Counts `name` as existing (a unit config the console is about to create).
    pub fn with_config(mut self, name: &str) -> Self {
        if !self.unit_configs.iter().any(|n| n == name) {
            self.unit_configs.push(name.to_owned());
        }
        self
    }
}

impl Topology for TopologySnapshot {
    fn zone_exists(&self, zone: &str) -> bool {
        self.zones.iter().any(|(z, _, _)| z == zone)
    }
    fn server_count(&self, zone: &str) -> usize {
        self.zones
            .iter()
            .find(|(z, _, _)| z == zone)
            .map_or(0, |(_, _, n)| *n)
    }
    fn region_of(&self, zone: &str) -> String {
        self.zones
            .iter()
            .find(|(z, _, _)| z == zone)
            .map(|(_, r, _)| r.clone())
            .unwrap_or_default()
    }
    fn unit_config_exists(&self, name: &str) -> bool {
        self.unit_configs.iter().any(|n| n == name)
    }
}

/// Free room of each server from `obcluster/info` statistics (CPU and memory); an estimate,
/// since the agent sums the units itself. The log disk is left unknown: the summary's
/// `disk_in_bytes_*` are the data disk (docs/protocol/obshell.md §4.2), and the agent checks the
/// log disk.
pub fn rooms_from_cluster_info(info: &ClusterInfo) -> Vec<ServerRoom> {
    info.zones
        .iter()
        .flat_map(|z| {
            z.servers.iter().map(move |s| {
                let r = &s.stats.resources;
                let cpu = r.cpu_core_total - r.cpu_core_assigned;
                ServerRoom {
                    addr: format!("{}:{}", s.ip, s.svr_port),
                    zone: z.name.clone(),
                    free_min_cpu: cpu,
                    free_max_cpu: cpu,
                    free_memory: r.memory_in_bytes_total - r.memory_in_bytes_assigned,
                    free_log_disk: None,
                }
            })
        })
        .collect()
}

/// What a change does to the tenant, for the operator to read before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub locality_before: String,
    pub locality_after: String,
    pub full_before: usize,
    pub full_after: usize,
    /// The FULL replicas that remain are a majority of those before (Paxos keeps a quorum).
    pub majority_kept: bool,
    pub first_priority_before: BTreeSet<String>,
    pub first_priority_after: BTreeSet<String>,
}

impl Preview {
    pub fn first_priority_changes(&self) -> bool {
        self.first_priority_before != self.first_priority_after
    }
}

/// The preview of moving `tenant` to `after`.
pub fn preview(tenant: &TenantReplicas, after: &Locality) -> Preview {
    let before = &tenant.locality;
    let full_before = before.full_count();
    let kept = before
        .iter()
        .filter(|(z, t)| *t == FULL && after.get(z) == Some(FULL))
        .count();
    Preview {
        locality_before: before.to_ob_string(),
        locality_after: after.to_ob_string(),
        full_before,
        full_after: after.full_count(),
        majority_kept: full_before == 0 || kept * 2 > full_before,
        first_priority_before: first_priority_full_zones(before, &tenant.primary_zone),
        first_priority_after: first_priority_full_zones(after, &tenant.primary_zone),
    }
}
