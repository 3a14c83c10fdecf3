//! OCP's clusters, zones, servers, tenants with their zones, pools and units, and unit specs.

use serde::{Deserialize, Serialize};

use crate::nullable::nullable;

/// An OB cluster as OCP lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Cluster {
    pub id: i64,
    pub name: String,
    pub ob_cluster_id: i64,
    pub ob_version: String,
    /// PRIMARY or STANDBY.
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub zones: Vec<Zone>,
    pub tenant_count: i64,
    pub server_count: i64,
}

/// A zone of a cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Zone {
    pub name: String,
    pub idc_name: String,
    pub region_name: String,
    pub status: String,
    pub server_count: i64,
    #[serde(deserialize_with = "nullable")]
    pub servers: Vec<Server>,
}

impl Zone {
    /// Servers OCP counts as ACTIVE for the unit-count rule (60011): status RUNNING.
    pub fn active_servers(&self) -> usize {
        self.servers.iter().filter(|s| s.is_active()).count()
    }
}

/// An observer of a zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Server {
    pub id: i64,
    pub ip: String,
    pub port: u16,
    pub sql_port: u16,
    pub version: String,
    pub with_rootserver: bool,
    /// RUNNING, STOPPED, UNAVAILABLE, …
    pub status: String,
    pub zone_name: String,
}

impl Server {
    pub fn is_active(&self) -> bool {
        self.status.eq_ignore_ascii_case("RUNNING")
    }
}

/// A tenant, as the list and the detail give it (the list leaves `zones` out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    pub cluster_id: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_name: String,
    pub ob_tenant_id: i64,
    /// MYSQL or ORACLE.
    pub mode: String,
    /// NORMAL, CREATING, MODIFYING, DELETING, …
    pub status: String,
    pub primary_zone: String,
    /// `zone1;zone2` or `zone1,zone2`.
    pub zone_list: String,
    /// `FULL{1}@zone1, FULL{1}@zone2`.
    pub locality: String,
    pub locked: bool,
    pub readonly: bool,
    pub ob_version: String,
    #[serde(deserialize_with = "nullable")]
    pub zones: Vec<TenantZone>,
}

impl Tenant {
    pub fn is_normal(&self) -> bool {
        self.status == "NORMAL"
    }
}

/// A zone of a tenant with its pool and units.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TenantZone {
    pub name: String,
    pub replica_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_pool: Option<ResourcePool>,
    #[serde(deserialize_with = "nullable")]
    pub units: Vec<Unit>,
}

/// A resource pool of one zone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourcePool {
    pub id: i64,
    pub name: String,
    pub unit_count: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_config: Option<UnitConfig>,
}

/// CPU cores and memory (GB) of a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UnitConfig {
    pub max_cpu_core_count: f64,
    pub min_cpu_core_count: f64,
    pub max_memory_size: f64,
    pub min_memory_size: f64,
}

/// One unit of a pool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Unit {
    pub id: i64,
    pub resource_pool_id: i64,
    pub server_id: i64,
    pub server_ip: String,
    pub server_port: u16,
    pub zone_name: String,
    pub status: String,
}

/// A unit specification (`GET /api/v2/ob/unitSpecs`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UnitSpec {
    pub id: i64,
    pub name: String,
    /// SYSTEM or CUSTOM.
    #[serde(rename = "type")]
    pub kind: String,
    pub max_cpu_core_count: f64,
    pub min_cpu_core_count: f64,
    pub max_memory_size: f64,
    pub min_memory_size: f64,
}
