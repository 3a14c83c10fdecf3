//! Payloads of the routes the agent's own dashboard calls on every page (docs/protocol/obshell.md
//! §4.12): cluster statistics, a tenant's precheck and compaction, the longest compactions, the
//! tenants with most slow SQL, and the parameter templates. Lists may be `null` (§3.2).

use serde::{Deserialize, Serialize};

use crate::nullable::nullable;

/// `GET /api/v1/obcluster/statistics`: what the agent reports for telemetry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClusterStatistics {
    /// From 4.4.0.0.
    #[serde(
        rename = "telemetryEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub telemetry_enabled: Option<bool>,
    /// The cluster id as a decimal string; `"0"` where the agent knows no cluster.
    #[serde(rename = "clusterId")]
    pub cluster_id: String,
    pub reporter: String,
    #[serde(rename = "obshellVersion")]
    pub obshell_version: String,
    #[serde(rename = "obshellRevision")]
    pub obshell_revision: String,
    /// Unix seconds.
    #[serde(rename = "reportTime")]
    pub report_time: i64,
    #[serde(rename = "telemetryVersion")]
    pub telemetry_version: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub hosts: Vec<HostInfo>,
    #[serde(default, deserialize_with = "nullable")]
    pub instances: Vec<ObserverStatistics>,
}

/// One host, as its agent's `GET /api/v1/agent/host-info` describes it (Go pointers, always
/// set by the agent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HostInfo {
    pub os: HostOs,
    #[serde(rename = "cpuInfo")]
    pub cpu: HostCpu,
    pub basic: HostBasic,
    #[serde(default, deserialize_with = "nullable")]
    pub disks: Vec<HostDisk>,
    #[serde(rename = "memoryInfo")]
    pub memory: HostMemory,
    pub ulimit: HostUlimit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostOs {
    pub os: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostCpu {
    pub frequency: String,
    #[serde(rename = "modelName")]
    pub model_name: String,
    #[serde(rename = "logicalCores")]
    pub logical_cores: i64,
    #[serde(rename = "physicalCores")]
    pub physical_cores: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostBasic {
    /// SHA-1 of the host's IP, hex.
    #[serde(rename = "hostHash")]
    pub host_hash: String,
    #[serde(rename = "hostType")]
    pub host_type: String,
}

/// One line of `df -h`, sizes as `df` prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostDisk {
    pub used: String,
    pub total: String,
    /// SHA-1 of the mount point, hex.
    #[serde(rename = "mountHash")]
    pub mount_hash: String,
    #[serde(rename = "deviceName")]
    pub device_name: String,
}

/// `/proc/meminfo` values as written there (`65799332 kB`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostMemory {
    pub free: String,
    pub total: String,
    pub available: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostUlimit {
    #[serde(rename = "nofileHard")]
    pub nofile_hard: String,
    #[serde(rename = "nofileSoft")]
    pub nofile_soft: String,
    #[serde(rename = "maxUserProcessesHard")]
    pub max_user_processes_hard: String,
    #[serde(rename = "maxUserProcessesSoft")]
    pub max_user_processes_soft: String,
}

/// One observer of `ClusterStatistics::instances`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ObserverStatistics {
    /// `oceanbase-ce` or `oceanbase`.
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
    pub revision: String,
    #[serde(rename = "cpuCount")]
    pub cpu_count: i64,
    /// The server's parameter values as configured (`64G`), empty when unknown.
    #[serde(rename = "memoryLimit")]
    pub memory_limit: String,
    #[serde(rename = "dataFileSize")]
    pub data_file_size: String,
    #[serde(rename = "logDiskSize")]
    pub log_disk_size: String,
    /// SHA-1 of the server's IP, the same as its host's `basic.hostHash`.
    #[serde(rename = "hostHash")]
    pub host_hash: String,
}

/// `GET /api/v1/tenant/:name/precheck`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TenantPrecheck {
    pub is_connectable: bool,
    pub is_password_exists: bool,
    pub is_empty_root_password: bool,
}

/// `GET /api/v1/tenant/:name/compaction`: the tenant's row of OceanBase's major compaction view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TenantCompaction {
    pub tenant_id: i64,
    pub frozen_scn: i64,
    pub frozen_time: String,
    pub global_broadcast_scn: i64,
    pub last_scn: i64,
    pub last_finish_time: String,
    pub start_time: String,
    /// `IDLE`, `COMPACTING`, `VERIFYING`.
    pub status: String,
    /// `YES` or `NO`.
    pub is_error: String,
    /// `YES` or `NO`.
    pub is_suspended: String,
}

/// One row of `GET /api/v1/tenant/top-compactions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TenantCompactionHistory {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub status: String,
    /// Seconds: of the last round, or so far for one still running.
    pub cost_time: i64,
    pub start_time: String,
    pub last_finish_time: String,
}

/// One row of `GET /api/v1/tenant/top-slow-sqls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TenantSlowSqlCount {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub count: i64,
}

/// One row of `GET /api/v1/tenant/support-templates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParameterTemplate {
    /// `EXPRESS_OLTP`, `COMPLEX_OLTP`, `OLAP`, `HTAP`, `KV`.
    pub scenario: String,
    pub description: String,
}
