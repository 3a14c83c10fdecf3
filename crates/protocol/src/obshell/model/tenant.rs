//! Tenant, unit config and resource pool payloads (docs/protocol/obshell.md §4.3–§4.6).

use serde::{Deserialize, Serialize};

/// A connection string of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionString {
    #[serde(rename = "type")]
    pub kind: String,
    pub obproxy_address: String,
    pub obproxy_port: u16,
    pub connection_string: String,
}

/// One row of `GET /api/v1/tenants/overview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantOverview {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub mode: String,
    pub status: String,
    pub locked: String,
    pub primary_zone: String,
    pub locality: String,
    pub in_recyclebin: String,
    pub created_time: String,
    pub read_only: bool,
    #[serde(default)]
    pub comment: String,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub connection_strings: Vec<ConnectionString>,
}

/// A unit config (resource spec). Sizes in bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitConfig {
    pub unit_config_id: i64,
    pub name: String,
    pub max_cpu: f64,
    pub min_cpu: f64,
    pub memory_size: i64,
    pub log_disk_size: i64,
    #[serde(default)]
    pub data_disk_size: i64,
    pub max_iops: i64,
    pub min_iops: i64,
    pub create_time: String,
    pub modify_time: String,
}

/// A tenant's pool in `GET /api/v1/tenant/:name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantPool {
    pub pool_name: String,
    pub pool_id: i64,
    /// `;`-separated zones.
    pub zone_list: String,
    /// `ip:rpc_port,ip:rpc_port`.
    pub observer_list: String,
    pub unit_num: i64,
    pub unit_config: UnitConfig,
}

/// `GET /api/v1/tenant/:name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub tenant_name: String,
    pub tenant_id: i64,
    pub created_time: String,
    pub mode: String,
    pub status: String,
    pub locked: String,
    pub in_recyclebin: String,
    #[serde(default)]
    pub comment: String,
    pub primary_zone: String,
    pub locality: String,
    pub charset: String,
    pub collation: String,
    pub whitelist: String,
    pub read_only: bool,
    pub time_zone: String,
    pub lower_case_table_names: String,
    pub dead_lock_detection_enabled: bool,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub pools: Vec<TenantPool>,
    #[serde(default, deserialize_with = "crate::nullable::nullable")]
    pub connection_strings: Vec<ConnectionString>,
}

/// `GET /api/v1/tenant/:name/parameter/:parameter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantParameter {
    pub name: String,
    pub value: String,
    pub data_type: String,
    pub info: String,
    pub edit_level: String,
}

/// One row of `GET /api/v1/resource-pools` (three keys are capitalised, as the agent sends them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePool {
    pub id: i64,
    pub name: String,
    pub zone_list: String,
    pub unit_num: i64,
    pub unit_config_id: i64,
    pub tenant_id: i64,
    pub replica_type: String,
    #[serde(rename = "UnitCount")]
    pub unit_count: i64,
    #[serde(rename = "CreateTime")]
    pub create_time: String,
    #[serde(rename = "ModifyTime")]
    pub modify_time: String,
}

/// Entry of the add-replicas body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddReplicaZone {
    pub name: String,
    pub replica_type: String,
    pub unit_config_name: String,
    pub unit_num: i64,
}

/// Entry of the modify-replicas body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ModifyReplicaZone {
    pub zone_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_config_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_num: Option<i64>,
}

/// Body of `POST /api/v1/unit/config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUnitConfig {
    pub name: String,
    pub memory_size: String,
    pub max_cpu: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_cpu: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_disk_size: Option<String>,
}
