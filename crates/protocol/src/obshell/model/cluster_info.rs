//! `GET /api/v1/obcluster/info` (docs/protocol/obshell.md §4.2): the rich cluster summary with
//! regions and resources; and `GET /api/v1/obcluster/topology/info`, its zones alone (§4.12).

use serde::{Deserialize, Serialize};

use super::tenant::TenantInfo;

/// Resource totals, as human strings and in bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ResourceStats {
    pub cpu_core_total: f64,
    pub cpu_core_assigned: f64,
    pub cpu_core_assigned_percent: f64,
    pub memory_total: String,
    pub memory_assigned: String,
    pub memory_in_bytes_total: i64,
    pub memory_in_bytes_assigned: i64,
    pub memory_assigned_percent: f64,
    pub disk_total: String,
    pub disk_assigned: String,
    pub disk_in_bytes_total: i64,
    pub disk_in_bytes_assigned: i64,
    pub disk_assigned_percent: f64,
}

/// CPU cores, memory bytes and data-disk bytes, each as (total, assigned): what a capacity bar
/// draws.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Capacity {
    pub cpu: (f64, f64),
    pub memory: (i64, i64),
    pub disk: (i64, i64),
}

impl std::ops::Add for Capacity {
    type Output = Self;

    /// The two summed, figure by figure (the agent's `BaseResourceStats.Add`).
    fn add(self, other: Self) -> Self {
        Self {
            cpu: (self.cpu.0 + other.cpu.0, self.cpu.1 + other.cpu.1),
            memory: (
                self.memory.0 + other.memory.0,
                self.memory.1 + other.memory.1,
            ),
            disk: (self.disk.0 + other.disk.0, self.disk.1 + other.disk.1),
        }
    }
}

impl Capacity {
    /// Figures were reported: a server whose OceanBase does not answer has none (all zero).
    pub fn is_known(&self) -> bool {
        self.cpu.0 > 0.0 || self.memory.0 > 0 || self.disk.0 > 0
    }
}

impl ResourceStats {
    pub fn capacity(&self) -> Capacity {
        Capacity {
            cpu: (self.cpu_core_total, self.cpu_core_assigned),
            memory: (self.memory_in_bytes_total, self.memory_in_bytes_assigned),
            disk: (self.disk_in_bytes_total, self.disk_in_bytes_assigned),
        }
    }
}

/// Per-server statistics: the resources, and the data disk's use again as used and free
/// (`disk_in_bytes_used` equals `disk_in_bytes_assigned`; docs/protocol/obshell.md §4.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ServerStats {
    #[serde(flatten)]
    pub resources: ResourceStats,
    pub ip: String,
    pub port: u16,
    pub zone: String,
    pub disk_used: String,
    pub disk_free: String,
    #[serde(default)]
    pub disk_in_bytes_used: i64,
    #[serde(default)]
    pub disk_in_bytes_free: i64,
    #[serde(default)]
    pub disk_used_percent: f64,
}

/// One tenant's use of its resources, `obcluster/info` `tenant_stats[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TenantResourceStat {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub cpu_used_percent: f64,
    pub memory_used_percent: f64,
    /// Bytes of data disk the tenant's units use, all replicas together.
    pub data_disk_usage: i64,
    /// Shared-storage clusters only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_disk_size_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_disk_used_percent: Option<f64>,
    /// The CPU of all the tenant's units together (from 4.4.2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_core_total: Option<f64>,
    /// The memory of all the tenant's units together (from 4.4.2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_in_bytes_total: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RootServer {
    pub ip: String,
    pub role: String,
    pub zone: String,
    pub svr_port: u16,
}

/// A server of `obcluster/info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterServer {
    pub id: i64,
    pub ip: String,
    pub svr_port: u16,
    pub sql_port: u16,
    pub version: String,
    pub with_rootserver: bool,
    /// `RUNNING`, `UNAVAILABLE`, `SERVICE_STOPPED`, `PROCESS_STOPPED`, `DELETING`, …
    pub status: String,
    pub ob_status: i32,
    pub inner_status: String,
    pub start_time: String,
    pub stop_time: String,
    pub stats: ServerStats,
    pub architecture: String,
    pub data_dir: String,
    pub redo_dir: String,
    pub log_dir: String,
    pub obshell_port: u16,
}

