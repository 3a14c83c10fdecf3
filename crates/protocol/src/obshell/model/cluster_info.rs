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