/// A zone of `obcluster/info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterZone {
    pub name: String,
    pub idc_name: String,
    pub region_name: String,
    /// `RUNNING`, `UNAVAILABLE`, `STOPPED`, …
    pub status: String,
    pub inner_status: String,
    pub root_server: Option<RootServer>,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub servers: Vec<ClusterServer>,
}

/// `GET /api/v1/obcluster/info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterInfo {
    pub cluster_name: String,
    pub cluster_id: i64,
    /// `NOT RUNNING`, `RUNNING`, `RESTRICTED`, `AVAILABLE`.
    pub status: String,
    pub is_community_edition: bool,
    pub is_standalone: bool,
    pub ob_version: String,
    pub dead_lock_detection_enabled: bool,
    pub startup_mode: String,
    pub is_shared_storage: bool,
    pub stats: ResourceStats,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub zones: Vec<ClusterZone>,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub tenants: Vec<TenantInfo>,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub tenant_stats: Vec<TenantResourceStat>,
}

impl ClusterZone {
    /// The zone's servers summed (the agent reports no zone totals); `None` when no server
    /// reported figures.
    pub fn capacity(&self) -> Option<Capacity> {
        let known = self
            .servers
            .iter()
            .map(|s| s.stats.resources.capacity())
            .filter(Capacity::is_known);
        known.reduce(std::ops::Add::add)
    }
}

/// `GET /api/v1/obcluster/topology/info` (4.4.1.0 and later): the zones of `obcluster/info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClusterTopology {
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub zones: Vec<ClusterZone>,
}

/// `GET /api/v1/obcluster/unit-config-limit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitConfigLimit {
    /// GB.
    pub min_memory: f64,
    pub min_cpu: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(cpu: (f64, f64), memory: (i64, i64)) -> serde_json::Value {
        serde_json::json!({
            "id": 1, "ip": "10.0.0.1", "svr_port": 2882, "sql_port": 2881, "version": "",
            "with_rootserver": false, "status": "RUNNING", "ob_status": 1, "inner_status": "",
            "start_time": "", "stop_time": "", "architecture": "", "data_dir": "", "redo_dir": "",
            "log_dir": "", "obshell_port": 2886,
            "stats": {
                "ip": "10.0.0.1", "port": 2882, "zone": "z1", "disk_used": "", "disk_free": "",
                "cpu_core_total": cpu.0, "cpu_core_assigned": cpu.1, "cpu_core_assigned_percent": 0.0,
                "memory_total": "", "memory_assigned": "", "memory_in_bytes_total": memory.0,
                "memory_in_bytes_assigned": memory.1, "memory_assigned_percent": 0.0,
                "disk_total": "", "disk_assigned": "", "disk_in_bytes_total": 100,
                "disk_in_bytes_assigned": 10, "disk_assigned_percent": 0.0,
            },
        })
    }

    fn zone(servers: Vec<serde_json::Value>) -> ClusterZone {
        serde_json::from_value(serde_json::json!({
            "name": "z1", "idc_name": "", "region_name": "r", "status": "ACTIVE",
            "inner_status": "", "root_server": null, "servers": servers,
        }))
        .expect("a zone")
    }

    #[test]
    fn a_zones_capacity_sums_the_servers_that_reported_figures() {
        let z = zone(vec![
            server((16.0, 6.0), (64, 24)),
            server((8.0, 2.0), (32, 8)),
        ]);
        let c = z.capacity().expect("known");
        assert_eq!(c.cpu, (24.0, 8.0));
        assert_eq!(c.memory, (96, 32));
        assert_eq!(c.disk, (200, 20));
        // A server whose OceanBase does not answer reports zeros: left out, not summed as zero.
        let mut down = server((0.0, 0.0), (0, 0));
        down["stats"]["disk_in_bytes_total"] = 0.into();
        let z = zone(vec![server((16.0, 6.0), (64, 24)), down.clone()]);
        assert_eq!(z.capacity().expect("known").cpu, (16.0, 6.0));
        assert_eq!(zone(vec![down]).capacity(), None);
        assert_eq!(zone(Vec::new()).capacity(), None);
    }
}
